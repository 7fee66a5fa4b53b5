/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "qnav-error.h"
#include "qnav-json-private.h"
#include "qnav-network-check-private.h"

/**
 * QnavNetworkCheck:
 *
 * Whether a host named in the failure could be resolved and reached over TCP at failure
 * time, and how long the connection took.
 *
 * Since: 0.1
 */
struct _QnavNetworkCheck {
	GObject parent_instance;

	gchar *host;
	guint16 port;
	gboolean resolved;
	GStrv addresses;
	gboolean reachable;
	gdouble latency_ms;
	gchar *error;
};

G_DEFINE_FINAL_TYPE (QnavNetworkCheck, qnav_network_check, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_HOST,
	PROP_PORT,
	PROP_RESOLVED,
	PROP_ADDRESSES,
	PROP_REACHABLE,
	PROP_LATENCY_MS,
	PROP_ERROR,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
qnav_network_check_finalize (GObject *object)
{
	QnavNetworkCheck *self = QNAV_NETWORK_CHECK (object);

	g_free (self->host);
	g_strfreev (self->addresses);
	g_free (self->error);

	G_OBJECT_CLASS (qnav_network_check_parent_class)->finalize (object);
}

static void
qnav_network_check_get_property (GObject *object, guint prop_id, GValue *value,
				 GParamSpec *pspec)
{
	QnavNetworkCheck *self = QNAV_NETWORK_CHECK (object);

	switch (prop_id) {
	case PROP_HOST:
		g_value_set_string (value, self->host);
		break;
	case PROP_PORT:
		g_value_set_uint (value, self->port);
		break;
	case PROP_RESOLVED:
		g_value_set_boolean (value, self->resolved);
		break;
	case PROP_ADDRESSES:
		g_value_set_boxed (value, self->addresses);
		break;
	case PROP_REACHABLE:
		g_value_set_boolean (value, self->reachable);
		break;
	case PROP_LATENCY_MS:
		g_value_set_double (value, self->latency_ms);
		break;
	case PROP_ERROR:
		g_value_set_string (value, self->error);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_network_check_set_property (GObject *object, guint prop_id, const GValue *value,
				 GParamSpec *pspec)
{
	QnavNetworkCheck *self = QNAV_NETWORK_CHECK (object);

	switch (prop_id) {
	case PROP_HOST:
		g_free (self->host);
		self->host = g_value_dup_string (value);
		break;
	case PROP_PORT:
		self->port = (guint16) g_value_get_uint (value);
		break;
	case PROP_RESOLVED:
		qnav_network_check_set_resolved (self, g_value_get_boolean (value));
		break;
	case PROP_ADDRESSES:
		qnav_network_check_set_addresses (self, g_value_get_boxed (value));
		break;
	case PROP_REACHABLE:
		qnav_network_check_set_reachable (self, g_value_get_boolean (value));
		break;
	case PROP_LATENCY_MS:
		qnav_network_check_set_latency_ms (self, g_value_get_double (value));
		break;
	case PROP_ERROR:
		qnav_network_check_set_error (self, g_value_get_string (value));
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_network_check_class_init (QnavNetworkCheckClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);
	GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
	GParamFlags construct =
		G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

	object_class->finalize = qnav_network_check_finalize;
	object_class->get_property = qnav_network_check_get_property;
	object_class->set_property = qnav_network_check_set_property;

	/**
	 * QnavNetworkCheck:host:
	 *
	 * The host name or address checked.
	 *
	 * Since: 0.1
	 */
	properties[PROP_HOST] = g_param_spec_string ("host", NULL, NULL, NULL, construct);
	/**
	 * QnavNetworkCheck:port:
	 *
	 * The TCP port checked.
	 *
	 * Since: 0.1
	 */
	properties[PROP_PORT] =
		g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0, construct);
	/**
	 * QnavNetworkCheck:resolved:
	 *
	 * Whether the host name resolved to at least one address.
	 *
	 * Since: 0.1
	 */
	properties[PROP_RESOLVED] = g_param_spec_boolean ("resolved", NULL, NULL, FALSE, rw);
	/**
	 * QnavNetworkCheck:addresses:
	 *
	 * The addresses the host resolved to.
	 *
	 * Since: 0.1
	 */
	properties[PROP_ADDRESSES] =
		g_param_spec_boxed ("addresses", NULL, NULL, G_TYPE_STRV, rw);
	/**
	 * QnavNetworkCheck:reachable:
	 *
	 * Whether a TCP connection to the port succeeded.
	 *
	 * Since: 0.1
	 */
	properties[PROP_REACHABLE] = g_param_spec_boolean ("reachable", NULL, NULL, FALSE, rw);
	/**
	 * QnavNetworkCheck:latency-ms:
	 *
	 * How long the TCP connection took, in milliseconds, or -1 when it was not made.
	 *
	 * Since: 0.1
	 */
	properties[PROP_LATENCY_MS] =
		g_param_spec_double ("latency-ms", NULL, NULL, -1.0, G_MAXDOUBLE, -1.0, rw);
	/**
	 * QnavNetworkCheck:error:
	 *
	 * Why resolution or the connection failed, if it did.
	 *
	 * Since: 0.1
	 */
	properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, rw);

	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_network_check_init (QnavNetworkCheck *self)
{
	self->latency_ms = -1.0;
}

/**
 * qnav_network_check_new:
 * @host: the host name or address
 * @port: the TCP port
 *
 * Returns: (transfer full): a new, not yet run #QnavNetworkCheck
 *
 * Since: 0.1
 */
QnavNetworkCheck *
qnav_network_check_new (const gchar *host, guint16 port)
{
	g_return_val_if_fail (host != NULL, NULL);

	return g_object_new (QNAV_TYPE_NETWORK_CHECK, "host", host, "port", (guint) port, NULL);
}

/**
 * qnav_network_check_get_host:
 * @self: a #QnavNetworkCheck
 *
 * Returns: the host name or address checked
 *
 * Since: 0.1
 */
const gchar *
qnav_network_check_get_host (QnavNetworkCheck *self)
{
	g_return_val_if_fail (QNAV_IS_NETWORK_CHECK (self), NULL);
	return self->host;
}

/**
 * qnav_network_check_get_port:
 * @self: a #QnavNetworkCheck
 *
 * Returns: the TCP port checked
 *
 * Since: 0.1
 */
guint16
qnav_network_check_get_port (QnavNetworkCheck *self)
{
	g_return_val_if_fail (QNAV_IS_NETWORK_CHECK (self), 0);
	return self->port;
}

/**
 * qnav_network_check_get_resolved:
 * @self: a #QnavNetworkCheck
 *
 * Returns: whether the host resolved
 *
 * Since: 0.1
 */
gboolean
qnav_network_check_get_resolved (QnavNetworkCheck *self)
{
	g_return_val_if_fail (QNAV_IS_NETWORK_CHECK (self), FALSE);
	return self->resolved;
}

/**
 * qnav_network_check_set_resolved:
 * @self: a #QnavNetworkCheck
 * @resolved: whether the host resolved
 *
 * Since: 0.1
 */
void
qnav_network_check_set_resolved (QnavNetworkCheck *self, gboolean resolved)
{
	g_return_if_fail (QNAV_IS_NETWORK_CHECK (self));
	resolved = !!resolved;
	if (self->resolved == resolved)
		return;
	self->resolved = resolved;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESOLVED]);
}

/**
 * qnav_network_check_get_addresses:
 * @self: a #QnavNetworkCheck
 *
 * Returns: (transfer none) (array zero-terminated=1): the resolved addresses, possibly
 *   empty
 *
 * Since: 0.1
 */
const gchar *const *
qnav_network_check_get_addresses (QnavNetworkCheck *self)
{
	static const gchar *const empty[] = { NULL };

	g_return_val_if_fail (QNAV_IS_NETWORK_CHECK (self), NULL);
	return self->addresses != NULL ? (const gchar *const *) self->addresses : empty;
}

/**
 * qnav_network_check_set_addresses:
 * @self: a #QnavNetworkCheck
 * @addresses: (nullable) (array zero-terminated=1): the resolved addresses
 *
 * Since: 0.1
 */
void
qnav_network_check_set_addresses (QnavNetworkCheck *self, const gchar *const *addresses)
{
	g_return_if_fail (QNAV_IS_NETWORK_CHECK (self));
	if (addresses != NULL && addresses[0] == NULL)
		addresses = NULL;
	if (addresses == NULL && self->addresses == NULL)
		return;
	if (addresses != NULL && self->addresses != NULL &&
	    g_strv_equal ((const gchar *const *) self->addresses, addresses))
		return;
	g_strfreev (self->addresses);
	self->addresses = g_strdupv ((gchar **) addresses);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADDRESSES]);
}

/**
 * qnav_network_check_get_reachable:
 * @self: a #QnavNetworkCheck
 *
 * Returns: whether a TCP connection succeeded
 *
 * Since: 0.1
 */
gboolean
qnav_network_check_get_reachable (QnavNetworkCheck *self)
{
	g_return_val_if_fail (QNAV_IS_NETWORK_CHECK (self), FALSE);
	return self->reachable;
}

/**
 * qnav_network_check_set_reachable:
 * @self: a #QnavNetworkCheck
 * @reachable: whether a TCP connection succeeded
 *
 * Since: 0.1
 */
void
qnav_network_check_set_reachable (QnavNetworkCheck *self, gboolean reachable)
{
	g_return_if_fail (QNAV_IS_NETWORK_CHECK (self));
	reachable = !!reachable;
	if (self->reachable == reachable)
		return;
	self->reachable = reachable;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REACHABLE]);
}

/**
 * qnav_network_check_get_latency_ms:
 * @self: a #QnavNetworkCheck
 *
 * Returns: the TCP connect time in milliseconds, or -1 when unknown
 *
 * Since: 0.1
 */
gdouble
qnav_network_check_get_latency_ms (QnavNetworkCheck *self)
{
	g_return_val_if_fail (QNAV_IS_NETWORK_CHECK (self), -1.0);
	return self->latency_ms;
}

/**
 * qnav_network_check_set_latency_ms:
 * @self: a #QnavNetworkCheck
 * @latency_ms: the TCP connect time in milliseconds, or -1 when unknown
 *
 * Since: 0.1
 */
void
qnav_network_check_set_latency_ms (QnavNetworkCheck *self, gdouble latency_ms)
{
	g_return_if_fail (QNAV_IS_NETWORK_CHECK (self));
	if (latency_ms < 0)
		latency_ms = -1.0;
	if (self->latency_ms == latency_ms)
		return;
	self->latency_ms = latency_ms;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY_MS]);
}

/**
 * qnav_network_check_get_error:
 * @self: a #QnavNetworkCheck
 *
 * Returns: (nullable): why the check failed
 *
 * Since: 0.1
 */
const gchar *
qnav_network_check_get_error (QnavNetworkCheck *self)
{
	g_return_val_if_fail (QNAV_IS_NETWORK_CHECK (self), NULL);
	return self->error;
}

/**
 * qnav_network_check_set_error:
 * @self: a #QnavNetworkCheck
 * @error: (nullable): why the check failed
 *
 * Since: 0.1
 */
void
qnav_network_check_set_error (QnavNetworkCheck *self, const gchar *error)
{
	g_return_if_fail (QNAV_IS_NETWORK_CHECK (self));
	if (g_strcmp0 (self->error, error) == 0)
		return;
	g_free (self->error);
	self->error = g_strdup (error);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

JsonNode *
qnav_network_check_to_json_node (QnavNetworkCheck *self)
{
	g_autoptr(JsonBuilder) builder = json_builder_new ();
	g_autofree gchar *error = NULL;

	g_return_val_if_fail (QNAV_IS_NETWORK_CHECK (self), NULL);

	json_builder_begin_object (builder);
	qnav_json_builder_add_string (builder, "host", self->host);
	json_builder_set_member_name (builder, "port");
	json_builder_add_int_value (builder, self->port);
	json_builder_set_member_name (builder, "resolved");
	json_builder_add_boolean_value (builder, self->resolved);
	qnav_json_builder_add_strv (builder, "addresses",
				    (const gchar *const *) self->addresses);
	json_builder_set_member_name (builder, "reachable");
	json_builder_add_boolean_value (builder, self->reachable);
	json_builder_set_member_name (builder, "latency_ms");
	if (self->latency_ms >= 0)
		json_builder_add_double_value (builder, self->latency_ms);
	else
		json_builder_add_null_value (builder);
	error = qnav_json_clean_text (self->error, -1, 4096);
	qnav_json_builder_add_string (builder, "error", error);
	json_builder_end_object (builder);
	return json_builder_get_root (builder);
}

QnavNetworkCheck *
qnav_network_check_new_from_json_object (JsonObject *object, GError **error)
{
	g_autoptr(QnavNetworkCheck) self = NULL;
	g_auto(GStrv) addresses = NULL;
	const gchar *host = NULL;
	const gchar *message = NULL;
	gint64 port = 0;
	gboolean resolved = FALSE;
	gboolean reachable = FALSE;
	gdouble latency = -1.0;

	g_return_val_if_fail (object != NULL, NULL);

	if (!qnav_json_get_string (object, "host", TRUE, &host, error))
		return NULL;
	if (!qnav_json_get_int (object, "port", TRUE, &port, error) ||
	    !qnav_json_get_boolean (object, "resolved", FALSE, &resolved, error) ||
	    !qnav_json_get_strv (object, "addresses", FALSE, &addresses, error) ||
	    !qnav_json_get_boolean (object, "reachable", TRUE, &reachable, error) ||
	    !qnav_json_get_double (object, "latency_ms", FALSE, &latency, error) ||
	    !qnav_json_get_string (object, "error", FALSE, &message, error)) {
		g_prefix_error (error, "network check of \"%s\": ", host);
		return NULL;
	}
	if (port < 0 || port > G_MAXUINT16) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "network check of \"%s\": member \"port\" is out of range: "
			     "%" G_GINT64_FORMAT,
			     host, port);
		return NULL;
	}
	self = qnav_network_check_new (host, (guint16) port);
	self->resolved = resolved;
	if (addresses != NULL && addresses[0] != NULL)
		self->addresses = g_steal_pointer (&addresses);
	self->reachable = reachable;
	self->latency_ms = latency < 0 ? -1.0 : latency;
	self->error = g_strdup (message);
	return g_steal_pointer (&self);
}
