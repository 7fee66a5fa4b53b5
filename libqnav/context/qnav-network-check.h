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

#define QNAV_TYPE_NETWORK_CHECK (qnav_network_check_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavNetworkCheck, qnav_network_check, QNAV, NETWORK_CHECK, GObject)

QNAV_AVAILABLE_IN_ALL
QnavNetworkCheck *qnav_network_check_new (const gchar *host, guint16 port);

QNAV_AVAILABLE_IN_ALL
const gchar *qnav_network_check_get_host (QnavNetworkCheck *self);
QNAV_AVAILABLE_IN_ALL
guint16 qnav_network_check_get_port (QnavNetworkCheck *self);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_network_check_get_resolved (QnavNetworkCheck *self);
QNAV_AVAILABLE_IN_ALL
void qnav_network_check_set_resolved (QnavNetworkCheck *self, gboolean resolved);
QNAV_AVAILABLE_IN_ALL
const gchar *const *qnav_network_check_get_addresses (QnavNetworkCheck *self);
QNAV_AVAILABLE_IN_ALL
void qnav_network_check_set_addresses (QnavNetworkCheck *self, const gchar *const *addresses);
QNAV_AVAILABLE_IN_ALL
gboolean qnav_network_check_get_reachable (QnavNetworkCheck *self);
QNAV_AVAILABLE_IN_ALL
void qnav_network_check_set_reachable (QnavNetworkCheck *self, gboolean reachable);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_network_check_get_latency_ms (QnavNetworkCheck *self);
QNAV_AVAILABLE_IN_ALL
void qnav_network_check_set_latency_ms (QnavNetworkCheck *self, gdouble latency_ms);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_network_check_get_error (QnavNetworkCheck *self);
QNAV_AVAILABLE_IN_ALL
void qnav_network_check_set_error (QnavNetworkCheck *self, const gchar *error);

G_END_DECLS
