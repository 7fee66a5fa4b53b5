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
#include "qnav-history.h"
#include "qnav-recovery-plan.h"

G_BEGIN_DECLS

#define QNAV_TYPE_RECOVERY_EXECUTOR (qnav_recovery_executor_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavRecoveryExecutor, qnav_recovery_executor, QNAV, RECOVERY_EXECUTOR,
		      GObject)

QNAV_AVAILABLE_IN_ALL
QnavRecoveryExecutor *qnav_recovery_executor_new (QnavHistory *history);

QNAV_AVAILABLE_IN_ALL
QnavHistory *qnav_recovery_executor_get_history (QnavRecoveryExecutor *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_executor_set_history (QnavRecoveryExecutor *self, QnavHistory *history);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_recovery_executor_get_dry_run (QnavRecoveryExecutor *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_executor_set_dry_run (QnavRecoveryExecutor *self, gboolean dry_run);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_recovery_executor_get_auto_confidence (QnavRecoveryExecutor *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_executor_set_auto_confidence (QnavRecoveryExecutor *self, gdouble confidence);
QNAV_AVAILABLE_IN_ALL
guint qnav_recovery_executor_get_storm_limit (QnavRecoveryExecutor *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_executor_set_storm_limit (QnavRecoveryExecutor *self, guint per_hour);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_recovery_executor_get_mute_file (QnavRecoveryExecutor *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_executor_set_mute_file (QnavRecoveryExecutor *self, const gchar *path);
QNAV_AVAILABLE_IN_ALL
guint qnav_recovery_executor_get_default_timeout (QnavRecoveryExecutor *self);
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_executor_set_default_timeout (QnavRecoveryExecutor *self, guint seconds);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_recovery_executor_is_muted (QnavRecoveryExecutor *self, gchar **reason);

QNAV_AVAILABLE_IN_ALL
QnavExecutionResult *qnav_recovery_executor_execute (QnavRecoveryExecutor *self,
						     QnavRecoveryPlan *plan,
						     QnavRecoveryOption *option,
						     GCancellable *cancellable,
						     GError **error) G_GNUC_WARN_UNUSED_RESULT;
QNAV_AVAILABLE_IN_ALL
void qnav_recovery_executor_execute_async (QnavRecoveryExecutor *self, QnavRecoveryPlan *plan,
					   QnavRecoveryOption *option, GCancellable *cancellable,
					   GAsyncReadyCallback callback, gpointer user_data);
QNAV_AVAILABLE_IN_ALL
QnavExecutionResult *qnav_recovery_executor_execute_finish (QnavRecoveryExecutor *self,
							    GAsyncResult *result,
							    GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
