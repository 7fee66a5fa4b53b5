/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "qnav-error-pattern.h"
#include "qnav-keyword-matcher-private.h"
#include "qnav-pattern-store-private.h"

G_BEGIN_DECLS

/* An immutable, shareable snapshot of a library compiled for scanning: the patterns, the
 * keyword automata over their required literals, and the patterns without keywords. */
typedef struct _QnavPatternIndex QnavPatternIndex;

QnavPatternIndex *qnav_pattern_index_new (QnavPatternStore *store, guint size,
					  QnavKeywordMatcher *base, guint n_base,
					  const guint32 *base_unfiltered, guint n_base_unfiltered);
QnavPatternIndex *qnav_pattern_index_ref (QnavPatternIndex *self);
void qnav_pattern_index_unref (QnavPatternIndex *self);
guint qnav_pattern_index_get_size (QnavPatternIndex *self);
QnavErrorPattern *qnav_pattern_index_get_pattern (QnavPatternIndex *self, guint index);
void qnav_pattern_index_candidates (QnavPatternIndex *self, const guchar *line, gsize length,
				    guint32 *stamps, guint32 stamp, GArray *hits);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QnavPatternIndex, qnav_pattern_index_unref)

G_END_DECLS
