/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The readers of GitHub's answers, one by one, on answers in GitHub's own shapes and words
 * (the REST docs' examples and error messages), and on the ways they go wrong. The client
 * tests reach the same readers through the fake GitHub; these pin down each decision. */

#include "config.h"

#include <string.h>

#include "qnav-error.h"
#include "qnav-github-response-private.h"

static GBytes *
bytes_of (const gchar *text)
{
	return g_bytes_new (text, strlen (text));
}

static JsonNode *
parse_ok (const gchar *text)
{
	g_autoptr(GBytes) bytes = bytes_of (text);
	g_autoptr(GError) error = NULL;
	JsonNode *root = qnav_github_response_parse (bytes, "GitHub's answer", &error);

	g_assert_no_error (error);
	g_assert_nonnull (root);
	return root;
}

static void
test_parse (void)
{
	g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
	g_autoptr(GBytes) html = bytes_of ("<html><body><h1>502 Bad Gateway</h1></body></html>");
	g_autoptr(GBytes) cut = bytes_of ("{\"number\": 12, \"html_url\": \"https://github.com/o");
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonNode) root = NULL;

	/* what a proxy leaves behind: said to be empty, and whose answer it was */
	root = qnav_github_response_parse (empty, "GitHub's answer to POST /repos/o/r/issues",
					   &error);
	g_assert_null (root);
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
	g_assert_cmpstr (error->message, ==, "GitHub's answer to POST /repos/o/r/issues is empty");
	g_clear_error (&error);
	root = qnav_github_response_parse (NULL, "GitHub's answer", &error);
	g_assert_null (root);
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
	g_clear_error (&error);

	for (GBytes *const *bad = (GBytes *const[]) { html, cut, NULL }; *bad != NULL; bad++) {
		root = qnav_github_response_parse (*bad, "GitHub's answer to GET /search/issues",
						   &error);
		g_assert_null (root);
		g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
		g_assert_true (g_str_has_prefix (error->message,
						 "GitHub's answer to GET /search/issues"));
		g_clear_error (&error);
	}
}

static void
test_read_issue (void)
{
	g_autoptr(JsonNode) issue = parse_ok (
		"{\"id\": 1, \"node_id\": \"MDU6SXNzdWUx\", \"number\": 1347,"
		" \"html_url\": \"https://github.com/octocat/Hello-World/issues/1347\","
		" \"state\": \"open\", \"title\": \"Found a bug\","
		" \"body\": \"I'm having a problem with this.\", \"labels\": [],"
		" \"created_at\": \"2011-04-22T13:33:48Z\"}");
	g_autoptr(JsonNode) pull = parse_ok (
		"{\"number\": 1348, \"html_url\": \"https://github.com/octocat/Hello-World/pull/1348\","
		" \"state\": \"closed\", \"body\": null,"
		" \"pull_request\": {\"url\": \"https://api.github.com/repos/octocat/Hello-World/pulls/1348\"}}");
	const gchar *not_issues[] = {
		"[]",
		"\"issue\"",
		"{\"html_url\": \"https://github.com/o/r/issues/1\"}",
		"{\"number\": 0, \"html_url\": \"https://github.com/o/r/issues/0\"}",
		"{\"number\": -4, \"html_url\": \"https://github.com/o/r/issues/4\"}",
		"{\"number\": \"7\", \"html_url\": \"https://github.com/o/r/issues/7\"}",
		"{\"number\": 7.5, \"html_url\": \"https://github.com/o/r/issues/7\"}",
		"{\"number\": 7}",
		"{\"number\": 7, \"html_url\": 7}",
	};
	QnavGitHubIssue read;

	g_assert_true (qnav_github_response_read_issue (issue, &read));
	g_assert_cmpuint (read.number, ==, 1347);
	g_assert_cmpstr (read.url, ==, "https://github.com/octocat/Hello-World/issues/1347");
	g_assert_cmpstr (read.state, ==, "open");
	g_assert_cmpstr (read.body, ==, "I'm having a problem with this.");
	g_assert_false (read.pull_request);

	/* listings include pull requests; the reader says which they are */
	g_assert_true (qnav_github_response_read_issue (pull, &read));
	g_assert_cmpuint (read.number, ==, 1348);
	g_assert_null (read.body);
	g_assert_cmpstr (read.state, ==, "closed");
	g_assert_true (read.pull_request);

	g_assert_false (qnav_github_response_read_issue (NULL, &read));
	for (guint i = 0; i < G_N_ELEMENTS (not_issues); i++) {
		g_autoptr(JsonNode) node = parse_ok (not_issues[i]);
		g_test_message ("not an issue: %s", not_issues[i]);
		g_assert_false (qnav_github_response_read_issue (node, &read));
		g_assert_cmpuint (read.number, ==, 0);
		g_assert_null (read.url);
	}
}

static void
test_search_items (void)
{
	g_autoptr(JsonNode) result = parse_ok (
		"{\"total_count\": 2, \"incomplete_results\": false, \"items\": ["
		"{\"number\": 3, \"html_url\": \"https://github.com/o/r/issues/3\"},"
		"{\"number\": 9, \"html_url\": \"https://github.com/o/r/issues/9\"}]}");
	g_autoptr(JsonNode) listing = parse_ok ("[{\"number\": 3}]");
	g_autoptr(JsonNode) no_items = parse_ok ("{\"total_count\": 0, \"items\": null}");
	g_autoptr(GError) error = NULL;
	JsonArray *items;

	items = qnav_github_response_get_search_items (result, "searching o/r", &error);
	g_assert_no_error (error);
	g_assert_cmpuint (json_array_get_length (items), ==, 2);

	for (JsonNode *const *bad = (JsonNode *const[]) { listing, no_items, NULL }; *bad != NULL;
	     bad++) {
		g_assert_null (qnav_github_response_get_search_items (*bad, "searching o/r",
								       &error));
		g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
		g_assert_cmpstr (error->message, ==,
				 "GitHub's answer while searching o/r has no \"items\" list");
		g_clear_error (&error);
	}
}

static void
test_issue_list (void)
{
	g_autoptr(JsonNode) page = parse_ok ("[{\"number\": 3,"
					     " \"html_url\": \"https://github.com/o/r/issues/3\"}]");
	g_autoptr(JsonNode) empty = parse_ok ("[]");
	g_autoptr(JsonNode) error_body = parse_ok (
		"{\"message\": \"Not Found\","
		" \"documentation_url\": \"https://docs.github.com/rest/issues/issues#list-repository-issues\"}");
	g_autoptr(GError) error = NULL;

	g_assert_cmpuint (json_array_get_length (qnav_github_response_get_issue_list (
				  page, "listing o/r by label", &error)),
			  ==, 1);
	g_assert_no_error (error);
	g_assert_cmpuint (json_array_get_length (qnav_github_response_get_issue_list (
				  empty, "listing o/r by label", &error)),
			  ==, 0);
	g_assert_no_error (error);
	g_assert_null (
		qnav_github_response_get_issue_list (error_body, "listing o/r by label", &error));
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
	g_assert_cmpstr (error->message, ==,
			 "GitHub's answer while listing o/r by label is not a list of issues");
}

static gchar *
next_page (const gchar *link, const gchar *api_url)
{
	g_autoptr(GUri) uri = qnav_github_response_next_page (link, api_url);

	return uri != NULL ? g_uri_to_string (uri) : NULL;
}

static void
test_next_page (void)
{
	const gchar *api = "https://api.github.com";
	g_autofree gchar *second = next_page (
		"<https://api.github.com/repositories/1300192/issues?labels=qnav&page=2>; rel=\"next\", "
		"<https://api.github.com/repositories/1300192/issues?labels=qnav&page=5>; rel=\"last\"",
		api);
	g_autofree gchar *later = next_page (
		"<https://api.github.com/repositories/1300192/issues?page=1>; rel=\"prev\", "
		"<https://api.github.com/repositories/1300192/issues?page=3>; rel=\"next\"",
		api);
	g_autofree gchar *enterprise = next_page (
		"<https://ghe.example.com:8443/api/v3/repos/o/r/issues?page=2>; rel=\"next\"",
		"https://ghe.example.com:8443/api/v3");

	g_assert_cmpstr (second, ==,
			 "https://api.github.com/repositories/1300192/issues?labels=qnav&page=2");
	g_assert_cmpstr (later, ==, "https://api.github.com/repositories/1300192/issues?page=3");
	g_assert_cmpstr (enterprise, ==, "https://ghe.example.com:8443/api/v3/repos/o/r/issues?page=2");

	/* the last page, and no header at all */
	g_assert_null (next_page ("<https://api.github.com/r/issues?page=4>; rel=\"prev\", "
				  "<https://api.github.com/r/issues?page=1>; rel=\"first\"",
				  api));
	g_assert_null (next_page (NULL, api));
	/* the token goes with the request: never to another host, scheme or port */
	g_assert_null (next_page ("<https://attacker.example/steal?page=2>; rel=\"next\"", api));
	g_assert_null (next_page ("<http://api.github.com/r/issues?page=2>; rel=\"next\"", api));
	g_assert_null (next_page ("<https://api.github.com:444/r/issues?page=2>; rel=\"next\"", api));
	g_assert_null (next_page ("<https:/r/issues?page=2>; rel=\"next\"", api));
	/* broken headers */
	g_assert_null (next_page ("<https://api.github.com/r/issues?page=2; rel=\"next\"", api));
	g_assert_null (next_page ("rel=\"next\"", api));
	g_assert_null (next_page ("<>; rel=\"next\"", api));
}

static gchar *
error_text (const gchar *body)
{
	g_autoptr(GBytes) bytes = bytes_of (body);

	return qnav_github_response_error_text (bytes);
}

static void
test_error_text (void)
{
	g_autofree gchar *validation = error_text (
		"{\"message\": \"Validation Failed\", \"errors\": ["
		"{\"resource\": \"Issue\", \"code\": \"missing_field\", \"field\": \"title\"},"
		"{\"resource\": \"Search\", \"field\": \"q\", \"code\": \"invalid\","
		" \"message\": \"The listed users and repositories cannot be searched either because"
		" the resources do not exist or you do not have permission to view them.\"}],"
		" \"documentation_url\": \"https://docs.github.com/v3/search/\"}");
	g_autofree gchar *credentials = error_text (
		"{\"message\": \"Bad credentials\","
		" \"documentation_url\": \"https://docs.github.com/rest\"}");
	g_autofree gchar *html = error_text ("<html><head><title>Unicorn!</title></head></html>");
	g_autofree gchar *leaked = error_text (
		"{\"message\": \"token ghp_16C7e42F292c6912E7710c838347Ae178B4a is not valid\"}");
	g_autofree gchar *long_raw = NULL;
	g_autofree gchar *long_message = NULL;
	g_autofree gchar *raw = g_strnfill (5000, 'x');
	g_autofree gchar *body = g_strdup_printf ("{\"message\": \"%s\"}", raw);

	g_assert_cmpstr (validation, ==,
			 "Validation Failed [resource: Issue, field: title, code: missing_field; "
			 "resource: Search, field: q, code: invalid, message: The listed users and "
			 "repositories cannot be searched either because the resources do not exist "
			 "or you do not have permission to view them.]");
	g_assert_cmpstr (credentials, ==, "Bad credentials");
	/* not JSON: quoted as it came, shortly */
	g_assert_cmpstr (html, ==, "<html><head><title>Unicorn!</title></head></html>");
	/* GitHub may quote what it was sent: the token never reaches a message */
	g_assert_nonnull (leaked);
	g_assert_null (strstr (leaked, "ghp_16C7e42F292c6912E7710c838347Ae178B4a"));
	g_assert_nonnull (strstr (leaked, "is not valid"));

	long_raw = error_text (raw);
	g_assert_cmpuint (strlen (long_raw), <=, 200);
	long_message = error_text (body);
	g_assert_cmpuint (strlen (long_message), <=, 1000);
	g_assert_true (g_str_has_prefix (long_message, "xxxx"));

	/* nothing said */
	g_assert_null (qnav_github_response_error_text (NULL));
	g_assert_null (error_text ("{}"));
	g_assert_null (error_text ("{\"message\": 404}"));
}

typedef struct {
	guint status;
	const gchar *retry_after;
	const gchar *remaining;
	const gchar *reset;
	const gchar *body;
	gboolean limited;
	gint64 wait;
} RateLimitCase;

#define NOW 1700000000

static void
test_rate_limit (void)
{
	const RateLimitCase cases[] = {
		/* a secondary limit's Retry-After wins over everything */
		{ 403, "30", "0", "1700003600",
		  "{\"message\": \"You have exceeded a secondary rate limit. Please wait a few"
		  " minutes before you try again.\"}",
		  TRUE, 30 },
		{ 429, " 5 ", NULL, NULL, NULL, TRUE, 5 },
		/* the primary limit: until the reset, plus a second for the clocks */
		{ 403, NULL, "0", "1700000100",
		  "{\"message\": \"API rate limit exceeded for user ID 1.\","
		  " \"documentation_url\": \"https://docs.github.com/rest/overview/"
		  "resources-in-the-rest-api#rate-limiting\"}",
		  TRUE, 101 },
		{ 429, NULL, "0", "1700000100", NULL, TRUE, 101 },
		/* a reset already past (a clock behind): try again in a second */
		{ 403, NULL, "0", "1699999000", NULL, TRUE, 1 },
		/* a reset a year off is bogus: a week at most */
		{ 403, NULL, "0", "1731536000", NULL, TRUE, QNAV_GITHUB_RATE_LIMIT_MAX_SECONDS },
		/* a secondary limit that says nothing but its message: the minute GitHub asks */
		{ 403, NULL, "57", "1700000100",
		  "{\"message\": \"You have exceeded a secondary rate limit. Please wait a few"
		  " minutes before you try again.\"}",
		  TRUE, QNAV_GITHUB_RATE_LIMIT_DEFAULT_SECONDS },
		{ 429, NULL, NULL, NULL, NULL, TRUE, QNAV_GITHUB_RATE_LIMIT_DEFAULT_SECONDS },
		/* a 503 waits only when told how long */
		{ 503, "2", NULL, NULL, NULL, TRUE, 2 },
		{ 503, NULL, "0", "1700000100", NULL, FALSE, 0 },
		/* a 403 that is about permissions is an error to report, not to wait out */
		{ 403, NULL, "4999", "1700000100",
		  "{\"message\": \"Resource not accessible by integration\","
		  " \"documentation_url\": \"https://docs.github.com/rest/issues/issues#create-an-issue\"}",
		  FALSE, 0 },
		{ 403, NULL, NULL, NULL, NULL, FALSE, 0 },
		/* Retry-After as an HTTP date, or garbage, or too long: not taken at its word */
		{ 429, "Wed, 21 Oct 2015 07:28:00 GMT", NULL, NULL, NULL, TRUE,
		  QNAV_GITHUB_RATE_LIMIT_DEFAULT_SECONDS },
		{ 429, "-5", NULL, NULL, NULL, TRUE, QNAV_GITHUB_RATE_LIMIT_DEFAULT_SECONDS },
		{ 429, "99999999999999999999", NULL, NULL, NULL, TRUE,
		  QNAV_GITHUB_RATE_LIMIT_DEFAULT_SECONDS },
		{ 403, NULL, "0", "soon", NULL, FALSE, 0 },
		/* other statuses never wait */
		{ 401, "30", "0", "1700000100", "{\"message\": \"Bad credentials\"}", FALSE, 0 },
		{ 500, "30", NULL, NULL, NULL, FALSE, 0 },
		{ 200, "30", "0", "1700000100", NULL, FALSE, 0 },
	};

	for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
		const RateLimitCase *c = &cases[i];
		g_autoptr(SoupMessageHeaders) headers =
			soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
		g_autoptr(GBytes) body = c->body != NULL ? bytes_of (c->body) : NULL;
		gint64 wait = -1;
		gboolean limited;

		if (c->retry_after != NULL)
			soup_message_headers_append (headers, "Retry-After", c->retry_after);
		if (c->remaining != NULL)
			soup_message_headers_append (headers, "X-RateLimit-Remaining",
						     c->remaining);
		if (c->reset != NULL)
			soup_message_headers_append (headers, "X-RateLimit-Reset", c->reset);
		limited = qnav_github_response_rate_limit_wait (c->status, headers, body, NOW,
								&wait);
		g_test_message ("case %u: %u Retry-After %s remaining %s reset %s", i, c->status,
				c->retry_after, c->remaining, c->reset);
		g_assert_cmpint (limited, ==, c->limited);
		if (c->limited)
			g_assert_cmpint (wait, ==, c->wait);
		else
			g_assert_cmpint (wait, ==, -1);
	}
}

int
main (int argc, char **argv)
{
	g_test_init (&argc, &argv, NULL);

	g_test_add_func ("/qnav/github-response/parse", test_parse);
	g_test_add_func ("/qnav/github-response/read-issue", test_read_issue);
	g_test_add_func ("/qnav/github-response/search-items", test_search_items);
	g_test_add_func ("/qnav/github-response/issue-list", test_issue_list);
	g_test_add_func ("/qnav/github-response/next-page", test_next_page);
	g_test_add_func ("/qnav/github-response/error-text", test_error_text);
	g_test_add_func ("/qnav/github-response/rate-limit", test_rate_limit);
	return g_test_run ();
}
