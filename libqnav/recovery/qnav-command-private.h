/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "qnav-command.h"

G_BEGIN_DECLS

JsonNode *qnav_command_to_json_node (QnavCommand *self);
QnavCommand *qnav_command_new_from_json_object (JsonObject *object, GError **error);

G_END_DECLS
