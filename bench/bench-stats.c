/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <time.h>

#include "bench-stats.h"

/* CLOCK_MONOTONIC in ns: finer than g_get_monotonic_time()'s µs, for calls of a few µs */
gint64
bench_now_ns (void)
{
	struct timespec ts;

	clock_gettime (CLOCK_MONOTONIC, &ts);
	return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static gint
compare_doubles (gconstpointer a, gconstpointer b)
{
	gdouble x = *(const gdouble *) a, y = *(const gdouble *) b;

	return x < y ? -1 : x > y ? 1 : 0;
}

/* Sorts an array of gdouble samples in place, smallest first. */
void
bench_sort (GArray *samples)
{
	g_array_sort (samples, compare_doubles);
}

/* The nearest-rank percentile @p (0–100) of a sorted array of gdouble; 0 when it is empty. */
gdouble
bench_percentile (GArray *sorted, gdouble p)
{
	guint rank;

	if (sorted->len == 0)
		return 0.0;
	rank = (guint) MIN ((gdouble) sorted->len - 1, p / 100.0 * sorted->len);
	return g_array_index (sorted, gdouble, rank);
}
