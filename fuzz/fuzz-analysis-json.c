/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The analysis reader (`qnav plan --analysis-file`): any bytes in, an analysis or a clear
 * error out; what it accepts it must write back and read again unchanged. */

#include "config.h"

#include "qnav.h"

int LLVMFuzzerTestOneInput (const guint8 *data, gsize size);

int
LLVMFuzzerTestOneInput (const guint8 *data, gsize size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavFailureAnalysis) analysis =
		qnav_failure_analysis_new_from_json ((const gchar *) data, (gssize) size, &error);
	g_autoptr(QnavFailureAnalysis) again = NULL;
	g_autofree gchar *json = NULL;
	g_autofree gchar *json_again = NULL;

	if (analysis == NULL) {
		g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
		return 0;
	}
	json = qnav_failure_analysis_to_json (analysis);
	again = qnav_failure_analysis_new_from_json (json, -1, &error);
	g_assert_no_error (error);
	json_again = qnav_failure_analysis_to_json (again);
	g_assert_cmpstr (json, ==, json_again);
	return 0;
}
