/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The version written into every document as "schema_version". */
#define QNAV_SCHEMA_VERSION 1

/* Documents embed at most this much of one free text (error messages, log lines); the rest
 * is cut with a marker so that a 50 MB error never becomes a 50 MB JSON file. */
#define QNAV_JSON_MAX_TEXT (64 * 1024)

JsonNode *qnav_json_parse (const gchar *data, gssize length, const gchar *what,
			   GError **error) G_GNUC_WARN_UNUSED_RESULT;
JsonObject *qnav_json_parse_object (const gchar *data, gssize length, const gchar *what,
				    GError **error) G_GNUC_WARN_UNUSED_RESULT;
gchar *qnav_json_to_string (JsonNode *node, gboolean pretty);
gchar *qnav_json_to_redacted_string (JsonNode *node, gboolean pretty);
void qnav_json_redact (JsonNode *node);

gchar *qnav_json_clean_text (const gchar *text, gssize length, gsize max_bytes);

gboolean qnav_json_get_string (JsonObject *object, const gchar *member, gboolean required,
			       const gchar **value, GError **error);
gboolean qnav_json_get_double (JsonObject *object, const gchar *member, gboolean required,
			       gdouble *value, GError **error);
gboolean qnav_json_get_int (JsonObject *object, const gchar *member, gboolean required,
			    gint64 *value, GError **error);
gboolean qnav_json_get_boolean (JsonObject *object, const gchar *member, gboolean required,
				gboolean *value, GError **error);
gboolean qnav_json_get_strv (JsonObject *object, const gchar *member, gboolean required,
			     GStrv *value, GError **error);
gboolean qnav_json_get_datetime (JsonObject *object, const gchar *member, gboolean required,
				 GDateTime **value, GError **error);
gboolean qnav_json_get_object (JsonObject *object, const gchar *member, gboolean required,
			       JsonObject **value, GError **error);
gboolean qnav_json_get_array (JsonObject *object, const gchar *member, gboolean required,
			      JsonArray **value, GError **error);

void qnav_json_builder_add_string (JsonBuilder *builder, const gchar *member, const gchar *value);
void qnav_json_builder_add_strv (JsonBuilder *builder, const gchar *member,
				 const gchar *const *value);
void qnav_json_builder_add_datetime (JsonBuilder *builder, const gchar *member,
				     GDateTime *value);

gchar *qnav_datetime_format (GDateTime *value);
GDateTime *qnav_datetime_parse (const gchar *text);

G_END_DECLS
