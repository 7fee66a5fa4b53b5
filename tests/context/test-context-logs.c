/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <utime.h>

#include "context-test-util.h"

#define JOURNAL_REMOTE "/lib/systemd/systemd-journal-remote"

static void
export_text_field (GString *out, const gchar *name, const gchar *value)
{
	g_string_append_printf (out, "%s=%s\n", name, value);
}

/* journald's export format keeps non-text fields as name, 64-bit LE length, bytes */
static void
export_binary_field (GString *out, const gchar *name, const gchar *value, gsize length)
{
	guint64 le = GUINT64_TO_LE ((guint64) length);

	g_string_append_printf (out, "%s\n", name);
	g_string_append_len (out, (const gchar *) &le, sizeof (le));
	g_string_append_len (out, value, (gssize) length);
	g_string_append_c (out, '\n');
}

static void
export_entry (GString *out, gint64 realtime_usec, const gchar *unit, const gchar *priority,
	      const gchar *message, gsize message_length)
{
	g_autofree gchar *realtime = g_strdup_printf ("%" G_GINT64_FORMAT, realtime_usec);
	g_autofree gchar *monotonic = g_strdup_printf ("%" G_GINT64_FORMAT,
						       g_get_monotonic_time ());

	export_text_field (out, "__REALTIME_TIMESTAMP", realtime);
	export_text_field (out, "__MONOTONIC_TIMESTAMP", monotonic);
	export_text_field (out, "_BOOT_ID", "6f1bd4a0a46f4a0e9d0cb1e2f3a4b5c6");
	export_text_field (out, "_HOSTNAME", "hypervisor-01");
	export_text_field (out, "_SYSTEMD_UNIT", unit);
	export_text_field (out, "SYSLOG_IDENTIFIER", "qnav-test");
	export_text_field (out, "PRIORITY", priority);
	if (memchr (message, '\n', message_length) != NULL ||
	    !g_utf8_validate (message, (gssize) message_length, NULL))
		export_binary_field (out, "MESSAGE", message, message_length);
	else
		export_text_field (out, "MESSAGE", message);
	g_string_append_c (out, '\n');
}

/* Writes a real journal file into @dir with systemd-journal-remote, which journalctl then
 * reads like any other. */
static gboolean
make_journal (const gchar *dir)
{
	g_autoptr(GString) export = g_string_new (NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(GSubprocess) remote = NULL;
	g_autoptr(GBytes) input = NULL;
	g_autofree gchar *output = g_build_filename (dir, "remote.journal", NULL);
	g_autofree gchar *output_arg = g_strdup_printf ("--output=%s", output);
	gint64 now = g_get_real_time ();
	static const gchar binary[] = "qemu: bad byte \xff in \"vm1\" log";

	if (!g_file_test (JOURNAL_REMOTE, G_FILE_TEST_IS_EXECUTABLE))
		return FALSE;
	export_entry (export, now - G_GINT64_CONSTANT (7200000000), "airflow-scheduler.service",
		      "6",
		      "old news from two hours ago", 27);
	export_entry (export, now - 60 * G_USEC_PER_SEC, "airflow-scheduler.service", "3",
		      "scheduler heartbeat failed: could not connect to server: Connection refused",
		      75);
	export_entry (export, now - 50 * G_USEC_PER_SEC, "virtqemud.service", "4", binary,
		      sizeof (binary) - 1);
	export_entry (export, now - 40 * G_USEC_PER_SEC, "cups.service", "6", "nothing to see",
		      14);
	input = g_string_free_to_bytes (g_steal_pointer (&export));

	remote = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
					   G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
					   G_SUBPROCESS_FLAGS_STDERR_SILENCE,
				   &error, JOURNAL_REMOTE, output_arg, "-", NULL);
	g_assert_no_error (error);
	g_assert_true (g_subprocess_communicate (remote, input, NULL, NULL, NULL, &error));
	g_assert_no_error (error);
	g_assert_true (g_subprocess_get_successful (remote));
	return TRUE;
}

static QnavLogEntry *
find_entry (QnavDiagnosticContext *context, const gchar *needle)
{
	GPtrArray *logs = qnav_diagnostic_context_get_logs (context);

	for (guint i = 0; i < logs->len; i++) {
		QnavLogEntry *entry = g_ptr_array_index (logs, i);
		if (strstr (qnav_log_entry_get_message (entry), needle) != NULL)
			return entry;
	}
	return NULL;
}

static void
test_journal (void)
{
	g_autoptr(QnavContextCollector) collector = context_test_fixture_collector ();
	g_autoptr(QnavDiagnosticContext) context = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp ("qnav-journal-XXXXXX", &error);
	g_autofree gchar *journal = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
	const gchar *services[] = { "airflow", "libvirt", NULL };
	QnavLogEntry *entry;
	GTimeSpan age;

	g_assert_no_error (error);
	if (!make_journal (dir)) {
		/* a missing tool is a broken test set-up, not a reason to pass */
		g_error ("needs " JOURNAL_REMOTE " (Debian package systemd-journal-remote): run "
			 "tools/install-deps");
	}
	qnav_context_collector_set_probes (collector, QNAV_PROBE_LOGS);
	qnav_context_collector_set_services (collector, services);
	qnav_context_collector_set_journalctl_path (collector, "journalctl");
	qnav_context_collector_set_journal_directory (collector, dir);
	context = qnav_diagnostic_context_new ("airflow_dag", "task failed");
	context_test_collect (collector, context);
	context_test_dump (context);

	entry = find_entry (context, "scheduler heartbeat failed");
	g_assert_nonnull (entry);
	g_assert_cmpstr (qnav_log_entry_get_source (entry), ==,
			 "journal:airflow-scheduler.service");
	g_assert_cmpint (qnav_log_entry_get_priority (entry), ==, 3);
	g_assert_nonnull (qnav_log_entry_get_timestamp (entry));
	age = g_date_time_difference (now, qnav_log_entry_get_timestamp (entry));
	g_assert_cmpint (age, >, 50 * G_USEC_PER_SEC);
	g_assert_cmpint (age, <, 600 * G_USEC_PER_SEC);

	/* journald writes a message that is not UTF-8 as an array of bytes */
	entry = find_entry (context, "bad byte");
	g_assert_nonnull (entry);
	g_assert_cmpstr (qnav_log_entry_get_source (entry), ==, "journal:virtqemud.service");
	g_assert_true (g_utf8_validate (qnav_log_entry_get_message (entry), -1, NULL));
	g_assert_nonnull (strstr (qnav_log_entry_get_message (entry), "\"vm1\" log"));

	/* other units, and what is older than log-since-seconds, stay out */
	g_assert_null (find_entry (context, "nothing to see"));
	g_assert_null (find_entry (context, "old news"));

	journal = g_build_filename (dir, "remote.journal", NULL);
	g_unlink (journal);
	g_rmdir (dir);
}

static void
test_no_journal (void)
{
	g_autoptr(QnavContextCollector) collector = context_test_fixture_collector ();
	g_autoptr(QnavDiagnosticContext) context = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp ("qnav-journal-XXXXXX", &error);
	g_autofree gchar *marker = g_build_filename (dir, "journalctl-ran", NULL);
	g_autofree gchar *script = g_build_filename (dir, "journalctl", NULL);
	g_autofree gchar *body = g_strdup_printf ("#!/bin/sh\ntouch '%s'\n", marker);

	g_assert_no_error (error);
	g_assert_true (g_file_set_contents (script, body, -1, &error));
	g_assert_cmpint (g_chmod (script, 0755), ==, 0);

	/* a host without systemd: journalctl is not even started */
	qnav_context_collector_set_probes (collector, QNAV_PROBE_LOGS);
	qnav_context_collector_set_journalctl_path (collector, script);
	qnav_context_collector_set_journal_directory (collector, dir);
	context = qnav_diagnostic_context_new (NULL, NULL);
	context_test_collect (collector, context);

	g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
	g_assert_true (context_test_has_note (context, "no journal files"));
	g_assert_cmpuint (qnav_diagnostic_context_get_logs (context)->len, ==, 0);

	g_unlink (script);
	g_rmdir (dir);
}

static void
test_log_files (void)
{
	g_autoptr(QnavContextCollector) collector = context_test_fixture_collector ();
	g_autoptr(QnavDiagnosticContext) context = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(GString) big = g_string_new (NULL);
	g_autofree gchar *dir = g_dir_make_tmp ("qnav-logs-XXXXXX", &error);
	g_autofree gchar *big_path = g_build_filename (dir, "ansible.log", NULL);
	g_autofree gchar *log_dir = g_build_filename (dir, "qemu", NULL);
	g_autofree gchar *fresh = g_build_filename (log_dir, "vm1.log", NULL);
	g_autofree gchar *stale = g_build_filename (log_dir, "vm0.log", NULL);
	g_autofree gchar *compressed = g_build_filename (log_dir, "vm1.log.1.gz", NULL);
	const gchar *log_paths[] = { big_path, log_dir, NULL };
	struct utimbuf old_times;
	GPtrArray *logs;
	guint64 total = 0;
	guint lines = 0;

	g_assert_no_error (error);
	for (guint i = 0; i < 6000; i++)
		g_string_append_printf (big, "2026-03-14 09:26:%02u | TASK [deploy : line %05u] "
					     "ok: [hypervisor-01]\n",
					i % 60, i);
	/* about 400 KB, far over the budget */
	g_assert_cmpuint (big->len, >, 300 * 1024);
	g_assert_true (g_file_set_contents (big_path, big->str, (gssize) big->len, &error));
	g_assert_cmpint (g_mkdir (log_dir, 0755), ==, 0);
	g_assert_true (g_file_set_contents (fresh, "qemu-kvm: could not open disk image\n", -1,
					    &error));
	g_assert_true (g_file_set_contents (stale, "from last week\n", -1, &error));
	g_assert_true (g_file_set_contents (compressed, "\x1f\x8b\x08", 3, &error));
	old_times.actime = old_times.modtime = time (NULL) - 7 * 24 * 3600;
	g_assert_cmpint (utime (stale, &old_times), ==, 0);

	qnav_context_collector_set_probes (collector, QNAV_PROBE_LOGS);
	qnav_context_collector_set_log_paths (collector, log_paths);
	qnav_context_collector_set_max_log_bytes (collector, 64 * 1024);
	context = qnav_diagnostic_context_new ("ansible", "deploy failed");
	context_test_collect (collector, context);

	logs = qnav_diagnostic_context_get_logs (context);
	for (guint i = 0; i < logs->len; i++) {
		QnavLogEntry *entry = g_ptr_array_index (logs, i);
		total += strlen (qnav_log_entry_get_message (entry));
		if (g_strcmp0 (qnav_log_entry_get_source (entry), big_path) == 0)
			lines++;
	}
	g_test_message ("%u lines, %" G_GUINT64_FORMAT " bytes of log text", lines, total);
	/* bounded, and the newest lines are the ones kept */
	g_assert_cmpuint (total, <=, 64 * 1024);
	g_assert_cmpuint (lines, >, 100);
	g_assert_nonnull (find_entry (context, "line 05999]"));
	g_assert_null (find_entry (context, "line 00000]"));
	/* every kept line is whole */
	for (guint i = 0; i < logs->len; i++) {
		QnavLogEntry *entry = g_ptr_array_index (logs, i);
		if (g_strcmp0 (qnav_log_entry_get_source (entry), big_path) == 0)
			g_assert_true (g_str_has_prefix (qnav_log_entry_get_message (entry),
							 "2026-03-14"));
	}
	g_assert_true (context_test_has_note (context, "only the last"));

	/* from the directory: the fresh file, not the stale or the compressed one */
	g_assert_nonnull (find_entry (context, "could not open disk image"));
	g_assert_null (find_entry (context, "from last week"));
	g_assert_true (g_strv_contains (qnav_diagnostic_context_get_log_paths (context), fresh));
	g_assert_true (g_strv_contains (qnav_diagnostic_context_get_log_paths (context), big_path));
	g_assert_false (g_strv_contains (qnav_diagnostic_context_get_log_paths (context), stale));

	g_unlink (fresh);
	g_unlink (stale);
	g_unlink (compressed);
	g_rmdir (log_dir);
	g_unlink (big_path);
	g_rmdir (dir);
}

int
main (int argc, char *argv[])
{
	g_test_init (&argc, &argv, NULL);

	g_test_add_func ("/qnav/context/logs/journal", test_journal);
	g_test_add_func ("/qnav/context/logs/no-journal", test_no_journal);
	g_test_add_func ("/qnav/context/logs/files", test_log_files);

	return g_test_run ();
}
