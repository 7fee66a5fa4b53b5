/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Readers of GitHub's answers (qnav-github-response.c): everything that comes back from the
 * network passes one of these, so they take bytes and header values as they arrive and never
 * trust them. Kept apart from the client so that the fuzzer reaches them directly. */

/* libsoup 3.2 has no name for it */
#define QNAV_GITHUB_STATUS_TOO_MANY_REQUESTS 429
/* what GitHub asks for when it limits without saying until when */
#define QNAV_GITHUB_RATE_LIMIT_DEFAULT_SECONDS 60
/* the longest wait a rate limit is taken at its word for; a later reset time is bogus */
#define QNAV_GITHUB_RATE_LIMIT_MAX_SECONDS (86400 * 7)

/* An issue as GitHub answers it. The strings belong to the JSON node it was read from. */
typedef struct {
	guint64 number;
	const gchar *state; /* nullable */
	const gchar *url;
	const gchar *body; /* nullable */
	gboolean pull_request;
} QnavGitHubIssue;

JsonNode *qnav_github_response_parse (GBytes *bytes, const gchar *what,
				      GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean qnav_github_response_read_issue (JsonNode *node, QnavGitHubIssue *issue);
JsonArray *qnav_github_response_get_search_items (JsonNode *root, const gchar *doing,
						  GError **error);
JsonArray *qnav_github_response_get_issue_list (JsonNode *root, const gchar *doing,
						GError **error);
GUri *qnav_github_response_next_page (const gchar *link, const gchar *api_url);
gchar *qnav_github_response_error_text (GBytes *bytes);
gboolean qnav_github_response_rate_limit_wait (guint status, SoupMessageHeaders *headers,
					       GBytes *bytes, gint64 now_seconds,
					       gint64 *wait_seconds);

G_END_DECLS
