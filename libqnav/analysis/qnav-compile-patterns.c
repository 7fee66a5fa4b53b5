/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * Build-time compiler of the embedded pattern library:
 *
 *   qnav-compile-patterns OUTPUT PATTERN-FILE...
 *
 * Loads every file with the checks an outside pattern gets (regex, UTF-8, empty matches,
 * catastrophic backtracking, categories, duplicate ids), runs each pattern against its own
 * examples, and writes the library with its keyword automaton in the compact form that
 * libqnav embeds and reads in place (qnav-compiled-library.c).
 * Any problem fails the build, naming the file, the pattern and the reason.
 */

#include "config.h"

#include <stdio.h>

#include "qnav-compiled-library-private.h"
#include "qnav-error-pattern-private.h"
#include "qnav-pattern-library-private.h"

int
main (int argc, char **argv)
{
	g_autoptr(QnavPatternLibrary) library = qnav_pattern_library_new ();
	g_autoptr(GPtrArray) patterns = NULL;
	g_autoptr(GBytes) compiled = NULL;
	g_autoptr(GError) error = NULL;
	guint problems = 0;

	if (argc < 3) {
		fprintf (stderr, "usage: %s OUTPUT PATTERN-FILE...\n", argv[0]);
		return 2;
	}
	for (gint i = 2; i < argc; i++) {
		g_autoptr(GError) error_file = NULL;
		if (!qnav_pattern_library_load_file (library, argv[i], &error_file)) {
			fprintf (stderr, "%s\n", error_file->message);
			problems++;
		}
	}
	patterns = qnav_pattern_library_get_patterns (library);
	for (guint i = 0; i < patterns->len; i++) {
		QnavErrorPattern *pattern = g_ptr_array_index (patterns, i);
		g_autoptr(GError) error_examples = NULL;
		g_autofree gchar *name = g_path_get_basename (qnav_error_pattern_get_source (pattern));
		g_autofree gchar *source = g_strconcat ("built-in:", name, NULL);

		/* users see where a built-in pattern lives, not the build machine's paths */
		qnav_error_pattern_set_source (pattern, source);
		if (!qnav_error_pattern_check_examples (pattern, &error_examples)) {
			fprintf (stderr, "%s: %s\n", qnav_error_pattern_get_source (pattern),
				 error_examples->message);
			problems++;
		}
	}
	if (problems > 0) {
		fprintf (stderr, "%u problems in the built-in pattern library\n", problems);
		return 1;
	}

	compiled = qnav_compiled_library_write (patterns);
	/* read everything back the way libqnav will, so that a damaged blob fails here */
	{
		g_autoptr(QnavKeywordMatcher) matcher = NULL;
		const guint32 *record_at = NULL, *unfiltered = NULL;
		guint n_patterns = 0, n_unfiltered = 0;

		if (!qnav_compiled_library_read (compiled, &n_patterns, &record_at, &unfiltered,
						 &n_unfiltered, &matcher, &error) ||
		    n_patterns != patterns->len) {
			fprintf (stderr, "the compiled library does not read back: %s\n",
				 error != NULL ? error->message : "wrong count");
			return 1;
		}
		for (guint i = 0; i < n_patterns; i++) {
			g_autoptr(QnavErrorPattern) back =
				qnav_compiled_library_read_pattern (compiled, record_at[i]);
			if (g_strcmp0 (qnav_error_pattern_get_id (back),
				       qnav_error_pattern_get_id (g_ptr_array_index (patterns, i))) != 0 ||
			    g_strv_length ((gchar **) qnav_error_pattern_get_examples (back)) !=
				    g_strv_length ((gchar **) qnav_error_pattern_get_examples (
					    g_ptr_array_index (patterns, i)))) {
				fprintf (stderr, "pattern %u does not read back\n", i);
				return 1;
			}
		}
	}
	if (!g_file_set_contents (argv[1], g_bytes_get_data (compiled, NULL),
				  (gssize) g_bytes_get_size (compiled), &error)) {
		fprintf (stderr, "%s\n", error->message);
		return 1;
	}
	return 0;
}
