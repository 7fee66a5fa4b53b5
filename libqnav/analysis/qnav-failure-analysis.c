/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "qnav-diagnostic-context-private.h"
#include "qnav-enum-types.h"
#include "qnav-error.h"
#include "qnav-evidence-private.h"
#include "qnav-failure-analysis-private.h"
#include "qnav-json-private.h"

/**
 * QnavFailureAnalysis:
 *
 * The result of diagnosing a failure: its root-cause category with a calibrated confidence,
 * the evidence behind it, what to do about it, and a fingerprint that recognises the same
 * failure when it comes back.
 *
 * Its JSON form (qnav_failure_analysis_to_json()) keeps every key of the Python original's
 * `analysis.json` and adds the rest; qnav_failure_analysis_new_from_json() reads both.
 *
 * Since: 0.1
 */

struct _QnavFailureAnalysis {
	GObject parent_instance;

	GDateTime *timestamp;
	gchar *plugin;
	gchar *error_message;
	QnavRootCause root_cause;
	gchar *description;
	gdouble confidence;
	QnavSeverity severity;
	GPtrArray *affected_services;   /* NULL-terminated, gchar* */
	GPtrArray *correlated_failures; /* NULL-terminated, gchar* */
	GPtrArray *pattern_matches;     /* NULL-terminated, gchar* */
	GPtrArray *recommended_actions; /* NULL-terminated, gchar* */
	GPtrArray *notes;               /* NULL-terminated, gchar* */
	GPtrArray *evidence;            /* QnavEvidence */
	gdouble scores[QNAV_ROOT_CAUSE_N_CATEGORIES];
	gchar *fingerprint;
	QnavDiagnosticContext *context;
	gchar *llm_reasoning;
};

G_DEFINE_FINAL_TYPE (QnavFailureAnalysis, qnav_failure_analysis, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_TIMESTAMP,
	PROP_PLUGIN,
	PROP_ERROR_MESSAGE,
	PROP_ROOT_CAUSE,
	PROP_DESCRIPTION,
	PROP_CONFIDENCE,
	PROP_SEVERITY,
	PROP_AFFECTED_SERVICES,
	PROP_CORRELATED_FAILURES,
	PROP_PATTERN_MATCHES,
	PROP_RECOMMENDED_ACTIONS,
	PROP_EVIDENCE,
	PROP_FINGERPRINT,
	PROP_CONTEXT,
	PROP_LLM_REASONING,
	PROP_NOTES,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
qnav_failure_analysis_finalize (GObject *object)
{
	QnavFailureAnalysis *self = QNAV_FAILURE_ANALYSIS (object);

	g_clear_pointer (&self->timestamp, g_date_time_unref);
	g_free (self->plugin);
	g_free (self->error_message);
	g_free (self->description);
	g_ptr_array_unref (self->affected_services);
	g_ptr_array_unref (self->correlated_failures);
	g_ptr_array_unref (self->pattern_matches);
	g_ptr_array_unref (self->recommended_actions);
	g_ptr_array_unref (self->notes);
	g_ptr_array_unref (self->evidence);
	g_free (self->fingerprint);
	g_clear_object (&self->context);
	g_free (self->llm_reasoning);

	G_OBJECT_CLASS (qnav_failure_analysis_parent_class)->finalize (object);
}

static void
qnav_failure_analysis_get_property (GObject *object, guint prop_id, GValue *value,
				    GParamSpec *pspec)
{
	QnavFailureAnalysis *self = QNAV_FAILURE_ANALYSIS (object);

	switch (prop_id) {
	case PROP_TIMESTAMP:
		g_value_set_boxed (value, self->timestamp);
		break;
	case PROP_PLUGIN:
		g_value_set_string (value, self->plugin);
		break;
	case PROP_ERROR_MESSAGE:
		g_value_set_string (value, self->error_message);
		break;
	case PROP_ROOT_CAUSE:
		g_value_set_enum (value, self->root_cause);
		break;
	case PROP_DESCRIPTION:
		g_value_set_string (value, self->description);
		break;
	case PROP_CONFIDENCE:
		g_value_set_double (value, self->confidence);
		break;
	case PROP_SEVERITY:
		g_value_set_enum (value, self->severity);
		break;
	case PROP_AFFECTED_SERVICES:
		g_value_set_boxed (value, self->affected_services->pdata);
		break;
	case PROP_CORRELATED_FAILURES:
		g_value_set_boxed (value, self->correlated_failures->pdata);
		break;
	case PROP_PATTERN_MATCHES:
		g_value_set_boxed (value, self->pattern_matches->pdata);
		break;
	case PROP_RECOMMENDED_ACTIONS:
		g_value_set_boxed (value, self->recommended_actions->pdata);
		break;
	case PROP_EVIDENCE:
		g_value_set_boxed (value, self->evidence);
		break;
	case PROP_FINGERPRINT:
		g_value_set_string (value, self->fingerprint);
		break;
	case PROP_CONTEXT:
		g_value_set_object (value, self->context);
		break;
	case PROP_LLM_REASONING:
		g_value_set_string (value, self->llm_reasoning);
		break;
	case PROP_NOTES:
		g_value_set_boxed (value, self->notes->pdata);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_failure_analysis_class_init (QnavFailureAnalysisClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);

	object_class->finalize = qnav_failure_analysis_finalize;
	object_class->get_property = qnav_failure_analysis_get_property;

	/**
	 * QnavFailureAnalysis:timestamp:
	 *
	 * When the analysis was made.
	 *
	 * Since: 0.1
	 */
	properties[PROP_TIMESTAMP] = g_param_spec_boxed (
		"timestamp", NULL, NULL, G_TYPE_DATE_TIME, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavFailureAnalysis:plugin:
	 *
	 * The plugin, job or step that failed.
	 *
	 * Since: 0.1
	 */
	properties[PROP_PLUGIN] = g_param_spec_string ("plugin", NULL, NULL, NULL,
						       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavFailureAnalysis:error-message:
	 *
	 * The failure text that was analysed, cut to 64 KiB.
	 *
	 * Since: 0.1
	 */
	properties[PROP_ERROR_MESSAGE] = g_param_spec_string (
		"error-message", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavFailureAnalysis:root-cause:
	 *
	 * The most likely root-cause category.
	 *
	 * Since: 0.1
	 */
	properties[PROP_ROOT_CAUSE] = g_param_spec_enum (
		"root-cause", NULL, NULL, QNAV_TYPE_ROOT_CAUSE, QNAV_ROOT_CAUSE_UNKNOWN,
		G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavFailureAnalysis:description:
	 *
	 * What went wrong, in one sentence.
	 *
	 * Since: 0.1
	 */
	properties[PROP_DESCRIPTION] = g_param_spec_string (
		"description", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavFailureAnalysis:confidence:
	 *
	 * The probability, from 0 to 1, that #QnavFailureAnalysis:root-cause is right. It is
	 * calibrated on a labelled corpus of real failures: of the diagnoses made at 0.8, about
	 * 80% or more are right.
	 *
	 * Since: 0.1
	 */
	properties[PROP_CONFIDENCE] = g_param_spec_double (
		"confidence", NULL, NULL, 0.0, 1.0, 0.0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavFailureAnalysis:severity:
	 *
	 * How bad the failure is.
	 *
	 * Since: 0.1
	 */
	properties[PROP_SEVERITY] = g_param_spec_enum (
		"severity", NULL, NULL, QNAV_TYPE_SEVERITY, QNAV_SEVERITY_MEDIUM,
		G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavFailureAnalysis:affected-services:
	 *
	 * The logical services involved in the failure.
	 *
	 * Since: 0.1
	 */
	properties[PROP_AFFECTED_SERVICES] = g_param_spec_boxed (
		"affected-services", NULL, NULL, G_TYPE_STRV,
		G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavFailureAnalysis:correlated-failures:
	 *
	 * Involved services that the probes found down.
	 *
	 * Since: 0.1
	 */
	properties[PROP_CORRELATED_FAILURES] = g_param_spec_boxed (
		"correlated-failures", NULL, NULL, G_TYPE_STRV,
		G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavFailureAnalysis:pattern-matches:
	 *
	 * The ids of every pattern that matched, strongest first.
	 *
	 * Since: 0.1
	 */
	properties[PROP_PATTERN_MATCHES] = g_param_spec_boxed (
		"pattern-matches", NULL, NULL, G_TYPE_STRV,
		G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavFailureAnalysis:recommended-actions:
	 *
	 * What to do, most useful first.
	 *
	 * Since: 0.1
	 */
	properties[PROP_RECOMMENDED_ACTIONS] = g_param_spec_boxed (
		"recommended-actions", NULL, NULL, G_TYPE_STRV,
		G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavFailureAnalysis:evidence: (type GPtrArray(QnavEvidence))
	 *
	 * The evidence behind the diagnosis, strongest first. From JavaScript, read it with
	 * qnav_failure_analysis_get_evidence(): GJS 1.74 cannot convert a #GPtrArray property.
	 *
	 * Since: 0.1
	 */
	properties[PROP_EVIDENCE] = g_param_spec_boxed (
		"evidence", NULL, NULL, G_TYPE_PTR_ARRAY, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavFailureAnalysis:fingerprint:
	 *
	 * A stable identity for "the same failure again": it depends on the category, the
	 * patterns that decided it and the decisive text with its variable parts (numbers,
	 * ids, addresses, temporary paths) masked.
	 *
	 * Since: 0.1
	 */
	properties[PROP_FINGERPRINT] = g_param_spec_string (
		"fingerprint", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavFailureAnalysis:context:
	 *
	 * The diagnostic context the analysis saw, if any.
	 *
	 * Since: 0.1
	 */
	properties[PROP_CONTEXT] = g_param_spec_object ("context", NULL, NULL,
							QNAV_TYPE_DIAGNOSTIC_CONTEXT,
							G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavFailureAnalysis:llm-reasoning:
	 *
	 * A language model's reasoning, when one was consulted.
	 *
	 * Since: 0.1
	 */
	properties[PROP_LLM_REASONING] = g_param_spec_string (
		"llm-reasoning", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavFailureAnalysis:notes:
	 *
	 * Remarks about how the analysis ran, such as a pattern that was switched off because
	 * it was too slow.
	 *
	 * Since: 0.1
	 */
	properties[PROP_NOTES] = g_param_spec_boxed ("notes", NULL, NULL, G_TYPE_STRV,
						     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_failure_analysis_init (QnavFailureAnalysis *self)
{
	self->severity = QNAV_SEVERITY_MEDIUM;
	self->affected_services = g_ptr_array_new_null_terminated (4, g_free, TRUE);
	self->correlated_failures = g_ptr_array_new_null_terminated (4, g_free, TRUE);
	self->pattern_matches = g_ptr_array_new_null_terminated (4, g_free, TRUE);
	self->recommended_actions = g_ptr_array_new_null_terminated (4, g_free, TRUE);
	self->notes = g_ptr_array_new_null_terminated (1, g_free, TRUE);
	self->evidence = g_ptr_array_new_with_free_func (g_object_unref);
}

QnavFailureAnalysis *
qnav_failure_analysis_new (const gchar *plugin, const gchar *error_message, gssize error_length)
{
	QnavFailureAnalysis *self = g_object_new (QNAV_TYPE_FAILURE_ANALYSIS, NULL);

	self->timestamp = g_date_time_new_now_utc ();
	self->plugin = qnav_json_clean_text (plugin != NULL ? plugin : "unknown", -1, 1024);
	self->error_message = qnav_json_clean_text (error_message != NULL ? error_message : "",
						    error_length, QNAV_JSON_MAX_TEXT);
	return self;
}

static gboolean
add_unique (GPtrArray *list, const gchar *text)
{
	if (text == NULL || *text == '\0')
		return FALSE;
	for (guint i = 0; i < list->len; i++) {
		if (g_strcmp0 (g_ptr_array_index (list, i), text) == 0)
			return FALSE;
	}
	g_ptr_array_add (list, g_strdup (text));
	return TRUE;
}

void
qnav_failure_analysis_set_timestamp (QnavFailureAnalysis *self, GDateTime *timestamp)
{
	g_clear_pointer (&self->timestamp, g_date_time_unref);
	self->timestamp = g_date_time_ref (timestamp);
}

void
qnav_failure_analysis_set_result (QnavFailureAnalysis *self, QnavRootCause root_cause,
				  gdouble confidence, QnavSeverity severity,
				  const gchar *description)
{
	self->root_cause = root_cause;
	/* three decimals: what the document carries, so that reading it back gives the same */
	self->confidence = round (CLAMP (confidence, 0.0, 1.0) * 1000.0) / 1000.0;
	self->severity = severity;
	g_free (self->description);
	self->description = g_strdup (description);
}

void
qnav_failure_analysis_set_score (QnavFailureAnalysis *self, QnavRootCause root_cause,
				 gdouble score)
{
	if ((guint) root_cause < QNAV_ROOT_CAUSE_N_CATEGORIES)
		self->scores[root_cause] = round (score * 1000.0) / 1000.0;
}

void
qnav_failure_analysis_add_affected_service (QnavFailureAnalysis *self, const gchar *name)
{
	add_unique (self->affected_services, name);
}

void
qnav_failure_analysis_add_correlated_failure (QnavFailureAnalysis *self, const gchar *name)
{
	add_unique (self->correlated_failures, name);
}

void
qnav_failure_analysis_add_pattern_match (QnavFailureAnalysis *self, const gchar *id)
{
	add_unique (self->pattern_matches, id);
}

void
qnav_failure_analysis_add_recommended_action (QnavFailureAnalysis *self, const gchar *action)
{
	add_unique (self->recommended_actions, action);
}

void
qnav_failure_analysis_add_note (QnavFailureAnalysis *self, const gchar *note)
{
	add_unique (self->notes, note);
}

void
qnav_failure_analysis_add_evidence (QnavFailureAnalysis *self, QnavEvidence *evidence)
{
	g_ptr_array_add (self->evidence, g_object_ref (evidence));
}

void
qnav_failure_analysis_set_fingerprint (QnavFailureAnalysis *self, const gchar *fingerprint)
{
	g_free (self->fingerprint);
	self->fingerprint = g_strdup (fingerprint);
}

void
qnav_failure_analysis_set_context (QnavFailureAnalysis *self, QnavDiagnosticContext *context)
{
	g_set_object (&self->context, context);
}

void
qnav_failure_analysis_set_llm_reasoning (QnavFailureAnalysis *self, const gchar *reasoning)
{
	g_free (self->llm_reasoning);
	self->llm_reasoning = g_strdup (reasoning);
}

static gdouble
round3 (gdouble value)
{
	return round (value * 1000.0) / 1000.0;
}

JsonNode *
qnav_failure_analysis_to_json_node (QnavFailureAnalysis *self)
{
	g_autoptr(JsonBuilder) builder = json_builder_new ();

	json_builder_begin_object (builder);
	json_builder_set_member_name (builder, "schema_version");
	json_builder_add_int_value (builder, QNAV_SCHEMA_VERSION);
	qnav_json_builder_add_datetime (builder, "timestamp", self->timestamp);
	qnav_json_builder_add_string (builder, "plugin", self->plugin);
	qnav_json_builder_add_string (builder, "root_cause",
				      qnav_root_cause_to_string (self->root_cause));
	qnav_json_builder_add_string (builder, "description", self->description);
	json_builder_set_member_name (builder, "confidence");
	json_builder_add_double_value (builder, round3 (self->confidence));
	qnav_json_builder_add_string (builder, "severity",
				      qnav_severity_to_string (self->severity));
	qnav_json_builder_add_strv (builder, "affected_services",
				    (const gchar *const *) self->affected_services->pdata);
	qnav_json_builder_add_strv (builder, "correlated_failures",
				    (const gchar *const *) self->correlated_failures->pdata);
	qnav_json_builder_add_strv (builder, "pattern_matches",
				    (const gchar *const *) self->pattern_matches->pdata);
	qnav_json_builder_add_strv (builder, "recommended_actions",
				    (const gchar *const *) self->recommended_actions->pdata);
	json_builder_set_member_name (builder, "evidence");
	json_builder_begin_array (builder);
	for (guint i = 0; i < self->evidence->len; i++)
		json_builder_add_value (builder,
					qnav_evidence_to_json_node (g_ptr_array_index (self->evidence, i)));
	json_builder_end_array (builder);
	json_builder_set_member_name (builder, "scores");
	json_builder_begin_object (builder);
	for (guint c = 0; c < QNAV_ROOT_CAUSE_N_CATEGORIES; c++) {
		if (self->scores[c] <= 0.0)
			continue;
		json_builder_set_member_name (builder, qnav_root_cause_to_string (c));
		json_builder_add_double_value (builder, round3 (self->scores[c]));
	}
	json_builder_end_object (builder);
	qnav_json_builder_add_string (builder, "fingerprint", self->fingerprint);
	qnav_json_builder_add_string (builder, "error_message", self->error_message);
	qnav_json_builder_add_string (builder, "llm_reasoning", self->llm_reasoning);
	qnav_json_builder_add_strv (builder, "notes", (const gchar *const *) self->notes->pdata);
	json_builder_set_member_name (builder, "context");
	if (self->context != NULL)
		json_builder_add_value (builder,
					qnav_diagnostic_context_to_json_node (self->context));
	else
		json_builder_add_null_value (builder);
	json_builder_end_object (builder);
	return json_builder_get_root (builder);
}

/**
 * qnav_failure_analysis_to_json:
 * @self: a #QnavFailureAnalysis
 *
 * Serialises the analysis as the `analysis` document (`data/schema/analysis.schema.json`),
 * with every text passed through the redactor.
 *
 * Returns: (transfer full): pretty-printed JSON
 *
 * Since: 0.1
 */
gchar *
qnav_failure_analysis_to_json (QnavFailureAnalysis *self)
{
	g_autoptr(JsonNode) node = NULL;

	g_return_val_if_fail (QNAV_IS_FAILURE_ANALYSIS (self), NULL);

	node = qnav_failure_analysis_to_json_node (self);
	return qnav_json_to_redacted_string (node, TRUE);
}

static gboolean
read_strv_into (JsonObject *object, const gchar *member, GPtrArray *list, GError **error)
{
	g_auto(GStrv) values = NULL;

	if (!qnav_json_get_strv (object, member, FALSE, &values, error))
		return FALSE;
	for (guint i = 0; values != NULL && values[i] != NULL; i++)
		add_unique (list, values[i]);
	return TRUE;
}

static QnavFailureAnalysis *
new_from_json_object (JsonObject *object, GError **error)
{
	g_autoptr(QnavFailureAnalysis) self = NULL;
	const gchar *plugin = "unknown", *root_cause = NULL, *severity = NULL;
	const gchar *description = NULL, *error_message = NULL, *fingerprint = NULL;
	const gchar *llm_reasoning = NULL;
	gint64 schema_version = QNAV_SCHEMA_VERSION;
	gdouble confidence = 0.0;
	g_autoptr(GDateTime) timestamp = NULL;
	JsonArray *evidence = NULL;
	JsonObject *scores = NULL, *context = NULL;
	QnavRootCause root_cause_value;
	QnavSeverity severity_value = QNAV_SEVERITY_MEDIUM;

	if (!qnav_json_get_int (object, "schema_version", FALSE, &schema_version, error))
		return NULL;
	if (schema_version != QNAV_SCHEMA_VERSION) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "schema_version %" G_GINT64_FORMAT
			     " is not supported (this qnav reads version %d)",
			     schema_version, QNAV_SCHEMA_VERSION);
		return NULL;
	}
	if (!qnav_json_get_string (object, "plugin", FALSE, &plugin, error) ||
	    !qnav_json_get_string (object, "root_cause", TRUE, &root_cause, error) ||
	    !qnav_json_get_string (object, "severity", FALSE, &severity, error) ||
	    !qnav_json_get_double (object, "confidence", FALSE, &confidence, error) ||
	    !qnav_json_get_datetime (object, "timestamp", FALSE, &timestamp, error) ||
	    !qnav_json_get_string (object, "description", FALSE, &description, error) ||
	    !qnav_json_get_string (object, "error_message", FALSE, &error_message, error) ||
	    !qnav_json_get_string (object, "fingerprint", FALSE, &fingerprint, error) ||
	    !qnav_json_get_string (object, "llm_reasoning", FALSE, &llm_reasoning, error) ||
	    !qnav_json_get_array (object, "evidence", FALSE, &evidence, error) ||
	    !qnav_json_get_object (object, "scores", FALSE, &scores, error) ||
	    !qnav_json_get_object (object, "context", FALSE, &context, error))
		return NULL;
	/* the Python original's spelling of these two */
	if (description == NULL &&
	    !qnav_json_get_string (object, "root_cause_description", FALSE, &description, error))
		return NULL;
	if (llm_reasoning == NULL &&
	    !qnav_json_get_string (object, "lm_reasoning", FALSE, &llm_reasoning, error))
		return NULL;

	if (!qnav_root_cause_from_string (root_cause, &root_cause_value)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "member \"root_cause\": unknown root cause \"%s\"", root_cause);
		return NULL;
	}
	if (severity != NULL && !qnav_severity_from_string (severity, &severity_value)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "member \"severity\": unknown severity \"%s\"", severity);
		return NULL;
	}
	if (!(confidence >= 0.0 && confidence <= 1.0)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "member \"confidence\" must be between 0 and 1, not %g", confidence);
		return NULL;
	}

	self = qnav_failure_analysis_new (plugin, error_message, -1);
	if (timestamp != NULL)
		qnav_failure_analysis_set_timestamp (self, timestamp);
	qnav_failure_analysis_set_result (self, root_cause_value, confidence, severity_value,
					  description);
	self->fingerprint = g_strdup (fingerprint);
	self->llm_reasoning = g_strdup (llm_reasoning);
	if (!read_strv_into (object, "affected_services", self->affected_services, error) ||
	    !read_strv_into (object, "correlated_failures", self->correlated_failures, error) ||
	    !read_strv_into (object, "pattern_matches", self->pattern_matches, error) ||
	    !read_strv_into (object, "recommended_actions", self->recommended_actions, error) ||
	    !read_strv_into (object, "notes", self->notes, error))
		return NULL;
	for (guint i = 0; evidence != NULL && i < json_array_get_length (evidence); i++) {
		JsonNode *node = json_array_get_element (evidence, i);
		g_autoptr(QnavEvidence) item = NULL;
		if (!JSON_NODE_HOLDS_OBJECT (node)) {
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "member \"evidence\": element %u is not an object", i);
			return NULL;
		}
		item = qnav_evidence_new_from_json_object (json_node_get_object (node), error);
		if (item == NULL) {
			g_prefix_error (error, "member \"evidence\", element %u: ", i);
			return NULL;
		}
		g_ptr_array_add (self->evidence, g_steal_pointer (&item));
	}
	for (guint c = 0; scores != NULL && c < QNAV_ROOT_CAUSE_N_CATEGORIES; c++) {
		gdouble score = 0.0;
		if (!qnav_json_get_double (scores, qnav_root_cause_to_string (c), FALSE, &score,
					   error)) {
			g_prefix_error (error, "member \"scores\": ");
			return NULL;
		}
		self->scores[c] = score;
	}
	if (context != NULL) {
		self->context = qnav_diagnostic_context_new_from_json_object (context, error);
		if (self->context == NULL) {
			g_prefix_error (error, "member \"context\": ");
			return NULL;
		}
	}
	return g_steal_pointer (&self);
}

/**
 * qnav_failure_analysis_new_from_json:
 * @json: an `analysis` document, or the Python original's `analysis.json`
 * @length: the length of @json, or -1 if it is NUL-terminated
 * @error: return location for a #GError
 *
 * Reads an analysis back. Errors name the member that is wrong.
 *
 * Returns: (transfer full): a new #QnavFailureAnalysis, or %NULL with a
 *   %QNAV_ERROR_INVALID_DATA error
 *
 * Since: 0.1
 */
QnavFailureAnalysis *
qnav_failure_analysis_new_from_json (const gchar *json, gssize length, GError **error)
{
	g_autoptr(JsonObject) object = NULL;
	QnavFailureAnalysis *self;

	g_return_val_if_fail (json != NULL, NULL);

	object = qnav_json_parse_object (json, length, "the analysis", error);
	if (object == NULL)
		return NULL;
	self = new_from_json_object (object, error);
	if (self == NULL)
		g_prefix_error (error, "the analysis is not valid: ");
	return self;
}

#define DEFINE_GETTER(type, field, fallback)                                          \
	type qnav_failure_analysis_get_##field (QnavFailureAnalysis *self)                         \
	{                                                                                          \
		g_return_val_if_fail (QNAV_IS_FAILURE_ANALYSIS (self), fallback);                  \
		return self->field;                                                                \
	}

#define DEFINE_STRV_GETTER(field)                                                                  \
	const gchar *const *qnav_failure_analysis_get_##field (QnavFailureAnalysis *self)          \
	{                                                                                          \
		g_return_val_if_fail (QNAV_IS_FAILURE_ANALYSIS (self), NULL);                      \
		return (const gchar *const *) self->field->pdata;                                  \
	}

/**
 * qnav_failure_analysis_get_timestamp:
 * @self: a #QnavFailureAnalysis
 *
 * Returns: (transfer none): when the analysis was made
 *
 * Since: 0.1
 */
DEFINE_GETTER (GDateTime *, timestamp, NULL)

/**
 * qnav_failure_analysis_get_plugin:
 * @self: a #QnavFailureAnalysis
 *
 * Returns: the plugin, job or step that failed
 *
 * Since: 0.1
 */
DEFINE_GETTER (const gchar *, plugin, NULL)

/**
 * qnav_failure_analysis_get_error_message:
 * @self: a #QnavFailureAnalysis
 *
 * Returns: the failure text that was analysed, cut to 64 KiB
 *
 * Since: 0.1
 */
DEFINE_GETTER (const gchar *, error_message, NULL)

/**
 * qnav_failure_analysis_get_root_cause:
 * @self: a #QnavFailureAnalysis
 *
 * Returns: the most likely root cause
 *
 * Since: 0.1
 */
DEFINE_GETTER (QnavRootCause, root_cause, QNAV_ROOT_CAUSE_UNKNOWN)

/**
 * qnav_failure_analysis_get_description:
 * @self: a #QnavFailureAnalysis
 *
 * Returns: (nullable): what went wrong, in one sentence
 *
 * Since: 0.1
 */
DEFINE_GETTER (const gchar *, description, NULL)

/**
 * qnav_failure_analysis_get_confidence:
 * @self: a #QnavFailureAnalysis
 *
 * Returns: the calibrated probability that the root cause is right
 *
 * Since: 0.1
 */
DEFINE_GETTER (gdouble, confidence, 0.0)

/**
 * qnav_failure_analysis_get_severity:
 * @self: a #QnavFailureAnalysis
 *
 * Returns: how bad the failure is
 *
 * Since: 0.1
 */
DEFINE_GETTER (QnavSeverity, severity, QNAV_SEVERITY_MEDIUM)

/**
 * qnav_failure_analysis_get_fingerprint:
 * @self: a #QnavFailureAnalysis
 *
 * Returns: (nullable): the failure's fingerprint
 *
 * Since: 0.1
 */
DEFINE_GETTER (const gchar *, fingerprint, NULL)

/**
 * qnav_failure_analysis_get_context:
 * @self: a #QnavFailureAnalysis
 *
 * Returns: (transfer none) (nullable): the context the analysis saw
 *
 * Since: 0.1
 */
DEFINE_GETTER (QnavDiagnosticContext *, context, NULL)

/**
 * qnav_failure_analysis_get_llm_reasoning:
 * @self: a #QnavFailureAnalysis
 *
 * Returns: (nullable): a language model's reasoning, if one was consulted
 *
 * Since: 0.1
 */
DEFINE_GETTER (const gchar *, llm_reasoning, NULL)

/**
 * qnav_failure_analysis_get_evidence:
 * @self: a #QnavFailureAnalysis
 *
 * Returns: (transfer none) (element-type QnavEvidence): the evidence, strongest first
 *
 * Since: 0.1
 */
DEFINE_GETTER (GPtrArray *, evidence, NULL)

/**
 * qnav_failure_analysis_get_affected_services:
 * @self: a #QnavFailureAnalysis
 *
 * Returns: (transfer none): the logical services involved
 *
 * Since: 0.1
 */
DEFINE_STRV_GETTER (affected_services)

/**
 * qnav_failure_analysis_get_correlated_failures:
 * @self: a #QnavFailureAnalysis
 *
 * Returns: (transfer none): involved services that the probes found down
 *
 * Since: 0.1
 */
DEFINE_STRV_GETTER (correlated_failures)

/**
 * qnav_failure_analysis_get_pattern_matches:
 * @self: a #QnavFailureAnalysis
 *
 * Returns: (transfer none): the ids of the patterns that matched, strongest first
 *
 * Since: 0.1
 */
DEFINE_STRV_GETTER (pattern_matches)

/**
 * qnav_failure_analysis_get_recommended_actions:
 * @self: a #QnavFailureAnalysis
 *
 * Returns: (transfer none): what to do, most useful first
 *
 * Since: 0.1
 */
DEFINE_STRV_GETTER (recommended_actions)

/**
 * qnav_failure_analysis_get_notes:
 * @self: a #QnavFailureAnalysis
 *
 * Returns: (transfer none): remarks about how the analysis ran
 *
 * Since: 0.1
 */
DEFINE_STRV_GETTER (notes)

/**
 * qnav_failure_analysis_get_score:
 * @self: a #QnavFailureAnalysis
 * @root_cause: a #QnavRootCause
 *
 * The combined strength of the evidence for @root_cause, from 0 to 1. The highest score
 * decides the root cause; the others show how close the alternatives came.
 *
 * Returns: the score of @root_cause
 *
 * Since: 0.1
 */
gdouble
qnav_failure_analysis_get_score (QnavFailureAnalysis *self, QnavRootCause root_cause)
{
	g_return_val_if_fail (QNAV_IS_FAILURE_ANALYSIS (self), 0.0);
	g_return_val_if_fail ((guint) root_cause < QNAV_ROOT_CAUSE_N_CATEGORIES, 0.0);
	return self->scores[root_cause];
}
