/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "qnav-error.h"
#include "qnav-json-private.h"
#include "qnav-log-entry-private.h"

/**
 * QnavLogEntry:
 *
 * One recent log line around the failure: a journal entry of a unit involved, or a line of
 * a configured log file.
 *
 * Since: 0.1
 */
struct _QnavLogEntry {
	GObject parent_instance;

	gchar *source;
	gchar *message;
	GDateTime *timestamp;
	gint priority;
};

G_DEFINE_FINAL_TYPE (QnavLogEntry, qnav_log_entry, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_SOURCE,
	PROP_MESSAGE,
	PROP_TIMESTAMP,
	PROP_PRIORITY,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
qnav_log_entry_finalize (GObject *object)
{
	QnavLogEntry *self = QNAV_LOG_ENTRY (object);

	g_free (self->source);
	g_free (self->message);
	g_clear_pointer (&self->timestamp, g_date_time_unref);

	G_OBJECT_CLASS (qnav_log_entry_parent_class)->finalize (object);
}

static void
qnav_log_entry_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
	QnavLogEntry *self = QNAV_LOG_ENTRY (object);

	switch (prop_id) {
	case PROP_SOURCE:
		g_value_set_string (value, self->source);
		break;
	case PROP_MESSAGE:
		g_value_set_string (value, self->message);
		break;
	case PROP_TIMESTAMP:
		g_value_set_boxed (value, self->timestamp);
		break;
	case PROP_PRIORITY:
		g_value_set_int (value, self->priority);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_log_entry_set_property (GObject *object, guint prop_id, const GValue *value,
			     GParamSpec *pspec)
{
	QnavLogEntry *self = QNAV_LOG_ENTRY (object);

	switch (prop_id) {
	case PROP_SOURCE:
		g_free (self->source);
		self->source = g_value_dup_string (value);
		break;
	case PROP_MESSAGE:
		g_free (self->message);
		self->message = g_value_dup_string (value);
		break;
	case PROP_TIMESTAMP:
		qnav_log_entry_set_timestamp (self, g_value_get_boxed (value));
		break;
	case PROP_PRIORITY:
		qnav_log_entry_set_priority (self, g_value_get_int (value));
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_log_entry_class_init (QnavLogEntryClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);
	GParamFlags construct =
		G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
	GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

	object_class->finalize = qnav_log_entry_finalize;
	object_class->get_property = qnav_log_entry_get_property;
	object_class->set_property = qnav_log_entry_set_property;

	/**
	 * QnavLogEntry:source:
	 *
	 * Where the line came from: `journal:<unit>` for the journal, or the file's path.
	 *
	 * Since: 0.1
	 */
	properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, NULL, construct);
	/**
	 * QnavLogEntry:message:
	 *
	 * The text of the line. Redacted when written out.
	 *
	 * Since: 0.1
	 */
	properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, construct);
	/**
	 * QnavLogEntry:timestamp:
	 *
	 * When the line was logged, if known.
	 *
	 * Since: 0.1
	 */
	properties[PROP_TIMESTAMP] =
		g_param_spec_boxed ("timestamp", NULL, NULL, G_TYPE_DATE_TIME, rw);
	/**
	 * QnavLogEntry:priority:
	 *
	 * The syslog priority, 0 (emerg) to 7 (debug), or -1 when unknown.
	 *
	 * Since: 0.1
	 */
	properties[PROP_PRIORITY] = g_param_spec_int ("priority", NULL, NULL, -1, 7, -1, rw);

	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_log_entry_init (QnavLogEntry *self)
{
	self->priority = -1;
}

/**
 * qnav_log_entry_new:
 * @source: where the line came from
 * @message: the text of the line
 *
 * Returns: (transfer full): a new #QnavLogEntry without a timestamp or priority
 *
 * Since: 0.1
 */
QnavLogEntry *
qnav_log_entry_new (const gchar *source, const gchar *message)
{
	g_return_val_if_fail (source != NULL, NULL);
	g_return_val_if_fail (message != NULL, NULL);

	return g_object_new (QNAV_TYPE_LOG_ENTRY, "source", source, "message", message, NULL);
}

/**
 * qnav_log_entry_get_source:
 * @self: a #QnavLogEntry
 *
 * Returns: where the line came from
 *
 * Since: 0.1
 */
const gchar *
qnav_log_entry_get_source (QnavLogEntry *self)
{
	g_return_val_if_fail (QNAV_IS_LOG_ENTRY (self), NULL);
	return self->source;
}

/**
 * qnav_log_entry_get_message:
 * @self: a #QnavLogEntry
 *
 * Returns: the text of the line
 *
 * Since: 0.1
 */
const gchar *
qnav_log_entry_get_message (QnavLogEntry *self)
{
	g_return_val_if_fail (QNAV_IS_LOG_ENTRY (self), NULL);
	return self->message;
}

/**
 * qnav_log_entry_get_timestamp:
 * @self: a #QnavLogEntry
 *
 * Returns: (nullable) (transfer none): when the line was logged
 *
 * Since: 0.1
 */
GDateTime *
qnav_log_entry_get_timestamp (QnavLogEntry *self)
{
	g_return_val_if_fail (QNAV_IS_LOG_ENTRY (self), NULL);
	return self->timestamp;
}

/**
 * qnav_log_entry_set_timestamp:
 * @self: a #QnavLogEntry
 * @timestamp: (nullable): when the line was logged
 *
 * Since: 0.1
 */
void
qnav_log_entry_set_timestamp (QnavLogEntry *self, GDateTime *timestamp)
{
	g_return_if_fail (QNAV_IS_LOG_ENTRY (self));
	if (self->timestamp == timestamp ||
	    (self->timestamp != NULL && timestamp != NULL &&
	     g_date_time_equal (self->timestamp, timestamp)))
		return;
	g_clear_pointer (&self->timestamp, g_date_time_unref);
	if (timestamp != NULL)
		self->timestamp = g_date_time_ref (timestamp);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMESTAMP]);
}

/**
 * qnav_log_entry_get_priority:
 * @self: a #QnavLogEntry
 *
 * Returns: the syslog priority (0–7), or -1 when unknown
 *
 * Since: 0.1
 */
gint
qnav_log_entry_get_priority (QnavLogEntry *self)
{
	g_return_val_if_fail (QNAV_IS_LOG_ENTRY (self), -1);
	return self->priority;
}

/**
 * qnav_log_entry_set_priority:
 * @self: a #QnavLogEntry
 * @priority: the syslog priority (0–7), or -1 when unknown
 *
 * Since: 0.1
 */
void
qnav_log_entry_set_priority (QnavLogEntry *self, gint priority)
{
	g_return_if_fail (QNAV_IS_LOG_ENTRY (self));
	g_return_if_fail (priority >= -1 && priority <= 7);
	if (self->priority == priority)
		return;
	self->priority = priority;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIORITY]);
}

JsonNode *
qnav_log_entry_to_json_node (QnavLogEntry *self)
{
	g_autoptr(JsonBuilder) builder = json_builder_new ();
	g_autofree gchar *message = NULL;

	g_return_val_if_fail (QNAV_IS_LOG_ENTRY (self), NULL);

	json_builder_begin_object (builder);
	qnav_json_builder_add_string (builder, "source", self->source);
	qnav_json_builder_add_datetime (builder, "timestamp", self->timestamp);
	json_builder_set_member_name (builder, "priority");
	if (self->priority >= 0)
		json_builder_add_int_value (builder, self->priority);
	else
		json_builder_add_null_value (builder);
	message = qnav_json_clean_text (self->message, -1, QNAV_JSON_MAX_TEXT);
	qnav_json_builder_add_string (builder, "message", message);
	json_builder_end_object (builder);
	return json_builder_get_root (builder);
}

QnavLogEntry *
qnav_log_entry_new_from_json_object (JsonObject *object, GError **error)
{
	g_autoptr(QnavLogEntry) self = NULL;
	g_autoptr(GDateTime) timestamp = NULL;
	const gchar *source = NULL;
	const gchar *message = NULL;
	gint64 priority = -1;

	g_return_val_if_fail (object != NULL, NULL);

	if (!qnav_json_get_string (object, "source", TRUE, &source, error) ||
	    !qnav_json_get_string (object, "message", TRUE, &message, error) ||
	    !qnav_json_get_datetime (object, "timestamp", FALSE, &timestamp, error) ||
	    !qnav_json_get_int (object, "priority", FALSE, &priority, error)) {
		g_prefix_error (error, "log entry: ");
		return NULL;
	}
	if (priority < -1 || priority > 7) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "log entry: member \"priority\" must be 0 to 7, not %" G_GINT64_FORMAT,
			     priority);
		return NULL;
	}
	self = qnav_log_entry_new (source, message);
	self->timestamp = g_steal_pointer (&timestamp);
	self->priority = (gint) priority;
	return g_steal_pointer (&self);
}
