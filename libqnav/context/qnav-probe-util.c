/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "qnav-probe-util-private.h"

/* ---- commands ---- */

typedef struct {
	gboolean done;
	gboolean timed_out;
	GBytes *stdout_bytes;
	GBytes *stderr_bytes;
	GError *error;
} CommandState;

static void
communicate_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
	CommandState *state = user_data;

	g_subprocess_communicate_finish (G_SUBPROCESS (source), result, &state->stdout_bytes,
					 &state->stderr_bytes, &state->error);
	state->done = TRUE;
}

static gboolean
command_timeout_cb (gpointer user_data)
{
	GCancellable *cancellable = user_data;

	g_cancellable_cancel (cancellable);
	return G_SOURCE_REMOVE;
}

static void
outer_cancelled_cb (GCancellable *outer, gpointer user_data)
{
	g_cancellable_cancel (G_CANCELLABLE (user_data));
}

gboolean
qnav_probe_run_command (const gchar *const *argv, guint timeout_ms, GCancellable *cancellable,
			GBytes **stdout_bytes, gchar **stderr_text, gint *exit_status,
			GError **error)
{
	g_autoptr(GMainContext) main_context = g_main_context_new ();
	g_autoptr(GSubprocess) subprocess = NULL;
	g_autoptr(GCancellable) command_cancellable = g_cancellable_new ();
	g_autoptr(GSource) timeout = NULL;
	CommandState state = { 0 };
	gulong handler = 0;

	g_return_val_if_fail (argv != NULL && argv[0] != NULL, FALSE);

	if (g_cancellable_set_error_if_cancelled (cancellable, error))
		return FALSE;

	/* stdin is /dev/null, so the child cannot wait on a terminal */
	subprocess = g_subprocess_newv (
		argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, error);
	if (subprocess == NULL)
		return FALSE;

	g_main_context_push_thread_default (main_context);
	if (cancellable != NULL)
		handler = g_cancellable_connect (cancellable, G_CALLBACK (outer_cancelled_cb),
						 command_cancellable, NULL);
	timeout = g_timeout_source_new (timeout_ms);
	g_source_set_callback (timeout, command_timeout_cb, command_cancellable, NULL);
	g_source_attach (timeout, main_context);

	g_subprocess_communicate_async (subprocess, NULL, command_cancellable, communicate_cb,
					&state);
	while (!state.done)
		g_main_context_iteration (main_context, TRUE);

	g_source_destroy (timeout);
	if (handler != 0)
		g_cancellable_disconnect (cancellable, handler);

	if (state.error != NULL) {
		gboolean outer_cancelled = g_cancellable_is_cancelled (cancellable);

		/* never leave the child behind: kill it and reap it */
		g_subprocess_force_exit (subprocess);
		g_subprocess_wait (subprocess, NULL, NULL);
		g_main_context_pop_thread_default (main_context);
		if (g_error_matches (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
		    !outer_cancelled) {
			g_clear_error (&state.error);
			g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
				     "%s did not answer within %u ms and was stopped", argv[0],
				     timeout_ms);
		} else {
			g_propagate_error (error, state.error);
		}
		g_clear_pointer (&state.stdout_bytes, g_bytes_unref);
		g_clear_pointer (&state.stderr_bytes, g_bytes_unref);
		return FALSE;
	}
	/* communicate only returns once the child exited and its pipes closed */
	g_subprocess_wait (subprocess, NULL, NULL);
	g_main_context_pop_thread_default (main_context);

	if (exit_status != NULL) {
		if (g_subprocess_get_if_exited (subprocess))
			*exit_status = g_subprocess_get_exit_status (subprocess);
		else
			*exit_status = 128 + g_subprocess_get_term_sig (subprocess);
	}
	if (stdout_bytes != NULL)
		*stdout_bytes = g_steal_pointer (&state.stdout_bytes);
	if (stderr_text != NULL) {
		gsize size = 0;
		const gchar *data =
			state.stderr_bytes != NULL ? g_bytes_get_data (state.stderr_bytes, &size)
						   : NULL;
		g_autofree gchar *valid = g_utf8_make_valid (data != NULL ? data : "",
							     (gssize) MIN (size, 4096));
		*stderr_text = g_strdup (g_strstrip (valid));
	}
	g_clear_pointer (&state.stdout_bytes, g_bytes_unref);
	g_clear_pointer (&state.stderr_bytes, g_bytes_unref);
	return TRUE;
}

gchar *
qnav_probe_find_program (const gchar *program)
{
	if (program == NULL || *program == '\0')
		return NULL;
	if (strchr (program, '/') != NULL)
		return g_file_test (program, G_FILE_TEST_IS_EXECUTABLE) ? g_strdup (program)
									 : NULL;
	return g_find_program_in_path (program);
}

gchar *
qnav_probe_read_small_file (const gchar *path, GError **error)
{
	g_autofree gchar *contents = NULL;
	gsize length = 0;

	if (!g_file_get_contents (path, &contents, &length, error))
		return NULL;
	if (!g_utf8_validate (contents, (gssize) length, NULL)) {
		g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s is not text", path);
		return NULL;
	}
	return g_strdup (g_strstrip (contents));
}

GDateTime *
qnav_probe_datetime_from_usec (gint64 usec)
{
	g_autoptr(GDateTime) seconds = NULL;

	if (usec <= 0)
		return NULL;
	/* g_date_time_new_from_unix_utc_usec () is newer than GLib 2.74 */
	seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
	if (seconds == NULL)
		return NULL;
	return g_date_time_add (seconds, usec % G_USEC_PER_SEC);
}

/* ---- what the failure text names ---- */

static void
add_unique (GPtrArray *array, const gchar *text)
{
	for (guint i = 0; i < array->len; i++) {
		if (g_strcmp0 (g_ptr_array_index (array, i), text) == 0)
			return;
	}
	g_ptr_array_add (array, g_strdup (text));
}

static GStrv
array_to_strv (GPtrArray *array)
{
	g_ptr_array_add (array, NULL);
	return (GStrv) g_ptr_array_free (array, FALSE);
}

/* Daemon names worth probing when a failure mentions them, and the logical service each
 * belongs to. */
static const struct {
	const gchar *word;
	const gchar *service;
} well_known_daemons[] = {
	{ "libvirtd", "libvirt" },
	{ "virtqemud", "libvirt" },
	{ "firewalld", "firewalld" },
	{ "sshd", "sshd" },
	{ "NetworkManager", "NetworkManager" },
	{ "chronyd", "chronyd" },
	{ "podman", "podman" },
	{ "vault", "vault" },
	{ "postgresql", "postgresql" },
	{ "named", "named" },
	{ "dnsmasq", "dnsmasq" },
	{ "httpd", "httpd" },
	{ "nginx", "nginx" },
};

static const gchar *
logical_service_for_unit (const gchar *stem)
{
	for (guint i = 0; i < G_N_ELEMENTS (well_known_daemons); i++) {
		if (g_strcmp0 (well_known_daemons[i].word, stem) == 0)
			return well_known_daemons[i].service;
	}
	if (g_str_has_prefix (stem, "postgresql@") || g_strcmp0 (stem, "postgresql") == 0)
		return "postgresql";
	if (g_str_has_prefix (stem, "airflow-") || g_strcmp0 (stem, "airflow") == 0)
		return "airflow";
	if (g_str_has_prefix (stem, "virt") && g_str_has_suffix (stem, "d"))
		return "libvirt";
	return stem;
}

GStrv
qnav_probe_text_services (const gchar *text)
{
	g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
	g_autoptr(GRegex) unit_regex = NULL;
	g_autoptr(GMatchInfo) match = NULL;

	if (text == NULL)
		return array_to_strv (g_steal_pointer (&found));

	unit_regex = g_regex_new ("(?<![\\w@.-])([A-Za-z0-9][A-Za-z0-9:_.@-]*?)\\.service\\b",
				  G_REGEX_OPTIMIZE, 0, NULL);
	g_regex_match (unit_regex, text, 0, &match);
	while (g_match_info_matches (match)) {
		g_autofree gchar *stem = g_match_info_fetch (match, 1);
		add_unique (found, logical_service_for_unit (stem));
		g_match_info_next (match, NULL);
	}

	for (guint i = 0; i < G_N_ELEMENTS (well_known_daemons); i++) {
		g_autofree gchar *pattern =
			g_strdup_printf ("(?<![\\w.-])%s(?![\\w-])", well_known_daemons[i].word);
		if (g_regex_match_simple (pattern, text, 0, 0))
			add_unique (found, well_known_daemons[i].service);
	}
	return array_to_strv (g_steal_pointer (&found));
}

GStrv
qnav_probe_text_paths (const gchar *text)
{
	g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
	g_autoptr(GRegex) regex = NULL;
	g_autoptr(GMatchInfo) match = NULL;

	if (text == NULL)
		return array_to_strv (g_steal_pointer (&found));

	/* an absolute path, not the path part of a URL ("https://host/x") */
	regex = g_regex_new ("(?<![\\w.:/~$-])(/(?!/)[\\w.@%+=,:-]+(?:/[\\w.@%+=,:-]*)*)",
			     G_REGEX_OPTIMIZE, 0, NULL);
	g_regex_match (regex, text, 0, &match);
	while (g_match_info_matches (match) && found->len < 8) {
		g_autofree gchar *path = g_match_info_fetch (match, 1);
		gsize len = strlen (path);

		/* sentence punctuation is not part of the path */
		while (len > 1 && strchr (".,:;", path[len - 1]) != NULL)
			path[--len] = '\0';
		if (!g_str_has_prefix (path, "/proc/") && !g_str_has_prefix (path, "/sys/") &&
		    !g_str_has_prefix (path, "/dev/"))
			add_unique (found, path);
		g_match_info_next (match, NULL);
	}
	return array_to_strv (g_steal_pointer (&found));
}

static const struct {
	const gchar *scheme;
	guint16 port;
} scheme_ports[] = {
	{ "http", 80 },		{ "https", 443 },	{ "ws", 80 },
	{ "wss", 443 },		{ "docker", 443 },	{ "oci", 443 },
	{ "ssh", 22 },		{ "qemu+ssh", 22 },	{ "git+ssh", 22 },
	{ "sftp", 22 },		{ "ftp", 21 },		{ "ldap", 389 },
	{ "ldaps", 636 },	{ "postgres", 5432 },	{ "postgresql", 5432 },
	{ "mysql", 3306 },	{ "redis", 6379 },	{ "amqp", 5672 },
	{ "qemu+tcp", 16509 },	{ "qemu+tls", 16514 },	{ "git", 9418 },
};

/* File names look like host names ("main.yml:12"); these endings are never top-level
 * domains that matter here. */
static const gchar *const file_suffixes[] = {
	"py", "yml", "yaml", "json", "sh", "go", "c", "h", "js", "ts", "txt", "log", "conf",
	"cfg", "xml", "ini", "rb", "pl", "java", "service", "socket", "j2", "toml", "md", "rs",
	"cpp", "so", "gz", "tar", "zip", "repo", "rpm", "deb", "iso", "qcow2", "img", "xz",
	"target", "timer", "mount", "pem", "crt", "key", "csv", "html", "sql", "tf", "cfg",
	NULL,
};

static gboolean
looks_like_file_name (const gchar *host)
{
	const gchar *dot = strrchr (host, '.');

	return dot != NULL && g_strv_contains (file_suffixes, dot + 1);
}

static void
add_endpoint (GArray *endpoints, const gchar *host, guint16 port, guint max)
{
	QnavProbeEndpoint endpoint;
	g_autofree gchar *lower = g_ascii_strdown (host, -1);
	gsize len = strlen (lower);

	while (len > 0 && lower[len - 1] == '.')
		lower[--len] = '\0';
	if (len == 0 || looks_like_file_name (lower))
		return;
	for (guint i = 0; i < endpoints->len; i++) {
		QnavProbeEndpoint *old = &g_array_index (endpoints, QnavProbeEndpoint, i);
		if (g_strcmp0 (old->host, lower) != 0)
			continue;
		if (old->port == port || port == 0)
			return;
		/* a port named later beats "no port" */
		if (old->port == 0) {
			old->port = port;
			return;
		}
	}
	if (endpoints->len >= max)
		return;
	endpoint.host = g_steal_pointer (&lower);
	endpoint.port = port;
	g_array_append_val (endpoints, endpoint);
}

static void
endpoint_clear (gpointer data)
{
	QnavProbeEndpoint *endpoint = data;

	g_free (endpoint->host);
}

static guint16
parse_port (const gchar *text)
{
	guint64 port = 0;

	if (text == NULL || *text == '\0' ||
	    !g_ascii_string_to_unsigned (text, 10, 1, G_MAXUINT16, &port, NULL))
		return 0;
	return (guint16) port;
}

#define HOSTNAME "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}"
#define IPV4 "(?:\\d{1,3}\\.){3}\\d{1,3}"

GArray *
qnav_probe_text_endpoints (const gchar *text, guint max)
{
	GArray *endpoints = g_array_new (FALSE, TRUE, sizeof (QnavProbeEndpoint));
	g_autoptr(GRegex) url = NULL;
	g_autoptr(GRegex) host_port_words = NULL;
	g_autoptr(GRegex) host_port = NULL;
	g_autoptr(GRegex) resolve = NULL;
	g_autoptr(GRegex) registry = NULL;
	g_autoptr(GRegex) address = NULL;
	g_autoptr(GMatchInfo) match = NULL;
	gboolean mentions_ssh;

	g_array_set_clear_func (endpoints, endpoint_clear);
	if (text == NULL)
		return endpoints;

	/* scheme://[user@]host[:port] */
	url = g_regex_new ("\\b([A-Za-z][A-Za-z0-9+.-]*)://(?:[^/\\s@]+@)?"
			   "(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._-]+)(?::(\\d{1,5}))?",
			   G_REGEX_OPTIMIZE, 0, NULL);
	g_regex_match (url, text, 0, &match);
	while (g_match_info_matches (match)) {
		g_autofree gchar *scheme = g_match_info_fetch (match, 1);
		g_autofree gchar *host = g_match_info_fetch (match, 2);
		g_autofree gchar *port_text = g_match_info_fetch (match, 3);
		g_autofree gchar *scheme_lower = g_ascii_strdown (scheme, -1);
		guint16 port = parse_port (port_text);

		for (guint i = 0; port == 0 && i < G_N_ELEMENTS (scheme_ports); i++) {
			if (g_strcmp0 (scheme_ports[i].scheme, scheme_lower) == 0)
				port = scheme_ports[i].port;
		}
		if (host[0] == '[') {
			host[strlen (host) - 1] = '\0';
			memmove (host, host + 1, strlen (host));
		}
		/* "file://" and "unix://" name no host */
		if (port != 0 && g_strcmp0 (scheme_lower, "file") != 0)
			add_endpoint (endpoints, host, port, max);
		g_match_info_next (match, NULL);
	}
	g_clear_pointer (&match, g_match_info_free);

	/* "connect to host 10.0.0.5 port 22" (ssh), "host X port N" */
	host_port_words = g_regex_new ("\\bhost\\s+(" HOSTNAME "|" IPV4
				       "|localhost)\\s+port\\s+(\\d{1,5})\\b",
				       G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
	g_regex_match (host_port_words, text, 0, &match);
	while (g_match_info_matches (match)) {
		g_autofree gchar *host = g_match_info_fetch (match, 1);
		g_autofree gchar *port_text = g_match_info_fetch (match, 2);
		guint16 port = parse_port (port_text);
		if (port != 0)
			add_endpoint (endpoints, host, port, max);
		g_match_info_next (match, NULL);
	}
	g_clear_pointer (&match, g_match_info_free);

	/* host:port, not inside a URL or a path */
	host_port = g_regex_new ("(?<![\\w./@:-])(" HOSTNAME "|" IPV4
				 "|localhost):(\\d{1,5})(?!\\w|\\.\\w|:\\d)",
				 G_REGEX_OPTIMIZE, 0, NULL);
	g_regex_match (host_port, text, 0, &match);
	while (g_match_info_matches (match)) {
		g_autofree gchar *host = g_match_info_fetch (match, 1);
		g_autofree gchar *port_text = g_match_info_fetch (match, 2);
		guint16 port = parse_port (port_text);
		if (port != 0)
			add_endpoint (endpoints, host, port, max);
		g_match_info_next (match, NULL);
	}
	g_clear_pointer (&match, g_match_info_free);

	/* curl: "Could not resolve host: github.com" */
	resolve = g_regex_new ("resolve host:?\\s+'?(" HOSTNAME ")",
			       G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
	g_regex_match (resolve, text, 0, &match);
	while (g_match_info_matches (match)) {
		g_autofree gchar *host = g_match_info_fetch (match, 1);
		add_endpoint (endpoints, host, 443, max);
		g_match_info_next (match, NULL);
	}
	g_clear_pointer (&match, g_match_info_free);

	/* container registries and the other HTTPS services deployments pull from */
	registry = g_regex_new ("(?<![\\w.-])((?:[a-z0-9-]+\\.)*"
				"(?:registry(?:\\.[a-z0-9-]+)+\\.[a-z]{2,}|"
				"quay\\.io|docker\\.io|ghcr\\.io|gcr\\.io|registry\\.redhat\\.io|"
				"[a-z0-9-]+\\.redhat\\.com|fedoraproject\\.org|github\\.com|"
				"galaxy\\.ansible\\.com|pypi\\.org|files\\.pythonhosted\\.org))"
				"(?![\\w-]|\\.\\w)",
				G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, NULL);
	g_regex_match (registry, text, 0, &match);
	while (g_match_info_matches (match)) {
		g_autofree gchar *host = g_match_info_fetch (match, 1);
		add_endpoint (endpoints, host, 443, max);
		g_match_info_next (match, NULL);
	}
	g_clear_pointer (&match, g_match_info_free);

	/* a bare address: ssh is the usual way a deployment reaches one */
	mentions_ssh = g_regex_match_simple ("\\bssh", text, G_REGEX_CASELESS, 0);
	address = g_regex_new ("(?<![\\w.:/-])(" IPV4 ")(?![\\w.:/-])", G_REGEX_OPTIMIZE, 0,
			       NULL);
	g_regex_match (address, text, 0, &match);
	while (g_match_info_matches (match)) {
		g_autofree gchar *host = g_match_info_fetch (match, 1);
		GInetAddress *parsed = g_inet_address_new_from_string (host);

		if (parsed != NULL)
			add_endpoint (endpoints, host, mentions_ssh ? 22 : 0, max);
		g_clear_object (&parsed);
		g_match_info_next (match, NULL);
	}
	return endpoints;
}
