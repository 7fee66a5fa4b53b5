/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "qnav-cli.h"

/* The running qnav, so that the condition checks of a plan (`qnav check …`) find the same
 * program even where it is not on PATH. */
static gchar *
own_path (void)
{
	g_autofree gchar *path = g_file_read_link ("/proc/self/exe", NULL);

	return path != NULL ? g_steal_pointer (&path) : g_strdup ("qnav");
}

/* One command of an option, as it would run (no shell), under its heading. */
static void
print_command (const gchar *heading, QnavCommand *command)
{
	g_autofree gchar *line = NULL;
	g_autofree gchar *redacted = NULL;

	if (command == NULL)
		return;
	line = qnav_command_to_string (command);
	redacted = qnav_cli_redact (line);
	if (heading != NULL)
		qnav_cli_print ("   %s:\n", heading);
	qnav_cli_print ("     $ %s\n", redacted);
}

static void
print_plan (QnavRecoveryPlan *plan)
{
	GPtrArray *options = qnav_recovery_plan_get_options (plan);
	QnavRecoveryOption *recommended = qnav_recovery_plan_get_recommended (plan);
	QnavFailureAnalysis *analysis = qnav_recovery_plan_get_analysis (plan);
	g_autofree gchar *plugin = qnav_cli_redact (qnav_recovery_plan_get_plugin (plan));

	qnav_cli_print ("\n%s\nRecovery Plan: %s\n%s\n\n",
			"============================================================", plugin,
			"============================================================");
	qnav_cli_print ("Root Cause: %s (%.0f%%)\nFingerprint: %s\n\n",
			qnav_root_cause_to_string (qnav_failure_analysis_get_root_cause (analysis)),
			qnav_failure_analysis_get_confidence (analysis) * 100.0,
			qnav_recovery_plan_get_fingerprint (plan));
	for (guint i = 0; i < options->len; i++) {
		QnavRecoveryOption *option = g_ptr_array_index (options, i);
		g_autofree gchar *action = g_ascii_strup (
			qnav_recovery_action_to_string (qnav_recovery_option_get_action (option)), -1);
		g_autofree gchar *description =
			qnav_cli_redact (qnav_recovery_option_get_description (option));
		const gchar *const *steps = qnav_recovery_option_get_steps (option);
		GPtrArray *commands = qnav_recovery_option_get_commands (option);

		qnav_cli_print ("%u. %s%s\n", i + 1, action,
				option == recommended ? "  (recommended)" : "");
		qnav_cli_print ("   Priority: %u/%u\n", qnav_recovery_option_get_priority (option),
				options->len);
		qnav_cli_print ("   Confidence: %.0f%%\n",
				qnav_recovery_option_get_confidence (option) * 100.0);
		qnav_cli_print ("   Risk: %s\n",
				qnav_risk_to_string (qnav_recovery_option_get_risk (option)));
		qnav_cli_print ("   Duration: %us\n",
				qnav_recovery_option_get_estimated_duration (option));
		if (qnav_recovery_option_get_success_rate (option) >= 0.0)
			qnav_cli_print ("   Success rate here: %.0f%%\n",
					qnav_recovery_option_get_success_rate (option) * 100.0);
		qnav_cli_print ("   Description: %s\n\n", description);
		qnav_cli_print ("   Steps:\n");
		for (guint s = 0; steps[s] != NULL; s++) {
			g_autofree gchar *step = qnav_cli_redact (steps[s]);
			qnav_cli_print ("     - %s\n", step);
		}
		print_command ("Check", qnav_recovery_option_get_check (option));
		for (guint c = 0; c < commands->len; c++)
			print_command (c == 0 ? "Runs" : NULL, g_ptr_array_index (commands, c));
		print_command ("Verify", qnav_recovery_option_get_verify (option));
		qnav_cli_print ("\n");
	}
}

gint
qnav_cli_plan (QnavCli *cli, GError **error)
{
	g_autofree gchar *analysis_file = NULL;
	g_autofree gchar *output = NULL;
	g_autofree gchar *history_path = NULL;
	g_autofree gchar *libvirt_uri = NULL;
	gboolean json = FALSE, no_history = FALSE;
	const GOptionEntry entries[] = {
		{ "analysis-file", 'a', 0, G_OPTION_ARG_FILENAME, &analysis_file,
		  "The analysis to plan for: qnav's, or the Python original's analysis.json "
		  "(- for standard input)", "FILE" },
		{ "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
		  "Also write the plan: JSON when FILE ends in .json, Markdown otherwise", "FILE" },
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the plan JSON", NULL },
		{ "history", 0, 0, G_OPTION_ARG_FILENAME, &history_path,
		  "The history database (default: $XDG_STATE_HOME/qnav, /var/lib/qnav as root)",
		  "FILE" },
		{ "no-history", 0, 0, G_OPTION_ARG_NONE, &no_history,
		  "Plan from the priors alone and record nothing", NULL },
		{ "connect", 'c', 0, G_OPTION_ARG_STRING, &libvirt_uri,
		  "The libvirt URI that virsh commands of the plan use", "URI" },
		{ NULL },
	};
	g_autoptr(GOptionContext) option_context =
		g_option_context_new ("- rank the ways to recover from a diagnosed failure");
	g_autoptr(QnavFailureAnalysis) analysis = NULL;
	g_autoptr(QnavHistory) history = NULL;
	g_autoptr(QnavRecoveryPlanner) planner = NULL;
	g_autoptr(QnavRecoveryPlan) plan = NULL;
	g_autofree gchar *contents = NULL;
	g_autofree gchar *qnav_path = own_path ();
	gsize length = 0;

	g_option_context_add_main_entries (option_context, entries, NULL);
	if (!qnav_cli_parse (option_context, cli, error))
		return 2;
	if (cli->argc > 1) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "plan: unexpected argument \"%s\"", cli->argv[1]);
		return 2;
	}
	if (analysis_file == NULL) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
				     "plan: --analysis-file is required");
		return 2;
	}
	if (!qnav_cli_read_input (analysis_file, &contents, &length, error))
		return 1;
	analysis = qnav_failure_analysis_new_from_json (contents, (gssize) length, error);
	if (analysis == NULL) {
		g_prefix_error (error, "%s: ", analysis_file);
		return 1;
	}

	if (!no_history) {
		g_autoptr(GError) history_error = NULL;
		g_autofree gchar *path =
			history_path != NULL ? g_strdup (history_path) : qnav_history_default_path ();

		history = qnav_history_new (path, &history_error);
		if (history == NULL) {
			/* A plan from the priors beats no plan at 2 a.m.; say what is missing. */
			if (!cli->quiet)
				g_printerr ("qnav: warning: history unavailable, planning without "
					    "it: %s\n", history_error->message);
		}
	}
	planner = qnav_recovery_planner_new (history);
	g_object_set (planner, "qnav-path", qnav_path, "libvirt-uri", libvirt_uri, NULL);
	plan = qnav_recovery_planner_plan (planner, analysis, error);
	if (plan == NULL)
		return 1;
	if (history != NULL) {
		g_autoptr(GError) record_error = NULL;
		if (!qnav_history_record_plan (history, plan, &record_error) && !cli->quiet)
			g_printerr ("qnav: warning: the plan was not recorded: %s\n",
				    record_error->message);
	}

	if (json) {
		g_autofree gchar *document = qnav_recovery_plan_to_json (plan);
		qnav_cli_print ("%s\n", document);
	} else {
		print_plan (plan);
	}
	if (output != NULL) {
		g_autofree gchar *document = g_str_has_suffix (output, ".json")
						     ? qnav_recovery_plan_to_json (plan)
						     : qnav_recovery_plan_to_markdown (plan);
		if (!qnav_cli_write_output (output, document, error))
			return 1;
		if (!json)
			qnav_cli_print ("[OK] Recovery plan saved to %s\n", output);
	}
	return 0;
}
