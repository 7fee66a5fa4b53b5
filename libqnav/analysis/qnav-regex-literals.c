/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "qnav-regex-literals-private.h"

/*
 * Finds literals that every match of a PCRE2 regex must contain, so that a line without any
 * of them can skip the regex. The answer must be conservative: when in doubt a construct is
 * "opaque" (it contributes no literal), and when the structure itself is not understood the
 * whole regex gets no keywords and is simply run on every line.
 *
 * The regex is parsed into a small tree: literal bytes, opaque atoms, concatenations,
 * alternations and repeats. required() then returns a set of literals of which at least one
 * occurs in every match, or NULL when there is no such guarantee.
 */

typedef enum {
	NODE_LITERAL,
	NODE_OPAQUE,
	NODE_CONCAT,
	NODE_ALTERNATION,
	NODE_REPEAT,
} NodeKind;

typedef struct _Node Node;
struct _Node {
	NodeKind kind;
	guchar byte;       /* NODE_LITERAL */
	guint min_repeats; /* NODE_REPEAT */
	GPtrArray *children;
};

typedef struct {
	const gchar *p;
	const gchar *end;
	gboolean failed;
	guint depth;
} Parser;

static void
node_free (Node *node)
{
	if (node == NULL)
		return;
	g_clear_pointer (&node->children, g_ptr_array_unref);
	g_free (node);
}

static Node *
node_new (NodeKind kind)
{
	Node *node = g_new0 (Node, 1);

	node->kind = kind;
	if (kind == NODE_CONCAT || kind == NODE_ALTERNATION || kind == NODE_REPEAT)
		node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
	return node;
}

static Node *
literal_new (guchar byte)
{
	Node *node = node_new (NODE_LITERAL);

	node->byte = g_ascii_tolower (byte);
	return node;
}

static Node *parse_alternation (Parser *parser);

static gboolean
at_end (Parser *parser)
{
	return parser->p >= parser->end;
}

/* Skips a character class; the parser stands just after '['. */
static gboolean
skip_class (Parser *parser)
{
	if (!at_end (parser) && *parser->p == '^')
		parser->p++;
	/* a ']' right at the start is a literal member */
	if (!at_end (parser) && *parser->p == ']')
		parser->p++;
	while (!at_end (parser)) {
		gchar c = *parser->p++;
		if (c == ']')
			return TRUE;
		if (c == '\\') {
			if (at_end (parser))
				return FALSE;
			/* \Q inside a class is rare enough to give up on */
			if (*parser->p == 'Q')
				return FALSE;
			parser->p++;
		} else if (c == '[' && !at_end (parser) && *parser->p == ':') {
			const gchar *close = g_strstr_len (parser->p, parser->end - parser->p, ":]");
			if (close == NULL)
				return FALSE;
			parser->p = close + 2;
		}
	}
	return FALSE;
}

/* Skips to the byte after the next @close, for \x{..}, \p{..}, \k<..> and similar. */
static gboolean
skip_past (Parser *parser, gchar close)
{
	while (!at_end (parser)) {
		if (*parser->p++ == close)
			return TRUE;
	}
	return FALSE;
}

/* Parses one escape; the parser stands just after the backslash. Returns a literal for an
 * escaped punctuation character and an opaque node for everything else. */
static Node *
parse_escape (Parser *parser, GPtrArray *quoted)
{
	gchar c;

	if (at_end (parser)) {
		parser->failed = TRUE;
		return NULL;
	}
	c = *parser->p++;
	if (!g_ascii_isalnum (c))
		return literal_new ((guchar) c);

	switch (c) {
	case 'Q': {
		/* \Q...\E quotes literally; hand the bytes back as a run of literals */
		const gchar *stop = g_strstr_len (parser->p, parser->end - parser->p, "\\E");
		const gchar *last = stop != NULL ? stop : parser->end;
		for (const gchar *q = parser->p; q < last; q++)
			g_ptr_array_add (quoted, literal_new ((guchar) *q));
		parser->p = stop != NULL ? stop + 2 : parser->end;
		return NULL;
	}
	case 'x':
		if (!at_end (parser) && *parser->p == '{') {
			if (!skip_past (parser, '}'))
				parser->failed = TRUE;
		} else {
			for (guint i = 0; i < 2 && !at_end (parser) && g_ascii_isxdigit (*parser->p);
			     i++)
				parser->p++;
		}
		return node_new (NODE_OPAQUE);
	case 'o':
	case 'N':
		if (!at_end (parser) && *parser->p == '{' && !skip_past (parser, '}'))
			parser->failed = TRUE;
		return node_new (NODE_OPAQUE);
	case 'p':
	case 'P':
		if (!at_end (parser) && *parser->p == '{') {
			if (!skip_past (parser, '}'))
				parser->failed = TRUE;
		} else if (!at_end (parser)) {
			parser->p++;
		}
		return node_new (NODE_OPAQUE);
	case 'c':
		if (!at_end (parser))
			parser->p++;
		return node_new (NODE_OPAQUE);
	case 'g':
	case 'k':
		/* back references: \g{..} \g<..> \g'..' \gN \g-N \k<..> \k'..' \k{..} */
		if (!at_end (parser) && (*parser->p == '{' || *parser->p == '<' || *parser->p == '\'')) {
			gchar open = *parser->p++;
			gchar close = open == '{' ? '}' : open == '<' ? '>' : '\'';
			if (!skip_past (parser, close))
				parser->failed = TRUE;
		} else {
			if (!at_end (parser) && (*parser->p == '-' || *parser->p == '+'))
				parser->p++;
			while (!at_end (parser) && g_ascii_isdigit (*parser->p))
				parser->p++;
		}
		return node_new (NODE_OPAQUE);
	default:
		/* \0oo, \1.. back references, \d \w \s \b \A \z \R \X … : opaque; digits that
		 * follow belong to the same escape */
		if (g_ascii_isdigit (c)) {
			while (!at_end (parser) && g_ascii_isdigit (*parser->p))
				parser->p++;
		}
		return node_new (NODE_OPAQUE);
	}
}

/* Parses "(" … ")"; the parser stands just after '('. */
static Node *
parse_group (Parser *parser)
{
	gboolean zero_width = FALSE;
	Node *inner;

	if (!at_end (parser) && *parser->p == '*') {
		/* (*VERB) and (*UTF)-style settings: not worth understanding */
		parser->failed = TRUE;
		return NULL;
	}
	if (!at_end (parser) && *parser->p == '?') {
		parser->p++;
		if (at_end (parser)) {
			parser->failed = TRUE;
			return NULL;
		}
		switch (*parser->p) {
		case ':':
		case '>':
		case '|':
			parser->p++;
			break;
		case '=':
		case '!':
			parser->p++;
			zero_width = TRUE;
			break;
		case '<':
			parser->p++;
			if (!at_end (parser) && (*parser->p == '=' || *parser->p == '!')) {
				parser->p++;
				zero_width = TRUE;
			} else if (!skip_past (parser, '>')) {
				parser->failed = TRUE;
				return NULL;
			}
			break;
		case 'P':
			parser->p++;
			if (at_end (parser) || *parser->p != '<' || !skip_past (parser, '>')) {
				parser->failed = TRUE;
				return NULL;
			}
			break;
		case '\'':
			parser->p++;
			if (!skip_past (parser, '\'')) {
				parser->failed = TRUE;
				return NULL;
			}
			break;
		case '#':
			if (!skip_past (parser, ')'))
				parser->failed = TRUE;
			return node_new (NODE_OPAQUE);
		default: {
			/* option settings (?i) (?-s) (?i:…); (?x) changes how the rest parses */
			const gchar *q = parser->p;
			while (q < parser->end && (g_ascii_isalpha (*q) || *q == '-' || *q == '^')) {
				if (*q == 'x') {
					parser->failed = TRUE;
					return NULL;
				}
				q++;
			}
			if (q == parser->p || q >= parser->end || (*q != ')' && *q != ':')) {
				/* recursion, conditionals, callouts */
				parser->failed = TRUE;
				return NULL;
			}
			parser->p = q + 1;
			if (*q == ')')
				return node_new (NODE_OPAQUE);
			break;
		}
		}
	}

	parser->depth++;
	if (parser->depth > 200) {
		parser->failed = TRUE;
		return NULL;
	}
	inner = parse_alternation (parser);
	parser->depth--;
	if (inner == NULL || at_end (parser) || *parser->p != ')') {
		node_free (inner);
		parser->failed = TRUE;
		return NULL;
	}
	parser->p++;
	if (zero_width) {
		node_free (inner);
		return node_new (NODE_OPAQUE);
	}
	return inner;
}

/* Reads a {n}, {n,} or {n,m} quantifier if one stands here; otherwise '{' is a literal. */
static gboolean
parse_braces (Parser *parser, guint *min_repeats)
{
	const gchar *q = parser->p + 1;
	guint64 value = 0;
	gboolean digits = FALSE;

	while (q < parser->end && g_ascii_isdigit (*q)) {
		value = MIN (value * 10 + (guint64) (*q - '0'), 65535);
		digits = TRUE;
		q++;
	}
	if (!digits)
		return FALSE;
	if (q < parser->end && *q == ',') {
		q++;
		while (q < parser->end && g_ascii_isdigit (*q))
			q++;
	}
	if (q >= parser->end || *q != '}')
		return FALSE;
	parser->p = q + 1;
	*min_repeats = (guint) value;
	return TRUE;
}

static Node *
parse_concatenation (Parser *parser)
{
	Node *concat = node_new (NODE_CONCAT);

	while (!at_end (parser) && !parser->failed) {
		g_autoptr(GPtrArray) quoted = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
		Node *atom = NULL;
		gchar c = *parser->p;
		guint min_repeats = 1;
		gboolean quantified = FALSE;

		if (c == '|' || c == ')')
			break;
		parser->p++;
		switch (c) {
		case '\\':
			atom = parse_escape (parser, quoted);
			break;
		case '[':
			if (!skip_class (parser))
				parser->failed = TRUE;
			atom = node_new (NODE_OPAQUE);
			break;
		case '(':
			atom = parse_group (parser);
			break;
		case '.':
		case '^':
		case '$':
			atom = node_new (NODE_OPAQUE);
			break;
		case '*':
		case '+':
		case '?':
			/* a quantifier with nothing to repeat: PCRE2 rejects it anyway */
			parser->failed = TRUE;
			break;
		default:
			atom = literal_new ((guchar) c);
			break;
		}
		if (parser->failed) {
			node_free (atom);
			break;
		}
		/* \Q…\E produced a run of literals; a quantifier applies to the last one */
		if (atom == NULL && quoted->len > 0) {
			atom = g_ptr_array_steal_index (quoted, quoted->len - 1);
			for (guint i = 0; i < quoted->len; i++)
				g_ptr_array_add (concat->children, g_steal_pointer (&quoted->pdata[i]));
		}
		if (atom == NULL)
			continue;

		if (!at_end (parser)) {
			c = *parser->p;
			if (c == '*' || c == '?') {
				parser->p++;
				min_repeats = 0;
				quantified = TRUE;
			} else if (c == '+') {
				parser->p++;
				quantified = TRUE;
			} else if (c == '{' && parse_braces (parser, &min_repeats)) {
				quantified = TRUE;
			}
			/* lazy and possessive suffixes do not change what must match */
			if (quantified && !at_end (parser) && (*parser->p == '?' || *parser->p == '+'))
				parser->p++;
		}
		if (quantified) {
			Node *repeat = node_new (NODE_REPEAT);
			repeat->min_repeats = min_repeats;
			g_ptr_array_add (repeat->children, atom);
			atom = repeat;
		}
		g_ptr_array_add (concat->children, atom);
	}
	return concat;
}

static Node *
parse_alternation (Parser *parser)
{
	Node *alternation = node_new (NODE_ALTERNATION);

	for (;;) {
		g_ptr_array_add (alternation->children, parse_concatenation (parser));
		if (parser->failed || at_end (parser) || *parser->p != '|')
			break;
		parser->p++;
	}
	return alternation;
}

/* The set of literals of which every match holds at least one, or NULL. */
static GPtrArray *required (Node *node);

static guint
shortest (GPtrArray *set)
{
	guint result = G_MAXUINT;

	for (guint i = 0; i < set->len; i++)
		result = MIN (result, (guint) strlen (g_ptr_array_index (set, i)));
	return result;
}

/* A set is better when its weakest literal is longer; fewer alternatives break ties. */
static gboolean
set_is_better (GPtrArray *candidate, GPtrArray *best)
{
	guint a, b;

	if (best == NULL)
		return TRUE;
	a = shortest (candidate);
	b = shortest (best);
	if (a != b)
		return a > b;
	return candidate->len < best->len;
}

static void
consider (GPtrArray **best, GPtrArray *candidate)
{
	if (candidate == NULL)
		return;
	if (set_is_better (candidate, *best)) {
		g_clear_pointer (best, g_ptr_array_unref);
		*best = candidate;
	} else {
		g_ptr_array_unref (candidate);
	}
}

/* Exact matching of small alternations: "can't (process|properly use)" requires "can't
 * process" or "can't properly use", far better filters than "can't " or "process". */
#define MAX_EXACT 16

static GPtrArray *
set_new (void)
{
	return g_ptr_array_new_with_free_func (g_free);
}

static GPtrArray *
cross (GPtrArray *left, GPtrArray *right)
{
	GPtrArray *result = set_new ();

	for (guint i = 0; i < left->len; i++) {
		for (guint j = 0; j < right->len; j++)
			g_ptr_array_add (result, g_strconcat (g_ptr_array_index (left, i),
							      g_ptr_array_index (right, j), NULL));
	}
	return result;
}

/* The set of all strings @node matches, when it is small and finite; else NULL. */
static GPtrArray *
exact (Node *node)
{
	switch (node->kind) {
	case NODE_LITERAL: {
		GPtrArray *set = set_new ();
		g_ptr_array_add (set, g_strndup ((const gchar *) &node->byte, 1));
		return set;
	}
	case NODE_CONCAT: {
		GPtrArray *current = set_new ();
		g_ptr_array_add (current, g_strdup (""));
		for (guint i = 0; i < node->children->len; i++) {
			g_autoptr(GPtrArray) part = exact (g_ptr_array_index (node->children, i));
			GPtrArray *next;
			if (part == NULL || current->len * part->len > MAX_EXACT) {
				g_ptr_array_unref (current);
				return NULL;
			}
			next = cross (current, part);
			g_ptr_array_unref (current);
			current = next;
		}
		return current;
	}
	case NODE_ALTERNATION: {
		GPtrArray *all = set_new ();
		for (guint i = 0; i < node->children->len; i++) {
			g_autoptr(GPtrArray) part = exact (g_ptr_array_index (node->children, i));
			if (part == NULL || all->len + part->len > MAX_EXACT) {
				g_ptr_array_unref (all);
				return NULL;
			}
			for (guint j = 0; j < part->len; j++)
				g_ptr_array_add (all, g_steal_pointer (&part->pdata[j]));
		}
		return all;
	}
	case NODE_REPEAT:
	case NODE_OPAQUE:
	default:
		return NULL;
	}
}

/* In a concatenation, consecutive parts whose strings are known exactly combine into one set
 * of longer literals (each match holds one of them); every other part may still require
 * literals of its own. The best of all those sets wins. */
static GPtrArray *
required_concat (Node *node)
{
	GPtrArray *best = NULL;
	GPtrArray *current = set_new ();

	g_ptr_array_add (current, g_strdup (""));
	for (guint i = 0; i < node->children->len; i++) {
		Node *child = g_ptr_array_index (node->children, i);
		GPtrArray *part = exact (child);

		if (part != NULL && current->len * part->len <= MAX_EXACT) {
			GPtrArray *next = cross (current, part);
			g_ptr_array_unref (part);
			g_ptr_array_unref (current);
			current = next;
			continue;
		}
		consider (&best, current);
		current = set_new ();
		if (part != NULL) {
			/* too many to combine with what came before: start again from it */
			g_ptr_array_unref (current);
			current = part;
		} else {
			g_ptr_array_add (current, g_strdup (""));
			consider (&best, required (child));
		}
	}
	consider (&best, current);
	return best;
}

static GPtrArray *
required (Node *node)
{
	switch (node->kind) {
	case NODE_LITERAL:
		return exact (node);
	case NODE_CONCAT:
		return required_concat (node);
	case NODE_REPEAT:
		if (node->min_repeats == 0)
			return NULL;
		return required (g_ptr_array_index (node->children, 0));
	case NODE_ALTERNATION: {
		GPtrArray *all = g_ptr_array_new_with_free_func (g_free);
		for (guint i = 0; i < node->children->len; i++) {
			g_autoptr(GPtrArray) set = required (g_ptr_array_index (node->children, i));
			if (set == NULL) {
				g_ptr_array_unref (all);
				return NULL;
			}
			for (guint j = 0; j < set->len; j++)
				g_ptr_array_add (all, g_steal_pointer (&set->pdata[j]));
		}
		return all;
	}
	case NODE_OPAQUE:
	default:
		return NULL;
	}
}

/* Cuts every literal to the best window of QNAV_KEYWORD_MAX_LENGTH bytes (preferring the
 * window with the most letters), drops duplicates and gives up when a literal is too short to
 * be a useful filter. Literals holding non-ASCII bytes are cut at them, since only ASCII is
 * folded for case. */
static GStrv
finish (GPtrArray *set)
{
	g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
	g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

	for (guint i = 0; i < set->len; i++) {
		const gchar *literal = g_ptr_array_index (set, i);
		gsize length = strlen (literal);
		gsize best_start = 0, best_length = 0;
		gint best_letters = -1;
		gchar *keyword;

		/* the longest stretch of ASCII, then the window of it with the most letters */
		for (gsize start = 0; start < length;) {
			gsize end = start;
			while (end < length && (guchar) literal[end] < 0x80)
				end++;
			for (gsize w = start; w < end; w++) {
				gsize window = MIN (end - w, (gsize) QNAV_KEYWORD_MAX_LENGTH);
				gint letters = 0;
				if (window < best_length)
					break;
				for (gsize k = w; k < w + window; k++)
					letters += g_ascii_isalpha (literal[k]) ? 1 : 0;
				if (window > best_length ||
				    (window == best_length && letters > best_letters)) {
					best_start = w;
					best_length = window;
					best_letters = letters;
				}
			}
			start = end + 1;
		}
		if (best_length < QNAV_KEYWORD_MIN_LENGTH)
			return NULL;
		keyword = g_strndup (literal + best_start, best_length);
		if (g_hash_table_contains (seen, keyword)) {
			g_free (keyword);
			continue;
		}
		/* the table owns the keyword; the builder copies it */
		g_hash_table_add (seen, keyword);
		g_strv_builder_add (builder, keyword);
	}
	return g_strv_builder_end (builder);
}

/*
 * Returns: (transfer full) (nullable): lower-case literals of which every match of @regex
 *   holds at least one, or %NULL when no useful set can be proven
 */
GStrv
qnav_regex_required_literals (const gchar *regex)
{
	Parser parser = { regex, regex + strlen (regex), FALSE, 0 };
	g_autoptr(GPtrArray) set = NULL;
	Node *tree;

	tree = parse_alternation (&parser);
	if (parser.failed || !at_end (&parser)) {
		node_free (tree);
		return NULL;
	}
	set = required (tree);
	node_free (tree);
	if (set == NULL || set->len == 0)
		return NULL;
	return finish (set);
}
