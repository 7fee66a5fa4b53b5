/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "qnav-error.h"
#include "qnav-github-response-private.h"
#include "qnav-json-private.h"
#include "qnav-redact-private.h"

/* The body of an answer, or a clear error: an empty answer is one a proxy left behind. */
JsonNode *
qnav_github_response_parse (GBytes *bytes, const gchar *what, GError **error)
{
	gsize size = 0;
	const gchar *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

	if (data == NULL || size == 0) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA, "%s is empty", what);
		return NULL;
	}
	return qnav_json_parse (data, (gssize) size, what, error);
}

static const gchar *
string_member (JsonObject *object, const gchar *name)
{
	JsonNode *member = json_object_get_member (object, name);

	if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
	    json_node_get_value_type (member) != G_TYPE_STRING)
		return NULL;
	return json_node_get_string (member);
}

/* FALSE unless @node is an issue with a positive number and a web address; the rest is
 * optional because GitHub leaves out what it does not know. @issue is all zeros unless the
 * answer is TRUE. */
gboolean
qnav_github_response_read_issue (JsonNode *node, QnavGitHubIssue *issue)
{
	JsonObject *object;
	JsonNode *member;
	const gchar *url;

	memset (issue, 0, sizeof *issue);
	if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
		return FALSE;
	object = json_node_get_object (node);
	member = json_object_get_member (object, "number");
	if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
	    json_node_get_value_type (member) != G_TYPE_INT64 || json_node_get_int (member) <= 0)
		return FALSE;
	url = string_member (object, "html_url");
	if (url == NULL)
		return FALSE;
	issue->number = (guint64) json_node_get_int (member);
	issue->url = url;
	issue->state = string_member (object, "state");
	issue->body = string_member (object, "body");
	member = json_object_get_member (object, "pull_request");
	issue->pull_request = member != NULL && !JSON_NODE_HOLDS_NULL (member);
	return TRUE;
}

/* The "items" of a search result, `{"total_count": N, "items": [...]}`; (transfer none). */
JsonArray *
qnav_github_response_get_search_items (JsonNode *root, const gchar *doing, GError **error)
{
	JsonNode *items = NULL;

	if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
		items = json_object_get_member (json_node_get_object (root), "items");
	if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "GitHub's answer while %s has no \"items\" list", doing);
		return NULL;
	}
	return json_node_get_array (items);
}

/* A page of a listing, a bare array of issues; (transfer none). */
JsonArray *
qnav_github_response_get_issue_list (JsonNode *root, const gchar *doing, GError **error)
{
	if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "GitHub's answer while %s is not a list of issues", doing);
		return NULL;
	}
	return json_node_get_array (root);
}

/* The next page from a Link header (`<URL>; rel="next", <URL>; rel="last"`), if it stays on
 * the API's own host: the token goes with it. NULL when there is none or it leaves. */
GUri *
qnav_github_response_next_page (const gchar *link, const gchar *api_url)
{
	g_autoptr(GUri) base = NULL;

	if (link == NULL || api_url == NULL)
		return NULL;
	base = g_uri_parse (api_url, SOUP_HTTP_URI_FLAGS, NULL);
	if (base == NULL || g_uri_get_host (base) == NULL)
		return NULL;
	for (const gchar *p = link; (p = strchr (p, '<')) != NULL;) {
		const gchar *end = strchr (p, '>');
		const gchar *next_entry;
		g_autofree gchar *params = NULL;
		g_autofree gchar *target = NULL;
		g_autoptr(GUri) uri = NULL;

		if (end == NULL)
			break;
		next_entry = strchr (end, '<');
		params = next_entry != NULL ? g_strndup (end + 1, next_entry - end - 1)
					    : g_strdup (end + 1);
		target = g_strndup (p + 1, end - p - 1);
		p = end;
		if (strstr (params, "rel=\"next\"") == NULL && strstr (params, "rel=next") == NULL)
			continue;
		uri = g_uri_parse (target, SOUP_HTTP_URI_FLAGS, NULL);
		/* a URL without a host ("https:/x") would compare equal to any host */
		if (uri == NULL || g_uri_get_host (uri) == NULL ||
		    g_ascii_strcasecmp (g_uri_get_scheme (uri), g_uri_get_scheme (base)) != 0 ||
		    g_ascii_strcasecmp (g_uri_get_host (uri), g_uri_get_host (base)) != 0 ||
		    g_uri_get_port (uri) != g_uri_get_port (base)) {
			g_debug ("GitHub: not following a next page on another host");
			return NULL;
		}
		return g_steal_pointer (&uri);
	}
	return NULL;
}

static gchar *
bytes_text (GBytes *bytes, gsize max)
{
	gsize size = 0;
	const gchar *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;
	g_autofree gchar *text = NULL;

	if (data == NULL || size == 0)
		return g_strdup ("");
	text = qnav_json_clean_text (data, (gssize) size, max);
	return qnav_redact (text);
}

/* GitHub's own words about an error, `{"message": …, "errors": [{"field": …}, …]}`: its
 * message, and for a 422 what was wrong with which field; cut, valid UTF-8 and redacted, or
 * NULL when it said nothing. A body that is not such an object is quoted raw, shortly. */
gchar *
qnav_github_response_error_text (GBytes *bytes)
{
	gsize size = 0;
	const gchar *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;
	g_autoptr(JsonNode) root = NULL;
	g_autoptr(GString) text = g_string_new (NULL);
	g_autofree gchar *cut = NULL;
	JsonObject *object;
	JsonArray *errors = NULL;
	const gchar *message;

	if (data == NULL || size == 0)
		return NULL;
	root = qnav_json_parse (data, (gssize) size, "GitHub's error", NULL);
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)) {
		g_autofree gchar *raw = bytes_text (bytes, 200);
		return *raw != '\0' ? g_strdup (raw) : NULL;
	}
	object = json_node_get_object (root);
	/* not json_object_get_string_member: a number there would append NULL */
	message = string_member (object, "message");
	if (message != NULL)
		g_string_append (text, message);
	if (json_object_has_member (object, "errors") &&
	    JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "errors")))
		errors = json_object_get_array_member (object, "errors");
	for (guint i = 0; errors != NULL && i < json_array_get_length (errors) && i < 10; i++) {
		JsonNode *node = json_array_get_element (errors, i);
		g_string_append (text, i == 0 ? " [" : "; ");
		if (JSON_NODE_HOLDS_OBJECT (node)) {
			JsonObject *item = json_node_get_object (node);
			const gchar *members[] = { "resource", "field", "code", "message",
						   "value" };
			gboolean first = TRUE;
			for (guint m = 0; m < G_N_ELEMENTS (members); m++) {
				const gchar *value = string_member (item, members[m]);
				if (value == NULL)
					continue;
				g_string_append_printf (text, "%s%s: %s", first ? "" : ", ",
							members[m], value);
				first = FALSE;
			}
		} else if (JSON_NODE_HOLDS_VALUE (node) &&
			   json_node_get_value_type (node) == G_TYPE_STRING) {
			g_string_append (text, json_node_get_string (node));
		}
		if (i + 1 == json_array_get_length (errors) || i + 1 == 10)
			g_string_append_c (text, ']');
	}
	if (text->len == 0)
		return NULL;
	cut = qnav_json_clean_text (text->str, -1, 1000);
	return qnav_redact (cut);
}

/* Whether an answer of @status says "not now", and for how long: Retry-After first, then the
 * primary limit's reset time (epoch seconds, against @now_seconds), then the minute GitHub
 * asks for when it says neither. The wait is at most QNAV_GITHUB_RATE_LIMIT_MAX_SECONDS, so
 * callers may turn it into milliseconds and dates. */
gboolean
qnav_github_response_rate_limit_wait (guint status, SoupMessageHeaders *headers, GBytes *bytes,
				      gint64 now_seconds, gint64 *wait_seconds)
{
	const gchar *retry_after = NULL, *remaining = NULL, *reset = NULL;
	guint64 value;

	if (status != QNAV_GITHUB_STATUS_TOO_MANY_REQUESTS && status != SOUP_STATUS_FORBIDDEN &&
	    status != SOUP_STATUS_SERVICE_UNAVAILABLE)
		return FALSE;
	if (headers != NULL) {
		retry_after = soup_message_headers_get_one (headers, "Retry-After");
		remaining = soup_message_headers_get_one (headers, "X-RateLimit-Remaining");
		reset = soup_message_headers_get_one (headers, "X-RateLimit-Reset");
	}
	if (retry_after != NULL) {
		g_autofree gchar *trimmed = g_strstrip (g_strdup (retry_after));
		if (g_ascii_string_to_unsigned (trimmed, 10, 0, QNAV_GITHUB_RATE_LIMIT_MAX_SECONDS,
						&value, NULL)) {
			*wait_seconds = (gint64) value;
			return TRUE;
		}
	}
	if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
		return FALSE;
	if (g_strcmp0 (remaining, "0") == 0 && reset != NULL &&
	    g_ascii_string_to_unsigned (reset, 10, 0, G_MAXINT64, &value, NULL)) {
		/* a reset far off, or a clock far behind, must not overflow the caller's ms */
		gint64 until = (gint64) value;
		gint64 wait = until > now_seconds ? until - now_seconds : 0;
		*wait_seconds = MIN (wait, QNAV_GITHUB_RATE_LIMIT_MAX_SECONDS - 1) + 1;
		return TRUE;
	}
	if (status == QNAV_GITHUB_STATUS_TOO_MANY_REQUESTS) {
		*wait_seconds = QNAV_GITHUB_RATE_LIMIT_DEFAULT_SECONDS;
		return TRUE;
	}
	/* a 403 for a secondary rate limit says so only in its message */
	{
		g_autofree gchar *says = qnav_github_response_error_text (bytes);
		g_autofree gchar *lower = says != NULL ? g_ascii_strdown (says, -1) : NULL;
		if (lower != NULL && strstr (lower, "rate limit") != NULL) {
			*wait_seconds = QNAV_GITHUB_RATE_LIMIT_DEFAULT_SECONDS;
			return TRUE;
		}
	}
	return FALSE;
}
