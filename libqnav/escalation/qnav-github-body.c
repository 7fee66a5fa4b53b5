/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "qnav-diagnostic-context.h"
#include "qnav-fingerprint-private.h"
#include "qnav-github-client-private.h"
#include "qnav-recovery-plan.h"
#include "qnav-redact-private.h"

/*
 * The Markdown of an escalation: the issue body, its title and the comment a repeat adds.
 *
 * Every text that comes from the failure is untrusted: it goes through the redactor, one text
 * at a time (a private key cut before its END line redacts to the end of its text, so the
 * whole body must never be redacted at once or the marker would go too), and then into a
 * code span or a fenced block whose fence is longer than any backtick run in it, or, for
 * prose, with the Markdown punctuation escaped. So no error text can close a fence, hide
 * itself in an HTML comment or forge the marker that finds the issue again.
 */

#define TITLE_PLUGIN_MAX 60
#define TITLE_DESCRIPTION_MAX 80
#define ERROR_TEXT_MAX 16000
#define EVIDENCE_ITEMS_MAX 25
#define EVIDENCE_TEXT_MAX 3000
#define ACTIONS_MAX 20
#define ACTION_TEXT_MAX 1000
#define PLAN_MAX 20000
#define REASONING_MAX 4000
#define CONTEXT_ITEMS_MAX 20
#define COMMENT_EXCERPT_MAX 2000

#define MARKER_PREFIX "<!-- qnav-fp:"
#define MARKER_SUFFIX " -->"

gchar *
qnav_github_marker (const gchar *fingerprint)
{
	return g_strconcat (MARKER_PREFIX, fingerprint, MARKER_SUFFIX, NULL);
}

/* The marker that counts is the last one: qnav writes it at the very end of the body, after
 * every quoted text, so a marker quoted inside an error message cannot claim the issue. */
gboolean
qnav_github_body_has_marker (const gchar *body, const gchar *fingerprint)
{
	const gchar *last = NULL;
	gsize n;

	if (body == NULL || fingerprint == NULL)
		return FALSE;
	for (const gchar *p = strstr (body, MARKER_PREFIX); p != NULL;
	     p = strstr (p + 1, MARKER_PREFIX))
		last = p;
	if (last == NULL)
		return FALSE;
	last += strlen (MARKER_PREFIX);
	n = strlen (fingerprint);
	return strncmp (last, fingerprint, n) == 0 &&
	       strncmp (last + n, MARKER_SUFFIX, strlen (MARKER_SUFFIX)) == 0;
}

/* for a reader, to the second: 2026-03-04 05:06:07 UTC */
static gchar *
format_time (GDateTime *value)
{
	g_autoptr(GDateTime) utc = g_date_time_to_utc (value);

	return g_strdup_printf ("%04d-%02d-%02d %02d:%02d:%02d UTC", g_date_time_get_year (utc),
				g_date_time_get_month (utc), g_date_time_get_day_of_month (utc),
				g_date_time_get_hour (utc), g_date_time_get_minute (utc),
				g_date_time_get_second (utc));
}

static gchar *
redacted (const gchar *text)
{
	return qnav_redact (text != NULL ? text : "");
}

static gsize
longest_run (const gchar *text, gchar c)
{
	gsize longest = 0, run = 0;

	for (const gchar *p = text; *p != '\0'; p++) {
		run = *p == c ? run + 1 : 0;
		longest = MAX (longest, run);
	}
	return longest;
}

/* A backtick fence longer than any backtick run in @text, so nothing in it ends the block. */
gchar *
qnav_github_fence (const gchar *text)
{
	return g_strnfill (MAX (3, longest_run (text, '`') + 1), '`');
}

static void
append_trim_marker (GString *out, gsize removed)
{
	g_string_append_printf (out, "[… trimmed %" G_GSIZE_FORMAT " characters …]", removed);
}

/* Keeps the start and the end of @text, which say the most, and marks the cut between them. */
gchar *
qnav_github_trim_middle (const gchar *text, gsize max_chars)
{
	glong chars = g_utf8_strlen (text, -1);
	gsize head, tail;
	const gchar *head_end, *tail_start;
	GString *out;

	if ((gsize) chars <= max_chars)
		return g_strdup (text);
	/* the marker itself takes about 40 characters */
	max_chars = MAX (max_chars, 80) - 40;
	head = max_chars * 2 / 3;
	tail = max_chars - head;
	head_end = g_utf8_offset_to_pointer (text, (glong) head);
	tail_start = g_utf8_offset_to_pointer (text, chars - (glong) tail);
	out = g_string_new_len (text, head_end - text);
	g_string_append_c (out, '\n');
	append_trim_marker (out, (gsize) chars - head - tail);
	g_string_append_c (out, '\n');
	g_string_append (out, tail_start);
	return g_string_free (out, FALSE);
}

/* @text on one line: whitespace runs become one space, cut to @max_chars with an ellipsis */
static gchar *
one_line (const gchar *text, gsize max_chars)
{
	g_autoptr(GString) out = g_string_new (NULL);
	gboolean space = FALSE;

	for (const gchar *p = text != NULL ? text : ""; *p != '\0'; p++) {
		if (g_ascii_isspace (*p) || (guchar) *p < 0x20 || *p == 0x7f) {
			space = out->len > 0;
			continue;
		}
		if (space)
			g_string_append_c (out, ' ');
		space = FALSE;
		g_string_append_c (out, *p);
	}
	if (g_utf8_strlen (out->str, -1) > (glong) max_chars) {
		const gchar *cut = g_utf8_offset_to_pointer (out->str, (glong) max_chars - 1);
		g_string_truncate (out, cut - out->str);
		while (out->len > 0 && out->str[out->len - 1] == ' ')
			g_string_truncate (out, out->len - 1);
		g_string_append (out, "…");
	}
	return g_string_free (g_steal_pointer (&out), FALSE);
}

/* A code span: Markdown, HTML and mentions inside it are shown, not interpreted. */
static void
append_code (GString *out, const gchar *text)
{
	g_autofree gchar *line = one_line (text, 200);
	gsize n = longest_run (line, '`') + 1;
	gboolean pad = line[0] == '`' || (*line != '\0' && line[strlen (line) - 1] == '`');

	for (gsize i = 0; i < n; i++)
		g_string_append_c (out, '`');
	g_string_append_printf (out, "%s%s%s", pad ? " " : "", line, pad ? " " : "");
	for (gsize i = 0; i < n; i++)
		g_string_append_c (out, '`');
}

/* Prose on one line with the Markdown punctuation escaped: it cannot start a heading or a
 * fence, open HTML, or turn into a link. */
static void
append_prose (GString *out, const gchar *text, gsize max_chars)
{
	g_autofree gchar *line = one_line (text, max_chars);

	for (const gchar *p = line; *p != '\0'; p++) {
		if (strchr ("\\`*_[]<>#|~!&", *p) != NULL)
			g_string_append_c (out, '\\');
		g_string_append_c (out, *p);
	}
}

static void
append_fenced (GString *out, const gchar *text, gsize max_chars)
{
	g_autofree gchar *clean = redacted (text);
	g_autofree gchar *cut = qnav_github_trim_middle (clean, max_chars);
	g_autofree gchar *fence = qnav_github_fence (cut);

	g_string_append_printf (out, "%s\n%s", fence, cut);
	if (*cut == '\0' || cut[strlen (cut) - 1] != '\n')
		g_string_append_c (out, '\n');
	g_string_append_printf (out, "%s\n", fence);
}

static void
append_code_list (GString *out, const gchar *label, const gchar *const *items)
{
	guint n = 0;

	if (items == NULL || items[0] == NULL)
		return;
	g_string_append_printf (out, "- **%s**: ", label);
	for (; items[n] != NULL && n < CONTEXT_ITEMS_MAX; n++) {
		g_autofree gchar *clean = redacted (items[n]);
		if (n > 0)
			g_string_append (out, ", ");
		append_code (out, clean);
	}
	if (items[n] != NULL)
		g_string_append_printf (out, " and %u more", g_strv_length ((gchar **) items) - n);
	g_string_append_c (out, '\n');
}

gchar *
qnav_github_title (QnavFailureAnalysis *analysis)
{
	g_autofree gchar *plugin_clean = redacted (qnav_failure_analysis_get_plugin (analysis));
	g_autofree gchar *plugin = one_line (plugin_clean, TITLE_PLUGIN_MAX);
	const gchar *description = qnav_failure_analysis_get_description (analysis);
	g_autofree gchar *first_line = NULL;
	g_autofree gchar *description_clean = NULL;
	g_autofree gchar *summary = NULL;
	const gchar *root =
		qnav_root_cause_to_string (qnav_failure_analysis_get_root_cause (analysis));

	/* without a description, the first line of the error says what happened */
	if (description == NULL || *description == '\0') {
		const gchar *message = qnav_failure_analysis_get_error_message (analysis);
		const gchar *end;
		message = message != NULL ? message : "";
		while (*message == '\n' || *message == '\r' || *message == ' ')
			message++;
		end = strchr (message, '\n');
		first_line = end != NULL ? g_strndup (message, end - message) : g_strdup (message);
		description = first_line;
	}
	description_clean = redacted (description);
	summary = one_line (description_clean, TITLE_DESCRIPTION_MAX);
	if (*summary == '\0')
		return g_strdup_printf ("[qnav] %s: %s", *plugin != '\0' ? plugin : "unknown",
					root);
	return g_strdup_printf ("[qnav] %s: %s — %s", *plugin != '\0' ? plugin : "unknown",
				root, summary);
}

static void
append_evidence (GString *out, GPtrArray *evidence)
{
	guint shown = MIN (evidence->len, EVIDENCE_ITEMS_MAX);

	g_string_append (out, "### Evidence\n\n");
	for (guint i = 0; i < shown; i++) {
		QnavEvidence *item = g_ptr_array_index (evidence, i);
		const gchar *id = qnav_evidence_get_pattern_id (item);
		const gchar *source = qnav_evidence_get_source (item);
		const gchar *signal = qnav_evidence_get_signal (item);
		const gchar *text = qnav_evidence_get_text (item);
		guint occurrences = qnav_evidence_get_occurrences (item);

		g_string_append_printf (
			out, "**%u.** %+.2f ", i + 1, qnav_evidence_get_weight (item));
		append_code (out,
			     qnav_root_cause_to_string (qnav_evidence_get_category (item)));
		if (id != NULL && *id != '\0') {
			g_autofree gchar *clean = redacted (id);
			g_string_append (out, " · pattern ");
			append_code (out, clean);
		} else {
			g_string_append_printf (
				out, " · %s",
				qnav_evidence_kind_to_string (qnav_evidence_get_kind (item)));
		}
		if (source != NULL && *source != '\0') {
			g_autofree gchar *where =
				qnav_evidence_get_line (item) > 0
					? g_strdup_printf ("%s:%u", source,
							   qnav_evidence_get_line (item))
					: g_strdup (source);
			g_autofree gchar *clean = redacted (where);
			g_string_append (out, " · ");
			append_code (out, clean);
		}
		if (occurrences > 1)
			g_string_append_printf (out, " · %u lines", occurrences);
		if (signal != NULL && *signal != '\0') {
			g_autofree gchar *clean = redacted (signal);
			g_string_append (out, " · ");
			append_prose (out, clean, 300);
		}
		g_string_append (out, "\n\n");
		if (text != NULL && *text != '\0') {
			append_fenced (out, text, EVIDENCE_TEXT_MAX);
			g_string_append_c (out, '\n');
		}
	}
	if (evidence->len > shown)
		g_string_append_printf (out, "…and %u more pieces of evidence.\n\n",
					evidence->len - shown);
}

static void
append_context (GString *out, QnavFailureAnalysis *analysis)
{
	QnavDiagnosticContext *context = qnav_failure_analysis_get_context (analysis);
	QnavSystemResources *resources;
	GPtrArray *services;
	guint down = 0, full = 0;

	g_string_append (out, "### Context\n\n");
	if (context == NULL) {
		g_string_append (out, "No host context was collected with this analysis.\n\n");
		return;
	}
	if (qnav_diagnostic_context_get_hostname (context) != NULL) {
		g_autofree gchar *host = redacted (qnav_diagnostic_context_get_hostname (context));
		g_string_append (out, "- **Host**: ");
		append_code (out, host);
		g_string_append_c (out, '\n');
	}

	services = qnav_diagnostic_context_get_services (context);
	g_string_append (out, "- **Services down**: ");
	for (guint i = 0; services != NULL && i < services->len; i++) {
		QnavServiceStatus *service = g_ptr_array_index (services, i);
		const gchar *unit = qnav_service_status_get_unit (service);
		const gchar *state = qnav_service_status_get_state (service);
		const gchar *sub_state = qnav_service_status_get_sub_state (service);
		g_autofree gchar *name = NULL;
		g_autofree gchar *detail = NULL;

		if (!qnav_service_status_get_found (service) ||
		    qnav_service_status_get_active (service))
			continue;
		if (down++ >= CONTEXT_ITEMS_MAX)
			continue;
		name = redacted (qnav_service_status_get_name (service));
		if (down > 1)
			g_string_append (out, ", ");
		append_code (out, name);
		detail = g_strdup_printf ("%s%s%s%s%s", unit != NULL ? unit : "",
					  unit != NULL ? ": " : "", state != NULL ? state : "",
					  sub_state != NULL ? "/" : "",
					  sub_state != NULL ? sub_state : "");
		if (*detail != '\0') {
			g_autofree gchar *clean = redacted (detail);
			g_string_append (out, " (");
			append_prose (out, clean, 120);
			g_string_append_c (out, ')');
		}
	}
	if (down == 0)
		g_string_append (out, "none of the probed services");
	else if (down > CONTEXT_ITEMS_MAX)
		g_string_append_printf (out, " and %u more", down - CONTEXT_ITEMS_MAX);
	g_string_append_c (out, '\n');

	resources = qnav_diagnostic_context_get_resources (context);
	if (resources != NULL) {
		GPtrArray *disks = qnav_system_resources_get_disks (resources);

		g_string_append (out, "- **Full disks**: ");
		for (guint i = 0; disks != NULL && i < disks->len; i++) {
			QnavDiskUsage *disk = g_ptr_array_index (disks, i);
			g_autofree gchar *path = NULL;

			if (!qnav_disk_usage_is_full (disk))
				continue;
			if (full++ >= CONTEXT_ITEMS_MAX)
				continue;
			path = redacted (qnav_disk_usage_get_path (disk));
			if (full > 1)
				g_string_append (out, ", ");
			append_code (out, path);
			g_string_append_printf (out, " %.0f%% used",
						floor (qnav_disk_usage_get_used_percent (disk)));
		}
		if (full == 0)
			g_string_append (out, "none");
		else if (full > CONTEXT_ITEMS_MAX)
			g_string_append_printf (out, " and %u more", full - CONTEXT_ITEMS_MAX);
		g_string_append_c (out, '\n');
		if (qnav_system_resources_get_memory_total_bytes (resources) > 0)
			g_string_append_printf (
				out, "- **Memory used**: %.0f%%\n",
				qnav_system_resources_get_memory_used_percent (resources));
		if (qnav_system_resources_get_cpu_count (resources) > 0)
			g_string_append_printf (
				out, "- **Load (1 min)**: %.2f on %u CPUs\n",
				qnav_system_resources_get_load_1min (resources),
				qnav_system_resources_get_cpu_count (resources));
	}
	g_string_append_c (out, '\n');
}

gchar *
qnav_github_body (QnavFailureAnalysis *analysis, QnavRecoveryPlan *plan,
		  const gchar *fingerprint, guint64 previous_issue)
{
	g_autoptr(GString) out = g_string_sized_new (4096);
	g_autofree gchar *title = qnav_github_title (analysis);
	g_autofree gchar *when = NULL;
	g_autofree gchar *plugin = redacted (qnav_failure_analysis_get_plugin (analysis));
	g_autofree gchar *footer = NULL;
	g_autofree gchar *marker = qnav_github_marker (fingerprint);
	const gchar *description = qnav_failure_analysis_get_description (analysis);
	const gchar *message = qnav_failure_analysis_get_error_message (analysis);
	const gchar *reasoning = qnav_failure_analysis_get_llm_reasoning (analysis);
	const gchar *const *actions = qnav_failure_analysis_get_recommended_actions (analysis);
	GPtrArray *evidence = qnav_failure_analysis_get_evidence (analysis);
	GDateTime *timestamp = qnav_failure_analysis_get_timestamp (analysis);

	g_string_append (out, "## ");
	append_prose (out, title, 400);
	g_string_append (out, "\n\n");
	if (previous_issue > 0)
		g_string_append_printf (out,
					"> This failure was reported before in #%" G_GUINT64_FORMAT
					", which is closed; it has come back.\n\n",
					previous_issue);

	g_string_append (out, "### Diagnosis\n\n- **Root cause**: ");
	append_code (out,
		     qnav_root_cause_to_string (qnav_failure_analysis_get_root_cause (analysis)));
	g_string_append_printf (
		out, "\n- **Confidence**: %.0f%%\n- **Severity**: %s\n- **Plugin**: ",
		round (qnav_failure_analysis_get_confidence (analysis) * 100.0),
		qnav_severity_to_string (qnav_failure_analysis_get_severity (analysis)));
	append_code (out, plugin);
	g_string_append_c (out, '\n');
	if (timestamp != NULL) {
		when = format_time (timestamp);
		g_string_append_printf (out, "- **When**: %s\n", when);
	}
	append_code_list (out, "Affected services",
			  qnav_failure_analysis_get_affected_services (analysis));
	append_code_list (out, "Correlated failures",
			  qnav_failure_analysis_get_correlated_failures (analysis));
	append_code_list (out, "Patterns matched",
			  qnav_failure_analysis_get_pattern_matches (analysis));
	g_string_append (out, "- **Fingerprint**: ");
	append_code (out, fingerprint);
	g_string_append (out, "\n\n");
	if (description != NULL && *description != '\0') {
		g_autofree gchar *clean = redacted (description);
		g_string_append (out, "**Description**: ");
		append_prose (out, clean, 2000);
		g_string_append (out, "\n\n");
	}

	if (message != NULL && *message != '\0') {
		g_string_append (out, "### Error message\n\n");
		append_fenced (out, message, ERROR_TEXT_MAX);
		g_string_append_c (out, '\n');
	}

	if (evidence != NULL && evidence->len > 0)
		append_evidence (out, evidence);

	if (actions != NULL && actions[0] != NULL) {
		guint n = 0;
		g_string_append (out, "### Recommended actions\n\n");
		for (; actions[n] != NULL && n < ACTIONS_MAX; n++) {
			g_autofree gchar *clean = redacted (actions[n]);
			g_string_append_printf (out, "%u. ", n + 1);
			append_prose (out, clean, ACTION_TEXT_MAX);
			g_string_append_c (out, '\n');
		}
		if (actions[n] != NULL)
			g_string_append_printf (out, "\n…and %u more.\n",
						g_strv_length ((gchar **) actions) - n);
		g_string_append_c (out, '\n');
	}

	if (reasoning != NULL && *reasoning != '\0') {
		g_string_append (out, "### Language model's reasoning\n\n");
		append_fenced (out, reasoning, REASONING_MAX);
		g_string_append_c (out, '\n');
	}

	if (plan != NULL) {
		g_autofree gchar *markdown = qnav_recovery_plan_to_markdown (plan);
		g_autofree gchar *clean = redacted (markdown);
		g_autofree gchar *cut = qnav_github_trim_middle (clean, PLAN_MAX);
		g_string_append_printf (out, "### Recovery plan\n\n%s", cut);
		if (out->len > 0 && out->str[out->len - 1] != '\n')
			g_string_append_c (out, '\n');
		g_string_append_c (out, '\n');
	}

	append_context (out, analysis);

	/* the marker last: it survives any trimming, and it is the one that counts */
	footer = g_strdup_printf ("\n---\n<sub>Opened by qnav %s. Repeats of this failure are "
				  "added to this issue as comments. qnav-fp:%s</sub>\n\n%s\n",
				  QNAV_VERSION_S, fingerprint, marker);
	return qnav_github_fit (out->str, footer, QNAV_GITHUB_BODY_MAX);
}

gchar *
qnav_github_comment (QnavFailureAnalysis *analysis, guint occurrences, gboolean reopened)
{
	g_autoptr(GString) out = g_string_sized_new (1024);
	QnavDiagnosticContext *context = qnav_failure_analysis_get_context (analysis);
	const gchar *host = context != NULL ? qnav_diagnostic_context_get_hostname (context) : NULL;
	g_autofree gchar *host_clean = redacted (host != NULL ? host : g_get_host_name ());
	g_autofree gchar *plugin = redacted (qnav_failure_analysis_get_plugin (analysis));
	const gchar *description = qnav_failure_analysis_get_description (analysis);
	const gchar *message = qnav_failure_analysis_get_error_message (analysis);
	GDateTime *timestamp = qnav_failure_analysis_get_timestamp (analysis);

	g_string_append (out, reopened ? "### qnav reopened this issue: the failure came back\n\n"
				       : "### qnav saw this failure again\n\n");
	if (timestamp != NULL) {
		g_autofree gchar *when = format_time (timestamp);
		g_string_append_printf (out, "- **When**: %s\n", when);
	}
	g_string_append (out, "- **Host**: ");
	append_code (out, host_clean);
	g_string_append (out, "\n- **Plugin**: ");
	append_code (out, plugin);
	g_string_append_c (out, '\n');
	if (occurrences > 0)
		g_string_append_printf (out, "- **Occurrences recorded**: %u\n", occurrences);
	g_string_append (out, "- **Root cause**: ");
	append_code (out,
		     qnav_root_cause_to_string (qnav_failure_analysis_get_root_cause (analysis)));
	g_string_append_printf (
		out, " (%.0f%% confidence, severity %s)\n\n",
		round (qnav_failure_analysis_get_confidence (analysis) * 100.0),
		qnav_severity_to_string (qnav_failure_analysis_get_severity (analysis)));
	if (description != NULL && *description != '\0') {
		g_autofree gchar *clean = redacted (description);
		g_string_append (out, "**Description**: ");
		append_prose (out, clean, 2000);
		g_string_append (out, "\n\n");
	}
	if (message != NULL && *message != '\0')
		append_fenced (out, message, COMMENT_EXCERPT_MAX);
	return qnav_github_fit (out->str, "", QNAV_GITHUB_BODY_MAX);
}

/* Fenced blocks, as CommonMark sees them: which fence is open after the first @end bytes. */
typedef struct {
	gchar c;
	gsize n;
} Fence;

static gboolean
parse_fence_line (const gchar *line, gsize len, Fence *fence, gboolean *bare)
{
	gsize i = 0, start;
	gchar c;

	while (i < len && i < 3 && line[i] == ' ')
		i++;
	if (i >= len || (line[i] != '`' && line[i] != '~'))
		return FALSE;
	c = line[i];
	start = i;
	while (i < len && line[i] == c)
		i++;
	if (i - start < 3)
		return FALSE;
	fence->c = c;
	fence->n = i - start;
	*bare = TRUE;
	for (; i < len; i++) {
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
			*bare = FALSE;
		/* a backtick fence's info string holds no backtick */
		if (c == '`' && line[i] == '`')
			return FALSE;
	}
	return TRUE;
}

static Fence
fence_open_at (const gchar *text, gsize end)
{
	Fence open = { 0, 0 };
	const gchar *p = text, *stop = text + end;

	while (p < stop) {
		const gchar *nl = memchr (p, '\n', stop - p);
		gsize len = nl != NULL ? (gsize) (nl - p) : (gsize) (stop - p);
		Fence line;
		gboolean bare;

		if (parse_fence_line (p, len, &line, &bare)) {
			if (open.n == 0)
				open = line;
			else if (line.c == open.c && line.n >= open.n && bare)
				open.n = 0;
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return open;
}

static void
append_fence_line (GString *out, Fence fence)
{
	for (gsize i = 0; i < fence.n; i++)
		g_string_append_c (out, fence.c);
	g_string_append_c (out, '\n');
}

/* @content followed by @footer in at most @max_chars characters. When it is too long, the
 * middle of @content goes, at line boundaries where it can, with a visible marker; a fenced
 * block the cut runs through is closed before it and reopened after it. @footer always stays
 * whole. */
gchar *
qnav_github_fit (const gchar *content, const gchar *footer, gsize max_chars)
{
	gsize size = strlen (content);
	gsize content_chars = (gsize) g_utf8_strlen (content, -1);
	gsize footer_chars = (gsize) g_utf8_strlen (footer, -1);
	Fence at_end = fence_open_at (content, size);
	g_autoptr(GString) closing = g_string_new (NULL);
	gssize budget;

	/* a fence left open would swallow the footer: close it */
	if (at_end.n > 0) {
		if (size > 0 && content[size - 1] != '\n')
			g_string_append_c (closing, '\n');
		append_fence_line (closing, at_end);
	}
	if (content_chars + closing->len + footer_chars <= max_chars)
		return g_strconcat (content, closing->str, footer, NULL);

	budget = (gssize) max_chars - (gssize) footer_chars - (gssize) closing->len - 64;
	for (guint attempt = 0; attempt < 16 && budget > 0; attempt++) {
		gsize head_chars = (gsize) budget * 3 / 4;
		gsize tail_chars = (gsize) budget - head_chars;
		const gchar *head_end = g_utf8_offset_to_pointer (content, (glong) head_chars);
		const gchar *tail_start = g_utf8_offset_to_pointer (
			content, (glong) (content_chars - MIN (tail_chars, content_chars)));
		const gchar *p;
		g_autoptr(GString) out = g_string_sized_new (size);
		Fence at_head, at_tail;

		/* whole lines where the cut is near a line end */
		for (p = head_end; p > content && head_end - p < 1000 && p[-1] != '\n'; p--)
			;
		if (p > content && p[-1] == '\n')
			head_end = p;
		for (p = tail_start; *p != '\0' && p - tail_start < 1000 && p[-1] != '\n'; p++)
			;
		if (p > content && p[-1] == '\n')
			tail_start = p;
		if (tail_start < head_end)
			tail_start = head_end;

		at_head = fence_open_at (content, head_end - content);
		at_tail = fence_open_at (content, tail_start - content);
		g_string_append_len (out, content, head_end - content);
		if (out->len > 0 && out->str[out->len - 1] != '\n')
			g_string_append_c (out, '\n');
		if (at_head.n > 0)
			append_fence_line (out, at_head);
		g_string_append_c (out, '\n');
		append_trim_marker (out,
				    (gsize) g_utf8_strlen (head_end, tail_start - head_end));
		g_string_append (out, "\n\n");
		if (at_tail.n > 0)
			append_fence_line (out, at_tail);
		g_string_append (out, tail_start);
		g_string_append (out, closing->str);
		g_string_append (out, footer);
		if ((gsize) g_utf8_strlen (out->str, -1) <= max_chars)
			return g_string_free (g_steal_pointer (&out), FALSE);
		/* reopened fences took more room than planned: try again with less */
		budget -= (gssize) ((gsize) g_utf8_strlen (out->str, -1) - max_chars) + 64;
	}
	/* nothing of the content fits (pathological fences): the footer alone */
	return g_strdup (footer);
}
