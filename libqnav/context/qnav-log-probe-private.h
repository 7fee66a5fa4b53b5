/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "qnav-diagnostic-context.h"
#include "qnav-probe-config-private.h"

G_BEGIN_DECLS

#define QNAV_TYPE_LOG_PROBE (qnav_log_probe_get_type ())
G_DECLARE_FINAL_TYPE (QnavLogProbe, qnav_log_probe, QNAV, LOG_PROBE, GObject)

QnavLogProbe *qnav_log_probe_new (QnavProbeConfig *config);
void qnav_log_probe_run_async (QnavLogProbe *self, QnavDiagnosticContext *context,
			       GCancellable *cancellable, GAsyncReadyCallback callback,
			       gpointer user_data);
gboolean qnav_log_probe_run_finish (QnavLogProbe *self, GAsyncResult *result,
				    GError **error);

G_END_DECLS
