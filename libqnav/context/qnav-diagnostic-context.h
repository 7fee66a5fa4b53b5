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
#include "qnav-service-status.h"
#include "qnav-system-resources.h"
#include "qnav-log-entry.h"
#include "qnav-network-check.h"

G_BEGIN_DECLS

#define QNAV_TYPE_DIAGNOSTIC_CONTEXT (qnav_diagnostic_context_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavDiagnosticContext, qnav_diagnostic_context, QNAV, DIAGNOSTIC_CONTEXT,
		      GObject)

QNAV_AVAILABLE_IN_ALL
QnavDiagnosticContext *qnav_diagnostic_context_new (const gchar *plugin_name,
						    const gchar *error_message);
QNAV_AVAILABLE_IN_ALL
QnavDiagnosticContext *qnav_diagnostic_context_new_from_json (const gchar *json, gssize length,
							      GError **error)
	G_GNUC_WARN_UNUSED_RESULT;
QNAV_AVAILABLE_IN_ALL
gchar *qnav_diagnostic_context_to_json (QnavDiagnosticContext *self);

QNAV_AVAILABLE_IN_ALL
const gchar *qnav_diagnostic_context_get_plugin_name (QnavDiagnosticContext *self);
QNAV_AVAILABLE_IN_ALL
void qnav_diagnostic_context_set_plugin_name (QnavDiagnosticContext *self,
					      const gchar *plugin_name);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_diagnostic_context_get_error_message (QnavDiagnosticContext *self);
QNAV_AVAILABLE_IN_ALL
void qnav_diagnostic_context_set_error_message (QnavDiagnosticContext *self,
						const gchar *error_message);
QNAV_AVAILABLE_IN_ALL
GDateTime *qnav_diagnostic_context_get_failure_time (QnavDiagnosticContext *self);
QNAV_AVAILABLE_IN_ALL
void qnav_diagnostic_context_set_failure_time (QnavDiagnosticContext *self,
					       GDateTime *failure_time);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_diagnostic_context_get_hostname (QnavDiagnosticContext *self);
QNAV_AVAILABLE_IN_ALL
void qnav_diagnostic_context_set_hostname (QnavDiagnosticContext *self, const gchar *hostname);

QNAV_AVAILABLE_IN_ALL
GPtrArray *qnav_diagnostic_context_get_services (QnavDiagnosticContext *self);
QNAV_AVAILABLE_IN_ALL
void qnav_diagnostic_context_add_service (QnavDiagnosticContext *self,
					  QnavServiceStatus *service);
QNAV_AVAILABLE_IN_ALL
QnavServiceStatus *qnav_diagnostic_context_lookup_service (QnavDiagnosticContext *self,
							   const gchar *name);

QNAV_AVAILABLE_IN_ALL
QnavSystemResources *qnav_diagnostic_context_get_resources (QnavDiagnosticContext *self);
QNAV_AVAILABLE_IN_ALL
void qnav_diagnostic_context_set_resources (QnavDiagnosticContext *self,
					    QnavSystemResources *resources);

QNAV_AVAILABLE_IN_ALL
GPtrArray *qnav_diagnostic_context_get_logs (QnavDiagnosticContext *self);
QNAV_AVAILABLE_IN_ALL
void qnav_diagnostic_context_add_log (QnavDiagnosticContext *self, QnavLogEntry *entry);

QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_diagnostic_context_get_log_paths (QnavDiagnosticContext *self);
QNAV_AVAILABLE_IN_ALL
void qnav_diagnostic_context_add_log_path (QnavDiagnosticContext *self, const gchar *path);

QNAV_AVAILABLE_IN_ALL
GPtrArray *qnav_diagnostic_context_get_network_checks (QnavDiagnosticContext *self);
QNAV_AVAILABLE_IN_ALL
void qnav_diagnostic_context_add_network_check (QnavDiagnosticContext *self,
						QnavNetworkCheck *check);

QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_diagnostic_context_get_probe_notes (QnavDiagnosticContext *self);
QNAV_AVAILABLE_IN_ALL
void qnav_diagnostic_context_add_probe_note (QnavDiagnosticContext *self, const gchar *note);

G_END_DECLS
