/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * bench-analyze: what one qnav_failure_analyzer_analyze_text() call costs on a short, real
 * failure message, with the full embedded pattern library.
 *
 * For each message: warm-up calls, then --batches batches of --batch-size calls; the time of
 * a batch divided by its size is one per-call sample, and the median / p90 / p99 are taken
 * over those samples. Creating and freeing the QnavFailureAnalysis is part of each call, as
 * it is for a caller. Separately: the cost of building the library and the analyzer
 * (start-up), cold (first in the process, type registration included) and warm, and the
 * first analysis on a fresh library (keyword index build plus lazy regex compilation).
 *
 * Not part of the test suite: it measures, it does not judge.
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qnav.h"

#include "bench-stats.h"

typedef struct {
	const gchar *name;
	const gchar *text;
} Message;

/* one line each, as they appear in real runs */
static const Message messages[] = {
	{ "enospc", "OSError: [Errno 28] No space left on device: "
		    "'/var/lib/libvirt/images/rhel9-vm.qcow2'" },
	{ "libvirt-socket", "error: Failed to connect socket to "
			    "'/var/run/libvirt/libvirt-sock': No such file or directory" },
	{ "ansible-unreachable",
	  "fatal: [kvm-host-01]: UNREACHABLE! => {\"changed\": false, \"msg\": \"Failed to "
	  "connect to the host via ssh: ssh: connect to host 192.168.122.10 port 22: Connection "
	  "refused\", \"unreachable\": true}" },
	{ "libvirtd-down", "libvirtd is not running" },
	{ "ssh-publickey", "root@192.168.122.10: Permission denied (publickey,gssapi-keyex,"
			   "gssapi-with-mic)." },
	{ "unmatched", "[2024-05-14, 10:12:03 UTC] {taskinstance.py:1380} INFO - Executing "
		       "<Task(BashOperator): create_vm> on 2024-05-14 10:11:58+00:00" },
};

static void
analyze_once (QnavFailureAnalyzer *analyzer, const gchar *text, QnavRootCause *root_cause)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavFailureAnalysis) analysis =
		qnav_failure_analyzer_analyze_text (analyzer, "bench", text, -1, &error);

	if (analysis == NULL)
		g_error ("analysis failed: %s", error->message);
	if (root_cause != NULL)
		*root_cause = qnav_failure_analysis_get_root_cause (analysis);
}

static QnavFailureAnalyzer *
make_analyzer (void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavPatternLibrary) library = qnav_pattern_library_new_default (&error);

	if (library == NULL)
		g_error ("cannot load the embedded library: %s", error->message);
	return qnav_failure_analyzer_new (library);
}

typedef struct {
	gint batches;
	gint batch_size;
	gint warmup;
	gint fresh;
	gchar *tsv;
	gchar **extra;
} Options;

static void
emit (FILE *tsv, const gchar *name, const gchar *what, gdouble median, gdouble p90, gdouble p99,
      const gchar *note)
{
	g_print ("%-22s %-20s %10.2f %10.2f %10.2f  %s\n", name, what, median, p90, p99,
		 note != NULL ? note : "");
	if (tsv != NULL)
		fprintf (tsv, "%s\t%s\t%.3f\t%.3f\t%.3f\t%s\n", name, what, median, p90, p99,
			 note != NULL ? note : "");
}

/* start-up: library + analyzer, the first one in the process and then fresh ones */
static void
bench_startup (const Options *options, FILE *tsv)
{
	g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (gdouble));
	gint64 began = bench_now_ns ();
	g_autoptr(QnavFailureAnalyzer) first = make_analyzer ();
	gdouble cold = (gdouble) (bench_now_ns () - began) / 1000.0;
	g_autofree gchar *note = NULL;

	for (gint i = 0; i < options->fresh; i++) {
		g_autoptr(QnavFailureAnalyzer) analyzer = NULL;
		gdouble us;
		began = bench_now_ns ();
		analyzer = make_analyzer ();
		us = (gdouble) (bench_now_ns () - began) / 1000.0;
		g_array_append_val (samples, us);
	}
	bench_sort (samples);
	note = g_strdup_printf ("%u patterns; cold (first in process) %.1f us",
				qnav_pattern_library_get_size (
					qnav_failure_analyzer_get_library (first)),
				cold);
	emit (tsv, "startup", "library+analyzer", bench_percentile (samples, 50),
	      bench_percentile (samples, 90), bench_percentile (samples, 99), note);
}

/* the first analysis on a fresh library: index build and lazy regex compilation */
static void
bench_first (const Options *options, const Message *message, FILE *tsv)
{
	g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (gdouble));

	for (gint i = 0; i < options->fresh; i++) {
		g_autoptr(QnavFailureAnalyzer) analyzer = make_analyzer ();
		gint64 began = bench_now_ns ();
		gdouble us;
		analyze_once (analyzer, message->text, NULL);
		us = (gdouble) (bench_now_ns () - began) / 1000.0;
		g_array_append_val (samples, us);
	}
	bench_sort (samples);
	emit (tsv, message->name, "first-analysis", bench_percentile (samples, 50),
	      bench_percentile (samples, 90), bench_percentile (samples, 99), "fresh library each time");
}

static void
bench_steady (const Options *options, QnavFailureAnalyzer *analyzer, const Message *message,
	      FILE *tsv)
{
	g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (gdouble));
	QnavRootCause root_cause = QNAV_ROOT_CAUSE_UNKNOWN;

	for (gint i = 0; i < options->warmup; i++)
		analyze_once (analyzer, message->text, &root_cause);
	for (gint b = 0; b < options->batches; b++) {
		gint64 began = bench_now_ns ();
		gdouble us;
		for (gint i = 0; i < options->batch_size; i++)
			analyze_once (analyzer, message->text, NULL);
		us = (gdouble) (bench_now_ns () - began) / 1000.0 / options->batch_size;
		g_array_append_val (samples, us);
	}
	bench_sort (samples);
	emit (tsv, message->name, "analyze", bench_percentile (samples, 50), bench_percentile (samples, 90),
	      bench_percentile (samples, 99), qnav_root_cause_to_string (root_cause));
}

gint
main (gint argc, gchar **argv)
{
	Options options = { 1000, 100, 2000, 50, NULL, NULL };
	const GOptionEntry entries[] = {
		{ "batches", 'b', 0, G_OPTION_ARG_INT, &options.batches,
		  "Timed batches per message (default 1000)", "N" },
		{ "batch-size", 's', 0, G_OPTION_ARG_INT, &options.batch_size,
		  "Calls per batch (default 100)", "N" },
		{ "warmup", 'w', 0, G_OPTION_ARG_INT, &options.warmup,
		  "Untimed calls before each message (default 2000)", "N" },
		{ "fresh", 'f', 0, G_OPTION_ARG_INT, &options.fresh,
		  "Fresh libraries for the start-up and first-analysis figures (default 50)", "N" },
		{ "tsv", 0, 0, G_OPTION_ARG_FILENAME, &options.tsv,
		  "Also write the results as tab-separated values to FILE", "FILE" },
		{ "message", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &options.extra,
		  "Benchmark this text instead of the built-in messages (repeatable)", "TEXT" },
		{ NULL },
	};
	g_autoptr(GOptionContext) context = g_option_context_new ("- time the failure analyzer");
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavFailureAnalyzer) analyzer = NULL;
	g_autoptr(GArray) selected = g_array_new (FALSE, FALSE, sizeof (Message));
	g_autofree gchar **extra_names = NULL;
	FILE *tsv = NULL;

	g_option_context_add_main_entries (context, entries, NULL);
	if (!g_option_context_parse (context, &argc, &argv, &error)) {
		g_printerr ("%s\n", error->message);
		return 2;
	}
	if (options.batches < 1 || options.batch_size < 1 || options.warmup < 0 ||
	    options.fresh < 1) {
		g_printerr ("--batches, --batch-size and --fresh must be at least 1\n");
		return 2;
	}
	if (options.extra != NULL) {
		guint n = g_strv_length (options.extra);
		extra_names = g_new0 (gchar *, n + 1);
		for (guint i = 0; i < n; i++) {
			Message message = { NULL, options.extra[i] };
			extra_names[i] = g_strdup_printf ("message-%u", i + 1);
			message.name = extra_names[i];
			g_array_append_val (selected, message);
		}
	} else {
		g_array_append_vals (selected, messages, G_N_ELEMENTS (messages));
	}
	if (options.tsv != NULL) {
		tsv = fopen (options.tsv, "w");
		if (tsv == NULL) {
			g_printerr ("cannot write %s: %s\n", options.tsv, g_strerror (errno));
			return 1;
		}
		fprintf (tsv, "name\tmeasure\tmedian_us\tp90_us\tp99_us\tnote\n");
	}

	g_print ("# bench-analyze: %d batches x %d calls per message, %d warm-up calls, "
		 "%d fresh libraries\n",
		 options.batches, options.batch_size, options.warmup, options.fresh);
	g_print ("%-22s %-20s %10s %10s %10s  %s\n", "name", "measure", "median_us", "p90_us",
		 "p99_us", "note");

	bench_startup (&options, tsv);
	for (guint i = 0; i < selected->len; i++)
		bench_first (&options, &g_array_index (selected, Message, i), tsv);

	analyzer = make_analyzer ();
	for (guint i = 0; i < selected->len; i++)
		bench_steady (&options, analyzer, &g_array_index (selected, Message, i), tsv);

	if (tsv != NULL)
		fclose (tsv);
	for (guint i = 0; extra_names != NULL && extra_names[i] != NULL; i++)
		g_free (extra_names[i]);
	g_strfreev (options.extra);
	g_free (options.tsv);
	return 0;
}
