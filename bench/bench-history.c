/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * bench-history: what recording a diagnosis into the history costs once the history is big,
 * and what its queries cost.
 *
 * A history file is pre-filled through the public API with --rows diagnoses (default 100,000)
 * spread over --fingerprints failures and the last 30 days, plus one execution outcome per
 * ten diagnoses and one escalation per two failures. Then --records diagnoses (real analyses
 * of six short messages) are recorded one call at a time, each timed on its own: median, p90,
 * p99 and the slowest. Each query is then timed --queries times. Every record is its own
 * transaction, committed to a real file (WAL, synchronous=NORMAL) in --dir, which should be on
 * the disk the history lives on in production (not tmpfs).
 *
 * Not part of the test suite: it measures, it does not judge.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "qnav.h"

#include "bench-stats.h"

static const gchar *const messages[] = {
	"OSError: [Errno 28] No space left on device: '/var/lib/libvirt/images/rhel9-vm.qcow2'",
	"error: Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or "
	"directory",
	"fatal: [kvm-host-01]: UNREACHABLE! => {\"changed\": false, \"msg\": \"Failed to "
	"connect to the host via ssh: ssh: connect to host 192.168.122.10 port 22: Connection "
	"refused\", \"unreachable\": true}",
	"libvirtd is not running",
	"root@192.168.122.10: Permission denied (publickey,gssapi-keyex,gssapi-with-mic).",
	"[2024-05-14, 10:12:03 UTC] {taskinstance.py:1380} INFO - Executing "
	"<Task(BashOperator): create_vm> on 2024-05-14 10:11:58+00:00",
};

typedef struct {
	gint rows;
	gint fingerprints;
	gint records;
	gint queries;
	gchar *dir;
	gboolean keep;
	gchar *tsv;
} Options;

static void
emit (FILE *tsv, const gchar *what, GArray *samples, const gchar *note)
{
	gdouble max;

	bench_sort (samples);
	max = samples->len > 0 ? g_array_index (samples, gdouble, samples->len - 1) : 0.0;
	g_print ("%-34s %10.1f %10.1f %10.1f %10.1f  %s\n", what, bench_percentile (samples, 50),
		 bench_percentile (samples, 90), bench_percentile (samples, 99), max, note != NULL ? note : "");
	if (tsv != NULL)
		fprintf (tsv, "%s\t%.3f\t%.3f\t%.3f\t%.3f\t%s\n", what, bench_percentile (samples, 50),
			 bench_percentile (samples, 90), bench_percentile (samples, 99), max,
			 note != NULL ? note : "");
}

static void
check (gboolean ok, GError *error, const gchar *what)
{
	if (!ok || error != NULL)
		g_error ("%s: %s", what, error != NULL ? error->message : "failed");
}

static gchar *
fingerprint_of (gint i)
{
	return g_strdup_printf ("%016x", (guint) g_int_hash (&i) ^ 0x5a5a5a5au);
}

static void
prefill (QnavHistory *history, const Options *options)
{
	static const QnavExecutionStatus statuses[] = {
		QNAV_EXECUTION_SUCCEEDED, QNAV_EXECUTION_FAILED,      QNAV_EXECUTION_SUCCEEDED,
		QNAV_EXECUTION_NOT_HELD,  QNAV_EXECUTION_ALREADY_DONE, QNAV_EXECUTION_DENIED,
	};
	g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
	gint64 span = 30 * G_TIME_SPAN_DAY;
	gint64 began = bench_now_ns ();
	gdouble seconds;

	for (gint i = 0; i < options->rows; i++) {
		g_autoptr(GError) error = NULL;
		g_autofree gchar *fingerprint = fingerprint_of (i % options->fingerprints);
		/* oldest first, as a history grows */
		g_autoptr(GDateTime) when =
			g_date_time_add (now, -span + span / options->rows * i);
		g_autofree gchar *timestamp = g_date_time_format_iso8601 (when);
		g_autofree gchar *json = g_strdup_printf (
			"{\"schema_version\": 1, \"timestamp\": \"%s\", \"plugin\": \"bench\","
			" \"root_cause\": \"network\", \"confidence\": 0.8,"
			" \"fingerprint\": \"%s\", \"context\": {\"hostname\": \"host-%d\"}}",
			timestamp, fingerprint, i % 7);
		g_autoptr(QnavFailureAnalysis) analysis =
			qnav_failure_analysis_new_from_json (json, -1, &error);

		check (analysis != NULL, error, "building an analysis");
		check (qnav_history_record_analysis (history, analysis, &error), error,
		       "pre-filling diagnoses");
		if (i % 10 == 0) {
			QnavRecoveryAction action = i % 20 == 0 ? QNAV_RECOVERY_ACTION_RETRY
								 : QNAV_RECOVERY_ACTION_WAIT;
			QnavExecutionStatus status = statuses[(i / 10) % G_N_ELEMENTS (statuses)];

			check (qnav_history_record_outcome (history, fingerprint, action, status,
							    TRUE, when, 2.0, "bench", &error),
			       error, "pre-filling executions");
		}
		if (i < options->fingerprints && i % 2 == 0)
			check (qnav_history_record_escalation_full (
				       history, fingerprint, "acme/infra", (guint64) i + 1, NULL,
				       QNAV_ESCALATION_CREATED, when, &error),
			       error, "pre-filling escalations");
	}
	seconds = (gdouble) (bench_now_ns () - began) / 1e9;
	g_print ("pre-filled %d diagnoses, %d executions, %d escalations in %.1f s "
		 "(%.1f us per write)\n\n",
		 options->rows, (options->rows + 9) / 10, (options->fingerprints + 1) / 2, seconds,
		 seconds * 1e6 / (options->rows + options->rows / 10.0 +
				  options->fingerprints / 2.0));
}

typedef enum {
	QUERY_OCCURRENCES_HOUR,
	QUERY_OCCURRENCES_ALL,
	QUERY_SUCCESS_RATE,
	QUERY_AUTOMATIC_HOUR,
	QUERY_LAST_ESCALATION,
	QUERY_JSON_LATEST,
	QUERY_JSON_FINGERPRINT,
	QUERY_JSON_ALL,
} Query;

static const gchar *const query_names[] = {
	[QUERY_OCCURRENCES_HOUR] = "count_occurrences (1 h)",
	[QUERY_OCCURRENCES_ALL] = "count_occurrences (all)",
	[QUERY_SUCCESS_RATE] = "get_success_rate",
	[QUERY_AUTOMATIC_HOUR] = "count_automatic_executions (1 h)",
	[QUERY_LAST_ESCALATION] = "get_last_escalation",
	[QUERY_JSON_LATEST] = "to_json (latest 20)",
	[QUERY_JSON_FINGERPRINT] = "to_json (one, 20 events)",
	[QUERY_JSON_ALL] = "to_json (all failures)",
};

static void
run_query (QnavHistory *history, Query query, const gchar *fingerprint, GDateTime *hour_ago)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *json = NULL;
	guint attempts = 0;

	switch (query) {
	case QUERY_OCCURRENCES_HOUR:
		(void) qnav_history_count_occurrences (history, fingerprint, hour_ago, &error);
		break;
	case QUERY_OCCURRENCES_ALL:
		(void) qnav_history_count_occurrences (history, fingerprint, NULL, &error);
		break;
	case QUERY_SUCCESS_RATE:
		(void) qnav_history_get_success_rate (history, fingerprint,
						      QNAV_RECOVERY_ACTION_RETRY, &attempts,
						      &error);
		break;
	case QUERY_AUTOMATIC_HOUR:
		(void) qnav_history_count_automatic_executions (history, fingerprint, hour_ago,
								&error);
		break;
	case QUERY_LAST_ESCALATION:
		(void) qnav_history_get_last_escalation (history, fingerprint, "acme/infra", NULL,
							 NULL, NULL, &error);
		break;
	case QUERY_JSON_LATEST:
		json = qnav_history_to_json (history, NULL, 20, &error);
		break;
	case QUERY_JSON_FINGERPRINT:
		json = qnav_history_to_json (history, fingerprint, 20, &error);
		break;
	case QUERY_JSON_ALL:
		json = qnav_history_to_json (history, NULL, 0, &error);
		break;
	}
	check (TRUE, error, query_names[query]);
}

static void
remove_history (const gchar *path)
{
	static const gchar *const suffixes[] = { "", "-wal", "-shm" };

	for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++) {
		g_autofree gchar *file = g_strconcat (path, suffixes[i], NULL);
		g_unlink (file);
	}
}

gint
main (gint argc, gchar **argv)
{
	Options options = { 100000, 1000, 2000, 200, NULL, FALSE, NULL };
	const GOptionEntry entries[] = {
		{ "rows", 'r', 0, G_OPTION_ARG_INT, &options.rows,
		  "Diagnoses in the history before timing (default 100000)", "N" },
		{ "fingerprints", 'f', 0, G_OPTION_ARG_INT, &options.fingerprints,
		  "Distinct failures among them (default 1000)", "N" },
		{ "records", 'n', 0, G_OPTION_ARG_INT, &options.records,
		  "Timed record calls (default 2000)", "N" },
		{ "queries", 'q', 0, G_OPTION_ARG_INT, &options.queries,
		  "Timed calls of each query (default 200)", "N" },
		{ "dir", 'd', 0, G_OPTION_ARG_FILENAME, &options.dir,
		  "Directory for the history file (default: a new one under $TMPDIR)", "DIR" },
		{ "keep", 'k', 0, G_OPTION_ARG_NONE, &options.keep,
		  "Keep the history file afterwards", NULL },
		{ "tsv", 0, 0, G_OPTION_ARG_FILENAME, &options.tsv,
		  "Also write the results as tab-separated values to FILE", "FILE" },
		{ NULL },
	};
	g_autoptr(GOptionContext) context =
		g_option_context_new ("- time recording into and querying a big history");
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavHistory) history = NULL;
	g_autoptr(QnavFailureAnalyzer) analyzer = NULL;
	g_autoptr(GPtrArray) analyses = g_ptr_array_new_with_free_func (g_object_unref);
	g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (gdouble));
	g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
	g_autoptr(GDateTime) hour_ago = g_date_time_add_hours (now, -1);
	g_autofree gchar *made_dir = NULL;
	g_autofree gchar *path = NULL;
	g_autofree gchar *note = NULL;
	g_autofree gchar *probe = NULL;
	guint over_1ms = 0;
	FILE *tsv = NULL;

	g_option_context_add_main_entries (context, entries, NULL);
	if (!g_option_context_parse (context, &argc, &argv, &error)) {
		g_printerr ("%s\n", error->message);
		return 2;
	}
	if (options.rows < 0 || options.fingerprints < 1 || options.records < 1 ||
	    options.queries < 1) {
		g_printerr ("--fingerprints, --records and --queries must be at least 1\n");
		return 2;
	}
	if (options.dir == NULL) {
		made_dir = g_dir_make_tmp ("qnav-bench-history-XXXXXX", &error);
		if (made_dir == NULL) {
			g_printerr ("%s\n", error->message);
			return 1;
		}
	}
	path = g_build_filename (options.dir != NULL ? options.dir : made_dir, "history.db", NULL);
	remove_history (path);
	if (options.tsv != NULL && (tsv = fopen (options.tsv, "w")) == NULL) {
		g_printerr ("cannot write %s\n", options.tsv);
		return 1;
	}

	history = qnav_history_new (path, &error);
	check (history != NULL, error, "opening the history");
	g_print ("history: %s\n", path);
	prefill (history, &options);
	/* a process that opens the big history, as every qnav command does */
	g_clear_object (&history);
	for (gint i = 0; i < 20; i++) {
		gint64 began = bench_now_ns ();
		gdouble us;
		g_autoptr(QnavHistory) opened = qnav_history_new (path, &error);

		check (opened != NULL, error, "opening the history");
		us = (gdouble) (bench_now_ns () - began) / 1000.0;
		g_array_append_val (samples, us);
	}
	g_print ("%-34s %10s %10s %10s %10s  (microseconds)\n", "", "median", "p90", "p99", "max");
	emit (tsv, "open", samples, "qnav_history_new on the filled file");
	g_array_set_size (samples, 0);

	history = qnav_history_new (path, &error);
	check (history != NULL, error, "opening the history");
	analyzer = qnav_failure_analyzer_new (NULL);
	for (gint i = 0; i < options.records; i++) {
		QnavFailureAnalysis *analysis = qnav_failure_analyzer_analyze_text (
			analyzer, "bench", messages[i % G_N_ELEMENTS (messages)], -1, &error);
		check (analysis != NULL, error, "analysing");
		g_ptr_array_add (analyses, analysis);
	}
	for (gint i = 0; i < options.records; i++) {
		gint64 began = bench_now_ns ();
		gdouble us;

		check (qnav_history_record_analysis (history, g_ptr_array_index (analyses, i),
						     &error),
		       error, "recording");
		us = (gdouble) (bench_now_ns () - began) / 1000.0;
		g_array_append_val (samples, us);
	}
	for (guint i = 0; i < samples->len; i++)
		over_1ms += g_array_index (samples, gdouble, i) > 1000.0;
	/* the slow ones are the writes that run SQLite's WAL checkpoint (every ~1000 pages) */
	note = g_strdup_printf ("%d calls, one transaction each, %d rows stored before; %u over "
				"1 ms",
				options.records, options.rows, over_1ms);
	emit (tsv, "record_analysis", samples, note);

	probe = fingerprint_of (options.fingerprints / 2);
	for (guint q = 0; q < G_N_ELEMENTS (query_names); q++) {
		/* the whole-history document is heavy: fewer rounds */
		gint rounds = q == QUERY_JSON_ALL ? MAX (1, options.queries / 20) : options.queries;

		g_array_set_size (samples, 0);
		run_query (history, q, probe, hour_ago);
		for (gint i = 0; i < rounds; i++) {
			gint64 began = bench_now_ns ();
			gdouble us;

			run_query (history, q, probe, hour_ago);
			us = (gdouble) (bench_now_ns () - began) / 1000.0;
			g_array_append_val (samples, us);
		}
		emit (tsv, query_names[q], samples, NULL);
	}

	g_clear_object (&history);
	if (!options.keep)
		remove_history (path);
	if (made_dir != NULL && !options.keep)
		g_rmdir (made_dir);
	if (tsv != NULL)
		fclose (tsv);
	return 0;
}
