/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "qnav-log-entry.h"

G_BEGIN_DECLS

JsonNode *qnav_log_entry_to_json_node (QnavLogEntry *self);
QnavLogEntry *qnav_log_entry_new_from_json_object (JsonObject *object, GError **error)
	G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
