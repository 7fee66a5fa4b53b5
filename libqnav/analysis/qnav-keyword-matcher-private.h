/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _QnavKeywordMatcher QnavKeywordMatcher;

QnavKeywordMatcher *qnav_keyword_matcher_new (void);
void qnav_keyword_matcher_free (QnavKeywordMatcher *self);
void qnav_keyword_matcher_add (QnavKeywordMatcher *self, const gchar *keyword, guint value);
void qnav_keyword_matcher_compile (QnavKeywordMatcher *self);
guint qnav_keyword_matcher_get_n_states (QnavKeywordMatcher *self);
void qnav_keyword_matcher_scan (QnavKeywordMatcher *self, const guchar *text, gsize length,
				guint32 *stamps, guint32 stamp, GArray *hits);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QnavKeywordMatcher, qnav_keyword_matcher_free)

G_END_DECLS
