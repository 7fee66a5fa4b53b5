/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "qnav-diagnostic-context-private.h"
#include "qnav-error.h"
#include "qnav-json-private.h"
#include "qnav-log-entry-private.h"
#include "qnav-network-check-private.h"
#include "qnav-service-status-private.h"
#include "qnav-system-resources-private.h"

/**
 * QnavDiagnosticContext:
 *
 * Everything known about the host when a step failed: the failure text, the health of the
 * services involved, resources, recent logs, network reachability of the hosts named in the
 * failure, and notes from probes that could not tell. A #QnavContextCollector fills it; the
 * analyzer reads it. It crosses process boundaries as the JSON document of
 * qnav_diagnostic_context_to_json().
 *
 * Since: 0.1
 */
struct _QnavDiagnosticContext {
	GObject parent_instance;

	gchar *plugin_name;
	gchar *error_message;
	GDateTime *failure_time;
	gchar *hostname;
	GPtrArray *services;
	QnavSystemResources *resources;
	GPtrArray *logs;
	GPtrArray *log_paths; /* NULL-terminated */
	GPtrArray *network_checks;
	GPtrArray *probe_notes; /* NULL-terminated */
};

G_DEFINE_FINAL_TYPE (QnavDiagnosticContext, qnav_diagnostic_context, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_PLUGIN_NAME,
	PROP_ERROR_MESSAGE,
	PROP_FAILURE_TIME,
	PROP_HOSTNAME,
	PROP_SERVICES,
	PROP_RESOURCES,
	PROP_LOGS,
	PROP_LOG_PATHS,
	PROP_NETWORK_CHECKS,
	PROP_PROBE_NOTES,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GPtrArray *
strv_array_new (void)
{
	GPtrArray *array = g_ptr_array_new_with_free_func (g_free);

	g_ptr_array_add (array, NULL);
	return array;
}

static void
strv_array_add (GPtrArray *array, const gchar *text)
{
	g_ptr_array_insert (array, (gint) array->len - 1, g_strdup (text));
}

static gboolean
strv_array_contains (GPtrArray *array, const gchar *text)
{
	return g_strv_contains ((const gchar *const *) array->pdata, text);
}

static void
qnav_diagnostic_context_finalize (GObject *object)
{
	QnavDiagnosticContext *self = QNAV_DIAGNOSTIC_CONTEXT (object);

	g_free (self->plugin_name);
	g_free (self->error_message);
	g_clear_pointer (&self->failure_time, g_date_time_unref);
	g_free (self->hostname);
	g_ptr_array_unref (self->services);
	g_clear_object (&self->resources);
	g_ptr_array_unref (self->logs);
	g_ptr_array_unref (self->log_paths);
	g_ptr_array_unref (self->network_checks);
	g_ptr_array_unref (self->probe_notes);

	G_OBJECT_CLASS (qnav_diagnostic_context_parent_class)->finalize (object);
}

static void
qnav_diagnostic_context_get_property (GObject *object, guint prop_id, GValue *value,
				      GParamSpec *pspec)
{
	QnavDiagnosticContext *self = QNAV_DIAGNOSTIC_CONTEXT (object);

	switch (prop_id) {
	case PROP_PLUGIN_NAME:
		g_value_set_string (value, self->plugin_name);
		break;
	case PROP_ERROR_MESSAGE:
		g_value_set_string (value, self->error_message);
		break;
	case PROP_FAILURE_TIME:
		g_value_set_boxed (value, self->failure_time);
		break;
	case PROP_HOSTNAME:
		g_value_set_string (value, self->hostname);
		break;
	case PROP_SERVICES:
		g_value_set_boxed (value, self->services);
		break;
	case PROP_RESOURCES:
		g_value_set_object (value, self->resources);
		break;
	case PROP_LOGS:
		g_value_set_boxed (value, self->logs);
		break;
	case PROP_LOG_PATHS:
		g_value_set_boxed (value, self->log_paths->pdata);
		break;
	case PROP_NETWORK_CHECKS:
		g_value_set_boxed (value, self->network_checks);
		break;
	case PROP_PROBE_NOTES:
		g_value_set_boxed (value, self->probe_notes->pdata);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_diagnostic_context_set_property (GObject *object, guint prop_id, const GValue *value,
				      GParamSpec *pspec)
{
	QnavDiagnosticContext *self = QNAV_DIAGNOSTIC_CONTEXT (object);

	switch (prop_id) {
	case PROP_PLUGIN_NAME:
		qnav_diagnostic_context_set_plugin_name (self, g_value_get_string (value));
		break;
	case PROP_ERROR_MESSAGE:
		qnav_diagnostic_context_set_error_message (self, g_value_get_string (value));
		break;
	case PROP_FAILURE_TIME:
		qnav_diagnostic_context_set_failure_time (self, g_value_get_boxed (value));
		break;
	case PROP_HOSTNAME:
		qnav_diagnostic_context_set_hostname (self, g_value_get_string (value));
		break;
	case PROP_RESOURCES:
		qnav_diagnostic_context_set_resources (self, g_value_get_object (value));
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_diagnostic_context_class_init (QnavDiagnosticContextClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);
	GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
	GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

	object_class->finalize = qnav_diagnostic_context_finalize;
	object_class->get_property = qnav_diagnostic_context_get_property;
	object_class->set_property = qnav_diagnostic_context_set_property;

	/**
	 * QnavDiagnosticContext:plugin-name:
	 *
	 * The plugin or step that failed, if known.
	 *
	 * Since: 0.1
	 */
	properties[PROP_PLUGIN_NAME] =
		g_param_spec_string ("plugin-name", NULL, NULL, NULL, rw);
	/**
	 * QnavDiagnosticContext:error-message:
	 *
	 * The failure text as the step reported it.
	 *
	 * Since: 0.1
	 */
	properties[PROP_ERROR_MESSAGE] =
		g_param_spec_string ("error-message", NULL, NULL, NULL, rw);
	/**
	 * QnavDiagnosticContext:failure-time:
	 *
	 * When the failure happened; the time the context was made unless set.
	 *
	 * Since: 0.1
	 */
	properties[PROP_FAILURE_TIME] =
		g_param_spec_boxed ("failure-time", NULL, NULL, G_TYPE_DATE_TIME, rw);
	/**
	 * QnavDiagnosticContext:hostname:
	 *
	 * The host the failure happened on; this host's name unless set.
	 *
	 * Since: 0.1
	 */
	properties[PROP_HOSTNAME] = g_param_spec_string ("hostname", NULL, NULL, NULL, rw);
	/**
	 * QnavDiagnosticContext:services: (type GPtrArray(QnavServiceStatus))
	 *
	 * The services probed, as #QnavServiceStatus objects.
	 *
	 * Since: 0.1
	 */
	properties[PROP_SERVICES] =
		g_param_spec_boxed ("services", NULL, NULL, G_TYPE_PTR_ARRAY, ro);
	/**
	 * QnavDiagnosticContext:resources:
	 *
	 * The host's resources. Never %NULL: unknown values are marked as such inside.
	 *
	 * Since: 0.1
	 */
	properties[PROP_RESOURCES] = g_param_spec_object ("resources", NULL, NULL,
							  QNAV_TYPE_SYSTEM_RESOURCES, rw);
	/**
	 * QnavDiagnosticContext:logs: (type GPtrArray(QnavLogEntry))
	 *
	 * Recent log lines, as #QnavLogEntry objects, oldest first per source.
	 *
	 * Since: 0.1
	 */
	properties[PROP_LOGS] = g_param_spec_boxed ("logs", NULL, NULL, G_TYPE_PTR_ARRAY, ro);
	/**
	 * QnavDiagnosticContext:log-paths:
	 *
	 * The log files that were read.
	 *
	 * Since: 0.1
	 */
	properties[PROP_LOG_PATHS] =
		g_param_spec_boxed ("log-paths", NULL, NULL, G_TYPE_STRV, ro);
	/**
	 * QnavDiagnosticContext:network-checks: (type GPtrArray(QnavNetworkCheck))
	 *
	 * Reachability of the hosts named in the failure, as #QnavNetworkCheck objects.
	 *
	 * Since: 0.1
	 */
	properties[PROP_NETWORK_CHECKS] =
		g_param_spec_boxed ("network-checks", NULL, NULL, G_TYPE_PTR_ARRAY, ro);
	/**
	 * QnavDiagnosticContext:probe-notes:
	 *
	 * One line per probe that failed, timed out or could only partly answer, saying
	 * which probe and why.
	 *
	 * Since: 0.1
	 */
	properties[PROP_PROBE_NOTES] =
		g_param_spec_boxed ("probe-notes", NULL, NULL, G_TYPE_STRV, ro);

	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_diagnostic_context_init (QnavDiagnosticContext *self)
{
	self->failure_time = g_date_time_new_now_utc ();
	self->hostname = g_strdup (g_get_host_name ());
	self->services = g_ptr_array_new_with_free_func (g_object_unref);
	self->resources = qnav_system_resources_new ();
	self->logs = g_ptr_array_new_with_free_func (g_object_unref);
	self->log_paths = strv_array_new ();
	self->network_checks = g_ptr_array_new_with_free_func (g_object_unref);
	self->probe_notes = strv_array_new ();
}

/**
 * qnav_diagnostic_context_new:
 * @plugin_name: (nullable): the plugin or step that failed
 * @error_message: (nullable): the failure text
 *
 * Makes an empty context dated now, for this host.
 *
 * Returns: (transfer full): a new #QnavDiagnosticContext
 *
 * Since: 0.1
 */
QnavDiagnosticContext *
qnav_diagnostic_context_new (const gchar *plugin_name, const gchar *error_message)
{
	return g_object_new (QNAV_TYPE_DIAGNOSTIC_CONTEXT, "plugin-name", plugin_name,
			     "error-message", error_message, NULL);
}

/**
 * qnav_diagnostic_context_get_plugin_name:
 * @self: a #QnavDiagnosticContext
 *
 * Returns: (nullable): the plugin or step that failed
 *
 * Since: 0.1
 */
const gchar *
qnav_diagnostic_context_get_plugin_name (QnavDiagnosticContext *self)
{
	g_return_val_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self), NULL);
	return self->plugin_name;
}

/**
 * qnav_diagnostic_context_set_plugin_name:
 * @self: a #QnavDiagnosticContext
 * @plugin_name: (nullable): the plugin or step that failed
 *
 * Since: 0.1
 */
void
qnav_diagnostic_context_set_plugin_name (QnavDiagnosticContext *self, const gchar *plugin_name)
{
	g_return_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self));
	if (g_strcmp0 (self->plugin_name, plugin_name) == 0)
		return;
	g_free (self->plugin_name);
	self->plugin_name = g_strdup (plugin_name);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLUGIN_NAME]);
}

/**
 * qnav_diagnostic_context_get_error_message:
 * @self: a #QnavDiagnosticContext
 *
 * Returns: (nullable): the failure text
 *
 * Since: 0.1
 */
const gchar *
qnav_diagnostic_context_get_error_message (QnavDiagnosticContext *self)
{
	g_return_val_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self), NULL);
	return self->error_message;
}

/**
 * qnav_diagnostic_context_set_error_message:
 * @self: a #QnavDiagnosticContext
 * @error_message: (nullable): the failure text
 *
 * Since: 0.1
 */
void
qnav_diagnostic_context_set_error_message (QnavDiagnosticContext *self,
					   const gchar *error_message)
{
	g_return_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self));
	if (g_strcmp0 (self->error_message, error_message) == 0)
		return;
	g_free (self->error_message);
	self->error_message = g_strdup (error_message);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

/**
 * qnav_diagnostic_context_get_failure_time:
 * @self: a #QnavDiagnosticContext
 *
 * Returns: (transfer none): when the failure happened
 *
 * Since: 0.1
 */
GDateTime *
qnav_diagnostic_context_get_failure_time (QnavDiagnosticContext *self)
{
	g_return_val_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self), NULL);
	return self->failure_time;
}

/**
 * qnav_diagnostic_context_set_failure_time:
 * @self: a #QnavDiagnosticContext
 * @failure_time: (nullable): when the failure happened; %NULL means now
 *
 * Since: 0.1
 */
void
qnav_diagnostic_context_set_failure_time (QnavDiagnosticContext *self, GDateTime *failure_time)
{
	g_autoptr(GDateTime) now = NULL;

	g_return_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self));
	if (failure_time == NULL)
		failure_time = now = g_date_time_new_now_utc ();
	if (g_date_time_equal (self->failure_time, failure_time))
		return;
	g_date_time_unref (self->failure_time);
	self->failure_time = g_date_time_ref (failure_time);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILURE_TIME]);
}

/**
 * qnav_diagnostic_context_get_hostname:
 * @self: a #QnavDiagnosticContext
 *
 * Returns: the host the failure happened on
 *
 * Since: 0.1
 */
const gchar *
qnav_diagnostic_context_get_hostname (QnavDiagnosticContext *self)
{
	g_return_val_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self), NULL);
	return self->hostname;
}

/**
 * qnav_diagnostic_context_set_hostname:
 * @self: a #QnavDiagnosticContext
 * @hostname: (nullable): the host the failure happened on; %NULL means this host
 *
 * Since: 0.1
 */
void
qnav_diagnostic_context_set_hostname (QnavDiagnosticContext *self, const gchar *hostname)
{
	g_return_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self));
	if (hostname == NULL)
		hostname = g_get_host_name ();
	if (g_strcmp0 (self->hostname, hostname) == 0)
		return;
	g_free (self->hostname);
	self->hostname = g_strdup (hostname);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HOSTNAME]);
}

/**
 * qnav_diagnostic_context_get_services:
 * @self: a #QnavDiagnosticContext
 *
 * Returns: (transfer none) (element-type QnavServiceStatus): the services probed
 *
 * Since: 0.1
 */
GPtrArray *
qnav_diagnostic_context_get_services (QnavDiagnosticContext *self)
{
	g_return_val_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self), NULL);
	return self->services;
}

/**
 * qnav_diagnostic_context_add_service:
 * @self: a #QnavDiagnosticContext
 * @service: a #QnavServiceStatus
 *
 * Adds @service, replacing an earlier status of the same name.
 *
 * Since: 0.1
 */
void
qnav_diagnostic_context_add_service (QnavDiagnosticContext *self, QnavServiceStatus *service)
{
	const gchar *name;

	g_return_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self));
	g_return_if_fail (QNAV_IS_SERVICE_STATUS (service));

	name = qnav_service_status_get_name (service);
	for (guint i = 0; i < self->services->len; i++) {
		QnavServiceStatus *old = g_ptr_array_index (self->services, i);
		if (old == service)
			return;
		if (g_strcmp0 (qnav_service_status_get_name (old), name) == 0) {
			g_ptr_array_remove_index (self->services, i);
			break;
		}
	}
	g_ptr_array_add (self->services, g_object_ref (service));
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICES]);
}

/**
 * qnav_diagnostic_context_lookup_service:
 * @self: a #QnavDiagnosticContext
 * @name: a logical service name such as `libvirt`
 *
 * Returns: (transfer none) (nullable): the status of @name, or %NULL if it was not probed
 *
 * Since: 0.1
 */
QnavServiceStatus *
qnav_diagnostic_context_lookup_service (QnavDiagnosticContext *self, const gchar *name)
{
	g_return_val_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self), NULL);
	g_return_val_if_fail (name != NULL, NULL);

	for (guint i = 0; i < self->services->len; i++) {
		QnavServiceStatus *service = g_ptr_array_index (self->services, i);
		if (g_strcmp0 (qnav_service_status_get_name (service), name) == 0)
			return service;
	}
	return NULL;
}

/**
 * qnav_diagnostic_context_get_resources:
 * @self: a #QnavDiagnosticContext
 *
 * Returns: (transfer none): the host's resources
 *
 * Since: 0.1
 */
QnavSystemResources *
qnav_diagnostic_context_get_resources (QnavDiagnosticContext *self)
{
	g_return_val_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self), NULL);
	return self->resources;
}

/**
 * qnav_diagnostic_context_set_resources:
 * @self: a #QnavDiagnosticContext
 * @resources: (nullable): the host's resources; %NULL resets them to unknown
 *
 * Since: 0.1
 */
void
qnav_diagnostic_context_set_resources (QnavDiagnosticContext *self,
				       QnavSystemResources *resources)
{
	g_autoptr(QnavSystemResources) empty = NULL;

	g_return_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self));
	g_return_if_fail (resources == NULL || QNAV_IS_SYSTEM_RESOURCES (resources));

	if (resources == NULL)
		resources = empty = qnav_system_resources_new ();
	if (self->resources == resources)
		return;
	g_set_object (&self->resources, resources);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESOURCES]);
}

/**
 * qnav_diagnostic_context_get_logs:
 * @self: a #QnavDiagnosticContext
 *
 * Returns: (transfer none) (element-type QnavLogEntry): recent log lines
 *
 * Since: 0.1
 */
GPtrArray *
qnav_diagnostic_context_get_logs (QnavDiagnosticContext *self)
{
	g_return_val_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self), NULL);
	return self->logs;
}

/**
 * qnav_diagnostic_context_add_log:
 * @self: a #QnavDiagnosticContext
 * @entry: a #QnavLogEntry
 *
 * Since: 0.1
 */
void
qnav_diagnostic_context_add_log (QnavDiagnosticContext *self, QnavLogEntry *entry)
{
	g_return_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self));
	g_return_if_fail (QNAV_IS_LOG_ENTRY (entry));

	g_ptr_array_add (self->logs, g_object_ref (entry));
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGS]);
}

/**
 * qnav_diagnostic_context_get_log_paths:
 * @self: a #QnavDiagnosticContext
 *
 * Returns: (transfer none) (array zero-terminated=1): the log files that were read
 *
 * Since: 0.1
 */
const gchar *const *
qnav_diagnostic_context_get_log_paths (QnavDiagnosticContext *self)
{
	g_return_val_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self), NULL);
	return (const gchar *const *) self->log_paths->pdata;
}

/**
 * qnav_diagnostic_context_add_log_path:
 * @self: a #QnavDiagnosticContext
 * @path: a log file that was read
 *
 * Adds @path unless it is already listed.
 *
 * Since: 0.1
 */
void
qnav_diagnostic_context_add_log_path (QnavDiagnosticContext *self, const gchar *path)
{
	g_return_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self));
	g_return_if_fail (path != NULL);

	if (strv_array_contains (self->log_paths, path))
		return;
	strv_array_add (self->log_paths, path);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_PATHS]);
}

/**
 * qnav_diagnostic_context_get_network_checks:
 * @self: a #QnavDiagnosticContext
 *
 * Returns: (transfer none) (element-type QnavNetworkCheck): the network checks
 *
 * Since: 0.1
 */
GPtrArray *
qnav_diagnostic_context_get_network_checks (QnavDiagnosticContext *self)
{
	g_return_val_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self), NULL);
	return self->network_checks;
}

/**
 * qnav_diagnostic_context_add_network_check:
 * @self: a #QnavDiagnosticContext
 * @check: a #QnavNetworkCheck
 *
 * Since: 0.1
 */
void
qnav_diagnostic_context_add_network_check (QnavDiagnosticContext *self, QnavNetworkCheck *check)
{
	g_return_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self));
	g_return_if_fail (QNAV_IS_NETWORK_CHECK (check));

	g_ptr_array_add (self->network_checks, g_object_ref (check));
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NETWORK_CHECKS]);
}

/**
 * qnav_diagnostic_context_get_probe_notes:
 * @self: a #QnavDiagnosticContext
 *
 * Returns: (transfer none) (array zero-terminated=1): what the probes could not tell, one
 *   line each
 *
 * Since: 0.1
 */
const gchar *const *
qnav_diagnostic_context_get_probe_notes (QnavDiagnosticContext *self)
{
	g_return_val_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self), NULL);
	return (const gchar *const *) self->probe_notes->pdata;
}

/**
 * qnav_diagnostic_context_add_probe_note:
 * @self: a #QnavDiagnosticContext
 * @note: one line saying which probe and what happened
 *
 * Since: 0.1
 */
void
qnav_diagnostic_context_add_probe_note (QnavDiagnosticContext *self, const gchar *note)
{
	g_return_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self));
	g_return_if_fail (note != NULL);

	if (strv_array_contains (self->probe_notes, note))
		return;
	strv_array_add (self->probe_notes, note);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBE_NOTES]);
}

JsonNode *
qnav_diagnostic_context_to_json_node (QnavDiagnosticContext *self)
{
	g_autoptr(JsonBuilder) builder = json_builder_new ();
	g_autofree gchar *error_message = NULL;

	g_return_val_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self), NULL);

	json_builder_begin_object (builder);
	json_builder_set_member_name (builder, "schema_version");
	json_builder_add_int_value (builder, QNAV_SCHEMA_VERSION);
	qnav_json_builder_add_string (builder, "plugin", self->plugin_name);
	qnav_json_builder_add_datetime (builder, "failure_timestamp", self->failure_time);
	qnav_json_builder_add_string (builder, "hostname", self->hostname);
	error_message = qnav_json_clean_text (self->error_message, -1, QNAV_JSON_MAX_TEXT);
	qnav_json_builder_add_string (builder, "error_message", error_message);

	json_builder_set_member_name (builder, "services");
	json_builder_begin_object (builder);
	for (guint i = 0; i < self->services->len; i++) {
		QnavServiceStatus *service = g_ptr_array_index (self->services, i);
		json_builder_set_member_name (builder, qnav_service_status_get_name (service));
		json_builder_add_value (builder, qnav_service_status_to_json_node (service));
	}
	json_builder_end_object (builder);

	json_builder_set_member_name (builder, "resources");
	json_builder_add_value (builder, qnav_system_resources_to_json_node (self->resources));

	json_builder_set_member_name (builder, "logs");
	json_builder_begin_array (builder);
	for (guint i = 0; i < self->logs->len; i++)
		json_builder_add_value (
			builder, qnav_log_entry_to_json_node (g_ptr_array_index (self->logs, i)));
	json_builder_end_array (builder);

	qnav_json_builder_add_strv (builder, "log_paths",
				    (const gchar *const *) self->log_paths->pdata);

	json_builder_set_member_name (builder, "network_checks");
	json_builder_begin_array (builder);
	for (guint i = 0; i < self->network_checks->len; i++)
		json_builder_add_value (builder,
					qnav_network_check_to_json_node (g_ptr_array_index (
							 self->network_checks, i)));
	json_builder_end_array (builder);

	qnav_json_builder_add_strv (builder, "probe_notes",
				    (const gchar *const *) self->probe_notes->pdata);
	json_builder_end_object (builder);
	return json_builder_get_root (builder);
}

/**
 * qnav_diagnostic_context_to_json:
 * @self: a #QnavDiagnosticContext
 *
 * Writes the context as the pretty-printed JSON document qnav's tools exchange, with
 * `"schema_version": 1`. Secrets in any text (error message, service details, log lines)
 * are redacted and long texts are cut.
 *
 * Returns: (transfer full): the JSON document
 *
 * Since: 0.1
 */
gchar *
qnav_diagnostic_context_to_json (QnavDiagnosticContext *self)
{
	g_autoptr(JsonNode) node = NULL;

	g_return_val_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (self), NULL);

	node = qnav_diagnostic_context_to_json_node (self);
	return qnav_json_to_redacted_string (node, TRUE);
}

static gboolean
object_element (JsonArray *array, guint index, const gchar *member, JsonObject **object,
		GError **error)
{
	JsonNode *node = json_array_get_element (array, index);

	if (!JSON_NODE_HOLDS_OBJECT (node)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "member \"%s\" must be an array of objects; element %u is %s", member,
			     index, json_node_type_name (node));
		return FALSE;
	}
	*object = json_node_get_object (node);
	return TRUE;
}

static gboolean
read_services (QnavDiagnosticContext *self, JsonObject *services, GError **error)
{
	g_autoptr(GList) names = json_object_get_members (services);

	for (GList *l = names; l != NULL; l = l->next) {
		const gchar *name = l->data;
		JsonNode *node = json_object_get_member (services, name);
		g_autoptr(QnavServiceStatus) service = NULL;

		if (!JSON_NODE_HOLDS_OBJECT (node)) {
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "member \"services.%s\" must be an object, not %s", name,
				     json_node_type_name (node));
			return FALSE;
		}
		service = qnav_service_status_new_from_json_member (
			name, json_node_get_object (node), error);
		if (service == NULL) {
			g_prefix_error (error, "services: ");
			return FALSE;
		}
		qnav_diagnostic_context_add_service (self, service);
	}
	return TRUE;
}

QnavDiagnosticContext *
qnav_diagnostic_context_new_from_json_object (JsonObject *object, GError **error)
{
	g_autoptr(QnavDiagnosticContext) self = qnav_diagnostic_context_new (NULL, NULL);
	g_autoptr(GDateTime) failure_time = NULL;
	g_auto(GStrv) log_paths = NULL;
	g_auto(GStrv) probe_notes = NULL;
	const gchar *plugin = NULL;
	const gchar *hostname = NULL;
	const gchar *error_message = NULL;
	JsonObject *services = NULL;
	JsonObject *resources = NULL;
	JsonArray *logs = NULL;
	JsonArray *checks = NULL;
	gint64 schema_version = QNAV_SCHEMA_VERSION;

	g_return_val_if_fail (object != NULL, NULL);

	if (!qnav_json_get_int (object, "schema_version", FALSE, &schema_version, error) ||
	    !qnav_json_get_string (object, "plugin", FALSE, &plugin, error) ||
	    !qnav_json_get_datetime (object, "failure_timestamp", FALSE, &failure_time, error) ||
	    !qnav_json_get_string (object, "hostname", FALSE, &hostname, error) ||
	    !qnav_json_get_string (object, "error_message", FALSE, &error_message, error) ||
	    !qnav_json_get_object (object, "services", FALSE, &services, error) ||
	    !qnav_json_get_object (object, "resources", FALSE, &resources, error) ||
	    !qnav_json_get_array (object, "logs", FALSE, &logs, error) ||
	    !qnav_json_get_strv (object, "log_paths", FALSE, &log_paths, error) ||
	    !qnav_json_get_array (object, "network_checks", FALSE, &checks, error) ||
	    !qnav_json_get_strv (object, "probe_notes", FALSE, &probe_notes, error))
		return NULL;
	if (schema_version < 1 || schema_version > QNAV_SCHEMA_VERSION) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "member \"schema_version\" is %" G_GINT64_FORMAT
			     "; this qnav reads version %d",
			     schema_version, QNAV_SCHEMA_VERSION);
		return NULL;
	}

	self->plugin_name = g_strdup (plugin);
	self->error_message = g_strdup (error_message);
	if (failure_time != NULL) {
		g_date_time_unref (self->failure_time);
		self->failure_time = g_steal_pointer (&failure_time);
	}
	if (hostname != NULL) {
		g_free (self->hostname);
		self->hostname = g_strdup (hostname);
	}
	if (services != NULL && !read_services (self, services, error))
		return NULL;
	if (resources != NULL) {
		g_autoptr(QnavSystemResources) parsed =
			qnav_system_resources_new_from_json_object (resources, error);
		if (parsed == NULL)
			return NULL;
		g_set_object (&self->resources, parsed);
	}
	for (guint i = 0; logs != NULL && i < json_array_get_length (logs); i++) {
		JsonObject *element = NULL;
		g_autoptr(QnavLogEntry) entry = NULL;

		if (!object_element (logs, i, "logs", &element, error))
			return NULL;
		entry = qnav_log_entry_new_from_json_object (element, error);
		if (entry == NULL) {
			g_prefix_error (error, "logs[%u]: ", i);
			return NULL;
		}
		g_ptr_array_add (self->logs, g_steal_pointer (&entry));
	}
	for (guint i = 0; log_paths != NULL && log_paths[i] != NULL; i++)
		qnav_diagnostic_context_add_log_path (self, log_paths[i]);
	for (guint i = 0; checks != NULL && i < json_array_get_length (checks); i++) {
		JsonObject *element = NULL;
		g_autoptr(QnavNetworkCheck) check = NULL;

		if (!object_element (checks, i, "network_checks", &element, error))
			return NULL;
		check = qnav_network_check_new_from_json_object (element, error);
		if (check == NULL) {
			g_prefix_error (error, "network_checks[%u]: ", i);
			return NULL;
		}
		g_ptr_array_add (self->network_checks, g_steal_pointer (&check));
	}
	for (guint i = 0; probe_notes != NULL && probe_notes[i] != NULL; i++)
		qnav_diagnostic_context_add_probe_note (self, probe_notes[i]);
	return g_steal_pointer (&self);
}

/**
 * qnav_diagnostic_context_new_from_json:
 * @json: a context document, as written by qnav_diagnostic_context_to_json()
 * @length: the length of @json in bytes, or -1 if it is NUL-terminated
 * @error: return location for a #GError
 *
 * Reads a context document. Members that are missing take their defaults; a member of the
 * wrong type fails with %QNAV_ERROR_INVALID_DATA and a message naming it.
 *
 * Returns: (transfer full): the context, or %NULL with @error set
 *
 * Since: 0.1
 */
QnavDiagnosticContext *
qnav_diagnostic_context_new_from_json (const gchar *json, gssize length, GError **error)
{
	g_autoptr(JsonObject) object = NULL;
	QnavDiagnosticContext *self;

	g_return_val_if_fail (json != NULL, NULL);
	g_return_val_if_fail (error == NULL || *error == NULL, NULL);

	object = qnav_json_parse_object (json, length, "the diagnostic context", error);
	if (object == NULL)
		return NULL;
	self = qnav_diagnostic_context_new_from_json_object (object, error);
	if (self == NULL)
		g_prefix_error (error, "invalid diagnostic context: ");
	return self;
}
