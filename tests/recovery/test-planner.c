/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The planner as an on-call engineer reads its plans: is the recommended option the right
 * next step, do its commands name the real unit, path or domain, and is nothing in it
 * dangerous. Analyses are written as the documents `qnav diagnose --json` produces, with
 * the context a probe would have found. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <qnav.h>

#define ANALYSIS(cause, confidence, services, patterns, error_json, context_json)                  \
	"{\"schema_version\": 1, \"timestamp\": \"2026-11-28T02:00:00Z\", "                       \
	"\"plugin\": \"kvm_provision\", \"root_cause\": \"" cause "\", \"confidence\": "           \
	confidence ", \"severity\": \"high\", \"affected_services\": " services ", "               \
	"\"pattern_matches\": " patterns ", \"recommended_actions\": [], "                          \
	"\"error_message\": " error_json ", \"context\": " context_json "}"

#define NO_CONTEXT "null"

static QnavRecoveryPlan *
plan_for (const gchar *analysis_json, QnavHistory *history)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavFailureAnalysis) analysis =
		qnav_failure_analysis_new_from_json (analysis_json, -1, &error);
	g_autoptr(QnavRecoveryPlanner) planner = NULL;
	QnavRecoveryPlan *plan;

	g_assert_no_error (error);
	planner = qnav_recovery_planner_new (history);
	g_object_set (planner, "qnav-path", "qnav", NULL);
	plan = qnav_recovery_planner_plan (planner, analysis, &error);
	g_assert_no_error (error);
	g_assert_nonnull (plan);
	return plan;
}

static QnavRecoveryAction
recommended_action (QnavRecoveryPlan *plan)
{
	QnavRecoveryOption *recommended = qnav_recovery_plan_get_recommended (plan);

	g_assert_nonnull (recommended);
	return qnav_recovery_option_get_action (recommended);
}

static QnavRecoveryOption *
find_option (QnavRecoveryPlan *plan, QnavRecoveryAction action)
{
	GPtrArray *options = qnav_recovery_plan_get_options (plan);

	for (guint i = 0; i < options->len; i++)
		if (qnav_recovery_option_get_action (g_ptr_array_index (options, i)) == action)
			return g_ptr_array_index (options, i);
	return NULL;
}

static gchar *
argv_line (QnavCommand *command)
{
	return command != NULL ? g_strjoinv (" ", (gchar **) qnav_command_get_argv (command))
			       : g_strdup ("(none)");
}

/* Every plan: an escalation is there, priorities run 1…n in score order, the recommended
 * option is the first, and no command deletes files wholesale or goes through a shell. */
static void
assert_plan_sane (QnavRecoveryPlan *plan)
{
	GPtrArray *options = qnav_recovery_plan_get_options (plan);
	gboolean escalate = FALSE;

	g_assert_cmpuint (options->len, >=, 2);
	g_assert_true (qnav_recovery_plan_get_recommended (plan) == g_ptr_array_index (options, 0));
	g_assert_nonnull (qnav_recovery_plan_get_fingerprint (plan));
	g_assert_cmpuint (strlen (qnav_recovery_plan_get_fingerprint (plan)), ==, 16);
	for (guint i = 0; i < options->len; i++) {
		QnavRecoveryOption *option = g_ptr_array_index (options, i);
		GPtrArray *commands = qnav_recovery_option_get_commands (option);
		const gchar *const *steps = qnav_recovery_option_get_steps (option);

		g_assert_cmpuint (qnav_recovery_option_get_priority (option), ==, i + 1);
		if (i > 0)
			g_assert_cmpfloat (qnav_recovery_option_get_score (option), <=,
					   qnav_recovery_option_get_score (
						   g_ptr_array_index (options, i - 1)));
		if (qnav_recovery_option_get_action (option) == QNAV_RECOVERY_ACTION_ESCALATE)
			escalate = TRUE;
		g_assert_nonnull (qnav_recovery_option_get_description (option));
		g_assert_nonnull (steps[0]);
		for (guint s = 0; steps[s] != NULL; s++)
			g_assert_null (strstr (steps[s], "rm -rf"));
		for (guint c = 0; c < commands->len; c++) {
			const gchar *const *argv =
				qnav_command_get_argv (g_ptr_array_index (commands, c));
			g_assert_cmpstr (argv[0], !=, "rm");
			g_assert_cmpstr (argv[0], !=, "sh");
			g_assert_cmpstr (argv[0], !=, "bash");
			g_assert_cmpuint (qnav_command_get_timeout_seconds (
						  g_ptr_array_index (commands, c)),
					  >, 0);
		}
	}
	g_assert_true (escalate);
}

static void
test_transient_network_waits_or_retries (void)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_for (
		ANALYSIS ("network", "0.88", "[]", "[\"net_connection_refused\"]",
			  "\"Error: initializing source docker://registry.example.com/app:1: "
			  "pinging container registry registry.example.com: Get "
			  "\\\"https://registry.example.com/v2/\\\": dial tcp 10.0.0.5:443: "
			  "connect: connection refused\"",
			  "{\"network_checks\": [{\"host\": \"registry.example.com\", \"port\": 443, "
			  "\"resolved\": true, \"addresses\": [\"10.0.0.5\"], \"reachable\": false, "
			  "\"error\": \"Connection refused\"}]}"),
		NULL);
	QnavRecoveryOption *wait = find_option (plan, QNAV_RECOVERY_ACTION_WAIT);
	g_autofree gchar *check = NULL;
	QnavRecoveryAction action;

	assert_plan_sane (plan);
	action = recommended_action (plan);
	g_assert_true (action == QNAV_RECOVERY_ACTION_WAIT || action == QNAV_RECOVERY_ACTION_RETRY);
	/* the wait has a condition: that host, that port */
	g_assert_nonnull (wait);
	check = argv_line (qnav_recovery_option_get_verify (wait));
	g_assert_cmpstr (check, ==, "qnav check host registry.example.com --port 443");
	g_assert_cmpuint (qnav_recovery_option_get_wait_seconds (wait), >, 0);
}

static void
test_unknown_escalates (void)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_for (
		ANALYSIS ("unknown", "0.15", "[]", "[]",
			  "\"Task failed with exception\"", NO_CONTEXT),
		NULL);

	assert_plan_sane (plan);
	g_assert_cmpint (recommended_action (plan), ==, QNAV_RECOVERY_ACTION_ESCALATE);
}

/* The unit that is down is started, by its real name (the modular daemon on RHEL 9), not a
 * hard-coded libvirtd. */
static void
test_down_unit_is_started_by_name (void)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_for (
		ANALYSIS ("service_dependency", "0.9", "[\"libvirt\"]",
			  "[\"libvirt_socket_missing\"]",
			  "\"error: failed to connect to the hypervisor\\nerror: Failed to connect "
			  "socket to '/var/run/libvirt/virtqemud-sock': No such file or directory\"",
			  "{\"services\": {\"libvirt\": {\"unit\": \"virtqemud.socket\", \"backend\": "
			  "\"systemd\", \"found\": true, \"active\": false, \"state\": \"inactive\", "
			  "\"sub_state\": \"dead\"}, \"podman\": {\"unit\": \"podman.socket\", "
			  "\"backend\": \"systemd\", \"found\": true, \"active\": true, \"state\": "
			  "\"active\"}}}"),
		NULL);
	QnavRecoveryOption *fix = qnav_recovery_plan_get_recommended (plan);
	g_autofree gchar *check = NULL, *act = NULL, *verify = NULL;
	GPtrArray *options = qnav_recovery_plan_get_options (plan);

	assert_plan_sane (plan);
	g_assert_cmpint (qnav_recovery_option_get_action (fix), ==, QNAV_RECOVERY_ACTION_MANUAL_FIX);
	g_assert_cmpint (qnav_recovery_option_get_risk (fix), ==, QNAV_RISK_LOW);
	check = argv_line (qnav_recovery_option_get_check (fix));
	act = argv_line (g_ptr_array_index (qnav_recovery_option_get_commands (fix), 0));
	verify = argv_line (qnav_recovery_option_get_verify (fix));
	g_assert_cmpstr (check, ==, "systemctl is-active --quiet virtqemud.socket");
	g_assert_cmpstr (act, ==, "systemctl start virtqemud.socket");
	g_assert_cmpstr (verify, ==, "systemctl is-active --quiet virtqemud.socket");
	/* the healthy podman gets nothing */
	for (guint i = 0; i < options->len; i++) {
		GPtrArray *commands =
			qnav_recovery_option_get_commands (g_ptr_array_index (options, i));
		for (guint c = 0; c < commands->len; c++) {
			g_autofree gchar *line = argv_line (g_ptr_array_index (commands, c));
			g_assert_null (strstr (line, "podman"));
			g_assert_null (strstr (line, "libvirtd"));
		}
	}
}

static void
test_container_is_started (void)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_for (
		ANALYSIS ("service_dependency", "0.85", "[\"airflow\"]", "[]",
			  "\"airflow scheduler is not running\"",
			  "{\"services\": {\"airflow\": {\"unit\": \"airflow-scheduler\", \"backend\": "
			  "\"podman\", \"found\": true, \"active\": false, \"state\": \"exited\"}}}"),
		NULL);
	QnavRecoveryOption *fix = find_option (plan, QNAV_RECOVERY_ACTION_MANUAL_FIX);
	g_autofree gchar *act = NULL, *verify = NULL;

	assert_plan_sane (plan);
	g_assert_nonnull (fix);
	act = argv_line (g_ptr_array_index (qnav_recovery_option_get_commands (fix), 0));
	verify = argv_line (qnav_recovery_option_get_verify (fix));
	g_assert_cmpstr (act, ==, "podman start airflow-scheduler");
	g_assert_cmpstr (verify, ==, "qnav check service airflow");
}

/* Cleanup is scoped to the filesystem that is full, by the tool that owns what it removes. */
static void
test_full_disk_cleanup_is_scoped (void)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_for (
		ANALYSIS ("storage", "0.93", "[\"podman\"]", "[\"podman_no_space\"]",
			  "\"Error: writing blob: storing blob to file \\\"/var/lib/containers/"
			  "storage/tmp/x\\\": write /var/lib/containers/storage/tmp/x: no space left "
			  "on device\"",
			  "{\"resources\": {\"disks\": ["
			  "{\"path\": \"/\", \"total\": 100000000000, \"free\": 60000000000},"
			  "{\"path\": \"/tmp\", \"total\": 100000000000, \"free\": 500000000},"
			  "{\"path\": \"/var/lib/containers\", \"total\": 100000000000, \"free\": "
			  "100000000}]}}"),
		NULL);
	QnavRecoveryOption *fix = qnav_recovery_plan_get_recommended (plan);
	g_autofree gchar *act = NULL, *check = NULL;

	assert_plan_sane (plan);
	g_assert_cmpint (qnav_recovery_option_get_action (fix), ==, QNAV_RECOVERY_ACTION_MANUAL_FIX);
	g_assert_nonnull (strstr (qnav_recovery_option_get_description (fix), "/var/lib/containers"));
	act = argv_line (g_ptr_array_index (qnav_recovery_option_get_commands (fix), 0));
	check = argv_line (qnav_recovery_option_get_check (fix));
	g_assert_cmpstr (act, ==, "podman image prune --force");
	g_assert_cmpstr (check, ==, "qnav check disk /var/lib/containers --min-free-percent 10");
}

/* A full disk nobody can clean safely gets steps, not commands. */
static void
test_full_image_pool_is_manual (void)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_for (
		ANALYSIS ("storage", "0.9", "[]", "[]",
			  "\"error: Failed to create volume: no space left on device\"",
			  "{\"resources\": {\"disks\": [{\"path\": \"/var/lib/libvirt/images\", "
			  "\"total\": 100000000000, \"free\": 10000000}]}}"),
		NULL);
	QnavRecoveryOption *fix = find_option (plan, QNAV_RECOVERY_ACTION_MANUAL_FIX);

	assert_plan_sane (plan);
	g_assert_nonnull (fix);
	g_assert_cmpuint (qnav_recovery_option_get_commands (fix)->len, ==, 0);
	g_assert_true (g_strv_contains (qnav_recovery_option_get_steps (fix),
					"List the volumes: virsh vol-list default --details"));
}

static void
test_timeout_retries_longer (void)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_for (
		ANALYSIS ("timeout", "0.8", "[]", "[\"airflow_task_timeout\"]",
			  "\"airflow.exceptions.AirflowTaskTimeout: Timeout, PID: 4242\\n"
			  "Task timed out after 300 seconds\"", NO_CONTEXT),
		NULL);
	QnavRecoveryOption *retry = find_option (plan, QNAV_RECOVERY_ACTION_RETRY);

	assert_plan_sane (plan);
	g_assert_nonnull (retry);
	g_assert_nonnull (strstr (qnav_recovery_option_get_description (retry), "from 300s to 600s"));
	g_assert_cmpint (recommended_action (plan), !=, QNAV_RECOVERY_ACTION_ESCALATE);
}

static void
test_leftover_domain_rolls_back (void)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_for (
		ANALYSIS ("state_mismatch", "0.9", "[\"libvirt\"]", "[\"libvirt_domain_exists\"]",
			  "\"ERROR    Guest name 'web01' is already in use.\\nerror: operation "
			  "failed: domain 'web01' already exists with uuid "
			  "2b4f3c2a-1111-2222-3333-444455556666\"", NO_CONTEXT),
		NULL);
	QnavRecoveryOption *rollback = find_option (plan, QNAV_RECOVERY_ACTION_ROLLBACK);
	g_autofree gchar *act = NULL, *check = NULL;

	assert_plan_sane (plan);
	g_assert_nonnull (rollback);
	g_assert_cmpint (qnav_recovery_option_get_risk (rollback), ==, QNAV_RISK_HIGH);
	act = argv_line (g_ptr_array_index (qnav_recovery_option_get_commands (rollback), 0));
	check = argv_line (qnav_recovery_option_get_check (rollback));
	g_assert_cmpstr (act, ==, "virsh undefine web01");
	g_assert_cmpstr (check, ==, "qnav check domain web01 --absent");
}

/* A name that is not a domain name never reaches a command. */
static void
test_hostile_names_stay_out_of_commands (void)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_for (
		ANALYSIS ("state_mismatch", "0.9", "[]", "[]",
			  "\"error: operation failed: domain '$(reboot)' already exists\"",
			  NO_CONTEXT),
		NULL);

	assert_plan_sane (plan);
	g_assert_null (find_option (plan, QNAV_RECOVERY_ACTION_ROLLBACK));
}

static void
test_credential_is_a_person_s_fix (void)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_for (
		ANALYSIS ("credential", "0.92", "[]", "[\"registry_unauthorized\"]",
			  "\"Error: initializing source docker://registry.redhat.io/ubi9: unable "
			  "to retrieve auth token: invalid username/password: unauthorized\"",
			  NO_CONTEXT),
		NULL);
	QnavRecoveryOption *fix = qnav_recovery_plan_get_recommended (plan);
	QnavRecoveryOption *retry = find_option (plan, QNAV_RECOVERY_ACTION_RETRY);

	assert_plan_sane (plan);
	/* renewing the credential, not running the same thing again */
	g_assert_cmpint (qnav_recovery_option_get_action (fix), ==, QNAV_RECOVERY_ACTION_MANUAL_FIX);
	g_assert_cmpuint (qnav_recovery_option_get_commands (fix)->len, ==, 0);
	g_assert_cmpuint (qnav_recovery_option_get_priority (retry), >, 2);
}

/* The original's analysis.json has no fingerprint; the plan computes one, the same each time. */
static void
test_original_analysis_gets_a_fingerprint (void)
{
	const gchar *original = "{\"timestamp\": \"2025-12-01T10:00:00\", \"plugin\": "
				"\"vault\", \"root_cause\": \"network\", \"confidence\": 0.85, "
				"\"severity\": \"high\", \"affected_services\": [], "
				"\"pattern_matches\": [\"network_unreachable\"], "
				"\"recommended_actions\": [\"Check network\"]}";
	g_autoptr(QnavRecoveryPlan) a = plan_for (original, NULL);
	g_autoptr(QnavRecoveryPlan) b = plan_for (original, NULL);

	assert_plan_sane (a);
	g_assert_cmpstr (qnav_recovery_plan_get_fingerprint (a), ==,
			 qnav_recovery_plan_get_fingerprint (b));
	/* the pattern's hint becomes a step */
	g_assert_true (g_strv_contains (qnav_recovery_option_get_steps (
						find_option (a, QNAV_RECOVERY_ACTION_MANUAL_FIX)),
					"Check network"));
}

static void
test_json_round_trip (void)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_for (
		ANALYSIS ("service_dependency", "0.9", "[\"libvirt\"]", "[]",
			  "\"Failed to connect socket to '/var/run/libvirt/libvirt-sock'\"",
			  "{\"services\": {\"libvirt\": {\"unit\": \"libvirtd.service\", \"backend\": "
			  "\"systemd\", \"found\": true, \"active\": false, \"state\": \"failed\"}}}"),
		NULL);
	g_autofree gchar *json = qnav_recovery_plan_to_json (plan);
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavRecoveryPlan) again = qnav_recovery_plan_new_from_json (json, -1, &error);
	g_autofree gchar *json_again = NULL;
	GPtrArray *options, *options_again;

	g_assert_no_error (error);
	json_again = qnav_recovery_plan_to_json (again);
	g_assert_cmpstr (json, ==, json_again);
	options = qnav_recovery_plan_get_options (plan);
	options_again = qnav_recovery_plan_get_options (again);
	g_assert_cmpuint (options->len, ==, options_again->len);
	g_assert_cmpint (qnav_recovery_option_get_action (qnav_recovery_plan_get_recommended (again)),
			 ==, qnav_recovery_option_get_action (qnav_recovery_plan_get_recommended (plan)));
	g_assert_cmpstr (qnav_recovery_plan_get_fingerprint (plan), ==,
			 qnav_recovery_plan_get_fingerprint (again));
}

static void
test_bad_plan_documents (void)
{
	static const struct {
		const gchar *json;
		const gchar *expect;
	} cases[] = {
		{ "[]", "a plan document is a JSON object" },
		{ "{\"recovery_options\": []}", "\"failure_analysis\"" },
		{ "{\"failure_analysis\": {\"root_cause\": \"network\"}, \"recovery_options\": [{}]}",
		  "element 0" },
		{ "{\"failure_analysis\": {\"root_cause\": \"network\"}, \"recovery_options\": "
		  "[{\"action_type\": \"retry\"}], \"recommended_index\": 3}",
		  "names no option" },
		{ "{\"failure_analysis\": {\"root_cause\": \"cosmic\"}, \"recovery_options\": []}",
		  "failure_analysis" },
		{ "{\"failure_analysis\": {\"root_cause\": \"network\"}, \"recovery_options\": "
		  "[{\"action_type\": \"retry\", \"commands\": [{\"argv\": []}]}]}",
		  "must name a program" },
		{ "{\"schema_version\": 9, \"failure_analysis\": {}, \"recovery_options\": []}",
		  "schema_version 9" },
	};

	for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
		g_autoptr(GError) error = NULL;
		g_autoptr(QnavRecoveryPlan) plan =
			qnav_recovery_plan_new_from_json (cases[i].json, -1, &error);
		g_assert_null (plan);
		g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
		g_test_message ("%s", error->message);
		g_assert_nonnull (strstr (error->message, cases[i].expect));
	}
}

/* The report: the original's sections, the evidence, an error text that cannot break out
 * of its fence, and no secret. */
static void
test_markdown_report (void)
{
	g_autoptr(QnavRecoveryPlan) plan = plan_for (
		ANALYSIS ("credential", "0.9", "[]", "[]",
			  "\"vault: permission denied for token hvs.CAESIJlU3kKz0aVxNf1QPdRlZkMmhO"
			  "m2ZvTWxH6Na6uQxvHG4\\n```\\n# injected heading\"",
			  NO_CONTEXT),
		NULL);
	g_autofree gchar *markdown = qnav_recovery_plan_to_markdown (plan);
	const gchar *sections[] = { "## Failure Recovery Report\n", "**Timestamp**: ",
				    "**Failed Plugin**: kvm_provision\n", "### Root Cause Analysis\n",
				    "**Category**: credential\n", "**Confidence**: 90%\n",
				    "### Evidence\n", "### Service Health Snapshot\n",
				    "### System Resources at Failure\n", "### Recovery Options\n",
				    "#### Option 1: MANUAL_FIX (recommended)\n", "- **Priority**: 1/" };
	const gchar *at = markdown;

	for (guint i = 0; i < G_N_ELEMENTS (sections); i++) {
		const gchar *found = strstr (at, sections[i]);
		if (found == NULL)
			g_error ("missing or out of order: %s\n%s", sections[i], markdown);
		at = found;
	}
	g_assert_null (strstr (markdown, "hvs.CAESIJlU3kKz0aVxNf1QPdRlZkMmhOm2ZvTWxH6Na6uQxvHG4"));
	/* the text holds a ``` run, so its fence is longer */
	g_assert_nonnull (strstr (markdown, "**Error Message**:\n````\n"));
}

/* What happened before outweighs the priors: a wait that failed five times for this very
 * failure is no longer recommended, and its measured rate is shown. */
static void
test_history_changes_the_ranking (void)
{
	const gchar *analysis = ANALYSIS (
		"network", "0.88", "[]", "[]",
		"\"dial tcp 10.0.0.5:443: connect: connection refused\"",
		"{\"network_checks\": [{\"host\": \"registry.example.com\", \"port\": 443, "
		"\"resolved\": true, \"reachable\": false}]}");
	g_autofree gchar *dir = g_dir_make_tmp ("qnav-planner-XXXXXX", NULL);
	g_autofree gchar *path = g_build_filename (dir, "history.db", NULL);
	g_autofree gchar *wal = g_strconcat (path, "-wal", NULL);
	g_autofree gchar *shm = g_strconcat (path, "-shm", NULL);
	g_autoptr(GError) error = NULL;
	g_autoptr(QnavHistory) history = qnav_history_new (path, &error);
	g_autoptr(QnavRecoveryPlan) before = NULL;
	g_autoptr(QnavRecoveryPlan) after = NULL;
	QnavRecoveryOption *wait;

	g_assert_no_error (error);
	before = plan_for (analysis, history);
	g_assert_cmpint (recommended_action (before), ==, QNAV_RECOVERY_ACTION_WAIT);
	g_assert_cmpfloat (qnav_recovery_option_get_success_rate (
				   find_option (before, QNAV_RECOVERY_ACTION_WAIT)),
			   <, 0.0);

	for (guint i = 0; i < 5; i++) {
		g_assert_true (qnav_history_record_outcome (
			history, qnav_recovery_plan_get_fingerprint (before),
			QNAV_RECOVERY_ACTION_WAIT, QNAV_EXECUTION_NOT_HELD, TRUE, NULL, 300.0,
			"registry.example.com still refused connections", &error));
		g_assert_no_error (error);
	}
	after = plan_for (analysis, history);
	wait = find_option (after, QNAV_RECOVERY_ACTION_WAIT);
	assert_plan_sane (after);
	g_assert_cmpint (recommended_action (after), !=, QNAV_RECOVERY_ACTION_WAIT);
	g_assert_cmpfloat (qnav_recovery_option_get_success_rate (wait), ==, 0.0);
	g_assert_cmpfloat (qnav_recovery_option_get_score (wait), <,
			   qnav_recovery_option_get_score (
				   find_option (before, QNAV_RECOVERY_ACTION_WAIT)));

	g_clear_object (&history);
	g_unlink (path);
	g_unlink (wal);
	g_unlink (shm);
	g_rmdir (dir);
}

int
main (int argc, char **argv)
{
	g_test_init (&argc, &argv, NULL);

	g_test_add_func ("/planner/transient-network", test_transient_network_waits_or_retries);
	g_test_add_func ("/planner/unknown-escalates", test_unknown_escalates);
	g_test_add_func ("/planner/down-unit", test_down_unit_is_started_by_name);
	g_test_add_func ("/planner/container", test_container_is_started);
	g_test_add_func ("/planner/full-disk", test_full_disk_cleanup_is_scoped);
	g_test_add_func ("/planner/full-image-pool", test_full_image_pool_is_manual);
	g_test_add_func ("/planner/timeout", test_timeout_retries_longer);
	g_test_add_func ("/planner/leftover-domain", test_leftover_domain_rolls_back);
	g_test_add_func ("/planner/hostile-names", test_hostile_names_stay_out_of_commands);
	g_test_add_func ("/planner/credential", test_credential_is_a_person_s_fix);
	g_test_add_func ("/planner/original-analysis", test_original_analysis_gets_a_fingerprint);
	g_test_add_func ("/planner/history", test_history_changes_the_ranking);
	g_test_add_func ("/plan/json-round-trip", test_json_round_trip);
	g_test_add_func ("/plan/bad-documents", test_bad_plan_documents);
	g_test_add_func ("/plan/markdown", test_markdown_report);

	return g_test_run ();
}
