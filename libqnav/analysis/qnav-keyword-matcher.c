/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "qnav-error.h"
#include "qnav-keyword-matcher-private.h"

/*
 * A case-insensitive Aho-Corasick automaton over the patterns' required literals. One pass
 * over a line yields every pattern that can possibly match it; only those regexes run. The
 * automaton is a full DFA over a reduced alphabet (one class per byte that occurs in some
 * keyword, one class for all others), so scanning is a table lookup per byte.
 */

#define NO_STATE G_MAXUINT32

struct _QnavKeywordMatcher {
	gatomicrefcount ref_count;

	/* building */
	GPtrArray *keywords; /* lower-case */
	GArray *values;      /* guint, parallel to keywords */

	/* compiled */
	guint8 class_of[256];
	guint n_classes;
	guint n_states;
	gpointer next;        /* n_states × n_classes entries of next_width bytes */
	guint next_width;     /* 2 while the states fit in 16 bits (half the memory), else 4 */
	guint32 *output_from; /* n_states + 1 offsets into outputs */
	guint32 *outputs;
	guint32 n_outputs;
	/* when set, the tables above live in it (a compiled library) and are not ours to free */
	GBytes *backing;
};

QnavKeywordMatcher *
qnav_keyword_matcher_new (void)
{
	QnavKeywordMatcher *self = g_new0 (QnavKeywordMatcher, 1);

	g_atomic_ref_count_init (&self->ref_count);
	self->keywords = g_ptr_array_new_with_free_func (g_free);
	self->values = g_array_new (FALSE, FALSE, sizeof (guint));
	return self;
}

QnavKeywordMatcher *
qnav_keyword_matcher_ref (QnavKeywordMatcher *self)
{
	g_atomic_ref_count_inc (&self->ref_count);
	return self;
}

void
qnav_keyword_matcher_unref (QnavKeywordMatcher *self)
{
	if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
		return;
	g_ptr_array_unref (self->keywords);
	g_array_unref (self->values);
	if (self->backing != NULL) {
		g_bytes_unref (self->backing);
	} else {
		g_free (self->next);
		g_free (self->output_from);
		g_free (self->outputs);
	}
	g_free (self);
}

/* The transition table is not checked entry by entry: it comes with the binary, written by
 * qnav-compile-patterns from the automaton it had just built, and reading all of it here
 * would cost every start-up a page fault per 4 KiB. What is checked keeps a scan inside the
 * tables as long as that one is what the build wrote. */
static gboolean
tables_are_consistent (const guint8 *class_of, guint32 n_classes, guint32 n_states,
		       guint32 next_width, const guint32 *output_from, guint32 n_outputs)
{
	if (n_classes == 0 || n_classes > 256 || n_states == 0 ||
	    (next_width != 2 && next_width != 4) || (next_width == 2 && n_states > 65536))
		return FALSE;
	for (guint b = 0; b < 256; b++) {
		if (class_of[b] >= n_classes)
			return FALSE;
	}
	if (output_from[0] != 0 || output_from[n_states] != n_outputs)
		return FALSE;
	for (guint32 state = 0; state < n_states; state++) {
		if (output_from[state] > output_from[state + 1])
			return FALSE;
	}
	return TRUE;
}

/* A compiled automaton whose tables live in @backing. */
QnavKeywordMatcher *
qnav_keyword_matcher_new_from_tables (const guint8 *class_of, guint32 n_classes,
				      guint32 n_states, guint32 next_width, gconstpointer next,
				      const guint32 *output_from, guint32 n_outputs,
				      const guint32 *outputs, GBytes *backing, GError **error)
{
	QnavKeywordMatcher *self;

	if (!tables_are_consistent (class_of, n_classes, n_states, next_width, output_from,
				    n_outputs)) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "the compiled automaton is inconsistent");
		return NULL;
	}
	self = qnav_keyword_matcher_new ();
	memcpy (self->class_of, class_of, sizeof (self->class_of));
	self->n_classes = n_classes;
	self->n_states = n_states;
	self->next = (gpointer) next;
	self->next_width = next_width;
	self->output_from = (guint32 *) output_from;
	self->outputs = (guint32 *) outputs;
	self->n_outputs = n_outputs;
	self->backing = g_bytes_ref (backing);
	return self;
}

void
qnav_keyword_matcher_get_tables (QnavKeywordMatcher *self, const guint8 **class_of,
				 guint32 *n_classes, guint32 *n_states, guint32 *next_width,
				 gconstpointer *next, const guint32 **output_from,
				 guint32 *n_outputs, const guint32 **outputs)
{
	*class_of = self->class_of;
	*n_classes = self->n_classes;
	*n_states = self->n_states;
	*next_width = self->next_width;
	*next = self->next;
	*output_from = self->output_from;
	*n_outputs = self->n_outputs;
	*outputs = self->outputs;
}

/* The largest value the automaton reports, so that a compiled one can be checked against
 * the number of patterns it comes with. */
guint32
qnav_keyword_matcher_get_max_value (QnavKeywordMatcher *self)
{
	guint32 max = 0;

	for (guint32 i = 0; i < self->n_outputs; i++)
		max = MAX (max, self->outputs[i]);
	return max;
}

void
qnav_keyword_matcher_add (QnavKeywordMatcher *self, const gchar *keyword, guint value)
{
	g_return_if_fail (self->next == NULL);
	g_return_if_fail (keyword != NULL && *keyword != '\0');

	g_ptr_array_add (self->keywords, g_ascii_strdown (keyword, -1));
	g_array_append_val (self->values, value);
}

guint
qnav_keyword_matcher_get_n_states (QnavKeywordMatcher *self)
{
	return self->n_states;
}

void
qnav_keyword_matcher_compile (QnavKeywordMatcher *self)
{
	guint n_keywords = self->keywords->len;
	gsize max_states = 1;
	g_autofree guint32 *fail = NULL;
	g_autofree guint32 *queue = NULL;
	g_autofree guint32 *own_head = NULL; /* state → first keyword ending there, or NO_STATE */
	g_autofree guint32 *own_next = NULL; /* keyword → next keyword ending at the same state */
	g_autofree guint32 *from = NULL;
	g_autofree guint32 *count = NULL;
	g_autoptr(GArray) outputs = g_array_new (FALSE, FALSE, sizeof (guint));
	guint n_classes = 1, head = 0, tail = 0;
	guint32 *next;

	g_return_if_fail (self->next == NULL);

	/* alphabet: class 0 is "a byte no keyword uses"; letters share a class with their
	 * upper-case form */
	memset (self->class_of, 0, sizeof (self->class_of));
	for (guint i = 0; i < n_keywords; i++) {
		const guchar *k = g_ptr_array_index (self->keywords, i);
		max_states += strlen ((const gchar *) k);
		for (; *k != '\0'; k++) {
			if (self->class_of[*k] == 0) {
				self->class_of[*k] = (guint8) n_classes;
				self->class_of[(guchar) g_ascii_toupper ((gchar) *k)] = (guint8) n_classes;
				n_classes++;
			}
		}
	}
	/* keywords are lower-case text: far fewer than 255 distinct bytes */
	g_assert (n_classes <= 256);
	self->n_classes = n_classes;

	/* the trie, built directly in the transition table (NO_STATE where no edge yet) */
	next = g_new (guint32, max_states * n_classes);
	memset (next, 0xff, max_states * n_classes * sizeof (guint32));
	own_head = g_new (guint32, max_states);
	memset (own_head, 0xff, max_states * sizeof (guint32));
	own_next = g_new (guint32, MAX (n_keywords, 1));
	self->n_states = 1;
	for (guint i = 0; i < n_keywords; i++) {
		const guchar *k = g_ptr_array_index (self->keywords, i);
		guint32 state = 0;
		for (; *k != '\0'; k++) {
			guint32 *edge = &next[(gsize) state * n_classes + self->class_of[*k]];
			if (*edge == NO_STATE)
				*edge = self->n_states++;
			state = *edge;
		}
		own_next[i] = own_head[state];
		own_head[state] = i;
	}

	/* breadth-first: failure links, and the missing edges filled from the failure state,
	 * which turns the trie into a full DFA */
	fail = g_new0 (guint32, self->n_states);
	queue = g_new (guint32, self->n_states);
	queue[tail++] = 0;
	while (head < tail) {
		guint32 state = queue[head++];
		for (guint c = 0; c < n_classes; c++) {
			guint32 *edge = &next[(gsize) state * n_classes + c];
			if (*edge == NO_STATE) {
				*edge = state == 0 ? 0 : next[(gsize) fail[state] * n_classes + c];
			} else {
				fail[*edge] = state == 0 ? 0 : next[(gsize) fail[state] * n_classes + c];
				queue[tail++] = *edge;
			}
		}
	}
	if (self->n_states <= 65536) {
		gsize n = (gsize) self->n_states * n_classes;
		guint16 *narrow = g_new (guint16, n);
		for (gsize i = 0; i < n; i++)
			narrow[i] = (guint16) next[i];
		g_free (next);
		self->next = narrow;
		self->next_width = 2;
	} else {
		self->next = g_renew (guint32, next, (gsize) self->n_states * n_classes);
		self->next_width = 4;
	}

	/* outputs: a state reports its own keywords and those of its failure chain; in BFS
	 * order a failure target is always complete before it is used */
	from = g_new0 (guint32, self->n_states);
	count = g_new0 (guint32, self->n_states);
	for (guint q = 0; q < tail; q++) {
		guint32 state = queue[q];
		guint32 inherited = state != 0 ? count[fail[state]] : 0;
		from[state] = outputs->len;
		for (guint32 k = own_head[state]; k != NO_STATE; k = own_next[k])
			g_array_append_val (outputs, g_array_index (self->values, guint, k));
		if (inherited > 0) {
			/* make room first: appending may move the array under the source */
			guint at = outputs->len;
			g_array_set_size (outputs, at + inherited);
			memcpy (&g_array_index (outputs, guint, at),
				&g_array_index (outputs, guint, from[fail[state]]),
				inherited * sizeof (guint));
		}
		count[state] = outputs->len - from[state];
	}
	/* laid out again in state order, so that output_from is a prefix sum */
	self->output_from = g_new0 (guint32, self->n_states + 1);
	self->outputs = g_new (guint32, MAX (outputs->len, 1));
	self->n_outputs = outputs->len;
	for (guint32 state = 0, at = 0; state < self->n_states; state++) {
		self->output_from[state] = at;
		if (count[state] > 0)
			memcpy (self->outputs + at, &g_array_index (outputs, guint, from[state]),
				count[state] * sizeof (guint32));
		at += count[state];
		self->output_from[state + 1] = at;
	}
}

/* One scan loop per table width; the width test stays out of the per-byte loop. */
#define SCAN(Type)                                                                                 \
	{                                                                                          \
		const Type *next = self->next;                                                     \
		for (gsize i = 0; i < length; i++) {                                               \
			state = next[(gsize) state * n_classes + class_of[text[i]]];               \
			if (G_UNLIKELY (output_from[state + 1] != output_from[state]))             \
				report (self, state, stamps, stamp, hits);                         \
		}                                                                                  \
	}

static void
report (QnavKeywordMatcher *self, guint32 state, guint32 *stamps, guint32 stamp, GArray *hits)
{
	for (guint32 o = self->output_from[state]; o < self->output_from[state + 1]; o++) {
		guint value = self->outputs[o];
		if (stamps[value] != stamp) {
			stamps[value] = stamp;
			g_array_append_val (hits, value);
		}
	}
}

/* Appends to @hits each value whose keyword occurs in @text and whose stamp is not yet
 * @stamp, and stamps it, so each value is reported once per call. */
void
qnav_keyword_matcher_scan (QnavKeywordMatcher *self, const guchar *text, gsize length,
			   guint32 *stamps, guint32 stamp, GArray *hits)
{
	const guint32 *output_from = self->output_from;
	const guint8 *class_of = self->class_of;
	const gsize n_classes = self->n_classes;
	guint32 state = 0;

	if (self->next_width == 2)
		SCAN (guint16)
	else
		SCAN (guint32)
}
