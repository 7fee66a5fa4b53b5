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

#define QNAV_TYPE_COMMAND_RESULT (qnav_command_result_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavCommandResult, qnav_command_result, QNAV, COMMAND_RESULT, GObject)

QNAV_AVAILABLE_IN_ALL
QnavCommand *qnav_command_result_get_command (QnavCommandResult *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_command_result_get_role (QnavCommandResult *self);
QNAV_AVAILABLE_IN_ALL
gint qnav_command_result_get_exit_status (QnavCommandResult *self);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_command_result_get_timed_out (QnavCommandResult *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_command_result_get_output (QnavCommandResult *self);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_command_result_get_duration_seconds (QnavCommandResult *self);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_command_result_get_ran (QnavCommandResult *self);

#define QNAV_TYPE_EXECUTION_RESULT (qnav_execution_result_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavExecutionResult, qnav_execution_result, QNAV, EXECUTION_RESULT, GObject)

QNAV_AVAILABLE_IN_ALL
QnavExecutionStatus qnav_execution_result_get_status (QnavExecutionResult *self);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_execution_result_get_succeeded (QnavExecutionResult *self);
QNAV_AVAILABLE_IN_ALL
QnavRecoveryAction qnav_execution_result_get_action (QnavExecutionResult *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_execution_result_get_fingerprint (QnavExecutionResult *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_execution_result_get_message (QnavExecutionResult *self);
QNAV_AVAILABLE_IN_ALL
GPtrArray *qnav_execution_result_get_commands (QnavExecutionResult *self);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_execution_result_get_automatic (QnavExecutionResult *self);
QNAV_AVAILABLE_IN_ALL
GDateTime *qnav_execution_result_get_started (QnavExecutionResult *self);
QNAV_AVAILABLE_IN_ALL
GDateTime *qnav_execution_result_get_finished (QnavExecutionResult *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_execution_result_get_description (QnavExecutionResult *self);
QNAV_AVAILABLE_IN_ALL
gchar *qnav_execution_result_to_json (QnavExecutionResult *self);
QNAV_AVAILABLE_IN_ALL
QnavExecutionResult *qnav_execution_result_new_from_json (const gchar *json, gssize length,
							  GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
