/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "qnav-enum-types.h"
#include "qnav-compiled-library-private.h"
#include "qnav-error-pattern-private.h"
#include "qnav-error.h"
#include "qnav-json-private.h"
#include "qnav-regex-literals-private.h"

/**
 * QnavErrorPattern:
 *
 * One known failure: a regular expression matched against single lines of text, the
 * root-cause category it points to, how strongly, and what to do about it.
 *
 * Regexes use PCRE2 syntax and match byte-wise and case-insensitively unless
 * #QnavErrorPattern:case-sensitive is set. A pattern also knows the literals every match
 * must contain (#QnavErrorPattern:keywords), which lets a #QnavPatternLibrary skip it on
 * lines that cannot match.
 *
 * Since: 0.1
 */

#define MAX_ID_LENGTH 128
#define MAX_REGEX_LENGTH 4096
/* A regex that needs longer than this for one adversarial line is refused at load time. */
#define BACKTRACKING_BUDGET_US (20 * 1000)

struct _QnavErrorPattern {
	GObject parent_instance;

	gchar *id;
	gchar *regex;
	QnavRootCause category;
	QnavSeverity severity;
	gdouble weight;
	gdouble specificity;
	GStrv services;
	gchar *description;
	gchar *recovery_hint;
	GStrv examples;
	GStrv negative_examples;
	/* a built-in pattern lives in the compiled library: its strings point into it (until a
	 * setter makes copies, see own_strings) and its examples stay there until asked for
	 * (see ensure_examples) */
	GBytes *library_blob;
	gboolean strings_borrowed;
	gint examples_pending; /* atomic */
	gsize examples_at;
	gboolean case_sensitive;
	gchar *source;
	GStrv keywords;

	/* compiled on first use: the embedded library has hundreds of patterns and a short
	 * message only ever needs a few of them */
	GRegex *compiled; /* atomic */
};

G_DEFINE_FINAL_TYPE (QnavErrorPattern, qnav_error_pattern, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_ID,
	PROP_REGEX,
	PROP_CATEGORY,
	PROP_SEVERITY,
	PROP_WEIGHT,
	PROP_SPECIFICITY,
	PROP_SERVICES,
	PROP_DESCRIPTION,
	PROP_RECOVERY_HINT,
	PROP_EXAMPLES,
	PROP_NEGATIVE_EXAMPLES,
	PROP_CASE_SENSITIVE,
	PROP_SOURCE,
	PROP_KEYWORDS,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
qnav_error_pattern_finalize (GObject *object)
{
	QnavErrorPattern *self = QNAV_ERROR_PATTERN (object);

	if (!self->strings_borrowed) {
		g_free (self->id);
		g_free (self->regex);
		g_free (self->source);
		g_free (self->description);
		g_free (self->recovery_hint);
	}
	g_strfreev (self->services);
	g_strfreev (self->examples);
	g_strfreev (self->negative_examples);
	g_clear_pointer (&self->library_blob, g_bytes_unref);
	g_strfreev (self->keywords);
	g_clear_pointer (&self->compiled, g_regex_unref);

	G_OBJECT_CLASS (qnav_error_pattern_parent_class)->finalize (object);
}

static GMutex examples_lock;

/* A built-in pattern's examples are copied out of the compiled library on first use: a
 * diagnosis never reads them, and copying all of them would cost every start-up. */
static void
ensure_examples (QnavErrorPattern *self)
{
	if (!g_atomic_int_get (&self->examples_pending))
		return;
	g_mutex_lock (&examples_lock);
	if (self->examples_pending) {
		qnav_compiled_library_read_examples (self->library_blob, self->examples_at,
						     &self->examples, &self->negative_examples);
		g_atomic_int_set (&self->examples_pending, FALSE);
	}
	g_mutex_unlock (&examples_lock);
}

/* Before a setter replaces one of a built-in pattern's strings, all of them become copies,
 * so that every string field is again ours to free. */
static void
own_strings (QnavErrorPattern *self)
{
	if (!self->strings_borrowed)
		return;
	self->id = g_strdup (self->id);
	self->regex = g_strdup (self->regex);
	self->source = g_strdup (self->source);
	self->description = g_strdup (self->description);
	self->recovery_hint = g_strdup (self->recovery_hint);
	self->strings_borrowed = FALSE;
}

static void
qnav_error_pattern_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
	QnavErrorPattern *self = QNAV_ERROR_PATTERN (object);

	switch (prop_id) {
	case PROP_ID:
		g_value_set_string (value, self->id);
		break;
	case PROP_REGEX:
		g_value_set_string (value, self->regex);
		break;
	case PROP_CATEGORY:
		g_value_set_enum (value, self->category);
		break;
	case PROP_SEVERITY:
		g_value_set_enum (value, self->severity);
		break;
	case PROP_WEIGHT:
		g_value_set_double (value, self->weight);
		break;
	case PROP_SPECIFICITY:
		g_value_set_double (value, self->specificity);
		break;
	case PROP_SERVICES:
		g_value_set_boxed (value, self->services);
		break;
	case PROP_DESCRIPTION:
		g_value_set_string (value, self->description);
		break;
	case PROP_RECOVERY_HINT:
		g_value_set_string (value, self->recovery_hint);
		break;
	case PROP_EXAMPLES:
		ensure_examples (self);
		g_value_set_boxed (value, self->examples);
		break;
	case PROP_NEGATIVE_EXAMPLES:
		ensure_examples (self);
		g_value_set_boxed (value, self->negative_examples);
		break;
	case PROP_CASE_SENSITIVE:
		g_value_set_boolean (value, self->case_sensitive);
		break;
	case PROP_SOURCE:
		g_value_set_string (value, self->source);
		break;
	case PROP_KEYWORDS:
		g_value_set_boxed (value, self->keywords);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_error_pattern_set_property (GObject *object, guint prop_id, const GValue *value,
				 GParamSpec *pspec)
{
	QnavErrorPattern *self = QNAV_ERROR_PATTERN (object);

	switch (prop_id) {
	case PROP_ID:
		self->id = g_value_dup_string (value);
		break;
	case PROP_REGEX:
		self->regex = g_value_dup_string (value);
		break;
	case PROP_CATEGORY:
		self->category = g_value_get_enum (value);
		break;
	case PROP_SEVERITY:
		qnav_error_pattern_set_severity (self, g_value_get_enum (value));
		break;
	case PROP_WEIGHT:
		qnav_error_pattern_set_weight (self, g_value_get_double (value));
		break;
	case PROP_SPECIFICITY:
		qnav_error_pattern_set_specificity (self, g_value_get_double (value));
		break;
	case PROP_SERVICES:
		qnav_error_pattern_set_services (self, g_value_get_boxed (value));
		break;
	case PROP_DESCRIPTION:
		qnav_error_pattern_set_description (self, g_value_get_string (value));
		break;
	case PROP_RECOVERY_HINT:
		qnav_error_pattern_set_recovery_hint (self, g_value_get_string (value));
		break;
	case PROP_EXAMPLES:
		qnav_error_pattern_set_examples (self, g_value_get_boxed (value));
		break;
	case PROP_NEGATIVE_EXAMPLES:
		qnav_error_pattern_set_negative_examples (self, g_value_get_boxed (value));
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_error_pattern_class_init (QnavErrorPatternClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);

	object_class->finalize = qnav_error_pattern_finalize;
	object_class->get_property = qnav_error_pattern_get_property;
	object_class->set_property = qnav_error_pattern_set_property;

	/**
	 * QnavErrorPattern:id:
	 *
	 * The unique identifier, such as `libvirt_socket_missing`.
	 *
	 * Since: 0.1
	 */
	properties[PROP_ID] = g_param_spec_string (
		"id", NULL, NULL, NULL,
		G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavErrorPattern:regex:
	 *
	 * The PCRE2 regular expression, matched against one line at a time.
	 *
	 * Since: 0.1
	 */
	properties[PROP_REGEX] = g_param_spec_string (
		"regex", NULL, NULL, NULL,
		G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavErrorPattern:category:
	 *
	 * The root cause a match points to.
	 *
	 * Since: 0.1
	 */
	properties[PROP_CATEGORY] = g_param_spec_enum (
		"category", NULL, NULL, QNAV_TYPE_ROOT_CAUSE, QNAV_ROOT_CAUSE_UNKNOWN,
		G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavErrorPattern:severity:
	 *
	 * How bad the failure is.
	 *
	 * Since: 0.1
	 */
	properties[PROP_SEVERITY] = g_param_spec_enum (
		"severity", NULL, NULL, QNAV_TYPE_SEVERITY, QNAV_SEVERITY_MEDIUM,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavErrorPattern:weight:
	 *
	 * How often, from 0 to 1, a line matching this pattern really has its category as the
	 * root cause.
	 *
	 * Since: 0.1
	 */
	properties[PROP_WEIGHT] = g_param_spec_double (
		"weight", NULL, NULL, 0.0, 1.0, 0.7,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavErrorPattern:specificity:
	 *
	 * How specific the message is, from 0 (a generic wrapper such as "Task failed with
	 * exception") to 1 (an exact message of one tool). When a text also holds specific
	 * evidence, matches of low specificity count for less.
	 *
	 * Since: 0.1
	 */
	properties[PROP_SPECIFICITY] = g_param_spec_double (
		"specificity", NULL, NULL, 0.0, 1.0, 0.8,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavErrorPattern:services:
	 *
	 * The logical services involved, such as `libvirt` or `airflow`.
	 *
	 * Since: 0.1
	 */
	properties[PROP_SERVICES] = g_param_spec_boxed (
		"services", NULL, NULL, G_TYPE_STRV,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavErrorPattern:description:
	 *
	 * One sentence: what went wrong.
	 *
	 * Since: 0.1
	 */
	properties[PROP_DESCRIPTION] = g_param_spec_string (
		"description", NULL, NULL, NULL,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavErrorPattern:recovery-hint:
	 *
	 * One sentence: what to do about it.
	 *
	 * Since: 0.1
	 */
	properties[PROP_RECOVERY_HINT] = g_param_spec_string (
		"recovery-hint", NULL, NULL, NULL,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavErrorPattern:examples:
	 *
	 * Texts the pattern must match.
	 *
	 * Since: 0.1
	 */
	properties[PROP_EXAMPLES] = g_param_spec_boxed (
		"examples", NULL, NULL, G_TYPE_STRV,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavErrorPattern:negative-examples:
	 *
	 * Texts the pattern must not match.
	 *
	 * Since: 0.1
	 */
	properties[PROP_NEGATIVE_EXAMPLES] = g_param_spec_boxed (
		"negative-examples", NULL, NULL, G_TYPE_STRV,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavErrorPattern:case-sensitive:
	 *
	 * Whether the regex is matched case-sensitively.
	 *
	 * Since: 0.1
	 */
	properties[PROP_CASE_SENSITIVE] = g_param_spec_boolean (
		"case-sensitive", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavErrorPattern:source:
	 *
	 * Where the pattern came from: a file path, `resource:///…` for the embedded library,
	 * or %NULL for a pattern made through the API.
	 *
	 * Since: 0.1
	 */
	properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, NULL,
						       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavErrorPattern:keywords:
	 *
	 * Lower-case literals of which every match holds at least one, derived from the regex;
	 * %NULL when none could be proven, in which case the pattern runs on every line.
	 *
	 * Since: 0.1
	 */
	properties[PROP_KEYWORDS] = g_param_spec_boxed ("keywords", NULL, NULL, G_TYPE_STRV,
							G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_error_pattern_init (QnavErrorPattern *self)
{
	self->severity = QNAV_SEVERITY_MEDIUM;
	self->weight = 0.7;
	self->specificity = 0.8;
}

static gboolean
validate_id (const gchar *id, GError **error)
{
	if (id == NULL || *id == '\0') {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN, "the id is empty");
		return FALSE;
	}
	if (strlen (id) > MAX_ID_LENGTH) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN,
			     "the id is longer than %d characters", MAX_ID_LENGTH);
		return FALSE;
	}
	for (const gchar *p = id; *p != '\0'; p++) {
		if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-' && *p != '.') {
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN,
				     "the id \"%s\" may only hold letters, digits, '_', '-' and '.'",
				     g_utf8_validate (id, -1, NULL) ? id : "(not UTF-8)");
			return FALSE;
		}
	}
	return TRUE;
}

static GRegex *
compile (QnavErrorPattern *self, GError **error)
{
	GRegexCompileFlags flags = G_REGEX_RAW | G_REGEX_OPTIMIZE;

	if (!self->case_sensitive)
		flags |= G_REGEX_CASELESS;
	return g_regex_new (self->regex, flags, G_REGEX_MATCH_NOTEMPTY, error);
}

/* Refuses a regex that is not UTF-8 (GLib 2.74's PCRE2 glue can crash on one), that does not
 * compile, or that matches an empty line and so would match every line. */
static gboolean
validate_regex (QnavErrorPattern *self, GError **error)
{
	g_autoptr(GRegex) compiled = NULL;
	g_autoptr(GError) error_local = NULL;

	if (self->regex == NULL || *self->regex == '\0') {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN, "the regex is empty");
		return FALSE;
	}
	if (strlen (self->regex) > MAX_REGEX_LENGTH) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN,
			     "the regex is longer than %d bytes", MAX_REGEX_LENGTH);
		return FALSE;
	}
	if (!g_utf8_validate (self->regex, -1, NULL)) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN,
				     "the regex is not valid UTF-8");
		return FALSE;
	}
	/* compiled without G_REGEX_MATCH_NOTEMPTY, which would hide an empty match */
	compiled = g_regex_new (self->regex,
				G_REGEX_RAW | (self->case_sensitive ? 0 : G_REGEX_CASELESS), 0,
				&error_local);
	if (compiled == NULL) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN, "invalid regex: %s",
			     error_local->message);
		return FALSE;
	}
	if (g_regex_match_full (compiled, "", 0, 0, 0, NULL, NULL) ||
	    g_regex_match_full (compiled, " ", 1, 0, 0, NULL, NULL)) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN,
				     "the regex matches an empty or blank line, so it would match "
				     "every line");
		return FALSE;
	}
	return TRUE;
}

/* Times the regex on lines built to trigger catastrophic backtracking: long runs of one
 * character class with a mismatch at the end, and the examples repeated. PCRE2's own match
 * limit bounds each attempt, so this cannot hang; a regex that needs long or hits the limit
 * is refused before it ever sees a real log. */
static gboolean
check_backtracking (QnavErrorPattern *self, GRegex *compiled, GError **error)
{
	static const gchar fillers[] = "a0 -_/.:=x'\"\t";
	g_autoptr(GPtrArray) subjects = g_ptr_array_new_with_free_func (g_free);

	for (const gchar *f = fillers; *f != '\0'; f++) {
		gchar *subject = g_strnfill (3000, *f);
		subject[2999] = '!';
		g_ptr_array_add (subjects, subject);
	}
	for (guint i = 0; self->examples != NULL && self->examples[i] != NULL; i++) {
		g_autoptr(GString) repeated = g_string_new (NULL);
		while (repeated->len < 3000 && *self->examples[i] != '\0')
			g_string_append (repeated, self->examples[i]);
		g_string_append_c (repeated, '!');
		g_ptr_array_add (subjects, g_string_free (g_steal_pointer (&repeated), FALSE));
	}

	for (guint i = 0; i < subjects->len; i++) {
		const gchar *subject = g_ptr_array_index (subjects, i);
		g_autoptr(GError) error_local = NULL;
		gint64 start = g_get_monotonic_time ();

		g_regex_match_full (compiled, subject, -1, 0, 0, NULL, &error_local);
		if (error_local != NULL || g_get_monotonic_time () - start > BACKTRACKING_BUDGET_US) {
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN,
				     "the regex backtracks catastrophically (%s on a %zu-byte line); "
				     "avoid nested quantifiers such as (a+)+ or (.*)*",
				     error_local != NULL ? "hit the match limit" : "took too long",
				     strlen (subject));
			return FALSE;
		}
	}
	return TRUE;
}

static QnavErrorPattern *
pattern_new (const gchar *id, const gchar *regex, QnavRootCause category)
{
	QnavErrorPattern *self = g_object_new (QNAV_TYPE_ERROR_PATTERN, "id", id, "regex", regex,
					       "category", category, NULL);

	self->keywords = qnav_regex_required_literals (regex);
	return self;
}

/**
 * qnav_error_pattern_new:
 * @id: a unique identifier, such as `site_nfs_stale_handle`
 * @regex: a PCRE2 regular expression, matched against one line at a time
 * @category: the root cause a match points to
 * @error: return location for a #GError
 *
 * Creates a pattern. The regex is compiled and checked at once: an invalid regex, one that
 * matches empty lines or one that backtracks catastrophically gives a %QNAV_ERROR_INVALID_PATTERN.
 *
 * Returns: (transfer full): a new #QnavErrorPattern, or %NULL on error
 *
 * Since: 0.1
 */
QnavErrorPattern *
qnav_error_pattern_new (const gchar *id, const gchar *regex, QnavRootCause category,
			GError **error)
{
	g_autoptr(QnavErrorPattern) self = NULL;
	g_autoptr(GRegex) compiled = NULL;

	if (!validate_id (id, error))
		return NULL;
	if (regex == NULL || !g_utf8_validate (regex, -1, NULL)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN,
			     "pattern \"%s\": the regex is missing or not valid UTF-8", id);
		return NULL;
	}
	if (qnav_root_cause_to_string (category) == NULL) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN,
			     "pattern \"%s\": %d is not a root-cause category", id, category);
		return NULL;
	}
	self = pattern_new (id, regex, category);
	if (!validate_regex (self, error)) {
		g_prefix_error (error, "pattern \"%s\": ", id);
		return NULL;
	}
	compiled = compile (self, NULL);
	if (!check_backtracking (self, compiled, error)) {
		g_prefix_error (error, "pattern \"%s\": ", id);
		return NULL;
	}
	return g_steal_pointer (&self);
}

static const gchar *const known_members[] = {
	"id",		"regex",	"category",	    "severity", "weight",
	"specificity",	"services",	"description",	    "recovery_hint", "examples",
	"negative_examples", "case_sensitive", "references", "keywords", NULL,
};

/* Builds a pattern from one object of a pattern file, checked in full: the regex compiles, is
 * UTF-8, does not match empty lines and does not backtrack catastrophically. */
QnavErrorPattern *
qnav_error_pattern_new_from_json_object (JsonObject *object, const gchar *source,
					 GError **error)
{
	g_autoptr(QnavErrorPattern) self = NULL;
	g_autoptr(GList) members = json_object_get_members (object);
	const gchar *id = NULL, *regex = NULL, *category = NULL, *severity = NULL;
	const gchar *description = NULL, *recovery_hint = NULL;
	g_auto(GStrv) services = NULL, examples = NULL, negative_examples = NULL;
	g_auto(GStrv) references = NULL;
	gdouble weight = 0.7, specificity = 0.8;
	gboolean case_sensitive = FALSE;
	QnavRootCause root_cause;
	QnavSeverity severity_value = QNAV_SEVERITY_MEDIUM;

	if (!qnav_json_get_string (object, "id", TRUE, &id, error))
		return NULL;
	if (!validate_id (id, error))
		return NULL;
	for (GList *l = members; l != NULL; l = l->next) {
		if (!g_strv_contains (known_members, l->data)) {
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN,
				     "pattern \"%s\": unknown member \"%s\"", id,
				     (const gchar *) l->data);
			return NULL;
		}
	}
	if (!qnav_json_get_string (object, "regex", TRUE, &regex, error) ||
	    !qnav_json_get_string (object, "category", TRUE, &category, error) ||
	    !qnav_json_get_string (object, "severity", FALSE, &severity, error) ||
	    !qnav_json_get_double (object, "weight", FALSE, &weight, error) ||
	    !qnav_json_get_double (object, "specificity", FALSE, &specificity, error) ||
	    !qnav_json_get_strv (object, "services", FALSE, &services, error) ||
	    !qnav_json_get_string (object, "description", FALSE, &description, error) ||
	    !qnav_json_get_string (object, "recovery_hint", FALSE, &recovery_hint, error) ||
	    !qnav_json_get_strv (object, "examples", FALSE, &examples, error) ||
	    !qnav_json_get_strv (object, "negative_examples", FALSE, &negative_examples, error) ||
	    !qnav_json_get_strv (object, "references", FALSE, &references, error) ||
	    !qnav_json_get_boolean (object, "case_sensitive", FALSE, &case_sensitive, error)) {
		g_prefix_error (error, "pattern \"%s\": ", id);
		return NULL;
	}
	if (!qnav_root_cause_from_string (category, &root_cause)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN,
			     "pattern \"%s\": unknown category \"%s\"", id, category);
		return NULL;
	}
	if (severity != NULL && !qnav_severity_from_string (severity, &severity_value)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN,
			     "pattern \"%s\": unknown severity \"%s\"", id, severity);
		return NULL;
	}
	if (weight < 0.0 || weight > 1.0 || specificity < 0.0 || specificity > 1.0) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN,
			     "pattern \"%s\": weight and specificity must be between 0 and 1", id);
		return NULL;
	}

	self = pattern_new (id, regex, root_cause);
	self->case_sensitive = case_sensitive;
	self->severity = severity_value;
	self->weight = weight;
	self->specificity = specificity;
	self->services = g_steal_pointer (&services);
	self->description = g_strdup (description);
	self->recovery_hint = g_strdup (recovery_hint);
	self->examples = g_steal_pointer (&examples);
	self->negative_examples = g_steal_pointer (&negative_examples);
	self->source = g_strdup (source);

	{
		g_autoptr(GRegex) compiled = NULL;
		if (!validate_regex (self, error)) {
			g_prefix_error (error, "pattern \"%s\": ", id);
			return NULL;
		}
		compiled = compile (self, NULL);
		if (!check_backtracking (self, compiled, error)) {
			g_prefix_error (error, "pattern \"%s\": ", id);
			return NULL;
		}
		self->compiled = g_steal_pointer (&compiled);
	}
	return g_steal_pointer (&self);
}

/* A pattern of the embedded library, as qnav-compile-patterns wrote it. Those patterns were
 * checked in full when the library was compiled (a broken built-in pattern fails the build),
 * so only the ranges are checked again here, and the regex is compiled on first use. */
QnavErrorPattern *
qnav_error_pattern_new_compiled (QnavErrorPatternFields *fields, GError **error)
{
	g_autoptr(QnavErrorPattern) self = NULL;

	if (fields->id == NULL || fields->regex == NULL ||
	    qnav_root_cause_to_string (fields->category) == NULL ||
	    qnav_severity_to_string (fields->severity) == NULL ||
	    !(fields->weight >= 0.0 && fields->weight <= 1.0) ||
	    !(fields->specificity >= 0.0 && fields->specificity <= 1.0)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "compiled pattern \"%s\" is out of range",
			     fields->id != NULL ? fields->id : "(no id)");
		return NULL;
	}
	self = g_object_new (QNAV_TYPE_ERROR_PATTERN, NULL);
	/* the strings live in the compiled library, which the pattern keeps alive */
	self->library_blob = g_bytes_ref (fields->blob);
	self->strings_borrowed = TRUE;
	self->id = (gchar *) fields->id;
	self->regex = (gchar *) fields->regex;
	self->source = (gchar *) fields->source;
	self->category = fields->category;
	self->severity = fields->severity;
	self->weight = fields->weight;
	self->specificity = fields->specificity;
	self->services = g_steal_pointer (&fields->services);
	self->description = (gchar *) fields->description;
	self->recovery_hint = (gchar *) fields->recovery_hint;
	self->case_sensitive = fields->case_sensitive;
	self->keywords = g_steal_pointer (&fields->keywords);
	return g_steal_pointer (&self);
}

/* Where, in the compiled library, the examples of a built-in pattern are. */
void
qnav_error_pattern_set_examples_location (QnavErrorPattern *self, gsize at)
{
	g_return_if_fail (self->library_blob != NULL);

	self->examples_at = at;
	g_atomic_int_set (&self->examples_pending, TRUE);
}

JsonNode *
qnav_error_pattern_to_json_node (QnavErrorPattern *self)
{
	g_autoptr(JsonBuilder) builder = json_builder_new ();

	json_builder_begin_object (builder);
	qnav_json_builder_add_string (builder, "id", self->id);
	qnav_json_builder_add_string (builder, "regex", self->regex);
	qnav_json_builder_add_string (builder, "category",
				      qnav_root_cause_to_string (self->category));
	qnav_json_builder_add_string (builder, "severity",
				      qnav_severity_to_string (self->severity));
	json_builder_set_member_name (builder, "weight");
	json_builder_add_double_value (builder, self->weight);
	json_builder_set_member_name (builder, "specificity");
	json_builder_add_double_value (builder, self->specificity);
	qnav_json_builder_add_strv (builder, "services", (const gchar *const *) self->services);
	qnav_json_builder_add_string (builder, "description", self->description);
	qnav_json_builder_add_string (builder, "recovery_hint", self->recovery_hint);
	ensure_examples (self);
	qnav_json_builder_add_strv (builder, "examples", (const gchar *const *) self->examples);
	qnav_json_builder_add_strv (builder, "negative_examples",
				    (const gchar *const *) self->negative_examples);
	json_builder_set_member_name (builder, "case_sensitive");
	json_builder_add_boolean_value (builder, self->case_sensitive);
	qnav_json_builder_add_string (builder, "source", self->source);
	qnav_json_builder_add_strv (builder, "keywords", (const gchar *const *) self->keywords);
	json_builder_end_object (builder);
	return json_builder_get_root (builder);
}

/* Returns: (transfer none): the compiled regex, compiling it on first use (thread-safe) */
GRegex *
qnav_error_pattern_get_compiled (QnavErrorPattern *self, GError **error)
{
	GRegex *compiled = g_atomic_pointer_get (&self->compiled);
	GRegex *fresh;

	if (compiled != NULL)
		return compiled;
	if (!g_utf8_validate (self->regex, -1, NULL)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN,
			     "pattern \"%s\": the regex is not valid UTF-8", self->id);
		return NULL;
	}
	fresh = compile (self, error);
	if (fresh == NULL) {
		g_prefix_error (error, "pattern \"%s\": ", self->id);
		return NULL;
	}
	if (!g_atomic_pointer_compare_and_exchange (&self->compiled, NULL, fresh))
		g_regex_unref (fresh);
	return g_atomic_pointer_get (&self->compiled);
}

/* Matches one line (already split, not NUL-terminated). Very long lines are matched in
 * overlapping windows. */
gboolean
qnav_error_pattern_match_line (QnavErrorPattern *self, const gchar *line, gsize length,
			       gint *match_start, gint *match_end, GError **error)
{
	GRegex *compiled = qnav_error_pattern_get_compiled (self, error);
	gsize offset = 0;

	if (compiled == NULL)
		return FALSE;
	for (;;) {
		g_autoptr(GMatchInfo) match_info = NULL;
		gsize window = MIN (length - offset, (gsize) QNAV_LINE_WINDOW);
		if (g_regex_match_full (compiled, line + offset, (gssize) window, 0, 0, &match_info,
					error)) {
			gint start = 0, end = 0;
			g_match_info_fetch_pos (match_info, 0, &start, &end);
			if (match_start != NULL)
				*match_start = (gint) offset + start;
			if (match_end != NULL)
				*match_end = (gint) offset + end;
			return TRUE;
		}
		if (error != NULL && *error != NULL)
			return FALSE;
		if (offset + window >= length)
			return FALSE;
		offset += QNAV_LINE_WINDOW - QNAV_LINE_WINDOW_OVERLAP;
	}
}

/**
 * qnav_error_pattern_match:
 * @self: a #QnavErrorPattern
 * @text: the text, one or more lines
 * @length: the length of @text in bytes, or -1 if it is NUL-terminated
 * @line: (out) (optional): the 1-based number of the first matching line
 * @matched_text: (out) (optional) (transfer full) (nullable): the text the regex matched
 * @error: return location for a #GError
 *
 * Matches the pattern against each line of @text and stops at the first match.
 *
 * Returns: %TRUE if a line matched; %FALSE if none did or on error
 *
 * Since: 0.1
 */
gboolean
qnav_error_pattern_match (QnavErrorPattern *self, const gchar *text, gssize length, guint *line,
			  gchar **matched_text, GError **error)
{
	const gchar *p, *end;
	guint number = 0;

	g_return_val_if_fail (QNAV_IS_ERROR_PATTERN (self), FALSE);
	g_return_val_if_fail (text != NULL, FALSE);

	if (matched_text != NULL)
		*matched_text = NULL;
	p = text;
	end = text + (length < 0 ? (gssize) strlen (text) : length);
	while (p <= end) {
		const gchar *eol = memchr (p, '\n', (gsize) (end - p));
		gsize line_length = (gsize) ((eol != NULL ? eol : end) - p);
		gint start = 0, stop = 0;

		number++;
		if (line_length > 0 && p[line_length - 1] == '\r')
			line_length--;
		if (qnav_error_pattern_match_line (self, p, line_length, &start, &stop, error)) {
			if (line != NULL)
				*line = number;
			if (matched_text != NULL)
				*matched_text = qnav_json_clean_text (p + start, stop - start,
								      1024);
			return TRUE;
		}
		if (error != NULL && *error != NULL)
			return FALSE;
		if (eol == NULL)
			break;
		p = eol + 1;
	}
	return FALSE;
}

/**
 * qnav_error_pattern_check_examples:
 * @self: a #QnavErrorPattern
 * @error: return location for a #GError
 *
 * Runs the pattern against its own examples: each of #QnavErrorPattern:examples must match
 * and none of #QnavErrorPattern:negative-examples may.
 *
 * Returns: %TRUE if all examples behave; otherwise %FALSE with a %QNAV_ERROR_INVALID_PATTERN error
 *   quoting the first example that does not
 *
 * Since: 0.1
 */
gboolean
qnav_error_pattern_check_examples (QnavErrorPattern *self, GError **error)
{
	g_return_val_if_fail (QNAV_IS_ERROR_PATTERN (self), FALSE);

	ensure_examples (self);
	for (guint i = 0; self->examples != NULL && self->examples[i] != NULL; i++) {
		g_autoptr(GError) error_local = NULL;
		if (!qnav_error_pattern_match (self, self->examples[i], -1, NULL, NULL,
					       &error_local)) {
			if (error_local != NULL) {
				g_propagate_prefixed_error (error, g_steal_pointer (&error_local),
							    "pattern \"%s\": ", self->id);
				return FALSE;
			}
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN,
				     "pattern \"%s\" does not match its example \"%s\"", self->id,
				     self->examples[i]);
			return FALSE;
		}
	}
	for (guint i = 0; self->negative_examples != NULL && self->negative_examples[i] != NULL;
	     i++) {
		g_autoptr(GError) error_local = NULL;
		if (qnav_error_pattern_match (self, self->negative_examples[i], -1, NULL, NULL,
					      &error_local)) {
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN,
				     "pattern \"%s\" matches its negative example \"%s\"",
				     self->id, self->negative_examples[i]);
			return FALSE;
		}
		if (error_local != NULL) {
			g_propagate_prefixed_error (error, g_steal_pointer (&error_local),
						    "pattern \"%s\": ", self->id);
			return FALSE;
		}
	}
	return TRUE;
}

#define DEFINE_STRING_ACCESSORS(field, PROP)                                                       \
	const gchar *qnav_error_pattern_get_##field (QnavErrorPattern *self)                       \
	{                                                                                          \
		g_return_val_if_fail (QNAV_IS_ERROR_PATTERN (self), NULL);                         \
		return self->field;                                                                \
	}                                                                                          \
	void qnav_error_pattern_set_##field (QnavErrorPattern *self, const gchar *value)           \
	{                                                                                          \
		g_return_if_fail (QNAV_IS_ERROR_PATTERN (self));                                   \
		if (g_strcmp0 (self->field, value) == 0)                                           \
			return;                                                                    \
		own_strings (self);                                                                \
		g_free (self->field);                                                              \
		self->field = g_strdup (value);                                                    \
		g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);                      \
	}

#define DEFINE_STRV_ACCESSORS(field, PROP)                                                         \
	const gchar *const *qnav_error_pattern_get_##field (QnavErrorPattern *self)                \
	{                                                                                          \
		g_return_val_if_fail (QNAV_IS_ERROR_PATTERN (self), NULL);                         \
		ensure_examples (self);                                                            \
		return (const gchar *const *) self->field;                                         \
	}                                                                                          \
	void qnav_error_pattern_set_##field (QnavErrorPattern *self, const gchar *const *value)    \
	{                                                                                          \
		g_return_if_fail (QNAV_IS_ERROR_PATTERN (self));                                   \
		ensure_examples (self);                                                            \
		if (self->field != NULL && value != NULL &&                                        \
		    g_strv_equal ((const gchar *const *) self->field, value))                      \
			return;                                                                    \
		g_strfreev (self->field);                                                          \
		self->field = g_strdupv ((gchar **) value);                                        \
		g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);                      \
	}

#define DEFINE_DOUBLE_ACCESSORS(field, PROP)                                                       \
	gdouble qnav_error_pattern_get_##field (QnavErrorPattern *self)                            \
	{                                                                                          \
		g_return_val_if_fail (QNAV_IS_ERROR_PATTERN (self), 0.0);                          \
		return self->field;                                                                \
	}                                                                                          \
	void qnav_error_pattern_set_##field (QnavErrorPattern *self, gdouble value)                \
	{                                                                                          \
		g_return_if_fail (QNAV_IS_ERROR_PATTERN (self));                                   \
		g_return_if_fail (value >= 0.0 && value <= 1.0);                                   \
		if (self->field == value)                                                          \
			return;                                                                    \
		self->field = value;                                                               \
		g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);                      \
	}

/**
 * qnav_error_pattern_get_description:
 * @self: a #QnavErrorPattern
 *
 * Returns: (nullable): what went wrong, in one sentence
 *
 * Since: 0.1
 */
/**
 * qnav_error_pattern_set_description:
 * @self: a #QnavErrorPattern
 * @value: (nullable): what went wrong, in one sentence
 *
 * Sets #QnavErrorPattern:description.
 *
 * Since: 0.1
 */
DEFINE_STRING_ACCESSORS (description, PROP_DESCRIPTION)

/**
 * qnav_error_pattern_get_recovery_hint:
 * @self: a #QnavErrorPattern
 *
 * Returns: (nullable): what to do about the failure
 *
 * Since: 0.1
 */
/**
 * qnav_error_pattern_set_recovery_hint:
 * @self: a #QnavErrorPattern
 * @value: (nullable): what to do about the failure
 *
 * Sets #QnavErrorPattern:recovery-hint.
 *
 * Since: 0.1
 */
DEFINE_STRING_ACCESSORS (recovery_hint, PROP_RECOVERY_HINT)

/**
 * qnav_error_pattern_get_services:
 * @self: a #QnavErrorPattern
 *
 * Returns: (nullable) (transfer none): the logical services involved
 *
 * Since: 0.1
 */
/**
 * qnav_error_pattern_set_services:
 * @self: a #QnavErrorPattern
 * @value: (nullable) (array zero-terminated=1): logical service names
 *
 * Sets #QnavErrorPattern:services.
 *
 * Since: 0.1
 */
DEFINE_STRV_ACCESSORS (services, PROP_SERVICES)

/**
 * qnav_error_pattern_get_examples:
 * @self: a #QnavErrorPattern
 *
 * Returns: (nullable) (transfer none): texts the pattern must match
 *
 * Since: 0.1
 */
/**
 * qnav_error_pattern_set_examples:
 * @self: a #QnavErrorPattern
 * @value: (nullable) (array zero-terminated=1): texts the pattern must match
 *
 * Sets #QnavErrorPattern:examples.
 *
 * Since: 0.1
 */
DEFINE_STRV_ACCESSORS (examples, PROP_EXAMPLES)

/**
 * qnav_error_pattern_get_negative_examples:
 * @self: a #QnavErrorPattern
 *
 * Returns: (nullable) (transfer none): texts the pattern must not match
 *
 * Since: 0.1
 */
/**
 * qnav_error_pattern_set_negative_examples:
 * @self: a #QnavErrorPattern
 * @value: (nullable) (array zero-terminated=1): texts the pattern must not match
 *
 * Sets #QnavErrorPattern:negative-examples.
 *
 * Since: 0.1
 */
DEFINE_STRV_ACCESSORS (negative_examples, PROP_NEGATIVE_EXAMPLES)

/**
 * qnav_error_pattern_get_weight:
 * @self: a #QnavErrorPattern
 *
 * Returns: the #QnavErrorPattern:weight
 *
 * Since: 0.1
 */
/**
 * qnav_error_pattern_set_weight:
 * @self: a #QnavErrorPattern
 * @value: a weight from 0 to 1
 *
 * Sets #QnavErrorPattern:weight.
 *
 * Since: 0.1
 */
DEFINE_DOUBLE_ACCESSORS (weight, PROP_WEIGHT)

/**
 * qnav_error_pattern_get_specificity:
 * @self: a #QnavErrorPattern
 *
 * Returns: the #QnavErrorPattern:specificity
 *
 * Since: 0.1
 */
/**
 * qnav_error_pattern_set_specificity:
 * @self: a #QnavErrorPattern
 * @value: a specificity from 0 to 1
 *
 * Sets #QnavErrorPattern:specificity.
 *
 * Since: 0.1
 */
DEFINE_DOUBLE_ACCESSORS (specificity, PROP_SPECIFICITY)

/**
 * qnav_error_pattern_get_id:
 * @self: a #QnavErrorPattern
 *
 * Returns: the identifier
 *
 * Since: 0.1
 */
const gchar *
qnav_error_pattern_get_id (QnavErrorPattern *self)
{
	g_return_val_if_fail (QNAV_IS_ERROR_PATTERN (self), NULL);
	return self->id;
}

/**
 * qnav_error_pattern_get_regex:
 * @self: a #QnavErrorPattern
 *
 * Returns: the regular expression
 *
 * Since: 0.1
 */
const gchar *
qnav_error_pattern_get_regex (QnavErrorPattern *self)
{
	g_return_val_if_fail (QNAV_IS_ERROR_PATTERN (self), NULL);
	return self->regex;
}

/**
 * qnav_error_pattern_get_category:
 * @self: a #QnavErrorPattern
 *
 * Returns: the root cause a match points to
 *
 * Since: 0.1
 */
QnavRootCause
qnav_error_pattern_get_category (QnavErrorPattern *self)
{
	g_return_val_if_fail (QNAV_IS_ERROR_PATTERN (self), QNAV_ROOT_CAUSE_UNKNOWN);
	return self->category;
}

/**
 * qnav_error_pattern_get_severity:
 * @self: a #QnavErrorPattern
 *
 * Returns: the severity
 *
 * Since: 0.1
 */
QnavSeverity
qnav_error_pattern_get_severity (QnavErrorPattern *self)
{
	g_return_val_if_fail (QNAV_IS_ERROR_PATTERN (self), QNAV_SEVERITY_MEDIUM);
	return self->severity;
}

/**
 * qnav_error_pattern_set_severity:
 * @self: a #QnavErrorPattern
 * @severity: a #QnavSeverity
 *
 * Sets #QnavErrorPattern:severity.
 *
 * Since: 0.1
 */
void
qnav_error_pattern_set_severity (QnavErrorPattern *self, QnavSeverity severity)
{
	g_return_if_fail (QNAV_IS_ERROR_PATTERN (self));
	if (self->severity == severity)
		return;
	self->severity = severity;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEVERITY]);
}

/**
 * qnav_error_pattern_get_case_sensitive:
 * @self: a #QnavErrorPattern
 *
 * Returns: whether the regex is matched case-sensitively
 *
 * Since: 0.1
 */
gboolean
qnav_error_pattern_get_case_sensitive (QnavErrorPattern *self)
{
	g_return_val_if_fail (QNAV_IS_ERROR_PATTERN (self), FALSE);
	return self->case_sensitive;
}

void
qnav_error_pattern_set_case_sensitive (QnavErrorPattern *self, gboolean case_sensitive)
{
	if (self->case_sensitive == case_sensitive)
		return;
	self->case_sensitive = case_sensitive;
	/* the compiled form depends on it */
	g_clear_pointer (&self->compiled, g_regex_unref);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CASE_SENSITIVE]);
}

/**
 * qnav_error_pattern_get_source:
 * @self: a #QnavErrorPattern
 *
 * Returns: (nullable): where the pattern was loaded from
 *
 * Since: 0.1
 */
const gchar *
qnav_error_pattern_get_source (QnavErrorPattern *self)
{
	g_return_val_if_fail (QNAV_IS_ERROR_PATTERN (self), NULL);
	return self->source;
}

void
qnav_error_pattern_set_source (QnavErrorPattern *self, const gchar *source)
{
	if (g_strcmp0 (self->source, source) == 0)
		return;
	own_strings (self);
	g_free (self->source);
	self->source = g_strdup (source);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
}

/**
 * qnav_error_pattern_get_keywords:
 * @self: a #QnavErrorPattern
 *
 * Returns: (nullable) (transfer none): the literals every match holds one of, or %NULL
 *
 * Since: 0.1
 */
const gchar *const *
qnav_error_pattern_get_keywords (QnavErrorPattern *self)
{
	g_return_val_if_fail (QNAV_IS_ERROR_PATTERN (self), NULL);
	return (const gchar *const *) self->keywords;
}
