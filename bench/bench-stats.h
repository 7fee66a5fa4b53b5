/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* What the benchmarks share: a clock and order statistics over samples. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gint64 bench_now_ns (void);
void bench_sort (GArray *samples);
gdouble bench_percentile (GArray *sorted, gdouble p);

G_END_DECLS
