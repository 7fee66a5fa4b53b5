/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__QNAV_INSIDE__) && !defined(QNAV_COMPILATION)
#error "Only <qnav.h> can be included directly."
#endif

#include <gio/gio.h>

#include "qnav-error-pattern.h"
#include "qnav-version.h"

G_BEGIN_DECLS

#define QNAV_TYPE_PATTERN_LIBRARY (qnav_pattern_library_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavPatternLibrary, qnav_pattern_library, QNAV, PATTERN_LIBRARY, GObject)

QNAV_AVAILABLE_IN_ALL
QnavPatternLibrary *qnav_pattern_library_new (void);
QNAV_AVAILABLE_IN_ALL
QnavPatternLibrary *qnav_pattern_library_new_default (GError **error) G_GNUC_WARN_UNUSED_RESULT;

QNAV_AVAILABLE_IN_ALL
gboolean qnav_pattern_library_load_default (QnavPatternLibrary *self, GError **error);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_pattern_library_load_data (QnavPatternLibrary *self, const gchar *data,
					 gssize length, const gchar *source, GError **error);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_pattern_library_load_file (QnavPatternLibrary *self, const gchar *path,
					 GError **error);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_pattern_library_load_directory (QnavPatternLibrary *self, const gchar *path,
					      GError **error);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_pattern_library_load_user_directories (QnavPatternLibrary *self, GError **error);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_pattern_library_add (QnavPatternLibrary *self, QnavErrorPattern *pattern,
				   GError **error);

QNAV_AVAILABLE_IN_ALL
QnavErrorPattern *qnav_pattern_library_lookup (QnavPatternLibrary *self, const gchar *id);
QNAV_AVAILABLE_IN_ALL
GPtrArray *qnav_pattern_library_get_patterns (QnavPatternLibrary *self);
QNAV_AVAILABLE_IN_ALL
guint qnav_pattern_library_get_size (QnavPatternLibrary *self);
QNAV_AVAILABLE_IN_ALL
GPtrArray *qnav_pattern_library_match (QnavPatternLibrary *self, const gchar *text,
				       gssize length, GError **error);

G_END_DECLS
