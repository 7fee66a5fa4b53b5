/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__QNAV_INSIDE__) && !defined(QNAV_COMPILATION)
#error "Only <qnav.h> can be included directly."
#endif

#include <gio/gio.h>

#include "qnav-enums.h"
#include "qnav-version.h"
#include "qnav-execution-result.h"
#include "qnav-failure-analysis.h"
#include "qnav-recovery-plan.h"

G_BEGIN_DECLS

#define QNAV_TYPE_HISTORY (qnav_history_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavHistory, qnav_history, QNAV, HISTORY, GObject)

QNAV_AVAILABLE_IN_ALL
QnavHistory *qnav_history_new (const gchar *path, GError **error) G_GNUC_WARN_UNUSED_RESULT;
QNAV_AVAILABLE_IN_ALL
gchar *qnav_history_default_path (void);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_history_get_path (QnavHistory *self);

QNAV_AVAILABLE_IN_ALL
gboolean qnav_history_record_analysis (QnavHistory *self, QnavFailureAnalysis *analysis,
				       GError **error);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_history_record_plan (QnavHistory *self, QnavRecoveryPlan *plan, GError **error);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_history_record_execution (QnavHistory *self, QnavExecutionResult *result,
					GError **error);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_history_record_escalation (QnavHistory *self, const gchar *fingerprint,
					 const gchar *repository, guint64 issue_number,
					 const gchar *url, GError **error);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_history_record_escalation_full (QnavHistory *self, const gchar *fingerprint,
					      const gchar *repository, guint64 issue_number,
					      const gchar *url, QnavEscalationOutcome outcome,
					      GDateTime *when, GError **error);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_history_record_outcome (QnavHistory *self, const gchar *fingerprint,
				      QnavRecoveryAction action, QnavExecutionStatus status,
				      gboolean automatic, GDateTime *started,
				      gdouble duration_seconds, const gchar *message,
				      GError **error);

QNAV_AVAILABLE_IN_ALL
guint qnav_history_count_occurrences (QnavHistory *self, const gchar *fingerprint,
				      GDateTime *since, GError **error);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_history_get_success_rate (QnavHistory *self, const gchar *fingerprint,
				       QnavRecoveryAction action, guint *attempts,
				       GError **error);
QNAV_AVAILABLE_IN_ALL
guint qnav_history_count_automatic_executions (QnavHistory *self, const gchar *fingerprint,
					       GDateTime *since, GError **error);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_history_get_last_escalation (QnavHistory *self, const gchar *fingerprint,
					   const gchar *repository, guint64 *issue_number,
					   gchar **url, GDateTime **when, GError **error);
QNAV_AVAILABLE_IN_ALL
gchar *qnav_history_to_json (QnavHistory *self, const gchar *fingerprint, guint limit,
			     GError **error);

G_END_DECLS
