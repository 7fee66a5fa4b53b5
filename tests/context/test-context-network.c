/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "context-test-util.h"

/* A listening socket on 127.0.0.1 and a free port nothing listens on. Only loopback. */
static GSocket *
listen_loopback (guint16 *port, gint backlog)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
	g_autoptr(GSocketAddress) any_port = g_inet_socket_address_new (loopback, 0);
	g_autoptr(GSocketAddress) bound = NULL;
	GSocket *socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
					G_SOCKET_PROTOCOL_TCP, &error);

	g_assert_no_error (error);
	g_assert_true (g_socket_bind (socket, any_port, TRUE, &error));
	g_socket_set_listen_backlog (socket, backlog);
	g_assert_true (g_socket_listen (socket, &error));
	bound = g_socket_get_local_address (socket, &error);
	g_assert_no_error (error);
	*port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
	return socket;
}

static guint16
closed_port (void)
{
	guint16 port = 0;
	g_autoptr(GSocket) socket = listen_loopback (&port, 1);

	g_socket_close (socket, NULL);
	return port;
}

static QnavNetworkCheck *
find_check (QnavDiagnosticContext *context, const gchar *host, guint16 port)
{
	GPtrArray *checks = qnav_diagnostic_context_get_network_checks (context);

	for (guint i = 0; i < checks->len; i++) {
		QnavNetworkCheck *check = g_ptr_array_index (checks, i);
		if (g_strcmp0 (qnav_network_check_get_host (check), host) == 0 &&
		    qnav_network_check_get_port (check) == port)
			return check;
	}
	return NULL;
}

static void
test_checks (void)
{
	g_autoptr(QnavContextCollector) collector = context_test_fixture_collector ();
	g_autoptr(QnavDiagnosticContext) context = NULL;
	g_autoptr(GSocket) listener = NULL;
	g_autofree gchar *message = NULL;
	guint16 open_port = 0;
	guint16 refused_port = closed_port ();
	QnavNetworkCheck *check;
	gdouble elapsed;

	listener = listen_loopback (&open_port, 16);
	message = g_strdup_printf (
		"TASK [airflow : wait for api] FAILED! => "
		"Get \"http://localhost:%u/api/v1/health\": "
		"dial tcp 127.0.0.1:%u: connect: connection refused; pulling "
		"registry.qnav-test.invalid/airflow:2.8 failed",
		open_port, refused_port);
	qnav_context_collector_set_probes (collector, QNAV_PROBE_NETWORK);
	qnav_context_collector_set_network_timeout_ms (collector, 800);
	context = qnav_diagnostic_context_new ("airflow_dag", message);
	elapsed = context_test_collect (collector, context);
	context_test_dump (context);

	g_assert_cmpuint (qnav_diagnostic_context_get_network_checks (context)->len, ==, 3);

	/* localhost resolves and the listener answers, with a measured latency */
	check = find_check (context, "localhost", open_port);
	g_assert_nonnull (check);
	g_assert_true (qnav_network_check_get_resolved (check));
	g_assert_true (g_strv_contains (qnav_network_check_get_addresses (check), "127.0.0.1"));
	g_assert_true (qnav_network_check_get_reachable (check));
	g_assert_cmpfloat (qnav_network_check_get_latency_ms (check), >=, 0.0);
	g_assert_cmpfloat (qnav_network_check_get_latency_ms (check), <, 800.0);
	g_assert_null (qnav_network_check_get_error (check));

	/* nothing listens on the closed port */
	check = find_check (context, "127.0.0.1", refused_port);
	g_assert_nonnull (check);
	g_assert_true (qnav_network_check_get_resolved (check));
	g_assert_false (qnav_network_check_get_reachable (check));
	g_assert_cmpfloat (qnav_network_check_get_latency_ms (check), ==, -1.0);
	g_assert_nonnull (qnav_network_check_get_error (check));
	g_assert_nonnull (strstr (qnav_network_check_get_error (check), "refused"));

	/* .invalid never resolves (RFC 6761), within the timeout */
	check = find_check (context, "registry.qnav-test.invalid", 443);
	g_assert_nonnull (check);
	g_assert_false (qnav_network_check_get_resolved (check));
	g_assert_false (qnav_network_check_get_reachable (check));
	g_assert_nonnull (strstr (qnav_network_check_get_error (check), "DNS lookup"));

	/* the checks run side by side: one timeout at most, not three */
	g_assert_cmpfloat (elapsed, <, 800.0 + 700.0);
}

static void
test_hosts_in_text (void)
{
	g_autoptr(QnavContextCollector) collector = context_test_fixture_collector ();
	g_autoptr(QnavDiagnosticContext) context = NULL;
	g_autoptr(GSocket) listener = NULL;
	g_autofree gchar *message = NULL;
	guint16 port = 0;
	QnavNetworkCheck *check;

	listener = listen_loopback (&port, 16);
	/* ssh's wording, a file name that looks like a host, and more hosts than are checked */
	message = g_strdup_printf (
		"fatal: [vm1]: UNREACHABLE! => ssh: connect to host 127.0.0.1 port %u: Connection "
		"timed out; see tasks/main.yml:12 and a.qnav-test.invalid:1 b.qnav-test.invalid:2 "
		"c.qnav-test.invalid:3 d.qnav-test.invalid:4",
		port);
	qnav_context_collector_set_probes (collector, QNAV_PROBE_NETWORK);
	qnav_context_collector_set_network_timeout_ms (collector, 300);
	context = qnav_diagnostic_context_new ("kvm_deploy", message);
	context_test_collect (collector, context);

	g_assert_cmpuint (qnav_diagnostic_context_get_network_checks (context)->len, ==, 4);
	check = find_check (context, "127.0.0.1", port);
	g_assert_nonnull (check);
	g_assert_true (qnav_network_check_get_reachable (check));
	g_assert_null (find_check (context, "main.yml", 12));
	g_assert_null (find_check (context, "d.qnav-test.invalid", 4));
}

int
main (int argc, char *argv[])
{
	g_test_init (&argc, &argv, NULL);

	g_test_add_func ("/qnav/context/network/checks", test_checks);
	g_test_add_func ("/qnav/context/network/hosts-in-text", test_hosts_in_text);

	return g_test_run ();
}
