/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "qnav-keyword-matcher-private.h"

/*
 * A case-insensitive Aho-Corasick automaton over the patterns' required literals. One pass
 * over a line yields every pattern that can possibly match it; only those regexes run. The
 * automaton is a full DFA over a reduced alphabet (one class per byte that occurs in some
 * keyword, one class for all others), so scanning is a table lookup per byte.
 */

#define NO_STATE G_MAXUINT32

struct _QnavKeywordMatcher {
	/* building */
	GPtrArray *keywords; /* lower-case */
	GArray *values;      /* guint, parallel to keywords */

	/* compiled */
	guint8 class_of[256];
	guint n_classes;
	guint n_states;
	guint32 *next;        /* n_states × n_classes */
	guint32 *output_from; /* n_states + 1 offsets into outputs */
	guint *outputs;
};

QnavKeywordMatcher *
qnav_keyword_matcher_new (void)
{
	QnavKeywordMatcher *self = g_new0 (QnavKeywordMatcher, 1);

	self->keywords = g_ptr_array_new_with_free_func (g_free);
	self->values = g_array_new (FALSE, FALSE, sizeof (guint));
	return self;
}

void
qnav_keyword_matcher_free (QnavKeywordMatcher *self)
{
	if (self == NULL)
		return;
	g_ptr_array_unref (self->keywords);
	g_array_unref (self->values);
	g_free (self->next);
	g_free (self->output_from);
	g_free (self->outputs);
	g_free (self);
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
	g_autoptr(GArray) trie = NULL; /* guint32 per (state, class), NO_STATE when absent */
	g_autoptr(GArray) fail = g_array_new (FALSE, TRUE, sizeof (guint32));
	g_autoptr(GPtrArray) own = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
	g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (guint32));
	g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint32));
	g_autoptr(GArray) outputs = g_array_new (FALSE, FALSE, sizeof (guint));
	guint32 no_state = NO_STATE;
	guint n_classes = 1;

	g_return_if_fail (self->next == NULL);

	/* alphabet: class 0 is "a byte no keyword uses"; letters share a class with their
	 * upper-case form */
	memset (self->class_of, 0, sizeof (self->class_of));
	for (guint i = 0; i < self->keywords->len; i++) {
		const guchar *k = g_ptr_array_index (self->keywords, i);
		for (; *k != '\0'; k++) {
			if (self->class_of[*k] == 0) {
				self->class_of[*k] = (guint8) n_classes;
				self->class_of[(guchar) g_ascii_toupper ((gchar) *k)] = (guint8) n_classes;
				n_classes++;
			}
		}
	}
	/* at most 256 distinct bytes, so the classes fit in a byte only if we stop at 255;
	 * keywords are printable ASCII in practice, far below that */
	g_assert (n_classes <= 256);
	self->n_classes = n_classes;

	/* trie */
	trie = g_array_new (FALSE, FALSE, sizeof (guint32));
	for (guint c = 0; c < n_classes; c++)
		g_array_append_val (trie, no_state);
	g_ptr_array_add (own, g_array_new (FALSE, FALSE, sizeof (guint)));
	for (guint i = 0; i < self->keywords->len; i++) {
		const guchar *k = g_ptr_array_index (self->keywords, i);
		guint32 state = 0;
		for (; *k != '\0'; k++) {
			guint c = self->class_of[*k];
			guint32 target = g_array_index (trie, guint32, state * n_classes + c);
			if (target == NO_STATE) {
				target = trie->len / n_classes;
				for (guint d = 0; d < n_classes; d++)
					g_array_append_val (trie, no_state);
				g_ptr_array_add (own, g_array_new (FALSE, FALSE, sizeof (guint)));
				g_array_index (trie, guint32, state * n_classes + c) = target;
			}
			state = target;
		}
		g_array_append_val (g_ptr_array_index (own, state),
				    g_array_index (self->values, guint, i));
	}
	self->n_states = trie->len / n_classes;
	g_array_set_size (fail, self->n_states);

	/* breadth-first: failure links, then the full transition function */
	self->next = g_new (guint32, (gsize) self->n_states * n_classes);
	for (guint c = 0; c < n_classes; c++) {
		guint32 target = g_array_index (trie, guint32, c);
		if (target == NO_STATE) {
			self->next[c] = 0;
		} else {
			self->next[c] = target;
			g_array_index (fail, guint32, target) = 0;
			g_array_append_val (queue, target);
		}
	}
	g_array_append_val (order, (guint32){ 0 });
	for (guint head = 0; head < queue->len; head++) {
		guint32 state = g_array_index (queue, guint32, head);
		guint32 state_fail = g_array_index (fail, guint32, state);
		g_array_append_val (order, state);
		for (guint c = 0; c < n_classes; c++) {
			guint32 target = g_array_index (trie, guint32, state * n_classes + c);
			if (target == NO_STATE) {
				self->next[state * n_classes + c] =
					self->next[state_fail * n_classes + c];
			} else {
				self->next[state * n_classes + c] = target;
				g_array_index (fail, guint32, target) =
					self->next[state_fail * n_classes + c];
				g_array_append_val (queue, target);
			}
		}
	}

	/* outputs: a state reports its own keywords and those of its failure chain; states
	 * are visited in BFS order so a failure target is always complete before it is used */
	self->output_from = g_new0 (guint32, self->n_states + 1);
	{
		g_autofree guint32 *from = g_new0 (guint32, self->n_states);
		g_autofree guint32 *count = g_new0 (guint32, self->n_states);
		for (guint i = 0; i < order->len; i++) {
			guint32 state = g_array_index (order, guint32, i);
			GArray *mine = g_ptr_array_index (own, state);
			guint32 state_fail = g_array_index (fail, guint32, state);
			from[state] = outputs->len;
			g_array_append_vals (outputs, mine->data, mine->len);
			if (state != 0 && count[state_fail] > 0) {
				/* copy first: appending may move the array under the source */
				g_autofree guint *inherited =
					g_memdup2 (&g_array_index (outputs, guint, from[state_fail]),
						   count[state_fail] * sizeof (guint));
				g_array_append_vals (outputs, inherited, count[state_fail]);
			}
			count[state] = outputs->len - from[state];
		}
		/* re-lay the outputs in state order so that output_from is a prefix sum */
		self->outputs = g_new (guint, MAX (outputs->len, 1));
		for (guint32 state = 0, at = 0; state < self->n_states; state++) {
			self->output_from[state] = at;
			memcpy (self->outputs + at, &g_array_index (outputs, guint, from[state]),
				count[state] * sizeof (guint));
			at += count[state];
			self->output_from[state + 1] = at;
		}
	}
}

/* Appends to @hits each value whose keyword occurs in @text and whose stamp is not yet
 * @stamp, and stamps it, so each value is reported once per call. */
void
qnav_keyword_matcher_scan (QnavKeywordMatcher *self, const guchar *text, gsize length,
			   guint32 *stamps, guint32 stamp, GArray *hits)
{
	const guint32 *next = self->next;
	const guint32 *output_from = self->output_from;
	const guint8 *class_of = self->class_of;
	const guint n_classes = self->n_classes;
	guint32 state = 0;

	for (gsize i = 0; i < length; i++) {
		state = next[state * n_classes + class_of[text[i]]];
		if (G_UNLIKELY (output_from[state + 1] != output_from[state])) {
			for (guint32 o = output_from[state]; o < output_from[state + 1]; o++) {
				guint value = self->outputs[o];
				if (stamps[value] != stamp) {
					stamps[value] = stamp;
					g_array_append_val (hits, value);
				}
			}
		}
	}
}
