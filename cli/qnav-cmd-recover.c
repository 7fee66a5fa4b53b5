/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib-unix.h>

#include "qnav-cli.h"

/* `qnav recover`: carry out one option of a plan through QnavRecoveryExecutor, asking the
 * person at the terminal when the policy wants an approver. */

#define RULE "============================================================"

/* exit statuses besides the QnavError ones */
#define EXIT_DONE 0
#define EXIT_NOT_DONE 1
#define EXIT_REFUSED 10 /* QNAV_ERROR_DENIED's exit code */
#define EXIT_INTERRUPTED 130

typedef struct {
	gboolean yes;
	gboolean show_progress;
	gboolean quiet;
	GMainLoop *loop;
	GAsyncResult *result;
	GCancellable *cancellable;
	guint sigint_source;
	guint sigterm_source;
	gboolean interrupted;
} Recover;

static gboolean
interrupt_cb (gpointer user_data)
{
	Recover *recover = user_data;

	recover->interrupted = TRUE;
	g_cancellable_cancel (recover->cancellable);
	return G_SOURCE_CONTINUE;
}

/* Ctrl-C stops the running command (and its process group) rather than leaving it behind.
 * Installed only once a command starts: at the approval prompt Ctrl-C still simply quits. */
static void
catch_interrupts (Recover *recover)
{
	if (recover->sigint_source != 0)
		return;
	recover->sigint_source = g_unix_signal_add (SIGINT, interrupt_cb, recover);
	recover->sigterm_source = g_unix_signal_add (SIGTERM, interrupt_cb, recover);
}

static void
release_interrupts (Recover *recover)
{
	if (recover->sigint_source != 0)
		g_source_remove (recover->sigint_source);
	if (recover->sigterm_source != 0)
		g_source_remove (recover->sigterm_source);
	recover->sigint_source = recover->sigterm_source = 0;
}

static gboolean
approve_cb (QnavRecoveryExecutor *executor, QnavRecoveryPlan *plan, QnavRecoveryOption *option,
	    Recover *recover)
{
	const gchar *risk = qnav_risk_to_string (qnav_recovery_option_get_risk (option));
	gchar answer[64] = "";

	if (recover->yes) {
		if (!recover->quiet)
			g_printerr ("qnav: approved with --yes (%s risk)\n", risk);
		return TRUE;
	}
	/* only connected when standard input is a terminal */
	g_printerr ("\nThis option is %s risk and needs your approval. Run it? [y/N] ", risk);
	fflush (stderr);
	if (fgets (answer, sizeof answer, stdin) == NULL)
		return FALSE;
	g_strstrip (answer);
	return g_ascii_strcasecmp (answer, "y") == 0 || g_ascii_strcasecmp (answer, "yes") == 0;
}

static void
command_started_cb (QnavRecoveryExecutor *executor, QnavCommand *command, const gchar *role,
		    Recover *recover)
{
	catch_interrupts (recover);
	if (recover->show_progress) {
		g_autofree gchar *line = qnav_command_to_string (command);
		g_autofree gchar *clean = qnav_cli_redact (line);
		g_printerr ("[%s] $ %s\n", role, clean);
	}
}

static void
command_finished_cb (QnavRecoveryExecutor *executor, QnavCommandResult *result,
		     Recover *recover)
{
	if (!recover->show_progress)
		return;
	if (!qnav_command_result_get_ran (result))
		g_printerr ("[%s]   could not be started\n", qnav_command_result_get_role (result));
	else if (qnav_command_result_get_timed_out (result))
		g_printerr ("[%s]   timed out after %.1f s\n",
			    qnav_command_result_get_role (result),
			    qnav_command_result_get_duration_seconds (result));
	else
		g_printerr ("[%s]   exit %d (%.1f s)\n", qnav_command_result_get_role (result),
			    qnav_command_result_get_exit_status (result),
			    qnav_command_result_get_duration_seconds (result));
}

static void
execute_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
	Recover *recover = user_data;

	recover->result = g_object_ref (result);
	g_main_loop_quit (recover->loop);
}

static void
print_command (const gchar *role, QnavCommand *command, const gchar *note)
{
	g_autofree gchar *line = qnav_command_to_string (command);
	g_autofree gchar *clean = qnav_cli_redact (line);

	qnav_cli_print ("  %-9s $ %s%s\n", role, clean, note != NULL ? note : "");
}

/* What is about to happen, before anything does. */
static void
print_intent (QnavRecoveryPlan *plan, QnavRecoveryOption *option, guint number, gboolean dry_run)
{
	QnavFailureAnalysis *analysis = qnav_recovery_plan_get_analysis (plan);
	g_autofree gchar *description =
		qnav_cli_redact (qnav_recovery_option_get_description (option));
	QnavCommand *check = qnav_recovery_option_get_check (option);
	QnavCommand *verify = qnav_recovery_option_get_verify (option);
	GPtrArray *commands = qnav_recovery_option_get_commands (option);
	GPtrArray *rollback = qnav_recovery_option_get_rollback_commands (option);
	QnavRecoveryAction action = qnav_recovery_option_get_action (option);

	qnav_cli_print ("\n%s\nRecovery%s: option %u, %s\n%s\n\n", RULE,
			dry_run ? " (dry run)" : "", number,
			qnav_recovery_action_to_string (action), RULE);
	qnav_cli_print ("Description: %s\n", description);
	qnav_cli_print ("Risk: %s\n", qnav_risk_to_string (qnav_recovery_option_get_risk (option)));
	if (analysis != NULL)
		qnav_cli_print ("Diagnosis: %s (%.0f%% sure)\n",
				qnav_root_cause_to_string (
					qnav_failure_analysis_get_root_cause (analysis)),
				qnav_failure_analysis_get_confidence (analysis) * 100.0);
	qnav_cli_print ("Fingerprint: %s\n", qnav_recovery_plan_get_fingerprint (plan));
	if (action == QNAV_RECOVERY_ACTION_MANUAL_FIX || action == QNAV_RECOVERY_ACTION_ESCALATE)
		return;
	if (check == NULL && verify == NULL && (commands == NULL || commands->len == 0))
		return;
	qnav_cli_print ("\nCommands, in order (no shell):\n");
	if (check != NULL)
		print_command ("check", check, "   (exit 0: already right, stop)");
	for (guint i = 0; commands != NULL && i < commands->len; i++)
		print_command ("act", g_ptr_array_index (commands, i), NULL);
	if (verify != NULL)
		print_command ("verify", verify, NULL);
	else if (check != NULL)
		print_command ("verify", check, NULL);
	if (action == QNAV_RECOVERY_ACTION_WAIT)
		qnav_cli_print ("  (the verification is repeated for up to %u s)\n",
				qnav_recovery_option_get_wait_seconds (option));
	for (guint i = 0; rollback != NULL && i < rollback->len; i++)
		print_command ("rollback", g_ptr_array_index (rollback, i),
			       "   (only if a command fails)");
}

/* The last @max_lines lines of @text, indented. */
static void
print_output_tail (const gchar *text, guint max_lines)
{
	g_auto(GStrv) lines = NULL;
	guint n, first;

	if (text == NULL || *text == '\0')
		return;
	lines = g_strsplit (text, "\n", -1);
	n = g_strv_length (lines);
	if (n > 0 && *lines[n - 1] == '\0')
		n--;
	first = n > max_lines ? n - max_lines : 0;
	if (first > 0)
		qnav_cli_print ("      | [… %u earlier lines]\n", first);
	for (guint i = first; i < n; i++)
		qnav_cli_print ("      | %s\n", lines[i]);
}

static void
print_result (QnavExecutionResult *result)
{
	GPtrArray *commands = qnav_execution_result_get_commands (result);
	QnavExecutionStatus status = qnav_execution_result_get_status (result);
	g_autofree gchar *status_text =
		g_ascii_strup (qnav_execution_status_to_string (status), -1);

	qnav_cli_print ("\nResult: %s%s\n", status_text,
			qnav_execution_result_get_automatic (result) ? " (ran automatically)"
								     : "");
	qnav_cli_print ("%s\n", qnav_execution_result_get_message (result));
	if (commands->len == 0)
		return;
	qnav_cli_print ("\n%s:\n", status == QNAV_EXECUTION_DRY_RUN ? "Would run" : "Ran");
	for (guint i = 0; i < commands->len; i++) {
		QnavCommandResult *command = g_ptr_array_index (commands, i);
		g_autofree gchar *line =
			qnav_command_to_string (qnav_command_result_get_command (command));
		g_autofree gchar *clean = qnav_cli_redact (line);

		qnav_cli_print ("  %-9s $ %s\n", qnav_command_result_get_role (command), clean);
		if (!qnav_command_result_get_ran (command)) {
			if (status != QNAV_EXECUTION_DRY_RUN)
				qnav_cli_print ("            not started\n");
		} else if (qnav_command_result_get_timed_out (command)) {
			qnav_cli_print ("            timed out after %.1f s\n",
					qnav_command_result_get_duration_seconds (command));
		} else {
			qnav_cli_print ("            exit %d, %.1f s\n",
					qnav_command_result_get_exit_status (command),
					qnav_command_result_get_duration_seconds (command));
		}
		print_output_tail (qnav_command_result_get_output (command), 20);
	}
}

static gint
exit_status_for (QnavExecutionStatus status)
{
	switch (status) {
	case QNAV_EXECUTION_SUCCEEDED:
	case QNAV_EXECUTION_ALREADY_DONE:
	case QNAV_EXECUTION_DRY_RUN:
	case QNAV_EXECUTION_MANUAL:
		return EXIT_DONE;
	case QNAV_EXECUTION_DENIED:
	case QNAV_EXECUTION_MUTED:
	case QNAV_EXECUTION_RATE_LIMITED:
		return EXIT_REFUSED;
	case QNAV_EXECUTION_FAILED:
	case QNAV_EXECUTION_NOT_HELD:
	case QNAV_EXECUTION_TIMED_OUT:
	default:
		return EXIT_NOT_DONE;
	}
}

gint
qnav_cli_recover (QnavCli *cli, GError **error)
{
	g_autofree gchar *plan_file = NULL;
	g_autofree gchar *history_path = NULL;
	gint option_number = 0;
	gboolean dry_run = FALSE, yes = FALSE, json = FALSE, no_history = FALSE;
	const GOptionEntry entries[] = {
		{ "plan-file", 'p', 0, G_OPTION_ARG_FILENAME, &plan_file,
		  "The plan, as `qnav plan --json` writes it (- for standard input)", "FILE" },
		{ "option", 'n', 0, G_OPTION_ARG_INT, &option_number,
		  "Carry out option N, as `qnav plan` numbers them (default: the recommended one)",
		  "N" },
		{ "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
		  "Run nothing: print exactly the commands that would run", NULL },
		{ "yes", 'y', 0, G_OPTION_ARG_NONE, &yes,
		  "Approve without asking (needed when standard input is not a terminal)", NULL },
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the execution result JSON", NULL },
		{ "history", 0, 0, G_OPTION_ARG_FILENAME, &history_path,
		  "The history database (default: $XDG_STATE_HOME/qnav, /var/lib/qnav as root)",
		  "FILE" },
		{ "no-history", 0, 0, G_OPTION_ARG_NONE, &no_history,
		  "Record nothing; the storm limit then only counts this run", NULL },
		{ NULL },
	};
	g_autoptr(GOptionContext) option_context =
		g_option_context_new ("- carry out one option of a recovery plan");
	g_autoptr(QnavRecoveryPlan) plan = NULL;
	g_autoptr(QnavHistory) history = NULL;
	g_autoptr(QnavRecoveryExecutor) executor = NULL;
	g_autoptr(QnavExecutionResult) result = NULL;
	g_autoptr(GCancellable) cancellable = g_cancellable_new ();
	g_autoptr(GMainLoop) loop = NULL;
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *contents = NULL;
	QnavRecoveryOption *option;
	GPtrArray *options;
	Recover recover = { 0 };
	gboolean interactive;
	gsize length = 0;
	guint number;

	g_option_context_add_main_entries (option_context, entries, NULL);
	g_option_context_set_description (
		option_context,
		"Nothing runs before the policy has decided. Recovery muted on the host\n"
		"(QNAV_MUTE=1, or the file $QNAV_SYSCONFDIR/mute, else /etc/qnav/mute) runs\n"
		"nothing. An escalate option, or one without commands, only prints its steps.\n"
		"A low-risk\n"
		"option runs without asking when the diagnosis is at least 85% sure, at most 3\n"
		"times per failure per hour (the storm limit, counted in the history); anything\n"
		"else asks for approval on the terminal (y/N), or needs --yes when standard\n"
		"input is not a terminal. Commands run as check (exit 0: already right, stop),\n"
		"then each command, then verify; a failed command triggers the option's\n"
		"rollback commands.\n"
		"\n"
		"Exit status:\n"
		"  0   succeeded, already done, dry run, or manual (steps printed)\n"
		"  1   failed, did not hold, or timed out\n"
		"  10  denied (not approved), muted, or rate limited: nothing ran\n"
		"  130 interrupted: the running command was stopped\n"
		"  2-9 the plan or the arguments are wrong (see qnav --help)");
	if (!qnav_cli_parse (option_context, cli, error))
		return 2;
	if (cli->argc > 1) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "recover: unexpected argument \"%s\"", cli->argv[1]);
		return 2;
	}
	if (plan_file == NULL) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
				     "recover: --plan-file is required (write one with qnav plan "
				     "--json)");
		return 2;
	}
	if (no_history && history_path != NULL) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
				     "recover: --history and --no-history contradict each other");
		return 2;
	}
	if (!qnav_cli_read_input (plan_file, &contents, &length, error)) {
		g_prefix_error (error, "recover: ");
		return 1;
	}
	plan = qnav_recovery_plan_new_from_json (contents, (gssize) length, error);
	if (plan == NULL) {
		g_prefix_error (error, "recover: %s: ", plan_file);
		return 1;
	}

	options = qnav_recovery_plan_get_options (plan);
	if (option_number != 0) {
		if (option_number < 0 || (guint) option_number > options->len) {
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
				     "recover: --option %d: the plan has options 1 to %u",
				     option_number, options->len);
			return 2;
		}
		number = (guint) option_number;
		option = g_ptr_array_index (options, number - 1);
	} else {
		option = qnav_recovery_plan_get_recommended (plan);
		if (option == NULL || !g_ptr_array_find (options, option, &number)) {
			g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
					     "recover: the plan recommends no option: choose one "
					     "with --option N");
			return 2;
		}
		number++;
	}

	if (!no_history) {
		g_autofree gchar *path = history_path != NULL ? g_strdup (history_path)
							      : qnav_history_default_path ();

		history = qnav_history_new (path, &error_local);
		if (history == NULL) {
			/* an explicit --history that does not work is an error; the default a
			 * warning, since the storm limit then counts this run only */
			if (history_path != NULL) {
				g_propagate_prefixed_error (error, g_steal_pointer (&error_local),
							    "recover: --history %s: ",
							    history_path);
				return 5;
			}
			if (!cli->quiet)
				g_printerr ("qnav: warning: history unavailable (%s): nothing is "
					    "recorded, and the storm limit only counts this run\n",
					    error_local->message);
			g_clear_error (&error_local);
		}
	}

	executor = qnav_recovery_executor_new (history);
	qnav_recovery_executor_set_dry_run (executor, dry_run);

	interactive = isatty (STDIN_FILENO) && g_strcmp0 (plan_file, "-") != 0;
	recover.yes = yes;
	recover.quiet = cli->quiet;
	recover.show_progress = !json && !cli->quiet && isatty (STDERR_FILENO);
	recover.cancellable = cancellable;
	/* without a terminal or --yes, nobody approves: the executor then says to pass --yes */
	if (yes || interactive)
		g_signal_connect (executor, "approve", G_CALLBACK (approve_cb), &recover);
	g_signal_connect (executor, "command-started", G_CALLBACK (command_started_cb), &recover);
	g_signal_connect (executor, "command-finished", G_CALLBACK (command_finished_cb),
			  &recover);

	if (!json && !cli->quiet)
		print_intent (plan, option, number, dry_run);

	loop = g_main_loop_new (NULL, FALSE);
	recover.loop = loop;
	qnav_recovery_executor_execute_async (executor, plan, option, cancellable, execute_cb,
					      &recover);
	g_main_loop_run (loop);
	release_interrupts (&recover);
	result = qnav_recovery_executor_execute_finish (executor, recover.result, &error_local);
	g_clear_object (&recover.result);

	if (result == NULL) {
		if (g_error_matches (error_local, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
			g_printerr ("qnav: recover: interrupted; the running command was stopped "
				    "and nothing after it ran\n");
			return EXIT_INTERRUPTED;
		}
		g_propagate_prefixed_error (error, g_steal_pointer (&error_local), "recover: ");
		return 2;
	}

	if (json) {
		g_autofree gchar *document = qnav_execution_result_to_json (result);
		qnav_cli_print ("%s\n", document);
	} else if (!cli->quiet) {
		print_result (result);
	}
	if (qnav_execution_result_get_status (result) == QNAV_EXECUTION_DENIED && !yes &&
	    !interactive && !cli->quiet)
		g_printerr ("qnav: recover: this option needs approval and standard input is not "
			    "a terminal: pass --yes to approve it\n");
	return exit_status_for (qnav_execution_result_get_status (result));
}
