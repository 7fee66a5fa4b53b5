/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "qnav.h"
#include "qnav-recovery-executor-private.h"
#include "qnav-recovery-plan-private.h"
#include "qnav-test-util.h"

/* The executor against real commands in a temporary directory, where the "service" is a file:
 * it is up when DIR/service-up exists. The check and the verification are `test -e` on it,
 * the fix is `touch`. Every command that matters runs through tests/recovery/executor/log-run,
 * which appends its name and PID to DIR/log before it becomes the command: the log says what
 * ran, and the PIDs say whether a stopped process is really gone. */

typedef struct {
	gchar *dir;
	gchar *service;
	gchar *log;
	gchar *mute;
	QnavRecoveryExecutor *executor;
	guint approve_calls;
	gboolean approve_answer;
	QnavRecoveryPlan *approve_plan;
	QnavRecoveryOption *approve_option;
	guint denied_signals;
	GPtrArray *events; /* "started:ROLE", "finished:ROLE:STATUS" */
} Fixture;

static gchar *
helper_path (const gchar *name)
{
	return g_test_build_filename (G_TEST_DIST, "recovery", "executor", name, NULL);
}

static gboolean
approve_cb (QnavRecoveryExecutor *executor, QnavRecoveryPlan *plan, QnavRecoveryOption *option,
	    Fixture *fixture)
{
	fixture->approve_calls++;
	fixture->approve_plan = plan;
	fixture->approve_option = option;
	return fixture->approve_answer;
}

static void
denied_cb (QnavRecoveryExecutor *executor, QnavRecoveryOption *option, Fixture *fixture)
{
	fixture->denied_signals++;
}

static void
started_cb (QnavRecoveryExecutor *executor, QnavCommand *command, const gchar *role,
	    Fixture *fixture)
{
	g_assert_true (QNAV_IS_COMMAND (command));
	g_ptr_array_add (fixture->events, g_strdup_printf ("started:%s", role));
}

static void
finished_cb (QnavRecoveryExecutor *executor, QnavCommandResult *result, Fixture *fixture)
{
	g_ptr_array_add (fixture->events,
			 g_strdup_printf ("finished:%s:%d", qnav_command_result_get_role (result),
					  qnav_command_result_get_exit_status (result)));
}

static void
fixture_set_up (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(GError) error = NULL;

	fixture->dir = g_dir_make_tmp ("qnav-executor-XXXXXX", &error);
	g_assert_no_error (error);
	fixture->service = g_build_filename (fixture->dir, "service-up", NULL);
	fixture->log = g_build_filename (fixture->dir, "log", NULL);
	fixture->mute = g_build_filename (fixture->dir, "mute", NULL);
	g_assert_true (g_file_set_contents (fixture->log, "", 0, NULL));
	fixture->events = g_ptr_array_new_with_free_func (g_free);

	fixture->executor = qnav_recovery_executor_new (NULL);
	/* never the host's /etc/qnav/mute */
	qnav_recovery_executor_set_mute_file (fixture->executor, fixture->mute);
	qnav_recovery_executor_set_kill_grace_ms (fixture->executor, 500);
	qnav_recovery_executor_set_poll_interval_ms (fixture->executor, 100);
	g_signal_connect (fixture->executor, "approval-denied", G_CALLBACK (denied_cb), fixture);
	g_signal_connect (fixture->executor, "command-started", G_CALLBACK (started_cb), fixture);
	g_signal_connect (fixture->executor, "command-finished", G_CALLBACK (finished_cb),
			  fixture);
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer user_data)
{
	g_clear_object (&fixture->executor);
	qnav_test_remove_tree (fixture->dir);
	g_free (fixture->dir);
	g_free (fixture->service);
	g_free (fixture->log);
	g_free (fixture->mute);
	g_ptr_array_unref (fixture->events);
}

static void
connect_approver (Fixture *fixture, gboolean answer)
{
	fixture->approve_answer = answer;
	g_signal_connect (fixture->executor, "approve", G_CALLBACK (approve_cb), fixture);
}

/* ---- plans and options, through the public API ---- */

/* A plan for a diagnosis with exactly @confidence and @fingerprint: an analysis document as
 * `qnav diagnose --json` writes it, read back, then planned. */
static QnavRecoveryPlan *
plan_with_confidence (gdouble confidence, const gchar *fingerprint)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *json = g_strdup_printf (
		"{\"schema_version\": 1, \"plugin\": \"test-service\", \"root_cause\": "
		"\"service_dependency\", \"confidence\": %.3f, \"severity\": \"high\", "
		"\"description\": \"test-service is not running\", \"affected_services\": "
		"[\"test-service\"], \"fingerprint\": \"%s\", \"error_message\": \"test-service "
		"is not running\"}",
		confidence, fingerprint);
	g_autoptr(QnavFailureAnalysis) analysis = qnav_failure_analysis_new_from_json (json, -1,
										       &error);
	g_autoptr(QnavRecoveryPlanner) planner = qnav_recovery_planner_new (NULL);
	QnavRecoveryPlan *plan;

	g_assert_no_error (error);
	g_assert_cmpfloat_with_epsilon (qnav_failure_analysis_get_confidence (analysis), confidence,
					0.0005);
	plan = qnav_recovery_planner_plan (planner, analysis, &error);
	g_assert_no_error (error);
	g_assert_nonnull (plan);
	return plan;
}

/* A plan from a real diagnosis of a real failure text. */
static QnavRecoveryPlan *
plan_from_text (const gchar *text)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavPatternLibrary) library = qnav_pattern_library_new_default (&error);
	g_autoptr(QnavFailureAnalyzer) analyzer = NULL;
	g_autoptr(QnavFailureAnalysis) analysis = NULL;
	g_autoptr(QnavRecoveryPlanner) planner = qnav_recovery_planner_new (NULL);
	QnavRecoveryPlan *plan;

	g_assert_no_error (error);
	analyzer = qnav_failure_analyzer_new (library);
	analysis = qnav_failure_analyzer_analyze_text (analyzer, "test-service", text, -1, &error);
	g_assert_no_error (error);
	plan = qnav_recovery_planner_plan (planner, analysis, &error);
	g_assert_no_error (error);
	g_assert_nonnull (plan);
	return plan;
}

static QnavCommand *
command_new (const gchar *description, const gchar *first, ...) G_GNUC_NULL_TERMINATED;

static QnavCommand *
command_new (const gchar *description, const gchar *first, ...)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new_null_terminated (8, NULL, TRUE);
	va_list args;

	va_start (args, first);
	for (const gchar *arg = first; arg != NULL; arg = va_arg (args, const gchar *))
		g_ptr_array_add (argv, (gpointer) arg);
	va_end (args);
	return qnav_command_new ((const gchar *const *) argv->pdata, description);
}

/* A command that logs NAME and its PID, then runs the rest. */
static QnavCommand *
logged_command (Fixture *fixture, const gchar *name, const gchar *first, ...)
	G_GNUC_NULL_TERMINATED;

static QnavCommand *
logged_command (Fixture *fixture, const gchar *name, const gchar *first, ...)
{
	g_autofree gchar *helper = helper_path ("log-run");
	g_autoptr(GPtrArray) argv = g_ptr_array_new_null_terminated (8, NULL, TRUE);
	va_list args;

	g_ptr_array_add (argv, helper);
	g_ptr_array_add (argv, fixture->log);
	g_ptr_array_add (argv, (gpointer) name);
	va_start (args, first);
	for (const gchar *arg = first; arg != NULL; arg = va_arg (args, const gchar *))
		g_ptr_array_add (argv, (gpointer) arg);
	va_end (args);
	return qnav_command_new ((const gchar *const *) argv->pdata, name);
}

/* check = test -e SERVICE; act = touch SERVICE (logged); verify = test -e SERVICE */
static QnavRecoveryOption *
service_option (Fixture *fixture, QnavRisk risk)
{
	QnavRecoveryOption *option =
		qnav_recovery_option_new (QNAV_RECOVERY_ACTION_RETRY, "Start test-service");
	g_autoptr(QnavCommand) check = command_new ("is it up?", "test", "-e", fixture->service,
						    NULL);
	g_autoptr(QnavCommand) act = logged_command (fixture, "act", "touch", fixture->service,
						     NULL);
	g_autoptr(QnavCommand) verify = command_new ("did it come up?", "test", "-e",
						     fixture->service, NULL);

	qnav_recovery_option_set_risk (option, risk);
	qnav_recovery_option_set_check (option, check);
	qnav_recovery_option_add_command (option, act);
	qnav_recovery_option_set_verify (option, verify);
	return option;
}

static gchar *
read_log (Fixture *fixture)
{
	g_autofree gchar *contents = NULL;

	g_assert_true (g_file_get_contents (fixture->log, &contents, NULL, NULL));
	return g_steal_pointer (&contents);
}

/* The names in the log, one per line, without the PIDs. */
static gchar *
log_names (Fixture *fixture)
{
	g_autofree gchar *contents = read_log (fixture);
	g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
	g_autoptr(GString) names = g_string_new (NULL);

	for (guint i = 0; lines[i] != NULL; i++) {
		g_auto(GStrv) words = g_strsplit (lines[i], " ", 2);
		if (words[0] == NULL || *words[0] == '\0')
			continue;
		g_string_append_printf (names, "%s%s", names->len > 0 ? "," : "", words[0]);
	}
	return g_string_free (g_steal_pointer (&names), FALSE);
}

static QnavExecutionResult *
execute (Fixture *fixture, QnavRecoveryPlan *plan, QnavRecoveryOption *option)
{
	g_autoptr(GError) error = NULL;
	QnavExecutionResult *result =
		qnav_recovery_executor_execute (fixture->executor, plan, option, NULL, &error);

	g_assert_no_error (error);
	g_assert_nonnull (result);
	g_test_message ("%s: %s",
			qnav_execution_status_to_string (qnav_execution_result_get_status (result)),
			qnav_execution_result_get_message (result));
	return result;
}

#define assert_status(result, expected)                                                            \
	g_assert_cmpstr (qnav_execution_status_to_string (                                         \
				 qnav_execution_result_get_status (result)),                       \
			 ==, qnav_execution_status_to_string (expected))

/* "check:1,act:0,verify:0" */
static gchar *
command_summary (QnavExecutionResult *result)
{
	GPtrArray *commands = qnav_execution_result_get_commands (result);
	g_autoptr(GString) text = g_string_new (NULL);

	for (guint i = 0; i < commands->len; i++) {
		QnavCommandResult *command = g_ptr_array_index (commands, i);
		g_string_append_printf (text, "%s%s:%d", i > 0 ? "," : "",
					qnav_command_result_get_role (command),
					qnav_command_result_get_exit_status (command));
	}
	return g_string_free (g_steal_pointer (&text), FALSE);
}

static gchar *
event_summary (Fixture *fixture)
{
	g_ptr_array_add (fixture->events, NULL);
	{
		g_autofree gchar *text = g_strjoinv (",", (gchar **) fixture->events->pdata);
		g_ptr_array_remove_index (fixture->events, fixture->events->len - 1);
		return g_steal_pointer (&text);
	}
}

/* Gone, or dead and waiting for its new parent (init) to reap it: a zombie runs nothing. */
static gboolean
process_is_gone (GPid pid)
{
	g_autofree gchar *stat_path = g_strdup_printf ("/proc/%d/stat", (gint) pid);
	g_autofree gchar *stat = NULL;
	const gchar *end;

	if (kill (pid, 0) < 0 && errno == ESRCH)
		return TRUE;
	if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
		return TRUE;
	/* "PID (COMM) STATE …"; COMM may hold spaces and parentheses */
	end = strrchr (stat, ')');
	return end != NULL && end[1] == ' ' && end[2] == 'Z';
}

static guint
execution_attempts (QnavRecoveryPlan *plan)
{
	guint attempts = 0;

	g_object_get (plan, "execution-attempts", &attempts, NULL);
	return attempts;
}

/* ---- check → act → verify ---- */

static void
test_fix_runs_and_holds (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_from_text (
		"Job for test-service.service failed because the control process exited with "
		"error code.\nsystemd[1]: test-service.service: Main process exited, "
		"code=exited, status=1/FAILURE");
	g_autoptr(QnavRecoveryOption) option = service_option (fixture, QNAV_RISK_MEDIUM);
	g_autoptr(QnavExecutionResult) result = NULL;
	g_autofree gchar *commands = NULL, *events = NULL, *names = NULL;
	GPtrArray *list;

	connect_approver (fixture, TRUE);
	result = execute (fixture, plan, option);

	assert_status (result, QNAV_EXECUTION_SUCCEEDED);
	g_assert_true (qnav_execution_result_get_succeeded (result));
	g_assert_true (g_file_test (fixture->service, G_FILE_TEST_EXISTS));
	commands = command_summary (result);
	g_assert_cmpstr (commands, ==, "check:1,act:0,verify:0");
	names = log_names (fixture);
	g_assert_cmpstr (names, ==, "act");
	/* one signal per transition, in order */
	events = event_summary (fixture);
	g_assert_cmpstr (events, ==,
			 "started:check,finished:check:1,started:act,finished:act:0,"
			 "started:verify,finished:verify:0");
	/* asked once, with this plan and this option; an approved run is not automatic */
	g_assert_cmpuint (fixture->approve_calls, ==, 1);
	g_assert_true (fixture->approve_plan == plan);
	g_assert_true (fixture->approve_option == option);
	g_assert_false (qnav_execution_result_get_automatic (result));
	g_assert_cmpstr (qnav_execution_result_get_fingerprint (result), ==,
			 qnav_recovery_plan_get_fingerprint (plan));
	g_assert_cmpint (qnav_execution_result_get_action (result), ==,
			 QNAV_RECOVERY_ACTION_RETRY);
	g_assert_cmpint (g_date_time_compare (qnav_execution_result_get_started (result),
					      qnav_execution_result_get_finished (result)),
			 <=, 0);
	list = qnav_execution_result_get_commands (result);
	for (guint i = 0; i < list->len; i++) {
		QnavCommandResult *command = g_ptr_array_index (list, i);
		g_assert_true (qnav_command_result_get_ran (command));
		g_assert_false (qnav_command_result_get_timed_out (command));
		g_assert_cmpfloat (qnav_command_result_get_duration_seconds (command), >=, 0.0);
	}
	g_assert_nonnull (strstr (qnav_execution_result_get_message (result), "holds"));
	g_assert_cmpuint (execution_attempts (plan), ==, 1);
}

static void
test_already_done (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.9, "fp-already-done");
	g_autoptr(QnavRecoveryOption) option = service_option (fixture, QNAV_RISK_MEDIUM);
	g_autoptr(QnavExecutionResult) result = NULL;
	g_autoptr(QnavExecutionResult) again = NULL;
	g_autofree gchar *log = NULL, *commands = NULL;

	g_assert_true (g_file_set_contents (fixture->service, "", 0, NULL));
	connect_approver (fixture, TRUE);
	result = execute (fixture, plan, option);

	assert_status (result, QNAV_EXECUTION_ALREADY_DONE);
	g_assert_true (qnav_execution_result_get_succeeded (result));
	commands = command_summary (result);
	g_assert_cmpstr (commands, ==, "check:0");
	log = read_log (fixture);
	g_assert_cmpstr (log, ==, "");

	/* idempotent: a second execution changes nothing either */
	again = execute (fixture, plan, option);
	assert_status (again, QNAV_EXECUTION_ALREADY_DONE);
	g_clear_pointer (&log, g_free);
	log = read_log (fixture);
	g_assert_cmpstr (log, ==, "");
}

static void
test_fix_does_not_hold (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.9, "fp-not-held");
	g_autoptr(QnavRecoveryOption) option =
		qnav_recovery_option_new (QNAV_RECOVERY_ACTION_RETRY, "Start test-service");
	g_autoptr(QnavCommand) check = command_new (NULL, "test", "-e", fixture->service, NULL);
	g_autoptr(QnavCommand) act = logged_command (fixture, "act", "true", NULL);
	g_autoptr(QnavCommand) verify = command_new (NULL, "test", "-e", fixture->service, NULL);
	g_autoptr(QnavExecutionResult) result = NULL;
	g_autofree gchar *commands = NULL, *names = NULL;

	qnav_recovery_option_set_risk (option, QNAV_RISK_LOW);
	qnav_recovery_option_set_check (option, check);
	qnav_recovery_option_add_command (option, act);
	qnav_recovery_option_set_verify (option, verify);
	result = execute (fixture, plan, option);

	assert_status (result, QNAV_EXECUTION_NOT_HELD);
	g_assert_false (qnav_execution_result_get_succeeded (result));
	commands = command_summary (result);
	g_assert_cmpstr (commands, ==, "check:1,act:0,verify:1");
	names = log_names (fixture);
	g_assert_cmpstr (names, ==, "act");
	g_assert_nonnull (strstr (qnav_execution_result_get_message (result), "did not hold"));
}

static void
test_failure_rolls_back (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.9, "fp-rollback");
	g_autoptr(QnavRecoveryOption) option =
		qnav_recovery_option_new (QNAV_RECOVERY_ACTION_RETRY, "Two steps");
	g_autoptr(QnavCommand) first = logged_command (fixture, "first", "false", NULL);
	g_autoptr(QnavCommand) second = logged_command (fixture, "second", "true", NULL);
	g_autoptr(QnavCommand) rollback = logged_command (fixture, "rollback", "true", NULL);
	g_autoptr(QnavExecutionResult) result = NULL;
	g_autofree gchar *commands = NULL, *names = NULL;

	qnav_recovery_option_set_risk (option, QNAV_RISK_LOW);
	qnav_recovery_option_add_command (option, first);
	qnav_recovery_option_add_command (option, second);
	qnav_recovery_option_add_rollback_command (option, rollback);
	result = execute (fixture, plan, option);

	assert_status (result, QNAV_EXECUTION_FAILED);
	commands = command_summary (result);
	g_assert_cmpstr (commands, ==, "act:1,rollback:0");
	/* stopped at the first failure, then rolled back */
	names = log_names (fixture);
	g_assert_cmpstr (names, ==, "first,rollback");
	g_assert_nonnull (strstr (qnav_execution_result_get_message (result), "Rolled back"));
}

static void
test_program_not_found (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.9, "fp-not-found");
	g_autoptr(QnavRecoveryOption) option =
		qnav_recovery_option_new (QNAV_RECOVERY_ACTION_RETRY, "Run a missing program");
	g_autoptr(QnavCommand) act = command_new (NULL, "/nonexistent/qnav-test-program", NULL);
	g_autoptr(QnavExecutionResult) result = NULL;
	QnavCommandResult *command;

	qnav_recovery_option_set_risk (option, QNAV_RISK_LOW);
	qnav_recovery_option_add_command (option, act);
	result = execute (fixture, plan, option);

	assert_status (result, QNAV_EXECUTION_FAILED);
	command = g_ptr_array_index (qnav_execution_result_get_commands (result), 0);
	g_assert_false (qnav_command_result_get_ran (command));
	g_assert_cmpint (qnav_command_result_get_exit_status (command), ==, 127);
	g_assert_nonnull (strstr (qnav_execution_result_get_message (result),
				  "could not be started"));
}

/* ---- timeouts and cancellation ---- */

static GPid
logged_pid (Fixture *fixture, const gchar *name, guint field)
{
	g_autofree gchar *contents = read_log (fixture);
	g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);

	for (guint i = 0; lines[i] != NULL; i++) {
		g_auto(GStrv) words = g_strsplit (lines[i], " ", -1);
		if (g_strcmp0 (words[0], name) == 0 && g_strv_length (words) > field)
			return (GPid) g_ascii_strtoll (words[field], NULL, 10);
	}
	g_error ("%s is not in the log: %s", name, contents);
	return 0;
}

static void
test_timeout_stops_command (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.9, "fp-timeout");
	g_autoptr(QnavRecoveryOption) option =
		qnav_recovery_option_new (QNAV_RECOVERY_ACTION_RETRY, "Hang");
	g_autoptr(QnavCommand) act = logged_command (fixture, "sleep", "sleep", "60", NULL);
	g_autoptr(QnavCommand) verify = logged_command (fixture, "verify", "true", NULL);
	g_autoptr(QnavExecutionResult) result = NULL;
	g_autofree gchar *names = NULL;
	QnavCommandResult *command;
	gint64 start = g_get_monotonic_time ();
	gdouble elapsed;

	qnav_command_set_timeout_seconds (act, 1);
	qnav_recovery_option_set_risk (option, QNAV_RISK_LOW);
	qnav_recovery_option_add_command (option, act);
	qnav_recovery_option_set_verify (option, verify);
	result = execute (fixture, plan, option);
	elapsed = (g_get_monotonic_time () - start) / 1e6;

	assert_status (result, QNAV_EXECUTION_TIMED_OUT);
	g_assert_cmpfloat (elapsed, >=, 0.9);
	g_assert_cmpfloat (elapsed, <, 5.0);
	command = g_ptr_array_index (qnav_execution_result_get_commands (result), 0);
	g_assert_true (qnav_command_result_get_timed_out (command));
	g_assert_cmpint (qnav_command_result_get_exit_status (command), ==, 128 + SIGTERM);
	g_assert_true (process_is_gone (logged_pid (fixture, "sleep", 1)));
	/* nothing after the command that hung */
	names = log_names (fixture);
	g_assert_cmpstr (names, ==, "sleep");
	g_assert_nonnull (strstr (qnav_execution_result_get_message (result), "1 s timeout"));
}

/* A command that ignores SIGTERM, with a child that ignores it too: SIGKILL to the group. */
static void
test_timeout_kills_stubborn_group (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.9, "fp-stubborn");
	g_autoptr(QnavRecoveryOption) option =
		qnav_recovery_option_new (QNAV_RECOVERY_ACTION_RETRY, "Hang harder");
	g_autofree gchar *stubborn = helper_path ("stubborn");
	g_autoptr(QnavCommand) act = command_new (NULL, stubborn, fixture->log, NULL);
	g_autoptr(QnavExecutionResult) result = NULL;
	QnavCommandResult *command;
	gint64 start = g_get_monotonic_time ();
	gdouble elapsed;

	qnav_command_set_timeout_seconds (act, 1);
	qnav_recovery_option_set_risk (option, QNAV_RISK_LOW);
	qnav_recovery_option_add_command (option, act);
	result = execute (fixture, plan, option);
	elapsed = (g_get_monotonic_time () - start) / 1e6;

	assert_status (result, QNAV_EXECUTION_TIMED_OUT);
	g_assert_cmpfloat (elapsed, <, 5.0);
	command = g_ptr_array_index (qnav_execution_result_get_commands (result), 0);
	g_assert_cmpint (qnav_command_result_get_exit_status (command), ==, 128 + SIGKILL);
	g_assert_true (process_is_gone (logged_pid (fixture, "stubborn", 1)));
	/* the grandchild went with its group; it is not ours to reap, so give init a moment */
	for (guint i = 0; i < 50 && !process_is_gone (logged_pid (fixture, "stubborn", 2)); i++)
		g_usleep (20000);
	g_assert_true (process_is_gone (logged_pid (fixture, "stubborn", 2)));
}

static gboolean
cancel_cb (gpointer user_data)
{
	g_cancellable_cancel (user_data);
	return G_SOURCE_REMOVE;
}

static void
async_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
	GAsyncResult **out = user_data;

	*out = g_object_ref (result);
}

static void
test_cancel_stops_command (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.9, "fp-cancel");
	g_autoptr(QnavRecoveryOption) option =
		qnav_recovery_option_new (QNAV_RECOVERY_ACTION_RETRY, "Hang");
	g_autoptr(QnavCommand) act = logged_command (fixture, "sleep", "sleep", "60", NULL);
	g_autoptr(GCancellable) cancellable = g_cancellable_new ();
	g_autoptr(GAsyncResult) async_result = NULL;
	g_autoptr(QnavExecutionResult) result = NULL;
	g_autoptr(GError) error = NULL;
	gint64 start = g_get_monotonic_time ();

	qnav_recovery_option_set_risk (option, QNAV_RISK_LOW);
	qnav_recovery_option_add_command (option, act);
	qnav_recovery_executor_execute_async (fixture->executor, plan, option, cancellable,
					      async_done_cb, &async_result);
	g_timeout_add (300, cancel_cb, cancellable);
	while (async_result == NULL)
		g_main_context_iteration (NULL, TRUE);
	result = qnav_recovery_executor_execute_finish (fixture->executor, async_result, &error);

	g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
	g_assert_null (result);
	g_assert_cmpfloat ((g_get_monotonic_time () - start) / 1e6, <, 3.0);
	g_assert_true (process_is_gone (logged_pid (fixture, "sleep", 1)));
}

/* ---- wait options: polled on the main context, never a blocking sleep ---- */

static gboolean
bring_service_up_cb (gpointer user_data)
{
	Fixture *fixture = user_data;

	g_assert_true (g_file_set_contents (fixture->service, "", 0, NULL));
	return G_SOURCE_REMOVE;
}

static QnavRecoveryOption *
wait_option (Fixture *fixture, guint seconds)
{
	QnavRecoveryOption *option =
		qnav_recovery_option_new (QNAV_RECOVERY_ACTION_WAIT, "Wait for test-service");
	g_autoptr(QnavCommand) verify = command_new (NULL, "test", "-e", fixture->service, NULL);

	qnav_recovery_option_set_risk (option, QNAV_RISK_LOW);
	qnav_recovery_option_set_wait_seconds (option, seconds);
	qnav_recovery_option_set_verify (option, verify);
	return option;
}

static void
test_wait_until_condition_holds (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.9, "fp-wait");
	g_autoptr(QnavRecoveryOption) option = wait_option (fixture, 10);
	g_autoptr(GAsyncResult) async_result = NULL;
	g_autoptr(QnavExecutionResult) result = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *commands = NULL;
	gint64 start = g_get_monotonic_time ();
	guint polls = 0;

	qnav_recovery_executor_execute_async (fixture->executor, plan, option, NULL,
					      async_done_cb, &async_result);
	/* this fires while the executor waits: the main context is not blocked */
	g_timeout_add (400, bring_service_up_cb, fixture);
	while (async_result == NULL)
		g_main_context_iteration (NULL, TRUE);
	result = qnav_recovery_executor_execute_finish (fixture->executor, async_result, &error);

	g_assert_no_error (error);
	assert_status (result, QNAV_EXECUTION_SUCCEEDED);
	g_assert_cmpfloat ((g_get_monotonic_time () - start) / 1e6, <, 3.0);
	for (guint i = 0; i < fixture->events->len; i++) {
		if (g_str_equal (g_ptr_array_index (fixture->events, i), "started:verify"))
			polls++;
	}
	g_assert_cmpuint (polls, >=, 2);
	/* the result keeps the last verification only */
	commands = command_summary (result);
	g_assert_cmpstr (commands, ==, "verify:0");
}

static void
test_wait_gives_up (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.9, "fp-wait-never");
	g_autoptr(QnavRecoveryOption) option = wait_option (fixture, 1);
	g_autoptr(QnavExecutionResult) result = NULL;
	gint64 start = g_get_monotonic_time ();
	gdouble elapsed;

	result = execute (fixture, plan, option);
	elapsed = (g_get_monotonic_time () - start) / 1e6;

	assert_status (result, QNAV_EXECUTION_NOT_HELD);
	g_assert_cmpfloat (elapsed, >=, 0.9);
	g_assert_cmpfloat (elapsed, <, 3.0);
}

/* ---- the approval policy ---- */

static void
test_denied_runs_nothing (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.95, "fp-denied");
	g_autoptr(QnavRecoveryOption) option = service_option (fixture, QNAV_RISK_MEDIUM);
	g_autoptr(QnavExecutionResult) result = NULL;
	g_autofree gchar *log = NULL;

	connect_approver (fixture, FALSE);
	result = execute (fixture, plan, option);

	assert_status (result, QNAV_EXECUTION_DENIED);
	g_assert_cmpuint (fixture->approve_calls, ==, 1);
	g_assert_cmpuint (fixture->denied_signals, ==, 1);
	g_assert_cmpuint (qnav_execution_result_get_commands (result)->len, ==, 0);
	g_assert_cmpuint (fixture->events->len, ==, 0);
	log = read_log (fixture);
	g_assert_cmpstr (log, ==, "");
	g_assert_false (g_file_test (fixture->service, G_FILE_TEST_EXISTS));
	g_assert_nonnull (strstr (qnav_execution_result_get_message (result), "refused"));
	/* a denied approval is no attempt */
	g_assert_cmpuint (execution_attempts (plan), ==, 0);
}

static void
test_high_risk_needs_approver (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.99, "fp-high-risk");
	g_autoptr(QnavRecoveryOption) option = service_option (fixture, QNAV_RISK_HIGH);
	g_autoptr(QnavExecutionResult) result = NULL;
	g_autoptr(QnavExecutionResult) approved = NULL;
	g_autofree gchar *log = NULL;

	/* nobody to ask: denied, however sure the diagnosis */
	result = execute (fixture, plan, option);
	assert_status (result, QNAV_EXECUTION_DENIED);
	g_assert_cmpuint (fixture->denied_signals, ==, 1);
	log = read_log (fixture);
	g_assert_cmpstr (log, ==, "");
	g_assert_nonnull (strstr (qnav_execution_result_get_message (result), "high risk"));
	g_assert_nonnull (strstr (qnav_execution_result_get_message (result), "no approver"));

	/* with an approver that agrees, it runs: asked exactly once */
	connect_approver (fixture, TRUE);
	approved = execute (fixture, plan, option);
	assert_status (approved, QNAV_EXECUTION_SUCCEEDED);
	g_assert_cmpuint (fixture->approve_calls, ==, 1);
	g_assert_false (qnav_execution_result_get_automatic (approved));
}

static void
test_low_risk_runs_automatically (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.9, "fp-automatic");
	g_autoptr(QnavRecoveryOption) option = service_option (fixture, QNAV_RISK_LOW);
	g_autoptr(QnavExecutionResult) result = NULL;
	g_autofree gchar *names = NULL;

	connect_approver (fixture, FALSE);
	result = execute (fixture, plan, option);

	assert_status (result, QNAV_EXECUTION_SUCCEEDED);
	g_assert_cmpuint (fixture->approve_calls, ==, 0);
	g_assert_true (qnav_execution_result_get_automatic (result));
	names = log_names (fixture);
	g_assert_cmpstr (names, ==, "act");
}

static void
test_low_confidence_asks (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.6, "fp-unsure");
	g_autoptr(QnavRecoveryOption) option = service_option (fixture, QNAV_RISK_LOW);
	g_autoptr(QnavExecutionResult) result = NULL;
	g_autoptr(QnavExecutionResult) strict = NULL;
	g_autoptr(QnavRecoveryPlan) sure = plan_with_confidence (0.9, "fp-sure");

	connect_approver (fixture, FALSE);
	result = execute (fixture, plan, option);
	assert_status (result, QNAV_EXECUTION_DENIED);
	g_assert_cmpuint (fixture->approve_calls, ==, 1);

	/* the threshold is a property */
	qnav_recovery_executor_set_auto_confidence (fixture->executor, 0.95);
	strict = execute (fixture, sure, option);
	assert_status (strict, QNAV_EXECUTION_DENIED);
	g_assert_cmpuint (fixture->approve_calls, ==, 2);
}

static void
test_muted (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.9, "fp-muted");
	g_autoptr(QnavRecoveryOption) option = service_option (fixture, QNAV_RISK_LOW);
	g_autoptr(QnavExecutionResult) by_file = NULL;
	g_autoptr(QnavExecutionResult) by_env = NULL;
	g_autoptr(QnavExecutionResult) unmuted = NULL;
	g_autofree gchar *log = NULL;

	connect_approver (fixture, TRUE);
	g_assert_true (g_file_set_contents (fixture->mute, "maintenance until 18:00\n", -1, NULL));
	by_file = execute (fixture, plan, option);
	assert_status (by_file, QNAV_EXECUTION_MUTED);
	g_assert_nonnull (strstr (qnav_execution_result_get_message (by_file), "maintenance"));
	g_unlink (fixture->mute);

	g_setenv ("QNAV_MUTE", "1", TRUE);
	by_env = execute (fixture, plan, option);
	assert_status (by_env, QNAV_EXECUTION_MUTED);
	g_assert_nonnull (strstr (qnav_execution_result_get_message (by_env), "QNAV_MUTE"));
	g_unsetenv ("QNAV_MUTE");

	/* nothing ran, nobody was asked */
	g_assert_cmpuint (fixture->approve_calls, ==, 0);
	g_assert_cmpuint (fixture->events->len, ==, 0);
	log = read_log (fixture);
	g_assert_cmpstr (log, ==, "");

	g_setenv ("QNAV_MUTE", "0", TRUE);
	unmuted = execute (fixture, plan, option);
	g_unsetenv ("QNAV_MUTE");
	assert_status (unmuted, QNAV_EXECUTION_SUCCEEDED);
}

static void
test_default_mute_file (void)
{
	g_autoptr(QnavRecoveryExecutor) executor = NULL;
	g_autofree gchar *expected = NULL;
	const gchar *sysconfdir = g_getenv ("QNAV_SYSCONFDIR");

	executor = qnav_recovery_executor_new (NULL);
	expected = g_build_filename (sysconfdir != NULL ? sysconfdir : "/etc/qnav", "mute", NULL);
	g_assert_cmpstr (qnav_recovery_executor_get_mute_file (executor), ==, expected);
	qnav_recovery_executor_set_mute_file (executor, "/tmp/elsewhere");
	g_assert_cmpstr (qnav_recovery_executor_get_mute_file (executor), ==, "/tmp/elsewhere");
	qnav_recovery_executor_set_mute_file (executor, NULL);
	g_assert_cmpstr (qnav_recovery_executor_get_mute_file (executor), ==, expected);

	g_assert_cmpfloat (qnav_recovery_executor_get_auto_confidence (executor), ==, 0.85);
	g_assert_cmpuint (qnav_recovery_executor_get_storm_limit (executor), ==, 3);
	g_assert_false (qnav_recovery_executor_get_dry_run (executor));
	g_assert_null (qnav_recovery_executor_get_history (executor));
}

/* Escalation never runs a command, and a fix without commands is a person's: both list the
 * steps. A fix with commands (start the unit that is down) runs like any other option. */
static void
test_manual_options_do_not_run (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.9, "fp-manual");
	g_autoptr(QnavRecoveryOption) escalate =
		qnav_recovery_option_new (QNAV_RECOVERY_ACTION_ESCALATE, "For a person");
	g_autoptr(QnavRecoveryOption) by_hand =
		qnav_recovery_option_new (QNAV_RECOVERY_ACTION_MANUAL_FIX, "For a person");
	g_autoptr(QnavRecoveryOption) start =
		qnav_recovery_option_new (QNAV_RECOVERY_ACTION_MANUAL_FIX, "Start the unit");
	g_autoptr(QnavCommand) act = logged_command (fixture, "act", "true", NULL);
	g_autoptr(QnavCommand) start_act = logged_command (fixture, "start", "true", NULL);
	g_autoptr(QnavExecutionResult) escalated = NULL;
	g_autoptr(QnavExecutionResult) manual = NULL;
	g_autoptr(QnavExecutionResult) started = NULL;
	g_autofree gchar *log = NULL;
	g_autofree gchar *log_after = NULL;

	connect_approver (fixture, TRUE);
	qnav_recovery_option_set_risk (escalate, QNAV_RISK_LOW);
	qnav_recovery_option_add_step (escalate, "Open the issue");
	qnav_recovery_option_add_command (escalate, act);
	escalated = execute (fixture, plan, escalate);
	assert_status (escalated, QNAV_EXECUTION_MANUAL);
	g_assert_nonnull (strstr (qnav_execution_result_get_message (escalated), "1. Open the issue"));

	qnav_recovery_option_set_risk (by_hand, QNAV_RISK_LOW);
	qnav_recovery_option_add_step (by_hand, "Inspect the unit with journalctl -u x");
	qnav_recovery_option_add_step (by_hand, "Fix the configuration");
	manual = execute (fixture, plan, by_hand);
	assert_status (manual, QNAV_EXECUTION_MANUAL);
	g_assert_nonnull (strstr (qnav_execution_result_get_message (manual),
				  "1. Inspect the unit with journalctl -u x"));
	g_assert_nonnull (strstr (qnav_execution_result_get_message (manual),
				  "2. Fix the configuration"));
	log = read_log (fixture);
	g_assert_cmpstr (log, ==, "");
	g_assert_cmpuint (fixture->approve_calls, ==, 0);

	/* low risk at 0.9: runs without asking */
	qnav_recovery_option_set_risk (start, QNAV_RISK_LOW);
	qnav_recovery_option_add_step (start, "systemctl start x");
	qnav_recovery_option_add_command (start, start_act);
	started = execute (fixture, plan, start);
	assert_status (started, QNAV_EXECUTION_SUCCEEDED);
	g_assert_true (qnav_execution_result_get_automatic (started));
	log_after = read_log (fixture);
	g_assert_nonnull (strstr (log_after, "start"));
	g_assert_null (strstr (log_after, "act"));
}

/* The Python original "retried" by returning success without doing anything: an option with
 * nothing to run is for a person, never a success. */
static void
test_nothing_to_run_is_manual (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.9, "fp-empty");
	g_autoptr(QnavRecoveryOption) retry =
		qnav_recovery_option_new (QNAV_RECOVERY_ACTION_RETRY, "Run the step again");
	g_autoptr(QnavRecoveryOption) skip =
		qnav_recovery_option_new (QNAV_RECOVERY_ACTION_SKIP, "Skip the step");
	g_autoptr(QnavExecutionResult) retried = NULL;
	g_autoptr(QnavExecutionResult) skipped = NULL;

	qnav_recovery_option_set_risk (retry, QNAV_RISK_LOW);
	qnav_recovery_option_add_step (retry, "Run the playbook again");
	retried = execute (fixture, plan, retry);
	assert_status (retried, QNAV_EXECUTION_MANUAL);
	g_assert_false (qnav_execution_result_get_succeeded (retried));
	g_assert_nonnull (strstr (qnav_execution_result_get_message (retried),
				  "1. Run the playbook again"));

	/* skipping is the whole action: it succeeds, and says nothing ran */
	qnav_recovery_option_set_risk (skip, QNAV_RISK_LOW);
	skipped = execute (fixture, plan, skip);
	assert_status (skipped, QNAV_EXECUTION_SUCCEEDED);
	g_assert_nonnull (strstr (qnav_execution_result_get_message (skipped), "nothing to run"));
	g_assert_cmpuint (fixture->events->len, ==, 0);
}

/* ---- the storm limit ---- */

static void
run_storm (Fixture *fixture, QnavHistory *history, gboolean fresh_executors)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.9, "fp-storm");
	g_autoptr(QnavRecoveryPlan) other = plan_with_confidence (0.9, "fp-another-failure");
	g_autoptr(QnavRecoveryOption) option = service_option (fixture, QNAV_RISK_LOW);
	g_autoptr(QnavExecutionResult) limited = NULL;
	g_autoptr(QnavExecutionResult) elsewhere = NULL;
	g_autofree gchar *names = NULL;

	if (history != NULL)
		qnav_recovery_executor_set_history (fixture->executor, history);
	for (guint i = 0; i < 3; i++) {
		g_autoptr(QnavExecutionResult) result = NULL;

		if (fresh_executors && i > 0) {
			/* a new process each time, as from cron: only the history remembers */
			g_clear_object (&fixture->executor);
			fixture->executor = qnav_recovery_executor_new (history);
			qnav_recovery_executor_set_mute_file (fixture->executor, fixture->mute);
		}
		g_unlink (fixture->service);
		result = execute (fixture, plan, option);
		assert_status (result, QNAV_EXECUTION_SUCCEEDED);
		g_assert_true (qnav_execution_result_get_automatic (result));
	}
	if (fresh_executors) {
		g_clear_object (&fixture->executor);
		fixture->executor = qnav_recovery_executor_new (history);
		qnav_recovery_executor_set_mute_file (fixture->executor, fixture->mute);
	}
	g_unlink (fixture->service);
	limited = execute (fixture, plan, option);
	assert_status (limited, QNAV_EXECUTION_RATE_LIMITED);
	g_assert_false (qnav_execution_result_get_automatic (limited));
	g_assert_nonnull (strstr (qnav_execution_result_get_message (limited), "storm limit"));
	names = log_names (fixture);
	g_assert_cmpstr (names, ==, "act,act,act");
	g_assert_false (g_file_test (fixture->service, G_FILE_TEST_EXISTS));

	/* another failure has its own count */
	elsewhere = execute (fixture, other, option);
	assert_status (elsewhere, QNAV_EXECUTION_SUCCEEDED);
}

static void
test_storm_limit_in_process (Fixture *fixture, gconstpointer user_data)
{
	run_storm (fixture, NULL, FALSE);
}

static void
test_storm_limit_from_history (Fixture *fixture, gconstpointer user_data)
{
	g_autofree gchar *path = g_build_filename (fixture->dir, "history.db", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavHistory) history = qnav_history_new (path, &error);

	g_assert_no_error (error);
	run_storm (fixture, history, TRUE);
}

/* Every execution is recorded, whatever its outcome: here one that ran and one that was
 * denied, and nothing was counted for the storm limit (an approved run is not automatic). */
static void
test_every_execution_recorded (Fixture *fixture, gconstpointer user_data)
{
	g_autofree gchar *path = g_build_filename (fixture->dir, "history.db", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavHistory) history = qnav_history_new (path, &error);
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.95, "fedcba9876543210");
	g_autoptr(QnavRecoveryOption) option = service_option (fixture, QNAV_RISK_MEDIUM);
	g_autoptr(QnavExecutionResult) denied = NULL;
	g_autoptr(QnavExecutionResult) approved = NULL;
	g_autoptr(JsonParser) parser = json_parser_new ();
	g_autofree gchar *json = NULL;
	guint attempts = 0;

	g_assert_no_error (error);
	qnav_recovery_executor_set_history (fixture->executor, history);
	denied = execute (fixture, plan, option);
	assert_status (denied, QNAV_EXECUTION_DENIED);
	connect_approver (fixture, TRUE);
	approved = execute (fixture, plan, option);
	assert_status (approved, QNAV_EXECUTION_SUCCEEDED);
	g_assert_null (strstr (qnav_execution_result_get_message (approved), "Warning"));

	json = qnav_history_to_json (history, "fedcba9876543210", 0, &error);
	g_assert_no_error (error);
	g_test_message ("%s", json);
	g_assert_nonnull (strstr (json, "\"denied\""));
	g_assert_nonnull (strstr (json, "\"succeeded\""));
	g_assert_cmpfloat (qnav_history_get_success_rate (history, "fedcba9876543210",
							  QNAV_RECOVERY_ACTION_RETRY, &attempts,
							  &error),
			   ==, 1.0);
	g_assert_no_error (error);
	g_assert_cmpuint (attempts, ==, 1);
	g_assert_cmpuint (qnav_history_count_automatic_executions (history, "fedcba9876543210",
								   NULL, &error),
			  ==, 0);
	g_assert_no_error (error);
}

/* ---- dry run ---- */

static void
test_dry_run (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.9, "fp-dry-run");
	g_autoptr(QnavRecoveryOption) option = service_option (fixture, QNAV_RISK_MEDIUM);
	g_autoptr(QnavCommand) rollback = logged_command (fixture, "rollback", "true", NULL);
	g_autoptr(QnavExecutionResult) result = NULL;
	g_autofree gchar *log = NULL, *commands = NULL, *json = NULL;
	GPtrArray *list;

	qnav_recovery_option_add_rollback_command (option, rollback);
	connect_approver (fixture, TRUE);
	qnav_recovery_executor_set_dry_run (fixture->executor, TRUE);
	result = execute (fixture, plan, option);

	assert_status (result, QNAV_EXECUTION_DRY_RUN);
	/* exactly what would run, in order, with the roles */
	commands = command_summary (result);
	g_assert_cmpstr (commands, ==, "check:-1,act:-1,verify:-1,rollback:-1");
	list = qnav_execution_result_get_commands (result);
	for (guint i = 0; i < list->len; i++)
		g_assert_false (qnav_command_result_get_ran (g_ptr_array_index (list, i)));
	g_assert_true (g_ptr_array_index (list, 1) != NULL &&
		       qnav_command_result_get_command (g_ptr_array_index (list, 1)) ==
			       g_ptr_array_index (qnav_recovery_option_get_commands (option), 0));
	/* nothing ran, nobody was asked, and it says an approver would be */
	log = read_log (fixture);
	g_assert_cmpstr (log, ==, "");
	g_assert_false (g_file_test (fixture->service, G_FILE_TEST_EXISTS));
	g_assert_cmpuint (fixture->approve_calls, ==, 0);
	g_assert_cmpuint (fixture->events->len, ==, 0);
	g_assert_false (qnav_execution_result_get_automatic (result));
	g_assert_nonnull (strstr (qnav_execution_result_get_message (result), "approver"));
	json = qnav_execution_result_to_json (result);
	{
		g_autoptr(JsonParser) parser = json_parser_new ();
		JsonArray *array;

		g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
		array = json_object_get_array_member (
			json_node_get_object (json_parser_get_root (parser)), "commands");
		g_assert_cmpuint (json_array_get_length (array), ==, 4);
		for (guint i = 0; i < 4; i++) {
			JsonObject *command = json_array_get_object_element (array, i);
			g_assert_false (json_object_get_boolean_member (command, "ran"));
			g_assert_true (json_object_get_null_member (command, "exit_status"));
		}
	}
}

/* ---- output: captured, bounded, redacted ---- */

static void
test_output_is_redacted (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(JsonParser) parser = json_parser_new ();
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.9, "fp-secrets");
	g_autoptr(QnavRecoveryOption) option =
		qnav_recovery_option_new (QNAV_RECOVERY_ACTION_RETRY, "Print secrets");
	g_autoptr(QnavExecutionResult) result = NULL;
	g_autoptr(QnavExecutionResult) back = NULL;
	g_autofree gchar *json = NULL;
	JsonArray *cases;
	GPtrArray *list;

	cases = qnav_test_load_secrets (parser);
	g_assert_cmpuint (json_array_get_length (cases), >=, 20);
	for (guint i = 0; i < json_array_get_length (cases); i++) {
		JsonObject *c = json_array_get_object_element (cases, i);
		const gchar *text = json_object_get_string_member (c, "text");
		g_autoptr(QnavCommand) command = NULL;

		/* half on standard output, half on standard error: both are captured */
		if (i % 2 == 0)
			command = command_new (NULL, "printf", "%s\\n", text, NULL);
		else
			command = command_new (NULL, "sh", "-c", "printf '%s\\n' \"$1\" >&2", "sh",
					       text, NULL);
		qnav_recovery_option_add_command (option, command);
	}
	qnav_recovery_option_set_risk (option, QNAV_RISK_LOW);
	result = execute (fixture, plan, option);
	assert_status (result, QNAV_EXECUTION_SUCCEEDED);

	json = qnav_execution_result_to_json (result);
	back = qnav_execution_result_new_from_json (json, -1, &error);
	g_assert_no_error (error);
	list = qnav_execution_result_get_commands (result);
	g_assert_cmpuint (list->len, ==, json_array_get_length (cases));
	for (guint i = 0; i < json_array_get_length (cases); i++) {
		JsonObject *c = json_array_get_object_element (cases, i);
		const gchar *shape = json_object_get_string_member (c, "shape");
		const gchar *secret = json_object_get_string_member (c, "secret");
		const gchar *output = qnav_command_result_get_output (g_ptr_array_index (list, i));

		g_assert_cmpuint (strlen (output), >, 0);
		if (strstr (output, secret) != NULL)
			g_error ("%s: the secret survived in the output \"%s\"", shape, output);
		g_assert_nonnull (strstr (output, "[REDACTED]"));
		if (strstr (json, secret) != NULL)
			g_error ("%s: the secret survived in the JSON", shape);
	}
	g_assert_null (strstr (json, "ghp_R2d2C3po"));
	/* the document reads back */
	assert_status (back, QNAV_EXECUTION_SUCCEEDED);
	g_assert_cmpuint (qnav_execution_result_get_commands (back)->len, ==, list->len);
}

static void
test_output_is_bounded (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.9, "fp-big-output");
	g_autoptr(QnavRecoveryOption) option =
		qnav_recovery_option_new (QNAV_RECOVERY_ACTION_RETRY, "Talk a lot");
	g_autoptr(QnavCommand) act = command_new (NULL, "seq", "1", "200000", NULL);
	g_autoptr(QnavExecutionResult) result = NULL;
	const gchar *output;

	qnav_recovery_option_set_risk (option, QNAV_RISK_LOW);
	qnav_recovery_option_add_command (option, act);
	result = execute (fixture, plan, option);

	assert_status (result, QNAV_EXECUTION_SUCCEEDED);
	output = qnav_command_result_get_output (
		g_ptr_array_index (qnav_execution_result_get_commands (result), 0));
	g_assert_cmpuint (strlen (output), <=, 64 * 1024 + 100);
	g_assert_true (g_str_has_prefix (output, "[… "));
	g_assert_nonnull (strstr (output, "earlier bytes not shown]\n"));
	/* the end is kept, cut at a line */
	g_assert_true (g_str_has_suffix (output, "\n199999\n200000\n"));
}

/* ---- refused options ---- */

static void
test_invalid_commands_refused (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.9, "fp-invalid");
	const gchar *const empty_argv[] = { NULL };
	const gchar *const empty_program[] = { "", "x", NULL };
	g_autofree gchar *log = NULL;

	connect_approver (fixture, TRUE);
	for (guint i = 0; i < 4; i++) {
		g_autoptr(QnavRecoveryOption) option = service_option (fixture, QNAV_RISK_LOW);
		g_autoptr(QnavExecutionResult) result = NULL;
		g_autoptr(GError) error = NULL;
		g_autoptr(QnavCommand) invalid = NULL;

		/* qnav_command_new() refuses these; its properties, as Python sets them, do not */
		if (i == 0)
			invalid = g_object_new (QNAV_TYPE_COMMAND, "argv", empty_argv, NULL);
		else if (i == 1)
			invalid = g_object_new (QNAV_TYPE_COMMAND, "argv", empty_program, NULL);
		else if (i == 2)
			invalid = g_object_new (QNAV_TYPE_COMMAND, NULL);
		if (invalid != NULL)
			qnav_recovery_option_add_command (option, invalid);
		else
			g_ptr_array_add (qnav_recovery_option_get_commands (option), NULL);
		result = qnav_recovery_executor_execute (fixture->executor, plan, option, NULL,
							 &error);
		g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT);
		g_assert_null (result);
		g_test_message ("%s", error->message);
		g_assert_nonnull (strstr (error->message, i < 3 ? "empty argument vector"
								: "not a command"));
		g_assert_nonnull (strstr (error->message, "command 2"));
		if (invalid == NULL) {
			/* the option's free function would not take a NULL */
			GPtrArray *commands = qnav_recovery_option_get_commands (option);
			g_ptr_array_steal_index (commands, commands->len - 1);
		}
	}
	/* refused before anything: nothing ran, nobody was asked */
	log = read_log (fixture);
	g_assert_cmpstr (log, ==, "");
	g_assert_cmpuint (fixture->approve_calls, ==, 0);
	g_assert_cmpuint (fixture->events->len, ==, 0);
}


/* ---- qnav recover ---- */

/* A plan file whose recommended option is @option, as `qnav plan --json` would write it. */
static gchar *
write_plan_file (Fixture *fixture, QnavRecoveryOption *option, gdouble confidence)
{
	g_autoptr(QnavRecoveryPlan) planned = plan_with_confidence (confidence, "0123456789abcdef");
	g_autoptr(QnavRecoveryPlan) plan =
		qnav_recovery_plan_new (qnav_recovery_plan_get_analysis (planned));
	g_autofree gchar *json = NULL;
	g_autofree gchar *path = g_build_filename (fixture->dir, "plan.json", NULL);

	qnav_recovery_plan_add_option (plan, option);
	qnav_recovery_plan_set_recommended (plan, option);
	json = qnav_recovery_plan_to_json (plan);
	g_assert_true (g_file_set_contents (path, json, -1, NULL));
	return g_steal_pointer (&path);
}

/* Runs the built qnav with standard input from /dev/null (not a terminal). */
static gint
run_qnav (Fixture *fixture, const gchar *const *env, gchar **out, gchar **err, ...)
{
	g_autofree gchar *qnav =
		g_build_filename (g_getenv ("QNAV_BUILD_ROOT"), "cli", "qnav", NULL);
	g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
		G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
	g_autoptr(GPtrArray) argv = g_ptr_array_new_null_terminated (8, NULL, TRUE);
	g_autoptr(GSubprocess) subprocess = NULL;
	g_autoptr(GError) error = NULL;
	va_list args;

	g_ptr_array_add (argv, qnav);
	g_ptr_array_add (argv, (gpointer) "recover");
	va_start (args, err);
	for (const gchar *arg = va_arg (args, const gchar *); arg != NULL;
	     arg = va_arg (args, const gchar *))
		g_ptr_array_add (argv, (gpointer) arg);
	va_end (args);
	for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
		g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
	subprocess = g_subprocess_launcher_spawnv (launcher, (const gchar *const *) argv->pdata,
						   &error);
	g_assert_no_error (error);
	g_subprocess_communicate_utf8 (subprocess, NULL, NULL, out, err, &error);
	g_assert_no_error (error);
	g_test_message ("qnav recover: exit %d\n%s%s", g_subprocess_get_exit_status (subprocess),
			*out, *err);
	return g_subprocess_get_exit_status (subprocess);
}

static QnavExecutionResult *
parse_result (const gchar *json)
{
	g_autoptr(GError) error = NULL;
	QnavExecutionResult *result = qnav_execution_result_new_from_json (json, -1, &error);

	g_assert_no_error (error);
	return result;
}

static void
test_cli_approval (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryOption) option = service_option (fixture, QNAV_RISK_MEDIUM);
	g_autofree gchar *plan = write_plan_file (fixture, option, 0.95);
	g_autofree gchar *history = g_build_filename (fixture->dir, "history.db", NULL);
	g_autofree gchar *out = NULL, *err = NULL, *log = NULL, *names = NULL;
	g_autoptr(QnavExecutionResult) denied = NULL;
	g_autoptr(QnavExecutionResult) approved = NULL;

	/* not a terminal, no --yes: denied, nothing ran, and it says what to do */
	g_assert_cmpint (run_qnav (fixture, NULL, &out, &err, "--plan-file", plan, "--json",
				   "--history", history, NULL),
			 ==, 10);
	denied = parse_result (out);
	assert_status (denied, QNAV_EXECUTION_DENIED);
	g_assert_nonnull (strstr (err, "--yes"));
	log = read_log (fixture);
	g_assert_cmpstr (log, ==, "");
	g_clear_pointer (&out, g_free);
	g_clear_pointer (&err, g_free);

	/* --yes approves */
	g_assert_cmpint (run_qnav (fixture, NULL, &out, &err, "--plan-file", plan, "--json",
				   "--yes", "--history", history, NULL),
			 ==, 0);
	approved = parse_result (out);
	assert_status (approved, QNAV_EXECUTION_SUCCEEDED);
	g_assert_true (g_file_test (fixture->service, G_FILE_TEST_EXISTS));
	names = log_names (fixture);
	g_assert_cmpstr (names, ==, "act");
	g_clear_pointer (&out, g_free);
	g_clear_pointer (&err, g_free);

	/* again: already done, in text */
	g_assert_cmpint (run_qnav (fixture, NULL, &out, &err, "--plan-file", plan, "--yes",
				   "--no-history", NULL),
			 ==, 0);
	g_assert_nonnull (strstr (out, "Result: ALREADY_DONE"));
	g_assert_nonnull (strstr (out, "$ test -e"));
}

static void
test_cli_outcomes (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryOption) option =
		qnav_recovery_option_new (QNAV_RECOVERY_ACTION_RETRY, "Start test-service");
	g_autoptr(QnavCommand) act = logged_command (fixture, "act", "true", NULL);
	g_autoptr(QnavCommand) verify = command_new (NULL, "test", "-e", fixture->service, NULL);
	g_autofree gchar *plan = NULL;
	g_autofree gchar *out = NULL, *err = NULL, *log = NULL, *names = NULL;
	const gchar *const muted[] = { "QNAV_MUTE", "1", NULL };
	g_autoptr(QnavExecutionResult) dry = NULL;

	qnav_recovery_option_set_risk (option, QNAV_RISK_LOW);
	qnav_recovery_option_add_command (option, act);
	qnav_recovery_option_set_verify (option, verify);
	plan = write_plan_file (fixture, option, 0.95);

	/* a dry run prints what would run and runs none of it */
	g_assert_cmpint (run_qnav (fixture, NULL, &out, &err, "--plan-file", plan, "--dry-run",
				   "--json", "--no-history", NULL),
			 ==, 0);
	dry = parse_result (out);
	assert_status (dry, QNAV_EXECUTION_DRY_RUN);
	g_assert_cmpuint (qnav_execution_result_get_commands (dry)->len, ==, 2);
	log = read_log (fixture);
	g_assert_cmpstr (log, ==, "");
	g_clear_pointer (&out, g_free);
	g_clear_pointer (&err, g_free);

	/* muted: 10, nothing ran */
	g_assert_cmpint (run_qnav (fixture, muted, &out, &err, "--plan-file", plan,
				   "--no-history", NULL),
			 ==, 10);
	g_assert_nonnull (strstr (out, "Result: MUTED"));
	g_clear_pointer (&log, g_free);
	log = read_log (fixture);
	g_assert_cmpstr (log, ==, "");
	g_clear_pointer (&out, g_free);
	g_clear_pointer (&err, g_free);

	/* low risk at 95%: runs by itself, and the fix does not hold: 1 */
	g_assert_cmpint (run_qnav (fixture, NULL, &out, &err, "--plan-file", plan,
				   "--no-history", NULL),
			 ==, 1);
	g_assert_nonnull (strstr (out, "Result: NOT_HELD (ran automatically)"));
	names = log_names (fixture);
	g_assert_cmpstr (names, ==, "act");
	g_clear_pointer (&out, g_free);
	g_clear_pointer (&err, g_free);

	/* an option the plan does not have */
	g_assert_cmpint (run_qnav (fixture, NULL, &out, &err, "--plan-file", plan, "--option", "2",
				   "--no-history", NULL),
			 ==, 2);
	g_assert_nonnull (strstr (err, "options 1 to 1"));
}

/* ---- the document ---- */

static void
test_json_round_trip (Fixture *fixture, gconstpointer user_data)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_with_confidence (0.9, "fp-json");
	g_autoptr(QnavRecoveryOption) option = service_option (fixture, QNAV_RISK_LOW);
	g_autoptr(QnavExecutionResult) result = NULL;
	g_autoptr(QnavExecutionResult) back = NULL;
	g_autoptr(JsonParser) parser = json_parser_new ();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *json = NULL, *again = NULL;
	JsonObject *root;

	result = execute (fixture, plan, option);
	json = qnav_execution_result_to_json (result);
	g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
	root = json_node_get_object (json_parser_get_root (parser));
	g_assert_cmpint (json_object_get_int_member (root, "schema_version"), ==, 1);
	g_assert_cmpstr (json_object_get_string_member (root, "status"), ==, "succeeded");
	g_assert_cmpstr (json_object_get_string_member (root, "action"), ==, "retry");
	g_assert_cmpstr (json_object_get_string_member (root, "fingerprint"), ==, "fp-json");
	g_assert_true (json_object_get_boolean_member (root, "automatic"));
	g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "commands")),
			  ==, 3);

	back = qnav_execution_result_new_from_json (json, -1, &error);
	g_assert_no_error (error);
	again = qnav_execution_result_to_json (back);
	g_assert_cmpstr (again, ==, json);

	g_clear_object (&back);
	back = qnav_execution_result_new_from_json ("{\"schema_version\": 1, \"status\": "
						    "\"exploded\", \"action\": \"retry\"}",
						    -1, &error);
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
	g_assert_null (back);
}

static void
test_status_strings (void)
{
	for (guint i = QNAV_EXECUTION_SUCCEEDED; i <= QNAV_EXECUTION_MANUAL; i++) {
		const gchar *text = qnav_execution_status_to_string (i);
		QnavExecutionStatus value;

		g_assert_nonnull (text);
		g_assert_true (qnav_execution_status_from_string (text, &value));
		g_assert_cmpint (value, ==, i);
	}
	g_assert_false (qnav_execution_status_from_string ("exploded", NULL));
}

#define ADD(path, func) \
	g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
	g_test_init (&argc, &argv, NULL);
	/* the test chooses when muting applies */
	g_unsetenv ("QNAV_MUTE");

	ADD ("/qnav/executor/fix-runs-and-holds", test_fix_runs_and_holds);
	ADD ("/qnav/executor/already-done", test_already_done);
	ADD ("/qnav/executor/fix-does-not-hold", test_fix_does_not_hold);
	ADD ("/qnav/executor/failure-rolls-back", test_failure_rolls_back);
	ADD ("/qnav/executor/program-not-found", test_program_not_found);
	ADD ("/qnav/executor/timeout-stops-command", test_timeout_stops_command);
	ADD ("/qnav/executor/timeout-kills-stubborn-group", test_timeout_kills_stubborn_group);
	ADD ("/qnav/executor/cancel-stops-command", test_cancel_stops_command);
	ADD ("/qnav/executor/wait-until-condition-holds", test_wait_until_condition_holds);
	ADD ("/qnav/executor/wait-gives-up", test_wait_gives_up);
	ADD ("/qnav/executor/denied-runs-nothing", test_denied_runs_nothing);
	ADD ("/qnav/executor/high-risk-needs-approver", test_high_risk_needs_approver);
	ADD ("/qnav/executor/low-risk-runs-automatically", test_low_risk_runs_automatically);
	ADD ("/qnav/executor/low-confidence-asks", test_low_confidence_asks);
	ADD ("/qnav/executor/muted", test_muted);
	g_test_add_func ("/qnav/executor/defaults", test_default_mute_file);
	ADD ("/qnav/executor/manual-options-do-not-run", test_manual_options_do_not_run);
	ADD ("/qnav/executor/nothing-to-run-is-manual", test_nothing_to_run_is_manual);
	ADD ("/qnav/executor/storm-limit-in-process", test_storm_limit_in_process);
	ADD ("/qnav/executor/storm-limit-from-history", test_storm_limit_from_history);
	ADD ("/qnav/executor/every-execution-recorded", test_every_execution_recorded);
	ADD ("/qnav/executor/dry-run", test_dry_run);
	ADD ("/qnav/executor/output-is-redacted", test_output_is_redacted);
	ADD ("/qnav/executor/output-is-bounded", test_output_is_bounded);
	ADD ("/qnav/executor/invalid-commands-refused", test_invalid_commands_refused);
	ADD ("/qnav/executor/json-round-trip", test_json_round_trip);
	g_test_add_func ("/qnav/executor/status-strings", test_status_strings);
	ADD ("/qnav/executor/cli-approval", test_cli_approval);
	ADD ("/qnav/executor/cli-outcomes", test_cli_outcomes);

	return g_test_run ();
}
