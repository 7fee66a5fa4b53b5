/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "qnav-error-pattern-private.h"
#include "qnav-error.h"
#include "qnav-evidence-private.h"
#include "qnav-failure-analysis-private.h"
#include "qnav-failure-analyzer.h"
#include "qnav-fingerprint-private.h"
#include "qnav-json-private.h"
#include "qnav-pattern-library-private.h"
#include "qnav-redact-private.h"

/**
 * QnavFailureAnalyzer:
 *
 * Diagnoses a failure from its text, its logs and the state of the host.
 *
 * Every pattern of the #QnavPatternLibrary that matches a line counts as evidence for its
 * category, by its weight, the weight of the text it came from (the error and the logs given
 * count fully, journal lines collected as context less) and where the line stands (in a long
 * log, later lines count more: the final failure outweighs a warning that was retried
 * away). When specific evidence exists, generic wrappers such as "Task failed with
 * exception" count for little. Evidence for one category is combined with diminishing
 * returns, so ten lines saying the same thing are not ten times as convincing.
 *
 * The #QnavDiagnosticContext then confirms or weakens the text: a service the text involves
 * that the probes found down supports `service_dependency`; the same service found running
 * weakens it and says so; a full disk on a path the error names supports `storage`; a host
 * named in the error that does not resolve or accept connections supports `network`.
 *
 * Since: 0.1
 */

/* how much the lines of each kind of text count */
#define SOURCE_WEIGHT_TEXT 1.0
#define SOURCE_WEIGHT_CONTEXT_LOG 0.6
/* a pattern using more than this much time in one analysis is switched off */
#define PATTERN_TIME_BUDGET_US (2 * G_USEC_PER_SEC)
#define PATTERN_MAX_ERRORS 3
#define READ_CHUNK (1024 * 1024)
/* a line longer than this is matched in pieces, so memory stays bounded */
#define MAX_BUFFERED_LINE (1024 * 1024)
#define EXCERPT_MAX 320
/* texts this short have no "position" worth weighing */
#define SHORT_SOURCE_LINES 30
#define SPECIFIC_THRESHOLD 0.6
#define GENERIC_THRESHOLD 0.4
#define MAX_PATTERN_EVIDENCE 12
#define CANCEL_CHECK_LINES 16384
/* more occurrences than this in a long text make an error "recurring" */
#define RECURRING 3.0

struct _QnavFailureAnalyzer {
	GObject parent_instance;

	QnavPatternLibrary *library;
};

G_DEFINE_FINAL_TYPE (QnavFailureAnalyzer, qnav_failure_analyzer, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_LIBRARY,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct {
	gchar *name;
	guint64 n_lines;
	gdouble weight;
} Source;

typedef struct {
	guint pattern; /* its index in the pattern index */
	guint occurrences;
	guint64 first_line;
	guint64 last_line;
	guint source;
	gchar *excerpt; /* the line of the last occurrence, around the match */
	gchar *match;   /* what the regex matched there */
	gint64 time_us;
	guint errors;
	gboolean disabled;
	gdouble effective;
} PatternHit;

typedef struct {
	QnavPatternIndex *index;
	guint n_patterns;
	guint32 *stamps;
	guint32 stamp;
	GArray *candidates;
	/* per-pattern state only for the patterns a line made candidates: a short message
	 * touches a handful of the hundreds in the library */
	guint32 *slot_of; /* pattern → 1 + its entry in hits, or 0 */
	GArray *hits;     /* PatternHit */
	guint matched_per_category[QNAV_ROOT_CAUSE_N_CATEGORIES];
	GArray *sources;
	GCancellable *cancellable;
	QnavFailureAnalysis *analysis;
	guint64 lines_since_check;
} Scan;

/* One piece of context evidence, before it becomes a QnavEvidence. */
typedef struct {
	QnavEvidenceKind kind;
	QnavRootCause category;
	gdouble weight;
	gchar *source;
	gchar *signal;
} Signal;

static void
signal_clear (Signal *signal)
{
	g_free (signal->source);
	g_free (signal->signal);
}

static void
qnav_failure_analyzer_dispose (GObject *object)
{
	QnavFailureAnalyzer *self = QNAV_FAILURE_ANALYZER (object);

	g_clear_object (&self->library);

	G_OBJECT_CLASS (qnav_failure_analyzer_parent_class)->dispose (object);
}

static void
qnav_failure_analyzer_get_property (GObject *object, guint prop_id, GValue *value,
				    GParamSpec *pspec)
{
	QnavFailureAnalyzer *self = QNAV_FAILURE_ANALYZER (object);

	switch (prop_id) {
	case PROP_LIBRARY:
		g_value_set_object (value, self->library);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_failure_analyzer_set_property (GObject *object, guint prop_id, const GValue *value,
				    GParamSpec *pspec)
{
	QnavFailureAnalyzer *self = QNAV_FAILURE_ANALYZER (object);

	switch (prop_id) {
	case PROP_LIBRARY:
		self->library = g_value_dup_object (value);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_failure_analyzer_constructed (GObject *object)
{
	QnavFailureAnalyzer *self = QNAV_FAILURE_ANALYZER (object);

	G_OBJECT_CLASS (qnav_failure_analyzer_parent_class)->constructed (object);

	if (self->library == NULL) {
		g_autoptr(GError) error = NULL;
		self->library = qnav_pattern_library_new_default (&error);
		/* the embedded library is part of this binary: failing to read it is a bug */
		if (self->library == NULL)
			g_error ("cannot load the embedded pattern library: %s", error->message);
	}
}

static void
qnav_failure_analyzer_class_init (QnavFailureAnalyzerClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);

	object_class->dispose = qnav_failure_analyzer_dispose;
	object_class->get_property = qnav_failure_analyzer_get_property;
	object_class->set_property = qnav_failure_analyzer_set_property;
	object_class->constructed = qnav_failure_analyzer_constructed;

	/**
	 * QnavFailureAnalyzer:library:
	 *
	 * The patterns to match. When none is given at construction, the analyzer uses its
	 * own copy of the embedded default library.
	 *
	 * Since: 0.1
	 */
	properties[PROP_LIBRARY] = g_param_spec_object (
		"library", NULL, NULL, QNAV_TYPE_PATTERN_LIBRARY,
		G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_failure_analyzer_init (QnavFailureAnalyzer *self)
{
}

/**
 * qnav_failure_analyzer_new:
 * @library: (nullable): the patterns to match, or %NULL for the embedded default library
 *
 * Returns: (transfer full): a new #QnavFailureAnalyzer
 *
 * Since: 0.1
 */
QnavFailureAnalyzer *
qnav_failure_analyzer_new (QnavPatternLibrary *library)
{
	g_return_val_if_fail (library == NULL || QNAV_IS_PATTERN_LIBRARY (library), NULL);

	return g_object_new (QNAV_TYPE_FAILURE_ANALYZER, "library", library, NULL);
}

/**
 * qnav_failure_analyzer_get_library:
 * @self: a #QnavFailureAnalyzer
 *
 * Returns: (transfer none): the pattern library; patterns added to it are used by the next
 *   analysis
 *
 * Since: 0.1
 */
QnavPatternLibrary *
qnav_failure_analyzer_get_library (QnavFailureAnalyzer *self)
{
	g_return_val_if_fail (QNAV_IS_FAILURE_ANALYZER (self), NULL);
	return self->library;
}

/* ---- scanning ------------------------------------------------------------------------- */

static guint
scan_add_source (Scan *scan, const gchar *name, gdouble weight)
{
	Source source = { g_strdup (name), 0, weight };

	g_array_append_val (scan->sources, source);
	return scan->sources->len - 1;
}

static gchar *
make_excerpt (const gchar *line, gsize length, gint start, gint end)
{
	gsize from = 0, to = length;

	while (to > 0 && g_ascii_isspace (line[to - 1]))
		to--;
	while (from < to && g_ascii_isspace (line[from]))
		from++;
	if (to - from > EXCERPT_MAX) {
		/* keep the match and some of what leads up to it */
		from = (gsize) MAX ((gint) from, start - EXCERPT_MAX / 3);
		to = MIN (to, from + EXCERPT_MAX);
		if ((gsize) end > to)
			to = MIN (length, (gsize) end);
	}
	return qnav_json_clean_text (line + from, (gssize) (to - from), 2 * EXCERPT_MAX);
}

static void
scan_note_pattern_disabled (Scan *scan, QnavErrorPattern *pattern, const gchar *why)
{
	g_autofree gchar *note = g_strdup_printf ("pattern %s was switched off for this analysis: %s",
						  qnav_error_pattern_get_id (pattern), why);
	qnav_failure_analysis_add_note (scan->analysis, note);
}

static PatternHit *
hit_for (Scan *scan, guint pattern)
{
	guint32 slot = scan->slot_of[pattern];

	if (slot == 0) {
		PatternHit fresh = { 0 };
		fresh.pattern = pattern;
		g_array_append_val (scan->hits, fresh);
		slot = scan->slot_of[pattern] = scan->hits->len;
	}
	return &g_array_index (scan->hits, PatternHit, slot - 1);
}

static void
scan_line (Scan *scan, guint source, guint64 number, const gchar *line, gsize length)
{
	if (G_UNLIKELY (++scan->stamp == 0)) {
		memset (scan->stamps, 0, scan->n_patterns * sizeof (guint32));
		scan->stamp = 1;
	}
	g_array_set_size (scan->candidates, 0);
	qnav_pattern_index_candidates (scan->index, (const guchar *) line, length, scan->stamps,
				       scan->stamp, scan->candidates);

	for (guint i = 0; i < scan->candidates->len; i++) {
		guint p = g_array_index (scan->candidates, guint, i);
		QnavErrorPattern *pattern = qnav_pattern_index_get_pattern (scan->index, p);
		PatternHit *hit = hit_for (scan, p);
		g_autoptr(GError) error = NULL;
		gint start = 0, end = 0;
		gint64 began;
		gboolean matched;

		if (hit->disabled)
			continue;
		began = g_get_monotonic_time ();
		matched = qnav_error_pattern_match_line (pattern, line, length, &start, &end, &error);
		hit->time_us += g_get_monotonic_time () - began;

		if (error != NULL) {
			g_debug ("%s: %s", qnav_error_pattern_get_id (pattern), error->message);
			if (++hit->errors >= PATTERN_MAX_ERRORS) {
				hit->disabled = TRUE;
				scan_note_pattern_disabled (scan, pattern, error->message);
			}
			continue;
		}
		if (hit->time_us > PATTERN_TIME_BUDGET_US) {
			hit->disabled = TRUE;
			scan_note_pattern_disabled (scan, pattern,
						    "it took more than 2 s (catastrophic "
						    "backtracking?)");
		}
		if (!matched)
			continue;

		if (hit->occurrences++ == 0) {
			hit->first_line = number;
			scan->matched_per_category[qnav_error_pattern_get_category (pattern)]++;
		}
		hit->last_line = number;
		hit->source = source;
		g_free (hit->excerpt);
		hit->excerpt = make_excerpt (line, length, start, end);
		g_free (hit->match);
		hit->match = qnav_json_clean_text (line + start, end - start, 256);
	}
}

static gboolean
scan_check_cancelled (Scan *scan, GError **error)
{
	if (++scan->lines_since_check < CANCEL_CHECK_LINES)
		return TRUE;
	scan->lines_since_check = 0;
	return !g_cancellable_set_error_if_cancelled (scan->cancellable, error);
}

static gsize
strip_cr (const gchar *line, gsize length)
{
	return length > 0 && line[length - 1] == '\r' ? length - 1 : length;
}

static gboolean
scan_text (Scan *scan, guint source, const gchar *text, gsize length, GError **error)
{
	const gchar *p = text;
	const gchar *end = text + length;
	guint64 number = 0;

	while (p < end) {
		const gchar *eol = memchr (p, '\n', (gsize) (end - p));
		const gchar *stop = eol != NULL ? eol : end;

		scan_line (scan, source, ++number, p, strip_cr (p, (gsize) (stop - p)));
		if (!scan_check_cancelled (scan, error))
			return FALSE;
		p = stop + 1;
	}
	g_array_index (scan->sources, Source, source).n_lines += number;
	return TRUE;
}

static gboolean
io_error (const gchar *path, gint saved_errno, GError **error)
{
	QnavError code = saved_errno == ENOENT	   ? QNAV_ERROR_NOT_FOUND
			 : saved_errno == EISDIR   ? QNAV_ERROR_INVALID_ARGUMENT
						   : QNAV_ERROR_IO;

	g_set_error (error, QNAV_ERROR, code, "cannot read log %s: %s", path,
		     g_strerror (saved_errno));
	return FALSE;
}

/* Streams a log through the scanner in fixed-size chunks: memory stays constant whatever
 * the size of the file. */
static gboolean
scan_file (Scan *scan, const gchar *path, GError **error)
{
	g_autofree gchar *buffer = NULL;
	g_autoptr(GByteArray) carry = g_byte_array_new ();
	g_autofree gchar *name = g_strconcat ("log:", path, NULL);
	struct stat info;
	guint64 number = 0;
	gboolean continuing = FALSE;
	guint source;
	gint fd;

	fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0)
		return io_error (path, errno, error);
	if (fstat (fd, &info) == 0 && S_ISDIR (info.st_mode)) {
		g_close (fd, NULL);
		return io_error (path, EISDIR, error);
	}
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	source = scan_add_source (scan, name, SOURCE_WEIGHT_TEXT);
	buffer = g_malloc (READ_CHUNK);

	for (;;) {
		gssize n = read (fd, buffer, READ_CHUNK);
		const gchar *p, *end;

		if (n < 0) {
			gint saved_errno = errno;
			if (saved_errno == EINTR)
				continue;
			g_close (fd, NULL);
			return io_error (path, saved_errno, error);
		}
		if (n == 0)
			break;
		p = buffer;
		end = buffer + n;
		while (p < end) {
			const gchar *eol = memchr (p, '\n', (gsize) (end - p));
			if (eol == NULL) {
				g_byte_array_append (carry, (const guint8 *) p, (guint) (end - p));
				if (carry->len >= MAX_BUFFERED_LINE) {
					if (!continuing)
						number++;
					scan_line (scan, source, number, (const gchar *) carry->data,
						   carry->len);
					g_byte_array_set_size (carry, 0);
					continuing = TRUE;
				}
				break;
			}
			if (!continuing)
				number++;
			if (carry->len > 0) {
				g_byte_array_append (carry, (const guint8 *) p, (guint) (eol - p));
				scan_line (scan, source, number, (const gchar *) carry->data,
					   strip_cr ((const gchar *) carry->data, carry->len));
				g_byte_array_set_size (carry, 0);
			} else {
				scan_line (scan, source, number, p,
					   strip_cr (p, (gsize) (eol - p)));
			}
			continuing = FALSE;
			p = eol + 1;
			if (!scan_check_cancelled (scan, error)) {
				g_close (fd, NULL);
				return FALSE;
			}
		}
	}
	if (carry->len > 0) {
		if (!continuing)
			number++;
		scan_line (scan, source, number, (const gchar *) carry->data,
			   strip_cr ((const gchar *) carry->data, carry->len));
	}
	g_close (fd, NULL);
	g_array_index (scan->sources, Source, source).n_lines = number;
	return TRUE;
}

static void
scan_clear (Scan *scan)
{
	for (guint i = 0; i < scan->hits->len; i++) {
		g_free (g_array_index (scan->hits, PatternHit, i).excerpt);
		g_free (g_array_index (scan->hits, PatternHit, i).match);
	}
	for (guint i = 0; i < scan->sources->len; i++)
		g_free (g_array_index (scan->sources, Source, i).name);
	g_array_unref (scan->sources);
	g_array_unref (scan->candidates);
	g_array_unref (scan->hits);
	g_free (scan->slot_of);
	g_free (scan->stamps);
	qnav_pattern_index_unref (scan->index);
}

/* ---- context signals ------------------------------------------------------------------ */

/* Words in a text that name a logical service; the probes report the logical name. */
static const gchar *const *
service_words (const gchar *name)
{
	static const gchar *const libvirt[] = { "libvirt", "virtqemud", "virtproxyd", "virsh",
						 "virt-install", NULL };
	static const gchar *const postgresql[] = { "postgres", NULL };

	if (g_strcmp0 (name, "libvirt") == 0)
		return libvirt;
	if (g_strcmp0 (name, "postgresql") == 0)
		return postgresql;
	return NULL;
}

static gboolean
contains_word (const gchar *lower_text, const gchar *word)
{
	g_autofree gchar *lower_word = g_ascii_strdown (word, -1);
	gsize n = strlen (lower_word);
	const gchar *p = lower_text;

	if (n == 0)
		return FALSE;
	while ((p = strstr (p, lower_word)) != NULL) {
		gboolean left = p == lower_text || !g_ascii_isalnum (p[-1]);
		gboolean right = !g_ascii_isalnum (p[n]);
		if (left && right)
			return TRUE;
		/* "libvirtd" names libvirt too: allow a trailing 'd' for daemons */
		if (left && p[n] == 'd' && !g_ascii_isalnum (p[n + 1]))
			return TRUE;
		p += n;
	}
	return FALSE;
}

static gboolean
text_names_service (const gchar *lower_text, QnavServiceStatus *service)
{
	const gchar *name = qnav_service_status_get_name (service);
	const gchar *unit = qnav_service_status_get_unit (service);
	const gchar *const *words = service_words (name);

	/* "vault" alone is usually ansible-vault, not the Vault server: for it, only the unit
	 * name counts */
	if (g_strcmp0 (name, "vault") != 0 && contains_word (lower_text, name))
		return TRUE;
	if (unit != NULL && contains_word (lower_text, unit))
		return TRUE;
	for (guint i = 0; words != NULL && words[i] != NULL; i++) {
		if (contains_word (lower_text, words[i]))
			return TRUE;
	}
	return FALSE;
}

static gboolean
patterns_involve_service (Scan *scan, const gchar *name, gboolean only_service_dependency)
{
	for (guint i = 0; i < scan->hits->len; i++) {
		PatternHit *hit = &g_array_index (scan->hits, PatternHit, i);
		QnavErrorPattern *pattern;
		const gchar *const *services;

		if (hit->occurrences == 0)
			continue;
		pattern = qnav_pattern_index_get_pattern (scan->index, hit->pattern);
		if (only_service_dependency &&
		    qnav_error_pattern_get_category (pattern) != QNAV_ROOT_CAUSE_SERVICE_DEPENDENCY)
			continue;
		services = qnav_error_pattern_get_services (pattern);
		if (services != NULL && g_strv_contains (services, name))
			return TRUE;
	}
	return FALSE;
}

static gboolean
category_has_hits (Scan *scan, QnavRootCause category)
{
	return scan->matched_per_category[category] > 0;
}

static void
add_signal (GArray *signals, QnavEvidenceKind kind, QnavRootCause category, gdouble weight,
	    const gchar *source, gchar *signal_text)
{
	Signal signal = { kind, category, weight, g_strdup (source), signal_text };

	g_array_append_val (signals, signal);
}

static gchar *
describe_service (QnavServiceStatus *service)
{
	GDateTime *since = qnav_service_status_get_since (service);
	g_autofree gchar *since_text = since != NULL ? qnav_datetime_format (since) : NULL;
	const gchar *unit = qnav_service_status_get_unit (service);
	const gchar *state = qnav_service_status_get_state (service);
	const gchar *sub_state = qnav_service_status_get_sub_state (service);

	return g_strdup_printf ("%s%s%s is %s%s%s%s (%s)%s%s", qnav_service_status_get_name (service),
				unit != NULL ? " (" : "", unit != NULL ? unit : "",
				unit != NULL ? ") " : "",
				state != NULL ? state : (qnav_service_status_get_active (service)
								 ? "active"
								 : "inactive"),
				sub_state != NULL ? "/" : "", sub_state != NULL ? sub_state : "",
				qnav_service_backend_to_string (qnav_service_status_get_backend (service)),
				since_text != NULL ? " since " : "", since_text != NULL ? since_text : "");
}

static gchar *
service_start_action (QnavServiceStatus *service)
{
	const gchar *name = qnav_service_status_get_name (service);
	const gchar *unit = qnav_service_status_get_unit (service);

	switch (qnav_service_status_get_backend (service)) {
	case QNAV_SERVICE_BACKEND_SYSTEMD:
		return g_strdup_printf ("Start %s: systemctl start %s, then check it with "
					"systemctl status %s and journalctl -u %s -n 50",
					name, unit, unit, unit);
	case QNAV_SERVICE_BACKEND_PODMAN:
		return g_strdup_printf ("Start the %s container: podman start %s, then read "
					"podman logs --tail 50 %s",
					name, unit, unit);
	case QNAV_SERVICE_BACKEND_PROCESS:
	case QNAV_SERVICE_BACKEND_NONE:
	default:
		return g_strdup_printf ("Start the %s service and check that it stays up", name);
	}
}

static void
collect_service_signals (Scan *scan, QnavDiagnosticContext *context, const gchar *lower_text,
			 GArray *signals, GPtrArray *actions, gdouble *factors)
{
	GPtrArray *services = qnav_diagnostic_context_get_services (context);

	for (guint i = 0; services != NULL && i < services->len; i++) {
		QnavServiceStatus *service = g_ptr_array_index (services, i);
		const gchar *name = qnav_service_status_get_name (service);
		g_autofree gchar *source = g_strconcat ("service:", name, NULL);
		gboolean named = text_names_service (lower_text, service);
		gboolean involved = named || patterns_involve_service (scan, name, FALSE);

		if (!qnav_service_status_get_found (service) || !involved)
			continue;
		if (!qnav_service_status_get_active (service)) {
			g_autofree gchar *described = describe_service (service);
			add_signal (signals, QNAV_EVIDENCE_KIND_SERVICE,
				    QNAV_ROOT_CAUSE_SERVICE_DEPENDENCY, 0.75, source,
				    g_strdup_printf ("%s, and the failure involves it", described));
			qnav_failure_analysis_add_correlated_failure (scan->analysis, name);
			g_ptr_array_add (actions, service_start_action (service));
		} else if (patterns_involve_service (scan, name, TRUE) ||
			   (named && category_has_hits (scan, QNAV_ROOT_CAUSE_SERVICE_DEPENDENCY))) {
			/* the text says the service is down, the probe says it runs now */
			g_autofree gchar *described = describe_service (service);
			factors[QNAV_ROOT_CAUSE_SERVICE_DEPENDENCY] *= 0.5;
			add_signal (signals, QNAV_EVIDENCE_KIND_SERVICE,
				    QNAV_ROOT_CAUSE_SERVICE_DEPENDENCY, -0.5, source,
				    g_strdup_printf ("%s now, although the text says it failed: the "
						     "outage may have been transient or on another "
						     "host",
						     described));
		}
	}
}

static gboolean
text_names_path (const gchar *text, const gchar *path)
{
	gsize n = strlen (path);
	const gchar *p = text;

	if (n <= 1)
		return FALSE;
	while ((p = strstr (p, path)) != NULL) {
		gchar after = p[n];
		if (after == '\0' || after == '/' || after == '\'' || after == '"' ||
		    g_ascii_isspace (after) || after == ':' || after == ',')
			return TRUE;
		p += n;
	}
	return FALSE;
}

static void
collect_resource_signals (Scan *scan, QnavDiagnosticContext *context, const gchar *text,
			  GArray *signals, GPtrArray *actions)
{
	QnavSystemResources *resources = qnav_diagnostic_context_get_resources (context);
	GPtrArray *disks;
	gboolean storage_text = category_has_hits (scan, QNAV_ROOT_CAUSE_STORAGE);

	if (resources == NULL)
		return;
	disks = qnav_system_resources_get_disks (resources);
	for (guint i = 0; disks != NULL && i < disks->len; i++) {
		QnavDiskUsage *disk = g_ptr_array_index (disks, i);
		const gchar *path = qnav_disk_usage_get_path (disk);
		g_autofree gchar *source = g_strconcat ("disk:", path, NULL);
		g_autofree gchar *free_text = NULL;
		gboolean involved;
		gdouble weight;

		if (!qnav_disk_usage_is_full (disk))
			continue;
		involved = text_names_path (text, path) || storage_text;
		weight = involved ? 0.7 : g_strcmp0 (path, "/") == 0 ? 0.2 : 0.1;
		free_text = g_format_size (qnav_disk_usage_get_free_bytes (disk));
		add_signal (signals, QNAV_EVIDENCE_KIND_RESOURCE, QNAV_ROOT_CAUSE_STORAGE, weight,
			    source,
			    g_strdup_printf ("%s is %.0f%% full (%s free)%s", path,
					     qnav_disk_usage_get_used_percent (disk), free_text,
					     involved ? ", and the failure involves it" : ""));
		if (involved)
			g_ptr_array_add (actions,
					 g_strdup_printf ("Free space on %s (%.0f%% used): find what "
							  "grew with du -xsh %s/* | sort -h | tail",
							  path,
							  qnav_disk_usage_get_used_percent (disk),
							  g_strcmp0 (path, "/") == 0 ? "" : path));
	}

	if (qnav_system_resources_get_memory_total_bytes (resources) > 0) {
		gdouble used = qnav_system_resources_get_memory_used_percent (resources);
		gdouble pressure = qnav_system_resources_get_memory_pressure (resources);
		if (used >= 95.0 || pressure >= 40.0) {
			add_signal (signals, QNAV_EVIDENCE_KIND_RESOURCE,
				    QNAV_ROOT_CAUSE_RESOURCE_EXHAUSTION,
				    category_has_hits (scan, QNAV_ROOT_CAUSE_RESOURCE_EXHAUSTION) ? 0.5
												   : 0.3,
				    "memory",
				    pressure >= 0.0
					    ? g_strdup_printf ("memory is %.0f%% used, pressure %.0f%%",
							       used, pressure)
					    : g_strdup_printf ("memory is %.0f%% used", used));
		}
	}
}

static void
collect_network_signals (Scan *scan, QnavDiagnosticContext *context, GArray *signals,
			 gdouble *factors)
{
	GPtrArray *checks = qnav_diagnostic_context_get_network_checks (context);
	gboolean network_text = category_has_hits (scan, QNAV_ROOT_CAUSE_NETWORK);

	for (guint i = 0; checks != NULL && i < checks->len; i++) {
		QnavNetworkCheck *check = g_ptr_array_index (checks, i);
		const gchar *host = qnav_network_check_get_host (check);
		guint16 port = qnav_network_check_get_port (check);
		const gchar *problem = qnav_network_check_get_error (check);
		g_autofree gchar *source = g_strconcat ("host:", host, NULL);

		if (!qnav_network_check_get_resolved (check)) {
			add_signal (signals, QNAV_EVIDENCE_KIND_NETWORK, QNAV_ROOT_CAUSE_NETWORK,
				    0.65, source,
				    g_strdup_printf ("%s, named in the failure, does not resolve%s%s",
						     host, problem != NULL ? ": " : "",
						     problem != NULL ? problem : ""));
		} else if (port > 0 && !qnav_network_check_get_reachable (check)) {
			add_signal (signals, QNAV_EVIDENCE_KIND_NETWORK, QNAV_ROOT_CAUSE_NETWORK,
				    0.6, source,
				    g_strdup_printf ("cannot connect to %s:%u, named in the "
						     "failure%s%s",
						     host, port, problem != NULL ? ": " : "",
						     problem != NULL ? problem : ""));
		} else if (port > 0 && network_text) {
			factors[QNAV_ROOT_CAUSE_NETWORK] *= 0.8;
			add_signal (signals, QNAV_EVIDENCE_KIND_NETWORK, QNAV_ROOT_CAUSE_NETWORK,
				    -0.2, source,
				    g_strdup_printf ("%s:%u answers now (%.0f ms): the network "
						     "failure may have been transient",
						     host, port,
						     qnav_network_check_get_latency_ms (check)));
		}
	}
}

/* ---- scoring -------------------------------------------------------------------------- */

static gint
compare_descending (gconstpointer a, gconstpointer b)
{
	gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* Combines evidence for one category: the strongest counts fully, each further one half as
 * much as the one before, so repetition helps a little and never a lot. */
static gdouble
combine (GArray *weights)
{
	gdouble remaining = 1.0, discount = 1.0;

	g_array_sort (weights, compare_descending);
	for (guint i = 0; i < weights->len; i++) {
		remaining *= 1.0 - CLAMP (g_array_index (weights, gdouble, i), 0.0, 1.0) * discount;
		discount *= 0.5;
	}
	return 1.0 - remaining;
}

/* From the scores to a probability of being right. The mapping was fitted on the labelled
 * corpus in tests/data/corpus and is checked there bucket by bucket: the winner's score,
 * reduced by how close the strongest specific rival came. */
static gdouble
calibrate (gdouble best, gdouble rival)
{
	if (best <= 0.0)
		return 0.0;
	return CLAMP (best * (1.0 - 0.6 * rival), 0.0, 0.97);
}

static const gchar *
default_action (QnavRootCause category)
{
	switch (category) {
	case QNAV_ROOT_CAUSE_VIRTUALIZATION:
		return "Check that the host can run KVM guests: virt-host-validate qemu";
	case QNAV_ROOT_CAUSE_NETWORK:
		return "Check name resolution and reachability of the host named in the error: "
		       "getent hosts HOST, then curl -sSI https://HOST";
	case QNAV_ROOT_CAUSE_STORAGE:
		return "Check free space and inodes where the step writes: df -h; df -i";
	case QNAV_ROOT_CAUSE_SERVICE_DEPENDENCY:
		return "Check the services the step needs: systemctl --failed; podman ps -a";
	case QNAV_ROOT_CAUSE_CREDENTIAL:
		return "Check the credentials, keys and certificates the step uses, and that they "
		       "have not expired";
	case QNAV_ROOT_CAUSE_RESOURCE_EXHAUSTION:
		return "Check memory and process limits: free -h; journalctl -k | grep -i oom";
	case QNAV_ROOT_CAUSE_CONFIGURATION:
		return "Check the step's settings and inputs against the error message";
	case QNAV_ROOT_CAUSE_TIMEOUT:
		return "Check whether the target is slow or stuck, then retry with a longer timeout";
	case QNAV_ROOT_CAUSE_STATE_MISMATCH:
		return "Compare the actual state with what the step expects (virsh list --all; "
		       "podman ps -a) and reconcile before retrying";
	case QNAV_ROOT_CAUSE_UNKNOWN:
	default:
		return "Read the full log of the failed step around the first error: journalctl "
		       "-xe, or the task's own log";
	}
}

static const gchar *
first_nonempty_line (const gchar *text, gsize length, gsize *line_length)
{
	const gchar *p = text, *end = text + length;

	while (p < end) {
		const gchar *eol = memchr (p, '\n', (gsize) (end - p));
		const gchar *stop = eol != NULL ? eol : end;
		const gchar *q = p;
		while (q < stop && g_ascii_isspace (*q))
			q++;
		if (q < stop) {
			*line_length = MIN ((gsize) (stop - q), (gsize) QNAV_FINGERPRINT_TEXT_MAX);
			return q;
		}
		p = stop + 1;
	}
	*line_length = 0;
	return "";
}

static gint
compare_hits (gconstpointer a, gconstpointer b, gpointer user_data)
{
	const PatternHit *hits = user_data;
	gdouble x = hits[*(const guint *) a].effective, y = hits[*(const guint *) b].effective;

	return x < y ? 1 : x > y ? -1 : 0;
}

static void
conclude (Scan *scan, QnavDiagnosticContext *context, const gchar *text, gsize text_length)
{
	QnavFailureAnalysis *analysis = scan->analysis;
	g_autoptr(GArray) signals = g_array_new (FALSE, TRUE, sizeof (Signal));
	g_autoptr(GPtrArray) context_actions = g_ptr_array_new_with_free_func (g_free);
	g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
	g_autoptr(GPtrArray) decisive_ids = g_ptr_array_new ();
	g_autofree gchar *lower_text = NULL;
	gdouble factors[QNAV_ROOT_CAUSE_N_CATEGORIES];
	gdouble scores[QNAV_ROOT_CAUSE_N_CATEGORIES] = { 0 };
	GArray *weights[QNAV_ROOT_CAUSE_N_CATEGORIES];
	gboolean has_specific = FALSE;
	QnavRootCause winner = QNAV_ROOT_CAUSE_UNKNOWN;
	gdouble best = 0.0, rival = 0.0;
	QnavSeverity severity = QNAV_SEVERITY_MEDIUM;
	const gchar *description = NULL;
	PatternHit *top = NULL;
	guint n_evidence = 0;

	g_array_set_clear_func (signals, (GDestroyNotify) signal_clear);
	for (guint c = 0; c < QNAV_ROOT_CAUSE_N_CATEGORIES; c++) {
		factors[c] = 1.0;
		weights[c] = g_array_new (FALSE, FALSE, sizeof (gdouble));
	}

	/* the patterns' effective weights */
	for (guint i = 0; i < scan->hits->len; i++) {
		PatternHit *hit = &g_array_index (scan->hits, PatternHit, i);
		QnavErrorPattern *pattern = qnav_pattern_index_get_pattern (scan->index, hit->pattern);
		if (hit->occurrences > 0 &&
		    qnav_error_pattern_get_specificity (pattern) >= SPECIFIC_THRESHOLD &&
		    qnav_error_pattern_get_category (pattern) != QNAV_ROOT_CAUSE_UNKNOWN)
			has_specific = TRUE;
	}
	for (guint i = 0; i < scan->hits->len; i++) {
		PatternHit *hit = &g_array_index (scan->hits, PatternHit, i);
		QnavErrorPattern *pattern = qnav_pattern_index_get_pattern (scan->index, hit->pattern);
		const Source *source;
		gdouble position = 1.0, specificity, effective;

		if (hit->occurrences == 0)
			continue;
		source = &g_array_index (scan->sources, Source, hit->source);
		if (source->n_lines > SHORT_SOURCE_LINES)
			position = 0.75 + 0.25 * ((gdouble) hit->last_line / (gdouble) source->n_lines);
		specificity = qnav_error_pattern_get_specificity (pattern);
		effective = qnav_error_pattern_get_weight (pattern) * position * source->weight;
		if (has_specific && specificity < GENERIC_THRESHOLD)
			effective *= specificity;
		/* an error that recurs all through a long run that went on was retried or
		 * ignored: it counts for less than one that happened once, at the end. A burst
		 * of retries just before the end is not discounted: it spans little of the
		 * text */
		if (source->n_lines > SHORT_SOURCE_LINES && hit->occurrences > RECURRING) {
			gdouble spread = (gdouble) (hit->last_line - hit->first_line) /
					 (gdouble) source->n_lines;
			effective /= 1.0 + 0.5 * spread *
						   log10 ((gdouble) hit->occurrences / RECURRING);
		}
		hit->effective = effective;
		g_array_append_val (order, i);
	}
	g_array_sort_with_data (order, compare_hits, scan->hits->data);
	/* several patterns of one category matching the same line are one observation: only
	 * the strongest counts */
	for (guint k = 0; k < order->len; k++) {
		PatternHit *hit = &g_array_index (scan->hits, PatternHit, g_array_index (order, guint, k));
		QnavRootCause category = qnav_error_pattern_get_category (
			qnav_pattern_index_get_pattern (scan->index, hit->pattern));
		gboolean seen = FALSE;

		for (guint j = 0; j < k && !seen; j++) {
			PatternHit *other = &g_array_index (scan->hits, PatternHit,
							    g_array_index (order, guint, j));
			seen = other->source == hit->source && other->last_line == hit->last_line &&
			       qnav_error_pattern_get_category (qnav_pattern_index_get_pattern (
				       scan->index, other->pattern)) == category;
		}
		if (!seen)
			g_array_append_val (weights[category], hit->effective);
	}

	/* what the host says */
	if (context != NULL) {
		GPtrArray *services = qnav_diagnostic_context_get_services (context);
		if (services != NULL && services->len > 0)
			lower_text = g_ascii_strdown (text,
						      (gssize) MIN (text_length, QNAV_JSON_MAX_TEXT));
		collect_service_signals (scan, context, lower_text, signals, context_actions,
					 factors);
		collect_resource_signals (scan, context, text, signals, context_actions);
		collect_network_signals (scan, context, signals, factors);
	}
	for (guint i = 0; i < signals->len; i++) {
		Signal *signal = &g_array_index (signals, Signal, i);
		if (signal->weight > 0.0)
			g_array_append_val (weights[signal->category], signal->weight);
	}

	for (guint c = 0; c < QNAV_ROOT_CAUSE_N_CATEGORIES; c++) {
		scores[c] = combine (weights[c]) * factors[c];
		g_array_unref (weights[c]);
		qnav_failure_analysis_set_score (analysis, c, scores[c]);
		if (scores[c] > best) {
			best = scores[c];
			winner = c;
		}
	}
	for (guint c = 0; c < QNAV_ROOT_CAUSE_N_CATEGORIES; c++) {
		if (c != winner && c != QNAV_ROOT_CAUSE_UNKNOWN)
			rival = MAX (rival, scores[c]);
	}

	/* evidence, strongest first: the winner's patterns, the context, then the others */
	for (guint pass = 0; pass < 2; pass++) {
		for (guint k = 0; k < order->len && n_evidence < MAX_PATTERN_EVIDENCE; k++) {
			PatternHit *hit =
				&g_array_index (scan->hits, PatternHit, g_array_index (order, guint, k));
			QnavErrorPattern *pattern =
				qnav_pattern_index_get_pattern (scan->index, hit->pattern);
			QnavRootCause category = qnav_error_pattern_get_category (pattern);
			g_autoptr(QnavEvidence) evidence = NULL;
			g_autofree gchar *excerpt = NULL;

			if ((pass == 0) != (category == winner))
				continue;
			evidence = qnav_evidence_new (QNAV_EVIDENCE_KIND_PATTERN, category,
						      hit->effective,
						      qnav_error_pattern_get_description (pattern));
			excerpt = qnav_redact (hit->excerpt);
			qnav_evidence_set_pattern_id (evidence, qnav_error_pattern_get_id (pattern));
			qnav_evidence_set_source (evidence, g_array_index (scan->sources, Source,
									   hit->source).name);
			qnav_evidence_set_line (evidence, (guint) MIN (hit->last_line, G_MAXUINT));
			qnav_evidence_set_text (evidence, excerpt);
			qnav_evidence_set_occurrences (evidence, hit->occurrences);
			qnav_failure_analysis_add_evidence (analysis, evidence);
			n_evidence++;
		}
		if (pass == 0) {
			for (guint i = 0; i < signals->len; i++) {
				Signal *signal = &g_array_index (signals, Signal, i);
				g_autoptr(QnavEvidence) evidence = qnav_evidence_new (
					signal->kind, signal->category, signal->weight,
					signal->signal);
				qnav_evidence_set_source (evidence, signal->source);
				qnav_failure_analysis_add_evidence (analysis, evidence);
			}
		}
	}
	for (guint k = 0; k < order->len; k++) {
		PatternHit *hit = &g_array_index (scan->hits, PatternHit, g_array_index (order, guint, k));
		qnav_failure_analysis_add_pattern_match (
			analysis, qnav_error_pattern_get_id (
					  qnav_pattern_index_get_pattern (scan->index, hit->pattern)));
	}

	/* the winner's patterns decide the description, severity, services and actions */
	if (best > 0.0) {
		severity = QNAV_SEVERITY_INFO;
		for (guint k = 0; k < order->len; k++) {
			PatternHit *hit =
				&g_array_index (scan->hits, PatternHit, g_array_index (order, guint, k));
			QnavErrorPattern *pattern =
				qnav_pattern_index_get_pattern (scan->index, hit->pattern);
			const gchar *const *services;

			if (qnav_error_pattern_get_category (pattern) != winner)
				continue;
			if (top == NULL) {
				top = hit;
				description = qnav_error_pattern_get_description (pattern);
			}
			if (hit->effective < 0.5 * top->effective)
				continue;
			g_ptr_array_add (decisive_ids, (gpointer) qnav_error_pattern_get_id (pattern));
			severity = MAX (severity, qnav_error_pattern_get_severity (pattern));
			services = qnav_error_pattern_get_services (pattern);
			for (guint s = 0; services != NULL && services[s] != NULL; s++)
				qnav_failure_analysis_add_affected_service (analysis, services[s]);
		}
	}
	/* context first when it decided: "start virtqemud.socket" beats a generic hint */
	for (guint i = 0; i < signals->len; i++) {
		Signal *signal = &g_array_index (signals, Signal, i);
		if (signal->category != winner || signal->weight <= 0.0)
			continue;
		if (top == NULL) {
			description = signal->signal;
			severity = MAX (severity, winner == QNAV_ROOT_CAUSE_STORAGE
							  ? QNAV_SEVERITY_CRITICAL
							  : QNAV_SEVERITY_HIGH);
		}
		if (signal->kind == QNAV_EVIDENCE_KIND_SERVICE)
			qnav_failure_analysis_add_affected_service (analysis,
								    signal->source + strlen ("service:"));
	}
	for (guint i = 0; i < context_actions->len; i++)
		qnav_failure_analysis_add_recommended_action (analysis,
							      g_ptr_array_index (context_actions, i));
	for (guint k = 0; k < order->len; k++) {
		PatternHit *hit = &g_array_index (scan->hits, PatternHit, g_array_index (order, guint, k));
		QnavErrorPattern *pattern = qnav_pattern_index_get_pattern (scan->index, hit->pattern);
		if (qnav_error_pattern_get_category (pattern) == winner)
			qnav_failure_analysis_add_recommended_action (
				analysis, qnav_error_pattern_get_recovery_hint (pattern));
	}
	if (qnav_failure_analysis_get_recommended_actions (analysis)[0] == NULL)
		qnav_failure_analysis_add_recommended_action (analysis, default_action (winner));

	if (description == NULL)
		description = winner == QNAV_ROOT_CAUSE_UNKNOWN
				      ? "No known failure pattern matched; the text does not say why "
					"the step failed"
				      : "";
	qnav_failure_analysis_set_result (analysis, winner, calibrate (best, rival), severity,
					  description);

	/* fingerprint: the category, the decisive patterns and what they matched */
	if (top != NULL) {
		g_autofree gchar *fingerprint = qnav_fingerprint_compute (winner, decisive_ids,
									  top->match, -1);
		qnav_failure_analysis_set_fingerprint (analysis, fingerprint);
	} else {
		gsize length = 0;
		const gchar *line = first_nonempty_line (text, text_length, &length);
		g_autofree gchar *fingerprint = qnav_fingerprint_compute (winner, decisive_ids,
									  line, (gssize) length);
		qnav_failure_analysis_set_fingerprint (analysis, fingerprint);
	}
}

/* ---- entry points --------------------------------------------------------------------- */

static QnavFailureAnalysis *
analyze (QnavFailureAnalyzer *self, QnavDiagnosticContext *context, GCancellable *cancellable,
	 GError **error)
{
	const gchar *message = qnav_diagnostic_context_get_error_message (context);
	const gchar *const *log_paths = qnav_diagnostic_context_get_log_paths (context);
	GPtrArray *logs = qnav_diagnostic_context_get_logs (context);
	g_autoptr(QnavFailureAnalysis) analysis = NULL;
	Scan scan = { 0 };
	gsize length = message != NULL ? strlen (message) : 0;
	gboolean has_text = FALSE;
	gboolean ok = TRUE;

	for (const gchar *p = message; p != NULL && *p != '\0'; p++) {
		if (!g_ascii_isspace (*p)) {
			has_text = TRUE;
			break;
		}
	}
	if (g_cancellable_set_error_if_cancelled (cancellable, error))
		return NULL;
	if (!has_text && (log_paths == NULL || log_paths[0] == NULL)) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
				     "nothing to analyze: the error text is empty and no log was "
				     "given");
		return NULL;
	}

	analysis = qnav_failure_analysis_new (qnav_diagnostic_context_get_plugin_name (context),
					      message, (gssize) length);
	qnav_failure_analysis_set_context (analysis, context);

	scan.index = qnav_pattern_library_get_index (self->library);
	scan.n_patterns = qnav_pattern_index_get_size (scan.index);
	scan.stamps = g_new0 (guint32, MAX (scan.n_patterns, 1));
	scan.slot_of = g_new0 (guint32, MAX (scan.n_patterns, 1));
	scan.hits = g_array_new (FALSE, FALSE, sizeof (PatternHit));
	scan.candidates = g_array_new (FALSE, FALSE, sizeof (guint));
	scan.sources = g_array_new (FALSE, FALSE, sizeof (Source));
	scan.cancellable = cancellable;
	scan.analysis = analysis;

	if (has_text)
		ok = scan_text (&scan, scan_add_source (&scan, "error", SOURCE_WEIGHT_TEXT), message,
				length, error);
	for (guint i = 0; ok && log_paths != NULL && log_paths[i] != NULL; i++)
		ok = scan_file (&scan, log_paths[i], error);
	if (ok && logs != NULL && logs->len > 0) {
		guint source = scan_add_source (&scan, "journal", SOURCE_WEIGHT_CONTEXT_LOG);
		for (guint i = 0; i < logs->len; i++) {
			const gchar *line = qnav_log_entry_get_message (g_ptr_array_index (logs, i));
			if (line != NULL)
				scan_line (&scan, source, i + 1, line, strlen (line));
		}
		g_array_index (scan.sources, Source, source).n_lines = logs->len;
	}
	if (ok)
		conclude (&scan, context, message != NULL ? message : "", length);
	scan_clear (&scan);
	if (!ok)
		return NULL;
	return g_steal_pointer (&analysis);
}

/**
 * qnav_failure_analyzer_analyze:
 * @self: a #QnavFailureAnalyzer
 * @context: the failure: its error message, log paths and whatever the probes found
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Diagnoses the failure described by @context. Log files named in the context are streamed,
 * so their size does not matter.
 *
 * Returns: (transfer full): the analysis, or %NULL when there is nothing to analyze, a log
 *   cannot be read, or the call was cancelled
 *
 * Since: 0.1
 */
QnavFailureAnalysis *
qnav_failure_analyzer_analyze (QnavFailureAnalyzer *self, QnavDiagnosticContext *context,
			       GCancellable *cancellable, GError **error)
{
	g_return_val_if_fail (QNAV_IS_FAILURE_ANALYZER (self), NULL);
	g_return_val_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (context), NULL);
	g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

	return analyze (self, context, cancellable, error);
}

/**
 * qnav_failure_analyzer_analyze_text:
 * @self: a #QnavFailureAnalyzer
 * @plugin: (nullable): the plugin, job or step that failed
 * @text: the failure text
 * @length: the length of @text, or -1 if it is NUL-terminated
 * @error: return location for a #GError
 *
 * Diagnoses a failure from its text alone, without probing the host.
 *
 * Returns: (transfer full): the analysis, or %NULL on error
 *
 * Since: 0.1
 */
QnavFailureAnalysis *
qnav_failure_analyzer_analyze_text (QnavFailureAnalyzer *self, const gchar *plugin,
				    const gchar *text, gssize length, GError **error)
{
	g_autoptr(QnavDiagnosticContext) context = NULL;
	g_autofree gchar *copy = NULL;

	g_return_val_if_fail (QNAV_IS_FAILURE_ANALYZER (self), NULL);
	g_return_val_if_fail (text != NULL, NULL);

	/* the context keeps a NUL-terminated string; NUL bytes inside the text become
	 * spaces so nothing after them is lost */
	if (length >= 0) {
		/* not g_strndup: it would stop at the first NUL */
		copy = g_malloc ((gsize) length + 1);
		memcpy (copy, text, (gsize) length);
		copy[length] = '\0';
		for (gssize i = 0; i < length; i++) {
			if (copy[i] == '\0')
				copy[i] = ' ';
		}
		text = copy;
	}
	context = qnav_diagnostic_context_new (plugin != NULL ? plugin : "unknown", text);
	return analyze (self, context, NULL, error);
}

static void
analyze_thread (GTask *task, gpointer source_object, gpointer task_data,
		GCancellable *cancellable)
{
	GError *error = NULL;
	QnavFailureAnalysis *analysis = analyze (source_object, task_data, cancellable, &error);

	if (analysis == NULL)
		g_task_return_error (task, error);
	else
		g_task_return_pointer (task, analysis, g_object_unref);
}

/**
 * qnav_failure_analyzer_analyze_async:
 * @self: a #QnavFailureAnalyzer
 * @context: the failure
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the analysis is done
 * @user_data: data for @callback
 *
 * Diagnoses the failure in a worker thread; see qnav_failure_analyzer_analyze().
 *
 * Since: 0.1
 */
void
qnav_failure_analyzer_analyze_async (QnavFailureAnalyzer *self, QnavDiagnosticContext *context,
				     GCancellable *cancellable, GAsyncReadyCallback callback,
				     gpointer user_data)
{
	g_autoptr(GTask) task = NULL;

	g_return_if_fail (QNAV_IS_FAILURE_ANALYZER (self));
	g_return_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (context));

	task = g_task_new (self, cancellable, callback, user_data);
	g_task_set_source_tag (task, qnav_failure_analyzer_analyze_async);
	g_task_set_task_data (task, g_object_ref (context), g_object_unref);
	g_task_run_in_thread (task, analyze_thread);
}

/**
 * qnav_failure_analyzer_analyze_finish:
 * @self: a #QnavFailureAnalyzer
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the analysis, or %NULL on error
 *
 * Since: 0.1
 */
QnavFailureAnalysis *
qnav_failure_analyzer_analyze_finish (QnavFailureAnalyzer *self, GAsyncResult *result,
				      GError **error)
{
	g_return_val_if_fail (g_task_is_valid (result, self), NULL);
	g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
				      qnav_failure_analyzer_analyze_async,
			      NULL);

	return g_task_propagate_pointer (G_TASK (result), error);
}
