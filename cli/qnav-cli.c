/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* What every qnav program shares: argument parsing, output, input files, exit codes. `qnav`
 * and the programs it hands subcommands to (qnav-escalate) link it. */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>

#include "qnav-cli.h"
#include "qnav-redact-private.h"

/* Exit codes follow QnavError codes, so scripts can tell "bad input" from "qnav broke". */
const QnavCliExitCode qnav_cli_exit_codes[] = {
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
const guint qnav_cli_n_exit_codes = G_N_ELEMENTS (qnav_cli_exit_codes);

gint
qnav_cli_exit_code_for (const GError *error)
{
	if (error->domain == QNAV_ERROR) {
		for (guint i = 0; i < qnav_cli_n_exit_codes; i++) {
			if ((gint) qnav_cli_exit_codes[i].code == error->code)
				return qnav_cli_exit_codes[i].exit_code;
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

/* Hands a subcommand to the program that implements it: the one next to this executable (a
 * build tree), else the installed one. Returns only when it cannot be started. */
gint
qnav_cli_run_helper (QnavCli *cli, const gchar *program, GError **error)
{
	g_autofree gchar *self_path = g_file_read_link ("/proc/self/exe", NULL);
	g_autofree gchar *self_dir = self_path != NULL ? g_path_get_dirname (self_path) : NULL;
	g_autofree gchar *beside = self_dir != NULL ? g_build_filename (self_dir, program, NULL)
						    : NULL;
	g_autofree gchar *installed = g_build_filename (QNAV_LIBEXECDIR, program, NULL);
	const gchar *path = beside != NULL && g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE)
				    ? beside
				    : installed;
	g_autoptr(GPtrArray) argv = g_ptr_array_new ();

	g_ptr_array_add (argv, (gpointer) path);
	if (cli->quiet)
		g_ptr_array_add (argv, "--quiet");
	for (gint i = 1; i < cli->argc; i++)
		g_ptr_array_add (argv, cli->argv[i]);
	g_ptr_array_add (argv, NULL);

	fflush (stdout);
	execv (path, (gchar **) argv->pdata);
	g_set_error (error, QNAV_ERROR, QNAV_ERROR_UNSUPPORTED,
		     "%s: cannot run %s: %s (is qnav fully installed?)", cli->argv[0], path,
		     g_strerror (errno));
	return 11;
}
