/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "qnav-error.h"
#include "qnav-history-private.h"
#include "qnav-json-private.h"
#include "qnav-recovery-plan-private.h"
#include "qnav-redact-private.h"

/**
 * QnavHistory:
 *
 * What happened before, per failure fingerprint: each diagnosis, each recovery plan, each
 * execution of a recovery option and its outcome, each escalation to an issue tracker. The
 * planner ranks options by their measured success rate, the executor's storm limit counts the
 * automatic recoveries of the last hour, and escalation finds the issue it opened last time.
 *
 * The history is an SQLite database in WAL mode, by default under `$XDG_STATE_HOME/qnav/`, or
 * `/var/lib/qnav/` for root (qnav_history_default_path()). Every write is one short
 * transaction, so several qnav processes (parallel Ansible forks on one host) can record at
 * once, and a process killed in the middle of a write loses only that write. A history
 * object can be shared between threads.
 *
 * The database carries its schema version in `PRAGMA user_version`; an older layout is
 * migrated when it is opened, and a database written by a newer qnav is refused rather than
 * damaged.
 *
 * Since: 0.1
 */

/* µs since the Unix epoch, UTC: sortable, indexable and exact. */
typedef gint64 Usec;

typedef enum {
	STMT_BEGIN_WRITE,
	STMT_BEGIN_READ,
	STMT_COMMIT,
	STMT_INSERT_DIAGNOSIS,
	STMT_INSERT_PLAN,
	STMT_INSERT_EXECUTION,
	STMT_INSERT_ESCALATION,
	STMT_COUNT_OCCURRENCES,
	STMT_SUCCESS_RATE,
	STMT_COUNT_AUTOMATIC,
	STMT_LAST_ESCALATION,
	STMT_LAST_ESCALATION_ANY,
	STMT_ALL_FINGERPRINTS,
	STMT_RECENT_DIAGNOSES,
	STMT_RECENT_PLANS,
	STMT_RECENT_EXECUTIONS,
	STMT_RECENT_ESCALATIONS,
	STMT_FINGERPRINT_KNOWN,
	STMT_DIAGNOSIS_SUMMARY,
	STMT_LATEST_DIAGNOSIS,
	STMT_EXECUTIONS_BY_ACTION,
	STMT_DIAGNOSIS_EVENTS,
	STMT_PLAN_EVENTS,
	STMT_EXECUTION_EVENTS,
	STMT_ESCALATION_EVENTS,
	N_STATEMENTS
} Statement;

/* Statuses whose execution ran the option's commands (or found the state already right): the
 * attempts a success rate is measured over. Denied, muted, rate-limited, dry-run and manual
 * executions ran nothing and say nothing about whether the action works. */

#define RAN_STATUSES "('succeeded', 'already_done', 'failed', 'not_held', 'timed_out')"
#define SUCCESS_STATUSES "('succeeded', 'already_done')"
/* What the storm limit counts: executions that changed something on the host. An
 * "already_done" ran only its check. */
#define ACTED_STATUSES "('succeeded', 'failed', 'not_held', 'timed_out')"

static const gchar *const statement_sql[N_STATEMENTS] = {
	[STMT_BEGIN_WRITE] = "BEGIN IMMEDIATE",
	[STMT_BEGIN_READ] = "BEGIN",
	[STMT_COMMIT] = "COMMIT",
	[STMT_INSERT_DIAGNOSIS] =
		"INSERT INTO diagnoses (time, fingerprint, plugin, root_cause, confidence,"
		" hostname) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[STMT_INSERT_PLAN] = "INSERT INTO plans (time, fingerprint, recommended, plan)"
			     " VALUES (?1, ?2, ?3, ?4)",
	[STMT_INSERT_EXECUTION] = "INSERT INTO executions (time, fingerprint, action, status,"
				  " automatic, duration, message)"
				  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[STMT_INSERT_ESCALATION] = "INSERT INTO escalations (time, fingerprint, repository,"
				   " issue_number, url, outcome) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[STMT_COUNT_OCCURRENCES] =
		"SELECT COUNT(*) FROM diagnoses WHERE fingerprint = ?1 AND time >= ?2",
	[STMT_SUCCESS_RATE] = "SELECT COUNT(*), COALESCE(SUM(status IN " SUCCESS_STATUSES "), 0)"
			      " FROM executions WHERE fingerprint = ?1 AND action = ?2"
			      " AND status IN " RAN_STATUSES,
	[STMT_COUNT_AUTOMATIC] = "SELECT COUNT(*) FROM executions WHERE fingerprint = ?1"
				 " AND time >= ?2 AND automatic = 1"
				 " AND status IN " ACTED_STATUSES,
	[STMT_LAST_ESCALATION] = "SELECT issue_number, url, time, repository, outcome"
				 " FROM escalations WHERE fingerprint = ?1 AND repository = ?2"
				 " ORDER BY time DESC, id DESC LIMIT 1",
	[STMT_LAST_ESCALATION_ANY] = "SELECT issue_number, url, time, repository, outcome"
				     " FROM escalations WHERE fingerprint = ?1"
				     " ORDER BY time DESC, id DESC LIMIT 1",
	/* every failure, ordered by whatever happened to it last */
	[STMT_ALL_FINGERPRINTS] =
		"SELECT fingerprint, MAX(last) AS latest FROM ("
		" SELECT fingerprint, MAX(time) AS last FROM diagnoses GROUP BY fingerprint"
		" UNION ALL SELECT fingerprint, MAX(time) FROM plans GROUP BY fingerprint"
		" UNION ALL SELECT fingerprint, MAX(time) FROM executions GROUP BY fingerprint"
		" UNION ALL SELECT fingerprint, MAX(time) FROM escalations GROUP BY fingerprint)"
		" GROUP BY fingerprint ORDER BY latest DESC, fingerprint",
	/* each table newest first, along its (time, fingerprint) index */
	[STMT_RECENT_DIAGNOSES] = "SELECT fingerprint, time FROM diagnoses ORDER BY time DESC",
	[STMT_RECENT_PLANS] = "SELECT fingerprint, time FROM plans ORDER BY time DESC",
	[STMT_RECENT_EXECUTIONS] = "SELECT fingerprint, time FROM executions ORDER BY time DESC",
	[STMT_RECENT_ESCALATIONS] = "SELECT fingerprint, time FROM escalations ORDER BY time DESC",
	[STMT_FINGERPRINT_KNOWN] =
		"SELECT EXISTS (SELECT 1 FROM diagnoses WHERE fingerprint = ?1)"
		" OR EXISTS (SELECT 1 FROM plans WHERE fingerprint = ?1)"
		" OR EXISTS (SELECT 1 FROM executions WHERE fingerprint = ?1)"
		" OR EXISTS (SELECT 1 FROM escalations WHERE fingerprint = ?1)",
	[STMT_DIAGNOSIS_SUMMARY] =
		"SELECT COUNT(*), MIN(time), MAX(time) FROM diagnoses WHERE fingerprint = ?1",
	[STMT_LATEST_DIAGNOSIS] = "SELECT root_cause, plugin FROM diagnoses WHERE fingerprint = ?1"
				  " ORDER BY time DESC, id DESC LIMIT 1",
	[STMT_EXECUTIONS_BY_ACTION] =
		"SELECT action, COALESCE(SUM(status IN " RAN_STATUSES "), 0),"
		" COALESCE(SUM(status IN " SUCCESS_STATUSES "), 0)"
		" FROM executions WHERE fingerprint = ?1 GROUP BY action ORDER BY action",
	[STMT_DIAGNOSIS_EVENTS] = "SELECT id, time, plugin, root_cause, confidence, hostname"
				  " FROM diagnoses WHERE fingerprint = ?1"
				  " ORDER BY time DESC, id DESC LIMIT ?2",
	[STMT_PLAN_EVENTS] = "SELECT id, time, recommended, plan FROM plans WHERE fingerprint = ?1"
			     " ORDER BY time DESC, id DESC LIMIT ?2",
	[STMT_EXECUTION_EVENTS] = "SELECT id, time, action, status, automatic, duration, message"
				  " FROM executions WHERE fingerprint = ?1"
				  " ORDER BY time DESC, id DESC LIMIT ?2",
	[STMT_ESCALATION_EVENTS] = "SELECT id, time, repository, issue_number, url, outcome"
				   " FROM escalations WHERE fingerprint = ?1"
				   " ORDER BY time DESC, id DESC LIMIT ?2",
};

/* Schema version 1. Times are µs since the epoch (UTC); repositories compare as GitHub does,
 * without regard to case. */
static const gchar schema_v1[] =
	"CREATE TABLE diagnoses ("
	" id INTEGER PRIMARY KEY,"
	" time INTEGER NOT NULL,"
	" fingerprint TEXT NOT NULL,"
	" plugin TEXT,"
	" root_cause TEXT NOT NULL,"
	" confidence REAL NOT NULL,"
	" hostname TEXT);"
	"CREATE INDEX diagnoses_by_fingerprint ON diagnoses (fingerprint, time);"
	"CREATE INDEX diagnoses_by_time ON diagnoses (time, fingerprint);"
	"CREATE TABLE plans ("
	" id INTEGER PRIMARY KEY,"
	" time INTEGER NOT NULL,"
	" fingerprint TEXT NOT NULL,"
	" recommended TEXT,"
	" plan TEXT NOT NULL);"
	"CREATE INDEX plans_by_fingerprint ON plans (fingerprint, time);"
	"CREATE INDEX plans_by_time ON plans (time, fingerprint);"
	"CREATE TABLE executions ("
	" id INTEGER PRIMARY KEY,"
	" time INTEGER NOT NULL,"
	" fingerprint TEXT NOT NULL,"
	" action TEXT NOT NULL,"
	" status TEXT NOT NULL,"
	" automatic INTEGER NOT NULL,"
	" duration REAL,"
	" message TEXT);"
	"CREATE INDEX executions_by_fingerprint ON executions (fingerprint, time);"
	"CREATE INDEX executions_by_action ON executions (fingerprint, action, status);"
	"CREATE INDEX executions_by_time ON executions (time, fingerprint);"
	"CREATE TABLE escalations ("
	" id INTEGER PRIMARY KEY,"
	" time INTEGER NOT NULL,"
	" fingerprint TEXT NOT NULL,"
	" repository TEXT NOT NULL COLLATE NOCASE,"
	" issue_number INTEGER NOT NULL,"
	" url TEXT,"
	" outcome TEXT);"
	"CREATE INDEX escalations_by_fingerprint ON escalations (fingerprint, repository, time);"
	"CREATE INDEX escalations_by_time ON escalations (time, fingerprint);";

struct _QnavHistory {
	GObject parent_instance;

	gchar *path;
	GMutex mutex; /* guards everything below: one connection, one user at a time */
	sqlite3 *db;
	sqlite3_stmt *statements[N_STATEMENTS];
	int wal_frames; /* pages in the WAL file after this connection's last commit */
	QnavHistoryTestHook test_hook;
	gpointer test_hook_data;
};

static void qnav_history_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (QnavHistory, qnav_history, G_TYPE_OBJECT,
			       G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
						      qnav_history_initable_iface_init))

enum {
	PROP_0,
	PROP_PATH,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- time ---- */

static Usec
usec_from_datetime (GDateTime *value)
{
	return g_date_time_to_unix (value) * G_USEC_PER_SEC + g_date_time_get_microsecond (value);
}

static Usec
usec_now (void)
{
	return g_get_real_time ();
}

static GDateTime *
datetime_from_usec (Usec value)
{
	gint64 seconds = value / G_USEC_PER_SEC;
	gint64 rest = value % G_USEC_PER_SEC;
	g_autoptr(GDateTime) whole = NULL;

	if (rest < 0) {
		rest += G_USEC_PER_SEC;
		seconds--;
	}
	whole = g_date_time_new_from_unix_utc (seconds);
	if (whole == NULL)
		return NULL;
	return g_date_time_add (whole, rest);
}

/* ---- errors ---- */

static gboolean
is_busy (int rc)
{
	return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED;
}

/* Turns an SQLite failure into a GError naming the file. Call it before anything else runs on
 * the connection: sqlite3_errmsg() describes only the last call. */
static void
set_sqlite_error (QnavHistory *self, GError **error, int rc, const gchar *doing)
{
	const gchar *message = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

	switch (rc & 0xff) {
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "%s is not a qnav history database, or it is damaged (%s); move it "
			     "aside and qnav starts a new one",
			     self->path, message);
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_TIMED_OUT,
			     "history database %s: another process kept it locked for more than "
			     "%d s while %s (%s)",
			     self->path, QNAV_HISTORY_BUSY_TIMEOUT_MS / 1000, doing, message);
		break;
	default:
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_IO, "history database %s: %s failed: %s",
			     self->path, doing, message);
		break;
	}
}

/* ---- statements ---- */

static int
get_statement (QnavHistory *self, Statement which, sqlite3_stmt **stmt)
{
	int rc = SQLITE_OK;

	if (self->statements[which] == NULL)
		rc = sqlite3_prepare_v3 (self->db, statement_sql[which], -1,
					 SQLITE_PREPARE_PERSISTENT, &self->statements[which],
					 NULL);
	*stmt = self->statements[which];
	return rc;
}

/* Runs a statement without results; it is ready for the next use afterwards. */
static int
step_done (sqlite3_stmt *stmt)
{
	int rc = sqlite3_step (stmt);

	sqlite3_reset (stmt);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static int
run_statement (QnavHistory *self, Statement which)
{
	sqlite3_stmt *stmt;
	int rc = get_statement (self, which, &stmt);

	return rc != SQLITE_OK ? rc : step_done (stmt);
}

static void
bind_text (sqlite3_stmt *stmt, int index, const gchar *text)
{
	/* static: every caller steps and resets the statement before @text goes away */
	if (text != NULL)
		sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null (stmt, index);
}

static const gchar *
column_text (sqlite3_stmt *stmt, int column)
{
	return (const gchar *) sqlite3_column_text (stmt, column);
}

/* Ends whatever a failed transaction left behind: statements stopped half-way hold on to it. */
static void
rollback (QnavHistory *self)
{
	for (guint i = 0; i < N_STATEMENTS; i++) {
		if (self->statements[i] != NULL)
			sqlite3_reset (self->statements[i]);
	}
	if (self->db != NULL && !sqlite3_get_autocommit (self->db))
		sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/* Sleeps a little before a retry; the jitter keeps competing writers from waking together. */
static void
backoff (guint attempt)
{
	g_usleep (g_random_int_range (1000, 2000 + 1000 * (gint32) MIN (attempt, 20)));
}

/* Writes the rows of one record call into the open transaction; returns an SQLite result
 * code, SQLITE_OK when all went in. */
typedef int (*WriteFunc) (QnavHistory *self, gconstpointer data);

/* Runs @write in one short BEGIN IMMEDIATE transaction. The busy timeout makes SQLite wait for
 * other writers; when it still reports the database busy (a writer that held on longer, WAL
 * recovery after a crash), the whole transaction is retried until the timeout is used up. */
static gboolean
run_write (QnavHistory *self, const gchar *doing, WriteFunc write, gconstpointer data,
	   GError **error)
{
	gint64 deadline = g_get_monotonic_time () + QNAV_HISTORY_BUSY_TIMEOUT_MS * 1000;

	for (guint attempt = 0;; attempt++) {
		int rc = run_statement (self, STMT_BEGIN_WRITE);

		if (rc == SQLITE_OK)
			rc = write (self, data);
		if (rc == SQLITE_OK && self->test_hook != NULL)
			self->test_hook (self->db, self->test_hook_data);
		if (rc == SQLITE_OK)
			rc = run_statement (self, STMT_COMMIT);
		if (rc == SQLITE_OK)
			return TRUE;
		if (is_busy (rc) && g_get_monotonic_time () < deadline) {
			rollback (self);
			backoff (attempt);
			continue;
		}
		set_sqlite_error (self, error, rc, doing);
		rollback (self);
		return FALSE;
	}
}

/* ---- opening and migrating ---- */

static int
read_int_pragma (QnavHistory *self, const gchar *sql, gint64 *value)
{
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step (stmt);
		if (rc == SQLITE_ROW) {
			*value = sqlite3_column_int64 (stmt, 0);
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize (stmt);
	return rc;
}

/* Switches the database to WAL, which needs a moment alone with the file: other processes
 * opening a new history at the same time make this wait, like a write. */
static gboolean
enable_wal (QnavHistory *self, GError **error)
{
	gint64 deadline = g_get_monotonic_time () + QNAV_HISTORY_BUSY_TIMEOUT_MS * 1000;

	for (guint attempt = 0;; attempt++) {
		sqlite3_stmt *stmt = NULL;
		g_autofree gchar *mode = NULL;
		int rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &stmt,
					     NULL);

		if (rc == SQLITE_OK) {
			rc = sqlite3_step (stmt);
			if (rc == SQLITE_ROW) {
				mode = g_strdup (column_text (stmt, 0));
				rc = SQLITE_OK;
			}
		}
		if (rc != SQLITE_OK && is_busy (rc) && g_get_monotonic_time () < deadline) {
			sqlite3_finalize (stmt);
			backoff (attempt);
			continue;
		}
		if (rc != SQLITE_OK) {
			set_sqlite_error (self, error, rc, "switching to WAL mode");
			sqlite3_finalize (stmt);
			return FALSE;
		}
		sqlite3_finalize (stmt);
		/* a file system without shared memory keeps the rollback journal: slower with
		 * many writers, but just as safe */
		if (g_ascii_strcasecmp (mode, "wal") != 0)
			g_debug ("history %s: journal mode stays %s", self->path, mode);
		return TRUE;
	}
}

/* qnav_usec(text): an RFC 3339 text as µs since the epoch, NULL when it is not one. Used to
 * migrate layouts that kept times as text. */
static void
sql_usec_function (sqlite3_context *context, int argc, sqlite3_value **argv)
{
	g_autoptr(GDateTime) value =
		qnav_datetime_parse ((const gchar *) sqlite3_value_text (argv[0]));

	if (value != NULL)
		sqlite3_result_int64 (context, usec_from_datetime (value));
	else
		sqlite3_result_null (context);
}

static gboolean
table_has_column (QnavHistory *self, const gchar *table, const gchar *column)
{
	g_autofree gchar *sql = g_strdup_printf ("SELECT 1 FROM pragma_table_info('%s')"
						 " WHERE name = '%s'",
						 table, column);
	sqlite3_stmt *stmt = NULL;
	gboolean found = FALSE;

	if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK)
		found = sqlite3_step (stmt) == SQLITE_ROW;
	sqlite3_finalize (stmt);
	return found;
}

/* Version 0 is a database without a version: either a new, empty file, or the unversioned
 * layout of qnav's development snapshots, which kept only diagnoses and escalations, with
 * RFC 3339 text times and no host names:
 *
 *   diagnoses (timestamp TEXT, fingerprint TEXT, plugin TEXT, root_cause TEXT,
 *              confidence REAL)
 *   escalations (timestamp TEXT, fingerprint TEXT, repository TEXT, issue_number INTEGER,
 *                url TEXT)
 *
 * Anything else in the file means it is some other program's database: it is left alone. */
static const gchar *const v0_tables[] = { "diagnoses", "escalations", NULL };

static gboolean
check_v0_layout (QnavHistory *self, gboolean *has_tables, GError **error)
{
	sqlite3_stmt *stmt = NULL;
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
	int rc = sqlite3_prepare_v2 (self->db,
				     "SELECT name FROM sqlite_schema WHERE type = 'table'"
				     " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
				     -1, &stmt, NULL);

	if (rc == SQLITE_OK) {
		while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
			g_ptr_array_add (names, g_strdup (column_text (stmt, 0)));
	}
	sqlite3_finalize (stmt);
	if (rc != SQLITE_DONE) {
		set_sqlite_error (self, error, rc, "reading the schema");
		return FALSE;
	}
	*has_tables = names->len > 0;
	for (guint i = 0; i < names->len; i++) {
		const gchar *name = g_ptr_array_index (names, i);
		if (g_strv_contains (v0_tables, name) &&
		    table_has_column (self, name, "timestamp") &&
		    table_has_column (self, name, "fingerprint"))
			continue;
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "%s is an SQLite database but not a qnav history (it has a table "
			     "\"%s\" qnav does not know); pass another path",
			     self->path, name);
		return FALSE;
	}
	return TRUE;
}

static int
exec_sql (QnavHistory *self, const gchar *sql)
{
	return sqlite3_exec (self->db, sql, NULL, NULL, NULL);
}

/* 0 → 1: creates the tables, carrying over what an unversioned development layout held. */
static int
migrate_to_v1 (QnavHistory *self, gboolean has_tables)
{
	int rc;

	if (!has_tables)
		return exec_sql (self, schema_v1);

	rc = sqlite3_create_function (self->db, "qnav_usec", 1,
				      SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY, NULL,
				      sql_usec_function, NULL, NULL);
	for (guint i = 0; rc == SQLITE_OK && v0_tables[i] != NULL; i++) {
		g_autofree gchar *sql = NULL;
		if (!table_has_column (self, v0_tables[i], "timestamp"))
			continue;
		sql = g_strdup_printf ("ALTER TABLE %s RENAME TO old_%s", v0_tables[i],
				       v0_tables[i]);
		rc = exec_sql (self, sql);
	}
	if (rc == SQLITE_OK)
		rc = exec_sql (self, schema_v1);
	/* times that do not parse keep their row, at the epoch, rather than vanish */
	if (rc == SQLITE_OK && table_has_column (self, "old_diagnoses", "timestamp"))
		rc = exec_sql (self,
			       "INSERT INTO diagnoses (time, fingerprint, plugin, root_cause,"
			       " confidence, hostname)"
			       " SELECT COALESCE(qnav_usec(timestamp), 0), fingerprint, plugin,"
			       " COALESCE(root_cause, 'unknown'), COALESCE(confidence, 0.0), NULL"
			       " FROM old_diagnoses WHERE fingerprint IS NOT NULL ORDER BY rowid;"
			       "DROP TABLE old_diagnoses;");
	if (rc == SQLITE_OK && table_has_column (self, "old_escalations", "timestamp"))
		rc = exec_sql (self,
			       "INSERT INTO escalations (time, fingerprint, repository,"
			       " issue_number, url, outcome)"
			       " SELECT COALESCE(qnav_usec(timestamp), 0), fingerprint, repository,"
			       " issue_number, url, NULL FROM old_escalations"
			       " WHERE fingerprint IS NOT NULL AND repository IS NOT NULL"
			       " AND issue_number IS NOT NULL ORDER BY rowid;"
			       "DROP TABLE old_escalations;");
	sqlite3_create_function (self->db, "qnav_usec", 1, SQLITE_UTF8, NULL, NULL, NULL, NULL);
	return rc;
}

static gboolean
refuse_newer (QnavHistory *self, gint64 version, GError **error)
{
	g_set_error (error, QNAV_ERROR, QNAV_ERROR_UNSUPPORTED,
		     "%s was written by a newer qnav (history schema version %" G_GINT64_FORMAT
		     "; this qnav reads version %d and older): use that qnav, or pass another path",
		     self->path, version, QNAV_HISTORY_SCHEMA_VERSION);
	return FALSE;
}

/* Brings the schema to QNAV_HISTORY_SCHEMA_VERSION inside one write transaction, so that of
 * several processes opening an old or new file at once exactly one migrates it. Each step
 * takes the schema from the version before it; a future version adds a step. */
static gboolean
migrate (QnavHistory *self, GError **error)
{
	gint64 deadline = g_get_monotonic_time () + QNAV_HISTORY_BUSY_TIMEOUT_MS * 1000;

	for (guint attempt = 0;; attempt++) {
		gint64 version = 0;
		gboolean has_tables = FALSE;
		int rc = run_statement (self, STMT_BEGIN_WRITE);

		if (rc == SQLITE_OK)
			rc = read_int_pragma (self, "PRAGMA user_version", &version);
		if (rc == SQLITE_OK && version > QNAV_HISTORY_SCHEMA_VERSION) {
			rollback (self);
			return refuse_newer (self, version, error);
		}
		if (rc == SQLITE_OK && version == 0) {
			if (!check_v0_layout (self, &has_tables, error)) {
				rollback (self);
				return FALSE;
			}
			rc = migrate_to_v1 (self, has_tables);
			version = 1;
		}
		/* later steps go here: if (rc == SQLITE_OK && version == 1) … version = 2; */
		if (rc == SQLITE_OK) {
			g_autofree gchar *sql = g_strdup_printf ("PRAGMA user_version = %d",
								 QNAV_HISTORY_SCHEMA_VERSION);
			rc = exec_sql (self, sql);
		}
		if (rc == SQLITE_OK)
			rc = run_statement (self, STMT_COMMIT);
		if (rc == SQLITE_OK)
			return TRUE;
		if (is_busy (rc) && g_get_monotonic_time () < deadline) {
			rollback (self);
			backoff (attempt);
			continue;
		}
		set_sqlite_error (self, error, rc, "creating or migrating the schema");
		rollback (self);
		return FALSE;
	}
}

/* Called after each commit, with the pages now in the WAL. The hook takes the place of
 * SQLite's automatic checkpoint, so it does that one's work too, for the processes that keep
 * the history open (a service on the library): at QNAV_HISTORY_AUTOCHECKPOINT_PAGES, copy
 * what it can into the database without waiting for anyone. */
static int
note_wal_size (gpointer user_data, sqlite3 *db, const char *schema, int pages)
{
	QnavHistory *self = user_data;

	self->wal_frames = pages;
	if (pages >= QNAV_HISTORY_AUTOCHECKPOINT_PAGES)
		sqlite3_wal_checkpoint_v2 (db, schema, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return SQLITE_OK;
}

/* Each qnav command is a short process that records a row or two and exits. SQLite's own
 * checkpoint when the last connection closes would cost every one of them three fsyncs; and
 * a checkpoint that leaves the WAL file's old frames in place makes the next process read
 * them all again (the first connection rebuilds the WAL index from the file), more of them
 * every time. So connections close without a checkpoint, and one that leaves the WAL at
 * QNAV_HISTORY_CHECKPOINT_PAGES or more copies it into the database and truncates it: the
 * fsyncs are shared by some dozen commands, and no process reads back much more than that
 * many pages when it opens the file. */
static void
close_db (QnavHistory *self)
{
	for (guint i = 0; i < N_STATEMENTS; i++)
		g_clear_pointer (&self->statements[i], sqlite3_finalize);
	if (self->db != NULL && self->wal_frames >= QNAV_HISTORY_CHECKPOINT_PAGES) {
		int rc;

		sqlite3_busy_timeout (self->db, QNAV_HISTORY_CHECKPOINT_WAIT_MS);
		rc = sqlite3_wal_checkpoint_v2 (self->db, "main", SQLITE_CHECKPOINT_TRUNCATE, NULL,
						NULL);
		if (rc != SQLITE_OK)
			g_debug ("history %s: checkpoint left for later: %s", self->path,
				 sqlite3_errstr (rc));
	}
	self->wal_frames = 0;
	g_clear_pointer (&self->db, sqlite3_close_v2);
}

/* Called with the mutex held. */
static gboolean
ensure_open (QnavHistory *self, GError **error)
{
	g_autofree gchar *directory = NULL;
	gboolean existed;
	gint64 version = 0;
	int rc;

	if (self->db != NULL)
		return TRUE;

	directory = g_path_get_dirname (self->path);
	if (g_mkdir_with_parents (directory, 0700) != 0) {
		int saved_errno = errno;
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_IO,
			     "cannot create the directory %s for the history database: %s",
			     directory, g_strerror (saved_errno));
		return FALSE;
	}
	existed = g_file_test (self->path, G_FILE_TEST_EXISTS);
	rc = sqlite3_open_v2 (self->path, &self->db,
			      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
				      SQLITE_OPEN_EXRESCODE,
			      NULL);
	if (rc != SQLITE_OK) {
		set_sqlite_error (self, error, rc, "opening");
		close_db (self);
		return FALSE;
	}
	/* Each qnav command is a short process that opens and closes the file: keep the WAL
	 * file between them rather than delete it and create it again every time, and
	 * checkpoint only now and then (close_db()). */
	{
		int persist = 1;
		sqlite3_file_control (self->db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
		sqlite3_db_config (self->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
		sqlite3_wal_hook (self->db, note_wal_size, self);
	}
	/* what the history holds (host names, commands' messages) is for its owner only */
	if (!existed && g_chmod (self->path, 0600) != 0)
		g_debug ("history %s: cannot restrict its mode: %s", self->path,
			 g_strerror (errno));
	sqlite3_busy_timeout (self->db, QNAV_HISTORY_BUSY_TIMEOUT_MS);

	/* The first reads find out whether this is a database at all, and whose: some other
	 * program's database is left as it is, journal mode included. One snapshot, since
	 * another process may be creating the schema at this very moment. */
	rc = run_statement (self, STMT_BEGIN_READ);
	if (rc == SQLITE_OK)
		rc = read_int_pragma (self, "PRAGMA user_version", &version);
	if (rc != SQLITE_OK) {
		set_sqlite_error (self, error, rc, "reading the schema version");
		rollback (self);
		close_db (self);
		return FALSE;
	}
	if (version > QNAV_HISTORY_SCHEMA_VERSION) {
		rollback (self);
		close_db (self);
		return refuse_newer (self, version, error);
	}
	if (version == 0) {
		gboolean has_tables = FALSE;
		if (!check_v0_layout (self, &has_tables, error)) {
			rollback (self);
			close_db (self);
			return FALSE;
		}
	}
	rc = run_statement (self, STMT_COMMIT);
	if (rc != SQLITE_OK) {
		set_sqlite_error (self, error, rc, "reading the schema version");
		rollback (self);
		close_db (self);
		return FALSE;
	}
	if (!enable_wal (self, error)) {
		close_db (self);
		return FALSE;
	}
	/* with WAL, NORMAL loses at most the last commits on a power cut, never consistency */
	rc = exec_sql (self, "PRAGMA synchronous = NORMAL");
	if (rc != SQLITE_OK) {
		set_sqlite_error (self, error, rc, "setting synchronous mode");
		close_db (self);
		return FALSE;
	}
	if (version < QNAV_HISTORY_SCHEMA_VERSION && !migrate (self, error)) {
		close_db (self);
		return FALSE;
	}
	return TRUE;
}

/* ---- object ---- */

static void
qnav_history_finalize (GObject *object)
{
	QnavHistory *self = QNAV_HISTORY (object);

	close_db (self);
	g_mutex_clear (&self->mutex);
	g_free (self->path);

	G_OBJECT_CLASS (qnav_history_parent_class)->finalize (object);
}

static void
qnav_history_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
	QnavHistory *self = QNAV_HISTORY (object);

	switch (prop_id) {
	case PROP_PATH:
		g_value_set_string (value, self->path);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_history_set_property (GObject *object, guint prop_id, const GValue *value,
			   GParamSpec *pspec)
{
	QnavHistory *self = QNAV_HISTORY (object);

	switch (prop_id) {
	case PROP_PATH:
		g_free (self->path);
		self->path = g_value_dup_string (value);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_history_constructed (GObject *object)
{
	QnavHistory *self = QNAV_HISTORY (object);

	G_OBJECT_CLASS (qnav_history_parent_class)->constructed (object);

	if (self->path == NULL)
		self->path = qnav_history_default_path ();
}

static gboolean
qnav_history_initable_init (GInitable *initable, GCancellable *cancellable, GError **error)
{
	QnavHistory *self = QNAV_HISTORY (initable);
	/* held to the end of the scope */
	G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

	return ensure_open (self, error);
}

static void
qnav_history_initable_iface_init (GInitableIface *iface)
{
	iface->init = qnav_history_initable_init;
}

static void
qnav_history_class_init (QnavHistoryClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);

	object_class->finalize = qnav_history_finalize;
	object_class->get_property = qnav_history_get_property;
	object_class->set_property = qnav_history_set_property;
	object_class->constructed = qnav_history_constructed;

	/**
	 * QnavHistory:path:
	 *
	 * The database file. When none is given at construction, the history uses
	 * qnav_history_default_path().
	 *
	 * Since: 0.1
	 */
	properties[PROP_PATH] =
		g_param_spec_string ("path", NULL, NULL, NULL,
				     G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
					     G_PARAM_STATIC_STRINGS);

	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_history_init (QnavHistory *self)
{
	g_mutex_init (&self->mutex);
}

/**
 * qnav_history_new:
 * @path: (nullable) (type filename): the database file, or %NULL for
 *   qnav_history_default_path()
 * @error: return location for a #GError
 *
 * Opens the history, creating the file and its directories (mode 0700) when they do not
 * exist, and migrating an older schema. Fails with %QNAV_ERROR_INVALID_DATA when the file is
 * not a qnav history or is damaged, %QNAV_ERROR_UNSUPPORTED when a newer qnav wrote it and
 * %QNAV_ERROR_IO when it cannot be opened.
 *
 * Returns: (transfer full): the history, or %NULL on error
 *
 * Since: 0.1
 */
QnavHistory *
qnav_history_new (const gchar *path, GError **error)
{
	return g_initable_new (QNAV_TYPE_HISTORY, NULL, error, "path", path, NULL);
}

/**
 * qnav_history_default_path:
 *
 * Where the history lives unless told otherwise: `$QNAV_STATE_DIR/history.db` when that
 * variable is set, else `/var/lib/qnav/history.db` for root and
 * `$XDG_STATE_HOME/qnav/history.db` (by default `~/.local/state/qnav/history.db`) for
 * everyone else.
 *
 * Returns: (transfer full) (type filename): the path
 *
 * Since: 0.1
 */
gchar *
qnav_history_default_path (void)
{
	const gchar *state_dir = g_getenv ("QNAV_STATE_DIR");
	const gchar *xdg_state_home;

	if (state_dir != NULL && *state_dir != '\0')
		return g_build_filename (state_dir, "history.db", NULL);
	if (geteuid () == 0)
		return g_strdup ("/var/lib/qnav/history.db");
	/* read at each call rather than g_get_user_state_dir()'s copy from start-up */
	xdg_state_home = g_getenv ("XDG_STATE_HOME");
	if (xdg_state_home != NULL && g_path_is_absolute (xdg_state_home))
		return g_build_filename (xdg_state_home, "qnav", "history.db", NULL);
	return g_build_filename (g_get_home_dir (), ".local", "state", "qnav", "history.db", NULL);
}

/**
 * qnav_history_get_path:
 * @self: a #QnavHistory
 *
 * Returns: (type filename): the database file
 *
 * Since: 0.1
 */
const gchar *
qnav_history_get_path (QnavHistory *self)
{
	g_return_val_if_fail (QNAV_IS_HISTORY (self), NULL);

	return self->path;
}

void
qnav_history_set_test_hook (QnavHistory *self, QnavHistoryTestHook hook, gpointer user_data)
{
	g_autoptr(GMutexLocker) locker = NULL;

	g_return_if_fail (QNAV_IS_HISTORY (self));

	locker = g_mutex_locker_new (&self->mutex);
	self->test_hook = hook;
	self->test_hook_data = user_data;
}

/* ---- recording ---- */

typedef struct {
	Usec time;
	const gchar *fingerprint;
	const gchar *plugin;
	const gchar *root_cause;
	gdouble confidence;
	const gchar *hostname;
} DiagnosisRow;

static int
write_diagnosis (QnavHistory *self, gconstpointer data)
{
	const DiagnosisRow *row = data;
	sqlite3_stmt *stmt;
	int rc = get_statement (self, STMT_INSERT_DIAGNOSIS, &stmt);

	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64 (stmt, 1, row->time);
	bind_text (stmt, 2, row->fingerprint);
	bind_text (stmt, 3, row->plugin);
	bind_text (stmt, 4, row->root_cause);
	sqlite3_bind_double (stmt, 5, row->confidence);
	bind_text (stmt, 6, row->hostname);
	return step_done (stmt);
}

static gboolean
check_fingerprint (const gchar *fingerprint, const gchar *what, GError **error)
{
	if (fingerprint != NULL && *fingerprint != '\0')
		return TRUE;
	g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
		     "the %s has no fingerprint, so the history cannot file it", what);
	return FALSE;
}

/**
 * qnav_history_record_analysis:
 * @self: a #QnavHistory
 * @analysis: a diagnosis
 * @error: return location for a #GError
 *
 * Records one occurrence of a failure: its time, fingerprint, plugin, root cause, confidence
 * and the host it was diagnosed on.
 *
 * Returns: %TRUE when it was recorded
 *
 * Since: 0.1
 */
gboolean
qnav_history_record_analysis (QnavHistory *self, QnavFailureAnalysis *analysis,
			      GError **error)
{
	g_autoptr(GMutexLocker) locker = NULL;
	QnavDiagnosticContext *context;
	GDateTime *timestamp;
	DiagnosisRow row = { 0 };

	g_return_val_if_fail (QNAV_IS_HISTORY (self), FALSE);
	g_return_val_if_fail (QNAV_IS_FAILURE_ANALYSIS (analysis), FALSE);
	g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

	row.fingerprint = qnav_failure_analysis_get_fingerprint (analysis);
	if (!check_fingerprint (row.fingerprint, "analysis", error))
		return FALSE;
	timestamp = qnav_failure_analysis_get_timestamp (analysis);
	row.time = timestamp != NULL ? usec_from_datetime (timestamp) : usec_now ();
	row.plugin = qnav_failure_analysis_get_plugin (analysis);
	row.root_cause =
		qnav_root_cause_to_string (qnav_failure_analysis_get_root_cause (analysis));
	row.confidence = qnav_failure_analysis_get_confidence (analysis);
	context = qnav_failure_analysis_get_context (analysis);
	row.hostname = context != NULL ? qnav_diagnostic_context_get_hostname (context) : NULL;
	if (row.root_cause == NULL)
		row.root_cause = "unknown";

	locker = g_mutex_locker_new (&self->mutex);
	if (!ensure_open (self, error))
		return FALSE;
	return run_write (self, "recording a diagnosis", write_diagnosis, &row, error);
}

typedef struct {
	Usec time;
	const gchar *fingerprint;
	const gchar *recommended;
	const gchar *plan;
} PlanRow;

static int
write_plan (QnavHistory *self, gconstpointer data)
{
	const PlanRow *row = data;
	sqlite3_stmt *stmt;
	int rc = get_statement (self, STMT_INSERT_PLAN, &stmt);

	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64 (stmt, 1, row->time);
	bind_text (stmt, 2, row->fingerprint);
	bind_text (stmt, 3, row->recommended);
	bind_text (stmt, 4, row->plan);
	return step_done (stmt);
}

/**
 * qnav_history_record_plan:
 * @self: a #QnavHistory
 * @plan: a recovery plan
 * @error: return location for a #GError
 *
 * Records a plan: its time, fingerprint, recommended action and the whole plan document,
 * redacted.
 *
 * Returns: %TRUE when it was recorded
 *
 * Since: 0.1
 */
gboolean
qnav_history_record_plan (QnavHistory *self, QnavRecoveryPlan *plan, GError **error)
{
	g_autoptr(GMutexLocker) locker = NULL;
	g_autofree gchar *compact = NULL;
	g_autoptr(JsonNode) node = NULL;
	QnavRecoveryOption *recommended;
	GDateTime *timestamp;
	PlanRow row = { 0 };

	g_return_val_if_fail (QNAV_IS_HISTORY (self), FALSE);
	g_return_val_if_fail (QNAV_IS_RECOVERY_PLAN (plan), FALSE);
	g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

	row.fingerprint = qnav_recovery_plan_get_fingerprint (plan);
	if (!check_fingerprint (row.fingerprint, "plan", error))
		return FALSE;
	timestamp = qnav_recovery_plan_get_timestamp (plan);
	row.time = timestamp != NULL ? usec_from_datetime (timestamp) : usec_now ();
	recommended = qnav_recovery_plan_get_recommended (plan);
	if (recommended != NULL)
		row.recommended = qnav_recovery_action_to_string (
			qnav_recovery_option_get_action (recommended));
	/* the plan document as `qnav plan --json` writes it, redacted, but compact */
	node = qnav_recovery_plan_to_json_node (plan);
	compact = qnav_json_to_redacted_string (node, FALSE);
	row.plan = compact;

	locker = g_mutex_locker_new (&self->mutex);
	if (!ensure_open (self, error))
		return FALSE;
	return run_write (self, "recording a plan", write_plan, &row, error);
}

typedef struct {
	Usec time;
	const gchar *fingerprint;
	const gchar *action;
	const gchar *status;
	gboolean automatic;
	gdouble duration;
	const gchar *message;
} ExecutionRow;

static int
write_execution (QnavHistory *self, gconstpointer data)
{
	const ExecutionRow *row = data;
	sqlite3_stmt *stmt;
	int rc = get_statement (self, STMT_INSERT_EXECUTION, &stmt);

	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64 (stmt, 1, row->time);
	bind_text (stmt, 2, row->fingerprint);
	bind_text (stmt, 3, row->action);
	bind_text (stmt, 4, row->status);
	sqlite3_bind_int (stmt, 5, row->automatic ? 1 : 0);
	if (row->duration >= 0.0)
		sqlite3_bind_double (stmt, 6, row->duration);
	else
		sqlite3_bind_null (stmt, 6);
	bind_text (stmt, 7, row->message);
	return step_done (stmt);
}

/* Messages carry command output: redacted before the cut, so that a secret the cut would
 * split is still recognised whole. */
static gchar *
clean_message (const gchar *message)
{
	g_autofree gchar *valid = NULL;
	g_autofree gchar *redacted = NULL;

	if (message == NULL)
		return NULL;
	valid = qnav_json_clean_text (message, -1, 0);
	redacted = qnav_redact (valid);
	return qnav_json_clean_text (redacted, -1, QNAV_JSON_MAX_TEXT);
}

static gboolean
record_execution_row (QnavHistory *self, ExecutionRow *row, GError **error)
{
	/* held to the end of the scope */
	G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

	if (!ensure_open (self, error))
		return FALSE;
	return run_write (self, "recording an execution", write_execution, row, error);
}

/**
 * qnav_history_record_execution:
 * @self: a #QnavHistory
 * @result: the outcome of executing a recovery option
 * @error: return location for a #GError
 *
 * Records an execution: when it started, the fingerprint, the action, how it ended, whether
 * it ran without a person's approval, how long it took and its message (redacted).
 *
 * Returns: %TRUE when it was recorded
 *
 * Since: 0.1
 */
gboolean
qnav_history_record_execution (QnavHistory *self, QnavExecutionResult *result, GError **error)
{
	GDateTime *started, *finished;
	g_autofree gchar *message = NULL;
	ExecutionRow row = { 0 };

	g_return_val_if_fail (QNAV_IS_HISTORY (self), FALSE);
	g_return_val_if_fail (QNAV_IS_EXECUTION_RESULT (result), FALSE);
	g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

	row.fingerprint = qnav_execution_result_get_fingerprint (result);
	if (!check_fingerprint (row.fingerprint, "execution result", error))
		return FALSE;
	row.action = qnav_recovery_action_to_string (qnav_execution_result_get_action (result));
	row.status = qnav_execution_status_to_string (qnav_execution_result_get_status (result));
	if (row.action == NULL || row.status == NULL) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "the execution result has an unknown action or status");
		return FALSE;
	}
	started = qnav_execution_result_get_started (result);
	finished = qnav_execution_result_get_finished (result);
	row.time = started != NULL ? usec_from_datetime (started)
		   : finished != NULL ? usec_from_datetime (finished)
				      : usec_now ();
	row.duration = started != NULL && finished != NULL
			       ? MAX (0.0, (gdouble) g_date_time_difference (finished, started) /
						   G_USEC_PER_SEC)
			       : -1.0;
	row.automatic = qnav_execution_result_get_automatic (result);
	message = clean_message (qnav_execution_result_get_message (result));
	row.message = message;
	return record_execution_row (self, &row, error);
}

/**
 * qnav_history_record_outcome:
 * @self: a #QnavHistory
 * @fingerprint: the failure's fingerprint
 * @action: the recovery action that was tried
 * @status: how it ended
 * @automatic: whether it ran without a person's approval
 * @started: (nullable): when it started, or %NULL for now
 * @duration_seconds: how long it took, or a negative number when that is not known
 * @message: (nullable): what happened, in a line or two; it is redacted
 * @error: return location for a #GError
 *
 * Records the outcome of a recovery that did not come from a #QnavRecoveryExecutor, such as
 * a manual fix a person carried out, so that it counts towards the action's success rate
 * like any other execution.
 *
 * Returns: %TRUE when it was recorded
 *
 * Since: 0.1
 */
gboolean
qnav_history_record_outcome (QnavHistory *self, const gchar *fingerprint,
			     QnavRecoveryAction action, QnavExecutionStatus status,
			     gboolean automatic, GDateTime *started, gdouble duration_seconds,
			     const gchar *message, GError **error)
{
	g_autofree gchar *cleaned = NULL;
	ExecutionRow row = { 0 };

	g_return_val_if_fail (QNAV_IS_HISTORY (self), FALSE);
	g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

	if (!check_fingerprint (fingerprint, "outcome", error))
		return FALSE;
	row.fingerprint = fingerprint;
	row.action = qnav_recovery_action_to_string (action);
	row.status = qnav_execution_status_to_string (status);
	if (row.action == NULL || row.status == NULL) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "unknown recovery action %d or execution status %d", (gint) action,
			     (gint) status);
		return FALSE;
	}
	row.time = started != NULL ? usec_from_datetime (started) : usec_now ();
	row.duration = duration_seconds >= 0.0 ? duration_seconds : -1.0;
	row.automatic = automatic;
	cleaned = clean_message (message);
	row.message = cleaned;
	return record_execution_row (self, &row, error);
}

typedef struct {
	Usec time;
	const gchar *fingerprint;
	const gchar *repository;
	guint64 issue_number;
	const gchar *url;
	const gchar *outcome;
} EscalationRow;

static int
write_escalation (QnavHistory *self, gconstpointer data)
{
	const EscalationRow *row = data;
	sqlite3_stmt *stmt;
	int rc = get_statement (self, STMT_INSERT_ESCALATION, &stmt);

	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_int64 (stmt, 1, row->time);
	bind_text (stmt, 2, row->fingerprint);
	bind_text (stmt, 3, row->repository);
	sqlite3_bind_int64 (stmt, 4, (sqlite3_int64) row->issue_number);
	bind_text (stmt, 5, row->url);
	bind_text (stmt, 6, row->outcome);
	return step_done (stmt);
}

static gboolean
record_escalation (QnavHistory *self, EscalationRow *row, GError **error)
{
	g_autoptr(GMutexLocker) locker = NULL;

	if (!check_fingerprint (row->fingerprint, "escalation", error))
		return FALSE;
	if (*row->repository == '\0') {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "an escalation needs the repository it went to");
		return FALSE;
	}
	if (row->issue_number > G_MAXINT64) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "issue number %" G_GUINT64_FORMAT " is out of range",
			     row->issue_number);
		return FALSE;
	}
	locker = g_mutex_locker_new (&self->mutex);
	if (!ensure_open (self, error))
		return FALSE;
	return run_write (self, "recording an escalation", write_escalation, row, error);
}

/**
 * qnav_history_record_escalation:
 * @self: a #QnavHistory
 * @fingerprint: the failure's fingerprint
 * @repository: the repository the issue is in, as `OWNER/NAME`
 * @issue_number: the issue's number
 * @url: (nullable): the issue's web address
 * @error: return location for a #GError
 *
 * Records that a failure was escalated to an issue, now, without saying whether the issue
 * was new; qnav_history_record_escalation_full() does.
 *
 * Returns: %TRUE when it was recorded
 *
 * Since: 0.1
 */
gboolean
qnav_history_record_escalation (QnavHistory *self, const gchar *fingerprint,
				const gchar *repository, guint64 issue_number, const gchar *url,
				GError **error)
{
	EscalationRow row = { usec_now (), fingerprint, repository, issue_number, url, NULL };

	g_return_val_if_fail (QNAV_IS_HISTORY (self), FALSE);
	g_return_val_if_fail (repository != NULL, FALSE);
	g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

	return record_escalation (self, &row, error);
}

/**
 * qnav_history_record_escalation_full:
 * @self: a #QnavHistory
 * @fingerprint: the failure's fingerprint
 * @repository: the repository the issue is in, as `OWNER/NAME`
 * @issue_number: the issue's number
 * @url: (nullable): the issue's web address
 * @outcome: whether the issue was opened, commented on or reopened
 * @when: (nullable): when, or %NULL for now
 * @error: return location for a #GError
 *
 * Records that a failure was escalated to an issue, and what the escalation did.
 *
 * Returns: %TRUE when it was recorded
 *
 * Since: 0.1
 */
gboolean
qnav_history_record_escalation_full (QnavHistory *self, const gchar *fingerprint,
				     const gchar *repository, guint64 issue_number,
				     const gchar *url, QnavEscalationOutcome outcome,
				     GDateTime *when, GError **error)
{
	EscalationRow row = { 0 };

	g_return_val_if_fail (QNAV_IS_HISTORY (self), FALSE);
	g_return_val_if_fail (repository != NULL, FALSE);
	g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

	row.time = when != NULL ? usec_from_datetime (when) : usec_now ();
	row.fingerprint = fingerprint;
	row.repository = repository;
	row.issue_number = issue_number;
	row.url = url;
	row.outcome = qnav_escalation_outcome_to_string (outcome);
	if (row.outcome == NULL) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "unknown escalation outcome %d", (gint) outcome);
		return FALSE;
	}
	return record_escalation (self, &row, error);
}

/* ---- queries ---- */

/* Runs a query for one row of integers. */
static gboolean
query_counts (QnavHistory *self, Statement which, const gchar *fingerprint, gint64 second,
	      gint64 *first_value, gint64 *second_value, const gchar *doing, GError **error)
{
	sqlite3_stmt *stmt;
	int rc = get_statement (self, which, &stmt);

	if (rc == SQLITE_OK) {
		bind_text (stmt, 1, fingerprint);
		sqlite3_bind_int64 (stmt, 2, second);
		rc = sqlite3_step (stmt);
	}
	if (rc == SQLITE_ROW) {
		*first_value = sqlite3_column_int64 (stmt, 0);
		if (second_value != NULL)
			*second_value = sqlite3_column_int64 (stmt, 1);
		sqlite3_reset (stmt);
		return TRUE;
	}
	set_sqlite_error (self, error, rc, doing);
	if (stmt != NULL)
		sqlite3_reset (stmt);
	return FALSE;
}

/* The rows of one fingerprint since a time (the beginning when @since is NULL) that one of
 * the counting statements selects. */
static guint
count_since (QnavHistory *self, Statement statement, const gchar *fingerprint, GDateTime *since,
	     const gchar *what, GError **error)
{
	G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->mutex);
	gint64 count = 0;

	if (!ensure_open (self, error) ||
	    !query_counts (self, statement, fingerprint,
			   since != NULL ? usec_from_datetime (since) : G_MININT64, &count, NULL,
			   what, error))
		return 0;
	return (guint) MIN (count, G_MAXUINT);
}

/**
 * qnav_history_count_occurrences:
 * @self: a #QnavHistory
 * @fingerprint: a failure's fingerprint
 * @since: (nullable): count from this time on, or %NULL for all
 * @error: return location for a #GError
 *
 * Counts the diagnoses of a failure.
 *
 * Returns: how often the failure was diagnosed since @since; 0 on error
 *
 * Since: 0.1
 */
guint
qnav_history_count_occurrences (QnavHistory *self, const gchar *fingerprint, GDateTime *since,
				GError **error)
{
	g_return_val_if_fail (QNAV_IS_HISTORY (self), 0);
	g_return_val_if_fail (fingerprint != NULL, 0);
	g_return_val_if_fail (error == NULL || *error == NULL, 0);

	return count_since (self, STMT_COUNT_OCCURRENCES, fingerprint, since,
			    "counting occurrences", error);
}

/**
 * qnav_history_get_success_rate:
 * @self: a #QnavHistory
 * @fingerprint: a failure's fingerprint
 * @action: a recovery action
 * @attempts: (out) (optional): how many executions the rate is measured over
 * @error: return location for a #GError
 *
 * How often @action fixed this failure: the executions that succeeded or found the state
 * already right, over those that ran. Executions that ran nothing (denied, muted,
 * rate-limited, dry runs, manual options) are not attempts.
 *
 * Returns: the rate between 0 and 1, or -1 when the action was never attempted for this
 *   failure (and on error)
 *
 * Since: 0.1
 */
gdouble
qnav_history_get_success_rate (QnavHistory *self, const gchar *fingerprint,
			       QnavRecoveryAction action, guint *attempts, GError **error)
{
	g_autoptr(GMutexLocker) locker = NULL;
	const gchar *action_text = qnav_recovery_action_to_string (action);
	sqlite3_stmt *stmt;
	gint64 ran = 0, succeeded = 0;
	int rc;

	if (attempts != NULL)
		*attempts = 0;
	g_return_val_if_fail (QNAV_IS_HISTORY (self), -1.0);
	g_return_val_if_fail (fingerprint != NULL, -1.0);
	g_return_val_if_fail (error == NULL || *error == NULL, -1.0);

	if (action_text == NULL) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "unknown recovery action %d", (gint) action);
		return -1.0;
	}
	locker = g_mutex_locker_new (&self->mutex);
	if (!ensure_open (self, error))
		return -1.0;
	rc = get_statement (self, STMT_SUCCESS_RATE, &stmt);
	if (rc == SQLITE_OK) {
		bind_text (stmt, 1, fingerprint);
		bind_text (stmt, 2, action_text);
		rc = sqlite3_step (stmt);
	}
	if (rc != SQLITE_ROW) {
		set_sqlite_error (self, error, rc, "reading success rates");
		if (stmt != NULL)
			sqlite3_reset (stmt);
		return -1.0;
	}
	ran = sqlite3_column_int64 (stmt, 0);
	succeeded = sqlite3_column_int64 (stmt, 1);
	sqlite3_reset (stmt);
	if (attempts != NULL)
		*attempts = (guint) MIN (ran, G_MAXUINT);
	return ran > 0 ? (gdouble) succeeded / (gdouble) ran : -1.0;
}

/**
 * qnav_history_count_automatic_executions:
 * @self: a #QnavHistory
 * @fingerprint: a failure's fingerprint
 * @since: (nullable): count from this time on, or %NULL for all
 * @error: return location for a #GError
 *
 * Counts the recoveries of a failure that ran without a person's approval and changed
 * something: what the executor's storm limit is about. Executions that ran nothing, or only
 * found the state already right, do not count.
 *
 * Returns: the number of automatic executions since @since; 0 on error
 *
 * Since: 0.1
 */
guint
qnav_history_count_automatic_executions (QnavHistory *self, const gchar *fingerprint,
					 GDateTime *since, GError **error)
{
	g_return_val_if_fail (QNAV_IS_HISTORY (self), 0);
	g_return_val_if_fail (fingerprint != NULL, 0);
	g_return_val_if_fail (error == NULL || *error == NULL, 0);

	return count_since (self, STMT_COUNT_AUTOMATIC, fingerprint, since,
			    "counting automatic executions", error);
}

/**
 * qnav_history_get_last_escalation:
 * @self: a #QnavHistory
 * @fingerprint: a failure's fingerprint
 * @repository: (nullable): the repository, as `OWNER/NAME` (compared without regard to
 *   case), or %NULL for any
 * @issue_number: (out) (optional): the issue's number
 * @url: (out) (optional) (nullable) (transfer full): the issue's web address
 * @when: (out) (optional) (nullable) (transfer full): when the failure was escalated
 * @error: return location for a #GError
 *
 * Finds the latest escalation of a failure, so that a repeat updates the same issue.
 *
 * Returns: %TRUE when there is one; %FALSE when the failure was never escalated there (the
 *   out values are then 0 and %NULL) and on error
 *
 * Since: 0.1
 */
gboolean
qnav_history_get_last_escalation (QnavHistory *self, const gchar *fingerprint,
				  const gchar *repository, guint64 *issue_number, gchar **url,
				  GDateTime **when, GError **error)
{
	g_autoptr(GMutexLocker) locker = NULL;
	sqlite3_stmt *stmt;
	int rc;

	if (issue_number != NULL)
		*issue_number = 0;
	if (url != NULL)
		*url = NULL;
	if (when != NULL)
		*when = NULL;
	g_return_val_if_fail (QNAV_IS_HISTORY (self), FALSE);
	g_return_val_if_fail (fingerprint != NULL, FALSE);
	g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

	locker = g_mutex_locker_new (&self->mutex);
	if (!ensure_open (self, error))
		return FALSE;
	rc = get_statement (self,
			    repository != NULL ? STMT_LAST_ESCALATION : STMT_LAST_ESCALATION_ANY,
			    &stmt);
	if (rc == SQLITE_OK) {
		bind_text (stmt, 1, fingerprint);
		if (repository != NULL)
			bind_text (stmt, 2, repository);
		rc = sqlite3_step (stmt);
	}
	if (rc == SQLITE_DONE) {
		sqlite3_reset (stmt);
		return FALSE;
	}
	if (rc != SQLITE_ROW) {
		set_sqlite_error (self, error, rc, "looking up the last escalation");
		if (stmt != NULL)
			sqlite3_reset (stmt);
		return FALSE;
	}
	if (issue_number != NULL)
		*issue_number = (guint64) sqlite3_column_int64 (stmt, 0);
	if (url != NULL)
		*url = g_strdup (column_text (stmt, 1));
	if (when != NULL)
		*when = datetime_from_usec (sqlite3_column_int64 (stmt, 2));
	sqlite3_reset (stmt);
	return TRUE;
}

/* ---- the document ---- */

static void
add_time (JsonBuilder *builder, const gchar *member, Usec value)
{
	g_autoptr(GDateTime) datetime = datetime_from_usec (value);

	qnav_json_builder_add_datetime (builder, member, datetime);
}

/* A time column that may be NULL, as null. */
static void
add_time_column (JsonBuilder *builder, const gchar *member, sqlite3_stmt *stmt, int column)
{
	if (sqlite3_column_type (stmt, column) == SQLITE_NULL) {
		json_builder_set_member_name (builder, member);
		json_builder_add_null_value (builder);
		return;
	}
	add_time (builder, member, sqlite3_column_int64 (stmt, column));
}

static void
add_nullable_string (JsonBuilder *builder, const gchar *member, sqlite3_stmt *stmt,
		     int column)
{
	qnav_json_builder_add_string (builder, member, column_text (stmt, column));
}

static void
add_int (JsonBuilder *builder, const gchar *member, gint64 value)
{
	json_builder_set_member_name (builder, member);
	json_builder_add_int_value (builder, value);
}

/* Binds the fingerprint, and the limit when the statement has one. */
static int
prepare_fingerprint_query (QnavHistory *self, Statement which, const gchar *fingerprint,
			   gint64 limit, sqlite3_stmt **stmt)
{
	int rc = get_statement (self, which, stmt);

	if (rc != SQLITE_OK)
		return rc;
	bind_text (*stmt, 1, fingerprint);
	if (sqlite3_bind_parameter_count (*stmt) >= 2)
		sqlite3_bind_int64 (*stmt, 2, limit);
	return SQLITE_OK;
}

static int
add_escalation_members (JsonBuilder *builder, sqlite3_stmt *stmt)
{
	add_time (builder, "time", sqlite3_column_int64 (stmt, 2));
	add_nullable_string (builder, "repository", stmt, 3);
	add_int (builder, "issue_number", sqlite3_column_int64 (stmt, 0));
	add_nullable_string (builder, "url", stmt, 1);
	add_nullable_string (builder, "outcome", stmt, 4);
	return SQLITE_OK;
}

static int
add_summary (QnavHistory *self, JsonBuilder *builder, const gchar *fingerprint)
{
	sqlite3_stmt *stmt;
	int rc;

	rc = prepare_fingerprint_query (self, STMT_DIAGNOSIS_SUMMARY, fingerprint, 0, &stmt);
	if (rc != SQLITE_OK || (rc = sqlite3_step (stmt)) != SQLITE_ROW)
		return rc;
	add_int (builder, "occurrences", sqlite3_column_int64 (stmt, 0));
	add_time_column (builder, "first_seen", stmt, 1);
	add_time_column (builder, "last_seen", stmt, 2);
	sqlite3_reset (stmt);

	rc = prepare_fingerprint_query (self, STMT_LATEST_DIAGNOSIS, fingerprint, 0, &stmt);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step (stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return rc;
	qnav_json_builder_add_string (builder, "root_cause",
				      rc == SQLITE_ROW ? column_text (stmt, 0) : NULL);
	qnav_json_builder_add_string (builder, "plugin",
				      rc == SQLITE_ROW ? column_text (stmt, 1) : NULL);
	sqlite3_reset (stmt);

	rc = prepare_fingerprint_query (self, STMT_EXECUTIONS_BY_ACTION, fingerprint, 0, &stmt);
	if (rc != SQLITE_OK)
		return rc;
	json_builder_set_member_name (builder, "executions");
	json_builder_begin_object (builder);
	while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
		gint64 attempts = sqlite3_column_int64 (stmt, 1);
		gint64 succeeded = sqlite3_column_int64 (stmt, 2);
		json_builder_set_member_name (builder, column_text (stmt, 0));
		json_builder_begin_object (builder);
		add_int (builder, "attempts", attempts);
		add_int (builder, "succeeded", succeeded);
		json_builder_set_member_name (builder, "success_rate");
		if (attempts > 0)
			json_builder_add_double_value (
				builder,
				round ((gdouble) succeeded / (gdouble) attempts * 1000.0) / 1000.0);
		else
			json_builder_add_null_value (builder);
		json_builder_end_object (builder);
	}
	json_builder_end_object (builder);
	sqlite3_reset (stmt);
	if (rc != SQLITE_DONE)
		return rc;

	rc = prepare_fingerprint_query (self, STMT_LAST_ESCALATION_ANY, fingerprint, 0, &stmt);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step (stmt);
	json_builder_set_member_name (builder, "last_escalation");
	if (rc == SQLITE_ROW) {
		json_builder_begin_object (builder);
		add_escalation_members (builder, stmt);
		json_builder_end_object (builder);
	} else {
		json_builder_add_null_value (builder);
	}
	sqlite3_reset (stmt);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

typedef struct {
	Usec time;
	guint kind; /* tie-break between tables: later stages of the same moment first */
	gint64 id;
	JsonNode *node;
} Event;

static void
event_clear (gpointer data)
{
	Event *event = data;

	g_clear_pointer (&event->node, json_node_unref);
}

static gint
compare_events (gconstpointer a, gconstpointer b)
{
	const Event *x = a, *y = b;

	if (x->time != y->time)
		return x->time > y->time ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind > y->kind ? -1 : 1;
	return x->id > y->id ? -1 : x->id < y->id ? 1 : 0;
}

/* Builds one event of table @which from the current row. */
static JsonNode *
build_event (Statement which, sqlite3_stmt *stmt)
{
	g_autoptr(JsonBuilder) builder = json_builder_new ();

	json_builder_begin_object (builder);
	add_time (builder, "time", sqlite3_column_int64 (stmt, 1));
	switch (which) {
	case STMT_DIAGNOSIS_EVENTS:
		qnav_json_builder_add_string (builder, "kind", "diagnosis");
		add_nullable_string (builder, "plugin", stmt, 2);
		add_nullable_string (builder, "root_cause", stmt, 3);
		json_builder_set_member_name (builder, "confidence");
		json_builder_add_double_value (builder, sqlite3_column_double (stmt, 4));
		add_nullable_string (builder, "hostname", stmt, 5);
		break;
	case STMT_PLAN_EVENTS: {
		const gchar *plan = column_text (stmt, 3);
		g_autoptr(JsonNode) node = plan != NULL ? json_from_string (plan, NULL) : NULL;
		qnav_json_builder_add_string (builder, "kind", "plan");
		add_nullable_string (builder, "recommended", stmt, 2);
		json_builder_set_member_name (builder, "plan");
		if (node != NULL)
			json_builder_add_value (builder, g_steal_pointer (&node));
		else
			json_builder_add_null_value (builder);
		break;
	}
	case STMT_EXECUTION_EVENTS:
		qnav_json_builder_add_string (builder, "kind", "execution");
		add_nullable_string (builder, "action", stmt, 2);
		add_nullable_string (builder, "status", stmt, 3);
		json_builder_set_member_name (builder, "automatic");
		json_builder_add_boolean_value (builder, sqlite3_column_int (stmt, 4) != 0);
		json_builder_set_member_name (builder, "duration_seconds");
		if (sqlite3_column_type (stmt, 5) == SQLITE_NULL)
			json_builder_add_null_value (builder);
		else
			json_builder_add_double_value (builder, sqlite3_column_double (stmt, 5));
		add_nullable_string (builder, "message", stmt, 6);
		break;
	case STMT_ESCALATION_EVENTS:
		qnav_json_builder_add_string (builder, "kind", "escalation");
		add_nullable_string (builder, "repository", stmt, 2);
		add_int (builder, "issue_number", sqlite3_column_int64 (stmt, 3));
		add_nullable_string (builder, "url", stmt, 4);
		add_nullable_string (builder, "outcome", stmt, 5);
		break;
	default:
		g_assert_not_reached ();
	}
	json_builder_end_object (builder);
	return json_builder_get_root (builder);
}

static int
add_events (QnavHistory *self, JsonBuilder *builder, const gchar *fingerprint, gint64 limit)
{
	static const Statement tables[] = { STMT_DIAGNOSIS_EVENTS, STMT_PLAN_EVENTS,
					    STMT_EXECUTION_EVENTS, STMT_ESCALATION_EVENTS };
	g_autoptr(GArray) events = g_array_new (FALSE, TRUE, sizeof (Event));

	g_array_set_clear_func (events, event_clear);
	for (guint t = 0; t < G_N_ELEMENTS (tables); t++) {
		sqlite3_stmt *stmt;
		int rc = prepare_fingerprint_query (self, tables[t], fingerprint, limit, &stmt);

		if (rc != SQLITE_OK)
			return rc;
		while ((rc = sqlite3_step (stmt)) == SQLITE_ROW) {
			Event event = { sqlite3_column_int64 (stmt, 1), t,
					sqlite3_column_int64 (stmt, 0),
					build_event (tables[t], stmt) };
			g_array_append_val (events, event);
		}
		sqlite3_reset (stmt);
		if (rc != SQLITE_DONE)
			return rc;
	}
	g_array_sort (events, compare_events);
	json_builder_set_member_name (builder, "events");
	json_builder_begin_array (builder);
	for (guint i = 0; i < events->len && (limit < 0 || i < (guint64) limit); i++) {
		Event *event = &g_array_index (events, Event, i);
		json_builder_add_value (builder, g_steal_pointer (&event->node));
	}
	json_builder_end_array (builder);
	return SQLITE_OK;
}

typedef struct {
	gchar *fingerprint;
	Usec latest;
} Recent;

static gint
compare_recent (gconstpointer a, gconstpointer b)
{
	const Recent *x = a, *y = b;

	if (x->latest != y->latest)
		return x->latest > y->latest ? -1 : 1;
	return g_strcmp0 (x->fingerprint, y->fingerprint);
}

/* The @limit failures something happened to last. Of each table only the newest rows are read,
 * until @limit failures are found in it: a failure among the latest @limit overall is among
 * the latest @limit of the table where its last event is. */
static int
list_recent_fingerprints (QnavHistory *self, gint64 limit, GPtrArray *out)
{
	static const Statement tables[] = { STMT_RECENT_DIAGNOSES, STMT_RECENT_PLANS,
					    STMT_RECENT_EXECUTIONS, STMT_RECENT_ESCALATIONS };
	g_autoptr(GHashTable) latest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
							       g_free);
	g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (Recent));
	GHashTableIter iter;
	gpointer key, value;

	for (guint t = 0; t < G_N_ELEMENTS (tables); t++) {
		g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
		sqlite3_stmt *stmt;
		int rc = get_statement (self, tables[t], &stmt);

		if (rc != SQLITE_OK)
			return rc;
		while ((gint64) g_hash_table_size (seen) < limit &&
		       (rc = sqlite3_step (stmt)) == SQLITE_ROW) {
			const gchar *fingerprint = column_text (stmt, 0);
			Usec time = sqlite3_column_int64 (stmt, 1);
			gchar *stored_key = NULL;
			Usec *stored = NULL;

			if (fingerprint == NULL || g_hash_table_contains (seen, fingerprint))
				continue;
			if (g_hash_table_lookup_extended (latest, fingerprint,
							  (gpointer *) &stored_key,
							  (gpointer *) &stored)) {
				*stored = MAX (*stored, time);
			} else {
				stored_key = g_strdup (fingerprint);
				g_hash_table_insert (latest, stored_key,
						     g_memdup2 (&time, sizeof time));
			}
			g_hash_table_add (seen, stored_key);
		}
		sqlite3_reset (stmt);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE && rc != SQLITE_OK)
			return rc;
	}
	g_hash_table_iter_init (&iter, latest);
	while (g_hash_table_iter_next (&iter, &key, &value)) {
		Recent recent = { key, *(Usec *) value };
		g_array_append_val (sorted, recent);
	}
	g_array_sort (sorted, compare_recent);
	for (guint i = 0; i < sorted->len && (gint64) i < limit; i++)
		g_ptr_array_add (out, g_strdup (g_array_index (sorted, Recent, i).fingerprint));
	return SQLITE_OK;
}

static int
list_fingerprints (QnavHistory *self, const gchar *fingerprint, gint64 limit, GPtrArray *out)
{
	sqlite3_stmt *stmt;
	int rc;

	if (fingerprint != NULL) {
		rc = prepare_fingerprint_query (self, STMT_FINGERPRINT_KNOWN, fingerprint, 0,
						&stmt);
		if (rc != SQLITE_OK)
			return rc;
		rc = sqlite3_step (stmt);
		if (rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0)
			g_ptr_array_add (out, g_strdup (fingerprint));
		sqlite3_reset (stmt);
		return rc == SQLITE_ROW ? SQLITE_OK : rc;
	}
	if (limit > 0)
		return list_recent_fingerprints (self, limit, out);
	rc = get_statement (self, STMT_ALL_FINGERPRINTS, &stmt);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
		g_ptr_array_add (out, g_strdup (column_text (stmt, 0)));
	sqlite3_reset (stmt);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
build_document (QnavHistory *self, JsonBuilder *builder, const gchar *fingerprint,
		gint64 limit)
{
	g_autoptr(GPtrArray) fingerprints = g_ptr_array_new_with_free_func (g_free);
	int rc = list_fingerprints (self, fingerprint, limit, fingerprints);

	if (rc != SQLITE_OK)
		return rc;
	json_builder_begin_object (builder);
	add_int (builder, "schema_version", QNAV_SCHEMA_VERSION);
	qnav_json_builder_add_string (builder, "path", self->path);
	json_builder_set_member_name (builder, "fingerprints");
	json_builder_begin_array (builder);
	for (guint i = 0; i < fingerprints->len && rc == SQLITE_OK; i++) {
		const gchar *each = g_ptr_array_index (fingerprints, i);
		json_builder_begin_object (builder);
		qnav_json_builder_add_string (builder, "fingerprint", each);
		rc = add_summary (self, builder, each);
		if (rc == SQLITE_OK && fingerprint != NULL)
			rc = add_events (self, builder, each, limit);
		json_builder_end_object (builder);
	}
	json_builder_end_array (builder);
	json_builder_end_object (builder);
	return rc;
}

/**
 * qnav_history_to_json:
 * @self: a #QnavHistory
 * @fingerprint: (nullable): one failure's fingerprint, or %NULL for the latest failures
 * @limit: at most this many failures, or with @fingerprint this many of its latest events;
 *   0 for no limit
 * @error: return location for a #GError
 *
 * Summarises the history as a `history` document: per failure, newest first, how often it
 * was seen and when, its latest root cause and plugin, each action's attempts and successes,
 * and its last escalation. With @fingerprint, the document holds only that failure (or none,
 * when it was never recorded), with its events: diagnoses, plans, executions and
 * escalations, newest first.
 *
 * Returns: (transfer full): pretty-printed JSON, redacted; %NULL on error
 *
 * Since: 0.1
 */
gchar *
qnav_history_to_json (QnavHistory *self, const gchar *fingerprint, guint limit, GError **error)
{
	g_autoptr(GMutexLocker) locker = NULL;
	g_autoptr(JsonBuilder) builder = NULL;
	g_autoptr(JsonNode) root = NULL;
	int rc;

	g_return_val_if_fail (QNAV_IS_HISTORY (self), NULL);
	g_return_val_if_fail (error == NULL || *error == NULL, NULL);

	locker = g_mutex_locker_new (&self->mutex);
	if (!ensure_open (self, error))
		return NULL;
	for (guint attempt = 0;; attempt++) {
		/* one read transaction: every number in the document is from the same moment */
		g_clear_object (&builder);
		builder = json_builder_new ();
		rc = run_statement (self, STMT_BEGIN_READ);
		if (rc == SQLITE_OK)
			rc = build_document (self, builder, fingerprint,
					     limit > 0 ? (gint64) limit : -1);
		if (rc == SQLITE_OK)
			rc = run_statement (self, STMT_COMMIT);
		if (rc == SQLITE_OK)
			break;
		if (is_busy (rc) && attempt < 20) {
			rollback (self);
			backoff (attempt);
			continue;
		}
		set_sqlite_error (self, error, rc, "reading the history");
		rollback (self);
		return NULL;
	}
	root = json_builder_get_root (builder);
	return qnav_json_to_redacted_string (root, TRUE);
}
