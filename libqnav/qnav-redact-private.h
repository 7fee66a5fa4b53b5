/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What replaces a secret. Visible, so a reader knows something was removed. */
#define QNAV_REDACTED "[REDACTED]"

gchar *qnav_redact (const gchar *text);
gboolean qnav_redact_needed (const gchar *text);

G_END_DECLS
