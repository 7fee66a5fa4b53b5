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

/* Everything a compiled pattern holds: the strings stay in @blob (the pattern keeps it), the
 * lists are taken, and the examples stay in @blob until someone asks for them. */
typedef struct {
	const gchar *id;
	const gchar *regex;
	const gchar *source;
	const gchar *description;
	const gchar *recovery_hint;
	QnavRootCause category;
	QnavSeverity severity;
	gdouble weight;
	gdouble specificity;
	gboolean case_sensitive;
	GStrv services;
	GStrv keywords;
	GBytes *blob;
} QnavErrorPatternFields;

QnavErrorPattern *qnav_error_pattern_new_from_json_object (JsonObject *object,
							   const gchar *source, GError **error);
QnavErrorPattern *qnav_error_pattern_new_compiled (QnavErrorPatternFields *fields,
						   GError **error);
void qnav_error_pattern_set_examples_location (QnavErrorPattern *self, gsize at);
JsonNode *qnav_error_pattern_to_json_node (QnavErrorPattern *self);
GRegex *qnav_error_pattern_get_compiled (QnavErrorPattern *self, GError **error);
gboolean qnav_error_pattern_match_line (QnavErrorPattern *self, const gchar *line, gsize length,
					gint *match_start, gint *match_end, GError **error);
void qnav_error_pattern_set_source (QnavErrorPattern *self, const gchar *source);
void qnav_error_pattern_set_case_sensitive (QnavErrorPattern *self, gboolean case_sensitive);

G_END_DECLS
