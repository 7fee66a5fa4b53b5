/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__QNAV_INSIDE__) && !defined(QNAV_COMPILATION)
#error "Only <qnav.h> can be included directly."
#endif

#include <glib.h>

#include "qnav-version.h"

G_BEGIN_DECLS

/**
 * QnavRootCause:
 * @QNAV_ROOT_CAUSE_UNKNOWN: the text says something failed but not why
 * @QNAV_ROOT_CAUSE_VIRTUALIZATION: the host cannot virtualize (KVM, CPU, emulator)
 * @QNAV_ROOT_CAUSE_NETWORK: something could not be reached over the network
 * @QNAV_ROOT_CAUSE_STORAGE: disks, filesystems, images and storage pools
 * @QNAV_ROOT_CAUSE_SERVICE_DEPENDENCY: a local service the step needs is down
 * @QNAV_ROOT_CAUSE_CREDENTIAL: authentication, authorization, secrets, certificates
 * @QNAV_ROOT_CAUSE_RESOURCE_EXHAUSTION: memory, CPU, processes or file descriptors ran out
 * @QNAV_ROOT_CAUSE_CONFIGURATION: the step or its inputs are wrong
 * @QNAV_ROOT_CAUSE_TIMEOUT: an operation ran out of time
 * @QNAV_ROOT_CAUSE_STATE_MISMATCH: the system is not in the state the step assumed
 *
 * The root-cause categories. Their string forms (qnav_root_cause_to_string()) are the
 * ones every qnav document uses.
 *
 * Since: 0.1
 */
typedef enum {
	QNAV_ROOT_CAUSE_UNKNOWN,
	QNAV_ROOT_CAUSE_VIRTUALIZATION,
	QNAV_ROOT_CAUSE_NETWORK,
	QNAV_ROOT_CAUSE_STORAGE,
	QNAV_ROOT_CAUSE_SERVICE_DEPENDENCY,
	QNAV_ROOT_CAUSE_CREDENTIAL,
	QNAV_ROOT_CAUSE_RESOURCE_EXHAUSTION,
	QNAV_ROOT_CAUSE_CONFIGURATION,
	QNAV_ROOT_CAUSE_TIMEOUT,
	QNAV_ROOT_CAUSE_STATE_MISMATCH,
} QnavRootCause;

/**
 * QNAV_ROOT_CAUSE_N_CATEGORIES:
 *
 * The number of #QnavRootCause values.
 *
 * Since: 0.1
 */
#define QNAV_ROOT_CAUSE_N_CATEGORIES (QNAV_ROOT_CAUSE_STATE_MISMATCH + 1)

/**
 * QnavSeverity:
 * @QNAV_SEVERITY_INFO: informational
 * @QNAV_SEVERITY_LOW: low
 * @QNAV_SEVERITY_MEDIUM: medium
 * @QNAV_SEVERITY_HIGH: high
 * @QNAV_SEVERITY_CRITICAL: critical
 *
 * How bad a failure is. Values are ordered: a greater value is more severe.
 *
 * Since: 0.1
 */
typedef enum {
	QNAV_SEVERITY_INFO,
	QNAV_SEVERITY_LOW,
	QNAV_SEVERITY_MEDIUM,
	QNAV_SEVERITY_HIGH,
	QNAV_SEVERITY_CRITICAL,
} QnavSeverity;

/**
 * QnavRecoveryAction:
 * @QNAV_RECOVERY_ACTION_RETRY: run the failed step again
 * @QNAV_RECOVERY_ACTION_MANUAL_FIX: a person runs the given steps
 * @QNAV_RECOVERY_ACTION_ESCALATE: open or update an issue for human review
 * @QNAV_RECOVERY_ACTION_ROLLBACK: undo what the step did
 * @QNAV_RECOVERY_ACTION_WAIT: wait for a condition, then retry
 * @QNAV_RECOVERY_ACTION_SKIP: continue without the step
 *
 * Kinds of recovery option.
 *
 * Since: 0.1
 */
typedef enum {
	QNAV_RECOVERY_ACTION_RETRY,
	QNAV_RECOVERY_ACTION_MANUAL_FIX,
	QNAV_RECOVERY_ACTION_ESCALATE,
	QNAV_RECOVERY_ACTION_ROLLBACK,
	QNAV_RECOVERY_ACTION_WAIT,
	QNAV_RECOVERY_ACTION_SKIP,
} QnavRecoveryAction;

/**
 * QnavRisk:
 * @QNAV_RISK_LOW: low risk
 * @QNAV_RISK_MEDIUM: medium risk
 * @QNAV_RISK_HIGH: high risk
 *
 * The risk of a recovery option. Values are ordered.
 *
 * Since: 0.1
 */
typedef enum {
	QNAV_RISK_LOW,
	QNAV_RISK_MEDIUM,
	QNAV_RISK_HIGH,
} QnavRisk;

/**
 * QnavServiceBackend:
 * @QNAV_SERVICE_BACKEND_NONE: no backend knew the service
 * @QNAV_SERVICE_BACKEND_SYSTEMD: systemd, over D-Bus
 * @QNAV_SERVICE_BACKEND_PODMAN: podman containers
 * @QNAV_SERVICE_BACKEND_PROCESS: a process with that exact name in /proc
 *
 * Which probe answered for a service.
 *
 * Since: 0.1
 */
typedef enum {
	QNAV_SERVICE_BACKEND_NONE,
	QNAV_SERVICE_BACKEND_SYSTEMD,
	QNAV_SERVICE_BACKEND_PODMAN,
	QNAV_SERVICE_BACKEND_PROCESS,
} QnavServiceBackend;

/**
 * QnavEvidenceKind:
 * @QNAV_EVIDENCE_KIND_PATTERN: a pattern matched a line of text
 * @QNAV_EVIDENCE_KIND_SERVICE: a service probe result
 * @QNAV_EVIDENCE_KIND_RESOURCE: a resource probe result (disk, memory, pressure)
 * @QNAV_EVIDENCE_KIND_NETWORK: a network probe result
 * @QNAV_EVIDENCE_KIND_HISTORY: earlier diagnoses of the same failure
 * @QNAV_EVIDENCE_KIND_LLM: a language model's assessment
 *
 * Where a piece of evidence came from.
 *
 * Since: 0.1
 */
typedef enum {
	QNAV_EVIDENCE_KIND_PATTERN,
	QNAV_EVIDENCE_KIND_SERVICE,
	QNAV_EVIDENCE_KIND_RESOURCE,
	QNAV_EVIDENCE_KIND_NETWORK,
	QNAV_EVIDENCE_KIND_HISTORY,
	QNAV_EVIDENCE_KIND_LLM,
} QnavEvidenceKind;

/**
 * QnavProbeFlags:
 * @QNAV_PROBE_NONE: no probe
 * @QNAV_PROBE_SERVICES: service health (systemd, podman, processes)
 * @QNAV_PROBE_RESOURCES: CPU, memory, pressure, disks and interfaces
 * @QNAV_PROBE_LOGS: recent journal entries and configured log files
 * @QNAV_PROBE_NETWORK: DNS and TCP reachability of hosts named in the error
 * @QNAV_PROBE_ALL: every probe
 *
 * Which probes a #QnavContextCollector runs.
 *
 * Since: 0.1
 */
typedef enum /*< flags >*/ {
	QNAV_PROBE_NONE = 0,
	QNAV_PROBE_SERVICES = 1 << 0,
	QNAV_PROBE_RESOURCES = 1 << 1,
	QNAV_PROBE_LOGS = 1 << 2,
	QNAV_PROBE_NETWORK = 1 << 3,
	QNAV_PROBE_ALL = 0xf,
} QnavProbeFlags;

/**
 * QnavExecutionStatus:
 * @QNAV_EXECUTION_SUCCEEDED: the option ran and its verification passed
 * @QNAV_EXECUTION_ALREADY_DONE: the check found the state already right; nothing ran
 * @QNAV_EXECUTION_FAILED: a command of the option failed
 * @QNAV_EXECUTION_NOT_HELD: the commands ran but the verification says the fix did not hold
 * @QNAV_EXECUTION_TIMED_OUT: a command ran past its timeout and was stopped
 * @QNAV_EXECUTION_DENIED: the approval policy or an approver refused; nothing ran
 * @QNAV_EXECUTION_MUTED: automatic recovery is switched off on this host; nothing ran
 * @QNAV_EXECUTION_RATE_LIMITED: too many automatic recoveries of this failure lately
 * @QNAV_EXECUTION_DRY_RUN: nothing ran; the result lists what would have
 * @QNAV_EXECUTION_MANUAL: the option is for a person to carry out; nothing ran
 *
 * How an execution of a recovery option ended.
 *
 * Since: 0.1
 */
typedef enum {
	QNAV_EXECUTION_SUCCEEDED,
	QNAV_EXECUTION_ALREADY_DONE,
	QNAV_EXECUTION_FAILED,
	QNAV_EXECUTION_NOT_HELD,
	QNAV_EXECUTION_TIMED_OUT,
	QNAV_EXECUTION_DENIED,
	QNAV_EXECUTION_MUTED,
	QNAV_EXECUTION_RATE_LIMITED,
	QNAV_EXECUTION_DRY_RUN,
	QNAV_EXECUTION_MANUAL,
} QnavExecutionStatus;

/**
 * QnavEscalationOutcome:
 * @QNAV_ESCALATION_CREATED: a new issue was opened
 * @QNAV_ESCALATION_COMMENTED: the open issue of the same failure got a comment
 * @QNAV_ESCALATION_REOPENED: the closed issue of the same failure was reopened, with a comment
 *
 * What an escalation did.
 *
 * Since: 0.1
 */
typedef enum {
	QNAV_ESCALATION_CREATED,
	QNAV_ESCALATION_COMMENTED,
	QNAV_ESCALATION_REOPENED,
} QnavEscalationOutcome;

QNAV_AVAILABLE_IN_ALL
const gchar *qnav_root_cause_to_string (QnavRootCause value);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_root_cause_from_string (const gchar *text, QnavRootCause *value);

QNAV_AVAILABLE_IN_ALL
const gchar *qnav_severity_to_string (QnavSeverity value);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_severity_from_string (const gchar *text, QnavSeverity *value);

QNAV_AVAILABLE_IN_ALL
const gchar *qnav_recovery_action_to_string (QnavRecoveryAction value);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_recovery_action_from_string (const gchar *text, QnavRecoveryAction *value);

QNAV_AVAILABLE_IN_ALL
const gchar *qnav_risk_to_string (QnavRisk value);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_risk_from_string (const gchar *text, QnavRisk *value);

QNAV_AVAILABLE_IN_ALL
const gchar *qnav_service_backend_to_string (QnavServiceBackend value);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_service_backend_from_string (const gchar *text, QnavServiceBackend *value);

QNAV_AVAILABLE_IN_ALL
const gchar *qnav_evidence_kind_to_string (QnavEvidenceKind value);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_evidence_kind_from_string (const gchar *text, QnavEvidenceKind *value);

QNAV_AVAILABLE_IN_ALL
const gchar *qnav_execution_status_to_string (QnavExecutionStatus value);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_execution_status_from_string (const gchar *text, QnavExecutionStatus *value);

QNAV_AVAILABLE_IN_ALL
const gchar *qnav_escalation_outcome_to_string (QnavEscalationOutcome value);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_escalation_outcome_from_string (const gchar *text, QnavEscalationOutcome *value);

G_END_DECLS
