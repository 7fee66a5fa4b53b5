/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__QNAV_INSIDE__) && !defined(QNAV_COMPILATION)
#error "Only <qnav.h> can be included directly."
#endif

#include <gio/gio.h>

#include "qnav-diagnostic-context.h"
#include "qnav-failure-analysis.h"
#include "qnav-pattern-library.h"
#include "qnav-version.h"

G_BEGIN_DECLS

#define QNAV_TYPE_FAILURE_ANALYZER (qnav_failure_analyzer_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavFailureAnalyzer, qnav_failure_analyzer, QNAV, FAILURE_ANALYZER, GObject)

QNAV_AVAILABLE_IN_ALL
QnavFailureAnalyzer *qnav_failure_analyzer_new (QnavPatternLibrary *library);

QNAV_AVAILABLE_IN_ALL
QnavPatternLibrary *qnav_failure_analyzer_get_library (QnavFailureAnalyzer *self);

QNAV_AVAILABLE_IN_ALL
QnavFailureAnalysis *qnav_failure_analyzer_analyze (QnavFailureAnalyzer *self,
						    QnavDiagnosticContext *context,
						    GCancellable *cancellable,
						    GError **error) G_GNUC_WARN_UNUSED_RESULT;
QNAV_AVAILABLE_IN_ALL
void qnav_failure_analyzer_analyze_async (QnavFailureAnalyzer *self,
					  QnavDiagnosticContext *context,
					  GCancellable *cancellable, GAsyncReadyCallback callback,
					  gpointer user_data);
QNAV_AVAILABLE_IN_ALL
QnavFailureAnalysis *qnav_failure_analyzer_analyze_finish (QnavFailureAnalyzer *self,
							   GAsyncResult *result,
							   GError **error) G_GNUC_WARN_UNUSED_RESULT;
QNAV_AVAILABLE_IN_ALL
QnavFailureAnalysis *qnav_failure_analyzer_analyze_text (QnavFailureAnalyzer *self,
							 const gchar *plugin, const gchar *text,
							 gssize length,
							 GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
