/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "qnav-diagnostic-context.h"
#include "qnav-probe-config-private.h"

G_BEGIN_DECLS

#define QNAV_TYPE_NETWORK_PROBE (qnav_network_probe_get_type ())
G_DECLARE_FINAL_TYPE (QnavNetworkProbe, qnav_network_probe, QNAV, NETWORK_PROBE, GObject)

QnavNetworkProbe *qnav_network_probe_new (QnavProbeConfig *config);
void qnav_network_probe_run_async (QnavNetworkProbe *self, QnavDiagnosticContext *context,
			       GCancellable *cancellable, GAsyncReadyCallback callback,
			       gpointer user_data);
gboolean qnav_network_probe_run_finish (QnavNetworkProbe *self, GAsyncResult *result,
				    GError **error);

G_END_DECLS
