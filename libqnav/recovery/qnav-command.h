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

#define QNAV_TYPE_COMMAND (qnav_command_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavCommand, qnav_command, QNAV, COMMAND, GObject)

QNAV_AVAILABLE_IN_ALL
QnavCommand *qnav_command_new (const gchar *const *argv, const gchar *description);

QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_command_get_argv (QnavCommand *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_command_get_description (QnavCommand *self);
QNAV_AVAILABLE_IN_ALL
guint qnav_command_get_timeout_seconds (QnavCommand *self);
QNAV_AVAILABLE_IN_ALL
void qnav_command_set_timeout_seconds (QnavCommand *self, guint timeout_seconds);
QNAV_AVAILABLE_IN_ALL
gchar *qnav_command_to_string (QnavCommand *self);

G_END_DECLS
