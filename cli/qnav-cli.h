/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <qnav.h>

G_BEGIN_DECLS

/* What every subcommand handler gets: its own arguments (argv[0] is the subcommand name). */
typedef struct {
	gint argc;
	gchar **argv;
	gboolean quiet;
} QnavCli;

typedef gint (*QnavCliHandler) (QnavCli *cli, GError **error);

typedef struct {
	QnavError code;
	gint exit_code;
	const gchar *meaning;
} QnavCliExitCode;

extern const QnavCliExitCode qnav_cli_exit_codes[];
extern const guint qnav_cli_n_exit_codes;

gint qnav_cli_exit_code_for (const GError *error);

gint qnav_cli_diagnose (QnavCli *cli, GError **error);
gint qnav_cli_context (QnavCli *cli, GError **error);
gint qnav_cli_patterns (QnavCli *cli, GError **error);
gint qnav_cli_plan (QnavCli *cli, GError **error);
gint qnav_cli_recover (QnavCli *cli, GError **error);
gint qnav_cli_escalate (QnavCli *cli, GError **error);
gint qnav_cli_run_helper (QnavCli *cli, const gchar *program, GError **error);
gint qnav_cli_history (QnavCli *cli, GError **error);
gint qnav_cli_check (QnavCli *cli, GError **error);

gboolean qnav_cli_parse (GOptionContext *option_context, QnavCli *cli, GError **error);
QnavPatternLibrary *qnav_cli_load_library (gchar **pattern_dirs, gboolean quiet,
					   GError **error);
gboolean qnav_cli_write_output (const gchar *path, const gchar *contents, GError **error);
gboolean qnav_cli_read_input (const gchar *path, gchar **contents, gsize *length,
			      GError **error);
void qnav_cli_print (const gchar *format, ...) G_GNUC_PRINTF (1, 2);
gchar *qnav_cli_redact (const gchar *text);

G_END_DECLS
