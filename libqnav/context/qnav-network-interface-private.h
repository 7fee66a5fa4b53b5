/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "qnav-network-interface.h"

G_BEGIN_DECLS

/* The object written under "interfaces" → name; the name itself is the member's key. */
JsonNode *qnav_network_interface_to_json_node (QnavNetworkInterface *self);
/* Reads an interface object that carries its own "name" member. */
QnavNetworkInterface *qnav_network_interface_new_from_json_object (JsonObject *object,
								   GError **error)
	G_GNUC_WARN_UNUSED_RESULT;
/* Reads the object found under "interfaces" → @name. */
QnavNetworkInterface *qnav_network_interface_new_from_json_member (const gchar *name,
								   JsonObject *object,
								   GError **error)
	G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
