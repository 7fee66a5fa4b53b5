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
#include "qnav-disk-usage.h"
#include "qnav-network-interface.h"

G_BEGIN_DECLS

#define QNAV_TYPE_SYSTEM_RESOURCES (qnav_system_resources_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavSystemResources, qnav_system_resources, QNAV, SYSTEM_RESOURCES, GObject)

QNAV_AVAILABLE_IN_ALL
QnavSystemResources *qnav_system_resources_new (void);

QNAV_AVAILABLE_IN_ALL
guint qnav_system_resources_get_cpu_count (QnavSystemResources *self);
QNAV_AVAILABLE_IN_ALL
void qnav_system_resources_set_cpu_count (QnavSystemResources *self, guint cpu_count);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_system_resources_get_load_1min (QnavSystemResources *self);
QNAV_AVAILABLE_IN_ALL
void qnav_system_resources_set_load (QnavSystemResources *self, gdouble load_1min,
				     gdouble load_5min, gdouble load_15min);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_system_resources_get_load_5min (QnavSystemResources *self);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_system_resources_get_load_15min (QnavSystemResources *self);
QNAV_AVAILABLE_IN_ALL
guint64 qnav_system_resources_get_memory_total_bytes (QnavSystemResources *self);
QNAV_AVAILABLE_IN_ALL
guint64 qnav_system_resources_get_memory_available_bytes (QnavSystemResources *self);
QNAV_AVAILABLE_IN_ALL
void qnav_system_resources_set_memory (QnavSystemResources *self, guint64 total_bytes,
				       guint64 available_bytes);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_system_resources_get_memory_used_percent (QnavSystemResources *self);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_system_resources_get_cpu_pressure (QnavSystemResources *self);
QNAV_AVAILABLE_IN_ALL
void qnav_system_resources_set_cpu_pressure (QnavSystemResources *self, gdouble some_avg10);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_system_resources_get_memory_pressure (QnavSystemResources *self);
QNAV_AVAILABLE_IN_ALL
void qnav_system_resources_set_memory_pressure (QnavSystemResources *self, gdouble some_avg10);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_system_resources_get_io_pressure (QnavSystemResources *self);
QNAV_AVAILABLE_IN_ALL
void qnav_system_resources_set_io_pressure (QnavSystemResources *self, gdouble some_avg10);
QNAV_AVAILABLE_IN_ALL
GPtrArray *qnav_system_resources_get_disks (QnavSystemResources *self);
QNAV_AVAILABLE_IN_ALL
void qnav_system_resources_add_disk (QnavSystemResources *self, QnavDiskUsage *disk);
QNAV_AVAILABLE_IN_ALL
QnavDiskUsage *qnav_system_resources_find_disk (QnavSystemResources *self, const gchar *path);
QNAV_AVAILABLE_IN_ALL
GPtrArray *qnav_system_resources_get_interfaces (QnavSystemResources *self);
QNAV_AVAILABLE_IN_ALL
void qnav_system_resources_add_interface (QnavSystemResources *self,
					  QnavNetworkInterface *interface);

G_END_DECLS
