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
 *   "QNAVLIB2"  u32 0x01020304  u32 n_patterns  u32 examples_at  u32 automaton_at
 *   u32 record_at[n_patterns]  u32 n_unfiltered  u32 unfiltered[n_unfiltered]
 *   records, one a pattern: { u8 category, u8 severity, u8 case_sensitive, u8 0,
 *                  f64 weight, f64 specificity, str id, str regex, str source,
 *                  str description, str recovery_hint, list services, list keywords,
 *                  u32 examples (from examples_at) }
 *   at examples_at, per pattern: list examples, list negative_examples
 *   at automaton_at (aligned to 4): u32 n_classes  u8 class_of[256]  u32 n_states
 *               u32 next_width (2 or 4)  next[n_states × n_classes] of next_width bytes
 *               (pad to 4)  u32 output_from[n_states + 1]  u32 n_outputs  u32 outputs[]
 *
 *   str:  u32 length, then length bytes and a NUL
 *   list: u32 count, then count × str
 *
 * A record is found through record_at without reading the others, so a pattern is read only
 * when it is needed; the examples stand apart for the same reason.
 */

#define MAGIC "QNAVLIB2"
#define HEADER_SIZE 24
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

static void
put_u32_at (GByteArray *out, gsize at, guint32 value)
{
	memcpy (out->data + at, &value, sizeof value);
}

static void
pad_to_4 (GByteArray *out)
{
	while (out->len % 4 != 0)
		g_byte_array_append (out, (const guint8 *) "", 1);
}

GBytes *
qnav_compiled_library_write (GPtrArray *patterns)
{
	g_autoptr(GByteArray) out = g_byte_array_new ();
	g_autoptr(GByteArray) records = g_byte_array_new ();
	g_autoptr(GByteArray) examples = g_byte_array_new ();
	g_autoptr(GArray) record_at = g_array_new (FALSE, FALSE, sizeof (guint32));
	g_autoptr(GArray) unfiltered = g_array_new (FALSE, FALSE, sizeof (guint32));
	g_autoptr(QnavKeywordMatcher) matcher = qnav_keyword_matcher_new ();
	const guint8 *class_of;
	const guint32 *output_from, *outputs;
	gconstpointer next;
	guint32 n_classes, n_states, next_width, n_outputs, records_at;

	for (guint i = 0; i < patterns->len; i++) {
		QnavErrorPattern *pattern = g_ptr_array_index (patterns, i);
		const gchar *const *keywords = qnav_error_pattern_get_keywords (pattern);
		guint8 flags[4] = { (guint8) qnav_error_pattern_get_category (pattern),
				    (guint8) qnav_error_pattern_get_severity (pattern),
				    (guint8) qnav_error_pattern_get_case_sensitive (pattern), 0 };
		guint32 at = records->len;

		g_array_append_val (record_at, at);
		put_bytes (records, flags, sizeof flags);
		put_f64 (records, qnav_error_pattern_get_weight (pattern));
		put_f64 (records, qnav_error_pattern_get_specificity (pattern));
		put_str (records, qnav_error_pattern_get_id (pattern));
		put_str (records, qnav_error_pattern_get_regex (pattern));
		put_str (records, qnav_error_pattern_get_source (pattern));
		put_str (records, qnav_error_pattern_get_description (pattern));
		put_str (records, qnav_error_pattern_get_recovery_hint (pattern));
		put_list (records, qnav_error_pattern_get_services (pattern));
		put_list (records, keywords);
		put_u32 (records, examples->len);
		put_list (examples, qnav_error_pattern_get_examples (pattern));
		put_list (examples, qnav_error_pattern_get_negative_examples (pattern));
		if (keywords == NULL || keywords[0] == NULL)
			g_array_append_val (unfiltered, i);
		for (guint k = 0; keywords != NULL && keywords[k] != NULL; k++)
			qnav_keyword_matcher_add (matcher, keywords[k], i);
	}

	put_bytes (out, MAGIC, 8);
	put_u32 (out, BYTE_ORDER_MARK);
	put_u32 (out, patterns->len);
	put_u32 (out, 0); /* examples_at, filled in below */
	put_u32 (out, 0); /* automaton_at */
	records_at = HEADER_SIZE + 4 * (patterns->len + 1 + unfiltered->len);
	for (guint i = 0; i < record_at->len; i++)
		put_u32 (out, records_at + g_array_index (record_at, guint32, i));
	put_u32 (out, unfiltered->len);
	put_bytes (out, unfiltered->data, unfiltered->len * sizeof (guint32));
	g_assert (out->len == records_at);
	put_bytes (out, records->data, records->len);
	put_u32_at (out, 16, out->len);
	put_bytes (out, examples->data, examples->len);

	qnav_keyword_matcher_compile (matcher);
	qnav_keyword_matcher_get_tables (matcher, &class_of, &n_classes, &n_states, &next_width,
					 &next, &output_from, &n_outputs, &outputs);
	pad_to_4 (out);
	put_u32_at (out, 20, out->len);
	put_u32 (out, n_classes);
	put_bytes (out, class_of, 256);
	put_u32 (out, n_states);
	put_u32 (out, next_width);
	put_bytes (out, next, (gsize) n_states * n_classes * next_width);
	pad_to_4 (out);
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

static Reader
reader_at (GBytes *bytes, gsize at)
{
	Reader reader = { 0 };

	reader.data = g_bytes_get_data (bytes, &reader.size);
	reader.at = at;
	if (at > reader.size)
		reader.failed = TRUE;
	return reader;
}

/* Reads the examples and negative examples of a pattern, at @at. */
void
qnav_compiled_library_read_examples (GBytes *bytes, gsize at, GStrv *examples,
				     GStrv *negative_examples)
{
	Reader reader = reader_at (bytes, at);

	*examples = take_list (&reader);
	*negative_examples = take_list (&reader);
}

/* Returns: (transfer none): the id of the pattern whose record is at @at */
const gchar *
qnav_compiled_library_read_id (GBytes *bytes, gsize at)
{
	Reader reader = reader_at (bytes, at);
	const gchar *id;

	take (&reader, 4 + 2 * sizeof (gdouble));
	id = take_str (&reader);
	/* the compiled library is part of the binary and was read back when it was built */
	if (reader.failed || id == NULL)
		g_error ("the embedded pattern library is damaged at byte %" G_GSIZE_FORMAT, at);
	return id;
}

/* Returns: (transfer full): the pattern whose record is at @at */
QnavErrorPattern *
qnav_compiled_library_read_pattern (GBytes *bytes, gsize at)
{
	Reader reader = reader_at (bytes, at);
	Reader header = reader_at (bytes, 16);
	QnavErrorPatternFields fields = { 0 };
	g_autoptr(GError) error = NULL;
	const guint8 *flags = take (&reader, 4);
	guint32 examples_at = take_u32 (&header);
	QnavErrorPattern *pattern = NULL;

	if (flags != NULL) {
		fields.category = flags[0];
		fields.severity = flags[1];
		fields.case_sensitive = flags[2] != 0;
	}
	fields.weight = take_f64 (&reader);
	fields.specificity = take_f64 (&reader);
	fields.id = take_str (&reader);
	fields.regex = take_str (&reader);
	fields.source = take_str (&reader);
	fields.description = take_str (&reader);
	fields.recovery_hint = take_str (&reader);
	fields.services = take_list (&reader);
	fields.keywords = take_list (&reader);
	fields.blob = bytes;
	examples_at += take_u32 (&reader);
	if (!reader.failed && !header.failed)
		pattern = qnav_error_pattern_new_compiled (&fields, &error);
	g_strfreev (fields.services);
	g_strfreev (fields.keywords);
	/* the compiled library is part of the binary and was read back when it was built */
	if (pattern == NULL)
		g_error ("the embedded pattern library is damaged at byte %" G_GSIZE_FORMAT ": %s",
			 at, error != NULL ? error->message : "record cut short");
	qnav_error_pattern_set_examples_location (pattern, examples_at);
	return pattern;
}

/* Reads the header and the automaton of a compiled library: where each pattern's record is
 * (@record_at, in @bytes), which patterns have no keywords (@unfiltered) and the automaton
 * over the others. The records themselves are read later, one by one, as needed. */
gboolean
qnav_compiled_library_read (GBytes *bytes, guint *n_patterns, const guint32 **record_at,
			    const guint32 **unfiltered, guint *n_unfiltered,
			    QnavKeywordMatcher **matcher, GError **error)
{
	Reader reader = reader_at (bytes, 0);
	const guint8 *class_of;
	const guint32 *output_from, *outputs, *records, *without_keywords;
	gconstpointer next;
	guint32 count, examples_at, automaton_at, n_without;
	guint32 n_classes, n_states, next_width, n_outputs;
	g_autoptr(QnavKeywordMatcher) automaton = NULL;

	if (reader.size < HEADER_SIZE || memcmp (reader.data, MAGIC, 8) != 0) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "not a compiled pattern library of this version");
		return FALSE;
	}
	reader.at = 8;
	if (take_u32 (&reader) != BYTE_ORDER_MARK) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "the compiled pattern library is for another byte order");
		return FALSE;
	}
	count = take_u32 (&reader);
	examples_at = take_u32 (&reader);
	automaton_at = take_u32 (&reader);
	records = take_table (&reader, count, sizeof (guint32));
	n_without = take_u32 (&reader);
	without_keywords = take_table (&reader, n_without, sizeof (guint32));
	for (guint32 i = 0; !reader.failed && i < count; i++) {
		if (records[i] >= examples_at)
			reader.failed = TRUE;
	}
	for (guint32 i = 0; !reader.failed && i < n_without; i++) {
		if (without_keywords[i] >= count)
			reader.failed = TRUE;
	}
	if (reader.failed || examples_at > automaton_at || automaton_at > reader.size ||
	    automaton_at % 4 != 0) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "the compiled pattern library has a damaged header");
		return FALSE;
	}

	reader.at = automaton_at;
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
	if (n_outputs > 0 && qnav_keyword_matcher_get_max_value (automaton) >= count) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "the compiled automaton names a pattern that is not there");
		return FALSE;
	}
	*n_patterns = count;
	*record_at = records;
	*unfiltered = without_keywords;
	*n_unfiltered = n_without;
	*matcher = g_steal_pointer (&automaton);
	return TRUE;
}
