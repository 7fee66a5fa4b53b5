/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "qnav-failure-analysis.h"
#include "qnav-fingerprint-private.h"

/*
 * "The same failure again" must survive everything that changes between two runs of one
 * failure: timestamps, PIDs, ports, counters, UUIDs, MAC addresses, hashes, temporary
 * directories and letter case. The masker is a single hand-written pass (it runs on every
 * diagnosis, so a chain of regex replacements would cost more than the whole analysis).
 */

static gboolean
is_hex_run (const gchar *p, gsize n)
{
	for (gsize i = 0; i < n; i++) {
		if (!g_ascii_isxdigit (p[i]))
			return FALSE;
	}
	return TRUE;
}

/* 8-4-4-4-12 hex digits */
static gboolean
is_uuid (const gchar *p, const gchar *end)
{
	static const guint groups[] = { 8, 4, 4, 4, 12 };

	for (guint g = 0; g < G_N_ELEMENTS (groups); g++) {
		if ((gsize) (end - p) < groups[g] || !is_hex_run (p, groups[g]))
			return FALSE;
		p += groups[g];
		if (g < G_N_ELEMENTS (groups) - 1) {
			if (p >= end || *p != '-')
				return FALSE;
			p++;
		}
	}
	return p >= end || !g_ascii_isalnum (*p);
}

/* six pairs of hex digits separated by ':' or '-' */
static gboolean
is_mac (const gchar *p, const gchar *end)
{
	if (end - p < 17)
		return FALSE;
	for (guint i = 0; i < 6; i++) {
		if (!g_ascii_isxdigit (p[i * 3]) || !g_ascii_isxdigit (p[i * 3 + 1]))
			return FALSE;
		if (i < 5 && p[i * 3 + 2] != ':' && p[i * 3 + 2] != '-')
			return FALSE;
	}
	return end - p == 17 || !g_ascii_isalnum (p[17]);
}

static const gchar *const temporary_prefixes[] = {
	"/tmp/", "/var/tmp/", "/run/user/", "/dev/shm/", "ansible-tmp-", "ansiballz_",
};

static gsize
temporary_prefix (const gchar *p, const gchar *end)
{
	for (guint i = 0; i < G_N_ELEMENTS (temporary_prefixes); i++) {
		gsize n = strlen (temporary_prefixes[i]);
		if ((gsize) (end - p) >= n && g_ascii_strncasecmp (p, temporary_prefixes[i], n) == 0)
			return n;
	}
	return 0;
}

static gboolean
ends_token (gchar c)
{
	return g_ascii_isspace (c) || c == '\'' || c == '"' || c == ')' || c == ']' || c == ',' ||
	       c == ';' || c == '>' || c == '}';
}

/* Returns: (transfer full): @text lower-cased, with variable parts replaced by <n>, <hex>,
 * <uuid>, <mac> and <tmp>, runs of white space collapsed, cut to QNAV_FINGERPRINT_TEXT_MAX */
gchar *
qnav_fingerprint_mask (const gchar *text, gssize length)
{
	GString *out = g_string_sized_new (128);
	const gchar *p = text;
	const gchar *end = text + (length < 0 ? (gssize) strlen (text) : length);

	while (p < end && out->len < QNAV_FINGERPRINT_TEXT_MAX) {
		gsize prefix;

		if (g_ascii_isspace (*p) || *p == '\0') {
			while (p < end && (g_ascii_isspace (*p) || *p == '\0'))
				p++;
			if (out->len > 0 && p < end)
				g_string_append_c (out, ' ');
			continue;
		}
		/* only at the start of a token: "/tmp/x" but not "a/tmp/x" */
		if ((*p == '/' || *p == 'a' || *p == 'A') && (p == text || !g_ascii_isalnum (p[-1])) &&
		    (prefix = temporary_prefix (p, end)) > 0) {
			p += prefix;
			while (p < end && !ends_token (*p))
				p++;
			g_string_append (out, "<tmp>");
			continue;
		}
		if (g_ascii_isalnum (*p)) {
			const gchar *start = p;
			gboolean has_digit = FALSE;
			gsize n;

			if (is_uuid (p, end)) {
				g_string_append (out, "<uuid>");
				p += 36;
				continue;
			}
			if (is_mac (p, end)) {
				g_string_append (out, "<mac>");
				p += 17;
				continue;
			}
			while (p < end && g_ascii_isalnum (*p)) {
				has_digit |= g_ascii_isdigit (*p);
				p++;
			}
			n = (gsize) (p - start);
			if (!has_digit) {
				for (gsize i = 0; i < n; i++)
					g_string_append_c (out, g_ascii_tolower (start[i]));
			} else if (is_hex_run (start, n)) {
				g_string_append (out, n == 1 ? "<n>" : "<hex>");
			} else {
				/* "vm12" → "vm<n>": keep the letters, mask the numbers */
				for (gsize i = 0; i < n;) {
					if (g_ascii_isdigit (start[i])) {
						while (i < n && g_ascii_isdigit (start[i]))
							i++;
						g_string_append (out, "<n>");
					} else {
						g_string_append_c (out, g_ascii_tolower (start[i]));
						i++;
					}
				}
			}
			continue;
		}
		g_string_append_c (out, *p);
		p++;
	}
	/* no trailing space, and never a cut UTF-8 sequence in the output */
	while (out->len > 0 && out->str[out->len - 1] == ' ')
		g_string_truncate (out, out->len - 1);
	if (!g_utf8_validate (out->str, (gssize) out->len, NULL)) {
		gchar *valid = g_utf8_make_valid (out->str, (gssize) out->len);
		g_string_free (out, TRUE);
		return valid;
	}
	return g_string_free (out, FALSE);
}

static gint
compare_ids (gconstpointer a, gconstpointer b)
{
	/* g_ptr_array_sort hands pointers to the elements */
	return g_strcmp0 (*(const gchar *const *) a, *(const gchar *const *) b);
}

/* Returns: (transfer full): 16 hex digits identifying the failure */
gchar *
qnav_fingerprint_compute (QnavRootCause root_cause, GPtrArray *pattern_ids, const gchar *text,
			  gssize length)
{
	g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
	g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
	g_autofree gchar *masked = qnav_fingerprint_mask (text != NULL ? text : "", length);
	const gchar *root = qnav_root_cause_to_string (root_cause);

	for (guint i = 0; pattern_ids != NULL && i < pattern_ids->len; i++)
		g_ptr_array_add (sorted, g_ptr_array_index (pattern_ids, i));
	g_ptr_array_sort (sorted, compare_ids);
	g_checksum_update (checksum, (const guchar *) "qnav-fp-v1|", -1);
	g_checksum_update (checksum, (const guchar *) root, -1);
	for (guint i = 0; i < sorted->len; i++) {
		g_checksum_update (checksum, (const guchar *) "|", 1);
		g_checksum_update (checksum, g_ptr_array_index (sorted, i), -1);
	}
	g_checksum_update (checksum, (const guchar *) "|", 1);
	g_checksum_update (checksum, (const guchar *) masked, -1);
	return g_strndup (g_checksum_get_string (checksum), 16);
}

gboolean
qnav_fingerprint_is_valid (const gchar *fingerprint)
{
	gsize n = 0;

	if (fingerprint == NULL || *fingerprint == '\0')
		return FALSE;
	for (const gchar *p = fingerprint; *p != '\0'; p++) {
		if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
			return FALSE;
		if (++n > QNAV_FINGERPRINT_MAX)
			return FALSE;
	}
	return TRUE;
}

static gchar *
short_digest (const gchar *first, ...)
{
	g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
	va_list args;

	va_start (args, first);
	for (const gchar *part = first; part != NULL; part = va_arg (args, const gchar *)) {
		g_checksum_update (checksum, (const guchar *) part, -1);
		g_checksum_update (checksum, (const guchar *) "|", 1);
	}
	va_end (args);
	return g_strndup (g_checksum_get_string (checksum), 16);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
	return g_strcmp0 (*(const gchar *const *) a, *(const gchar *const *) b);
}

/* For analyses without a fingerprint (the Python original's analysis.json): the same category
 * in the same plugin, decided by the same patterns, with the same text once its variable parts
 * are masked, is "the same failure". The plugin takes part, unlike in an analyzer's
 * fingerprint, because such an analysis often has neither patterns nor text: without it, every
 * plugin's network failure would land in one issue. */
static gchar *
fallback_fingerprint (QnavFailureAnalysis *analysis)
{
	const gchar *root =
		qnav_root_cause_to_string (qnav_failure_analysis_get_root_cause (analysis));
	const gchar *plugin = qnav_failure_analysis_get_plugin (analysis);
	const gchar *message = qnav_failure_analysis_get_error_message (analysis);
	const gchar *const *ids = qnav_failure_analysis_get_pattern_matches (analysis);
	g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_free);
	g_autofree gchar *patterns = NULL;
	g_autofree gchar *masked = qnav_fingerprint_mask (message != NULL ? message : "", -1);

	for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
		g_ptr_array_add (sorted, g_strdup (ids[i]));
	g_ptr_array_sort (sorted, compare_strings);
	g_ptr_array_add (sorted, NULL);
	patterns = g_strjoinv (",", (gchar **) sorted->pdata);
	return short_digest ("qnav-fp-fallback-v1", root != NULL ? root : "unknown",
			     plugin != NULL ? plugin : "unknown", patterns, masked, NULL);
}

/* The analysis's fingerprint when it has a usable one, else one computed as above: what
 * plans, history and escalations file the failure under. */
gchar *
qnav_fingerprint_of_analysis (QnavFailureAnalysis *analysis)
{
	const gchar *given = qnav_failure_analysis_get_fingerprint (analysis);

	if (qnav_fingerprint_is_valid (given))
		return g_strdup (given);
	if (given == NULL || *given == '\0')
		return fallback_fingerprint (analysis);
	/* something else was written there: keep its identity, in characters that are safe */
	return short_digest ("qnav-fp-given-v1", given, NULL);
}
