/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The plan reader (`qnav recover --plan-file`): any bytes in, a plan or a clear error out.
 * What it accepts it must write back and read again unchanged and print as Markdown, and the
 * analysis inside must plan again into options ranked 1…n with one recommended. */

#include "config.h"

#include "qnav.h"

int LLVMFuzzerTestOneInput (const guint8 *data, gsize size);

static void
check_replan (QnavFailureAnalysis *analysis)
{
	g_autoptr(QnavRecoveryPlanner) planner = qnav_recovery_planner_new (NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavRecoveryPlan) plan = qnav_recovery_planner_plan (planner, analysis, &error);
	g_autoptr(QnavRecoveryPlan) back = NULL;
	g_autofree gchar *json = NULL;
	GPtrArray *options;
	QnavRecoveryOption *recommended;
	gboolean escalates = FALSE;

	g_assert_no_error (error);
	options = qnav_recovery_plan_get_options (plan);
	recommended = qnav_recovery_plan_get_recommended (plan);
	g_assert_cmpuint (options->len, >, 0);
	g_assert_nonnull (recommended);
	g_assert_true (g_ptr_array_find (options, recommended, NULL));
	for (guint i = 0; i < options->len; i++) {
		QnavRecoveryOption *option = g_ptr_array_index (options, i);
		g_assert_cmpuint (qnav_recovery_option_get_priority (option), ==, i + 1);
		if (qnav_recovery_option_get_action (option) == QNAV_RECOVERY_ACTION_ESCALATE)
			escalates = TRUE;
	}
	g_assert_true (escalates);

	/* what the planner writes, the reader takes */
	json = qnav_recovery_plan_to_json (plan);
	back = qnav_recovery_plan_new_from_json (json, -1, &error);
	g_assert_no_error (error);
}

int
LLVMFuzzerTestOneInput (const guint8 *data, gsize size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavRecoveryPlan) plan =
		qnav_recovery_plan_new_from_json ((const gchar *) data, (gssize) size, &error);
	g_autoptr(QnavRecoveryPlan) again = NULL;
	g_autofree gchar *json = NULL;
	g_autofree gchar *json_again = NULL;
	g_autofree gchar *markdown = NULL;

	if (plan == NULL) {
		g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
		g_assert_true (g_utf8_validate (error->message, -1, NULL));
		return 0;
	}
	json = qnav_recovery_plan_to_json (plan);
	again = qnav_recovery_plan_new_from_json (json, -1, &error);
	g_assert_no_error (error);
	json_again = qnav_recovery_plan_to_json (again);
	g_assert_cmpstr (json, ==, json_again);

	markdown = qnav_recovery_plan_to_markdown (plan);
	g_assert_true (g_utf8_validate (markdown, -1, NULL));

	check_replan (qnav_recovery_plan_get_analysis (plan));
	return 0;
}
