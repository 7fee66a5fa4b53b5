/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gmodule.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include "qnav-cli.h"

/* `qnav check KIND TARGET`: whether one condition holds on this host, as an exit status, so
 * that recovery plans can run it as the check and the verification of an action without a
 * shell. 0: it holds; 1: it does not; anything else: the check itself could not run. */

#define CHECK_DOES_NOT_HOLD 1

static gint
report (gboolean holds, const gchar *format, ...) G_GNUC_PRINTF (2, 3);

static gint
report (gboolean holds, const gchar *format, ...)
{
	g_autofree gchar *text = NULL;
	va_list args;

	va_start (args, format);
	text = g_strdup_vprintf (format, args);
	va_end (args);
	qnav_cli_print ("%s: %s\n", holds ? "holds" : "does not hold", text);
	return holds ? 0 : CHECK_DOES_NOT_HOLD;
}

static gint
check_service (const gchar *name, GError **error)
{
	g_autoptr(QnavContextCollector) collector = qnav_context_collector_new ();
	g_autoptr(QnavDiagnosticContext) context = qnav_diagnostic_context_new ("check", NULL);
	const gchar *const services[] = { name, NULL };
	QnavServiceStatus *status;

	qnav_context_collector_set_probes (collector, QNAV_PROBE_SERVICES);
	qnav_context_collector_set_services (collector, services);
	if (!qnav_context_collector_collect (collector, context, NULL, error))
		return 1;
	status = qnav_diagnostic_context_lookup_service (context, name);
	if (status == NULL || !qnav_service_status_get_found (status))
		return report (FALSE, "%s is not found%s%s", name, status != NULL ? ": " : "",
			       status != NULL && qnav_service_status_get_detail (status) != NULL
				       ? qnav_service_status_get_detail (status)
				       : "");
	return report (qnav_service_status_get_active (status), "%s is %s (%s: %s)", name,
		       qnav_service_status_get_active (status) ? "active" : "down",
		       qnav_service_backend_to_string (qnav_service_status_get_backend (status)),
		       qnav_service_status_get_unit (status) != NULL
			       ? qnav_service_status_get_unit (status)
			       : "?");
}

static QnavSystemResources *
collect_resources (const gchar *path, QnavDiagnosticContext *context, GError **error)
{
	g_autoptr(QnavContextCollector) collector = qnav_context_collector_new ();
	const gchar *const paths[] = { path, NULL };

	qnav_context_collector_set_probes (collector, QNAV_PROBE_RESOURCES);
	if (path != NULL)
		qnav_context_collector_set_disk_paths (collector, paths);
	if (!qnav_context_collector_collect (collector, context, NULL, error))
		return NULL;
	return qnav_diagnostic_context_get_resources (context);
}

static gint
check_disk (const gchar *path, gdouble min_free_percent, GError **error)
{
	g_autoptr(QnavDiagnosticContext) context = qnav_diagnostic_context_new ("check", NULL);
	QnavSystemResources *resources;
	GPtrArray *disks;

	if (!g_path_is_absolute (path)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "check disk: \"%s\" is not an absolute path", path);
		return 2;
	}
	resources = collect_resources (path, context, error);
	if (resources == NULL)
		return 1;
	disks = qnav_system_resources_get_disks (resources);
	for (guint i = 0; disks != NULL && i < disks->len; i++) {
		QnavDiskUsage *disk = g_ptr_array_index (disks, i);
		guint64 total = qnav_disk_usage_get_total_bytes (disk);
		gdouble free_percent;
		g_autofree gchar *free_text = NULL;

		if (g_strcmp0 (qnav_disk_usage_get_path (disk), path) != 0 || total == 0)
			continue;
		free_percent = 100.0 * qnav_disk_usage_get_free_bytes (disk) / total;
		free_text = g_format_size (qnav_disk_usage_get_free_bytes (disk));
		return report (free_percent >= min_free_percent && !qnav_disk_usage_is_full (disk),
			       "%s has %s free (%.1f%%; wanted %.1f%%)", path, free_text,
			       free_percent, min_free_percent);
	}
	g_set_error (error, QNAV_ERROR, QNAV_ERROR_NOT_FOUND,
		     "check disk: no filesystem usage could be read for %s", path);
	return 4;
}

static gint
check_memory (gdouble min_available_percent, GError **error)
{
	g_autoptr(QnavDiagnosticContext) context = qnav_diagnostic_context_new ("check", NULL);
	QnavSystemResources *resources = collect_resources (NULL, context, error);
	guint64 total;
	gdouble available;

	if (resources == NULL)
		return 1;
	total = qnav_system_resources_get_memory_total_bytes (resources);
	if (total == 0) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_UNSUPPORTED,
				     "check memory: /proc/meminfo gave no total");
		return 11;
	}
	available = 100.0 * qnav_system_resources_get_memory_available_bytes (resources) / total;
	return report (available >= min_available_percent,
		       "%.1f%% of memory is available (wanted %.1f%%)", available,
		       min_available_percent);
}

static gint
check_host (const gchar *host, guint port, guint timeout_seconds)
{
	g_autoptr(GSocketClient) client = g_socket_client_new ();
	g_autoptr(GSocketConnection) connection = NULL;
	g_autoptr(GError) local_error = NULL;

	g_socket_client_set_timeout (client, timeout_seconds);
	connection = g_socket_client_connect_to_host (client, host, (guint16) port, NULL,
						      &local_error);
	if (connection == NULL)
		return report (FALSE, "%s port %u does not answer: %s", host, port,
			       local_error->message);
	return report (TRUE, "%s answers on port %u", host, port);
}

static void
ignore_libvirt_error (void *data, virErrorPtr error)
{
	/* libvirt prints every error on stderr by default; this command reports its own. */
}

/* libvirt is opened only here: linked into qnav, it and the libraries it pulls in (libxml2,
 * ICU, gnutls, curl, ssh…) would be loaded by every qnav command and triple its start-up
 * time for the sake of this one check. */
typedef struct {
	GModule *module;
	virConnectPtr (*connect_open_read_only) (const char *uri);
	int (*connect_close) (virConnectPtr connection);
	virDomainPtr (*domain_lookup_by_name) (virConnectPtr connection, const char *name);
	int (*domain_free) (virDomainPtr domain);
	virErrorPtr (*get_last_error) (void);
	void (*set_error_func) (void *data, virErrorFunc handler);
} Libvirt;

static gboolean
libvirt_open (Libvirt *libvirt, GError **error)
{
	const struct {
		const gchar *name;
		gpointer *symbol;
	} symbols[] = {
		{ "virConnectOpenReadOnly", (gpointer *) &libvirt->connect_open_read_only },
		{ "virConnectClose", (gpointer *) &libvirt->connect_close },
		{ "virDomainLookupByName", (gpointer *) &libvirt->domain_lookup_by_name },
		{ "virDomainFree", (gpointer *) &libvirt->domain_free },
		{ "virGetLastError", (gpointer *) &libvirt->get_last_error },
		{ "virSetErrorFunc", (gpointer *) &libvirt->set_error_func },
	};

	libvirt->module = g_module_open ("libvirt.so.0", G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
	if (libvirt->module == NULL) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_UNSUPPORTED,
			     "check domain: libvirt is not installed (%s)", g_module_error ());
		return FALSE;
	}
	for (guint i = 0; i < G_N_ELEMENTS (symbols); i++) {
		if (!g_module_symbol (libvirt->module, symbols[i].name, symbols[i].symbol)) {
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_UNSUPPORTED,
				     "check domain: libvirt lacks %s", symbols[i].name);
			g_module_close (libvirt->module);
			return FALSE;
		}
	}
	return TRUE;
}

static gint
check_domain (const gchar *name, const gchar *uri, gboolean absent, GError **error)
{
	Libvirt libvirt = { 0 };
	virConnectPtr connection;
	virDomainPtr domain;
	gboolean exists;

	if (!libvirt_open (&libvirt, error))
		return 11;
	libvirt.set_error_func (NULL, ignore_libvirt_error);
	connection = libvirt.connect_open_read_only (uri);
	if (connection == NULL) {
		virErrorPtr last = libvirt.get_last_error ();
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_UNSUPPORTED,
			     "check domain: cannot connect to libvirt at %s: %s",
			     uri != NULL ? uri : "the default URI",
			     last != NULL && last->message != NULL ? last->message : "unknown error");
		/* the module stays loaded: libvirt registers atexit handlers */
		return 11;
	}
	domain = libvirt.domain_lookup_by_name (connection, name);
	exists = domain != NULL;
	if (domain != NULL)
		libvirt.domain_free (domain);
	libvirt.connect_close (connection);
	if (absent)
		return report (!exists, "domain %s is %s", name, exists ? "defined" : "absent");
	return report (exists, "domain %s is %s", name, exists ? "defined" : "absent");
}

gint
qnav_cli_check (QnavCli *cli, GError **error)
{
	gdouble min_free_percent = 10.0, min_available_percent = 10.0;
	gint port = 443, timeout_seconds = 5;
	gboolean absent = FALSE;
	g_autofree gchar *uri = NULL;
	const GOptionEntry entries[] = {
		{ "min-free-percent", 0, 0, G_OPTION_ARG_DOUBLE, &min_free_percent,
		  "disk: the share of the filesystem that must be free (default 10)", "N" },
		{ "min-available-percent", 0, 0, G_OPTION_ARG_DOUBLE, &min_available_percent,
		  "memory: the share of memory that must be available (default 10)", "N" },
		{ "port", 0, 0, G_OPTION_ARG_INT, &port, "host: the TCP port (default 443)", "PORT" },
		{ "timeout", 0, 0, G_OPTION_ARG_INT, &timeout_seconds,
		  "host: seconds to wait for an answer (default 5)", "SECONDS" },
		{ "absent", 0, 0, G_OPTION_ARG_NONE, &absent,
		  "domain: the condition is that no such domain is defined", NULL },
		{ "connect", 'c', 0, G_OPTION_ARG_STRING, &uri,
		  "domain: the libvirt URI (default: libvirt's own default)", "URI" },
		{ NULL },
	};
	g_autoptr(GOptionContext) option_context = g_option_context_new (
		"service NAME | disk PATH | memory | host HOST | domain NAME - whether a "
		"condition holds (exit 0) or not (exit 1)");
	const gchar *kind;

	g_option_context_add_main_entries (option_context, entries, NULL);
	if (!qnav_cli_parse (option_context, cli, error))
		return 2;
	kind = cli->argc > 1 ? cli->argv[1] : NULL;
	if (kind == NULL) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
				     "check: say what to check: service, disk, memory, host or domain");
		return 2;
	}
	if (g_str_equal (kind, "memory") ? cli->argc != 2 : cli->argc != 3) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "check %s: %s", kind,
			     g_str_equal (kind, "memory") ? "takes no argument"
							  : "takes exactly one argument");
		return 2;
	}
	if (!(min_free_percent >= 0.0 && min_free_percent <= 100.0) ||
	    !(min_available_percent >= 0.0 && min_available_percent <= 100.0)) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
				     "check: a percentage is between 0 and 100");
		return 2;
	}
	if (g_str_equal (kind, "service"))
		return check_service (cli->argv[2], error);
	if (g_str_equal (kind, "disk"))
		return check_disk (cli->argv[2], min_free_percent, error);
	if (g_str_equal (kind, "memory"))
		return check_memory (min_available_percent, error);
	if (g_str_equal (kind, "host")) {
		if (port < 1 || port > 65535 || timeout_seconds < 1 || timeout_seconds > 600) {
			g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
					     "check host: --port is 1-65535, --timeout 1-600");
			return 2;
		}
		return check_host (cli->argv[2], (guint) port, (guint) timeout_seconds);
	}
	if (g_str_equal (kind, "domain"))
		return check_domain (cli->argv[2], uri, absent, error);
	g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
		     "check: unknown kind \"%s\" (service, disk, memory, host or domain)", kind);
	return 2;
}
