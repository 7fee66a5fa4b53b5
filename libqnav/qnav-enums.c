/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "qnav-enums.h"

/* The strings are the Python original's, so its users' files and dashboards keep working. */
static const gchar *const root_cause_names[] = {
	[QNAV_ROOT_CAUSE_UNKNOWN] = "unknown",
	[QNAV_ROOT_CAUSE_VIRTUALIZATION] = "virtualization",
	[QNAV_ROOT_CAUSE_NETWORK] = "network",
	[QNAV_ROOT_CAUSE_STORAGE] = "storage",
	[QNAV_ROOT_CAUSE_SERVICE_DEPENDENCY] = "service_dependency",
	[QNAV_ROOT_CAUSE_CREDENTIAL] = "credential",
	[QNAV_ROOT_CAUSE_RESOURCE_EXHAUSTION] = "resource_exhaustion",
	[QNAV_ROOT_CAUSE_CONFIGURATION] = "configuration",
	[QNAV_ROOT_CAUSE_TIMEOUT] = "timeout",
	[QNAV_ROOT_CAUSE_STATE_MISMATCH] = "state_mismatch",
};

static const gchar *const severity_names[] = {
	[QNAV_SEVERITY_INFO] = "info",         [QNAV_SEVERITY_LOW] = "low",
	[QNAV_SEVERITY_MEDIUM] = "medium",     [QNAV_SEVERITY_HIGH] = "high",
	[QNAV_SEVERITY_CRITICAL] = "critical",
};

static const gchar *const recovery_action_names[] = {
	[QNAV_RECOVERY_ACTION_RETRY] = "retry",       [QNAV_RECOVERY_ACTION_MANUAL_FIX] = "manual_fix",
	[QNAV_RECOVERY_ACTION_ESCALATE] = "escalate", [QNAV_RECOVERY_ACTION_ROLLBACK] = "rollback",
	[QNAV_RECOVERY_ACTION_WAIT] = "wait",         [QNAV_RECOVERY_ACTION_SKIP] = "skip",
};

static const gchar *const risk_names[] = {
	[QNAV_RISK_LOW] = "low",
	[QNAV_RISK_MEDIUM] = "medium",
	[QNAV_RISK_HIGH] = "high",
};

static const gchar *const service_backend_names[] = {
	[QNAV_SERVICE_BACKEND_NONE] = "none",
	[QNAV_SERVICE_BACKEND_SYSTEMD] = "systemd",
	[QNAV_SERVICE_BACKEND_PODMAN] = "podman",
	[QNAV_SERVICE_BACKEND_PROCESS] = "process",
};

static const gchar *const evidence_kind_names[] = {
	[QNAV_EVIDENCE_KIND_PATTERN] = "pattern",   [QNAV_EVIDENCE_KIND_SERVICE] = "service",
	[QNAV_EVIDENCE_KIND_RESOURCE] = "resource", [QNAV_EVIDENCE_KIND_NETWORK] = "network",
	[QNAV_EVIDENCE_KIND_HISTORY] = "history",   [QNAV_EVIDENCE_KIND_LLM] = "llm",
};

static const gchar *const execution_status_names[] = {
	[QNAV_EXECUTION_SUCCEEDED] = "succeeded",     [QNAV_EXECUTION_ALREADY_DONE] = "already_done",
	[QNAV_EXECUTION_FAILED] = "failed",           [QNAV_EXECUTION_NOT_HELD] = "not_held",
	[QNAV_EXECUTION_TIMED_OUT] = "timed_out",     [QNAV_EXECUTION_DENIED] = "denied",
	[QNAV_EXECUTION_MUTED] = "muted",             [QNAV_EXECUTION_RATE_LIMITED] = "rate_limited",
	[QNAV_EXECUTION_DRY_RUN] = "dry_run",         [QNAV_EXECUTION_MANUAL] = "manual",
};

static const gchar *const escalation_outcome_names[] = {
	[QNAV_ESCALATION_CREATED] = "created",
	[QNAV_ESCALATION_COMMENTED] = "commented",
	[QNAV_ESCALATION_REOPENED] = "reopened",
};

static const gchar *
name_of (const gchar *const *names, guint n_names, guint value)
{
	return value < n_names ? names[value] : NULL;
}

static gboolean
value_of (const gchar *const *names, guint n_names, const gchar *text, guint *value)
{
	if (text == NULL)
		return FALSE;
	for (guint i = 0; i < n_names; i++) {
		if (g_ascii_strcasecmp (names[i], text) == 0) {
			if (value != NULL)
				*value = i;
			return TRUE;
		}
	}
	return FALSE;
}

#define DEFINE_ENUM_STRINGS(prefix, Type, names)                                                   \
	const gchar *prefix##_to_string (Type value)                                               \
	{                                                                                          \
		return name_of (names, G_N_ELEMENTS (names), (guint) value);                       \
	}                                                                                          \
	gboolean prefix##_from_string (const gchar *text, Type *value)                             \
	{                                                                                          \
		guint found = 0;                                                                   \
		if (!value_of (names, G_N_ELEMENTS (names), text, &found))                         \
			return FALSE;                                                              \
		if (value != NULL)                                                                 \
			*value = (Type) found;                                                     \
		return TRUE;                                                                       \
	}

/**
 * qnav_root_cause_to_string:
 * @value: a #QnavRootCause
 *
 * Returns: (nullable): the document string for @value, such as `service_dependency`, or
 *   %NULL for a value out of range
 *
 * Since: 0.1
 */
/**
 * qnav_root_cause_from_string:
 * @text: (nullable): a string such as `network` (case does not matter)
 * @value: (out) (optional): where to store the value
 *
 * Returns: %TRUE if @text names a root cause
 *
 * Since: 0.1
 */
DEFINE_ENUM_STRINGS (qnav_root_cause, QnavRootCause, root_cause_names)

/**
 * qnav_severity_to_string:
 * @value: a #QnavSeverity
 *
 * Returns: (nullable): the document string for @value, or %NULL when out of range
 *
 * Since: 0.1
 */
/**
 * qnav_severity_from_string:
 * @text: (nullable): a string such as `critical`
 * @value: (out) (optional): where to store the value
 *
 * Returns: %TRUE if @text names a severity
 *
 * Since: 0.1
 */
DEFINE_ENUM_STRINGS (qnav_severity, QnavSeverity, severity_names)

/**
 * qnav_recovery_action_to_string:
 * @value: a #QnavRecoveryAction
 *
 * Returns: (nullable): the document string for @value, or %NULL when out of range
 *
 * Since: 0.1
 */
/**
 * qnav_recovery_action_from_string:
 * @text: (nullable): a string such as `manual_fix`
 * @value: (out) (optional): where to store the value
 *
 * Returns: %TRUE if @text names a recovery action
 *
 * Since: 0.1
 */
DEFINE_ENUM_STRINGS (qnav_recovery_action, QnavRecoveryAction, recovery_action_names)

/**
 * qnav_risk_to_string:
 * @value: a #QnavRisk
 *
 * Returns: (nullable): the document string for @value, or %NULL when out of range
 *
 * Since: 0.1
 */
/**
 * qnav_risk_from_string:
 * @text: (nullable): a string such as `low`
 * @value: (out) (optional): where to store the value
 *
 * Returns: %TRUE if @text names a risk
 *
 * Since: 0.1
 */
DEFINE_ENUM_STRINGS (qnav_risk, QnavRisk, risk_names)

/**
 * qnav_service_backend_to_string:
 * @value: a #QnavServiceBackend
 *
 * Returns: (nullable): the document string for @value, or %NULL when out of range
 *
 * Since: 0.1
 */
/**
 * qnav_service_backend_from_string:
 * @text: (nullable): a string such as `systemd`
 * @value: (out) (optional): where to store the value
 *
 * Returns: %TRUE if @text names a backend
 *
 * Since: 0.1
 */
DEFINE_ENUM_STRINGS (qnav_service_backend, QnavServiceBackend, service_backend_names)

/**
 * qnav_evidence_kind_to_string:
 * @value: a #QnavEvidenceKind
 *
 * Returns: (nullable): the document string for @value, or %NULL when out of range
 *
 * Since: 0.1
 */
/**
 * qnav_evidence_kind_from_string:
 * @text: (nullable): a string such as `pattern`
 * @value: (out) (optional): where to store the value
 *
 * Returns: %TRUE if @text names an evidence kind
 *
 * Since: 0.1
 */
DEFINE_ENUM_STRINGS (qnav_evidence_kind, QnavEvidenceKind, evidence_kind_names)

/**
 * qnav_execution_status_to_string:
 * @value: a #QnavExecutionStatus
 *
 * Returns: (nullable): the document string for @value, such as `not_held`, or %NULL when out
 *   of range
 *
 * Since: 0.1
 */
/**
 * qnav_execution_status_from_string:
 * @text: (nullable): a string such as `succeeded`
 * @value: (out) (optional): where to store the value
 *
 * Returns: %TRUE if @text names an execution status
 *
 * Since: 0.1
 */
DEFINE_ENUM_STRINGS (qnav_execution_status, QnavExecutionStatus, execution_status_names)

/**
 * qnav_escalation_outcome_to_string:
 * @value: a #QnavEscalationOutcome
 *
 * Returns: (nullable): the document string for @value, such as `commented`, or %NULL when
 *   out of range
 *
 * Since: 0.1
 */
/**
 * qnav_escalation_outcome_from_string:
 * @text: (nullable): a string such as `created`
 * @value: (out) (optional): where to store the value
 *
 * Returns: %TRUE if @text names an escalation outcome
 *
 * Since: 0.1
 */
DEFINE_ENUM_STRINGS (qnav_escalation_outcome, QnavEscalationOutcome, escalation_outcome_names)

/**
 * qnav_version_string:
 *
 * Returns: the version of the libqnav in use, such as `0.1.0`
 *
 * Since: 0.1
 */
const gchar *
qnav_version_string (void)
{
	return PACKAGE_VERSION;
}
