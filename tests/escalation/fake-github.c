/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "fake-github.h"

#define REPOSITORY_ID 4242
#define HTML_BASE "https://github.example"
#define DOCS "https://docs.github.com/rest"
#define BODY_MAX 65536

typedef struct {
	guint64 number;
	gchar *title;
	gchar *body;
	GStrv labels;
	gboolean closed;
	gboolean pull_request;
	gboolean indexed; /* visible to search */
	GPtrArray *comments;
} FakeIssue;

struct _FakeGitHub {
	gchar *repository;
	gchar *token;
	gchar *url;

	GThread *thread;
	GMainContext *context;
	GMainLoop *loop;
	SoupServer *server;

	GMutex mutex;
	GCond cond;
	gboolean ready;

	GPtrArray *issues;   /* FakeIssue, oldest first */
	GPtrArray *requests; /* FakeRequest */
	guint64 next_number;
	guint64 next_comment_id;

	FakeFault fault;
	gchar *fault_what;
	guint fault_times;
	guint fault_used;
	guint fault_seconds;
	gboolean search_lag;
	guint page_size;
};

static void
fake_issue_free (FakeIssue *issue)
{
	g_free (issue->title);
	g_free (issue->body);
	g_strfreev (issue->labels);
	g_ptr_array_unref (issue->comments);
	g_free (issue);
}

void
fake_request_free (FakeRequest *request)
{
	g_free (request->method);
	g_free (request->path);
	g_free (request->query);
	g_free (request->authorization);
	g_free (request->accept);
	g_free (request->api_version);
	g_free (request->user_agent);
	g_free (request->content_type);
	g_free (request->body);
	g_free (request);
}

static FakeRequest *
fake_request_copy (const FakeRequest *request)
{
	FakeRequest *copy = g_new0 (FakeRequest, 1);

	copy->method = g_strdup (request->method);
	copy->path = g_strdup (request->path);
	copy->query = g_strdup (request->query);
	copy->authorization = g_strdup (request->authorization);
	copy->accept = g_strdup (request->accept);
	copy->api_version = g_strdup (request->api_version);
	copy->user_agent = g_strdup (request->user_agent);
	copy->content_type = g_strdup (request->content_type);
	copy->body = g_strdup (request->body);
	copy->status = request->status;
	copy->received_monotonic = request->received_monotonic;
	copy->received_real = request->received_real;
	return copy;
}

/* ---- responses ---- */

static void
respond (SoupServerMessage *msg, guint status, const gchar *text)
{
	SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

	soup_server_message_set_status (msg, status, NULL);
	soup_message_headers_replace (headers, "X-RateLimit-Limit", "5000");
	soup_message_headers_replace (headers, "X-RateLimit-Remaining", "4999");
	soup_message_headers_replace (headers, "X-RateLimit-Resource", "core");
	soup_message_headers_replace (headers, "X-GitHub-Api-Version-Selected", "2022-11-28");
	soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
					  text, strlen (text));
}

static void
respond_node (SoupServerMessage *msg, guint status, JsonNode *node)
{
	g_autofree gchar *text = json_to_string (node, FALSE);

	respond (msg, status, text);
}

/* {message, documentation_url[, errors]}, as GitHub answers errors */
static void
respond_error (SoupServerMessage *msg, guint status, const gchar *message,
	       const gchar *errors_json)
{
	g_autofree gchar *message_json = NULL;
	g_autofree gchar *text = NULL;
	g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

	json_node_set_string (node, message);
	message_json = json_to_string (node, FALSE);
	text = g_strdup_printf ("{\"message\":%s,\"documentation_url\":\"" DOCS "\"%s%s%s,"
				"\"status\":\"%u\"}",
				message_json, errors_json != NULL ? ",\"errors\":" : "",
				errors_json != NULL ? errors_json : "", "", status);
	respond (msg, status, text);
}

static void
add_label_objects (JsonBuilder *builder, GStrv labels)
{
	json_builder_begin_array (builder);
	for (guint i = 0; labels != NULL && labels[i] != NULL; i++) {
		json_builder_begin_object (builder);
		json_builder_set_member_name (builder, "id");
		json_builder_add_int_value (builder, 100 + i);
		json_builder_set_member_name (builder, "node_id");
		json_builder_add_string_value (builder, "LA_kwDOfake");
		json_builder_set_member_name (builder, "name");
		json_builder_add_string_value (builder, labels[i]);
		json_builder_set_member_name (builder, "color");
		json_builder_add_string_value (builder, "d73a4a");
		json_builder_set_member_name (builder, "default");
		json_builder_add_boolean_value (builder, FALSE);
		json_builder_set_member_name (builder, "description");
		json_builder_add_null_value (builder);
		json_builder_end_object (builder);
	}
	json_builder_end_array (builder);
}

static void
add_issue (FakeGitHub *fake, JsonBuilder *builder, FakeIssue *issue)
{
	g_autofree gchar *api = g_strdup_printf ("%s/repos/%s/issues/%" G_GUINT64_FORMAT,
						 fake->url, fake->repository, issue->number);
	g_autofree gchar *html = g_strdup_printf (
		HTML_BASE "/%s/%s/%" G_GUINT64_FORMAT, fake->repository,
		issue->pull_request ? "pull" : "issues", issue->number);

	json_builder_begin_object (builder);
	json_builder_set_member_name (builder, "url");
	json_builder_add_string_value (builder, api);
	json_builder_set_member_name (builder, "html_url");
	json_builder_add_string_value (builder, html);
	json_builder_set_member_name (builder, "id");
	json_builder_add_int_value (builder, (gint64) (1000000 + issue->number));
	json_builder_set_member_name (builder, "node_id");
	json_builder_add_string_value (builder, "I_kwDOfake");
	json_builder_set_member_name (builder, "number");
	json_builder_add_int_value (builder, (gint64) issue->number);
	json_builder_set_member_name (builder, "title");
	json_builder_add_string_value (builder, issue->title);
	json_builder_set_member_name (builder, "user");
	json_builder_begin_object (builder);
	json_builder_set_member_name (builder, "login");
	json_builder_add_string_value (builder, "qnav-bot");
	json_builder_set_member_name (builder, "id");
	json_builder_add_int_value (builder, 1);
	json_builder_end_object (builder);
	json_builder_set_member_name (builder, "labels");
	add_label_objects (builder, issue->labels);
	json_builder_set_member_name (builder, "state");
	json_builder_add_string_value (builder, issue->closed ? "closed" : "open");
	json_builder_set_member_name (builder, "locked");
	json_builder_add_boolean_value (builder, FALSE);
	json_builder_set_member_name (builder, "assignee");
	json_builder_add_null_value (builder);
	json_builder_set_member_name (builder, "assignees");
	json_builder_begin_array (builder);
	json_builder_end_array (builder);
	json_builder_set_member_name (builder, "milestone");
	json_builder_add_null_value (builder);
	json_builder_set_member_name (builder, "comments");
	json_builder_add_int_value (builder, issue->comments->len);
	json_builder_set_member_name (builder, "created_at");
	json_builder_add_string_value (builder, "2026-01-02T03:04:05Z");
	json_builder_set_member_name (builder, "updated_at");
	json_builder_add_string_value (builder, "2026-01-02T03:04:05Z");
	json_builder_set_member_name (builder, "closed_at");
	if (issue->closed)
		json_builder_add_string_value (builder, "2026-01-03T00:00:00Z");
	else
		json_builder_add_null_value (builder);
	json_builder_set_member_name (builder, "state_reason");
	if (issue->closed)
		json_builder_add_string_value (builder, "completed");
	else
		json_builder_add_null_value (builder);
	json_builder_set_member_name (builder, "author_association");
	json_builder_add_string_value (builder, "OWNER");
	json_builder_set_member_name (builder, "body");
	if (issue->body != NULL)
		json_builder_add_string_value (builder, issue->body);
	else
		json_builder_add_null_value (builder);
	if (issue->pull_request) {
		g_autofree gchar *pr = g_strdup_printf ("%s/repos/%s/pulls/%" G_GUINT64_FORMAT,
							fake->url, fake->repository,
							issue->number);
		json_builder_set_member_name (builder, "pull_request");
		json_builder_begin_object (builder);
		json_builder_set_member_name (builder, "url");
		json_builder_add_string_value (builder, pr);
		json_builder_set_member_name (builder, "html_url");
		json_builder_add_string_value (builder, html);
		json_builder_set_member_name (builder, "merged_at");
		json_builder_add_null_value (builder);
		json_builder_end_object (builder);
	}
	json_builder_end_object (builder);
}

static void
respond_issue (FakeGitHub *fake, SoupServerMessage *msg, guint status, FakeIssue *issue)
{
	g_autoptr(JsonBuilder) builder = json_builder_new ();
	g_autoptr(JsonNode) root = NULL;

	add_issue (fake, builder, issue);
	root = json_builder_get_root (builder);
	respond_node (msg, status, root);
}

static FakeIssue *
find_issue (FakeGitHub *fake, guint64 number)
{
	for (guint i = 0; i < fake->issues->len; i++) {
		FakeIssue *issue = g_ptr_array_index (fake->issues, i);
		if (issue->number == number)
			return issue;
	}
	return NULL;
}

static FakeIssue *
new_issue (FakeGitHub *fake, const gchar *title, const gchar *body, const gchar *const *labels)
{
	FakeIssue *issue = g_new0 (FakeIssue, 1);

	issue->number = fake->next_number++;
	issue->title = g_strdup (title);
	issue->body = g_strdup (body);
	issue->labels = g_strdupv ((gchar **) labels);
	issue->comments = g_ptr_array_new_with_free_func (g_free);
	issue->indexed = TRUE;
	g_ptr_array_add (fake->issues, issue);
	return issue;
}

/* ---- routes ---- */

static void
handle_search (FakeGitHub *fake, SoupServerMessage *msg, GHashTable *query)
{
	const gchar *q = query != NULL ? g_hash_table_lookup (query, "q") : NULL;
	g_autofree gchar *repo = g_strdup_printf ("repo:%s", fake->repository);
	g_autofree gchar *phrase = NULL;
	g_autoptr(JsonBuilder) builder = json_builder_new ();
	g_autoptr(JsonNode) root = NULL;
	g_autoptr(GPtrArray) hits = g_ptr_array_new ();
	const gchar *start, *end;
	gboolean issues_only;

	if (q == NULL) {
		respond_error (msg, 422, "Validation Failed",
			       "[{\"resource\":\"Search\",\"field\":\"q\",\"code\":\"missing\"}]");
		return;
	}
	if (strstr (q, repo) == NULL) {
		respond_error (msg, 422, "Validation Failed",
			       "[{\"message\":\"The listed users and repositories cannot be "
			       "searched either because the resources do not exist or you do not "
			       "have permission to view them.\",\"resource\":\"Search\","
			       "\"field\":\"q\",\"code\":\"invalid\"}]");
		return;
	}
	start = strchr (q, '"');
	end = start != NULL ? strchr (start + 1, '"') : NULL;
	phrase = start != NULL && end != NULL ? g_strndup (start + 1, end - start - 1)
					      : g_strdup ("");
	issues_only = strstr (q, "is:issue") != NULL;
	for (guint i = fake->issues->len; i > 0; i--) {
		FakeIssue *issue = g_ptr_array_index (fake->issues, i - 1);
		if (!issue->indexed || (issues_only && issue->pull_request))
			continue;
		if (*phrase != '\0' &&
		    (issue->body == NULL || strcasestr (issue->body, phrase) == NULL))
			continue;
		g_ptr_array_add (hits, issue);
	}
	json_builder_begin_object (builder);
	json_builder_set_member_name (builder, "total_count");
	json_builder_add_int_value (builder, hits->len);
	json_builder_set_member_name (builder, "incomplete_results");
	json_builder_add_boolean_value (builder, FALSE);
	json_builder_set_member_name (builder, "items");
	json_builder_begin_array (builder);
	for (guint i = 0; i < hits->len; i++)
		add_issue (fake, builder, g_ptr_array_index (hits, i));
	json_builder_end_array (builder);
	json_builder_end_object (builder);
	root = json_builder_get_root (builder);
	respond_node (msg, 200, root);
}

static gboolean
has_labels (FakeIssue *issue, gchar **wanted)
{
	for (guint i = 0; wanted != NULL && wanted[i] != NULL; i++) {
		if (*wanted[i] != '\0' &&
		    !g_strv_contains ((const gchar *const *) issue->labels, wanted[i]))
			return FALSE;
	}
	return TRUE;
}

static void
handle_list (FakeGitHub *fake, SoupServerMessage *msg, GHashTable *query)
{
	const gchar *labels = query != NULL ? g_hash_table_lookup (query, "labels") : NULL;
	const gchar *state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
	const gchar *per_page_text = query != NULL ? g_hash_table_lookup (query, "per_page") : NULL;
	const gchar *page_text = query != NULL ? g_hash_table_lookup (query, "page") : NULL;
	g_auto(GStrv) wanted = labels != NULL ? g_strsplit (labels, ",", -1) : NULL;
	guint per_page = per_page_text != NULL ? (guint) g_ascii_strtoull (per_page_text, NULL, 10)
					       : 30;
	guint page = page_text != NULL ? (guint) g_ascii_strtoull (page_text, NULL, 10) : 1;
	guint size, pages;
	g_autoptr(GPtrArray) hits = g_ptr_array_new ();
	g_autoptr(JsonBuilder) builder = json_builder_new ();
	g_autoptr(JsonNode) root = NULL;
	g_autoptr(GString) link = g_string_new (NULL);
	g_autofree gchar *labels_escaped = NULL;

	state = state != NULL ? state : "open";
	per_page = CLAMP (per_page, 1, 100);
	page = MAX (page, 1);
	size = fake->page_size > 0 ? MIN (per_page, fake->page_size) : per_page;
	for (guint i = fake->issues->len; i > 0; i--) {
		FakeIssue *issue = g_ptr_array_index (fake->issues, i - 1);
		if (g_str_equal (state, "open") && issue->closed)
			continue;
		if (g_str_equal (state, "closed") && !issue->closed)
			continue;
		if (!has_labels (issue, wanted))
			continue;
		g_ptr_array_add (hits, issue);
	}
	pages = MAX (1, (hits->len + size - 1) / size);

	json_builder_begin_array (builder);
	for (guint i = (page - 1) * size; i < hits->len && i < page * size; i++)
		add_issue (fake, builder, g_ptr_array_index (hits, i));
	json_builder_end_array (builder);
	root = json_builder_get_root (builder);

	/* GitHub's Link URLs name the repository by id */
	labels_escaped = g_uri_escape_string (labels != NULL ? labels : "", NULL, FALSE);
	if (page < pages)
		g_string_append_printf (link,
					"<%s/repositories/%d/issues?labels=%s&state=%s&per_page=%u"
					"&page=%u>; rel=\"next\", "
					"<%s/repositories/%d/issues?labels=%s&state=%s&per_page=%u"
					"&page=%u>; rel=\"last\"",
					fake->url, REPOSITORY_ID, labels_escaped, state, per_page,
					page + 1, fake->url, REPOSITORY_ID, labels_escaped, state,
					per_page, pages);
	if (page > 1)
		g_string_append_printf (link,
					"%s<%s/repositories/%d/issues?labels=%s&state=%s"
					"&per_page=%u&page=%u>; rel=\"prev\", "
					"<%s/repositories/%d/issues?labels=%s&state=%s&per_page=%u"
					"&page=1>; rel=\"first\"",
					link->len > 0 ? ", " : "", fake->url, REPOSITORY_ID,
					labels_escaped, state, per_page, page - 1, fake->url,
					REPOSITORY_ID, labels_escaped, state, per_page);
	respond_node (msg, 200, root);
	if (link->len > 0)
		soup_message_headers_replace (soup_server_message_get_response_headers (msg),
					      "Link", link->str);
}

static JsonObject *
request_object (SoupServerMessage *msg, const gchar *body)
{
	g_autoptr(JsonParser) parser = json_parser_new ();

	if (body == NULL || !json_parser_load_from_data (parser, body, -1, NULL) ||
	    !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))) {
		respond_error (msg, 400, "Problems parsing JSON", NULL);
		return NULL;
	}
	return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gboolean
too_long (SoupServerMessage *msg, const gchar *resource, const gchar *text)
{
	if (text == NULL || g_utf8_strlen (text, -1) <= BODY_MAX)
		return FALSE;
	{
		g_autofree gchar *errors = g_strdup_printf (
			"[{\"resource\":\"%s\",\"code\":\"custom\",\"field\":\"body\","
			"\"message\":\"body is too long (maximum is 65536 characters)\"}]",
			resource);
		respond_error (msg, 422, "Validation Failed", errors);
	}
	return TRUE;
}

static void
handle_create (FakeGitHub *fake, SoupServerMessage *msg, const gchar *body)
{
	g_autoptr(JsonObject) object = request_object (msg, body);
	const gchar *title, *text = NULL;
	g_autoptr(GPtrArray) labels = g_ptr_array_new_null_terminated (4, NULL, TRUE);
	FakeIssue *issue;

	if (object == NULL)
		return;
	title = json_object_has_member (object, "title")
			? json_object_get_string_member_with_default (object, "title", NULL)
			: NULL;
	if (title == NULL || *title == '\0') {
		respond_error (msg, 422, "Validation Failed",
			       "[{\"resource\":\"Issue\",\"code\":\"missing_field\","
			       "\"field\":\"title\"}]");
		return;
	}
	if (g_utf8_strlen (title, -1) > 256) {
		respond_error (msg, 422, "Validation Failed",
			       "[{\"resource\":\"Issue\",\"code\":\"custom\",\"field\":\"title\","
			       "\"message\":\"title is too long (maximum is 256 characters)\"}]");
		return;
	}
	if (json_object_has_member (object, "body"))
		text = json_object_get_string_member_with_default (object, "body", NULL);
	if (too_long (msg, "Issue", text))
		return;
	if (json_object_has_member (object, "labels")) {
		JsonArray *array = json_object_get_array_member (object, "labels");
		for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
			g_ptr_array_add (labels,
					 (gpointer) json_array_get_string_element (array, i));
	}
	issue = new_issue (fake, title, text, (const gchar *const *) labels->pdata);
	issue->indexed = !fake->search_lag;
	respond_issue (fake, msg, 201, issue);
}

static void
handle_comment (FakeGitHub *fake, SoupServerMessage *msg, FakeIssue *issue, const gchar *body)
{
	g_autoptr(JsonObject) object = request_object (msg, body);
	g_autoptr(JsonBuilder) builder = json_builder_new ();
	g_autoptr(JsonNode) root = NULL;
	g_autofree gchar *html = NULL;
	const gchar *text;
	guint64 id;

	if (object == NULL)
		return;
	text = json_object_get_string_member_with_default (object, "body", NULL);
	if (text == NULL || *text == '\0') {
		respond_error (msg, 422, "Validation Failed",
			       "[{\"resource\":\"IssueComment\",\"code\":\"missing_field\","
			       "\"field\":\"body\"}]");
		return;
	}
	if (too_long (msg, "IssueComment", text))
		return;
	g_ptr_array_add (issue->comments, g_strdup (text));
	id = fake->next_comment_id++;
	html = g_strdup_printf (HTML_BASE "/%s/issues/%" G_GUINT64_FORMAT
				"#issuecomment-%" G_GUINT64_FORMAT,
				fake->repository, issue->number, id);
	json_builder_begin_object (builder);
	json_builder_set_member_name (builder, "id");
	json_builder_add_int_value (builder, (gint64) id);
	json_builder_set_member_name (builder, "html_url");
	json_builder_add_string_value (builder, html);
	json_builder_set_member_name (builder, "body");
	json_builder_add_string_value (builder, text);
	json_builder_set_member_name (builder, "created_at");
	json_builder_add_string_value (builder, "2026-01-02T03:04:05Z");
	json_builder_end_object (builder);
	root = json_builder_get_root (builder);
	respond_node (msg, 201, root);
}

static void
handle_update (FakeGitHub *fake, SoupServerMessage *msg, FakeIssue *issue, const gchar *body)
{
	g_autoptr(JsonObject) object = request_object (msg, body);
	const gchar *state;

	if (object == NULL)
		return;
	state = json_object_get_string_member_with_default (object, "state", NULL);
	if (state != NULL && !g_str_equal (state, "open") && !g_str_equal (state, "closed")) {
		respond_error (msg, 422, "Validation Failed",
			       "[{\"resource\":\"Issue\",\"code\":\"invalid\","
			       "\"field\":\"state\"}]");
		return;
	}
	if (state != NULL)
		issue->closed = g_str_equal (state, "closed");
	respond_issue (fake, msg, 200, issue);
}

static void
route (FakeGitHub *fake, SoupServerMessage *msg, const gchar *method, const gchar *path,
       GHashTable *query, const gchar *body)
{
	g_auto(GStrv) parts = g_strsplit (path, "/", -1);
	guint n = g_strv_length (parts);
	g_autofree gchar *repository = NULL;
	g_autofree gchar *by_id = g_strdup_printf ("%d", REPOSITORY_ID);
	FakeIssue *issue = NULL;

	if (n == 3 && g_str_equal (parts[1], "search") && g_str_equal (parts[2], "issues") &&
	    g_str_equal (method, "GET")) {
		handle_search (fake, msg, query);
		return;
	}
	if (n == 4 && g_str_equal (parts[1], "repositories") && g_str_equal (parts[2], by_id) &&
	    g_str_equal (parts[3], "issues") && g_str_equal (method, "GET")) {
		handle_list (fake, msg, query);
		return;
	}
	if (n < 5 || !g_str_equal (parts[1], "repos") || !g_str_equal (parts[4], "issues")) {
		respond_error (msg, 404, "Not Found", NULL);
		return;
	}
	repository = g_strdup_printf ("%s/%s", parts[2], parts[3]);
	if (!g_str_equal (repository, fake->repository)) {
		respond_error (msg, 404, "Not Found", NULL);
		return;
	}
	if (n == 5) {
		if (g_str_equal (method, "GET"))
			handle_list (fake, msg, query);
		else if (g_str_equal (method, "POST"))
			handle_create (fake, msg, body);
		else
			respond_error (msg, 404, "Not Found", NULL);
		return;
	}
	issue = find_issue (fake, g_ascii_strtoull (parts[5], NULL, 10));
	if (issue == NULL || n > 7 || (n == 7 && !g_str_equal (parts[6], "comments"))) {
		respond_error (msg, 404, "Not Found", NULL);
		return;
	}
	if (n == 6 && g_str_equal (method, "GET"))
		respond_issue (fake, msg, 200, issue);
	else if (n == 6 && g_str_equal (method, "PATCH"))
		handle_update (fake, msg, issue, body);
	else if (n == 7 && g_str_equal (method, "POST"))
		handle_comment (fake, msg, issue, body);
	else
		respond_error (msg, 404, "Not Found", NULL);
}

/* ---- faults ---- */

static FakeFault
take_fault (FakeGitHub *fake, const gchar *method, const gchar *path, guint *seconds)
{
	g_autofree gchar *what = g_strdup_printf ("%s %s", method, path);

	if (fake->fault == FAKE_FAULT_NONE)
		return FAKE_FAULT_NONE;
	if (fake->fault_what != NULL && !g_str_has_prefix (what, fake->fault_what))
		return FAKE_FAULT_NONE;
	if (fake->fault_times > 0 && fake->fault_used >= fake->fault_times)
		return FAKE_FAULT_NONE;
	fake->fault_used++;
	*seconds = fake->fault_seconds;
	return fake->fault;
}

/* answers a fault that replaces the work; FALSE for the ones that come after it */
static gboolean
respond_fault (SoupServerMessage *msg, FakeFault fault, guint seconds)
{
	SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

	switch (fault) {
	case FAKE_FAULT_401:
		respond_error (msg, 401, "Bad credentials", NULL);
		return TRUE;
	case FAKE_FAULT_403:
		respond_error (msg, 403, "Resource not accessible by personal access token", NULL);
		return TRUE;
	case FAKE_FAULT_404:
		respond_error (msg, 404, "Not Found", NULL);
		return TRUE;
	case FAKE_FAULT_410:
		respond_error (msg, 410, "Issues are disabled for this repo", NULL);
		return TRUE;
	case FAKE_FAULT_422:
		respond_error (msg, 422, "Validation Failed",
			       "[{\"resource\":\"Issue\",\"code\":\"invalid\","
			       "\"field\":\"labels\"}]");
		return TRUE;
	case FAKE_FAULT_429_RETRY_AFTER: {
		g_autofree gchar *value = g_strdup_printf ("%u", seconds);
		respond_error (msg, 429,
			       "You have exceeded a secondary rate limit. Please wait a few "
			       "minutes before you try again.",
			       NULL);
		soup_message_headers_replace (headers, "Retry-After", value);
		return TRUE;
	}
	case FAKE_FAULT_403_RATE_LIMIT: {
		g_autofree gchar *reset = g_strdup_printf (
			"%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC + seconds);
		respond_error (msg, 403, "API rate limit exceeded for user ID 1.", NULL);
		soup_message_headers_replace (headers, "X-RateLimit-Remaining", "0");
		soup_message_headers_replace (headers, "X-RateLimit-Used", "5000");
		soup_message_headers_replace (headers, "X-RateLimit-Reset", reset);
		return TRUE;
	}
	case FAKE_FAULT_500:
		respond (msg, 500, "{\"message\":\"Server Error\"}");
		return TRUE;
	case FAKE_FAULT_MALFORMED:
		respond (msg, 200, "{\"total_count\": 1, \"items\": [ {\"number\": 1,, ]");
		return TRUE;
	case FAKE_FAULT_TRUNCATED: {
		/* a real answer, cut halfway: what a dropped proxy connection leaves */
		const gchar *full = "{\"total_count\":1,\"incomplete_results\":false,\"items\":[{"
				    "\"number\":1,\"html_url\":\"https://github.example/o/r/issues/"
				    "1\",\"state\":\"open\",\"body\":\"qnav-fp:0\"}]}";
		g_autofree gchar *half = g_strndup (full, strlen (full) / 2);
		respond (msg, 200, half);
		return TRUE;
	}
	case FAKE_FAULT_NONE:
	case FAKE_FAULT_500_AFTER_CREATE:
	case FAKE_FAULT_SLOW:
	default:
		return FALSE;
	}
}

static gboolean
unpause_later (gpointer user_data)
{
	soup_server_message_unpause (SOUP_SERVER_MESSAGE (user_data));
	return G_SOURCE_REMOVE;
}

static void
handle (SoupServer *server, SoupServerMessage *msg, const char *path, GHashTable *query,
	gpointer user_data)
{
	FakeGitHub *fake = user_data;
	SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
	SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
	g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
	FakeRequest *request = g_new0 (FakeRequest, 1);
	g_autofree gchar *expected = g_strdup_printf ("Bearer %s", fake->token);
	const gchar *method = soup_server_message_get_method (msg);
	FakeFault fault;
	guint seconds = 0;

	request->method = g_strdup (method);
	request->path = g_strdup (path);
	request->query = g_strdup (g_uri_get_query (soup_server_message_get_uri (msg)));
	request->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
	request->accept = g_strdup (soup_message_headers_get_one (headers, "Accept"));
	request->api_version =
		g_strdup (soup_message_headers_get_one (headers, "X-GitHub-Api-Version"));
	request->user_agent = g_strdup (soup_message_headers_get_one (headers, "User-Agent"));
	request->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
	request->body = g_bytes_get_size (bytes) > 0
				? g_strndup (g_bytes_get_data (bytes, NULL),
					     g_bytes_get_size (bytes))
				: NULL;
	request->received_monotonic = g_get_monotonic_time ();
	request->received_real = g_get_real_time ();

	g_mutex_lock (&fake->mutex);
	g_ptr_array_add (fake->requests, request);
	fault = take_fault (fake, method, path, &seconds);
	if (!respond_fault (msg, fault, seconds)) {
		if (g_strcmp0 (request->authorization, expected) != 0)
			respond_error (msg, 401, "Bad credentials", NULL);
		else
			route (fake, msg, method, path, query, request->body);
		if (fault == FAKE_FAULT_500_AFTER_CREATE)
			respond (msg, 502, "{\"message\":\"Server Error\"}");
	}
	request->status = soup_server_message_get_status (msg);
	g_mutex_unlock (&fake->mutex);

	if (fault == FAKE_FAULT_SLOW) {
		GSource *source = g_timeout_source_new (seconds * 1000);
		soup_server_message_pause (msg);
		g_source_set_callback (source, unpause_later, g_object_ref (msg), g_object_unref);
		g_source_attach (source, fake->context);
		g_source_unref (source);
	}
}

/* ---- the thread ---- */

static gpointer
serve (gpointer user_data)
{
	FakeGitHub *fake = user_data;
	g_autoptr(GError) error = NULL;
	GSList *uris;

	g_main_context_push_thread_default (fake->context);
	fake->server = soup_server_new ("server-header", "GitHub.com", NULL);
	soup_server_add_handler (fake->server, NULL, handle, fake, NULL);
	if (!soup_server_listen_local (fake->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
		g_error ("fake GitHub cannot listen: %s", error->message);
	uris = soup_server_get_uris (fake->server);
	g_mutex_lock (&fake->mutex);
	fake->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
	fake->ready = TRUE;
	g_cond_signal (&fake->cond);
	g_mutex_unlock (&fake->mutex);
	g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

	g_main_loop_run (fake->loop);

	soup_server_disconnect (fake->server);
	g_clear_object (&fake->server);
	while (g_main_context_pending (fake->context))
		g_main_context_iteration (fake->context, FALSE);
	g_main_context_pop_thread_default (fake->context);
	return NULL;
}

FakeGitHub *
fake_github_new (const gchar *repository, const gchar *token)
{
	FakeGitHub *fake = g_new0 (FakeGitHub, 1);

	fake->repository = g_strdup (repository);
	fake->token = g_strdup (token);
	fake->issues = g_ptr_array_new_with_free_func ((GDestroyNotify) fake_issue_free);
	fake->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) fake_request_free);
	fake->next_number = 1;
	fake->next_comment_id = 900001;
	g_mutex_init (&fake->mutex);
	g_cond_init (&fake->cond);
	fake->context = g_main_context_new ();
	fake->loop = g_main_loop_new (fake->context, FALSE);
	fake->thread = g_thread_new ("fake-github", serve, fake);
	g_mutex_lock (&fake->mutex);
	while (!fake->ready)
		g_cond_wait (&fake->cond, &fake->mutex);
	g_mutex_unlock (&fake->mutex);
	return fake;
}

static gboolean
quit (gpointer user_data)
{
	g_main_loop_quit (user_data);
	return G_SOURCE_REMOVE;
}

void
fake_github_free (FakeGitHub *fake)
{
	g_main_context_invoke (fake->context, quit, fake->loop);
	g_thread_join (fake->thread);
	g_main_loop_unref (fake->loop);
	g_main_context_unref (fake->context);
	g_ptr_array_unref (fake->issues);
	g_ptr_array_unref (fake->requests);
	g_mutex_clear (&fake->mutex);
	g_cond_clear (&fake->cond);
	g_free (fake->repository);
	g_free (fake->token);
	g_free (fake->url);
	g_free (fake->fault_what);
	g_free (fake);
}

const gchar *
fake_github_get_url (FakeGitHub *fake)
{
	return fake->url;
}

void
fake_github_set_fault (FakeGitHub *fake, FakeFault fault, const gchar *what, guint times,
		       guint seconds)
{
	g_mutex_lock (&fake->mutex);
	fake->fault = fault;
	g_free (fake->fault_what);
	fake->fault_what = g_strdup (what);
	fake->fault_times = times;
	fake->fault_used = 0;
	fake->fault_seconds = seconds;
	g_mutex_unlock (&fake->mutex);
}

void
fake_github_set_search_lag (FakeGitHub *fake, gboolean lag)
{
	g_mutex_lock (&fake->mutex);
	fake->search_lag = lag;
	g_mutex_unlock (&fake->mutex);
}

void
fake_github_set_page_size (FakeGitHub *fake, guint page_size)
{
	g_mutex_lock (&fake->mutex);
	fake->page_size = page_size;
	g_mutex_unlock (&fake->mutex);
}

guint64
fake_github_add_issue (FakeGitHub *fake, const gchar *title, const gchar *body,
		       const gchar *const *labels, gboolean closed, gboolean pull_request)
{
	FakeIssue *issue;
	guint64 number;

	g_mutex_lock (&fake->mutex);
	issue = new_issue (fake, title, body, labels);
	issue->closed = closed;
	issue->pull_request = pull_request;
	number = issue->number;
	g_mutex_unlock (&fake->mutex);
	return number;
}

void
fake_github_set_labels (FakeGitHub *fake, guint64 number, const gchar *const *labels)
{
	FakeIssue *issue;

	g_mutex_lock (&fake->mutex);
	issue = find_issue (fake, number);
	g_assert_nonnull (issue);
	g_strfreev (issue->labels);
	issue->labels = g_strdupv ((gchar **) labels);
	g_mutex_unlock (&fake->mutex);
}

guint
fake_github_count_issues (FakeGitHub *fake)
{
	guint n = 0;

	g_mutex_lock (&fake->mutex);
	for (guint i = 0; i < fake->issues->len; i++) {
		FakeIssue *issue = g_ptr_array_index (fake->issues, i);
		n += issue->pull_request ? 0 : 1;
	}
	g_mutex_unlock (&fake->mutex);
	return n;
}

gchar *
fake_github_get_state (FakeGitHub *fake, guint64 number)
{
	FakeIssue *issue;
	gchar *state;

	g_mutex_lock (&fake->mutex);
	issue = find_issue (fake, number);
	state = issue == NULL ? NULL : g_strdup (issue->closed ? "closed" : "open");
	g_mutex_unlock (&fake->mutex);
	return state;
}

gchar *
fake_github_get_body (FakeGitHub *fake, guint64 number)
{
	FakeIssue *issue;
	gchar *body;

	g_mutex_lock (&fake->mutex);
	issue = find_issue (fake, number);
	body = issue == NULL ? NULL : g_strdup (issue->body);
	g_mutex_unlock (&fake->mutex);
	return body;
}

GPtrArray *
fake_github_get_comments (FakeGitHub *fake, guint64 number)
{
	GPtrArray *comments = g_ptr_array_new_with_free_func (g_free);
	FakeIssue *issue;

	g_mutex_lock (&fake->mutex);
	issue = find_issue (fake, number);
	for (guint i = 0; issue != NULL && i < issue->comments->len; i++)
		g_ptr_array_add (comments, g_strdup (g_ptr_array_index (issue->comments, i)));
	g_mutex_unlock (&fake->mutex);
	return comments;
}

GPtrArray *
fake_github_get_requests (FakeGitHub *fake)
{
	GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) fake_request_free);

	g_mutex_lock (&fake->mutex);
	for (guint i = 0; i < fake->requests->len; i++)
		g_ptr_array_add (copy, fake_request_copy (g_ptr_array_index (fake->requests, i)));
	g_mutex_unlock (&fake->mutex);
	return copy;
}

void
fake_github_clear_requests (FakeGitHub *fake)
{
	g_mutex_lock (&fake->mutex);
	g_ptr_array_set_size (fake->requests, 0);
	g_mutex_unlock (&fake->mutex);
}

guint
fake_github_count_requests (FakeGitHub *fake, const gchar *method, const gchar *path_glob)
{
	g_autoptr(GPatternSpec) pattern = g_pattern_spec_new (path_glob);
	guint n = 0;

	g_mutex_lock (&fake->mutex);
	for (guint i = 0; i < fake->requests->len; i++) {
		FakeRequest *request = g_ptr_array_index (fake->requests, i);
		if (g_str_equal (request->method, method) &&
		    g_pattern_spec_match_string (pattern, request->path))
			n++;
	}
	g_mutex_unlock (&fake->mutex);
	return n;
}
