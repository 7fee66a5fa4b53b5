/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "qnav-command-private.h"
#include "qnav-enum-types.h"
#include "qnav-error.h"
#include "qnav-json-private.h"
#include "qnav-recovery-option-private.h"

/**
 * QnavRecoveryOption:
 *
 * One way to recover from a failure: an action (retry, wait, fix, roll back, escalate) with
 * its confidence, risk and duration, the steps a person reads, and the commands an executor
 * runs as check → act → verify: the check says whether the state is already right, the
 * commands change it, the verification says whether the change held.
 *
 * Since: 0.1
 */

struct _QnavRecoveryOption {
	GObject parent_instance;

	QnavRecoveryAction action;
	gchar *description;
	guint priority;
	gdouble confidence;
	QnavRisk risk;
	guint estimated_duration;
	gdouble success_rate;
	gdouble score;
	gchar *success_criteria;
	guint wait_seconds;
	GPtrArray *steps;          /* NULL-terminated, gchar* */
	GPtrArray *prerequisites;  /* NULL-terminated, gchar* */
	GPtrArray *rollback_steps; /* NULL-terminated, gchar* */
	QnavCommand *check;
	GPtrArray *commands;          /* QnavCommand */
	QnavCommand *verify;
	GPtrArray *rollback_commands; /* QnavCommand */
};

G_DEFINE_FINAL_TYPE (QnavRecoveryOption, qnav_recovery_option, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_ACTION,
	PROP_DESCRIPTION,
	PROP_PRIORITY,
	PROP_CONFIDENCE,
	PROP_RISK,
	PROP_ESTIMATED_DURATION,
	PROP_SUCCESS_RATE,
	PROP_SCORE,
	PROP_SUCCESS_CRITERIA,
	PROP_WAIT_SECONDS,
	PROP_STEPS,
	PROP_PREREQUISITES,
	PROP_ROLLBACK_STEPS,
	PROP_CHECK,
	PROP_COMMANDS,
	PROP_VERIFY,
	PROP_ROLLBACK_COMMANDS,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
qnav_recovery_option_finalize (GObject *object)
{
	QnavRecoveryOption *self = QNAV_RECOVERY_OPTION (object);

	g_free (self->description);
	g_free (self->success_criteria);
	g_ptr_array_unref (self->steps);
	g_ptr_array_unref (self->prerequisites);
	g_ptr_array_unref (self->rollback_steps);
	g_clear_object (&self->check);
	g_ptr_array_unref (self->commands);
	g_clear_object (&self->verify);
	g_ptr_array_unref (self->rollback_commands);

	G_OBJECT_CLASS (qnav_recovery_option_parent_class)->finalize (object);
}

static void
qnav_recovery_option_get_property (GObject *object, guint prop_id, GValue *value,
				   GParamSpec *pspec)
{
	QnavRecoveryOption *self = QNAV_RECOVERY_OPTION (object);

	switch (prop_id) {
	case PROP_ACTION:
		g_value_set_enum (value, self->action);
		break;
	case PROP_DESCRIPTION:
		g_value_set_string (value, self->description);
		break;
	case PROP_PRIORITY:
		g_value_set_uint (value, self->priority);
		break;
	case PROP_CONFIDENCE:
		g_value_set_double (value, self->confidence);
		break;
	case PROP_RISK:
		g_value_set_enum (value, self->risk);
		break;
	case PROP_ESTIMATED_DURATION:
		g_value_set_uint (value, self->estimated_duration);
		break;
	case PROP_SUCCESS_RATE:
		g_value_set_double (value, self->success_rate);
		break;
	case PROP_SCORE:
		g_value_set_double (value, self->score);
		break;
	case PROP_SUCCESS_CRITERIA:
		g_value_set_string (value, self->success_criteria);
		break;
	case PROP_WAIT_SECONDS:
		g_value_set_uint (value, self->wait_seconds);
		break;
	case PROP_STEPS:
		g_value_set_boxed (value, self->steps->pdata);
		break;
	case PROP_PREREQUISITES:
		g_value_set_boxed (value, self->prerequisites->pdata);
		break;
	case PROP_ROLLBACK_STEPS:
		g_value_set_boxed (value, self->rollback_steps->pdata);
		break;
	case PROP_CHECK:
		g_value_set_object (value, self->check);
		break;
	case PROP_COMMANDS:
		g_value_set_boxed (value, self->commands);
		break;
	case PROP_VERIFY:
		g_value_set_object (value, self->verify);
		break;
	case PROP_ROLLBACK_COMMANDS:
		g_value_set_boxed (value, self->rollback_commands);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_recovery_option_set_property (GObject *object, guint prop_id, const GValue *value,
				   GParamSpec *pspec)
{
	QnavRecoveryOption *self = QNAV_RECOVERY_OPTION (object);

	switch (prop_id) {
	case PROP_ACTION:
		self->action = g_value_get_enum (value);
		break;
	case PROP_DESCRIPTION:
		self->description = g_value_dup_string (value);
		break;
	case PROP_PRIORITY:
		qnav_recovery_option_set_priority (self, g_value_get_uint (value));
		break;
	case PROP_CONFIDENCE:
		qnav_recovery_option_set_confidence (self, g_value_get_double (value));
		break;
	case PROP_RISK:
		qnav_recovery_option_set_risk (self, g_value_get_enum (value));
		break;
	case PROP_ESTIMATED_DURATION:
		qnav_recovery_option_set_estimated_duration (self, g_value_get_uint (value));
		break;
	case PROP_SUCCESS_RATE:
		qnav_recovery_option_set_success_rate (self, g_value_get_double (value));
		break;
	case PROP_SCORE:
		qnav_recovery_option_set_score (self, g_value_get_double (value));
		break;
	case PROP_SUCCESS_CRITERIA:
		qnav_recovery_option_set_success_criteria (self, g_value_get_string (value));
		break;
	case PROP_WAIT_SECONDS:
		qnav_recovery_option_set_wait_seconds (self, g_value_get_uint (value));
		break;
	case PROP_CHECK:
		qnav_recovery_option_set_check (self, g_value_get_object (value));
		break;
	case PROP_VERIFY:
		qnav_recovery_option_set_verify (self, g_value_get_object (value));
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_recovery_option_class_init (QnavRecoveryOptionClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);
	const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
	const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

	object_class->finalize = qnav_recovery_option_finalize;
	object_class->get_property = qnav_recovery_option_get_property;
	object_class->set_property = qnav_recovery_option_set_property;

	/**
	 * QnavRecoveryOption:action:
	 *
	 * What kind of recovery this is.
	 *
	 * Since: 0.1
	 */
	properties[PROP_ACTION] = g_param_spec_enum (
		"action", NULL, NULL, QNAV_TYPE_RECOVERY_ACTION, QNAV_RECOVERY_ACTION_ESCALATE,
		G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavRecoveryOption:description:
	 *
	 * What the option does, in one sentence.
	 *
	 * Since: 0.1
	 */
	properties[PROP_DESCRIPTION] = g_param_spec_string (
		"description", NULL, NULL, NULL,
		G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavRecoveryOption:priority:
	 *
	 * The rank of the option in its plan: 1 is the recommended one.
	 *
	 * Since: 0.1
	 */
	properties[PROP_PRIORITY] = g_param_spec_uint ("priority", NULL, NULL, 0, G_MAXUINT, 1, rw);

	/**
	 * QnavRecoveryOption:confidence:
	 *
	 * How likely, from 0 to 1, the option is to fix the failure.
	 *
	 * Since: 0.1
	 */
	properties[PROP_CONFIDENCE] = g_param_spec_double ("confidence", NULL, NULL, 0.0, 1.0, 0.0, rw);

	/**
	 * QnavRecoveryOption:risk:
	 *
	 * How much the option can break.
	 *
	 * Since: 0.1
	 */
	properties[PROP_RISK] = g_param_spec_enum ("risk", NULL, NULL, QNAV_TYPE_RISK, QNAV_RISK_LOW, rw);

	/**
	 * QnavRecoveryOption:estimated-duration:
	 *
	 * About how long the option takes, in seconds.
	 *
	 * Since: 0.1
	 */
	properties[PROP_ESTIMATED_DURATION] = g_param_spec_uint ("estimated-duration", NULL, NULL, 0, G_MAXUINT, 0, rw);

	/**
	 * QnavRecoveryOption:success-rate:
	 *
	 * How often this action fixed this failure before, from the history; -1 when unknown.
	 *
	 * Since: 0.1
	 */
	properties[PROP_SUCCESS_RATE] = g_param_spec_double ("success-rate", NULL, NULL, -1.0, 1.0, -1.0, rw);

	/**
	 * QnavRecoveryOption:score:
	 *
	 * The expected value the planner ranked the option by.
	 *
	 * Since: 0.1
	 */
	properties[PROP_SCORE] = g_param_spec_double ("score", NULL, NULL, 0.0, G_MAXDOUBLE, 0.0, rw);

	/**
	 * QnavRecoveryOption:success-criteria:
	 *
	 * How to tell that the option worked.
	 *
	 * Since: 0.1
	 */
	properties[PROP_SUCCESS_CRITERIA] = g_param_spec_string ("success-criteria", NULL, NULL, NULL, rw);

	/**
	 * QnavRecoveryOption:wait-seconds:
	 *
	 * For a wait option: how long to wait for its verification to hold.
	 *
	 * Since: 0.1
	 */
	properties[PROP_WAIT_SECONDS] = g_param_spec_uint ("wait-seconds", NULL, NULL, 0, G_MAXUINT, 0, rw);

	/**
	 * QnavRecoveryOption:steps:
	 *
	 * The steps a person reads, in order.
	 *
	 * Since: 0.1
	 */
	properties[PROP_STEPS] = g_param_spec_boxed ("steps", NULL, NULL, G_TYPE_STRV, ro);

	/**
	 * QnavRecoveryOption:prerequisites:
	 *
	 * What must hold before the option runs.
	 *
	 * Since: 0.1
	 */
	properties[PROP_PREREQUISITES] = g_param_spec_boxed ("prerequisites", NULL, NULL, G_TYPE_STRV, ro);

	/**
	 * QnavRecoveryOption:rollback-steps:
	 *
	 * How to undo the option, in words.
	 *
	 * Since: 0.1
	 */
	properties[PROP_ROLLBACK_STEPS] = g_param_spec_boxed ("rollback-steps", NULL, NULL, G_TYPE_STRV, ro);

	/**
	 * QnavRecoveryOption:check:
	 *
	 * The command that says whether the state is already right (exit status 0); when it
	 * is, the executor runs nothing else.
	 *
	 * Since: 0.1
	 */
	properties[PROP_CHECK] = g_param_spec_object ("check", NULL, NULL, QNAV_TYPE_COMMAND, rw);

	/**
	 * QnavRecoveryOption:commands: (type GPtrArray(QnavCommand))
	 *
	 * The commands that change the state, run in order. From JavaScript, read them with
	 * qnav_recovery_option_get_commands().
	 *
	 * Since: 0.1
	 */
	properties[PROP_COMMANDS] = g_param_spec_boxed ("commands", NULL, NULL, G_TYPE_PTR_ARRAY,
							ro);

	/**
	 * QnavRecoveryOption:verify:
	 *
	 * The command that says whether the fix held (exit status 0).
	 *
	 * Since: 0.1
	 */
	properties[PROP_VERIFY] = g_param_spec_object ("verify", NULL, NULL, QNAV_TYPE_COMMAND,
						       rw);

	/**
	 * QnavRecoveryOption:rollback-commands: (type GPtrArray(QnavCommand))
	 *
	 * The commands that undo the option when one of its commands fails.
	 *
	 * Since: 0.1
	 */
	properties[PROP_ROLLBACK_COMMANDS] = g_param_spec_boxed (
		"rollback-commands", NULL, NULL, G_TYPE_PTR_ARRAY, ro);

	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_recovery_option_init (QnavRecoveryOption *self)
{
	self->priority = 1;
	self->success_rate = -1.0;
	self->steps = g_ptr_array_new_null_terminated (4, g_free, TRUE);
	self->prerequisites = g_ptr_array_new_null_terminated (1, g_free, TRUE);
	self->rollback_steps = g_ptr_array_new_null_terminated (1, g_free, TRUE);
	self->commands = g_ptr_array_new_with_free_func (g_object_unref);
	self->rollback_commands = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * qnav_recovery_option_new:
 * @action: what kind of recovery this is
 * @description: what the option does, in one sentence
 *
 * Returns: (transfer full): a new #QnavRecoveryOption
 *
 * Since: 0.1
 */
QnavRecoveryOption *
qnav_recovery_option_new (QnavRecoveryAction action, const gchar *description)
{
	return g_object_new (QNAV_TYPE_RECOVERY_OPTION, "action", action, "description",
			     description, NULL);
}

/**
 * qnav_recovery_option_get_action:
 * @self: a #QnavRecoveryOption
 *
 * Returns: the action
 *
 * Since: 0.1
 */
QnavRecoveryAction
qnav_recovery_option_get_action (QnavRecoveryOption *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_OPTION (self), QNAV_RECOVERY_ACTION_ESCALATE);
	return self->action;
}

/**
 * qnav_recovery_option_get_description:
 * @self: a #QnavRecoveryOption
 *
 * Returns: (nullable): what the option does
 *
 * Since: 0.1
 */
const gchar *
qnav_recovery_option_get_description (QnavRecoveryOption *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_OPTION (self), NULL);
	return self->description;
}

/**
 * qnav_recovery_option_get_priority:
 * @self: a #QnavRecoveryOption
 *
 * Returns: the #QnavRecoveryOption:priority
 *
 * Since: 0.1
 */
guint
qnav_recovery_option_get_priority (QnavRecoveryOption *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_OPTION (self), 0);
	return self->priority;
}

/**
 * qnav_recovery_option_set_priority:
 * @self: a #QnavRecoveryOption
 * @priority: the new value
 *
 * Sets #QnavRecoveryOption:priority.
 *
 * Since: 0.1
 */
void
qnav_recovery_option_set_priority (QnavRecoveryOption *self, guint priority)
{
	g_return_if_fail (QNAV_IS_RECOVERY_OPTION (self));
	if (self->priority == priority)
		return;
	self->priority = priority;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIORITY]);
}

/**
 * qnav_recovery_option_get_confidence:
 * @self: a #QnavRecoveryOption
 *
 * Returns: the #QnavRecoveryOption:confidence
 *
 * Since: 0.1
 */
gdouble
qnav_recovery_option_get_confidence (QnavRecoveryOption *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_OPTION (self), 0.0);
	return self->confidence;
}

/**
 * qnav_recovery_option_set_confidence:
 * @self: a #QnavRecoveryOption
 * @confidence: the new value
 *
 * Sets #QnavRecoveryOption:confidence.
 *
 * Since: 0.1
 */
void
qnav_recovery_option_set_confidence (QnavRecoveryOption *self, gdouble confidence)
{
	g_return_if_fail (QNAV_IS_RECOVERY_OPTION (self));
	if (self->confidence == confidence)
		return;
	self->confidence = confidence;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIDENCE]);
}

/**
 * qnav_recovery_option_get_risk:
 * @self: a #QnavRecoveryOption
 *
 * Returns: the #QnavRecoveryOption:risk
 *
 * Since: 0.1
 */
QnavRisk
qnav_recovery_option_get_risk (QnavRecoveryOption *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_OPTION (self), QNAV_RISK_LOW);
	return self->risk;
}

/**
 * qnav_recovery_option_set_risk:
 * @self: a #QnavRecoveryOption
 * @risk: the new value
 *
 * Sets #QnavRecoveryOption:risk.
 *
 * Since: 0.1
 */
void
qnav_recovery_option_set_risk (QnavRecoveryOption *self, QnavRisk risk)
{
	g_return_if_fail (QNAV_IS_RECOVERY_OPTION (self));
	if (self->risk == risk)
		return;
	self->risk = risk;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RISK]);
}

/**
 * qnav_recovery_option_get_estimated_duration:
 * @self: a #QnavRecoveryOption
 *
 * Returns: the #QnavRecoveryOption:estimated-duration
 *
 * Since: 0.1
 */
guint
qnav_recovery_option_get_estimated_duration (QnavRecoveryOption *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_OPTION (self), 0);
	return self->estimated_duration;
}

/**
 * qnav_recovery_option_set_estimated_duration:
 * @self: a #QnavRecoveryOption
 * @seconds: the new value
 *
 * Sets #QnavRecoveryOption:estimated-duration.
 *
 * Since: 0.1
 */
void
qnav_recovery_option_set_estimated_duration (QnavRecoveryOption *self, guint seconds)
{
	g_return_if_fail (QNAV_IS_RECOVERY_OPTION (self));
	if (self->estimated_duration == seconds)
		return;
	self->estimated_duration = seconds;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ESTIMATED_DURATION]);
}

/**
 * qnav_recovery_option_get_success_rate:
 * @self: a #QnavRecoveryOption
 *
 * Returns: the #QnavRecoveryOption:success-rate
 *
 * Since: 0.1
 */
gdouble
qnav_recovery_option_get_success_rate (QnavRecoveryOption *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_OPTION (self), 0.0);
	return self->success_rate;
}

/**
 * qnav_recovery_option_set_success_rate:
 * @self: a #QnavRecoveryOption
 * @success_rate: the new value
 *
 * Sets #QnavRecoveryOption:success-rate.
 *
 * Since: 0.1
 */
void
qnav_recovery_option_set_success_rate (QnavRecoveryOption *self, gdouble success_rate)
{
	g_return_if_fail (QNAV_IS_RECOVERY_OPTION (self));
	if (self->success_rate == success_rate)
		return;
	self->success_rate = success_rate;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUCCESS_RATE]);
}

/**
 * qnav_recovery_option_get_score:
 * @self: a #QnavRecoveryOption
 *
 * Returns: the #QnavRecoveryOption:score
 *
 * Since: 0.1
 */
gdouble
qnav_recovery_option_get_score (QnavRecoveryOption *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_OPTION (self), 0.0);
	return self->score;
}

/**
 * qnav_recovery_option_set_score:
 * @self: a #QnavRecoveryOption
 * @score: the new value
 *
 * Sets #QnavRecoveryOption:score.
 *
 * Since: 0.1
 */
void
qnav_recovery_option_set_score (QnavRecoveryOption *self, gdouble score)
{
	g_return_if_fail (QNAV_IS_RECOVERY_OPTION (self));
	if (self->score == score)
		return;
	self->score = score;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCORE]);
}

/**
 * qnav_recovery_option_get_success_criteria:
 * @self: a #QnavRecoveryOption
 *
 * Returns: (nullable): the #QnavRecoveryOption:success-criteria
 *
 * Since: 0.1
 */
const gchar *
qnav_recovery_option_get_success_criteria (QnavRecoveryOption *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_OPTION (self), NULL);
	return self->success_criteria;
}

/**
 * qnav_recovery_option_set_success_criteria:
 * @self: a #QnavRecoveryOption
 * @criteria: (nullable): the new value
 *
 * Sets #QnavRecoveryOption:success-criteria.
 *
 * Since: 0.1
 */
void
qnav_recovery_option_set_success_criteria (QnavRecoveryOption *self, const gchar *criteria)
{
	g_return_if_fail (QNAV_IS_RECOVERY_OPTION (self));
	if (g_strcmp0 (self->success_criteria, criteria) == 0)
		return;
	g_free (self->success_criteria);
	self->success_criteria = g_strdup (criteria);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUCCESS_CRITERIA]);
}

/**
 * qnav_recovery_option_get_wait_seconds:
 * @self: a #QnavRecoveryOption
 *
 * Returns: the #QnavRecoveryOption:wait-seconds
 *
 * Since: 0.1
 */
guint
qnav_recovery_option_get_wait_seconds (QnavRecoveryOption *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_OPTION (self), 0);
	return self->wait_seconds;
}

/**
 * qnav_recovery_option_set_wait_seconds:
 * @self: a #QnavRecoveryOption
 * @seconds: the new value
 *
 * Sets #QnavRecoveryOption:wait-seconds.
 *
 * Since: 0.1
 */
void
qnav_recovery_option_set_wait_seconds (QnavRecoveryOption *self, guint seconds)
{
	g_return_if_fail (QNAV_IS_RECOVERY_OPTION (self));
	if (self->wait_seconds == seconds)
		return;
	self->wait_seconds = seconds;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAIT_SECONDS]);
}

/**
 * qnav_recovery_option_get_steps:
 * @self: a #QnavRecoveryOption
 *
 * Returns: (transfer none): the #QnavRecoveryOption:steps
 *
 * Since: 0.1
 */
const gchar *const *
qnav_recovery_option_get_steps (QnavRecoveryOption *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_OPTION (self), NULL);
	return (const gchar *const *) self->steps->pdata;
}

/**
 * qnav_recovery_option_add_step:
 * @self: a #QnavRecoveryOption
 * @step: a step a person reads
 *
 * Appends to #QnavRecoveryOption:steps; a text already there is not added twice.
 *
 * Since: 0.1
 */
void
qnav_recovery_option_add_step (QnavRecoveryOption *self, const gchar *step)
{
	g_return_if_fail (QNAV_IS_RECOVERY_OPTION (self));
	g_return_if_fail (step != NULL);

	for (guint i = 0; i < self->steps->len; i++) {
		if (g_strcmp0 (g_ptr_array_index (self->steps, i), step) == 0)
			return;
	}
	g_ptr_array_add (self->steps, g_strdup (step));
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEPS]);
}

/**
 * qnav_recovery_option_get_prerequisites:
 * @self: a #QnavRecoveryOption
 *
 * Returns: (transfer none): the #QnavRecoveryOption:prerequisites
 *
 * Since: 0.1
 */
const gchar *const *
qnav_recovery_option_get_prerequisites (QnavRecoveryOption *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_OPTION (self), NULL);
	return (const gchar *const *) self->prerequisites->pdata;
}

/**
 * qnav_recovery_option_add_prerequisite:
 * @self: a #QnavRecoveryOption
 * @prerequisite: what must hold first
 *
 * Appends to #QnavRecoveryOption:prerequisites; a text already there is not added twice.
 *
 * Since: 0.1
 */
void
qnav_recovery_option_add_prerequisite (QnavRecoveryOption *self, const gchar *prerequisite)
{
	g_return_if_fail (QNAV_IS_RECOVERY_OPTION (self));
	g_return_if_fail (prerequisite != NULL);

	for (guint i = 0; i < self->prerequisites->len; i++) {
		if (g_strcmp0 (g_ptr_array_index (self->prerequisites, i), prerequisite) == 0)
			return;
	}
	g_ptr_array_add (self->prerequisites, g_strdup (prerequisite));
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREREQUISITES]);
}

/**
 * qnav_recovery_option_get_rollback_steps:
 * @self: a #QnavRecoveryOption
 *
 * Returns: (transfer none): the #QnavRecoveryOption:rollback-steps
 *
 * Since: 0.1
 */
const gchar *const *
qnav_recovery_option_get_rollback_steps (QnavRecoveryOption *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_OPTION (self), NULL);
	return (const gchar *const *) self->rollback_steps->pdata;
}

/**
 * qnav_recovery_option_add_rollback_step:
 * @self: a #QnavRecoveryOption
 * @step: how to undo it, in words
 *
 * Appends to #QnavRecoveryOption:rollback-steps; a text already there is not added twice.
 *
 * Since: 0.1
 */
void
qnav_recovery_option_add_rollback_step (QnavRecoveryOption *self, const gchar *step)
{
	g_return_if_fail (QNAV_IS_RECOVERY_OPTION (self));
	g_return_if_fail (step != NULL);

	for (guint i = 0; i < self->rollback_steps->len; i++) {
		if (g_strcmp0 (g_ptr_array_index (self->rollback_steps, i), step) == 0)
			return;
	}
	g_ptr_array_add (self->rollback_steps, g_strdup (step));
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLLBACK_STEPS]);
}

/**
 * qnav_recovery_option_get_check:
 * @self: a #QnavRecoveryOption
 *
 * Returns: (transfer none) (nullable): the command that says whether anything needs doing
 *
 * Since: 0.1
 */
QnavCommand *
qnav_recovery_option_get_check (QnavRecoveryOption *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_OPTION (self), NULL);
	return self->check;
}

/**
 * qnav_recovery_option_set_check:
 * @self: a #QnavRecoveryOption
 * @check: (nullable): a #QnavCommand
 *
 * Sets #QnavRecoveryOption:check.
 *
 * Since: 0.1
 */
void
qnav_recovery_option_set_check (QnavRecoveryOption *self, QnavCommand *check)
{
	g_return_if_fail (QNAV_IS_RECOVERY_OPTION (self));
	if (g_set_object (&self->check, check))
		g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECK]);
}

/**
 * qnav_recovery_option_get_verify:
 * @self: a #QnavRecoveryOption
 *
 * Returns: (transfer none) (nullable): the command that says whether the fix held
 *
 * Since: 0.1
 */
QnavCommand *
qnav_recovery_option_get_verify (QnavRecoveryOption *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_OPTION (self), NULL);
	return self->verify;
}

/**
 * qnav_recovery_option_set_verify:
 * @self: a #QnavRecoveryOption
 * @verify: (nullable): a #QnavCommand
 *
 * Sets #QnavRecoveryOption:verify.
 *
 * Since: 0.1
 */
void
qnav_recovery_option_set_verify (QnavRecoveryOption *self, QnavCommand *verify)
{
	g_return_if_fail (QNAV_IS_RECOVERY_OPTION (self));
	if (g_set_object (&self->verify, verify))
		g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERIFY]);
}

/**
 * qnav_recovery_option_get_commands:
 * @self: a #QnavRecoveryOption
 *
 * Returns: (transfer none) (element-type QnavCommand): the commands that change the state
 *
 * Since: 0.1
 */
GPtrArray *
qnav_recovery_option_get_commands (QnavRecoveryOption *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_OPTION (self), NULL);
	return self->commands;
}

/**
 * qnav_recovery_option_add_command:
 * @self: a #QnavRecoveryOption
 * @command: a #QnavCommand
 *
 * Appends a command that changes the state.
 *
 * Since: 0.1
 */
void
qnav_recovery_option_add_command (QnavRecoveryOption *self, QnavCommand *command)
{
	g_return_if_fail (QNAV_IS_RECOVERY_OPTION (self));
	g_return_if_fail (QNAV_IS_COMMAND (command));
	g_ptr_array_add (self->commands, g_object_ref (command));
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMMANDS]);
}

/**
 * qnav_recovery_option_get_rollback_commands:
 * @self: a #QnavRecoveryOption
 *
 * Returns: (transfer none) (element-type QnavCommand): the commands that undo the option
 *
 * Since: 0.1
 */
GPtrArray *
qnav_recovery_option_get_rollback_commands (QnavRecoveryOption *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_OPTION (self), NULL);
	return self->rollback_commands;
}

/**
 * qnav_recovery_option_add_rollback_command:
 * @self: a #QnavRecoveryOption
 * @command: a #QnavCommand
 *
 * Appends a command that undoes the option.
 *
 * Since: 0.1
 */
void
qnav_recovery_option_add_rollback_command (QnavRecoveryOption *self, QnavCommand *command)
{
	g_return_if_fail (QNAV_IS_RECOVERY_OPTION (self));
	g_return_if_fail (QNAV_IS_COMMAND (command));
	g_ptr_array_add (self->rollback_commands, g_object_ref (command));
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLLBACK_COMMANDS]);
}

static void
add_commands (JsonBuilder *builder, const gchar *member, GPtrArray *commands)
{
	json_builder_set_member_name (builder, member);
	json_builder_begin_array (builder);
	for (guint i = 0; i < commands->len; i++)
		json_builder_add_value (builder,
					qnav_command_to_json_node (g_ptr_array_index (commands, i)));
	json_builder_end_array (builder);
}

static void
add_command (JsonBuilder *builder, const gchar *member, QnavCommand *command)
{
	json_builder_set_member_name (builder, member);
	if (command != NULL)
		json_builder_add_value (builder, qnav_command_to_json_node (command));
	else
		json_builder_add_null_value (builder);
}

/* Above this, three decimals no longer survive round3 and the writer, or the product is not
 * finite and is written as null: such a number would not read back the same. */
#define ROUND3_MAX 1e9

static gdouble
round3 (gdouble value)
{
	return round (value * 1000.0) / 1000.0;
}

/* The Python original's keys (action_type, risk_level, estimated_duration_seconds…) with the
 * commands added. */
JsonNode *
qnav_recovery_option_to_json_node (QnavRecoveryOption *self)
{
	g_autoptr(JsonBuilder) builder = json_builder_new ();

	json_builder_begin_object (builder);
	qnav_json_builder_add_string (builder, "action_type",
				      qnav_recovery_action_to_string (self->action));
	json_builder_set_member_name (builder, "priority");
	json_builder_add_int_value (builder, self->priority);
	json_builder_set_member_name (builder, "confidence");
	json_builder_add_double_value (builder, round3 (self->confidence));
	qnav_json_builder_add_string (builder, "risk_level", qnav_risk_to_string (self->risk));
	json_builder_set_member_name (builder, "estimated_duration_seconds");
	json_builder_add_int_value (builder, self->estimated_duration);
	qnav_json_builder_add_string (builder, "description", self->description);
	qnav_json_builder_add_strv (builder, "steps", (const gchar *const *) self->steps->pdata);
	qnav_json_builder_add_strv (builder, "prerequisites",
				    (const gchar *const *) self->prerequisites->pdata);
	qnav_json_builder_add_strv (builder, "rollback_steps",
				    (const gchar *const *) self->rollback_steps->pdata);
	qnav_json_builder_add_string (builder, "success_criteria", self->success_criteria);
	add_command (builder, "check", self->check);
	add_commands (builder, "commands", self->commands);
	add_command (builder, "verify", self->verify);
	add_commands (builder, "rollback_commands", self->rollback_commands);
	json_builder_set_member_name (builder, "wait_seconds");
	json_builder_add_int_value (builder, self->wait_seconds);
	json_builder_set_member_name (builder, "success_rate");
	if (self->success_rate >= 0.0)
		json_builder_add_double_value (builder, round3 (self->success_rate));
	else
		json_builder_add_null_value (builder);
	json_builder_set_member_name (builder, "score");
	json_builder_add_double_value (builder, round3 (self->score));
	json_builder_end_object (builder);
	return json_builder_get_root (builder);
}

static gboolean
read_command (JsonObject *object, const gchar *member, QnavCommand **command, GError **error)
{
	JsonObject *inner = NULL;

	if (!qnav_json_get_object (object, member, FALSE, &inner, error))
		return FALSE;
	if (inner == NULL)
		return TRUE;
	*command = qnav_command_new_from_json_object (inner, error);
	if (*command == NULL) {
		g_prefix_error (error, "member \"%s\": ", member);
		return FALSE;
	}
	return TRUE;
}

static gboolean
read_commands (JsonObject *object, const gchar *member, GPtrArray *commands, GError **error)
{
	JsonArray *array = NULL;

	if (!qnav_json_get_array (object, member, FALSE, &array, error))
		return FALSE;
	for (guint i = 0; array != NULL && i < json_array_get_length (array); i++) {
		JsonNode *node = json_array_get_element (array, i);
		QnavCommand *command;
		if (!JSON_NODE_HOLDS_OBJECT (node)) {
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "member \"%s\": element %u is not an object", member, i);
			return FALSE;
		}
		command = qnav_command_new_from_json_object (json_node_get_object (node), error);
		if (command == NULL) {
			g_prefix_error (error, "member \"%s\", element %u: ", member, i);
			return FALSE;
		}
		g_ptr_array_add (commands, command);
	}
	return TRUE;
}

static gboolean
read_texts (JsonObject *object, const gchar *member, GPtrArray *list, GError **error)
{
	g_auto(GStrv) values = NULL;

	if (!qnav_json_get_strv (object, member, FALSE, &values, error))
		return FALSE;
	for (guint i = 0; values != NULL && values[i] != NULL; i++)
		g_ptr_array_add (list, g_strdup (values[i]));
	return TRUE;
}

/* Reads an option of a plan document; the Python original's options (no commands) too. */
QnavRecoveryOption *
qnav_recovery_option_new_from_json_object (JsonObject *object, GError **error)
{
	g_autoptr(QnavRecoveryOption) self = NULL;
	const gchar *action = NULL, *risk = NULL, *description = NULL, *criteria = NULL;
	gint64 priority = 1, duration = 0, wait = 0;
	gdouble confidence = 0.0, success_rate = -1.0, score = 0.0;
	QnavRecoveryAction action_value;
	QnavRisk risk_value = QNAV_RISK_LOW;

	if (!qnav_json_get_string (object, "action_type", TRUE, &action, error) ||
	    !qnav_json_get_string (object, "risk_level", FALSE, &risk, error) ||
	    !qnav_json_get_string (object, "description", FALSE, &description, error) ||
	    !qnav_json_get_string (object, "success_criteria", FALSE, &criteria, error) ||
	    !qnav_json_get_int (object, "priority", FALSE, &priority, error) ||
	    !qnav_json_get_int (object, "estimated_duration_seconds", FALSE, &duration, error) ||
	    !qnav_json_get_int (object, "wait_seconds", FALSE, &wait, error) ||
	    !qnav_json_get_double (object, "confidence", FALSE, &confidence, error) ||
	    !qnav_json_get_double (object, "success_rate", FALSE, &success_rate, error) ||
	    !qnav_json_get_double (object, "score", FALSE, &score, error))
		return NULL;
	if (!qnav_recovery_action_from_string (action, &action_value)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "member \"action_type\": unknown action \"%s\"", action);
		return NULL;
	}
	if (risk != NULL && !qnav_risk_from_string (risk, &risk_value)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "member \"risk_level\": unknown risk \"%s\"", risk);
		return NULL;
	}
	if (priority < 0 || priority > 1000 || duration < 0 || duration > G_MAXUINT || wait < 0 ||
	    wait > 7 * 24 * 3600 || !(confidence >= 0.0 && confidence <= 1.0) ||
	    !(success_rate >= -1.0 && success_rate <= 1.0) ||
	    !(score >= 0.0 && score <= ROUND3_MAX)) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "a number of the option is out of range");
		return NULL;
	}
	self = qnav_recovery_option_new (action_value, description);
	self->priority = (guint) priority;
	self->confidence = confidence;
	self->risk = risk_value;
	self->estimated_duration = (guint) duration;
	self->wait_seconds = (guint) wait;
	self->success_rate = success_rate;
	self->score = score;
	self->success_criteria = g_strdup (criteria);
	if (!read_texts (object, "steps", self->steps, error) ||
	    !read_texts (object, "prerequisites", self->prerequisites, error) ||
	    !read_texts (object, "rollback_steps", self->rollback_steps, error) ||
	    !read_command (object, "check", &self->check, error) ||
	    !read_commands (object, "commands", self->commands, error) ||
	    !read_command (object, "verify", &self->verify, error) ||
	    !read_commands (object, "rollback_commands", self->rollback_commands, error))
		return NULL;
	return g_steal_pointer (&self);
}
