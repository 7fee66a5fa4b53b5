/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * qubinode.navigator.qnav_diagnose: diagnose a failure from its text, its logs and the host.
 * The Ansible face of `qnav diagnose`; see ansible/plugins/modules/qnav_diagnose.yml.
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <qnav.h>

#include "qnav-module.h"

static const QnavModuleOption options[] = {
	{ "plugin", QNAV_MODULE_TYPE_STR, FALSE, "ansible" },
	{ "error", QNAV_MODULE_TYPE_STR, TRUE, NULL },
	{ "log_paths", QNAV_MODULE_TYPE_PATH_LIST, FALSE, NULL },
	{ "patterns_dir", QNAV_MODULE_TYPE_PATH, FALSE, NULL },
	{ "probes", QNAV_MODULE_TYPE_BOOL, FALSE, "true" },
	{ "history", QNAV_MODULE_TYPE_PATH, FALSE, NULL },
	{ "use_history", QNAV_MODULE_TYPE_BOOL, FALSE, "true" },
};

/* Records the diagnosis, so that plans learn from it and repeats are counted; parallel forks
 * on one host write to the same file. A history that cannot be opened costs a warning. */
static void
record_analysis (QnavModule *module, QnavFailureAnalysis *analysis)
{
	g_autoptr(QnavHistory) history = NULL;
	g_autoptr(GError) local_error = NULL;

	if (qnav_module_get_check_mode (module))
		return;
	history = qnav_module_open_history (module, &local_error);
	if (history != NULL)
		qnav_history_record_analysis (history, analysis, &local_error);
	if (local_error != NULL)
		qnav_module_add_warning (module, "the diagnosis was not recorded in the history: %s",
					 local_error->message);
}

static gboolean
is_blank (const gchar *text)
{
	for (const gchar *p = text; p != NULL && *p != '\0'; p++) {
		if (!g_ascii_isspace (*p))
			return FALSE;
	}
	return TRUE;
}

/* Checked before anything runs, so a typo in a path fails fast and says which path. */
static gboolean
check_log_path (const gchar *path, GError **error)
{
	struct stat info;

	if (*path == '\0') {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
				     "log_paths: an element is empty; give the path of a log file");
		return FALSE;
	}
	if (g_stat (path, &info) != 0) {
		gint saved_errno = errno;
		g_set_error (error, QNAV_ERROR,
			     saved_errno == ENOENT ? QNAV_ERROR_NOT_FOUND : QNAV_ERROR_IO,
			     "log_paths: cannot read %s: %s", path, g_strerror (saved_errno));
		return FALSE;
	}
	if (S_ISDIR (info.st_mode)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "log_paths: %s is a directory; give the log files in it", path);
		return FALSE;
	}
	if (g_access (path, R_OK) != 0) {
		gint saved_errno = errno;
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_IO, "log_paths: cannot read %s: %s",
			     path, g_strerror (saved_errno));
		return FALSE;
	}
	return TRUE;
}

/* The embedded patterns, the system and user pattern directories (a broken file there is a
 * warning, as in `qnav diagnose`), then patterns_dir, which the task asked for by name and
 * so must load. */
static QnavPatternLibrary *
load_library (QnavModule *module, const gchar *patterns_dir, GError **error)
{
	g_autoptr(QnavPatternLibrary) library = qnav_pattern_library_new_default (error);
	g_autoptr(GError) error_local = NULL;

	if (library == NULL)
		return NULL;
	if (!qnav_pattern_library_load_user_directories (library, &error_local))
		qnav_module_add_warning (module, "%s", error_local->message);
	if (patterns_dir == NULL)
		return g_steal_pointer (&library);

	if (!g_file_test (patterns_dir, G_FILE_TEST_EXISTS)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_NOT_FOUND,
			     "patterns_dir: %s does not exist", patterns_dir);
		return NULL;
	}
	if (!g_file_test (patterns_dir, G_FILE_TEST_IS_DIR)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "patterns_dir: %s is not a directory", patterns_dir);
		return NULL;
	}
	if (!qnav_pattern_library_load_directory (library, patterns_dir, error)) {
		g_prefix_error (error, "patterns_dir %s: ", patterns_dir);
		return NULL;
	}
	return g_steal_pointer (&library);
}

static gchar *
first_line (const gchar *text)
{
	const gchar *start = text;
	const gchar *end;

	while (*start != '\0' && g_ascii_isspace (*start))
		start++;
	end = strchr (start, '\n');
	if (end == NULL)
		end = start + strlen (start);
	if (g_utf8_strlen (start, end - start) > 120) {
		g_autofree gchar *cut = g_utf8_substring (start, 0, 119);
		return g_strconcat (cut, "…", NULL);
	}
	return g_strndup (start, (gsize) (end - start));
}

static void
add_strv (JsonObject *object, const gchar *member, const gchar *const *values)
{
	JsonArray *array = json_array_new ();

	for (guint i = 0; values != NULL && values[i] != NULL; i++)
		json_array_add_string_element (array, values[i]);
	json_object_set_array_member (object, member, array);
}

static JsonObject *
run (QnavModule *module, GError **error)
{
	const gchar *text = qnav_module_get_str (module, "error");
	const gchar *const *log_paths = qnav_module_get_list (module, "log_paths");
	const gchar *patterns_dir = qnav_module_get_str (module, "patterns_dir");
	g_autoptr(QnavPatternLibrary) library = NULL;
	g_autoptr(QnavDiagnosticContext) context = NULL;
	g_autoptr(QnavFailureAnalyzer) analyzer = NULL;
	g_autoptr(QnavFailureAnalysis) analysis = NULL;
	g_autoptr(JsonNode) document = NULL;
	g_autoptr(JsonObject) result = json_object_new ();
	g_autofree gchar *json = NULL;
	g_autofree gchar *summary = NULL;
	g_autofree gchar *msg = NULL;
	const gchar *description;
	QnavRootCause root_cause;
	gdouble confidence;

	if (is_blank (text) && (log_paths == NULL || log_paths[0] == NULL)) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
				     "argument 'error' is empty: give the failure text (e.g. "
				     "\"{{ ansible_failed_result.msg }}\"), or log_paths to scan");
		return NULL;
	}
	for (guint i = 0; log_paths != NULL && log_paths[i] != NULL; i++) {
		if (!check_log_path (log_paths[i], error))
			return NULL;
	}
	library = load_library (module, patterns_dir, error);
	if (library == NULL)
		return NULL;

	context = qnav_diagnostic_context_new (qnav_module_get_str (module, "plugin"), text);
	for (guint i = 0; log_paths != NULL && log_paths[i] != NULL; i++)
		qnav_diagnostic_context_add_log_path (context, log_paths[i]);
	/* a diagnosis changes nothing on the host: check mode runs it just the same */
	if (qnav_module_get_bool (module, "probes")) {
		g_autoptr(QnavContextCollector) collector = qnav_context_collector_new ();
		if (!qnav_context_collector_collect (collector, context, NULL, error)) {
			g_prefix_error (error, "probing the host failed: ");
			return NULL;
		}
	}
	analyzer = qnav_failure_analyzer_new (library);
	analysis = qnav_failure_analyzer_analyze (analyzer, context, NULL, error);
	if (analysis == NULL) {
		if (error != NULL && *error != NULL &&
		    g_str_has_prefix ((*error)->message, "cannot read log"))
			g_prefix_error (error, "log_paths: ");
		return NULL;
	}

	record_analysis (module, analysis);
	json = qnav_failure_analysis_to_json (analysis);
	document = qnav_module_parse_document (json, "the analysis", error);
	if (document == NULL)
		return NULL;

	root_cause = qnav_failure_analysis_get_root_cause (analysis);
	confidence = qnav_failure_analysis_get_confidence (analysis);
	description = qnav_failure_analysis_get_description (analysis);
	if (description != NULL && *description != '\0') {
		summary = g_strdup (description);
	} else {
		summary = first_line (text);
	}

	json_object_set_boolean_member (result, "changed", FALSE);
	json_object_set_string_member (result, "root_cause",
				       qnav_root_cause_to_string (root_cause));
	json_object_set_double_member (result, "confidence", confidence);
	json_object_set_string_member (
		result, "severity",
		qnav_severity_to_string (qnav_failure_analysis_get_severity (analysis)));
	json_object_set_string_member (result, "description",
				       description != NULL ? description : "");
	add_strv (result, "recommended_actions",
		  qnav_failure_analysis_get_recommended_actions (analysis));
	add_strv (result, "pattern_matches", qnav_failure_analysis_get_pattern_matches (analysis));
	add_strv (result, "affected_services",
		  qnav_failure_analysis_get_affected_services (analysis));
	json_object_set_string_member (result, "fingerprint",
				       qnav_failure_analysis_get_fingerprint (analysis));
	json_object_set_member (result, "analysis", g_steal_pointer (&document));
	msg = g_strdup_printf ("%s (%d%%): %s", qnav_root_cause_to_string (root_cause),
			       (gint) round (confidence * 100.0), summary);
	json_object_set_string_member (result, "msg", msg);
	return g_steal_pointer (&result);
}

int
main (int argc, char **argv)
{
	return qnav_module_main ("qnav_diagnose", options, G_N_ELEMENTS (options), run, argc,
				 argv);
}
