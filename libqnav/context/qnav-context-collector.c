/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "qnav-context-collector.h"
#include "qnav-enum-types.h"
#include "qnav-error.h"
#include "qnav-log-probe-private.h"
#include "qnav-network-probe-private.h"
#include "qnav-probe-config-private.h"
#include "qnav-resource-probe-private.h"
#include "qnav-service-probe-private.h"

#define DEFAULT_MAX_LOG_BYTES (256 * 1024)
#define DEFAULT_LOG_SINCE_SECONDS 900
#define DEFAULT_NETWORK_TIMEOUT_MS 1500
#define DEFAULT_TIMEOUT_MS 3000

static const gchar *const default_services[] = { "libvirt", "podman", "airflow", "vault", NULL };

/**
 * QnavContextCollector:
 *
 * Collects a #QnavDiagnosticContext from the host: service health (systemd over D-Bus, then
 * podman containers, then the process table), resources (CPU, memory, pressure, disks,
 * interfaces), recent logs (the journal of the units involved and configured log files) and
 * the reachability of the hosts named in the failure text.
 *
 * The probes run concurrently and never block on a sleep: a whole collection is bounded by
 * #QnavContextCollector:timeout-ms. A probe that fails or runs out of time leaves a line in
 * the context's probe notes instead of failing the collection.
 *
 * Every place the probes read from is a property, so that tests (and unusual hosts) can point
 * them elsewhere.
 *
 * Since: 0.1
 */
struct _QnavContextCollector {
	GObject parent_instance;

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
};

G_DEFINE_FINAL_TYPE (QnavContextCollector, qnav_context_collector, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_PROBES,
	PROP_SERVICES,
	PROP_PROC_ROOT,
	PROP_SYS_ROOT,
	PROP_SYSTEM_BUS_ADDRESS,
	PROP_PODMAN_PATH,
	PROP_JOURNALCTL_PATH,
	PROP_JOURNAL_DIRECTORY,
	PROP_LOG_PATHS,
	PROP_DISK_PATHS,
	PROP_MAX_LOG_BYTES,
	PROP_LOG_SINCE_SECONDS,
	PROP_NETWORK_TIMEOUT_MS,
	PROP_TIMEOUT_MS,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
qnav_context_collector_finalize (GObject *object)
{
	QnavContextCollector *self = QNAV_CONTEXT_COLLECTOR (object);

	g_strfreev (self->services);
	g_free (self->proc_root);
	g_free (self->sys_root);
	g_free (self->system_bus_address);
	g_free (self->podman_path);
	g_free (self->journalctl_path);
	g_free (self->journal_directory);
	g_strfreev (self->log_paths);
	g_strfreev (self->disk_paths);

	G_OBJECT_CLASS (qnav_context_collector_parent_class)->finalize (object);
}

static void
qnav_context_collector_get_property (GObject *object, guint prop_id, GValue *value,
				     GParamSpec *pspec)
{
	QnavContextCollector *self = QNAV_CONTEXT_COLLECTOR (object);

	switch (prop_id) {
	case PROP_PROBES:
		g_value_set_flags (value, self->probes);
		break;
	case PROP_PROC_ROOT:
		g_value_set_string (value, self->proc_root);
		break;
	case PROP_SYS_ROOT:
		g_value_set_string (value, self->sys_root);
		break;
	case PROP_SYSTEM_BUS_ADDRESS:
		g_value_set_string (value, self->system_bus_address);
		break;
	case PROP_PODMAN_PATH:
		g_value_set_string (value, self->podman_path);
		break;
	case PROP_JOURNALCTL_PATH:
		g_value_set_string (value, self->journalctl_path);
		break;
	case PROP_JOURNAL_DIRECTORY:
		g_value_set_string (value, self->journal_directory);
		break;
	case PROP_SERVICES:
		g_value_set_boxed (value, self->services);
		break;
	case PROP_LOG_PATHS:
		g_value_set_boxed (value, self->log_paths);
		break;
	case PROP_DISK_PATHS:
		g_value_set_boxed (value, self->disk_paths);
		break;
	case PROP_MAX_LOG_BYTES:
		g_value_set_uint64 (value, self->max_log_bytes);
		break;
	case PROP_LOG_SINCE_SECONDS:
		g_value_set_uint (value, self->log_since_seconds);
		break;
	case PROP_NETWORK_TIMEOUT_MS:
		g_value_set_uint (value, self->network_timeout_ms);
		break;
	case PROP_TIMEOUT_MS:
		g_value_set_uint (value, self->timeout_ms);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_context_collector_set_property (GObject *object, guint prop_id, const GValue *value,
				     GParamSpec *pspec)
{
	QnavContextCollector *self = QNAV_CONTEXT_COLLECTOR (object);

	switch (prop_id) {
	case PROP_PROBES:
		qnav_context_collector_set_probes (self, g_value_get_flags (value));
		break;
	case PROP_PROC_ROOT:
		qnav_context_collector_set_proc_root (self, g_value_get_string (value));
		break;
	case PROP_SYS_ROOT:
		qnav_context_collector_set_sys_root (self, g_value_get_string (value));
		break;
	case PROP_SYSTEM_BUS_ADDRESS:
		qnav_context_collector_set_system_bus_address (self, g_value_get_string (value));
		break;
	case PROP_PODMAN_PATH:
		qnav_context_collector_set_podman_path (self, g_value_get_string (value));
		break;
	case PROP_JOURNALCTL_PATH:
		qnav_context_collector_set_journalctl_path (self, g_value_get_string (value));
		break;
	case PROP_JOURNAL_DIRECTORY:
		qnav_context_collector_set_journal_directory (self, g_value_get_string (value));
		break;
	case PROP_SERVICES:
		qnav_context_collector_set_services (self, g_value_get_boxed (value));
		break;
	case PROP_LOG_PATHS:
		qnav_context_collector_set_log_paths (self, g_value_get_boxed (value));
		break;
	case PROP_DISK_PATHS:
		qnav_context_collector_set_disk_paths (self, g_value_get_boxed (value));
		break;
	case PROP_MAX_LOG_BYTES:
		qnav_context_collector_set_max_log_bytes (self, g_value_get_uint64 (value));
		break;
	case PROP_LOG_SINCE_SECONDS:
		qnav_context_collector_set_log_since_seconds (self, g_value_get_uint (value));
		break;
	case PROP_NETWORK_TIMEOUT_MS:
		qnav_context_collector_set_network_timeout_ms (self, g_value_get_uint (value));
		break;
	case PROP_TIMEOUT_MS:
		qnav_context_collector_set_timeout_ms (self, g_value_get_uint (value));
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_context_collector_class_init (QnavContextCollectorClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);
	GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

	object_class->finalize = qnav_context_collector_finalize;
	object_class->get_property = qnav_context_collector_get_property;
	object_class->set_property = qnav_context_collector_set_property;

	/**
	 * QnavContextCollector:probes:
	 *
	 * Which probes run. All of them unless set.
	 *
	 * Since: 0.1
	 */
	properties[PROP_PROBES] = g_param_spec_flags ("probes", NULL, NULL, QNAV_TYPE_PROBE_FLAGS,
						      QNAV_PROBE_ALL, rw);

	/**
	 * QnavContextCollector:proc-root:
	 *
	 * Where procfs is mounted: `/proc` unless set. The resource probe reads `loadavg`,
	 * `meminfo` and `pressure/` there, the service probe scans `<pid>/comm` and
	 * `<pid>/cmdline`.
	 *
	 * Since: 0.1
	 */
	properties[PROP_PROC_ROOT] = g_param_spec_string ("proc-root", NULL, NULL, "/proc", rw);

	/**
	 * QnavContextCollector:sys-root:
	 *
	 * Where sysfs is mounted: `/sys` unless set. Interfaces come from `class/net` there.
	 *
	 * Since: 0.1
	 */
	properties[PROP_SYS_ROOT] = g_param_spec_string ("sys-root", NULL, NULL, "/sys", rw);

	/**
	 * QnavContextCollector:system-bus-address:
	 *
	 * The D-Bus address of the bus systemd is on, or %NULL for the system bus.
	 *
	 * Since: 0.1
	 */
	properties[PROP_SYSTEM_BUS_ADDRESS] = g_param_spec_string ("system-bus-address", NULL, NULL,
								   NULL, rw);

	/**
	 * QnavContextCollector:podman-path:
	 *
	 * The podman executable: an absolute path, or a name looked up on `PATH`.
	 *
	 * Since: 0.1
	 */
	properties[PROP_PODMAN_PATH] = g_param_spec_string ("podman-path", NULL, NULL, "podman",
							    rw);

	/**
	 * QnavContextCollector:journalctl-path:
	 *
	 * The journalctl executable: an absolute path, or a name looked up on `PATH`.
	 *
	 * Since: 0.1
	 */
	properties[PROP_JOURNALCTL_PATH] = g_param_spec_string ("journalctl-path", NULL, NULL,
								"journalctl", rw);

	/**
	 * QnavContextCollector:journal-directory:
	 *
	 * A journal directory to read (`journalctl --directory`) instead of the system journal,
	 * or %NULL.
	 *
	 * Since: 0.1
	 */
	properties[PROP_JOURNAL_DIRECTORY] = g_param_spec_string ("journal-directory", NULL, NULL,
								  NULL, rw);

	/**
	 * QnavContextCollector:services:
	 *
	 * The logical services to probe: `libvirt`, `podman`, `airflow`, `vault`, `postgresql`
	 * or any unit, container or process name. Services named in the failure text are probed
	 * too. Defaults to libvirt, podman, airflow and vault.
	 *
	 * Since: 0.1
	 */
	properties[PROP_SERVICES] = g_param_spec_boxed ("services", NULL, NULL, G_TYPE_STRV, rw);

	/**
	 * QnavContextCollector:log-paths:
	 *
	 * Log files, or directories of them, whose last lines go into the context.
	 *
	 * Since: 0.1
	 */
	properties[PROP_LOG_PATHS] = g_param_spec_boxed ("log-paths", NULL, NULL, G_TYPE_STRV, rw);

	/**
	 * QnavContextCollector:disk-paths:
	 *
	 * Paths to measure with statvfs(3) besides `/`, `/var/lib/libvirt/images`,
	 * `/var/lib/containers` and the paths named in the failure text.
	 *
	 * Since: 0.1
	 */
	properties[PROP_DISK_PATHS] = g_param_spec_boxed ("disk-paths", NULL, NULL, G_TYPE_STRV,
							  rw);

	/**
	 * QnavContextCollector:max-log-bytes:
	 *
	 * How many bytes of log text the context may hold in total (journal and files).
	 *
	 * Since: 0.1
	 */
	properties[PROP_MAX_LOG_BYTES] =
		g_param_spec_uint64 ("max-log-bytes", NULL, NULL, 1, G_MAXUINT64,
				     DEFAULT_MAX_LOG_BYTES, rw);

	/**
	 * QnavContextCollector:log-since-seconds:
	 *
	 * How far back, in seconds before the collection, log lines are taken from.
	 *
	 * Since: 0.1
	 */
	properties[PROP_LOG_SINCE_SECONDS] =
		g_param_spec_uint ("log-since-seconds", NULL, NULL, 1, G_MAXUINT,
				   DEFAULT_LOG_SINCE_SECONDS, rw);

	/**
	 * QnavContextCollector:network-timeout-ms:
	 *
	 * The time allowed for each DNS lookup and each TCP connection, in milliseconds.
	 *
	 * Since: 0.1
	 */
	properties[PROP_NETWORK_TIMEOUT_MS] =
		g_param_spec_uint ("network-timeout-ms", NULL, NULL, 1, G_MAXUINT,
				   DEFAULT_NETWORK_TIMEOUT_MS, rw);

	/**
	 * QnavContextCollector:timeout-ms:
	 *
	 * The deadline of a whole collection, in milliseconds. Probes still running then are
	 * stopped and leave a probe note.
	 *
	 * Since: 0.1
	 */
	properties[PROP_TIMEOUT_MS] =
		g_param_spec_uint ("timeout-ms", NULL, NULL, 1, G_MAXUINT, DEFAULT_TIMEOUT_MS, rw);


	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_context_collector_init (QnavContextCollector *self)
{
	self->probes = QNAV_PROBE_ALL;
	self->services = g_strdupv ((gchar **) default_services);
	self->proc_root = g_strdup ("/proc");
	self->sys_root = g_strdup ("/sys");
	self->podman_path = g_strdup ("podman");
	self->journalctl_path = g_strdup ("journalctl");
	self->log_paths = g_new0 (gchar *, 1);
	self->disk_paths = g_new0 (gchar *, 1);
	self->max_log_bytes = DEFAULT_MAX_LOG_BYTES;
	self->log_since_seconds = DEFAULT_LOG_SINCE_SECONDS;
	self->network_timeout_ms = DEFAULT_NETWORK_TIMEOUT_MS;
	self->timeout_ms = DEFAULT_TIMEOUT_MS;
}

/**
 * qnav_context_collector_new:
 *
 * Returns: (transfer full): a collector for this host, with every probe on
 *
 * Since: 0.1
 */
QnavContextCollector *
qnav_context_collector_new (void)
{
	return g_object_new (QNAV_TYPE_CONTEXT_COLLECTOR, NULL);
}

/**
 * qnav_context_collector_get_probes:
 * @self: a #QnavContextCollector
 *
 * Returns: the probes that run
 *
 * Since: 0.1
 */
QnavProbeFlags
qnav_context_collector_get_probes (QnavContextCollector *self)
{
	g_return_val_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self), QNAV_PROBE_NONE);
	return self->probes;
}

/**
 * qnav_context_collector_set_probes:
 * @self: a #QnavContextCollector
 * @probes: the probes to run
 *
 * Since: 0.1
 */
void
qnav_context_collector_set_probes (QnavContextCollector *self, QnavProbeFlags probes)
{
	g_return_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self));
	probes &= QNAV_PROBE_ALL;
	if (self->probes == probes)
		return;
	self->probes = probes;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBES]);
}

/**
 * qnav_context_collector_get_proc_root:
 * @self: a #QnavContextCollector
 *
 * Returns: the #QnavContextCollector:proc-root property
 *
 * Since: 0.1
 */
const gchar *
qnav_context_collector_get_proc_root (QnavContextCollector *self)
{
	g_return_val_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self), NULL);
	return self->proc_root;
}

/**
 * qnav_context_collector_set_proc_root:
 * @self: a #QnavContextCollector
 * @proc_root: (nullable): the new value; %NULL restores `/proc`
 *
 * Sets the #QnavContextCollector:proc-root property.
 *
 * Since: 0.1
 */
void
qnav_context_collector_set_proc_root (QnavContextCollector *self, const gchar *proc_root)
{
	g_return_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self));
	if (proc_root == NULL)
		proc_root = "/proc";
	if (g_strcmp0 (self->proc_root, proc_root) == 0)
		return;
	g_free (self->proc_root);
	self->proc_root = g_strdup (proc_root);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROC_ROOT]);
}

/**
 * qnav_context_collector_get_sys_root:
 * @self: a #QnavContextCollector
 *
 * Returns: the #QnavContextCollector:sys-root property
 *
 * Since: 0.1
 */
const gchar *
qnav_context_collector_get_sys_root (QnavContextCollector *self)
{
	g_return_val_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self), NULL);
	return self->sys_root;
}

/**
 * qnav_context_collector_set_sys_root:
 * @self: a #QnavContextCollector
 * @sys_root: (nullable): the new value; %NULL restores `/sys`
 *
 * Sets the #QnavContextCollector:sys-root property.
 *
 * Since: 0.1
 */
void
qnav_context_collector_set_sys_root (QnavContextCollector *self, const gchar *sys_root)
{
	g_return_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self));
	if (sys_root == NULL)
		sys_root = "/sys";
	if (g_strcmp0 (self->sys_root, sys_root) == 0)
		return;
	g_free (self->sys_root);
	self->sys_root = g_strdup (sys_root);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYS_ROOT]);
}

/**
 * qnav_context_collector_get_system_bus_address:
 * @self: a #QnavContextCollector
 *
 * Returns: (nullable): the #QnavContextCollector:system-bus-address property
 *
 * Since: 0.1
 */
const gchar *
qnav_context_collector_get_system_bus_address (QnavContextCollector *self)
{
	g_return_val_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self), NULL);
	return self->system_bus_address;
}

/**
 * qnav_context_collector_set_system_bus_address:
 * @self: a #QnavContextCollector
 * @address: (nullable): a D-Bus address, or %NULL for the system bus
 *
 * Sets the #QnavContextCollector:system-bus-address property.
 *
 * Since: 0.1
 */
void
qnav_context_collector_set_system_bus_address (QnavContextCollector *self, const gchar *address)
{
	g_return_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self));
	if (g_strcmp0 (self->system_bus_address, address) == 0)
		return;
	g_free (self->system_bus_address);
	self->system_bus_address = g_strdup (address);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYSTEM_BUS_ADDRESS]);
}

/**
 * qnav_context_collector_get_podman_path:
 * @self: a #QnavContextCollector
 *
 * Returns: the #QnavContextCollector:podman-path property
 *
 * Since: 0.1
 */
const gchar *
qnav_context_collector_get_podman_path (QnavContextCollector *self)
{
	g_return_val_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self), NULL);
	return self->podman_path;
}

/**
 * qnav_context_collector_set_podman_path:
 * @self: a #QnavContextCollector
 * @podman_path: (nullable): the new value; %NULL restores `podman`
 *
 * Sets the #QnavContextCollector:podman-path property.
 *
 * Since: 0.1
 */
void
qnav_context_collector_set_podman_path (QnavContextCollector *self, const gchar *podman_path)
{
	g_return_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self));
	if (podman_path == NULL)
		podman_path = "podman";
	if (g_strcmp0 (self->podman_path, podman_path) == 0)
		return;
	g_free (self->podman_path);
	self->podman_path = g_strdup (podman_path);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PODMAN_PATH]);
}

/**
 * qnav_context_collector_get_journalctl_path:
 * @self: a #QnavContextCollector
 *
 * Returns: the #QnavContextCollector:journalctl-path property
 *
 * Since: 0.1
 */
const gchar *
qnav_context_collector_get_journalctl_path (QnavContextCollector *self)
{
	g_return_val_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self), NULL);
	return self->journalctl_path;
}

/**
 * qnav_context_collector_set_journalctl_path:
 * @self: a #QnavContextCollector
 * @journalctl_path: (nullable): the new value; %NULL restores `journalctl`
 *
 * Sets the #QnavContextCollector:journalctl-path property.
 *
 * Since: 0.1
 */
void
qnav_context_collector_set_journalctl_path (QnavContextCollector *self,
					    const gchar *journalctl_path)
{
	g_return_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self));
	if (journalctl_path == NULL)
		journalctl_path = "journalctl";
	if (g_strcmp0 (self->journalctl_path, journalctl_path) == 0)
		return;
	g_free (self->journalctl_path);
	self->journalctl_path = g_strdup (journalctl_path);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOURNALCTL_PATH]);
}

/**
 * qnav_context_collector_get_journal_directory:
 * @self: a #QnavContextCollector
 *
 * Returns: (nullable): the #QnavContextCollector:journal-directory property
 *
 * Since: 0.1
 */
const gchar *
qnav_context_collector_get_journal_directory (QnavContextCollector *self)
{
	g_return_val_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self), NULL);
	return self->journal_directory;
}

/**
 * qnav_context_collector_set_journal_directory:
 * @self: a #QnavContextCollector
 * @journal_directory: (nullable): a journal directory, or %NULL for the system journal
 *
 * Sets the #QnavContextCollector:journal-directory property.
 *
 * Since: 0.1
 */
void
qnav_context_collector_set_journal_directory (QnavContextCollector *self,
					      const gchar *journal_directory)
{
	g_return_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self));
	if (g_strcmp0 (self->journal_directory, journal_directory) == 0)
		return;
	g_free (self->journal_directory);
	self->journal_directory = g_strdup (journal_directory);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOURNAL_DIRECTORY]);
}

/**
 * qnav_context_collector_get_services:
 * @self: a #QnavContextCollector
 *
 * Returns: (transfer none) (array zero-terminated=1): the #QnavContextCollector:services
 *   property
 *
 * Since: 0.1
 */
const gchar *const *
qnav_context_collector_get_services (QnavContextCollector *self)
{
	g_return_val_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self), NULL);
	return (const gchar *const *) self->services;
}

/**
 * qnav_context_collector_set_services:
 * @self: a #QnavContextCollector
 * @services: (nullable) (array zero-terminated=1): the new value; %NULL restores the
 *   default services
 *
 * Sets the #QnavContextCollector:services property.
 *
 * Since: 0.1
 */
void
qnav_context_collector_set_services (QnavContextCollector *self, const gchar *const *services)
{
	g_return_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self));
	if (services == NULL)
		services = default_services;
	if (g_strv_equal ((const gchar *const *) self->services, services))
		return;
	g_strfreev (self->services);
	self->services = g_strdupv ((gchar **) services);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICES]);
}

/**
 * qnav_context_collector_get_log_paths:
 * @self: a #QnavContextCollector
 *
 * Returns: (transfer none) (array zero-terminated=1): the #QnavContextCollector:log-paths
 *   property
 *
 * Since: 0.1
 */
const gchar *const *
qnav_context_collector_get_log_paths (QnavContextCollector *self)
{
	g_return_val_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self), NULL);
	return (const gchar *const *) self->log_paths;
}

/**
 * qnav_context_collector_set_log_paths:
 * @self: a #QnavContextCollector
 * @log_paths: (nullable) (array zero-terminated=1): the new value; %NULL means none
 *
 * Sets the #QnavContextCollector:log-paths property.
 *
 * Since: 0.1
 */
void
qnav_context_collector_set_log_paths (QnavContextCollector *self, const gchar *const *log_paths)
{
	static const gchar *const empty[] = { NULL };

	g_return_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self));
	if (log_paths == NULL)
		log_paths = empty;
	if (g_strv_equal ((const gchar *const *) self->log_paths, log_paths))
		return;
	g_strfreev (self->log_paths);
	self->log_paths = g_strdupv ((gchar **) log_paths);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_PATHS]);
}

/**
 * qnav_context_collector_get_disk_paths:
 * @self: a #QnavContextCollector
 *
 * Returns: (transfer none) (array zero-terminated=1): the #QnavContextCollector:disk-paths
 *   property
 *
 * Since: 0.1
 */
const gchar *const *
qnav_context_collector_get_disk_paths (QnavContextCollector *self)
{
	g_return_val_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self), NULL);
	return (const gchar *const *) self->disk_paths;
}

/**
 * qnav_context_collector_set_disk_paths:
 * @self: a #QnavContextCollector
 * @disk_paths: (nullable) (array zero-terminated=1): the new value; %NULL means none
 *
 * Sets the #QnavContextCollector:disk-paths property.
 *
 * Since: 0.1
 */
void
qnav_context_collector_set_disk_paths (QnavContextCollector *self, const gchar *const *disk_paths)
{
	static const gchar *const empty[] = { NULL };

	g_return_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self));
	if (disk_paths == NULL)
		disk_paths = empty;
	if (g_strv_equal ((const gchar *const *) self->disk_paths, disk_paths))
		return;
	g_strfreev (self->disk_paths);
	self->disk_paths = g_strdupv ((gchar **) disk_paths);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISK_PATHS]);
}

/**
 * qnav_context_collector_get_max_log_bytes:
 * @self: a #QnavContextCollector
 *
 * Returns: the #QnavContextCollector:max-log-bytes property
 *
 * Since: 0.1
 */
guint64
qnav_context_collector_get_max_log_bytes (QnavContextCollector *self)
{
	g_return_val_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self), 0);
	return self->max_log_bytes;
}

/**
 * qnav_context_collector_set_max_log_bytes:
 * @self: a #QnavContextCollector
 * @max_log_bytes: the new value, at least 1
 *
 * Sets the #QnavContextCollector:max-log-bytes property.
 *
 * Since: 0.1
 */
void
qnav_context_collector_set_max_log_bytes (QnavContextCollector *self, guint64 max_log_bytes)
{
	g_return_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self));
	g_return_if_fail (max_log_bytes > 0);
	if (self->max_log_bytes == max_log_bytes)
		return;
	self->max_log_bytes = max_log_bytes;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_LOG_BYTES]);
}

/**
 * qnav_context_collector_get_log_since_seconds:
 * @self: a #QnavContextCollector
 *
 * Returns: the #QnavContextCollector:log-since-seconds property
 *
 * Since: 0.1
 */
guint
qnav_context_collector_get_log_since_seconds (QnavContextCollector *self)
{
	g_return_val_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self), 0);
	return self->log_since_seconds;
}

/**
 * qnav_context_collector_set_log_since_seconds:
 * @self: a #QnavContextCollector
 * @log_since_seconds: the new value, at least 1
 *
 * Sets the #QnavContextCollector:log-since-seconds property.
 *
 * Since: 0.1
 */
void
qnav_context_collector_set_log_since_seconds (QnavContextCollector *self, guint log_since_seconds)
{
	g_return_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self));
	g_return_if_fail (log_since_seconds > 0);
	if (self->log_since_seconds == log_since_seconds)
		return;
	self->log_since_seconds = log_since_seconds;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_SINCE_SECONDS]);
}

/**
 * qnav_context_collector_get_network_timeout_ms:
 * @self: a #QnavContextCollector
 *
 * Returns: the #QnavContextCollector:network-timeout-ms property
 *
 * Since: 0.1
 */
guint
qnav_context_collector_get_network_timeout_ms (QnavContextCollector *self)
{
	g_return_val_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self), 0);
	return self->network_timeout_ms;
}

/**
 * qnav_context_collector_set_network_timeout_ms:
 * @self: a #QnavContextCollector
 * @network_timeout_ms: the new value, at least 1
 *
 * Sets the #QnavContextCollector:network-timeout-ms property.
 *
 * Since: 0.1
 */
void
qnav_context_collector_set_network_timeout_ms (QnavContextCollector *self, guint network_timeout_ms)
{
	g_return_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self));
	g_return_if_fail (network_timeout_ms > 0);
	if (self->network_timeout_ms == network_timeout_ms)
		return;
	self->network_timeout_ms = network_timeout_ms;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK_TIMEOUT_MS]);
}

/**
 * qnav_context_collector_get_timeout_ms:
 * @self: a #QnavContextCollector
 *
 * Returns: the #QnavContextCollector:timeout-ms property
 *
 * Since: 0.1
 */
guint
qnav_context_collector_get_timeout_ms (QnavContextCollector *self)
{
	g_return_val_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self), 0);
	return self->timeout_ms;
}

/**
 * qnav_context_collector_set_timeout_ms:
 * @self: a #QnavContextCollector
 * @timeout_ms: the new value, at least 1
 *
 * Sets the #QnavContextCollector:timeout-ms property.
 *
 * Since: 0.1
 */
void
qnav_context_collector_set_timeout_ms (QnavContextCollector *self, guint timeout_ms)
{
	g_return_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self));
	g_return_if_fail (timeout_ms > 0);
	if (self->timeout_ms == timeout_ms)
		return;
	self->timeout_ms = timeout_ms;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT_MS]);
}

/* ---- the probe configuration ---- */

static void
probe_config_clear (QnavProbeConfig *config)
{
	g_strfreev (config->services);
	g_free (config->proc_root);
	g_free (config->sys_root);
	g_free (config->system_bus_address);
	g_free (config->podman_path);
	g_free (config->journalctl_path);
	g_free (config->journal_directory);
	g_strfreev (config->log_paths);
	g_strfreev (config->disk_paths);
	g_free (config->error_message);
}

QnavProbeConfig *
qnav_probe_config_new (void)
{
	return g_atomic_rc_box_new0 (QnavProbeConfig);
}

QnavProbeConfig *
qnav_probe_config_ref (QnavProbeConfig *config)
{
	return g_atomic_rc_box_acquire (config);
}

void
qnav_probe_config_unref (QnavProbeConfig *config)
{
	g_atomic_rc_box_release_full (config, (GDestroyNotify) probe_config_clear);
}

guint
qnav_probe_config_remaining_ms (QnavProbeConfig *config)
{
	gint64 left = (config->deadline - g_get_monotonic_time ()) / 1000;

	return (guint) CLAMP (left, 1, G_MAXUINT);
}

static QnavProbeConfig *
snapshot_config (QnavContextCollector *self, QnavDiagnosticContext *context)
{
	QnavProbeConfig *config = qnav_probe_config_new ();

	config->probes = self->probes;
	config->services = g_strdupv (self->services);
	config->proc_root = g_strdup (self->proc_root);
	config->sys_root = g_strdup (self->sys_root);
	config->system_bus_address = g_strdup (self->system_bus_address);
	config->podman_path = g_strdup (self->podman_path);
	config->journalctl_path = g_strdup (self->journalctl_path);
	config->journal_directory = g_strdup (self->journal_directory);
	config->log_paths = g_strdupv (self->log_paths);
	config->disk_paths = g_strdupv (self->disk_paths);
	config->max_log_bytes = self->max_log_bytes;
	config->log_since_seconds = self->log_since_seconds;
	config->network_timeout_ms = self->network_timeout_ms;
	config->timeout_ms = self->timeout_ms;
	config->deadline = g_get_monotonic_time () + (gint64) self->timeout_ms * 1000;
	config->error_message = g_strdup (qnav_diagnostic_context_get_error_message (context));
	return config;
}

/* ---- one collection ---- */

typedef enum {
	PROBE_SERVICES,
	PROBE_RESOURCES,
	PROBE_LOGS,
	PROBE_NETWORK,
	N_PROBES
} ProbeIndex;

static const gchar *const probe_names[N_PROBES] = { "services", "resources", "logs", "network" };

typedef struct {
	QnavDiagnosticContext *context;
	QnavProbeConfig *config;
	/* cancelled by the caller's cancellable or at the deadline: what every probe watches */
	GCancellable *probe_cancellable;
	GCancellable *caller_cancellable;
	gulong caller_handler;
	GSource *deadline_source;
	gboolean deadline_reached;
	gboolean running[N_PROBES];
	guint pending;
	gint64 started;
} CollectData;

static void
collect_data_free (CollectData *data)
{
	if (data->deadline_source != NULL) {
		g_source_destroy (data->deadline_source);
		g_source_unref (data->deadline_source);
	}
	if (data->caller_handler != 0)
		g_cancellable_disconnect (data->caller_cancellable, data->caller_handler);
	g_clear_object (&data->caller_cancellable);
	g_clear_object (&data->probe_cancellable);
	g_clear_pointer (&data->config, qnav_probe_config_unref);
	g_clear_object (&data->context);
	g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CollectData, collect_data_free)

static void
caller_cancelled_cb (GCancellable *caller, gpointer user_data)
{
	/* may run in another thread; g_cancellable_cancel() is thread-safe */
	g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static gboolean
deadline_cb (gpointer user_data)
{
	GTask *task = G_TASK (user_data);
	CollectData *data = g_task_get_task_data (task);

	data->deadline_reached = TRUE;
	for (guint i = 0; i < N_PROBES; i++) {
		g_autofree gchar *note = NULL;

		if (!data->running[i])
			continue;
		note = g_strdup_printf ("%s: stopped at the collection deadline of %u ms",
					probe_names[i], data->config->timeout_ms);
		qnav_diagnostic_context_add_probe_note (data->context, note);
	}
	g_cancellable_cancel (data->probe_cancellable);
	g_clear_pointer (&data->deadline_source, g_source_unref);
	return G_SOURCE_REMOVE;
}

static void
probe_done (GTask *task, ProbeIndex index, gboolean ok, GError *error)
{
	CollectData *data = g_task_get_task_data (task);

	data->running[index] = FALSE;
	if (!ok && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		g_autofree gchar *note =
			g_strdup_printf ("%s: %s", probe_names[index], error->message);
		qnav_diagnostic_context_add_probe_note (data->context, note);
	}
	g_debug ("probe %s finished after %" G_GINT64_FORMAT " ms", probe_names[index],
		 (g_get_monotonic_time () - data->started) / 1000);

	if (--data->pending > 0)
		return;
	if (data->deadline_source != NULL) {
		g_source_destroy (data->deadline_source);
		g_clear_pointer (&data->deadline_source, g_source_unref);
	}
	if (data->caller_cancellable != NULL &&
	    g_cancellable_is_cancelled (data->caller_cancellable)) {
		g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
					 "Collecting the diagnostic context was cancelled");
		return;
	}
	g_task_return_boolean (task, TRUE);
}

static void
service_probe_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
	g_autoptr(GTask) task = user_data;
	g_autoptr(GError) error = NULL;
	gboolean ok = qnav_service_probe_run_finish (QNAV_SERVICE_PROBE (source), result, &error);

	probe_done (task, PROBE_SERVICES, ok, error);
}

static void
resource_probe_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
	g_autoptr(GTask) task = user_data;
	g_autoptr(GError) error = NULL;
	gboolean ok =
		qnav_resource_probe_run_finish (QNAV_RESOURCE_PROBE (source), result, &error);

	probe_done (task, PROBE_RESOURCES, ok, error);
}

static void
log_probe_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
	g_autoptr(GTask) task = user_data;
	g_autoptr(GError) error = NULL;
	gboolean ok = qnav_log_probe_run_finish (QNAV_LOG_PROBE (source), result, &error);

	probe_done (task, PROBE_LOGS, ok, error);
}

static void
network_probe_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
	g_autoptr(GTask) task = user_data;
	g_autoptr(GError) error = NULL;
	gboolean ok = qnav_network_probe_run_finish (QNAV_NETWORK_PROBE (source), result, &error);

	probe_done (task, PROBE_NETWORK, ok, error);
}

/**
 * qnav_context_collector_collect_async:
 * @self: a #QnavContextCollector
 * @context: the context to fill; its error message says which services, paths and hosts
 *   matter besides the configured ones
 * @cancellable: (nullable): a #GCancellable
 * @callback: (scope async): called when the collection is complete
 * @user_data: data for @callback
 *
 * Runs the probes selected by #QnavContextCollector:probes concurrently and adds what they
 * find to @context. The collection completes within #QnavContextCollector:timeout-ms;
 * probes that fail or time out add a probe note instead of an error.
 *
 * Since: 0.1
 */
void
qnav_context_collector_collect_async (QnavContextCollector *self, QnavDiagnosticContext *context,
				      GCancellable *cancellable, GAsyncReadyCallback callback,
				      gpointer user_data)
{
	g_autoptr(GTask) task = NULL;
	CollectData *data;

	g_return_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self));
	g_return_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (context));
	g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

	task = g_task_new (self, cancellable, callback, user_data);
	g_task_set_source_tag (task, qnav_context_collector_collect_async);
	g_task_set_check_cancellable (task, FALSE);

	data = g_new0 (CollectData, 1);
	data->context = g_object_ref (context);
	data->config = snapshot_config (self, context);
	data->probe_cancellable = g_cancellable_new ();
	data->started = g_get_monotonic_time ();
	g_task_set_task_data (task, data, (GDestroyNotify) collect_data_free);

	if (cancellable != NULL) {
		data->caller_cancellable = g_object_ref (cancellable);
		data->caller_handler =
			g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
					       g_object_ref (data->probe_cancellable),
					       g_object_unref);
		if (g_cancellable_is_cancelled (cancellable)) {
			g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
						 "Collecting the diagnostic context was cancelled");
			return;
		}
	}

	/* Count every probe first so that one finishing at once cannot complete the task. */
	data->running[PROBE_SERVICES] = (self->probes & QNAV_PROBE_SERVICES) != 0;
	data->running[PROBE_RESOURCES] = (self->probes & QNAV_PROBE_RESOURCES) != 0;
	data->running[PROBE_LOGS] = (self->probes & QNAV_PROBE_LOGS) != 0;
	data->running[PROBE_NETWORK] = (self->probes & QNAV_PROBE_NETWORK) != 0;
	for (guint i = 0; i < N_PROBES; i++)
		data->pending += data->running[i] ? 1 : 0;
	if (data->pending == 0) {
		g_task_return_boolean (task, TRUE);
		return;
	}

	data->deadline_source = g_timeout_source_new (self->timeout_ms);
	g_source_set_name (data->deadline_source, "[qnav] collection deadline");
	g_source_set_callback (data->deadline_source, deadline_cb, task, NULL);
	g_source_attach (data->deadline_source, g_task_get_context (task));

	/* the probes hold the task until they report, so it outlives the deadline source */
	if (data->running[PROBE_SERVICES]) {
		g_autoptr(QnavServiceProbe) probe = qnav_service_probe_new (data->config);
		qnav_service_probe_run_async (probe, context, data->probe_cancellable,
					      service_probe_cb, g_object_ref (task));
	}
	if (data->running[PROBE_RESOURCES]) {
		g_autoptr(QnavResourceProbe) probe = qnav_resource_probe_new (data->config);
		qnav_resource_probe_run_async (probe, context, data->probe_cancellable,
					       resource_probe_cb, g_object_ref (task));
	}
	if (data->running[PROBE_LOGS]) {
		g_autoptr(QnavLogProbe) probe = qnav_log_probe_new (data->config);
		qnav_log_probe_run_async (probe, context, data->probe_cancellable, log_probe_cb,
					  g_object_ref (task));
	}
	if (data->running[PROBE_NETWORK]) {
		g_autoptr(QnavNetworkProbe) probe = qnav_network_probe_new (data->config);
		qnav_network_probe_run_async (probe, context, data->probe_cancellable,
					      network_probe_cb, g_object_ref (task));
	}
}

/**
 * qnav_context_collector_collect_finish:
 * @self: a #QnavContextCollector
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the context was filled (possibly with probe notes), %FALSE with
 *   @error set when the collection was cancelled
 *
 * Since: 0.1
 */
gboolean
qnav_context_collector_collect_finish (QnavContextCollector *self, GAsyncResult *result,
				       GError **error)
{
	g_return_val_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self), FALSE);
	g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
	g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
				      qnav_context_collector_collect_async,
			      FALSE);

	return g_task_propagate_boolean (G_TASK (result), error);
}

static void
collect_sync_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
	GAsyncResult **out = user_data;

	*out = g_object_ref (result);
}

/**
 * qnav_context_collector_collect:
 * @self: a #QnavContextCollector
 * @context: the context to fill
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The blocking form of qnav_context_collector_collect_async(), for command-line tools. It
 * runs the probes on a main context of its own, so it may be called from any thread.
 *
 * Returns: %TRUE when the context was filled (possibly with probe notes), %FALSE with
 *   @error set when the collection was cancelled
 *
 * Since: 0.1
 */
gboolean
qnav_context_collector_collect (QnavContextCollector *self, QnavDiagnosticContext *context,
				GCancellable *cancellable, GError **error)
{
	g_autoptr(GMainContext) main_context = NULL;
	g_autoptr(GAsyncResult) result = NULL;

	g_return_val_if_fail (QNAV_IS_CONTEXT_COLLECTOR (self), FALSE);
	g_return_val_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (context), FALSE);
	g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

	main_context = g_main_context_new ();
	g_main_context_push_thread_default (main_context);
	qnav_context_collector_collect_async (self, context, cancellable, collect_sync_cb,
					      &result);
	while (result == NULL)
		g_main_context_iteration (main_context, TRUE);
	/* let sources the probes left behind (child watches, D-Bus closes) finish */
	while (g_main_context_pending (main_context))
		g_main_context_iteration (main_context, FALSE);
	g_main_context_pop_thread_default (main_context);

	return qnav_context_collector_collect_finish (self, result, error);
}
