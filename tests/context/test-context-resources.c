/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/statvfs.h>

#include "context-test-util.h"

static QnavNetworkInterface *
find_interface (QnavSystemResources *resources, const gchar *name)
{
	GPtrArray *interfaces = qnav_system_resources_get_interfaces (resources);

	for (guint i = 0; i < interfaces->len; i++) {
		QnavNetworkInterface *interface = g_ptr_array_index (interfaces, i);
		if (g_strcmp0 (qnav_network_interface_get_name (interface), name) == 0)
			return interface;
	}
	return NULL;
}

static void
test_fixture (void)
{
	g_autoptr(QnavContextCollector) collector = context_test_fixture_collector ();
	g_autoptr(QnavDiagnosticContext) context = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp ("qnav-context-XXXXXX", &error);
	g_autofree gchar *missing = g_build_filename (dir, "pool", "images", NULL);
	const gchar *disk_paths[] = { dir, missing, NULL };
	QnavSystemResources *resources;
	QnavNetworkInterface *interface;
	QnavDiskUsage *disk;
	struct statvfs expected;

	g_assert_no_error (error);
	qnav_context_collector_set_probes (collector, QNAV_PROBE_RESOURCES);
	qnav_context_collector_set_disk_paths (collector, disk_paths);
	context = qnav_diagnostic_context_new ("kvm_deploy", NULL);
	context_test_collect (collector, context);
	context_test_dump (context);
	resources = qnav_diagnostic_context_get_resources (context);

	/* /proc/stat lists four CPUs */
	g_assert_cmpuint (qnav_system_resources_get_cpu_count (resources), ==, 4);
	g_assert_cmpfloat (qnav_system_resources_get_load_1min (resources), ==, 1.25);
	g_assert_cmpfloat (qnav_system_resources_get_load_5min (resources), ==, 0.75);
	g_assert_cmpfloat (qnav_system_resources_get_load_15min (resources), ==, 0.5);
	/* 16 GiB total, 4 GiB available */
	g_assert_cmpuint (qnav_system_resources_get_memory_total_bytes (resources), ==,
			  G_GUINT64_CONSTANT (17179869184));
	g_assert_cmpuint (qnav_system_resources_get_memory_available_bytes (resources), ==,
			  G_GUINT64_CONSTANT (4294967296));
	g_assert_cmpfloat_with_epsilon (qnav_system_resources_get_memory_used_percent (resources),
					75.0, 0.001);
	g_assert_cmpfloat (qnav_system_resources_get_cpu_pressure (resources), ==, 2.5);
	/* 0.00 is a measurement; a kernel without the file is unknown */
	g_assert_cmpfloat (qnav_system_resources_get_memory_pressure (resources), ==, 0.0);
	g_assert_cmpfloat (qnav_system_resources_get_io_pressure (resources), ==, -1.0);

	interface = find_interface (resources, "eth0");
	g_assert_nonnull (interface);
	g_assert_true (qnav_network_interface_get_up (interface));
	g_assert_cmpuint (qnav_network_interface_get_mtu (interface), ==, 1500);
	g_assert_cmpint (qnav_network_interface_get_speed_mbps (interface), ==, 1000);
	/* loopback says "unknown" but carries traffic */
	interface = find_interface (resources, "lo");
	g_assert_true (qnav_network_interface_get_up (interface));
	g_assert_cmpint (qnav_network_interface_get_speed_mbps (interface), ==, -1);
	interface = find_interface (resources, "virbr0");
	g_assert_false (qnav_network_interface_get_up (interface));

	/* a real statvfs of the temporary directory */
	g_assert_cmpint (statvfs (dir, &expected), ==, 0);
	disk = qnav_system_resources_find_disk (resources, dir);
	g_assert_nonnull (disk);
	g_assert_cmpstr (qnav_disk_usage_get_path (disk), ==, dir);
	g_assert_cmpuint (qnav_disk_usage_get_total_bytes (disk), ==,
			  (guint64) expected.f_blocks * expected.f_frsize);
	g_assert_cmpuint (qnav_disk_usage_get_total_inodes (disk), ==, expected.f_files);
	g_assert_cmpfloat (qnav_disk_usage_get_used_percent (disk), >=, 0.0);
	g_assert_cmpfloat (qnav_disk_usage_get_used_percent (disk), <=, 100.0);
	/* a path that does not exist is measured at its nearest ancestor, and said so */
	g_assert_true (qnav_system_resources_find_disk (resources, missing) == disk);
	g_assert_true (context_test_has_note (context, "does not exist; measured"));
	/* / is always measured */
	g_assert_nonnull (qnav_system_resources_find_disk (resources, "/"));

	g_rmdir (dir);
}

static void
test_paths_in_error (void)
{
	g_autoptr(QnavContextCollector) collector = context_test_fixture_collector ();
	g_autoptr(QnavDiagnosticContext) context = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp ("qnav-context-XXXXXX", &error);
	g_autofree gchar *message = NULL;
	QnavDiskUsage *disk;

	g_assert_no_error (error);
	message = g_strdup_printf ("cannot write '%s/vm1.qcow2': No space left on device.", dir);
	qnav_context_collector_set_probes (collector, QNAV_PROBE_RESOURCES);
	context = qnav_diagnostic_context_new ("kvm_deploy", message);
	context_test_collect (collector, context);

	disk = qnav_system_resources_find_disk (qnav_diagnostic_context_get_resources (context),
						dir);
	g_assert_nonnull (disk);
	/* the file does not exist yet: its directory was measured */
	g_assert_cmpstr (qnav_disk_usage_get_path (disk), ==, dir);
	g_rmdir (dir);
}

static void
test_missing_procfs (void)
{
	g_autoptr(QnavContextCollector) collector = context_test_fixture_collector ();
	g_autoptr(QnavDiagnosticContext) context = NULL;
	QnavSystemResources *resources;

	qnav_context_collector_set_probes (collector, QNAV_PROBE_RESOURCES);
	qnav_context_collector_set_proc_root (collector, "/nonexistent/proc");
	qnav_context_collector_set_sys_root (collector, "/nonexistent/sys");
	context = qnav_diagnostic_context_new (NULL, NULL);
	context_test_collect (collector, context);
	resources = qnav_diagnostic_context_get_resources (context);

	/* unknown, not zero, and a note says why */
	g_assert_cmpfloat (qnav_system_resources_get_load_1min (resources), ==, -1.0);
	g_assert_cmpfloat (qnav_system_resources_get_memory_used_percent (resources), ==, -1.0);
	g_assert_true (context_test_has_note (context, "resources: no load averages"));
	g_assert_true (context_test_has_note (context, "resources: no memory figures"));
	g_assert_true (context_test_has_note (context, "resources: no network interfaces"));
}

static void
test_no_sleep (void)
{
	g_autoptr(QnavContextCollector) collector = context_test_fixture_collector ();
	g_autoptr(QnavDiagnosticContext) context = NULL;
	gdouble elapsed;

	/* services and resources against fixtures, as the CLI runs them on a host without
	 * systemd: the old tool spent 1 s here sampling CPU */
	qnav_context_collector_set_probes (collector, QNAV_PROBE_SERVICES | QNAV_PROBE_RESOURCES);
	context = qnav_diagnostic_context_new ("kvm_deploy", "libvirtd is not running");
	elapsed = context_test_collect (collector, context);
	g_test_message ("services + resources took %.1f ms", elapsed);
	g_assert_cmpfloat (elapsed, <, 500.0);
	g_assert_nonnull (qnav_diagnostic_context_lookup_service (context, "libvirt"));
	g_assert_cmpuint (qnav_system_resources_get_cpu_count (
				  qnav_diagnostic_context_get_resources (context)),
			  ==, 4);
}

static void
test_real_host (void)
{
	g_autoptr(QnavContextCollector) collector = qnav_context_collector_new ();
	g_autoptr(QnavDiagnosticContext) context = NULL;
	QnavSystemResources *resources;

	/* this host's own /proc and /sys */
	qnav_context_collector_set_probes (collector, QNAV_PROBE_RESOURCES);
	context = qnav_diagnostic_context_new (NULL, NULL);
	context_test_collect (collector, context);
	resources = qnav_diagnostic_context_get_resources (context);
	g_assert_cmpuint (qnav_system_resources_get_cpu_count (resources), ==,
			  g_get_num_processors ());
	g_assert_cmpuint (qnav_system_resources_get_memory_total_bytes (resources), >, 0);
	g_assert_cmpfloat (qnav_system_resources_get_load_1min (resources), >=, 0.0);
	g_assert_nonnull (qnav_system_resources_find_disk (resources, "/"));
}

int
main (int argc, char *argv[])
{
	g_test_init (&argc, &argv, NULL);

	g_test_add_func ("/qnav/context/resources/fixture", test_fixture);
	g_test_add_func ("/qnav/context/resources/paths-in-error", test_paths_in_error);
	g_test_add_func ("/qnav/context/resources/missing-procfs", test_missing_procfs);
	g_test_add_func ("/qnav/context/resources/no-sleep", test_no_sleep);
	g_test_add_func ("/qnav/context/resources/real-host", test_real_host);

	return g_test_run ();
}
