/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "qnav-cli.h"

static void
print_services (QnavDiagnosticContext *context)
{
	GPtrArray *services = qnav_diagnostic_context_get_services (context);

	qnav_cli_print ("Services:\n");
	if (services == NULL || services->len == 0) {
		qnav_cli_print ("  (none probed)\n");
		return;
	}
	for (guint i = 0; i < services->len; i++) {
		QnavServiceStatus *service = g_ptr_array_index (services, i);
		const gchar *unit = qnav_service_status_get_unit (service);
		const gchar *state = qnav_service_status_get_state (service);
		const gchar *sub_state = qnav_service_status_get_sub_state (service);
		GDateTime *since = qnav_service_status_get_since (service);
		g_autofree gchar *since_text =
			since != NULL ? g_date_time_format (since, "%Y-%m-%d %H:%M:%S %Z") : NULL;

		if (!qnav_service_status_get_found (service)) {
			qnav_cli_print ("  %-12s not found\n", qnav_service_status_get_name (service));
			continue;
		}
		qnav_cli_print ("  %-12s %s (%s: %s%s%s%s%s", qnav_service_status_get_name (service),
				qnav_service_status_get_active (service) ? "active" : "DOWN",
				qnav_service_backend_to_string (
					qnav_service_status_get_backend (service)),
				unit != NULL ? unit : "?", state != NULL ? " " : "",
				state != NULL ? state : "", sub_state != NULL ? "/" : "",
				sub_state != NULL ? sub_state : "");
		if (qnav_service_status_get_main_pid (service) > 0)
			qnav_cli_print (", pid %u", qnav_service_status_get_main_pid (service));
		if (since_text != NULL)
			qnav_cli_print (", since %s", since_text);
		qnav_cli_print (")\n");
	}
}

static void
print_resources (QnavDiagnosticContext *context)
{
	QnavSystemResources *resources = qnav_diagnostic_context_get_resources (context);
	GPtrArray *disks, *interfaces;

	if (resources == NULL)
		return;
	qnav_cli_print ("Resources:\n");
	qnav_cli_print ("  CPU: %u cores, load %.2f %.2f %.2f",
			qnav_system_resources_get_cpu_count (resources),
			qnav_system_resources_get_load_1min (resources),
			qnav_system_resources_get_load_5min (resources),
			qnav_system_resources_get_load_15min (resources));
	if (qnav_system_resources_get_cpu_pressure (resources) >= 0.0)
		qnav_cli_print (", pressure %.1f%%", qnav_system_resources_get_cpu_pressure (resources));
	qnav_cli_print ("\n");
	if (qnav_system_resources_get_memory_total_bytes (resources) > 0) {
		g_autofree gchar *available = g_format_size (
			qnav_system_resources_get_memory_available_bytes (resources));
		g_autofree gchar *total =
			g_format_size (qnav_system_resources_get_memory_total_bytes (resources));
		qnav_cli_print ("  Memory: %s available of %s (%.0f%% used)\n", available, total,
				qnav_system_resources_get_memory_used_percent (resources));
	}
	disks = qnav_system_resources_get_disks (resources);
	for (guint i = 0; disks != NULL && i < disks->len; i++) {
		QnavDiskUsage *disk = g_ptr_array_index (disks, i);
		g_autofree gchar *free_text = g_format_size (qnav_disk_usage_get_free_bytes (disk));
		g_autofree gchar *total = g_format_size (qnav_disk_usage_get_total_bytes (disk));
		qnav_cli_print ("  Disk %s: %s free of %s (%.0f%% used)%s\n",
				qnav_disk_usage_get_path (disk), free_text, total,
				qnav_disk_usage_get_used_percent (disk),
				qnav_disk_usage_is_full (disk) ? "  FULL" : "");
	}
	interfaces = qnav_system_resources_get_interfaces (resources);
	for (guint i = 0; interfaces != NULL && i < interfaces->len; i++) {
		QnavNetworkInterface *interface = g_ptr_array_index (interfaces, i);
		qnav_cli_print ("  Interface %s: %s, mtu %u\n",
				qnav_network_interface_get_name (interface),
				qnav_network_interface_get_up (interface) ? "up" : "down",
				qnav_network_interface_get_mtu (interface));
	}
}

static void
print_network (QnavDiagnosticContext *context)
{
	GPtrArray *checks = qnav_diagnostic_context_get_network_checks (context);

	for (guint i = 0; checks != NULL && i < checks->len; i++) {
		QnavNetworkCheck *check = g_ptr_array_index (checks, i);
		const gchar *problem = qnav_network_check_get_error (check);
		if (i == 0)
			qnav_cli_print ("Network:\n");
		qnav_cli_print ("  %s:%u %s", qnav_network_check_get_host (check),
				qnav_network_check_get_port (check),
				!qnav_network_check_get_resolved (check) ? "does not resolve"
				: qnav_network_check_get_reachable (check) ? "reachable"
									    : "unreachable");
		if (qnav_network_check_get_reachable (check))
			qnav_cli_print (" (%.1f ms)", qnav_network_check_get_latency_ms (check));
		if (problem != NULL)
			qnav_cli_print (": %s", problem);
		qnav_cli_print ("\n");
	}
}

gint
qnav_cli_context (QnavCli *cli, GError **error)
{
	g_autofree gchar *plugin = NULL;
	g_autofree gchar *error_text = NULL;
	g_auto(GStrv) services = NULL;
	gboolean json = FALSE;
	const GOptionEntry entries[] = {
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the context JSON", NULL },
		{ "plugin", 'p', 0, G_OPTION_ARG_STRING, &plugin, "The plugin that failed", "NAME" },
		{ "error", 'e', 0, G_OPTION_ARG_STRING, &error_text,
		  "A failure text: the services, paths and hosts it names are probed too", "TEXT" },
		{ "service", 's', 0, G_OPTION_ARG_STRING_ARRAY, &services,
		  "Probe this logical service instead of the defaults (repeatable)", "NAME" },
		{ NULL },
	};
	g_autoptr(GOptionContext) option_context =
		g_option_context_new ("- show what the probes find on this host");
	g_autoptr(QnavContextCollector) collector = qnav_context_collector_new ();
	g_autoptr(QnavDiagnosticContext) context = NULL;
	const gchar *const *notes;

	g_option_context_add_main_entries (option_context, entries, NULL);
	if (!qnav_cli_parse (option_context, cli, error))
		return 2;
	if (cli->argc > 1) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "context: unexpected argument \"%s\"", cli->argv[1]);
		return 2;
	}
	context = qnav_diagnostic_context_new (plugin != NULL ? plugin : "unknown", error_text);
	if (services != NULL)
		qnav_context_collector_set_services (collector, (const gchar *const *) services);
	if (!qnav_context_collector_collect (collector, context, NULL, error))
		return 1;

	if (json) {
		g_autofree gchar *document = qnav_diagnostic_context_to_json (context);
		qnav_cli_print ("%s\n", document);
		return 0;
	}
	qnav_cli_print ("Host: %s\n", qnav_diagnostic_context_get_hostname (context));
	print_services (context);
	print_resources (context);
	print_network (context);
	notes = qnav_diagnostic_context_get_probe_notes (context);
	for (guint i = 0; notes != NULL && notes[i] != NULL; i++)
		qnav_cli_print ("Note: %s\n", notes[i]);
	return 0;
}
