/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "qnav-disk-usage-private.h"
#include "qnav-error.h"
#include "qnav-json-private.h"
#include "qnav-network-interface-private.h"
#include "qnav-system-resources-private.h"

/**
 * QnavSystemResources:
 *
 * CPU, memory, pressure stall information, disks and network interfaces of the host at
 * failure time. A value the host did not provide is -1 (loads, pressures) or 0 (counts,
 * sizes).
 *
 * Since: 0.1
 */
struct _QnavSystemResources {
	GObject parent_instance;

	guint cpu_count;
	gdouble load[3];
	guint64 memory_total;
	guint64 memory_available;
	gdouble cpu_pressure;
	gdouble memory_pressure;
	gdouble io_pressure;
	GPtrArray *disks;
	GPtrArray *interfaces;
};

G_DEFINE_FINAL_TYPE (QnavSystemResources, qnav_system_resources, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_CPU_COUNT,
	PROP_LOAD_1MIN,
	PROP_LOAD_5MIN,
	PROP_LOAD_15MIN,
	PROP_MEMORY_TOTAL_BYTES,
	PROP_MEMORY_AVAILABLE_BYTES,
	PROP_MEMORY_USED_PERCENT,
	PROP_CPU_PRESSURE,
	PROP_MEMORY_PRESSURE,
	PROP_IO_PRESSURE,
	PROP_DISKS,
	PROP_INTERFACES,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
qnav_system_resources_finalize (GObject *object)
{
	QnavSystemResources *self = QNAV_SYSTEM_RESOURCES (object);

	g_ptr_array_unref (self->disks);
	g_ptr_array_unref (self->interfaces);

	G_OBJECT_CLASS (qnav_system_resources_parent_class)->finalize (object);
}

static void
qnav_system_resources_get_property (GObject *object, guint prop_id, GValue *value,
				    GParamSpec *pspec)
{
	QnavSystemResources *self = QNAV_SYSTEM_RESOURCES (object);

	switch (prop_id) {
	case PROP_CPU_COUNT:
		g_value_set_uint (value, self->cpu_count);
		break;
	case PROP_LOAD_1MIN:
		g_value_set_double (value, self->load[0]);
		break;
	case PROP_LOAD_5MIN:
		g_value_set_double (value, self->load[1]);
		break;
	case PROP_LOAD_15MIN:
		g_value_set_double (value, self->load[2]);
		break;
	case PROP_MEMORY_TOTAL_BYTES:
		g_value_set_uint64 (value, self->memory_total);
		break;
	case PROP_MEMORY_AVAILABLE_BYTES:
		g_value_set_uint64 (value, self->memory_available);
		break;
	case PROP_MEMORY_USED_PERCENT:
		g_value_set_double (value, qnav_system_resources_get_memory_used_percent (self));
		break;
	case PROP_CPU_PRESSURE:
		g_value_set_double (value, self->cpu_pressure);
		break;
	case PROP_MEMORY_PRESSURE:
		g_value_set_double (value, self->memory_pressure);
		break;
	case PROP_IO_PRESSURE:
		g_value_set_double (value, self->io_pressure);
		break;
	case PROP_DISKS:
		g_value_set_boxed (value, self->disks);
		break;
	case PROP_INTERFACES:
		g_value_set_boxed (value, self->interfaces);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_system_resources_set_property (GObject *object, guint prop_id, const GValue *value,
				    GParamSpec *pspec)
{
	QnavSystemResources *self = QNAV_SYSTEM_RESOURCES (object);

	switch (prop_id) {
	case PROP_CPU_COUNT:
		qnav_system_resources_set_cpu_count (self, g_value_get_uint (value));
		break;
	case PROP_CPU_PRESSURE:
		qnav_system_resources_set_cpu_pressure (self, g_value_get_double (value));
		break;
	case PROP_MEMORY_PRESSURE:
		qnav_system_resources_set_memory_pressure (self, g_value_get_double (value));
		break;
	case PROP_IO_PRESSURE:
		qnav_system_resources_set_io_pressure (self, g_value_get_double (value));
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_system_resources_class_init (QnavSystemResourcesClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);
	GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
	GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

	object_class->finalize = qnav_system_resources_finalize;
	object_class->get_property = qnav_system_resources_get_property;
	object_class->set_property = qnav_system_resources_set_property;

	/**
	 * QnavSystemResources:cpu-count:
	 *
	 * The number of online CPUs, or 0 when unknown.
	 *
	 * Since: 0.1
	 */
	properties[PROP_CPU_COUNT] =
		g_param_spec_uint ("cpu-count", NULL, NULL, 0, G_MAXUINT, 0, rw);
	/**
	 * QnavSystemResources:load-1min:
	 *
	 * The 1-minute load average, or -1 when unknown. Set with
	 * qnav_system_resources_set_load().
	 *
	 * Since: 0.1
	 */
	properties[PROP_LOAD_1MIN] =
		g_param_spec_double ("load-1min", NULL, NULL, -1.0, G_MAXDOUBLE, -1.0, ro);
	/**
	 * QnavSystemResources:load-5min:
	 *
	 * The 5-minute load average, or -1 when unknown.
	 *
	 * Since: 0.1
	 */
	properties[PROP_LOAD_5MIN] =
		g_param_spec_double ("load-5min", NULL, NULL, -1.0, G_MAXDOUBLE, -1.0, ro);
	/**
	 * QnavSystemResources:load-15min:
	 *
	 * The 15-minute load average, or -1 when unknown.
	 *
	 * Since: 0.1
	 */
	properties[PROP_LOAD_15MIN] =
		g_param_spec_double ("load-15min", NULL, NULL, -1.0, G_MAXDOUBLE, -1.0, ro);
	/**
	 * QnavSystemResources:memory-total-bytes:
	 *
	 * Total memory (MemTotal), or 0 when unknown. Set with
	 * qnav_system_resources_set_memory().
	 *
	 * Since: 0.1
	 */
	properties[PROP_MEMORY_TOTAL_BYTES] = g_param_spec_uint64 (
		"memory-total-bytes", NULL, NULL, 0, G_MAXUINT64, 0, ro);
	/**
	 * QnavSystemResources:memory-available-bytes:
	 *
	 * Memory available to new work without swapping (MemAvailable).
	 *
	 * Since: 0.1
	 */
	properties[PROP_MEMORY_AVAILABLE_BYTES] = g_param_spec_uint64 (
		"memory-available-bytes", NULL, NULL, 0, G_MAXUINT64, 0, ro);
	/**
	 * QnavSystemResources:memory-used-percent:
	 *
	 * Memory in use as a percentage of the total, or -1 when unknown.
	 *
	 * Since: 0.1
	 */
	properties[PROP_MEMORY_USED_PERCENT] = g_param_spec_double (
		"memory-used-percent", NULL, NULL, -1.0, 100.0, -1.0, ro);
	/**
	 * QnavSystemResources:cpu-pressure:
	 *
	 * The "some avg10" CPU pressure stall percentage, or -1 when the kernel has no PSI.
	 *
	 * Since: 0.1
	 */
	properties[PROP_CPU_PRESSURE] =
		g_param_spec_double ("cpu-pressure", NULL, NULL, -1.0, 100.0, -1.0, rw);
	/**
	 * QnavSystemResources:memory-pressure:
	 *
	 * The "some avg10" memory pressure stall percentage, or -1 when unknown.
	 *
	 * Since: 0.1
	 */
	properties[PROP_MEMORY_PRESSURE] =
		g_param_spec_double ("memory-pressure", NULL, NULL, -1.0, 100.0, -1.0, rw);
	/**
	 * QnavSystemResources:io-pressure:
	 *
	 * The "some avg10" I/O pressure stall percentage, or -1 when unknown.
	 *
	 * Since: 0.1
	 */
	properties[PROP_IO_PRESSURE] =
		g_param_spec_double ("io-pressure", NULL, NULL, -1.0, 100.0, -1.0, rw);
	/**
	 * QnavSystemResources:disks: (type GPtrArray(QnavDiskUsage))
	 *
	 * The filesystems measured, as #QnavDiskUsage objects.
	 *
	 * Since: 0.1
	 */
	properties[PROP_DISKS] = g_param_spec_boxed ("disks", NULL, NULL, G_TYPE_PTR_ARRAY, ro);
	/**
	 * QnavSystemResources:interfaces: (type GPtrArray(QnavNetworkInterface))
	 *
	 * The network interfaces, as #QnavNetworkInterface objects.
	 *
	 * Since: 0.1
	 */
	properties[PROP_INTERFACES] =
		g_param_spec_boxed ("interfaces", NULL, NULL, G_TYPE_PTR_ARRAY, ro);

	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_system_resources_init (QnavSystemResources *self)
{
	self->load[0] = self->load[1] = self->load[2] = -1.0;
	self->cpu_pressure = self->memory_pressure = self->io_pressure = -1.0;
	self->disks = g_ptr_array_new_with_free_func (g_object_unref);
	self->interfaces = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * qnav_system_resources_new:
 *
 * Returns: (transfer full): a new #QnavSystemResources where everything is unknown
 *
 * Since: 0.1
 */
QnavSystemResources *
qnav_system_resources_new (void)
{
	return g_object_new (QNAV_TYPE_SYSTEM_RESOURCES, NULL);
}

/**
 * qnav_system_resources_get_cpu_count:
 * @self: a #QnavSystemResources
 *
 * Returns: the number of online CPUs, or 0 when unknown
 *
 * Since: 0.1
 */
guint
qnav_system_resources_get_cpu_count (QnavSystemResources *self)
{
	g_return_val_if_fail (QNAV_IS_SYSTEM_RESOURCES (self), 0);
	return self->cpu_count;
}

/**
 * qnav_system_resources_set_cpu_count:
 * @self: a #QnavSystemResources
 * @cpu_count: the number of online CPUs
 *
 * Since: 0.1
 */
void
qnav_system_resources_set_cpu_count (QnavSystemResources *self, guint cpu_count)
{
	g_return_if_fail (QNAV_IS_SYSTEM_RESOURCES (self));
	if (self->cpu_count == cpu_count)
		return;
	self->cpu_count = cpu_count;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CPU_COUNT]);
}

/**
 * qnav_system_resources_get_load_1min:
 * @self: a #QnavSystemResources
 *
 * Returns: the 1-minute load average, or -1 when unknown
 *
 * Since: 0.1
 */
gdouble
qnav_system_resources_get_load_1min (QnavSystemResources *self)
{
	g_return_val_if_fail (QNAV_IS_SYSTEM_RESOURCES (self), -1.0);
	return self->load[0];
}

/**
 * qnav_system_resources_get_load_5min:
 * @self: a #QnavSystemResources
 *
 * Returns: the 5-minute load average, or -1 when unknown
 *
 * Since: 0.1
 */
gdouble
qnav_system_resources_get_load_5min (QnavSystemResources *self)
{
	g_return_val_if_fail (QNAV_IS_SYSTEM_RESOURCES (self), -1.0);
	return self->load[1];
}

/**
 * qnav_system_resources_get_load_15min:
 * @self: a #QnavSystemResources
 *
 * Returns: the 15-minute load average, or -1 when unknown
 *
 * Since: 0.1
 */
gdouble
qnav_system_resources_get_load_15min (QnavSystemResources *self)
{
	g_return_val_if_fail (QNAV_IS_SYSTEM_RESOURCES (self), -1.0);
	return self->load[2];
}

/**
 * qnav_system_resources_set_load:
 * @self: a #QnavSystemResources
 * @load_1min: the 1-minute load average, or -1
 * @load_5min: the 5-minute load average, or -1
 * @load_15min: the 15-minute load average, or -1
 *
 * Since: 0.1
 */
void
qnav_system_resources_set_load (QnavSystemResources *self, gdouble load_1min, gdouble load_5min,
				gdouble load_15min)
{
	gdouble values[3] = { load_1min, load_5min, load_15min };

	g_return_if_fail (QNAV_IS_SYSTEM_RESOURCES (self));

	g_object_freeze_notify (G_OBJECT (self));
	for (guint i = 0; i < 3; i++) {
		gdouble value = values[i] < 0 ? -1.0 : values[i];
		if (self->load[i] == value)
			continue;
		self->load[i] = value;
		g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOAD_1MIN + i]);
	}
	g_object_thaw_notify (G_OBJECT (self));
}

/**
 * qnav_system_resources_get_memory_total_bytes:
 * @self: a #QnavSystemResources
 *
 * Returns: total memory in bytes, or 0 when unknown
 *
 * Since: 0.1
 */
guint64
qnav_system_resources_get_memory_total_bytes (QnavSystemResources *self)
{
	g_return_val_if_fail (QNAV_IS_SYSTEM_RESOURCES (self), 0);
	return self->memory_total;
}

/**
 * qnav_system_resources_get_memory_available_bytes:
 * @self: a #QnavSystemResources
 *
 * Returns: available memory in bytes
 *
 * Since: 0.1
 */
guint64
qnav_system_resources_get_memory_available_bytes (QnavSystemResources *self)
{
	g_return_val_if_fail (QNAV_IS_SYSTEM_RESOURCES (self), 0);
	return self->memory_available;
}

/**
 * qnav_system_resources_set_memory:
 * @self: a #QnavSystemResources
 * @total_bytes: total memory in bytes, or 0 when unknown
 * @available_bytes: available memory in bytes
 *
 * Since: 0.1
 */
void
qnav_system_resources_set_memory (QnavSystemResources *self, guint64 total_bytes,
				  guint64 available_bytes)
{
	gboolean changed = FALSE;

	g_return_if_fail (QNAV_IS_SYSTEM_RESOURCES (self));

	g_object_freeze_notify (G_OBJECT (self));
	if (self->memory_total != total_bytes) {
		self->memory_total = total_bytes;
		g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMORY_TOTAL_BYTES]);
		changed = TRUE;
	}
	if (self->memory_available != available_bytes) {
		self->memory_available = available_bytes;
		g_object_notify_by_pspec (G_OBJECT (self),
					  properties[PROP_MEMORY_AVAILABLE_BYTES]);
		changed = TRUE;
	}
	if (changed)
		g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEMORY_USED_PERCENT]);
	g_object_thaw_notify (G_OBJECT (self));
}

/**
 * qnav_system_resources_get_memory_used_percent:
 * @self: a #QnavSystemResources
 *
 * Returns: memory in use as a percentage (0–100), or -1 when unknown
 *
 * Since: 0.1
 */
gdouble
qnav_system_resources_get_memory_used_percent (QnavSystemResources *self)
{
	g_return_val_if_fail (QNAV_IS_SYSTEM_RESOURCES (self), -1.0);

	if (self->memory_total == 0)
		return -1.0;
	if (self->memory_available >= self->memory_total)
		return 0.0;
	return 100.0 * (gdouble) (self->memory_total - self->memory_available) /
	       (gdouble) self->memory_total;
}

static void
set_pressure (QnavSystemResources *self, gdouble *field, guint prop, gdouble value)
{
	value = value < 0 ? -1.0 : MIN (value, 100.0);
	if (*field == value)
		return;
	*field = value;
	g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/**
 * qnav_system_resources_get_cpu_pressure:
 * @self: a #QnavSystemResources
 *
 * Returns: CPU "some avg10" pressure in percent, or -1 when unknown
 *
 * Since: 0.1
 */
gdouble
qnav_system_resources_get_cpu_pressure (QnavSystemResources *self)
{
	g_return_val_if_fail (QNAV_IS_SYSTEM_RESOURCES (self), -1.0);
	return self->cpu_pressure;
}

/**
 * qnav_system_resources_set_cpu_pressure:
 * @self: a #QnavSystemResources
 * @some_avg10: CPU "some avg10" pressure in percent, or -1 when unknown
 *
 * Since: 0.1
 */
void
qnav_system_resources_set_cpu_pressure (QnavSystemResources *self, gdouble some_avg10)
{
	g_return_if_fail (QNAV_IS_SYSTEM_RESOURCES (self));
	set_pressure (self, &self->cpu_pressure, PROP_CPU_PRESSURE, some_avg10);
}

/**
 * qnav_system_resources_get_memory_pressure:
 * @self: a #QnavSystemResources
 *
 * Returns: memory "some avg10" pressure in percent, or -1 when unknown
 *
 * Since: 0.1
 */
gdouble
qnav_system_resources_get_memory_pressure (QnavSystemResources *self)
{
	g_return_val_if_fail (QNAV_IS_SYSTEM_RESOURCES (self), -1.0);
	return self->memory_pressure;
}

/**
 * qnav_system_resources_set_memory_pressure:
 * @self: a #QnavSystemResources
 * @some_avg10: memory "some avg10" pressure in percent, or -1 when unknown
 *
 * Since: 0.1
 */
void
qnav_system_resources_set_memory_pressure (QnavSystemResources *self, gdouble some_avg10)
{
	g_return_if_fail (QNAV_IS_SYSTEM_RESOURCES (self));
	set_pressure (self, &self->memory_pressure, PROP_MEMORY_PRESSURE, some_avg10);
}

/**
 * qnav_system_resources_get_io_pressure:
 * @self: a #QnavSystemResources
 *
 * Returns: I/O "some avg10" pressure in percent, or -1 when unknown
 *
 * Since: 0.1
 */
gdouble
qnav_system_resources_get_io_pressure (QnavSystemResources *self)
{
	g_return_val_if_fail (QNAV_IS_SYSTEM_RESOURCES (self), -1.0);
	return self->io_pressure;
}

/**
 * qnav_system_resources_set_io_pressure:
 * @self: a #QnavSystemResources
 * @some_avg10: I/O "some avg10" pressure in percent, or -1 when unknown
 *
 * Since: 0.1
 */
void
qnav_system_resources_set_io_pressure (QnavSystemResources *self, gdouble some_avg10)
{
	g_return_if_fail (QNAV_IS_SYSTEM_RESOURCES (self));
	set_pressure (self, &self->io_pressure, PROP_IO_PRESSURE, some_avg10);
}

/**
 * qnav_system_resources_get_disks:
 * @self: a #QnavSystemResources
 *
 * Returns: (transfer none) (element-type QnavDiskUsage): the filesystems measured
 *
 * Since: 0.1
 */
GPtrArray *
qnav_system_resources_get_disks (QnavSystemResources *self)
{
	g_return_val_if_fail (QNAV_IS_SYSTEM_RESOURCES (self), NULL);
	return self->disks;
}

/**
 * qnav_system_resources_add_disk:
 * @self: a #QnavSystemResources
 * @disk: a #QnavDiskUsage
 *
 * Adds @disk, replacing an earlier measurement of the same path.
 *
 * Since: 0.1
 */
void
qnav_system_resources_add_disk (QnavSystemResources *self, QnavDiskUsage *disk)
{
	g_return_if_fail (QNAV_IS_SYSTEM_RESOURCES (self));
	g_return_if_fail (QNAV_IS_DISK_USAGE (disk));

	for (guint i = 0; i < self->disks->len; i++) {
		QnavDiskUsage *old = g_ptr_array_index (self->disks, i);
		if (old == disk)
			return;
		if (g_strcmp0 (qnav_disk_usage_get_path (old), qnav_disk_usage_get_path (disk)) ==
		    0) {
			g_ptr_array_remove_index (self->disks, i);
			break;
		}
	}
	g_ptr_array_add (self->disks, g_object_ref (disk));
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISKS]);
}

/* Whether @ancestor is @path or one of its parent directories. */
static gboolean
path_covers (const gchar *ancestor, const gchar *path)
{
	gsize len = strlen (ancestor);

	if (strncmp (ancestor, path, len) != 0)
		return FALSE;
	if (len > 0 && ancestor[len - 1] == '/')
		return TRUE;
	return path[len] == '\0' || path[len] == '/';
}

/**
 * qnav_system_resources_find_disk:
 * @self: a #QnavSystemResources
 * @path: an absolute path
 *
 * Finds the measurement that covers @path: the one taken for @path itself, or else the one
 * taken for its nearest measured ancestor directory. Asking for
 * `/var/lib/libvirt/images` on a host where only `/` was measured returns the measurement
 * of `/`.
 *
 * Returns: (transfer none) (nullable): the #QnavDiskUsage covering @path, or %NULL
 *
 * Since: 0.1
 */
QnavDiskUsage *
qnav_system_resources_find_disk (QnavSystemResources *self, const gchar *path)
{
	QnavDiskUsage *best = NULL;
	gsize best_len = 0;

	g_return_val_if_fail (QNAV_IS_SYSTEM_RESOURCES (self), NULL);
	g_return_val_if_fail (path != NULL, NULL);

	for (guint i = 0; i < self->disks->len; i++) {
		QnavDiskUsage *disk = g_ptr_array_index (self->disks, i);
		const gchar *disk_path = qnav_disk_usage_get_path (disk);
		gsize len = strlen (disk_path);

		if (path_covers (disk_path, path) && (best == NULL || len > best_len)) {
			best = disk;
			best_len = len;
		}
	}
	return best;
}

/**
 * qnav_system_resources_get_interfaces:
 * @self: a #QnavSystemResources
 *
 * Returns: (transfer none) (element-type QnavNetworkInterface): the network interfaces
 *
 * Since: 0.1
 */
GPtrArray *
qnav_system_resources_get_interfaces (QnavSystemResources *self)
{
	g_return_val_if_fail (QNAV_IS_SYSTEM_RESOURCES (self), NULL);
	return self->interfaces;
}

/**
 * qnav_system_resources_add_interface:
 * @self: a #QnavSystemResources
 * @interface: a #QnavNetworkInterface
 *
 * Adds @interface, replacing an earlier one of the same name.
 *
 * Since: 0.1
 */
void
qnav_system_resources_add_interface (QnavSystemResources *self, QnavNetworkInterface *interface)
{
	g_return_if_fail (QNAV_IS_SYSTEM_RESOURCES (self));
	g_return_if_fail (QNAV_IS_NETWORK_INTERFACE (interface));

	for (guint i = 0; i < self->interfaces->len; i++) {
		QnavNetworkInterface *old = g_ptr_array_index (self->interfaces, i);
		if (old == interface)
			return;
		if (g_strcmp0 (qnav_network_interface_get_name (old),
			       qnav_network_interface_get_name (interface)) == 0) {
			g_ptr_array_remove_index (self->interfaces, i);
			break;
		}
	}
	g_ptr_array_add (self->interfaces, g_object_ref (interface));
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERFACES]);
}

static void
add_double_or_null (JsonBuilder *builder, const gchar *member, gdouble value)
{
	json_builder_set_member_name (builder, member);
	if (value >= 0)
		json_builder_add_double_value (builder, value);
	else
		json_builder_add_null_value (builder);
}

static void
add_size_or_null (JsonBuilder *builder, const gchar *member, guint64 value, gboolean known)
{
	json_builder_set_member_name (builder, member);
	if (known)
		json_builder_add_int_value (builder, (gint64) MIN (value, G_MAXINT64));
	else
		json_builder_add_null_value (builder);
}

JsonNode *
qnav_system_resources_to_json_node (QnavSystemResources *self)
{
	g_autoptr(JsonBuilder) builder = json_builder_new ();

	g_return_val_if_fail (QNAV_IS_SYSTEM_RESOURCES (self), NULL);

	json_builder_begin_object (builder);

	json_builder_set_member_name (builder, "cpu");
	json_builder_begin_object (builder);
	add_size_or_null (builder, "count", self->cpu_count, self->cpu_count > 0);
	json_builder_set_member_name (builder, "load_average");
	json_builder_begin_object (builder);
	add_double_or_null (builder, "1min", self->load[0]);
	add_double_or_null (builder, "5min", self->load[1]);
	add_double_or_null (builder, "15min", self->load[2]);
	json_builder_end_object (builder);
	add_double_or_null (builder, "pressure_some_avg10", self->cpu_pressure);
	json_builder_end_object (builder);

	json_builder_set_member_name (builder, "memory");
	json_builder_begin_object (builder);
	add_size_or_null (builder, "total", self->memory_total, self->memory_total > 0);
	add_size_or_null (builder, "available", self->memory_available, self->memory_total > 0);
	add_double_or_null (builder, "percent",
			    qnav_system_resources_get_memory_used_percent (self));
	add_double_or_null (builder, "pressure_some_avg10", self->memory_pressure);
	json_builder_end_object (builder);

	json_builder_set_member_name (builder, "io");
	json_builder_begin_object (builder);
	add_double_or_null (builder, "pressure_some_avg10", self->io_pressure);
	json_builder_end_object (builder);

	json_builder_set_member_name (builder, "disks");
	json_builder_begin_array (builder);
	for (guint i = 0; i < self->disks->len; i++)
		json_builder_add_value (
			builder, qnav_disk_usage_to_json_node (g_ptr_array_index (self->disks, i)));
	json_builder_end_array (builder);

	json_builder_set_member_name (builder, "network");
	json_builder_begin_object (builder);
	json_builder_set_member_name (builder, "interfaces");
	json_builder_begin_object (builder);
	for (guint i = 0; i < self->interfaces->len; i++) {
		QnavNetworkInterface *interface = g_ptr_array_index (self->interfaces, i);
		json_builder_set_member_name (builder, qnav_network_interface_get_name (interface));
		json_builder_add_value (builder, qnav_network_interface_to_json_node (interface));
	}
	json_builder_end_object (builder);
	json_builder_end_object (builder);

	json_builder_end_object (builder);
	return json_builder_get_root (builder);
}

static gboolean
get_optional_double (JsonObject *object, const gchar *member, gdouble *value, GError **error)
{
	*value = -1.0;
	if (!qnav_json_get_double (object, member, FALSE, value, error))
		return FALSE;
	if (*value < 0)
		*value = -1.0;
	return TRUE;
}

static gboolean
get_optional_size (JsonObject *object, const gchar *member, guint64 *value, GError **error)
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

static gboolean
read_cpu (QnavSystemResources *self, JsonObject *cpu, GError **error)
{
	JsonObject *load = NULL;
	guint64 count = 0;

	if (!get_optional_size (cpu, "count", &count, error) ||
	    !get_optional_double (cpu, "pressure_some_avg10", &self->cpu_pressure, error) ||
	    !qnav_json_get_object (cpu, "load_average", FALSE, &load, error))
		return FALSE;
	self->cpu_count = (guint) MIN (count, G_MAXUINT);
	if (load != NULL) {
		if (!get_optional_double (load, "1min", &self->load[0], error) ||
		    !get_optional_double (load, "5min", &self->load[1], error) ||
		    !get_optional_double (load, "15min", &self->load[2], error)) {
			g_prefix_error (error, "load_average: ");
			return FALSE;
		}
	}
	return TRUE;
}

static gboolean
read_memory (QnavSystemResources *self, JsonObject *memory, GError **error)
{
	/* "percent" is derived, so it is not read back. */
	return get_optional_size (memory, "total", &self->memory_total, error) &&
	       get_optional_size (memory, "available", &self->memory_available, error) &&
	       get_optional_double (memory, "pressure_some_avg10", &self->memory_pressure,
				    error);
}

static gboolean
read_disks (QnavSystemResources *self, JsonArray *disks, GError **error)
{
	for (guint i = 0; i < json_array_get_length (disks); i++) {
		JsonNode *node = json_array_get_element (disks, i);
		g_autoptr(QnavDiskUsage) disk = NULL;

		if (!JSON_NODE_HOLDS_OBJECT (node)) {
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "member \"disks\" must be an array of objects; element %u is "
				     "%s",
				     i, json_node_type_name (node));
			return FALSE;
		}
		disk = qnav_disk_usage_new_from_json_object (json_node_get_object (node), error);
		if (disk == NULL) {
			g_prefix_error (error, "disks[%u]: ", i);
			return FALSE;
		}
		qnav_system_resources_add_disk (self, disk);
	}
	return TRUE;
}

static gboolean
read_network (QnavSystemResources *self, JsonObject *network, GError **error)
{
	JsonObject *interfaces = NULL;
	g_autoptr(GList) names = NULL;

	if (!qnav_json_get_object (network, "interfaces", FALSE, &interfaces, error))
		return FALSE;
	if (interfaces == NULL)
		return TRUE;
	names = json_object_get_members (interfaces);
	for (GList *l = names; l != NULL; l = l->next) {
		const gchar *name = l->data;
		JsonNode *node = json_object_get_member (interfaces, name);
		g_autoptr(QnavNetworkInterface) interface = NULL;

		if (!JSON_NODE_HOLDS_OBJECT (node)) {
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "member \"interfaces.%s\" must be an object, not %s",
				     name, json_node_type_name (node));
			return FALSE;
		}
		interface = qnav_network_interface_new_from_json_member (
			name, json_node_get_object (node), error);
		if (interface == NULL)
			return FALSE;
		qnav_system_resources_add_interface (self, interface);
	}
	return TRUE;
}

QnavSystemResources *
qnav_system_resources_new_from_json_object (JsonObject *object, GError **error)
{
	g_autoptr(QnavSystemResources) self = qnav_system_resources_new ();
	JsonObject *cpu = NULL;
	JsonObject *memory = NULL;
	JsonObject *io = NULL;
	JsonArray *disks = NULL;
	JsonObject *network = NULL;

	g_return_val_if_fail (object != NULL, NULL);

	if (!qnav_json_get_object (object, "cpu", FALSE, &cpu, error) ||
	    !qnav_json_get_object (object, "memory", FALSE, &memory, error) ||
	    !qnav_json_get_object (object, "io", FALSE, &io, error) ||
	    !qnav_json_get_array (object, "disks", FALSE, &disks, error) ||
	    !qnav_json_get_object (object, "network", FALSE, &network, error)) {
		g_prefix_error (error, "resources: ");
		return NULL;
	}
	if (cpu != NULL && !read_cpu (self, cpu, error)) {
		g_prefix_error (error, "resources: cpu: ");
		return NULL;
	}
	if (memory != NULL && !read_memory (self, memory, error)) {
		g_prefix_error (error, "resources: memory: ");
		return NULL;
	}
	if (io != NULL &&
	    !get_optional_double (io, "pressure_some_avg10", &self->io_pressure, error)) {
		g_prefix_error (error, "resources: io: ");
		return NULL;
	}
	if (disks != NULL && !read_disks (self, disks, error)) {
		g_prefix_error (error, "resources: ");
		return NULL;
	}
	if (network != NULL && !read_network (self, network, error)) {
		g_prefix_error (error, "resources: network: ");
		return NULL;
	}
	return g_steal_pointer (&self);
}
