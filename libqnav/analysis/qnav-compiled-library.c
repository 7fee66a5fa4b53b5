/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "qnav-compiled-library-private.h"
#include "qnav-error-pattern-private.h"
#include "qnav-error.h"

/*
 * Layout, in the byte order of the machine that built it (it is built with the library):
 *
 *   "QNAVLIB1"  u32 0x01020304  u32 n_patterns
 *   n_patterns × { u8 category, u8 severity, u8 case_sensitive, u8 0, f64 weight,
 *                  f64 specificity, str id, str regex, str source, str description,
 *                  str recovery_hint, list services, list keywords, u32 examples_offset }
 *   u32 examples_size, then examples_size bytes: per pattern, at its examples_offset,
 *                  list examples, list negative_examples
 *
 * The examples stand apart so that reading the patterns touches only the pages they are on.
 *   (pad to 4)  u32 n_classes  u8 class_of[256]  u32 n_states  u32 next_width (2 or 4)
 *               next[n_states × n_classes] of next_width bytes each  (pad to 4)
 *               u32 output_from[n_states + 1]  u32 n_outputs  u32 outputs[n_outputs]
 *
 *   str:  u32 length, then length bytes and a NUL
 *   list: u32 count, then count × str
 */

#define MAGIC "QNAVLIB1"
#define BYTE_ORDER_MARK 0x01020304u

static void
put_bytes (GByteArray *out, gconstpointer data, gsize size)
{
	g_byte_array_append (out, data, (guint) size);
}

static void
put_u32 (GByteArray *out, guint32 value)
{
	put_bytes (out, &value, sizeof value);
}

static void
put_f64 (GByteArray *out, gdouble value)
{
	put_bytes (out, &value, sizeof value);
}

static void
put_str (GByteArray *out, const gchar *text)
{
	gsize length = text != NULL ? strlen (text) : 0;

	put_u32 (out, (guint32) length);
	put_bytes (out, text != NULL ? text : "", length);
	g_byte_array_append (out, (const guint8 *) "", 1);
}

static void
put_list (GByteArray *out, const gchar *const *items)
{
	guint32 count = items != NULL ? g_strv_length ((gchar **) items) : 0;

	put_u32 (out, count);
	for (guint32 i = 0; i < count; i++)
		put_str (out, items[i]);
}

GBytes *
qnav_compiled_library_write (GPtrArray *patterns)
{
	g_autoptr(GByteArray) out = g_byte_array_new ();
	g_autoptr(GByteArray) examples = g_byte_array_new ();
	g_autoptr(QnavKeywordMatcher) matcher = qnav_keyword_matcher_new ();
	const guint8 *class_of;
	const guint32 *output_from, *outputs;
	gconstpointer next;
	guint32 n_classes, n_states, next_width, n_outputs;

	put_bytes (out, MAGIC, 8);
	put_u32 (out, BYTE_ORDER_MARK);
	put_u32 (out, patterns->len);
	for (guint i = 0; i < patterns->len; i++) {
		QnavErrorPattern *pattern = g_ptr_array_index (patterns, i);
		const gchar *const *keywords = qnav_error_pattern_get_keywords (pattern);
		guint8 flags[4] = { (guint8) qnav_error_pattern_get_category (pattern),
				    (guint8) qnav_error_pattern_get_severity (pattern),
				    (guint8) qnav_error_pattern_get_case_sensitive (pattern), 0 };

		put_bytes (out, flags, sizeof flags);
		put_f64 (out, qnav_error_pattern_get_weight (pattern));
		put_f64 (out, qnav_error_pattern_get_specificity (pattern));
		put_str (out, qnav_error_pattern_get_id (pattern));
		put_str (out, qnav_error_pattern_get_regex (pattern));
		put_str (out, qnav_error_pattern_get_source (pattern));
		put_str (out, qnav_error_pattern_get_description (pattern));
		put_str (out, qnav_error_pattern_get_recovery_hint (pattern));
		put_list (out, qnav_error_pattern_get_services (pattern));
		put_list (out, keywords);
		put_u32 (out, examples->len);
		put_list (examples, qnav_error_pattern_get_examples (pattern));
		put_list (examples, qnav_error_pattern_get_negative_examples (pattern));
		for (guint k = 0; keywords != NULL && keywords[k] != NULL; k++)
			qnav_keyword_matcher_add (matcher, keywords[k], i);
	}
	put_u32 (out, examples->len);
	put_bytes (out, examples->data, examples->len);

	qnav_keyword_matcher_compile (matcher);
	qnav_keyword_matcher_get_tables (matcher, &class_of, &n_classes, &n_states, &next_width,
					 &next, &output_from, &n_outputs, &outputs);
	while (out->len % 4 != 0)
		g_byte_array_append (out, (const guint8 *) "", 1);
	put_u32 (out, n_classes);
	put_bytes (out, class_of, 256);
	put_u32 (out, n_states);
	put_u32 (out, next_width);
	put_bytes (out, next, (gsize) n_states * n_classes * next_width);
	while (out->len % 4 != 0)
		g_byte_array_append (out, (const guint8 *) "", 1);
	put_bytes (out, output_from, ((gsize) n_states + 1) * sizeof (guint32));
	put_u32 (out, n_outputs);
	put_bytes (out, outputs, (gsize) n_outputs * sizeof (guint32));
	return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* A cursor that never reads past the end: every read checks first and says where the blob is
 * short, so a damaged blob is an error, not a crash. */
typedef struct {
	const guint8 *data;
	gsize size;
	gsize at;
	gboolean failed;
} Reader;

static gconstpointer
take (Reader *reader, gsize size)
{
	gconstpointer p;

	if (reader->failed || size > reader->size - reader->at) {
		reader->failed = TRUE;
		return NULL;
	}
	p = reader->data + reader->at;
	reader->at += size;
	return p;
}

static guint32
take_u32 (Reader *reader)
{
	guint32 value = 0;
	gconstpointer p = take (reader, sizeof value);

	if (p != NULL)
		memcpy (&value, p, sizeof value);
	return value;
}

static gdouble
take_f64 (Reader *reader)
{
	gdouble value = 0.0;
	gconstpointer p = take (reader, sizeof value);

	if (p != NULL)
		memcpy (&value, p, sizeof value);
	return value;
}

/* Returns: (transfer none) (nullable): the string, which lives in the blob; NULL if empty */
static const gchar *
take_str (Reader *reader)
{
	guint32 length = take_u32 (reader);
	const gchar *text;

	if (length >= reader->size) {
		reader->failed = TRUE;
		return NULL;
	}
	text = take (reader, (gsize) length + 1);
	if (text == NULL || text[length] != '\0' || memchr (text, '\0', length) != NULL) {
		reader->failed = TRUE;
		return NULL;
	}
	return length > 0 ? text : NULL;
}

static GStrv
take_list (Reader *reader)
{
	guint32 count = take_u32 (reader);
	GStrv items;

	/* each string takes at least 5 bytes: a bound on a damaged count */
	if (count == 0 || count > (reader->size - reader->at) / 5) {
		if (count != 0)
			reader->failed = TRUE;
		return NULL;
	}
	items = g_new0 (gchar *, count + 1);
	for (guint32 i = 0; i < count; i++) {
		const gchar *text = take_str (reader);
		items[i] = g_strdup (text != NULL ? text : "");
	}
	return items;
}

/* A table of @count values of @width bytes, used in place: the resource compiler aligns its
 * data, and the blob pads each table to 4 bytes. */
static gconstpointer
take_table (Reader *reader, gsize count, gsize width)
{
	gconstpointer table;

	if (count > (reader->size - reader->at) / width) {
		reader->failed = TRUE;
		return NULL;
	}
	table = take (reader, count * width);
	if (table != NULL && ((guintptr) table % width) != 0) {
		reader->failed = TRUE;
		return NULL;
	}
	return table;
}

/* Reads the examples and negative examples that qnav_compiled_library_read() left at @at. */
void
qnav_compiled_library_read_examples (GBytes *bytes, gsize at, GStrv *examples,
				     GStrv *negative_examples)
{
	Reader reader = { 0 };

	reader.data = g_bytes_get_data (bytes, &reader.size);
	reader.at = at;
	*examples = take_list (&reader);
	*negative_examples = take_list (&reader);
}

/* Appends the patterns of @bytes to @patterns and returns their automaton in @matcher. */
gboolean
qnav_compiled_library_read (GBytes *bytes, GPtrArray *patterns, QnavKeywordMatcher **matcher,
			    GError **error)
{
	Reader reader = { 0 };
	const guint8 *class_of;
	const guint32 *output_from, *outputs;
	gconstpointer next;
	guint32 n_patterns, n_classes, n_states, next_width, n_outputs;
	g_autoptr(GPtrArray) read = g_ptr_array_new_with_free_func (g_object_unref);
	g_autoptr(QnavKeywordMatcher) automaton = NULL;
	g_autofree guint32 *examples_offsets = NULL;
	gsize examples_base;
	guint32 examples_size;

	reader.data = g_bytes_get_data (bytes, &reader.size);
	if (reader.size < 16 || memcmp (reader.data, MAGIC, 8) != 0) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "not a compiled pattern library");
		return FALSE;
	}
	reader.at = 8;
	if (take_u32 (&reader) != BYTE_ORDER_MARK) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "the compiled pattern library is for another byte order");
		return FALSE;
	}
	n_patterns = take_u32 (&reader);
	/* each pattern takes at least 60 bytes: a bound on a damaged count */
	if (n_patterns > reader.size / 60) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "the compiled pattern library is damaged");
		return FALSE;
	}
	examples_offsets = g_new0 (guint32, MAX (n_patterns, 1));
	for (guint32 i = 0; i < n_patterns && !reader.failed; i++) {
		QnavErrorPatternFields fields = { 0 };
		const guint8 *flags = take (&reader, 4);
		QnavErrorPattern *pattern;

		if (flags == NULL)
			break;
		fields.category = flags[0];
		fields.severity = flags[1];
		fields.case_sensitive = flags[2] != 0;
		fields.weight = take_f64 (&reader);
		fields.specificity = take_f64 (&reader);
		fields.id = take_str (&reader);
		fields.regex = take_str (&reader);
		fields.source = take_str (&reader);
		fields.description = take_str (&reader);
		fields.recovery_hint = take_str (&reader);
		fields.services = take_list (&reader);
		fields.keywords = take_list (&reader);
		/* examples are read by the tests and `qnav patterns show`, not by a diagnosis:
		 * the pattern copies them out of the blob when first asked */
		fields.blob = bytes;
		examples_offsets[i] = take_u32 (&reader);
		pattern = reader.failed ? NULL : qnav_error_pattern_new_compiled (&fields, error);
		g_strfreev (fields.services);
		g_strfreev (fields.keywords);
		if (pattern == NULL && !reader.failed)
			return FALSE;
		if (pattern != NULL)
			g_ptr_array_add (read, pattern);
	}

	examples_size = take_u32 (&reader);
	examples_base = reader.at;
	take (&reader, examples_size);
	for (guint i = 0; i < read->len && !reader.failed; i++) {
		if (examples_offsets[i] >= examples_size)
			reader.failed = TRUE;
		else
			qnav_error_pattern_set_examples_location (g_ptr_array_index (read, i),
								  examples_base + examples_offsets[i]);
	}

	while (reader.at % 4 != 0 && !reader.failed)
		take (&reader, 1);
	n_classes = take_u32 (&reader);
	class_of = take (&reader, 256);
	n_states = take_u32 (&reader);
	next_width = take_u32 (&reader);
	next = n_classes > 0 && n_classes <= 256 && n_states > 0 &&
			       (next_width == 2 || next_width == 4)
		       ? take_table (&reader, (gsize) n_states * n_classes, next_width)
		       : NULL;
	while (reader.at % 4 != 0 && !reader.failed)
		take (&reader, 1);
	output_from = take_table (&reader, (gsize) n_states + 1, sizeof (guint32));
	n_outputs = take_u32 (&reader);
	outputs = take_table (&reader, n_outputs, sizeof (guint32));
	if (reader.failed || next == NULL || reader.at != reader.size) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "the compiled pattern library is damaged near byte %" G_GSIZE_FORMAT,
			     reader.at);
		return FALSE;
	}
	automaton = qnav_keyword_matcher_new_from_tables (class_of, n_classes, n_states,
							  next_width, next, output_from, n_outputs,
							  outputs, bytes, error);
	if (automaton == NULL)
		return FALSE;
	if (n_outputs > 0 && qnav_keyword_matcher_get_max_value (automaton) >= read->len) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "the compiled automaton names a pattern that is not there");
		return FALSE;
	}
	g_ptr_array_extend_and_steal (patterns, g_steal_pointer (&read));
	*matcher = g_steal_pointer (&automaton);
	return TRUE;
}
