/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "qnav-keyword-matcher-private.h"
#include "qnav-pattern-index-private.h"

struct _QnavPatternIndex {
	gatomicrefcount ref_count;
	GPtrArray *patterns;
	QnavKeywordMatcher *matcher;
	GArray *unfiltered; /* guint: patterns without keywords, run on every line */
};

QnavPatternIndex *
qnav_pattern_index_new (GPtrArray *patterns)
{
	QnavPatternIndex *self = g_new0 (QnavPatternIndex, 1);

	g_atomic_ref_count_init (&self->ref_count);
	self->patterns = g_ptr_array_new_full (patterns->len, g_object_unref);
	self->matcher = qnav_keyword_matcher_new ();
	self->unfiltered = g_array_new (FALSE, FALSE, sizeof (guint));
	for (guint i = 0; i < patterns->len; i++) {
		QnavErrorPattern *pattern = g_ptr_array_index (patterns, i);
		const gchar *const *keywords = qnav_error_pattern_get_keywords (pattern);

		g_ptr_array_add (self->patterns, g_object_ref (pattern));
		if (keywords == NULL || keywords[0] == NULL) {
			g_array_append_val (self->unfiltered, i);
			continue;
		}
		for (guint k = 0; keywords[k] != NULL; k++)
			qnav_keyword_matcher_add (self->matcher, keywords[k], i);
	}
	qnav_keyword_matcher_compile (self->matcher);
	g_debug ("pattern index: %u patterns, %u without keywords, %u automaton states",
		 self->patterns->len, self->unfiltered->len,
		 qnav_keyword_matcher_get_n_states (self->matcher));
	return self;
}

QnavPatternIndex *
qnav_pattern_index_ref (QnavPatternIndex *self)
{
	g_atomic_ref_count_inc (&self->ref_count);
	return self;
}

void
qnav_pattern_index_unref (QnavPatternIndex *self)
{
	if (!g_atomic_ref_count_dec (&self->ref_count))
		return;
	g_ptr_array_unref (self->patterns);
	qnav_keyword_matcher_free (self->matcher);
	g_array_unref (self->unfiltered);
	g_free (self);
}

guint
qnav_pattern_index_get_size (QnavPatternIndex *self)
{
	return self->patterns->len;
}

QnavErrorPattern *
qnav_pattern_index_get_pattern (QnavPatternIndex *self, guint index)
{
	return g_ptr_array_index (self->patterns, index);
}

/* Appends to @hits the index of every pattern that may match @line: those whose keyword
 * occurs in it and those without keywords. @stamps has one slot per pattern; a slot equal to
 * @stamp means "already listed for this line". */
void
qnav_pattern_index_candidates (QnavPatternIndex *self, const guchar *line, gsize length,
			       guint32 *stamps, guint32 stamp, GArray *hits)
{
	qnav_keyword_matcher_scan (self->matcher, line, length, stamps, stamp, hits);
	for (guint i = 0; i < self->unfiltered->len; i++) {
		guint value = g_array_index (self->unfiltered, guint, i);
		if (stamps[value] != stamp) {
			stamps[value] = stamp;
			g_array_append_val (hits, value);
		}
	}
}
