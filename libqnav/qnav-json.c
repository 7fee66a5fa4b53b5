/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "qnav-error.h"
#include "qnav-json-private.h"
#include "qnav-redact-private.h"

/* Whether every string and member name under @node is UTF-8. json-glib accepts octal
 * escapes such as "\333", which are not JSON and turn a UTF-8 document into strings that
 * are not. */
static gboolean
node_is_utf8 (JsonNode *node, guint depth)
{
	/* json-glib refuses documents nested deeper than this anyway */
	if (depth > 1024)
		return FALSE;
	switch (JSON_NODE_TYPE (node)) {
	case JSON_NODE_OBJECT: {
		JsonObjectIter iter;
		const gchar *name;
		JsonNode *member;
		json_object_iter_init (&iter, json_node_get_object (node));
		while (json_object_iter_next (&iter, &name, &member)) {
			if (!g_utf8_validate (name, -1, NULL) || !node_is_utf8 (member, depth + 1))
				return FALSE;
		}
		return TRUE;
	}
	case JSON_NODE_ARRAY: {
		JsonArray *array = json_node_get_array (node);
		for (guint i = 0; i < json_array_get_length (array); i++) {
			if (!node_is_utf8 (json_array_get_element (array, i), depth + 1))
				return FALSE;
		}
		return TRUE;
	}
	case JSON_NODE_VALUE:
		return json_node_get_value_type (node) != G_TYPE_STRING ||
		       g_utf8_validate (json_node_get_string (node), -1, NULL);
	case JSON_NODE_NULL:
	default:
		return TRUE;
	}
}

JsonNode *
qnav_json_parse (const gchar *data, gssize length, const gchar *what, GError **error)
{
	/* mutable nodes: a caller may embed the result in a document and redact it in place */
	g_autoptr(JsonParser) parser = json_parser_new ();
	g_autoptr(GError) error_local = NULL;
	gsize size;

	g_return_val_if_fail (data != NULL, NULL);

	size = length < 0 ? strlen (data) : (gsize) length;
	/* json-glib stops at an embedded NUL without saying so; say it ourselves. */
	if (memchr (data, '\0', size) != NULL) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "%s is not valid JSON: it contains a NUL byte", what);
		return NULL;
	}
	if (!g_utf8_validate (data, (gssize) size, NULL)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "%s is not valid JSON: it is not UTF-8 text", what);
		return NULL;
	}
	if (!json_parser_load_from_data (parser, data, (gssize) size, &error_local)) {
		/* json-glib quotes the token it stopped at, cut in the middle of a character
		 * at times: messages are UTF-8 */
		g_autofree gchar *reason = g_utf8_make_valid (error_local->message, -1);
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA, "%s is not valid JSON: %s",
			     what, reason);
		return NULL;
	}
	if (json_parser_get_root (parser) == NULL) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA, "%s is empty", what);
		return NULL;
	}
	if (!node_is_utf8 (json_parser_get_root (parser), 0)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "%s is not valid JSON: an escape in a string makes it not UTF-8", what);
		return NULL;
	}
	return json_parser_steal_root (parser);
}

JsonObject *
qnav_json_parse_object (const gchar *data, gssize length, const gchar *what, GError **error)
{
	g_autoptr(JsonNode) root = qnav_json_parse (data, length, what, error);

	if (root == NULL)
		return NULL;
	if (!JSON_NODE_HOLDS_OBJECT (root)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "%s must be a JSON object, not %s", what,
			     json_node_type_name (root));
		return NULL;
	}
	return json_object_ref (json_node_get_object (root));
}

static void write_node (GString *out, JsonNode *node, gboolean pretty, guint depth);

static void
write_indent (GString *out, gboolean pretty, guint depth)
{
	if (!pretty)
		return;
	g_string_append_c (out, '\n');
	for (guint i = 0; i < depth; i++)
		g_string_append (out, "  ");
}

static void
write_string (GString *out, const gchar *text)
{
	g_string_append_c (out, '"');
	for (const guchar *p = (const guchar *) text; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			g_string_append (out, "\\\"");
			break;
		case '\\':
			g_string_append (out, "\\\\");
			break;
		case '\n':
			g_string_append (out, "\\n");
			break;
		case '\r':
			g_string_append (out, "\\r");
			break;
		case '\t':
			g_string_append (out, "\\t");
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				g_string_append_printf (out, "\\u%04x", *p);
			else
				g_string_append_c (out, (gchar) *p);
		}
	}
	g_string_append_c (out, '"');
}

/* The shortest text that reads back as the same double: 0.92, not 0.92000000000000004. */
static void
write_double (GString *out, gdouble value)
{
	gchar buffer[G_ASCII_DTOSTR_BUF_SIZE];

	if (!isfinite (value)) {
		g_string_append (out, "null");
		return;
	}
	for (gint precision = 1; precision <= 17; precision++) {
		gchar format[8];
		g_snprintf (format, sizeof format, "%%.%dg", precision);
		g_ascii_formatd (buffer, sizeof buffer, format, value);
		if (g_ascii_strtod (buffer, NULL) == value)
			break;
	}
	g_string_append (out, buffer);
	/* keep it a JSON number that reads back as a double */
	if (strpbrk (buffer, ".eEn") == NULL)
		g_string_append (out, ".0");
}

static void
write_node (GString *out, JsonNode *node, gboolean pretty, guint depth)
{
	switch (JSON_NODE_TYPE (node)) {
	case JSON_NODE_OBJECT: {
		JsonObject *object = json_node_get_object (node);
		g_autoptr(GList) members = json_object_get_members (object);
		if (members == NULL) {
			g_string_append (out, "{}");
			break;
		}
		g_string_append_c (out, '{');
		for (GList *l = members; l != NULL; l = l->next) {
			write_indent (out, pretty, depth + 1);
			write_string (out, l->data);
			g_string_append (out, pretty ? ": " : ":");
			write_node (out, json_object_get_member (object, l->data), pretty, depth + 1);
			if (l->next != NULL)
				g_string_append_c (out, ',');
		}
		write_indent (out, pretty, depth);
		g_string_append_c (out, '}');
		break;
	}
	case JSON_NODE_ARRAY: {
		JsonArray *array = json_node_get_array (node);
		guint length = json_array_get_length (array);
		if (length == 0) {
			g_string_append (out, "[]");
			break;
		}
		g_string_append_c (out, '[');
		for (guint i = 0; i < length; i++) {
			write_indent (out, pretty, depth + 1);
			write_node (out, json_array_get_element (array, i), pretty, depth + 1);
			if (i + 1 < length)
				g_string_append_c (out, ',');
		}
		write_indent (out, pretty, depth);
		g_string_append_c (out, ']');
		break;
	}
	case JSON_NODE_VALUE:
		switch (json_node_get_value_type (node)) {
		case G_TYPE_STRING:
			write_string (out, json_node_get_string (node));
			break;
		case G_TYPE_INT64:
			g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
			break;
		case G_TYPE_DOUBLE:
			write_double (out, json_node_get_double (node));
			break;
		case G_TYPE_BOOLEAN:
			g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
			break;
		default:
			g_string_append (out, "null");
			break;
		}
		break;
	case JSON_NODE_NULL:
	default:
		g_string_append (out, "null");
		break;
	}
}

/* Our own writer: json-glib 1.6 prints doubles with 17 digits and puts a space before every
 * colon; documents that people read and diff deserve better. Members keep their order. */
gchar *
qnav_json_to_string (JsonNode *node, gboolean pretty)
{
	GString *out = g_string_sized_new (1024);

	write_node (out, node, pretty, 0);
	return g_string_free (out, FALSE);
}

static void
redact_object_member (JsonObject *object, const gchar *member, JsonNode *node, gpointer user_data)
{
	qnav_json_redact (node);
}

static void
redact_array_element (JsonArray *array, guint index, JsonNode *node, gpointer user_data)
{
	qnav_json_redact (node);
}

/* Every string value, wherever it stands, goes through the one redactor: no serializer can
 * forget a field. */
void
qnav_json_redact (JsonNode *node)
{
	switch (JSON_NODE_TYPE (node)) {
	case JSON_NODE_OBJECT:
		json_object_foreach_member (json_node_get_object (node), redact_object_member,
					    NULL);
		break;
	case JSON_NODE_ARRAY:
		json_array_foreach_element (json_node_get_array (node), redact_array_element,
					    NULL);
		break;
	case JSON_NODE_VALUE:
		if (json_node_get_value_type (node) == G_TYPE_STRING) {
			const gchar *text = json_node_get_string (node);
			if (qnav_redact_needed (text)) {
				g_autofree gchar *clean = qnav_redact (text);
				json_node_set_string (node, clean);
			}
		}
		break;
	case JSON_NODE_NULL:
	default:
		break;
	}
}

gchar *
qnav_json_to_redacted_string (JsonNode *node, gboolean pretty)
{
	g_autoptr(JsonNode) copy = json_node_copy (node);

	qnav_json_redact (copy);
	return qnav_json_to_string (copy, pretty);
}

/* Room kept for the cut marker, "[… N more bytes not shown]". */
#define CUT_MARKER_ROOM 64

/* Backs @length up to the start of a UTF-8 character of the valid text @text. */
static gsize
utf8_boundary (const gchar *text, gsize length)
{
	while (length > 0 && ((guchar) text[length] & 0xC0) == 0x80)
		length--;
	return length;
}

/* Make outside text safe to put into a document: valid UTF-8, no NUL bytes, and at most
 * @max_bytes long, marker included, so that cleaning a cleaned text changes nothing. */
gchar *
qnav_json_clean_text (const gchar *text, gssize length, gsize max_bytes)
{
	GString *out;
	gsize size;

	if (text == NULL)
		return NULL;
	size = length < 0 ? strlen (text) : (gsize) length;
	if (max_bytes > CUT_MARKER_ROOM && size > max_bytes) {
		gsize keep = max_bytes - CUT_MARKER_ROOM;
		g_autofree gchar *valid = g_utf8_make_valid (text, (gssize) keep);
		gsize kept = strlen (valid);

		/* replacement characters for invalid bytes can make it longer again */
		if (kept > keep)
			kept = utf8_boundary (valid, keep);
		out = g_string_new_len (valid, (gssize) kept);
		g_string_append_printf (out, " [… %" G_GSIZE_FORMAT " more bytes not shown]",
					size - MIN (keep, size));
	} else {
		g_autofree gchar *valid = g_utf8_make_valid (text, (gssize) size);
		out = g_string_new (valid);
	}
	/* g_utf8_make_valid keeps NULs; JSON consumers choke on them */
	for (gsize i = 0; i < out->len; i++) {
		if (out->str[i] == '\0')
			out->str[i] = ' ';
	}
	return g_string_free (out, FALSE);
}

/* Finds a member for a typed getter: @node is NULL when the member is absent or null, which is
 * an error only when it is @required. */
static gboolean
find_member (JsonObject *object, const gchar *member, gboolean required, JsonNode **node,
	     GError **error)
{
	*node = json_object_get_member (object, member);
	if (*node != NULL && !JSON_NODE_HOLDS_NULL (*node))
		return TRUE;
	*node = NULL;
	if (required) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "required member \"%s\" is missing", member);
		return FALSE;
	}
	return TRUE;
}

static gboolean
wrong_type (const gchar *member, const gchar *wanted, JsonNode *node, GError **error)
{
	g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
		     "member \"%s\" must be %s, not %s", member, wanted,
		     json_node_type_name (node));
	return FALSE;
}

gboolean
qnav_json_get_string (JsonObject *object, const gchar *member, gboolean required,
		      const gchar **value, GError **error)
{
	JsonNode *node;

	if (!find_member (object, member, required, &node, error))
		return FALSE;
	if (node == NULL)
		return TRUE;
	if (json_node_get_value_type (node) != G_TYPE_STRING)
		return wrong_type (member, "a string", node, error);
	*value = json_node_get_string (node);
	return TRUE;
}

gboolean
qnav_json_get_double (JsonObject *object, const gchar *member, gboolean required,
		      gdouble *value, GError **error)
{
	JsonNode *node;
	GType type;

	if (!find_member (object, member, required, &node, error))
		return FALSE;
	if (node == NULL)
		return TRUE;
	type = json_node_get_value_type (node);
	if (type == G_TYPE_DOUBLE)
		*value = json_node_get_double (node);
	else if (type == G_TYPE_INT64)
		*value = (gdouble) json_node_get_int (node);
	else
		return wrong_type (member, "a number", node, error);
	return TRUE;
}

gboolean
qnav_json_get_int (JsonObject *object, const gchar *member, gboolean required, gint64 *value,
		   GError **error)
{
	JsonNode *node;

	if (!find_member (object, member, required, &node, error))
		return FALSE;
	if (node == NULL)
		return TRUE;
	if (json_node_get_value_type (node) != G_TYPE_INT64)
		return wrong_type (member, "an integer", node, error);
	*value = json_node_get_int (node);
	return TRUE;
}

gboolean
qnav_json_get_boolean (JsonObject *object, const gchar *member, gboolean required,
		       gboolean *value, GError **error)
{
	JsonNode *node;

	if (!find_member (object, member, required, &node, error))
		return FALSE;
	if (node == NULL)
		return TRUE;
	if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
		return wrong_type (member, "true or false", node, error);
	*value = json_node_get_boolean (node);
	return TRUE;
}

gboolean
qnav_json_get_strv (JsonObject *object, const gchar *member, gboolean required, GStrv *value,
		    GError **error)
{
	JsonNode *node;
	g_autoptr(GStrvBuilder) builder = NULL;
	JsonArray *array;

	if (!find_member (object, member, required, &node, error))
		return FALSE;
	if (node == NULL)
		return TRUE;
	if (!JSON_NODE_HOLDS_ARRAY (node))
		return wrong_type (member, "an array of strings", node, error);
	array = json_node_get_array (node);
	builder = g_strv_builder_new ();
	for (guint i = 0; i < json_array_get_length (array); i++) {
		JsonNode *element = json_array_get_element (array, i);
		if (json_node_get_value_type (element) != G_TYPE_STRING) {
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "member \"%s\" must be an array of strings; element %u is %s",
				     member, i, json_node_type_name (element));
			return FALSE;
		}
		g_strv_builder_add (builder, json_node_get_string (element));
	}
	g_strfreev (*value);
	*value = g_strv_builder_end (builder);
	return TRUE;
}

gboolean
qnav_json_get_datetime (JsonObject *object, const gchar *member, gboolean required,
			GDateTime **value, GError **error)
{
	const gchar *text = NULL;
	GDateTime *parsed;

	if (!qnav_json_get_string (object, member, required, &text, error))
		return FALSE;
	if (text == NULL)
		return TRUE;
	parsed = qnav_datetime_parse (text);
	if (parsed == NULL) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "member \"%s\" is not an ISO 8601 date and time: \"%s\"", member,
			     text);
		return FALSE;
	}
	g_clear_pointer (value, g_date_time_unref);
	*value = parsed;
	return TRUE;
}

gboolean
qnav_json_get_object (JsonObject *object, const gchar *member, gboolean required,
		      JsonObject **value, GError **error)
{
	JsonNode *node;

	if (!find_member (object, member, required, &node, error))
		return FALSE;
	if (node == NULL)
		return TRUE;
	if (!JSON_NODE_HOLDS_OBJECT (node))
		return wrong_type (member, "an object", node, error);
	*value = json_node_get_object (node);
	return TRUE;
}

gboolean
qnav_json_get_array (JsonObject *object, const gchar *member, gboolean required,
		     JsonArray **value, GError **error)
{
	JsonNode *node;

	if (!find_member (object, member, required, &node, error))
		return FALSE;
	if (node == NULL)
		return TRUE;
	if (!JSON_NODE_HOLDS_ARRAY (node))
		return wrong_type (member, "an array", node, error);
	*value = json_node_get_array (node);
	return TRUE;
}

void
qnav_json_builder_add_string (JsonBuilder *builder, const gchar *member, const gchar *value)
{
	json_builder_set_member_name (builder, member);
	if (value != NULL)
		json_builder_add_string_value (builder, value);
	else
		json_builder_add_null_value (builder);
}

void
qnav_json_builder_add_strv (JsonBuilder *builder, const gchar *member, const gchar *const *value)
{
	json_builder_set_member_name (builder, member);
	json_builder_begin_array (builder);
	for (guint i = 0; value != NULL && value[i] != NULL; i++)
		json_builder_add_string_value (builder, value[i]);
	json_builder_end_array (builder);
}

void
qnav_json_builder_add_datetime (JsonBuilder *builder, const gchar *member, GDateTime *value)
{
	g_autofree gchar *text = value != NULL ? qnav_datetime_format (value) : NULL;

	qnav_json_builder_add_string (builder, member, text);
}

/* RFC 3339 in UTC with microseconds: sortable, and parseable by Python's fromisoformat. */
gchar *
qnav_datetime_format (GDateTime *value)
{
	g_autoptr(GDateTime) utc = g_date_time_to_utc (value);

	/* not g_date_time_format's %Y: it writes year 846 as "846", which is not RFC 3339 */
	return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", g_date_time_get_year (utc),
				g_date_time_get_month (utc), g_date_time_get_day_of_month (utc),
				g_date_time_get_hour (utc), g_date_time_get_minute (utc),
				g_date_time_get_second (utc), g_date_time_get_microsecond (utc));
}

/* Accepts RFC 3339 with or without an offset; the Python original wrote naive local times
 * (datetime.isoformat()), which are read as local time. */
GDateTime *
qnav_datetime_parse (const gchar *text)
{
	g_autoptr(GTimeZone) local = NULL;
	g_autoptr(GDateTime) value = NULL;
	g_autoptr(GDateTime) utc = NULL;

	if (text == NULL || *text == '\0')
		return NULL;
	local = g_time_zone_new_local ();
	value = g_date_time_new_from_iso8601 (text, local);
	/* documents are written in UTC: year 1 east of Greenwich or 9999 west of it has no UTC
	 * time GDateTime can hold, and would not write back */
	utc = value != NULL ? g_date_time_to_utc (value) : NULL;
	if (utc == NULL)
		return NULL;
	return g_steal_pointer (&value);
}
