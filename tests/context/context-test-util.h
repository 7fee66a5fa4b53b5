/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>

/* the context headers only, so these tests build while other areas of the tree change */
#include "qnav-context-collector.h"
#include "qnav-diagnostic-context.h"
#include "qnav-enum-types.h"
#include "qnav-error.h"

G_BEGIN_DECLS

/* tests/data/context/<parts…> */
gchar *context_test_data_path (const gchar *first, ...) G_GNUC_NULL_TERMINATED;
/* tests/context/<parts…> */
gchar *context_test_src_path (const gchar *first, ...) G_GNUC_NULL_TERMINATED;

/* A collector that reads only fixtures: no system bus, no podman, fixture /proc and /sys,
 * no journal, no network. Tests then point the one part they exercise at something real. */
QnavContextCollector *context_test_fixture_collector (void);

/* Runs @collector on @context on a private main context, returning the wall time in ms. */
gdouble context_test_collect (QnavContextCollector *collector, QnavDiagnosticContext *context);

gboolean context_test_has_note (QnavDiagnosticContext *context, const gchar *needle);
void context_test_dump (QnavDiagnosticContext *context);

G_END_DECLS
