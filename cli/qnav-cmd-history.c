/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include <json-glib/json-glib.h>

#include "qnav-cli.h"

/* `qnav history`: the text form is drawn from the very document `--json` prints, so the two
 * never disagree. */

static const gchar *
member_string (JsonObject *object, const gchar *member)
{
	JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

	if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
		return NULL;
	return json_node_get_string (node);
}

static gint64
member_int (JsonObject *object, const gchar *member)
{
	JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

	if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
		return 0;
	return json_node_get_int (node);
}

static JsonObject *
member_object (JsonObject *object, const gchar *member)
{
	JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

	return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A document time (RFC 3339, UTC) in local time, to the minute or the second. */
static gchar *
local_time (const gchar *text, gboolean seconds)
{
	g_autoptr(GDateTime) value = NULL;
	g_autoptr(GDateTime) local = NULL;

	if (text != NULL)
		value = g_date_time_new_from_iso8601 (text, NULL);
	if (value == NULL)
		return g_strdup ("-");
	local = g_date_time_to_local (value);
	return g_date_time_format (local, seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M");
}

/* "retry 2/3, wait 0/1": successes over attempts per action; actions that never ran show
 * their name alone. */
static gchar *
outcomes_text (JsonObject *executions)
{
	g_autoptr(GList) actions = executions != NULL ? json_object_get_members (executions) : NULL;
	GString *text = g_string_new (NULL);

	for (GList *l = actions; l != NULL; l = l->next) {
		JsonObject *counts = member_object (executions, l->data);
		if (text->len > 0)
			g_string_append (text, ", ");
		if (member_int (counts, "attempts") > 0)
			g_string_append_printf (text, "%s %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
						(const gchar *) l->data,
						member_int (counts, "succeeded"),
						member_int (counts, "attempts"));
		else
			g_string_append_printf (text, "%s -", (const gchar *) l->data);
	}
	if (text->len == 0)
		g_string_append (text, "-");
	return g_string_free (text, FALSE);
}

static gchar *
escalation_text (JsonObject *escalation)
{
	const gchar *outcome = member_string (escalation, "outcome");

	if (escalation == NULL)
		return g_strdup ("-");
	return g_strdup_printf ("%s#%" G_GINT64_FORMAT "%s%s%s",
				member_string (escalation, "repository"),
				member_int (escalation, "issue_number"),
				outcome != NULL ? " (" : "", outcome != NULL ? outcome : "",
				outcome != NULL ? ")" : "");
}

static void
print_table (JsonArray *fingerprints)
{
	qnav_cli_print ("%-16s  %5s  %-16s  %-19s  %-24s  %s\n", "FINGERPRINT", "SEEN", "LAST SEEN",
			"ROOT CAUSE", "RECOVERY (OK/TRIED)", "ESCALATION");
	for (guint i = 0; i < json_array_get_length (fingerprints); i++) {
		JsonObject *entry = json_array_get_object_element (fingerprints, i);
		const gchar *root_cause = member_string (entry, "root_cause");
		g_autofree gchar *last_seen =
			local_time (member_string (entry, "last_seen"), FALSE);
		g_autofree gchar *outcomes = outcomes_text (member_object (entry, "executions"));
		g_autofree gchar *escalation =
			escalation_text (member_object (entry, "last_escalation"));

		qnav_cli_print ("%-16s  %5" G_GINT64_FORMAT "  %-16s  %-19s  %-24s  %s\n",
				member_string (entry, "fingerprint"),
				member_int (entry, "occurrences"), last_seen,
				root_cause != NULL ? root_cause : "-", outcomes, escalation);
	}
}

static void
print_event (JsonObject *event)
{
	const gchar *kind = member_string (event, "kind");
	g_autofree gchar *when = local_time (member_string (event, "time"), TRUE);
	g_autoptr(GString) line = g_string_new (NULL);

	if (g_strcmp0 (kind, "diagnosis") == 0) {
		JsonNode *confidence = json_object_get_member (event, "confidence");
		gdouble share = confidence != NULL ? json_node_get_double (confidence) : 0.0;

		g_string_append_printf (line, "%s (%.0f%%)", member_string (event, "root_cause"),
					round (share * 100.0));
		if (member_string (event, "plugin") != NULL)
			g_string_append_printf (line, " in %s", member_string (event, "plugin"));
		if (member_string (event, "hostname") != NULL)
			g_string_append_printf (line, " on %s", member_string (event, "hostname"));
	} else if (g_strcmp0 (kind, "plan") == 0) {
		const gchar *recommended = member_string (event, "recommended");
		g_string_append_printf (line, "recommends %s",
					recommended != NULL ? recommended : "nothing");
	} else if (g_strcmp0 (kind, "execution") == 0) {
		JsonNode *automatic = json_object_get_member (event, "automatic");
		JsonNode *duration = json_object_get_member (event, "duration_seconds");
		g_string_append_printf (line, "%s %s", member_string (event, "action"),
					member_string (event, "status"));
		if (automatic != NULL && json_node_get_boolean (automatic))
			g_string_append (line, ", automatic");
		if (duration != NULL && JSON_NODE_HOLDS_VALUE (duration))
			g_string_append_printf (line, ", %.1f s", json_node_get_double (duration));
		if (member_string (event, "message") != NULL)
			g_string_append_printf (line, ": %s", member_string (event, "message"));
	} else if (g_strcmp0 (kind, "escalation") == 0) {
		g_autofree gchar *escalation = escalation_text (event);
		g_string_append (line, escalation);
		if (member_string (event, "url") != NULL)
			g_string_append_printf (line, " %s", member_string (event, "url"));
	}
	/* the document is redacted already; a message may still span lines */
	g_strdelimit (line->str, "\r\n", ' ');
	qnav_cli_print ("  %s  %-10s  %s\n", when, kind != NULL ? kind : "?", line->str);
}

gint
qnav_cli_history (QnavCli *cli, GError **error)
{
	g_autofree gchar *fingerprint = NULL;
	g_autofree gchar *db = NULL;
	gboolean json = FALSE;
	gint limit = 20;
	const GOptionEntry entries[] = {
		{ "fingerprint", 'f', 0, G_OPTION_ARG_STRING, &fingerprint,
		  "Show this failure only, with its events", "FP" },
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the history document as JSON",
		  NULL },
		{ "limit", 'n', 0, G_OPTION_ARG_INT, &limit,
		  "At most N failures, or N events with --fingerprint; 0 for all (default 20)",
		  "N" },
		{ "history", 0, 0, G_OPTION_ARG_FILENAME, &db,
		  "The history database (default: $QNAV_STATE_DIR/history.db, or "
		  "$XDG_STATE_HOME/qnav/history.db; /var/lib/qnav/history.db as root)",
		  "PATH" },
		{ NULL },
	};
	g_autoptr(GOptionContext) option_context =
		g_option_context_new ("- show past failures, their recoveries and escalations");
	g_autoptr(QnavHistory) history = NULL;
	g_autoptr(JsonParser) parser = NULL;
	g_autofree gchar *document = NULL;
	JsonObject *root;
	JsonArray *fingerprints;

	g_option_context_add_main_entries (option_context, entries, NULL);
	if (!qnav_cli_parse (option_context, cli, error))
		return 2;
	if (cli->argc > 1) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "history: unexpected argument \"%s\"", cli->argv[1]);
		return 2;
	}
	if (limit < 0) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "history: --limit must be 0 or more, not %d", limit);
		return 2;
	}
	/* a database named on the command line must exist: a typo should not start an empty
	 * history somewhere */
	if (db != NULL && !g_file_test (db, G_FILE_TEST_EXISTS)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_NOT_FOUND,
			     "history: no history database at %s", db);
		return 4;
	}
	history = qnav_history_new (db, error);
	if (history == NULL)
		return 1;
	document = qnav_history_to_json (history, fingerprint, (guint) limit, error);
	if (document == NULL)
		return 1;
	if (json) {
		qnav_cli_print ("%s\n", document);
		return 0;
	}

	parser = json_parser_new ();
	if (!json_parser_load_from_data (parser, document, -1, error))
		return 1;
	root = json_node_get_object (json_parser_get_root (parser));
	fingerprints = json_object_get_array_member (root, "fingerprints");
	if (json_array_get_length (fingerprints) == 0) {
		if (fingerprint != NULL)
			qnav_cli_print ("Failure %s is not in the history (%s).\n", fingerprint,
					qnav_history_get_path (history));
		else
			qnav_cli_print ("No failures recorded yet (%s).\n",
					qnav_history_get_path (history));
		return 0;
	}
	qnav_cli_print ("History: %s\n\n", qnav_history_get_path (history));
	print_table (fingerprints);
	if (fingerprint != NULL) {
		JsonArray *events = json_object_get_array_member (
			json_array_get_object_element (fingerprints, 0), "events");
		qnav_cli_print ("\nEvents, newest first:\n");
		for (guint i = 0; events != NULL && i < json_array_get_length (events); i++)
			print_event (json_array_get_object_element (events, i));
	}
	return 0;
}
