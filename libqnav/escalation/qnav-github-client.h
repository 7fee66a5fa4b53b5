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
#include "qnav-failure-analysis.h"
#include "qnav-history.h"
#include "qnav-recovery-plan.h"

G_BEGIN_DECLS

#define QNAV_TYPE_GITHUB_CLIENT (qnav_github_client_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavGitHubClient, qnav_github_client, QNAV, GITHUB_CLIENT, GObject)

QNAV_AVAILABLE_IN_ALL
QnavGitHubClient *qnav_github_client_new (const gchar *repository, const gchar *token,
					  const gchar *api_url, GError **error)
	G_GNUC_WARN_UNUSED_RESULT;

QNAV_AVAILABLE_IN_ALL
const gchar *qnav_github_client_get_repository (QnavGitHubClient *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_github_client_get_api_url (QnavGitHubClient *self);

QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_github_client_get_labels (QnavGitHubClient *self);
QNAV_AVAILABLE_IN_ALL
void qnav_github_client_set_labels (QnavGitHubClient *self, const gchar *const *labels);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_github_client_get_reopen_closed (QnavGitHubClient *self);
QNAV_AVAILABLE_IN_ALL
void qnav_github_client_set_reopen_closed (QnavGitHubClient *self, gboolean reopen_closed);
QNAV_AVAILABLE_IN_ALL
guint qnav_github_client_get_timeout_seconds (QnavGitHubClient *self);
QNAV_AVAILABLE_IN_ALL
void qnav_github_client_set_timeout_seconds (QnavGitHubClient *self, guint timeout_seconds);
QNAV_AVAILABLE_IN_ALL
guint qnav_github_client_get_max_retries (QnavGitHubClient *self);
QNAV_AVAILABLE_IN_ALL
void qnav_github_client_set_max_retries (QnavGitHubClient *self, guint max_retries);
QNAV_AVAILABLE_IN_ALL
QnavHistory *qnav_github_client_get_history (QnavGitHubClient *self);
QNAV_AVAILABLE_IN_ALL
void qnav_github_client_set_history (QnavGitHubClient *self, QnavHistory *history);

QNAV_AVAILABLE_IN_ALL
gboolean qnav_github_client_escalate (QnavGitHubClient *self, QnavFailureAnalysis *analysis,
				      QnavRecoveryPlan *plan, QnavEscalationOutcome *outcome,
				      guint64 *issue_number, gchar **url,
				      GCancellable *cancellable, GError **error);
QNAV_AVAILABLE_IN_ALL
void qnav_github_client_escalate_async (QnavGitHubClient *self, QnavFailureAnalysis *analysis,
					QnavRecoveryPlan *plan, GCancellable *cancellable,
					GAsyncReadyCallback callback, gpointer user_data);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_github_client_escalate_finish (QnavGitHubClient *self, GAsyncResult *result,
					     QnavEscalationOutcome *outcome,
					     guint64 *issue_number, gchar **url, GError **error);
QNAV_AVAILABLE_IN_ALL
gchar *qnav_github_client_build_title (QnavGitHubClient *self, QnavFailureAnalysis *analysis);
QNAV_AVAILABLE_IN_ALL
gchar *qnav_github_client_build_body (QnavGitHubClient *self, QnavFailureAnalysis *analysis,
				      QnavRecoveryPlan *plan);

G_END_DECLS
