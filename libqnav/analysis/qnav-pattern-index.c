/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "qnav-pattern-index-private.h"

struct _QnavPatternIndex {
	gatomicrefcount ref_count;
	QnavPatternStore *store;
	guint size; /* the patterns [0, size) of the store */
	/* the embedded library's automaton, compiled at build time, for patterns [0, n_base);
	 * an automaton built here for the patterns added after them */
	QnavKeywordMatcher *base;
	guint n_base;
	QnavKeywordMatcher *extra;
	GArray *unfiltered; /* guint: patterns without keywords, run on every line */
};

/* An index of the first @size patterns of @store. @base: (nullable): a compiled automaton that
 * already covers the first @n_base of them, @base_unfiltered those of them without
 * keywords; an automaton is built here for the others. */
QnavPatternIndex *
qnav_pattern_index_new (QnavPatternStore *store, guint size, QnavKeywordMatcher *base,
			guint n_base, const guint32 *base_unfiltered, guint n_base_unfiltered)
{
	QnavPatternIndex *self = g_new0 (QnavPatternIndex, 1);
	guint n_extra_keywords = 0;

	g_atomic_ref_count_init (&self->ref_count);
	self->store = qnav_pattern_store_ref (store);
	self->size = size;
	self->unfiltered = g_array_new (FALSE, FALSE, sizeof (guint));
	if (base != NULL) {
		self->base = qnav_keyword_matcher_ref (base);
		self->n_base = MIN (n_base, size);
		for (guint i = 0; i < n_base_unfiltered; i++) {
			guint value = base_unfiltered[i];
			if (value < self->n_base)
				g_array_append_val (self->unfiltered, value);
		}
	}
	self->extra = qnav_keyword_matcher_new ();
	for (guint i = self->n_base; i < size; i++) {
		const gchar *const *keywords =
			qnav_error_pattern_get_keywords (qnav_pattern_store_get (store, i));

		if (keywords == NULL || keywords[0] == NULL) {
			g_array_append_val (self->unfiltered, i);
			continue;
		}
		for (guint k = 0; keywords[k] != NULL; k++) {
			qnav_keyword_matcher_add (self->extra, keywords[k], i);
			n_extra_keywords++;
		}
	}
	qnav_keyword_matcher_compile (self->extra);
	if (n_extra_keywords == 0)
		g_clear_pointer (&self->extra, qnav_keyword_matcher_unref);
	g_debug ("pattern index: %u patterns (%u from the compiled library), %u without "
		 "keywords, %u keywords compiled now",
		 size, self->n_base, self->unfiltered->len, n_extra_keywords);
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
	qnav_pattern_store_unref (self->store);
	g_clear_pointer (&self->base, qnav_keyword_matcher_unref);
	g_clear_pointer (&self->extra, qnav_keyword_matcher_unref);
	g_array_unref (self->unfiltered);
	g_free (self);
}

guint
qnav_pattern_index_get_size (QnavPatternIndex *self)
{
	return self->size;
}

/* Returns: (transfer none): the pattern at @index, made now if it was not yet */
QnavErrorPattern *
qnav_pattern_index_get_pattern (QnavPatternIndex *self, guint index)
{
	g_assert (index < self->size);
	return qnav_pattern_store_get (self->store, index);
}

/* Appends to @hits the index of every pattern that may match @line: those whose keyword
 * occurs in it and those without keywords. @stamps has one slot per pattern; a slot equal to
 * @stamp means "already listed for this line". */
void
qnav_pattern_index_candidates (QnavPatternIndex *self, const guchar *line, gsize length,
			       guint32 *stamps, guint32 stamp, GArray *hits)
{
	if (self->base != NULL)
		qnav_keyword_matcher_scan (self->base, line, length, stamps, stamp, hits);
	if (self->extra != NULL)
		qnav_keyword_matcher_scan (self->extra, line, length, stamps, stamp, hits);
	for (guint i = 0; i < self->unfiltered->len; i++) {
		guint value = g_array_index (self->unfiltered, guint, i);
		if (stamps[value] != stamp) {
			stamps[value] = stamp;
			g_array_append_val (hits, value);
		}
	}
}
