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
#include "qnav-diagnostic-context.h"

G_BEGIN_DECLS

#define QNAV_TYPE_CONTEXT_COLLECTOR (qnav_context_collector_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavContextCollector, qnav_context_collector, QNAV, CONTEXT_COLLECTOR,
		      GObject)

QNAV_AVAILABLE_IN_ALL
QnavContextCollector *qnav_context_collector_new (void);

QNAV_AVAILABLE_IN_ALL
gboolean qnav_context_collector_collect (QnavContextCollector *self,
					 QnavDiagnosticContext *context,
					 GCancellable *cancellable, GError **error);
QNAV_AVAILABLE_IN_ALL
void qnav_context_collector_collect_async (QnavContextCollector *self,
					   QnavDiagnosticContext *context,
					   GCancellable *cancellable, GAsyncReadyCallback callback,
					   gpointer user_data);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_context_collector_collect_finish (QnavContextCollector *self, GAsyncResult *result,
						GError **error);

QNAV_AVAILABLE_IN_ALL
QnavProbeFlags qnav_context_collector_get_probes (QnavContextCollector *self);
QNAV_AVAILABLE_IN_ALL
void qnav_context_collector_set_probes (QnavContextCollector *self, QnavProbeFlags probes);
QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_context_collector_get_services (QnavContextCollector *self);
QNAV_AVAILABLE_IN_ALL
void qnav_context_collector_set_services (QnavContextCollector *self,
					  const gchar *const *services);

QNAV_AVAILABLE_IN_ALL
const gchar *qnav_context_collector_get_proc_root (QnavContextCollector *self);
QNAV_AVAILABLE_IN_ALL
void qnav_context_collector_set_proc_root (QnavContextCollector *self, const gchar *proc_root);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_context_collector_get_sys_root (QnavContextCollector *self);
QNAV_AVAILABLE_IN_ALL
void qnav_context_collector_set_sys_root (QnavContextCollector *self, const gchar *sys_root);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_context_collector_get_system_bus_address (QnavContextCollector *self);
QNAV_AVAILABLE_IN_ALL
void qnav_context_collector_set_system_bus_address (QnavContextCollector *self,
						    const gchar *address);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_context_collector_get_podman_path (QnavContextCollector *self);
QNAV_AVAILABLE_IN_ALL
void qnav_context_collector_set_podman_path (QnavContextCollector *self,
					     const gchar *podman_path);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_context_collector_get_journalctl_path (QnavContextCollector *self);
QNAV_AVAILABLE_IN_ALL
void qnav_context_collector_set_journalctl_path (QnavContextCollector *self,
						 const gchar *journalctl_path);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_context_collector_get_journal_directory (QnavContextCollector *self);
QNAV_AVAILABLE_IN_ALL
void qnav_context_collector_set_journal_directory (QnavContextCollector *self,
						   const gchar *journal_directory);
QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_context_collector_get_log_paths (QnavContextCollector *self);
QNAV_AVAILABLE_IN_ALL
void qnav_context_collector_set_log_paths (QnavContextCollector *self,
					   const gchar *const *log_paths);
QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_context_collector_get_disk_paths (QnavContextCollector *self);
QNAV_AVAILABLE_IN_ALL
void qnav_context_collector_set_disk_paths (QnavContextCollector *self,
					    const gchar *const *disk_paths);
QNAV_AVAILABLE_IN_ALL
guint64 qnav_context_collector_get_max_log_bytes (QnavContextCollector *self);
QNAV_AVAILABLE_IN_ALL
void qnav_context_collector_set_max_log_bytes (QnavContextCollector *self,
					       guint64 max_log_bytes);
QNAV_AVAILABLE_IN_ALL
guint qnav_context_collector_get_log_since_seconds (QnavContextCollector *self);
QNAV_AVAILABLE_IN_ALL
void qnav_context_collector_set_log_since_seconds (QnavContextCollector *self,
						   guint log_since_seconds);
QNAV_AVAILABLE_IN_ALL
guint qnav_context_collector_get_network_timeout_ms (QnavContextCollector *self);
QNAV_AVAILABLE_IN_ALL
void qnav_context_collector_set_network_timeout_ms (QnavContextCollector *self,
						    guint network_timeout_ms);
QNAV_AVAILABLE_IN_ALL
guint qnav_context_collector_get_timeout_ms (QnavContextCollector *self);
QNAV_AVAILABLE_IN_ALL
void qnav_context_collector_set_timeout_ms (QnavContextCollector *self, guint timeout_ms);

G_END_DECLS
