/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

#include "qnav-enums.h"

G_BEGIN_DECLS

/* What a collection was asked to do, frozen when it starts so that the probes (some of them
 * in worker threads) read it without locks while the collector's properties may change. */
typedef struct {
	QnavProbeFlags probes;
	GStrv services;
	gchar *proc_root;
	gchar *sys_root;
	gchar *system_bus_address;
	gchar *podman_path;
	gchar *journalctl_path;
	gchar *journal_directory;
	GStrv log_paths;
	GStrv disk_paths;
	guint64 max_log_bytes;
	guint log_since_seconds;
	guint network_timeout_ms;
	guint timeout_ms;
	/* g_get_monotonic_time () at which every probe must have answered */
	gint64 deadline;
	/* the failure text, for the names, paths and hosts it mentions */
	gchar *error_message;
} QnavProbeConfig;

QnavProbeConfig *qnav_probe_config_ref (QnavProbeConfig *config);
void qnav_probe_config_unref (QnavProbeConfig *config);
QnavProbeConfig *qnav_probe_config_new (void);

/* Milliseconds left before the deadline, at least 1 so that a timeout still fires. */
guint qnav_probe_config_remaining_ms (QnavProbeConfig *config);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QnavProbeConfig, qnav_probe_config_unref)

G_END_DECLS
