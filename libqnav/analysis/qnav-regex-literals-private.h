/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Longest keyword kept; any substring of a required literal is itself required. */
#define QNAV_KEYWORD_MAX_LENGTH 16
/* Shorter keywords would select most lines of a log and are not worth filtering on. */
#define QNAV_KEYWORD_MIN_LENGTH 3

GStrv qnav_regex_required_literals (const gchar *regex);

G_END_DECLS
