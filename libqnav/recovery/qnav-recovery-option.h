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
#include "qnav-command.h"

G_BEGIN_DECLS

#define QNAV_TYPE_RECOVERY_OPTION (qnav_recovery_option_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavRecoveryOption, qnav_recovery_option, QNAV, RECOVERY_OPTION, GObject)

QNAV_AVAILABLE_IN_ALL
QnavRecoveryOption *qnav_recovery_option_new (QnavRecoveryAction action,
					      const gchar *description);

QNAV_AVAILABLE_IN_ALL
QnavRecoveryAction qnav_recovery_option_get_action (QnavRecoveryOption *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_recovery_option_get_description (QnavRecoveryOption *self);
QNAV_AVAILABLE_IN_ALL
guint qnav_recovery_option_get_priority (QnavRecoveryOption *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_option_set_priority (QnavRecoveryOption *self, guint priority);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_recovery_option_get_confidence (QnavRecoveryOption *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_option_set_confidence (QnavRecoveryOption *self, gdouble confidence);
QNAV_AVAILABLE_IN_ALL
QnavRisk qnav_recovery_option_get_risk (QnavRecoveryOption *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_option_set_risk (QnavRecoveryOption *self, QnavRisk risk);
QNAV_AVAILABLE_IN_ALL
guint qnav_recovery_option_get_estimated_duration (QnavRecoveryOption *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_option_set_estimated_duration (QnavRecoveryOption *self, guint seconds);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_recovery_option_get_success_rate (QnavRecoveryOption *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_option_set_success_rate (QnavRecoveryOption *self, gdouble success_rate);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_recovery_option_get_score (QnavRecoveryOption *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_option_set_score (QnavRecoveryOption *self, gdouble score);

QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_recovery_option_get_steps (QnavRecoveryOption *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_option_add_step (QnavRecoveryOption *self, const gchar *step);
QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_recovery_option_get_prerequisites (QnavRecoveryOption *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_option_add_prerequisite (QnavRecoveryOption *self, const gchar *prerequisite);
QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_recovery_option_get_rollback_steps (QnavRecoveryOption *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_option_add_rollback_step (QnavRecoveryOption *self, const gchar *step);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_recovery_option_get_success_criteria (QnavRecoveryOption *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_option_set_success_criteria (QnavRecoveryOption *self, const gchar *criteria);

QNAV_AVAILABLE_IN_ALL
QnavCommand *qnav_recovery_option_get_check (QnavRecoveryOption *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_option_set_check (QnavRecoveryOption *self, QnavCommand *check);
QNAV_AVAILABLE_IN_ALL
GPtrArray *qnav_recovery_option_get_commands (QnavRecoveryOption *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_option_add_command (QnavRecoveryOption *self, QnavCommand *command);
QNAV_AVAILABLE_IN_ALL
QnavCommand *qnav_recovery_option_get_verify (QnavRecoveryOption *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_option_set_verify (QnavRecoveryOption *self, QnavCommand *verify);
QNAV_AVAILABLE_IN_ALL
GPtrArray *qnav_recovery_option_get_rollback_commands (QnavRecoveryOption *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_option_add_rollback_command (QnavRecoveryOption *self, QnavCommand *command);
QNAV_AVAILABLE_IN_ALL
guint qnav_recovery_option_get_wait_seconds (QnavRecoveryOption *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_option_set_wait_seconds (QnavRecoveryOption *self, guint seconds);

G_END_DECLS
