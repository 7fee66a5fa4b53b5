/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "qnav-failure-analysis.h"

G_BEGIN_DECLS

QnavFailureAnalysis *qnav_failure_analysis_new (const gchar *plugin, const gchar *error_message,
						gssize error_length);
JsonNode *qnav_failure_analysis_to_json_node (QnavFailureAnalysis *self);

void qnav_failure_analysis_set_timestamp (QnavFailureAnalysis *self, GDateTime *timestamp);
void qnav_failure_analysis_set_result (QnavFailureAnalysis *self, QnavRootCause root_cause,
				       gdouble confidence, QnavSeverity severity,
				       const gchar *description);
void qnav_failure_analysis_set_score (QnavFailureAnalysis *self, QnavRootCause root_cause,
				      gdouble score);
void qnav_failure_analysis_add_affected_service (QnavFailureAnalysis *self, const gchar *name);
void qnav_failure_analysis_add_correlated_failure (QnavFailureAnalysis *self, const gchar *name);
void qnav_failure_analysis_add_pattern_match (QnavFailureAnalysis *self, const gchar *id);
void qnav_failure_analysis_add_recommended_action (QnavFailureAnalysis *self,
						   const gchar *action);
void qnav_failure_analysis_add_evidence (QnavFailureAnalysis *self, QnavEvidence *evidence);
void qnav_failure_analysis_add_note (QnavFailureAnalysis *self, const gchar *note);
void qnav_failure_analysis_set_fingerprint (QnavFailureAnalysis *self, const gchar *fingerprint);
void qnav_failure_analysis_set_context (QnavFailureAnalysis *self,
					QnavDiagnosticContext *context);
void qnav_failure_analysis_set_llm_reasoning (QnavFailureAnalysis *self, const gchar *reasoning);

G_END_DECLS
