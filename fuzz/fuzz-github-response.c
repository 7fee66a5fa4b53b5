/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* GitHub's answers, as `qnav escalate` reads them (qnav-github-response.c). The input is one
 * raw HTTP/1.1 response: status line and headers, a blank line, then the body; without a
 * blank line it is all body to a 200. The head goes through libsoup's own parser, as on the
 * wire; then every reader gets the answer: the issue, search result and issue list readers,
 * the error body, the rate-limit headers and the Link header. Nothing may crash, hang or leak;
 * a body that is not JSON gets an INVALID_DATA error saying whose answer it was. */

#include "config.h"

#include <string.h>

#include "qnav-error.h"
#include "qnav-github-client-private.h"
#include "qnav-github-response-private.h"

#define WHAT "GitHub's answer to GET /search/issues"
#define DOING "searching octo-org/infra for the issue of this failure"
/* the failure of the seeds' markers, so that the marker check sees hits too */
#define FINGERPRINT "b43ef62325b5d174"
/* the error text of a body is cut to 1000 bytes and a raw one to 200; the redactor may add a
 * little per secret, never this much */
#define ERROR_TEXT_MAX 4096

int LLVMFuzzerTestOneInput (const guint8 *data, gsize size);

static void
check_issue (JsonNode *node)
{
	QnavGitHubIssue issue;

	if (!qnav_github_response_read_issue (node, &issue))
		return;
	g_assert_cmpuint (issue.number, >, 0);
	g_assert_nonnull (issue.url);
	(void) qnav_github_body_has_marker (issue.body, FINGERPRINT);
}

static void
check_issues (JsonArray *issues)
{
	for (guint i = 0; i < json_array_get_length (issues); i++)
		check_issue (json_array_get_element (issues, i));
}

static void
check_body (GBytes *body)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonNode) root = qnav_github_response_parse (body, WHAT, &error);
	JsonArray *issues;

	if (root == NULL) {
		/* the message says whose answer it was: the rest is json-glib's */
		g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
		g_assert_true (g_str_has_prefix (error->message, WHAT));
		g_assert_true (g_utf8_validate (error->message, -1, NULL));
		return;
	}
	check_issue (root);
	issues = qnav_github_response_get_search_items (root, DOING, &error);
	if (issues != NULL)
		check_issues (issues);
	else
		g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
	g_clear_error (&error);
	issues = qnav_github_response_get_issue_list (root, DOING, &error);
	if (issues != NULL)
		check_issues (issues);
	else
		g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
}

static void
check_error_text (GBytes *body)
{
	g_autofree gchar *says = qnav_github_response_error_text (body);

	if (says == NULL)
		return;
	g_assert_true (g_utf8_validate (says, -1, NULL));
	g_assert_cmpuint (strlen (says), <=, ERROR_TEXT_MAX);
}

static void
check_rate_limit (guint status, SoupMessageHeaders *headers, GBytes *body)
{
	gint64 now = g_get_real_time () / G_USEC_PER_SEC;
	gint64 wait = -1;

	if (!qnav_github_response_rate_limit_wait (status, headers, body, now, &wait))
		return;
	/* the client multiplies it into milliseconds and adds it to a date */
	g_assert_cmpint (wait, >=, 0);
	g_assert_cmpint (wait, <=, QNAV_GITHUB_RATE_LIMIT_MAX_SECONDS);
}

static void
check_next_page (const gchar *link, const gchar *api_url)
{
	g_autoptr(GUri) base = g_uri_parse (api_url, SOUP_HTTP_URI_FLAGS, NULL);
	g_autoptr(GUri) next = qnav_github_response_next_page (link, api_url);

	if (next == NULL)
		return;
	/* the token goes with the request: never to another host */
	g_assert_nonnull (g_uri_get_host (next));
	g_assert_cmpint (g_ascii_strcasecmp (g_uri_get_scheme (next), g_uri_get_scheme (base)),
			 ==, 0);
	g_assert_cmpint (g_ascii_strcasecmp (g_uri_get_host (next), g_uri_get_host (base)), ==,
			 0);
	g_assert_cmpint (g_uri_get_port (next), ==, g_uri_get_port (base));
}

/* The end of the head: the first blank line, CRLF or bare LF as libsoup allows. */
static const gchar *
find_blank_line (const gchar *text, gsize size, gsize *head_size)
{
	for (gsize i = 0; i + 1 < size; i++) {
		if (text[i] != '\n')
			continue;
		if (text[i + 1] == '\n') {
			*head_size = i + 1;
			return text + i + 2;
		}
		if (i + 2 < size && text[i + 1] == '\r' && text[i + 2] == '\n') {
			*head_size = i + 1;
			return text + i + 3;
		}
	}
	return NULL;
}

int
LLVMFuzzerTestOneInput (const guint8 *data, gsize size)
{
	const gchar *text = (const gchar *) data;
	g_autoptr(SoupMessageHeaders) headers =
		soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
	g_autoptr(GBytes) body = NULL;
	const gchar *start;
	const guint statuses[] = { SOUP_STATUS_FORBIDDEN, QNAV_GITHUB_STATUS_TOO_MANY_REQUESTS,
				   SOUP_STATUS_SERVICE_UNAVAILABLE };
	guint status = SOUP_STATUS_OK;
	gsize head_size = 0;
	const gchar *link;

	start = find_blank_line (text, size, &head_size);
	if (start != NULL) {
		/* libsoup hands its parser the head up to the last header's line end, NUL-ended;
		 * a head with a NUL it refuses (it would first complain of one in front) */
		g_autofree gchar *head = g_malloc (head_size + 1);
		memcpy (head, text, head_size);
		head[head_size] = '\0';
		if (memchr (head, '\0', head_size) != NULL ||
		    !soup_headers_parse_response (head, (gint) head_size, headers, NULL, &status,
						  NULL))
			status = SOUP_STATUS_OK;
		body = g_bytes_new (start, size - (gsize) (start - text));
	} else {
		body = g_bytes_new (data, size);
	}

	check_body (body);
	check_error_text (body);
	check_rate_limit (status, headers, body);
	/* whatever the status line said, the headers meet each status that reads them */
	for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
		check_rate_limit (statuses[i], headers, body);
	link = soup_message_headers_get_list (headers, "Link");
	check_next_page (link, "https://api.github.com");
	check_next_page (link, "http://127.0.0.1:8080/api/v3");
	return 0;
}
