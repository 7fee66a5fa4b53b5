/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <unistd.h>

#include "qnav-cli.h"
#include "qnav-github-client-private.h"
#include "qnav-json-private.h"

/* also in qnav-cli.h once the command table has it; repeated so this file stands alone */
gint qnav_cli_escalate (QnavCli *cli, GError **error);

static gboolean
read_document (const gchar *option, const gchar *path, gchar **contents, gsize *length,
	       GError **error)
{
	if (!qnav_cli_read_input (path, contents, length, error)) {
		g_prefix_error (error, "escalate: %s: ", option);
		return FALSE;
	}
	return TRUE;
}

/* The history counts the occurrences a repeat's comment reports and remembers where each
 * failure went; escalating without it still works. */
static QnavHistory *
open_history (gboolean quiet)
{
	g_autofree gchar *path = qnav_history_default_path ();
	g_autoptr(GError) error = NULL;
	QnavHistory *history = qnav_history_new (path, &error);

	if (history == NULL && !quiet)
		g_printerr ("qnav: warning: escalating without the history: %s\n", error->message);
	return history;
}

static void
print_dry_run (QnavFailureAnalysis *analysis, QnavRecoveryPlan *plan, const gchar *repository,
	       const gchar *const *labels, const gchar *fingerprint, gboolean json)
{
	g_autofree gchar *title = qnav_github_title (analysis);
	g_autofree gchar *body = qnav_github_body (analysis, plan, fingerprint, 0);
	g_autofree gchar *shown_repository = qnav_cli_redact (repository);

	if (json) {
		g_autoptr(JsonBuilder) builder = json_builder_new ();
		g_autoptr(JsonNode) root = NULL;
		g_autofree gchar *text = NULL;

		json_builder_begin_object (builder);
		json_builder_set_member_name (builder, "schema_version");
		json_builder_add_int_value (builder, QNAV_SCHEMA_VERSION);
		json_builder_set_member_name (builder, "dry_run");
		json_builder_add_boolean_value (builder, TRUE);
		qnav_json_builder_add_string (builder, "repository", repository);
		qnav_json_builder_add_string (builder, "fingerprint", fingerprint);
		qnav_json_builder_add_string (builder, "title", title);
		qnav_json_builder_add_string (builder, "body", body);
		qnav_json_builder_add_strv (builder, "labels", labels);
		json_builder_end_object (builder);
		root = json_builder_get_root (builder);
		/* title and body are redacted piece by piece already: a second pass over the
		 * whole body could take a key cut before its END line for one running to the
		 * end, marker included */
		text = qnav_json_to_string (root, TRUE);
		qnav_cli_print ("%s\n", text);
		return;
	}
	qnav_cli_print ("[DRY RUN] Nothing is sent. This is the issue qnav would open in %s "
			"(or, if the failure's issue exists, the comment it would add):\n\n",
			repository != NULL ? shown_repository
					   : "the repository of --repo or GITHUB_REPOSITORY");
	if (labels != NULL && labels[0] != NULL) {
		g_autofree gchar *joined = g_strjoinv (", ", (gchar **) labels);
		g_autofree gchar *shown = qnav_cli_redact (joined);
		qnav_cli_print ("Labels: %s\n", shown);
	}
	qnav_cli_print ("Title: %s\n\n%s", title, body);
}

static void
print_outcome (QnavEscalationOutcome outcome, const gchar *repository, guint64 number,
	       const gchar *url, const gchar *fingerprint, gboolean json)
{
	g_autofree gchar *shown_url = qnav_cli_redact (url);

	if (json) {
		g_autoptr(JsonBuilder) builder = json_builder_new ();
		g_autoptr(JsonNode) root = NULL;
		g_autofree gchar *text = NULL;

		json_builder_begin_object (builder);
		json_builder_set_member_name (builder, "schema_version");
		json_builder_add_int_value (builder, QNAV_SCHEMA_VERSION);
		qnav_json_builder_add_string (builder, "outcome",
					      qnav_escalation_outcome_to_string (outcome));
		qnav_json_builder_add_string (builder, "repository", repository);
		json_builder_set_member_name (builder, "issue_number");
		json_builder_add_int_value (builder, (gint64) number);
		qnav_json_builder_add_string (builder, "url", url);
		qnav_json_builder_add_string (builder, "fingerprint", fingerprint);
		json_builder_end_object (builder);
		root = json_builder_get_root (builder);
		text = qnav_json_to_redacted_string (root, TRUE);
		qnav_cli_print ("%s\n", text);
		return;
	}
	switch (outcome) {
	case QNAV_ESCALATION_CREATED:
		qnav_cli_print ("[OK] Opened %s#%" G_GUINT64_FORMAT "\n", repository, number);
		break;
	case QNAV_ESCALATION_COMMENTED:
		qnav_cli_print ("[OK] The failure's issue %s#%" G_GUINT64_FORMAT
				" is open: added this occurrence as a comment\n",
				repository, number);
		break;
	case QNAV_ESCALATION_REOPENED:
	default:
		qnav_cli_print ("[OK] Reopened %s#%" G_GUINT64_FORMAT
				" and added this occurrence as a comment\n",
				repository, number);
		break;
	}
	qnav_cli_print ("Outcome: %s\nIssue: %" G_GUINT64_FORMAT "\nURL: %s\n",
			qnav_escalation_outcome_to_string (outcome), number, shown_url);
}

gint
qnav_cli_escalate (QnavCli *cli, GError **error)
{
	g_autofree gchar *analysis_file = NULL;
	g_autofree gchar *plan_file = NULL;
	g_autofree gchar *repository = NULL;
	g_autofree gchar *api_url = NULL;
	g_auto(GStrv) labels = NULL;
	gboolean reopen = FALSE, dry_run = FALSE, json = FALSE, no_history = FALSE;
	gint timeout = 0;
	const GOptionEntry entries[] = {
		{ "analysis-file", 'a', 0, G_OPTION_ARG_FILENAME, &analysis_file,
		  "The analysis to escalate (qnav's, or the Python original's analysis.json; - "
		  "for standard input)",
		  "FILE" },
		{ "plan-file", 'p', 0, G_OPTION_ARG_FILENAME, &plan_file,
		  "Its recovery plan, shown in a new issue", "FILE" },
		{ "repo", 'r', 0, G_OPTION_ARG_STRING, &repository,
		  "The repository to open the issue in (default: $GITHUB_REPOSITORY)",
		  "OWNER/NAME" },
		{ "api-url", 0, 0, G_OPTION_ARG_STRING, &api_url,
		  "The REST API (default: $GITHUB_API_URL, else https://api.github.com)", "URL" },
		{ "label", 'l', 0, G_OPTION_ARG_STRING_ARRAY, &labels,
		  "A label for a new issue (repeatable; the first also finds the issue again; "
		  "default: qnav, failure-diagnosis)",
		  "LABEL" },
		{ "reopen", 0, 0, G_OPTION_ARG_NONE, &reopen,
		  "Reopen the failure's closed issue instead of opening a new one", NULL },
		{ "timeout", 0, 0, G_OPTION_ARG_INT, &timeout,
		  "The most the escalation may take, retries and rate-limit waits included "
		  "(default: 20)",
		  "SECONDS" },
		{ "no-history", 0, 0, G_OPTION_ARG_NONE, &no_history,
		  "Do not read or record the escalation in qnav's history", NULL },
		{ "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
		  "Print the title and body that would be sent; send nothing", NULL },
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the result as JSON", NULL },
		{ NULL },
	};
	g_autoptr(GOptionContext) option_context =
		g_option_context_new ("- open or update the GitHub issue of a failure");
	g_autoptr(QnavFailureAnalysis) analysis = NULL;
	g_autoptr(QnavRecoveryPlan) plan = NULL;
	g_autoptr(QnavGitHubClient) client = NULL;
	g_autoptr(QnavHistory) history = NULL;
	g_autofree gchar *contents = NULL;
	g_autofree gchar *fingerprint = NULL;
	g_autofree gchar *url = NULL;
	QnavEscalationOutcome outcome = QNAV_ESCALATION_CREATED;
	guint64 number = 0;
	gsize length = 0;

	g_option_context_add_main_entries (option_context, entries, NULL);
	g_option_context_set_description (
		option_context,
		"Opens one issue per failure fingerprint. A repeat of the failure adds a\n"
		"comment to its open issue; a closed one is reopened with --reopen, or else a\n"
		"new issue links it. The token comes from GITHUB_TOKEN only, never from the\n"
		"command line; it needs issues: write on the repository. There is no default\n"
		"repository. Everything sent is redacted and cut to GitHub's 65,536-character\n"
		"limit.");
	if (!qnav_cli_parse (option_context, cli, error))
		return 2;
	if (cli->argc > 1) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "escalate: unexpected argument \"%s\"", cli->argv[1]);
		return 2;
	}
	if (analysis_file == NULL) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
				     "escalate: give the analysis with --analysis-file FILE (what "
				     "qnav diagnose --output wrote)");
		return 2;
	}
	if (timeout < 0 || timeout > 3600) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "escalate: --timeout must be between 1 and 3600 seconds, not %d",
			     timeout);
		return 2;
	}

	if (!read_document ("--analysis-file", analysis_file, &contents, &length, error))
		return 1;
	analysis = qnav_failure_analysis_new_from_json (contents, (gssize) length, error);
	if (analysis == NULL) {
		g_prefix_error (error, "escalate: %s: ", analysis_file);
		return 1;
	}
	g_clear_pointer (&contents, g_free);
	if (plan_file != NULL) {
		if (!read_document ("--plan-file", plan_file, &contents, &length, error))
			return 1;
		plan = qnav_recovery_plan_new_from_json (contents, (gssize) length, error);
		if (plan == NULL) {
			g_prefix_error (error, "escalate: %s: ", plan_file);
			return 1;
		}
	}

	fingerprint = qnav_fingerprint_of_analysis (analysis);
	if (!qnav_fingerprint_is_valid (qnav_failure_analysis_get_fingerprint (analysis)) &&
	    !cli->quiet)
		g_printerr ("qnav: note: the analysis has no usable fingerprint (the Python "
			    "original's analysis.json has none); using %s, made from its root "
			    "cause, plugin and matched patterns\n",
			    fingerprint);

	if (dry_run) {
		const gchar *repo =
			repository != NULL ? repository : g_getenv ("GITHUB_REPOSITORY");
		const gchar *const *shown_labels = NULL;
		g_autoptr(QnavGitHubClient) check = NULL;

		/* the settings are checked as for real; a token is not needed to look */
		if (repo != NULL && *repo != '\0') {
			const gchar *token = g_getenv ("GITHUB_TOKEN");
			check = qnav_github_client_new (repo,
							token != NULL && *token != '\0' ? token
											: "dry-run",
							api_url, error);
			if (check == NULL)
				return 1;
			if (labels != NULL)
				qnav_github_client_set_labels (check,
							       (const gchar *const *) labels);
			shown_labels = qnav_github_client_get_labels (check);
		} else if (labels != NULL) {
			shown_labels = (const gchar *const *) labels;
		}
		print_dry_run (analysis, plan,
			       check != NULL ? qnav_github_client_get_repository (check) : NULL,
			       shown_labels, fingerprint, json);
		return 0;
	}

	client = qnav_github_client_new (repository, NULL, api_url, error);
	if (client == NULL)
		return 1;
	if (labels != NULL)
		qnav_github_client_set_labels (client, (const gchar *const *) labels);
	qnav_github_client_set_reopen_closed (client, reopen);
	if (timeout > 0)
		qnav_github_client_set_timeout_seconds (client, (guint) timeout);
	if (!no_history) {
		history = open_history (cli->quiet);
		qnav_github_client_set_history (client, history);
	}
	if (!json && !cli->quiet && isatty (STDERR_FILENO))
		g_printerr ("[INFO] Escalating to %s…\n",
			    qnav_github_client_get_repository (client));
	if (!qnav_github_client_escalate (client, analysis, plan, &outcome, &number, &url, NULL,
					  error)) {
		g_prefix_error (error, "escalate: ");
		return 1;
	}
	print_outcome (outcome, qnav_github_client_get_repository (client), number, url,
		       fingerprint, json);
	return 0;
}
