/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "qnav-service-status.h"

G_BEGIN_DECLS

/* The object written under "services" → name; the name itself is the member's key. */
JsonNode *qnav_service_status_to_json_node (QnavServiceStatus *self);
/* Reads a service object that carries its own "name" member. */
QnavServiceStatus *qnav_service_status_new_from_json_object (JsonObject *object,
							     GError **error)
	G_GNUC_WARN_UNUSED_RESULT;
/* Reads the object found under "services" → @name. */
QnavServiceStatus *qnav_service_status_new_from_json_member (const gchar *name,
							     JsonObject *object, GError **error)
	G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
