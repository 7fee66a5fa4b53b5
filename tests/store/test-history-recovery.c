/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The history with the real recovery classes: plans from QnavRecoveryPlanner and execution
 * results from QnavRecoveryExecutor, recorded and read back. The planner and the executor may
 * record into their own history as well; these tests give them another one, and look only at
 * what the calls under test added. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <qnav.h>

#include "qnav-test-util.h"

#include "qnav-failure-analysis-private.h"

typedef struct {
	gchar *dir;
	QnavHistory *history; /* the one under test */
	QnavHistory *other;   /* the planner's and the executor's */
	QnavFailureAnalysis *analysis;
	QnavRecoveryPlan *plan;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *path = NULL;
	g_autofree gchar *other_path = NULL;
	g_autoptr(QnavFailureAnalyzer) analyzer = qnav_failure_analyzer_new (NULL);
	g_autoptr(QnavRecoveryPlanner) planner = NULL;

	fixture->dir = g_dir_make_tmp ("qnav-history-recovery-XXXXXX", &error);
	g_assert_no_error (error);
	path = g_build_filename (fixture->dir, "history.db", NULL);
	other_path = g_build_filename (fixture->dir, "other.db", NULL);
	fixture->history = qnav_history_new (path, &error);
	g_assert_no_error (error);
	fixture->other = qnav_history_new (other_path, &error);
	g_assert_no_error (error);

	fixture->analysis = qnav_failure_analyzer_analyze_text (
		analyzer, "kvm-setup", "libvirtd is not running", -1, &error);
	g_assert_no_error (error);
	/* what a probe on the host saw: the unit is down, so the plan has commands to run */
	{
		g_autoptr(QnavDiagnosticContext) context = qnav_diagnostic_context_new_from_json (
			"{\"services\": {\"libvirt\": {\"unit\": \"libvirtd.service\", "
			"\"backend\": \"systemd\", \"found\": true, \"active\": false, "
			"\"state\": \"failed\"}}}",
			-1, &error);
		g_assert_no_error (error);
		qnav_failure_analysis_set_context (fixture->analysis, context);
	}
	planner = qnav_recovery_planner_new (fixture->other);
	fixture->plan = qnav_recovery_planner_plan (planner, fixture->analysis, &error);
	g_assert_no_error (error);
	g_assert_nonnull (fixture->plan);
	g_assert_nonnull (qnav_recovery_plan_get_recommended (fixture->plan));
	g_assert_cmpstr (qnav_recovery_plan_get_fingerprint (fixture->plan), ==,
			 qnav_failure_analysis_get_fingerprint (fixture->analysis));
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
	g_clear_object (&fixture->plan);
	g_clear_object (&fixture->analysis);
	g_clear_object (&fixture->history);
	g_clear_object (&fixture->other);
	qnav_test_remove_tree (fixture->dir);
	g_free (fixture->dir);
}

static JsonObject *
events_of (QnavHistory *history, const gchar *fingerprint, const gchar *kind, guint *count)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *json = qnav_history_to_json (history, fingerprint, 0, &error);
	g_autoptr(JsonNode) node = NULL;
	JsonObject *newest = NULL;
	JsonArray *list, *events;

	g_assert_no_error (error);
	node = json_from_string (json, &error);
	g_assert_no_error (error);
	*count = 0;
	list = json_object_get_array_member (json_node_get_object (node), "fingerprints");
	if (json_array_get_length (list) == 0)
		return NULL;
	events = json_object_get_array_member (json_array_get_object_element (list, 0), "events");
	for (guint i = 0; i < json_array_get_length (events); i++) {
		JsonObject *event = json_array_get_object_element (events, i);
		if (g_strcmp0 (json_object_get_string_member (event, "kind"), kind) != 0)
			continue;
		if (newest == NULL)
			newest = json_object_ref (event);
		(*count)++;
	}
	return newest;
}

static void
test_plan (Fixture *fixture, gconstpointer data)
{
	const gchar *fingerprint = qnav_recovery_plan_get_fingerprint (fixture->plan);
	QnavRecoveryOption *recommended = qnav_recovery_plan_get_recommended (fixture->plan);
	g_autoptr(JsonObject) event = NULL;
	g_autoptr(GError) error = NULL;
	guint before = 0, after = 0;
	JsonObject *plan;

	event = events_of (fixture->history, fingerprint, "plan", &before);
	g_assert_true (qnav_history_record_plan (fixture->history, fixture->plan, &error));
	g_assert_no_error (error);
	g_clear_pointer (&event, json_object_unref);
	event = events_of (fixture->history, fingerprint, "plan", &after);
	g_assert_cmpuint (after, ==, before + 1);
	g_assert_nonnull (event);
	g_assert_cmpstr (json_object_get_string_member (event, "recommended"), ==,
			 qnav_recovery_action_to_string (
				 qnav_recovery_option_get_action (recommended)));
	/* the whole plan document is kept */
	plan = json_object_get_object_member (event, "plan");
	g_assert_nonnull (plan);
	g_assert_cmpint (json_object_get_int_member (plan, "schema_version"), ==, 1);
}

static void
test_execution (Fixture *fixture, gconstpointer data)
{
	const gchar *fingerprint = qnav_recovery_plan_get_fingerprint (fixture->plan);
	QnavRecoveryOption *option = qnav_recovery_plan_get_recommended (fixture->plan);
	QnavRecoveryAction action;
	g_autoptr(QnavRecoveryExecutor) executor = qnav_recovery_executor_new (fixture->other);
	g_autoptr(QnavExecutionResult) result = NULL;
	g_autoptr(JsonObject) event = NULL;
	g_autoptr(GError) error = NULL;
	guint before = 0, after = 0, attempts = 99;
	gdouble rate;

	/* the recommended option starts the unit: something to run */
	g_assert_cmpuint (qnav_recovery_option_get_commands (option)->len, >, 0);
	action = qnav_recovery_option_get_action (option);

	/* a dry run: nothing runs on this host */
	qnav_recovery_executor_set_dry_run (executor, TRUE);
	result = qnav_recovery_executor_execute (executor, fixture->plan, option, NULL, &error);
	g_assert_no_error (error);
	g_assert_nonnull (result);
	g_assert_cmpint (qnav_execution_result_get_status (result), ==, QNAV_EXECUTION_DRY_RUN);
	g_assert_cmpstr (qnav_execution_result_get_fingerprint (result), ==, fingerprint);

	event = events_of (fixture->history, fingerprint, "execution", &before);
	g_assert_cmpuint (before, ==, 0);
	g_assert_true (qnav_history_record_execution (fixture->history, result, &error));
	g_assert_no_error (error);
	g_clear_pointer (&event, json_object_unref);
	event = events_of (fixture->history, fingerprint, "execution", &after);
	g_assert_cmpuint (after, ==, 1);
	g_assert_cmpstr (json_object_get_string_member (event, "action"), ==,
			 qnav_recovery_action_to_string (action));
	g_assert_cmpstr (json_object_get_string_member (event, "status"), ==, "dry_run");
	g_assert_cmpint (json_object_get_boolean_member (event, "automatic"), ==,
			 qnav_execution_result_get_automatic (result));

	/* a dry run is no attempt and no automatic recovery */
	rate = qnav_history_get_success_rate (fixture->history, fingerprint, action, &attempts,
					      &error);
	g_assert_no_error (error);
	g_assert_cmpfloat (rate, ==, -1.0);
	g_assert_cmpuint (attempts, ==, 0);
	g_assert_cmpuint (qnav_history_count_automatic_executions (fixture->history, fingerprint,
								   NULL, &error),
			  ==, 0);
	g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
	g_test_init (&argc, &argv, NULL);

	g_test_add ("/qnav/history/recovery/plan", Fixture, NULL, fixture_setup, test_plan,
		    fixture_teardown);
	g_test_add ("/qnav/history/recovery/execution", Fixture, NULL, fixture_setup,
		    test_execution, fixture_teardown);
	return g_test_run ();
}
