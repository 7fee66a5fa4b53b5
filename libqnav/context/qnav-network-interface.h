/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__QNAV_INSIDE__) && !defined(QNAV_COMPILATION)
#error "Only <qnav.h> can be included directly."
#endif

#include <gio/gio.h>

#include "qnav-version.h"

G_BEGIN_DECLS

#define QNAV_TYPE_NETWORK_INTERFACE (qnav_network_interface_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavNetworkInterface, qnav_network_interface, QNAV, NETWORK_INTERFACE,
		      GObject)

QNAV_AVAILABLE_IN_ALL
QnavNetworkInterface *qnav_network_interface_new (const gchar *name, gboolean up, guint mtu,
						  gint speed_mbps);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_network_interface_get_name (QnavNetworkInterface *self);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_network_interface_get_up (QnavNetworkInterface *self);
QNAV_AVAILABLE_IN_ALL
guint qnav_network_interface_get_mtu (QnavNetworkInterface *self);
QNAV_AVAILABLE_IN_ALL
gint qnav_network_interface_get_speed_mbps (QnavNetworkInterface *self);

G_END_DECLS
