/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <qnav.h>

#include "qnav-test-util.h"

#include "qnav-history-private.h"

/* Every test gets its own directory; the history files in it are real SQLite files. */
typedef struct {
	gchar *dir;
	gchar *path;
} Fixture;

static void
fixture_setup (Fixture *fixture, gconstpointer data)
{
	g_autoptr(GError) error = NULL;

	fixture->dir = g_dir_make_tmp ("qnav-history-XXXXXX", &error);
	g_assert_no_error (error);
	fixture->path = g_build_filename (fixture->dir, "history.db", NULL);
}

static void
fixture_teardown (Fixture *fixture, gconstpointer data)
{
	qnav_test_remove_tree (fixture->dir);
	g_free (fixture->dir);
	g_free (fixture->path);
}

static QnavHistory *
open_history (const gchar *path)
{
	g_autoptr(GError) error = NULL;
	QnavHistory *history = qnav_history_new (path, &error);

	g_assert_no_error (error);
	g_assert_nonnull (history);
	return history;
}

/* An analysis as a caller reads one back from a document: fixed fingerprint, time and host. */
static QnavFailureAnalysis *
make_analysis (const gchar *fingerprint, const gchar *root_cause, GDateTime *when,
	       const gchar *hostname)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
	g_autofree gchar *timestamp =
		g_date_time_format_iso8601 (when != NULL ? when : now);
	g_autofree gchar *json = g_strdup_printf (
		"{\"schema_version\": 1, \"timestamp\": \"%s\", \"plugin\": \"kvm\","
		" \"root_cause\": \"%s\", \"confidence\": 0.82, \"fingerprint\": \"%s\","
		" \"context\": {\"hostname\": \"%s\"}}",
		timestamp, root_cause, fingerprint, hostname != NULL ? hostname : "host1");
	QnavFailureAnalysis *analysis = qnav_failure_analysis_new_from_json (json, -1, &error);

	g_assert_no_error (error);
	return analysis;
}

static void
record (QnavHistory *history, const gchar *fingerprint, const gchar *root_cause,
	GDateTime *when)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavFailureAnalysis) analysis =
		make_analysis (fingerprint, root_cause, when, NULL);

	g_assert_true (qnav_history_record_analysis (history, analysis, &error));
	g_assert_no_error (error);
}

static void
outcome (QnavHistory *history, const gchar *fingerprint, QnavRecoveryAction action,
	 QnavExecutionStatus status, gboolean automatic, GDateTime *started)
{
	g_autoptr(GError) error = NULL;

	g_assert_true (qnav_history_record_outcome (history, fingerprint, action, status,
						    automatic, started, 1.5, "done", &error));
	g_assert_no_error (error);
}

static GDateTime *
ago (gint64 seconds)
{
	g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

	return g_date_time_add_seconds (now, -(gdouble) seconds);
}

static JsonObject *
history_document (QnavHistory *history, const gchar *fingerprint, guint limit)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *json = qnav_history_to_json (history, fingerprint, limit, &error);
	g_autoptr(JsonNode) node = NULL;

	g_assert_no_error (error);
	g_assert_nonnull (json);
	node = json_from_string (json, &error);
	g_assert_no_error (error);
	g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
	return json_object_ref (json_node_get_object (node));
}

static JsonObject *
find_fingerprint (JsonObject *document, const gchar *fingerprint)
{
	JsonArray *list = json_object_get_array_member (document, "fingerprints");

	for (guint i = 0; i < json_array_get_length (list); i++) {
		JsonObject *entry = json_array_get_object_element (list, i);
		if (g_strcmp0 (json_object_get_string_member (entry, "fingerprint"), fingerprint) ==
		    0)
			return entry;
	}
	return NULL;
}

/* Straight SQLite, beside the library: what is really in the file. */
static sqlite3 *
raw_open (const gchar *path)
{
	sqlite3 *db = NULL;

	g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
					  NULL),
			 ==, SQLITE_OK);
	sqlite3_busy_timeout (db, 5000);
	return db;
}

static gchar *
raw_text (sqlite3 *db, const gchar *sql)
{
	sqlite3_stmt *stmt = NULL;
	gchar *value = NULL;

	g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
	if (sqlite3_step (stmt) == SQLITE_ROW)
		value = g_strdup ((const gchar *) sqlite3_column_text (stmt, 0));
	sqlite3_finalize (stmt);
	return value;
}

static gint64
raw_int (sqlite3 *db, const gchar *sql)
{
	sqlite3_stmt *stmt = NULL;
	gint64 value = -1;

	g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
	if (sqlite3_step (stmt) == SQLITE_ROW)
		value = sqlite3_column_int64 (stmt, 0);
	sqlite3_finalize (stmt);
	return value;
}

static void
raw_exec (sqlite3 *db, const gchar *sql)
{
	char *message = NULL;

	if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
		g_error ("%s: %s", sql, message);
}

static void
assert_integrity (const gchar *path)
{
	sqlite3 *db = raw_open (path);
	g_autofree gchar *check = raw_text (db, "PRAGMA integrity_check");

	g_assert_cmpstr (check, ==, "ok");
	sqlite3_close (db);
}

static gchar *
helper_path (void)
{
	g_autofree gchar *self = g_file_read_link ("/proc/self/exe", NULL);
	g_autofree gchar *dir = NULL;

	g_assert_nonnull (self);
	dir = g_path_get_dirname (self);
	return g_build_filename (dir, "history-writer", NULL);
}

/* ---- tests ---- */

static void
test_default_path (Fixture *fixture, gconstpointer data)
{
	g_autofree gchar *state_dir = g_build_filename (fixture->dir, "a", "b", NULL);
	g_autofree gchar *expected = g_build_filename (state_dir, "history.db", NULL);
	g_autofree gchar *saved = g_strdup (g_getenv ("QNAV_STATE_DIR"));
	g_autofree gchar *path = NULL;
	g_autoptr(QnavHistory) history = NULL;
	g_autoptr(GError) error = NULL;
	GStatBuf info;

	g_setenv ("QNAV_STATE_DIR", state_dir, TRUE);
	path = qnav_history_default_path ();
	g_assert_cmpstr (path, ==, expected);

	/* NULL means the default; the directories are made, for the owner only */
	history = qnav_history_new (NULL, &error);
	g_assert_no_error (error);
	g_assert_cmpstr (qnav_history_get_path (history), ==, expected);
	g_assert_cmpint (g_stat (state_dir, &info), ==, 0);
	g_assert_cmpint (info.st_mode & 0777, ==, 0700);
	g_assert_cmpint (g_stat (expected, &info), ==, 0);
	g_assert_cmpint (info.st_mode & 0077, ==, 0);

	g_unsetenv ("QNAV_STATE_DIR");
	g_clear_pointer (&path, g_free);
	path = qnav_history_default_path ();
	if (geteuid () == 0) {
		g_assert_cmpstr (path, ==, "/var/lib/qnav/history.db");
	} else {
		g_autofree gchar *xdg = g_build_filename (fixture->dir, "state", NULL);
		g_autofree gchar *under_xdg = g_build_filename (xdg, "qnav", "history.db", NULL);
		g_setenv ("XDG_STATE_HOME", xdg, TRUE);
		g_clear_pointer (&path, g_free);
		path = qnav_history_default_path ();
		g_assert_cmpstr (path, ==, under_xdg);
	}
	if (saved != NULL)
		g_setenv ("QNAV_STATE_DIR", saved, TRUE);
}

static void
test_create (Fixture *fixture, gconstpointer data)
{
	g_autofree gchar *path = g_build_filename (fixture->dir, "x", "y", "h.db", NULL);
	g_autoptr(QnavHistory) history = open_history (path);
	g_autofree gchar *mode = NULL;
	sqlite3 *db;

	g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
	g_clear_object (&history);

	db = raw_open (path);
	mode = raw_text (db, "PRAGMA journal_mode");
	g_assert_cmpstr (mode, ==, "wal");
	g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, QNAV_HISTORY_SCHEMA_VERSION);
	g_assert_cmpint (raw_int (db, "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table'"),
			 ==, 4);
	sqlite3_close (db);

	/* and it opens again as it is */
	history = open_history (path);
	g_assert_cmpuint (qnav_history_count_occurrences (history, "nothing", NULL, NULL), ==, 0);
}

static void
test_analysis_round_trip (Fixture *fixture, gconstpointer data)
{
	g_autoptr(QnavHistory) history = open_history (fixture->path);
	g_autoptr(QnavFailureAnalyzer) analyzer = qnav_failure_analyzer_new (NULL);
	g_autoptr(QnavFailureAnalysis) down = NULL;
	g_autoptr(QnavFailureAnalysis) disk = NULL;
	g_autoptr(JsonObject) document = NULL;
	g_autoptr(GError) error = NULL;
	const gchar *down_fp, *disk_fp;
	JsonObject *entry;
	JsonArray *list;

	down = qnav_failure_analyzer_analyze_text (analyzer, "kvm-setup",
						   "libvirtd is not running", -1, &error);
	g_assert_no_error (error);
	disk = qnav_failure_analyzer_analyze_text (
		analyzer, "image-build",
		"OSError: [Errno 28] No space left on device: '/var/lib/libvirt/images/a.qcow2'",
		-1, &error);
	g_assert_no_error (error);
	down_fp = qnav_failure_analysis_get_fingerprint (down);
	disk_fp = qnav_failure_analysis_get_fingerprint (disk);
	g_assert_nonnull (down_fp);
	g_assert_nonnull (disk_fp);
	g_assert_cmpstr (down_fp, !=, disk_fp);

	for (guint i = 0; i < 3; i++) {
		g_assert_true (qnav_history_record_analysis (history, down, &error));
		g_assert_no_error (error);
	}
	g_assert_true (qnav_history_record_analysis (history, disk, &error));
	g_assert_no_error (error);

	g_assert_cmpuint (qnav_history_count_occurrences (history, down_fp, NULL, &error), ==, 3);
	g_assert_cmpuint (qnav_history_count_occurrences (history, disk_fp, NULL, &error), ==, 1);
	g_assert_cmpuint (
		qnav_history_count_occurrences (history, "0123456789abcdef", NULL, &error), ==, 0);
	g_assert_no_error (error);

	document = history_document (history, NULL, 0);
	g_assert_cmpint (json_object_get_int_member (document, "schema_version"), ==, 1);
	g_assert_cmpstr (json_object_get_string_member (document, "path"), ==, fixture->path);
	list = json_object_get_array_member (document, "fingerprints");
	g_assert_cmpuint (json_array_get_length (list), ==, 2);
	entry = find_fingerprint (document, down_fp);
	g_assert_nonnull (entry);
	g_assert_cmpint (json_object_get_int_member (entry, "occurrences"), ==, 3);
	g_assert_cmpstr (json_object_get_string_member (entry, "root_cause"), ==,
			 qnav_root_cause_to_string (qnav_failure_analysis_get_root_cause (down)));
	g_assert_cmpstr (json_object_get_string_member (entry, "plugin"), ==, "kvm-setup");
	g_assert_nonnull (json_object_get_string_member (entry, "first_seen"));
	g_assert_nonnull (json_object_get_string_member (entry, "last_seen"));
	g_assert_cmpuint (
		json_object_get_size (json_object_get_object_member (entry, "executions")), ==, 0);
	g_assert_true (json_object_get_null_member (entry, "last_escalation"));
	entry = find_fingerprint (document, disk_fp);
	g_assert_cmpstr (json_object_get_string_member (entry, "root_cause"), ==, "storage");
}

static gchar *
fingerprint_order (QnavHistory *history, guint limit)
{
	g_autoptr(JsonObject) document = history_document (history, NULL, limit);
	JsonArray *list = json_object_get_array_member (document, "fingerprints");
	g_autoptr(GString) order = g_string_new (NULL);

	for (guint i = 0; i < json_array_get_length (list); i++)
		g_string_append_printf (
			order, "%s%s", i > 0 ? " " : "",
			json_object_get_string_member (json_array_get_object_element (list, i),
						       "fingerprint"));
	return g_string_free (g_steal_pointer (&order), FALSE);
}

static void
test_newest_first (Fixture *fixture, gconstpointer data)
{
	g_autoptr(QnavHistory) history = open_history (fixture->path);
	g_autoptr(GDateTime) three_hours = ago (3 * 3600);
	g_autoptr(GDateTime) two_hours = ago (2 * 3600);
	g_autoptr(GDateTime) one_hour = ago (3600);
	g_autoptr(GDateTime) half_hour = ago (1800);
	g_autofree gchar *all = NULL;
	g_autofree gchar *two = NULL;
	g_autofree gchar *one = NULL;
	g_autofree gchar *storm = NULL;

	record (history, "old", "network", three_hours);
	record (history, "middle", "storage", two_hours);
	record (history, "new", "timeout", one_hour);
	/* whatever happened last counts: an escalation just now, an execution half an hour ago */
	g_assert_true (
		qnav_history_record_escalation (history, "old", "acme/infra", 7, NULL, NULL));
	outcome (history, "middle", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_FAILED, TRUE,
		 half_hour);

	all = fingerprint_order (history, 0);
	g_assert_cmpstr (all, ==, "old middle new");
	two = fingerprint_order (history, 2);
	g_assert_cmpstr (two, ==, "old middle");
	one = fingerprint_order (history, 1);
	g_assert_cmpstr (one, ==, "old");

	/* a storm of one failure on top does not hide the others */
	for (guint i = 0; i < 60; i++)
		record (history, "storm", "network", NULL);
	storm = fingerprint_order (history, 3);
	g_assert_cmpstr (storm, ==, "storm old middle");
}

static void
test_occurrences_window (Fixture *fixture, gconstpointer data)
{
	g_autoptr(QnavHistory) history = open_history (fixture->path);
	g_autoptr(GDateTime) three_hours = ago (3 * 3600);
	g_autoptr(GDateTime) half_hour = ago (1800);
	g_autoptr(GDateTime) one_hour = ago (3600);
	g_autoptr(GError) error = NULL;

	record (history, "fp", "network", three_hours);
	record (history, "fp", "network", half_hour);
	record (history, "fp", "network", NULL);
	record (history, "other", "network", NULL);

	g_assert_cmpuint (qnav_history_count_occurrences (history, "fp", one_hour, &error), ==, 2);
	g_assert_cmpuint (qnav_history_count_occurrences (history, "fp", NULL, &error), ==, 3);
	g_assert_cmpuint (qnav_history_count_occurrences (history, "fp", half_hour, &error), ==, 2);
	g_assert_no_error (error);
}

static void
test_success_rate (Fixture *fixture, gconstpointer data)
{
	g_autoptr(QnavHistory) history = open_history (fixture->path);
	static const QnavExecutionStatus ran_nothing[] = {
		QNAV_EXECUTION_DENIED, QNAV_EXECUTION_MUTED, QNAV_EXECUTION_RATE_LIMITED,
		QNAV_EXECUTION_DRY_RUN, QNAV_EXECUTION_MANUAL,
	};
	g_autoptr(JsonObject) document = NULL;
	g_autoptr(GError) error = NULL;
	JsonObject *executions, *retry;
	guint attempts = 99;
	gdouble rate;

	/* nothing yet */
	rate = qnav_history_get_success_rate (history, "fp", QNAV_RECOVERY_ACTION_RETRY, &attempts,
					      &error);
	g_assert_no_error (error);
	g_assert_cmpfloat (rate, ==, -1.0);
	g_assert_cmpuint (attempts, ==, 0);

	/* 3 of 5 attempts held; the executions that ran nothing are no attempts */
	outcome (history, "fp", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_SUCCEEDED, TRUE, NULL);
	outcome (history, "fp", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_SUCCEEDED, FALSE, NULL);
	outcome (history, "fp", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_ALREADY_DONE, TRUE,
		 NULL);
	outcome (history, "fp", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_FAILED, TRUE, NULL);
	outcome (history, "fp", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_NOT_HELD, TRUE, NULL);
	for (guint i = 0; i < G_N_ELEMENTS (ran_nothing); i++) {
		outcome (history, "fp", QNAV_RECOVERY_ACTION_RETRY, ran_nothing[i], TRUE, NULL);
		outcome (history, "fp", QNAV_RECOVERY_ACTION_WAIT, ran_nothing[i], TRUE, NULL);
	}
	/* another failure's outcomes are its own */
	outcome (history, "other", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_FAILED, TRUE, NULL);
	outcome (history, "other", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_TIMED_OUT, TRUE,
		 NULL);

	rate = qnav_history_get_success_rate (history, "fp", QNAV_RECOVERY_ACTION_RETRY, &attempts,
					      &error);
	g_assert_no_error (error);
	g_assert_cmpuint (attempts, ==, 5);
	g_assert_cmpfloat_with_epsilon (rate, 0.6, 1e-9);

	rate = qnav_history_get_success_rate (history, "fp", QNAV_RECOVERY_ACTION_WAIT, &attempts,
					      &error);
	g_assert_cmpfloat (rate, ==, -1.0);
	g_assert_cmpuint (attempts, ==, 0);

	rate = qnav_history_get_success_rate (history, "other", QNAV_RECOVERY_ACTION_RETRY,
					      &attempts, &error);
	g_assert_cmpfloat (rate, ==, 0.0);
	g_assert_cmpuint (attempts, ==, 2);
	/* attempts is optional */
	rate = qnav_history_get_success_rate (history, "fp", QNAV_RECOVERY_ACTION_ROLLBACK, NULL,
					      &error);
	g_assert_cmpfloat (rate, ==, -1.0);
	g_assert_no_error (error);

	document = history_document (history, "fp", 0);
	executions = json_object_get_object_member (find_fingerprint (document, "fp"),
						    "executions");
	retry = json_object_get_object_member (executions, "retry");
	g_assert_nonnull (retry);
	g_assert_cmpint (json_object_get_int_member (retry, "attempts"), ==, 5);
	g_assert_cmpint (json_object_get_int_member (retry, "succeeded"), ==, 3);
	g_assert_cmpfloat_with_epsilon (json_object_get_double_member (retry, "success_rate"), 0.6,
					1e-9);
	g_assert_cmpint (json_object_get_int_member (
				 json_object_get_object_member (executions, "wait"), "attempts"),
			 ==, 0);
	/* a failure with executions but no diagnosis still shows, with nothing seen */
	g_assert_cmpint (json_object_get_int_member (find_fingerprint (document, "fp"),
						     "occurrences"),
			 ==, 0);
}

static void
test_storm_window (Fixture *fixture, gconstpointer data)
{
	g_autoptr(QnavHistory) history = open_history (fixture->path);
	g_autoptr(GDateTime) two_hours = ago (2 * 3600);
	g_autoptr(GDateTime) half_hour = ago (1800);
	g_autoptr(GDateTime) ten_minutes = ago (600);
	g_autoptr(GDateTime) hour = ago (3600);
	g_autoptr(GError) error = NULL;

	/* counted: automatic and it acted, within the hour */
	outcome (history, "fp", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_FAILED, TRUE, half_hour);
	outcome (history, "fp", QNAV_RECOVERY_ACTION_WAIT, QNAV_EXECUTION_SUCCEEDED, TRUE,
		 ten_minutes);
	outcome (history, "fp", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_TIMED_OUT, TRUE, NULL);
	/* not counted */
	outcome (history, "fp", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_SUCCEEDED, TRUE,
		 two_hours);
	outcome (history, "fp", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_SUCCEEDED, FALSE,
		 ten_minutes);
	outcome (history, "fp", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_ALREADY_DONE, TRUE,
		 ten_minutes);
	outcome (history, "fp", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_RATE_LIMITED, TRUE,
		 ten_minutes);
	outcome (history, "fp", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_DENIED, TRUE,
		 ten_minutes);
	outcome (history, "fp", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_DRY_RUN, TRUE,
		 ten_minutes);
	outcome (history, "fp", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_MUTED, TRUE,
		 ten_minutes);
	outcome (history, "other", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_SUCCEEDED, TRUE,
		 ten_minutes);

	g_assert_cmpuint (qnav_history_count_automatic_executions (history, "fp", hour, &error), ==,
			  3);
	g_assert_cmpuint (qnav_history_count_automatic_executions (history, "fp", NULL, &error), ==,
			  4);
	g_assert_cmpuint (qnav_history_count_automatic_executions (history, "nobody", hour, &error),
			  ==, 0);
	g_assert_no_error (error);
}

static void
test_escalation (Fixture *fixture, gconstpointer data)
{
	g_autoptr(QnavHistory) history = open_history (fixture->path);
	g_autoptr(GDateTime) earlier = ago (7200);
	g_autoptr(GDateTime) later = ago (60);
	g_autoptr(GDateTime) when = NULL;
	g_autoptr(JsonObject) document = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *url = NULL;
	JsonObject *last;
	guint64 number = 99;

	g_assert_false (qnav_history_get_last_escalation (history, "fp", "acme/infra", &number,
							  &url, &when, &error));
	g_assert_no_error (error);
	g_assert_cmpuint (number, ==, 0);
	g_assert_null (url);
	g_assert_null (when);

	g_assert_true (qnav_history_record_escalation_full (
		history, "fp", "acme/infra", 41, "https://github.com/acme/infra/issues/41",
		QNAV_ESCALATION_CREATED, earlier, &error));
	g_assert_true (qnav_history_record_escalation_full (
		history, "fp", "acme/infra", 42, "https://github.com/acme/infra/issues/42",
		QNAV_ESCALATION_REOPENED, later, &error));
	g_assert_true (qnav_history_record_escalation (history, "fp", "acme/other", 5, NULL,
							&error));
	g_assert_true (qnav_history_record_escalation (history, "other-fp", "acme/infra", 77,
							NULL, &error));
	g_assert_no_error (error);

	/* the latest in that repository; GitHub names ignore case */
	g_assert_true (qnav_history_get_last_escalation (history, "fp", "ACME/Infra", &number, &url,
							 &when, &error));
	g_assert_no_error (error);
	g_assert_cmpuint (number, ==, 42);
	g_assert_cmpstr (url, ==, "https://github.com/acme/infra/issues/42");
	g_assert_cmpint (g_date_time_to_unix (when), ==, g_date_time_to_unix (later));
	g_assert_cmpint (g_date_time_get_microsecond (when), ==,
			 g_date_time_get_microsecond (later));

	/* out values are optional */
	g_assert_true (qnav_history_get_last_escalation (history, "fp", "acme/other", &number, NULL,
							 NULL, &error));
	g_assert_cmpuint (number, ==, 5);
	g_assert_false (qnav_history_get_last_escalation (history, "fp", "acme/nowhere", NULL, NULL,
							  NULL, &error));
	g_assert_no_error (error);

	/* any repository: the latest of all, here the one recorded just now */
	g_assert_true (qnav_history_get_last_escalation (history, "fp", NULL, &number, NULL, NULL,
							 &error));
	g_assert_cmpuint (number, ==, 5);

	document = history_document (history, NULL, 0);
	last = json_object_get_object_member (find_fingerprint (document, "fp"), "last_escalation");
	g_assert_nonnull (last);
	g_assert_cmpint (json_object_get_int_member (last, "issue_number"), ==, 5);
	g_assert_cmpstr (json_object_get_string_member (last, "repository"), ==, "acme/other");
	g_assert_true (json_object_get_null_member (last, "outcome"));
	g_clear_pointer (&document, json_object_unref);

	g_assert_true (qnav_history_record_escalation_full (history, "fp", "acme/infra", 42, NULL,
							     QNAV_ESCALATION_COMMENTED, NULL,
							     &error));
	document = history_document (history, "fp", 0);
	last = json_object_get_object_member (find_fingerprint (document, "fp"), "last_escalation");
	g_assert_cmpstr (json_object_get_string_member (last, "outcome"), ==, "commented");
}

static void
test_events (Fixture *fixture, gconstpointer data)
{
	g_autoptr(QnavHistory) history = open_history (fixture->path);
	g_autoptr(GDateTime) t1 = ago (400);
	g_autoptr(GDateTime) t2 = ago (300);
	g_autoptr(GDateTime) t3 = ago (200);
	g_autoptr(GDateTime) t4 = ago (100);
	g_autoptr(JsonObject) document = NULL;
	g_autoptr(JsonObject) limited = NULL;
	g_autoptr(JsonObject) unknown = NULL;
	g_autoptr(JsonObject) all = NULL;
	g_autoptr(GError) error = NULL;
	JsonObject *entry, *event;
	JsonArray *events;

	record (history, "fp", "network", t1);
	outcome (history, "fp", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_SUCCEEDED, TRUE, t2);
	g_assert_true (qnav_history_record_escalation_full (history, "fp", "acme/infra", 3, NULL,
							     QNAV_ESCALATION_CREATED, t3, &error));
	record (history, "fp", "network", t4);
	record (history, "other", "storage", NULL);

	document = history_document (history, "fp", 0);
	g_assert_cmpuint (json_array_get_length (
				  json_object_get_array_member (document, "fingerprints")),
			  ==, 1);
	entry = find_fingerprint (document, "fp");
	events = json_object_get_array_member (entry, "events");
	g_assert_cmpuint (json_array_get_length (events), ==, 4);
	g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 0),
							"kind"),
			 ==, "diagnosis");
	event = json_array_get_object_element (events, 1);
	g_assert_cmpstr (json_object_get_string_member (event, "kind"), ==, "escalation");
	g_assert_cmpint (json_object_get_int_member (event, "issue_number"), ==, 3);
	event = json_array_get_object_element (events, 2);
	g_assert_cmpstr (json_object_get_string_member (event, "kind"), ==, "execution");
	g_assert_cmpstr (json_object_get_string_member (event, "action"), ==, "retry");
	g_assert_cmpstr (json_object_get_string_member (event, "status"), ==, "succeeded");
	g_assert_true (json_object_get_boolean_member (event, "automatic"));
	g_assert_cmpfloat_with_epsilon (json_object_get_double_member (event, "duration_seconds"),
					1.5, 1e-9);
	event = json_array_get_object_element (events, 3);
	g_assert_cmpstr (json_object_get_string_member (event, "kind"), ==, "diagnosis");
	g_assert_cmpstr (json_object_get_string_member (event, "hostname"), ==, "host1");
	g_assert_cmpstr (json_object_get_string_member (event, "root_cause"), ==, "network");

	/* the limit keeps the newest */
	limited = history_document (history, "fp", 2);
	events = json_object_get_array_member (find_fingerprint (limited, "fp"), "events");
	g_assert_cmpuint (json_array_get_length (events), ==, 2);
	g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (events, 1),
							"kind"),
			 ==, "escalation");

	/* a failure never seen: an empty list, not an error */
	unknown = history_document (history, "0000000000000000", 0);
	g_assert_cmpuint (json_array_get_length (
				  json_object_get_array_member (unknown, "fingerprints")),
			  ==, 0);

	/* without a fingerprint, no events */
	all = history_document (history, NULL, 0);
	g_assert_false (json_object_has_member (find_fingerprint (all, "fp"), "events"));
}

static void
test_redaction (Fixture *fixture, gconstpointer data)
{
	g_autoptr(QnavHistory) history = open_history (fixture->path);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *json = NULL;
	g_autofree gchar *stored = NULL;
	g_autofree gchar *huge = g_strnfill (300 * 1024, 'y');
	sqlite3 *db;

	g_assert_true (qnav_history_record_outcome (
		history, "fp", QNAV_RECOVERY_ACTION_RETRY, QNAV_EXECUTION_FAILED, FALSE, NULL, -1.0,
		"podman login --password S3cr3tValue42 registry.example.com failed", &error));
	g_assert_true (qnav_history_record_outcome (history, "big", QNAV_RECOVERY_ACTION_RETRY,
						    QNAV_EXECUTION_FAILED, FALSE, NULL, -1.0, huge,
						    &error));
	g_assert_no_error (error);
	json = qnav_history_to_json (history, "fp", 0, &error);
	g_assert_no_error (error);
	g_assert_null (strstr (json, "S3cr3tValue42"));
	g_assert_nonnull (strstr (json, "registry.example.com"));
	g_assert_nonnull (strstr (json, "\"duration_seconds\": null"));

	/* not in the file either */
	db = raw_open (fixture->path);
	stored = raw_text (db, "SELECT group_concat(message, '|') FROM executions");
	g_assert_null (strstr (stored, "S3cr3tValue42"));
	g_assert_cmpint (raw_int (db, "SELECT MAX(length(message)) FROM executions"), <=,
			 64 * 1024);
	sqlite3_close (db);
}

static void
test_invalid_input (Fixture *fixture, gconstpointer data)
{
	g_autoptr(QnavHistory) history = open_history (fixture->path);
	g_autoptr(QnavFailureAnalysis) no_fingerprint = NULL;
	g_autoptr(GError) error = NULL;

	no_fingerprint = qnav_failure_analysis_new_from_json (
		"{\"root_cause\": \"network\", \"confidence\": 0.5}", -1, &error);
	g_assert_no_error (error);
	g_assert_false (qnav_history_record_analysis (history, no_fingerprint, &error));
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
	g_assert_nonnull (strstr (error->message, "fingerprint"));
	g_clear_error (&error);

	g_assert_false (qnav_history_record_outcome (history, "fp", (QnavRecoveryAction) 99,
						     QNAV_EXECUTION_FAILED, FALSE, NULL, -1, NULL,
						     &error));
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT);
	g_clear_error (&error);
	g_assert_false (qnav_history_record_escalation (history, "fp", "", 1, NULL, &error));
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT);
	g_clear_error (&error);

	g_assert_cmpfloat (qnav_history_get_success_rate (history, "fp", (QnavRecoveryAction) 99,
							  NULL, &error),
			   ==, -1.0);
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT);
}

/* The unversioned layout of development snapshots, as qnav-history.c describes it. */
static void
test_migrate_v0 (Fixture *fixture, gconstpointer data)
{
	g_autoptr(QnavHistory) history = NULL;
	g_autoptr(GDateTime) when = NULL;
	g_autoptr(GDateTime) expected = g_date_time_new_from_iso8601 ("2024-05-14T10:00:02Z", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonObject) document = NULL;
	g_autofree gchar *url = NULL;
	JsonObject *entry;
	guint64 number = 0;
	sqlite3 *db;

	db = raw_open (fixture->path);
	raw_exec (db, "CREATE TABLE diagnoses (timestamp TEXT NOT NULL, fingerprint TEXT NOT NULL,"
		      " plugin TEXT, root_cause TEXT, confidence REAL);"
		      "CREATE TABLE escalations (timestamp TEXT NOT NULL,"
		      " fingerprint TEXT NOT NULL, repository TEXT, issue_number INTEGER,"
		      " url TEXT);"
		      "INSERT INTO diagnoses VALUES"
		      " ('2024-05-14T10:00:00Z', 'aaaa', 'kvm', 'virtualization', 0.9),"
		      " ('2024-05-14T10:00:01.500000+00:00', 'aaaa', 'kvm', 'virtualization', 0.9),"
		      " ('not a time', 'aaaa', 'kvm', NULL, NULL),"
		      " ('2024-05-14T11:00:00Z', 'bbbb', 'airflow', 'timeout', 0.7);"
		      "INSERT INTO escalations VALUES"
		      " ('2024-05-14T10:00:02Z', 'aaaa', 'acme/infra', 12, 'https://x/12');");
	g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 0);
	sqlite3_close (db);

	history = open_history (fixture->path);
	g_assert_cmpuint (qnav_history_count_occurrences (history, "aaaa", NULL, &error), ==, 3);
	g_assert_cmpuint (qnav_history_count_occurrences (history, "bbbb", NULL, &error), ==, 1);
	g_assert_true (qnav_history_get_last_escalation (history, "aaaa", "acme/infra", &number,
							 &url, &when, &error));
	g_assert_no_error (error);
	g_assert_cmpuint (number, ==, 12);
	g_assert_cmpstr (url, ==, "https://x/12");
	g_assert_true (g_date_time_equal (when, expected));
	document = history_document (history, "aaaa", 0);
	entry = find_fingerprint (document, "aaaa");
	g_assert_cmpstr (json_object_get_string_member (entry, "last_seen"), ==,
			 "2024-05-14T10:00:01.500000Z");
	/* the row whose time did not parse is kept, at the epoch */
	g_assert_cmpstr (json_object_get_string_member (entry, "first_seen"), ==,
			 "1970-01-01T00:00:00.000000Z");

	/* and it is a version 1 history now, which takes new rows */
	record (history, "aaaa", "virtualization", NULL);
	g_clear_object (&history);
	db = raw_open (fixture->path);
	g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 1);
	g_assert_cmpint (raw_int (db, "SELECT COUNT(*) FROM sqlite_schema WHERE name LIKE 'old_%'"),
			 ==, 0);
	g_assert_cmpint (raw_int (db, "SELECT COUNT(*) FROM diagnoses"), ==, 5);
	sqlite3_close (db);
	assert_integrity (fixture->path);
}

static void
test_newer_version (Fixture *fixture, gconstpointer data)
{
	g_autofree gchar *mode = NULL;
	g_autoptr(QnavHistory) history = NULL;
	g_autoptr(GError) error = NULL;
	sqlite3 *db;

	db = raw_open (fixture->path);
	raw_exec (db, "CREATE TABLE diagnoses (id INTEGER PRIMARY KEY, time INTEGER, x BLOB);"
		      "INSERT INTO diagnoses (time) VALUES (1);"
		      "PRAGMA user_version = 2;");
	sqlite3_close (db);

	history = qnav_history_new (fixture->path, &error);
	g_assert_null (history);
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_UNSUPPORTED);
	g_assert_nonnull (strstr (error->message, "written by a newer qnav"));
	g_assert_nonnull (strstr (error->message, fixture->path));

	/* untouched */
	db = raw_open (fixture->path);
	mode = raw_text (db, "PRAGMA journal_mode");
	g_assert_cmpstr (mode, ==, "delete");
	g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 2);
	g_assert_cmpint (raw_int (db, "SELECT COUNT(*) FROM sqlite_schema"), ==, 1);
	sqlite3_close (db);
}

static void
test_corrupt (Fixture *fixture, gconstpointer data)
{
	g_autofree gchar *garbage = g_strnfill (8192, 'Q');
	g_autofree gchar *foreign = g_build_filename (fixture->dir, "app.db", NULL);
	g_autofree gchar *under_file = g_build_filename (fixture->path, "h.db", NULL);
	g_autofree gchar *mode = NULL;
	g_autoptr(QnavHistory) history = NULL;
	g_autoptr(GError) error = NULL;
	g_autofree gchar *after = NULL;
	gsize length = 0;
	sqlite3 *db;

	/* not a database at all */
	g_assert_true (g_file_set_contents (fixture->path, garbage, -1, NULL));
	history = qnav_history_new (fixture->path, &error);
	g_assert_null (history);
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
	g_assert_nonnull (strstr (error->message, fixture->path));
	g_test_message ("%s", error->message);
	g_clear_error (&error);
	g_assert_true (g_file_get_contents (fixture->path, &after, &length, NULL));
	g_assert_cmpstr (after, ==, garbage);

	/* a path that cannot be a file: its "directory" is the garbage file */
	history = qnav_history_new (under_file, &error);
	g_assert_null (history);
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_IO);
	g_clear_error (&error);

	/* some other program's database */
	db = raw_open (foreign);
	raw_exec (db, "CREATE TABLE users (name TEXT)");
	sqlite3_close (db);
	history = qnav_history_new (foreign, &error);
	g_assert_null (history);
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
	g_assert_nonnull (strstr (error->message, "users"));
	g_clear_error (&error);
	db = raw_open (foreign);
	g_assert_cmpint (raw_int (db, "SELECT COUNT(*) FROM sqlite_schema"), ==, 1);
	mode = raw_text (db, "PRAGMA journal_mode");
	g_assert_cmpstr (mode, ==, "delete");
	sqlite3_close (db);
}

static void
test_damaged_page (Fixture *fixture, gconstpointer data)
{
	g_autoptr(QnavHistory) history = open_history (fixture->path);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *contents = NULL;
	g_autofree gchar *json = NULL;
	gsize length = 0;

	for (guint i = 0; i < 400; i++)
		record (history, i % 2 ? "even" : "odd", "network", NULL);
	g_clear_object (&history); /* checkpoints the WAL into the file */

	/* scribble over everything after the first page */
	g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
	g_assert_cmpuint (length, >, 8192);
	memset (contents + 4096, 0x5a, length - 4096);
	g_assert_true (g_file_set_contents (fixture->path, contents, (gssize) length, NULL));

	history = qnav_history_new (fixture->path, &error);
	if (history != NULL)
		json = qnav_history_to_json (history, NULL, 0, &error);
	g_assert_null (json);
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
	g_assert_nonnull (strstr (error->message, fixture->path));
}

typedef struct {
	QnavHistory *history;
	guint thread;
} ThreadData;

static gpointer
thread_writer (gpointer user_data)
{
	ThreadData *data = user_data;
	g_autofree gchar *fingerprint = g_strdup_printf ("thread-%u", data->thread);

	for (guint i = 0; i < 200; i++) {
		record (data->history, fingerprint, "network", NULL);
		record (data->history, "shared", "network", NULL);
		g_assert_cmpuint (qnav_history_count_occurrences (data->history, fingerprint, NULL,
								  NULL),
				  ==, i + 1);
	}
	return NULL;
}

static void
test_threads (Fixture *fixture, gconstpointer data)
{
	g_autoptr(QnavHistory) history = open_history (fixture->path);
	ThreadData threads[4];
	GThread *handles[4];

	for (guint i = 0; i < G_N_ELEMENTS (threads); i++) {
		threads[i] = (ThreadData) { history, i };
		handles[i] = g_thread_new ("writer", thread_writer, &threads[i]);
	}
	for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
		g_thread_join (handles[i]);
	g_assert_cmpuint (qnav_history_count_occurrences (history, "shared", NULL, NULL), ==, 800);
}

#define N_WRITERS 8
#define PER_WRITER 500
#define N_FINGERPRINTS 5

static void
test_concurrent_processes (Fixture *fixture, gconstpointer data)
{
	g_autofree gchar *helper = helper_path ();
	GSubprocess *writers[N_WRITERS];
	g_autoptr(QnavHistory) history = NULL;
	g_autoptr(GError) error = NULL;
	gint64 started;
	sqlite3 *db;

	/* all start on a file that does not exist yet: they race to create it, too */
	for (guint i = 0; i < N_WRITERS; i++) {
		g_autofree gchar *writer = g_strdup_printf ("%u", i);
		g_autofree gchar *count = g_strdup_printf ("%u", PER_WRITER);
		g_autofree gchar *n = g_strdup_printf ("%u", N_FINGERPRINTS);
		writers[i] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, helper,
					       "write", fixture->path, writer, count, n, NULL);
		g_assert_no_error (error);
	}
	g_usleep (100 * 1000);
	started = g_get_monotonic_time ();
	for (guint i = 0; i < N_WRITERS; i++) {
		GOutputStream *input = g_subprocess_get_stdin_pipe (writers[i]);
		g_assert_true (g_output_stream_write_all (input, "go\n", 3, NULL, NULL, &error));
		g_assert_true (g_output_stream_close (input, NULL, &error));
		g_assert_no_error (error);
	}
	for (guint i = 0; i < N_WRITERS; i++) {
		g_assert_true (g_subprocess_wait (writers[i], NULL, &error));
		g_assert_no_error (error);
		g_assert_true (g_subprocess_get_if_exited (writers[i]));
		g_assert_cmpint (g_subprocess_get_exit_status (writers[i]), ==, 0);
		g_object_unref (writers[i]);
	}
	g_test_message ("%d processes wrote %d diagnoses in %.2f s", N_WRITERS,
			N_WRITERS * PER_WRITER,
			(gdouble) (g_get_monotonic_time () - started) / G_USEC_PER_SEC);

	history = open_history (fixture->path);
	for (guint f = 0; f < N_FINGERPRINTS; f++) {
		g_autofree gchar *fingerprint = g_strdup_printf ("fp-%u", f);
		g_assert_cmpuint (
			qnav_history_count_occurrences (history, fingerprint, NULL, &error), ==,
			N_WRITERS * PER_WRITER / N_FINGERPRINTS);
		g_assert_no_error (error);
	}
	g_clear_object (&history);

	db = raw_open (fixture->path);
	g_assert_cmpint (raw_int (db, "SELECT COUNT(*) FROM diagnoses"), ==,
			 N_WRITERS * PER_WRITER);
	for (guint i = 0; i < N_WRITERS; i++) {
		g_autofree gchar *sql = g_strdup_printf (
			"SELECT COUNT(*) FROM diagnoses WHERE hostname = 'writer-%u'", i);
		g_assert_cmpint (raw_int (db, sql), ==, PER_WRITER);
	}
	g_assert_cmpint (raw_int (db, "SELECT COUNT(DISTINCT id) FROM diagnoses"), ==,
			 N_WRITERS * PER_WRITER);
	sqlite3_close (db);
	assert_integrity (fixture->path);
}

static goffset
file_size (const gchar *path)
{
	GStatBuf st;

	return g_stat (path, &st) == 0 ? (goffset) st.st_size : 0;
}

/* What every qnav command does: open the history, record, close. However many commands run,
 * the WAL file stays small (each one reads it back when it opens the file), and everything
 * they recorded is there. */
static void
test_short_lived_connections (Fixture *fixture, gconstpointer data)
{
	g_autofree gchar *wal = g_strconcat (fixture->path, "-wal", NULL);
	/* a frame is a page and its 24-byte header; one recording writes a handful of pages */
	const goffset bound = 32 + (QNAV_HISTORY_CHECKPOINT_PAGES + 16) * (4096 + 24);
	goffset largest = 0;
	guint checkpoints = 0;
	sqlite3 *db;

	for (guint i = 0; i < 300; i++) {
		g_autoptr(QnavHistory) history = open_history (fixture->path);
		goffset before = file_size (wal), after;

		record (history, i % 2 == 0 ? "even" : "odd", "network", NULL);
		g_clear_object (&history);
		after = file_size (wal);
		largest = MAX (largest, after);
		if (after < before)
			checkpoints++;
	}
	g_test_message ("largest WAL file: %" G_GOFFSET_FORMAT " bytes; %u checkpoints",
			largest, checkpoints);
	g_assert_cmpint (largest, <=, bound);
	g_assert_cmpuint (checkpoints, >=, 2);
	/* a checkpoint leaves the WAL file empty rather than deleted (it is reused) */
	g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

	{
		g_autoptr(QnavHistory) history = open_history (fixture->path);
		g_assert_cmpuint (qnav_history_count_occurrences (history, "even", NULL, NULL), ==,
				  150);
		g_assert_cmpuint (qnav_history_count_occurrences (history, "odd", NULL, NULL), ==,
				  150);
	}
	db = raw_open (fixture->path);
	g_assert_cmpint (raw_int (db, "SELECT COUNT(*) FROM diagnoses"), ==, 300);
	sqlite3_close (db);
	assert_integrity (fixture->path);
}

/* A process that keeps the history open (a service on the library) checkpoints as it goes:
 * its WAL file does not grow with all it ever recorded. */
static void
test_long_lived_connection (Fixture *fixture, gconstpointer data)
{
	g_autofree gchar *wal = g_strconcat (fixture->path, "-wal", NULL);
	g_autoptr(QnavHistory) history = open_history (fixture->path);
	const goffset bound = 32 + (QNAV_HISTORY_AUTOCHECKPOINT_PAGES + 16) * (4096 + 24);
	g_autoptr(QnavFailureAnalysis) analysis = make_analysis ("steady", "network", NULL, NULL);
	goffset largest = 0;

	/* some 2,000 recordings write several times as many pages as the bound holds */
	for (guint i = 0; i < 2000; i++) {
		g_autoptr(GError) error = NULL;
		g_assert_true (qnav_history_record_analysis (history, analysis, &error));
		g_assert_no_error (error);
		largest = MAX (largest, file_size (wal));
	}
	g_test_message ("largest WAL file: %" G_GOFFSET_FORMAT " bytes", largest);
	g_assert_cmpint (largest, <=, bound);
	g_assert_cmpuint (qnav_history_count_occurrences (history, "steady", NULL, NULL), ==, 2000);
	g_clear_object (&history);
	assert_integrity (fixture->path);
}

/* Waits up to @seconds for a line from the child. */
static gchar *
read_line_with_timeout (GSubprocess *process, guint seconds)
{
	GInputStream *output = g_subprocess_get_stdout_pipe (process);
	gint fd = g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (output));
	GString *line = g_string_new (NULL);
	gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

	while (g_get_monotonic_time () < deadline) {
		GPollFD poll_fd = { fd, G_IO_IN | G_IO_HUP, 0 };
		gchar c;
		gssize got;

		if (g_poll (&poll_fd, 1, 100) <= 0)
			continue;
		got = read (fd, &c, 1);
		if (got <= 0 || c == '\n')
			break;
		g_string_append_c (line, c);
	}
	return g_string_free (line, FALSE);
}

#define COMMITTED 25

static void
test_killed_writer (Fixture *fixture, gconstpointer data)
{
	g_autofree gchar *helper = helper_path ();
	g_autofree gchar *committed = g_strdup_printf ("%d", COMMITTED);
	g_autofree gchar *wal = g_strconcat (fixture->path, "-wal", NULL);
	g_autofree gchar *line = NULL;
	g_autoptr(GSubprocess) victim = NULL;
	g_autoptr(QnavHistory) history = NULL;
	g_autoptr(GError) error = NULL;
	GStatBuf info;

	victim = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, helper, "die",
				   fixture->path, committed, NULL);
	g_assert_no_error (error);
	line = read_line_with_timeout (victim, 60);
	g_assert_cmpstr (line, ==, "ready");

	/* the victim is inside its transaction, with uncommitted pages in the WAL */
	g_assert_cmpint (g_stat (wal, &info), ==, 0);
	g_assert_cmpint (info.st_size, >, 512 * 1024);
	g_subprocess_force_exit (victim);
	g_assert_true (g_subprocess_wait (victim, NULL, &error));
	g_assert_true (g_subprocess_get_if_signaled (victim));
	g_assert_cmpint (g_subprocess_get_term_sig (victim), ==, SIGKILL);

	history = open_history (fixture->path);
	g_assert_cmpuint (qnav_history_count_occurrences (history, "committed", NULL, &error), ==,
			  COMMITTED);
	g_assert_cmpuint (qnav_history_count_occurrences (history, "uncommitted", NULL, &error), ==,
			  0);
	g_assert_no_error (error);
	assert_integrity (fixture->path);

	/* and the history goes on */
	for (guint i = 0; i < 10; i++)
		record (history, "after", "network", NULL);
	g_assert_cmpuint (qnav_history_count_occurrences (history, "after", NULL, &error), ==, 10);
	g_assert_cmpuint (qnav_history_count_occurrences (history, "committed", NULL, &error), ==,
			  COMMITTED);
	g_clear_object (&history);
	assert_integrity (fixture->path);
}

typedef struct {
	gchar *path;
	GMutex mutex;
	GCond cond;
	gboolean locked;
} Locker;

static gpointer
hold_write_lock (gpointer user_data)
{
	Locker *locker = user_data;
	sqlite3 *db = raw_open (locker->path);

	raw_exec (db, "BEGIN IMMEDIATE; INSERT INTO escalations (time, fingerprint, repository,"
		      " issue_number) VALUES (1, 'locker', 'acme/infra', 1)");
	g_mutex_lock (&locker->mutex);
	locker->locked = TRUE;
	g_cond_signal (&locker->cond);
	g_mutex_unlock (&locker->mutex);
	g_usleep (300 * 1000);
	raw_exec (db, "COMMIT");
	sqlite3_close (db);
	return NULL;
}

static void
test_waits_for_writer (Fixture *fixture, gconstpointer data)
{
	g_autoptr(QnavHistory) history = open_history (fixture->path);
	Locker locker = { fixture->path };
	GThread *thread;
	gint64 started;

	g_mutex_init (&locker.mutex);
	g_cond_init (&locker.cond);
	thread = g_thread_new ("locker", hold_write_lock, &locker);
	g_mutex_lock (&locker.mutex);
	while (!locker.locked)
		g_cond_wait (&locker.cond, &locker.mutex);
	g_mutex_unlock (&locker.mutex);

	/* another process holds the write lock for 300 ms: the record waits, then goes in */
	started = g_get_monotonic_time ();
	record (history, "fp", "network", NULL);
	g_assert_cmpint (g_get_monotonic_time () - started, >=, 100 * 1000);
	g_thread_join (thread);
	g_assert_cmpuint (qnav_history_count_occurrences (history, "fp", NULL, NULL), ==, 1);
	g_assert_true (qnav_history_get_last_escalation (history, "locker", NULL, NULL, NULL, NULL,
							 NULL));
	g_mutex_clear (&locker.mutex);
	g_cond_clear (&locker.cond);
}

static void
test_initable (Fixture *fixture, gconstpointer data)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavHistory) history = NULL;
	g_autofree gchar *path = NULL;

	/* as bindings construct it: with g_object_new, and opened on first use */
	history = g_object_new (QNAV_TYPE_HISTORY, "path", fixture->path, NULL);
	g_object_get (history, "path", &path, NULL);
	g_assert_cmpstr (path, ==, fixture->path);
	record (history, "fp", "network", NULL);
	g_assert_cmpuint (qnav_history_count_occurrences (history, "fp", NULL, &error), ==, 1);
	g_assert_true (g_initable_init (G_INITABLE (history), NULL, &error));
	g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
	g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
	g_test_add ("/qnav/history/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
	ADD ("default-path", test_default_path);
	ADD ("create", test_create);
	ADD ("initable", test_initable);
	ADD ("analysis-round-trip", test_analysis_round_trip);
	ADD ("newest-first", test_newest_first);
	ADD ("occurrences-window", test_occurrences_window);
	ADD ("success-rate", test_success_rate);
	ADD ("storm-window", test_storm_window);
	ADD ("escalation", test_escalation);
	ADD ("events", test_events);
	ADD ("redaction", test_redaction);
	ADD ("invalid-input", test_invalid_input);
	ADD ("migrate-v0", test_migrate_v0);
	ADD ("newer-version", test_newer_version);
	ADD ("corrupt", test_corrupt);
	ADD ("damaged-page", test_damaged_page);
	ADD ("threads", test_threads);
	ADD ("waits-for-writer", test_waits_for_writer);
	ADD ("concurrent-processes", test_concurrent_processes);
	ADD ("short-lived-connections", test_short_lived_connections);
	ADD ("long-lived-connection", test_long_lived_connection);
	ADD ("killed-writer", test_killed_writer);
#undef ADD
	return g_test_run ();
}
