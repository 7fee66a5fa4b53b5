/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "qnav-diagnostic-context.h"
#include "qnav-disk-usage.h"
#include "qnav-enum-types.h"
#include "qnav-error.h"
#include "qnav-network-check.h"
#include "qnav-recovery-plan-private.h"
#include "qnav-recovery-planner.h"
#include "qnav-service-status.h"
#include "qnav-system-resources.h"

/**
 * QnavRecoveryPlanner:
 *
 * Turns a [class@FailureAnalysis] into a [class@RecoveryPlan]: concrete options for the
 * diagnosed cause, built from what the probes saw (the unit that is down, the filesystem
 * that is full, the host that does not answer), ranked by expected value.
 *
 * The expected value of an option is the confidence that it addresses the failure × the
 * rate at which that action fixed this failure before (measured in [class@History] and
 * smoothed towards a prior per cause and action while there are few attempts) × a factor
 * for its risk and one for its duration. Escalation to a person is always offered and is
 * worth a fixed [const@RECOVERY_PLANNER_ESCALATION_VALUE]: an option has to beat it to be
 * recommended, so a failure nobody understands goes to a person and a transient one is
 * retried or waited out.
 *
 * Commands are argument vectors built from what the probes reported and from names taken
 * out of the error text only after they were checked against the shape of a unit, a
 * container or a domain name; error text is never pasted into a command. Conditions (a
 * service is active, a disk has room, a host answers) are checked with `qnav check`.
 *
 * Since: 0.1
 */

/* A person looking at the failure is worth a quarter of a fix that surely works; see above. */
#define ESCALATION_VALUE 0.25

/* How many attempts of history weigh as much as the prior. */
#define PRIOR_WEIGHT 2.0

/* A filesystem this full (or with less than this free) is worth freeing. */
#define DISK_FULL_PERCENT 90.0
#define DISK_FULL_FREE_BYTES (1024ull * 1024 * 1024)
/* …and recovery leaves at least this much free. */
#define DISK_TARGET_FREE_PERCENT "10"

/* At most this many services or hosts get an option of their own. */
#define MAX_TARGETS 3

struct _QnavRecoveryPlanner {
	GObject parent_instance;

	QnavHistory *history;
	gchar *qnav_path;
	gchar *libvirt_uri;
};

G_DEFINE_FINAL_TYPE (QnavRecoveryPlanner, qnav_recovery_planner, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_HISTORY,
	PROP_QNAV_PATH,
	PROP_LIBVIRT_URI,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What the planner knows about one failure, gathered once. */
typedef struct {
	QnavFailureAnalysis *analysis;
	QnavRootCause cause;
	gdouble confidence;
	const gchar *plugin;
	const gchar *text;
	const gchar *fingerprint;
	GPtrArray *down_services; /* QnavServiceStatus, not owned */
	GPtrArray *full_disks;    /* QnavDiskUsage, not owned */
	GPtrArray *bad_hosts;     /* QnavNetworkCheck, not owned */
	gdouble memory_available_percent; /* < 0 when unknown */
	gchar *domain;                    /* a libvirt domain the text names, checked */
	guint timeout_seconds;            /* the timeout the text names, 0 when none */
	guint recent_occurrences;         /* of this fingerprint in the last hour */
} Facts;

static void
facts_clear (Facts *facts)
{
	g_clear_pointer (&facts->down_services, g_ptr_array_unref);
	g_clear_pointer (&facts->full_disks, g_ptr_array_unref);
	g_clear_pointer (&facts->bad_hosts, g_ptr_array_unref);
	g_clear_pointer (&facts->domain, g_free);
}

static void
qnav_recovery_planner_finalize (GObject *object)
{
	QnavRecoveryPlanner *self = QNAV_RECOVERY_PLANNER (object);

	g_clear_object (&self->history);
	g_free (self->qnav_path);
	g_free (self->libvirt_uri);

	G_OBJECT_CLASS (qnav_recovery_planner_parent_class)->finalize (object);
}

static void
qnav_recovery_planner_get_property (GObject *object, guint prop_id, GValue *value,
				    GParamSpec *pspec)
{
	QnavRecoveryPlanner *self = QNAV_RECOVERY_PLANNER (object);

	switch (prop_id) {
	case PROP_HISTORY:
		g_value_set_object (value, self->history);
		break;
	case PROP_QNAV_PATH:
		g_value_set_string (value, self->qnav_path);
		break;
	case PROP_LIBVIRT_URI:
		g_value_set_string (value, self->libvirt_uri);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_recovery_planner_set_property (GObject *object, guint prop_id, const GValue *value,
				    GParamSpec *pspec)
{
	QnavRecoveryPlanner *self = QNAV_RECOVERY_PLANNER (object);

	switch (prop_id) {
	case PROP_HISTORY:
		self->history = g_value_dup_object (value);
		break;
	case PROP_QNAV_PATH:
		g_free (self->qnav_path);
		self->qnav_path = g_value_dup_string (value);
		if (self->qnav_path == NULL || *self->qnav_path == '\0') {
			g_free (self->qnav_path);
			self->qnav_path = g_strdup ("qnav");
		}
		break;
	case PROP_LIBVIRT_URI:
		g_free (self->libvirt_uri);
		self->libvirt_uri = g_value_dup_string (value);
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_recovery_planner_class_init (QnavRecoveryPlannerClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);

	object_class->finalize = qnav_recovery_planner_finalize;
	object_class->get_property = qnav_recovery_planner_get_property;
	object_class->set_property = qnav_recovery_planner_set_property;

	/**
	 * QnavRecoveryPlanner:history:
	 *
	 * Where measured success rates come from; %NULL plans from the priors alone.
	 *
	 * Since: 0.1
	 */
	properties[PROP_HISTORY] = g_param_spec_object (
		"history", NULL, NULL, QNAV_TYPE_HISTORY,
		G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavRecoveryPlanner:qnav-path:
	 *
	 * The `qnav` executable that condition checks run (`qnav check …`).
	 *
	 * Since: 0.1
	 */
	properties[PROP_QNAV_PATH] = g_param_spec_string (
		"qnav-path", NULL, NULL, "qnav",
		G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);

	/**
	 * QnavRecoveryPlanner:libvirt-uri:
	 *
	 * The libvirt connection `virsh` commands of a plan use; %NULL for virsh's default.
	 *
	 * Since: 0.1
	 */
	properties[PROP_LIBVIRT_URI] = g_param_spec_string (
		"libvirt-uri", NULL, NULL, NULL, G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_recovery_planner_init (QnavRecoveryPlanner *self)
{
}

/**
 * qnav_recovery_planner_new:
 * @history: (nullable): where measured success rates come from
 *
 * Returns: (transfer full): a new planner
 *
 * Since: 0.1
 */
QnavRecoveryPlanner *
qnav_recovery_planner_new (QnavHistory *history)
{
	g_return_val_if_fail (history == NULL || QNAV_IS_HISTORY (history), NULL);

	return g_object_new (QNAV_TYPE_RECOVERY_PLANNER, "history", history, NULL);
}

/**
 * qnav_recovery_planner_get_history:
 * @self: a planner
 *
 * Returns: (transfer none) (nullable): the history the planner reads
 *
 * Since: 0.1
 */
QnavHistory *
qnav_recovery_planner_get_history (QnavRecoveryPlanner *self)
{
	g_return_val_if_fail (QNAV_IS_RECOVERY_PLANNER (self), NULL);

	return self->history;
}

/* ---- what the failure tells ---------------------------------------------------------- */

static gboolean
strv_contains_casefold (const gchar *const *strv, const gchar *value)
{
	for (guint i = 0; strv != NULL && value != NULL && strv[i] != NULL; i++)
		if (g_ascii_strcasecmp (strv[i], value) == 0)
			return TRUE;
	return FALSE;
}

/* A service is involved when the diagnosis names it (affected or correlated), or, for a
 * failed dependency the text did not name, when it is down at all. */
static gboolean
service_involved (Facts *facts, QnavServiceStatus *service)
{
	const gchar *const *affected = qnav_failure_analysis_get_affected_services (facts->analysis);
	const gchar *const *correlated =
		qnav_failure_analysis_get_correlated_failures (facts->analysis);
	const gchar *name = qnav_service_status_get_name (service);
	const gchar *unit = qnav_service_status_get_unit (service);

	if (strv_contains_casefold (affected, name) || strv_contains_casefold (affected, unit) ||
	    strv_contains_casefold (correlated, name) || strv_contains_casefold (correlated, unit))
		return TRUE;
	return facts->cause == QNAV_ROOT_CAUSE_SERVICE_DEPENDENCY &&
	       (affected == NULL || affected[0] == NULL);
}

static gboolean
disk_is_full (QnavDiskUsage *disk)
{
	return qnav_disk_usage_get_total_bytes (disk) > 0 &&
	       (qnav_disk_usage_is_full (disk) ||
		qnav_disk_usage_get_used_percent (disk) >= DISK_FULL_PERCENT ||
		qnav_disk_usage_get_free_bytes (disk) < DISK_FULL_FREE_BYTES);
}

/* The fuller filesystem first, and a path the error names before any other. */
static gint
compare_disks (gconstpointer a, gconstpointer b, gpointer user_data)
{
	QnavDiskUsage *da = *(QnavDiskUsage **) a, *db = *(QnavDiskUsage **) b;
	const gchar *text = user_data;
	gboolean na = strstr (text, qnav_disk_usage_get_path (da)) != NULL &&
		      g_strcmp0 (qnav_disk_usage_get_path (da), "/") != 0;
	gboolean nb = strstr (text, qnav_disk_usage_get_path (db)) != NULL &&
		      g_strcmp0 (qnav_disk_usage_get_path (db), "/") != 0;

	if (na != nb)
		return na ? -1 : 1;
	return (qnav_disk_usage_get_used_percent (da) < qnav_disk_usage_get_used_percent (db)) -
	       (qnav_disk_usage_get_used_percent (da) > qnav_disk_usage_get_used_percent (db));
}

/* A libvirt domain name the text gives in one of libvirt's own phrasings, checked
 * against the names virsh accepts without quoting. */
static gchar *
domain_named_in (const gchar *text)
{
	static const gchar *const phrasings[] = {
		"domain '([^'\\s]{1,64})' already exists",
		"domain ([^'\\s]{1,64}) already exists",
		"domain '([^'\\s]{1,64})' is already active",
		"no domain with matching name '([^'\\s]{1,64})'",
		"domain '([^'\\s]{1,64})' is not running",
		"VM ([A-Za-z0-9_.-]{1,64}) already exists",
		"operation failed: domain '([^'\\s]{1,64})'",
	};
	g_autoptr(GRegex) valid = g_regex_new ("^[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}$", 0, 0, NULL);

	for (guint i = 0; i < G_N_ELEMENTS (phrasings); i++) {
		g_autoptr(GRegex) regex =
			g_regex_new (phrasings[i], G_REGEX_CASELESS | G_REGEX_RAW, 0, NULL);
		g_autoptr(GMatchInfo) match = NULL;

		if (regex != NULL && g_regex_match (regex, text, 0, &match)) {
			g_autofree gchar *name = g_match_info_fetch (match, 1);
			if (g_regex_match (valid, name, 0, NULL))
				return g_steal_pointer (&name);
		}
	}
	return NULL;
}

static guint
seconds_of (const gchar *number, const gchar *unit)
{
	guint64 value = g_ascii_strtoull (number, NULL, 10);

	if (unit == NULL || unit[0] == '\0' || unit[0] == 's' || unit[0] == 'S')
		return (guint) MIN (value, 7 * 24 * 3600);
	if (g_ascii_strncasecmp (unit, "ms", 2) == 0 || g_ascii_strncasecmp (unit, "milli", 5) == 0)
		return (guint) MAX (1, MIN (value / 1000, 7 * 24 * 3600));
	if (unit[0] == 'm' || unit[0] == 'M')
		return (guint) MIN (value * 60, 7 * 24 * 3600);
	return (guint) MIN (value * 3600, 7 * 24 * 3600);
}

/* The timeout the text says ran out: a number with a unit near "timeout" or "timed out"
 * ("timed out after 300 seconds", "Timeout (12s)"), else "timeout=300" as seconds; never a
 * bare number that happens to follow (a PID, a port). */
static guint
timeout_named_in (const gchar *text)
{
	g_autoptr(GRegex) with_unit = g_regex_new (
		"(?:timed?[ _-]?out|timeout)[^0-9\\n]{0,40}?(\\d{1,7})\\s*"
		"(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?)\\b",
		G_REGEX_CASELESS | G_REGEX_RAW, 0, NULL);
	g_autoptr(GRegex) assignment = g_regex_new (
		"\\btimeout\\s*[=:]\\s*(\\d{1,7})\\b", G_REGEX_CASELESS | G_REGEX_RAW, 0, NULL);
	g_autoptr(GMatchInfo) match = NULL;

	if (g_regex_match (with_unit, text, 0, &match)) {
		g_autofree gchar *number = g_match_info_fetch (match, 1);
		g_autofree gchar *unit = g_match_info_fetch (match, 2);
		return seconds_of (number, unit);
	}
	g_clear_pointer (&match, g_match_info_free);
	if (g_regex_match (assignment, text, 0, &match)) {
		g_autofree gchar *number = g_match_info_fetch (match, 1);
		return seconds_of (number, NULL);
	}
	return 0;
}

static void
gather_facts (QnavRecoveryPlanner *self, QnavRecoveryPlan *plan, Facts *facts)
{
	QnavFailureAnalysis *analysis = qnav_recovery_plan_get_analysis (plan);
	QnavDiagnosticContext *context = qnav_failure_analysis_get_context (analysis);
	QnavSystemResources *resources = context != NULL
						 ? qnav_diagnostic_context_get_resources (context)
						 : NULL;

	facts->analysis = analysis;
	facts->cause = qnav_failure_analysis_get_root_cause (analysis);
	facts->confidence = qnav_failure_analysis_get_confidence (analysis);
	facts->plugin = qnav_failure_analysis_get_plugin (analysis);
	facts->text = qnav_failure_analysis_get_error_message (analysis);
	if (facts->text == NULL)
		facts->text = "";
	facts->fingerprint = qnav_recovery_plan_get_fingerprint (plan);
	facts->down_services = g_ptr_array_new ();
	facts->full_disks = g_ptr_array_new ();
	facts->bad_hosts = g_ptr_array_new ();
	facts->memory_available_percent = -1.0;

	if (context != NULL) {
		GPtrArray *services = qnav_diagnostic_context_get_services (context);
		GPtrArray *checks = qnav_diagnostic_context_get_network_checks (context);

		for (guint i = 0; i < services->len; i++) {
			QnavServiceStatus *service = g_ptr_array_index (services, i);
			if (qnav_service_status_get_found (service) &&
			    !qnav_service_status_get_active (service) &&
			    service_involved (facts, service))
				g_ptr_array_add (facts->down_services, service);
		}
		for (guint i = 0; i < checks->len; i++) {
			QnavNetworkCheck *check = g_ptr_array_index (checks, i);
			if (!qnav_network_check_get_resolved (check) ||
			    !qnav_network_check_get_reachable (check))
				g_ptr_array_add (facts->bad_hosts, check);
		}
	}
	if (resources != NULL) {
		GPtrArray *disks = qnav_system_resources_get_disks (resources);
		guint64 total = qnav_system_resources_get_memory_total_bytes (resources);

		for (guint i = 0; i < disks->len; i++)
			if (disk_is_full (g_ptr_array_index (disks, i)))
				g_ptr_array_add (facts->full_disks, g_ptr_array_index (disks, i));
		g_ptr_array_sort_with_data (facts->full_disks, compare_disks, (gpointer) facts->text);
		if (total > 0)
			facts->memory_available_percent =
				100.0 * qnav_system_resources_get_memory_available_bytes (resources) /
				total;
	}
	facts->domain = domain_named_in (facts->text);
	facts->timeout_seconds = timeout_named_in (facts->text);

	if (self->history != NULL) {
		g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
		g_autoptr(GDateTime) hour_ago = g_date_time_add_hours (now, -1);
		g_autoptr(GError) local_error = NULL;

		facts->recent_occurrences = qnav_history_count_occurrences (
			self->history, facts->fingerprint, hour_ago, &local_error);
		if (local_error != NULL)
			g_debug ("history: %s", local_error->message);
	}
}

/* ---- building options ------------------------------------------------------------------ */

static QnavCommand *
command_new (const gchar *description, guint timeout_seconds, ...) G_GNUC_NULL_TERMINATED;

static QnavCommand *
command_new (const gchar *description, guint timeout_seconds, ...)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new ();
	QnavCommand *command;
	const gchar *arg;
	va_list args;

	va_start (args, timeout_seconds);
	while ((arg = va_arg (args, const gchar *)) != NULL)
		g_ptr_array_add (argv, (gpointer) arg);
	va_end (args);
	g_ptr_array_add (argv, NULL);

	command = qnav_command_new ((const gchar *const *) argv->pdata, description);
	qnav_command_set_timeout_seconds (command, timeout_seconds);
	return command;
}

static void
add_steps (QnavRecoveryOption *option, const gchar *const *steps)
{
	for (guint i = 0; steps[i] != NULL; i++)
		qnav_recovery_option_add_step (option, steps[i]);
}

/* The patterns' recovery hints, once each, after the option's own steps. */
static void
add_hints (QnavRecoveryOption *option, Facts *facts)
{
	const gchar *const *hints = qnav_failure_analysis_get_recommended_actions (facts->analysis);

	for (guint i = 0; hints != NULL && hints[i] != NULL; i++)
		if (!g_strv_contains (qnav_recovery_option_get_steps (option), hints[i]))
			qnav_recovery_option_add_step (option, hints[i]);
}

static QnavRecoveryOption *
option_new (QnavRecoveryAction action, QnavRisk risk, guint duration, gdouble applicability,
	    Facts *facts, const gchar *format, ...) G_GNUC_PRINTF (6, 7);

static QnavRecoveryOption *
option_new (QnavRecoveryAction action, QnavRisk risk, guint duration, gdouble applicability,
	    Facts *facts, const gchar *format, ...)
{
	g_autofree gchar *description = NULL;
	QnavRecoveryOption *option;
	va_list args;

	va_start (args, format);
	description = g_strdup_vprintf (format, args);
	va_end (args);

	option = qnav_recovery_option_new (action, description);
	qnav_recovery_option_set_risk (option, risk);
	qnav_recovery_option_set_estimated_duration (option, duration);
	/* How sure we are that this option addresses the failure: the diagnosis's confidence,
	 * scaled by how directly the option targets the diagnosed cause. */
	qnav_recovery_option_set_confidence (option,
					     CLAMP (facts->confidence * applicability, 0.0, 1.0));
	return option;
}

static QnavCommand *
qnav_check (QnavRecoveryPlanner *self, const gchar *description, const gchar *kind,
	    const gchar *target, const gchar *flag, const gchar *flag_value)
{
	return command_new (description, 30, self->qnav_path, "check", kind, target, flag,
			    flag_value, NULL);
}

static void
add_service_fixes (QnavRecoveryPlanner *self, Facts *facts, GPtrArray *options)
{
	for (guint i = 0; i < facts->down_services->len && i < MAX_TARGETS; i++) {
		QnavServiceStatus *service = g_ptr_array_index (facts->down_services, i);
		const gchar *name = qnav_service_status_get_name (service);
		const gchar *unit = qnav_service_status_get_unit (service);
		const gchar *state = qnav_service_status_get_state (service);
		QnavServiceBackend backend = qnav_service_status_get_backend (service);
		g_autofree gchar *step = NULL;
		QnavRecoveryOption *option;

		if (unit == NULL)
			continue;
		if (backend == QNAV_SERVICE_BACKEND_SYSTEMD) {
			option = option_new (QNAV_RECOVERY_ACTION_MANUAL_FIX, QNAV_RISK_LOW, 60, 1.0,
					     facts, "Start %s, which is %s", unit,
					     state != NULL ? state : "not active");
			step = g_strdup_printf ("Look at why %s stopped: journalctl -u %s -n 50", unit,
						unit);
			qnav_recovery_option_add_step (option, step);
			g_clear_pointer (&step, g_free);
			step = g_strdup_printf ("Start it: systemctl start %s", unit);
			qnav_recovery_option_add_step (option, step);
			g_clear_pointer (&step, g_free);
			step = g_strdup_printf ("Run %s again once %s is active", facts->plugin, unit);
			qnav_recovery_option_add_step (option, step);
			qnav_recovery_option_set_check (
				option, command_new ("is it active already?", 15, "systemctl",
						     "is-active", "--quiet", unit, NULL));
			qnav_recovery_option_add_command (
				option, command_new ("start the unit", 120, "systemctl", "start",
						     unit, NULL));
			qnav_recovery_option_set_verify (
				option, command_new ("is it active now?", 15, "systemctl",
						     "is-active", "--quiet", unit, NULL));
			qnav_recovery_option_add_rollback_step (option, "Nothing to undo: starting a unit changes no configuration");
		} else if (backend == QNAV_SERVICE_BACKEND_PODMAN) {
			option = option_new (QNAV_RECOVERY_ACTION_MANUAL_FIX, QNAV_RISK_LOW, 60, 1.0,
					     facts, "Start the %s container %s, which is %s", name,
					     unit, state != NULL ? state : "not running");
			step = g_strdup_printf ("Look at why it stopped: podman logs --tail 50 %s",
						unit);
			qnav_recovery_option_add_step (option, step);
			g_clear_pointer (&step, g_free);
			step = g_strdup_printf ("Start it: podman start %s", unit);
			qnav_recovery_option_add_step (option, step);
			g_clear_pointer (&step, g_free);
			step = g_strdup_printf ("Run %s again once %s runs", facts->plugin, unit);
			qnav_recovery_option_add_step (option, step);
			qnav_recovery_option_set_check (
				option, qnav_check (self, "is it running already?", "service", name,
						    NULL, NULL));
			qnav_recovery_option_add_command (
				option, command_new ("start the container", 120, "podman", "start",
						     unit, NULL));
			qnav_recovery_option_set_verify (
				option, qnav_check (self, "is it running now?", "service", name, NULL,
						    NULL));
		} else {
			continue;
		}
		g_clear_pointer (&step, g_free);
		step = g_strdup_printf ("%s is active", unit);
		qnav_recovery_option_set_success_criteria (option, step);
		g_ptr_array_add (options, option);
	}
}

/* Cleanup that only ever removes what the owning tool itself considers disposable. */
static void
add_storage_fix (QnavRecoveryPlanner *self, Facts *facts, GPtrArray *options)
{
	QnavDiskUsage *disk;
	const gchar *path;
	QnavRecoveryOption *option;
	g_autofree gchar *step = NULL;
	g_autofree gchar *criteria = NULL;

	if (facts->full_disks->len == 0) {
		static const gchar *const steps[] = {
			"Find the full filesystem: df -h; df -i for inodes",
			"Find what fills it: du -xh --max-depth=1 PATH | sort -h",
			"Remove what the owning tool calls disposable (podman image prune, "
			"journalctl --vacuum-size, dnf clean packages); never delete files under "
			"/tmp or /var wholesale",
			NULL,
		};
		option = option_new (QNAV_RECOVERY_ACTION_MANUAL_FIX, QNAV_RISK_MEDIUM, 900, 0.8,
				     facts, "Find the full filesystem and free space on it");
		add_steps (option, steps);
		add_hints (option, facts);
		g_ptr_array_add (options, option);
		return;
	}

	disk = g_ptr_array_index (facts->full_disks, 0);
	path = qnav_disk_usage_get_path (disk);
	criteria = g_strdup_printf ("%s has at least %s%% free", path, DISK_TARGET_FREE_PERCENT);
	option = option_new (QNAV_RECOVERY_ACTION_MANUAL_FIX, QNAV_RISK_MEDIUM, 600, 1.0, facts,
			     "Free space on %s (%.0f%% used)", path,
			     qnav_disk_usage_get_used_percent (disk));
	step = g_strdup_printf ("Find what fills it: du -xh --max-depth=1 %s | sort -h", path);
	qnav_recovery_option_add_step (option, step);
	qnav_recovery_option_set_success_criteria (option, criteria);

	if (g_str_has_prefix (path, "/var/lib/containers")) {
		qnav_recovery_option_add_step (option, "Remove dangling images: podman image prune --force");
		qnav_recovery_option_add_command (
			option, command_new ("remove dangling images", 600, "podman", "image",
					     "prune", "--force", NULL));
	} else if (g_str_has_prefix (path, "/var/log")) {
		qnav_recovery_option_set_risk (option, QNAV_RISK_LOW);
		qnav_recovery_option_add_step (option, "Shrink the journal: journalctl --vacuum-size=500M");
		qnav_recovery_option_add_command (
			option, command_new ("shrink the journal", 300, "journalctl",
					     "--vacuum-size=500M", NULL));
	} else if (g_str_has_prefix (path, "/var/cache")) {
		qnav_recovery_option_set_risk (option, QNAV_RISK_LOW);
		qnav_recovery_option_add_step (option, "Drop cached packages: dnf clean packages");
		qnav_recovery_option_add_command (
			option, command_new ("drop cached packages", 300, "dnf", "clean", "packages",
					     NULL));
	} else if (g_str_has_prefix (path, "/tmp")) {
		qnav_recovery_option_set_risk (option, QNAV_RISK_LOW);
		qnav_recovery_option_add_step (option, "Remove what tmpfiles.d says has expired: systemd-tmpfiles --clean");
		qnav_recovery_option_add_command (
			option, command_new ("remove expired temporary files", 300,
					     "systemd-tmpfiles", "--clean", NULL));
	} else if (g_str_has_prefix (path, "/var/lib/libvirt")) {
		qnav_recovery_option_add_step (option, "List the volumes: virsh vol-list default --details");
		qnav_recovery_option_add_step (option, "Delete the volumes of VMs that are gone: virsh vol-delete VOLUME --pool default");
	} else {
		qnav_recovery_option_add_step (option, "Move or delete what is no longer needed there; no command is safe to run blindly on this path");
	}
	if (qnav_recovery_option_get_commands (option)->len > 0) {
		qnav_recovery_option_set_check (option,
						qnav_check (self, "is there room already?", "disk",
							    path, "--min-free-percent",
							    DISK_TARGET_FREE_PERCENT));
		qnav_recovery_option_set_verify (option,
						 qnav_check (self, "is there room now?", "disk", path,
							     "--min-free-percent",
							     DISK_TARGET_FREE_PERCENT));
	}
	add_hints (option, facts);
	g_ptr_array_add (options, option);
}

static void
add_network_fix (QnavRecoveryPlanner *self, Facts *facts, GPtrArray *options)
{
	QnavRecoveryOption *option;

	option = option_new (QNAV_RECOVERY_ACTION_MANUAL_FIX, QNAV_RISK_LOW, 900, 0.8, facts,
			     "Find out why the host cannot be reached");
	for (guint i = 0; i < facts->bad_hosts->len && i < MAX_TARGETS; i++) {
		QnavNetworkCheck *check = g_ptr_array_index (facts->bad_hosts, i);
		const gchar *host = qnav_network_check_get_host (check);
		g_autofree gchar *step = NULL;

		if (!qnav_network_check_get_resolved (check))
			step = g_strdup_printf ("%s does not resolve: check /etc/resolv.conf and "
						"the DNS server (getent hosts %s)", host, host);
		else
			step = g_strdup_printf ("%s resolves but port %u does not answer: check the "
						"route, the firewall and any proxy (curl -v "
						"telnet://%s:%u)", host,
						qnav_network_check_get_port (check), host,
						qnav_network_check_get_port (check));
		qnav_recovery_option_add_step (option, step);
	}
	if (facts->bad_hosts->len == 0) {
		static const gchar *const steps[] = {
			"Check name resolution of the host in the error: getent hosts HOST",
			"Check the route and the firewall: ip route get ADDRESS; firewall-cmd --list-all",
			"Check the proxy settings (HTTPS_PROXY, NO_PROXY) of the failing step",
			NULL,
		};
		add_steps (option, steps);
	}
	add_hints (option, facts);
	g_ptr_array_add (options, option);
}

static void
add_generic_fix (Facts *facts, GPtrArray *options)
{
	QnavRecoveryOption *option;
	QnavRisk risk = QNAV_RISK_MEDIUM;
	guint duration = 900;
	gdouble applicability = 0.8;
	const gchar *description;
	const gchar *const *steps;
	static const gchar *const credential[] = {
		"Find which credential was refused: the registry, Vault, SSH or the API named in the error",
		"Renew it where it lives: podman login REGISTRY; vault login; ssh-copy-id; the vault password file",
		"Check that the step reads the renewed one (auth file path, VAULT_TOKEN, ansible_ssh_private_key_file)",
		NULL,
	};
	static const gchar *const virtualization[] = {
		"Check the host: virt-host-validate qemu",
		"Check that /dev/kvm exists and the CPU flags are there: grep -Ec 'vmx|svm' /proc/cpuinfo",
		"Enable virtualization in the firmware (BIOS/UEFI) or nested virtualization on the parent host",
		NULL,
	};
	static const gchar *const resources[] = {
		"Find what holds the memory: ps -eo pid,rss,comm --sort=-rss | head",
		"Stop what is not needed, or give the host or VM more memory",
		"Lower the step's parallelism (forks, worker count) before running it again",
		NULL,
	};
	static const gchar *const timeout[] = {
		"Find which operation ran out of time in the step's log",
		"Check whether the host it waited on is slow or overloaded",
		NULL,
	};
	static const gchar *const state[] = {
		"Compare what the step expected with what exists (virsh list --all, podman ps -a)",
		"Remove or adopt the leftover from an earlier run, then run the step again",
		NULL,
	};
	static const gchar *const configuration[] = {
		"Fix the input the error names (variable, file, option) in the inventory or playbook",
		NULL,
	};
	static const gchar *const service[] = {
		"See which unit or container is down: systemctl --failed; podman ps -a",
		"For libvirt, start the unit the host uses: virtqemud.socket (modular daemons, "
		"RHEL 9 and later) or libvirtd.service",
		"Start it (systemctl start UNIT, podman start NAME) and read why it stopped "
		"(journalctl -u UNIT -n 50, podman logs NAME)",
		NULL,
	};
	static const gchar *const unknown[] = {
		"Read the step's full log around the first error, not the last line",
		"Check the journal of the services the step uses: journalctl -p err -S -1h",
		NULL,
	};

	switch (facts->cause) {
	case QNAV_ROOT_CAUSE_CREDENTIAL:
		description = "Renew or fix the credential that was refused";
		steps = credential;
		risk = QNAV_RISK_LOW;
		duration = 600;
		applicability = 1.0;
		break;
	case QNAV_ROOT_CAUSE_VIRTUALIZATION:
		description = "Make the host able to run VMs";
		steps = virtualization;
		risk = QNAV_RISK_HIGH;
		duration = 1800;
		break;
	case QNAV_ROOT_CAUSE_RESOURCE_EXHAUSTION:
		description = "Free memory or lower the load";
		steps = resources;
		break;
	case QNAV_ROOT_CAUSE_TIMEOUT:
		description = "Find what was slow";
		steps = timeout;
		risk = QNAV_RISK_LOW;
		break;
	case QNAV_ROOT_CAUSE_STATE_MISMATCH:
		description = "Bring the system to the state the step expects";
		steps = state;
		break;
	case QNAV_ROOT_CAUSE_CONFIGURATION:
		description = "Fix the configuration the error names";
		steps = configuration;
		risk = QNAV_RISK_LOW;
		duration = 600;
		applicability = 1.0;
		break;
	case QNAV_ROOT_CAUSE_SERVICE_DEPENDENCY:
		/* no probe saw the service: name what to look at, run nothing */
		description = "Find the service that is down and start it";
		steps = service;
		risk = QNAV_RISK_LOW;
		duration = 600;
		break;
	case QNAV_ROOT_CAUSE_UNKNOWN:
	case QNAV_ROOT_CAUSE_NETWORK:
	case QNAV_ROOT_CAUSE_STORAGE:
	default:
		description = "Investigate the failure";
		steps = unknown;
		applicability = 0.5;
		break;
	}
	option = option_new (QNAV_RECOVERY_ACTION_MANUAL_FIX, risk, duration, applicability, facts,
			     "%s", description);
	add_steps (option, steps);
	add_hints (option, facts);
	g_ptr_array_add (options, option);
}

/* A wait with a condition: for causes that pass by themselves. */
static void
add_wait (QnavRecoveryPlanner *self, Facts *facts, GPtrArray *options)
{
	QnavRecoveryOption *option = NULL;
	g_autofree gchar *criteria = NULL;

	if (facts->bad_hosts->len > 0) {
		QnavNetworkCheck *check = g_ptr_array_index (facts->bad_hosts, 0);
		const gchar *host = qnav_network_check_get_host (check);
		g_autofree gchar *port = g_strdup_printf ("%u", qnav_network_check_get_port (check));

		option = option_new (QNAV_RECOVERY_ACTION_WAIT, QNAV_RISK_LOW, 300, 1.0, facts,
				     "Wait up to 5 minutes for %s port %s to answer, then run %s "
				     "again", host, port, facts->plugin);
		qnav_recovery_option_set_check (option, qnav_check (self, "does it answer already?",
								    "host", host, "--port", port));
		qnav_recovery_option_set_verify (option, qnav_check (self, "does it answer now?",
								     "host", host, "--port", port));
		criteria = g_strdup_printf ("%s answers on port %s", host, port);
	} else if (facts->down_services->len > 0) {
		QnavServiceStatus *service = g_ptr_array_index (facts->down_services, 0);
		const gchar *name = qnav_service_status_get_name (service);

		option = option_new (QNAV_RECOVERY_ACTION_WAIT, QNAV_RISK_LOW, 120, 0.9, facts,
				     "Wait up to 2 minutes for %s to come back, then run %s again",
				     name, facts->plugin);
		qnav_recovery_option_set_check (option, qnav_check (self, "is it up already?",
								    "service", name, NULL, NULL));
		qnav_recovery_option_set_verify (option, qnav_check (self, "is it up now?",
								     "service", name, NULL, NULL));
		criteria = g_strdup_printf ("%s is active", name);
	} else if (facts->cause == QNAV_ROOT_CAUSE_RESOURCE_EXHAUSTION &&
		   facts->memory_available_percent >= 0.0) {
		option = option_new (QNAV_RECOVERY_ACTION_WAIT, QNAV_RISK_LOW, 300, 0.7, facts,
				     "Wait up to 5 minutes for memory to free up, then run %s again",
				     facts->plugin);
		qnav_recovery_option_set_check (option, qnav_check (self, "is there memory already?",
								    "memory", "--min-available-percent",
								    "15", NULL));
		qnav_recovery_option_set_verify (option, qnav_check (self, "is there memory now?",
								     "memory", "--min-available-percent",
								     "15", NULL));
		criteria = g_strdup ("at least 15% of memory is available");
	} else if (facts->cause == QNAV_ROOT_CAUSE_NETWORK ||
		   facts->cause == QNAV_ROOT_CAUSE_TIMEOUT) {
		/* Nothing to watch: a plain pause before the retry. */
		option = option_new (QNAV_RECOVERY_ACTION_WAIT, QNAV_RISK_LOW, 60, 0.8, facts,
				     "Wait a minute, then run %s again", facts->plugin);
		criteria = g_strdup ("the pause is over");
	}
	if (option == NULL)
		return;
	qnav_recovery_option_set_wait_seconds (option,
					       qnav_recovery_option_get_estimated_duration (option));
	qnav_recovery_option_add_step (option, "Wait for the condition, checking it every few seconds");
	qnav_recovery_option_add_step (option, "Run the step again when it holds; escalate when it does not");
	qnav_recovery_option_set_success_criteria (option, criteria);
	g_ptr_array_add (options, option);
}

static void
add_retry (Facts *facts, GPtrArray *options)
{
	QnavRecoveryOption *option;
	g_autofree gchar *step = NULL;

	if (facts->cause == QNAV_ROOT_CAUSE_TIMEOUT) {
		guint longer = facts->timeout_seconds > 0 ? facts->timeout_seconds * 2 : 0;

		if (longer > 0)
			option = option_new (QNAV_RECOVERY_ACTION_RETRY, QNAV_RISK_LOW,
					     MIN (longer, 24 * 3600), 0.9, facts,
					     "Run %s again with its timeout raised from %us to %us",
					     facts->plugin, facts->timeout_seconds, longer);
		else
			option = option_new (QNAV_RECOVERY_ACTION_RETRY, QNAV_RISK_LOW, 600, 0.9,
					     facts, "Run %s again with twice its timeout",
					     facts->plugin);
		step = longer > 0 ? g_strdup_printf ("Raise the timeout to %us", longer)
				  : g_strdup ("Double the step's timeout");
		qnav_recovery_option_add_step (option, step);
	} else {
		option = option_new (QNAV_RECOVERY_ACTION_RETRY, QNAV_RISK_LOW, 300, 0.9, facts,
				     "Run %s again", facts->plugin);
	}
	g_clear_pointer (&step, g_free);
	step = g_strdup_printf ("Run %s again; it must be idempotent (an earlier partial run "
				"may have left state behind)", facts->plugin);
	qnav_recovery_option_add_step (option, step);
	g_clear_pointer (&step, g_free);
	step = g_strdup_printf ("%s completes", facts->plugin);
	qnav_recovery_option_set_success_criteria (option, step);
	qnav_recovery_option_add_rollback_step (option, "Nothing to undo beyond what the step itself does");
	g_ptr_array_add (options, option);
}

static void
add_rollback (QnavRecoveryPlanner *self, Facts *facts, GPtrArray *options)
{
	QnavRecoveryOption *option;
	g_autofree gchar *step = NULL;
	g_autoptr(GPtrArray) argv = g_ptr_array_new ();
	QnavCommand *undefine;

	if (facts->cause != QNAV_ROOT_CAUSE_STATE_MISMATCH || facts->domain == NULL)
		return;

	option = option_new (QNAV_RECOVERY_ACTION_ROLLBACK, QNAV_RISK_HIGH, 300, 1.0, facts,
			     "Remove the leftover domain %s, then run %s again", facts->domain,
			     facts->plugin);
	step = g_strdup_printf ("Make sure %s holds nothing you need: virsh dominfo %s",
				facts->domain, facts->domain);
	qnav_recovery_option_add_step (option, step);
	g_clear_pointer (&step, g_free);
	step = g_strdup_printf ("Stop it if it runs: virsh destroy %s", facts->domain);
	qnav_recovery_option_add_prerequisite (option, step);
	g_clear_pointer (&step, g_free);
	step = g_strdup_printf ("Remove its definition (its disks stay): virsh undefine %s",
				facts->domain);
	qnav_recovery_option_add_step (option, step);
	g_clear_pointer (&step, g_free);
	step = g_strdup_printf ("Run %s again", facts->plugin);
	qnav_recovery_option_add_step (option, step);

	g_ptr_array_add (argv, "virsh");
	if (self->libvirt_uri != NULL) {
		g_ptr_array_add (argv, "--connect");
		g_ptr_array_add (argv, self->libvirt_uri);
	}
	g_ptr_array_add (argv, "undefine");
	g_ptr_array_add (argv, facts->domain);
	g_ptr_array_add (argv, NULL);
	undefine = qnav_command_new ((const gchar *const *) argv->pdata,
				     "remove the domain's definition");
	qnav_command_set_timeout_seconds (undefine, 60);
	qnav_recovery_option_add_command (option, undefine);
	qnav_recovery_option_set_check (option, qnav_check (self, "is it gone already?", "domain",
							    facts->domain, "--absent", NULL));
	qnav_recovery_option_set_verify (option, qnav_check (self, "is it gone now?", "domain",
							     facts->domain, "--absent", NULL));
	qnav_recovery_option_add_rollback_step (option, "Define it again from its saved XML: virsh define FILE (save it first with virsh dumpxml)");
	g_clear_pointer (&step, g_free);
	step = g_strdup_printf ("no domain named %s is defined", facts->domain);
	qnav_recovery_option_set_success_criteria (option, step);
	g_ptr_array_add (options, option);
}

static void
add_escalate (Facts *facts, GPtrArray *options)
{
	static const gchar *const steps[] = {
		"Open an issue with the analysis, the evidence and this plan (qnav escalate), or "
		"comment on the open one for this fingerprint",
		"A person reviews it and picks the fix",
		NULL,
	};
	QnavRecoveryOption *option;

	option = qnav_recovery_option_new (QNAV_RECOVERY_ACTION_ESCALATE,
					   "Hand the failure to a person through the issue tracker");
	qnav_recovery_option_set_risk (option, QNAV_RISK_LOW);
	qnav_recovery_option_set_estimated_duration (option, 3600);
	qnav_recovery_option_set_confidence (option, 1.0);
	add_steps (option, steps);
	qnav_recovery_option_set_success_criteria (option, "The issue is open and a person acknowledged it");
	g_ptr_array_add (options, option);
}

/* ---- ranking --------------------------------------------------------------------------- */

/* How often each action fixes each cause before there is any history: rough, and soon
 * outweighed by measurements (PRIOR_WEIGHT attempts weigh as much as this). */
static gdouble
prior_success (Facts *facts, QnavRecoveryOption *option)
{
	QnavRecoveryAction action = qnav_recovery_option_get_action (option);
	gboolean runs = qnav_recovery_option_get_commands (option)->len > 0;

	switch (action) {
	case QNAV_RECOVERY_ACTION_RETRY:
		switch (facts->cause) {
		case QNAV_ROOT_CAUSE_NETWORK:
			return facts->bad_hosts->len > 0 ? 0.3 : 0.6;
		case QNAV_ROOT_CAUSE_TIMEOUT:
			return 0.55;
		case QNAV_ROOT_CAUSE_UNKNOWN:
			return 0.3;
		case QNAV_ROOT_CAUSE_SERVICE_DEPENDENCY:
		case QNAV_ROOT_CAUSE_RESOURCE_EXHAUSTION:
			return 0.25;
		case QNAV_ROOT_CAUSE_VIRTUALIZATION:
		case QNAV_ROOT_CAUSE_STORAGE:
		case QNAV_ROOT_CAUSE_STATE_MISMATCH:
			return 0.1;
		case QNAV_ROOT_CAUSE_CREDENTIAL:
		case QNAV_ROOT_CAUSE_CONFIGURATION:
		default:
			return 0.05;
		}
	case QNAV_RECOVERY_ACTION_WAIT:
		return qnav_recovery_option_get_check (option) != NULL ? 0.6 : 0.45;
	case QNAV_RECOVERY_ACTION_MANUAL_FIX:
		return runs ? 0.75 : 0.6;
	case QNAV_RECOVERY_ACTION_ROLLBACK:
		return 0.65;
	case QNAV_RECOVERY_ACTION_SKIP:
	case QNAV_RECOVERY_ACTION_ESCALATE:
	default:
		return 0.5;
	}
}

static gdouble
risk_factor (QnavRisk risk)
{
	switch (risk) {
	case QNAV_RISK_LOW:
		return 1.0;
	case QNAV_RISK_MEDIUM:
		return 0.8;
	case QNAV_RISK_HIGH:
	default:
		return 0.55;
	}
}

static void
score_option (QnavRecoveryPlanner *self, Facts *facts, QnavRecoveryOption *option)
{
	QnavRecoveryAction action = qnav_recovery_option_get_action (option);
	gdouble prior = prior_success (facts, option);
	gdouble rate = prior;
	guint attempts = 0;

	if (action == QNAV_RECOVERY_ACTION_ESCALATE) {
		qnav_recovery_option_set_score (option, ESCALATION_VALUE);
		return;
	}
	if (self->history != NULL) {
		g_autoptr(GError) local_error = NULL;
		gdouble measured = qnav_history_get_success_rate (self->history, facts->fingerprint,
								  action, &attempts, &local_error);
		if (local_error != NULL)
			g_debug ("history: %s", local_error->message);
		else if (attempts > 0 && measured >= 0.0) {
			qnav_recovery_option_set_success_rate (option, measured);
			rate = (measured * attempts + prior * PRIOR_WEIGHT) / (attempts + PRIOR_WEIGHT);
		}
	}
	/* The same failure three times within the hour: running the step again as it is has
	 * stopped being a plan. */
	if (action == QNAV_RECOVERY_ACTION_RETRY && facts->recent_occurrences >= 3)
		rate *= 3.0 / facts->recent_occurrences;

	qnav_recovery_option_set_score (
		option, qnav_recovery_option_get_confidence (option) * rate *
				risk_factor (qnav_recovery_option_get_risk (option)) /
				(1.0 + qnav_recovery_option_get_estimated_duration (option) / 1800.0));
}

static gint
compare_options (gconstpointer a, gconstpointer b)
{
	QnavRecoveryOption *oa = *(QnavRecoveryOption **) a, *ob = *(QnavRecoveryOption **) b;
	gdouble sa = qnav_recovery_option_get_score (oa), sb = qnav_recovery_option_get_score (ob);

	if (fabs (sa - sb) > 1e-9)
		return sa > sb ? -1 : 1;
	if (qnav_recovery_option_get_risk (oa) != qnav_recovery_option_get_risk (ob))
		return (gint) qnav_recovery_option_get_risk (oa) -
		       (gint) qnav_recovery_option_get_risk (ob);
	return (gint) qnav_recovery_option_get_estimated_duration (oa) -
	       (gint) qnav_recovery_option_get_estimated_duration (ob);
}

/**
 * qnav_recovery_planner_plan:
 * @self: a planner
 * @analysis: the analysis to answer
 * @error: return location for an error
 *
 * Makes the plan for @analysis: its options ranked best first, with priorities 1…n, and
 * the best one recommended. A plan always holds an escalation option.
 *
 * Returns: (transfer full): the plan, or %NULL with @error set
 *
 * Since: 0.1
 */
QnavRecoveryPlan *
qnav_recovery_planner_plan (QnavRecoveryPlanner *self, QnavFailureAnalysis *analysis,
			    GError **error)
{
	g_autoptr(QnavRecoveryPlan) plan = NULL;
	g_autoptr(GPtrArray) options = g_ptr_array_new_with_free_func (g_object_unref);
	Facts facts = { 0 };

	g_return_val_if_fail (QNAV_IS_RECOVERY_PLANNER (self), NULL);
	g_return_val_if_fail (QNAV_IS_FAILURE_ANALYSIS (analysis), NULL);
	g_return_val_if_fail (error == NULL || *error == NULL, NULL);

	plan = qnav_recovery_plan_new (analysis);
	gather_facts (self, plan, &facts);

	add_service_fixes (self, &facts, options);
	switch (facts.cause) {
	case QNAV_ROOT_CAUSE_STORAGE:
		add_storage_fix (self, &facts, options);
		break;
	case QNAV_ROOT_CAUSE_RESOURCE_EXHAUSTION:
		if (facts.full_disks->len > 0)
			add_storage_fix (self, &facts, options);
		else
			add_generic_fix (&facts, options);
		break;
	case QNAV_ROOT_CAUSE_NETWORK:
		add_network_fix (self, &facts, options);
		break;
	case QNAV_ROOT_CAUSE_SERVICE_DEPENDENCY:
		if (facts.down_services->len == 0)
			add_generic_fix (&facts, options);
		break;
	case QNAV_ROOT_CAUSE_VIRTUALIZATION:
		if (facts.down_services->len == 0)
			add_generic_fix (&facts, options);
		break;
	case QNAV_ROOT_CAUSE_UNKNOWN:
	case QNAV_ROOT_CAUSE_CREDENTIAL:
	case QNAV_ROOT_CAUSE_CONFIGURATION:
	case QNAV_ROOT_CAUSE_TIMEOUT:
	case QNAV_ROOT_CAUSE_STATE_MISMATCH:
	default:
		add_generic_fix (&facts, options);
		break;
	}
	add_rollback (self, &facts, options);
	add_wait (self, &facts, options);
	add_retry (&facts, options);
	add_escalate (&facts, options);

	for (guint i = 0; i < options->len; i++)
		score_option (self, &facts, g_ptr_array_index (options, i));
	g_ptr_array_sort (options, compare_options);
	for (guint i = 0; i < options->len; i++) {
		qnav_recovery_option_set_priority (g_ptr_array_index (options, i), i + 1);
		qnav_recovery_plan_add_option (plan, g_ptr_array_index (options, i));
	}
	qnav_recovery_plan_set_recommended (plan, g_ptr_array_index (options, 0));

	facts_clear (&facts);
	return g_steal_pointer (&plan);
}
