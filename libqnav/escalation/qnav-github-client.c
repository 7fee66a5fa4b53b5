/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "qnav-enum-types.h"
#include "qnav-error.h"
#include "qnav-github-client-private.h"
#include "qnav-github-response-private.h"
#include "qnav-json-private.h"
#include "qnav-redact-private.h"

/**
 * QnavGitHubClient:
 *
 * Escalates a failure to GitHub as one issue per failure fingerprint.
 *
 * The first time a failure is escalated, the client opens an issue in the configured
 * repository (there is no default repository) with the analysis, its evidence, the recovery
 * plan and a summary of the host, all redacted and cut to GitHub's 65,536-character limit. The
 * body ends with a hidden marker, `<!-- qnav-fp:FINGERPRINT -->`, and the same text visible.
 * When the failure comes back, the client finds the issue again, by a search for the marker
 * and, because GitHub's search index lags behind, by a listing of the issues that carry the
 * first of #QnavGitHubClient:labels, and adds a comment with the new occurrence instead of
 * opening another issue. A closed issue is reopened when #QnavGitHubClient:reopen-closed is
 * set; otherwise a new issue is opened that links the old one.
 *
 * Requests carry `Authorization: Bearer TOKEN` and the REST API version 2022-11-28. The client
 * waits as GitHub asks (`Retry-After`, `X-RateLimit-Reset`) but never past its deadline of
 * #QnavGitHubClient:timeout-seconds for the whole escalation, retries server errors and
 * network failures with a capped exponential backoff, and fails with an error that says what
 * to fix otherwise. The token never appears in a log line or an error message.
 *
 * Since: 0.1
 */

#define DEFAULT_API_URL "https://api.github.com"
#define API_VERSION "2022-11-28"
#define DEFAULT_TIMEOUT_SECONDS 20
#define DEFAULT_MAX_RETRIES 4
/* the listing by label reads at most this many pages of 100 issues */
#define LIST_PAGES_MAX 10
#define BACKOFF_FIRST_MS 500
#define BACKOFF_MAX_MS 8000

struct _QnavGitHubClient {
	GObject parent_instance;

	gchar *repository;
	gchar *token;
	gchar *api_url; /* without a trailing slash */
	GStrv labels;
	gboolean reopen_closed;
	guint timeout_seconds;
	guint max_retries;
	QnavHistory *history;
};

G_DEFINE_FINAL_TYPE (QnavGitHubClient, qnav_github_client, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_REPOSITORY,
	PROP_API_URL,
	PROP_LABELS,
	PROP_REOPEN_CLOSED,
	PROP_TIMEOUT_SECONDS,
	PROP_MAX_RETRIES,
	PROP_HISTORY,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const gchar *const default_labels[] = { "qnav", "failure-diagnosis", NULL };

static void
qnav_github_client_finalize (GObject *object)
{
	QnavGitHubClient *self = QNAV_GITHUB_CLIENT (object);

	g_free (self->repository);
	if (self->token != NULL)
		memset (self->token, 0, strlen (self->token));
	g_free (self->token);
	g_free (self->api_url);
	g_strfreev (self->labels);
	g_clear_object (&self->history);

	G_OBJECT_CLASS (qnav_github_client_parent_class)->finalize (object);
}

static void
qnav_github_client_get_property (GObject *object, guint prop_id, GValue *value,
				 GParamSpec *pspec)
{
	QnavGitHubClient *self = QNAV_GITHUB_CLIENT (object);

	switch (prop_id) {
	case PROP_REPOSITORY:
		g_value_set_string (value, self->repository);
		break;
	case PROP_API_URL:
		g_value_set_string (value, self->api_url);
		break;
	case PROP_LABELS:
		g_value_set_boxed (value, self->labels);
		break;
	case PROP_REOPEN_CLOSED:
		g_value_set_boolean (value, self->reopen_closed);
		break;
	case PROP_TIMEOUT_SECONDS:
		g_value_set_uint (value, self->timeout_seconds);
		break;
	case PROP_MAX_RETRIES:
		g_value_set_uint (value, self->max_retries);
		break;
	case PROP_HISTORY:
		g_value_set_object (value, self->history);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static gchar *
normalize_api_url (const gchar *api_url)
{
	gchar *copy = g_strstrip (g_strdup (api_url));
	gsize n = strlen (copy);

	while (n > 0 && copy[n - 1] == '/')
		copy[--n] = '\0';
	return copy;
}

static void
qnav_github_client_set_property (GObject *object, guint prop_id, const GValue *value,
				 GParamSpec *pspec)
{
	QnavGitHubClient *self = QNAV_GITHUB_CLIENT (object);

	switch (prop_id) {
	case PROP_REPOSITORY:
		g_free (self->repository);
		self->repository = g_value_dup_string (value);
		break;
	case PROP_API_URL:
		g_free (self->api_url);
		self->api_url = normalize_api_url (g_value_get_string (value) != NULL
							   ? g_value_get_string (value)
							   : DEFAULT_API_URL);
		break;
	case PROP_LABELS:
		qnav_github_client_set_labels (self, g_value_get_boxed (value));
		break;
	case PROP_REOPEN_CLOSED:
		qnav_github_client_set_reopen_closed (self, g_value_get_boolean (value));
		break;
	case PROP_TIMEOUT_SECONDS:
		qnav_github_client_set_timeout_seconds (self, g_value_get_uint (value));
		break;
	case PROP_MAX_RETRIES:
		qnav_github_client_set_max_retries (self, g_value_get_uint (value));
		break;
	case PROP_HISTORY:
		qnav_github_client_set_history (self, g_value_get_object (value));
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_github_client_class_init (QnavGitHubClientClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);

	object_class->finalize = qnav_github_client_finalize;
	object_class->get_property = qnav_github_client_get_property;
	object_class->set_property = qnav_github_client_set_property;

	/**
	 * QnavGitHubClient:repository:
	 *
	 * The repository issues are opened in, as `OWNER/NAME`.
	 *
	 * Since: 0.1
	 */
	properties[PROP_REPOSITORY] = g_param_spec_string (
		"repository", NULL, NULL, NULL,
		G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavGitHubClient:api-url:
	 *
	 * The base URL of the REST API: `https://api.github.com`, or `https://HOST/api/v3` for
	 * GitHub Enterprise Server.
	 *
	 * Since: 0.1
	 */
	properties[PROP_API_URL] = g_param_spec_string (
		"api-url", NULL, NULL, DEFAULT_API_URL,
		G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavGitHubClient:labels:
	 *
	 * The labels a new issue gets. The first one also finds the issues of earlier
	 * escalations while GitHub's search index has not caught up with them, so keep it
	 * stable. Labels the repository does not have yet are created by GitHub when the token
	 * may push; otherwise GitHub drops them.
	 *
	 * Since: 0.1
	 */
	properties[PROP_LABELS] =
		g_param_spec_boxed ("labels", NULL, NULL, G_TYPE_STRV,
				    G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
					    G_PARAM_STATIC_STRINGS);

	/**
	 * QnavGitHubClient:reopen-closed:
	 *
	 * Whether a repeat of a failure whose issue is closed reopens that issue. When %FALSE,
	 * a new issue is opened that links the closed one.
	 *
	 * Since: 0.1
	 */
	properties[PROP_REOPEN_CLOSED] =
		g_param_spec_boolean ("reopen-closed", NULL, NULL, FALSE,
				      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
					      G_PARAM_STATIC_STRINGS);

	/**
	 * QnavGitHubClient:timeout-seconds:
	 *
	 * The most one escalation may take, every request, retry and rate-limit wait included.
	 *
	 * Since: 0.1
	 */
	properties[PROP_TIMEOUT_SECONDS] = g_param_spec_uint (
		"timeout-seconds", NULL, NULL, 1, 3600, DEFAULT_TIMEOUT_SECONDS,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavGitHubClient:max-retries:
	 *
	 * How many times one request is tried again after a server error, a network failure
	 * or a rate limit.
	 *
	 * Since: 0.1
	 */
	properties[PROP_MAX_RETRIES] = g_param_spec_uint (
		"max-retries", NULL, NULL, 0, 20, DEFAULT_MAX_RETRIES,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavGitHubClient:history:
	 *
	 * A history to count the occurrences of a failure in (a repeat's comment says how many
	 * there were), to remember which issue a failure went to (found again directly even
	 * after its labels were removed), and to record each escalation in.
	 *
	 * Since: 0.1
	 */
	properties[PROP_HISTORY] = g_param_spec_object (
		"history", NULL, NULL, QNAV_TYPE_HISTORY,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_github_client_init (QnavGitHubClient *self)
{
	self->api_url = g_strdup (DEFAULT_API_URL);
	self->labels = g_strdupv ((gchar **) default_labels);
	self->timeout_seconds = DEFAULT_TIMEOUT_SECONDS;
	self->max_retries = DEFAULT_MAX_RETRIES;
}

/* Any text a message quotes from outside passes the redactor; and the token, whatever its
 * shape, never appears. */
static void
scrub_error (QnavGitHubClient *self, GError *error)
{
	g_autofree gchar *clean = NULL;

	if (error == NULL)
		return;
	clean = qnav_redact (error->message);
	if (self->token != NULL && *self->token != '\0' && strstr (clean, self->token) != NULL) {
		g_autoptr(GString) text = g_string_new (clean);
		g_string_replace (text, self->token, QNAV_REDACTED, 0);
		g_free (clean);
		clean = g_string_free (g_steal_pointer (&text), FALSE);
	}
	g_free (error->message);
	error->message = g_steal_pointer (&clean);
}

static gboolean
is_name_char (gchar c)
{
	return g_ascii_isalnum (c) || c == '-' || c == '_' || c == '.';
}

static gboolean
validate_repository (const gchar *repository, GError **error)
{
	const gchar *slash;
	gsize owner, name;

	if (repository == NULL || *repository == '\0') {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
				     "no GitHub repository to open issues in: pass OWNER/NAME "
				     "(qnav escalate --repo) or set GITHUB_REPOSITORY; qnav has no "
				     "default repository");
		return FALSE;
	}
	slash = strchr (repository, '/');
	owner = slash != NULL ? (gsize) (slash - repository) : 0;
	name = slash != NULL ? strlen (slash + 1) : 0;
	for (const gchar *p = repository; slash != NULL && *p != '\0'; p++) {
		if (p != slash && !is_name_char (*p)) {
			slash = NULL;
			break;
		}
	}
	if (slash == NULL || owner == 0 || owner > 39 || name == 0 || name > 100 ||
	    g_str_equal (slash + 1, ".") || g_str_equal (slash + 1, "..")) {
		g_autofree gchar *shown = qnav_redact (repository);
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "GitHub repository \"%s\" is not of the form OWNER/NAME (such as "
			     "octo-org/infra): fix GITHUB_REPOSITORY or --repo",
			     shown);
		return FALSE;
	}
	return TRUE;
}

static gboolean
validate_token (const gchar *token, GError **error)
{
	if (token == NULL || *token == '\0') {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
				     "no GitHub token: set GITHUB_TOKEN to a token that may write "
				     "issues in the repository");
		return FALSE;
	}
	/* it goes into a header line */
	for (const gchar *p = token; *p != '\0'; p++) {
		if ((guchar) *p <= 0x20 || (guchar) *p >= 0x7f) {
			g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
					     "the GitHub token holds spaces or characters a token "
					     "cannot hold: check GITHUB_TOKEN");
			return FALSE;
		}
	}
	return TRUE;
}

static gboolean
is_loopback (const gchar *host)
{
	return host != NULL && (g_str_equal (host, "localhost") || g_str_equal (host, "::1") ||
				g_str_has_prefix (host, "127."));
}

static gboolean
validate_api_url (const gchar *api_url, GError **error)
{
	g_autoptr(GUri) uri = NULL;
	g_autofree gchar *shown = qnav_redact (api_url);
	const gchar *scheme;

	uri = g_uri_parse (api_url, SOUP_HTTP_URI_FLAGS, NULL);
	if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0') {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "GitHub API URL \"%s\" is not a URL such as https://api.github.com "
			     "or https://HOST/api/v3: fix GITHUB_API_URL or --api-url",
			     shown);
		return FALSE;
	}
	if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
	    g_uri_get_fragment (uri) != NULL) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "GitHub API URL \"%s\" must be a bare base URL, without credentials, "
			     "query or fragment (the token comes from GITHUB_TOKEN)",
			     shown);
		return FALSE;
	}
	scheme = g_uri_get_scheme (uri);
	/* the token travels in a header: never in clear text past this host */
	if (g_strcmp0 (scheme, "https") != 0 &&
	    !(g_strcmp0 (scheme, "http") == 0 && is_loopback (g_uri_get_host (uri)))) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "GitHub API URL \"%s\" must use https (plain http only to this host), "
			     "so that the token is never sent in clear text",
			     shown);
		return FALSE;
	}
	return TRUE;
}

static const gchar *
nonempty (const gchar *text)
{
	return text != NULL && *text != '\0' ? text : NULL;
}

/**
 * qnav_github_client_new:
 * @repository: (nullable): the repository to open issues in, as `OWNER/NAME`, or %NULL for
 *   `GITHUB_REPOSITORY`
 * @token: (nullable): a token that may write issues there, or %NULL for `GITHUB_TOKEN`
 * @api_url: (nullable): the REST API's base URL, or %NULL for `GITHUB_API_URL` or else
 *   `https://api.github.com`
 * @error: return location for a #GError
 *
 * Creates a client the way GitHub Actions and GitHub Enterprise Server set up a job: each
 * %NULL argument falls back to its environment variable. There is no default repository:
 * without one, or without a token, this fails with %QNAV_ERROR_INVALID_ARGUMENT naming the
 * variable to set. The API URL must use https, except to this host.
 *
 * Returns: (transfer full): a new #QnavGitHubClient, or %NULL with @error set
 *
 * Since: 0.1
 */
QnavGitHubClient *
qnav_github_client_new (const gchar *repository, const gchar *token, const gchar *api_url,
			GError **error)
{
	g_autoptr(QnavGitHubClient) self = NULL;
	g_autofree gchar *token_clean = NULL;
	g_autofree gchar *repository_clean = NULL;

	repository = nonempty (repository != NULL ? repository : g_getenv ("GITHUB_REPOSITORY"));
	token = token != NULL ? token : g_getenv ("GITHUB_TOKEN");
	api_url = nonempty (api_url != NULL ? api_url : g_getenv ("GITHUB_API_URL"));
	if (api_url == NULL)
		api_url = DEFAULT_API_URL;

	repository_clean = repository != NULL ? g_strstrip (g_strdup (repository)) : NULL;
	token_clean = token != NULL ? g_strstrip (g_strdup (token)) : NULL;
	if (!validate_repository (repository_clean, error) ||
	    !validate_token (token_clean, error) || !validate_api_url (api_url, error))
		return NULL;

	self = g_object_new (QNAV_TYPE_GITHUB_CLIENT, "repository", repository_clean, "api-url",
			     api_url, NULL);
	self->token = g_steal_pointer (&token_clean);
	return g_steal_pointer (&self);
}

/**
 * qnav_github_client_get_repository:
 * @self: a #QnavGitHubClient
 *
 * Returns: (nullable): the repository issues are opened in, as `OWNER/NAME`
 *
 * Since: 0.1
 */
const gchar *
qnav_github_client_get_repository (QnavGitHubClient *self)
{
	g_return_val_if_fail (QNAV_IS_GITHUB_CLIENT (self), NULL);
	return self->repository;
}

/**
 * qnav_github_client_get_api_url:
 * @self: a #QnavGitHubClient
 *
 * Returns: the REST API's base URL, without a trailing slash
 *
 * Since: 0.1
 */
const gchar *
qnav_github_client_get_api_url (QnavGitHubClient *self)
{
	g_return_val_if_fail (QNAV_IS_GITHUB_CLIENT (self), NULL);
	return self->api_url;
}

/**
 * qnav_github_client_get_labels:
 * @self: a #QnavGitHubClient
 *
 * Returns: (transfer none) (array zero-terminated=1): the labels of new issues
 *
 * Since: 0.1
 */
const gchar *const *
qnav_github_client_get_labels (QnavGitHubClient *self)
{
	g_return_val_if_fail (QNAV_IS_GITHUB_CLIENT (self), NULL);
	return (const gchar *const *) self->labels;
}

/**
 * qnav_github_client_set_labels:
 * @self: a #QnavGitHubClient
 * @labels: (nullable) (array zero-terminated=1): the labels of new issues; %NULL or empty
 *   for none (the listing fallback then reads every issue of the repository)
 *
 * Sets #QnavGitHubClient:labels.
 *
 * Since: 0.1
 */
void
qnav_github_client_set_labels (QnavGitHubClient *self, const gchar *const *labels)
{
	g_autoptr(GPtrArray) kept = g_ptr_array_new_null_terminated (4, g_free, TRUE);

	g_return_if_fail (QNAV_IS_GITHUB_CLIENT (self));

	for (guint i = 0; labels != NULL && labels[i] != NULL; i++) {
		g_autofree gchar *label = g_strstrip (g_strdup (labels[i]));
		if (*label != '\0')
			g_ptr_array_add (kept, g_steal_pointer (&label));
	}
	if (g_strv_equal ((const gchar *const *) self->labels,
			  (const gchar *const *) kept->pdata))
		return;
	g_strfreev (self->labels);
	self->labels = (GStrv) g_ptr_array_free (g_steal_pointer (&kept), FALSE);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABELS]);
}

/**
 * qnav_github_client_get_reopen_closed:
 * @self: a #QnavGitHubClient
 *
 * Returns: whether a repeat reopens the failure's closed issue
 *
 * Since: 0.1
 */
gboolean
qnav_github_client_get_reopen_closed (QnavGitHubClient *self)
{
	g_return_val_if_fail (QNAV_IS_GITHUB_CLIENT (self), FALSE);
	return self->reopen_closed;
}

/**
 * qnav_github_client_set_reopen_closed:
 * @self: a #QnavGitHubClient
 * @reopen_closed: whether a repeat reopens the failure's closed issue
 *
 * Sets #QnavGitHubClient:reopen-closed.
 *
 * Since: 0.1
 */
void
qnav_github_client_set_reopen_closed (QnavGitHubClient *self, gboolean reopen_closed)
{
	g_return_if_fail (QNAV_IS_GITHUB_CLIENT (self));

	reopen_closed = !!reopen_closed;
	if (self->reopen_closed == reopen_closed)
		return;
	self->reopen_closed = reopen_closed;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REOPEN_CLOSED]);
}

/**
 * qnav_github_client_get_timeout_seconds:
 * @self: a #QnavGitHubClient
 *
 * Returns: the most one escalation may take, in seconds
 *
 * Since: 0.1
 */
guint
qnav_github_client_get_timeout_seconds (QnavGitHubClient *self)
{
	g_return_val_if_fail (QNAV_IS_GITHUB_CLIENT (self), 0);
	return self->timeout_seconds;
}

/**
 * qnav_github_client_set_timeout_seconds:
 * @self: a #QnavGitHubClient
 * @timeout_seconds: the most one escalation may take, from 1 to 3600 seconds
 *
 * Sets #QnavGitHubClient:timeout-seconds.
 *
 * Since: 0.1
 */
void
qnav_github_client_set_timeout_seconds (QnavGitHubClient *self, guint timeout_seconds)
{
	g_return_if_fail (QNAV_IS_GITHUB_CLIENT (self));
	g_return_if_fail (timeout_seconds >= 1 && timeout_seconds <= 3600);

	if (self->timeout_seconds == timeout_seconds)
		return;
	self->timeout_seconds = timeout_seconds;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT_SECONDS]);
}

/**
 * qnav_github_client_get_max_retries:
 * @self: a #QnavGitHubClient
 *
 * Returns: how many times one request is tried again
 *
 * Since: 0.1
 */
guint
qnav_github_client_get_max_retries (QnavGitHubClient *self)
{
	g_return_val_if_fail (QNAV_IS_GITHUB_CLIENT (self), 0);
	return self->max_retries;
}

/**
 * qnav_github_client_set_max_retries:
 * @self: a #QnavGitHubClient
 * @max_retries: how many times one request is tried again, up to 20
 *
 * Sets #QnavGitHubClient:max-retries.
 *
 * Since: 0.1
 */
void
qnav_github_client_set_max_retries (QnavGitHubClient *self, guint max_retries)
{
	g_return_if_fail (QNAV_IS_GITHUB_CLIENT (self));
	g_return_if_fail (max_retries <= 20);

	if (self->max_retries == max_retries)
		return;
	self->max_retries = max_retries;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RETRIES]);
}

/**
 * qnav_github_client_get_history:
 * @self: a #QnavGitHubClient
 *
 * Returns: (transfer none) (nullable): the history escalations are counted and recorded in
 *
 * Since: 0.1
 */
QnavHistory *
qnav_github_client_get_history (QnavGitHubClient *self)
{
	g_return_val_if_fail (QNAV_IS_GITHUB_CLIENT (self), NULL);
	return self->history;
}

/**
 * qnav_github_client_set_history:
 * @self: a #QnavGitHubClient
 * @history: (nullable): a #QnavHistory, or %NULL for none
 *
 * Sets #QnavGitHubClient:history.
 *
 * Since: 0.1
 */
void
qnav_github_client_set_history (QnavGitHubClient *self, QnavHistory *history)
{
	g_return_if_fail (QNAV_IS_GITHUB_CLIENT (self));
	g_return_if_fail (history == NULL || QNAV_IS_HISTORY (history));

	if (g_set_object (&self->history, history))
		g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

/**
 * qnav_github_client_build_title:
 * @self: a #QnavGitHubClient
 * @analysis: the failure
 *
 * The title a new issue for @analysis gets: `[qnav] PLUGIN: ROOT_CAUSE — DESCRIPTION`, the
 * description cut to about 80 characters, redacted.
 *
 * Returns: (transfer full): the title
 *
 * Since: 0.1
 */
gchar *
qnav_github_client_build_title (QnavGitHubClient *self, QnavFailureAnalysis *analysis)
{
	g_return_val_if_fail (QNAV_IS_GITHUB_CLIENT (self), NULL);
	g_return_val_if_fail (QNAV_IS_FAILURE_ANALYSIS (analysis), NULL);

	return qnav_github_title (analysis);
}

/**
 * qnav_github_client_build_body:
 * @self: a #QnavGitHubClient
 * @analysis: the failure
 * @plan: (nullable): its recovery plan
 *
 * The Markdown body a new issue for @analysis gets: the diagnosis, the error message and
 * the evidence in fenced blocks that no text inside can close, the recommended actions, the
 * plan, and a summary of the host (services down, full disks). Every text is redacted. A body
 * longer than GitHub's 65,536 characters loses the middle, with a visible
 * `[… trimmed N characters …]`. It always ends with the failure's marker,
 * `<!-- qnav-fp:FINGERPRINT -->`, which is how a repeat finds the issue again.
 *
 * Returns: (transfer full): the Markdown
 *
 * Since: 0.1
 */
gchar *
qnav_github_client_build_body (QnavGitHubClient *self, QnavFailureAnalysis *analysis,
			       QnavRecoveryPlan *plan)
{
	g_autofree gchar *fingerprint = NULL;

	g_return_val_if_fail (QNAV_IS_GITHUB_CLIENT (self), NULL);
	g_return_val_if_fail (QNAV_IS_FAILURE_ANALYSIS (analysis), NULL);
	g_return_val_if_fail (plan == NULL || QNAV_IS_RECOVERY_PLAN (plan), NULL);

	fingerprint = qnav_fingerprint_of_analysis (analysis);
	return qnav_github_body (analysis, plan, fingerprint, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* One escalation: a chain of requests on a session of its own, driven by their callbacks.   */

typedef enum {
	STEP_SEARCH,
	STEP_LIST,
	STEP_GET_KNOWN,
	STEP_REOPEN,
	STEP_COMMENT,
	STEP_CREATE,
} Step;

typedef struct {
	QnavEscalationOutcome outcome;
	guint64 number;
	gchar *url;
} EscalationResult;

static void
escalation_result_free (EscalationResult *result)
{
	g_free (result->url);
	g_free (result);
}

typedef struct {
	QnavGitHubClient *client;
	QnavFailureAnalysis *analysis;
	QnavRecoveryPlan *plan;
	gchar *fingerprint;
	guint occurrences;
	guint64 known_issue; /* where the history says this failure went before */

	SoupSession *session;
	GCancellable *cancellable; /* ours: cancelled by the caller's or by the deadline */
	GCancellable *caller_cancellable;
	gulong caller_cancelled_id;
	GSource *deadline_source;
	GSource *wait_source;
	GSource *wait_cancel_source;
	void (*wait_next) (GTask *task);
	gint64 deadline; /* monotonic µs */
	gboolean timed_out;
	gboolean finished;

	Step step;
	gchar *method;
	GUri *uri;
	GBytes *request_body;
	SoupMessage *message;
	gchar *doing; /* "opening an issue in o/r", for messages */
	guint attempt;
	guint create_attempts;
	gboolean create_uncertain; /* a POST /issues may have gone through */
	guint pages;

	guint64 open_number;
	gchar *open_url;
	guint64 closed_number;
	gchar *closed_url;
	gboolean reopened;
} Escalation;

static void
escalation_free (Escalation *e)
{
	g_clear_object (&e->message);
	g_clear_object (&e->session);
	g_clear_object (&e->cancellable);
	g_clear_object (&e->caller_cancellable);
	g_clear_object (&e->client);
	g_clear_object (&e->analysis);
	g_clear_object (&e->plan);
	g_free (e->fingerprint);
	g_free (e->method);
	g_clear_pointer (&e->uri, g_uri_unref);
	g_clear_pointer (&e->request_body, g_bytes_unref);
	g_free (e->doing);
	g_free (e->open_url);
	g_free (e->closed_url);
	g_free (e);
}

static void
clear_source (GSource **source)
{
	if (*source == NULL)
		return;
	g_source_destroy (*source);
	g_clear_pointer (source, g_source_unref);
}

static void
finish (Escalation *e)
{
	e->finished = TRUE;
	clear_source (&e->deadline_source);
	clear_source (&e->wait_source);
	clear_source (&e->wait_cancel_source);
	if (e->caller_cancelled_id != 0) {
		g_cancellable_disconnect (e->caller_cancellable, e->caller_cancelled_id);
		e->caller_cancelled_id = 0;
	}
}

static void
fail (GTask *task, GError *error)
{
	Escalation *e = g_task_get_task_data (task);

	if (e->finished) {
		g_error_free (error);
		return;
	}
	finish (e);
	scrub_error (e->client, error);
	g_debug ("GitHub escalation failed: %s", error->message);
	g_task_return_error (task, error);
}

static void
fail_timed_out (GTask *task)
{
	Escalation *e = g_task_get_task_data (task);

	fail (task, g_error_new (QNAV_ERROR, QNAV_ERROR_TIMED_OUT,
				 "GitHub did not finish %s within %u s (timeout-seconds): check "
				 "that %s is reachable from this host, or allow more time",
				 e->doing, e->client->timeout_seconds, e->client->api_url));
}

static void
succeed (GTask *task, QnavEscalationOutcome outcome, guint64 number, const gchar *url)
{
	Escalation *e = g_task_get_task_data (task);
	EscalationResult *result;

	if (e->finished)
		return;
	if (e->client->history != NULL) {
		g_autoptr(GError) error = NULL;
		if (!qnav_history_record_escalation_full (e->client->history, e->fingerprint,
							  e->client->repository, number, url,
							  outcome, NULL, &error))
			g_warning ("the escalation to %s#%" G_GUINT64_FORMAT
				   " was not recorded in the history: %s",
				   e->client->repository, number, error->message);
	}
	finish (e);
	result = g_new0 (EscalationResult, 1);
	result->outcome = outcome;
	result->number = number;
	result->url = g_strdup (url);
	g_debug ("GitHub escalation: %s %s#%" G_GUINT64_FORMAT,
		 qnav_escalation_outcome_to_string (outcome), e->client->repository, number);
	g_task_return_pointer (task, result, (GDestroyNotify) escalation_result_free);
}

static gint64
remaining_ms (Escalation *e)
{
	return (e->deadline - g_get_monotonic_time ()) / 1000;
}

static gboolean
on_wait_done (gpointer user_data)
{
	GTask *task = user_data;
	Escalation *e = g_task_get_task_data (task);
	void (*next) (GTask *task) = e->wait_next;

	clear_source (&e->wait_source);
	clear_source (&e->wait_cancel_source);
	if (!e->finished)
		next (task);
	return G_SOURCE_REMOVE;
}

static gboolean
on_wait_cancelled (GCancellable *cancellable, gpointer user_data)
{
	GTask *task = user_data;
	Escalation *e = g_task_get_task_data (task);

	clear_source (&e->wait_source);
	clear_source (&e->wait_cancel_source);
	if (e->timed_out)
		fail_timed_out (task);
	else
		fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
						 "the escalation was cancelled"));
	return G_SOURCE_REMOVE;
}

/* Waits @delay_ms without blocking, then calls @next; the caller's cancellation and the
 * deadline end the wait at once. */
static void
wait_then (GTask *task, guint delay_ms, void (*next) (GTask *task))
{
	Escalation *e = g_task_get_task_data (task);

	e->wait_next = next;
	e->wait_source = g_timeout_source_new (delay_ms);
	g_source_set_callback (e->wait_source, on_wait_done, g_object_ref (task), g_object_unref);
	g_source_attach (e->wait_source, g_task_get_context (task));
	e->wait_cancel_source = g_cancellable_source_new (e->cancellable);
	g_source_set_callback (e->wait_cancel_source, G_SOURCE_FUNC (on_wait_cancelled),
			       g_object_ref (task), g_object_unref);
	g_source_attach (e->wait_cancel_source, g_task_get_context (task));
}

static void send_request (GTask *task);
static void start_list (GTask *task);
static void on_response (GObject *source, GAsyncResult *result, gpointer user_data);

static GUri *
api_uri (Escalation *e, const gchar *path)
{
	g_autofree gchar *text = g_strconcat (e->client->api_url, path, NULL);

	/* the base URL and the repository were validated, the rest is escaped: it parses */
	return g_uri_parse (text, SOUP_HTTP_URI_FLAGS, NULL);
}

static void
start_request (GTask *task, Step step, const gchar *method, GUri *uri, JsonNode *body,
	       gchar *doing)
{
	Escalation *e = g_task_get_task_data (task);

	e->step = step;
	g_free (e->method);
	e->method = g_strdup (method);
	g_clear_pointer (&e->uri, g_uri_unref);
	e->uri = uri;
	g_clear_pointer (&e->request_body, g_bytes_unref);
	if (body != NULL) {
		gchar *json = qnav_json_to_string (body, FALSE);
		e->request_body = g_bytes_new_take (json, strlen (json));
	}
	g_free (e->doing);
	e->doing = doing;
	e->attempt = 0;
	if (uri == NULL) {
		fail (task, g_error_new (QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
					 "cannot build a request URL from %s", e->client->api_url));
		return;
	}
	send_request (task);
}

static void
send_request (GTask *task)
{
	Escalation *e = g_task_get_task_data (task);
	SoupMessageHeaders *headers;
	g_autofree gchar *authorization = NULL;

	if (remaining_ms (e) <= 0 || e->timed_out) {
		fail_timed_out (task);
		return;
	}
	g_clear_object (&e->message);
	e->message = soup_message_new_from_uri (e->method, e->uri);
	/* a redirect could carry the token to another host: never follow one */
	soup_message_add_flags (e->message, SOUP_MESSAGE_NO_REDIRECT);
	headers = soup_message_get_request_headers (e->message);
	authorization = g_strconcat ("Bearer ", e->client->token, NULL);
	soup_message_headers_replace (headers, "Authorization", authorization);
	memset (authorization, 0, strlen (authorization));
	soup_message_headers_replace (headers, "Accept", "application/vnd.github+json");
	soup_message_headers_replace (headers, "X-GitHub-Api-Version", API_VERSION);
	if (e->request_body != NULL)
		soup_message_set_request_body_from_bytes (e->message, "application/json",
							  e->request_body);
	g_debug ("GitHub: %s %s (attempt %u)", e->method, g_uri_get_path (e->uri),
		 e->attempt + 1);
	soup_session_send_and_read_async (e->session, e->message, G_PRIORITY_DEFAULT,
					  e->cancellable, on_response, g_object_ref (task));
}

/* 0.5 s, 1 s, 2 s, 4 s, 8 s, 8 s…, each with up to a tenth more so that many hosts hitting
 * one outage do not come back in step */
static guint
backoff_ms (guint attempt)
{
	guint64 delay = BACKOFF_FIRST_MS;

	for (guint i = 1; i < attempt && delay < BACKOFF_MAX_MS; i++)
		delay *= 2;
	delay = MIN (delay, BACKOFF_MAX_MS);
	return (guint) (delay + (guint64) g_random_int_range (0, (gint32) (delay / 10) + 1));
}

/* After a failure worth another try: waits and tries again, or, out of retries or of time,
 * fails with @error. A request to open an issue may have gone through before it failed, so it
 * is not sent again blindly: the listing runs first to look for it. */
static void
retry_later (GTask *task, guint delay_ms, GError *error)
{
	Escalation *e = g_task_get_task_data (task);
	guint tries = e->step == STEP_CREATE ? ++e->create_attempts : ++e->attempt;

	if (tries > e->client->max_retries) {
		g_prefix_error (&error, "after %u attempt%s: ", tries, tries == 1 ? "" : "s");
		fail (task, error);
		return;
	}
	if (delay_ms == 0)
		delay_ms = backoff_ms (tries);
	if ((gint64) delay_ms >= remaining_ms (e)) {
		g_prefix_error (&error, "no time left for another attempt within %u s "
					"(timeout-seconds): ",
				e->client->timeout_seconds);
		fail (task, error);
		return;
	}
	g_debug ("GitHub: %s; trying again in %u ms", error->message, delay_ms);
	g_error_free (error);
	if (e->step == STEP_CREATE) {
		e->create_uncertain = TRUE;
		wait_then (task, delay_ms, start_list);
		return;
	}
	wait_then (task, delay_ms, send_request);
}

/* What to fix, by status: each refusal names the setting that causes it. */
static GError *
client_error (Escalation *e, guint status, GBytes *bytes)
{
	g_autofree gchar *says = qnav_github_response_error_text (bytes);
	g_autofree gchar *suffix =
		says != NULL ? g_strdup_printf (" (GitHub says: %s)", says) : g_strdup ("");
	const gchar *repository = e->client->repository;

	switch (status) {
	case SOUP_STATUS_UNAUTHORIZED:
		return g_error_new (QNAV_ERROR, QNAV_ERROR_AUTH,
				    "GitHub refused the token (401): check GITHUB_TOKEN; it is "
				    "wrong, expired or revoked%s",
				    suffix);
	case SOUP_STATUS_FORBIDDEN:
		return g_error_new (QNAV_ERROR, QNAV_ERROR_AUTH,
				    "GitHub refused %s (403): the token lacks issues: write on %s; "
				    "give it the Issues read and write permission (fine-grained) "
				    "or the repo scope (classic)%s",
				    e->doing, repository, suffix);
	case SOUP_STATUS_NOT_FOUND:
		return g_error_new (QNAV_ERROR, QNAV_ERROR_NOT_FOUND,
				    "repository %s not found or not visible to the token (404 "
				    "while %s): check GITHUB_REPOSITORY or --repo, and that the "
				    "token may see the repository%s",
				    repository, e->doing, suffix);
	case SOUP_STATUS_GONE:
		return g_error_new (QNAV_ERROR, QNAV_ERROR_UNSUPPORTED,
				    "issues are disabled on %s (410 while %s): enable Issues in "
				    "the repository's settings or escalate to another repository%s",
				    repository, e->doing, suffix);
	case SOUP_STATUS_UNPROCESSABLE_ENTITY:
		return g_error_new (QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				    "GitHub rejected %s (422): %s", e->doing,
				    says != NULL ? says : "no reason given");
	default:
		break;
	}
	if (SOUP_STATUS_IS_REDIRECTION (status)) {
		const gchar *location = soup_message_headers_get_one (
			soup_message_get_response_headers (e->message), "Location");
		g_autofree gchar *shown = qnav_redact (location != NULL ? location : "nowhere");
		return g_error_new (QNAV_ERROR, QNAV_ERROR_NOT_FOUND,
				    "GitHub answered %u while %s, moving it to %s: %s was "
				    "renamed or transferred, or the API URL is wrong; fix "
				    "GITHUB_REPOSITORY or GITHUB_API_URL",
				    status, e->doing, shown, repository);
	}
	return g_error_new (QNAV_ERROR, QNAV_ERROR_FAILED, "GitHub answered %u %s while %s%s",
			    status, soup_status_get_phrase (status), e->doing, suffix);
}

static void
on_rate_limited (GTask *task, gint64 wait_seconds)
{
	Escalation *e = g_task_get_task_data (task);
	guint tries = ++e->attempt;
	g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
	g_autoptr(GDateTime) until = g_date_time_add_seconds (now, (gdouble) wait_seconds);
	g_autofree gchar *until_text = g_date_time_format (until, "%H:%M:%S UTC");

	if (tries > e->client->max_retries) {
		fail (task, g_error_new (QNAV_ERROR, QNAV_ERROR_TIMED_OUT,
					 "GitHub rate-limited the token %u times in a row while "
					 "%s: try again after %s",
					 tries, e->doing, until_text));
		return;
	}
	if (wait_seconds * 1000 >= remaining_ms (e)) {
		fail (task,
		      g_error_new (QNAV_ERROR, QNAV_ERROR_TIMED_OUT,
				   "GitHub's rate limit holds the token off until %s "
				   "(%" G_GINT64_FORMAT " s from now) while %s, past this "
				   "escalation's deadline of %u s "
				   "(timeout-seconds): try again after then",
				   until_text, wait_seconds, e->doing, e->client->timeout_seconds));
		return;
	}
	g_debug ("GitHub: rate limited while %s; waiting %" G_GINT64_FORMAT " s", e->doing,
		 wait_seconds);
	wait_then (task, (guint) (wait_seconds * 1000), send_request);
}

/* ---- reading GitHub's answers ---- */

/* An issue of this failure: the newest open one wins, else the newest closed one. */
static void
consider (Escalation *e, JsonNode *node)
{
	QnavGitHubIssue issue;

	if (!qnav_github_response_read_issue (node, &issue) || issue.pull_request ||
	    !qnav_github_body_has_marker (issue.body, e->fingerprint))
		return;
	if (g_strcmp0 (issue.state, "closed") != 0) {
		if (issue.number > e->open_number) {
			e->open_number = issue.number;
			g_free (e->open_url);
			e->open_url = g_strdup (issue.url);
		}
	} else if (issue.number > e->closed_number) {
		e->closed_number = issue.number;
		g_free (e->closed_url);
		e->closed_url = g_strdup (issue.url);
	}
}

static void start_comment (GTask *task);
static void start_create (GTask *task);

static void
start_search (GTask *task)
{
	Escalation *e = g_task_get_task_data (task);
	g_autofree gchar *query = g_strdup_printf ("repo:%s is:issue \"qnav-fp:%s\" in:body",
						   e->client->repository, e->fingerprint);
	g_autofree gchar *escaped = g_uri_escape_string (query, NULL, FALSE);
	g_autofree gchar *path = g_strdup_printf ("/search/issues?q=%s&per_page=100", escaped);

	start_request (task, STEP_SEARCH, "GET", api_uri (e, path), NULL,
		       g_strdup_printf ("searching %s for the issue of this failure",
					e->client->repository));
}

static void
start_list (GTask *task)
{
	Escalation *e = g_task_get_task_data (task);
	const gchar *label = e->client->labels != NULL ? e->client->labels[0] : NULL;
	g_autofree gchar *path = NULL;

	e->pages = 1;
	if (label != NULL) {
		g_autofree gchar *escaped = g_uri_escape_string (label, NULL, FALSE);
		path = g_strdup_printf ("/repos/%s/issues?labels=%s&state=all&per_page=100",
					e->client->repository, escaped);
	} else {
		path = g_strdup_printf ("/repos/%s/issues?state=all&per_page=100",
					e->client->repository);
	}
	start_request (task, STEP_LIST, "GET", api_uri (e, path), NULL,
		       label != NULL ? g_strdup_printf ("listing the issues of %s labelled %s",
							e->client->repository, label)
				     : g_strdup_printf ("listing the issues of %s",
							e->client->repository));
}

static void
start_get_known (GTask *task)
{
	Escalation *e = g_task_get_task_data (task);
	g_autofree gchar *path = g_strdup_printf ("/repos/%s/issues/%" G_GUINT64_FORMAT,
						  e->client->repository, e->known_issue);

	start_request (task, STEP_GET_KNOWN, "GET", api_uri (e, path), NULL,
		       g_strdup_printf ("reading %s#%" G_GUINT64_FORMAT, e->client->repository,
					e->known_issue));
}

static void
start_reopen (GTask *task)
{
	Escalation *e = g_task_get_task_data (task);
	g_autofree gchar *path = g_strdup_printf ("/repos/%s/issues/%" G_GUINT64_FORMAT,
						  e->client->repository, e->closed_number);
	g_autoptr(JsonBuilder) builder = json_builder_new ();
	g_autoptr(JsonNode) body = NULL;

	json_builder_begin_object (builder);
	json_builder_set_member_name (builder, "state");
	json_builder_add_string_value (builder, "open");
	json_builder_end_object (builder);
	body = json_builder_get_root (builder);
	start_request (task, STEP_REOPEN, "PATCH", api_uri (e, path), body,
		       g_strdup_printf ("reopening %s#%" G_GUINT64_FORMAT, e->client->repository,
					e->closed_number));
}

static void
start_comment (GTask *task)
{
	Escalation *e = g_task_get_task_data (task);
	g_autofree gchar *path = g_strdup_printf ("/repos/%s/issues/%" G_GUINT64_FORMAT
						  "/comments",
						  e->client->repository, e->open_number);
	g_autofree gchar *text = qnav_github_comment (e->analysis, e->occurrences, e->reopened);
	g_autoptr(JsonBuilder) builder = json_builder_new ();
	g_autoptr(JsonNode) body = NULL;

	json_builder_begin_object (builder);
	json_builder_set_member_name (builder, "body");
	json_builder_add_string_value (builder, text);
	json_builder_end_object (builder);
	body = json_builder_get_root (builder);
	start_request (task, STEP_COMMENT, "POST", api_uri (e, path), body,
		       g_strdup_printf ("commenting on %s#%" G_GUINT64_FORMAT,
					e->client->repository, e->open_number));
}

static void
start_create (GTask *task)
{
	Escalation *e = g_task_get_task_data (task);
	g_autofree gchar *path = g_strdup_printf ("/repos/%s/issues", e->client->repository);
	g_autofree gchar *title = qnav_github_title (e->analysis);
	g_autofree gchar *text =
		qnav_github_body (e->analysis, e->plan, e->fingerprint, e->closed_number);
	g_autoptr(JsonBuilder) builder = json_builder_new ();
	g_autoptr(JsonNode) body = NULL;

	json_builder_begin_object (builder);
	json_builder_set_member_name (builder, "title");
	json_builder_add_string_value (builder, title);
	json_builder_set_member_name (builder, "body");
	json_builder_add_string_value (builder, text);
	json_builder_set_member_name (builder, "labels");
	json_builder_begin_array (builder);
	for (guint i = 0; e->client->labels != NULL && e->client->labels[i] != NULL; i++)
		json_builder_add_string_value (builder, e->client->labels[i]);
	json_builder_end_array (builder);
	json_builder_end_object (builder);
	body = json_builder_get_root (builder);
	/* the step and the attempts of a create survive the listing that checks on it */
	start_request (task, STEP_CREATE, "POST", api_uri (e, path), body,
		       g_strdup_printf ("opening an issue in %s", e->client->repository));
}

/* What was found decides what to do. */
static void
proceed (GTask *task)
{
	Escalation *e = g_task_get_task_data (task);

	if (e->open_number > 0) {
		/* the create that seemed to fail went through after all */
		if (e->create_uncertain) {
			succeed (task, QNAV_ESCALATION_CREATED, e->open_number, e->open_url);
			return;
		}
		start_comment (task);
	} else if (e->closed_number > 0 && e->client->reopen_closed) {
		start_reopen (task);
	} else {
		start_create (task);
	}
}

static void
on_search_done (GTask *task, JsonNode *root)
{
	Escalation *e = g_task_get_task_data (task);
	GError *error = NULL;
	JsonArray *items = qnav_github_response_get_search_items (root, e->doing, &error);

	if (items == NULL) {
		fail (task, error);
		return;
	}
	for (guint i = 0; i < json_array_get_length (items); i++)
		consider (e, json_array_get_element (items, i));
	/* the index lags behind new issues and edits: the listing has the last word unless an
	 * open issue was found */
	if (e->open_number > 0)
		proceed (task);
	else
		start_list (task);
}

static void
on_list_done (GTask *task, JsonNode *root)
{
	Escalation *e = g_task_get_task_data (task);
	GError *error = NULL;
	JsonArray *issues = qnav_github_response_get_issue_list (root, e->doing, &error);
	GUri *next = NULL;

	if (issues == NULL) {
		fail (task, error);
		return;
	}
	for (guint i = 0; i < json_array_get_length (issues); i++)
		consider (e, json_array_get_element (issues, i));
	/* newest first: once an open one turned up, older pages cannot beat it */
	if (e->open_number == 0) {
		const gchar *link = soup_message_headers_get_list (
			soup_message_get_response_headers (e->message), "Link");
		next = qnav_github_response_next_page (link, e->client->api_url);
	}
	if (next != NULL && e->pages < LIST_PAGES_MAX) {
		e->pages++;
		start_request (task, STEP_LIST, "GET", next, NULL, g_strdup (e->doing));
		return;
	}
	g_clear_pointer (&next, g_uri_unref);
	if (e->open_number == 0 && e->known_issue > 0 && e->known_issue != e->closed_number) {
		start_get_known (task);
		return;
	}
	proceed (task);
}

static void
on_success (GTask *task, GBytes *bytes)
{
	Escalation *e = g_task_get_task_data (task);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *what = g_strdup_printf ("GitHub's answer to %s %s", e->method,
						  g_uri_get_path (e->uri));
	g_autoptr(JsonNode) root = qnav_github_response_parse (bytes, what, &error);
	QnavGitHubIssue issue;

	if (root == NULL) {
		g_prefix_error (&error, "while %s: ", e->doing);
		fail (task, g_error_new (QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
					 "%s (a proxy between this host and GitHub may have cut "
					 "or replaced the answer; check GITHUB_API_URL)",
					 error->message));
		return;
	}
	switch (e->step) {
	case STEP_SEARCH:
		on_search_done (task, root);
		return;
	case STEP_LIST:
		on_list_done (task, root);
		return;
	case STEP_GET_KNOWN:
		consider (e, root);
		proceed (task);
		return;
	case STEP_COMMENT:
		succeed (task, e->reopened ? QNAV_ESCALATION_REOPENED : QNAV_ESCALATION_COMMENTED,
			 e->open_number, e->open_url);
		return;
	case STEP_REOPEN:
	case STEP_CREATE:
	default:
		break;
	}
	if (!qnav_github_response_read_issue (root, &issue)) {
		fail (task, g_error_new (QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
					 "GitHub's answer while %s is not an issue (no number or "
					 "html_url)",
					 e->doing));
		return;
	}
	if (e->step == STEP_REOPEN) {
		e->reopened = TRUE;
		e->open_number = issue.number;
		g_free (e->open_url);
		e->open_url = g_strdup (issue.url);
		start_comment (task);
		return;
	}
	succeed (task, QNAV_ESCALATION_CREATED, issue.number, issue.url);
}

static void
on_response (GObject *source, GAsyncResult *result, gpointer user_data)
{
	g_autoptr(GTask) task = user_data;
	Escalation *e = g_task_get_task_data (task);
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) bytes = NULL;
	guint status;
	gint64 wait_seconds = 0;

	bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
	if (e->finished)
		return;
	if (bytes == NULL) {
		if (e->timed_out) {
			fail_timed_out (task);
			return;
		}
		if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
			fail (task, g_steal_pointer (&error));
			return;
		}
		retry_later (task, 0,
			     g_error_new (QNAV_ERROR, QNAV_ERROR_NETWORK,
					  "cannot reach GitHub at %s while %s: %s",
					  e->client->api_url, e->doing, error->message));
		return;
	}

	status = soup_message_get_status (e->message);
	g_debug ("GitHub: %s %s → %u", e->method, g_uri_get_path (e->uri), status);
	if (SOUP_STATUS_IS_SUCCESSFUL (status)) {
		on_success (task, bytes);
		return;
	}
	if (status == SOUP_STATUS_UNAUTHORIZED) {
		fail (task, client_error (e, status, bytes));
		return;
	}
	/* the issue the history remembers was deleted or transferred: as if never opened */
	if (e->step == STEP_GET_KNOWN &&
	    (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE ||
	     SOUP_STATUS_IS_REDIRECTION (status))) {
		g_debug ("GitHub: %s answered %u; the failure gets a new issue", e->doing, status);
		proceed (task);
		return;
	}
	/* search is only the quick way: the listing by label stands in for it */
	if (e->step == STEP_SEARCH) {
		g_debug ("GitHub: search answered %u; listing by label instead", status);
		start_list (task);
		return;
	}
	if (qnav_github_response_rate_limit_wait (status,
						  soup_message_get_response_headers (e->message),
						  bytes, g_get_real_time () / G_USEC_PER_SEC,
						  &wait_seconds)) {
		if (status == SOUP_STATUS_SERVICE_UNAVAILABLE)
			retry_later (task, (guint) MIN (wait_seconds * 1000, G_MAXUINT),
				     g_error_new (QNAV_ERROR, QNAV_ERROR_NETWORK,
						  "GitHub answered %u while %s", status,
						  e->doing));
		else
			on_rate_limited (task, wait_seconds);
		return;
	}
	if (status >= 500) {
		g_autofree gchar *says = qnav_github_response_error_text (bytes);
		retry_later (task, 0,
			     g_error_new (QNAV_ERROR, QNAV_ERROR_NETWORK,
					  "GitHub answered %u %s while %s%s%s%s: GitHub or a "
					  "proxy on the way is failing; try again later",
					  status, soup_status_get_phrase (status), e->doing,
					  says != NULL ? " (" : "", says != NULL ? says : "",
					  says != NULL ? ")" : ""));
		return;
	}
	fail (task, client_error (e, status, bytes));
}

static gboolean
on_deadline (gpointer user_data)
{
	Escalation *e = user_data;

	e->timed_out = TRUE;
	g_clear_pointer (&e->deadline_source, g_source_unref);
	/* ends the request in flight or the wait; their callbacks report the timeout */
	g_cancellable_cancel (e->cancellable);
	return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled (GCancellable *cancellable, gpointer user_data)
{
	g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/**
 * qnav_github_client_escalate_async:
 * @self: a #QnavGitHubClient
 * @analysis: the failure
 * @plan: (nullable): its recovery plan, shown in a new issue
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the escalation is done
 * @user_data: (closure): data for @callback
 *
 * Escalates @analysis: comments on the open issue of the same fingerprint, reopens its closed
 * issue (with #QnavGitHubClient:reopen-closed), or opens a new issue. See
 * qnav_github_client_escalate() for the errors.
 *
 * Since: 0.1
 */
void
qnav_github_client_escalate_async (QnavGitHubClient *self, QnavFailureAnalysis *analysis,
				   QnavRecoveryPlan *plan, GCancellable *cancellable,
				   GAsyncReadyCallback callback, gpointer user_data)
{
	g_autoptr(GTask) task = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *user_agent = NULL;
	Escalation *e;

	g_return_if_fail (QNAV_IS_GITHUB_CLIENT (self));
	g_return_if_fail (QNAV_IS_FAILURE_ANALYSIS (analysis));
	g_return_if_fail (plan == NULL || QNAV_IS_RECOVERY_PLAN (plan));
	g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

	task = g_task_new (self, cancellable, callback, user_data);
	g_task_set_source_tag (task, qnav_github_client_escalate_async);
	g_task_set_name (task, "[qnav] escalate to GitHub");

	/* a client made with g_object_new() has had no checks yet */
	if (!validate_repository (self->repository, &error) ||
	    !validate_token (self->token, &error) || !validate_api_url (self->api_url, &error)) {
		g_task_return_error (task, g_steal_pointer (&error));
		return;
	}

	e = g_new0 (Escalation, 1);
	g_task_set_task_data (task, e, (GDestroyNotify) escalation_free);
	e->client = g_object_ref (self);
	e->analysis = g_object_ref (analysis);
	e->plan = plan != NULL ? g_object_ref (plan) : NULL;
	e->fingerprint = qnav_fingerprint_of_analysis (analysis);
	e->doing = g_strdup_printf ("escalating to %s", self->repository);

	if (self->history != NULL) {
		g_autoptr(GError) history_error = NULL;
		guint64 number = 0;
		e->occurrences = qnav_history_count_occurrences (self->history, e->fingerprint,
								 NULL, &history_error);
		if (history_error != NULL) {
			g_debug ("history: %s", history_error->message);
			g_clear_error (&history_error);
		}
		if (qnav_history_get_last_escalation (self->history, e->fingerprint,
						      self->repository, &number, NULL, NULL,
						      &history_error))
			e->known_issue = number;
		else if (history_error != NULL)
			g_debug ("history: %s", history_error->message);
	}

	/* a session per escalation: it lives in the caller's main context, whichever that is */
	user_agent = g_strdup_printf ("qnav/%s (+https://github.com/qubinode)", QNAV_VERSION_S);
	e->session = soup_session_new_with_options ("user-agent", user_agent, "max-conns-per-host",
						    2, NULL);
	e->cancellable = g_cancellable_new ();
	if (cancellable != NULL) {
		e->caller_cancellable = g_object_ref (cancellable);
		e->caller_cancelled_id =
			g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
					       g_object_ref (e->cancellable), g_object_unref);
	}
	e->deadline = g_get_monotonic_time () + (gint64) self->timeout_seconds * G_USEC_PER_SEC;
	e->deadline_source = g_timeout_source_new ((guint) self->timeout_seconds * 1000);
	g_source_set_callback (e->deadline_source, on_deadline, e, NULL);
	g_source_attach (e->deadline_source, g_task_get_context (task));

	if (g_cancellable_is_cancelled (e->cancellable)) {
		fail (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
						 "the escalation was cancelled"));
		return;
	}
	start_search (task);
}

/**
 * qnav_github_client_escalate_finish:
 * @self: a #QnavGitHubClient
 * @result: the #GAsyncResult passed to the callback
 * @outcome: (out) (optional): what the escalation did
 * @issue_number: (out) (optional): the number of the issue
 * @url: (out) (optional) (transfer full): the issue's web address
 * @error: return location for a #GError
 *
 * Finishes qnav_github_client_escalate_async().
 *
 * Returns: %TRUE when the issue was opened, commented on or reopened
 *
 * Since: 0.1
 */
gboolean
qnav_github_client_escalate_finish (QnavGitHubClient *self, GAsyncResult *result,
				    QnavEscalationOutcome *outcome, guint64 *issue_number,
				    gchar **url, GError **error)
{
	EscalationResult *value;

	g_return_val_if_fail (QNAV_IS_GITHUB_CLIENT (self), FALSE);
	g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
	g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
				      qnav_github_client_escalate_async,
			      FALSE);

	value = g_task_propagate_pointer (G_TASK (result), error);
	if (value == NULL)
		return FALSE;
	if (outcome != NULL)
		*outcome = value->outcome;
	if (issue_number != NULL)
		*issue_number = value->number;
	if (url != NULL)
		*url = g_steal_pointer (&value->url);
	escalation_result_free (value);
	return TRUE;
}

static void
on_sync_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
	GAsyncResult **out = user_data;

	*out = g_object_ref (result);
}

/**
 * qnav_github_client_escalate:
 * @self: a #QnavGitHubClient
 * @analysis: the failure
 * @plan: (nullable): its recovery plan, shown in a new issue
 * @outcome: (out) (optional): what the escalation did
 * @issue_number: (out) (optional): the number of the issue
 * @url: (out) (optional) (transfer full): the issue's web address
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Escalates @analysis as one issue per fingerprint, blocking until done (it runs its own
 * main context meanwhile). It searches for the issue of the fingerprint and lists the issues
 * labelled with the first of #QnavGitHubClient:labels; it then comments on the open one
 * (%QNAV_ESCALATION_COMMENTED), reopens a closed one when #QnavGitHubClient:reopen-closed is
 * set (%QNAV_ESCALATION_REOPENED), or opens a new issue (%QNAV_ESCALATION_CREATED), linking a
 * closed one if there is one.
 *
 * Errors: %QNAV_ERROR_AUTH when GitHub refuses the token (401) or the token may not write
 * issues (403); %QNAV_ERROR_NOT_FOUND when the repository does not exist or the token cannot
 * see it (404); %QNAV_ERROR_UNSUPPORTED when the repository has issues disabled (410);
 * %QNAV_ERROR_INVALID_DATA when GitHub rejects the request (422, with GitHub's reasons) or
 * answers with something that is not the JSON it documents; %QNAV_ERROR_NETWORK when GitHub
 * cannot be reached or keeps failing (5xx) after #QnavGitHubClient:max-retries retries;
 * %QNAV_ERROR_TIMED_OUT when the escalation takes longer than
 * #QnavGitHubClient:timeout-seconds, a rate limit would hold it past then, or GitHub keeps
 * rate-limiting it; %G_IO_ERROR_CANCELLED when @cancellable is cancelled.
 *
 * Returns: %TRUE when the issue was opened, commented on or reopened
 *
 * Since: 0.1
 */
gboolean
qnav_github_client_escalate (QnavGitHubClient *self, QnavFailureAnalysis *analysis,
			     QnavRecoveryPlan *plan, QnavEscalationOutcome *outcome,
			     guint64 *issue_number, gchar **url, GCancellable *cancellable,
			     GError **error)
{
	g_autoptr(GMainContext) context = g_main_context_new ();
	g_autoptr(GAsyncResult) result = NULL;
	gboolean ok;

	g_return_val_if_fail (QNAV_IS_GITHUB_CLIENT (self), FALSE);
	g_return_val_if_fail (QNAV_IS_FAILURE_ANALYSIS (analysis), FALSE);
	g_return_val_if_fail (plan == NULL || QNAV_IS_RECOVERY_PLAN (plan), FALSE);

	g_main_context_push_thread_default (context);
	qnav_github_client_escalate_async (self, analysis, plan, cancellable, on_sync_done,
					   &result);
	while (result == NULL)
		g_main_context_iteration (context, TRUE);
	ok = qnav_github_client_escalate_finish (self, result, outcome, issue_number, url, error);
	g_clear_object (&result);
	/* let the session close its connections in the context it lives in */
	while (g_main_context_pending (context))
		g_main_context_iteration (context, FALSE);
	g_main_context_pop_thread_default (context);
	return ok;
}
