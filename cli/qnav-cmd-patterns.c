/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "qnav-cli.h"
#include "qnav-error-pattern-private.h"
#include "qnav-json-private.h"

static const gchar *const patterns_usage =
	"Usage:\n"
	"  qnav patterns list [--json] [--patterns DIR]\n"
	"  qnav patterns show ID [--json] [--patterns DIR]\n"
	"  qnav patterns test TEXT|--file FILE [--json] [--patterns DIR]\n"
	"  qnav patterns validate FILE|DIR...\n\n"
	"list, show and test use the embedded library plus /etc/qnav/patterns.d,\n"
	"$XDG_CONFIG_HOME/qnav/patterns.d and each --patterns DIR. 'test' exits 0 when a\n"
	"pattern matched and 1 when none did; 'validate' exits 6 when a file has problems.\n";

static gint
list_patterns (QnavPatternLibrary *library, gboolean json)
{
	g_autoptr(GPtrArray) patterns = qnav_pattern_library_get_patterns (library);

	if (json) {
		g_autoptr(JsonArray) array = json_array_new ();
		g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
		g_autofree gchar *text = NULL;
		for (guint i = 0; i < patterns->len; i++)
			json_array_add_element (array, qnav_error_pattern_to_json_node (
							       g_ptr_array_index (patterns, i)));
		json_node_set_array (node, array);
		text = qnav_json_to_string (node, TRUE);
		qnav_cli_print ("%s\n", text);
		return 0;
	}
	for (guint i = 0; i < patterns->len; i++) {
		QnavErrorPattern *pattern = g_ptr_array_index (patterns, i);
		qnav_cli_print ("%-36s %-19s %-8s %s\n", qnav_error_pattern_get_id (pattern),
				qnav_root_cause_to_string (qnav_error_pattern_get_category (pattern)),
				qnav_severity_to_string (qnav_error_pattern_get_severity (pattern)),
				qnav_error_pattern_get_description (pattern) != NULL
					? qnav_error_pattern_get_description (pattern)
					: "");
	}
	qnav_cli_print ("%u patterns\n", patterns->len);
	return 0;
}

static void
print_strv (const gchar *label, const gchar *const *items)
{
	for (guint i = 0; items != NULL && items[i] != NULL; i++)
		qnav_cli_print ("%-16s %s\n", i == 0 ? label : "", items[i]);
}

static gint
show_pattern (QnavPatternLibrary *library, const gchar *id, gboolean json, GError **error)
{
	QnavErrorPattern *pattern = qnav_pattern_library_lookup (library, id);

	if (pattern == NULL) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_NOT_FOUND, "no pattern with id \"%s\"",
			     id);
		return 4;
	}
	if (json) {
		g_autoptr(JsonNode) node = qnav_error_pattern_to_json_node (pattern);
		g_autofree gchar *text = qnav_json_to_string (node, TRUE);
		qnav_cli_print ("%s\n", text);
		return 0;
	}
	qnav_cli_print ("%-16s %s\n", "id:", qnav_error_pattern_get_id (pattern));
	qnav_cli_print ("%-16s %s\n", "category:",
			qnav_root_cause_to_string (qnav_error_pattern_get_category (pattern)));
	qnav_cli_print ("%-16s %s\n", "severity:",
			qnav_severity_to_string (qnav_error_pattern_get_severity (pattern)));
	qnav_cli_print ("%-16s %.2f\n", "weight:", qnav_error_pattern_get_weight (pattern));
	qnav_cli_print ("%-16s %.2f\n", "specificity:",
			qnav_error_pattern_get_specificity (pattern));
	qnav_cli_print ("%-16s %s\n", "regex:", qnav_error_pattern_get_regex (pattern));
	print_strv ("keywords:", qnav_error_pattern_get_keywords (pattern));
	print_strv ("services:", qnav_error_pattern_get_services (pattern));
	qnav_cli_print ("%-16s %s\n", "description:",
			qnav_error_pattern_get_description (pattern) != NULL
				? qnav_error_pattern_get_description (pattern)
				: "");
	qnav_cli_print ("%-16s %s\n", "recovery hint:",
			qnav_error_pattern_get_recovery_hint (pattern) != NULL
				? qnav_error_pattern_get_recovery_hint (pattern)
				: "");
	print_strv ("example:", qnav_error_pattern_get_examples (pattern));
	print_strv ("not matched:", qnav_error_pattern_get_negative_examples (pattern));
	qnav_cli_print ("%-16s %s\n", "source:",
			qnav_error_pattern_get_source (pattern) != NULL
				? qnav_error_pattern_get_source (pattern)
				: "(API)");
	return 0;
}

static gint
test_text (QnavPatternLibrary *library, const gchar *text, gsize length, gboolean json,
	   GError **error)
{
	g_autoptr(GPtrArray) matches = qnav_pattern_library_match (library, text, (gssize) length,
								   error);

	if (matches == NULL)
		return 6;
	if (json) {
		g_autoptr(JsonBuilder) builder = json_builder_new ();
		g_autoptr(JsonNode) root = NULL;
		g_autofree gchar *document = NULL;
		json_builder_begin_array (builder);
		for (guint i = 0; i < matches->len; i++) {
			QnavEvidence *match = g_ptr_array_index (matches, i);
			json_builder_begin_object (builder);
			qnav_json_builder_add_string (builder, "pattern_id",
						      qnav_evidence_get_pattern_id (match));
			qnav_json_builder_add_string (
				builder, "category",
				qnav_root_cause_to_string (qnav_evidence_get_category (match)));
			json_builder_set_member_name (builder, "line");
			json_builder_add_int_value (builder, qnav_evidence_get_line (match));
			qnav_json_builder_add_string (builder, "matched",
						      qnav_evidence_get_text (match));
			json_builder_end_object (builder);
		}
		json_builder_end_array (builder);
		root = json_builder_get_root (builder);
		document = qnav_json_to_redacted_string (root, TRUE);
		qnav_cli_print ("%s\n", document);
	} else {
		for (guint i = 0; i < matches->len; i++) {
			QnavEvidence *match = g_ptr_array_index (matches, i);
			g_autofree gchar *matched = qnav_cli_redact (qnav_evidence_get_text (match));
			qnav_cli_print ("%-36s %-19s line %u: %s\n",
					qnav_evidence_get_pattern_id (match),
					qnav_root_cause_to_string (qnav_evidence_get_category (match)),
					qnav_evidence_get_line (match), matched);
		}
		if (matches->len == 0)
			qnav_cli_print ("no pattern matched\n");
	}
	return matches->len > 0 ? 0 : 1;
}

/* Loads each file or directory into a fresh library on top of the embedded one (so
 * duplicate ids against it are caught) and checks every pattern's own examples. */
static gint
validate (gchar **paths, gint n_paths, GError **error)
{
	gint status = 0;

	for (gint i = 0; i < n_paths; i++) {
		g_autoptr(QnavPatternLibrary) library = qnav_pattern_library_new_default (error);
		g_autoptr(GError) error_load = NULL;
		g_autoptr(GPtrArray) patterns = NULL;
		guint before, problems = 0;
		gboolean loaded;

		if (library == NULL)
			return 1;
		before = qnav_pattern_library_get_size (library);
		if (g_file_test (paths[i], G_FILE_TEST_IS_DIR))
			loaded = qnav_pattern_library_load_directory (library, paths[i], &error_load);
		else
			loaded = qnav_pattern_library_load_file (library, paths[i], &error_load);
		if (!loaded) {
			if (!g_error_matches (error_load, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN)) {
				g_propagate_error (error, g_steal_pointer (&error_load));
				return 1;
			}
			g_printerr ("%s\n", error_load->message);
			problems++;
		}
		patterns = qnav_pattern_library_get_patterns (library);
		for (guint p = before; p < patterns->len; p++) {
			g_autoptr(GError) error_examples = NULL;
			if (!qnav_error_pattern_check_examples (g_ptr_array_index (patterns, p),
								&error_examples)) {
				g_printerr ("%s: %s\n", paths[i], error_examples->message);
				problems++;
			}
		}
		qnav_cli_print ("%s: %u patterns loaded, %u problems\n", paths[i],
				patterns->len - before, problems);
		if (problems > 0)
			status = 6;
	}
	return status;
}

gint
qnav_cli_patterns (QnavCli *cli, GError **error)
{
	g_auto(GStrv) pattern_dirs = NULL;
	g_autofree gchar *file = NULL;
	gboolean json = FALSE;
	const GOptionEntry entries[] = {
		{ "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
		{ "patterns", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &pattern_dirs,
		  "Load extra patterns from a directory (repeatable)", "DIR" },
		{ "file", 'f', 0, G_OPTION_ARG_FILENAME, &file,
		  "test: read the text from a file (- for standard input)", "FILE" },
		{ NULL },
	};
	g_autoptr(GOptionContext) option_context =
		g_option_context_new ("list|show ID|test TEXT|validate FILE...");
	QnavPatternLibrary *library = NULL;
	const gchar *action;

	g_option_context_add_main_entries (option_context, entries, NULL);
	g_option_context_set_description (option_context, patterns_usage);
	if (!qnav_cli_parse (option_context, cli, error))
		return 2;
	if (cli->argc < 2) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "patterns: say what to do\n\n%s", patterns_usage);
		return 2;
	}
	action = cli->argv[1];

	if (g_str_equal (action, "validate")) {
		if (cli->argc < 3) {
			g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
					     "patterns validate: name at least one file or directory");
			return 2;
		}
		return validate (cli->argv + 2, cli->argc - 2, error);
	}

	library = qnav_cli_load_library (pattern_dirs, cli->quiet, error);
	if (library == NULL)
		return 1;
	if (g_str_equal (action, "list") && cli->argc == 2)
		return list_patterns (library, json);
	if (g_str_equal (action, "show") && cli->argc == 3)
		return show_pattern (library, cli->argv[2], json, error);
	if (g_str_equal (action, "test")) {
		g_autofree gchar *contents = NULL;
		gsize length = 0;
		if (file != NULL && cli->argc == 2) {
			if (!qnav_cli_read_input (file, &contents, &length, error))
				return 1;
			return test_text (library, contents, length, json, error);
		}
		if (file == NULL && cli->argc == 3)
			return test_text (library, cli->argv[2], strlen (cli->argv[2]), json,
					  error);
	}
	g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
		     "patterns: wrong arguments for \"%s\"\n\n%s", action, patterns_usage);
	return 2;
}
