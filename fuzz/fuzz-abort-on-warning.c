/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* LLVMFuzzerInitialize for the targets that treat a GLib warning or critical as a bug: the
 * reader let bad input through to code that complains about it. */

#include "config.h"

#include <stdlib.h>

#include <glib.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);

/* GLib's own fatal logs end in a SIGTRAP, which libFuzzer does not catch; an abort it does,
 * and keeps the input. */
static void
abort_on_warning (const gchar *domain, GLogLevelFlags level, const gchar *message,
		  gpointer user_data)
{
	g_log_default_handler (domain, level, message, user_data);
	if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0)
		abort ();
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
	g_log_set_default_handler (abort_on_warning, NULL);
	return 0;
}
