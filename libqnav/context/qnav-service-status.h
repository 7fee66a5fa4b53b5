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

#define QNAV_TYPE_SERVICE_STATUS (qnav_service_status_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavServiceStatus, qnav_service_status, QNAV, SERVICE_STATUS, GObject)

QNAV_AVAILABLE_IN_ALL
QnavServiceStatus *qnav_service_status_new (const gchar *name);

QNAV_AVAILABLE_IN_ALL
const gchar *qnav_service_status_get_name (QnavServiceStatus *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_service_status_get_unit (QnavServiceStatus *self);
QNAV_AVAILABLE_IN_ALL
void qnav_service_status_set_unit (QnavServiceStatus *self, const gchar *unit);
QNAV_AVAILABLE_IN_ALL
QnavServiceBackend qnav_service_status_get_backend (QnavServiceStatus *self);
QNAV_AVAILABLE_IN_ALL
void qnav_service_status_set_backend (QnavServiceStatus *self, QnavServiceBackend backend);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_service_status_get_found (QnavServiceStatus *self);
QNAV_AVAILABLE_IN_ALL
void qnav_service_status_set_found (QnavServiceStatus *self, gboolean found);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_service_status_get_active (QnavServiceStatus *self);
QNAV_AVAILABLE_IN_ALL
void qnav_service_status_set_active (QnavServiceStatus *self, gboolean active);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_service_status_get_state (QnavServiceStatus *self);
QNAV_AVAILABLE_IN_ALL
void qnav_service_status_set_state (QnavServiceStatus *self, const gchar *state);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_service_status_get_sub_state (QnavServiceStatus *self);
QNAV_AVAILABLE_IN_ALL
void qnav_service_status_set_sub_state (QnavServiceStatus *self, const gchar *sub_state);
QNAV_AVAILABLE_IN_ALL
guint qnav_service_status_get_main_pid (QnavServiceStatus *self);
QNAV_AVAILABLE_IN_ALL
void qnav_service_status_set_main_pid (QnavServiceStatus *self, guint main_pid);
QNAV_AVAILABLE_IN_ALL
GDateTime *qnav_service_status_get_since (QnavServiceStatus *self);
QNAV_AVAILABLE_IN_ALL
void qnav_service_status_set_since (QnavServiceStatus *self, GDateTime *since);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_service_status_get_detail (QnavServiceStatus *self);
QNAV_AVAILABLE_IN_ALL
void qnav_service_status_set_detail (QnavServiceStatus *self, const gchar *detail);

G_END_DECLS
