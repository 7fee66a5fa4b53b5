/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdlib.h>

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "context-test-util.h"

/* ---- a private bus with python-dbusmock's systemd on it ---- */

#define MOCK_IFACE "org.freedesktop.DBus.Mock"
#define SYSTEMD_PATH "/org/freedesktop/systemd1"
#define UNIT_IFACE "org.freedesktop.systemd1.Unit"
#define SERVICE_IFACE "org.freedesktop.systemd1.Service"

/* 2026-03-14T09:20:00Z in µs: when the scheduler failed */
#define SCHEDULER_FAILED_USEC G_GUINT64_CONSTANT (1773480000000000)

typedef struct {
	GSubprocess *bus;
	GSubprocess *mock;
	gchar *address;
	GDBusConnection *connection;
} MockSystemd;

static gchar *
read_bus_address (GSubprocess *bus)
{
	g_autoptr(GDataInputStream) input =
		g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus));
	g_autoptr(GError) error = NULL;
	gchar *line = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error);

	g_assert_no_error (error);
	g_assert_nonnull (line);
	return line;
}

static void
mock_systemd_start (MockSystemd *mock, gboolean with_load_unit)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GSubprocessLauncher) launcher = NULL;
	g_autofree gchar *config = context_test_src_path ("test-bus.conf", NULL);
	g_autofree gchar *config_arg = g_strdup_printf ("--config-file=%s", config);
	g_autofree gchar *dbus_daemon = g_find_program_in_path ("dbus-daemon");
	gint64 until;
	gboolean owned = FALSE;

	if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE) ||
	    dbus_daemon == NULL) {
		/* a missing tool is a broken test set-up, not a reason to pass */
		g_error ("needs dbus-daemon and /usr/bin/python3 with python3-dbusmock: run "
			 "tools/install-deps");
	}
	mock->bus = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, dbus_daemon,
				      config_arg, "--nofork", "--print-address=1", NULL);
	g_assert_no_error (error);
	mock->address = read_bus_address (mock->bus);

	/* /usr/bin/python3: the python3 on PATH may be a build without dbus bindings */
	launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
	g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS", mock->address, TRUE);
	mock->mock = g_subprocess_launcher_spawn (launcher, &error, "/usr/bin/python3", "-m",
						  "dbusmock", "--session", "--template", "systemd",
						  NULL);
	g_assert_no_error (error);

	mock->connection = g_dbus_connection_new_for_address_sync (
		mock->address,
		G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
			G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
		NULL, NULL, &error);
	g_assert_no_error (error);

	until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
	while (!owned && g_get_monotonic_time () < until) {
		g_autoptr(GVariant) reply = g_dbus_connection_call_sync (
			mock->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
			"org.freedesktop.DBus", "NameHasOwner",
			g_variant_new ("(s)", "org.freedesktop.systemd1"), G_VARIANT_TYPE ("(b)"),
			G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
		if (reply != NULL)
			g_variant_get (reply, "(b)", &owned);
		if (!owned)
			g_usleep (20 * 1000);
	}
	g_assert_true (owned);

	if (with_load_unit) {
		/* systemd's LoadUnit, answering NoSuchUnit for what it does not know; the
		 * template only has GetUnit */
		g_autoptr(GVariant) reply = g_dbus_connection_call_sync (
			mock->connection, "org.freedesktop.systemd1", SYSTEMD_PATH, MOCK_IFACE,
			"AddMethod",
			g_variant_new ("(sssss)", "org.freedesktop.systemd1.Manager", "LoadUnit",
				       "s",
				       "o",
				       "if args[0] not in self.units:\n"
				       "    raise dbus.exceptions.DBusException("
				       "'Unit %s not found.' % args[0], "
				       "name='org.freedesktop.systemd1.NoSuchUnit')\n"
				       "ret = self.units[args[0]]"),
			NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
		g_assert_no_error (error);
	}
}

static void
mock_systemd_stop (MockSystemd *mock)
{
	if (mock->mock != NULL) {
		g_subprocess_force_exit (mock->mock);
		g_subprocess_wait (mock->mock, NULL, NULL);
	}
	g_clear_object (&mock->mock);
	if (mock->connection != NULL)
		g_dbus_connection_close_sync (mock->connection, NULL, NULL);
	g_clear_object (&mock->connection);
	if (mock->bus != NULL) {
		g_subprocess_force_exit (mock->bus);
		g_subprocess_wait (mock->bus, NULL, NULL);
	}
	g_clear_object (&mock->bus);
	/* a killed dbus-daemon leaves its socket behind: "unix:path=/tmp/dbus-XXXX,guid=…" */
	if (mock->address != NULL && g_str_has_prefix (mock->address, "unix:path=")) {
		g_autofree gchar *path = g_strdup (mock->address + strlen ("unix:path="));
		gchar *comma = strchr (path, ',');
		if (comma != NULL)
			*comma = '\0';
		g_unlink (path);
	}
	g_clear_pointer (&mock->address, g_free);
}

static void
mock_call (MockSystemd *mock, const gchar *path, const gchar *method, GVariant *parameters)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply =
		g_dbus_connection_call_sync (mock->connection, "org.freedesktop.systemd1", path,
					     MOCK_IFACE, method, parameters, NULL,
					     G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);

	g_assert_no_error (error);
}

/* Adds a unit the way systemd would show it. The mock picks the object path; the test asks
 * it with GetUnit, as qnav does, instead of guessing the escaping. */
static void
mock_add_unit (MockSystemd *mock, const gchar *unit, const gchar *active_state,
	       const gchar *sub_state, guint64 state_change_usec, guint32 main_pid,
	       const gchar *result)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply = NULL;
	g_autoptr(GVariantBuilder) props = g_variant_builder_new (G_VARIANT_TYPE ("a{sv}"));
	const gchar *path = NULL;

	mock_call (mock, SYSTEMD_PATH, "AddMockUnit", g_variant_new ("(s)", unit));
	reply = g_dbus_connection_call_sync (mock->connection, "org.freedesktop.systemd1",
					     SYSTEMD_PATH, "org.freedesktop.systemd1.Manager",
					     "GetUnit", g_variant_new ("(s)", unit),
					     G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1,
					     NULL, &error);
	g_assert_no_error (error);
	g_variant_get (reply, "(&o)", &path);

	/* the template made ActiveState; the rest is what real systemd has besides */
	mock_call (mock, path, "UpdateProperties",
		   g_variant_new_parsed ("(%s, {'ActiveState': <%s>})", UNIT_IFACE, active_state));
	g_variant_builder_add (props, "{sv}", "SubState", g_variant_new_string (sub_state));
	g_variant_builder_add (props, "{sv}", "StateChangeTimestamp",
			       g_variant_new_uint64 (state_change_usec));
	g_variant_builder_add (props, "{sv}", "ActiveEnterTimestamp",
			       g_variant_new_uint64 (state_change_usec));
	mock_call (mock, path, "AddProperties",
		   g_variant_new ("(sa{sv})", UNIT_IFACE, props));
	if (g_str_has_suffix (unit, ".service")) {
		g_autoptr(GVariantBuilder) service =
			g_variant_builder_new (G_VARIANT_TYPE ("a{sv}"));
		g_variant_builder_add (service, "{sv}", "MainPID", g_variant_new_uint32 (main_pid));
		g_variant_builder_add (service, "{sv}", "Result", g_variant_new_string (result));
		g_variant_builder_add (service, "{sv}", "NRestarts", g_variant_new_uint32 (3));
		g_variant_builder_add (
			service, "{sv}", "Environment",
			g_variant_new_strv ((const gchar *const[]){ "AIRFLOW__CORE__FERNET_KEY=x",
					    NULL },
					    -1));
		mock_call (mock, path, "AddProperties",
			   g_variant_new ("(sa{sv})", SERVICE_IFACE, service));
	}
}

static void
add_standard_units (MockSystemd *mock)
{
	/* RHEL 9: the monolithic daemon is off, the modular one is socket-activated */
	mock_add_unit (mock, "libvirtd.service", "inactive", "dead", 0, 0, "success");
	mock_add_unit (mock, "virtqemud.socket", "active", "listening",
		       SCHEDULER_FAILED_USEC - G_GUINT64_CONSTANT (3600000000), 0, NULL);
	mock_add_unit (mock, "airflow-scheduler.service", "failed", "failed", SCHEDULER_FAILED_USEC,
		       0, "exit-code");
	mock_add_unit (mock, "airflow-webserver.service", "active", "running",
		       SCHEDULER_FAILED_USEC - G_GUINT64_CONSTANT (7200000000), 4242, "success");
}

static void
assert_systemd_answers (QnavDiagnosticContext *context)
{
	QnavServiceStatus *libvirt = qnav_diagnostic_context_lookup_service (context, "libvirt");
	QnavServiceStatus *airflow = qnav_diagnostic_context_lookup_service (context, "airflow");
	QnavServiceStatus *unknown =
		qnav_diagnostic_context_lookup_service (context, "nonesuch-daemon");
	g_autofree gchar *since = NULL;

	/* healthy modular libvirt is healthy, whatever libvirtd.service says */
	g_assert_nonnull (libvirt);
	g_assert_cmpint (qnav_service_status_get_backend (libvirt), ==,
			 QNAV_SERVICE_BACKEND_SYSTEMD);
	g_assert_true (qnav_service_status_get_found (libvirt));
	g_assert_true (qnav_service_status_get_active (libvirt));
	g_assert_cmpstr (qnav_service_status_get_unit (libvirt), ==, "virtqemud.socket");
	g_assert_cmpstr (qnav_service_status_get_sub_state (libvirt), ==, "listening");
	g_assert_nonnull (strstr (qnav_service_status_get_detail (libvirt),
				  "libvirtd.service inactive"));

	/* the failed part of airflow is what is reported */
	g_assert_nonnull (airflow);
	g_assert_cmpint (qnav_service_status_get_backend (airflow), ==,
			 QNAV_SERVICE_BACKEND_SYSTEMD);
	g_assert_true (qnav_service_status_get_found (airflow));
	g_assert_false (qnav_service_status_get_active (airflow));
	g_assert_cmpstr (qnav_service_status_get_unit (airflow), ==, "airflow-scheduler.service");
	g_assert_cmpstr (qnav_service_status_get_state (airflow), ==, "failed");
	g_assert_cmpstr (qnav_service_status_get_sub_state (airflow), ==, "failed");
	g_assert_cmpuint (qnav_service_status_get_main_pid (airflow), ==, 0);
	g_assert_nonnull (qnav_service_status_get_since (airflow));
	since = g_date_time_format_iso8601 (qnav_service_status_get_since (airflow));
	g_assert_cmpstr (since, ==, "2026-03-14T09:20:00Z");
	g_assert_nonnull (strstr (qnav_service_status_get_detail (airflow), "exit-code"));
	g_assert_nonnull (strstr (qnav_service_status_get_detail (airflow),
				  "airflow-webserver.service active (running)"));

	g_assert_nonnull (unknown);
	g_assert_false (qnav_service_status_get_found (unknown));
	g_assert_false (qnav_service_status_get_active (unknown));
	g_assert_cmpint (qnav_service_status_get_backend (unknown), ==, QNAV_SERVICE_BACKEND_NONE);
	g_assert_nonnull (strstr (qnav_service_status_get_detail (unknown),
				  "no systemd unit nonesuch-daemon.service"));
}

static void
run_systemd_test (gboolean with_load_unit)
{
	MockSystemd mock = { 0 };
	g_autoptr(QnavContextCollector) collector = NULL;
	g_autoptr(QnavDiagnosticContext) context = NULL;
	g_autofree gchar *json = NULL;
	const gchar *services[] = { "libvirt", "airflow", "nonesuch-daemon", NULL };

	mock_systemd_start (&mock, with_load_unit);
	if (g_test_failed () || mock.connection == NULL) {
		mock_systemd_stop (&mock);
		return;
	}
	add_standard_units (&mock);

	collector = context_test_fixture_collector ();
	qnav_context_collector_set_probes (collector, QNAV_PROBE_SERVICES);
	qnav_context_collector_set_services (collector, services);
	qnav_context_collector_set_system_bus_address (collector, mock.address);
	context = qnav_diagnostic_context_new ("airflow_dag", "DAG run failed");
	context_test_collect (collector, context);
	context_test_dump (context);

	assert_systemd_answers (context);
	/* systemd answered, so nothing fell back to the process table's guesses */
	g_assert_false (context_test_has_note (context, "used podman and the process table"));
	/* the unit's Environment= never reaches the document */
	json = qnav_diagnostic_context_to_json (context);
	g_assert_null (strstr (json, "FERNET_KEY"));

	mock_systemd_stop (&mock);
}

static void
test_systemd (void)
{
	run_systemd_test (TRUE);
}

static void
test_systemd_get_unit_fallback (void)
{
	/* a systemd without LoadUnit: GetUnit answers for loaded units */
	run_systemd_test (FALSE);
}

static void
test_services_named_in_error (void)
{
	MockSystemd mock = { 0 };
	g_autoptr(QnavContextCollector) collector = NULL;
	g_autoptr(QnavDiagnosticContext) context = NULL;
	const gchar *services[] = { NULL };
	QnavServiceStatus *firewalld;
	QnavServiceStatus *chronyd;

	mock_systemd_start (&mock, TRUE);
	if (g_test_failed () || mock.connection == NULL) {
		mock_systemd_stop (&mock);
		return;
	}
	mock_add_unit (&mock, "firewalld.service", "active", "running", SCHEDULER_FAILED_USEC,
		       812, "success");
	mock_add_unit (&mock, "chronyd.service", "inactive", "dead", SCHEDULER_FAILED_USEC, 0,
		       "success");

	collector = context_test_fixture_collector ();
	qnav_context_collector_set_probes (collector, QNAV_PROBE_SERVICES);
	qnav_context_collector_set_services (collector, services);
	qnav_context_collector_set_system_bus_address (collector, mock.address);
	context = qnav_diagnostic_context_new (
		"kvm_deploy", "Job for firewalld.service failed; clock skew: chronyd not synced");
	context_test_collect (collector, context);

	firewalld = qnav_diagnostic_context_lookup_service (context, "firewalld");
	chronyd = qnav_diagnostic_context_lookup_service (context, "chronyd");
	g_assert_nonnull (firewalld);
	g_assert_true (qnav_service_status_get_active (firewalld));
	g_assert_cmpuint (qnav_service_status_get_main_pid (firewalld), ==, 812);
	g_assert_nonnull (chronyd);
	g_assert_true (qnav_service_status_get_found (chronyd));
	g_assert_false (qnav_service_status_get_active (chronyd));
	g_assert_cmpstr (qnav_service_status_get_state (chronyd), ==, "inactive");

	mock_systemd_stop (&mock);
}

/* ---- podman ---- */

static void
test_podman (void)
{
	g_autoptr(QnavContextCollector) collector = context_test_fixture_collector ();
	g_autoptr(QnavDiagnosticContext) context = NULL;
	g_autofree gchar *calls = NULL;
	g_auto(GStrv) lines = NULL;
	const gchar *log = g_getenv ("QNAV_FAKE_PODMAN_LOG");
	const gchar *services[] = { "airflow", "vault", "postgresql", "podman", "libvirt", NULL };
	QnavServiceStatus *airflow;
	QnavServiceStatus *vault;
	QnavServiceStatus *postgresql;
	QnavServiceStatus *podman;
	QnavServiceStatus *libvirt;
	const gchar *detail;

	g_unlink (log);
	qnav_context_collector_set_probes (collector, QNAV_PROBE_SERVICES);
	qnav_context_collector_set_services (collector, services);
	/* "podman" as the default is: looked up on PATH, where the fake is first */
	qnav_context_collector_set_podman_path (collector, "podman");
	context = qnav_diagnostic_context_new ("airflow_dag", "webserver returned 502");
	context_test_collect (collector, context);
	context_test_dump (context);

	/* no systemd: said so, and podman answered */
	g_assert_true (context_test_has_note (context, "systemd"));

	/* two schedulers up, the webserver down: airflow is down, and says which container */
	airflow = qnav_diagnostic_context_lookup_service (context, "airflow");
	g_assert_cmpint (qnav_service_status_get_backend (airflow), ==,
			 QNAV_SERVICE_BACKEND_PODMAN);
	g_assert_true (qnav_service_status_get_found (airflow));
	g_assert_false (qnav_service_status_get_active (airflow));
	/* the old tool dropped the container identity of a down container */
	g_assert_cmpstr (qnav_service_status_get_unit (airflow), ==, "airflow_airflow-webserver_1");
	g_assert_cmpstr (qnav_service_status_get_state (airflow), ==, "exited");
	g_assert_cmpstr (qnav_service_status_get_sub_state (airflow), ==,
			 "Exited (1) 12 minutes ago");
	g_assert_nonnull (qnav_service_status_get_since (airflow));
	g_assert_cmpint (g_date_time_to_unix (qnav_service_status_get_since (airflow)), ==,
			 1764300000 - 720);
	detail = qnav_service_status_get_detail (airflow);
	g_assert_nonnull (strstr (detail, "airflow_airflow-scheduler_1 running"));
	g_assert_nonnull (strstr (detail, "airflow_airflow-scheduler_2 running"));
	/* airflow's own postgres is not airflow */
	g_assert_null (strstr (detail, "airflow_postgres_1"));

	vault = qnav_diagnostic_context_lookup_service (context, "vault");
	g_assert_cmpint (qnav_service_status_get_backend (vault), ==, QNAV_SERVICE_BACKEND_PODMAN);
	g_assert_true (qnav_service_status_get_active (vault));
	g_assert_cmpstr (qnav_service_status_get_unit (vault), ==, "vault");
	g_assert_cmpuint (qnav_service_status_get_main_pid (vault), ==, 1888);

	postgresql = qnav_diagnostic_context_lookup_service (context, "postgresql");
	g_assert_true (qnav_service_status_get_active (postgresql));
	g_assert_cmpstr (qnav_service_status_get_unit (postgresql), ==, "airflow_postgres_1");

	/* podman has no daemon: a podman that answers is a working podman */
	podman = qnav_diagnostic_context_lookup_service (context, "podman");
	g_assert_true (qnav_service_status_get_active (podman));
	g_assert_cmpint (qnav_service_status_get_backend (podman), ==, QNAV_SERVICE_BACKEND_PODMAN);

	/* not a container: the fixture process table has virtqemud */
	libvirt = qnav_diagnostic_context_lookup_service (context, "libvirt");
	g_assert_cmpint (qnav_service_status_get_backend (libvirt), ==,
			 QNAV_SERVICE_BACKEND_PROCESS);
	g_assert_cmpstr (qnav_service_status_get_unit (libvirt), ==, "virtqemud");

	/* one podman ps for all five services */
	g_assert_true (g_file_get_contents (log, &calls, NULL, NULL));
	lines = g_strsplit (g_strstrip (calls), "\n", -1);
	g_assert_cmpuint (g_strv_length (lines), ==, 1);
	g_assert_cmpstr (lines[0], ==, "ps -a --format json");
}

/* ---- the process table ---- */

static void
test_process_fixture (void)
{
	g_autoptr(QnavContextCollector) collector = context_test_fixture_collector ();
	g_autoptr(QnavDiagnosticContext) context = NULL;
	const gchar *services[] = { "libvirt", "airflow", "postgresql", "vault", "sshd", NULL };
	QnavServiceStatus *status;

	qnav_context_collector_set_probes (collector, QNAV_PROBE_SERVICES);
	qnav_context_collector_set_services (collector, services);
	context = qnav_diagnostic_context_new (NULL, "libvirtd is not running");
	context_test_collect (collector, context);
	context_test_dump (context);

	/* pid 101 is virtqemud by name; pid 102 only mentions libvirtd on its command line */
	status = qnav_diagnostic_context_lookup_service (context, "libvirt");
	g_assert_cmpint (qnav_service_status_get_backend (status), ==,
			 QNAV_SERVICE_BACKEND_PROCESS);
	g_assert_true (qnav_service_status_get_active (status));
	g_assert_cmpstr (qnav_service_status_get_unit (status), ==, "virtqemud");
	g_assert_cmpuint (qnav_service_status_get_main_pid (status), ==, 101);

	status = qnav_diagnostic_context_lookup_service (context, "airflow");
	g_assert_true (qnav_service_status_get_active (status));
	g_assert_cmpuint (qnav_service_status_get_main_pid (status), ==, 103);

	status = qnav_diagnostic_context_lookup_service (context, "postgresql");
	g_assert_true (qnav_service_status_get_active (status));
	g_assert_cmpuint (qnav_service_status_get_main_pid (status), ==, 104);

	/* a zombie vault is no vault, and "grep vault" is grep */
	status = qnav_diagnostic_context_lookup_service (context, "vault");
	g_assert_false (qnav_service_status_get_found (status));
	g_assert_false (qnav_service_status_get_active (status));

	status = qnav_diagnostic_context_lookup_service (context, "sshd");
	g_assert_false (qnav_service_status_get_found (status));
}

static GSubprocess *
spawn_and_wait_running (const gchar *const *argv)
{
	g_autoptr(GError) error = NULL;
	GSubprocess *process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
	g_autofree gchar *comm_path = NULL;
	gint64 until = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

	g_assert_no_error (error);
	/* wait until the kernel shows the exec'd program, not the forked parent */
	comm_path = g_strdup_printf ("/proc/%s/comm", g_subprocess_get_identifier (process));
	while (g_get_monotonic_time () < until) {
		g_autofree gchar *comm = NULL;
		g_autofree gchar *base = g_path_get_basename (argv[0]);
		if (g_file_get_contents (comm_path, &comm, NULL, NULL) &&
		    strncmp (g_strchomp (comm), base, 15) == 0)
			break;
		g_usleep (5 * 1000);
	}
	return process;
}

static gboolean
real_process_named (const gchar *name)
{
	g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
	const gchar *entry;

	while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL) {
		g_autofree gchar *path = g_build_filename ("/proc", entry, "comm", NULL);
		g_autofree gchar *comm = NULL;
		if (g_file_get_contents (path, &comm, NULL, NULL) &&
		    g_strcmp0 (g_strchomp (comm), name) == 0)
			return TRUE;
	}
	return FALSE;
}

static void
test_self_match (void)
{
	g_autoptr(QnavContextCollector) collector = context_test_fixture_collector ();
	g_autoptr(QnavDiagnosticContext) context = NULL;
	g_autoptr(GSubprocess) decoy = NULL;
	const gchar *services[] = { "libvirt", NULL };
	/* a process whose command line says libvirtd, as `qnav diagnose --error "libvirtd is
	 * not running"` does, but whose name is python3 */
	const gchar *argv[] = { "/usr/bin/python3", "-c", "import time; time.sleep(30)",
				"--error", "libvirtd is not running", "libvirtd", NULL };
	QnavServiceStatus *libvirt;
	gboolean host_runs_libvirt = real_process_named ("libvirtd") || real_process_named ("virtqemud");

	decoy = spawn_and_wait_running (argv);

	qnav_context_collector_set_probes (collector, QNAV_PROBE_SERVICES);
	qnav_context_collector_set_services (collector, services);
	qnav_context_collector_set_proc_root (collector, "/proc");
	context = qnav_diagnostic_context_new ("kvm_deploy", "libvirtd is not running");
	context_test_collect (collector, context);
	context_test_dump (context);

	libvirt = qnav_diagnostic_context_lookup_service (context, "libvirt");
	g_assert_nonnull (libvirt);
	if (host_runs_libvirt) {
		/* a real daemon may answer, but never the decoy */
		g_assert_true (qnav_service_status_get_active (libvirt));
		g_assert_cmpuint (qnav_service_status_get_main_pid (libvirt), !=,
				  (guint) atoi (g_subprocess_get_identifier (decoy)));
	} else {
		g_assert_false (qnav_service_status_get_active (libvirt));
		g_assert_false (qnav_service_status_get_found (libvirt));
		g_assert_cmpuint (qnav_service_status_get_main_pid (libvirt), ==, 0);
	}

	g_subprocess_force_exit (decoy);
	g_subprocess_wait (decoy, NULL, NULL);
}

static void
test_real_process (void)
{
	g_autoptr(QnavContextCollector) collector = context_test_fixture_collector ();
	g_autoptr(QnavDiagnosticContext) context = NULL;
	g_autoptr(GSubprocess) daemon = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp ("qnav-context-XXXXXX", &error);
	g_autofree gchar *fake = g_build_filename (dir, "virtqemud", NULL);
	g_autofree gchar *sleep_path = g_find_program_in_path ("sleep");
	g_autofree gchar *contents = NULL;
	gsize length = 0;
	const gchar *services[] = { "libvirt", NULL };
	const gchar *argv[] = { fake, "30", NULL };
	QnavServiceStatus *libvirt;
	g_autofree gchar *pid = NULL;

	g_assert_no_error (error);
	/* a real process really named virtqemud */
	g_assert_true (g_file_get_contents (sleep_path, &contents, &length, &error));
	g_assert_true (g_file_set_contents (fake, contents, (gssize) length, &error));
	g_assert_cmpint (g_chmod (fake, 0755), ==, 0);
	daemon = spawn_and_wait_running (argv);

	qnav_context_collector_set_probes (collector, QNAV_PROBE_SERVICES);
	qnav_context_collector_set_services (collector, services);
	qnav_context_collector_set_proc_root (collector, "/proc");
	context = qnav_diagnostic_context_new ("kvm_deploy", NULL);
	context_test_collect (collector, context);

	libvirt = qnav_diagnostic_context_lookup_service (context, "libvirt");
	g_assert_true (qnav_service_status_get_active (libvirt));
	g_assert_cmpint (qnav_service_status_get_backend (libvirt), ==,
			 QNAV_SERVICE_BACKEND_PROCESS);
	g_assert_cmpstr (qnav_service_status_get_unit (libvirt), ==, "virtqemud");
	pid = g_strdup_printf ("%u", qnav_service_status_get_main_pid (libvirt));
	g_assert_cmpstr (pid, ==, g_subprocess_get_identifier (daemon));

	g_subprocess_force_exit (daemon);
	g_subprocess_wait (daemon, NULL, NULL);
	g_unlink (fake);
	g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
	g_autofree gchar *fake_podman = NULL;
	g_autofree gchar *path = NULL;
	g_autofree gchar *log = g_strdup_printf ("%s/qnav-fake-podman-%d.log", g_get_tmp_dir (),
						 (gint) getpid ());
	int ret;

	g_test_init (&argc, &argv, NULL);
	fake_podman = context_test_src_path ("fake-podman", NULL);
	path = g_strdup_printf ("%s:%s", fake_podman, g_getenv ("PATH"));
	/* before any thread exists */
	g_setenv ("PATH", path, TRUE);
	g_setenv ("QNAV_FAKE_PODMAN_LOG", log, TRUE);

	g_test_add_func ("/qnav/context/services/systemd", test_systemd);
	g_test_add_func ("/qnav/context/services/systemd-get-unit-fallback",
			 test_systemd_get_unit_fallback);
	g_test_add_func ("/qnav/context/services/named-in-error", test_services_named_in_error);
	g_test_add_func ("/qnav/context/services/podman", test_podman);
	g_test_add_func ("/qnav/context/services/process-fixture", test_process_fixture);
	g_test_add_func ("/qnav/context/services/self-match", test_self_match);
	g_test_add_func ("/qnav/context/services/real-process", test_real_process);

	ret = g_test_run ();
	g_unlink (log);
	return ret;
}
