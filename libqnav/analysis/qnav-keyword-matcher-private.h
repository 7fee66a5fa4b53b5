/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _QnavKeywordMatcher QnavKeywordMatcher;

QnavKeywordMatcher *qnav_keyword_matcher_new (void);
QnavKeywordMatcher *qnav_keyword_matcher_new_from_tables (
	const guint8 *class_of, guint32 n_classes, guint32 n_states, guint32 next_width,
	gconstpointer next, const guint32 *output_from, guint32 n_outputs, const guint32 *outputs,
	GBytes *backing, GError **error);
QnavKeywordMatcher *qnav_keyword_matcher_ref (QnavKeywordMatcher *self);
void qnav_keyword_matcher_unref (QnavKeywordMatcher *self);
void qnav_keyword_matcher_get_tables (QnavKeywordMatcher *self, const guint8 **class_of,
				      guint32 *n_classes, guint32 *n_states, guint32 *next_width,
				      gconstpointer *next, const guint32 **output_from,
				      guint32 *n_outputs, const guint32 **outputs);
guint32 qnav_keyword_matcher_get_max_value (QnavKeywordMatcher *self);
void qnav_keyword_matcher_add (QnavKeywordMatcher *self, const gchar *keyword, guint value);
void qnav_keyword_matcher_compile (QnavKeywordMatcher *self);
guint qnav_keyword_matcher_get_n_states (QnavKeywordMatcher *self);
void qnav_keyword_matcher_scan (QnavKeywordMatcher *self, const guchar *text, gsize length,
				guint32 *stamps, guint32 stamp, GArray *hits);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QnavKeywordMatcher, qnav_keyword_matcher_unref)

G_END_DECLS
