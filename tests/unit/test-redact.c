/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "qnav.h"
#include "qnav-redact-private.h"
#include "qnav-test-util.h"

/* Texts a diagnosis needs that look a little like secrets: they must survive untouched. */
static const gchar *const innocent[] = {
	"Permission denied (publickey,gssapi-keyex,gssapi-with-mic)",
	"ERROR! The vault password file /opt/kcli-pipelines/vyos-router/.vault_password was not "
	"found",
	"ERROR! Decryption failed (no vault secrets were found that could decrypt) on "
	"/home/u/vars.yml",
	"fatal: [kvm01]: FAILED! => {\"msg\": \"Missing sudo password\"}",
	"error: Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or "
	"directory",
	"Error: initializing source docker://registry.redhat.io/ubi9:latest: unable to retrieve "
	"auth token: invalid username/password: unauthorized",
	"x509: certificate signed by unknown authority",
	"No space left on device",
	"password_file: /etc/ansible/vault_pass (required)",
};

static void
test_secret_shapes (void)
{
	g_autoptr(JsonParser) parser = json_parser_new ();
	JsonArray *cases = qnav_test_load_secrets (parser);

	g_assert_cmpuint (json_array_get_length (cases), >=, 20);
	for (guint i = 0; i < json_array_get_length (cases); i++) {
		JsonObject *c = json_array_get_object_element (cases, i);
		const gchar *shape = json_object_get_string_member (c, "shape");
		const gchar *text = json_object_get_string_member (c, "text");
		const gchar *secret = json_object_get_string_member (c, "secret");
		g_autofree gchar *clean = qnav_redact (text);

		if (strstr (clean, secret) != NULL)
			g_error ("%s: the secret survived in \"%s\"", shape, clean);
		/* a visible marker, not a silent deletion */
		g_assert_nonnull (strstr (clean, QNAV_REDACTED));
		g_test_message ("%-26s %s", shape, clean);
	}
}

/* Accented secrets: to a byte-wise regex the second byte of "à" (0xA0) is a space, and the
 * rest of the secret stayed in the clear, as broken UTF-8. */
static void
test_non_ascii_secrets (void)
{
	static const struct {
		const gchar *text;
		const gchar *tail;
	} cases[] = {
		{ "mysql: password=voilàbc123 rejected", "bc123" },
		{ "login --password=Zürichx9Q7 failed", "x9Q7" },
		{ "vault: VAULT_TOKEN=hvs.CAESIàKk29xXbZ2 sealed", "Kk29xXbZ2" },
	};

	for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
		g_autofree gchar *clean = qnav_redact (cases[i].text);

		g_test_message ("%s -> %s", cases[i].text, clean);
		g_assert_true (g_utf8_validate (clean, -1, NULL));
		g_assert_null (strstr (clean, cases[i].tail));
		g_assert_nonnull (strstr (clean, QNAV_REDACTED));
	}
}

static void
test_innocent_text_survives (void)
{
	for (guint i = 0; i < G_N_ELEMENTS (innocent); i++) {
		g_autofree gchar *clean = qnav_redact (innocent[i]);
		g_assert_cmpstr (clean, ==, innocent[i]);
	}
}

/* Every secret of the corpus, embedded in an error and a log, is absent from the analysis
 * JSON, its evidence and its context. */
static void
test_analysis_json_is_redacted (void)
{
	g_autoptr(JsonParser) parser = json_parser_new ();
	JsonArray *cases = qnav_test_load_secrets (parser);
	g_autoptr(QnavFailureAnalyzer) analyzer = qnav_failure_analyzer_new (NULL);
	g_autoptr(GString) text = g_string_new ("fatal: [kvm01]: FAILED! No space left on device\n");

	for (guint i = 0; i < json_array_get_length (cases); i++) {
		JsonObject *c = json_array_get_object_element (cases, i);
		g_string_append_printf (text, "%s\n", json_object_get_string_member (c, "text"));
	}
	{
		g_autoptr(GError) error = NULL;
		g_autoptr(QnavDiagnosticContext) context =
			qnav_diagnostic_context_new ("SecretPlugin", text->str);
		g_autoptr(QnavFailureAnalysis) analysis = NULL;
		g_autoptr(QnavLogEntry) entry = NULL;
		g_autofree gchar *json = NULL;

		entry = qnav_log_entry_new ("journal:airflow-scheduler.service",
					    json_object_get_string_member (
						    json_array_get_object_element (cases, 0), "text"));
		qnav_diagnostic_context_add_log (context, entry);
		analysis = qnav_failure_analyzer_analyze (analyzer, context, NULL, &error);
		g_assert_no_error (error);
		json = qnav_failure_analysis_to_json (analysis);
		for (guint i = 0; i < json_array_get_length (cases); i++) {
			JsonObject *c = json_array_get_object_element (cases, i);
			const gchar *secret = json_object_get_string_member (c, "secret");
			if (strstr (json, secret) != NULL)
				g_error ("%s leaked into the analysis JSON",
					 json_object_get_string_member (c, "shape"));
		}
	}
}

/* Redacting a redacted text changes nothing, even where a marker opens the way to a match
 * its secret had blocked (found by the analysis JSON fuzzer). */
static void
test_redaction_is_idempotent (void)
{
	static const gchar *const texts[] = {
		"HetznerDeploymentggcredentialedenti-u=algggenvironment=gggggggggggg'ggggggggg"
		"credentialggggg:g2gggggggPlugin",
		"password=hunter2 then secret: s3cr3t and token=abc123def456",
	};

	for (guint i = 0; i < G_N_ELEMENTS (texts); i++) {
		g_autofree gchar *once = qnav_redact (texts[i]);
		g_autofree gchar *twice = qnav_redact (once);
		g_assert_cmpstr (twice, ==, once);
	}
}

int
main (int argc, char **argv)
{
	g_test_init (&argc, &argv, NULL);

	g_test_add_func ("/qnav/redact/secret-shapes", test_secret_shapes);
	g_test_add_func ("/qnav/redact/non-ascii", test_non_ascii_secrets);
	g_test_add_func ("/qnav/redact/innocent-text", test_innocent_text_survives);
	g_test_add_func ("/qnav/redact/analysis-json", test_analysis_json_is_redacted);
	g_test_add_func ("/qnav/redact/idempotent", test_redaction_is_idempotent);

	return g_test_run ();
}
