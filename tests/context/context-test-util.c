/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "context-test-util.h"

static gchar *
build_path (const gchar *base, const gchar *first, va_list args)
{
	g_autoptr(GPtrArray) parts = g_ptr_array_new ();

	g_ptr_array_add (parts, (gpointer) base);
	for (const gchar *part = first; part != NULL; part = va_arg (args, const gchar *))
		g_ptr_array_add (parts, (gpointer) part);
	g_ptr_array_add (parts, NULL);
	return g_build_filenamev ((gchar **) parts->pdata);
}

gchar *
context_test_data_path (const gchar *first, ...)
{
	g_autofree gchar *base = g_test_build_filename (G_TEST_DIST, "data", "context", NULL);
	va_list args;
	gchar *path;

	va_start (args, first);
	path = build_path (base, first, args);
	va_end (args);
	return path;
}

gchar *
context_test_src_path (const gchar *first, ...)
{
	g_autofree gchar *base = g_test_build_filename (G_TEST_DIST, "context", NULL);
	va_list args;
	gchar *path;

	va_start (args, first);
	path = build_path (base, first, args);
	va_end (args);
	return path;
}

QnavContextCollector *
context_test_fixture_collector (void)
{
	QnavContextCollector *collector = qnav_context_collector_new ();
	g_autofree gchar *proc = context_test_data_path ("proc", NULL);
	g_autofree gchar *sys = context_test_data_path ("sys", NULL);

	qnav_context_collector_set_proc_root (collector, proc);
	qnav_context_collector_set_sys_root (collector, sys);
	qnav_context_collector_set_system_bus_address (collector,
						       "unix:path=/nonexistent/qnav-test-bus");
	qnav_context_collector_set_podman_path (collector, "/nonexistent/podman");
	qnav_context_collector_set_journalctl_path (collector, "/nonexistent/journalctl");
	return collector;
}

gdouble
context_test_collect (QnavContextCollector *collector, QnavDiagnosticContext *context)
{
	g_autoptr(GError) error = NULL;
	gint64 start = g_get_monotonic_time ();
	gboolean ok = qnav_context_collector_collect (collector, context, NULL, &error);

	g_assert_no_error (error);
	g_assert_true (ok);
	return (gdouble) (g_get_monotonic_time () - start) / 1000.0;
}

gboolean
context_test_has_note (QnavDiagnosticContext *context, const gchar *needle)
{
	const gchar *const *notes = qnav_diagnostic_context_get_probe_notes (context);

	for (guint i = 0; notes[i] != NULL; i++) {
		if (strstr (notes[i], needle) != NULL)
			return TRUE;
	}
	return FALSE;
}

void
context_test_dump (QnavDiagnosticContext *context)
{
	g_autofree gchar *json = qnav_diagnostic_context_to_json (context);

	g_test_message ("%s", json);
}
