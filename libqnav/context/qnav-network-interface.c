/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "qnav-error.h"
#include "qnav-json-private.h"
#include "qnav-network-interface-private.h"

/**
 * QnavNetworkInterface:
 *
 * One network interface as the kernel shows it under `/sys/class/net`.
 *
 * Since: 0.1
 */
struct _QnavNetworkInterface {
	GObject parent_instance;

	gchar *name;
	gboolean up;
	guint mtu;
	gint speed_mbps;
};

G_DEFINE_FINAL_TYPE (QnavNetworkInterface, qnav_network_interface, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_NAME,
	PROP_UP,
	PROP_MTU,
	PROP_SPEED_MBPS,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
qnav_network_interface_finalize (GObject *object)
{
	QnavNetworkInterface *self = QNAV_NETWORK_INTERFACE (object);

	g_free (self->name);

	G_OBJECT_CLASS (qnav_network_interface_parent_class)->finalize (object);
}

static void
qnav_network_interface_get_property (GObject *object, guint prop_id, GValue *value,
				     GParamSpec *pspec)
{
	QnavNetworkInterface *self = QNAV_NETWORK_INTERFACE (object);

	switch (prop_id) {
	case PROP_NAME:
		g_value_set_string (value, self->name);
		break;
	case PROP_UP:
		g_value_set_boolean (value, self->up);
		break;
	case PROP_MTU:
		g_value_set_uint (value, self->mtu);
		break;
	case PROP_SPEED_MBPS:
		g_value_set_int (value, self->speed_mbps);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_network_interface_set_property (GObject *object, guint prop_id, const GValue *value,
				     GParamSpec *pspec)
{
	QnavNetworkInterface *self = QNAV_NETWORK_INTERFACE (object);

	switch (prop_id) {
	case PROP_NAME:
		g_free (self->name);
		self->name = g_value_dup_string (value);
		break;
	case PROP_UP:
		self->up = g_value_get_boolean (value);
		break;
	case PROP_MTU:
		self->mtu = g_value_get_uint (value);
		break;
	case PROP_SPEED_MBPS:
		self->speed_mbps = g_value_get_int (value);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_network_interface_class_init (QnavNetworkInterfaceClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);
	GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

	object_class->finalize = qnav_network_interface_finalize;
	object_class->get_property = qnav_network_interface_get_property;
	object_class->set_property = qnav_network_interface_set_property;

	/**
	 * QnavNetworkInterface:name:
	 *
	 * The interface name, such as `eth0` or `virbr0`.
	 *
	 * Since: 0.1
	 */
	properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
	/**
	 * QnavNetworkInterface:up:
	 *
	 * Whether the kernel reports the interface's operational state as up.
	 *
	 * Since: 0.1
	 */
	properties[PROP_UP] = g_param_spec_boolean ("up", NULL, NULL, FALSE, flags);
	/**
	 * QnavNetworkInterface:mtu:
	 *
	 * The MTU in bytes, or 0 when unknown.
	 *
	 * Since: 0.1
	 */
	properties[PROP_MTU] = g_param_spec_uint ("mtu", NULL, NULL, 0, G_MAXUINT, 0, flags);
	/**
	 * QnavNetworkInterface:speed-mbps:
	 *
	 * The link speed in Mbit/s, or -1 when the driver does not say (virtual interfaces,
	 * links that are down).
	 *
	 * Since: 0.1
	 */
	properties[PROP_SPEED_MBPS] =
		g_param_spec_int ("speed-mbps", NULL, NULL, -1, G_MAXINT, -1, flags);

	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_network_interface_init (QnavNetworkInterface *self)
{
	self->speed_mbps = -1;
}

/**
 * qnav_network_interface_new:
 * @name: the interface name
 * @up: whether it is up
 * @mtu: the MTU, or 0 when unknown
 * @speed_mbps: the link speed in Mbit/s, or -1 when unknown
 *
 * Returns: (transfer full): a new #QnavNetworkInterface
 *
 * Since: 0.1
 */
QnavNetworkInterface *
qnav_network_interface_new (const gchar *name, gboolean up, guint mtu, gint speed_mbps)
{
	g_return_val_if_fail (name != NULL, NULL);

	return g_object_new (QNAV_TYPE_NETWORK_INTERFACE, "name", name, "up", !!up, "mtu", mtu,
			     "speed-mbps", MAX (speed_mbps, -1), NULL);
}

/**
 * qnav_network_interface_get_name:
 * @self: a #QnavNetworkInterface
 *
 * Returns: the interface name
 *
 * Since: 0.1
 */
const gchar *
qnav_network_interface_get_name (QnavNetworkInterface *self)
{
	g_return_val_if_fail (QNAV_IS_NETWORK_INTERFACE (self), NULL);
	return self->name;
}

/**
 * qnav_network_interface_get_up:
 * @self: a #QnavNetworkInterface
 *
 * Returns: whether the interface is up
 *
 * Since: 0.1
 */
gboolean
qnav_network_interface_get_up (QnavNetworkInterface *self)
{
	g_return_val_if_fail (QNAV_IS_NETWORK_INTERFACE (self), FALSE);
	return self->up;
}

/**
 * qnav_network_interface_get_mtu:
 * @self: a #QnavNetworkInterface
 *
 * Returns: the MTU, or 0 when unknown
 *
 * Since: 0.1
 */
guint
qnav_network_interface_get_mtu (QnavNetworkInterface *self)
{
	g_return_val_if_fail (QNAV_IS_NETWORK_INTERFACE (self), 0);
	return self->mtu;
}

/**
 * qnav_network_interface_get_speed_mbps:
 * @self: a #QnavNetworkInterface
 *
 * Returns: the link speed in Mbit/s, or -1 when unknown
 *
 * Since: 0.1
 */
gint
qnav_network_interface_get_speed_mbps (QnavNetworkInterface *self)
{
	g_return_val_if_fail (QNAV_IS_NETWORK_INTERFACE (self), -1);
	return self->speed_mbps;
}

/* The name is the key of the object under "network"/"interfaces". */
JsonNode *
qnav_network_interface_to_json_node (QnavNetworkInterface *self)
{
	g_autoptr(JsonBuilder) builder = json_builder_new ();

	g_return_val_if_fail (QNAV_IS_NETWORK_INTERFACE (self), NULL);

	json_builder_begin_object (builder);
	json_builder_set_member_name (builder, "up");
	json_builder_add_boolean_value (builder, self->up);
	json_builder_set_member_name (builder, "mtu");
	if (self->mtu > 0)
		json_builder_add_int_value (builder, self->mtu);
	else
		json_builder_add_null_value (builder);
	json_builder_set_member_name (builder, "speed");
	if (self->speed_mbps >= 0)
		json_builder_add_int_value (builder, self->speed_mbps);
	else
		json_builder_add_null_value (builder);
	json_builder_end_object (builder);
	return json_builder_get_root (builder);
}

QnavNetworkInterface *
qnav_network_interface_new_from_json_member (const gchar *name, JsonObject *object,
					     GError **error)
{
	gboolean up = FALSE;
	gint64 mtu = 0;
	gint64 speed = -1;

	g_return_val_if_fail (name != NULL, NULL);
	g_return_val_if_fail (object != NULL, NULL);

	if (!qnav_json_get_boolean (object, "up", TRUE, &up, error) ||
	    !qnav_json_get_int (object, "mtu", FALSE, &mtu, error) ||
	    !qnav_json_get_int (object, "speed", FALSE, &speed, error)) {
		g_prefix_error (error, "interface \"%s\": ", name);
		return NULL;
	}
	if (mtu < 0 || mtu > G_MAXUINT) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "interface \"%s\": member \"mtu\" is out of range", name);
		return NULL;
	}
	if (speed > G_MAXINT) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "interface \"%s\": member \"speed\" is out of range", name);
		return NULL;
	}
	return qnav_network_interface_new (name, up, (guint) mtu, speed < 0 ? -1 : (gint) speed);
}

QnavNetworkInterface *
qnav_network_interface_new_from_json_object (JsonObject *object, GError **error)
{
	const gchar *name = NULL;

	g_return_val_if_fail (object != NULL, NULL);

	if (!qnav_json_get_string (object, "name", TRUE, &name, error))
		return NULL;
	return qnav_network_interface_new_from_json_member (name, object, error);
}
