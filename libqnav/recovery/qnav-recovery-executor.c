/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "qnav-error.h"
#include "qnav-execution-result-private.h"
#include "qnav-recovery-executor-private.h"
#include "qnav-recovery-plan-private.h"

/**
 * QnavRecoveryExecutor:
 *
 * Carries out a recovery option of a #QnavRecoveryPlan, safely.
 *
 * The policy comes first, and nothing runs before it has been decided:
 *
 * 1. When recovery is muted on the host (the environment variable `QNAV_MUTE` is set to
 *    anything but `0`, `false`, `no` or `off`, or #QnavRecoveryExecutor:mute-file exists),
 *    the result is %QNAV_EXECUTION_MUTED.
 * 2. An option for a person (`escalate`, or any option without a command: the planner's
 *    fixes that only a person can make) is not run: the result is %QNAV_EXECUTION_MANUAL
 *    and its message lists the steps. Escalation is the GitHub client's job. A fix with
 *    commands (start the unit that is down, prune dangling images) runs like any other
 *    option, under the policy below.
 * 3. A low-risk option, when the analysis behind the plan is at least
 *    #QnavRecoveryExecutor:auto-confidence sure, runs without asking anybody, unless this
 *    failure (its fingerprint) was already recovered automatically
 *    #QnavRecoveryExecutor:storm-limit times in the last hour (%QNAV_EXECUTION_RATE_LIMITED).
 *    Every other option — medium risk, high risk whatever the confidence, low risk at a
 *    lower confidence — runs only when a handler of #QnavRecoveryExecutor::approve returns
 *    %TRUE; without one, or when it returns %FALSE, the result is %QNAV_EXECUTION_DENIED.
 *
 * Then check → act → verify. The option's check command runs first: exit status 0 means the
 * state is already right, and nothing else runs (%QNAV_EXECUTION_ALREADY_DONE). Otherwise
 * each of its commands runs in order; the first that fails stops the execution
 * (%QNAV_EXECUTION_FAILED, or %QNAV_EXECUTION_TIMED_OUT when it ran past its timeout) and
 * the option's rollback commands run. Finally the verify command (or, when the option has
 * none, the check again) says whether the fix held: %QNAV_EXECUTION_SUCCEEDED or
 * %QNAV_EXECUTION_NOT_HELD. A `wait` option polls its verification every few seconds for up
 * to #QnavRecoveryOption:wait-seconds.
 *
 * Commands are argument vectors run with #GSubprocess, never through a shell, with standard
 * input from `/dev/null` and standard output and error captured together (the last 64 KiB,
 * redacted). Each runs in its own process group under a timeout (its own, else
 * #QnavRecoveryExecutor:default-timeout); past it, the group gets SIGTERM, then SIGKILL.
 *
 * In a dry run (#QnavRecoveryExecutor:dry-run) nothing runs: the result lists, in order, the
 * commands that would, and says whether an approver would be asked.
 *
 * Every execution, whatever its outcome, is recorded in #QnavRecoveryExecutor:history when
 * there is one. Signals are emitted in the thread and main context that started the
 * execution.
 *
 * Since: 0.1
 */

#define DEFAULT_AUTO_CONFIDENCE 0.85
#define DEFAULT_STORM_LIMIT 3
#define DEFAULT_TIMEOUT_SECONDS 300
#define MAX_TIMEOUT_SECONDS (G_MAXUINT / 1000)
#define DEFAULT_KILL_GRACE_MS 5000
#define DEFAULT_POLL_INTERVAL_MS 5000
/* After a command exited, how long its output pipe may stay open (held by a process it left
 * behind) before qnav stops reading. */
#define DRAIN_TIMEOUT_MS 1000
#define STORM_WINDOW_SECONDS 3600

struct _QnavRecoveryExecutor {
	GObject parent_instance;

	QnavHistory *history;
	gboolean dry_run;
	gdouble auto_confidence;
	guint storm_limit;
	gchar *mute_file;
	guint default_timeout;
	guint kill_grace_ms;
	guint poll_interval_ms;

	/* automatic executions of this process, per fingerprint (GArray of real times in µs):
	 * the storm limit holds even without a history, or when writing to it failed */
	GMutex lock;
	GHashTable *automatic_runs;
};

G_DEFINE_FINAL_TYPE (QnavRecoveryExecutor, qnav_recovery_executor, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_HISTORY,
	PROP_DRY_RUN,
	PROP_AUTO_CONFIDENCE,
	PROP_STORM_LIMIT,
	PROP_MUTE_FILE,
	PROP_DEFAULT_TIMEOUT,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
	SIGNAL_APPROVE,
	SIGNAL_APPROVAL_DENIED,
	SIGNAL_COMMAND_STARTED,
	SIGNAL_COMMAND_FINISHED,
	N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- one execution ---- */

typedef enum {
	STAGE_CHECK,
	STAGE_ACT,
	STAGE_VERIFY,
	STAGE_ROLLBACK,
} Stage;

typedef struct {
	QnavCommand *command;
	QnavCommandResult *result;
	GSubprocess *subprocess;
	GPid pid; /* also the id of its process group */
	GInputStream *output_stream;
	GByteArray *output;
	guint64 output_total;
	guint8 chunk[16384];
	gint64 started_us;
	guint timeout_seconds;
	gboolean exited;
	gboolean eof;
	gboolean timed_out;
	gboolean terminating;
	GSource *timeout_source;
	GSource *kill_source;
	GSource *drain_source;
	GCancellable *read_cancellable;
} RunningCommand;

typedef enum {
	DECISION_AUTOMATIC,
	DECISION_NEEDS_APPROVAL,
	DECISION_RATE_LIMITED,
} Decision;

typedef struct {
	QnavRecoveryExecutor *executor;
	QnavRecoveryPlan *plan;
	QnavRecoveryOption *option;
	QnavExecutionResult *result;
	QnavCommand *verify; /* the option's verify command, else its check; may be NULL */
	Stage stage;
	guint act_index;
	guint rollback_index;
	guint rollback_failures;
	QnavExecutionStatus outcome; /* decided before the rollback runs */
	GString *message;
	gboolean automatic;
	gint64 wait_started_us;
	gint64 wait_deadline_us;
	guint verify_attempts;
	RunningCommand *running;
	GSource *start_source;
	GSource *poll_source;
	GSource *cancel_source;
} Execution;

static void
destroy_source (GSource **source)
{
	if (*source != NULL) {
		g_source_destroy (*source);
		g_clear_pointer (source, g_source_unref);
	}
}

static void
running_command_free (RunningCommand *running)
{
	destroy_source (&running->timeout_source);
	destroy_source (&running->kill_source);
	destroy_source (&running->drain_source);
	g_clear_object (&running->command);
	g_clear_object (&running->result);
	g_clear_object (&running->subprocess);
	g_clear_object (&running->output_stream);
	g_clear_object (&running->read_cancellable);
	g_clear_pointer (&running->output, g_byte_array_unref);
	g_free (running);
}

static void
execution_free (Execution *execution)
{
	/* a running command holds a reference on the task: there is none left here */
	g_assert (execution->running == NULL);
	destroy_source (&execution->start_source);
	destroy_source (&execution->poll_source);
	destroy_source (&execution->cancel_source);
	g_clear_object (&execution->executor);
	g_clear_object (&execution->plan);
	g_clear_object (&execution->option);
	g_clear_object (&execution->result);
	g_clear_object (&execution->verify);
	if (execution->message != NULL)
		g_string_free (execution->message, TRUE);
	g_free (execution);
}

/* Every source holds a reference on the task, so it lives until the last has gone. */
static GSource *
attach_source (GTask *task, GSource *source, GSourceFunc callback)
{
	g_source_set_callback (source, callback, g_object_ref (task), g_object_unref);
	g_source_attach (source, g_task_get_context (task));
	return source;
}

static GSource *
attach_timeout (GTask *task, guint interval_ms, GSourceFunc callback)
{
	return attach_source (task, g_timeout_source_new (interval_ms), callback);
}

static gchar *
command_text (QnavCommand *command)
{
	gchar *text = qnav_command_to_string (command);

	return text != NULL ? text : g_strdup ("(command)");
}

static const gchar *
plural (guint count, const gchar *one, const gchar *many)
{
	return count == 1 ? one : many;
}

/* ---- policy ---- */

static gboolean
env_is_set (const gchar *name)
{
	const gchar *value = g_getenv (name);

	if (value == NULL || *value == '\0')
		return FALSE;
	/* anything else mutes: a typo must not switch recovery back on */
	return g_ascii_strcasecmp (value, "0") != 0 && g_ascii_strcasecmp (value, "false") != 0 &&
	       g_ascii_strcasecmp (value, "no") != 0 && g_ascii_strcasecmp (value, "off") != 0;
}

static gchar *
default_mute_file (void)
{
	const gchar *sysconfdir = g_getenv ("QNAV_SYSCONFDIR");

	return g_build_filename (sysconfdir != NULL && *sysconfdir != '\0' ? sysconfdir
									    : "/etc/qnav",
				 "mute", NULL);
}

/**
 * qnav_recovery_executor_is_muted:
 * @self: a #QnavRecoveryExecutor
 * @reason: (out) (optional) (nullable) (transfer full): why, when muted
 *
 * Whether recovery is muted on this host: the environment variable `QNAV_MUTE` is set (to
 * anything but `0`, `false`, `no` or `off`) or #QnavRecoveryExecutor:mute-file exists. The
 * first line of the mute file, when it has one, is given as the reason.
 *
 * Returns: %TRUE if executions end as %QNAV_EXECUTION_MUTED
 *
 * Since: 0.1
 */
gboolean
qnav_recovery_executor_is_muted (QnavRecoveryExecutor *self, gchar **reason)
{
	g_autofree gchar *contents = NULL;
	gsize length = 0;

	g_return_val_if_fail (QNAV_IS_RECOVERY_EXECUTOR (self), FALSE);

	if (reason != NULL)
		*reason = NULL;
	if (env_is_set ("QNAV_MUTE")) {
		if (reason != NULL)
			*reason = g_strdup ("the environment variable QNAV_MUTE is set");
		return TRUE;
	}
	if (!g_file_test (self->mute_file, G_FILE_TEST_EXISTS))
		return FALSE;
	if (reason == NULL)
		return TRUE;
	/* the file's first line may say why, as in "maintenance until 18:00 (alice)" */
	if (g_file_get_contents (self->mute_file, &contents, &length, NULL)) {
		gchar *newline;
		if (length > 200)
			contents[200] = '\0';
		newline = strchr (contents, '\n');
		if (newline != NULL)
			*newline = '\0';
		g_strstrip (contents);
		if (!g_utf8_validate (contents, -1, NULL))
			g_clear_pointer (&contents, g_free);
	}
	if (contents != NULL && *contents != '\0')
		*reason = g_strdup_printf ("%s exists: %s", self->mute_file, contents);
	else
		*reason = g_strdup_printf ("%s exists", self->mute_file);
	return TRUE;
}

static guint
count_recent_automatic_runs (QnavRecoveryExecutor *self, const gchar *fingerprint, gint64 since)
{
	GArray *runs;
	guint count = 0;

	g_mutex_lock (&self->lock);
	runs = g_hash_table_lookup (self->automatic_runs, fingerprint);
	for (guint i = 0; runs != NULL && i < runs->len; i++) {
		if (g_array_index (runs, gint64, i) >= since)
			count++;
	}
	g_mutex_unlock (&self->lock);
	return count;
}

static void
remember_automatic_run (QnavRecoveryExecutor *self, const gchar *fingerprint)
{
	gint64 now = g_get_real_time ();
	gint64 since = now - (gint64) STORM_WINDOW_SECONDS * G_USEC_PER_SEC;
	GArray *runs;

	g_mutex_lock (&self->lock);
	runs = g_hash_table_lookup (self->automatic_runs, fingerprint);
	if (runs == NULL) {
		runs = g_array_new (FALSE, FALSE, sizeof (gint64));
		g_hash_table_insert (self->automatic_runs, g_strdup (fingerprint), runs);
	}
	/* forget what left the window, so a long-running process does not grow */
	while (runs->len > 0 && g_array_index (runs, gint64, 0) < since)
		g_array_remove_index (runs, 0);
	g_array_append_val (runs, now);
	g_mutex_unlock (&self->lock);
}

static const gchar *
fingerprint_key (QnavRecoveryPlan *plan)
{
	const gchar *fingerprint = qnav_recovery_plan_get_fingerprint (plan);

	return fingerprint != NULL ? fingerprint : "";
}

static gdouble
plan_confidence (QnavRecoveryPlan *plan)
{
	QnavFailureAnalysis *analysis = qnav_recovery_plan_get_analysis (plan);

	return analysis != NULL ? qnav_failure_analysis_get_confidence (analysis) : 0.0;
}

/* What the policy decides for an option that has something to run; @reason says why. */
static Decision
decide (QnavRecoveryExecutor *self, QnavRecoveryPlan *plan, QnavRecoveryOption *option,
	gchar **reason)
{
	QnavRisk risk = qnav_recovery_option_get_risk (option);
	gdouble confidence = plan_confidence (plan);
	const gchar *fingerprint = fingerprint_key (plan);
	gint64 since_us = g_get_real_time () - (gint64) STORM_WINDOW_SECONDS * G_USEC_PER_SEC;
	g_autoptr(GError) error_local = NULL;
	guint recent;

	if (risk == QNAV_RISK_HIGH) {
		*reason = g_strdup ("it is high risk, which always needs an approver");
		return DECISION_NEEDS_APPROVAL;
	}
	if (risk != QNAV_RISK_LOW) {
		*reason = g_strdup_printf ("it is %s risk, which needs an approver",
					   qnav_risk_to_string (risk));
		return DECISION_NEEDS_APPROVAL;
	}
	if (!(confidence >= self->auto_confidence)) {
		*reason = g_strdup_printf ("it is low risk, but the diagnosis is only %.0f%% sure "
					   "(automatic below %.0f%% is not allowed)",
					   confidence * 100.0, self->auto_confidence * 100.0);
		return DECISION_NEEDS_APPROVAL;
	}

	recent = count_recent_automatic_runs (self, fingerprint, since_us);
	if (self->history != NULL) {
		g_autoptr(GDateTime) since = g_date_time_new_from_unix_utc (since_us /
									     G_USEC_PER_SEC);
		guint stored = qnav_history_count_automatic_executions (self->history, fingerprint,
									since, &error_local);
		if (error_local != NULL) {
			/* unsure whether the limit is reached: a person decides */
			*reason = g_strdup_printf ("the storm limit could not be checked (%s)",
						   error_local->message);
			return DECISION_NEEDS_APPROVAL;
		}
		recent = MAX (recent, stored);
	}
	if (recent >= self->storm_limit) {
		*reason = g_strdup_printf ("this failure was already recovered automatically %u "
					   "%s in the last hour (the storm limit is %u)",
					   recent, plural (recent, "time", "times"),
					   self->storm_limit);
		return DECISION_RATE_LIMITED;
	}
	*reason = g_strdup_printf ("it is low risk and the diagnosis is %.0f%% sure (at least "
				   "%.0f%%)",
				   confidence * 100.0, self->auto_confidence * 100.0);
	return DECISION_AUTOMATIC;
}

static gboolean
has_commands (QnavRecoveryOption *option)
{
	GPtrArray *commands = qnav_recovery_option_get_commands (option);

	return commands != NULL && commands->len > 0;
}

static gboolean
has_rollback_commands (QnavRecoveryOption *option)
{
	GPtrArray *commands = qnav_recovery_option_get_rollback_commands (option);

	return commands != NULL && commands->len > 0;
}

static gboolean
validate_command (QnavCommand *command, const gchar *what, guint index, GError **error)
{
	const gchar *const *argv = command != NULL ? qnav_command_get_argv (command) : NULL;
	g_autofree gchar *name = index > 0 ? g_strdup_printf ("%s %u", what, index)
					   : g_strdup_printf ("the %s", what);

	if (command == NULL || !QNAV_IS_COMMAND (command)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "%s is not a command (NULL): every command must be an argument "
			     "vector",
			     name);
		return FALSE;
	}
	if (argv == NULL || argv[0] == NULL || argv[0][0] == '\0') {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "%s has an empty argument vector: there is no program to run", name);
		return FALSE;
	}
	return TRUE;
}

/* Refuses an option with a command that cannot run, before anything else happens. */
static gboolean
validate_option (QnavRecoveryOption *option, GError **error)
{
	GPtrArray *commands = qnav_recovery_option_get_commands (option);
	GPtrArray *rollback = qnav_recovery_option_get_rollback_commands (option);
	QnavCommand *check = qnav_recovery_option_get_check (option);
	QnavCommand *verify = qnav_recovery_option_get_verify (option);

	if (check != NULL && !validate_command (check, "check command", 0, error))
		return FALSE;
	for (guint i = 0; commands != NULL && i < commands->len; i++) {
		if (!validate_command (g_ptr_array_index (commands, i), "command", i + 1, error))
			return FALSE;
	}
	if (verify != NULL && !validate_command (verify, "verify command", 0, error))
		return FALSE;
	for (guint i = 0; rollback != NULL && i < rollback->len; i++) {
		if (!validate_command (g_ptr_array_index (rollback, i), "rollback command", i + 1,
				       error))
			return FALSE;
	}
	return TRUE;
}

/* ---- finishing ---- */

static gboolean
anything_ran (Execution *execution)
{
	GPtrArray *commands = qnav_execution_result_get_commands (execution->result);

	for (guint i = 0; i < commands->len; i++) {
		if (qnav_command_result_get_ran (g_ptr_array_index (commands, i)))
			return TRUE;
	}
	return FALSE;
}


static void
record (Execution *execution, QnavExecutionStatus status)
{
	QnavRecoveryExecutor *self = execution->executor;
	g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
	g_autoptr(GError) error_local = NULL;
	gboolean automatic = execution->automatic;

	qnav_execution_result_set_status (execution->result, status);
	qnav_execution_result_set_automatic (execution->result, automatic);
	qnav_execution_result_set_finished (execution->result, now);
	qnav_execution_result_set_message (execution->result, execution->message->str);

	/* what the storm limit counts, as the history does: automatic runs that changed
	 * something (a check that found the state right changed nothing) */
	if (automatic && status != QNAV_EXECUTION_ALREADY_DONE)
		remember_automatic_run (self, fingerprint_key (execution->plan));
	/* the plan counts attempts: executions that got past the policy and ran something */
	if (anything_ran (execution))
		qnav_recovery_plan_note_execution (execution->plan,
						   qnav_execution_status_to_string (status));
	if (self->history != NULL &&
	    !qnav_history_record_execution (self->history, execution->result, &error_local)) {
		/* the recovery itself happened: a history that failed is a warning in the
		 * result, no more */
		g_debug ("could not record the execution in %s: %s",
			 qnav_history_get_path (self->history), error_local->message);
		g_string_append_printf (execution->message,
					"\nWarning: the execution could not be recorded in the "
					"history (%s).",
					error_local->message);
		qnav_execution_result_set_message (execution->result, execution->message->str);
	}
}

static void
execution_finish (GTask *task, QnavExecutionStatus status)
{
	Execution *execution = g_task_get_task_data (task);

	destroy_source (&execution->cancel_source);
	record (execution, status);
	g_debug ("execution of \"%s\": %s",
		 qnav_recovery_option_get_description (execution->option),
		 qnav_execution_status_to_string (status));
	g_task_return_pointer (task, g_object_ref (execution->result), g_object_unref);
}

/* A cancelled execution returns G_IO_ERROR_CANCELLED; when something already ran it is still
 * recorded, as a failure, so the history does not lose a half-done recovery. */
static void
execution_finish_cancelled (GTask *task)
{
	Execution *execution = g_task_get_task_data (task);

	destroy_source (&execution->cancel_source);
	if (anything_ran (execution)) {
		g_string_truncate (execution->message, 0);
		g_string_append (execution->message,
				 "Cancelled while it ran: the command running then was stopped, "
				 "and the rest, the rollback included, did not run.");
		record (execution, QNAV_EXECUTION_FAILED);
	}
	g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
				 "the execution was cancelled");
}

/* ---- running one command ---- */

static guint
effective_timeout (QnavRecoveryExecutor *self, QnavCommand *command)
{
	guint timeout = qnav_command_get_timeout_seconds (command);

	return MIN (timeout > 0 ? timeout : self->default_timeout, MAX_TIMEOUT_SECONDS);
}

static void command_done (GTask *task, QnavCommandResult *result);
static void read_output (GTask *task);

static void
child_setup (gpointer user_data)
{
	/* its own process group, so a timeout stops whatever the command started too */
	setpgid (0, 0);
}

static void
signal_group (RunningCommand *running, gint signum)
{
	/* never kill (-1) or (0): that would hit every process, or qnav's own group */
	if (running->pid > 1 && kill (-running->pid, signum) < 0 && errno != ESRCH)
		g_debug ("kill (-%d, %d): %s", (gint) running->pid, signum, g_strerror (errno));
	if (!running->exited)
		g_subprocess_send_signal (running->subprocess, signum);
}

static gboolean
kill_cb (gpointer user_data)
{
	GTask *task = user_data;
	Execution *execution = g_task_get_task_data (task);
	RunningCommand *running = execution->running;

	g_clear_pointer (&running->kill_source, g_source_unref);
	g_debug ("%s is still running after SIGTERM: SIGKILL",
		 qnav_command_get_argv (running->command)[0]);
	signal_group (running, SIGKILL);
	return G_SOURCE_REMOVE;
}

static void
terminate (GTask *task)
{
	Execution *execution = g_task_get_task_data (task);
	RunningCommand *running = execution->running;

	if (running->terminating || running->exited)
		return;
	running->terminating = TRUE;
	signal_group (running, SIGTERM);
	running->kill_source = attach_timeout (task, execution->executor->kill_grace_ms, kill_cb);
}

static gboolean
timeout_cb (gpointer user_data)
{
	GTask *task = user_data;
	Execution *execution = g_task_get_task_data (task);
	RunningCommand *running = execution->running;

	g_clear_pointer (&running->timeout_source, g_source_unref);
	running->timed_out = TRUE;
	terminate (task);
	return G_SOURCE_REMOVE;
}

static gboolean
drain_cb (gpointer user_data)
{
	GTask *task = user_data;
	Execution *execution = g_task_get_task_data (task);
	RunningCommand *running = execution->running;

	g_clear_pointer (&running->drain_source, g_source_unref);
	/* something the command left behind holds the pipe: stop reading */
	g_cancellable_cancel (running->read_cancellable);
	return G_SOURCE_REMOVE;
}

static void
maybe_complete (GTask *task)
{
	Execution *execution = g_task_get_task_data (task);
	RunningCommand *running = execution->running;
	g_autoptr(QnavCommandResult) result = NULL;
	gdouble duration;
	gint exit_status;

	if (!running->exited || !running->eof)
		return;

	duration = (g_get_monotonic_time () - running->started_us) / (gdouble) G_USEC_PER_SEC;
	if (g_subprocess_get_if_exited (running->subprocess))
		exit_status = g_subprocess_get_exit_status (running->subprocess);
	else if (g_subprocess_get_if_signaled (running->subprocess))
		exit_status = 128 + g_subprocess_get_term_sig (running->subprocess);
	else
		exit_status = 255;
	qnav_command_result_set_outcome (running->result, TRUE, exit_status, running->timed_out,
					 (const gchar *) running->output->data,
					 running->output->len, running->output_total, duration);
	result = g_object_ref (running->result);
	execution->running = NULL;
	running_command_free (running);
	command_done (task, result);
	/* the reference the command held */
	g_object_unref (task);
}

static void
read_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
	GTask *task = user_data;
	Execution *execution = g_task_get_task_data (task);
	RunningCommand *running = execution->running;
	g_autoptr(GError) error_local = NULL;
	gssize n;

	n = g_input_stream_read_finish (G_INPUT_STREAM (source), res, &error_local);
	if (n > 0) {
		g_byte_array_append (running->output, running->chunk, (guint) n);
		running->output_total += (guint64) n;
		/* keep the end only, trimming in big steps */
		if (running->output->len > 2 * QNAV_COMMAND_OUTPUT_MAX)
			g_byte_array_remove_range (running->output, 0,
						   running->output->len - QNAV_COMMAND_OUTPUT_MAX);
		read_output (task);
		return;
	}
	if (error_local != NULL &&
	    !g_error_matches (error_local, G_IO_ERROR, G_IO_ERROR_CANCELLED)) {
		g_autofree gchar *note = g_strdup_printf (
			"\n[qnav: reading the output failed: %s]\n", error_local->message);
		g_byte_array_append (running->output, (const guint8 *) note, (guint) strlen (note));
	}
	running->eof = TRUE;
	destroy_source (&running->drain_source);
	maybe_complete (task);
}

static void
read_output (GTask *task)
{
	Execution *execution = g_task_get_task_data (task);
	RunningCommand *running = execution->running;

	g_input_stream_read_async (running->output_stream, running->chunk, sizeof running->chunk,
				   G_PRIORITY_DEFAULT, running->read_cancellable, read_cb, task);
}

static void
wait_cb (GObject *source, GAsyncResult *res, gpointer user_data)
{
	GTask *task = user_data;
	Execution *execution = g_task_get_task_data (task);
	RunningCommand *running = execution->running;

	/* wait has no cancellable: it always ends when the child does */
	g_subprocess_wait_finish (G_SUBPROCESS (source), res, NULL);
	running->exited = TRUE;
	destroy_source (&running->timeout_source);
	destroy_source (&running->kill_source);
	/* a stopped command's leftovers do not get the grace period: they go now */
	if (running->terminating)
		signal_group (running, SIGKILL);
	if (!running->eof)
		running->drain_source = attach_timeout (task, DRAIN_TIMEOUT_MS, drain_cb);
	maybe_complete (task);
}

static void
run_command (GTask *task, QnavCommand *command, Stage stage, const gchar *role)
{
	Execution *execution = g_task_get_task_data (task);
	QnavRecoveryExecutor *self = execution->executor;
	g_autoptr(GSubprocessLauncher) launcher = NULL;
	g_autoptr(GError) error_local = NULL;
	RunningCommand *running;
	const gchar *identifier;

	g_assert (execution->running == NULL);

	execution->stage = stage;
	g_signal_emit (self, signals[SIGNAL_COMMAND_STARTED], 0, command, role);
	/* a handler may have cancelled */
	if (g_cancellable_is_cancelled (g_task_get_cancellable (task))) {
		execution_finish_cancelled (task);
		return;
	}

	running = g_new0 (RunningCommand, 1);
	running->command = g_object_ref (command);
	running->result = qnav_command_result_new (command, role);
	running->output = g_byte_array_new ();
	running->read_cancellable = g_cancellable_new ();
	running->started_us = g_get_monotonic_time ();
	running->timeout_seconds = effective_timeout (self, command);

	/* standard input stays /dev/null: nothing may wait on a terminal */
	launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
					      G_SUBPROCESS_FLAGS_STDERR_MERGE);
	g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
	running->subprocess = g_subprocess_launcher_spawnv (
		launcher, qnav_command_get_argv (command), &error_local);
	if (running->subprocess == NULL) {
		const gchar *note = error_local->message;
		g_autoptr(QnavCommandResult) result = g_object_ref (running->result);

		/* the shell's "command not found" */
		qnav_command_result_set_outcome (result, FALSE, 127, FALSE, note, strlen (note),
						 strlen (note), 0.0);
		running_command_free (running);
		command_done (task, result);
		return;
	}
	identifier = g_subprocess_get_identifier (running->subprocess);
	running->pid = identifier != NULL ? (GPid) atoi (identifier) : 0;
	running->output_stream = g_object_ref (g_subprocess_get_stdout_pipe (running->subprocess));
	execution->running = running;

	g_object_ref (task); /* held until the command completes */
	running->timeout_source =
		attach_timeout (task, running->timeout_seconds * 1000, timeout_cb);
	g_subprocess_wait_async (running->subprocess, NULL, wait_cb, task);
	read_output (task);
}

/* ---- the stages ---- */

static void run_next_act (GTask *task);
static void run_next_rollback (GTask *task);
static void start_verify (GTask *task);

static void
append_command_outcome (Execution *execution, QnavCommandResult *result)
{
	QnavCommand *command = qnav_command_result_get_command (result);
	g_autofree gchar *text = command_text (command);
	GString *message = execution->message;

	if (!qnav_command_result_get_ran (result))
		g_string_append_printf (message, "`%s` could not be started (%s)", text,
					qnav_command_result_get_output (result));
	else if (qnav_command_result_get_timed_out (result))
		g_string_append_printf (message,
					"`%s` ran past its %u s timeout and was stopped", text,
					effective_timeout (execution->executor, command));
	else if (qnav_command_result_get_exit_status (result) > 128)
		g_string_append_printf (message, "`%s` was killed by signal %d", text,
					qnav_command_result_get_exit_status (result) - 128);
	else
		g_string_append_printf (message, "`%s` exited with status %d", text,
					qnav_command_result_get_exit_status (result));
}

static void
finish_wait_without_condition (GTask *task)
{
	Execution *execution = g_task_get_task_data (task);
	guint seconds = qnav_recovery_option_get_wait_seconds (execution->option);

	g_string_append_printf (execution->message,
				"Waited %u %s. The option has no condition to verify, so whether "
				"the cause has passed is not known.",
				seconds, plural (seconds, "second", "seconds"));
	execution_finish (task, QNAV_EXECUTION_SUCCEEDED);
}

static gboolean
poll_cb (gpointer user_data)
{
	GTask *task = user_data;
	Execution *execution = g_task_get_task_data (task);

	g_clear_pointer (&execution->poll_source, g_source_unref);
	if (execution->verify == NULL)
		finish_wait_without_condition (task);
	else
		run_command (task, execution->verify, STAGE_VERIFY, QNAV_COMMAND_ROLE_VERIFY);
	return G_SOURCE_REMOVE;
}

static void
start_rollback (GTask *task, QnavExecutionStatus outcome)
{
	Execution *execution = g_task_get_task_data (task);

	execution->outcome = outcome;
	execution->rollback_index = 0;
	if (!has_rollback_commands (execution->option)) {
		if (qnav_recovery_option_get_rollback_steps (execution->option) != NULL &&
		    qnav_recovery_option_get_rollback_steps (execution->option)[0] != NULL)
			g_string_append (execution->message,
					 " The option has rollback steps but no rollback commands: "
					 "carry them out by hand.");
		execution_finish (task, outcome);
		return;
	}
	run_next_rollback (task);
}

static void
run_next_rollback (GTask *task)
{
	Execution *execution = g_task_get_task_data (task);
	GPtrArray *rollback = qnav_recovery_option_get_rollback_commands (execution->option);

	if (execution->rollback_index < rollback->len) {
		run_command (task, g_ptr_array_index (rollback, execution->rollback_index),
			     STAGE_ROLLBACK, QNAV_COMMAND_ROLE_ROLLBACK);
		return;
	}
	if (execution->rollback_failures == 0)
		g_string_append_printf (execution->message, " Rolled back: %u rollback %s ran and "
							    "succeeded.",
					rollback->len,
					plural (rollback->len, "command", "commands"));
	else
		g_string_append_printf (execution->message,
					" The rollback ran, but %u of its %u %s failed: check the "
					"host by hand.",
					execution->rollback_failures, rollback->len,
					plural (rollback->len, "command", "commands"));
	execution_finish (task, execution->outcome);
}

static void
run_next_act (GTask *task)
{
	Execution *execution = g_task_get_task_data (task);
	GPtrArray *commands = qnav_recovery_option_get_commands (execution->option);

	if (commands != NULL && execution->act_index < commands->len) {
		run_command (task, g_ptr_array_index (commands, execution->act_index), STAGE_ACT,
			     QNAV_COMMAND_ROLE_ACT);
		return;
	}
	start_verify (task);
}

static void
start_verify (GTask *task)
{
	Execution *execution = g_task_get_task_data (task);
	QnavRecoveryOption *option = execution->option;
	guint ran = execution->act_index;

	if (qnav_recovery_option_get_action (option) == QNAV_RECOVERY_ACTION_WAIT) {
		guint seconds = qnav_recovery_option_get_wait_seconds (option);

		execution->wait_started_us = g_get_monotonic_time ();
		execution->wait_deadline_us =
			execution->wait_started_us + (gint64) seconds * G_USEC_PER_SEC;
		if (execution->verify == NULL) {
			/* no condition: wait the time out, on the main context */
			execution->poll_source = attach_timeout (task, seconds * 1000, poll_cb);
			return;
		}
		run_command (task, execution->verify, STAGE_VERIFY, QNAV_COMMAND_ROLE_VERIFY);
		return;
	}
	if (execution->verify != NULL) {
		run_command (task, execution->verify, STAGE_VERIFY, QNAV_COMMAND_ROLE_VERIFY);
		return;
	}
	if (ran == 0) {
		g_string_append (execution->message,
				 "The option has nothing to run (no commands, no verification).");
		execution_finish (task, QNAV_EXECUTION_SUCCEEDED);
		return;
	}
	g_string_append_printf (execution->message,
				"%u %s ran and succeeded. The option has no verification, so "
				"whether the fix holds is not known.",
				ran, plural (ran, "command", "commands"));
	execution_finish (task, QNAV_EXECUTION_SUCCEEDED);
}

static void
verify_done (GTask *task, QnavCommandResult *result)
{
	Execution *execution = g_task_get_task_data (task);
	QnavRecoveryOption *option = execution->option;
	g_autofree gchar *text = command_text (execution->verify);
	gboolean holds = qnav_command_result_get_ran (result) &&
			 !qnav_command_result_get_timed_out (result) &&
			 qnav_command_result_get_exit_status (result) == 0;
	guint ran = execution->act_index;

	execution->verify_attempts++;
	if (qnav_recovery_option_get_action (option) == QNAV_RECOVERY_ACTION_WAIT) {
		gint64 now = g_get_monotonic_time ();
		gdouble waited = (now - execution->wait_started_us) / (gdouble) G_USEC_PER_SEC;

		if (holds) {
			g_string_append_printf (execution->message,
						"The condition `%s` holds (after %.0f s, %u %s).",
						text, waited, execution->verify_attempts,
						plural (execution->verify_attempts, "check",
							"checks"));
			execution_finish (task, QNAV_EXECUTION_SUCCEEDED);
			return;
		}
		if (now < execution->wait_deadline_us) {
			gint64 remaining_ms = (execution->wait_deadline_us - now) / 1000;
			gint64 poll_ms = execution->executor->poll_interval_ms;
			guint interval = (guint) MIN (poll_ms, MAX (remaining_ms, 1));
			execution->poll_source = attach_timeout (task, interval, poll_cb);
			return;
		}
		g_string_append_printf (execution->message,
					"The condition `%s` still did not hold after %u s (%u %s; "
					"last: ",
					text, qnav_recovery_option_get_wait_seconds (option),
					execution->verify_attempts,
					plural (execution->verify_attempts, "check", "checks"));
		append_command_outcome (execution, result);
		g_string_append (execution->message, ").");
		execution_finish (task, QNAV_EXECUTION_NOT_HELD);
		return;
	}

	if (holds) {
		if (ran > 0)
			g_string_append_printf (execution->message,
						"%u %s ran, and the verification `%s` passed: the "
						"fix holds.",
						ran, plural (ran, "command", "commands"), text);
		else
			g_string_append_printf (execution->message,
						"The verification `%s` passed.", text);
		execution_finish (task, QNAV_EXECUTION_SUCCEEDED);
		return;
	}
	if (qnav_command_result_get_timed_out (result)) {
		g_string_append_printf (execution->message,
					"%u %s ran, but the verification `%s` ran past its "
					"timeout and was stopped: whether the fix holds is not "
					"known.",
					ran, plural (ran, "command", "commands"), text);
		execution_finish (task, QNAV_EXECUTION_TIMED_OUT);
		return;
	}
	g_string_append_printf (execution->message, "%u %s ran, but the fix did not hold: ", ran,
				plural (ran, "command", "commands"));
	append_command_outcome (execution, result);
	g_string_append (execution->message, ".");
	execution_finish (task, QNAV_EXECUTION_NOT_HELD);
}

static void
command_done (GTask *task, QnavCommandResult *result)
{
	Execution *execution = g_task_get_task_data (task);
	QnavRecoveryExecutor *self = execution->executor;
	gboolean ok = qnav_command_result_get_ran (result) &&
		      !qnav_command_result_get_timed_out (result) &&
		      qnav_command_result_get_exit_status (result) == 0;

	if (execution->stage == STAGE_VERIFY &&
	    qnav_recovery_option_get_action (execution->option) == QNAV_RECOVERY_ACTION_WAIT)
		qnav_execution_result_add_or_replace_command (execution->result, result);
	else
		qnav_execution_result_add_command (execution->result, result);
	g_signal_emit (self, signals[SIGNAL_COMMAND_FINISHED], 0, result);

	if (g_cancellable_is_cancelled (g_task_get_cancellable (task))) {
		execution_finish_cancelled (task);
		return;
	}

	switch (execution->stage) {
	case STAGE_CHECK: {
		g_autofree gchar *text = command_text (qnav_command_result_get_command (result));
		if (ok) {
			g_string_append_printf (execution->message,
						"The check `%s` passed: the state is already "
						"right, so nothing was changed.",
						text);
			execution_finish (task, QNAV_EXECUTION_ALREADY_DONE);
		} else if (!qnav_command_result_get_ran (result) ||
			   qnav_command_result_get_timed_out (result)) {
			/* the state is unknown: acting blind is not safe */
			g_string_append (execution->message, "The check ");
			append_command_outcome (execution, result);
			g_string_append (execution->message,
					 ", so the state is unknown; nothing else ran.");
			execution_finish (task, qnav_command_result_get_timed_out (result)
							? QNAV_EXECUTION_TIMED_OUT
							: QNAV_EXECUTION_FAILED);
		} else {
			run_next_act (task);
		}
		break;
	}
	case STAGE_ACT: {
		GPtrArray *commands = qnav_recovery_option_get_commands (execution->option);
		if (ok) {
			execution->act_index++;
			run_next_act (task);
			break;
		}
		g_string_append_printf (execution->message, "Command %u of %u ",
					execution->act_index + 1, commands->len);
		append_command_outcome (execution, result);
		if (execution->act_index + 1 < commands->len)
			g_string_append (execution->message,
					 "; the commands after it did not run.");
		else
			g_string_append (execution->message, ".");
		start_rollback (task, qnav_command_result_get_timed_out (result)
					      ? QNAV_EXECUTION_TIMED_OUT
					      : QNAV_EXECUTION_FAILED);
		break;
	}
	case STAGE_VERIFY:
		verify_done (task, result);
		break;
	case STAGE_ROLLBACK:
		if (!ok)
			execution->rollback_failures++;
		execution->rollback_index++;
		run_next_rollback (task);
		break;
	default:
		g_assert_not_reached ();
	}
}

/* ---- policy, dry run, approval ---- */

static void
append_steps (GString *message, QnavRecoveryOption *option)
{
	const gchar *const *steps = qnav_recovery_option_get_steps (option);

	if (steps == NULL || steps[0] == NULL) {
		g_string_append_printf (message, "\n  1. %s",
					qnav_recovery_option_get_description (option));
		return;
	}
	for (guint i = 0; steps[i] != NULL; i++)
		g_string_append_printf (message, "\n  %u. %s", i + 1, steps[i]);
}

static void
add_planned (Execution *execution, QnavCommand *command, const gchar *role)
{
	g_autoptr(QnavCommandResult) result = qnav_command_result_new (command, role);

	qnav_execution_result_add_command (execution->result, result);
}

static void
finish_dry_run (GTask *task, Decision decision, const gchar *reason)
{
	Execution *execution = g_task_get_task_data (task);
	QnavRecoveryOption *option = execution->option;
	QnavCommand *check = qnav_recovery_option_get_check (option);
	GPtrArray *commands = qnav_recovery_option_get_commands (option);
	GPtrArray *rollback = qnav_recovery_option_get_rollback_commands (option);
	guint count;
	gboolean is_wait = qnav_recovery_option_get_action (option) == QNAV_RECOVERY_ACTION_WAIT;

	if (check != NULL)
		add_planned (execution, check, QNAV_COMMAND_ROLE_CHECK);
	for (guint i = 0; commands != NULL && i < commands->len; i++)
		add_planned (execution, g_ptr_array_index (commands, i), QNAV_COMMAND_ROLE_ACT);
	if (execution->verify != NULL)
		add_planned (execution, execution->verify, QNAV_COMMAND_ROLE_VERIFY);
	count = qnav_execution_result_get_commands (execution->result)->len;
	for (guint i = 0; rollback != NULL && i < rollback->len; i++)
		add_planned (execution, g_ptr_array_index (rollback, i),
			     QNAV_COMMAND_ROLE_ROLLBACK);

	g_string_append_printf (execution->message, "Dry run: nothing ran. %u %s would run",
				count, plural (count, "command", "commands"));
	switch (decision) {
	case DECISION_AUTOMATIC:
		g_string_append_printf (execution->message, " automatically: %s.", reason);
		break;
	case DECISION_NEEDS_APPROVAL:
		g_string_append_printf (execution->message, " once an approver agrees: %s.",
					reason);
		break;
	case DECISION_RATE_LIMITED:
	default:
		g_string_append_printf (execution->message,
					", but not now: the storm limit is reached (%s).", reason);
		break;
	}
	if (check != NULL)
		g_string_append (execution->message,
				 " When the check passes, the state is already right and nothing "
				 "after it runs.");
	if (is_wait)
		g_string_append_printf (
			execution->message, " The verification is repeated for up to %u s.",
			qnav_recovery_option_get_wait_seconds (option));
	if (rollback != NULL && rollback->len > 0)
		g_string_append_printf (execution->message,
					" The %u rollback %s only if a command fails.",
					rollback->len,
					plural (rollback->len, "command runs", "commands run"));
	/* exactly what would run, in order, as it would run (no shell) */
	for (guint i = 0; i < qnav_execution_result_get_commands (execution->result)->len; i++) {
		QnavCommandResult *planned =
			g_ptr_array_index (qnav_execution_result_get_commands (execution->result), i);
		g_autofree gchar *line =
			qnav_command_to_string (qnav_command_result_get_command (planned));
		g_string_append_printf (execution->message, "\n  %u. %s: %s", i + 1,
					qnav_command_result_get_role (planned), line);
	}
	execution_finish (task, QNAV_EXECUTION_DRY_RUN);
}

static gboolean
start_cb (gpointer user_data)
{
	GTask *task = user_data;
	Execution *execution = g_task_get_task_data (task);
	QnavRecoveryExecutor *self = execution->executor;
	QnavRecoveryOption *option = execution->option;
	QnavRecoveryAction action = qnav_recovery_option_get_action (option);
	g_autofree gchar *mute_reason = NULL;
	g_autofree gchar *reason = NULL;
	gboolean nothing_to_run;
	Decision decision;

	g_clear_pointer (&execution->start_source, g_source_unref);
	if (g_cancellable_is_cancelled (g_task_get_cancellable (task))) {
		/* nothing ran: nothing to record */
		destroy_source (&execution->cancel_source);
		g_task_return_error_if_cancelled (task);
		return G_SOURCE_REMOVE;
	}

	/* 1. muted: nothing at all */
	if (qnav_recovery_executor_is_muted (self, &mute_reason)) {
		g_string_append_printf (execution->message,
					"Recovery is muted on this host (%s); nothing ran.",
					mute_reason);
		execution_finish (task, QNAV_EXECUTION_MUTED);
		return G_SOURCE_REMOVE;
	}

	/* 2. for a person */
	nothing_to_run = qnav_recovery_option_get_check (option) == NULL &&
			 !has_commands (option) && qnav_recovery_option_get_verify (option) == NULL;
	if (action == QNAV_RECOVERY_ACTION_ESCALATE) {
		g_string_append (execution->message,
				 "Escalation is not run here: open or update the issue with `qnav "
				 "escalate` (the GitHub client). Its steps:");
		append_steps (execution->message, option);
		execution_finish (task, QNAV_EXECUTION_MANUAL);
		return G_SOURCE_REMOVE;
	}
	if (nothing_to_run && action != QNAV_RECOVERY_ACTION_SKIP &&
	    !(action == QNAV_RECOVERY_ACTION_WAIT &&
	      qnav_recovery_option_get_wait_seconds (option) > 0)) {
		g_string_append (execution->message,
				 "This option has no commands qnav can run; nothing ran. "
				 "Carry out its steps by hand:");
		append_steps (execution->message, option);
		execution_finish (task, QNAV_EXECUTION_MANUAL);
		return G_SOURCE_REMOVE;
	}

	/* 3. who decides */
	decision = decide (self, execution->plan, option, &reason);

	/* 4. dry run: say what would happen, ask nobody */
	if (self->dry_run) {
		finish_dry_run (task, decision, reason);
		return G_SOURCE_REMOVE;
	}

	/* 5. the decision */
	if (decision == DECISION_RATE_LIMITED) {
		g_string_append_printf (execution->message,
					"Not run automatically: %s. Nothing ran; run it by hand if "
					"it is still needed.",
					reason);
		execution_finish (task, QNAV_EXECUTION_RATE_LIMITED);
		return G_SOURCE_REMOVE;
	}
	if (decision == DECISION_NEEDS_APPROVAL) {
		gboolean approved = FALSE;
		gboolean asked = g_signal_has_handler_pending (self, signals[SIGNAL_APPROVE], 0,
							       FALSE);

		g_signal_emit (self, signals[SIGNAL_APPROVE], 0, execution->plan, option,
			       &approved);
		if (!approved) {
			g_signal_emit (self, signals[SIGNAL_APPROVAL_DENIED], 0, option);
			if (asked)
				g_string_append_printf (execution->message,
							"Not approved: %s, and the approver "
							"refused. Nothing ran.",
							reason);
			else
				g_string_append_printf (
					execution->message,
					"Not approved: %s, and no approver was there to ask "
					"(connect to QnavRecoveryExecutor::approve, or pass --yes "
					"to qnav recover). Nothing ran.",
					reason);
			execution_finish (task, QNAV_EXECUTION_DENIED);
			return G_SOURCE_REMOVE;
		}
		g_debug ("approved: %s", reason);
	} else {
		execution->automatic = TRUE;
		g_debug ("automatic: %s", reason);
	}
	/* an approver may have taken its time: the caller may have given up meanwhile */
	if (g_cancellable_is_cancelled (g_task_get_cancellable (task))) {
		execution_finish_cancelled (task);
		return G_SOURCE_REMOVE;
	}

	/* 6. check → act → verify */
	if (qnav_recovery_option_get_check (option) != NULL)
		run_command (task, qnav_recovery_option_get_check (option), STAGE_CHECK,
			     QNAV_COMMAND_ROLE_CHECK);
	else
		run_next_act (task);
	return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (GCancellable *cancellable, gpointer user_data)
{
	GTask *task = user_data;
	Execution *execution = g_task_get_task_data (task);

	g_clear_pointer (&execution->cancel_source, g_source_unref);
	if (execution->running != NULL) {
		/* completion of the command then returns the cancellation */
		terminate (task);
	} else if (execution->poll_source != NULL) {
		destroy_source (&execution->poll_source);
		execution_finish_cancelled (task);
	}
	/* before start_cb ran: it returns the cancellation itself */
	return G_SOURCE_REMOVE;
}

/* ---- GObject ---- */

static void
qnav_recovery_executor_finalize (GObject *object)
{
	QnavRecoveryExecutor *self = QNAV_RECOVERY_EXECUTOR (object);

	g_clear_object (&self->history);
	g_free (self->mute_file);
	g_hash_table_unref (self->automatic_runs);
	g_mutex_clear (&self->lock);

	G_OBJECT_CLASS (qnav_recovery_executor_parent_class)->finalize (object);
}

static void
qnav_recovery_executor_get_property (GObject *object, guint prop_id, GValue *value,
				     GParamSpec *pspec)
{
	QnavRecoveryExecutor *self = QNAV_RECOVERY_EXECUTOR (object);

	switch (prop_id) {
	case PROP_HISTORY:
		g_value_set_object (value, self->history);
		break;
	case PROP_DRY_RUN:
		g_value_set_boolean (value, self->dry_run);
		break;
	case PROP_AUTO_CONFIDENCE:
		g_value_set_double (value, self->auto_confidence);
		break;
	case PROP_STORM_LIMIT:
		g_value_set_uint (value, self->storm_limit);
		break;
	case PROP_MUTE_FILE:
		g_value_set_string (value, self->mute_file);
		break;
	case PROP_DEFAULT_TIMEOUT:
		g_value_set_uint (value, self->default_timeout);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_recovery_executor_set_property (GObject *object, guint prop_id, const GValue *value,
				     GParamSpec *pspec)
{
	QnavRecoveryExecutor *self = QNAV_RECOVERY_EXECUTOR (object);

	switch (prop_id) {
	case PROP_HISTORY:
		qnav_recovery_executor_set_history (self, g_value_get_object (value));
		break;
	case PROP_DRY_RUN:
		qnav_recovery_executor_set_dry_run (self, g_value_get_boolean (value));
		break;
	case PROP_AUTO_CONFIDENCE:
		qnav_recovery_executor_set_auto_confidence (self, g_value_get_double (value));
		break;
	case PROP_STORM_LIMIT:
		qnav_recovery_executor_set_storm_limit (self, g_value_get_uint (value));
		break;
	case PROP_MUTE_FILE:
		qnav_recovery_executor_set_mute_file (self, g_value_get_string (value));
		break;
	case PROP_DEFAULT_TIMEOUT:
		qnav_recovery_executor_set_default_timeout (self, g_value_get_uint (value));
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_recovery_executor_class_init (QnavRecoveryExecutorClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);

	object_class->finalize = qnav_recovery_executor_finalize;
	object_class->get_property = qnav_recovery_executor_get_property;
	object_class->set_property = qnav_recovery_executor_set_property;

	/**
	 * QnavRecoveryExecutor:history:
	 *
	 * Where executions are recorded and the storm limit is counted. Without one, the storm
	 * limit counts this process's own automatic executions only.
	 *
	 * Since: 0.1
	 */
	properties[PROP_HISTORY] = g_param_spec_object (
		"history", NULL, NULL, QNAV_TYPE_HISTORY,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavRecoveryExecutor:dry-run:
	 *
	 * When %TRUE nothing runs: executions end as %QNAV_EXECUTION_DRY_RUN and list the
	 * commands that would run, in order, with their roles, and the message says whether
	 * they would run automatically or after an approval (no approver is asked). A muted
	 * host and an option for a person still end as %QNAV_EXECUTION_MUTED and
	 * %QNAV_EXECUTION_MANUAL. Dry runs are recorded too, never as automatic.
	 *
	 * Since: 0.1
	 */
	properties[PROP_DRY_RUN] = g_param_spec_boolean (
		"dry-run", NULL, NULL, FALSE,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavRecoveryExecutor:auto-confidence:
	 *
	 * How sure the diagnosis must be (#QnavFailureAnalysis:confidence) for a low-risk
	 * option to run without an approver.
	 *
	 * Since: 0.1
	 */
	properties[PROP_AUTO_CONFIDENCE] = g_param_spec_double (
		"auto-confidence", NULL, NULL, 0.0, 1.0, DEFAULT_AUTO_CONFIDENCE,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavRecoveryExecutor:storm-limit:
	 *
	 * How many automatic recoveries of one failure (one fingerprint) may run per hour;
	 * past it, executions end as %QNAV_EXECUTION_RATE_LIMITED. 0 allows none. It counts
	 * the automatic executions that changed something (not those whose check found the
	 * state already right), from #QnavRecoveryExecutor:history and from this process.
	 *
	 * Since: 0.1
	 */
	properties[PROP_STORM_LIMIT] = g_param_spec_uint (
		"storm-limit", NULL, NULL, 0, G_MAXUINT, DEFAULT_STORM_LIMIT,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavRecoveryExecutor:mute-file:
	 *
	 * While this file exists, recovery is muted. Its first line, if any, is shown as the
	 * reason. Setting %NULL restores the default, `$QNAV_SYSCONFDIR/mute`, else
	 * `/etc/qnav/mute`.
	 *
	 * Since: 0.1
	 */
	properties[PROP_MUTE_FILE] = g_param_spec_string (
		"mute-file", NULL, NULL, NULL,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavRecoveryExecutor:default-timeout:
	 *
	 * The timeout, in seconds, of a command that has none of its own.
	 *
	 * Since: 0.1
	 */
	properties[PROP_DEFAULT_TIMEOUT] = g_param_spec_uint (
		"default-timeout", NULL, NULL, 1, MAX_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS,
		G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

	g_object_class_install_properties (object_class, N_PROPS, properties);

	/**
	 * QnavRecoveryExecutor::approve:
	 * @self: the #QnavRecoveryExecutor
	 * @plan: the plan
	 * @option: the option that is about to run
	 *
	 * Emitted once per execution, before anything runs, when the policy needs a person's
	 * consent: for a medium- or high-risk option, or a low-risk one at a confidence below
	 * #QnavRecoveryExecutor:auto-confidence. The first handler decides. Without a handler,
	 * or when it returns %FALSE, nothing runs and the execution ends as
	 * %QNAV_EXECUTION_DENIED.
	 *
	 * Returns: %TRUE to let the option run
	 *
	 * Since: 0.1
	 */
	signals[SIGNAL_APPROVE] = g_signal_new (
		"approve", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
		g_signal_accumulator_first_wins, NULL, NULL, G_TYPE_BOOLEAN, 2,
		QNAV_TYPE_RECOVERY_PLAN, QNAV_TYPE_RECOVERY_OPTION);

	/**
	 * QnavRecoveryExecutor::approval-denied:
	 * @self: the #QnavRecoveryExecutor
	 * @option: the option that did not run
	 *
	 * Emitted when an option that needed approval did not get it (no handler of
	 * #QnavRecoveryExecutor::approve, or it returned %FALSE).
	 *
	 * Since: 0.1
	 */
	signals[SIGNAL_APPROVAL_DENIED] = g_signal_new (
		"approval-denied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
		NULL, G_TYPE_NONE, 1, QNAV_TYPE_RECOVERY_OPTION);

	/**
	 * QnavRecoveryExecutor::command-started:
	 * @self: the #QnavRecoveryExecutor
	 * @command: the command about to run
	 * @role: `check`, `act`, `verify` or `rollback`
	 *
	 * Emitted just before a command starts. A wait option emits it for every check of its
	 * condition.
	 *
	 * Since: 0.1
	 */
	signals[SIGNAL_COMMAND_STARTED] = g_signal_new (
		"command-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
		NULL, G_TYPE_NONE, 2, QNAV_TYPE_COMMAND,
		G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

	/**
	 * QnavRecoveryExecutor::command-finished:
	 * @self: the #QnavRecoveryExecutor
	 * @result: how the command ended
	 *
	 * Emitted when a command has ended (or could not be started), with its exit status and
	 * redacted output.
	 *
	 * Since: 0.1
	 */
	signals[SIGNAL_COMMAND_FINISHED] = g_signal_new (
		"command-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
		NULL, G_TYPE_NONE, 1, QNAV_TYPE_COMMAND_RESULT);
}

static void
qnav_recovery_executor_init (QnavRecoveryExecutor *self)
{
	self->auto_confidence = DEFAULT_AUTO_CONFIDENCE;
	self->storm_limit = DEFAULT_STORM_LIMIT;
	self->mute_file = default_mute_file ();
	self->default_timeout = DEFAULT_TIMEOUT_SECONDS;
	self->kill_grace_ms = DEFAULT_KILL_GRACE_MS;
	self->poll_interval_ms = DEFAULT_POLL_INTERVAL_MS;
	g_mutex_init (&self->lock);
	self->automatic_runs =
		g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
				       (GDestroyNotify) g_array_unref);
}

/**
 * qnav_recovery_executor_new:
 * @history: (nullable): where to record executions and count the storm limit
 *
 * Returns: (transfer full): a new #QnavRecoveryExecutor
 *
 * Since: 0.1
 */
QnavRecoveryExecutor *
qnav_recovery_executor_new (QnavHistory *history)
{
	g_return_val_if_fail (history == NULL || QNAV_IS_HISTORY (history), NULL);

	return g_object_new (QNAV_TYPE_RECOVERY_EXECUTOR, "history", history, NULL);
}

/**
 * qnav_recovery_executor_get_history:
 * @self: a #QnavRecoveryExecutor
 *
 * Returns: (transfer none) (nullable): the history, if any
 *
 * Since: 0.1
 */
QnavHistory *
qnav_recovery_executor_get_history (QnavRecoveryExecutor *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_EXECUTOR (self), NULL);
	return self->history;
}

/**
 * qnav_recovery_executor_set_history:
 * @self: a #QnavRecoveryExecutor
 * @history: (nullable): the history, or %NULL for none
 *
 * Sets #QnavRecoveryExecutor:history. Executions already running keep the one they started
 * with.
 *
 * Since: 0.1
 */
void
qnav_recovery_executor_set_history (QnavRecoveryExecutor *self, QnavHistory *history)
{
	g_return_if_fail (QNAV_IS_RECOVERY_EXECUTOR (self));
	g_return_if_fail (history == NULL || QNAV_IS_HISTORY (history));

	if (g_set_object (&self->history, history))
		g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HISTORY]);
}

/**
 * qnav_recovery_executor_get_dry_run:
 * @self: a #QnavRecoveryExecutor
 *
 * Returns: %TRUE if executions only say what would run
 *
 * Since: 0.1
 */
gboolean
qnav_recovery_executor_get_dry_run (QnavRecoveryExecutor *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_EXECUTOR (self), FALSE);
	return self->dry_run;
}

/**
 * qnav_recovery_executor_set_dry_run:
 * @self: a #QnavRecoveryExecutor
 * @dry_run: %TRUE to run nothing
 *
 * Sets #QnavRecoveryExecutor:dry-run.
 *
 * Since: 0.1
 */
void
qnav_recovery_executor_set_dry_run (QnavRecoveryExecutor *self, gboolean dry_run)
{
	g_return_if_fail (QNAV_IS_RECOVERY_EXECUTOR (self));

	dry_run = !!dry_run;
	if (self->dry_run == dry_run)
		return;
	self->dry_run = dry_run;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRY_RUN]);
}

/**
 * qnav_recovery_executor_get_auto_confidence:
 * @self: a #QnavRecoveryExecutor
 *
 * Returns: the confidence from which a low-risk option runs without an approver
 *
 * Since: 0.1
 */
gdouble
qnav_recovery_executor_get_auto_confidence (QnavRecoveryExecutor *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_EXECUTOR (self), DEFAULT_AUTO_CONFIDENCE);
	return self->auto_confidence;
}

/**
 * qnav_recovery_executor_set_auto_confidence:
 * @self: a #QnavRecoveryExecutor
 * @confidence: from 0 to 1
 *
 * Sets #QnavRecoveryExecutor:auto-confidence.
 *
 * Since: 0.1
 */
void
qnav_recovery_executor_set_auto_confidence (QnavRecoveryExecutor *self, gdouble confidence)
{
	g_return_if_fail (QNAV_IS_RECOVERY_EXECUTOR (self));
	g_return_if_fail (confidence >= 0.0 && confidence <= 1.0);

	if (self->auto_confidence == confidence)
		return;
	self->auto_confidence = confidence;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_CONFIDENCE]);
}

/**
 * qnav_recovery_executor_get_storm_limit:
 * @self: a #QnavRecoveryExecutor
 *
 * Returns: how many automatic recoveries of one failure may run per hour
 *
 * Since: 0.1
 */
guint
qnav_recovery_executor_get_storm_limit (QnavRecoveryExecutor *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_EXECUTOR (self), DEFAULT_STORM_LIMIT);
	return self->storm_limit;
}

/**
 * qnav_recovery_executor_set_storm_limit:
 * @self: a #QnavRecoveryExecutor
 * @per_hour: automatic recoveries of one failure per hour; 0 allows none
 *
 * Sets #QnavRecoveryExecutor:storm-limit.
 *
 * Since: 0.1
 */
void
qnav_recovery_executor_set_storm_limit (QnavRecoveryExecutor *self, guint per_hour)
{
	g_return_if_fail (QNAV_IS_RECOVERY_EXECUTOR (self));

	if (self->storm_limit == per_hour)
		return;
	self->storm_limit = per_hour;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORM_LIMIT]);
}

/**
 * qnav_recovery_executor_get_mute_file:
 * @self: a #QnavRecoveryExecutor
 *
 * Returns: the file whose existence mutes recovery
 *
 * Since: 0.1
 */
const gchar *
qnav_recovery_executor_get_mute_file (QnavRecoveryExecutor *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_EXECUTOR (self), NULL);
	return self->mute_file;
}

/**
 * qnav_recovery_executor_set_mute_file:
 * @self: a #QnavRecoveryExecutor
 * @path: (nullable) (type filename): the mute file, or %NULL for the default
 *
 * Sets #QnavRecoveryExecutor:mute-file.
 *
 * Since: 0.1
 */
void
qnav_recovery_executor_set_mute_file (QnavRecoveryExecutor *self, const gchar *path)
{
	g_autofree gchar *value = NULL;

	g_return_if_fail (QNAV_IS_RECOVERY_EXECUTOR (self));

	value = path != NULL && *path != '\0' ? g_strdup (path) : default_mute_file ();
	if (g_strcmp0 (self->mute_file, value) == 0)
		return;
	g_free (self->mute_file);
	self->mute_file = g_steal_pointer (&value);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTE_FILE]);
}

/**
 * qnav_recovery_executor_get_default_timeout:
 * @self: a #QnavRecoveryExecutor
 *
 * Returns: the timeout, in seconds, of commands without their own
 *
 * Since: 0.1
 */
guint
qnav_recovery_executor_get_default_timeout (QnavRecoveryExecutor *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_EXECUTOR (self), DEFAULT_TIMEOUT_SECONDS);
	return self->default_timeout;
}

/**
 * qnav_recovery_executor_set_default_timeout:
 * @self: a #QnavRecoveryExecutor
 * @seconds: at least 1
 *
 * Sets #QnavRecoveryExecutor:default-timeout.
 *
 * Since: 0.1
 */
void
qnav_recovery_executor_set_default_timeout (QnavRecoveryExecutor *self, guint seconds)
{
	g_return_if_fail (QNAV_IS_RECOVERY_EXECUTOR (self));
	g_return_if_fail (seconds >= 1 && seconds <= MAX_TIMEOUT_SECONDS);

	if (self->default_timeout == seconds)
		return;
	self->default_timeout = seconds;
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEFAULT_TIMEOUT]);
}

void
qnav_recovery_executor_set_kill_grace_ms (QnavRecoveryExecutor *self, guint grace_ms)
{
	g_return_if_fail (QNAV_IS_RECOVERY_EXECUTOR (self));
	self->kill_grace_ms = grace_ms;
}

void
qnav_recovery_executor_set_poll_interval_ms (QnavRecoveryExecutor *self, guint interval_ms)
{
	g_return_if_fail (QNAV_IS_RECOVERY_EXECUTOR (self));
	self->poll_interval_ms = MAX (interval_ms, 1);
}

/**
 * qnav_recovery_executor_execute_async:
 * @self: a #QnavRecoveryExecutor
 * @plan: the plan
 * @option: the option to carry out, usually one of @plan's
 * @cancellable: (nullable): a #GCancellable; cancelling stops the command that runs (SIGTERM,
 *   then SIGKILL) and nothing after it runs
 * @callback: (scope async): called when the execution has ended
 * @user_data: data for @callback
 *
 * Carries out @option as the class description says: policy (mute, manual, approval, storm
 * limit), then check → act → verify, with rollback after a failure. Nothing blocks the
 * calling thread; signals are emitted in its thread-default main context.
 *
 * Since: 0.1
 */
void
qnav_recovery_executor_execute_async (QnavRecoveryExecutor *self, QnavRecoveryPlan *plan,
				      QnavRecoveryOption *option, GCancellable *cancellable,
				      GAsyncReadyCallback callback, gpointer user_data)
{
	g_autoptr(GTask) task = NULL;
	g_autoptr(GError) error_local = NULL;
	Execution *execution;
	QnavCommand *verify;

	g_return_if_fail (QNAV_IS_RECOVERY_EXECUTOR (self));
	g_return_if_fail (QNAV_IS_RECOVERY_PLAN (plan));
	g_return_if_fail (QNAV_IS_RECOVERY_OPTION (option));
	g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

	task = g_task_new (self, cancellable, callback, user_data);
	g_task_set_source_tag (task, qnav_recovery_executor_execute_async);
	/* the outcome decides: a result that arrives as the caller cancels is still returned */
	g_task_set_check_cancellable (task, FALSE);

	if (!validate_option (option, &error_local)) {
		g_prefix_error (&error_local, "cannot execute \"%s\": ",
				qnav_recovery_option_get_description (option));
		g_task_return_error (task, g_steal_pointer (&error_local));
		return;
	}

	execution = g_new0 (Execution, 1);
	execution->executor = g_object_ref (self);
	execution->plan = g_object_ref (plan);
	execution->option = g_object_ref (option);
	execution->message = g_string_new (NULL);
	execution->result = qnav_execution_result_new (
		qnav_recovery_option_get_action (option), qnav_recovery_plan_get_fingerprint (plan),
		qnav_recovery_option_get_description (option));
	/* the check says whether the state is right: without a verify command it verifies */
	verify = qnav_recovery_option_get_verify (option);
	if (verify == NULL)
		verify = qnav_recovery_option_get_check (option);
	if (verify != NULL)
		execution->verify = g_object_ref (verify);
	g_task_set_task_data (task, execution, (GDestroyNotify) execution_free);

	/* the cancel source is destroyed whenever the task returns, which breaks the cycle
	 * task → execution → source → task */
	if (cancellable != NULL)
		execution->cancel_source =
			attach_source (task, g_cancellable_source_new (cancellable),
				       G_SOURCE_FUNC (cancelled_cb));
	/* signals and commands only once the caller's main context runs */
	execution->start_source = attach_source (task, g_idle_source_new (), start_cb);
}

/**
 * qnav_recovery_executor_execute_finish:
 * @self: a #QnavRecoveryExecutor
 * @result: the #GAsyncResult passed to the callback
 * @error: return location for a #GError
 *
 * Finishes qnav_recovery_executor_execute_async(). Every outcome of the recovery itself —
 * failed, denied, muted, timed out… — is a result; an error means the option could not be
 * executed at all (%QNAV_ERROR_INVALID_ARGUMENT for a command with an empty argument vector)
 * or the execution was cancelled (%G_IO_ERROR_CANCELLED).
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 *
 * Since: 0.1
 */
QnavExecutionResult *
qnav_recovery_executor_execute_finish (QnavRecoveryExecutor *self, GAsyncResult *result,
				       GError **error)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_EXECUTOR (self), NULL);
	g_return_val_if_fail (g_task_is_valid (result, self), NULL);
	g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
				      qnav_recovery_executor_execute_async,
			      NULL);

	return g_task_propagate_pointer (G_TASK (result), error);
}

static void
execute_sync_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
	GAsyncResult **out = user_data;

	*out = g_object_ref (result);
}

/**
 * qnav_recovery_executor_execute:
 * @self: a #QnavRecoveryExecutor
 * @plan: the plan
 * @option: the option to carry out, usually one of @plan's
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * The synchronous form of qnav_recovery_executor_execute_async(), for command-line tools:
 * it runs a main context of its own, in which the signals are emitted, until the execution
 * has ended.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 *
 * Since: 0.1
 */
QnavExecutionResult *
qnav_recovery_executor_execute (QnavRecoveryExecutor *self, QnavRecoveryPlan *plan,
				QnavRecoveryOption *option, GCancellable *cancellable,
				GError **error)
{
	g_autoptr(GMainContext) context = NULL;
	g_autoptr(GAsyncResult) result = NULL;

	g_return_val_if_fail (QNAV_IS_RECOVERY_EXECUTOR (self), NULL);
	g_return_val_if_fail (QNAV_IS_RECOVERY_PLAN (plan), NULL);
	g_return_val_if_fail (QNAV_IS_RECOVERY_OPTION (option), NULL);
	g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

	context = g_main_context_new ();
	g_main_context_push_thread_default (context);
	qnav_recovery_executor_execute_async (self, plan, option, cancellable, execute_sync_cb,
					      &result);
	while (result == NULL)
		g_main_context_iteration (context, TRUE);
	g_main_context_pop_thread_default (context);
	return qnav_recovery_executor_execute_finish (self, result, error);
}
