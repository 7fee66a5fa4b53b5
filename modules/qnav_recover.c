/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * qubinode.navigator.qnav_recover: carries out one option of a recovery plan as check →
 * act → verify, under the executor's policy. The Ansible face of `qnav recover`; see
 * ansible/plugins/modules/qnav_recover.yml. Check mode is a dry run.
 */

#include "config.h"

#include <qnav.h>

#include "qnav-module.h"

static const QnavModuleOption options[] = {
	{ "plan", QNAV_MODULE_TYPE_DICT, FALSE, NULL },
	{ "plan_file", QNAV_MODULE_TYPE_PATH, FALSE, NULL },
	{ "option", QNAV_MODULE_TYPE_INT, FALSE, NULL },
	{ "action", QNAV_MODULE_TYPE_STR, FALSE, NULL },
	{ "approve", QNAV_MODULE_TYPE_BOOL, FALSE, "false" },
	{ "dry_run", QNAV_MODULE_TYPE_BOOL, FALSE, "false" },
	{ "history", QNAV_MODULE_TYPE_PATH, FALSE, NULL },
	{ "use_history", QNAV_MODULE_TYPE_BOOL, FALSE, "true" },
};

static QnavRecoveryPlan *
read_plan (QnavModule *module, GError **error)
{
	gboolean inline_given = qnav_module_has (module, "plan");
	gboolean file_given = qnav_module_has (module, "plan_file");
	g_autofree gchar *contents = NULL;
	QnavRecoveryPlan *plan;
	gsize length = 0;

	if (inline_given == file_given) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
				     inline_given ? "parameters are mutually exclusive: plan|plan_file"
						  : "one of the following is required: plan, plan_file");
		return NULL;
	}
	if (inline_given) {
		plan = qnav_recovery_plan_new_from_json (qnav_module_get_str (module, "plan"), -1,
							 error);
		if (plan == NULL)
			g_prefix_error (error, "plan: ");
		return plan;
	}
	if (!g_file_get_contents (qnav_module_get_str (module, "plan_file"), &contents, &length,
				  error)) {
		g_prefix_error (error, "plan_file: ");
		return NULL;
	}
	plan = qnav_recovery_plan_new_from_json (contents, (gssize) length, error);
	if (plan == NULL)
		g_prefix_error (error, "plan_file %s: ", qnav_module_get_str (module, "plan_file"));
	return plan;
}

/* `option: N` as `qnav plan` numbers them, `action: NAME` for the best ranked option of that
 * kind, or the recommended one. */
static QnavRecoveryOption *
choose_option (QnavModule *module, QnavRecoveryPlan *plan, GError **error)
{
	GPtrArray *plan_options = qnav_recovery_plan_get_options (plan);
	QnavRecoveryAction wanted;

	if (qnav_module_has (module, "option") && qnav_module_has (module, "action")) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
				     "parameters are mutually exclusive: option|action");
		return NULL;
	}
	if (qnav_module_has (module, "option")) {
		gint64 number = qnav_module_get_int (module, "option");
		if (number < 1 || number > plan_options->len) {
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
				     "option: %" G_GINT64_FORMAT " is not an option of the plan "
				     "(it has 1 to %u)", number, plan_options->len);
			return NULL;
		}
		return g_ptr_array_index (plan_options, number - 1);
	}
	if (qnav_module_has (module, "action")) {
		const gchar *name = qnav_module_get_str (module, "action");
		if (!qnav_recovery_action_from_string (name, &wanted)) {
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
				     "value of action must be one of: retry, manual_fix, escalate, "
				     "rollback, wait, skip, got: %s", name);
			return NULL;
		}
		for (guint i = 0; i < plan_options->len; i++)
			if (qnav_recovery_option_get_action (g_ptr_array_index (plan_options, i)) ==
			    wanted)
				return g_ptr_array_index (plan_options, i);
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_NOT_FOUND,
			     "action: the plan has no %s option", name);
		return NULL;
	}
	if (qnav_recovery_plan_get_recommended (plan) == NULL) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "the plan recommends no option; choose one with option or action");
		return NULL;
	}
	return qnav_recovery_plan_get_recommended (plan);
}

/* The task's `approve: true` is the approval the policy asks for. */
static gboolean
on_approve (QnavRecoveryExecutor *executor, QnavRecoveryPlan *plan, QnavRecoveryOption *option,
	    gpointer user_data)
{
	QnavModule *module = user_data;

	return qnav_module_get_bool (module, "approve");
}

static gboolean
something_changed (QnavExecutionResult *result)
{
	GPtrArray *commands = qnav_execution_result_get_commands (result);

	/* a check or a verification only looks; an act or a rollback that ran changed the host */
	for (guint i = 0; i < commands->len; i++) {
		QnavCommandResult *command = g_ptr_array_index (commands, i);
		const gchar *role = qnav_command_result_get_role (command);
		if (qnav_command_result_get_ran (command) &&
		    (g_strcmp0 (role, "act") == 0 || g_strcmp0 (role, "rollback") == 0))
			return TRUE;
	}
	return FALSE;
}

static gboolean
is_failure (QnavExecutionStatus status)
{
	return status == QNAV_EXECUTION_FAILED || status == QNAV_EXECUTION_NOT_HELD ||
	       status == QNAV_EXECUTION_TIMED_OUT;
}

static JsonObject *
run (QnavModule *module, GError **error)
{
	g_autoptr(QnavRecoveryPlan) plan = NULL;
	g_autoptr(QnavHistory) history = NULL;
	g_autoptr(QnavRecoveryExecutor) executor = NULL;
	g_autoptr(QnavExecutionResult) execution = NULL;
	g_autoptr(JsonObject) result = json_object_new ();
	g_autoptr(JsonNode) document = NULL;
	g_autofree gchar *json = NULL;
	QnavRecoveryOption *option;
	QnavExecutionStatus status;

	plan = read_plan (module, error);
	if (plan == NULL)
		return NULL;
	option = choose_option (module, plan, error);
	if (option == NULL)
		return NULL;
	{
		g_autoptr(GError) local_error = NULL;
		history = qnav_module_open_history (module, &local_error);
		if (local_error != NULL)
			qnav_module_add_warning (module,
						 "history unavailable: the storm limit only counts "
						 "this run and nothing is recorded: %s",
						 local_error->message);
	}

	executor = qnav_recovery_executor_new (history);
	qnav_recovery_executor_set_dry_run (executor, qnav_module_get_check_mode (module) ||
							      qnav_module_get_bool (module, "dry_run"));
	g_signal_connect (executor, "approve", G_CALLBACK (on_approve), module);
	execution = qnav_recovery_executor_execute (executor, plan, option, NULL, error);
	if (execution == NULL)
		return NULL;

	json = qnav_execution_result_to_json (execution);
	document = qnav_module_parse_document (json, "the execution result", error);
	if (document == NULL)
		return NULL;
	status = qnav_execution_result_get_status (execution);

	json_object_set_boolean_member (result, "changed", something_changed (execution));
	json_object_set_boolean_member (result, "failed", is_failure (status));
	json_object_set_boolean_member (result, "recovered",
					qnav_execution_result_get_succeeded (execution));
	json_object_set_string_member (result, "status", qnav_execution_status_to_string (status));
	json_object_set_string_member (result, "action",
				       qnav_recovery_action_to_string (
					       qnav_recovery_option_get_action (option)));
	json_object_set_string_member (result, "fingerprint",
				       qnav_recovery_plan_get_fingerprint (plan));
	json_object_set_member (result, "execution", g_steal_pointer (&document));
	json_object_set_string_member (result, "msg", qnav_execution_result_get_message (execution));
	return g_steal_pointer (&result);
}

int
main (int argc, char **argv)
{
	return qnav_module_main ("qnav_recover", options, G_N_ELEMENTS (options), run, argc,
				 argv);
}
