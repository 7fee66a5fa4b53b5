/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"


#include "qnav-diagnostic-context-private.h"
#include "qnav-enum-types.h"
#include "qnav-error.h"
#include "qnav-evidence.h"
#include "qnav-failure-analysis-private.h"
#include "qnav-fingerprint-private.h"
#include "qnav-json-private.h"
#include "qnav-recovery-option-private.h"
#include "qnav-recovery-plan-private.h"
#include "qnav-redact-private.h"

/**
 * QnavRecoveryPlan:
 *
 * What to do about one failure: the analysis it answers, the recovery options best first,
 * the recommended one, and what has happened since (executions, the escalation issue).
 *
 * A plan is a document: [method@RecoveryPlan.to_json] writes it (`qnav plan --json`) and
 * [ctor@RecoveryPlan.new_from_json] reads it back (`qnav recover --plan-file`). Its keys are
 * the Python original's `RecoveryPlan` fields, with the commands of each option added.
 *
 * Since: 0.1
 */

/* A plan with more options than this is not one a person could choose from. */
#define MAX_OPTIONS 64

struct _QnavRecoveryPlan {
	GObject parent_instance;

	GDateTime *timestamp;
	QnavFailureAnalysis *analysis;
	gchar *fingerprint;
	GPtrArray *options; /* QnavRecoveryOption */
	QnavRecoveryOption *recommended;
	gchar *github_issue_url;
	guint execution_attempts;
	gchar *last_execution_result;
};

G_DEFINE_FINAL_TYPE (QnavRecoveryPlan, qnav_recovery_plan, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_TIMESTAMP,
	PROP_PLUGIN,
	PROP_ANALYSIS,
	PROP_FINGERPRINT,
	PROP_OPTIONS,
	PROP_RECOMMENDED,
	PROP_GITHUB_ISSUE_URL,
	PROP_EXECUTION_ATTEMPTS,
	PROP_LAST_EXECUTION_RESULT,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
qnav_recovery_plan_finalize (GObject *object)
{
	QnavRecoveryPlan *self = QNAV_RECOVERY_PLAN (object);

	g_date_time_unref (self->timestamp);
	g_object_unref (self->analysis);
	g_free (self->fingerprint);
	g_ptr_array_unref (self->options);
	g_free (self->github_issue_url);
	g_free (self->last_execution_result);

	G_OBJECT_CLASS (qnav_recovery_plan_parent_class)->finalize (object);
}

static void
qnav_recovery_plan_get_property (GObject *object, guint prop_id, GValue *value,
				 GParamSpec *pspec)
{
	QnavRecoveryPlan *self = QNAV_RECOVERY_PLAN (object);

	switch (prop_id) {
	case PROP_TIMESTAMP:
		g_value_set_boxed (value, self->timestamp);
		break;
	case PROP_PLUGIN:
		g_value_set_string (value, qnav_recovery_plan_get_plugin (self));
		break;
	case PROP_ANALYSIS:
		g_value_set_object (value, self->analysis);
		break;
	case PROP_FINGERPRINT:
		g_value_set_string (value, self->fingerprint);
		break;
	case PROP_OPTIONS:
		g_value_set_boxed (value, self->options);
		break;
	case PROP_RECOMMENDED:
		g_value_set_object (value, self->recommended);
		break;
	case PROP_GITHUB_ISSUE_URL:
		g_value_set_string (value, self->github_issue_url);
		break;
	case PROP_EXECUTION_ATTEMPTS:
		g_value_set_uint (value, self->execution_attempts);
		break;
	case PROP_LAST_EXECUTION_RESULT:
		g_value_set_string (value, self->last_execution_result);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_recovery_plan_set_property (GObject *object, guint prop_id, const GValue *value,
				 GParamSpec *pspec)
{
	QnavRecoveryPlan *self = QNAV_RECOVERY_PLAN (object);

	switch (prop_id) {
	case PROP_GITHUB_ISSUE_URL:
		qnav_recovery_plan_set_github_issue_url (self, g_value_get_string (value));
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_recovery_plan_class_init (QnavRecoveryPlanClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);

	object_class->finalize = qnav_recovery_plan_finalize;
	object_class->get_property = qnav_recovery_plan_get_property;
	object_class->set_property = qnav_recovery_plan_set_property;

	/**
	 * QnavRecoveryPlan:timestamp:
	 *
	 * When the plan was made.
	 *
	 * Since: 0.1
	 */
	properties[PROP_TIMESTAMP] = g_param_spec_boxed (
		"timestamp", NULL, NULL, G_TYPE_DATE_TIME,
		G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavRecoveryPlan:plugin:
	 *
	 * The plugin or step whose failure the plan answers.
	 *
	 * Since: 0.1
	 */
	properties[PROP_PLUGIN] = g_param_spec_string (
		"plugin", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavRecoveryPlan:analysis:
	 *
	 * The analysis the plan answers.
	 *
	 * Since: 0.1
	 */
	properties[PROP_ANALYSIS] = g_param_spec_object (
		"analysis", NULL, NULL, QNAV_TYPE_FAILURE_ANALYSIS,
		G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavRecoveryPlan:fingerprint:
	 *
	 * The failure's fingerprint: the analysis's own, or one computed from its root cause,
	 * plugin, patterns and text when the analysis came from a tool that writes none.
	 *
	 * Since: 0.1
	 */
	properties[PROP_FINGERPRINT] = g_param_spec_string (
		"fingerprint", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavRecoveryPlan:options: (type GPtrArray(QnavRecoveryOption))
	 *
	 * The options, best first.
	 *
	 * Since: 0.1
	 */
	properties[PROP_OPTIONS] = g_param_spec_boxed (
		"options", NULL, NULL, G_TYPE_PTR_ARRAY, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavRecoveryPlan:recommended:
	 *
	 * The best ranked option, or %NULL when the plan has none.
	 *
	 * Since: 0.1
	 */
	properties[PROP_RECOMMENDED] = g_param_spec_object (
		"recommended", NULL, NULL, QNAV_TYPE_RECOVERY_OPTION,
		G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavRecoveryPlan:github-issue-url:
	 *
	 * The issue the failure was escalated to, if it was.
	 *
	 * Since: 0.1
	 */
	properties[PROP_GITHUB_ISSUE_URL] = g_param_spec_string (
		"github-issue-url", NULL, NULL, NULL,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavRecoveryPlan:execution-attempts:
	 *
	 * How many times an option of the plan was executed (denied approvals not counted).
	 *
	 * Since: 0.1
	 */
	properties[PROP_EXECUTION_ATTEMPTS] = g_param_spec_uint (
		"execution-attempts", NULL, NULL, 0, G_MAXUINT, 0,
		G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavRecoveryPlan:last-execution-result:
	 *
	 * The status of the last execution as its documents write it (`already_done`), or %NULL.
	 *
	 * Since: 0.1
	 */
	properties[PROP_LAST_EXECUTION_RESULT] = g_param_spec_string (
		"last-execution-result", NULL, NULL, NULL,
		G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_recovery_plan_init (QnavRecoveryPlan *self)
{
	self->options = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Private: the planner makes plans, readers rebuild them. */
QnavRecoveryPlan *
qnav_recovery_plan_new (QnavFailureAnalysis *analysis)
{
	QnavRecoveryPlan *self;

	g_return_val_if_fail (QNAV_IS_FAILURE_ANALYSIS (analysis), NULL);

	self = g_object_new (QNAV_TYPE_RECOVERY_PLAN, NULL);
	self->timestamp = g_date_time_new_now_utc ();
	self->analysis = g_object_ref (analysis);
	self->fingerprint = qnav_fingerprint_of_analysis (analysis);
	return self;
}

void
qnav_recovery_plan_add_option (QnavRecoveryPlan *self, QnavRecoveryOption *option)
{
	g_return_if_fail (QNAV_IS_RECOVERY_PLAN (self));
	g_return_if_fail (QNAV_IS_RECOVERY_OPTION (option));

	g_ptr_array_add (self->options, g_object_ref (option));
}

void
qnav_recovery_plan_set_recommended (QnavRecoveryPlan *self, QnavRecoveryOption *option)
{
	g_return_if_fail (QNAV_IS_RECOVERY_PLAN (self));
	g_return_if_fail (option == NULL || g_ptr_array_find (self->options, option, NULL));

	self->recommended = option;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECOMMENDED]);
}

/* Counts one execution and keeps its status; the executor calls it. */
void
qnav_recovery_plan_note_execution (QnavRecoveryPlan *self, const gchar *result)
{
	g_return_if_fail (QNAV_IS_RECOVERY_PLAN (self));

	self->execution_attempts++;
	g_free (self->last_execution_result);
	self->last_execution_result = g_strdup (result);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXECUTION_ATTEMPTS]);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_EXECUTION_RESULT]);
}

/**
 * qnav_recovery_plan_get_timestamp:
 * @self: a plan
 *
 * Returns: (transfer none): when the plan was made
 *
 * Since: 0.1
 */
GDateTime *
qnav_recovery_plan_get_timestamp (QnavRecoveryPlan *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_PLAN (self), NULL);

	return self->timestamp;
}

/**
 * qnav_recovery_plan_get_plugin:
 * @self: a plan
 *
 * Returns: the plugin or step whose failure the plan answers
 *
 * Since: 0.1
 */
const gchar *
qnav_recovery_plan_get_plugin (QnavRecoveryPlan *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_PLAN (self), NULL);

	return qnav_failure_analysis_get_plugin (self->analysis);
}

/**
 * qnav_recovery_plan_get_analysis:
 * @self: a plan
 *
 * Returns: (transfer none): the analysis the plan answers
 *
 * Since: 0.1
 */
QnavFailureAnalysis *
qnav_recovery_plan_get_analysis (QnavRecoveryPlan *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_PLAN (self), NULL);

	return self->analysis;
}

/**
 * qnav_recovery_plan_get_fingerprint:
 * @self: a plan
 *
 * Returns: the failure's fingerprint
 *
 * Since: 0.1
 */
const gchar *
qnav_recovery_plan_get_fingerprint (QnavRecoveryPlan *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_PLAN (self), NULL);

	return self->fingerprint;
}

/**
 * qnav_recovery_plan_get_options:
 * @self: a plan
 *
 * Returns: (transfer none) (element-type QnavRecoveryOption): the options, best first
 *
 * Since: 0.1
 */
GPtrArray *
qnav_recovery_plan_get_options (QnavRecoveryPlan *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_PLAN (self), NULL);

	return self->options;
}

/**
 * qnav_recovery_plan_get_recommended:
 * @self: a plan
 *
 * Returns: (transfer none) (nullable): the recommended option
 *
 * Since: 0.1
 */
QnavRecoveryOption *
qnav_recovery_plan_get_recommended (QnavRecoveryPlan *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_PLAN (self), NULL);

	return self->recommended;
}

/**
 * qnav_recovery_plan_get_github_issue_url:
 * @self: a plan
 *
 * Returns: (nullable): the issue the failure was escalated to
 *
 * Since: 0.1
 */
const gchar *
qnav_recovery_plan_get_github_issue_url (QnavRecoveryPlan *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_PLAN (self), NULL);

	return self->github_issue_url;
}

/**
 * qnav_recovery_plan_set_github_issue_url:
 * @self: a plan
 * @url: (nullable): the issue the failure was escalated to
 *
 * Since: 0.1
 */
void
qnav_recovery_plan_set_github_issue_url (QnavRecoveryPlan *self, const gchar *url)
{
	g_return_if_fail (QNAV_IS_RECOVERY_PLAN (self));

	if (g_strcmp0 (self->github_issue_url, url) == 0)
		return;
	g_free (self->github_issue_url);
	self->github_issue_url = g_strdup (url);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GITHUB_ISSUE_URL]);
}

/**
 * qnav_recovery_plan_get_execution_attempts:
 * @self: a plan
 *
 * Returns: how many times an option of the plan was executed
 *
 * Since: 0.1
 */
guint
qnav_recovery_plan_get_execution_attempts (QnavRecoveryPlan *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_PLAN (self), 0);

	return self->execution_attempts;
}

/**
 * qnav_recovery_plan_get_last_execution_result:
 * @self: a plan
 *
 * Returns: (nullable): the status of the last execution
 *
 * Since: 0.1
 */
const gchar *
qnav_recovery_plan_get_last_execution_result (QnavRecoveryPlan *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_PLAN (self), NULL);

	return self->last_execution_result;
}

JsonNode *
qnav_recovery_plan_to_json_node (QnavRecoveryPlan *self)
{
	g_autoptr(JsonBuilder) builder = json_builder_new ();
	guint recommended_index = 0;

	json_builder_begin_object (builder);
	json_builder_set_member_name (builder, "schema_version");
	json_builder_add_int_value (builder, QNAV_SCHEMA_VERSION);
	qnav_json_builder_add_datetime (builder, "timestamp", self->timestamp);
	qnav_json_builder_add_string (builder, "failed_plugin", qnav_recovery_plan_get_plugin (self));
	qnav_json_builder_add_string (builder, "fingerprint", self->fingerprint);
	json_builder_set_member_name (builder, "failure_analysis");
	json_builder_add_value (builder, qnav_failure_analysis_to_json_node (self->analysis));
	json_builder_set_member_name (builder, "recovery_options");
	json_builder_begin_array (builder);
	for (guint i = 0; i < self->options->len; i++)
		json_builder_add_value (builder, qnav_recovery_option_to_json_node (
							 g_ptr_array_index (self->options, i)));
	json_builder_end_array (builder);
	json_builder_set_member_name (builder, "recommended_index");
	if (self->recommended != NULL &&
	    g_ptr_array_find (self->options, self->recommended, &recommended_index))
		json_builder_add_int_value (builder, recommended_index);
	else
		json_builder_add_null_value (builder);
	qnav_json_builder_add_string (builder, "github_issue_url", self->github_issue_url);
	json_builder_set_member_name (builder, "execution_attempts");
	json_builder_add_int_value (builder, self->execution_attempts);
	qnav_json_builder_add_string (builder, "last_execution_result",
				      self->last_execution_result);
	json_builder_end_object (builder);
	return json_builder_get_root (builder);
}

/**
 * qnav_recovery_plan_to_json:
 * @self: a plan
 *
 * Writes the plan document (`data/schema/plan.schema.json`), secrets redacted.
 *
 * Returns: (transfer full): the JSON text
 *
 * Since: 0.1
 */
gchar *
qnav_recovery_plan_to_json (QnavRecoveryPlan *self)
{
	g_autoptr(JsonNode) root = NULL;

	g_return_val_if_fail (QNAV_IS_RECOVERY_PLAN (self), NULL);

	root = qnav_recovery_plan_to_json_node (self);
	return qnav_json_to_redacted_string (root, TRUE);
}

static QnavRecoveryPlan *
plan_from_object (JsonObject *object, GError **error)
{
	g_autoptr(QnavRecoveryPlan) self = NULL;
	g_autoptr(QnavFailureAnalysis) analysis = NULL;
	g_autoptr(GDateTime) timestamp = NULL;
	g_autofree gchar *analysis_text = NULL;
	JsonObject *analysis_object = NULL;
	JsonArray *options = NULL;
	const gchar *url = NULL, *last_result = NULL, *fingerprint = NULL;
	gint64 schema_version = QNAV_SCHEMA_VERSION, attempts = 0, recommended_index = 0;
	gboolean has_recommended;

	if (!qnav_json_get_int (object, "schema_version", FALSE, &schema_version, error))
		return NULL;
	if (schema_version != QNAV_SCHEMA_VERSION) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "schema_version %" G_GINT64_FORMAT
			     " is not one this qnav reads (it reads %d)",
			     schema_version, QNAV_SCHEMA_VERSION);
		return NULL;
	}
	if (!qnav_json_get_object (object, "failure_analysis", TRUE, &analysis_object, error) ||
	    !qnav_json_get_array (object, "recovery_options", TRUE, &options, error) ||
	    !qnav_json_get_datetime (object, "timestamp", FALSE, &timestamp, error) ||
	    !qnav_json_get_string (object, "fingerprint", FALSE, &fingerprint, error) ||
	    !qnav_json_get_string (object, "github_issue_url", FALSE, &url, error) ||
	    !qnav_json_get_string (object, "last_execution_result", FALSE, &last_result, error) ||
	    !qnav_json_get_int (object, "execution_attempts", FALSE, &attempts, error) ||
	    !qnav_json_get_int (object, "recommended_index", FALSE, &recommended_index, error))
		return NULL;
	has_recommended = json_object_has_member (object, "recommended_index") &&
			  !json_node_is_null (json_object_get_member (object, "recommended_index"));
	if (json_array_get_length (options) > MAX_OPTIONS) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "member \"recovery_options\": %u options, at most %d are read",
			     json_array_get_length (options), MAX_OPTIONS);
		return NULL;
	}
	if (attempts < 0 || attempts > G_MAXUINT) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "member \"execution_attempts\" is out of range");
		return NULL;
	}

	/* The analysis reader owns its format; hand it the member as a document of its own. */
	{
		g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
		json_node_set_object (node, analysis_object);
		analysis_text = qnav_json_to_string (node, FALSE);
	}
	analysis = qnav_failure_analysis_new_from_json (analysis_text, -1, error);
	if (analysis == NULL) {
		g_prefix_error (error, "member \"failure_analysis\": ");
		return NULL;
	}

	self = qnav_recovery_plan_new (analysis);
	if (timestamp != NULL) {
		g_date_time_unref (self->timestamp);
		self->timestamp = g_date_time_ref (timestamp);
	}
	if (qnav_fingerprint_is_valid (fingerprint)) {
		g_free (self->fingerprint);
		self->fingerprint = g_strdup (fingerprint);
	}
	self->github_issue_url = g_strdup (url);
	self->last_execution_result = g_strdup (last_result);
	self->execution_attempts = (guint) attempts;

	for (guint i = 0; i < json_array_get_length (options); i++) {
		JsonNode *node = json_array_get_element (options, i);
		g_autoptr(QnavRecoveryOption) option = NULL;

		if (!JSON_NODE_HOLDS_OBJECT (node)) {
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "member \"recovery_options\": element %u is not an object",
				     i);
			return NULL;
		}
		option = qnav_recovery_option_new_from_json_object (json_node_get_object (node),
								    error);
		if (option == NULL) {
			g_prefix_error (error, "member \"recovery_options\", element %u: ", i);
			return NULL;
		}
		g_ptr_array_add (self->options, g_steal_pointer (&option));
	}

	if (has_recommended) {
		if (recommended_index < 0 || recommended_index >= self->options->len) {
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "member \"recommended_index\": %" G_GINT64_FORMAT
				     " names no option (the plan has %u)",
				     recommended_index, self->options->len);
			return NULL;
		}
		self->recommended = g_ptr_array_index (self->options, recommended_index);
	} else if (self->options->len > 0) {
		self->recommended = g_ptr_array_index (self->options, 0);
	}
	return g_steal_pointer (&self);
}

/**
 * qnav_recovery_plan_new_from_json:
 * @json: a plan document
 * @length: its length in bytes, or -1 when it is nul-terminated
 * @error: return location for an error
 *
 * Reads a plan that [method@RecoveryPlan.to_json] wrote.
 *
 * Returns: (transfer full): the plan, or %NULL with @error saying what is wrong
 *
 * Since: 0.1
 */
QnavRecoveryPlan *
qnav_recovery_plan_new_from_json (const gchar *json, gssize length, GError **error)
{
	g_autoptr(JsonNode) root = NULL;

	g_return_val_if_fail (json != NULL, NULL);
	g_return_val_if_fail (error == NULL || *error == NULL, NULL);

	root = qnav_json_parse (json, length, "plan", error);
	if (root == NULL)
		return NULL;
	if (!JSON_NODE_HOLDS_OBJECT (root)) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "a plan document is a JSON object");
		return NULL;
	}
	return plan_from_object (json_node_get_object (root), error);
}

static guint
longest_backtick_run (const gchar *text)
{
	guint longest = 0, run = 0;

	for (const gchar *p = text; *p != '\0'; p++) {
		run = (*p == '`') ? run + 1 : 0;
		longest = MAX (longest, run);
	}
	return longest;
}

/* A fence longer than any run of backticks in @text, so that the text cannot close it. */
static gchar *
fence_for (const gchar *text)
{
	return g_strnfill (MAX (3, longest_backtick_run (text) + 1), '`');
}

static void
append_fenced (GString *out, const gchar *info, const gchar *text)
{
	g_autofree gchar *fence = fence_for (text);

	g_string_append_printf (out, "%s%s\n%s%s%s\n", fence, info, text,
				g_str_has_suffix (text, "\n") || text[0] == '\0' ? "" : "\n", fence);
}

/* One line of free text inside a Markdown list: no line breaks, no HTML, bounded. */
static gchar *
inline_text (const gchar *text, gsize max_chars)
{
	GString *out = g_string_new (NULL);
	gsize n = 0;

	for (const gchar *p = text; *p != '\0' && n < max_chars; p = g_utf8_next_char (p), n++) {
		gunichar c = g_utf8_get_char (p);
		if (c == '\n' || c == '\r' || c == '\t')
			g_string_append_c (out, ' ');
		else if (c == '<')
			g_string_append (out, "&lt;");
		else if (c == '>')
			g_string_append (out, "&gt;");
		else if (c == '`' || c == '*' || c == '[' || c == ']' || c == '\\')
			g_string_append_printf (out, "\\%c", (gchar) c);
		else
			g_string_append_unichar (out, c);
	}
	if (*text != '\0' && n == max_chars && g_utf8_strlen (text, -1) > (glong) max_chars)
		g_string_append (out, "…");
	return g_string_free (out, FALSE);
}

static void
append_json_member (GString *out, JsonObject *context, const gchar *member)
{
	JsonNode *node = context != NULL ? json_object_get_member (context, member) : NULL;
	g_autofree gchar *text = NULL;

	if (node == NULL) {
		g_string_append (out, "```json\n{}\n```\n");
		return;
	}
	text = qnav_json_to_string (node, TRUE);
	append_fenced (out, "json", text);
}

static void
append_evidence (GString *out, QnavFailureAnalysis *analysis)
{
	GPtrArray *evidence = qnav_failure_analysis_get_evidence (analysis);

	g_string_append (out, "### Evidence\n\n");
	if (evidence == NULL || evidence->len == 0) {
		g_string_append (out, "No evidence: no pattern matched and no probe spoke.\n\n");
		return;
	}
	for (guint i = 0; i < evidence->len; i++) {
		QnavEvidence *e = g_ptr_array_index (evidence, i);
		const gchar *text = qnav_evidence_get_text (e);
		const gchar *observed = qnav_evidence_get_signal (e);
		g_autofree gchar *signal = NULL;

		/* a document may leave the signal out: name the kind of evidence instead */
		if (observed == NULL)
			observed = qnav_evidence_kind_to_string (qnav_evidence_get_kind (e));
		signal = inline_text (observed, 200);

		g_string_append_printf (out, "- **%s** → %s, weight %.2f", signal,
					qnav_root_cause_to_string (qnav_evidence_get_category (e)),
					qnav_evidence_get_weight (e));
		if (qnav_evidence_get_line (e) > 0) {
			const gchar *source = qnav_evidence_get_source (e);
			g_autofree gchar *where = inline_text (source != NULL ? source : "error", 120);
			g_string_append_printf (out, ", %s line %u", where,
						qnav_evidence_get_line (e));
		}
		if (qnav_evidence_get_occurrences (e) > 1)
			g_string_append_printf (out, " (%u times)", qnav_evidence_get_occurrences (e));
		if (text != NULL && *text != '\0') {
			g_autofree gchar *quoted = inline_text (text, 300);
			g_string_append_printf (out, ": %s", quoted);
		}
		g_string_append_c (out, '\n');
	}
	g_string_append_c (out, '\n');
}

static void
append_list (GString *out, const gchar *title, const gchar *const *items)
{
	if (items == NULL || items[0] == NULL)
		return;
	g_string_append_printf (out, "\n**%s**:\n", title);
	for (guint i = 0; items[i] != NULL; i++) {
		g_autofree gchar *item = inline_text (items[i], 1000);
		g_string_append_printf (out, "- %s\n", item);
	}
}

static void
append_command (GString *out, const gchar *role, QnavCommand *command)
{
	g_autofree gchar *line = qnav_command_to_string (command);
	/* A code span only ends at a run of backticks as long as the one that opened it. */
	g_autofree gchar *ticks = g_strnfill (longest_backtick_run (line) + 1, '`');
	const gchar *pad = line[0] == '`' || g_str_has_suffix (line, "`") ? " " : "";

	g_string_append_printf (out, "- %s: %s%s%s%s%s\n", role, ticks, pad, line, pad, ticks);
}

static void
append_option (GString *out, guint number, guint count, QnavRecoveryOption *option,
	       gboolean recommended)
{
	g_autofree gchar *action =
		g_ascii_strup (qnav_recovery_action_to_string (qnav_recovery_option_get_action (option)), -1);
	g_autofree gchar *description =
		inline_text (qnav_recovery_option_get_description (option) != NULL
				     ? qnav_recovery_option_get_description (option)
				     : "",
			     2000);
	QnavCommand *check = qnav_recovery_option_get_check (option);
	QnavCommand *verify = qnav_recovery_option_get_verify (option);
	GPtrArray *commands = qnav_recovery_option_get_commands (option);
	GPtrArray *rollback = qnav_recovery_option_get_rollback_commands (option);
	const gchar *criteria = qnav_recovery_option_get_success_criteria (option);

	g_string_append_printf (out, "#### Option %u: %s%s\n", number, action,
				recommended ? " (recommended)" : "");
	g_string_append_printf (out, "- **Priority**: %u/%u\n",
				qnav_recovery_option_get_priority (option), count);
	g_string_append_printf (out, "- **Confidence**: %.0f%%\n",
				qnav_recovery_option_get_confidence (option) * 100.0);
	g_string_append_printf (out, "- **Risk**: %s\n",
				qnav_risk_to_string (qnav_recovery_option_get_risk (option)));
	g_string_append_printf (out, "- **Est. Duration**: %us\n",
				qnav_recovery_option_get_estimated_duration (option));
	if (qnav_recovery_option_get_success_rate (option) >= 0.0)
		g_string_append_printf (out, "- **Success rate here**: %.0f%%\n",
					qnav_recovery_option_get_success_rate (option) * 100.0);
	g_string_append_printf (out, "\n**Description**: %s\n", description);
	append_list (out, "Steps", qnav_recovery_option_get_steps (option));
	append_list (out, "Prerequisites", qnav_recovery_option_get_prerequisites (option));
	if (check != NULL || verify != NULL || commands->len > 0) {
		g_string_append (out, "\n**Commands** (run without a shell):\n");
		if (check != NULL)
			append_command (out, "check", check);
		for (guint i = 0; i < commands->len; i++)
			append_command (out, "run", g_ptr_array_index (commands, i));
		if (verify != NULL)
			append_command (out, "verify", verify);
	}
	if (criteria != NULL && *criteria != '\0') {
		g_autofree gchar *text = inline_text (criteria, 1000);
		g_string_append_printf (out, "\n**Success Criteria**: %s\n", text);
	}
	if (qnav_recovery_option_get_rollback_steps (option)[0] != NULL || rollback->len > 0) {
		g_string_append (out, "\n**Rollback Steps**:\n");
		for (const gchar *const *s = qnav_recovery_option_get_rollback_steps (option);
		     *s != NULL; s++) {
			g_autofree gchar *text = inline_text (*s, 1000);
			g_string_append_printf (out, "- %s\n", text);
		}
		for (guint i = 0; i < rollback->len; i++)
			append_command (out, "run", g_ptr_array_index (rollback, i));
	}
	g_string_append_c (out, '\n');
}

/**
 * qnav_recovery_plan_to_markdown:
 * @self: a plan
 *
 * Writes the plan as the Python original's "Failure Recovery Report", with the evidence of
 * the diagnosis and the commands of each option added. Secrets are redacted.
 *
 * Returns: (transfer full): the Markdown text
 *
 * Since: 0.1
 */
gchar *
qnav_recovery_plan_to_markdown (QnavRecoveryPlan *self)
{
	QnavFailureAnalysis *a;
	QnavDiagnosticContext *context;
	g_autoptr(JsonNode) context_node = NULL;
	JsonObject *context_object = NULL;
	g_autofree gchar *timestamp = NULL;
	g_autofree gchar *plugin = NULL;
	g_autofree gchar *description = NULL;
	g_autoptr(GString) out = g_string_new (NULL);
	const gchar *error_message;

	g_return_val_if_fail (QNAV_IS_RECOVERY_PLAN (self), NULL);

	a = self->analysis;
	context = qnav_failure_analysis_get_context (a);
	if (context != NULL) {
		context_node = qnav_diagnostic_context_to_json_node (context);
		context_object = json_node_get_object (context_node);
	}
	timestamp = qnav_datetime_format (self->timestamp);
	plugin = inline_text (qnav_recovery_plan_get_plugin (self), 200);
	description = inline_text (qnav_failure_analysis_get_description (a) != NULL
					   ? qnav_failure_analysis_get_description (a)
					   : "",
				   2000);
	error_message = qnav_failure_analysis_get_error_message (a);

	g_string_append (out, "## Failure Recovery Report\n\n");
	g_string_append_printf (out, "**Timestamp**: %s\n", timestamp);
	g_string_append_printf (out, "**Failed Plugin**: %s\n", plugin);
	g_string_append_printf (out, "**Fingerprint**: %s\n\n", self->fingerprint);
	g_string_append (out, "### Root Cause Analysis\n\n");
	g_string_append_printf (out, "**Category**: %s\n",
				qnav_root_cause_to_string (qnav_failure_analysis_get_root_cause (a)));
	g_string_append_printf (out, "**Confidence**: %.0f%%\n",
				qnav_failure_analysis_get_confidence (a) * 100.0);
	g_string_append_printf (out, "**Severity**: %s\n\n",
				qnav_severity_to_string (qnav_failure_analysis_get_severity (a)));
	g_string_append_printf (out, "**Description**: %s\n\n", description);
	g_string_append (out, "**Error Message**:\n");
	append_fenced (out, "", error_message != NULL ? error_message : "");
	g_string_append_c (out, '\n');
	append_evidence (out, a);
	g_string_append (out, "### Service Health Snapshot\n");
	append_json_member (out, context_object, "services");
	g_string_append (out, "\n### System Resources at Failure\n");
	append_json_member (out, context_object, "resources");
	g_string_append (out, "\n### Recovery Options\n\n");
	for (guint i = 0; i < self->options->len; i++) {
		QnavRecoveryOption *option = g_ptr_array_index (self->options, i);
		append_option (out, i + 1, self->options->len, option, option == self->recommended);
	}
	return qnav_redact (out->str);
}
