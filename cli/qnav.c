/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>

#include "qnav-cli.h"
#include "qnav-redact-private.h"

/* The `qnav` command: a table of subcommands, each a thin handler over one library call. */

typedef struct {
	const gchar *name;
	QnavCliHandler handler;
	const gchar *summary;
} Subcommand;

static const Subcommand subcommands[] = {
	{ "diagnose", qnav_cli_diagnose, "Diagnose a failure from its text, logs and the host" },
	{ "context", qnav_cli_context, "Show what the probes find on this host" },
	{ "patterns", qnav_cli_patterns, "List, show, test and validate failure patterns" },
	{ "plan", qnav_cli_plan, "Rank the ways to recover from a diagnosed failure" },
	{ "recover", qnav_cli_recover, "Carry out one option of a plan, behind approval" },
	{ "escalate", qnav_cli_escalate, "Open or update the GitHub issue of a failure" },
	{ "history", qnav_cli_history, "Show past failures, their recoveries and escalations" },
	{ "check", qnav_cli_check, "Whether a condition holds (service, disk, memory, host, domain)" },
};

/* Exit codes follow QnavError codes, so scripts can tell "bad input" from "qnav broke". */
static const struct {
	QnavError code;
	gint exit_code;
	const gchar *meaning;
} exit_codes[] = {
	{ QNAV_ERROR_FAILED, 1, "qnav failed for a reason no other code describes" },
	{ QNAV_ERROR_INVALID_ARGUMENT, 2, "invalid command-line arguments" },
	{ QNAV_ERROR_INVALID_DATA, 3, "an input document is malformed" },
	{ QNAV_ERROR_NOT_FOUND, 4, "a file, pattern or object does not exist" },
	{ QNAV_ERROR_IO, 5, "reading or writing a file failed" },
	{ QNAV_ERROR_INVALID_PATTERN, 6, "a pattern is invalid" },
	{ QNAV_ERROR_TIMED_OUT, 7, "an operation timed out" },
	{ QNAV_ERROR_NETWORK, 8, "a remote service could not be reached" },
	{ QNAV_ERROR_AUTH, 9, "a remote service refused the credentials" },
	{ QNAV_ERROR_DENIED, 10, "an approval was denied, or recovery is muted or rate limited" },
	{ QNAV_ERROR_UNSUPPORTED, 11, "this host or build lacks what is needed" },
};

static gint
exit_code_for (const GError *error)
{
	if (error->domain == QNAV_ERROR) {
		for (guint i = 0; i < G_N_ELEMENTS (exit_codes); i++) {
			if ((gint) exit_codes[i].code == error->code)
				return exit_codes[i].exit_code;
		}
	}
	if (error->domain == G_OPTION_ERROR)
		return 2;
	if (error->domain == G_IO_ERROR && error->code == G_IO_ERROR_NOT_FOUND)
		return 4;
	if (error->domain == G_IO_ERROR || error->domain == G_FILE_ERROR)
		return 5;
	return 1;
}

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
	for (guint i = 0; i < G_N_ELEMENTS (exit_codes); i++)
		g_string_append_printf (text, "  %-2d %s\n", exit_codes[i].exit_code,
					exit_codes[i].meaning);
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

gboolean
qnav_cli_parse (GOptionContext *option_context, QnavCli *cli, GError **error)
{
	g_option_context_set_help_enabled (option_context, TRUE);
	if (!g_option_context_parse (option_context, &cli->argc, &cli->argv, error)) {
		g_prefix_error (error, "%s: ", cli->argv[0]);
		return FALSE;
	}
	return TRUE;
}

void
qnav_cli_print (const gchar *format, ...)
{
	va_list args;

	va_start (args, format);
	vfprintf (stdout, format, args);
	va_end (args);
}

/* Every text the CLI prints passes the same redactor as the JSON documents. */
gchar *
qnav_cli_redact (const gchar *text)
{
	return qnav_redact (text != NULL ? text : "");
}

/* The library lives as long as the process: freeing hundreds of patterns at exit would cost
 * more than a whole diagnosis, and what stays reachable is not a leak. */
static QnavPatternLibrary *cli_library;

/* Returns: (transfer none): the embedded library, then the system and user pattern
 * directories, then each --patterns DIR. A bad file in a directory is reported on stderr and
 * its good patterns are kept; a --patterns directory that does not exist is an error. */
QnavPatternLibrary *
qnav_cli_load_library (gchar **pattern_dirs, gboolean quiet, GError **error)
{
	g_autoptr(QnavPatternLibrary) library = qnav_pattern_library_new_default (error);
	g_autoptr(GError) error_local = NULL;

	g_return_val_if_fail (cli_library == NULL, NULL);

	if (library == NULL)
		return NULL;
	if (!qnav_pattern_library_load_user_directories (library, &error_local)) {
		if (!quiet)
			g_printerr ("qnav: warning: %s\n", error_local->message);
		g_clear_error (&error_local);
	}
	for (guint i = 0; pattern_dirs != NULL && pattern_dirs[i] != NULL; i++) {
		if (qnav_pattern_library_load_directory (library, pattern_dirs[i], &error_local))
			continue;
		if (!g_error_matches (error_local, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN)) {
			g_propagate_error (error, g_steal_pointer (&error_local));
			return NULL;
		}
		if (!quiet)
			g_printerr ("qnav: warning: %s\n", error_local->message);
		g_clear_error (&error_local);
	}
	cli_library = g_steal_pointer (&library);
	return cli_library;
}

gboolean
qnav_cli_write_output (const gchar *path, const gchar *contents, GError **error)
{
	g_autoptr(GError) error_local = NULL;

	if (g_strcmp0 (path, "-") == 0) {
		fputs (contents, stdout);
		return TRUE;
	}
	/* g_file_set_contents writes a temporary file and renames it: a crash never leaves a
	 * half-written analysis behind */
	if (!g_file_set_contents (path, contents, -1, &error_local)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_IO, "cannot write %s: %s", path,
			     error_local->message);
		return FALSE;
	}
	return TRUE;
}

gboolean
qnav_cli_read_input (const gchar *path, gchar **contents, gsize *length, GError **error)
{
	g_autoptr(GError) error_local = NULL;

	if (g_strcmp0 (path, "-") == 0) {
		g_autoptr(GInputStream) input = g_unix_input_stream_new (STDIN_FILENO, FALSE);
		g_autoptr(GOutputStream) output = g_memory_output_stream_new_resizable ();
		if (g_output_stream_splice (output, input, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
					    NULL, &error_local) < 0) {
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_IO,
				     "cannot read standard input: %s", error_local->message);
			return FALSE;
		}
		*length = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (output));
		/* keep a terminating NUL for callers that want a string */
		*contents = g_realloc (g_memory_output_stream_steal_data (
					       G_MEMORY_OUTPUT_STREAM (output)),
				       *length + 1);
		(*contents)[*length] = '\0';
		return TRUE;
	}
	if (g_file_test (path, G_FILE_TEST_IS_DIR)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "%s is a directory, not a file", path);
		return FALSE;
	}
	if (!g_file_get_contents (path, contents, length, &error_local)) {
		g_set_error (error, QNAV_ERROR,
			     g_error_matches (error_local, G_FILE_ERROR, G_FILE_ERROR_NOENT)
				     ? QNAV_ERROR_NOT_FOUND
				     : QNAV_ERROR_IO,
			     "%s", error_local->message);
		return FALSE;
	}
	return TRUE;
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
			return exit_code_for (error);
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
