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

#define QNAV_TYPE_DISK_USAGE (qnav_disk_usage_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavDiskUsage, qnav_disk_usage, QNAV, DISK_USAGE, GObject)

QNAV_AVAILABLE_IN_ALL
QnavDiskUsage *qnav_disk_usage_new (const gchar *path);

QNAV_AVAILABLE_IN_ALL
const gchar *qnav_disk_usage_get_path (QnavDiskUsage *self);
QNAV_AVAILABLE_IN_ALL
guint64 qnav_disk_usage_get_total_bytes (QnavDiskUsage *self);
QNAV_AVAILABLE_IN_ALL
void qnav_disk_usage_set_total_bytes (QnavDiskUsage *self, guint64 total_bytes);
QNAV_AVAILABLE_IN_ALL
guint64 qnav_disk_usage_get_free_bytes (QnavDiskUsage *self);
QNAV_AVAILABLE_IN_ALL
void qnav_disk_usage_set_free_bytes (QnavDiskUsage *self, guint64 free_bytes);
QNAV_AVAILABLE_IN_ALL
guint64 qnav_disk_usage_get_total_inodes (QnavDiskUsage *self);
QNAV_AVAILABLE_IN_ALL
void qnav_disk_usage_set_total_inodes (QnavDiskUsage *self, guint64 total_inodes);
QNAV_AVAILABLE_IN_ALL
guint64 qnav_disk_usage_get_free_inodes (QnavDiskUsage *self);
QNAV_AVAILABLE_IN_ALL
void qnav_disk_usage_set_free_inodes (QnavDiskUsage *self, guint64 free_inodes);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_disk_usage_get_used_percent (QnavDiskUsage *self);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_disk_usage_is_full (QnavDiskUsage *self);

G_END_DECLS
