/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The analyzer over any failure text: bytes of any kind (NUL, invalid UTF-8, huge lines)
 * give an analysis whose JSON is valid UTF-8, or the "nothing to analyze" error. */

#include "config.h"

#include "qnav.h"

int LLVMFuzzerTestOneInput (const guint8 *data, gsize size);

static QnavFailureAnalyzer *analyzer;

int
LLVMFuzzerTestOneInput (const guint8 *data, gsize size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavFailureAnalysis) analysis = NULL;
	g_autofree gchar *json = NULL;

	if (analyzer == NULL)
		analyzer = qnav_failure_analyzer_new (NULL);
	analysis = qnav_failure_analyzer_analyze_text (analyzer, "fuzz", (const gchar *) data,
						       (gssize) size, &error);
	if (analysis == NULL) {
		g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT);
		return 0;
	}
	json = qnav_failure_analysis_to_json (analysis);
	g_assert_true (g_utf8_validate (json, -1, NULL));
	return 0;
}
