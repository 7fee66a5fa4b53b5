/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "escalation-test-util.h"
#include "fake-github.h"
#include "qnav-failure-analysis-private.h"
#include "qnav-github-client-private.h"
#include "qnav-test-util.h"

/*
 * QnavGitHubClient against a fake GitHub that keeps state and records what it receives. The
 * assertions are about what reached GitHub: how many issues were opened, which comments and
 * state changes were sent, with which headers, and what the error says when GitHub refuses.
 */

#define FINGERPRINT "5b1e0c7d9a2f4e63"
#define SOCKET_ERROR                                                                             \
	"error: Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or "   \
	"directory"
#define ISSUES_PATH "/repos/" TEST_REPOSITORY "/issues"
#define COMMENTS_GLOB "/repos/" TEST_REPOSITORY "/issues/*/comments"

typedef struct {
	FakeGitHub *fake;
	QnavGitHubClient *client;
	QnavFailureAnalysis *analysis;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	f->fake = fake_github_new (TEST_REPOSITORY, TEST_TOKEN);
	f->client = qnav_github_client_new (TEST_REPOSITORY, TEST_TOKEN,
					    fake_github_get_url (f->fake), &error);
	g_assert_no_error (error);
	qnav_github_client_set_timeout_seconds (f->client, 15);
	f->analysis = test_analysis_new ("kcli-deploy", SOCKET_ERROR, FINGERPRINT);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
	g_clear_object (&f->analysis);
	g_clear_object (&f->client);
	g_clear_pointer (&f->fake, fake_github_free);
}

static gboolean
escalate (Fixture *f, QnavEscalationOutcome *outcome, guint64 *number, GError **error)
{
	g_autofree gchar *url = NULL;
	gboolean ok = qnav_github_client_escalate (f->client, f->analysis, NULL, outcome, number,
						   &url, NULL, error);

	if (ok) {
		g_autofree gchar *expected = g_strdup_printf (
			"https://github.example/" TEST_REPOSITORY "/issues/%" G_GUINT64_FORMAT,
			*number);
		g_assert_cmpstr (url, ==, expected);
	}
	return ok;
}

static JsonObject *
request_json (const FakeRequest *request)
{
	g_autoptr(JsonParser) parser = json_parser_new ();
	g_autoptr(GError) error = NULL;

	g_assert_nonnull (request->body);
	json_parser_load_from_data (parser, request->body, -1, &error);
	g_assert_no_error (error);
	g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
	return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static const FakeRequest *
find_request (GPtrArray *requests, const gchar *method, const gchar *path, guint nth)
{
	for (guint i = 0; i < requests->len; i++) {
		const FakeRequest *request = g_ptr_array_index (requests, i);
		if (g_str_equal (request->method, method) && g_str_equal (request->path, path) &&
		    nth-- == 0)
			return request;
	}
	return NULL;
}

static void
assert_says_what_to_fix (const GError *error, const gchar *needle)
{
	g_test_message ("error: %s", error->message);
	g_assert_nonnull (strstr (error->message, needle));
	/* the token never, in any form */
	g_assert_null (strstr (error->message, TEST_TOKEN));
	g_assert_null (strstr (error->message, "Bearer"));
}

/* ---- construction ---- */

static void
test_new_environment (void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavGitHubClient) client = NULL;

	test_clear_github_environment ();
	client = qnav_github_client_new (NULL, NULL, NULL, &error);
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT);
	assert_says_what_to_fix (error, "GITHUB_REPOSITORY");
	g_assert_nonnull (strstr (error->message, "no default repository"));
	g_clear_error (&error);

	g_setenv ("GITHUB_REPOSITORY", "octo-org/infra", TRUE);
	client = qnav_github_client_new (NULL, NULL, NULL, &error);
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT);
	assert_says_what_to_fix (error, "GITHUB_TOKEN");
	g_clear_error (&error);

	g_setenv ("GITHUB_TOKEN", TEST_TOKEN, TRUE);
	client = qnav_github_client_new (NULL, NULL, NULL, &error);
	g_assert_no_error (error);
	g_assert_cmpstr (qnav_github_client_get_repository (client), ==, "octo-org/infra");
	g_assert_cmpstr (qnav_github_client_get_api_url (client), ==, "https://api.github.com");
	g_clear_object (&client);

	/* GitHub Enterprise Server, as Actions sets it */
	g_setenv ("GITHUB_API_URL", "https://ghe.example.com/api/v3/", TRUE);
	client = qnav_github_client_new (NULL, NULL, NULL, &error);
	g_assert_no_error (error);
	g_assert_cmpstr (qnav_github_client_get_api_url (client), ==,
			 "https://ghe.example.com/api/v3");
	g_clear_object (&client);

	/* arguments beat the environment */
	client = qnav_github_client_new ("other/repo", "arg-token", "https://api.github.com",
					 &error);
	g_assert_no_error (error);
	g_assert_cmpstr (qnav_github_client_get_repository (client), ==, "other/repo");
	g_assert_cmpstr (qnav_github_client_get_api_url (client), ==, "https://api.github.com");
	test_clear_github_environment ();
}

static void
test_new_validation (void)
{
	static const struct {
		const gchar *repository;
		const gchar *token;
		const gchar *api_url;
		const gchar *needle;
	} cases[] = {
		{ "octo-org", TEST_TOKEN, NULL, "OWNER/NAME" },
		{ "octo-org/", TEST_TOKEN, NULL, "OWNER/NAME" },
		{ "/infra", TEST_TOKEN, NULL, "OWNER/NAME" },
		{ "octo org/infra", TEST_TOKEN, NULL, "OWNER/NAME" },
		{ "octo-org/infra/extra", TEST_TOKEN, NULL, "OWNER/NAME" },
		{ "octo-org/..", TEST_TOKEN, NULL, "OWNER/NAME" },
		{ "", TEST_TOKEN, NULL, "GITHUB_REPOSITORY" },
		{ "octo-org/infra", "", NULL, "GITHUB_TOKEN" },
		{ "octo-org/infra", TEST_TOKEN "\r\nX-Evil: 1", NULL, "GITHUB_TOKEN" },
		{ "octo-org/infra", TEST_TOKEN, "http://api.example.com", "https" },
		{ "octo-org/infra", TEST_TOKEN, "https://user:pw@api.example.com",
		  "without credentials" },
		{ "octo-org/infra", TEST_TOKEN, "not a url", "GITHUB_API_URL" },
	};

	test_clear_github_environment ();
	for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(QnavGitHubClient) client = qnav_github_client_new (
			cases[i].repository, cases[i].token, cases[i].api_url, &error);
		g_assert_null (client);
		g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT);
		assert_says_what_to_fix (error, cases[i].needle);
		g_assert_null (strstr (error->message, "pw@"));
	}
}

static void
test_properties (void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavGitHubClient) client =
		qnav_github_client_new (TEST_REPOSITORY, TEST_TOKEN, "http://127.0.0.1:1", &error);
	const gchar *const defaults[] = { "qnav", "failure-diagnosis", NULL };
	const gchar *const mine[] = { "ops", " ", "infra ", NULL };
	const gchar *const mine_clean[] = { "ops", "infra", NULL };
	g_auto(GStrv) labels = NULL;
	gboolean reopen;
	guint timeout, retries;

	g_assert_no_error (error);
	g_assert_true (g_strv_equal (qnav_github_client_get_labels (client), defaults));
	g_assert_false (qnav_github_client_get_reopen_closed (client));
	g_assert_cmpuint (qnav_github_client_get_timeout_seconds (client), ==, 20);
	g_assert_cmpuint (qnav_github_client_get_max_retries (client), ==, 4);
	g_assert_null (qnav_github_client_get_history (client));

	g_object_set (client, "labels", mine, "reopen-closed", TRUE, "timeout-seconds", 5,
		      "max-retries", 1, NULL);
	g_object_get (client, "labels", &labels, "reopen-closed", &reopen, "timeout-seconds",
		      &timeout, "max-retries", &retries, NULL);
	g_assert_true (g_strv_equal ((const gchar *const *) labels, mine_clean));
	g_assert_true (reopen);
	g_assert_cmpuint (timeout, ==, 5);
	g_assert_cmpuint (retries, ==, 1);
}

/* ---- one issue per failure ---- */

static void
test_dedupe (Fixture *f, gconstpointer data)
{
	QnavEscalationOutcome outcome[3];
	guint64 number[3];
	g_autoptr(GPtrArray) requests = NULL;
	g_autoptr(GPtrArray) comments = NULL;
	g_autoptr(JsonObject) created = NULL;
	JsonArray *labels;
	const FakeRequest *search;

	for (guint i = 0; i < 3; i++) {
		g_autoptr(GError) error = NULL;
		g_assert_true (escalate (f, &outcome[i], &number[i], &error));
		g_assert_no_error (error);
	}
	g_assert_cmpint (outcome[0], ==, QNAV_ESCALATION_CREATED);
	g_assert_cmpint (outcome[1], ==, QNAV_ESCALATION_COMMENTED);
	g_assert_cmpint (outcome[2], ==, QNAV_ESCALATION_COMMENTED);
	g_assert_cmpuint (number[0], ==, number[1]);
	g_assert_cmpuint (number[0], ==, number[2]);

	/* what GitHub received: one issue, two comments */
	g_assert_cmpuint (fake_github_count_requests (f->fake, "POST", ISSUES_PATH), ==, 1);
	g_assert_cmpuint (fake_github_count_requests (f->fake, "POST", COMMENTS_GLOB), ==, 2);
	g_assert_cmpuint (fake_github_count_issues (f->fake), ==, 1);
	comments = fake_github_get_comments (f->fake, number[0]);
	g_assert_cmpuint (comments->len, ==, 2);
	g_assert_nonnull (strstr (g_ptr_array_index (comments, 0), "qnav saw this failure again"));
	g_assert_nonnull (strstr (g_ptr_array_index (comments, 0), "`kvm01.lab.example`"));

	requests = fake_github_get_requests (f->fake);
	created = request_json (find_request (requests, "POST", ISSUES_PATH, 0));
	g_assert_true (g_str_has_prefix (json_object_get_string_member (created, "title"),
					 "[qnav] kcli-deploy: service_dependency — "));
	g_assert_true (qnav_github_body_has_marker (json_object_get_string_member (created, "body"),
						    FINGERPRINT));
	labels = json_object_get_array_member (created, "labels");
	g_assert_cmpuint (json_array_get_length (labels), ==, 2);
	g_assert_cmpstr (json_array_get_string_element (labels, 0), ==, "qnav");
	g_assert_cmpstr (json_array_get_string_element (labels, 1), ==, "failure-diagnosis");

	/* the search asks for the marker in this repository's issue bodies */
	search = find_request (requests, "GET", "/search/issues", 0);
	g_assert_nonnull (search);
	g_assert_nonnull (strstr (search->query, "q=repo%3Aocto-org%2Finfra%20is%3Aissue%20"
						 "%22qnav-fp%3A" FINGERPRINT "%22%20in%3Abody"));
	/* and the listing by label takes everything, closed issues too */
	g_assert_nonnull (find_request (requests, "GET", ISSUES_PATH, 0));
	g_assert_cmpstr (find_request (requests, "GET", ISSUES_PATH, 0)->query, ==,
			 "labels=qnav&state=all&per_page=100");
}

static void
test_headers (Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) requests = NULL;
	QnavEscalationOutcome outcome;
	guint64 number;

	g_assert_true (escalate (f, &outcome, &number, &error));
	requests = fake_github_get_requests (f->fake);
	g_assert_cmpuint (requests->len, >=, 3);
	for (guint i = 0; i < requests->len; i++) {
		const FakeRequest *request = g_ptr_array_index (requests, i);
		g_assert_cmpstr (request->authorization, ==, "Bearer " TEST_TOKEN);
		g_assert_cmpstr (request->accept, ==, "application/vnd.github+json");
		g_assert_cmpstr (request->api_version, ==, "2022-11-28");
		g_assert_true (g_str_has_prefix (request->user_agent, "qnav/"));
		if (g_str_equal (request->method, "POST"))
			g_assert_cmpstr (request->content_type, ==, "application/json");
	}
}

/* A fresh issue is not in the search index yet: the listing by label finds it, through
 * the Link pages and past pull requests, which the listing includes. */
static void
test_search_lag (Fixture *f, gconstpointer data)
{
	const gchar *const labels[] = { "qnav", NULL };
	QnavEscalationOutcome outcome[3];
	guint64 number[3];
	g_autoptr(GPtrArray) requests = NULL;
	guint pages = 0;

	fake_github_set_search_lag (f->fake, TRUE);
	fake_github_set_page_size (f->fake, 2);
	for (guint i = 0; i < 3; i++) {
		g_autoptr(GError) error = NULL;
		g_assert_true (escalate (f, &outcome[i], &number[i], &error));
		g_assert_no_error (error);
		/* newer issues and pull requests pile up on top of it */
		for (guint j = 0; j < 3; j++) {
			g_autofree gchar *body = g_strdup_printf (
				"another failure\n<!-- qnav-fp:%016x -->", g_random_int ());
			fake_github_add_issue (f->fake, "other", body, labels, FALSE, FALSE);
		}
		fake_github_add_issue (f->fake, "a pull request",
				       "quotes it: <!-- qnav-fp:" FINGERPRINT " -->", labels, FALSE,
				       TRUE);
	}
	g_assert_cmpint (outcome[0], ==, QNAV_ESCALATION_CREATED);
	g_assert_cmpint (outcome[1], ==, QNAV_ESCALATION_COMMENTED);
	g_assert_cmpint (outcome[2], ==, QNAV_ESCALATION_COMMENTED);
	g_assert_cmpuint (number[1], ==, number[0]);
	g_assert_cmpuint (number[2], ==, number[0]);
	g_assert_cmpuint (fake_github_count_requests (f->fake, "POST", ISSUES_PATH), ==, 1);
	g_assert_cmpuint (fake_github_count_requests (f->fake, "POST", COMMENTS_GLOB), ==, 2);

	/* it followed the Link header, to GitHub's /repositories/ID URLs */
	requests = fake_github_get_requests (f->fake);
	for (guint i = 0; i < requests->len; i++) {
		const FakeRequest *request = g_ptr_array_index (requests, i);
		if (g_str_equal (request->path, "/repositories/4242/issues")) {
			g_assert_nonnull (strstr (request->query, "page="));
			pages++;
		}
	}
	g_assert_cmpuint (pages, >=, 2);
}

static guint64
add_reported_issue (Fixture *f, gboolean closed)
{
	const gchar *const labels[] = { "qnav", "failure-diagnosis", NULL };
	g_autofree gchar *body =
		qnav_github_client_build_body (f->client, f->analysis, NULL);

	return fake_github_add_issue (f->fake, "[qnav] kcli-deploy: service_dependency", body,
				      labels, closed, FALSE);
}

static void
test_reopen (Fixture *f, gconstpointer data)
{
	guint64 old = add_reported_issue (f, TRUE);
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) requests = NULL;
	g_autoptr(GPtrArray) comments = NULL;
	g_autoptr(JsonObject) patch = NULL;
	g_autofree gchar *state = NULL;
	g_autofree gchar *path = g_strdup_printf (ISSUES_PATH "/%" G_GUINT64_FORMAT, old);
	QnavEscalationOutcome outcome;
	guint64 number;

	qnav_github_client_set_reopen_closed (f->client, TRUE);
	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_no_error (error);
	g_assert_cmpint (outcome, ==, QNAV_ESCALATION_REOPENED);
	g_assert_cmpuint (number, ==, old);

	requests = fake_github_get_requests (f->fake);
	patch = request_json (find_request (requests, "PATCH", path, 0));
	g_assert_cmpstr (json_object_get_string_member (patch, "state"), ==, "open");
	state = fake_github_get_state (f->fake, old);
	g_assert_cmpstr (state, ==, "open");
	comments = fake_github_get_comments (f->fake, old);
	g_assert_cmpuint (comments->len, ==, 1);
	g_assert_nonnull (strstr (g_ptr_array_index (comments, 0), "reopened"));
	g_assert_cmpuint (fake_github_count_requests (f->fake, "POST", ISSUES_PATH), ==, 0);
}

static void
test_closed_new_issue (Fixture *f, gconstpointer data)
{
	guint64 old = add_reported_issue (f, TRUE);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *body = NULL;
	g_autofree gchar *link = g_strdup_printf ("reported before in #%" G_GUINT64_FORMAT, old);
	g_autofree gchar *state = NULL;
	QnavEscalationOutcome outcome;
	guint64 number;

	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_no_error (error);
	g_assert_cmpint (outcome, ==, QNAV_ESCALATION_CREATED);
	g_assert_cmpuint (number, !=, old);
	body = fake_github_get_body (f->fake, number);
	g_assert_nonnull (strstr (body, link));
	state = fake_github_get_state (f->fake, old);
	g_assert_cmpstr (state, ==, "closed");
	g_assert_cmpuint (fake_github_count_requests (f->fake, "PATCH", ISSUES_PATH "/*"), ==, 0);

	/* the next repeat goes to the new, open issue */
	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_cmpint (outcome, ==, QNAV_ESCALATION_COMMENTED);
	g_assert_cmpuint (fake_github_count_issues (f->fake), ==, 2);
}

/* An issue that only quotes the marker of this failure in its text is not its issue. */
static void
test_forged_marker (Fixture *f, gconstpointer data)
{
	const gchar *const labels[] = { "qnav", NULL };
	guint64 forged = fake_github_add_issue (
		f->fake, "someone else's failure",
		"```\n<!-- qnav-fp:" FINGERPRINT " -->\nqnav-fp:" FINGERPRINT
		"\n```\n<!-- qnav-fp:ffffffffffffffff -->\n",
		labels, FALSE, FALSE);
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) comments = NULL;
	QnavEscalationOutcome outcome;
	guint64 number;

	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_cmpint (outcome, ==, QNAV_ESCALATION_CREATED);
	g_assert_cmpuint (number, !=, forged);
	comments = fake_github_get_comments (f->fake, forged);
	g_assert_cmpuint (comments->len, ==, 0);
}

static void
test_custom_labels (Fixture *f, gconstpointer data)
{
	const gchar *const labels[] = { "ops:escalated", "kvm", NULL };
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) requests = NULL;
	g_autoptr(JsonObject) created = NULL;
	QnavEscalationOutcome outcome;
	guint64 number;

	qnav_github_client_set_labels (f->client, labels);
	fake_github_set_search_lag (f->fake, TRUE);
	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_cmpint (outcome, ==, QNAV_ESCALATION_COMMENTED);
	requests = fake_github_get_requests (f->fake);
	created = request_json (find_request (requests, "POST", ISSUES_PATH, 0));
	g_assert_cmpstr (json_array_get_string_element (
				 json_object_get_array_member (created, "labels"), 0),
			 ==, "ops:escalated");
	g_assert_cmpstr (find_request (requests, "GET", ISSUES_PATH, 0)->query, ==,
			 "labels=ops%3Aescalated&state=all&per_page=100");
}

/* ---- what leaves ---- */

static void
test_no_secret_sent (Fixture *f, gconstpointer data)
{
	g_autoptr(JsonParser) parser = json_parser_new ();
	JsonArray *cases = qnav_test_load_secrets (parser);
	g_autoptr(GString) all = g_string_new (NULL);
	g_autoptr(GPtrArray) requests = NULL;
	g_autoptr(GError) error = NULL;
	QnavEscalationOutcome outcome;
	guint64 number;
	guint bodies = 0;

	for (guint i = 0; i < json_array_get_length (cases); i++)
		g_string_append_printf (
			all, "%s\n",
			json_object_get_string_member (json_array_get_object_element (cases, i),
						       "text"));
	g_clear_object (&f->analysis);
	f->analysis = test_analysis_new ("deploy", all->str, FINGERPRINT);
	for (guint i = 0; i < json_array_get_length (cases); i++) {
		const gchar *text = json_object_get_string_member (
			json_array_get_object_element (cases, i), "text");
		g_autoptr(QnavEvidence) evidence = qnav_evidence_new (
			QNAV_EVIDENCE_KIND_PATTERN, QNAV_ROOT_CAUSE_CREDENTIAL, 0.4, text);
		qnav_evidence_set_text (evidence, text);
		qnav_failure_analysis_add_evidence (f->analysis, evidence);
	}
	qnav_failure_analysis_set_result (f->analysis, QNAV_ROOT_CAUSE_CREDENTIAL, 0.9,
					  QNAV_SEVERITY_HIGH, all->str);

	/* the issue, then a comment */
	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_cmpint (outcome, ==, QNAV_ESCALATION_COMMENTED);

	requests = fake_github_get_requests (f->fake);
	for (guint r = 0; r < requests->len; r++) {
		const FakeRequest *request = g_ptr_array_index (requests, r);
		g_autoptr(JsonObject) object = NULL;
		const gchar *decoded[2] = { NULL, NULL };

		if (request->body == NULL)
			continue;
		bodies++;
		object = request_json (request);
		decoded[0] = json_object_get_string_member_with_default (object, "body", NULL);
		decoded[1] = json_object_get_string_member_with_default (object, "title", NULL);
		for (guint i = 0; i < json_array_get_length (cases); i++) {
			JsonObject *c = json_array_get_object_element (cases, i);
			const gchar *secret = json_object_get_string_member (c, "secret");
			if (strstr (request->body, secret) != NULL ||
			    (decoded[0] != NULL && strstr (decoded[0], secret) != NULL) ||
			    (decoded[1] != NULL && strstr (decoded[1], secret) != NULL))
				g_error ("%s %s: the secret of %s was sent", request->method,
					 request->path, json_object_get_string_member (c, "shape"));
		}
	}
	g_assert_cmpuint (bodies, ==, 2);
}

static void
test_huge (Fixture *f, gconstpointer data)
{
	g_autoptr(GString) text = g_string_new (NULL);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *body = NULL;
	QnavEscalationOutcome outcome;
	guint64 number;

	for (guint i = 0; i < 3000; i++)
		g_string_append_printf (text,
					"Jan 02 03:04:%02u kvm01 qemu[%u]: ``` état 🚀 %s\n",
					i % 60, i, "failed to allocate guest memory");
	g_clear_object (&f->analysis);
	f->analysis = test_analysis_new ("kcli-deploy", text->str, FINGERPRINT);
	for (guint i = 0; i < 30; i++) {
		g_autoptr(QnavEvidence) evidence = qnav_evidence_new (
			QNAV_EVIDENCE_KIND_PATTERN, QNAV_ROOT_CAUSE_RESOURCE_EXHAUSTION, 0.3,
			"memory");
		qnav_evidence_set_text (evidence, text->str);
		qnav_failure_analysis_add_evidence (f->analysis, evidence);
	}
	/* the fake refuses bodies over 65,536 characters, as GitHub does */
	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_no_error (error);
	g_assert_cmpint (outcome, ==, QNAV_ESCALATION_CREATED);
	body = fake_github_get_body (f->fake, number);
	g_assert_cmpint (g_utf8_strlen (body, -1), <=, 65536);
	g_assert_nonnull (strstr (body, "[… trimmed "));
	g_assert_true (g_str_has_suffix (body, "<!-- qnav-fp:" FINGERPRINT " -->\n"));

	/* and it is found again by its marker */
	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_cmpint (outcome, ==, QNAV_ESCALATION_COMMENTED);
}

/* ---- rate limits and retries ---- */

static void
test_retry_after (Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) requests = NULL;
	const FakeRequest *first, *second;
	QnavEscalationOutcome outcome;
	guint64 number;

	fake_github_set_fault (f->fake, FAKE_FAULT_429_RETRY_AFTER, "POST " ISSUES_PATH, 1, 1);
	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_no_error (error);
	g_assert_cmpint (outcome, ==, QNAV_ESCALATION_CREATED);

	requests = fake_github_get_requests (f->fake);
	first = find_request (requests, "POST", ISSUES_PATH, 0);
	second = find_request (requests, "POST", ISSUES_PATH, 1);
	g_assert_cmpuint (first->status, ==, 429);
	g_assert_cmpuint (second->status, ==, 201);
	g_test_message ("second request %.3f s after the first",
			(second->received_monotonic - first->received_monotonic) / 1e6);
	g_assert_cmpint (second->received_monotonic - first->received_monotonic, >=,
			 1 * G_USEC_PER_SEC);
	g_assert_cmpuint (fake_github_count_issues (f->fake), ==, 1);
}

/* Search has its own, smaller limit: when it says "not now", the listing stands in at once. */
static void
test_search_rate_limited (Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	QnavEscalationOutcome outcome;
	guint64 number;
	gint64 start = g_get_monotonic_time ();

	fake_github_set_fault (f->fake, FAKE_FAULT_429_RETRY_AFTER, "GET /search/", 0, 30);
	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_no_error (error);
	g_assert_cmpint (outcome, ==, QNAV_ESCALATION_COMMENTED);
	g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
	g_assert_cmpuint (fake_github_count_requests (f->fake, "POST", ISSUES_PATH), ==, 1);
}

static void
test_rate_limit_reset (Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) requests = NULL;
	const FakeRequest *first, *second;
	QnavEscalationOutcome outcome;
	guint64 number;
	gint64 reset;

	fake_github_set_fault (f->fake, FAKE_FAULT_403_RATE_LIMIT, "GET " ISSUES_PATH, 1, 1);
	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_no_error (error);
	g_assert_cmpint (outcome, ==, QNAV_ESCALATION_CREATED);

	requests = fake_github_get_requests (f->fake);
	first = find_request (requests, "GET", ISSUES_PATH, 0);
	second = find_request (requests, "GET", ISSUES_PATH, 1);
	g_assert_cmpuint (first->status, ==, 403);
	g_assert_cmpuint (second->status, ==, 200);
	/* not before the reset time the fake announced */
	reset = first->received_real / G_USEC_PER_SEC + 1;
	g_assert_cmpint (second->received_real, >=, reset * G_USEC_PER_SEC);
}

static void
test_rate_limit_past_deadline (Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	QnavEscalationOutcome outcome;
	guint64 number;
	gint64 start = g_get_monotonic_time ();

	qnav_github_client_set_timeout_seconds (f->client, 5);
	fake_github_set_fault (f->fake, FAKE_FAULT_403_RATE_LIMIT, "GET " ISSUES_PATH, 0, 3600);
	g_assert_false (escalate (f, &outcome, &number, &error));
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_TIMED_OUT);
	assert_says_what_to_fix (error, "rate limit");
	g_assert_nonnull (strstr (error->message, "timeout-seconds"));
	/* it says so at once instead of waiting out the deadline */
	g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
	g_assert_cmpuint (fake_github_count_requests (f->fake, "POST", ISSUES_PATH), ==, 0);
}

static void
test_server_error_then_success (Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	QnavEscalationOutcome outcome;
	guint64 number;

	fake_github_set_fault (f->fake, FAKE_FAULT_500, "GET " ISSUES_PATH, 1, 0);
	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_no_error (error);
	g_assert_cmpint (outcome, ==, QNAV_ESCALATION_CREATED);
	g_assert_cmpuint (fake_github_count_requests (f->fake, "GET", ISSUES_PATH), ==, 2);
	g_assert_cmpuint (fake_github_count_requests (f->fake, "POST", ISSUES_PATH), ==, 1);
}

static void
test_server_error_persistent (Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	QnavEscalationOutcome outcome;
	guint64 number;

	qnav_github_client_set_max_retries (f->client, 2);
	fake_github_set_fault (f->fake, FAKE_FAULT_500, "GET " ISSUES_PATH, 0, 0);
	g_assert_false (escalate (f, &outcome, &number, &error));
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_NETWORK);
	assert_says_what_to_fix (error, "after 3 attempts");
	g_assert_nonnull (strstr (error->message, "500"));
	/* the first try and two retries */
	g_assert_cmpuint (fake_github_count_requests (f->fake, "GET", ISSUES_PATH), ==, 3);
	g_assert_cmpuint (fake_github_count_requests (f->fake, "POST", ISSUES_PATH), ==, 0);
}

/* GitHub opened the issue but the answer was lost: no second issue. */
static void
test_create_answer_lost (Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	QnavEscalationOutcome outcome;
	guint64 number;

	fake_github_set_search_lag (f->fake, TRUE);
	fake_github_set_fault (f->fake, FAKE_FAULT_500_AFTER_CREATE, "POST " ISSUES_PATH, 1, 0);
	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_no_error (error);
	g_assert_cmpint (outcome, ==, QNAV_ESCALATION_CREATED);
	g_assert_cmpuint (fake_github_count_issues (f->fake), ==, 1);
	g_assert_cmpuint (fake_github_count_requests (f->fake, "POST", ISSUES_PATH), ==, 1);
	g_assert_cmpuint (fake_github_count_requests (f->fake, "GET", ISSUES_PATH), ==, 2);
}

/* ---- refusals: each says what to fix ---- */

static void
test_faults (void)
{
	static const struct {
		FakeFault fault;
		QnavError code;
		const gchar *needle;
		const gchar *needle2;
	} cases[] = {
		{ FAKE_FAULT_401, QNAV_ERROR_AUTH,
		  "GitHub refused the token (401): check GITHUB_TOKEN", "Bad credentials" },
		{ FAKE_FAULT_403, QNAV_ERROR_AUTH,
		  "the token lacks issues: write on " TEST_REPOSITORY, "Resource not accessible" },
		{ FAKE_FAULT_404, QNAV_ERROR_NOT_FOUND,
		  "repository " TEST_REPOSITORY " not found or not visible to the token",
		  "GITHUB_REPOSITORY" },
		{ FAKE_FAULT_410, QNAV_ERROR_UNSUPPORTED, "issues are disabled on " TEST_REPOSITORY,
		  "enable Issues" },
		{ FAKE_FAULT_422, QNAV_ERROR_INVALID_DATA, "Validation Failed",
		  "field: labels, code: invalid" },
		{ FAKE_FAULT_MALFORMED, QNAV_ERROR_INVALID_DATA,
		  "GitHub's answer to GET /search/issues is not valid JSON", "GITHUB_API_URL" },
		{ FAKE_FAULT_TRUNCATED, QNAV_ERROR_INVALID_DATA,
		  "GitHub's answer to GET /search/issues is not valid JSON", "cut or replaced" },
	};

	for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
		Fixture f = { 0 };
		g_autoptr(GError) error = NULL;
		QnavEscalationOutcome outcome;
		guint64 number;

		fixture_set_up (&f, NULL);
		fake_github_set_fault (f.fake, cases[i].fault, NULL, 0, 0);
		g_assert_false (escalate (&f, &outcome, &number, &error));
		g_assert_error (error, QNAV_ERROR, (gint) cases[i].code);
		assert_says_what_to_fix (error, cases[i].needle);
		assert_says_what_to_fix (error, cases[i].needle2);
		/* refusals are not retried */
		g_assert_cmpuint (fake_github_count_requests (f.fake, "POST", ISSUES_PATH), <=, 1);
		fixture_tear_down (&f, NULL);
	}
}

/* A 422 on creation names the field GitHub objected to. */
static void
test_fault_422_on_create (Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	QnavEscalationOutcome outcome;
	guint64 number;

	fake_github_set_fault (f->fake, FAKE_FAULT_422, "POST " ISSUES_PATH, 0, 0);
	g_assert_false (escalate (f, &outcome, &number, &error));
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
	assert_says_what_to_fix (error,
				 "GitHub rejected opening an issue in " TEST_REPOSITORY
				 " (422): Validation Failed [resource: Issue, field: labels, "
				 "code: invalid]");
	g_assert_cmpuint (fake_github_count_requests (f->fake, "POST", ISSUES_PATH), ==, 1);
}

static void
test_wrong_token (Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavGitHubClient) client = qnav_github_client_new (
		TEST_REPOSITORY, "qnav-wrong-credential-77", fake_github_get_url (f->fake), &error);
	g_autoptr(GPtrArray) requests = NULL;

	g_assert_false (qnav_github_client_escalate (client, f->analysis, NULL, NULL, NULL, NULL,
						     NULL, &error));
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_AUTH);
	g_assert_null (strstr (error->message, "qnav-wrong-credential-77"));
	requests = fake_github_get_requests (f->fake);
	g_assert_cmpuint (requests->len, ==, 1);
	g_assert_cmpstr (((FakeRequest *) g_ptr_array_index (requests, 0))->authorization, ==,
			 "Bearer qnav-wrong-credential-77");
}

static void
test_timeout (Fixture *f, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	QnavEscalationOutcome outcome;
	guint64 number;
	gint64 start = g_get_monotonic_time ();
	gint64 elapsed;

	qnav_github_client_set_timeout_seconds (f->client, 1);
	fake_github_set_fault (f->fake, FAKE_FAULT_SLOW, "GET " ISSUES_PATH, 0, 4);
	g_assert_false (escalate (f, &outcome, &number, &error));
	elapsed = g_get_monotonic_time () - start;
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_TIMED_OUT);
	assert_says_what_to_fix (error, "within 1 s (timeout-seconds)");
	g_assert_nonnull (strstr (error->message, "listing the issues of " TEST_REPOSITORY));
	g_assert_cmpint (elapsed, >=, 1 * G_USEC_PER_SEC - 100000);
	g_assert_cmpint (elapsed, <, 3 * G_USEC_PER_SEC);
}

static void
test_unreachable (void)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GSocketListener) listener = g_socket_listener_new ();
	g_autoptr(QnavGitHubClient) client = NULL;
	g_autoptr(QnavFailureAnalysis) analysis =
		test_analysis_new ("kcli-deploy", SOCKET_ERROR, FINGERPRINT);
	g_autofree gchar *url = NULL;
	guint16 port;

	/* a port that was free a moment ago: nothing listens there */
	port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
	g_assert_no_error (error);
	g_socket_listener_close (listener);
	url = g_strdup_printf ("http://127.0.0.1:%u", port);
	client = qnav_github_client_new (TEST_REPOSITORY, TEST_TOKEN, url, &error);
	qnav_github_client_set_max_retries (client, 1);
	g_assert_false (qnav_github_client_escalate (client, analysis, NULL, NULL, NULL, NULL,
						     NULL, &error));
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_NETWORK);
	assert_says_what_to_fix (error, "cannot reach GitHub at http://127.0.0.1:");
	g_assert_nonnull (strstr (error->message, "after 2 attempts"));
}

/* ---- async and cancellation ---- */

typedef struct {
	GMainLoop *loop;
	gboolean ok;
	GError *error;
	QnavEscalationOutcome outcome;
	guint64 number;
	gchar *url;
} AsyncResult;

static void
on_escalated (GObject *source, GAsyncResult *result, gpointer user_data)
{
	AsyncResult *r = user_data;

	r->ok = qnav_github_client_escalate_finish (QNAV_GITHUB_CLIENT (source), result,
						    &r->outcome, &r->number, &r->url, &r->error);
	g_main_loop_quit (r->loop);
}

static void
test_async (Fixture *f, gconstpointer data)
{
	AsyncResult r = { g_main_loop_new (NULL, FALSE) };

	qnav_github_client_escalate_async (f->client, f->analysis, NULL, NULL, on_escalated, &r);
	g_main_loop_run (r.loop);
	g_assert_no_error (r.error);
	g_assert_true (r.ok);
	g_assert_cmpint (r.outcome, ==, QNAV_ESCALATION_CREATED);
	g_assert_cmpuint (r.number, ==, 1);
	g_assert_cmpstr (r.url, ==, "https://github.example/" TEST_REPOSITORY "/issues/1");
	g_free (r.url);
	g_main_loop_unref (r.loop);
}

static gboolean
cancel_soon (gpointer user_data)
{
	g_cancellable_cancel (user_data);
	return G_SOURCE_REMOVE;
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
	AsyncResult r = { g_main_loop_new (NULL, FALSE) };
	g_autoptr(GCancellable) cancellable = g_cancellable_new ();
	gint64 start = g_get_monotonic_time ();

	fake_github_set_fault (f->fake, FAKE_FAULT_SLOW, NULL, 0, 4);
	qnav_github_client_escalate_async (f->client, f->analysis, NULL, cancellable,
					   on_escalated, &r);
	g_timeout_add (200, cancel_soon, cancellable);
	g_main_loop_run (r.loop);
	g_assert_false (r.ok);
	g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
	g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
	g_clear_error (&r.error);

	/* cancelled during a retry's wait, too */
	fake_github_set_fault (f->fake, FAKE_FAULT_429_RETRY_AFTER, "GET " ISSUES_PATH, 0, 5);
	g_cancellable_reset (cancellable);
	start = g_get_monotonic_time ();
	qnav_github_client_escalate_async (f->client, f->analysis, NULL, cancellable,
					   on_escalated, &r);
	g_timeout_add (300, cancel_soon, cancellable);
	g_main_loop_run (r.loop);
	g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
	g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
	g_clear_error (&r.error);
	g_main_loop_unref (r.loop);
}

/* ---- history ---- */

static void
test_history (Fixture *f, gconstpointer data)
{
	g_autofree gchar *dir = g_dir_make_tmp ("qnav-github-XXXXXX", NULL);
	g_autofree gchar *path = g_build_filename (dir, "history.db", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavHistory) history = qnav_history_new (path, &error);
	g_autoptr(GPtrArray) comments = NULL;
	g_autofree gchar *known = NULL;
	const gchar *const no_labels[] = { NULL };
	QnavEscalationOutcome outcome;
	guint64 number, recorded = 0;

	g_assert_no_error (error);
	qnav_github_client_set_history (f->client, history);
	for (guint i = 0; i < 2; i++)
		g_assert_true (qnav_history_record_analysis (history, f->analysis, &error));
	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_cmpint (outcome, ==, QNAV_ESCALATION_CREATED);
	g_assert_true (qnav_history_get_last_escalation (history, FINGERPRINT, TEST_REPOSITORY,
							 &recorded, NULL, NULL, &error));
	g_assert_cmpuint (recorded, ==, number);

	/* a repeat's comment counts the occurrences */
	g_assert_true (qnav_history_record_analysis (history, f->analysis, &error));
	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_cmpint (outcome, ==, QNAV_ESCALATION_COMMENTED);
	comments = fake_github_get_comments (f->fake, number);
	g_assert_nonnull (
		strstr (g_ptr_array_index (comments, 0), "- **Occurrences recorded**: 3\n"));

	/* someone removed the labels and search is down: the history still knows the issue */
	fake_github_set_labels (f->fake, number, no_labels);
	fake_github_set_fault (f->fake, FAKE_FAULT_500, "GET /search/", 0, 0);
	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_no_error (error);
	g_assert_cmpint (outcome, ==, QNAV_ESCALATION_COMMENTED);
	g_assert_cmpuint (number, ==, recorded);
	known = g_strdup_printf (ISSUES_PATH "/%" G_GUINT64_FORMAT, recorded);
	g_assert_cmpuint (fake_github_count_requests (f->fake, "GET", known), ==, 1);
	g_assert_cmpuint (fake_github_count_issues (f->fake), ==, 1);

	g_clear_object (&history);
	qnav_github_client_set_history (f->client, NULL);
	qnav_test_remove_tree (dir);
}

/* The issue the history remembers is gone: the failure gets a new one. */
static void
test_history_issue_gone (Fixture *f, gconstpointer data)
{
	g_autofree gchar *dir = g_dir_make_tmp ("qnav-github-XXXXXX", NULL);
	g_autofree gchar *path = g_build_filename (dir, "history.db", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavHistory) history = qnav_history_new (path, &error);
	QnavEscalationOutcome outcome;
	guint64 number;

	g_assert_no_error (error);
	g_assert_true (qnav_history_record_escalation (
		history, FINGERPRINT, TEST_REPOSITORY, 999,
		"https://github.example/" TEST_REPOSITORY "/issues/999", &error));
	qnav_github_client_set_history (f->client, history);
	g_assert_true (escalate (f, &outcome, &number, &error));
	g_assert_no_error (error);
	g_assert_cmpint (outcome, ==, QNAV_ESCALATION_CREATED);
	g_assert_cmpuint (number, ==, 1);
	g_assert_cmpuint (fake_github_count_requests (f->fake, "GET", ISSUES_PATH "/999"), ==, 1);

	qnav_github_client_set_history (f->client, NULL);
	g_clear_object (&history);
	qnav_test_remove_tree (dir);
}

#define ADD(path, func)                                                                          \
	g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

int
main (int argc, char **argv)
{
	g_test_init (&argc, &argv, NULL);
	test_clear_github_environment ();

	g_test_add_func ("/qnav/github/client/new-environment", test_new_environment);
	g_test_add_func ("/qnav/github/client/new-validation", test_new_validation);
	g_test_add_func ("/qnav/github/client/properties", test_properties);
	ADD ("/qnav/github/client/dedupe", test_dedupe);
	ADD ("/qnav/github/client/headers", test_headers);
	ADD ("/qnav/github/client/search-lag", test_search_lag);
	ADD ("/qnav/github/client/reopen", test_reopen);
	ADD ("/qnav/github/client/closed-new-issue", test_closed_new_issue);
	ADD ("/qnav/github/client/forged-marker", test_forged_marker);
	ADD ("/qnav/github/client/custom-labels", test_custom_labels);
	ADD ("/qnav/github/client/no-secret-sent", test_no_secret_sent);
	ADD ("/qnav/github/client/huge", test_huge);
	ADD ("/qnav/github/client/retry-after", test_retry_after);
	ADD ("/qnav/github/client/search-rate-limited", test_search_rate_limited);
	ADD ("/qnav/github/client/rate-limit-reset", test_rate_limit_reset);
	ADD ("/qnav/github/client/rate-limit-past-deadline", test_rate_limit_past_deadline);
	ADD ("/qnav/github/client/server-error-then-success", test_server_error_then_success);
	ADD ("/qnav/github/client/server-error-persistent", test_server_error_persistent);
	ADD ("/qnav/github/client/create-answer-lost", test_create_answer_lost);
	g_test_add_func ("/qnav/github/client/faults", test_faults);
	ADD ("/qnav/github/client/fault-422-on-create", test_fault_422_on_create);
	ADD ("/qnav/github/client/wrong-token", test_wrong_token);
	ADD ("/qnav/github/client/timeout", test_timeout);
	g_test_add_func ("/qnav/github/client/unreachable", test_unreachable);
	ADD ("/qnav/github/client/async", test_async);
	ADD ("/qnav/github/client/cancel", test_cancel);
	ADD ("/qnav/github/client/history", test_history);
	ADD ("/qnav/github/client/history-issue-gone", test_history_issue_gone);
	return g_test_run ();
}
