/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "qnav-error-pattern.h"
#include "qnav-keyword-matcher-private.h"

G_BEGIN_DECLS

/*
 * The embedded pattern library as qnav-compile-patterns writes it at build time: the patterns
 * and the keyword automaton over them, in one flat, bounds-checked blob that libqnav reads in
 * place. Reading 700 patterns and their automaton this way costs a small fraction of parsing
 * the JSON files and compiling the automaton at every start-up.
 */
GBytes *qnav_compiled_library_write (GPtrArray *patterns);
gboolean qnav_compiled_library_read (GBytes *bytes, guint *n_patterns,
				     const guint32 **record_at, const guint32 **unfiltered,
				     guint *n_unfiltered, QnavKeywordMatcher **matcher,
				     GError **error);
QnavErrorPattern *qnav_compiled_library_read_pattern (GBytes *bytes, gsize at);
const gchar *qnav_compiled_library_read_id (GBytes *bytes, gsize at);
void qnav_compiled_library_read_examples (GBytes *bytes, gsize at, GStrv *examples,
					  GStrv *negative_examples);

G_END_DECLS
