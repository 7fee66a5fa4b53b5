/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The pattern-file loader: any bytes in, a library or a clear error out. Patterns that load
 * are also run over a line, which exercises their regexes and the keyword prefilter. */

#include "config.h"

#include "qnav.h"

int LLVMFuzzerTestOneInput (const guint8 *data, gsize size);

int
LLVMFuzzerTestOneInput (const guint8 *data, gsize size)
{
	g_autoptr(QnavPatternLibrary) library = qnav_pattern_library_new ();
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) matches = NULL;
	g_autoptr(QnavFailureAnalyzer) analyzer = NULL;
	g_autoptr(QnavFailureAnalysis) analysis = NULL;
	static const gchar line[] = "error: Failed to start domain 'web01': No space left on device "
				    "(aaaaaaaaaaaaaaaaaaaaaaaaaaaa) 0123456789 /tmp/x";

	if (!qnav_pattern_library_load_data (library, (const gchar *) data, (gssize) size, "fuzz",
					     &error)) {
		g_assert_nonnull (error);
		g_assert_nonnull (error->message);
	}
	if (qnav_pattern_library_get_size (library) == 0)
		return 0;
	matches = qnav_pattern_library_match (library, line, -1, NULL);
	analyzer = qnav_failure_analyzer_new (library);
	analysis = qnav_failure_analyzer_analyze_text (analyzer, "fuzz", line, -1, NULL);
	return 0;
}
