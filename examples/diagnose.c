/*
 * Diagnose a failure text with libqnav from C.
 *
 *   cc -o diagnose diagnose.c $(pkg-config --cflags --libs qnav-0.1)
 *   ./diagnose [FAILURE-FILE]
 *
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <math.h>
#include <stdio.h>

#include <qnav.h>

/* descriptions, sources and signals may be NULL (an analysis read from an old document) */
static const gchar *
or_empty (const gchar *text)
{
	return text != NULL ? text : "";
}

static void
print_analysis (QnavFailureAnalysis *analysis)
{
	QnavRootCause root_cause = qnav_failure_analysis_get_root_cause (analysis);
	GPtrArray *evidence = qnav_failure_analysis_get_evidence (analysis);
	const gchar *const *actions = qnav_failure_analysis_get_recommended_actions (analysis);

	printf ("%s failed\n", qnav_failure_analysis_get_plugin (analysis));
	printf ("Root cause: %s (%.0f%% confident, severity %s)\n",
		qnav_root_cause_to_string (root_cause),
		round (qnav_failure_analysis_get_confidence (analysis) * 100.0),
		qnav_severity_to_string (qnav_failure_analysis_get_severity (analysis)));
	printf ("Why: %s\n", or_empty (qnav_failure_analysis_get_description (analysis)));

	/* the evidence for the root cause, strongest first: lines of the text, probe results */
	for (guint i = 0; i < evidence->len; i++) {
		QnavEvidence *item = g_ptr_array_index (evidence, i);

		if (qnav_evidence_get_category (item) != root_cause ||
		    qnav_evidence_get_weight (item) <= 0.0)
			continue;
		if (qnav_evidence_get_line (item) > 0)
			printf ("Evidence, line %u: %s\n", qnav_evidence_get_line (item),
				or_empty (qnav_evidence_get_text (item)));
		else
			printf ("Evidence, %s: %s\n", or_empty (qnav_evidence_get_source (item)),
				or_empty (qnav_evidence_get_signal (item)));
	}
	for (guint i = 0; actions[i] != NULL; i++)
		printf ("Do %u: %s\n", i + 1, actions[i]);
	printf ("Fingerprint: %s\n", or_empty (qnav_failure_analysis_get_fingerprint (analysis)));
}

int
main (int argc, char *argv[])
{
	const gchar *path = argc > 1 ? argv[1] : "sample-failure.txt";
	g_autofree gchar *text = NULL;
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavDiagnosticContext) context = NULL;
	g_autoptr(QnavPatternLibrary) library = NULL;
	g_autoptr(QnavFailureAnalyzer) analyzer = NULL;
	g_autoptr(QnavFailureAnalysis) analysis = NULL;

	if (!g_file_get_contents (path, &text, NULL, &error)) {
		fprintf (stderr, "diagnose: %s\n", error->message);
		return 1;
	}

	context = qnav_diagnostic_context_new ("freeipa_deployment.start_vm", text);
	library = qnav_pattern_library_new_default (&error);
	if (library == NULL) {
		fprintf (stderr, "diagnose: %s\n", error->message);
		return 1;
	}
	analyzer = qnav_failure_analyzer_new (library);
	analysis = qnav_failure_analyzer_analyze (analyzer, context, NULL, &error);
	if (analysis == NULL) {
		fprintf (stderr, "diagnose: %s\n", error->message);
		return 1;
	}

	print_analysis (analysis);
	return 0;
}
