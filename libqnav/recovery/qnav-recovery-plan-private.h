/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "qnav-recovery-plan.h"

G_BEGIN_DECLS

QnavRecoveryPlan *qnav_recovery_plan_new (QnavFailureAnalysis *analysis);
void qnav_recovery_plan_add_option (QnavRecoveryPlan *self, QnavRecoveryOption *option);
void qnav_recovery_plan_set_recommended (QnavRecoveryPlan *self, QnavRecoveryOption *option);
void qnav_recovery_plan_note_execution (QnavRecoveryPlan *self, const gchar *result);
JsonNode *qnav_recovery_plan_to_json_node (QnavRecoveryPlan *self);

G_END_DECLS
