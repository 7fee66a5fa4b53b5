/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "qnav-diagnostic-context.h"

G_BEGIN_DECLS

/* The whole document, not yet redacted: embed it in a larger document and redact that. */
JsonNode *qnav_diagnostic_context_to_json_node (QnavDiagnosticContext *self);
QnavDiagnosticContext *qnav_diagnostic_context_new_from_json_object (JsonObject *object,
								     GError **error)
	G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
