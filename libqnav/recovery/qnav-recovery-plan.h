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
#include "qnav-failure-analysis.h"
#include "qnav-recovery-option.h"

G_BEGIN_DECLS

#define QNAV_TYPE_RECOVERY_PLAN (qnav_recovery_plan_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavRecoveryPlan, qnav_recovery_plan, QNAV, RECOVERY_PLAN, GObject)

QNAV_AVAILABLE_IN_ALL
QnavRecoveryPlan *qnav_recovery_plan_new_from_json (const gchar *json, gssize length,
						    GError **error) G_GNUC_WARN_UNUSED_RESULT;
QNAV_AVAILABLE_IN_ALL
gchar *qnav_recovery_plan_to_json (QnavRecoveryPlan *self);
QNAV_AVAILABLE_IN_ALL
gchar *qnav_recovery_plan_to_markdown (QnavRecoveryPlan *self);

QNAV_AVAILABLE_IN_ALL
GDateTime *qnav_recovery_plan_get_timestamp (QnavRecoveryPlan *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_recovery_plan_get_plugin (QnavRecoveryPlan *self);
QNAV_AVAILABLE_IN_ALL
QnavFailureAnalysis *qnav_recovery_plan_get_analysis (QnavRecoveryPlan *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_recovery_plan_get_fingerprint (QnavRecoveryPlan *self);
QNAV_AVAILABLE_IN_ALL
GPtrArray *qnav_recovery_plan_get_options (QnavRecoveryPlan *self);
QNAV_AVAILABLE_IN_ALL
QnavRecoveryOption *qnav_recovery_plan_get_recommended (QnavRecoveryPlan *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_recovery_plan_get_github_issue_url (QnavRecoveryPlan *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_plan_set_github_issue_url (QnavRecoveryPlan *self, const gchar *url);
QNAV_AVAILABLE_IN_ALL
guint qnav_recovery_plan_get_execution_attempts (QnavRecoveryPlan *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_recovery_plan_get_last_execution_result (QnavRecoveryPlan *self);

G_END_DECLS
