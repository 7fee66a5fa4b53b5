/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "qnav-error-pattern.h"

G_BEGIN_DECLS

/* Lines longer than this are matched in windows of this size that overlap by
 * QNAV_LINE_WINDOW_OVERLAP, so one pathological line cannot make a regex scan megabytes. */
#define QNAV_LINE_WINDOW (64 * 1024)
#define QNAV_LINE_WINDOW_OVERLAP 1024

/* id, regex, source, category, severity, weight, specificity, services, description,
 * recovery hint, examples, negative examples, case-sensitive, keywords */
#define QNAV_ERROR_PATTERN_VARIANT_TYPE "(sssyyddasssasasbas)"

QnavErrorPattern *qnav_error_pattern_new_from_json_object (JsonObject *object,
							   const gchar *source, GError **error);
GVariant *qnav_error_pattern_to_variant (QnavErrorPattern *self);
QnavErrorPattern *qnav_error_pattern_new_from_variant (GVariant *tuple, GError **error);
JsonNode *qnav_error_pattern_to_json_node (QnavErrorPattern *self);
GRegex *qnav_error_pattern_get_compiled (QnavErrorPattern *self, GError **error);
gboolean qnav_error_pattern_match_line (QnavErrorPattern *self, const gchar *line, gsize length,
					gint *match_start, gint *match_end, GError **error);
void qnav_error_pattern_set_source (QnavErrorPattern *self, const gchar *source);
void qnav_error_pattern_set_case_sensitive (QnavErrorPattern *self, gboolean case_sensitive);

G_END_DECLS
