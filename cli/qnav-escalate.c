/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* `qnav escalate`, as a program of its own: `qnav` hands the subcommand over here, so that
 * only escalations load the HTTP stack. Run directly, it takes the same options. */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "qnav-cli.h"

int
main (int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	QnavCli cli = { 0 };
	gint first = 1;
	gint status;

	setlocale (LC_ALL, "");
	if (first < argc && (g_str_equal (argv[first], "--quiet") || g_str_equal (argv[first], "-q"))) {
		cli.quiet = TRUE;
		first++;
	}
	/* the subcommand's own view: argv[0] is its name, as under `qnav` */
	cli.argc = argc - first + 1;
	cli.argv = g_new0 (gchar *, cli.argc + 1);
	cli.argv[0] = "escalate";
	for (gint i = 1; i < cli.argc; i++)
		cli.argv[i] = argv[first + i - 1];

	status = qnav_cli_escalate (&cli, &error);
	g_free (cli.argv);
	if (error != NULL) {
		g_printerr ("qnav: %s\n", error->message);
		return qnav_cli_exit_code_for (error);
	}
	fflush (stdout);
	return status;
}
