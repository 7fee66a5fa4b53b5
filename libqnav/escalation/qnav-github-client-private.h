/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "qnav-fingerprint-private.h"
#include "qnav-github-client.h"

G_BEGIN_DECLS

/* GitHub refuses issue and comment bodies longer than this many characters. */
#define QNAV_GITHUB_BODY_MAX 65536


/* Markdown building (qnav-github-body.c) */
gchar *qnav_github_title (QnavFailureAnalysis *analysis);
gchar *qnav_github_body (QnavFailureAnalysis *analysis, QnavRecoveryPlan *plan,
			 const gchar *fingerprint, guint64 previous_issue);
gchar *qnav_github_comment (QnavFailureAnalysis *analysis, guint occurrences, gboolean reopened);
gchar *qnav_github_marker (const gchar *fingerprint);
gboolean qnav_github_body_has_marker (const gchar *body, const gchar *fingerprint);
gchar *qnav_github_fence (const gchar *text);
gchar *qnav_github_trim_middle (const gchar *text, gsize max_chars);
gchar *qnav_github_fit (const gchar *content, const gchar *footer, gsize max_chars);

G_END_DECLS
