/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "qnav.h"
#include "qnav-error-pattern-private.h"
#include "qnav-keyword-matcher-private.h"
#include "qnav-pattern-library-private.h"
#include "qnav-regex-literals-private.h"

#include "qnav-test-corpus.h"

/* What the prefilter proves about a regex: every match holds one of these literals. */
static void
test_required_literals (void)
{
	static const struct {
		const gchar *regex;
		const gchar *expected; /* comma-separated, or NULL for "no guarantee" */
	} cases[] = {
		{ "No space left on device", "no space left on" },
		{ "Permission denied \\(publickey", "permission denie" },
		{ "(?:libvirtd|virtqemud) is not running", "libvirtd is not ,virtqemud is not" },
		{ "(?:libvirtd|virtqemud): ", "libvirtd: ,virtqemud: " },
		{ "foo|ba", NULL },			   /* "ba" is too short */
		{ "abc(def)?ghi", "abc" },		   /* an optional group splits the run */
		{ "x{2,}yz", NULL },			   /* "x" and "yz" are both too short */
		{ "colou?r", "colo" },			   /* "u?" is optional */
		{ "a.*b", NULL },
		{ "\\bkcli\\b: error", ": error" },
		{ "error: \\Qa.b*c\\E done", "error: a.b*c don" },
		{ "[Ee]rror connecting", "rror connecting" },
		{ "(?=lookahead)real", "real" },
		{ "(?i)case", "case" },
		{ "(?x) spaced", NULL },		   /* extended mode: not understood, no keywords */
		{ "(a|)bcd", "abcd,bcd" },
		{ "(a|)", NULL },
		{ "\\x41BCD", "bcd" },
		{ "\\d+ failed", " failed" },
		{ "Timeout \\(\\d+s\\) waiting", "s) waiting" },
		{ "unterminated (group", NULL },
		{ "fin\\xc3\\xa9 r\xc3\xa9sultat", "sultat" }, /* cut at non-ASCII bytes */
		{ "(?:abc){3}", "abc" },
		{ "(?:abc){0,3}xyzw", "xyzw" },
		{ "a{,3}bcd", "a{,3}bcd" },		   /* PCRE2 10.42: "{,3}" is literal text */
		/* small alternations combine with the text around them */
		{ "Can't (process|use) (entry|cell) \\S+ in", "can't process en,can't process ce,can't use entry ,can't use cell " },
	};

	for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
		g_auto(GStrv) got = qnav_regex_required_literals (cases[i].regex);
		g_autofree gchar *joined = got != NULL ? g_strjoinv (",", got) : NULL;
		g_test_message ("%s → %s", cases[i].regex, joined != NULL ? joined : "(none)");
		g_assert_cmpstr (joined, ==, cases[i].expected);
	}
}

/* The automaton finds every keyword, in any case, overlapping or not. */
static void
test_keyword_matcher (void)
{
	g_autoptr(QnavKeywordMatcher) matcher = qnav_keyword_matcher_new ();
	g_autoptr(GArray) hits = g_array_new (FALSE, FALSE, sizeof (guint));
	guint32 stamps[5] = { 0 };
	const gchar *text = "ERROR: No Space left; she said hers was fine";

	qnav_keyword_matcher_add (matcher, "no space", 0);
	qnav_keyword_matcher_add (matcher, "he", 1);
	qnav_keyword_matcher_add (matcher, "she", 2);
	qnav_keyword_matcher_add (matcher, "hers", 3);
	qnav_keyword_matcher_add (matcher, "absent", 4);
	qnav_keyword_matcher_compile (matcher);
	qnav_keyword_matcher_scan (matcher, (const guchar *) text, strlen (text), stamps, 1, hits);

	g_assert_cmpuint (hits->len, ==, 4);
	for (guint v = 0; v < 4; v++)
		g_assert_cmpuint (stamps[v], ==, 1);
	g_assert_cmpuint (stamps[4], ==, 0);
}

static void
check_line (QnavPatternIndex *index, guint32 *stamps, guint32 stamp, const gchar *line,
	    gsize length, guint *n_matches)
{
	g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));
	guint n = qnav_pattern_index_get_size (index);

	qnav_pattern_index_candidates (index, (const guchar *) line, length, stamps, stamp,
				       candidates);
	for (guint p = 0; p < n; p++) {
		QnavErrorPattern *pattern = qnav_pattern_index_get_pattern (index, p);
		if (!qnav_error_pattern_match_line (pattern, line, length, NULL, NULL, NULL))
			continue;
		(*n_matches)++;
		if (stamps[p] != stamp)
			g_error ("the prefilter skipped pattern %s, which matches \"%.*s\"",
				 qnav_error_pattern_get_id (pattern), (gint) MIN (length, 200),
				 line);
	}
}

/* Differential test on real text: for every line of the corpus and of every example, each
 * pattern that matches is among the prefilter's candidates. A prefilter bug would silently
 * lose diagnoses; here it fails loudly. */
static void
test_prefilter_is_conservative (void)
{
	g_autoptr(QnavPatternLibrary) library = qnav_pattern_library_new_default (NULL);
	g_autoptr(QnavPatternIndex) index = qnav_pattern_library_get_index (library);
	g_autoptr(GPtrArray) texts = qnav_test_corpus_all_texts ();
	g_autoptr(GPtrArray) patterns = qnav_pattern_library_get_patterns (library);
	g_autofree guint32 *stamps = g_new0 (guint32, qnav_pattern_index_get_size (index));
	guint32 stamp = 0;
	guint n_lines = 0, n_matches = 0;

	for (guint i = 0; i < patterns->len; i++) {
		const gchar *const *examples =
			qnav_error_pattern_get_examples (g_ptr_array_index (patterns, i));
		for (guint e = 0; examples != NULL && examples[e] != NULL; e++)
			g_ptr_array_add (texts, g_strdup (examples[e]));
	}
	for (guint t = 0; t < texts->len; t++) {
		const gchar *p = g_ptr_array_index (texts, t);
		while (*p != '\0') {
			const gchar *eol = strchr (p, '\n');
			gsize length = eol != NULL ? (gsize) (eol - p) : strlen (p);
			check_line (index, stamps, ++stamp, p, length, &n_matches);
			n_lines++;
			p += length + (eol != NULL ? 1 : 0);
		}
	}
	g_test_message ("%u lines, %u pattern matches, none missed by the prefilter", n_lines,
			n_matches);
	g_assert_cmpuint (n_matches, >, 300);
}

int
main (int argc, char **argv)
{
	g_test_init (&argc, &argv, NULL);

	g_test_add_func ("/qnav/matching/required-literals", test_required_literals);
	g_test_add_func ("/qnav/matching/keyword-matcher", test_keyword_matcher);
	g_test_add_func ("/qnav/matching/prefilter-is-conservative", test_prefilter_is_conservative);

	return g_test_run ();
}
