/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "qnav.h"
#include "qnav-error-pattern-private.h"

/* The embedded library: big enough, complete, and every pattern honest about its examples. */
static void
test_embedded_library_examples (void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavPatternLibrary) library = qnav_pattern_library_new_default (&error);
	g_autoptr(GPtrArray) patterns = NULL;
	guint n_examples = 0, n_negatives = 0;
	guint per_category[QNAV_ROOT_CAUSE_N_CATEGORIES] = { 0 };

	g_assert_no_error (error);
	patterns = qnav_pattern_library_get_patterns (library);
	g_assert_cmpuint (patterns->len, >=, 120);

	for (guint i = 0; i < patterns->len; i++) {
		QnavErrorPattern *pattern = g_ptr_array_index (patterns, i);
		const gchar *id = qnav_error_pattern_get_id (pattern);
		const gchar *const *examples = qnav_error_pattern_get_examples (pattern);
		const gchar *const *negatives = qnav_error_pattern_get_negative_examples (pattern);
		g_autoptr(GError) error_examples = NULL;

		/* every field a user reads is there */
		if (qnav_error_pattern_get_description (pattern) == NULL ||
		    qnav_error_pattern_get_recovery_hint (pattern) == NULL ||
		    examples == NULL || examples[0] == NULL || negatives == NULL ||
		    negatives[0] == NULL)
			g_error ("pattern %s lacks a description, hint, example or negative example",
				 id);
		/* the regex compiles, and matches its examples and none of its negatives */
		if (!qnav_error_pattern_check_examples (pattern, &error_examples))
			g_error ("%s", error_examples->message);
		n_examples += g_strv_length ((gchar **) examples);
		n_negatives += g_strv_length ((gchar **) negatives);
		per_category[qnav_error_pattern_get_category (pattern)]++;
	}
	g_test_message ("%u patterns, %u examples, %u negative examples", patterns->len,
			n_examples, n_negatives);
	for (guint c = 0; c < QNAV_ROOT_CAUSE_N_CATEGORIES; c++) {
		g_test_message ("  %-20s %u", qnav_root_cause_to_string (c), per_category[c]);
		g_assert_cmpuint (per_category[c], >, 0);
	}
}

/* Built-in patterns are trusted at run time (compiled lazily, no timing checks): here each
 * goes through the full checks an outside pattern gets. */
static void
test_embedded_library_strict_checks (void)
{
	g_autoptr(QnavPatternLibrary) library = qnav_pattern_library_new_default (NULL);
	g_autoptr(GPtrArray) patterns = qnav_pattern_library_get_patterns (library);
	guint without_keywords = 0;

	for (guint i = 0; i < patterns->len; i++) {
		QnavErrorPattern *pattern = g_ptr_array_index (patterns, i);
		g_autoptr(GError) error = NULL;
		g_autoptr(QnavErrorPattern) strict =
			qnav_error_pattern_new (qnav_error_pattern_get_id (pattern),
						qnav_error_pattern_get_regex (pattern),
						qnav_error_pattern_get_category (pattern), &error);
		if (strict == NULL)
			g_error ("%s", error->message);
		if (qnav_error_pattern_get_keywords (pattern) == NULL) {
			g_test_message ("no keywords: %s %s", qnav_error_pattern_get_id (pattern),
					qnav_error_pattern_get_regex (pattern));
			without_keywords++;
		}
	}
	/* patterns without keywords run on every line of every log: none in the default set */
	g_assert_cmpuint (without_keywords, ==, 0);
}

/* Every file in patterns/ is embedded, and nothing else is. */
static void
test_embedded_library_matches_directory (void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavPatternLibrary) embedded = qnav_pattern_library_new_default (&error);
	g_autoptr(QnavPatternLibrary) directory = qnav_pattern_library_new ();
	g_autofree gchar *path = g_build_filename (g_getenv ("QNAV_SOURCE_ROOT"), "libqnav",
						   "analysis", "patterns", NULL);

	g_assert_no_error (error);
	g_assert_true (qnav_pattern_library_load_directory (directory, path, &error));
	g_assert_no_error (error);
	g_assert_cmpuint (qnav_pattern_library_get_size (embedded), ==,
			  qnav_pattern_library_get_size (directory));
}

static gchar *
write_file (const gchar *dir, const gchar *name, const gchar *contents)
{
	gchar *path = g_build_filename (dir, name, NULL);

	g_assert_true (g_file_set_contents (path, contents, -1, NULL));
	return path;
}

#define GOOD_PATTERN                                                                               \
	"{\"id\": \"site_nfs_stale\", \"regex\": \"Stale file handle\", \"category\": "            \
	"\"storage\", \"severity\": \"high\", \"examples\": [\"cp: cannot stat 'x': Stale file "   \
	"handle\"], \"negative_examples\": [\"No space left on device\"]}"

/* One file holding every kind of mistake: the error names the file, the pattern and the
 * reason for each, and the good pattern still loads. */
static void
test_bad_pattern_file (void)
{
	g_autofree gchar *dir = g_dir_make_tmp ("qnav-patterns-XXXXXX", NULL);
	g_autoptr(QnavPatternLibrary) library = qnav_pattern_library_new_default (NULL);
	g_autoptr(GError) error = NULL;
	guint before = qnav_pattern_library_get_size (library);
	g_autofree gchar *bad = write_file (
		dir, "10-site.json",
		"{\"schema_version\": 1, \"patterns\": [" GOOD_PATTERN ","
		"{\"id\": \"site_bad_regex\", \"regex\": \"(unclosed\", \"category\": \"network\"},"
		"{\"id\": \"site_bad_category\", \"regex\": \"boom\", \"category\": \"cosmic_rays\"},"
		"{\"id\": \"site_nfs_stale\", \"regex\": \"again\", \"category\": \"storage\"},"
		"{\"id\": \"site_everything\", \"regex\": \"x*\", \"category\": \"storage\"},"
		"{\"id\": \"site_backtracking\", \"regex\": \"(a+)+$\", \"category\": \"storage\"},"
		"{\"id\": \"site_typo\", \"regex\": \"oops\", \"category\": \"storage\", "
		"\"recovery-hint\": \"x\"},"
		"{\"regex\": \"no id\", \"category\": \"storage\"},"
		"42]}");
	g_autofree gchar *not_json = write_file (dir, "20-broken.json", "{\"patterns\": [");
	g_autofree gchar *ignored = write_file (dir, "README.txt", "not a pattern file");

	g_assert_false (qnav_pattern_library_load_directory (library, dir, &error));
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN);
	g_test_message ("%s", error->message);
	g_assert_nonnull (strstr (error->message, "10-site.json: pattern \"site_bad_regex\": invalid regex"));
	g_assert_nonnull (strstr (error->message, "pattern \"site_bad_category\": unknown category \"cosmic_rays\""));
	g_assert_nonnull (strstr (error->message, "pattern \"site_nfs_stale\": duplicate id, already defined in"));
	g_assert_nonnull (strstr (error->message, "pattern \"site_everything\": the regex matches an empty"));
	g_assert_nonnull (strstr (error->message, "pattern \"site_backtracking\": the regex backtracks catastrophically"));
	g_assert_nonnull (strstr (error->message, "pattern \"site_typo\": unknown member \"recovery-hint\""));
	g_assert_nonnull (strstr (error->message, "pattern #8: required member \"id\" is missing"));
	g_assert_nonnull (strstr (error->message, "pattern #9 is not an object"));
	g_assert_nonnull (strstr (error->message, "20-broken.json is not valid JSON"));
	g_assert_null (strstr (error->message, "README.txt"));

	/* the good one is there and works */
	g_assert_cmpuint (qnav_pattern_library_get_size (library), ==, before + 1);
	g_assert_nonnull (qnav_pattern_library_lookup (library, "site_nfs_stale"));

	g_unlink (bad);
	g_unlink (not_json);
	g_unlink (ignored);
	g_rmdir (dir);
}

/* A regex that is not UTF-8 is refused before it reaches PCRE2 (GLib 2.74 can crash there). */
static void
test_non_utf8_regex (void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavErrorPattern) pattern =
		qnav_error_pattern_new ("bad_bytes", "abc\xff\xfe(", QNAV_ROOT_CAUSE_NETWORK, &error);
	g_autoptr(QnavPatternLibrary) library = qnav_pattern_library_new ();

	g_assert_null (pattern);
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN);
	g_clear_error (&error);

	g_assert_false (qnav_pattern_library_load_data (
		library, "{\"patterns\": [{\"id\": \"x\", \"regex\": \"\xff\", \"category\": \"network\"}]}",
		-1, "bytes.json", &error));
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN);
	g_assert_nonnull (strstr (error->message, "bytes.json is not valid JSON: it is not UTF-8"));
}

static void
test_missing_and_wrong_paths (void)
{
	g_autoptr(QnavPatternLibrary) library = qnav_pattern_library_new ();
	g_autoptr(GError) error = NULL;

	g_assert_false (qnav_pattern_library_load_directory (library, "/nonexistent/qnav", &error));
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_NOT_FOUND);
	g_clear_error (&error);
	g_assert_false (qnav_pattern_library_load_file (library, "/nonexistent/qnav.json", &error));
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_NOT_FOUND);
	g_clear_error (&error);
	g_assert_false (qnav_pattern_library_load_file (library, "/tmp", &error));
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT);
	g_clear_error (&error);
	g_assert_false (qnav_pattern_library_load_directory (library, "/etc/hostname", &error));
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT);
	g_clear_error (&error);
	g_assert_false (qnav_pattern_library_load_data (
		library, "{\"schema_version\": 7, \"patterns\": []}", -1, "future.json", &error));
	g_assert_nonnull (strstr (error->message, "schema_version 7 is not supported"));
}

/* /etc/qnav/patterns.d and $XDG_CONFIG_HOME/qnav/patterns.d, both pointed at temp dirs. */
static void
test_user_directories (void)
{
	g_autofree gchar *root = g_dir_make_tmp ("qnav-dirs-XXXXXX", NULL);
	g_autofree gchar *system_dir = g_build_filename (root, "etc", "patterns.d", NULL);
	g_autofree gchar *user_dir = g_build_filename (root, "config", "qnav", "patterns.d", NULL);
	g_autofree gchar *sysconf = g_build_filename (root, "etc", NULL);
	g_autofree gchar *config = g_build_filename (root, "config", NULL);
	g_autoptr(QnavPatternLibrary) library = qnav_pattern_library_new ();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *a = NULL, *b = NULL;

	g_assert_cmpint (g_mkdir_with_parents (system_dir, 0700), ==, 0);
	g_assert_cmpint (g_mkdir_with_parents (user_dir, 0700), ==, 0);
	a = write_file (system_dir, "site.json", "{\"patterns\": [" GOOD_PATTERN "]}");
	b = write_file (user_dir, "mine.json",
			"{\"patterns\": [{\"id\": \"mine_quota\", \"regex\": \"over quota\", "
			"\"category\": \"storage\"}]}");
	g_setenv ("QNAV_SYSCONFDIR", sysconf, TRUE);
	g_setenv ("XDG_CONFIG_HOME", config, TRUE);
	/* GLib caches the user config dir; ask it again after changing the environment */
	g_reload_user_special_dirs_cache ();
	g_assert_true (qnav_pattern_library_load_user_directories (library, &error));
	g_assert_no_error (error);
	g_assert_nonnull (qnav_pattern_library_lookup (library, "site_nfs_stale"));
	g_assert_nonnull (qnav_pattern_library_lookup (library, "mine_quota"));
	g_assert_cmpstr (qnav_error_pattern_get_source (
				 qnav_pattern_library_lookup (library, "mine_quota")),
			 ==, b);
	g_unlink (a);
	g_unlink (b);
	for (const gchar *const *sub = (const gchar *const[]) { "config/qnav/patterns.d",
							       "config/qnav", "config",
							       "etc/patterns.d", "etc", NULL };
	     *sub != NULL; sub++) {
		g_autofree gchar *path = g_build_filename (root, *sub, NULL);
		g_rmdir (path);
	}
	g_rmdir (root);
}

static void
test_api_add (void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavPatternLibrary) library = qnav_pattern_library_new ();
	g_autoptr(QnavErrorPattern) pattern =
		qnav_error_pattern_new ("site_ipa", "ipa: ERROR: .*Insufficient access",
					QNAV_ROOT_CAUSE_CREDENTIAL, &error);
	g_autoptr(QnavErrorPattern) again = NULL;
	g_autofree gchar *matched = NULL;
	guint line = 0;

	g_assert_no_error (error);
	g_assert_true (qnav_pattern_library_add (library, pattern, &error));
	g_assert_no_error (error);
	again = qnav_error_pattern_new ("site_ipa", "x", QNAV_ROOT_CAUSE_CREDENTIAL, &error);
	g_assert_false (qnav_pattern_library_add (library, again, &error));
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN);
	g_clear_error (&error);

	/* case-insensitive, line by line */
	g_assert_true (qnav_error_pattern_match (pattern,
						 "first line\nIPA: error: Insufficient access rights",
						 -1, &line, &matched, &error));
	g_assert_cmpuint (line, ==, 2);
	g_assert_cmpstr (matched, ==, "IPA: error: Insufficient access");
	g_assert_cmpstrv (qnav_error_pattern_get_keywords (pattern),
			  ((const gchar *const[]){ "insufficient acc", NULL }));
}

int
main (int argc, char **argv)
{
	g_test_init (&argc, &argv, NULL);

	g_test_add_func ("/qnav/patterns/embedded/examples", test_embedded_library_examples);
	g_test_add_func ("/qnav/patterns/embedded/strict-checks", test_embedded_library_strict_checks);
	g_test_add_func ("/qnav/patterns/embedded/matches-directory",
			 test_embedded_library_matches_directory);
	g_test_add_func ("/qnav/patterns/load/bad-file", test_bad_pattern_file);
	g_test_add_func ("/qnav/patterns/load/non-utf8-regex", test_non_utf8_regex);
	g_test_add_func ("/qnav/patterns/load/missing-and-wrong-paths", test_missing_and_wrong_paths);
	g_test_add_func ("/qnav/patterns/load/user-directories", test_user_directories);
	g_test_add_func ("/qnav/patterns/api/add", test_api_add);

	return g_test_run ();
}
