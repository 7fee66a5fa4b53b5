/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* `qnav history` as a user runs it, against a history the library filled. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <qnav.h>

#include "qnav-test-util.h"

typedef struct {
	gchar *dir;
	gchar *path;
} Fixture;

static void
record_analysis (QnavHistory *history, const gchar *fingerprint, const gchar *root_cause)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *json = g_strdup_printf (
		"{\"schema_version\": 1, \"plugin\": \"kvm-setup\", \"root_cause\": \"%s\","
		" \"confidence\": 0.9, \"fingerprint\": \"%s\", \"context\": {\"hostname\": "
		"\"host1\"}}",
		root_cause, fingerprint);
	g_autoptr(QnavFailureAnalysis) analysis =
		qnav_failure_analysis_new_from_json (json, -1, &error);

	g_assert_no_error (error);
	g_assert_true (qnav_history_record_analysis (history, analysis, &error));
	g_assert_no_error (error);
}

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavHistory) history = NULL;

	fixture->dir = g_dir_make_tmp ("qnav-history-cli-XXXXXX", &error);
	g_assert_no_error (error);
	fixture->path = g_build_filename (fixture->dir, "history.db", NULL);
	history = qnav_history_new (fixture->path, &error);
	g_assert_no_error (error);

	for (guint i = 0; i < 3; i++)
		record_analysis (history, "aaaaaaaaaaaaaaaa", "service_dependency");
	record_analysis (history, "bbbbbbbbbbbbbbbb", "storage");
	g_assert_true (qnav_history_record_outcome (
		history, "aaaaaaaaaaaaaaaa", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_SUCCEEDED,
		TRUE, NULL, 2.5, "systemctl start virtqemud.socket", &error));
	g_assert_true (qnav_history_record_outcome (
		history, "aaaaaaaaaaaaaaaa", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_FAILED,
		TRUE, NULL, 1.0, "podman login --password S3cr3tValue42 failed\nagain", &error));
	g_assert_true (qnav_history_record_escalation_full (
		history, "aaaaaaaaaaaaaaaa", "acme/infra", 42,
		"https://github.com/acme/infra/issues/42", QNAV_ESCALATION_CREATED, NULL, &error));
	g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
	qnav_test_remove_tree (fixture->dir);
	g_free (fixture->dir);
	g_free (fixture->path);
}

/* Runs qnav with @args; returns its exit status. */
static gint
run_qnav (const gchar *const *args, gchar **out, gchar **err)
{
	const gchar *build_root = g_getenv ("QNAV_BUILD_ROOT");
	g_autofree gchar *qnav = NULL;
	g_autoptr(GPtrArray) argv = g_ptr_array_new ();
	g_autoptr(GSubprocess) process = NULL;
	g_autoptr(GError) error = NULL;

	g_assert_nonnull (build_root);
	qnav = g_build_filename (build_root, "cli", "qnav", NULL);
	g_ptr_array_add (argv, qnav);
	g_ptr_array_add (argv, (gpointer) "history");
	for (guint i = 0; args[i] != NULL; i++)
		g_ptr_array_add (argv, (gpointer) args[i]);
	g_ptr_array_add (argv, NULL);
	process = g_subprocess_newv ((const gchar *const *) argv->pdata,
				     G_SUBPROCESS_FLAGS_STDOUT_PIPE |
					     G_SUBPROCESS_FLAGS_STDERR_PIPE,
				     &error);
	g_assert_no_error (error);
	g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error));
	g_assert_no_error (error);
	g_assert_true (g_subprocess_get_if_exited (process));
	return g_subprocess_get_exit_status (process);
}

static void
test_text (Fixture *fixture, gconstpointer data)
{
	const gchar *args[] = { "--history", fixture->path, NULL };
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_auto(GStrv) lines = NULL;

	g_assert_cmpint (run_qnav (args, &out, &err), ==, 0);
	g_test_message ("%s", out);
	lines = g_strsplit (out, "\n", -1);
	g_assert_true (g_str_has_prefix (lines[0], "History: "));
	g_assert_true (g_str_has_prefix (lines[2], "FINGERPRINT"));
	/* newest first: the escalated failure had the last event */
	g_assert_true (g_str_has_prefix (lines[3], "aaaaaaaaaaaaaaaa      3  "));
	g_assert_nonnull (strstr (lines[3], "service_dependency"));
	g_assert_nonnull (strstr (lines[3], "retry 1/2"));
	g_assert_nonnull (strstr (lines[3], "acme/infra#42 (created)"));
	g_assert_true (g_str_has_prefix (lines[4], "bbbbbbbbbbbbbbbb      1  "));
	g_assert_nonnull (strstr (lines[4], "storage"));
}

static void
test_fingerprint (Fixture *fixture, gconstpointer data)
{
	const gchar *args[] = { "--history", fixture->path, "--fingerprint", "aaaaaaaaaaaaaaaa", NULL };
	const gchar *limited[] = { "--history", fixture->path, "-f", "aaaaaaaaaaaaaaaa", "-n", "2",
				   NULL };
	const gchar *unknown[] = { "--history", fixture->path, "-f", "cccccccccccccccc", NULL };
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *few = NULL;
	g_autofree gchar *none = NULL;
	const gchar *events;

	g_assert_cmpint (run_qnav (args, &out, &err), ==, 0);
	g_test_message ("%s", out);
	events = strstr (out, "Events, newest first:\n");
	g_assert_nonnull (events);
	g_assert_nonnull (strstr (events, "escalation  acme/infra#42 (created) "
					  "https://github.com/acme/infra/issues/42"));
	g_assert_nonnull (strstr (events, "execution   retry failed, automatic, 1.0 s: "));
	g_assert_nonnull (
		strstr (events, "diagnosis   service_dependency (90%) in kvm-setup on host1"));
	/* one line per event, and nothing secret */
	g_assert_nonnull (strstr (events, "failed again"));
	g_assert_null (strstr (out, "S3cr3tValue42"));
	g_assert_null (strstr (out, "bbbbbbbbbbbbbbbb"));

	g_clear_pointer (&err, g_free);
	g_assert_cmpint (run_qnav (limited, &few, &err), ==, 0);
	events = strstr (few, "Events, newest first:\n");
	g_assert_nonnull (events);
	g_assert_nonnull (strstr (events, "escalation"));
	g_assert_nonnull (strstr (events, "execution"));
	g_assert_null (strstr (events, "diagnosis"));

	g_clear_pointer (&err, g_free);
	g_assert_cmpint (run_qnav (unknown, &none, &err), ==, 0);
	g_assert_nonnull (strstr (none, "cccccccccccccccc is not in the history"));
}

static void
test_json (Fixture *fixture, gconstpointer data)
{
	const gchar *args[] = { "--history", fixture->path, "--json", NULL };
	const gchar *one[] = { "--history", fixture->path, "--json", "--limit", "1", NULL };
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavHistory) history = qnav_history_new (fixture->path, &error);
	g_autofree gchar *expected = qnav_history_to_json (history, NULL, 20, &error);
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;
	g_autofree gchar *first = NULL;
	g_autoptr(JsonNode) node = NULL;
	JsonArray *list;

	g_assert_no_error (error);
	g_assert_cmpint (run_qnav (args, &out, &err), ==, 0);
	/* exactly the library's document */
	g_assert_true (g_str_has_suffix (out, "\n"));
	out[strlen (out) - 1] = '\0';
	g_assert_cmpstr (out, ==, expected);

	g_clear_pointer (&err, g_free);
	g_assert_cmpint (run_qnav (one, &first, &err), ==, 0);
	node = json_from_string (first, &error);
	g_assert_no_error (error);
	list = json_object_get_array_member (json_node_get_object (node), "fingerprints");
	g_assert_cmpuint (json_array_get_length (list), ==, 1);
}

static void
test_errors (Fixture *fixture, gconstpointer data)
{
	g_autofree gchar *missing = g_build_filename (fixture->dir, "missing.db", NULL);
	g_autofree gchar *garbage = g_build_filename (fixture->dir, "garbage.db", NULL);
	const gchar *no_file[] = { "--history", missing, NULL };
	const gchar *not_db[] = { "--history", garbage, NULL };
	const gchar *negative[] = { "--history", fixture->path, "--limit", "-1", NULL };
	const gchar *extra[] = { "--history", fixture->path, "extra", NULL };
	g_autofree gchar *out = NULL;
	g_autofree gchar *err = NULL;

	/* a --history that does not exist is a typo, not a new history */
	g_assert_cmpint (run_qnav (no_file, &out, &err), ==, 4);
	g_assert_nonnull (strstr (err, missing));
	g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
	g_clear_pointer (&out, g_free);
	g_clear_pointer (&err, g_free);

	g_assert_true (g_file_set_contents (garbage, "not a database, not at all.........", -1,
					    NULL));
	g_assert_cmpint (run_qnav (not_db, &out, &err), ==, 3);
	g_assert_nonnull (strstr (err, garbage));
	g_clear_pointer (&out, g_free);
	g_clear_pointer (&err, g_free);

	g_assert_cmpint (run_qnav (negative, &out, &err), ==, 2);
	g_clear_pointer (&out, g_free);
	g_clear_pointer (&err, g_free);
	g_assert_cmpint (run_qnav (extra, &out, &err), ==, 2);
}

int
main (int argc, char **argv)
{
	g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
	g_test_add ("/qnav/history/cli/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
	ADD ("text", test_text);
	ADD ("fingerprint", test_fingerprint);
	ADD ("json", test_json);
	ADD ("errors", test_errors);
#undef ADD
	return g_test_run ();
}
