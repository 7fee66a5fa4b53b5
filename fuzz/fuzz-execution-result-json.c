/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The execution result reader (the document `qnav recover --json` writes, read back through
 * the public API): any bytes in, a result or a clear error out; what it accepts it must write
 * back and read again unchanged. */

#include "config.h"

#include "qnav.h"

int LLVMFuzzerTestOneInput (const guint8 *data, gsize size);

int
LLVMFuzzerTestOneInput (const guint8 *data, gsize size)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavExecutionResult) result =
		qnav_execution_result_new_from_json ((const gchar *) data, (gssize) size, &error);
	g_autoptr(QnavExecutionResult) again = NULL;
	g_autofree gchar *json = NULL;
	g_autofree gchar *json_again = NULL;
	GPtrArray *commands;

	if (result == NULL) {
		g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
		g_assert_true (g_utf8_validate (error->message, -1, NULL));
		return 0;
	}
	json = qnav_execution_result_to_json (result);
	again = qnav_execution_result_new_from_json (json, -1, &error);
	g_assert_no_error (error);
	json_again = qnav_execution_result_to_json (again);
	g_assert_cmpstr (json, ==, json_again);

	/* what a caller reads off an accepted result is text it can print */
	g_assert_true (g_utf8_validate (qnav_execution_result_get_message (result), -1, NULL));
	commands = qnav_execution_result_get_commands (result);
	for (guint i = 0; i < commands->len; i++) {
		QnavCommandResult *command = g_ptr_array_index (commands, i);
		const gchar *output = qnav_command_result_get_output (command);

		g_assert_nonnull (qnav_command_result_get_command (command));
		g_assert_true (g_utf8_validate (output, -1, NULL));
		g_assert_cmpint (qnav_command_result_get_exit_status (command), >=, -1);
	}
	return 0;
}
