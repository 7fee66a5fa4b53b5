/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "qnav-cli.h"

/* The `qnav` command: a table of subcommands, each a thin handler over one library call. */

typedef struct {
	const gchar *name;
	QnavCliHandler handler;
	const gchar *summary;
} Subcommand;

/* `escalate` is a program of its own: the HTTP stack it needs (libsoup and what it links,
 * Kerberos included) would otherwise be loaded by every qnav command, diagnoses included. */
static gint
run_escalate (QnavCli *cli, GError **error)
{
	return qnav_cli_run_helper (cli, "qnav-escalate", error);
}

static const Subcommand subcommands[] = {
	{ "diagnose", qnav_cli_diagnose, "Diagnose a failure from its text, logs and the host" },
	{ "context", qnav_cli_context, "Show what the probes find on this host" },
	{ "patterns", qnav_cli_patterns, "List, show, test and validate failure patterns" },
	{ "plan", qnav_cli_plan, "Rank the ways to recover from a diagnosed failure" },
	{ "recover", qnav_cli_recover, "Carry out one option of a plan, behind approval" },
	{ "escalate", run_escalate, "Open or update the GitHub issue of a failure" },
	{ "history", qnav_cli_history, "Show past failures, their recoveries and escalations" },
	{ "check", qnav_cli_check, "Whether a condition holds (service, disk, memory, host, domain)" },
};

static gchar *
usage_text (void)
{
	GString *text = g_string_new ("Usage: qnav [--quiet] COMMAND [OPTIONS…]\n\n"
				      "Failure diagnosis and recovery for KVM/libvirt, podman, "
				      "Airflow and Ansible.\n\nCommands:\n");

	for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
		g_string_append_printf (text, "  %-10s %s\n", subcommands[i].name,
					subcommands[i].summary);
	g_string_append (text, "  version    Print the version\n\n"
			       "Run 'qnav COMMAND --help' for a command's options.\n\n"
			       "Exit status:\n"
			       "  0  success (a diagnosis was made, whatever its cause)\n");
	for (guint i = 0; i < qnav_cli_n_exit_codes; i++)
		g_string_append_printf (text, "  %-2d %s\n", qnav_cli_exit_codes[i].exit_code,
					qnav_cli_exit_codes[i].meaning);
	g_string_append (text, "\nEnvironment:\n"
			       "  NO_COLOR          accepted; qnav prints no colour anyway\n"
			       "  QNAV_SYSCONFDIR   directory used instead of /etc/qnav\n"
			       "  QNAV_MUTE         set to 1: no recovery runs automatically\n"
			       "  GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL\n"
			       "                    where `qnav escalate` files issues\n"
			       "  QNAV_STATE_DIR    directory used instead of /var/lib/qnav or $XDG_STATE_HOME/qnav\n"
			       "  XDG_CONFIG_HOME   per-user patterns in $XDG_CONFIG_HOME/qnav/patterns.d\n");
	return g_string_free (text, FALSE);
}

int
main (int argc, char **argv)
{
	g_autoptr(GError) error = NULL;
	QnavCli cli = { 0 };
	gint first = 1;
	gint status;

	setlocale (LC_ALL, "");
	while (first < argc && argv[first][0] == '-') {
		if (g_str_equal (argv[first], "--quiet") || g_str_equal (argv[first], "-q")) {
			cli.quiet = TRUE;
			first++;
		} else if (g_str_equal (argv[first], "--help") || g_str_equal (argv[first], "-h")) {
			g_autofree gchar *usage = usage_text ();
			fputs (usage, stdout);
			return 0;
		} else if (g_str_equal (argv[first], "--version")) {
			g_print ("qnav %s\n", qnav_version_string ());
			return 0;
		} else {
			g_autofree gchar *usage = usage_text ();
			g_printerr ("qnav: unknown option %s\n\n%s", argv[first], usage);
			return 2;
		}
	}
	if (first >= argc) {
		g_autofree gchar *usage = usage_text ();
		g_printerr ("%s", usage);
		return 2;
	}
	if (g_str_equal (argv[first], "version")) {
		g_print ("qnav %s\n", qnav_version_string ());
		return 0;
	}
	if (g_str_equal (argv[first], "help")) {
		g_autofree gchar *usage = usage_text ();
		fputs (usage, stdout);
		return 0;
	}

	cli.argc = argc - first;
	cli.argv = g_new0 (gchar *, cli.argc + 1);
	for (gint i = 0; i < cli.argc; i++)
		cli.argv[i] = argv[first + i];

	for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++) {
		if (!g_str_equal (subcommands[i].name, argv[first]))
			continue;
		status = subcommands[i].handler (&cli, &error);
		g_free (cli.argv);
		if (error != NULL) {
			g_printerr ("qnav: %s\n", error->message);
			return qnav_cli_exit_code_for (error);
		}
		fflush (stdout);
		return status;
	}
	g_free (cli.argv);
	{
		g_autofree gchar *usage = usage_text ();
		g_printerr ("qnav: unknown command \"%s\"\n\n%s", argv[first], usage);
	}
	return 2;
}
