/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "qnav-enum-types.h"
#include "qnav-command-private.h"
#include "qnav-error.h"
#include "qnav-execution-result-private.h"
#include "qnav-json-private.h"
#include "qnav-redact-private.h"

/**
 * QnavCommandResult:
 *
 * What one command of a recovery did: its role in the execution (`check`, `act`, `verify` or
 * `rollback`), how it exited, whether it ran past its timeout, and the end of its output
 * (standard output and standard error together, at most 64 KiB, secrets redacted).
 *
 * A dry run lists the commands it would run as results that did not run
 * (qnav_command_result_get_ran() is %FALSE, the exit status -1).
 *
 * Since: 0.1
 */

struct _QnavCommandResult {
	GObject parent_instance;

	QnavCommand *command;
	gchar *role;
	gboolean ran;
	gint exit_status;
	gboolean timed_out;
	gchar *output;
	gdouble duration_seconds;
};

G_DEFINE_FINAL_TYPE (QnavCommandResult, qnav_command_result, G_TYPE_OBJECT)

enum {
	CR_PROP_0,
	CR_PROP_COMMAND,
	CR_PROP_ROLE,
	CR_PROP_RAN,
	CR_PROP_EXIT_STATUS,
	CR_PROP_TIMED_OUT,
	CR_PROP_OUTPUT,
	CR_PROP_DURATION_SECONDS,
	CR_N_PROPS
};

static GParamSpec *command_result_properties[CR_N_PROPS];

static void
qnav_command_result_finalize (GObject *object)
{
	QnavCommandResult *self = QNAV_COMMAND_RESULT (object);

	g_clear_object (&self->command);
	g_free (self->role);
	g_free (self->output);

	G_OBJECT_CLASS (qnav_command_result_parent_class)->finalize (object);
}

static void
qnav_command_result_get_property (GObject *object, guint prop_id, GValue *value,
				  GParamSpec *pspec)
{
	QnavCommandResult *self = QNAV_COMMAND_RESULT (object);

	switch (prop_id) {
	case CR_PROP_COMMAND:
		g_value_set_object (value, self->command);
		break;
	case CR_PROP_ROLE:
		g_value_set_string (value, self->role);
		break;
	case CR_PROP_RAN:
		g_value_set_boolean (value, self->ran);
		break;
	case CR_PROP_EXIT_STATUS:
		g_value_set_int (value, self->exit_status);
		break;
	case CR_PROP_TIMED_OUT:
		g_value_set_boolean (value, self->timed_out);
		break;
	case CR_PROP_OUTPUT:
		g_value_set_string (value, self->output);
		break;
	case CR_PROP_DURATION_SECONDS:
		g_value_set_double (value, self->duration_seconds);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_command_result_class_init (QnavCommandResultClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);

	object_class->finalize = qnav_command_result_finalize;
	object_class->get_property = qnav_command_result_get_property;

	/**
	 * QnavCommandResult:command:
	 *
	 * The command.
	 *
	 * Since: 0.1
	 */
	command_result_properties[CR_PROP_COMMAND] =
		g_param_spec_object ("command", NULL, NULL, QNAV_TYPE_COMMAND,
				     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavCommandResult:role:
	 *
	 * What the command was for: `check` (is the state already right?), `act` (one of the
	 * option's commands), `verify` (did the fix hold?) or `rollback` (undoing after a
	 * failure).
	 *
	 * Since: 0.1
	 */
	command_result_properties[CR_PROP_ROLE] = g_param_spec_string (
		"role", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavCommandResult:ran:
	 *
	 * Whether the command was started at all. %FALSE in a dry run and when it could not be
	 * started (the program does not exist, for instance; the output then says why).
	 *
	 * Since: 0.1
	 */
	command_result_properties[CR_PROP_RAN] = g_param_spec_boolean (
		"ran", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavCommandResult:exit-status:
	 *
	 * The exit status; 128 + N when signal N ended it (as a shell reports it); 127 when it
	 * could not be started; -1 when it did not run.
	 *
	 * Since: 0.1
	 */
	command_result_properties[CR_PROP_EXIT_STATUS] =
		g_param_spec_int ("exit-status", NULL, NULL, -1, G_MAXINT, -1,
				  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavCommandResult:timed-out:
	 *
	 * Whether the command ran past its timeout and was stopped.
	 *
	 * Since: 0.1
	 */
	command_result_properties[CR_PROP_TIMED_OUT] = g_param_spec_boolean (
		"timed-out", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavCommandResult:output:
	 *
	 * The end of what the command wrote to standard output and standard error, interleaved
	 * as it was written: at most 64 KiB, with a marker when the beginning was cut, and
	 * secrets replaced by `[REDACTED]`.
	 *
	 * Since: 0.1
	 */
	command_result_properties[CR_PROP_OUTPUT] = g_param_spec_string (
		"output", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavCommandResult:duration-seconds:
	 *
	 * How long the command ran.
	 *
	 * Since: 0.1
	 */
	command_result_properties[CR_PROP_DURATION_SECONDS] =
		g_param_spec_double ("duration-seconds", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0,
				     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	g_object_class_install_properties (object_class, CR_N_PROPS, command_result_properties);
}

static void
qnav_command_result_init (QnavCommandResult *self)
{
	self->exit_status = -1;
	self->output = g_strdup ("");
}

QnavCommandResult *
qnav_command_result_new (QnavCommand *command, const gchar *role)
{
	QnavCommandResult *self = g_object_new (QNAV_TYPE_COMMAND_RESULT, NULL);

	self->command = g_object_ref (command);
	self->role = g_strdup (role);
	return self;
}

/* The kept end of an output: from the start of a line when the beginning was cut (half a
 * secret would escape the redactor), valid UTF-8, no NUL bytes, then redacted. */
static gchar *
clean_output (const gchar *output, gsize length, guint64 total)
{
	g_autoptr(GString) text = g_string_new (NULL);
	g_autofree gchar *valid = NULL;
	gsize start = 0;
	guint64 cut;

	if (length > QNAV_COMMAND_OUTPUT_MAX)
		start = length - QNAV_COMMAND_OUTPUT_MAX;
	total = MAX (total, (guint64) length);
	cut = total - (length - start);
	if (cut > 0) {
		const gchar *newline = memchr (output + start, '\n', MIN (4096, length - start));
		if (newline != NULL) {
			gsize skip = (gsize) (newline + 1 - (output + start));
			cut += skip;
			start += skip;
		}
		g_string_append_printf (text,
					"[… %" G_GUINT64_FORMAT " earlier bytes not shown]\n", cut);
	}
	/* a max_bytes of 0 cleans without cutting: the cut is done above */
	valid = qnav_json_clean_text (output + start, (gssize) (length - start), 0);
	g_string_append (text, valid);
	return qnav_redact (text->str);
}

void
qnav_command_result_set_outcome (QnavCommandResult *self, gboolean ran, gint exit_status,
				 gboolean timed_out, const gchar *output, gsize output_length,
				 guint64 total_output_bytes, gdouble duration_seconds)
{
	g_return_if_fail (QNAV_IS_COMMAND_RESULT (self));

	self->ran = ran;
	self->exit_status = exit_status;
	self->timed_out = timed_out;
	g_free (self->output);
	self->output = clean_output (output != NULL ? output : "",
				     output != NULL ? output_length : 0, total_output_bytes);
	self->duration_seconds = MAX (duration_seconds, 0.0);
}

/* Above this, three decimals no longer survive round3 and the writer, or the product is not
 * finite and is written as null: such a duration would not read back the same. */
#define ROUND3_MAX 1e9

static gdouble
round3 (gdouble value)
{
	return round (value * 1000.0) / 1000.0;
}

JsonNode *
qnav_command_result_to_json_node (QnavCommandResult *self)
{
	g_autoptr(JsonBuilder) builder = json_builder_new ();

	json_builder_begin_object (builder);
	qnav_json_builder_add_string (builder, "role", self->role);
	json_builder_set_member_name (builder, "command");
	json_builder_begin_object (builder);
	qnav_json_builder_add_strv (builder, "argv", qnav_command_get_argv (self->command));
	qnav_json_builder_add_string (builder, "description",
				      qnav_command_get_description (self->command));
	json_builder_set_member_name (builder, "timeout_seconds");
	json_builder_add_int_value (builder, qnav_command_get_timeout_seconds (self->command));
	json_builder_end_object (builder);
	json_builder_set_member_name (builder, "ran");
	json_builder_add_boolean_value (builder, self->ran);
	json_builder_set_member_name (builder, "exit_status");
	if (self->exit_status >= 0)
		json_builder_add_int_value (builder, self->exit_status);
	else
		json_builder_add_null_value (builder);
	json_builder_set_member_name (builder, "timed_out");
	json_builder_add_boolean_value (builder, self->timed_out);
	json_builder_set_member_name (builder, "duration_seconds");
	json_builder_add_double_value (builder, round3 (self->duration_seconds));
	qnav_json_builder_add_string (builder, "output", self->output);
	json_builder_end_object (builder);
	return json_builder_get_root (builder);
}

static gboolean
role_is_known (const gchar *role)
{
	return g_strcmp0 (role, QNAV_COMMAND_ROLE_CHECK) == 0 ||
	       g_strcmp0 (role, QNAV_COMMAND_ROLE_ACT) == 0 ||
	       g_strcmp0 (role, QNAV_COMMAND_ROLE_VERIFY) == 0 ||
	       g_strcmp0 (role, QNAV_COMMAND_ROLE_ROLLBACK) == 0;
}

QnavCommandResult *
qnav_command_result_new_from_json_object (JsonObject *object, GError **error)
{
	g_autoptr(QnavCommandResult) self = NULL;
	g_autoptr(QnavCommand) command = NULL;
	JsonObject *command_object = NULL;
	const gchar *role = NULL, *output = NULL;
	gint64 exit_status = -1;
	gboolean ran = FALSE, timed_out = FALSE;
	gdouble duration = 0.0;

	if (!qnav_json_get_string (object, "role", TRUE, &role, error) ||
	    !qnav_json_get_object (object, "command", TRUE, &command_object, error) ||
	    !qnav_json_get_boolean (object, "ran", FALSE, &ran, error) ||
	    !qnav_json_get_int (object, "exit_status", FALSE, &exit_status, error) ||
	    !qnav_json_get_boolean (object, "timed_out", FALSE, &timed_out, error) ||
	    !qnav_json_get_double (object, "duration_seconds", FALSE, &duration, error) ||
	    !qnav_json_get_string (object, "output", FALSE, &output, error))
		return NULL;
	if (!role_is_known (role)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "member \"role\": unknown role \"%s\" (check, act, verify or "
			     "rollback)",
			     role);
		return NULL;
	}
	if (exit_status < -1 || exit_status > G_MAXINT ||
	    !(duration >= 0.0 && duration <= ROUND3_MAX)) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "exit_status or duration_seconds is out of range");
		return NULL;
	}
	/* the plan's reader of commands: an empty argv or a huge timeout is refused alike */
	command = qnav_command_new_from_json_object (command_object, error);
	if (command == NULL) {
		g_prefix_error (error, "member \"command\": ");
		return NULL;
	}

	self = qnav_command_result_new (command, role);
	self->ran = ran;
	self->exit_status = (gint) exit_status;
	self->timed_out = timed_out;
	self->duration_seconds = duration;
	g_free (self->output);
	/* documents come from outside: clean and redact them like captured output */
	self->output = clean_output (output != NULL ? output : "",
				     output != NULL ? strlen (output) : 0, 0);
	return g_steal_pointer (&self);
}

/**
 * qnav_command_result_get_command:
 * @self: a #QnavCommandResult
 *
 * Returns: (transfer none): the command
 *
 * Since: 0.1
 */
QnavCommand *
qnav_command_result_get_command (QnavCommandResult *self)
{
	g_return_val_if_fail (QNAV_IS_COMMAND_RESULT (self), NULL);
	return self->command;
}

/**
 * qnav_command_result_get_role:
 * @self: a #QnavCommandResult
 *
 * Returns: `check`, `act`, `verify` or `rollback`
 *
 * Since: 0.1
 */
const gchar *
qnav_command_result_get_role (QnavCommandResult *self)
{
	g_return_val_if_fail (QNAV_IS_COMMAND_RESULT (self), NULL);
	return self->role;
}

/**
 * qnav_command_result_get_ran:
 * @self: a #QnavCommandResult
 *
 * Returns: %TRUE if the command was started; %FALSE in a dry run or when it could not be
 *   started
 *
 * Since: 0.1
 */
gboolean
qnav_command_result_get_ran (QnavCommandResult *self)
{
	g_return_val_if_fail (QNAV_IS_COMMAND_RESULT (self), FALSE);
	return self->ran;
}

/**
 * qnav_command_result_get_exit_status:
 * @self: a #QnavCommandResult
 *
 * Returns: the exit status, 128 + N when signal N ended the command, 127 when it could not
 *   be started, -1 when it did not run
 *
 * Since: 0.1
 */
gint
qnav_command_result_get_exit_status (QnavCommandResult *self)
{
	g_return_val_if_fail (QNAV_IS_COMMAND_RESULT (self), -1);
	return self->exit_status;
}

/**
 * qnav_command_result_get_timed_out:
 * @self: a #QnavCommandResult
 *
 * Returns: %TRUE if the command ran past its timeout and was stopped
 *
 * Since: 0.1
 */
gboolean
qnav_command_result_get_timed_out (QnavCommandResult *self)
{
	g_return_val_if_fail (QNAV_IS_COMMAND_RESULT (self), FALSE);
	return self->timed_out;
}

/**
 * qnav_command_result_get_output:
 * @self: a #QnavCommandResult
 *
 * Returns: the end of the command's output (standard output and standard error), at most
 *   64 KiB, redacted; empty when it printed nothing
 *
 * Since: 0.1
 */
const gchar *
qnav_command_result_get_output (QnavCommandResult *self)
{
	g_return_val_if_fail (QNAV_IS_COMMAND_RESULT (self), NULL);
	return self->output;
}

/**
 * qnav_command_result_get_duration_seconds:
 * @self: a #QnavCommandResult
 *
 * Returns: how long the command ran, in seconds
 *
 * Since: 0.1
 */
gdouble
qnav_command_result_get_duration_seconds (QnavCommandResult *self)
{
	g_return_val_if_fail (QNAV_IS_COMMAND_RESULT (self), 0.0);
	return self->duration_seconds;
}

/* ---- QnavExecutionResult ---- */

/**
 * QnavExecutionResult:
 *
 * How an execution of a recovery option ended (#QnavExecutionResult:status), in words
 * (#QnavExecutionResult:message), with every command that ran, in order.
 *
 * Its JSON form (qnav_execution_result_to_json(), schema `execution-result`) is what
 * `qnav recover --json` prints and what the history stores.
 *
 * Since: 0.1
 */

struct _QnavExecutionResult {
	GObject parent_instance;

	QnavExecutionStatus status;
	QnavRecoveryAction action;
	gchar *description;
	gchar *fingerprint;
	gchar *message;
	GPtrArray *commands; /* QnavCommandResult */
	gboolean automatic;
	GDateTime *started;
	GDateTime *finished;
};

G_DEFINE_FINAL_TYPE (QnavExecutionResult, qnav_execution_result, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_STATUS,
	PROP_SUCCEEDED,
	PROP_ACTION,
	PROP_DESCRIPTION,
	PROP_FINGERPRINT,
	PROP_MESSAGE,
	PROP_COMMANDS,
	PROP_AUTOMATIC,
	PROP_STARTED,
	PROP_FINISHED,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
qnav_execution_result_finalize (GObject *object)
{
	QnavExecutionResult *self = QNAV_EXECUTION_RESULT (object);

	g_free (self->description);
	g_free (self->fingerprint);
	g_free (self->message);
	g_ptr_array_unref (self->commands);
	g_clear_pointer (&self->started, g_date_time_unref);
	g_clear_pointer (&self->finished, g_date_time_unref);

	G_OBJECT_CLASS (qnav_execution_result_parent_class)->finalize (object);
}

static void
qnav_execution_result_get_property (GObject *object, guint prop_id, GValue *value,
				    GParamSpec *pspec)
{
	QnavExecutionResult *self = QNAV_EXECUTION_RESULT (object);

	switch (prop_id) {
	case PROP_STATUS:
		g_value_set_enum (value, self->status);
		break;
	case PROP_SUCCEEDED:
		g_value_set_boolean (value, qnav_execution_result_get_succeeded (self));
		break;
	case PROP_ACTION:
		g_value_set_enum (value, self->action);
		break;
	case PROP_DESCRIPTION:
		g_value_set_string (value, self->description);
		break;
	case PROP_FINGERPRINT:
		g_value_set_string (value, self->fingerprint);
		break;
	case PROP_MESSAGE:
		g_value_set_string (value, self->message);
		break;
	case PROP_COMMANDS:
		g_value_set_boxed (value, self->commands);
		break;
	case PROP_AUTOMATIC:
		g_value_set_boolean (value, self->automatic);
		break;
	case PROP_STARTED:
		g_value_set_boxed (value, self->started);
		break;
	case PROP_FINISHED:
		g_value_set_boxed (value, self->finished);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_execution_result_class_init (QnavExecutionResultClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);

	object_class->finalize = qnav_execution_result_finalize;
	object_class->get_property = qnav_execution_result_get_property;

	/**
	 * QnavExecutionResult:status:
	 *
	 * How the execution ended.
	 *
	 * Since: 0.1
	 */
	properties[PROP_STATUS] = g_param_spec_enum (
		"status", NULL, NULL, QNAV_TYPE_EXECUTION_STATUS, QNAV_EXECUTION_FAILED,
		G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavExecutionResult:succeeded:
	 *
	 * Whether the state is now right: %TRUE for %QNAV_EXECUTION_SUCCEEDED and
	 * %QNAV_EXECUTION_ALREADY_DONE only.
	 *
	 * Since: 0.1
	 */
	properties[PROP_SUCCEEDED] = g_param_spec_boolean (
		"succeeded", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavExecutionResult:action:
	 *
	 * The recovery action of the option that was executed.
	 *
	 * Since: 0.1
	 */
	properties[PROP_ACTION] = g_param_spec_enum (
		"action", NULL, NULL, QNAV_TYPE_RECOVERY_ACTION, QNAV_RECOVERY_ACTION_RETRY,
		G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavExecutionResult:description:
	 *
	 * The description of the option that was executed.
	 *
	 * Since: 0.1
	 */
	properties[PROP_DESCRIPTION] = g_param_spec_string (
		"description", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavExecutionResult:fingerprint:
	 *
	 * The fingerprint of the failure the plan was made for.
	 *
	 * Since: 0.1
	 */
	properties[PROP_FINGERPRINT] = g_param_spec_string (
		"fingerprint", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavExecutionResult:message:
	 *
	 * What happened, in words: which command failed and how, why nothing ran, which steps a
	 * person has to carry out.
	 *
	 * Since: 0.1
	 */
	properties[PROP_MESSAGE] = g_param_spec_string (
		"message", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavExecutionResult:commands: (type GPtrArray(QnavCommandResult))
	 *
	 * The commands, in the order they ran (or, in a dry run, would run).
	 *
	 * Since: 0.1
	 */
	properties[PROP_COMMANDS] = g_param_spec_boxed ("commands", NULL, NULL, G_TYPE_PTR_ARRAY,
							G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavExecutionResult:automatic:
	 *
	 * Whether the option ran without asking an approver, because the policy allowed it (low
	 * risk at a high enough confidence). %FALSE when an approver was asked and whenever
	 * nothing ran (denied, muted, rate limited, dry run, manual). The storm limit counts
	 * the automatic executions that changed something.
	 *
	 * Since: 0.1
	 */
	properties[PROP_AUTOMATIC] = g_param_spec_boolean (
		"automatic", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavExecutionResult:started:
	 *
	 * When the execution started.
	 *
	 * Since: 0.1
	 */
	properties[PROP_STARTED] = g_param_spec_boxed (
		"started", NULL, NULL, G_TYPE_DATE_TIME, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavExecutionResult:finished:
	 *
	 * When the execution finished.
	 *
	 * Since: 0.1
	 */
	properties[PROP_FINISHED] = g_param_spec_boxed ("finished", NULL, NULL, G_TYPE_DATE_TIME,
							G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_execution_result_init (QnavExecutionResult *self)
{
	self->status = QNAV_EXECUTION_FAILED;
	self->message = g_strdup ("");
	self->commands = g_ptr_array_new_with_free_func (g_object_unref);
	self->started = g_date_time_new_now_utc ();
	self->finished = g_date_time_ref (self->started);
}

QnavExecutionResult *
qnav_execution_result_new (QnavRecoveryAction action, const gchar *fingerprint,
			   const gchar *description)
{
	QnavExecutionResult *self = g_object_new (QNAV_TYPE_EXECUTION_RESULT, NULL);

	self->action = action;
	self->fingerprint = g_strdup (fingerprint);
	self->description = qnav_redact (description != NULL ? description : "");
	return self;
}

void
qnav_execution_result_set_status (QnavExecutionResult *self, QnavExecutionStatus status)
{
	self->status = status;
}

void
qnav_execution_result_set_message (QnavExecutionResult *self, const gchar *message)
{
	g_free (self->message);
	self->message = qnav_redact (message != NULL ? message : "");
}

void
qnav_execution_result_set_automatic (QnavExecutionResult *self, gboolean automatic)
{
	self->automatic = automatic;
}

void
qnav_execution_result_set_started (QnavExecutionResult *self, GDateTime *started)
{
	g_clear_pointer (&self->started, g_date_time_unref);
	self->started = g_date_time_ref (started);
}

void
qnav_execution_result_set_finished (QnavExecutionResult *self, GDateTime *finished)
{
	g_clear_pointer (&self->finished, g_date_time_unref);
	self->finished = g_date_time_ref (finished);
}

void
qnav_execution_result_add_command (QnavExecutionResult *self, QnavCommandResult *command)
{
	g_ptr_array_add (self->commands, g_object_ref (command));
}

void
qnav_execution_result_add_or_replace_command (QnavExecutionResult *self,
					      QnavCommandResult *command)
{
	if (self->commands->len > 0) {
		QnavCommandResult *last =
			g_ptr_array_index (self->commands, self->commands->len - 1);
		if (last->command == command->command &&
		    g_strcmp0 (last->role, command->role) == 0) {
			g_ptr_array_index (self->commands, self->commands->len - 1) =
				g_object_ref (command);
			g_object_unref (last);
			return;
		}
	}
	qnav_execution_result_add_command (self, command);
}

JsonNode *
qnav_execution_result_to_json_node (QnavExecutionResult *self)
{
	g_autoptr(JsonBuilder) builder = json_builder_new ();
	gdouble duration = g_date_time_difference (self->finished, self->started) / 1e6;

	json_builder_begin_object (builder);
	json_builder_set_member_name (builder, "schema_version");
	json_builder_add_int_value (builder, QNAV_SCHEMA_VERSION);
	qnav_json_builder_add_string (builder, "status",
				      qnav_execution_status_to_string (self->status));
	json_builder_set_member_name (builder, "succeeded");
	json_builder_add_boolean_value (builder, qnav_execution_result_get_succeeded (self));
	qnav_json_builder_add_string (builder, "action",
				      qnav_recovery_action_to_string (self->action));
	qnav_json_builder_add_string (builder, "description", self->description);
	qnav_json_builder_add_string (builder, "fingerprint", self->fingerprint);
	qnav_json_builder_add_string (builder, "message", self->message);
	json_builder_set_member_name (builder, "automatic");
	json_builder_add_boolean_value (builder, self->automatic);
	qnav_json_builder_add_datetime (builder, "started", self->started);
	qnav_json_builder_add_datetime (builder, "finished", self->finished);
	json_builder_set_member_name (builder, "duration_seconds");
	json_builder_add_double_value (builder, round3 (MAX (duration, 0.0)));
	json_builder_set_member_name (builder, "commands");
	json_builder_begin_array (builder);
	for (guint i = 0; i < self->commands->len; i++) {
		QnavCommandResult *command = g_ptr_array_index (self->commands, i);
		json_builder_add_value (builder, qnav_command_result_to_json_node (command));
	}
	json_builder_end_array (builder);
	json_builder_end_object (builder);
	return json_builder_get_root (builder);
}

/**
 * qnav_execution_result_to_json:
 * @self: a #QnavExecutionResult
 *
 * Serialises the result as the `execution-result` document, with every text passed through
 * the redactor.
 *
 * Returns: (transfer full): pretty-printed JSON
 *
 * Since: 0.1
 */
gchar *
qnav_execution_result_to_json (QnavExecutionResult *self)
{
	g_autoptr(JsonNode) node = NULL;

	g_return_val_if_fail (QNAV_IS_EXECUTION_RESULT (self), NULL);

	node = qnav_execution_result_to_json_node (self);
	return qnav_json_to_redacted_string (node, TRUE);
}

QnavExecutionResult *
qnav_execution_result_new_from_json_object (JsonObject *object, GError **error)
{
	g_autoptr(QnavExecutionResult) self = NULL;
	g_autoptr(GDateTime) started = NULL;
	g_autoptr(GDateTime) finished = NULL;
	const gchar *status = NULL, *action = NULL, *description = NULL;
	const gchar *fingerprint = NULL, *message = NULL;
	gint64 schema_version = QNAV_SCHEMA_VERSION;
	gboolean automatic = FALSE;
	JsonArray *commands = NULL;
	QnavExecutionStatus status_value;
	QnavRecoveryAction action_value;

	if (!qnav_json_get_int (object, "schema_version", FALSE, &schema_version, error))
		return NULL;
	if (schema_version != QNAV_SCHEMA_VERSION) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "schema_version %" G_GINT64_FORMAT
			     " is not supported (this qnav reads version %d)",
			     schema_version, QNAV_SCHEMA_VERSION);
		return NULL;
	}
	if (!qnav_json_get_string (object, "status", TRUE, &status, error) ||
	    !qnav_json_get_string (object, "action", TRUE, &action, error) ||
	    !qnav_json_get_string (object, "description", FALSE, &description, error) ||
	    !qnav_json_get_string (object, "fingerprint", FALSE, &fingerprint, error) ||
	    !qnav_json_get_string (object, "message", FALSE, &message, error) ||
	    !qnav_json_get_boolean (object, "automatic", FALSE, &automatic, error) ||
	    !qnav_json_get_datetime (object, "started", FALSE, &started, error) ||
	    !qnav_json_get_datetime (object, "finished", FALSE, &finished, error) ||
	    !qnav_json_get_array (object, "commands", FALSE, &commands, error))
		return NULL;
	if (!qnav_execution_status_from_string (status, &status_value)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "member \"status\": unknown execution status \"%s\"", status);
		return NULL;
	}
	if (!qnav_recovery_action_from_string (action, &action_value)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "member \"action\": unknown recovery action \"%s\"", action);
		return NULL;
	}

	self = qnav_execution_result_new (action_value, fingerprint, description);
	self->status = status_value;
	qnav_execution_result_set_message (self, message);
	self->automatic = automatic;
	if (started != NULL)
		qnav_execution_result_set_started (self, started);
	qnav_execution_result_set_finished (self, finished != NULL ? finished : self->started);
	for (guint i = 0; commands != NULL && i < json_array_get_length (commands); i++) {
		JsonNode *node = json_array_get_element (commands, i);
		g_autoptr(QnavCommandResult) command = NULL;

		if (!JSON_NODE_HOLDS_OBJECT (node)) {
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "member \"commands\": element %u is not an object", i);
			return NULL;
		}
		command = qnav_command_result_new_from_json_object (json_node_get_object (node),
								    error);
		if (command == NULL) {
			g_prefix_error (error, "member \"commands\", element %u: ", i);
			return NULL;
		}
		g_ptr_array_add (self->commands, g_steal_pointer (&command));
	}
	return g_steal_pointer (&self);
}

/**
 * qnav_execution_result_new_from_json:
 * @json: an `execution-result` document
 * @length: the length of @json, or -1 if it is NUL-terminated
 * @error: return location for a #GError
 *
 * Reads an execution result back, as qnav_execution_result_to_json() wrote it. Errors name
 * the member that is wrong.
 *
 * Returns: (transfer full): a new #QnavExecutionResult, or %NULL with a
 *   %QNAV_ERROR_INVALID_DATA error
 *
 * Since: 0.1
 */
QnavExecutionResult *
qnav_execution_result_new_from_json (const gchar *json, gssize length, GError **error)
{
	g_autoptr(JsonObject) object = NULL;
	QnavExecutionResult *self;

	g_return_val_if_fail (json != NULL, NULL);

	object = qnav_json_parse_object (json, length, "the execution result", error);
	if (object == NULL)
		return NULL;
	self = qnav_execution_result_new_from_json_object (object, error);
	if (self == NULL)
		g_prefix_error (error, "the execution result is not valid: ");
	return self;
}

/**
 * qnav_execution_result_get_status:
 * @self: a #QnavExecutionResult
 *
 * Returns: how the execution ended
 *
 * Since: 0.1
 */
QnavExecutionStatus
qnav_execution_result_get_status (QnavExecutionResult *self)
{
	g_return_val_if_fail (QNAV_IS_EXECUTION_RESULT (self), QNAV_EXECUTION_FAILED);
	return self->status;
}

/**
 * qnav_execution_result_get_succeeded:
 * @self: a #QnavExecutionResult
 *
 * Returns: %TRUE if the state is now right: the fix ran and held, or the check found it
 *   already right
 *
 * Since: 0.1
 */
gboolean
qnav_execution_result_get_succeeded (QnavExecutionResult *self)
{
	g_return_val_if_fail (QNAV_IS_EXECUTION_RESULT (self), FALSE);
	return self->status == QNAV_EXECUTION_SUCCEEDED ||
	       self->status == QNAV_EXECUTION_ALREADY_DONE;
}

/**
 * qnav_execution_result_get_action:
 * @self: a #QnavExecutionResult
 *
 * Returns: the recovery action of the option
 *
 * Since: 0.1
 */
QnavRecoveryAction
qnav_execution_result_get_action (QnavExecutionResult *self)
{
	g_return_val_if_fail (QNAV_IS_EXECUTION_RESULT (self), QNAV_RECOVERY_ACTION_RETRY);
	return self->action;
}

/**
 * qnav_execution_result_get_description:
 * @self: a #QnavExecutionResult
 *
 * Returns: the description of the option that was executed
 *
 * Since: 0.1
 */
const gchar *
qnav_execution_result_get_description (QnavExecutionResult *self)
{
	g_return_val_if_fail (QNAV_IS_EXECUTION_RESULT (self), NULL);
	return self->description;
}

/**
 * qnav_execution_result_get_fingerprint:
 * @self: a #QnavExecutionResult
 *
 * Returns: (nullable): the fingerprint of the failure, if the plan had one
 *
 * Since: 0.1
 */
const gchar *
qnav_execution_result_get_fingerprint (QnavExecutionResult *self)
{
	g_return_val_if_fail (QNAV_IS_EXECUTION_RESULT (self), NULL);
	return self->fingerprint;
}

/**
 * qnav_execution_result_get_message:
 * @self: a #QnavExecutionResult
 *
 * Returns: what happened, in words (redacted)
 *
 * Since: 0.1
 */
const gchar *
qnav_execution_result_get_message (QnavExecutionResult *self)
{
	g_return_val_if_fail (QNAV_IS_EXECUTION_RESULT (self), NULL);
	return self->message;
}

/**
 * qnav_execution_result_get_commands:
 * @self: a #QnavExecutionResult
 *
 * Returns: (transfer none) (element-type QnavCommandResult): the commands in the order they
 *   ran, or would run in a dry run
 *
 * Since: 0.1
 */
GPtrArray *
qnav_execution_result_get_commands (QnavExecutionResult *self)
{
	g_return_val_if_fail (QNAV_IS_EXECUTION_RESULT (self), NULL);
	return self->commands;
}

/**
 * qnav_execution_result_get_automatic:
 * @self: a #QnavExecutionResult
 *
 * Returns: %TRUE if the option ran without asking an approver
 *
 * Since: 0.1
 */
gboolean
qnav_execution_result_get_automatic (QnavExecutionResult *self)
{
	g_return_val_if_fail (QNAV_IS_EXECUTION_RESULT (self), FALSE);
	return self->automatic;
}

/**
 * qnav_execution_result_get_started:
 * @self: a #QnavExecutionResult
 *
 * Returns: (transfer none): when the execution started
 *
 * Since: 0.1
 */
GDateTime *
qnav_execution_result_get_started (QnavExecutionResult *self)
{
	g_return_val_if_fail (QNAV_IS_EXECUTION_RESULT (self), NULL);
	return self->started;
}

/**
 * qnav_execution_result_get_finished:
 * @self: a #QnavExecutionResult
 *
 * Returns: (transfer none): when the execution finished
 *
 * Since: 0.1
 */
GDateTime *
qnav_execution_result_get_finished (QnavExecutionResult *self)
{
	g_return_val_if_fail (QNAV_IS_EXECUTION_RESULT (self), NULL);
	return self->finished;
}
