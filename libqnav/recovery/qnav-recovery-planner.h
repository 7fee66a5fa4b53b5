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
#include "qnav-history.h"
#include "qnav-recovery-plan.h"

G_BEGIN_DECLS

#define QNAV_TYPE_RECOVERY_PLANNER (qnav_recovery_planner_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavRecoveryPlanner, qnav_recovery_planner, QNAV, RECOVERY_PLANNER,
		      GObject)

QNAV_AVAILABLE_IN_ALL
QnavRecoveryPlanner *qnav_recovery_planner_new (QnavHistory *history);
QNAV_AVAILABLE_IN_ALL
QnavHistory *qnav_recovery_planner_get_history (QnavRecoveryPlanner *self);
QNAV_AVAILABLE_IN_ALL
QnavRecoveryPlan *qnav_recovery_planner_plan (QnavRecoveryPlanner *self,
					      QnavFailureAnalysis *analysis,
					      GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
