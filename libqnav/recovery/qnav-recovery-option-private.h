/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "qnav-recovery-option.h"

G_BEGIN_DECLS

JsonNode *qnav_recovery_option_to_json_node (QnavRecoveryOption *self);
QnavRecoveryOption *qnav_recovery_option_new_from_json_object (JsonObject *object,
							       GError **error);

G_END_DECLS
