/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs @argv (never through a shell) and collects its output, in the calling thread. The
 * child is killed, and G_IO_ERROR_TIMED_OUT returned, when it has not exited within
 * @timeout_ms; it is killed too when @cancellable fires. */
gboolean qnav_probe_run_command (const gchar *const *argv, guint timeout_ms,
				 GCancellable *cancellable, GBytes **stdout_bytes,
				 gchar **stderr_text, gint *exit_status, GError **error);

/* An absolute path for @program, looked up on PATH when it has no slash, or NULL. */
gchar *qnav_probe_find_program (const gchar *program);

/* Reads a small text file such as /proc/loadavg whole, stripped. NULL when unreadable. */
gchar *qnav_probe_read_small_file (const gchar *path, GError **error);

/* A UTC time from microseconds since the epoch (systemd and journald timestamps). */
GDateTime *qnav_probe_datetime_from_usec (gint64 usec);

/* What the failure text names. Each list is deduplicated and in order of appearance. */
GStrv qnav_probe_text_services (const gchar *text);
GStrv qnav_probe_text_paths (const gchar *text);

typedef struct {
	gchar *host;
	guint16 port;
} QnavProbeEndpoint;

/* At most @max distinct hosts; port 0 means the text named no port for an address. */
GArray *qnav_probe_text_endpoints (const gchar *text, guint max);

G_END_DECLS
