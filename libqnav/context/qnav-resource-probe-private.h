/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "qnav-diagnostic-context.h"
#include "qnav-probe-config-private.h"

G_BEGIN_DECLS

#define QNAV_TYPE_RESOURCE_PROBE (qnav_resource_probe_get_type ())
G_DECLARE_FINAL_TYPE (QnavResourceProbe, qnav_resource_probe, QNAV, RESOURCE_PROBE, GObject)

QnavResourceProbe *qnav_resource_probe_new (QnavProbeConfig *config);
void qnav_resource_probe_run_async (QnavResourceProbe *self, QnavDiagnosticContext *context,
				    GCancellable *cancellable, GAsyncReadyCallback callback,
				    gpointer user_data);
gboolean qnav_resource_probe_run_finish (QnavResourceProbe *self, GAsyncResult *result,
					 GError **error);

G_END_DECLS
