/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "qnav-disk-usage-private.h"
#include "qnav-error.h"
#include "qnav-json-private.h"

/* A filesystem this full (bytes or inodes) makes writes fail soon enough to matter. */
#define FULL_PERCENT 95.0

/**
 * QnavDiskUsage:
 *
 * Space and inode usage of the filesystem holding one path, from statvfs(3).
 *
 * Since: 0.1
 */
struct _QnavDiskUsage {
	GObject parent_instance;

	gchar *path;
	guint64 total_bytes;
	guint64 free_bytes;
	guint64 total_inodes;
	guint64 free_inodes;
};

G_DEFINE_FINAL_TYPE (QnavDiskUsage, qnav_disk_usage, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_PATH,
	PROP_TOTAL_BYTES,
	PROP_FREE_BYTES,
	PROP_TOTAL_INODES,
	PROP_FREE_INODES,
	PROP_USED_PERCENT,
	PROP_FULL,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
qnav_disk_usage_finalize (GObject *object)
{
	QnavDiskUsage *self = QNAV_DISK_USAGE (object);

	g_free (self->path);

	G_OBJECT_CLASS (qnav_disk_usage_parent_class)->finalize (object);
}

static void
qnav_disk_usage_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
	QnavDiskUsage *self = QNAV_DISK_USAGE (object);

	switch (prop_id) {
	case PROP_PATH:
		g_value_set_string (value, self->path);
		break;
	case PROP_TOTAL_BYTES:
		g_value_set_uint64 (value, self->total_bytes);
		break;
	case PROP_FREE_BYTES:
		g_value_set_uint64 (value, self->free_bytes);
		break;
	case PROP_TOTAL_INODES:
		g_value_set_uint64 (value, self->total_inodes);
		break;
	case PROP_FREE_INODES:
		g_value_set_uint64 (value, self->free_inodes);
		break;
	case PROP_USED_PERCENT:
		g_value_set_double (value, qnav_disk_usage_get_used_percent (self));
		break;
	case PROP_FULL:
		g_value_set_boolean (value, qnav_disk_usage_is_full (self));
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_disk_usage_set_property (GObject *object, guint prop_id, const GValue *value,
			      GParamSpec *pspec)
{
	QnavDiskUsage *self = QNAV_DISK_USAGE (object);

	switch (prop_id) {
	case PROP_PATH:
		g_free (self->path);
		self->path = g_value_dup_string (value);
		break;
	case PROP_TOTAL_BYTES:
		qnav_disk_usage_set_total_bytes (self, g_value_get_uint64 (value));
		break;
	case PROP_FREE_BYTES:
		qnav_disk_usage_set_free_bytes (self, g_value_get_uint64 (value));
		break;
	case PROP_TOTAL_INODES:
		qnav_disk_usage_set_total_inodes (self, g_value_get_uint64 (value));
		break;
	case PROP_FREE_INODES:
		qnav_disk_usage_set_free_inodes (self, g_value_get_uint64 (value));
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_disk_usage_class_init (QnavDiskUsageClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);
	GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

	object_class->finalize = qnav_disk_usage_finalize;
	object_class->get_property = qnav_disk_usage_get_property;
	object_class->set_property = qnav_disk_usage_set_property;

	/**
	 * QnavDiskUsage:path:
	 *
	 * The path that was measured. When a path of interest did not exist, this is its
	 * nearest existing ancestor.
	 *
	 * Since: 0.1
	 */
	properties[PROP_PATH] = g_param_spec_string (
		"path", NULL, NULL, NULL,
		G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
	/**
	 * QnavDiskUsage:total-bytes:
	 *
	 * The size of the filesystem in bytes.
	 *
	 * Since: 0.1
	 */
	properties[PROP_TOTAL_BYTES] =
		g_param_spec_uint64 ("total-bytes", NULL, NULL, 0, G_MAXUINT64, 0, rw);
	/**
	 * QnavDiskUsage:free-bytes:
	 *
	 * Bytes available to unprivileged users.
	 *
	 * Since: 0.1
	 */
	properties[PROP_FREE_BYTES] =
		g_param_spec_uint64 ("free-bytes", NULL, NULL, 0, G_MAXUINT64, 0, rw);
	/**
	 * QnavDiskUsage:total-inodes:
	 *
	 * The number of inodes, or 0 when the filesystem does not count them.
	 *
	 * Since: 0.1
	 */
	properties[PROP_TOTAL_INODES] =
		g_param_spec_uint64 ("total-inodes", NULL, NULL, 0, G_MAXUINT64, 0, rw);
	/**
	 * QnavDiskUsage:free-inodes:
	 *
	 * Free inodes.
	 *
	 * Since: 0.1
	 */
	properties[PROP_FREE_INODES] =
		g_param_spec_uint64 ("free-inodes", NULL, NULL, 0, G_MAXUINT64, 0, rw);
	/**
	 * QnavDiskUsage:used-percent:
	 *
	 * Used space as a percentage of the filesystem size (space not available to users
	 * counts as used);
	 * -1 when the size is unknown.
	 *
	 * Since: 0.1
	 */
	properties[PROP_USED_PERCENT] =
		g_param_spec_double ("used-percent", NULL, NULL, -1.0, 100.0, -1.0,
				     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
	/**
	 * QnavDiskUsage:full:
	 *
	 * Whether the filesystem is (nearly) out of space or inodes.
	 *
	 * Since: 0.1
	 */
	properties[PROP_FULL] = g_param_spec_boolean ("full", NULL, NULL, FALSE,
						      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_disk_usage_init (QnavDiskUsage *self)
{
}

/**
 * qnav_disk_usage_new:
 * @path: the path measured
 *
 * Returns: (transfer full): a new #QnavDiskUsage with zero sizes
 *
 * Since: 0.1
 */
QnavDiskUsage *
qnav_disk_usage_new (const gchar *path)
{
	g_return_val_if_fail (path != NULL, NULL);

	return g_object_new (QNAV_TYPE_DISK_USAGE, "path", path, NULL);
}

/**
 * qnav_disk_usage_get_path:
 * @self: a #QnavDiskUsage
 *
 * Returns: the path measured
 *
 * Since: 0.1
 */
const gchar *
qnav_disk_usage_get_path (QnavDiskUsage *self)
{
	g_return_val_if_fail (QNAV_IS_DISK_USAGE (self), NULL);
	return self->path;
}

static void
notify_derived (QnavDiskUsage *self)
{
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USED_PERCENT]);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FULL]);
}

/**
 * qnav_disk_usage_get_total_bytes:
 * @self: a #QnavDiskUsage
 *
 * Returns: the size of the filesystem in bytes
 *
 * Since: 0.1
 */
guint64
qnav_disk_usage_get_total_bytes (QnavDiskUsage *self)
{
	g_return_val_if_fail (QNAV_IS_DISK_USAGE (self), 0);
	return self->total_bytes;
}

/**
 * qnav_disk_usage_set_total_bytes:
 * @self: a #QnavDiskUsage
 * @total_bytes: the size of the filesystem in bytes
 *
 * Since: 0.1
 */
void
qnav_disk_usage_set_total_bytes (QnavDiskUsage *self, guint64 total_bytes)
{
	g_return_if_fail (QNAV_IS_DISK_USAGE (self));
	if (self->total_bytes == total_bytes)
		return;
	self->total_bytes = total_bytes;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_BYTES]);
	notify_derived (self);
}

/**
 * qnav_disk_usage_get_free_bytes:
 * @self: a #QnavDiskUsage
 *
 * Returns: bytes available to unprivileged users
 *
 * Since: 0.1
 */
guint64
qnav_disk_usage_get_free_bytes (QnavDiskUsage *self)
{
	g_return_val_if_fail (QNAV_IS_DISK_USAGE (self), 0);
	return self->free_bytes;
}

/**
 * qnav_disk_usage_set_free_bytes:
 * @self: a #QnavDiskUsage
 * @free_bytes: bytes available to unprivileged users
 *
 * Since: 0.1
 */
void
qnav_disk_usage_set_free_bytes (QnavDiskUsage *self, guint64 free_bytes)
{
	g_return_if_fail (QNAV_IS_DISK_USAGE (self));
	if (self->free_bytes == free_bytes)
		return;
	self->free_bytes = free_bytes;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FREE_BYTES]);
	notify_derived (self);
}

/**
 * qnav_disk_usage_get_total_inodes:
 * @self: a #QnavDiskUsage
 *
 * Returns: the number of inodes, or 0 when not counted
 *
 * Since: 0.1
 */
guint64
qnav_disk_usage_get_total_inodes (QnavDiskUsage *self)
{
	g_return_val_if_fail (QNAV_IS_DISK_USAGE (self), 0);
	return self->total_inodes;
}

/**
 * qnav_disk_usage_set_total_inodes:
 * @self: a #QnavDiskUsage
 * @total_inodes: the number of inodes
 *
 * Since: 0.1
 */
void
qnav_disk_usage_set_total_inodes (QnavDiskUsage *self, guint64 total_inodes)
{
	g_return_if_fail (QNAV_IS_DISK_USAGE (self));
	if (self->total_inodes == total_inodes)
		return;
	self->total_inodes = total_inodes;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_INODES]);
	notify_derived (self);
}

/**
 * qnav_disk_usage_get_free_inodes:
 * @self: a #QnavDiskUsage
 *
 * Returns: the number of free inodes
 *
 * Since: 0.1
 */
guint64
qnav_disk_usage_get_free_inodes (QnavDiskUsage *self)
{
	g_return_val_if_fail (QNAV_IS_DISK_USAGE (self), 0);
	return self->free_inodes;
}

/**
 * qnav_disk_usage_set_free_inodes:
 * @self: a #QnavDiskUsage
 * @free_inodes: the number of free inodes
 *
 * Since: 0.1
 */
void
qnav_disk_usage_set_free_inodes (QnavDiskUsage *self, guint64 free_inodes)
{
	g_return_if_fail (QNAV_IS_DISK_USAGE (self));
	if (self->free_inodes == free_inodes)
		return;
	self->free_inodes = free_inodes;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FREE_INODES]);
	notify_derived (self);
}

/**
 * qnav_disk_usage_get_used_percent:
 * @self: a #QnavDiskUsage
 *
 * Returns: used space in percent (0–100), or -1 when the size is unknown
 *
 * Since: 0.1
 */
gdouble
qnav_disk_usage_get_used_percent (QnavDiskUsage *self)
{
	g_return_val_if_fail (QNAV_IS_DISK_USAGE (self), -1.0);

	if (self->total_bytes == 0)
		return -1.0;
	if (self->free_bytes >= self->total_bytes)
		return 0.0;
	return 100.0 * (gdouble) (self->total_bytes - self->free_bytes) /
	       (gdouble) self->total_bytes;
}

static gdouble
inodes_used_percent (QnavDiskUsage *self)
{
	if (self->total_inodes == 0 || self->free_inodes >= self->total_inodes)
		return 0.0;
	return 100.0 * (gdouble) (self->total_inodes - self->free_inodes) /
	       (gdouble) self->total_inodes;
}

/**
 * qnav_disk_usage_is_full:
 * @self: a #QnavDiskUsage
 *
 * Whether the filesystem is (nearly) full: 95 % or more of its space or of its inodes is
 * used.
 *
 * Returns: %TRUE when writes are about to fail for lack of space or inodes
 *
 * Since: 0.1
 */
gboolean
qnav_disk_usage_is_full (QnavDiskUsage *self)
{
	g_return_val_if_fail (QNAV_IS_DISK_USAGE (self), FALSE);

	return qnav_disk_usage_get_used_percent (self) >= FULL_PERCENT ||
	       inodes_used_percent (self) >= FULL_PERCENT;
}

JsonNode *
qnav_disk_usage_to_json_node (QnavDiskUsage *self)
{
	g_autoptr(JsonBuilder) builder = json_builder_new ();
	gdouble percent;

	g_return_val_if_fail (QNAV_IS_DISK_USAGE (self), NULL);

	percent = qnav_disk_usage_get_used_percent (self);
	json_builder_begin_object (builder);
	qnav_json_builder_add_string (builder, "path", self->path);
	json_builder_set_member_name (builder, "total");
	json_builder_add_int_value (builder, (gint64) MIN (self->total_bytes, G_MAXINT64));
	json_builder_set_member_name (builder, "free");
	json_builder_add_int_value (builder, (gint64) MIN (self->free_bytes, G_MAXINT64));
	json_builder_set_member_name (builder, "percent");
	if (percent >= 0)
		json_builder_add_double_value (builder, percent);
	else
		json_builder_add_null_value (builder);
	json_builder_set_member_name (builder, "inodes_total");
	json_builder_add_int_value (builder, (gint64) MIN (self->total_inodes, G_MAXINT64));
	json_builder_set_member_name (builder, "inodes_free");
	json_builder_add_int_value (builder, (gint64) MIN (self->free_inodes, G_MAXINT64));
	json_builder_end_object (builder);
	return json_builder_get_root (builder);
}

static gboolean
get_size (JsonObject *object, const gchar *member, guint64 *value, GError **error)
{
	gint64 number = 0;

	if (!qnav_json_get_int (object, member, FALSE, &number, error))
		return FALSE;
	if (number < 0) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "member \"%s\" must not be negative", member);
		return FALSE;
	}
	*value = (guint64) number;
	return TRUE;
}

QnavDiskUsage *
qnav_disk_usage_new_from_json_object (JsonObject *object, GError **error)
{
	g_autoptr(QnavDiskUsage) self = NULL;
	const gchar *path = NULL;
	guint64 total = 0, free_bytes = 0, inodes_total = 0, inodes_free = 0;

	g_return_val_if_fail (object != NULL, NULL);

	/* "percent" is derived from the sizes, so it is not read back. */
	if (!qnav_json_get_string (object, "path", TRUE, &path, error) ||
	    !get_size (object, "total", &total, error) ||
	    !get_size (object, "free", &free_bytes, error) ||
	    !get_size (object, "inodes_total", &inodes_total, error) ||
	    !get_size (object, "inodes_free", &inodes_free, error)) {
		g_prefix_error (error, "disk%s%s: ", path != NULL ? " " : "",
				path != NULL ? path : "");
		return NULL;
	}
	self = qnav_disk_usage_new (path);
	self->total_bytes = total;
	self->free_bytes = free_bytes;
	self->total_inodes = inodes_total;
	self->free_inodes = inodes_free;
	return g_steal_pointer (&self);
}
