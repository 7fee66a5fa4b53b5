/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "qnav-json-private.h"
#include "qnav-probe-util-private.h"
#include "qnav-service-probe-private.h"
#include "qnav-service-status.h"

/*
 * Service health, answered by the first backend that knows the service: systemd over D-Bus,
 * then podman containers (one `podman ps -a --format json` for all services), then an exact
 * process-name scan of /proc. All of it runs in one worker thread with blocking calls that
 * each have a timeout and watch the cancellable.
 */

#define SYSTEMD_BUS_NAME "org.freedesktop.systemd1"
#define SYSTEMD_PATH "/org/freedesktop/systemd1"
#define SYSTEMD_MANAGER "org.freedesktop.systemd1.Manager"
#define SYSTEMD_UNIT "org.freedesktop.systemd1.Unit"
#define SYSTEMD_SERVICE "org.freedesktop.systemd1.Service"
/* one D-Bus round trip or connection attempt never takes longer than this */
#define DBUS_TIMEOUT_MS 1000
/* what podman ps may take at most, leaving the rest of the deadline to the process scan */
#define PODMAN_SHARE 0.8

/* A part of a service that must run; its alternatives are space-separated. */
typedef struct {
	const gchar *units;
	const gchar *containers;
} Component;

typedef struct {
	const gchar *name;
	Component components[3];
	const gchar *processes;
	/* podman: a working binary is the service */
	gboolean daemonless;
} ServiceSpec;

static const ServiceSpec known_services[] = {
	/* libvirtd or, since RHEL 9, the modular virtqemud (often socket-activated) */
	{ "libvirt",
	  { { "libvirtd.service virtqemud.service virtqemud.socket libvirtd.socket",
	      "libvirtd virtqemud" } },
	  "libvirtd virtqemud",
	  FALSE },
	{ "airflow",
	  { { "airflow-scheduler.service", "airflow-scheduler" },
	    { "airflow-webserver.service", "airflow-webserver" } },
	  "airflow",
	  FALSE },
	{ "vault", { { "vault.service", "vault" } }, "vault", FALSE },
	{ "podman", { { "podman.socket podman.service", NULL } }, "podman", TRUE },
	{ "postgresql",
	  { { "postgresql.service postgresql@*.service", "postgres airflow-postgres postgresql" } },
	  "postgres postmaster",
	  FALSE },
};

static const struct {
	const gchar *alias;
	const gchar *name;
} service_aliases[] = {
	{ "libvirtd", "libvirt" },
	{ "virtqemud", "libvirt" },
	{ "postgres", "postgresql" },
};

struct _QnavServiceProbe {
	GObject parent_instance;

	QnavProbeConfig *config;
	QnavDiagnosticContext *context;
};

G_DEFINE_FINAL_TYPE (QnavServiceProbe, qnav_service_probe, G_TYPE_OBJECT)

static void
qnav_service_probe_finalize (GObject *object)
{
	QnavServiceProbe *self = QNAV_SERVICE_PROBE (object);

	g_clear_pointer (&self->config, qnav_probe_config_unref);
	g_clear_object (&self->context);

	G_OBJECT_CLASS (qnav_service_probe_parent_class)->finalize (object);
}

static void
qnav_service_probe_class_init (QnavServiceProbeClass *klass)
{
	G_OBJECT_CLASS (klass)->finalize = qnav_service_probe_finalize;
}

static void
qnav_service_probe_init (QnavServiceProbe *self)
{
}

QnavServiceProbe *
qnav_service_probe_new (QnavProbeConfig *config)
{
	QnavServiceProbe *self = g_object_new (QNAV_TYPE_SERVICE_PROBE, NULL);

	self->config = qnav_probe_config_ref (config);
	return self;
}

/* ---- which services, and what they are made of ---- */

static const gchar *
canonical_name (const gchar *name)
{
	for (guint i = 0; i < G_N_ELEMENTS (service_aliases); i++) {
		if (g_strcmp0 (service_aliases[i].alias, name) == 0)
			return service_aliases[i].name;
	}
	return name;
}

GStrv
qnav_service_probe_service_names (QnavProbeConfig *config)
{
	g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
	g_autoptr(GPtrArray) seen = g_ptr_array_new ();
	g_auto(GStrv) from_text = qnav_probe_text_services (config->error_message);

	for (guint pass = 0; pass < 2; pass++) {
		GStrv names = pass == 0 ? config->services : from_text;
		for (guint i = 0; names != NULL && names[i] != NULL; i++) {
			const gchar *name = canonical_name (names[i]);
			gboolean dup = FALSE;

			if (*name == '\0')
				continue;
			for (guint j = 0; j < seen->len && !dup; j++)
				dup = g_strcmp0 (g_ptr_array_index (seen, j), name) == 0;
			if (dup)
				continue;
			g_ptr_array_add (seen, (gpointer) name);
			g_strv_builder_add (builder, name);
		}
	}
	return g_strv_builder_end (builder);
}

/* A spec for a service qnav has no table entry for: X.service, container X, process X. */
typedef struct {
	ServiceSpec spec;
	gchar *unit;
	gchar *stem;
} GenericSpec;

static void
generic_spec_clear (GenericSpec *generic)
{
	g_free (generic->unit);
	g_free (generic->stem);
}

static const ServiceSpec *
lookup_spec (const gchar *name, GenericSpec *generic)
{
	static const gchar *const unit_suffixes[] = { ".service", ".socket", ".timer", ".target",
						      ".mount", ".path", NULL };

	for (guint i = 0; i < G_N_ELEMENTS (known_services); i++) {
		if (g_strcmp0 (known_services[i].name, name) == 0)
			return &known_services[i];
	}
	memset (generic, 0, sizeof (*generic));
	for (guint i = 0; unit_suffixes[i] != NULL; i++) {
		if (g_str_has_suffix (name, unit_suffixes[i])) {
			generic->unit = g_strdup (name);
			generic->stem =
				g_strndup (name, strlen (name) - strlen (unit_suffixes[i]));
			break;
		}
	}
	if (generic->unit == NULL) {
		generic->unit = g_strdup_printf ("%s.service", name);
		generic->stem = g_strdup (name);
	}
	generic->spec.name = name;
	generic->spec.components[0].units = generic->unit;
	generic->spec.components[0].containers = generic->stem;
	generic->spec.processes = generic->stem;
	return &generic->spec;
}

GStrv
qnav_service_probe_units (QnavProbeConfig *config)
{
	g_auto(GStrv) names = qnav_service_probe_service_names (config);
	g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

	for (guint i = 0; names[i] != NULL; i++) {
		GenericSpec generic = { 0 };
		const ServiceSpec *spec = lookup_spec (names[i], &generic);

		for (guint c = 0; c < G_N_ELEMENTS (spec->components); c++) {
			g_auto(GStrv) units = NULL;

			if (spec->components[c].units == NULL)
				continue;
			units = g_strsplit (spec->components[c].units, " ", -1);
			g_strv_builder_addv (builder, (const gchar **) units);
		}
		generic_spec_clear (&generic);
	}
	return g_strv_builder_end (builder);
}

/* ---- systemd ---- */

typedef struct {
	GDBusConnection *connection;
	/* why systemd could not be asked, when connection is NULL */
	gchar *unavailable;
	gboolean has_load_unit;
	gboolean has_list_by_patterns;
} Systemd;

typedef struct {
	gchar *unit;
	gchar *load_state;
	gchar *active_state;
	gchar *sub_state;
	gchar *result;
	guint main_pid;
	guint64 since_usec;
} UnitInfo;

static void
unit_info_free (UnitInfo *info)
{
	g_free (info->unit);
	g_free (info->load_state);
	g_free (info->active_state);
	g_free (info->sub_state);
	g_free (info->result);
	g_free (info);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UnitInfo, unit_info_free)

typedef struct {
	gboolean done;
	GDBusConnection *connection;
	GError *error;
} ConnectState;

static void
connect_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
	ConnectState *state = user_data;

	state->connection = g_dbus_connection_new_for_address_finish (result, &state->error);
	state->done = TRUE;
}

static gboolean
cancel_cb (gpointer user_data)
{
	g_cancellable_cancel (G_CANCELLABLE (user_data));
	return G_SOURCE_REMOVE;
}

static void
chain_cancel_cb (GCancellable *outer, gpointer user_data)
{
	g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/* A private connection, so that closing it never disturbs the process's shared bus, made
 * with a timeout: a bus socket that accepts and then says nothing must not eat the deadline. */
static GDBusConnection *
connect_bus (const gchar *address, guint timeout_ms, GCancellable *cancellable, GError **error)
{
	g_autoptr(GMainContext) main_context = g_main_context_new ();
	g_autoptr(GCancellable) attempt = g_cancellable_new ();
	g_autoptr(GSource) timeout = g_timeout_source_new (timeout_ms);
	ConnectState state = { 0 };
	gulong handler = 0;

	g_main_context_push_thread_default (main_context);
	if (cancellable != NULL)
		handler = g_cancellable_connect (cancellable, G_CALLBACK (chain_cancel_cb), attempt,
						 NULL);
	g_source_set_callback (timeout, cancel_cb, attempt, NULL);
	g_source_attach (timeout, main_context);
	g_dbus_connection_new_for_address (address,
					   G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
						   G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
					   NULL, attempt, connect_cb, &state);
	while (!state.done)
		g_main_context_iteration (main_context, TRUE);
	g_source_destroy (timeout);
	if (handler != 0)
		g_cancellable_disconnect (cancellable, handler);
	g_main_context_pop_thread_default (main_context);

	if (state.connection == NULL) {
		if (g_error_matches (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
		    !g_cancellable_is_cancelled (cancellable)) {
			g_clear_error (&state.error);
			g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
				     "the bus did not answer within %u ms", timeout_ms);
		} else {
			g_propagate_error (error, state.error);
		}
		return NULL;
	}
	return state.connection;
}

static guint
dbus_timeout (QnavProbeConfig *config)
{
	return MIN (DBUS_TIMEOUT_MS, qnav_probe_config_remaining_ms (config));
}

static gboolean
systemd_open (Systemd *sd, QnavProbeConfig *config, GCancellable *cancellable, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GVariant) reply = NULL;
	g_autofree gchar *address = NULL;
	gboolean has_owner = FALSE;

	if (config->system_bus_address != NULL) {
		address = g_strdup (config->system_bus_address);
	} else {
		address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SYSTEM, cancellable,
							   &error_local);
		if (address == NULL) {
			sd->unavailable = g_strdup_printf ("no system bus (%s)",
							   error_local->message);
			return TRUE;
		}
	}

	sd->connection = connect_bus (address, dbus_timeout (config), cancellable, &error_local);
	if (sd->connection == NULL) {
		if (g_cancellable_is_cancelled (cancellable)) {
			g_propagate_error (error, g_steal_pointer (&error_local));
			return FALSE;
		}
		sd->unavailable = g_strdup_printf ("cannot connect to the bus at %s: %s", address,
						   error_local->message);
		return TRUE;
	}

	reply = g_dbus_connection_call_sync (
		sd->connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
		"org.freedesktop.DBus", "NameHasOwner", g_variant_new ("(s)", SYSTEMD_BUS_NAME),
		G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, (gint) dbus_timeout (config),
		cancellable, &error_local);
	if (reply != NULL)
		g_variant_get (reply, "(b)", &has_owner);
	if (!has_owner) {
		if (g_cancellable_is_cancelled (cancellable)) {
			g_propagate_error (error, g_steal_pointer (&error_local));
			return FALSE;
		}
		sd->unavailable = g_strdup_printf (
			"systemd is not on the bus%s%s", error_local != NULL ? ": " : "",
			error_local != NULL ? error_local->message : "");
		g_clear_object (&sd->connection);
		return TRUE;
	}
	sd->has_load_unit = TRUE;
	sd->has_list_by_patterns = TRUE;
	return TRUE;
}

static void
systemd_clear (Systemd *sd)
{
	if (sd->connection != NULL) {
		g_dbus_connection_close_sync (sd->connection, NULL, NULL);
		g_clear_object (&sd->connection);
	}
	g_free (sd->unavailable);
}

static gboolean
is_unknown_method (GError *error)
{
	g_autofree gchar *remote = g_dbus_error_get_remote_error (error);

	return g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
	       g_strcmp0 (remote, "org.freedesktop.DBus.Error.UnknownMethod") == 0;
}

/* Errors that say the bus itself failed, not that a unit is unknown. */
static gboolean
is_bus_failure (GError *error)
{
	return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
	       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
	       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CLOSED) ||
	       g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
	       g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT) ||
	       g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMED_OUT) ||
	       g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
	       g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
	       g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_DISCONNECTED);
}

static GVariant *
manager_call (Systemd *sd, QnavProbeConfig *config, const gchar *method, GVariant *parameters,
	      const GVariantType *reply_type, GCancellable *cancellable, GError **error)
{
	return g_dbus_connection_call_sync (sd->connection, SYSTEMD_BUS_NAME, SYSTEMD_PATH,
					    SYSTEMD_MANAGER, method, parameters, reply_type,
					    G_DBUS_CALL_FLAGS_NONE, (gint) dbus_timeout (config),
					    cancellable, error);
}

static GVariant *
get_all (Systemd *sd, QnavProbeConfig *config, const gchar *path, const gchar *interface,
	 GCancellable *cancellable, GError **error)
{
	g_autoptr(GVariant) reply = NULL;
	GVariant *properties;

	reply = g_dbus_connection_call_sync (
		sd->connection, SYSTEMD_BUS_NAME, path, "org.freedesktop.DBus.Properties", "GetAll",
		g_variant_new ("(s)", interface), G_VARIANT_TYPE ("(a{sv})"),
		G_DBUS_CALL_FLAGS_NONE, (gint) dbus_timeout (config), cancellable, error);
	if (reply == NULL)
		return NULL;
	g_variant_get (reply, "(@a{sv})", &properties);
	return properties;
}

static gchar *
dict_string (GVariant *dict, const gchar *key)
{
	const gchar *value = NULL;

	if (dict != NULL && g_variant_lookup (dict, key, "&s", &value))
		return g_strdup (value);
	return NULL;
}

static guint64
dict_uint64 (GVariant *dict, const gchar *key)
{
	guint64 value = 0;

	if (dict != NULL && g_variant_lookup (dict, key, "t", &value))
		return value;
	return 0;
}

/* Asks systemd about one unit. Returns NULL with @error set only when the bus failed; a
 * unit systemd does not know gives an info whose load_state is "not-found". */
static UnitInfo *
query_unit (Systemd *sd, QnavProbeConfig *config, const gchar *unit, GCancellable *cancellable,
	    GError **error)
{
	g_autoptr(UnitInfo) info = g_new0 (UnitInfo, 1);
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GVariant) reply = NULL;
	g_autoptr(GVariant) unit_props = NULL;
	g_autoptr(GVariant) service_props = NULL;
	const gchar *path = NULL;

	info->unit = g_strdup (unit);
	if (sd->has_load_unit) {
		reply = manager_call (sd, config, "LoadUnit", g_variant_new ("(s)", unit),
				      G_VARIANT_TYPE ("(o)"), cancellable, &error_local);
		if (reply == NULL && is_unknown_method (error_local)) {
			/* an older or partial systemd: only loaded units can be asked about */
			sd->has_load_unit = FALSE;
			g_clear_error (&error_local);
		}
	}
	if (reply == NULL && error_local == NULL)
		reply = manager_call (sd, config, "GetUnit", g_variant_new ("(s)", unit),
				      G_VARIANT_TYPE ("(o)"), cancellable, &error_local);
	if (reply == NULL) {
		if (is_bus_failure (error_local)) {
			g_propagate_error (error, g_steal_pointer (&error_local));
			return NULL;
		}
		/* NoSuchUnit, or a refusal that amounts to it */
		g_debug ("systemd does not know %s: %s", unit, error_local->message);
		info->load_state = g_strdup ("not-found");
		return g_steal_pointer (&info);
	}
	g_variant_get (reply, "(&o)", &path);

	unit_props = get_all (sd, config, path, SYSTEMD_UNIT, cancellable, &error_local);
	if (unit_props == NULL) {
		if (is_bus_failure (error_local)) {
			g_propagate_error (error, g_steal_pointer (&error_local));
			return NULL;
		}
		info->load_state = g_strdup ("error");
		info->result = g_strdup (error_local->message);
		return g_steal_pointer (&info);
	}
	info->load_state = dict_string (unit_props, "LoadState");
	info->active_state = dict_string (unit_props, "ActiveState");
	info->sub_state = dict_string (unit_props, "SubState");
	info->since_usec = dict_uint64 (unit_props, "StateChangeTimestamp");
	if (info->since_usec == 0 && g_strcmp0 (info->active_state, "active") == 0)
		info->since_usec = dict_uint64 (unit_props, "ActiveEnterTimestamp");
	if (info->since_usec == 0)
		info->since_usec = dict_uint64 (unit_props, "InactiveEnterTimestamp");
	if (info->load_state == NULL)
		info->load_state = g_strdup ("loaded");

	if (g_str_has_suffix (unit, ".service")) {
		service_props =
			get_all (sd, config, path, SYSTEMD_SERVICE, cancellable, &error_local);
		if (service_props != NULL) {
			guint32 pid = 0;
			if (g_variant_lookup (service_props, "MainPID", "u", &pid))
				info->main_pid = pid;
			info->result = dict_string (service_props, "Result");
		} else if (is_bus_failure (error_local) &&
			   g_cancellable_is_cancelled (cancellable)) {
			g_propagate_error (error, g_steal_pointer (&error_local));
			return NULL;
		}
		g_clear_error (&error_local);
	}
	return g_steal_pointer (&info);
}

/* Expands "postgresql@*.service" into the loaded units that match it. */
static GStrv
expand_glob (Systemd *sd, QnavProbeConfig *config, const gchar *pattern,
	     GCancellable *cancellable)
{
	g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
	g_autoptr(GError) error = NULL;
	g_autoptr(GVariant) reply = NULL;
	g_autoptr(GVariantIter) iter = NULL;
	const gchar *states[] = { NULL };
	const gchar *patterns[] = { pattern, NULL };
	const gchar *name = NULL;

	if (!sd->has_list_by_patterns)
		return g_strv_builder_end (builder);
	reply = manager_call (sd, config, "ListUnitsByPatterns",
			      g_variant_new ("(^as^as)", states, patterns),
			      G_VARIANT_TYPE ("(a(ssssssouso))"), cancellable, &error);
	if (reply == NULL) {
		if (is_unknown_method (error))
			sd->has_list_by_patterns = FALSE;
		return g_strv_builder_end (builder);
	}
	g_variant_get (reply, "(a(ssssssouso))", &iter);
	while (g_variant_iter_next (iter, "(&sssssso&suso)", &name, NULL, NULL, NULL, NULL, NULL,
				    NULL, NULL, NULL, NULL))
		g_strv_builder_add (builder, name);
	return g_strv_builder_end (builder);
}

static gboolean
unit_found (UnitInfo *info)
{
	return g_strcmp0 (info->load_state, "not-found") != 0 &&
	       g_strcmp0 (info->load_state, "error") != 0;
}

static gboolean
unit_active (UnitInfo *info)
{
	/* "reloading" is a running service too */
	return g_strcmp0 (info->active_state, "active") == 0 ||
	       g_strcmp0 (info->active_state, "reloading") == 0;
}

static GDateTime *
datetime_from_usec (guint64 usec)
{
	if (usec == 0 || usec > (guint64) G_MAXINT64)
		return NULL;
	return qnav_probe_datetime_from_usec ((gint64) usec);
}

/* Fills @status from systemd. FALSE with @error set when the bus failed. */
static gboolean
probe_systemd (Systemd *sd, QnavProbeConfig *config, const ServiceSpec *spec,
	       QnavServiceStatus *status, GCancellable *cancellable, GError **error)
{
	g_autoptr(GPtrArray) infos =
		g_ptr_array_new_with_free_func ((GDestroyNotify) unit_info_free);
	g_autoptr(GString) detail = g_string_new (NULL);
	UnitInfo *down = NULL;
	UnitInfo *up = NULL;
	UnitInfo *report;
	gboolean any_found = FALSE;
	g_autoptr(GDateTime) since = NULL;

	for (guint c = 0; c < G_N_ELEMENTS (spec->components); c++) {
		g_auto(GStrv) alternatives = NULL;
		UnitInfo *component_up = NULL;
		UnitInfo *component_found = NULL;

		if (spec->components[c].units == NULL)
			continue;
		alternatives = g_strsplit (spec->components[c].units, " ", -1);
		for (guint a = 0; alternatives[a] != NULL; a++) {
			g_auto(GStrv) units = NULL;

			if (strchr (alternatives[a], '*') != NULL)
				units = expand_glob (sd, config, alternatives[a], cancellable);
			else
				units = g_strdupv ((gchar *[]){ alternatives[a], NULL });
			for (guint u = 0; units[u] != NULL; u++) {
				UnitInfo *info =
					query_unit (sd, config, units[u], cancellable, error);
				if (info == NULL)
					return FALSE;
				g_ptr_array_add (infos, info);
				if (!unit_found (info))
					continue;
				g_string_append_printf (
					detail, "%s%s %s (%s)", detail->len > 0 ? "; " : "",
					info->unit, info->active_state ? info->active_state : "?",
					info->sub_state ? info->sub_state : "?");
				if (info->result != NULL &&
				    g_strcmp0 (info->result, "success") != 0)
					g_string_append_printf (detail, " result %s", info->result);
				if (component_found == NULL)
					component_found = info;
				if (component_up == NULL && unit_active (info))
					component_up = info;
			}
		}
		if (component_found == NULL)
			continue;
		any_found = TRUE;
		if (component_up != NULL) {
			if (up == NULL)
				up = component_up;
		} else if (down == NULL) {
			down = component_found;
		}
	}
	if (!any_found)
		return TRUE;

	/* a service is up when every part of it that exists is up; report the part that is
	 * not */
	report = down != NULL ? down : up;
	qnav_service_status_set_backend (status, QNAV_SERVICE_BACKEND_SYSTEMD);
	qnav_service_status_set_found (status, TRUE);
	qnav_service_status_set_active (status, down == NULL);
	qnav_service_status_set_unit (status, report->unit);
	qnav_service_status_set_state (status, report->active_state);
	qnav_service_status_set_sub_state (status, report->sub_state);
	qnav_service_status_set_main_pid (status, report->main_pid);
	since = datetime_from_usec (report->since_usec);
	qnav_service_status_set_since (status, since);
	qnav_service_status_set_detail (status, detail->str);
	return TRUE;
}

/* ---- podman ---- */

typedef struct {
	gchar *name;
	gchar *state;
	gchar *status;
	gchar *image;
	gchar *compose_service;
	guint pid;
	gint64 started_at;
	gint64 exited_at;
} Container;

static void
container_free (Container *container)
{
	g_free (container->name);
	g_free (container->state);
	g_free (container->status);
	g_free (container->image);
	g_free (container->compose_service);
	g_free (container);
}

typedef struct {
	gboolean tried;
	/* the binary that answered, NULL when podman is missing or failed */
	gchar *path;
	gchar *failure;
	GPtrArray *containers;
} Podman;

static void
podman_clear (Podman *podman)
{
	g_free (podman->path);
	g_free (podman->failure);
	g_clear_pointer (&podman->containers, g_ptr_array_unref);
}

static const gchar *
object_string (JsonObject *object, const gchar *member)
{
	JsonNode *node = json_object_get_member (object, member);

	if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
		return NULL;
	return json_node_get_string (node);
}

static gint64
object_int (JsonObject *object, const gchar *member)
{
	JsonNode *node = json_object_get_member (object, member);

	if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
		return 0;
	return json_node_get_int (node);
}

static gboolean
parse_podman_ps (Podman *podman, GBytes *output, GError **error)
{
	g_autoptr(JsonNode) root = NULL;
	gsize size = 0;
	const gchar *data = g_bytes_get_data (output, &size);
	JsonArray *array;
	gsize blank = 0;

	/* podman prints nothing at all, not "[]", on some versions when there is no container */
	while (blank < size && g_ascii_isspace (data[blank]))
		blank++;
	if (blank == size) {
		podman->containers = g_ptr_array_new ();
		return TRUE;
	}
	root = qnav_json_parse (data, (gssize) size, "podman ps output", error);
	if (root == NULL)
		return FALSE;
	if (!JSON_NODE_HOLDS_ARRAY (root)) {
		g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
			     "podman ps output is %s, not a JSON array",
			     json_node_type_name (root));
		return FALSE;
	}
	podman->containers = g_ptr_array_new_with_free_func ((GDestroyNotify) container_free);
	array = json_node_get_array (root);
	for (guint i = 0; i < json_array_get_length (array); i++) {
		JsonNode *node = json_array_get_element (array, i);
		JsonObject *object;
		JsonNode *names;
		JsonNode *labels;
		Container *container;

		if (!JSON_NODE_HOLDS_OBJECT (node))
			continue;
		object = json_node_get_object (node);
		names = json_object_get_member (object, "Names");
		if (names == NULL || !JSON_NODE_HOLDS_ARRAY (names) ||
		    json_array_get_length (json_node_get_array (names)) == 0)
			continue;
		/* pod infra containers are plumbing */
		if (json_object_has_member (object, "IsInfra") &&
		    json_object_get_boolean_member_with_default (object, "IsInfra", FALSE))
			continue;
		container = g_new0 (Container, 1);
		container->name = g_strdup (
			json_array_get_string_element (json_node_get_array (names), 0));
		container->state = g_strdup (object_string (object, "State"));
		container->status = g_strdup (object_string (object, "Status"));
		container->image = g_strdup (object_string (object, "Image"));
		container->pid = (guint) CLAMP (object_int (object, "Pid"), 0, G_MAXUINT);
		container->started_at = object_int (object, "StartedAt");
		container->exited_at = object_int (object, "ExitedAt");
		labels = json_object_get_member (object, "Labels");
		if (labels != NULL && JSON_NODE_HOLDS_OBJECT (labels))
			container->compose_service = g_strdup (object_string (
				json_node_get_object (labels), "com.docker.compose.service"));
		if (container->name == NULL || container->state == NULL) {
			container_free (container);
			continue;
		}
		g_ptr_array_add (podman->containers, container);
	}
	return TRUE;
}

/* Runs `podman ps -a --format json` once for the whole probe. FALSE only on cancellation. */
static gboolean
podman_load (Podman *podman, QnavProbeConfig *config, GPtrArray *notes,
	     GCancellable *cancellable, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GBytes) output = NULL;
	g_autofree gchar *stderr_text = NULL;
	g_autofree gchar *path = NULL;
	gint exit_status = 0;
	guint timeout_ms;

	if (podman->tried)
		return TRUE;
	podman->tried = TRUE;

	path = qnav_probe_find_program (config->podman_path);
	if (path == NULL) {
		podman->failure = g_strdup_printf ("%s is not installed", config->podman_path);
		return TRUE;
	}
	timeout_ms = (guint) MAX (1, qnav_probe_config_remaining_ms (config) * PODMAN_SHARE);
	{
		const gchar *argv[] = { path, "ps", "-a", "--format", "json", NULL };
		if (!qnav_probe_run_command (argv, timeout_ms, cancellable, &output, &stderr_text,
					     &exit_status, &error_local)) {
			if (g_cancellable_is_cancelled (cancellable)) {
				g_propagate_error (error, g_steal_pointer (&error_local));
				return FALSE;
			}
			podman->failure = g_strdup (error_local->message);
			g_ptr_array_add (notes, g_strdup_printf ("services: podman: %s",
								  error_local->message));
			return TRUE;
		}
	}
	if (exit_status != 0) {
		podman->failure = g_strdup_printf ("podman ps exited with status %d%s%s",
						   exit_status, *stderr_text ? ": " : "",
						   stderr_text);
		g_ptr_array_add (notes, g_strdup_printf ("services: %s", podman->failure));
		return TRUE;
	}
	if (!parse_podman_ps (podman, output, &error_local)) {
		podman->failure = g_strdup (error_local->message);
		g_ptr_array_add (notes, g_strdup_printf ("services: %s", error_local->message));
		return TRUE;
	}
	podman->path = g_steal_pointer (&path);
	return TRUE;
}

/* Exact names, or the names compose tools give replicas: <project>_<name>_<n> (podman-compose,
 * docker-compose v1) and <project>-<name>-<n> (compose v2). A substring is never enough:
 * "postgres" must not match "airflow_airflow-postgres_1". */
static gboolean
container_matches (Container *container, const gchar *wanted)
{
	gsize name_len = strlen (container->name);
	gsize wanted_len = strlen (wanted);
	const gchar *name = container->name;
	const gchar *end = name + name_len;
	const gchar *digits = end;

	if (g_strcmp0 (name, wanted) == 0 || g_strcmp0 (container->compose_service, wanted) == 0)
		return TRUE;
	while (digits > name && g_ascii_isdigit (digits[-1]))
		digits--;
	if (digits == end || digits - name < (gssize) wanted_len + 3)
		return FALSE;
	for (const gchar *sep = "_-"; *sep != '\0'; sep++) {
		const gchar *start = digits - 1 - wanted_len;

		if (digits[-1] != *sep || start[-1] != *sep)
			continue;
		if (strncmp (start, wanted, wanted_len) != 0)
			continue;
		/* the project part of "_" names has no "_" of its own */
		if (*sep == '_' && memchr (name, '_', (gsize) (start - 1 - name)) != NULL)
			continue;
		return TRUE;
	}
	return FALSE;
}

static gboolean
container_running (Container *container)
{
	return g_strcmp0 (container->state, "running") == 0;
}

static void
probe_podman (Podman *podman, const ServiceSpec *spec, QnavServiceStatus *status)
{
	g_autoptr(GString) detail = g_string_new (NULL);
	g_autoptr(GDateTime) since = NULL;
	Container *down = NULL;
	Container *up = NULL;
	Container *report;
	gboolean any_found = FALSE;

	if (podman->containers == NULL)
		return;
	for (guint c = 0; c < G_N_ELEMENTS (spec->components); c++) {
		g_auto(GStrv) wanted = NULL;
		Container *component_up = NULL;
		Container *component_down = NULL;

		if (spec->components[c].containers == NULL)
			continue;
		wanted = g_strsplit (spec->components[c].containers, " ", -1);
		for (guint i = 0; i < podman->containers->len; i++) {
			Container *container = g_ptr_array_index (podman->containers, i);
			gboolean match = FALSE;

			for (guint w = 0; wanted[w] != NULL && !match; w++)
				match = container_matches (container, wanted[w]);
			if (!match)
				continue;
			g_string_append_printf (detail, "%s%s %s (%s)%s%s",
						detail->len > 0 ? "; " : "", container->name,
						container->state,
						container->status ? container->status : "?",
						container->image ? " image " : "",
						container->image ? container->image : "");
			if (container_running (container)) {
				if (component_up == NULL)
					component_up = container;
			} else if (component_down == NULL) {
				component_down = container;
			}
		}
		if (component_up == NULL && component_down == NULL)
			continue;
		any_found = TRUE;
		/* one running replica keeps the component up */
		if (component_up != NULL) {
			if (up == NULL)
				up = component_up;
		} else if (down == NULL) {
			down = component_down;
		}
	}
	if (!any_found)
		return;

	report = down != NULL ? down : up;
	qnav_service_status_set_backend (status, QNAV_SERVICE_BACKEND_PODMAN);
	qnav_service_status_set_found (status, TRUE);
	qnav_service_status_set_active (status, down == NULL);
	qnav_service_status_set_unit (status, report->name);
	qnav_service_status_set_state (status, report->state);
	qnav_service_status_set_sub_state (status, report->status);
	qnav_service_status_set_main_pid (status, container_running (report) ? report->pid : 0);
	if (container_running (report) && report->started_at > 0)
		since = g_date_time_new_from_unix_utc (report->started_at);
	else if (!container_running (report) && report->exited_at > 0)
		since = g_date_time_new_from_unix_utc (report->exited_at);
	qnav_service_status_set_since (status, since);
	qnav_service_status_set_detail (status, detail->str);
}

/* ---- the process table ---- */

typedef struct {
	gboolean tried;
	gchar *failure;
	/* exact process name: GArray of pids */
	GHashTable *by_name;
} ProcessTable;

static void
process_table_clear (ProcessTable *table)
{
	g_free (table->failure);
	g_clear_pointer (&table->by_name, g_hash_table_unref);
}

static void
add_process (GHashTable *by_name, const gchar *name, guint pid)
{
	GArray *pids = g_hash_table_lookup (by_name, name);

	if (pids == NULL) {
		pids = g_array_new (FALSE, FALSE, sizeof (guint));
		g_hash_table_insert (by_name, g_strdup (name), pids);
	}
	for (guint i = 0; i < pids->len; i++) {
		if (g_array_index (pids, guint, i) == pid)
			return;
	}
	g_array_append_val (pids, pid);
}

/* Reads the name and the state of a process from <proc>/<pid>/stat, one read per process:
 * "pid (comm) S …", where comm may hold spaces and parentheses. Returns FALSE when the file
 * cannot be read or parsed. */
static gboolean
process_read_stat (const gchar *proc_root, const gchar *pid_text, gchar **comm, gchar *state)
{
	g_autofree gchar *path = g_build_filename (proc_root, pid_text, "stat", NULL);
	g_autofree gchar *stat = NULL;
	const gchar *open, *close;

	if (!g_file_get_contents (path, &stat, NULL, NULL))
		return FALSE;
	open = strchr (stat, '(');
	close = strrchr (stat, ')');
	if (open == NULL || close == NULL || close < open || close[1] != ' ' || close[2] == '\0')
		return FALSE;
	*comm = g_strndup (open + 1, (gsize) (close - open - 1));
	*state = close[2];
	return TRUE;
}

/* The name of each process: the comm in <proc>/<pid>/stat (<proc>/<pid>/comm where stat
 * is missing), and the basename of argv[0] from <proc>/<pid>/cmdline only where the kernel
 * cut the comm at 15 bytes. Never the rest of the command line: that is what made the old
 * tool find itself. One file per process on a typical host keeps a host with thousands of
 * processes fast. */
static gboolean
process_table_load (ProcessTable *table, QnavProbeConfig *config, GCancellable *cancellable,
		    GError **error)
{
	g_autoptr(GDir) dir = NULL;
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *self_pid = g_strdup_printf ("%d", (gint) getpid ());
	const gchar *entry;

	if (table->tried)
		return TRUE;
	table->tried = TRUE;
	table->by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
						(GDestroyNotify) g_array_unref);

	dir = g_dir_open (config->proc_root, 0, &error_local);
	if (dir == NULL) {
		table->failure = g_strdup (error_local->message);
		return TRUE;
	}
	while ((entry = g_dir_read_name (dir)) != NULL) {
		g_autofree gchar *comm = NULL;
		gchar state = '?';
		guint64 pid = 0;

		if (g_cancellable_set_error_if_cancelled (cancellable, error))
			return FALSE;
		if (!g_ascii_string_to_unsigned (entry, 10, 1, G_MAXUINT, &pid, NULL))
			continue;
		/* qnav itself is never the service it diagnoses */
		if (g_strcmp0 (entry, self_pid) == 0)
			continue;
		if (!process_read_stat (config->proc_root, entry, &comm, &state)) {
			g_autofree gchar *comm_path =
				g_build_filename (config->proc_root, entry, "comm", NULL);
			if (!g_file_get_contents (comm_path, &comm, NULL, NULL))
				continue;
			g_strchomp (comm);
		}
		/* a zombie or a dead process does not provide any service */
		if (state == 'Z' || state == 'X')
			continue;
		if (*comm != '\0')
			add_process (table->by_name, comm, (guint) pid);
		if (strlen (comm) >= 15) {
			g_autofree gchar *cmdline_path =
				g_build_filename (config->proc_root, entry, "cmdline", NULL);
			g_autofree gchar *cmdline = NULL;
			gsize cmdline_len = 0;
			if (g_file_get_contents (cmdline_path, &cmdline, &cmdline_len, NULL) &&
			    cmdline_len > 0 && cmdline[0] != '\0') {
				/* argv[0] ends at the first NUL */
				g_autofree gchar *base = g_path_get_basename (cmdline);
				if (*base != '\0' && g_strcmp0 (base, ".") != 0 &&
				    g_strcmp0 (base, "/") != 0)
					add_process (table->by_name, base, (guint) pid);
			}
		}
	}
	return TRUE;
}

static GArray *
process_lookup (ProcessTable *table, const gchar *name)
{
	GArray *pids = g_hash_table_lookup (table->by_name, name);
	g_autofree gchar *truncated = NULL;

	if (pids != NULL || strlen (name) <= 15)
		return pids;
	/* the kernel cuts comm at 15 bytes */
	truncated = g_strndup (name, 15);
	return g_hash_table_lookup (table->by_name, truncated);
}

static gint
compare_pids (gconstpointer a, gconstpointer b)
{
	guint pa = *(const guint *) a;
	guint pb = *(const guint *) b;

	return pa < pb ? -1 : pa > pb;
}

static void
probe_processes (ProcessTable *table, const ServiceSpec *spec, QnavServiceStatus *status)
{
	g_auto(GStrv) names = NULL;

	if (table->by_name == NULL || spec->processes == NULL)
		return;
	names = g_strsplit (spec->processes, " ", -1);
	for (guint i = 0; names[i] != NULL; i++) {
		GArray *pids = process_lookup (table, names[i]);
		g_autofree gchar *detail = NULL;

		if (pids == NULL || pids->len == 0)
			continue;
		g_array_sort (pids, compare_pids);
		detail = g_strdup_printf ("%u process%s named %s, first pid %u", pids->len,
					  pids->len == 1 ? "" : "es", names[i],
					  g_array_index (pids, guint, 0));
		qnav_service_status_set_backend (status, QNAV_SERVICE_BACKEND_PROCESS);
		qnav_service_status_set_found (status, TRUE);
		qnav_service_status_set_active (status, TRUE);
		qnav_service_status_set_unit (status, names[i]);
		qnav_service_status_set_state (status, "running");
		qnav_service_status_set_main_pid (status, g_array_index (pids, guint, 0));
		qnav_service_status_set_detail (status, detail);
		return;
	}
}

/* ---- one run ---- */

typedef struct {
	GPtrArray *statuses;
	GPtrArray *notes;
} ServiceResult;

static void
service_result_free (ServiceResult *result)
{
	g_ptr_array_unref (result->statuses);
	g_ptr_array_unref (result->notes);
	g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ServiceResult, service_result_free)

static void
describe_not_found (const ServiceSpec *spec, Systemd *sd, Podman *podman, ProcessTable *table,
		    QnavServiceStatus *status)
{
	g_autoptr(GString) detail = g_string_new ("not found:");
	g_autoptr(GString) units = g_string_new (NULL);
	g_autoptr(GString) containers = g_string_new (NULL);

	for (guint c = 0; c < G_N_ELEMENTS (spec->components); c++) {
		if (spec->components[c].units != NULL)
			g_string_append_printf (units, "%s%s", units->len ? " " : "",
						spec->components[c].units);
		if (spec->components[c].containers != NULL)
			g_string_append_printf (containers, "%s%s", containers->len ? " " : "",
						spec->components[c].containers);
	}
	if (sd->connection != NULL && units->len > 0)
		g_string_append_printf (detail, " no systemd unit %s;", units->str);
	else if (units->len > 0)
		g_string_append_printf (detail, " systemd not asked (%s);", sd->unavailable);
	if (podman->containers != NULL && containers->len > 0)
		g_string_append_printf (detail, " no podman container %s;", containers->str);
	else if (podman->failure != NULL && containers->len > 0)
		g_string_append_printf (detail, " podman not asked (%s);", podman->failure);
	if (table->by_name != NULL && spec->processes != NULL)
		g_string_append_printf (detail, " no process named %s", spec->processes);
	else if (table->failure != NULL)
		g_string_append_printf (detail, " process table unreadable (%s)", table->failure);
	g_strchomp (detail->str);
	if (detail->len > 0 && detail->str[detail->len - 1] == ';')
		g_string_truncate (detail, detail->len - 1);

	qnav_service_status_set_backend (status, QNAV_SERVICE_BACKEND_NONE);
	qnav_service_status_set_found (status, FALSE);
	qnav_service_status_set_active (status, FALSE);
	qnav_service_status_set_detail (status, detail->str);
}

/* podman has no daemon: a binary that answered `podman ps` is a working podman. */
static void
probe_podman_binary (Podman *podman, QnavServiceStatus *status)
{
	g_autofree gchar *detail = NULL;

	if (podman->path != NULL) {
		detail = g_strdup_printf ("podman is daemonless; %s answered podman ps",
					  podman->path);
		qnav_service_status_set_backend (status, QNAV_SERVICE_BACKEND_PODMAN);
		qnav_service_status_set_found (status, TRUE);
		qnav_service_status_set_active (status, TRUE);
		qnav_service_status_set_unit (status, podman->path);
		qnav_service_status_set_state (status, "available");
		qnav_service_status_set_sub_state (status, NULL);
		qnav_service_status_set_main_pid (status, 0);
		qnav_service_status_set_since (status, NULL);
		qnav_service_status_set_detail (status, detail);
	} else if (podman->failure != NULL &&
		   !g_str_has_suffix (podman->failure, "is not installed")) {
		qnav_service_status_set_backend (status, QNAV_SERVICE_BACKEND_PODMAN);
		qnav_service_status_set_found (status, TRUE);
		qnav_service_status_set_active (status, FALSE);
		qnav_service_status_set_state (status, "failed");
		qnav_service_status_set_detail (status, podman->failure);
	}
}

static void
service_thread (GTask *task, gpointer source_object, gpointer task_data,
		GCancellable *cancellable)
{
	QnavServiceProbe *self = QNAV_SERVICE_PROBE (source_object);
	QnavProbeConfig *config = self->config;
	g_autoptr(ServiceResult) result = g_new0 (ServiceResult, 1);
	g_auto(GStrv) names = qnav_service_probe_service_names (config);
	g_autoptr(GError) error = NULL;
	Systemd sd = { 0 };
	Podman podman = { 0 };
	ProcessTable table = { 0 };
	gboolean ok = TRUE;

	result->statuses = g_ptr_array_new_with_free_func (g_object_unref);
	result->notes = g_ptr_array_new_with_free_func (g_free);

	ok = systemd_open (&sd, config, cancellable, &error);
	if (ok && sd.connection == NULL)
		g_ptr_array_add (result->notes,
				 g_strdup_printf ("services: systemd not asked: %s; used podman "
						  "and the process table",
						  sd.unavailable));

	for (guint i = 0; ok && names[i] != NULL; i++) {
		g_autoptr(QnavServiceStatus) status = qnav_service_status_new (names[i]);
		GenericSpec generic = { 0 };
		const ServiceSpec *spec = lookup_spec (names[i], &generic);

		if (sd.connection != NULL) {
			g_autoptr(GError) bus_error = NULL;
			if (!probe_systemd (&sd, config, spec, status, cancellable, &bus_error)) {
				if (g_cancellable_is_cancelled (cancellable)) {
					g_propagate_error (&error, g_steal_pointer (&bus_error));
					ok = FALSE;
					generic_spec_clear (&generic);
					break;
				}
				/* the bus broke: the other backends still answer */
				g_ptr_array_add (result->notes,
						 g_strdup_printf ("services: systemd stopped "
								  "answering: %s",
								  bus_error->message));
				sd.unavailable = g_strdup (bus_error->message);
				g_dbus_connection_close_sync (sd.connection, NULL, NULL);
				g_clear_object (&sd.connection);
			}
		}
		if (spec->daemonless && !qnav_service_status_get_active (status)) {
			ok = podman_load (&podman, config, result->notes, cancellable, &error);
			if (ok)
				probe_podman_binary (&podman, status);
		}
		if (ok && !qnav_service_status_get_found (status)) {
			ok = podman_load (&podman, config, result->notes, cancellable, &error);
			if (ok)
				probe_podman (&podman, spec, status);
		}
		if (ok && !qnav_service_status_get_found (status)) {
			ok = process_table_load (&table, config, cancellable, &error);
			if (ok)
				probe_processes (&table, spec, status);
		}
		if (ok && !qnav_service_status_get_found (status))
			describe_not_found (spec, &sd, &podman, &table, status);
		if (ok)
			g_ptr_array_add (result->statuses, g_steal_pointer (&status));
		generic_spec_clear (&generic);
	}
	if (table.failure != NULL)
		g_ptr_array_add (result->notes,
				 g_strdup_printf ("services: cannot read the process table: %s",
						  table.failure));

	systemd_clear (&sd);
	podman_clear (&podman);
	process_table_clear (&table);

	if (!ok) {
		g_task_return_error (task, g_steal_pointer (&error));
		return;
	}
	g_task_return_pointer (task, g_steal_pointer (&result),
			       (GDestroyNotify) service_result_free);
}

void
qnav_service_probe_run_async (QnavServiceProbe *self, QnavDiagnosticContext *context,
			      GCancellable *cancellable, GAsyncReadyCallback callback,
			      gpointer user_data)
{
	g_autoptr(GTask) task = NULL;

	g_return_if_fail (QNAV_IS_SERVICE_PROBE (self));
	g_return_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (context));

	g_set_object (&self->context, context);
	task = g_task_new (self, cancellable, callback, user_data);
	g_task_set_source_tag (task, qnav_service_probe_run_async);
	/* a stuck backend must not hold the collection past its deadline */
	g_task_set_return_on_cancel (task, TRUE);
	g_task_run_in_thread (task, service_thread);
}

gboolean
qnav_service_probe_run_finish (QnavServiceProbe *self, GAsyncResult *result, GError **error)
{
	g_autoptr(ServiceResult) found = NULL;

	g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

	found = g_task_propagate_pointer (G_TASK (result), error);
	if (found == NULL)
		return FALSE;
	for (guint i = 0; i < found->statuses->len; i++)
		qnav_diagnostic_context_add_service (self->context,
						     g_ptr_array_index (found->statuses, i));
	for (guint i = 0; i < found->notes->len; i++)
		qnav_diagnostic_context_add_probe_note (self->context,
							g_ptr_array_index (found->notes, i));
	return TRUE;
}
