/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "escalation-test-util.h"
#include "fake-github.h"

/*
 * `qnav escalate`, the built command, against the fake GitHub: what it prints, what it sends,
 * and its exit status when GitHub refuses.
 */

/* What the Python original wrote with --output: no fingerprint, no error text. */
static const gchar original_analysis[] =
	"{\n  \"timestamp\": \"2026-01-06T14:03:11.402115\",\n"
	"  \"plugin\": \"HetznerDeploymentPlugin\",\n  \"root_cause\": \"network\",\n"
	"  \"confidence\": 0.8,\n  \"severity\": \"high\",\n"
	"  \"affected_services\": [\"podman\"],\n  \"pattern_matches\": [\"registry_001\"],\n"
	"  \"recommended_actions\": [\"Check registry credentials and network access to "
	"registry\"]\n}\n";

typedef struct {
	gchar *qnav;
	gchar *dir;
	gchar *analysis_file;
	FakeGitHub *fake;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
	const gchar *build_root = g_getenv ("QNAV_BUILD_ROOT");
	g_autoptr(GError) error = NULL;

	f->qnav = g_build_filename (build_root != NULL ? build_root : ".", "cli", "qnav", NULL);
	f->dir = g_dir_make_tmp ("qnav-escalate-XXXXXX", &error);
	g_assert_no_error (error);
	f->analysis_file = g_build_filename (f->dir, "analysis.json", NULL);
	g_file_set_contents (f->analysis_file, original_analysis, -1, &error);
	g_assert_no_error (error);
	f->fake = fake_github_new (TEST_REPOSITORY, TEST_TOKEN);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
	g_clear_pointer (&f->fake, fake_github_free);
	g_remove (f->analysis_file);
	g_rmdir (f->dir);
	g_free (f->analysis_file);
	g_free (f->dir);
	g_free (f->qnav);
}

/* runs qnav with @token as GITHUB_TOKEN (none when NULL); returns the exit status */
static gint
run (Fixture *f, const gchar *token, gchar **out, gchar **err, ...)
{
	g_autoptr(GSubprocessLauncher) launcher =
		g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
					   G_SUBPROCESS_FLAGS_STDERR_PIPE);
	g_autoptr(GPtrArray) argv = g_ptr_array_new ();
	g_autoptr(GSubprocess) process = NULL;
	g_autoptr(GError) error = NULL;
	const gchar *arg;
	va_list args;

	g_ptr_array_add (argv, f->qnav);
	va_start (args, err);
	while ((arg = va_arg (args, const gchar *)) != NULL)
		g_ptr_array_add (argv, (gpointer) arg);
	va_end (args);
	g_ptr_array_add (argv, NULL);

	g_subprocess_launcher_unsetenv (launcher, "GITHUB_REPOSITORY");
	g_subprocess_launcher_unsetenv (launcher, "GITHUB_API_URL");
	if (token != NULL)
		g_subprocess_launcher_setenv (launcher, "GITHUB_TOKEN", token, TRUE);
	else
		g_subprocess_launcher_unsetenv (launcher, "GITHUB_TOKEN");
	process = g_subprocess_launcher_spawnv (launcher, (const gchar *const *) argv->pdata,
						&error);
	g_assert_no_error (error);
	g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
	g_assert_no_error (error);
	g_test_message ("stdout:\n%s\nstderr:\n%s", *out, *err);
	return g_subprocess_get_exit_status (process);
}

static void
test_escalate (Fixture *f, gconstpointer data)
{
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	gint status;

	status = run (f, TEST_TOKEN, &out, &err, "escalate", "--analysis-file", f->analysis_file,
		      "--repo", TEST_REPOSITORY, "--api-url", fake_github_get_url (f->fake),
		      "--no-history", NULL);
	g_assert_cmpint (status, ==, 0);
	g_assert_nonnull (strstr (out, "Outcome: created\nIssue: 1\n"));
	g_assert_nonnull (
		strstr (out, "URL: https://github.example/" TEST_REPOSITORY "/issues/1\n"));
	/* it says the fingerprint was made up */
	g_assert_nonnull (strstr (err, "no usable fingerprint"));
	g_assert_null (strstr (out, TEST_TOKEN));
	g_assert_null (strstr (err, TEST_TOKEN));
	g_clear_pointer (&out, g_free);
	g_clear_pointer (&err, g_free);

	/* the same failure again: the made-up fingerprint is stable, so it is a comment */
	status = run (f, TEST_TOKEN, &out, &err, "--quiet", "escalate", "--analysis-file",
		      f->analysis_file, "--repo", TEST_REPOSITORY, "--api-url",
		      fake_github_get_url (f->fake), "--json", NULL);
	g_assert_cmpint (status, ==, 0);
	g_assert_nonnull (strstr (out, "\"outcome\": \"commented\""));
	g_assert_nonnull (strstr (out, "\"issue_number\": 1"));
	g_assert_cmpuint (fake_github_count_requests (f->fake, "POST", "/repos/" TEST_REPOSITORY
							"/issues"),
			  ==, 1);
	g_assert_cmpuint (fake_github_count_requests (
				  f->fake, "POST", "/repos/" TEST_REPOSITORY "/issues/*/comments"),
			  ==, 1);
}

static void
test_dry_run (Fixture *f, gconstpointer data)
{
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autoptr(GPtrArray) requests = NULL;
	gint status;

	/* no token needed to look */
	status = run (f, NULL, &out, &err, "escalate", "--analysis-file", f->analysis_file,
		      "--repo", TEST_REPOSITORY, "--label", "ops", "--dry-run", NULL);
	g_assert_cmpint (status, ==, 0);
	g_assert_nonnull (strstr (out, "[DRY RUN]"));
	g_assert_nonnull (strstr (out, "Labels: ops\n"));
	g_assert_nonnull (strstr (out, "Title: [qnav] HetznerDeploymentPlugin: network\n"));
	g_assert_nonnull (strstr (out, "<!-- qnav-fp:"));
	requests = fake_github_get_requests (f->fake);
	g_assert_cmpuint (requests->len, ==, 0);
}

static void
test_refused (Fixture *f, gconstpointer data)
{
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	gint status;

	fake_github_set_fault (f->fake, FAKE_FAULT_401, NULL, 0, 0);
	status = run (f, TEST_TOKEN, &out, &err, "escalate", "--analysis-file", f->analysis_file,
		      "--repo", TEST_REPOSITORY, "--api-url", fake_github_get_url (f->fake),
		      "--no-history", NULL);
	/* QNAV_ERROR_AUTH */
	g_assert_cmpint (status, ==, 9);
	g_assert_nonnull (strstr (err, "check GITHUB_TOKEN"));
	g_assert_null (strstr (err, TEST_TOKEN));
	g_clear_pointer (&out, g_free);
	g_clear_pointer (&err, g_free);

	/* no repository anywhere: there is no default one */
	status = run (f, TEST_TOKEN, &out, &err, "escalate", "--analysis-file", f->analysis_file,
		      NULL);
	g_assert_cmpint (status, ==, 2);
	g_assert_nonnull (strstr (err, "GITHUB_REPOSITORY"));
}

int
main (int argc, char **argv)
{
	g_test_init (&argc, &argv, NULL);
	test_clear_github_environment ();

	g_test_add ("/qnav/github/cli/escalate", Fixture, NULL, fixture_set_up, test_escalate,
		    fixture_tear_down);
	g_test_add ("/qnav/github/cli/dry-run", Fixture, NULL, fixture_set_up, test_dry_run,
		    fixture_tear_down);
	g_test_add ("/qnav/github/cli/refused", Fixture, NULL, fixture_set_up, test_refused,
		    fixture_tear_down);
	return g_test_run ();
}
