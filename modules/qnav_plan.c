/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * qubinode.navigator.qnav_plan: the ranked ways to recover from a diagnosed failure. The
 * Ansible face of `qnav plan`; see ansible/plugins/modules/qnav_plan.yml.
 */

#include "config.h"

#include <qnav.h>

#include "qnav-module.h"

static const QnavModuleOption options[] = {
	{ "analysis", QNAV_MODULE_TYPE_DICT, FALSE, NULL },
	{ "analysis_file", QNAV_MODULE_TYPE_PATH, FALSE, NULL },
	{ "history", QNAV_MODULE_TYPE_PATH, FALSE, NULL },
	{ "use_history", QNAV_MODULE_TYPE_BOOL, FALSE, "true" },
	{ "libvirt_uri", QNAV_MODULE_TYPE_STR, FALSE, NULL },
};

/* The analysis, from the task's `analysis` (a registered qnav_diagnose result's `analysis`)
 * or from a file. */
static QnavFailureAnalysis *
read_analysis (QnavModule *module, GError **error)
{
	gboolean inline_given = qnav_module_has (module, "analysis");
	gboolean file_given = qnav_module_has (module, "analysis_file");
	g_autofree gchar *contents = NULL;
	QnavFailureAnalysis *analysis;
	gsize length = 0;

	if (inline_given == file_given) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
				     inline_given ? "parameters are mutually exclusive: analysis|"
						    "analysis_file"
						  : "one of the following is required: analysis, "
						    "analysis_file");
		return NULL;
	}
	if (inline_given) {
		analysis = qnav_failure_analysis_new_from_json (
			qnav_module_get_str (module, "analysis"), -1, error);
		if (analysis == NULL)
			g_prefix_error (error, "analysis: ");
		return analysis;
	}
	if (!g_file_get_contents (qnav_module_get_str (module, "analysis_file"), &contents,
				  &length, error)) {
		g_prefix_error (error, "analysis_file: ");
		return NULL;
	}
	analysis = qnav_failure_analysis_new_from_json (contents, (gssize) length, error);
	if (analysis == NULL)
		g_prefix_error (error, "analysis_file %s: ",
				qnav_module_get_str (module, "analysis_file"));
	return analysis;
}

static QnavHistory *
open_history (QnavModule *module)
{
	g_autoptr(GError) local_error = NULL;
	QnavHistory *history = qnav_module_open_history (module, &local_error);

	if (local_error != NULL)
		qnav_module_add_warning (module, "history unavailable, planned without it: %s",
					 local_error->message);
	return history;
}

static JsonObject *
run (QnavModule *module, GError **error)
{
	g_autoptr(QnavFailureAnalysis) analysis = NULL;
	g_autoptr(QnavHistory) history = NULL;
	g_autoptr(QnavRecoveryPlanner) planner = NULL;
	g_autoptr(QnavRecoveryPlan) plan = NULL;
	g_autoptr(JsonObject) result = json_object_new ();
	g_autoptr(JsonNode) document = NULL;
	g_autofree gchar *json = NULL;
	g_autofree gchar *markdown = NULL;
	g_autofree gchar *msg = NULL;
	g_autofree gchar *qnav_path = NULL;
	QnavRecoveryOption *recommended;
	JsonObject *summary;
	guint index = 0;

	analysis = read_analysis (module, error);
	if (analysis == NULL)
		return NULL;
	history = open_history (module);

	/* the plan's condition checks run `qnav check`: named by its absolute path, so that a
	 * later qnav_recover with another PATH runs the same program */
	qnav_path = g_find_program_in_path ("qnav");
	planner = qnav_recovery_planner_new (history);
	g_object_set (planner, "qnav-path", qnav_path, "libvirt-uri",
		      qnav_module_get_str (module, "libvirt_uri"), NULL);
	plan = qnav_recovery_planner_plan (planner, analysis, error);
	if (plan == NULL)
		return NULL;
	/* planning changes nothing on the host; in check mode it is not even recorded */
	if (history != NULL && !qnav_module_get_check_mode (module)) {
		g_autoptr(GError) record_error = NULL;
		if (!qnav_history_record_plan (history, plan, &record_error))
			qnav_module_add_warning (module, "the plan was not recorded: %s",
						 record_error->message);
	}

	json = qnav_recovery_plan_to_json (plan);
	document = qnav_module_parse_document (json, "the plan", error);
	if (document == NULL)
		return NULL;
	markdown = qnav_recovery_plan_to_markdown (plan);
	recommended = qnav_recovery_plan_get_recommended (plan);
	g_ptr_array_find (qnav_recovery_plan_get_options (plan), recommended, &index);

	summary = json_object_new ();
	json_object_set_int_member (summary, "option", index + 1);
	json_object_set_string_member (
		summary, "action",
		qnav_recovery_action_to_string (qnav_recovery_option_get_action (recommended)));
	json_object_set_string_member (summary, "description",
				       qnav_recovery_option_get_description (recommended));
	json_object_set_string_member (
		summary, "risk", qnav_risk_to_string (qnav_recovery_option_get_risk (recommended)));
	json_object_set_boolean_member (
		summary, "runnable", qnav_recovery_option_get_commands (recommended)->len > 0);

	msg = g_strdup_printf ("%s (%s): recommended option %u of %u, %s: %s",
			       qnav_root_cause_to_string (
				       qnav_failure_analysis_get_root_cause (analysis)),
			       qnav_recovery_plan_get_fingerprint (plan), index + 1,
			       qnav_recovery_plan_get_options (plan)->len,
			       qnav_recovery_action_to_string (
				       qnav_recovery_option_get_action (recommended)),
			       qnav_recovery_option_get_description (recommended));

	json_object_set_boolean_member (result, "changed", FALSE);
	json_object_set_string_member (result, "fingerprint",
				       qnav_recovery_plan_get_fingerprint (plan));
	json_object_set_object_member (result, "recommended", summary);
	json_object_set_member (result, "plan", g_steal_pointer (&document));
	json_object_set_string_member (result, "markdown", markdown);
	json_object_set_string_member (result, "msg", msg);
	return g_steal_pointer (&result);
}

int
main (int argc, char **argv)
{
	return qnav_module_main ("qnav_plan", options, G_N_ELEMENTS (options), run, argc, argv);
}
