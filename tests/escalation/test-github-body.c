/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "escalation-test-util.h"
#include "qnav-failure-analysis-private.h"
#include "qnav-github-client-private.h"
#include "qnav-test-util.h"

/*
 * What an issue says: the title, the Markdown body and the comment of a repeat, as a reader
 * of the issue would see them — redacted, fenced so that no error text escapes its block,
 * within GitHub's size limit, and ending with the marker that finds the issue again.
 */

#define FINGERPRINT "3f2a9c0d1e2b4a5f"
#define SOCKET_ERROR                                                                             \
	"error: Failed to connect socket to '/var/run/libvirt/libvirt-sock': No such file or "   \
	"directory"

static QnavGitHubClient *
new_client (void)
{
	g_autoptr(GError) error = NULL;
	QnavGitHubClient *client =
		qnav_github_client_new (TEST_REPOSITORY, TEST_TOKEN, NULL, &error);

	g_assert_no_error (error);
	return client;
}

static const gchar *
footer_marker (void)
{
	return "<!-- qnav-fp:" FINGERPRINT " -->\n";
}

static void
test_title (void)
{
	g_autoptr(QnavGitHubClient) client = new_client ();
	g_autoptr(QnavFailureAnalysis) analysis =
		test_analysis_new ("kcli-deploy\nvm", SOCKET_ERROR, FINGERPRINT);
	g_autoptr(QnavFailureAnalysis) bare = NULL;
	g_autofree gchar *title = qnav_github_client_build_title (client, analysis);
	g_autofree gchar *bare_title = NULL;
	const gchar *summary;

	g_test_message ("title: %s", title);
	g_assert_true (g_str_has_prefix (title, "[qnav] kcli-deploy vm: service_dependency — "));
	g_assert_null (strchr (title, '\n'));
	/* the description, cut to about 80 characters with an ellipsis */
	summary = strstr (title, " — ") + strlen (" — ");
	g_assert_cmpint (g_utf8_strlen (summary, -1), <=, 80);
	g_assert_true (g_str_has_suffix (title, "…"));
	g_assert_true (g_str_has_prefix (summary, "libvirtd is not running"));

	/* without a description: the first line of the error */
	bare = qnav_failure_analysis_new ("airflow",
					  "\nDAG import error: no module named foo\nmore", -1);
	bare_title = qnav_github_client_build_title (client, bare);
	g_assert_cmpstr (bare_title, ==,
			 "[qnav] airflow: unknown — DAG import error: no module named foo");
}

static void
test_layout (void)
{
	g_autoptr(QnavGitHubClient) client = new_client ();
	g_autoptr(QnavFailureAnalysis) analysis =
		test_analysis_new ("kcli-deploy", SOCKET_ERROR, FINGERPRINT);
	g_autofree gchar *body = qnav_github_client_build_body (client, analysis, NULL);

	g_test_message ("%s", body);
	g_assert_true (g_str_has_prefix (body, "## \\[qnav\\] kcli-deploy: service"));
	g_assert_nonnull (strstr (body, "- **Root cause**: `service_dependency`\n"));
	g_assert_nonnull (strstr (body, "- **Confidence**: 87%\n"));
	g_assert_nonnull (strstr (body, "- **Severity**: high\n"));
	g_assert_nonnull (strstr (body, "- **When**: 2026-03-04 05:06:07 UTC\n"));
	g_assert_nonnull (strstr (body, "- **Fingerprint**: `" FINGERPRINT "`\n"));
	g_assert_nonnull (strstr (body, "**Description**: libvirtd is not running"));
	/* the error, fenced */
	g_assert_nonnull (strstr (body, "### Error message\n\n```\n" SOCKET_ERROR "\n```\n"));
	/* evidence: pattern, source:line, the text */
	g_assert_nonnull (strstr (body, "pattern `libvirt_socket_missing`"));
	g_assert_nonnull (strstr (body, "`/var/log/qnav/deploy.log:42`"));
	/* actions, with the Markdown of the text escaped */
	g_assert_nonnull (strstr (
		body, "1. Start the libvirt daemon: systemctl start virtqemud.socket\n"));
	g_assert_nonnull (
		strstr (body, "2. Check \\`journalctl -u virtqemud\\` for why it stopped\n"));
	/* the host: only what is down, only what is full */
	g_assert_nonnull (strstr (body, "- **Host**: `kvm01.lab.example`\n"));
	g_assert_nonnull (strstr (
		body, "- **Services down**: `libvirtd` (libvirtd.service: inactive/dead)\n"));
	g_assert_null (strstr (body, "`sshd`"));
	g_assert_nonnull (strstr (body, "- **Full disks**: `/var/lib/libvirt/images` 99% used\n"));
	g_assert_null (strstr (body, "`/` "));
	/* the marker, last, hidden and visible */
	g_assert_true (g_str_has_suffix (body, footer_marker ()));
	g_assert_nonnull (strstr (body, "qnav-fp:" FINGERPRINT "</sub>"));
	g_assert_true (qnav_github_body_has_marker (body, FINGERPRINT));
	g_assert_false (test_fence_open_at (body, strlen (body)));
}

/* Error text that tries to end its block, add a heading, claim another issue's marker and
 * ping everyone stays inside a fence longer than any backtick run in it. */
static void
test_fence_escape (void)
{
	static const gchar hostile[] = "``````\n"
				       "```\n"
				       "## Injected heading\n"
				       "<!-- qnav-fp:0000000000000000 -->\n"
				       "@everyone <img src=x onerror=alert(1)>\n"
				       "~~~\n";
	g_autoptr(QnavGitHubClient) client = new_client ();
	g_autoptr(QnavFailureAnalysis) analysis =
		test_analysis_new ("ansible", hostile, FINGERPRINT);
	g_autofree gchar *body = qnav_github_client_build_body (client, analysis, NULL);
	const gchar *heading = strstr (body, "## Injected heading");
	const gchar *fence;

	g_assert_nonnull (heading);
	/* every copy of the text is inside a block */
	for (const gchar *p = heading; p != NULL; p = strstr (p + 1, "## Injected heading"))
		g_assert_true (test_fence_open_at (body, p - body));
	for (const gchar *p = strstr (body, "@everyone"); p != NULL;
	     p = strstr (p + 1, "@everyone"))
		g_assert_true (test_fence_open_at (body, p - body));
	/* whose fence is longer than the six backticks inside */
	fence = strstr (body, "### Error message\n\n") + strlen ("### Error message\n\n");
	g_assert_true (g_str_has_prefix (fence, "```````\n``````\n"));
	g_assert_false (test_fence_open_at (body, strlen (body)));
	/* the quoted marker claims nothing */
	g_assert_true (qnav_github_body_has_marker (body, FINGERPRINT));
	g_assert_false (qnav_github_body_has_marker (body, "0000000000000000"));
	g_assert_true (g_str_has_suffix (body, footer_marker ()));
}

static void
test_huge (void)
{
	g_autoptr(QnavGitHubClient) client = new_client ();
	g_autoptr(GString) text = g_string_new (NULL);
	g_autoptr(QnavFailureAnalysis) analysis = NULL;
	g_autofree gchar *body = NULL;
	glong chars;

	/* multi-byte text and backtick runs, 60,000 characters of error */
	for (guint i = 0; i < 1000; i++)
		g_string_append_printf (text, "line %04u: état ☃ 🚀 ``` ``````` %s\n", i,
					"qemu-kvm: failed to allocate memory");
	analysis = test_analysis_new ("kcli-deploy", text->str, FINGERPRINT);
	for (guint i = 0; i < 40; i++) {
		g_autoptr(QnavEvidence) evidence = qnav_evidence_new (
			QNAV_EVIDENCE_KIND_PATTERN, QNAV_ROOT_CAUSE_RESOURCE_EXHAUSTION, 0.3,
			"a log line about memory");
		qnav_evidence_set_source (evidence, "/var/log/messages");
		qnav_evidence_set_line (evidence, 1000 + i);
		qnav_evidence_set_text (evidence, text->str);
		qnav_failure_analysis_add_evidence (analysis, evidence);
	}
	body = qnav_github_client_build_body (client, analysis, NULL);
	chars = g_utf8_strlen (body, -1);
	g_test_message ("body: %ld characters, %zu bytes", chars, strlen (body));
	g_assert_true (g_utf8_validate (body, -1, NULL));
	g_assert_cmpint (chars, <=, QNAV_GITHUB_BODY_MAX);
	g_assert_cmpint (chars, >, QNAV_GITHUB_BODY_MAX - 2000);
	g_assert_nonnull (strstr (body, "[… trimmed "));
	g_assert_nonnull (strstr (body, " characters …]"));
	g_assert_true (g_str_has_suffix (body, footer_marker ()));
	g_assert_true (qnav_github_body_has_marker (body, FINGERPRINT));
	/* the cut closed the block it ran through: the footer is not code */
	g_assert_false (test_fence_open_at (body, strlen (body)));
	/* the start and the end of the report both survive */
	g_assert_nonnull (strstr (body, "### Diagnosis"));
	g_assert_nonnull (strstr (body, "### Context"));
}

/* The cut itself: a block it runs through is closed before the marker and reopened after. */
static void
test_fit (void)
{
	g_autoptr(GString) content = g_string_new ("# head\n\n````\n");
	g_autofree gchar *fitted = NULL;
	g_autofree gchar *one_line = NULL;
	g_autofree gchar *long_line = g_strnfill (100000, 'x');
	const gchar *marker;

	for (guint i = 0; i < 5000; i++)
		g_string_append_printf (content, "inside the block, line %u\n", i);
	g_string_append (content, "````\n\n# tail\n");
	fitted = qnav_github_fit (content->str, "\nFOOTER\n", 10000);
	g_assert_cmpint (g_utf8_strlen (fitted, -1), <=, 10000);
	g_assert_true (g_str_has_suffix (fitted, "\nFOOTER\n"));
	g_assert_true (g_str_has_prefix (fitted, "# head\n"));
	g_assert_nonnull (strstr (fitted, "# tail\n"));
	marker = strstr (fitted, "[… trimmed ");
	g_assert_nonnull (marker);
	/* the marker is outside the block, the tail inside one again */
	g_assert_false (test_fence_open_at (fitted, marker - fitted));
	g_assert_true (test_fence_open_at (fitted, strstr (fitted, "line 4999") - fitted));
	g_assert_false (test_fence_open_at (fitted, strlen (fitted)));

	/* one line with no end: cut inside it */
	one_line = qnav_github_fit (long_line, "<!-- m -->", 65536);
	g_assert_cmpint (g_utf8_strlen (one_line, -1), <=, 65536);
	g_assert_true (g_str_has_suffix (one_line, "<!-- m -->"));
	g_assert_nonnull (strstr (one_line, "[… trimmed "));

	/* what fits is left alone */
	g_free (fitted);
	fitted = qnav_github_fit ("short\n", "F", 100);
	g_assert_cmpstr (fitted, ==, "short\nF");
}

static void
test_secrets (void)
{
	g_autoptr(JsonParser) parser = json_parser_new ();
	JsonArray *cases = qnav_test_load_secrets (parser);
	g_autoptr(GString) all = g_string_new (NULL);
	g_autoptr(QnavGitHubClient) client = new_client ();
	g_autoptr(QnavFailureAnalysis) analysis = NULL;
	g_autofree gchar *title = NULL;
	g_autofree gchar *body = NULL;
	g_autofree gchar *comment = NULL;

	g_assert_cmpuint (json_array_get_length (cases), >=, 20);
	for (guint i = 0; i < json_array_get_length (cases); i++) {
		JsonObject *c = json_array_get_object_element (cases, i);
		g_string_append_printf (all, "%s\n", json_object_get_string_member (c, "text"));
	}
	analysis = test_analysis_new ("deploy", all->str, FINGERPRINT);
	/* each shape also as evidence of its own, and in the prose */
	for (guint i = 0; i < json_array_get_length (cases); i++) {
		JsonObject *c = json_array_get_object_element (cases, i);
		const gchar *text = json_object_get_string_member (c, "text");
		g_autoptr(QnavEvidence) evidence = qnav_evidence_new (
			QNAV_EVIDENCE_KIND_PATTERN, QNAV_ROOT_CAUSE_CREDENTIAL, 0.5, text);
		qnav_evidence_set_text (evidence, text);
		qnav_evidence_set_source (evidence, text);
		qnav_failure_analysis_add_evidence (analysis, evidence);
		qnav_failure_analysis_add_recommended_action (analysis, text);
	}
	qnav_failure_analysis_set_result (analysis, QNAV_ROOT_CAUSE_CREDENTIAL, 0.9,
					  QNAV_SEVERITY_HIGH, all->str);
	title = qnav_github_client_build_title (client, analysis);
	body = qnav_github_client_build_body (client, analysis, NULL);
	comment = qnav_github_comment (analysis, 3, FALSE);
	for (guint i = 0; i < json_array_get_length (cases); i++) {
		JsonObject *c = json_array_get_object_element (cases, i);
		const gchar *shape = json_object_get_string_member (c, "shape");
		const gchar *secret = json_object_get_string_member (c, "secret");
		if (strstr (title, secret) != NULL || strstr (body, secret) != NULL ||
		    strstr (comment, secret) != NULL)
			g_error ("%s: the secret %s is in the issue", shape, secret);
	}
	g_assert_nonnull (strstr (body, "[REDACTED]"));
	/* the redaction of a private key cut before its END line stops at its own text */
	g_assert_true (g_str_has_suffix (body, footer_marker ()));
	g_assert_nonnull (strstr (body, "### Context"));
}

static void
test_plan (void)
{
	g_autoptr(QnavGitHubClient) client = new_client ();
	g_autoptr(QnavFailureAnalysis) analysis =
		test_analysis_new ("kcli-deploy", SOCKET_ERROR, FINGERPRINT);
	g_autoptr(QnavRecoveryPlanner) planner = qnav_recovery_planner_new (NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavRecoveryPlan) plan = qnav_recovery_planner_plan (planner, analysis, &error);
	g_autofree gchar *body = NULL;
	g_autofree gchar *markdown = NULL;

	g_assert_no_error (error);
	body = qnav_github_client_build_body (client, analysis, plan);
	markdown = qnav_recovery_plan_to_markdown (plan);
	g_assert_nonnull (strstr (body, "### Recovery plan\n\n"));
	/* the plan's own report, as qnav_recovery_plan_to_markdown() writes it */
	g_assert_nonnull (strstr (body, "Failure Recovery Report"));
	g_assert_true (g_str_has_suffix (body, footer_marker ()));
	g_assert_false (test_fence_open_at (body, strlen (body)));
}

/* The Python original's analysis.json has no fingerprint: one is made from what it has. */
static void
test_fingerprint_fallback (void)
{
	static const gchar original[] =
		"{\"timestamp\": \"2026-01-06T14:03:11.402115\", \"plugin\": \"%s\", "
		"\"root_cause\": \"network\", \"confidence\": 0.8, \"severity\": \"high\", "
		"\"affected_services\": [\"podman\"], \"pattern_matches\": [\"registry_001\"], "
		"\"recommended_actions\": [\"Check registry credentials\"]}";
	g_autofree gchar *json_a = g_strdup_printf (original, "HetznerDeploymentPlugin");
	g_autofree gchar *json_b = g_strdup_printf (original, "KcliPlugin");
	g_autoptr(QnavFailureAnalysis) a1 = qnav_failure_analysis_new_from_json (json_a, -1, NULL);
	g_autoptr(QnavFailureAnalysis) a2 = qnav_failure_analysis_new_from_json (json_a, -1, NULL);
	g_autoptr(QnavFailureAnalysis) b = qnav_failure_analysis_new_from_json (json_b, -1, NULL);
	g_autoptr(QnavFailureAnalysis) odd = test_analysis_new ("x", "y", "a b --><!--");
	g_autofree gchar *fp_a1 = qnav_fingerprint_of_analysis (a1);
	g_autofree gchar *fp_a2 = qnav_fingerprint_of_analysis (a2);
	g_autofree gchar *fp_b = qnav_fingerprint_of_analysis (b);
	g_autofree gchar *fp_odd = qnav_fingerprint_of_analysis (odd);
	g_autoptr(QnavGitHubClient) client = new_client ();
	g_autofree gchar *body = qnav_github_client_build_body (client, a1, NULL);
	g_autofree gchar *marker = qnav_github_marker (fp_a1);

	g_assert_null (qnav_failure_analysis_get_fingerprint (a1));
	g_assert_true (qnav_fingerprint_is_valid (fp_a1));
	g_assert_cmpuint (strlen (fp_a1), ==, 16);
	g_assert_cmpstr (fp_a1, ==, fp_a2);
	g_assert_cmpstr (fp_a1, !=, fp_b);
	g_assert_true (qnav_fingerprint_is_valid (fp_odd));
	g_assert_null (strstr (fp_odd, "-->"));
	g_assert_nonnull (strstr (body, marker));
}

static void
test_comment (void)
{
	g_autoptr(QnavFailureAnalysis) analysis =
		test_analysis_new ("kcli-deploy", SOCKET_ERROR, FINGERPRINT);
	g_autofree gchar *comment = qnav_github_comment (analysis, 5, FALSE);
	g_autofree gchar *reopened = qnav_github_comment (analysis, 0, TRUE);

	g_test_message ("%s", comment);
	g_assert_true (g_str_has_prefix (comment, "### qnav saw this failure again\n"));
	g_assert_nonnull (strstr (comment, "- **When**: 2026-03-04 05:06:07 UTC\n"));
	g_assert_nonnull (strstr (comment, "- **Host**: `kvm01.lab.example`\n"));
	g_assert_nonnull (strstr (comment, "- **Plugin**: `kcli-deploy`\n"));
	g_assert_nonnull (strstr (comment, "- **Occurrences recorded**: 5\n"));
	g_assert_nonnull (strstr (comment, "```\n" SOCKET_ERROR "\n```\n"));
	g_assert_true (g_str_has_prefix (reopened, "### qnav reopened this issue"));
	g_assert_null (strstr (reopened, "Occurrences"));
}

int
main (int argc, char **argv)
{
	g_test_init (&argc, &argv, NULL);
	test_clear_github_environment ();

	g_test_add_func ("/qnav/github/body/title", test_title);
	g_test_add_func ("/qnav/github/body/layout", test_layout);
	g_test_add_func ("/qnav/github/body/fence-escape", test_fence_escape);
	g_test_add_func ("/qnav/github/body/huge", test_huge);
	g_test_add_func ("/qnav/github/body/fit", test_fit);
	g_test_add_func ("/qnav/github/body/secrets", test_secrets);
	g_test_add_func ("/qnav/github/body/plan", test_plan);
	g_test_add_func ("/qnav/github/body/fingerprint-fallback", test_fingerprint_fallback);
	g_test_add_func ("/qnav/github/body/comment", test_comment);
	return g_test_run ();
}
