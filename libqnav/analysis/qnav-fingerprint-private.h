/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "qnav-enums.h"
#include "qnav-failure-analysis.h"

G_BEGIN_DECLS

/* At most this much of the masked text takes part in a fingerprint. */
#define QNAV_FINGERPRINT_TEXT_MAX 512

gchar *qnav_fingerprint_mask (const gchar *text, gssize length);
gchar *qnav_fingerprint_compute (QnavRootCause root_cause, GPtrArray *pattern_ids,
				 const gchar *text, gssize length);

/* A fingerprint is pasted into search queries, HTML comments and file names: it holds only
 * ASCII letters, digits, '-' and '_', at most this many. */
#define QNAV_FINGERPRINT_MAX 64

gboolean qnav_fingerprint_is_valid (const gchar *fingerprint);
gchar *qnav_fingerprint_of_analysis (QnavFailureAnalysis *analysis);

G_END_DECLS
