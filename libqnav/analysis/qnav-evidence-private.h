/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "qnav-evidence.h"

G_BEGIN_DECLS

JsonNode *qnav_evidence_to_json_node (QnavEvidence *self);
QnavEvidence *qnav_evidence_new_from_json_object (JsonObject *object, GError **error);
void qnav_evidence_set_weight (QnavEvidence *self, gdouble weight);

G_END_DECLS
