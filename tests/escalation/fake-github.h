/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * A fake GitHub REST API on 127.0.0.1, port 0, in a thread of its own (so a test can block in
 * the client's sync API while the fake answers). It keeps issues, comments and labels, speaks
 * the shapes of the real API (issue objects with number, html_url, state, body, labels[],
 * pull_request on pull requests; search results {total_count, incomplete_results, items};
 * Link pagination through /repositories/ID/issues; error bodies {message, documentation_url,
 * errors}), checks the token, and records every request it receives.
 */

typedef enum {
	FAKE_FAULT_NONE,
	FAKE_FAULT_401,
	FAKE_FAULT_403,
	FAKE_FAULT_404,
	FAKE_FAULT_410,
	FAKE_FAULT_422,
	FAKE_FAULT_429_RETRY_AFTER, /* Retry-After: seconds */
	FAKE_FAULT_403_RATE_LIMIT,  /* X-RateLimit-Remaining: 0, X-RateLimit-Reset: now + seconds */
	FAKE_FAULT_500,
	FAKE_FAULT_500_AFTER_CREATE, /* does the work, then answers 500 */
	FAKE_FAULT_SLOW,             /* answers after seconds */
	FAKE_FAULT_MALFORMED,
	FAKE_FAULT_TRUNCATED,
} FakeFault;

typedef struct {
	gchar *method;
	gchar *path;
	gchar *query;
	gchar *authorization;
	gchar *accept;
	gchar *api_version;
	gchar *user_agent;
	gchar *content_type;
	gchar *body;
	guint status;
	gint64 received_monotonic;
	gint64 received_real;
} FakeRequest;

typedef struct _FakeGitHub FakeGitHub;

FakeGitHub *fake_github_new (const gchar *repository, const gchar *token);
void fake_github_free (FakeGitHub *fake);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeGitHub, fake_github_free)

/* http://127.0.0.1:PORT, the API base URL */
const gchar *fake_github_get_url (FakeGitHub *fake);

/* @what is "METHOD /path" to match the start of, or NULL for every request; @times is how
 * many requests get the fault (0: all of them). */
void fake_github_set_fault (FakeGitHub *fake, FakeFault fault, const gchar *what, guint times,
			    guint seconds);
/* new issues stay out of the search index, as they do on GitHub for a while */
void fake_github_set_search_lag (FakeGitHub *fake, gboolean lag);
/* at most this many issues per listed page, whatever per_page asks */
void fake_github_set_page_size (FakeGitHub *fake, guint page_size);

guint64 fake_github_add_issue (FakeGitHub *fake, const gchar *title, const gchar *body,
			       const gchar *const *labels, gboolean closed, gboolean pull_request);
void fake_github_set_labels (FakeGitHub *fake, guint64 number, const gchar *const *labels);

guint fake_github_count_issues (FakeGitHub *fake);
gchar *fake_github_get_state (FakeGitHub *fake, guint64 number);
gchar *fake_github_get_body (FakeGitHub *fake, guint64 number);
GPtrArray *fake_github_get_comments (FakeGitHub *fake, guint64 number);

/* (element-type FakeRequest) a copy of what was received so far */
GPtrArray *fake_github_get_requests (FakeGitHub *fake);
void fake_github_clear_requests (FakeGitHub *fake);
/* requests whose method is @method and whose path matches the glob @path_glob */
guint fake_github_count_requests (FakeGitHub *fake, const gchar *method, const gchar *path_glob);

void fake_request_free (FakeRequest *request);

G_END_DECLS
