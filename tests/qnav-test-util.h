/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void qnav_test_remove_tree (const gchar *path);

/* The secret corpus, tests/data/secrets/secrets.json: its "cases", owned by @parser. */
JsonArray *qnav_test_load_secrets (JsonParser *parser);

G_END_DECLS
