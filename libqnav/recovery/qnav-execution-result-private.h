/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "qnav-execution-result.h"

G_BEGIN_DECLS

/* At most this much of a command's output (stdout and stderr together) is kept: the end,
 * where the reason for a failure usually is. */
#define QNAV_COMMAND_OUTPUT_MAX (64 * 1024)

/* The roles of a command in an execution, in the order they run. */
#define QNAV_COMMAND_ROLE_CHECK "check"
#define QNAV_COMMAND_ROLE_ACT "act"
#define QNAV_COMMAND_ROLE_VERIFY "verify"
#define QNAV_COMMAND_ROLE_ROLLBACK "rollback"

/* A command that has not run (yet): exit status -1, no output. */
QnavCommandResult *qnav_command_result_new (QnavCommand *command, const gchar *role);
/* Records how the command ended; @ran is FALSE when it could not be started. @output is the
 * raw captured text, the last @output_length of @total_output_bytes bytes (only the last
 * QNAV_COMMAND_OUTPUT_MAX are kept); it is made valid UTF-8, marked when cut, and redacted
 * here. */
void qnav_command_result_set_outcome (QnavCommandResult *self, gboolean ran, gint exit_status,
				      gboolean timed_out, const gchar *output, gsize output_length,
				      guint64 total_output_bytes, gdouble duration_seconds);
JsonNode *qnav_command_result_to_json_node (QnavCommandResult *self);
QnavCommandResult *qnav_command_result_new_from_json_object (JsonObject *object,
							     GError **error);

QnavExecutionResult *qnav_execution_result_new (QnavRecoveryAction action,
						const gchar *fingerprint,
						const gchar *description);
void qnav_execution_result_set_status (QnavExecutionResult *self, QnavExecutionStatus status);
/* @message is redacted when it is set. */
void qnav_execution_result_set_message (QnavExecutionResult *self, const gchar *message);
void qnav_execution_result_set_automatic (QnavExecutionResult *self, gboolean automatic);
void qnav_execution_result_set_started (QnavExecutionResult *self, GDateTime *started);
void qnav_execution_result_set_finished (QnavExecutionResult *self, GDateTime *finished);
void qnav_execution_result_add_command (QnavExecutionResult *self, QnavCommandResult *command);
/* Replaces the last command result when it has the same role and command (the polls of a
 * wait option keep only their latest verification), else adds it. */
void qnav_execution_result_add_or_replace_command (QnavExecutionResult *self,
						   QnavCommandResult *command);
JsonNode *qnav_execution_result_to_json_node (QnavExecutionResult *self);
QnavExecutionResult *qnav_execution_result_new_from_json_object (JsonObject *object,
								 GError **error);

G_END_DECLS
