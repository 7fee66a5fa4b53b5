/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "context-test-util.h"

static void
test_defaults (void)
{
	g_autoptr(QnavContextCollector) collector = qnav_context_collector_new ();
	const gchar *const *services = qnav_context_collector_get_services (collector);
	g_autofree gchar *proc_root = NULL;
	guint timeout_ms = 0;

	g_assert_cmpint (qnav_context_collector_get_probes (collector), ==, QNAV_PROBE_ALL);
	g_assert_cmpuint (g_strv_length ((gchar **) services), ==, 4);
	g_assert_true (g_strv_contains (services, "libvirt"));
	g_assert_true (g_strv_contains (services, "vault"));
	g_assert_cmpstr (qnav_context_collector_get_sys_root (collector), ==, "/sys");
	g_assert_null (qnav_context_collector_get_system_bus_address (collector));
	g_assert_null (qnav_context_collector_get_journal_directory (collector));
	g_assert_cmpuint (qnav_context_collector_get_max_log_bytes (collector), ==, 256 * 1024);
	g_assert_cmpuint (qnav_context_collector_get_log_since_seconds (collector), ==, 900);
	g_assert_cmpuint (qnav_context_collector_get_network_timeout_ms (collector), ==, 1500);

	g_object_set (collector, "proc-root", "/host/proc", "timeout-ms", 5000, NULL);
	g_object_get (collector, "proc-root", &proc_root, "timeout-ms", &timeout_ms, NULL);
	g_assert_cmpstr (proc_root, ==, "/host/proc");
	g_assert_cmpuint (timeout_ms, ==, 5000);
	/* NULL restores the default */
	qnav_context_collector_set_proc_root (collector, NULL);
	g_assert_cmpstr (qnav_context_collector_get_proc_root (collector), ==, "/proc");
	qnav_context_collector_set_services (collector, NULL);
	services = qnav_context_collector_get_services (collector);
	g_assert_cmpuint (g_strv_length ((gchar **) services), ==, 4);
}

static gint
read_pid (const gchar *pidfile)
{
	g_autofree gchar *text = NULL;
	guint64 pid = 0;

	if (!g_file_get_contents (pidfile, &text, NULL, NULL))
		return 0;
	if (!g_ascii_string_to_unsigned (g_strstrip (text), 10, 1, G_MAXINT, &pid, NULL))
		return 0;
	return (gint) pid;
}

static void
assert_gone (gint pid)
{
	g_assert_cmpint (pid, >, 0);
	/* killed and reaped: not even a zombie is left */
	g_assert_cmpint (kill (pid, 0), ==, -1);
	g_assert_cmpint (errno, ==, ESRCH);
}

static QnavContextCollector *
hanging_podman_collector (void)
{
	QnavContextCollector *collector = context_test_fixture_collector ();
	g_autofree gchar *podman = context_test_src_path ("fake-podman-hang", "podman", NULL);
	const gchar *services[] = { "airflow", "libvirt", NULL };

	qnav_context_collector_set_podman_path (collector, podman);
	qnav_context_collector_set_services (collector, services);
	qnav_context_collector_set_probes (collector, QNAV_PROBE_SERVICES | QNAV_PROBE_RESOURCES);
	return collector;
}

static void
test_hanging_podman (void)
{
	g_autoptr(QnavContextCollector) collector = hanging_podman_collector ();
	g_autoptr(QnavDiagnosticContext) context = NULL;
	const gchar *pidfile = g_getenv ("QNAV_FAKE_PODMAN_PIDFILE");
	QnavServiceStatus *libvirt;
	gdouble elapsed;

	g_unlink (pidfile);
	qnav_context_collector_set_timeout_ms (collector, 800);
	context = qnav_diagnostic_context_new ("airflow_dag", "scheduler is not running");
	elapsed = context_test_collect (collector, context);
	context_test_dump (context);
	g_test_message ("collection with a hanging podman took %.0f ms", elapsed);

	/* on time, with a note that says which probe and why */
	g_assert_cmpfloat (elapsed, <, 800.0 + 400.0);
	g_assert_true (context_test_has_note (context, "services: podman"));
	g_assert_true (context_test_has_note (context, "did not answer within"));
	assert_gone (read_pid (pidfile));

	/* the rest of the collection still happened */
	libvirt = qnav_diagnostic_context_lookup_service (context, "libvirt");
	g_assert_true (qnav_service_status_get_active (libvirt));
	g_assert_cmpuint (qnav_system_resources_get_cpu_count (
				  qnav_diagnostic_context_get_resources (context)),
			  ==, 4);
	/* podman did not answer, so the process table did */
	g_assert_cmpint (qnav_service_status_get_backend (
				 qnav_diagnostic_context_lookup_service (context, "airflow")),
			 ==, QNAV_SERVICE_BACKEND_PROCESS);
}

static GSocket *
saturated_listener (guint16 *port, GPtrArray *fillers)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
	g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
	g_autoptr(GSocketAddress) bound = NULL;
	GSocket *listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
					  G_SOCKET_PROTOCOL_TCP, &error);

	g_assert_no_error (error);
	g_assert_true (g_socket_bind (listener, any_port, TRUE, &error));
	g_socket_set_listen_backlog (listener, 0);
	g_assert_true (g_socket_listen (listener, &error));
	bound = g_socket_get_local_address (listener, &error);
	*port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

	/* never accepted: once the queue is full the kernel drops further SYNs, so the next
	 * connect hangs like one to a firewalled host */
	for (guint i = 0; i < 4; i++) {
		g_autoptr(GError) connect_error = NULL;
		GSocket *filler = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
						G_SOCKET_PROTOCOL_TCP, &error);
		g_assert_no_error (error);
		g_socket_set_blocking (filler, FALSE);
		g_socket_connect (filler, bound, NULL, &connect_error);
		g_ptr_array_add (fillers, filler);
	}
	g_usleep (50 * 1000);
	return listener;
}

static void
test_deadline (void)
{
	g_autoptr(QnavContextCollector) collector = context_test_fixture_collector ();
	g_autoptr(QnavDiagnosticContext) context = NULL;
	g_autoptr(GPtrArray) fillers = g_ptr_array_new_with_free_func (g_object_unref);
	g_autoptr(GSocket) listener = NULL;
	g_autofree gchar *message = NULL;
	QnavNetworkCheck *check;
	guint16 port = 0;
	gdouble elapsed;

	listener = saturated_listener (&port, fillers);
	message = g_strdup_printf ("Get http://127.0.0.1:%u/api: i/o timeout", port);
	/* a network check allowed 10 s inside a collection allowed 400 ms */
	qnav_context_collector_set_probes (collector, QNAV_PROBE_NETWORK | QNAV_PROBE_RESOURCES);
	qnav_context_collector_set_network_timeout_ms (collector, 10000);
	qnav_context_collector_set_timeout_ms (collector, 400);
	context = qnav_diagnostic_context_new (NULL, message);
	elapsed = context_test_collect (collector, context);
	context_test_dump (context);

	g_assert_cmpfloat (elapsed, >=, 390.0);
	g_assert_cmpfloat (elapsed, <, 400.0 + 300.0);
	g_assert_true (context_test_has_note (
		context, "network: stopped at the collection deadline of 400 ms"));
	/* the check is there, unfinished, and says so */
	check = g_ptr_array_index (qnav_diagnostic_context_get_network_checks (context), 0);
	g_assert_false (qnav_network_check_get_reachable (check));
	g_assert_nonnull (strstr (qnav_network_check_get_error (check), "deadline"));
	/* the probe that had finished is not blamed */
	g_assert_false (context_test_has_note (context, "resources: stopped"));
}

typedef struct {
	GMainLoop *loop;
	gboolean ok;
	GError *error;
} AsyncResult;

static void
collect_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
	AsyncResult *out = user_data;

	out->ok = qnav_context_collector_collect_finish (QNAV_CONTEXT_COLLECTOR (source), result,
							 &out->error);
	g_main_loop_quit (out->loop);
}

static gboolean
cancel_cb (gpointer user_data)
{
	g_cancellable_cancel (G_CANCELLABLE (user_data));
	return G_SOURCE_REMOVE;
}

static void
test_cancel (void)
{
	g_autoptr(QnavContextCollector) collector = hanging_podman_collector ();
	g_autoptr(QnavDiagnosticContext) context = qnav_diagnostic_context_new (NULL, NULL);
	g_autoptr(GCancellable) cancellable = g_cancellable_new ();
	g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
	const gchar *pidfile = g_getenv ("QNAV_FAKE_PODMAN_PIDFILE");
	AsyncResult result = { loop, TRUE, NULL };
	gint64 start;
	gint64 until;
	gint pid = 0;

	g_unlink (pidfile);
	qnav_context_collector_set_timeout_ms (collector, 10000);
	start = g_get_monotonic_time ();
	qnav_context_collector_collect_async (collector, context, cancellable, collect_cb, &result);
	g_timeout_add (200, cancel_cb, cancellable);
	g_main_loop_run (loop);

	g_assert_false (result.ok);
	g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
	g_clear_error (&result.error);
	g_assert_cmpint (g_get_monotonic_time () - start, <, 1500 * 1000);

	/* the podman the collection started does not outlive it for long */
	until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
	pid = read_pid (pidfile);
	while (pid > 0 && kill (pid, 0) == 0 && g_get_monotonic_time () < until)
		g_main_context_iteration (NULL, FALSE) || (g_usleep (10 * 1000), TRUE);
	assert_gone (pid);
}

static void
test_cancelled_before_start (void)
{
	g_autoptr(QnavContextCollector) collector = context_test_fixture_collector ();
	g_autoptr(QnavDiagnosticContext) context = qnav_diagnostic_context_new (NULL, NULL);
	g_autoptr(GCancellable) cancellable = g_cancellable_new ();
	g_autoptr(GError) error = NULL;

	g_cancellable_cancel (cancellable);
	g_assert_false (qnav_context_collector_collect (collector, context, cancellable, &error));
	g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_full_collection (void)
{
	g_autoptr(QnavContextCollector) collector = context_test_fixture_collector ();
	g_autoptr(QnavDiagnosticContext) context = NULL;
	g_autoptr(QnavDiagnosticContext) parsed = NULL;
	g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *podman = context_test_src_path ("fake-podman", "podman", NULL);
	g_autofree gchar *json = NULL;
	AsyncResult result = { loop, FALSE, NULL };
	gint64 start = g_get_monotonic_time ();
	gdouble elapsed;

	/* every probe, through the async API, against fixtures and loopback */
	qnav_context_collector_set_podman_path (collector, podman);
	context = qnav_diagnostic_context_new (
		"airflow_dag", "Job for virtqemud.service failed; see /var/lib/libvirt/images");
	qnav_context_collector_collect_async (collector, context, NULL, collect_cb, &result);
	g_main_loop_run (loop);
	elapsed = (gdouble) (g_get_monotonic_time () - start) / 1000.0;
	g_assert_no_error (result.error);
	g_assert_true (result.ok);
	g_test_message ("a full collection took %.1f ms", elapsed);
	g_assert_cmpfloat (elapsed, <, 500.0);

	g_assert_nonnull (qnav_diagnostic_context_lookup_service (context, "libvirt"));
	g_assert_nonnull (qnav_diagnostic_context_lookup_service (context, "airflow"));
	g_assert_nonnull (qnav_system_resources_find_disk (
		qnav_diagnostic_context_get_resources (context), "/var/lib/libvirt/images"));
	/* whatever was collected is a valid document */
	json = qnav_diagnostic_context_to_json (context);
	parsed = qnav_diagnostic_context_new_from_json (json, -1, &error);
	g_assert_no_error (error);
	g_assert_cmpuint (qnav_diagnostic_context_get_services (parsed)->len, ==,
			  qnav_diagnostic_context_get_services (context)->len);
}

int
main (int argc, char *argv[])
{
	g_autofree gchar *pidfile = g_strdup_printf ("%s/qnav-fake-podman-%d.pid", g_get_tmp_dir (),
						     (gint) getpid ());
	int ret;

	g_test_init (&argc, &argv, NULL);
	g_setenv ("QNAV_FAKE_PODMAN_PIDFILE", pidfile, TRUE);

	g_test_add_func ("/qnav/context/collector/defaults", test_defaults);
	g_test_add_func ("/qnav/context/collector/hanging-podman", test_hanging_podman);
	g_test_add_func ("/qnav/context/collector/deadline", test_deadline);
	g_test_add_func ("/qnav/context/collector/cancel", test_cancel);
	g_test_add_func ("/qnav/context/collector/cancelled-before-start",
			 test_cancelled_before_start);
	g_test_add_func ("/qnav/context/collector/full", test_full_collection);

	ret = g_test_run ();
	g_unlink (pidfile);
	return ret;
}
