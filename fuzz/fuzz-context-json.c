/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The context reader: any bytes in, a context or a clear error out. */

#include "config.h"

#include "qnav.h"

int LLVMFuzzerTestOneInput (const guint8 *data, gsize size);

int
LLVMFuzzerTestOneInput (const guint8 *data, gsize size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavDiagnosticContext) context =
		qnav_diagnostic_context_new_from_json ((const gchar *) data, (gssize) size, &error);
	g_autofree gchar *json = NULL;

	if (context == NULL) {
		g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
		return 0;
	}
	json = qnav_diagnostic_context_to_json (context);
	g_assert_true (g_utf8_validate (json, -1, NULL));
	return 0;
}
