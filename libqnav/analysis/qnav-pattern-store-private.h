/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "qnav-error-pattern.h"

G_BEGIN_DECLS

/*
 * The patterns of a library, shared with the indexes made from it. Append-only and
 * thread-safe. The embedded library's patterns enter it as slots of the compiled library
 * and become QnavErrorPattern objects only when someone asks for them: a diagnosis of a
 * short message needs a handful of the hundreds there are, and making them all would be
 * most of the cost of starting `qnav`.
 */
typedef struct _QnavPatternStore QnavPatternStore;

QnavPatternStore *qnav_pattern_store_new (void);
QnavPatternStore *qnav_pattern_store_ref (QnavPatternStore *self);
void qnav_pattern_store_unref (QnavPatternStore *self);
guint qnav_pattern_store_get_size (QnavPatternStore *self);
void qnav_pattern_store_append (QnavPatternStore *self, QnavErrorPattern *pattern);
void qnav_pattern_store_append_compiled (QnavPatternStore *self, GBytes *blob,
					 const guint32 *offsets, guint n_patterns);
QnavErrorPattern *qnav_pattern_store_get (QnavPatternStore *self, guint index);
const gchar *qnav_pattern_store_get_id (QnavPatternStore *self, guint index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QnavPatternStore, qnav_pattern_store_unref)

G_END_DECLS
