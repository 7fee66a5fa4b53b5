/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__QNAV_INSIDE__) && !defined(QNAV_COMPILATION)
#error "Only <qnav.h> can be included directly."
#endif

#include <gio/gio.h>

#include "qnav-diagnostic-context.h"
#include "qnav-enums.h"
#include "qnav-evidence.h"
#include "qnav-version.h"

G_BEGIN_DECLS

#define QNAV_TYPE_FAILURE_ANALYSIS (qnav_failure_analysis_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavFailureAnalysis, qnav_failure_analysis, QNAV, FAILURE_ANALYSIS, GObject)

QNAV_AVAILABLE_IN_ALL
QnavFailureAnalysis *qnav_failure_analysis_new_from_json (const gchar *json, gssize length,
							  GError **error) G_GNUC_WARN_UNUSED_RESULT;
QNAV_AVAILABLE_IN_ALL
gchar *qnav_failure_analysis_to_json (QnavFailureAnalysis *self);

QNAV_AVAILABLE_IN_ALL
GDateTime *qnav_failure_analysis_get_timestamp (QnavFailureAnalysis *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_failure_analysis_get_plugin (QnavFailureAnalysis *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_failure_analysis_get_error_message (QnavFailureAnalysis *self);
QNAV_AVAILABLE_IN_ALL
QnavRootCause qnav_failure_analysis_get_root_cause (QnavFailureAnalysis *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_failure_analysis_get_description (QnavFailureAnalysis *self);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_failure_analysis_get_confidence (QnavFailureAnalysis *self);
QNAV_AVAILABLE_IN_ALL
QnavSeverity qnav_failure_analysis_get_severity (QnavFailureAnalysis *self);
QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_failure_analysis_get_affected_services (QnavFailureAnalysis *self);
QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_failure_analysis_get_correlated_failures (QnavFailureAnalysis *self);
QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_failure_analysis_get_pattern_matches (QnavFailureAnalysis *self);
QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_failure_analysis_get_recommended_actions (QnavFailureAnalysis *self);
QNAV_AVAILABLE_IN_ALL
GPtrArray *qnav_failure_analysis_get_evidence (QnavFailureAnalysis *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_failure_analysis_get_fingerprint (QnavFailureAnalysis *self);
QNAV_AVAILABLE_IN_ALL
QnavDiagnosticContext *qnav_failure_analysis_get_context (QnavFailureAnalysis *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_failure_analysis_get_llm_reasoning (QnavFailureAnalysis *self);
QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_failure_analysis_get_notes (QnavFailureAnalysis *self);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_failure_analysis_get_score (QnavFailureAnalysis *self, QnavRootCause root_cause);

G_END_DECLS
