/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "qnav-history.h"

G_BEGIN_DECLS

/* The schema version this qnav writes into PRAGMA user_version. */
#define QNAV_HISTORY_SCHEMA_VERSION 1

/* How long a write waits for another process's transaction before it gives up. */
#define QNAV_HISTORY_BUSY_TIMEOUT_MS 5000

/* A connection that closes with at least this many pages in the WAL file checkpoints it and
 * truncates it (see close_db()). */
#define QNAV_HISTORY_CHECKPOINT_PAGES 64

/* A commit that leaves at least this many pages in the WAL file copies them into the
 * database, as SQLite's own automatic checkpoint would, without waiting for anyone. */
#define QNAV_HISTORY_AUTOCHECKPOINT_PAGES 1000

/* How long the checkpoint at close waits for other processes' transactions to end before it
 * leaves the work to the next connection that closes. */
#define QNAV_HISTORY_CHECKPOINT_WAIT_MS 100

/* Called inside every write transaction, after its rows are written and before COMMIT, with
 * the connection (a sqlite3 *). Tests use it to kill a writer in the middle of a transaction. */
typedef void (*QnavHistoryTestHook) (gpointer connection, gpointer user_data);

void qnav_history_set_test_hook (QnavHistory *self, QnavHistoryTestHook hook,
				 gpointer user_data);

G_END_DECLS
