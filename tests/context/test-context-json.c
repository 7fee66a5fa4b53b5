/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "context-test-util.h"

static QnavDiagnosticContext *
build_full_context (void)
{
	g_autoptr(QnavDiagnosticContext) context = qnav_diagnostic_context_new (
		"kvm_deploy", "Failed to connect socket to '/var/run/libvirt/virtqemud-sock'");
	g_autoptr(GDateTime) failure_time = g_date_time_new_utc (2026, 3, 14, 9, 26, 53.5);
	g_autoptr(GDateTime) since = g_date_time_new_utc (2026, 3, 14, 9, 20, 0);
	g_autoptr(QnavServiceStatus) libvirt = qnav_service_status_new ("libvirt");
	g_autoptr(QnavServiceStatus) airflow = qnav_service_status_new ("airflow");
	g_autoptr(QnavSystemResources) resources = qnav_system_resources_new ();
	g_autoptr(QnavDiskUsage) root = qnav_disk_usage_new ("/");
	g_autoptr(QnavNetworkInterface) eth0 = qnav_network_interface_new ("eth0", TRUE, 1500,
									   1000);
	g_autoptr(QnavNetworkInterface) lo = qnav_network_interface_new ("lo", TRUE, 65536, -1);
	g_autoptr(QnavLogEntry) entry = qnav_log_entry_new ("journal:virtqemud.service",
							   "internal error: cannot start domain");
	g_autoptr(QnavNetworkCheck) check = qnav_network_check_new ("quay.io", 443);
	const gchar *addresses[] = { "3.225.40.161", "2600:1f18:483:cf00::1", NULL };

	qnav_diagnostic_context_set_failure_time (context, failure_time);
	qnav_diagnostic_context_set_hostname (context, "hypervisor-01.lab.example.com");

	qnav_service_status_set_backend (libvirt, QNAV_SERVICE_BACKEND_SYSTEMD);
	qnav_service_status_set_unit (libvirt, "virtqemud.socket");
	qnav_service_status_set_found (libvirt, TRUE);
	qnav_service_status_set_active (libvirt, TRUE);
	qnav_service_status_set_state (libvirt, "active");
	qnav_service_status_set_sub_state (libvirt, "listening");
	qnav_service_status_set_since (libvirt, since);
	qnav_service_status_set_detail (libvirt, "libvirtd.service inactive (dead)");
	qnav_diagnostic_context_add_service (context, libvirt);

	qnav_service_status_set_backend (airflow, QNAV_SERVICE_BACKEND_PODMAN);
	qnav_service_status_set_unit (airflow, "airflow_airflow-webserver_1");
	qnav_service_status_set_found (airflow, TRUE);
	qnav_service_status_set_active (airflow, FALSE);
	qnav_service_status_set_state (airflow, "exited");
	qnav_service_status_set_sub_state (airflow, "Exited (1) 12 minutes ago");
	qnav_diagnostic_context_add_service (context, airflow);

	qnav_system_resources_set_cpu_count (resources, 8);
	qnav_system_resources_set_load (resources, 3.5, 2.25, 1.0);
	qnav_system_resources_set_memory (resources, 17179869184, 4294967296);
	qnav_system_resources_set_cpu_pressure (resources, 12.5);
	qnav_system_resources_set_memory_pressure (resources, 0.0);
	qnav_disk_usage_set_total_bytes (root, 107374182400);
	qnav_disk_usage_set_free_bytes (root, 2147483648);
	qnav_disk_usage_set_total_inodes (root, 6553600);
	qnav_disk_usage_set_free_inodes (root, 6000000);
	qnav_system_resources_add_disk (resources, root);
	qnav_system_resources_add_interface (resources, eth0);
	qnav_system_resources_add_interface (resources, lo);
	qnav_diagnostic_context_set_resources (context, resources);

	qnav_log_entry_set_priority (entry, 3);
	qnav_log_entry_set_timestamp (entry, failure_time);
	qnav_diagnostic_context_add_log (context, entry);
	qnav_diagnostic_context_add_log_path (context, "/var/log/libvirt/qemu/vm1.log");

	qnav_network_check_set_resolved (check, TRUE);
	qnav_network_check_set_addresses (check, addresses);
	qnav_network_check_set_reachable (check, TRUE);
	qnav_network_check_set_latency_ms (check, 23.75);
	qnav_diagnostic_context_add_network_check (context, check);

	qnav_diagnostic_context_add_probe_note (context, "logs: journal: 3 older entries left out");
	return g_steal_pointer (&context);
}

static void
test_round_trip (void)
{
	g_autoptr(QnavDiagnosticContext) context = build_full_context ();
	g_autoptr(QnavDiagnosticContext) parsed = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *json = qnav_diagnostic_context_to_json (context);
	g_autofree gchar *again = NULL;
	g_autoptr(JsonNode) root = NULL;
	QnavServiceStatus *libvirt;
	QnavServiceStatus *airflow;
	QnavSystemResources *resources;
	QnavDiskUsage *disk;
	QnavNetworkCheck *check;
	QnavLogEntry *entry;
	g_autofree gchar *since = NULL;

	parsed = qnav_diagnostic_context_new_from_json (json, -1, &error);
	g_assert_no_error (error);
	g_assert_nonnull (parsed);

	/* the document says what version it is */
	root = json_from_string (json, NULL);
	g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "schema_version"),
			 ==, 1);

	g_assert_cmpstr (qnav_diagnostic_context_get_plugin_name (parsed), ==, "kvm_deploy");
	g_assert_cmpstr (qnav_diagnostic_context_get_hostname (parsed), ==,
			 "hypervisor-01.lab.example.com");
	g_assert_true (g_date_time_equal (qnav_diagnostic_context_get_failure_time (parsed),
					  qnav_diagnostic_context_get_failure_time (context)));

	libvirt = qnav_diagnostic_context_lookup_service (parsed, "libvirt");
	g_assert_nonnull (libvirt);
	g_assert_true (qnav_service_status_get_active (libvirt));
	g_assert_cmpint (qnav_service_status_get_backend (libvirt), ==,
			 QNAV_SERVICE_BACKEND_SYSTEMD);
	g_assert_cmpstr (qnav_service_status_get_unit (libvirt), ==, "virtqemud.socket");
	g_assert_cmpstr (qnav_service_status_get_sub_state (libvirt), ==, "listening");
	since = g_date_time_format_iso8601 (qnav_service_status_get_since (libvirt));
	g_assert_cmpstr (since, ==, "2026-03-14T09:20:00Z");

	airflow = qnav_diagnostic_context_lookup_service (parsed, "airflow");
	g_assert_false (qnav_service_status_get_active (airflow));
	g_assert_true (qnav_service_status_get_found (airflow));
	g_assert_cmpstr (qnav_service_status_get_unit (airflow), ==, "airflow_airflow-webserver_1");
	g_assert_null (qnav_service_status_get_since (airflow));

	resources = qnav_diagnostic_context_get_resources (parsed);
	g_assert_cmpuint (qnav_system_resources_get_cpu_count (resources), ==, 8);
	g_assert_cmpfloat (qnav_system_resources_get_load_5min (resources), ==, 2.25);
	g_assert_cmpfloat_with_epsilon (qnav_system_resources_get_memory_used_percent (resources),
					75.0, 0.001);
	g_assert_cmpfloat (qnav_system_resources_get_cpu_pressure (resources), ==, 12.5);
	g_assert_cmpfloat (qnav_system_resources_get_memory_pressure (resources), ==, 0.0);
	/* never measured stays unknown, not zero */
	g_assert_cmpfloat (qnav_system_resources_get_io_pressure (resources), ==, -1.0);
	disk = qnav_system_resources_find_disk (resources, "/var/lib/libvirt/images");
	g_assert_nonnull (disk);
	g_assert_cmpstr (qnav_disk_usage_get_path (disk), ==, "/");
	g_assert_cmpuint (qnav_disk_usage_get_free_bytes (disk), ==, 2147483648);
	g_assert_true (qnav_disk_usage_is_full (disk));
	g_assert_cmpuint (qnav_system_resources_get_interfaces (resources)->len, ==, 2);

	entry = g_ptr_array_index (qnav_diagnostic_context_get_logs (parsed), 0);
	g_assert_cmpstr (qnav_log_entry_get_source (entry), ==, "journal:virtqemud.service");
	g_assert_cmpint (qnav_log_entry_get_priority (entry), ==, 3);

	check = g_ptr_array_index (qnav_diagnostic_context_get_network_checks (parsed), 0);
	g_assert_cmpstr (qnav_network_check_get_host (check), ==, "quay.io");
	g_assert_cmpuint (qnav_network_check_get_port (check), ==, 443);
	g_assert_cmpfloat (qnav_network_check_get_latency_ms (check), ==, 23.75);
	g_assert_cmpstr (qnav_network_check_get_addresses (check)[1], ==,
			 "2600:1f18:483:cf00::1");

	g_assert_cmpstr (qnav_diagnostic_context_get_log_paths (parsed)[0], ==,
			 "/var/log/libvirt/qemu/vm1.log");
	g_assert_cmpstr (qnav_diagnostic_context_get_probe_notes (parsed)[0], ==,
			 "logs: journal: 3 older entries left out");

	/* what was read writes the same document again */
	again = qnav_diagnostic_context_to_json (parsed);
	g_assert_cmpstr (again, ==, json);
}

static void
test_layout (void)
{
	g_autoptr(QnavDiagnosticContext) context = qnav_diagnostic_context_new (NULL, NULL);
	g_autoptr(QnavNetworkCheck) check = qnav_network_check_new ("registry.redhat.io", 443);
	g_autoptr(JsonParser) parser = json_parser_new ();
	g_autofree gchar *json = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
	JsonObject *root;
	JsonObject *resources;
	JsonObject *cpu;
	JsonObject *memory;
	JsonObject *check_object;

	qnav_network_check_set_error (check, "DNS lookup: no answer within 1500 ms");
	qnav_diagnostic_context_add_network_check (context, check);
	json = qnav_diagnostic_context_to_json (context);
	g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
	root = json_node_get_object (json_parser_get_root (parser));

	/* defaults: this host, now */
	g_assert_cmpstr (json_object_get_string_member (root, "hostname"), ==, g_get_host_name ());
	g_assert_cmpint (g_date_time_difference (now, qnav_diagnostic_context_get_failure_time (
							      context)),
			 <, 60 * G_USEC_PER_SEC);
	for (const gchar *const *member =
		     (const gchar *const[]){ "schema_version", "plugin", "failure_timestamp",
					     "hostname", "error_message", "services", "resources",
					     "logs", "log_paths", "network_checks", "probe_notes",
					     NULL };
	     *member != NULL; member++)
		g_assert_true (json_object_has_member (root, *member));

	/* what was not measured is null, never a made-up 0 */
	resources = json_object_get_object_member (root, "resources");
	cpu = json_object_get_object_member (resources, "cpu");
	memory = json_object_get_object_member (resources, "memory");
	g_assert_true (json_object_get_null_member (cpu, "pressure_some_avg10"));
	g_assert_true (json_object_get_null_member (cpu, "count"));
	g_assert_true (json_object_get_null_member (
		json_object_get_object_member (cpu, "load_average"), "1min"));
	g_assert_true (json_object_get_null_member (memory, "percent"));
	g_assert_true (json_object_get_null_member (
		json_object_get_object_member (resources, "io"), "pressure_some_avg10"));
	check_object = json_array_get_object_element (
		json_object_get_array_member (root, "network_checks"), 0);
	g_assert_true (json_object_get_null_member (check_object, "latency_ms"));
	g_assert_false (json_object_get_boolean_member (check_object, "reachable"));
}

static void
assert_invalid (const gchar *json, const gchar *member)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavDiagnosticContext) context =
		qnav_diagnostic_context_new_from_json (json, -1, &error);

	g_assert_null (context);
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
	g_test_message ("%s -> %s", json, error->message);
	if (member != NULL && strstr (error->message, member) == NULL)
		g_error ("the error \"%s\" does not name %s", error->message, member);
}

static void
test_bad_documents (void)
{
	assert_invalid ("this is not JSON", "not valid JSON");
	assert_invalid ("", NULL);
	assert_invalid ("[1, 2, 3]", "object");
	assert_invalid ("{\"schema_version\": 99}", "schema_version");
	assert_invalid ("{\"schema_version\": \"1\"}", "schema_version");
	assert_invalid ("{\"plugin\": 42}", "plugin");
	assert_invalid ("{\"failure_timestamp\": \"yesterday\"}", "failure_timestamp");
	assert_invalid ("{\"services\": []}", "services");
	assert_invalid ("{\"services\": {\"libvirt\": {\"active\": \"yes\"}}}", "\"active\"");
	assert_invalid ("{\"services\": {\"libvirt\": {\"active\": true, \"main_pid\": -4}}}",
			"main_pid");
	assert_invalid ("{\"services\": {\"vault\": {\"active\": true, \"backend\": \"docker\"}}}",
			"backend");
	assert_invalid ("{\"resources\": {\"disks\": [{\"path\": \"/\", \"total\": \"big\"}]}}",
			"\"total\"");
	assert_invalid ("{\"resources\": {\"memory\": {\"total\": -1}}}", "total");
	assert_invalid ("{\"resources\": {\"cpu\": {\"load_average\": {\"1min\": \"high\"}}}}",
			"1min");
	assert_invalid ("{\"resources\": {\"network\": {\"interfaces\": {\"eth0\": 1}}}}", "eth0");
	assert_invalid ("{\"logs\": [42]}", "logs");
	assert_invalid ("{\"logs\": [{\"source\": \"x\"}]}", "message");
	assert_invalid ("{\"network_checks\": [{\"host\": \"quay.io\", \"port\": 99999, "
			"\"reachable\": false}]}",
			"port");
	assert_invalid ("{\"probe_notes\": [1]}", "probe_notes");
}

static void
test_minimal_document (void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavDiagnosticContext) context = qnav_diagnostic_context_new_from_json (
		"{\"schema_version\": 1, \"error_message\": \"boom\"}", -1, &error);

	g_assert_no_error (error);
	g_assert_cmpstr (qnav_diagnostic_context_get_error_message (context), ==, "boom");
	g_assert_cmpuint (qnav_diagnostic_context_get_services (context)->len, ==, 0);
	g_assert_nonnull (qnav_diagnostic_context_get_resources (context));
}

static void
test_redaction (void)
{
	g_autoptr(QnavDiagnosticContext) context = qnav_diagnostic_context_new (
		"vault_unseal",
		"curl -H 'Authorization: Bearer s3cr3tT0kenValue1234' https://vault.lab:8200 "
		"failed");
	g_autoptr(QnavServiceStatus) vault = qnav_service_status_new ("vault");
	g_autoptr(QnavLogEntry) entry = qnav_log_entry_new (
		"journal:vault.service", "request with Bearer abcdefghijklmnop0123 was denied");
	g_autofree gchar *json = NULL;

	qnav_service_status_set_detail (
		vault, "Environment=VAULT_TOKEN=hvs.CAESIJlongsecretvalue0123456789 "
		       "DB_PASSWORD=hunter2hunter2");
	qnav_diagnostic_context_add_service (context, vault);
	qnav_diagnostic_context_add_log (context, entry);

	json = qnav_diagnostic_context_to_json (context);
	g_test_message ("%s", json);
	g_assert_null (strstr (json, "s3cr3tT0kenValue1234"));
	g_assert_null (strstr (json, "hvs.CAESIJlongsecretvalue0123456789"));
	g_assert_null (strstr (json, "hunter2hunter2"));
	g_assert_null (strstr (json, "abcdefghijklmnop0123"));
	g_assert_nonnull (strstr (json, "[REDACTED]"));
	/* what is not secret survives */
	g_assert_nonnull (strstr (json, "vault_unseal"));
	g_assert_nonnull (strstr (json, "was denied"));
	/* the object itself still holds the text: only what leaves is redacted */
	g_assert_nonnull (strstr (qnav_service_status_get_detail (vault), "hunter2hunter2"));
}

static void
test_long_error_message (void)
{
	g_autoptr(GString) huge = g_string_new (NULL);
	g_autoptr(QnavDiagnosticContext) context = NULL;
	g_autoptr(QnavDiagnosticContext) parsed = NULL;
	g_autofree gchar *json = NULL;
	g_autoptr(GError) error = NULL;

	for (guint i = 0; i < 20000; i++)
		g_string_append (huge, "TASK [x] failed ");
	context = qnav_diagnostic_context_new ("ansible", huge->str);
	json = qnav_diagnostic_context_to_json (context);
	/* 320 KB of text makes a document of about 64 KiB, not 320 KB */
	g_assert_cmpuint (strlen (json), <, 70 * 1024);
	parsed = qnav_diagnostic_context_new_from_json (json, -1, &error);
	g_assert_no_error (error);
	g_assert_nonnull (strstr (qnav_diagnostic_context_get_error_message (parsed),
				  "more bytes not shown"));
}

static void
count_notify_cb (GObject *object, GParamSpec *pspec, gpointer user_data)
{
	(*(guint *) user_data)++;
}

static void
test_properties (void)
{
	g_autoptr(QnavServiceStatus) status = qnav_service_status_new ("vault");
	g_autoptr(QnavSystemResources) resources = qnav_system_resources_new ();
	g_autoptr(QnavDiskUsage) root = qnav_disk_usage_new ("/");
	g_autoptr(QnavDiskUsage) images = qnav_disk_usage_new ("/var/lib/libvirt/images");
	QnavDiskUsage *disk;
	guint notified = 0;
	gboolean active = FALSE;

	g_signal_connect (status, "notify", G_CALLBACK (count_notify_cb), &notified);
	qnav_service_status_set_active (status, TRUE);
	qnav_service_status_set_active (status, TRUE);
	qnav_service_status_set_unit (status, "vault.service");
	qnav_service_status_set_unit (status, "vault.service");
	/* a setter that changes nothing says nothing */
	g_assert_cmpuint (notified, ==, 2);
	g_object_get (status, "active", &active, NULL);
	g_assert_true (active);

	qnav_system_resources_add_disk (resources, root);
	qnav_system_resources_add_disk (resources, images);
	disk = qnav_system_resources_find_disk (resources, "/var/lib/libvirt/images/a.qcow2");
	g_assert_true (disk == images);
	g_assert_true (qnav_system_resources_find_disk (resources, "/var/lib/libvirtx") == root);
	g_assert_true (qnav_system_resources_find_disk (resources, "/home") == root);
	g_assert_cmpfloat (qnav_disk_usage_get_used_percent (images), ==, -1.0);
}

int
main (int argc, char *argv[])
{
	g_test_init (&argc, &argv, NULL);

	g_test_add_func ("/qnav/context/json/round-trip", test_round_trip);
	g_test_add_func ("/qnav/context/json/layout", test_layout);
	g_test_add_func ("/qnav/context/json/bad-documents", test_bad_documents);
	g_test_add_func ("/qnav/context/json/minimal-document", test_minimal_document);
	g_test_add_func ("/qnav/context/json/redaction", test_redaction);
	g_test_add_func ("/qnav/context/json/long-error-message", test_long_error_message);
	g_test_add_func ("/qnav/context/json/properties", test_properties);

	return g_test_run ();
}
