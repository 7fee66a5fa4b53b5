/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "qnav-compiled-library-private.h"
#include "qnav-pattern-store-private.h"

typedef struct {
	QnavErrorPattern *pattern; /* NULL until made, for a compiled one */
	GBytes *blob;              /* the compiled library, or NULL */
	gsize offset;              /* of the pattern's record in it */
} Slot;

struct _QnavPatternStore {
	gatomicrefcount ref_count;
	GMutex lock;
	GArray *slots; /* Slot */
};

QnavPatternStore *
qnav_pattern_store_new (void)
{
	QnavPatternStore *self = g_new0 (QnavPatternStore, 1);

	g_atomic_ref_count_init (&self->ref_count);
	g_mutex_init (&self->lock);
	self->slots = g_array_new (FALSE, TRUE, sizeof (Slot));
	return self;
}

QnavPatternStore *
qnav_pattern_store_ref (QnavPatternStore *self)
{
	g_atomic_ref_count_inc (&self->ref_count);
	return self;
}

void
qnav_pattern_store_unref (QnavPatternStore *self)
{
	if (!g_atomic_ref_count_dec (&self->ref_count))
		return;
	for (guint i = 0; i < self->slots->len; i++) {
		Slot *slot = &g_array_index (self->slots, Slot, i);
		g_clear_object (&slot->pattern);
		g_clear_pointer (&slot->blob, g_bytes_unref);
	}
	g_array_unref (self->slots);
	g_mutex_clear (&self->lock);
	g_free (self);
}

guint
qnav_pattern_store_get_size (QnavPatternStore *self)
{
	guint size;

	g_mutex_lock (&self->lock);
	size = self->slots->len;
	g_mutex_unlock (&self->lock);
	return size;
}

void
qnav_pattern_store_append (QnavPatternStore *self, QnavErrorPattern *pattern)
{
	Slot slot = { g_object_ref (pattern), NULL, 0 };

	g_mutex_lock (&self->lock);
	g_array_append_val (self->slots, slot);
	g_mutex_unlock (&self->lock);
}

void
qnav_pattern_store_append_compiled (QnavPatternStore *self, GBytes *blob,
				    const guint32 *offsets, guint n_patterns)
{
	g_mutex_lock (&self->lock);
	for (guint i = 0; i < n_patterns; i++) {
		Slot slot = { NULL, g_bytes_ref (blob), offsets[i] };
		g_array_append_val (self->slots, slot);
	}
	g_mutex_unlock (&self->lock);
}

/* Returns: (transfer none): the pattern at @index, made from the compiled library on first
 * use; the store keeps it, so every caller gets the same object */
QnavErrorPattern *
qnav_pattern_store_get (QnavPatternStore *self, guint index)
{
	QnavErrorPattern *pattern;
	Slot *slot;

	g_mutex_lock (&self->lock);
	g_assert (index < self->slots->len);
	slot = &g_array_index (self->slots, Slot, index);
	if (slot->pattern == NULL)
		slot->pattern = qnav_compiled_library_read_pattern (slot->blob, slot->offset);
	pattern = slot->pattern;
	g_mutex_unlock (&self->lock);
	return pattern;
}

/* Returns: (transfer none): the id of the pattern at @index, without making the pattern */
const gchar *
qnav_pattern_store_get_id (QnavPatternStore *self, guint index)
{
	const gchar *id;
	Slot *slot;

	g_mutex_lock (&self->lock);
	g_assert (index < self->slots->len);
	slot = &g_array_index (self->slots, Slot, index);
	id = slot->pattern != NULL ? qnav_error_pattern_get_id (slot->pattern)
				   : qnav_compiled_library_read_id (slot->blob, slot->offset);
	g_mutex_unlock (&self->lock);
	return id;
}
