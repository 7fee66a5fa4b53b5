/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "qnav-command-private.h"
#include "qnav-error.h"
#include "qnav-json-private.h"

/**
 * QnavCommand:
 *
 * One command of a recovery option: an argument vector run without a shell, never a string
 * to be parsed, and never built by pasting error text into it.
 *
 * Since: 0.1
 */

#define MAX_ARGS 256

struct _QnavCommand {
	GObject parent_instance;

	GStrv argv;
	gchar *description;
	guint timeout_seconds;
};

G_DEFINE_FINAL_TYPE (QnavCommand, qnav_command, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_ARGV,
	PROP_DESCRIPTION,
	PROP_TIMEOUT_SECONDS,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
qnav_command_finalize (GObject *object)
{
	QnavCommand *self = QNAV_COMMAND (object);

	g_strfreev (self->argv);
	g_free (self->description);

	G_OBJECT_CLASS (qnav_command_parent_class)->finalize (object);
}

static void
qnav_command_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
	QnavCommand *self = QNAV_COMMAND (object);

	switch (prop_id) {
	case PROP_ARGV:
		g_value_set_boxed (value, self->argv);
		break;
	case PROP_DESCRIPTION:
		g_value_set_string (value, self->description);
		break;
	case PROP_TIMEOUT_SECONDS:
		g_value_set_uint (value, self->timeout_seconds);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_command_set_property (GObject *object, guint prop_id, const GValue *value,
			   GParamSpec *pspec)
{
	QnavCommand *self = QNAV_COMMAND (object);

	switch (prop_id) {
	case PROP_ARGV:
		self->argv = g_value_dup_boxed (value);
		break;
	case PROP_DESCRIPTION:
		self->description = g_value_dup_string (value);
		break;
	case PROP_TIMEOUT_SECONDS:
		qnav_command_set_timeout_seconds (self, g_value_get_uint (value));
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_command_class_init (QnavCommandClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);

	object_class->finalize = qnav_command_finalize;
	object_class->get_property = qnav_command_get_property;
	object_class->set_property = qnav_command_set_property;

	/**
	 * QnavCommand:argv:
	 *
	 * The program and its arguments.
	 *
	 * Since: 0.1
	 */
	properties[PROP_ARGV] = g_param_spec_boxed (
		"argv", NULL, NULL, G_TYPE_STRV,
		G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavCommand:description:
	 *
	 * What the command does, in words.
	 *
	 * Since: 0.1
	 */
	properties[PROP_DESCRIPTION] = g_param_spec_string (
		"description", NULL, NULL, NULL,
		G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavCommand:timeout-seconds:
	 *
	 * How long the command may run before it is stopped; 0 for the executor's default.
	 *
	 * Since: 0.1
	 */
	properties[PROP_TIMEOUT_SECONDS] = g_param_spec_uint (
		"timeout-seconds", NULL, NULL, 0, 24 * 3600, 0,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_command_init (QnavCommand *self)
{
}

/**
 * qnav_command_new:
 * @argv: (array zero-terminated=1): the program and its arguments; at least the program
 * @description: (nullable): what the command does
 *
 * Returns: (transfer full): a new #QnavCommand
 *
 * Since: 0.1
 */
QnavCommand *
qnav_command_new (const gchar *const *argv, const gchar *description)
{
	g_return_val_if_fail (argv != NULL && argv[0] != NULL && *argv[0] != '\0', NULL);

	return g_object_new (QNAV_TYPE_COMMAND, "argv", argv, "description", description, NULL);
}

/**
 * qnav_command_get_argv:
 * @self: a #QnavCommand
 *
 * Returns: (transfer none): the program and its arguments
 *
 * Since: 0.1
 */
const gchar *const *
qnav_command_get_argv (QnavCommand *self)
{
	g_return_val_if_fail (QNAV_IS_COMMAND (self), NULL);
	return (const gchar *const *) self->argv;
}

/**
 * qnav_command_get_description:
 * @self: a #QnavCommand
 *
 * Returns: (nullable): what the command does
 *
 * Since: 0.1
 */
const gchar *
qnav_command_get_description (QnavCommand *self)
{
	g_return_val_if_fail (QNAV_IS_COMMAND (self), NULL);
	return self->description;
}

/**
 * qnav_command_get_timeout_seconds:
 * @self: a #QnavCommand
 *
 * Returns: the timeout in seconds, or 0 for the executor's default
 *
 * Since: 0.1
 */
guint
qnav_command_get_timeout_seconds (QnavCommand *self)
{
	g_return_val_if_fail (QNAV_IS_COMMAND (self), 0);
	return self->timeout_seconds;
}

/**
 * qnav_command_set_timeout_seconds:
 * @self: a #QnavCommand
 * @timeout_seconds: seconds, or 0 for the executor's default
 *
 * Sets #QnavCommand:timeout-seconds.
 *
 * Since: 0.1
 */
void
qnav_command_set_timeout_seconds (QnavCommand *self, guint timeout_seconds)
{
	g_return_if_fail (QNAV_IS_COMMAND (self));
	if (self->timeout_seconds == timeout_seconds)
		return;
	self->timeout_seconds = timeout_seconds;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT_SECONDS]);
}

/**
 * qnav_command_to_string:
 * @self: a #QnavCommand
 *
 * The command as a person would type it, each argument quoted for a POSIX shell where it
 * needs to be. For reading only: qnav never hands it to a shell.
 *
 * Returns: (transfer full): the command line
 *
 * Since: 0.1
 */
gchar *
qnav_command_to_string (QnavCommand *self)
{
	GString *line;

	g_return_val_if_fail (QNAV_IS_COMMAND (self), NULL);

	line = g_string_new (NULL);
	/* a command made without an argv (g_object_new, a binding) prints as nothing */
	for (guint i = 0; self->argv != NULL && self->argv[i] != NULL; i++) {
		const gchar *arg = self->argv[i];
		gboolean plain = *arg != '\0';

		for (const gchar *p = arg; *p != '\0' && plain; p++)
			plain = g_ascii_isalnum (*p) || strchr ("-_./:=@,+%", *p) != NULL;
		if (i > 0)
			g_string_append_c (line, ' ');
		if (plain) {
			g_string_append (line, arg);
		} else {
			g_autofree gchar *quoted = g_shell_quote (arg);
			g_string_append (line, quoted);
		}
	}
	return g_string_free (line, FALSE);
}

JsonNode *
qnav_command_to_json_node (QnavCommand *self)
{
	g_autoptr(JsonBuilder) builder = json_builder_new ();

	json_builder_begin_object (builder);
	qnav_json_builder_add_strv (builder, "argv", (const gchar *const *) self->argv);
	qnav_json_builder_add_string (builder, "description", self->description);
	json_builder_set_member_name (builder, "timeout_seconds");
	json_builder_add_int_value (builder, self->timeout_seconds);
	json_builder_end_object (builder);
	return json_builder_get_root (builder);
}

QnavCommand *
qnav_command_new_from_json_object (JsonObject *object, GError **error)
{
	g_auto(GStrv) argv = NULL;
	const gchar *description = NULL;
	gint64 timeout = 0;
	QnavCommand *self;

	if (!qnav_json_get_strv (object, "argv", TRUE, &argv, error) ||
	    !qnav_json_get_string (object, "description", FALSE, &description, error) ||
	    !qnav_json_get_int (object, "timeout_seconds", FALSE, &timeout, error))
		return NULL;
	if (argv[0] == NULL || *argv[0] == '\0') {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "member \"argv\" must name a program");
		return NULL;
	}
	if (g_strv_length (argv) > MAX_ARGS) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "member \"argv\" has more than %d arguments", MAX_ARGS);
		return NULL;
	}
	if (timeout < 0 || timeout > 24 * 3600) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "member \"timeout_seconds\" must be between 0 and 86400");
		return NULL;
	}
	self = qnav_command_new ((const gchar *const *) argv, description);
	self->timeout_seconds = (guint) timeout;
	return self;
}
