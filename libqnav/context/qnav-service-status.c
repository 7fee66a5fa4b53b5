/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "qnav-enum-types.h"
#include "qnav-error.h"
#include "qnav-json-private.h"
#include "qnav-service-status-private.h"

/**
 * QnavServiceStatus:
 *
 * The health of one logical service (`libvirt`, `airflow`, `vault`, …) at failure time: which
 * backend answered for it (systemd, podman or the process table), the real unit, container or
 * process behind it, and its state.
 *
 * Since: 0.1
 */
struct _QnavServiceStatus {
	GObject parent_instance;

	gchar *name;
	gchar *unit;
	QnavServiceBackend backend;
	gboolean found;
	gboolean active;
	gchar *state;
	gchar *sub_state;
	guint main_pid;
	GDateTime *since;
	gchar *detail;
};

G_DEFINE_FINAL_TYPE (QnavServiceStatus, qnav_service_status, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_NAME,
	PROP_UNIT,
	PROP_BACKEND,
	PROP_FOUND,
	PROP_ACTIVE,
	PROP_STATE,
	PROP_SUB_STATE,
	PROP_MAIN_PID,
	PROP_SINCE,
	PROP_DETAIL,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
qnav_service_status_finalize (GObject *object)
{
	QnavServiceStatus *self = QNAV_SERVICE_STATUS (object);

	g_free (self->name);
	g_free (self->unit);
	g_free (self->state);
	g_free (self->sub_state);
	g_clear_pointer (&self->since, g_date_time_unref);
	g_free (self->detail);

	G_OBJECT_CLASS (qnav_service_status_parent_class)->finalize (object);
}

static void
qnav_service_status_get_property (GObject *object, guint prop_id, GValue *value,
				  GParamSpec *pspec)
{
	QnavServiceStatus *self = QNAV_SERVICE_STATUS (object);

	switch (prop_id) {
	case PROP_NAME:
		g_value_set_string (value, self->name);
		break;
	case PROP_UNIT:
		g_value_set_string (value, self->unit);
		break;
	case PROP_BACKEND:
		g_value_set_enum (value, self->backend);
		break;
	case PROP_FOUND:
		g_value_set_boolean (value, self->found);
		break;
	case PROP_ACTIVE:
		g_value_set_boolean (value, self->active);
		break;
	case PROP_STATE:
		g_value_set_string (value, self->state);
		break;
	case PROP_SUB_STATE:
		g_value_set_string (value, self->sub_state);
		break;
	case PROP_MAIN_PID:
		g_value_set_uint (value, self->main_pid);
		break;
	case PROP_SINCE:
		g_value_set_boxed (value, self->since);
		break;
	case PROP_DETAIL:
		g_value_set_string (value, self->detail);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_service_status_set_property (GObject *object, guint prop_id, const GValue *value,
				  GParamSpec *pspec)
{
	QnavServiceStatus *self = QNAV_SERVICE_STATUS (object);

	switch (prop_id) {
	case PROP_NAME:
		g_free (self->name);
		self->name = g_value_dup_string (value);
		break;
	case PROP_UNIT:
		qnav_service_status_set_unit (self, g_value_get_string (value));
		break;
	case PROP_BACKEND:
		qnav_service_status_set_backend (self, g_value_get_enum (value));
		break;
	case PROP_FOUND:
		qnav_service_status_set_found (self, g_value_get_boolean (value));
		break;
	case PROP_ACTIVE:
		qnav_service_status_set_active (self, g_value_get_boolean (value));
		break;
	case PROP_STATE:
		qnav_service_status_set_state (self, g_value_get_string (value));
		break;
	case PROP_SUB_STATE:
		qnav_service_status_set_sub_state (self, g_value_get_string (value));
		break;
	case PROP_MAIN_PID:
		qnav_service_status_set_main_pid (self, g_value_get_uint (value));
		break;
	case PROP_SINCE:
		qnav_service_status_set_since (self, g_value_get_boxed (value));
		break;
	case PROP_DETAIL:
		qnav_service_status_set_detail (self, g_value_get_string (value));
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_service_status_class_init (QnavServiceStatusClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);

	object_class->finalize = qnav_service_status_finalize;
	object_class->get_property = qnav_service_status_get_property;
	object_class->set_property = qnav_service_status_set_property;

	/**
	 * QnavServiceStatus:name:
	 *
	 * The logical service name, such as `libvirt` or `airflow`.
	 *
	 * Since: 0.1
	 */
	properties[PROP_NAME] =
		g_param_spec_string ("name", NULL, NULL, NULL,
				     G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
					     G_PARAM_STATIC_STRINGS);
	/**
	 * QnavServiceStatus:unit:
	 *
	 * The real systemd unit, container or process name that answered, such as
	 * `virtqemud.socket` or `airflow_airflow-scheduler_1`.
	 *
	 * Since: 0.1
	 */
	properties[PROP_UNIT] =
		g_param_spec_string ("unit", NULL, NULL, NULL,
				     G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
					     G_PARAM_STATIC_STRINGS);
	/**
	 * QnavServiceStatus:backend:
	 *
	 * Which probe answered for the service.
	 *
	 * Since: 0.1
	 */
	properties[PROP_BACKEND] =
		g_param_spec_enum ("backend", NULL, NULL, QNAV_TYPE_SERVICE_BACKEND,
				   QNAV_SERVICE_BACKEND_NONE,
				   G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
					   G_PARAM_STATIC_STRINGS);
	/**
	 * QnavServiceStatus:found:
	 *
	 * Whether the service exists on the host at all (a loaded unit, a container or a
	 * process).
	 *
	 * Since: 0.1
	 */
	properties[PROP_FOUND] = g_param_spec_boolean (
		"found", NULL, NULL, FALSE,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
	/**
	 * QnavServiceStatus:active:
	 *
	 * Whether the service is up and running.
	 *
	 * Since: 0.1
	 */
	properties[PROP_ACTIVE] = g_param_spec_boolean (
		"active", NULL, NULL, FALSE,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
	/**
	 * QnavServiceStatus:state:
	 *
	 * The backend's state word: systemd's ActiveState (`active`, `failed`, …), the
	 * container state (`running`, `exited`, …) or the process state.
	 *
	 * Since: 0.1
	 */
	properties[PROP_STATE] =
		g_param_spec_string ("state", NULL, NULL, NULL,
				     G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
					     G_PARAM_STATIC_STRINGS);
	/**
	 * QnavServiceStatus:sub-state:
	 *
	 * The finer state: systemd's SubState, or the container's status text.
	 *
	 * Since: 0.1
	 */
	properties[PROP_SUB_STATE] =
		g_param_spec_string ("sub-state", NULL, NULL, NULL,
				     G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
					     G_PARAM_STATIC_STRINGS);
	/**
	 * QnavServiceStatus:main-pid:
	 *
	 * The main process id, or 0 when there is none.
	 *
	 * Since: 0.1
	 */
	properties[PROP_MAIN_PID] = g_param_spec_uint (
		"main-pid", NULL, NULL, 0, G_MAXUINT, 0,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
	/**
	 * QnavServiceStatus:since:
	 *
	 * When the service entered its current state, if known.
	 *
	 * Since: 0.1
	 */
	properties[PROP_SINCE] = g_param_spec_boxed (
		"since", NULL, NULL, G_TYPE_DATE_TIME,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
	/**
	 * QnavServiceStatus:detail:
	 *
	 * Free text from the backend: systemd's Result, the container image, why a probe
	 * could not tell. Redacted when written out.
	 *
	 * Since: 0.1
	 */
	properties[PROP_DETAIL] =
		g_param_spec_string ("detail", NULL, NULL, NULL,
				     G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
					     G_PARAM_STATIC_STRINGS);

	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_service_status_init (QnavServiceStatus *self)
{
}

/**
 * qnav_service_status_new:
 * @name: the logical service name
 *
 * Returns: (transfer full): a new, not yet probed #QnavServiceStatus
 *
 * Since: 0.1
 */
QnavServiceStatus *
qnav_service_status_new (const gchar *name)
{
	g_return_val_if_fail (name != NULL, NULL);

	return g_object_new (QNAV_TYPE_SERVICE_STATUS, "name", name, NULL);
}

/**
 * qnav_service_status_get_name:
 * @self: a #QnavServiceStatus
 *
 * Returns: the logical service name
 *
 * Since: 0.1
 */
const gchar *
qnav_service_status_get_name (QnavServiceStatus *self)
{
	g_return_val_if_fail (QNAV_IS_SERVICE_STATUS (self), NULL);
	return self->name;
}

static gboolean
set_string (gchar **field, const gchar *value)
{
	if (g_strcmp0 (*field, value) == 0)
		return FALSE;
	g_free (*field);
	*field = g_strdup (value);
	return TRUE;
}

/**
 * qnav_service_status_get_unit:
 * @self: a #QnavServiceStatus
 *
 * Returns: (nullable): the unit, container or process that answered
 *
 * Since: 0.1
 */
const gchar *
qnav_service_status_get_unit (QnavServiceStatus *self)
{
	g_return_val_if_fail (QNAV_IS_SERVICE_STATUS (self), NULL);
	return self->unit;
}

/**
 * qnav_service_status_set_unit:
 * @self: a #QnavServiceStatus
 * @unit: (nullable): the unit, container or process name
 *
 * Since: 0.1
 */
void
qnav_service_status_set_unit (QnavServiceStatus *self, const gchar *unit)
{
	g_return_if_fail (QNAV_IS_SERVICE_STATUS (self));
	if (set_string (&self->unit, unit))
		g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNIT]);
}

/**
 * qnav_service_status_get_backend:
 * @self: a #QnavServiceStatus
 *
 * Returns: which backend answered
 *
 * Since: 0.1
 */
QnavServiceBackend
qnav_service_status_get_backend (QnavServiceStatus *self)
{
	g_return_val_if_fail (QNAV_IS_SERVICE_STATUS (self), QNAV_SERVICE_BACKEND_NONE);
	return self->backend;
}

/**
 * qnav_service_status_set_backend:
 * @self: a #QnavServiceStatus
 * @backend: the backend that answered
 *
 * Since: 0.1
 */
void
qnav_service_status_set_backend (QnavServiceStatus *self, QnavServiceBackend backend)
{
	g_return_if_fail (QNAV_IS_SERVICE_STATUS (self));
	if (self->backend == backend)
		return;
	self->backend = backend;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKEND]);
}

/**
 * qnav_service_status_get_found:
 * @self: a #QnavServiceStatus
 *
 * Returns: whether the service exists on the host
 *
 * Since: 0.1
 */
gboolean
qnav_service_status_get_found (QnavServiceStatus *self)
{
	g_return_val_if_fail (QNAV_IS_SERVICE_STATUS (self), FALSE);
	return self->found;
}

/**
 * qnav_service_status_set_found:
 * @self: a #QnavServiceStatus
 * @found: whether the service exists
 *
 * Since: 0.1
 */
void
qnav_service_status_set_found (QnavServiceStatus *self, gboolean found)
{
	g_return_if_fail (QNAV_IS_SERVICE_STATUS (self));
	found = !!found;
	if (self->found == found)
		return;
	self->found = found;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOUND]);
}

/**
 * qnav_service_status_get_active:
 * @self: a #QnavServiceStatus
 *
 * Returns: whether the service is running
 *
 * Since: 0.1
 */
gboolean
qnav_service_status_get_active (QnavServiceStatus *self)
{
	g_return_val_if_fail (QNAV_IS_SERVICE_STATUS (self), FALSE);
	return self->active;
}

/**
 * qnav_service_status_set_active:
 * @self: a #QnavServiceStatus
 * @active: whether the service is running
 *
 * Since: 0.1
 */
void
qnav_service_status_set_active (QnavServiceStatus *self, gboolean active)
{
	g_return_if_fail (QNAV_IS_SERVICE_STATUS (self));
	active = !!active;
	if (self->active == active)
		return;
	self->active = active;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

/**
 * qnav_service_status_get_state:
 * @self: a #QnavServiceStatus
 *
 * Returns: (nullable): the backend's state word
 *
 * Since: 0.1
 */
const gchar *
qnav_service_status_get_state (QnavServiceStatus *self)
{
	g_return_val_if_fail (QNAV_IS_SERVICE_STATUS (self), NULL);
	return self->state;
}

/**
 * qnav_service_status_set_state:
 * @self: a #QnavServiceStatus
 * @state: (nullable): the backend's state word
 *
 * Since: 0.1
 */
void
qnav_service_status_set_state (QnavServiceStatus *self, const gchar *state)
{
	g_return_if_fail (QNAV_IS_SERVICE_STATUS (self));
	if (set_string (&self->state, state))
		g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/**
 * qnav_service_status_get_sub_state:
 * @self: a #QnavServiceStatus
 *
 * Returns: (nullable): the finer state
 *
 * Since: 0.1
 */
const gchar *
qnav_service_status_get_sub_state (QnavServiceStatus *self)
{
	g_return_val_if_fail (QNAV_IS_SERVICE_STATUS (self), NULL);
	return self->sub_state;
}

/**
 * qnav_service_status_set_sub_state:
 * @self: a #QnavServiceStatus
 * @sub_state: (nullable): the finer state
 *
 * Since: 0.1
 */
void
qnav_service_status_set_sub_state (QnavServiceStatus *self, const gchar *sub_state)
{
	g_return_if_fail (QNAV_IS_SERVICE_STATUS (self));
	if (set_string (&self->sub_state, sub_state))
		g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUB_STATE]);
}

/**
 * qnav_service_status_get_main_pid:
 * @self: a #QnavServiceStatus
 *
 * Returns: the main process id, or 0
 *
 * Since: 0.1
 */
guint
qnav_service_status_get_main_pid (QnavServiceStatus *self)
{
	g_return_val_if_fail (QNAV_IS_SERVICE_STATUS (self), 0);
	return self->main_pid;
}

/**
 * qnav_service_status_set_main_pid:
 * @self: a #QnavServiceStatus
 * @main_pid: the main process id, or 0
 *
 * Since: 0.1
 */
void
qnav_service_status_set_main_pid (QnavServiceStatus *self, guint main_pid)
{
	g_return_if_fail (QNAV_IS_SERVICE_STATUS (self));
	if (self->main_pid == main_pid)
		return;
	self->main_pid = main_pid;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAIN_PID]);
}

/**
 * qnav_service_status_get_since:
 * @self: a #QnavServiceStatus
 *
 * Returns: (nullable) (transfer none): when the service entered its state
 *
 * Since: 0.1
 */
GDateTime *
qnav_service_status_get_since (QnavServiceStatus *self)
{
	g_return_val_if_fail (QNAV_IS_SERVICE_STATUS (self), NULL);
	return self->since;
}

/**
 * qnav_service_status_set_since:
 * @self: a #QnavServiceStatus
 * @since: (nullable): when the service entered its state
 *
 * Since: 0.1
 */
void
qnav_service_status_set_since (QnavServiceStatus *self, GDateTime *since)
{
	g_return_if_fail (QNAV_IS_SERVICE_STATUS (self));
	if (self->since == since ||
	    (self->since != NULL && since != NULL && g_date_time_equal (self->since, since)))
		return;
	g_clear_pointer (&self->since, g_date_time_unref);
	if (since != NULL)
		self->since = g_date_time_ref (since);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SINCE]);
}

/**
 * qnav_service_status_get_detail:
 * @self: a #QnavServiceStatus
 *
 * Returns: (nullable): free text from the backend
 *
 * Since: 0.1
 */
const gchar *
qnav_service_status_get_detail (QnavServiceStatus *self)
{
	g_return_val_if_fail (QNAV_IS_SERVICE_STATUS (self), NULL);
	return self->detail;
}

/**
 * qnav_service_status_set_detail:
 * @self: a #QnavServiceStatus
 * @detail: (nullable): free text from the backend
 *
 * Since: 0.1
 */
void
qnav_service_status_set_detail (QnavServiceStatus *self, const gchar *detail)
{
	g_return_if_fail (QNAV_IS_SERVICE_STATUS (self));
	if (set_string (&self->detail, detail))
		g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAIL]);
}

/* The service's name is the key of its object in the document, so it is not repeated. */
JsonNode *
qnav_service_status_to_json_node (QnavServiceStatus *self)
{
	g_autoptr(JsonBuilder) builder = json_builder_new ();
	g_autofree gchar *detail = NULL;

	g_return_val_if_fail (QNAV_IS_SERVICE_STATUS (self), NULL);

	json_builder_begin_object (builder);
	qnav_json_builder_add_string (builder, "unit", self->unit);
	qnav_json_builder_add_string (builder, "backend",
				      qnav_service_backend_to_string (self->backend));
	json_builder_set_member_name (builder, "found");
	json_builder_add_boolean_value (builder, self->found);
	json_builder_set_member_name (builder, "active");
	json_builder_add_boolean_value (builder, self->active);
	qnav_json_builder_add_string (builder, "state", self->state);
	qnav_json_builder_add_string (builder, "sub_state", self->sub_state);
	json_builder_set_member_name (builder, "main_pid");
	if (self->main_pid > 0)
		json_builder_add_int_value (builder, self->main_pid);
	else
		json_builder_add_null_value (builder);
	qnav_json_builder_add_datetime (builder, "since", self->since);
	detail = qnav_json_clean_text (self->detail, -1, QNAV_JSON_MAX_TEXT);
	qnav_json_builder_add_string (builder, "detail", detail);
	json_builder_end_object (builder);
	return json_builder_get_root (builder);
}

QnavServiceStatus *
qnav_service_status_new_from_json_member (const gchar *name, JsonObject *object, GError **error)
{
	g_autoptr(QnavServiceStatus) self = NULL;
	g_autoptr(GDateTime) since = NULL;
	const gchar *unit = NULL;
	const gchar *backend_text = NULL;
	const gchar *state = NULL;
	const gchar *sub_state = NULL;
	const gchar *detail = NULL;
	QnavServiceBackend backend = QNAV_SERVICE_BACKEND_NONE;
	gboolean found = FALSE;
	gboolean active = FALSE;
	gint64 main_pid = 0;

	g_return_val_if_fail (name != NULL, NULL);
	g_return_val_if_fail (object != NULL, NULL);

	if (!qnav_json_get_string (object, "unit", FALSE, &unit, error) ||
	    !qnav_json_get_string (object, "backend", FALSE, &backend_text, error) ||
	    !qnav_json_get_boolean (object, "found", FALSE, &found, error) ||
	    !qnav_json_get_boolean (object, "active", TRUE, &active, error) ||
	    !qnav_json_get_string (object, "state", FALSE, &state, error) ||
	    !qnav_json_get_string (object, "sub_state", FALSE, &sub_state, error) ||
	    !qnav_json_get_int (object, "main_pid", FALSE, &main_pid, error) ||
	    !qnav_json_get_datetime (object, "since", FALSE, &since, error) ||
	    !qnav_json_get_string (object, "detail", FALSE, &detail, error)) {
		g_prefix_error (error, "service \"%s\": ", name);
		return NULL;
	}
	if (backend_text != NULL && !qnav_service_backend_from_string (backend_text, &backend)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "service \"%s\": member \"backend\" is not a known backend: \"%s\"",
			     name, backend_text);
		return NULL;
	}
	if (main_pid < 0 || main_pid > G_MAXUINT) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "service \"%s\": member \"main_pid\" is out of range: "
			     "%" G_GINT64_FORMAT,
			     name, main_pid);
		return NULL;
	}
	/* Documents written before "found" existed: an active service was found. */
	if (json_object_get_member (object, "found") == NULL)
		found = active;

	self = qnav_service_status_new (name);
	self->unit = g_strdup (unit);
	self->backend = backend;
	self->found = found;
	self->active = active;
	self->state = g_strdup (state);
	self->sub_state = g_strdup (sub_state);
	self->main_pid = (guint) main_pid;
	self->since = g_steal_pointer (&since);
	self->detail = g_strdup (detail);
	return g_steal_pointer (&self);
}

QnavServiceStatus *
qnav_service_status_new_from_json_object (JsonObject *object, GError **error)
{
	const gchar *name = NULL;

	g_return_val_if_fail (object != NULL, NULL);

	if (!qnav_json_get_string (object, "name", TRUE, &name, error))
		return NULL;
	return qnav_service_status_new_from_json_member (name, object, error);
}
