/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__QNAV_INSIDE__) && !defined(QNAV_COMPILATION)
#error "Only <qnav.h> can be included directly."
#endif

#include <glib-object.h>

#include "qnav-enums.h"
#include "qnav-version.h"

G_BEGIN_DECLS

#define QNAV_TYPE_ERROR_PATTERN (qnav_error_pattern_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavErrorPattern, qnav_error_pattern, QNAV, ERROR_PATTERN, GObject)

QNAV_AVAILABLE_IN_ALL
QnavErrorPattern *qnav_error_pattern_new (const gchar *id, const gchar *regex,
					  QnavRootCause category,
					  GError **error) G_GNUC_WARN_UNUSED_RESULT;

QNAV_AVAILABLE_IN_ALL
const gchar *qnav_error_pattern_get_id (QnavErrorPattern *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_error_pattern_get_regex (QnavErrorPattern *self);
QNAV_AVAILABLE_IN_ALL
QnavRootCause qnav_error_pattern_get_category (QnavErrorPattern *self);
QNAV_AVAILABLE_IN_ALL
QnavSeverity qnav_error_pattern_get_severity (QnavErrorPattern *self);
QNAV_AVAILABLE_IN_ALL
void qnav_error_pattern_set_severity (QnavErrorPattern *self, QnavSeverity severity);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_error_pattern_get_weight (QnavErrorPattern *self);
QNAV_AVAILABLE_IN_ALL
void qnav_error_pattern_set_weight (QnavErrorPattern *self, gdouble value);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_error_pattern_get_specificity (QnavErrorPattern *self);
QNAV_AVAILABLE_IN_ALL
void qnav_error_pattern_set_specificity (QnavErrorPattern *self, gdouble value);
QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_error_pattern_get_services (QnavErrorPattern *self);
QNAV_AVAILABLE_IN_ALL
void qnav_error_pattern_set_services (QnavErrorPattern *self, const gchar *const *value);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_error_pattern_get_description (QnavErrorPattern *self);
QNAV_AVAILABLE_IN_ALL
void qnav_error_pattern_set_description (QnavErrorPattern *self, const gchar *value);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_error_pattern_get_recovery_hint (QnavErrorPattern *self);
QNAV_AVAILABLE_IN_ALL
void qnav_error_pattern_set_recovery_hint (QnavErrorPattern *self, const gchar *value);
QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_error_pattern_get_examples (QnavErrorPattern *self);
QNAV_AVAILABLE_IN_ALL
void qnav_error_pattern_set_examples (QnavErrorPattern *self, const gchar *const *value);
QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_error_pattern_get_negative_examples (QnavErrorPattern *self);
QNAV_AVAILABLE_IN_ALL
void qnav_error_pattern_set_negative_examples (QnavErrorPattern *self,
					       const gchar *const *value);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_error_pattern_get_case_sensitive (QnavErrorPattern *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_error_pattern_get_source (QnavErrorPattern *self);
QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_error_pattern_get_keywords (QnavErrorPattern *self);

QNAV_AVAILABLE_IN_ALL
gboolean qnav_error_pattern_match (QnavErrorPattern *self, const gchar *text, gssize length,
				   guint *line, gchar **matched_text, GError **error);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_error_pattern_check_examples (QnavErrorPattern *self, GError **error);

G_END_DECLS
