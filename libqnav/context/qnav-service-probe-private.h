/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "qnav-diagnostic-context.h"
#include "qnav-probe-config-private.h"

G_BEGIN_DECLS

#define QNAV_TYPE_SERVICE_PROBE (qnav_service_probe_get_type ())
G_DECLARE_FINAL_TYPE (QnavServiceProbe, qnav_service_probe, QNAV, SERVICE_PROBE, GObject)

QnavServiceProbe *qnav_service_probe_new (QnavProbeConfig *config);
void qnav_service_probe_run_async (QnavServiceProbe *self, QnavDiagnosticContext *context,
				   GCancellable *cancellable, GAsyncReadyCallback callback,
				   gpointer user_data);
gboolean qnav_service_probe_run_finish (QnavServiceProbe *self, GAsyncResult *result,
					GError **error);

/* The logical services a collection with @config looks at: the configured ones and those
 * the failure text names. */
GStrv qnav_service_probe_service_names (QnavProbeConfig *config);
/* The systemd units (possibly globs) behind those services, for journalctl -u. */
GStrv qnav_service_probe_units (QnavProbeConfig *config);

G_END_DECLS
