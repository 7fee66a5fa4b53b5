/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__QNAV_INSIDE__) && !defined(QNAV_COMPILATION)
#error "Only <qnav.h> can be included directly."
#endif

#include <gio/gio.h>

#include "qnav-enums.h"
#include "qnav-version.h"

G_BEGIN_DECLS

#define QNAV_TYPE_LOG_ENTRY (qnav_log_entry_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavLogEntry, qnav_log_entry, QNAV, LOG_ENTRY, GObject)

QNAV_AVAILABLE_IN_ALL
QnavLogEntry *qnav_log_entry_new (const gchar *source, const gchar *message);

QNAV_AVAILABLE_IN_ALL
const gchar *qnav_log_entry_get_source (QnavLogEntry *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_log_entry_get_message (QnavLogEntry *self);
QNAV_AVAILABLE_IN_ALL
GDateTime *qnav_log_entry_get_timestamp (QnavLogEntry *self);
QNAV_AVAILABLE_IN_ALL
void qnav_log_entry_set_timestamp (QnavLogEntry *self, GDateTime *timestamp);
QNAV_AVAILABLE_IN_ALL
gint qnav_log_entry_get_priority (QnavLogEntry *self);
QNAV_AVAILABLE_IN_ALL
void qnav_log_entry_set_priority (QnavLogEntry *self, gint priority);

G_END_DECLS
