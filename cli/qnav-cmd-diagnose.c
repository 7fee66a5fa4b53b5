/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "qnav-cli.h"

#define RULE "============================================================"

/* The Python original's report layout, so its users' eyes and scripts still find things
 * where they were; the evidence and the fingerprint are added after the actions. */
static void
print_list (const gchar *label, const gchar *const *items)
{
	g_autoptr(GString) line = g_string_new (NULL);

	if (items == NULL || items[0] == NULL)
		return;
	for (guint i = 0; items[i] != NULL; i++) {
		g_autofree gchar *clean = qnav_cli_redact (items[i]);
		g_string_append_printf (line, "%s%s", i > 0 ? ", " : "", clean);
	}
	qnav_cli_print ("%s: %s\n", label, line->str);
}

static void
print_analysis (QnavFailureAnalysis *analysis)
{
	const gchar *const *actions = qnav_failure_analysis_get_recommended_actions (analysis);
	GPtrArray *evidence = qnav_failure_analysis_get_evidence (analysis);
	g_autofree gchar *description =
		qnav_cli_redact (qnav_failure_analysis_get_description (analysis));
	const gchar *const *notes = qnav_failure_analysis_get_notes (analysis);

	qnav_cli_print ("\nRoot Cause: %s\n",
			qnav_root_cause_to_string (qnav_failure_analysis_get_root_cause (analysis)));
	qnav_cli_print ("Confidence: %.0f%%\n",
			round (qnav_failure_analysis_get_confidence (analysis) * 100.0));
	qnav_cli_print ("Severity: %s\n",
			qnav_severity_to_string (qnav_failure_analysis_get_severity (analysis)));
	qnav_cli_print ("Description: %s\n\n", description);
	print_list ("Pattern Matches", qnav_failure_analysis_get_pattern_matches (analysis));
	print_list ("Affected Services", qnav_failure_analysis_get_affected_services (analysis));
	print_list ("Correlated Failures",
		    qnav_failure_analysis_get_correlated_failures (analysis));

	qnav_cli_print ("\nRecommended Actions:\n");
	for (guint i = 0; actions != NULL && actions[i] != NULL; i++) {
		g_autofree gchar *clean = qnav_cli_redact (actions[i]);
		qnav_cli_print ("  %u. %s\n", i + 1, clean);
	}

	if (evidence != NULL && evidence->len > 0) {
		qnav_cli_print ("\nEvidence:\n");
		for (guint i = 0; i < evidence->len; i++) {
			QnavEvidence *item = g_ptr_array_index (evidence, i);
			g_autofree gchar *signal = qnav_cli_redact (qnav_evidence_get_signal (item));
			g_autofree gchar *text = qnav_cli_redact (qnav_evidence_get_text (item));
			const gchar *source = qnav_evidence_get_source (item);
			const gchar *id = qnav_evidence_get_pattern_id (item);

			qnav_cli_print ("  %+.2f %s", qnav_evidence_get_weight (item),
					qnav_root_cause_to_string (qnav_evidence_get_category (item)));
			if (id != NULL)
				qnav_cli_print (" [%s]", id);
			if (source != NULL) {
				qnav_cli_print (" %s", source);
				if (qnav_evidence_get_line (item) > 0)
					qnav_cli_print (":%u", qnav_evidence_get_line (item));
			}
			if (qnav_evidence_get_kind (item) == QNAV_EVIDENCE_KIND_PATTERN &&
			    qnav_evidence_get_occurrences (item) > 1)
				qnav_cli_print (" (%u lines)", qnav_evidence_get_occurrences (item));
			qnav_cli_print ("\n      %s\n", *text != '\0' ? text : signal);
		}
	}
	for (guint i = 0; notes != NULL && notes[i] != NULL; i++)
		qnav_cli_print ("\nNote: %s\n", notes[i]);
	qnav_cli_print ("\nFingerprint: %s\n", qnav_failure_analysis_get_fingerprint (analysis));
}

/* Records the diagnosis; returns how often the same failure was diagnosed in the 24 hours
 * before. A history that cannot be opened costs a warning, never the diagnosis. */
static guint
record_in_history (QnavFailureAnalysis *analysis, const gchar *path, gboolean quiet)
{
	g_autofree gchar *default_path = path == NULL ? qnav_history_default_path () : NULL;
	g_autoptr(QnavHistory) history = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
	g_autoptr(GDateTime) day_ago = g_date_time_add_days (now, -1);
	g_autoptr(GError) local_error = NULL;
	guint seen = 0;

	history = qnav_history_new (path != NULL ? path : default_path, &local_error);
	if (history != NULL) {
		seen = qnav_history_count_occurrences (
			history, qnav_failure_analysis_get_fingerprint (analysis), day_ago,
			&local_error);
		if (local_error == NULL)
			qnav_history_record_analysis (history, analysis, &local_error);
	}
	if (local_error != NULL && !quiet)
		g_printerr ("qnav: warning: the diagnosis was not recorded in the history: %s\n",
			    local_error->message);
	return seen;
}

gint
qnav_cli_diagnose (QnavCli *cli, GError **error)
{
	g_autofree gchar *plugin = NULL;
	g_autofree gchar *error_text = NULL;
	g_autofree gchar *error_file = NULL;
	g_autofree gchar *output = NULL;
	g_auto(GStrv) logs = NULL;
	g_auto(GStrv) pattern_dirs = NULL;
	g_autofree gchar *history_path = NULL;
	gboolean json = FALSE, no_probes = FALSE, no_history = FALSE;
	guint seen_before = 0;
	const GOptionEntry entries[] = {
		{ "plugin", 'p', 0, G_OPTION_ARG_STRING, &plugin,
		  "The plugin, job or step that failed", "NAME" },
		{ "error", 'e', 0, G_OPTION_ARG_STRING, &error_text, "The failure text", "TEXT" },
		{ "error-file", 'f', 0, G_OPTION_ARG_FILENAME, &error_file,
		  "Read the failure text from a file (- for standard input)", "FILE" },
		{ "log", 'l', 0, G_OPTION_ARG_FILENAME_ARRAY, &logs,
		  "A log to scan as well (repeatable; streamed, any size)", "FILE" },
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
		  "Write the analysis JSON to a file", "FILE" },
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the analysis JSON", NULL },
		{ "no-probes", 0, 0, G_OPTION_ARG_NONE, &no_probes,
		  "Do not probe services, resources, logs or the network", NULL },
		{ "patterns", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &pattern_dirs,
		  "Load extra patterns from a directory (repeatable)", "DIR" },
		{ "history", 0, 0, G_OPTION_ARG_FILENAME, &history_path,
		  "The history database the diagnosis is recorded in (default: "
		  "$XDG_STATE_HOME/qnav, /var/lib/qnav as root)", "FILE" },
		{ "no-history", 0, 0, G_OPTION_ARG_NONE, &no_history,
		  "Do not record the diagnosis", NULL },
		{ NULL },
	};
	g_autoptr(GOptionContext) option_context = g_option_context_new ("- diagnose a failure");
	QnavPatternLibrary *library = NULL;
	g_autoptr(QnavFailureAnalyzer) analyzer = NULL;
	g_autoptr(QnavDiagnosticContext) context = NULL;
	g_autoptr(QnavFailureAnalysis) analysis = NULL;
	g_autoptr(GString) text = g_string_new (NULL);
	g_autofree gchar *document = NULL;

	g_option_context_add_main_entries (option_context, entries, NULL);
	g_option_context_set_description (
		option_context,
		"Prints the diagnosis in the Python original's layout, or the analysis JSON with\n"
		"--json; --output writes the JSON to a file in either case. Exits 0 whenever a\n"
		"diagnosis was made, whatever the cause found.");
	if (!qnav_cli_parse (option_context, cli, error))
		return 2;
	if (cli->argc > 1) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "diagnose: unexpected argument \"%s\" (quote the error text and pass "
			     "it with --error)",
			     cli->argv[1]);
		return 2;
	}
	if (error_text == NULL && error_file == NULL && logs == NULL) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
				     "diagnose: give the failure with --error TEXT, --error-file "
				     "FILE or --log FILE");
		return 2;
	}

	if (error_text != NULL)
		g_string_append (text, error_text);
	if (error_file != NULL) {
		g_autofree gchar *contents = NULL;
		gsize length = 0;
		if (!qnav_cli_read_input (error_file, &contents, &length, error)) {
			g_prefix_error (error, "diagnose: --error-file: ");
			return 1;
		}
		if (text->len > 0)
			g_string_append_c (text, '\n');
		/* NUL bytes would end the text early: they become spaces */
		for (gsize i = 0; i < length; i++) {
			if (contents[i] == '\0')
				contents[i] = ' ';
		}
		g_string_append_len (text, contents, (gssize) length);
	}

	library = qnav_cli_load_library (pattern_dirs, cli->quiet, error);
	if (library == NULL)
		return 1;
	context = qnav_diagnostic_context_new (plugin != NULL ? plugin : "unknown", text->str);
	for (guint i = 0; logs != NULL && logs[i] != NULL; i++)
		qnav_diagnostic_context_add_log_path (context, logs[i]);

	if (!json && !cli->quiet) {
		qnav_cli_print ("\n%s\nFailure Diagnosis: %s\n%s\n\n", RULE,
				plugin != NULL ? plugin : "unknown", RULE);
		if (!no_probes)
			qnav_cli_print ("[INFO] Collecting system diagnostics...\n");
	}
	if (!no_probes) {
		g_autoptr(QnavContextCollector) collector = qnav_context_collector_new ();
		if (!qnav_context_collector_collect (collector, context, NULL, error))
			return 1;
	}
	if (!json && !cli->quiet)
		qnav_cli_print ("[INFO] Analyzing failure...\n");

	analyzer = qnav_failure_analyzer_new (library);
	analysis = qnav_failure_analyzer_analyze (analyzer, context, NULL, error);
	if (analysis == NULL)
		return 1;
	if (!no_history)
		seen_before = record_in_history (analysis, history_path, cli->quiet);

	if (output != NULL || json)
		document = qnav_failure_analysis_to_json (analysis);
	if (output != NULL && !qnav_cli_write_output (output, document, error))
		return 1;
	if (json) {
		qnav_cli_print ("%s\n", document);
		return 0;
	}
	print_analysis (analysis);
	if (seen_before > 0)
		qnav_cli_print ("Seen before: %u time%s in the last 24 hours (qnav history "
				"--fingerprint %s)\n",
				seen_before, seen_before == 1 ? "" : "s",
				qnav_failure_analysis_get_fingerprint (analysis));
	if (output != NULL)
		qnav_cli_print ("\n[OK] Analysis saved to %s\n", output);
	return 0;
}
