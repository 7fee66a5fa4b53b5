/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "qnav-enum-types.h"
#include "qnav-error.h"
#include "qnav-evidence-private.h"
#include "qnav-json-private.h"

/**
 * QnavEvidence:
 *
 * One reason behind a diagnosis: a pattern that matched a line (which line, what text), a
 * service found down, a full disk, an unreachable host. Its #QnavEvidence:weight says how
 * much it counted for its #QnavEvidence:category; a negative weight counted against it.
 *
 * Since: 0.1
 */

struct _QnavEvidence {
	GObject parent_instance;

	QnavEvidenceKind kind;
	QnavRootCause category;
	gdouble weight;
	gchar *signal;
	gchar *pattern_id;
	gchar *source;
	guint line;
	gchar *text;
	guint occurrences;
};

G_DEFINE_FINAL_TYPE (QnavEvidence, qnav_evidence, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_KIND,
	PROP_CATEGORY,
	PROP_WEIGHT,
	PROP_SIGNAL,
	PROP_PATTERN_ID,
	PROP_SOURCE,
	PROP_LINE,
	PROP_TEXT,
	PROP_OCCURRENCES,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
qnav_evidence_finalize (GObject *object)
{
	QnavEvidence *self = QNAV_EVIDENCE (object);

	g_free (self->signal);
	g_free (self->pattern_id);
	g_free (self->source);
	g_free (self->text);

	G_OBJECT_CLASS (qnav_evidence_parent_class)->finalize (object);
}

static void
qnav_evidence_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
	QnavEvidence *self = QNAV_EVIDENCE (object);

	switch (prop_id) {
	case PROP_KIND:
		g_value_set_enum (value, self->kind);
		break;
	case PROP_CATEGORY:
		g_value_set_enum (value, self->category);
		break;
	case PROP_WEIGHT:
		g_value_set_double (value, self->weight);
		break;
	case PROP_SIGNAL:
		g_value_set_string (value, self->signal);
		break;
	case PROP_PATTERN_ID:
		g_value_set_string (value, self->pattern_id);
		break;
	case PROP_SOURCE:
		g_value_set_string (value, self->source);
		break;
	case PROP_LINE:
		g_value_set_uint (value, self->line);
		break;
	case PROP_TEXT:
		g_value_set_string (value, self->text);
		break;
	case PROP_OCCURRENCES:
		g_value_set_uint (value, self->occurrences);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_evidence_set_property (GObject *object, guint prop_id, const GValue *value,
			    GParamSpec *pspec)
{
	QnavEvidence *self = QNAV_EVIDENCE (object);

	switch (prop_id) {
	case PROP_KIND:
		self->kind = g_value_get_enum (value);
		break;
	case PROP_CATEGORY:
		self->category = g_value_get_enum (value);
		break;
	case PROP_WEIGHT:
		self->weight = g_value_get_double (value);
		break;
	case PROP_SIGNAL:
		self->signal = g_value_dup_string (value);
		break;
	case PROP_PATTERN_ID:
		qnav_evidence_set_pattern_id (self, g_value_get_string (value));
		break;
	case PROP_SOURCE:
		qnav_evidence_set_source (self, g_value_get_string (value));
		break;
	case PROP_LINE:
		qnav_evidence_set_line (self, g_value_get_uint (value));
		break;
	case PROP_TEXT:
		qnav_evidence_set_text (self, g_value_get_string (value));
		break;
	case PROP_OCCURRENCES:
		qnav_evidence_set_occurrences (self, g_value_get_uint (value));
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_evidence_class_init (QnavEvidenceClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);

	object_class->finalize = qnav_evidence_finalize;
	object_class->get_property = qnav_evidence_get_property;
	object_class->set_property = qnav_evidence_set_property;

	/**
	 * QnavEvidence:kind:
	 *
	 * Where the evidence came from.
	 *
	 * Since: 0.1
	 */
	properties[PROP_KIND] = g_param_spec_enum (
		"kind", NULL, NULL, QNAV_TYPE_EVIDENCE_KIND, QNAV_EVIDENCE_KIND_PATTERN,
		G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavEvidence:category:
	 *
	 * The root cause the evidence counts for (or against).
	 *
	 * Since: 0.1
	 */
	properties[PROP_CATEGORY] = g_param_spec_enum (
		"category", NULL, NULL, QNAV_TYPE_ROOT_CAUSE, QNAV_ROOT_CAUSE_UNKNOWN,
		G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavEvidence:weight:
	 *
	 * How much the evidence counted, from -1 (against) to 1 (for).
	 *
	 * Since: 0.1
	 */
	properties[PROP_WEIGHT] = g_param_spec_double (
		"weight", NULL, NULL, -1.0, 1.0, 0.0,
		G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavEvidence:signal:
	 *
	 * What was observed, in words.
	 *
	 * Since: 0.1
	 */
	properties[PROP_SIGNAL] = g_param_spec_string (
		"signal", NULL, NULL, NULL,
		G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavEvidence:pattern-id:
	 *
	 * The id of the pattern that matched, for pattern evidence.
	 *
	 * Since: 0.1
	 */
	properties[PROP_PATTERN_ID] = g_param_spec_string (
		"pattern-id", NULL, NULL, NULL,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavEvidence:source:
	 *
	 * Which text or probe: `error` for the error message, `log:PATH` for a log file,
	 * `journal` for the journal, `service:NAME`, `disk:PATH`, `host:NAME`.
	 *
	 * Since: 0.1
	 */
	properties[PROP_SOURCE] = g_param_spec_string (
		"source", NULL, NULL, NULL,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavEvidence:line:
	 *
	 * The 1-based line of #QnavEvidence:source that matched, or 0.
	 *
	 * Since: 0.1
	 */
	properties[PROP_LINE] = g_param_spec_uint (
		"line", NULL, NULL, 0, G_MAXUINT, 0,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavEvidence:text:
	 *
	 * The text that matched, redacted and cut to a reasonable length.
	 *
	 * Since: 0.1
	 */
	properties[PROP_TEXT] = g_param_spec_string (
		"text", NULL, NULL, NULL,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavEvidence:occurrences:
	 *
	 * How many lines matched, for pattern evidence.
	 *
	 * Since: 0.1
	 */
	properties[PROP_OCCURRENCES] = g_param_spec_uint (
		"occurrences", NULL, NULL, 0, G_MAXUINT, 1,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_evidence_init (QnavEvidence *self)
{
	self->occurrences = 1;
}

/**
 * qnav_evidence_new:
 * @kind: where the evidence came from
 * @category: the root cause it counts for
 * @weight: how much, from -1 to 1
 * @signal: (nullable): what was observed, in words
 *
 * Returns: (transfer full): a new #QnavEvidence
 *
 * Since: 0.1
 */
QnavEvidence *
qnav_evidence_new (QnavEvidenceKind kind, QnavRootCause category, gdouble weight,
		   const gchar *signal)
{
	/* three decimals, as in the document */
	return g_object_new (QNAV_TYPE_EVIDENCE, "kind", kind, "category", category, "weight",
			     round (CLAMP (weight, -1.0, 1.0) * 1000.0) / 1000.0, "signal", signal,
			     NULL);
}

/**
 * qnav_evidence_get_kind:
 * @self: a #QnavEvidence
 *
 * Returns: where the evidence came from
 *
 * Since: 0.1
 */
QnavEvidenceKind
qnav_evidence_get_kind (QnavEvidence *self)
{
	g_return_val_if_fail (QNAV_IS_EVIDENCE (self), QNAV_EVIDENCE_KIND_PATTERN);
	return self->kind;
}

/**
 * qnav_evidence_get_category:
 * @self: a #QnavEvidence
 *
 * Returns: the root cause the evidence counts for
 *
 * Since: 0.1
 */
QnavRootCause
qnav_evidence_get_category (QnavEvidence *self)
{
	g_return_val_if_fail (QNAV_IS_EVIDENCE (self), QNAV_ROOT_CAUSE_UNKNOWN);
	return self->category;
}

/**
 * qnav_evidence_get_weight:
 * @self: a #QnavEvidence
 *
 * Returns: how much the evidence counted, from -1 to 1
 *
 * Since: 0.1
 */
gdouble
qnav_evidence_get_weight (QnavEvidence *self)
{
	g_return_val_if_fail (QNAV_IS_EVIDENCE (self), 0.0);
	return self->weight;
}

void
qnav_evidence_set_weight (QnavEvidence *self, gdouble weight)
{
	weight = round (CLAMP (weight, -1.0, 1.0) * 1000.0) / 1000.0;
	if (self->weight == weight)
		return;
	self->weight = weight;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WEIGHT]);
}

/**
 * qnav_evidence_get_signal:
 * @self: a #QnavEvidence
 *
 * Returns: (nullable): what was observed
 *
 * Since: 0.1
 */
const gchar *
qnav_evidence_get_signal (QnavEvidence *self)
{
	g_return_val_if_fail (QNAV_IS_EVIDENCE (self), NULL);
	return self->signal;
}

#define DEFINE_STRING_ACCESSORS(field, PROP)                                                       \
	const gchar *qnav_evidence_get_##field (QnavEvidence *self)                                \
	{                                                                                          \
		g_return_val_if_fail (QNAV_IS_EVIDENCE (self), NULL);                              \
		return self->field;                                                                \
	}                                                                                          \
	void qnav_evidence_set_##field (QnavEvidence *self, const gchar *value)                    \
	{                                                                                          \
		g_return_if_fail (QNAV_IS_EVIDENCE (self));                                        \
		if (g_strcmp0 (self->field, value) == 0)                                           \
			return;                                                                    \
		g_free (self->field);                                                              \
		self->field = g_strdup (value);                                                    \
		g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);                      \
	}

#define DEFINE_UINT_ACCESSORS(field, PROP)                                                         \
	guint qnav_evidence_get_##field (QnavEvidence *self)                                       \
	{                                                                                          \
		g_return_val_if_fail (QNAV_IS_EVIDENCE (self), 0);                                 \
		return self->field;                                                                \
	}                                                                                          \
	void qnav_evidence_set_##field (QnavEvidence *self, guint field)                           \
	{                                                                                          \
		g_return_if_fail (QNAV_IS_EVIDENCE (self));                                        \
		if (self->field == field)                                                          \
			return;                                                                    \
		self->field = field;                                                               \
		g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);                      \
	}

/**
 * qnav_evidence_get_pattern_id:
 * @self: a #QnavEvidence
 *
 * Returns: (nullable): the id of the pattern that matched
 *
 * Since: 0.1
 */
/**
 * qnav_evidence_set_pattern_id:
 * @self: a #QnavEvidence
 * @value: (nullable): a pattern id
 *
 * Sets #QnavEvidence:pattern-id.
 *
 * Since: 0.1
 */
DEFINE_STRING_ACCESSORS (pattern_id, PROP_PATTERN_ID)

/**
 * qnav_evidence_get_source:
 * @self: a #QnavEvidence
 *
 * Returns: (nullable): which text or probe the evidence came from
 *
 * Since: 0.1
 */
/**
 * qnav_evidence_set_source:
 * @self: a #QnavEvidence
 * @value: (nullable): which text or probe
 *
 * Sets #QnavEvidence:source.
 *
 * Since: 0.1
 */
DEFINE_STRING_ACCESSORS (source, PROP_SOURCE)

/**
 * qnav_evidence_get_text:
 * @self: a #QnavEvidence
 *
 * Returns: (nullable): the text that matched
 *
 * Since: 0.1
 */
/**
 * qnav_evidence_set_text:
 * @self: a #QnavEvidence
 * @value: (nullable): the text that matched
 *
 * Sets #QnavEvidence:text.
 *
 * Since: 0.1
 */
DEFINE_STRING_ACCESSORS (text, PROP_TEXT)

/**
 * qnav_evidence_get_line:
 * @self: a #QnavEvidence
 *
 * Returns: the 1-based line that matched, or 0
 *
 * Since: 0.1
 */
/**
 * qnav_evidence_set_line:
 * @self: a #QnavEvidence
 * @line: a 1-based line number, or 0
 *
 * Sets #QnavEvidence:line.
 *
 * Since: 0.1
 */
DEFINE_UINT_ACCESSORS (line, PROP_LINE)

/**
 * qnav_evidence_get_occurrences:
 * @self: a #QnavEvidence
 *
 * Returns: how many lines matched
 *
 * Since: 0.1
 */
/**
 * qnav_evidence_set_occurrences:
 * @self: a #QnavEvidence
 * @occurrences: how many lines matched
 *
 * Sets #QnavEvidence:occurrences.
 *
 * Since: 0.1
 */
DEFINE_UINT_ACCESSORS (occurrences, PROP_OCCURRENCES)

JsonNode *
qnav_evidence_to_json_node (QnavEvidence *self)
{
	g_autoptr(JsonBuilder) builder = json_builder_new ();

	json_builder_begin_object (builder);
	qnav_json_builder_add_string (builder, "kind", qnav_evidence_kind_to_string (self->kind));
	qnav_json_builder_add_string (builder, "category",
				      qnav_root_cause_to_string (self->category));
	json_builder_set_member_name (builder, "weight");
	/* three decimals are plenty and keep documents stable to diff */
	json_builder_add_double_value (builder, round (self->weight * 1000.0) / 1000.0);
	qnav_json_builder_add_string (builder, "signal", self->signal);
	if (self->pattern_id != NULL)
		qnav_json_builder_add_string (builder, "pattern_id", self->pattern_id);
	if (self->source != NULL)
		qnav_json_builder_add_string (builder, "source", self->source);
	if (self->line > 0) {
		json_builder_set_member_name (builder, "line");
		json_builder_add_int_value (builder, self->line);
	}
	if (self->text != NULL)
		qnav_json_builder_add_string (builder, "text", self->text);
	if (self->kind == QNAV_EVIDENCE_KIND_PATTERN) {
		json_builder_set_member_name (builder, "occurrences");
		json_builder_add_int_value (builder, self->occurrences);
	}
	json_builder_end_object (builder);
	return json_builder_get_root (builder);
}

QnavEvidence *
qnav_evidence_new_from_json_object (JsonObject *object, GError **error)
{
	g_autoptr(QnavEvidence) self = NULL;
	const gchar *kind = NULL, *category = NULL, *signal = NULL, *pattern_id = NULL;
	const gchar *source = NULL, *text = NULL;
	gdouble weight = 0.0;
	gint64 line = 0, occurrences = 1;
	QnavEvidenceKind kind_value;
	QnavRootCause category_value;

	if (!qnav_json_get_string (object, "kind", TRUE, &kind, error) ||
	    !qnav_json_get_string (object, "category", TRUE, &category, error) ||
	    !qnav_json_get_double (object, "weight", FALSE, &weight, error) ||
	    !qnav_json_get_string (object, "signal", FALSE, &signal, error) ||
	    !qnav_json_get_string (object, "pattern_id", FALSE, &pattern_id, error) ||
	    !qnav_json_get_string (object, "source", FALSE, &source, error) ||
	    !qnav_json_get_int (object, "line", FALSE, &line, error) ||
	    !qnav_json_get_string (object, "text", FALSE, &text, error) ||
	    !qnav_json_get_int (object, "occurrences", FALSE, &occurrences, error))
		return NULL;
	if (!qnav_evidence_kind_from_string (kind, &kind_value)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "unknown evidence kind \"%s\"", kind);
		return NULL;
	}
	if (!qnav_root_cause_from_string (category, &category_value)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "unknown root cause \"%s\"", category);
		return NULL;
	}
	if (line < 0 || line > G_MAXUINT || occurrences < 0 || occurrences > G_MAXUINT) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "evidence line and occurrences must be non-negative");
		return NULL;
	}
	self = qnav_evidence_new (kind_value, category_value, weight, signal);
	self->pattern_id = g_strdup (pattern_id);
	self->source = g_strdup (source);
	self->line = (guint) line;
	self->text = g_strdup (text);
	self->occurrences = (guint) occurrences;
	return g_steal_pointer (&self);
}
