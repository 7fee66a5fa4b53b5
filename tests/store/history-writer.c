/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* A qnav process that writes to a history, for the tests that need several processes or one
 * that dies:
 *
 *   history-writer write DB WRITER COUNT FINGERPRINTS
 *       waits for a line on stdin, then records COUNT diagnoses from host "writer-WRITER", the
 *       i-th under fingerprint "fp-(i % FINGERPRINTS)", reading the counts back now and then;
 *       exits 0 when all went in
 *   history-writer die DB COMMITTED
 *       records COMMITTED diagnoses of "committed", then starts one more write, adds a few
 *       thousand rows of "uncommitted" to that transaction (enough that SQLite spills them into
 *       the WAL file), prints "ready" and sleeps until it is killed
 */

#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <qnav.h>

#include "qnav-history-private.h"

static QnavFailureAnalysis *
make_analysis (const gchar *fingerprint, const gchar *hostname)
{
	g_autoptr(GError) error = NULL;
	g_autofree gchar *json =
		g_strdup_printf ("{\"schema_version\": 1, \"plugin\": \"writer\","
				 " \"root_cause\": \"network\", \"confidence\": 0.75,"
				 " \"fingerprint\": \"%s\", \"context\": {\"hostname\": \"%s\"}}",
				 fingerprint, hostname);
	QnavFailureAnalysis *analysis = qnav_failure_analysis_new_from_json (json, -1, &error);

	if (analysis == NULL)
		g_error ("history-writer: %s", error->message);
	return analysis;
}

static int
write_many (const gchar *path, guint writer, guint count, guint n_fingerprints)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavHistory) history = NULL;
	g_autofree gchar *hostname = g_strdup_printf ("writer-%u", writer);
	guint last_seen = 0;
	gchar go[8];

	/* the parent starts every writer, then lets them all go at once: they open (and create)
	 * the history together and write together */
	if (fgets (go, sizeof go, stdin) == NULL) {
		g_printerr ("history-writer %u: no go\n", writer);
		return 1;
	}
	history = qnav_history_new (path, &error);
	if (history == NULL) {
		g_printerr ("history-writer %u: %s\n", writer, error->message);
		return 1;
	}
	for (guint i = 0; i < count; i++) {
		g_autofree gchar *fingerprint = g_strdup_printf ("fp-%u", i % n_fingerprints);
		g_autoptr(QnavFailureAnalysis) analysis = make_analysis (fingerprint, hostname);

		if (!qnav_history_record_analysis (history, analysis, &error)) {
			g_printerr ("history-writer %u: record %u: %s\n", writer, i,
				    error->message);
			return 1;
		}
		/* readers run between the writers too; what they see only grows */
		if (i % 50 == 49) {
			guint seen = qnav_history_count_occurrences (history, "fp-0", NULL, &error);
			if (error != NULL) {
				g_printerr ("history-writer %u: count: %s\n", writer,
					    error->message);
				return 1;
			}
			if (seen < last_seen) {
				g_printerr ("history-writer %u: count went down from %u to %u\n",
					    writer, last_seen, seen);
				return 1;
			}
			last_seen = seen;
		}
	}
	return 0;
}

static void
die_mid_transaction (gpointer connection, gpointer user_data)
{
	sqlite3 *db = connection;
	sqlite3_stmt *stmt = NULL;

	/* a small page cache makes SQLite write the transaction's pages to the WAL before the
	 * commit, as a large write would: the kill then leaves uncommitted frames on disk */
	sqlite3_exec (db, "PRAGMA cache_size = 4", NULL, NULL, NULL);
	if (sqlite3_prepare_v2 (db,
				"INSERT INTO diagnoses (time, fingerprint, plugin, root_cause,"
				" confidence, hostname) VALUES (?1, 'uncommitted', 'writer',"
				" 'network', 0.5, ?2)",
				-1, &stmt, NULL) != SQLITE_OK)
		g_error ("history-writer: %s", sqlite3_errmsg (db));
	for (guint i = 0; i < 3000; i++) {
		g_autofree gchar *padding = g_strnfill (400, 'x');
		sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
		sqlite3_bind_text (stmt, 2, padding, -1, SQLITE_TRANSIENT);
		if (sqlite3_step (stmt) != SQLITE_DONE)
			g_error ("history-writer: %s", sqlite3_errmsg (db));
		sqlite3_reset (stmt);
	}
	sqlite3_finalize (stmt);
	fputs ("ready\n", stdout);
	fflush (stdout);
	for (;;)
		pause ();
}

static int
die (const gchar *path, guint committed)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavHistory) history = qnav_history_new (path, &error);
	g_autoptr(QnavFailureAnalysis) last = NULL;

	if (history == NULL) {
		g_printerr ("history-writer: %s\n", error->message);
		return 1;
	}
	for (guint i = 0; i < committed; i++) {
		g_autoptr(QnavFailureAnalysis) analysis = make_analysis ("committed", "victim");
		if (!qnav_history_record_analysis (history, analysis, &error)) {
			g_printerr ("history-writer: %s\n", error->message);
			return 1;
		}
	}
	qnav_history_set_test_hook (history, die_mid_transaction, NULL);
	last = make_analysis ("uncommitted", "victim");
	(void) qnav_history_record_analysis (history, last, NULL);
	g_printerr ("history-writer: the write returned instead of waiting to be killed\n");
	return 1;
}

int
main (int argc, char **argv)
{
	if (argc == 6 && g_str_equal (argv[1], "write"))
		return write_many (argv[2], (guint) atoi (argv[3]), (guint) atoi (argv[4]),
				   (guint) MAX (1, atoi (argv[5])));
	if (argc == 4 && g_str_equal (argv[1], "die"))
		return die (argv[2], (guint) atoi (argv[3]));
	g_printerr ("usage: history-writer write DB WRITER COUNT FINGERPRINTS\n"
		    "       history-writer die DB COMMITTED\n");
	return 2;
}
