/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/statvfs.h>

#include "qnav-probe-util-private.h"
#include "qnav-resource-probe-private.h"
#include "qnav-system-resources.h"

/*
 * Resources at failure time, read from procfs, sysfs and statvfs(3). Nothing here samples
 * over time: the load averages and the kernel's pressure averages already are averages, so
 * the probe never sleeps.
 */

/* always worth measuring on a virtualization and container host */
static const gchar *const default_disk_paths[] = { "/", "/var/lib/libvirt/images",
						    "/var/lib/containers", NULL };

struct _QnavResourceProbe {
	GObject parent_instance;

	QnavProbeConfig *config;
	QnavDiagnosticContext *context;
};

G_DEFINE_FINAL_TYPE (QnavResourceProbe, qnav_resource_probe, G_TYPE_OBJECT)

static void
qnav_resource_probe_finalize (GObject *object)
{
	QnavResourceProbe *self = QNAV_RESOURCE_PROBE (object);

	g_clear_pointer (&self->config, qnav_probe_config_unref);
	g_clear_object (&self->context);

	G_OBJECT_CLASS (qnav_resource_probe_parent_class)->finalize (object);
}

static void
qnav_resource_probe_class_init (QnavResourceProbeClass *klass)
{
	G_OBJECT_CLASS (klass)->finalize = qnav_resource_probe_finalize;
}

static void
qnav_resource_probe_init (QnavResourceProbe *self)
{
}

QnavResourceProbe *
qnav_resource_probe_new (QnavProbeConfig *config)
{
	QnavResourceProbe *self = g_object_new (QNAV_TYPE_RESOURCE_PROBE, NULL);

	self->config = qnav_probe_config_ref (config);
	return self;
}

typedef struct {
	QnavSystemResources *resources;
	GPtrArray *notes;
} ResourceResult;

static void
resource_result_free (ResourceResult *result)
{
	g_clear_object (&result->resources);
	g_ptr_array_unref (result->notes);
	g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ResourceResult, resource_result_free)

static void
note (ResourceResult *result, const gchar *format, ...) G_GNUC_PRINTF (2, 3);

static void
note (ResourceResult *result, const gchar *format, ...)
{
	va_list args;
	g_autofree gchar *text = NULL;

	va_start (args, format);
	text = g_strdup_vprintf (format, args);
	va_end (args);
	g_ptr_array_add (result->notes, g_strdup_printf ("resources: %s", text));
}

static gboolean
parse_double (const gchar *text, gdouble *value)
{
	gchar *end = NULL;

	if (text == NULL || *text == '\0')
		return FALSE;
	*value = g_ascii_strtod (text, &end);
	return end != text;
}

static void
read_cpu_count (ResourceResult *result, QnavProbeConfig *config)
{
	g_autofree gchar *path = g_build_filename (config->proc_root, "stat", NULL);
	g_autofree gchar *stat = NULL;
	g_auto(GStrv) lines = NULL;
	guint count = 0;

	if (g_file_get_contents (path, &stat, NULL, NULL)) {
		lines = g_strsplit (stat, "\n", -1);
		for (guint i = 0; lines[i] != NULL; i++) {
			if (g_str_has_prefix (lines[i], "cpu") && g_ascii_isdigit (lines[i][3]))
				count++;
		}
	}
	/* the real procfs may be hidden; this host's count is still right then */
	if (count == 0 && g_strcmp0 (config->proc_root, "/proc") == 0)
		count = g_get_num_processors ();
	if (count == 0)
		note (result, "cannot count CPUs from %s", path);
	qnav_system_resources_set_cpu_count (result->resources, count);
}

static void
read_loadavg (ResourceResult *result, QnavProbeConfig *config)
{
	g_autofree gchar *path = g_build_filename (config->proc_root, "loadavg", NULL);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *text = qnav_probe_read_small_file (path, &error);
	g_auto(GStrv) fields = NULL;
	gdouble load[3];

	if (text == NULL) {
		note (result, "no load averages: %s", error->message);
		return;
	}
	fields = g_strsplit_set (text, " \t", -1);
	if (g_strv_length (fields) < 3 || !parse_double (fields[0], &load[0]) ||
	    !parse_double (fields[1], &load[1]) || !parse_double (fields[2], &load[2])) {
		note (result, "%s is not in the loadavg format", path);
		return;
	}
	qnav_system_resources_set_load (result->resources, load[0], load[1], load[2]);
}

static gboolean
meminfo_value (const gchar *line, const gchar *key, guint64 *bytes)
{
	gsize key_len = strlen (key);
	const gchar *p;
	guint64 value;
	gchar *end = NULL;

	if (strncmp (line, key, key_len) != 0 || line[key_len] != ':')
		return FALSE;
	p = line + key_len + 1;
	while (*p == ' ' || *p == '\t')
		p++;
	value = g_ascii_strtoull (p, &end, 10);
	if (end == p)
		return FALSE;
	while (*end == ' ')
		end++;
	/* meminfo says "kB" and means KiB */
	*bytes = g_str_has_prefix (end, "kB") ? value * 1024 : value;
	return TRUE;
}

static void
read_meminfo (ResourceResult *result, QnavProbeConfig *config)
{
	g_autofree gchar *path = g_build_filename (config->proc_root, "meminfo", NULL);
	g_autoptr(GError) error = NULL;
	g_autofree gchar *text = qnav_probe_read_small_file (path, &error);
	g_auto(GStrv) lines = NULL;
	guint64 total = 0, available = 0, free_bytes = 0, buffers = 0, cached = 0;
	gboolean has_available = FALSE;

	if (text == NULL) {
		note (result, "no memory figures: %s", error->message);
		return;
	}
	lines = g_strsplit (text, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		meminfo_value (lines[i], "MemTotal", &total);
		if (meminfo_value (lines[i], "MemAvailable", &available))
			has_available = TRUE;
		meminfo_value (lines[i], "MemFree", &free_bytes);
		meminfo_value (lines[i], "Buffers", &buffers);
		meminfo_value (lines[i], "Cached", &cached);
	}
	if (total == 0) {
		note (result, "%s has no MemTotal", path);
		return;
	}
	/* kernels before 3.14 lack MemAvailable; free + buffers + cache is the old estimate */
	if (!has_available)
		available = free_bytes + buffers + cached;
	qnav_system_resources_set_memory (result->resources, total, MIN (available, total));
}

/* "some avg10=1.23 avg60=... total=..." gives 1.23; -1 when the kernel has no PSI. */
static gdouble
read_pressure (QnavProbeConfig *config, const gchar *resource)
{
	g_autofree gchar *path = g_build_filename (config->proc_root, "pressure", resource, NULL);
	g_autofree gchar *text = qnav_probe_read_small_file (path, NULL);
	g_auto(GStrv) lines = NULL;

	if (text == NULL)
		return -1.0;
	lines = g_strsplit (text, "\n", -1);
	for (guint i = 0; lines[i] != NULL; i++) {
		g_auto(GStrv) fields = NULL;

		if (!g_str_has_prefix (lines[i], "some "))
			continue;
		fields = g_strsplit (lines[i], " ", -1);
		for (guint f = 1; fields[f] != NULL; f++) {
			gdouble value;
			if (g_str_has_prefix (fields[f], "avg10=") &&
			    parse_double (fields[f] + 6, &value))
				return value;
		}
	}
	return -1.0;
}

static void
read_pressures (ResourceResult *result, QnavProbeConfig *config)
{
	gdouble cpu = read_pressure (config, "cpu");
	gdouble memory = read_pressure (config, "memory");
	gdouble io = read_pressure (config, "io");

	qnav_system_resources_set_cpu_pressure (result->resources, cpu);
	qnav_system_resources_set_memory_pressure (result->resources, memory);
	qnav_system_resources_set_io_pressure (result->resources, io);
}

/* The path itself when it exists, else its nearest existing ancestor. */
static gchar *
existing_ancestor (const gchar *path)
{
	g_autofree gchar *current = g_canonicalize_filename (path, "/");

	while (!g_file_test (current, G_FILE_TEST_EXISTS)) {
		gchar *parent = g_path_get_dirname (current);
		if (g_strcmp0 (parent, current) == 0) {
			g_free (parent);
			return NULL;
		}
		g_free (current);
		current = parent;
	}
	return g_steal_pointer (&current);
}

static void
measure_disk (ResourceResult *result, GPtrArray *measured, const gchar *wanted,
	      gboolean explicit)
{
	g_autofree gchar *path = existing_ancestor (wanted);
	g_autoptr(QnavDiskUsage) disk = NULL;
	struct statvfs info;
	g_autofree gchar *canonical = g_canonicalize_filename (wanted, "/");
	guint64 fragment;

	if (path == NULL)
		return;
	if (explicit && g_strcmp0 (path, canonical) != 0)
		note (result, "%s does not exist; measured %s instead", canonical, path);
	for (guint i = 0; i < measured->len; i++) {
		if (g_strcmp0 (g_ptr_array_index (measured, i), path) == 0)
			return;
	}
	g_ptr_array_add (measured, g_strdup (path));

	if (statvfs (path, &info) != 0) {
		note (result, "statvfs %s: %s", path, g_strerror (errno));
		return;
	}
	fragment = info.f_frsize != 0 ? info.f_frsize : info.f_bsize;
	disk = qnav_disk_usage_new (path);
	qnav_disk_usage_set_total_bytes (disk, (guint64) info.f_blocks * fragment);
	/* what an unprivileged writer (a VM image, a container layer) can still use */
	qnav_disk_usage_set_free_bytes (disk, (guint64) info.f_bavail * fragment);
	qnav_disk_usage_set_total_inodes (disk, info.f_files);
	qnav_disk_usage_set_free_inodes (disk, info.f_favail);
	qnav_system_resources_add_disk (result->resources, disk);
}

static void
read_disks (ResourceResult *result, QnavProbeConfig *config)
{
	g_autoptr(GPtrArray) measured = g_ptr_array_new_with_free_func (g_free);
	g_auto(GStrv) text_paths = qnav_probe_text_paths (config->error_message);

	for (guint i = 0; default_disk_paths[i] != NULL; i++)
		measure_disk (result, measured, default_disk_paths[i], FALSE);
	for (guint i = 0; config->disk_paths != NULL && config->disk_paths[i] != NULL; i++) {
		if (!g_path_is_absolute (config->disk_paths[i])) {
			note (result, "disk path %s is not absolute; skipped",
			      config->disk_paths[i]);
			continue;
		}
		measure_disk (result, measured, config->disk_paths[i], TRUE);
	}
	/* paths in the failure text are often files about to be written: their filesystem
	 * matters, and a missing one is no news */
	for (guint i = 0; text_paths[i] != NULL; i++)
		measure_disk (result, measured, text_paths[i], FALSE);
}

static gchar *
read_sys_value (const gchar *dir, const gchar *name)
{
	g_autofree gchar *path = g_build_filename (dir, name, NULL);

	/* speed of a link that is down, or of a virtual one, fails with EINVAL */
	return qnav_probe_read_small_file (path, NULL);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
	return g_strcmp0 (*(const gchar *const *) a, *(const gchar *const *) b);
}

static void
read_interfaces (ResourceResult *result, QnavProbeConfig *config)
{
	g_autofree gchar *net = g_build_filename (config->sys_root, "class", "net", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(GDir) dir = g_dir_open (net, 0, &error);
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
	const gchar *entry;

	if (dir == NULL) {
		note (result, "no network interfaces: %s", error->message);
		return;
	}
	while ((entry = g_dir_read_name (dir)) != NULL)
		g_ptr_array_add (names, g_strdup (entry));
	g_ptr_array_sort (names, compare_names);

	for (guint i = 0; i < names->len; i++) {
		const gchar *name = g_ptr_array_index (names, i);
		g_autofree gchar *iface = g_build_filename (net, name, NULL);
		g_autofree gchar *operstate = read_sys_value (iface, "operstate");
		g_autofree gchar *mtu_text = read_sys_value (iface, "mtu");
		g_autofree gchar *speed_text = read_sys_value (iface, "speed");
		g_autofree gchar *flags_text = NULL;
		g_autoptr(QnavNetworkInterface) interface = NULL;
		guint64 mtu = 0;
		gint64 speed = -1;
		gboolean up;

		if (operstate == NULL && mtu_text == NULL)
			continue;
		up = g_strcmp0 (operstate, "up") == 0;
		/* loopback and some virtual links report "unknown" while carrying traffic */
		if (!up && g_strcmp0 (operstate, "unknown") == 0) {
			const gchar *hex;
			guint64 flags = 0;

			flags_text = read_sys_value (iface, "flags");
			hex = flags_text;
			if (hex != NULL && g_str_has_prefix (hex, "0x"))
				hex += 2;
			/* IFF_UP */
			if (hex != NULL &&
			    g_ascii_string_to_unsigned (hex, 16, 0, G_MAXUINT64, &flags, NULL))
				up = (flags & 0x1) != 0;
		}
		if (mtu_text != NULL)
			g_ascii_string_to_unsigned (mtu_text, 10, 0, G_MAXUINT, &mtu, NULL);
		if (speed_text == NULL ||
		    !g_ascii_string_to_signed (speed_text, 10, G_MININT, G_MAXINT, &speed, NULL) ||
		    speed < 0)
			speed = -1;
		interface = qnav_network_interface_new (name, up, (guint) mtu, (gint) speed);
		qnav_system_resources_add_interface (result->resources, interface);
	}
}

static void
resource_thread (GTask *task, gpointer source_object, gpointer task_data,
		 GCancellable *cancellable)
{
	QnavResourceProbe *self = QNAV_RESOURCE_PROBE (source_object);
	g_autoptr(ResourceResult) result = g_new0 (ResourceResult, 1);
	g_autoptr(GError) error = NULL;

	result->resources = qnav_system_resources_new ();
	result->notes = g_ptr_array_new_with_free_func (g_free);

	read_cpu_count (result, self->config);
	read_loadavg (result, self->config);
	read_meminfo (result, self->config);
	read_pressures (result, self->config);
	if (g_cancellable_set_error_if_cancelled (cancellable, &error)) {
		g_task_return_error (task, g_steal_pointer (&error));
		return;
	}
	read_disks (result, self->config);
	read_interfaces (result, self->config);

	g_task_return_pointer (task, g_steal_pointer (&result),
			       (GDestroyNotify) resource_result_free);
}

void
qnav_resource_probe_run_async (QnavResourceProbe *self, QnavDiagnosticContext *context,
			       GCancellable *cancellable, GAsyncReadyCallback callback,
			       gpointer user_data)
{
	g_autoptr(GTask) task = NULL;

	g_return_if_fail (QNAV_IS_RESOURCE_PROBE (self));
	g_return_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (context));

	g_set_object (&self->context, context);
	task = g_task_new (self, cancellable, callback, user_data);
	g_task_set_source_tag (task, qnav_resource_probe_run_async);
	/* a hung NFS mount can stall statvfs; the deadline still holds */
	g_task_set_return_on_cancel (task, TRUE);
	g_task_run_in_thread (task, resource_thread);
}

gboolean
qnav_resource_probe_run_finish (QnavResourceProbe *self, GAsyncResult *result, GError **error)
{
	g_autoptr(ResourceResult) found = NULL;

	g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

	found = g_task_propagate_pointer (G_TASK (result), error);
	if (found == NULL)
		return FALSE;
	qnav_diagnostic_context_set_resources (self->context, found->resources);
	for (guint i = 0; i < found->notes->len; i++)
		qnav_diagnostic_context_add_probe_note (self->context,
							g_ptr_array_index (found->notes, i));
	return TRUE;
}
