/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "qnav.h"

G_BEGIN_DECLS

/* One labelled failure of tests/data/NAME/cases.json (NAME: corpus or holdout). */
typedef struct {
	gchar *id;
	QnavRootCause category;
	gchar *source;
	gchar *text;     /* the failure text, NULL for a long log */
	gchar *log_path; /* the long log, NULL for a text */
} QnavTestCase;

GPtrArray *qnav_test_corpus_load (const gchar *name);
GPtrArray *qnav_test_corpus_all_texts (void);

G_END_DECLS
