/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "escalation-test-util.h"
#include "qnav-failure-analysis-private.h"

QnavFailureAnalysis *
test_analysis_new (const gchar *plugin, const gchar *error_text, const gchar *fingerprint)
{
	QnavFailureAnalysis *analysis = qnav_failure_analysis_new (plugin, error_text, -1);
	g_autoptr(QnavEvidence) evidence = NULL;
	g_autoptr(QnavDiagnosticContext) context =
		qnav_diagnostic_context_new (plugin, error_text);
	g_autoptr(QnavServiceStatus) down = qnav_service_status_new ("libvirtd");
	g_autoptr(QnavServiceStatus) up = qnav_service_status_new ("sshd");
	g_autoptr(QnavSystemResources) resources = qnav_system_resources_new ();
	g_autoptr(QnavDiskUsage) full = qnav_disk_usage_new ("/var/lib/libvirt/images");
	g_autoptr(QnavDiskUsage) roomy = qnav_disk_usage_new ("/");
	g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 3, 4, 5, 6, 7.0);

	qnav_failure_analysis_set_timestamp (analysis, when);
	qnav_failure_analysis_set_result (
		analysis, QNAV_ROOT_CAUSE_SERVICE_DEPENDENCY, 0.87, QNAV_SEVERITY_HIGH,
		"libvirtd is not running, so the libvirt socket is missing and no VM can be "
		"defined on the host until the daemon or its socket units are started again");
	qnav_failure_analysis_add_affected_service (analysis, "libvirtd");
	qnav_failure_analysis_add_pattern_match (analysis, "libvirt_socket_missing");
	qnav_failure_analysis_add_recommended_action (analysis,
						      "Start the libvirt daemon: systemctl start "
						      "virtqemud.socket");
	qnav_failure_analysis_add_recommended_action (analysis,
						      "Check `journalctl -u virtqemud` for why it "
						      "stopped");
	evidence = qnav_evidence_new (QNAV_EVIDENCE_KIND_PATTERN,
				      QNAV_ROOT_CAUSE_SERVICE_DEPENDENCY, 0.8,
				      "the libvirt socket does not exist");
	qnav_evidence_set_pattern_id (evidence, "libvirt_socket_missing");
	qnav_evidence_set_source (evidence, "/var/log/qnav/deploy.log");
	qnav_evidence_set_line (evidence, 42);
	qnav_evidence_set_text (evidence, error_text);
	qnav_failure_analysis_add_evidence (analysis, evidence);
	if (fingerprint != NULL)
		qnav_failure_analysis_set_fingerprint (analysis, fingerprint);

	qnav_diagnostic_context_set_hostname (context, "kvm01.lab.example");
	qnav_service_status_set_found (down, TRUE);
	qnav_service_status_set_active (down, FALSE);
	qnav_service_status_set_unit (down, "libvirtd.service");
	qnav_service_status_set_state (down, "inactive");
	qnav_service_status_set_sub_state (down, "dead");
	qnav_service_status_set_found (up, TRUE);
	qnav_service_status_set_active (up, TRUE);
	qnav_diagnostic_context_add_service (context, down);
	qnav_diagnostic_context_add_service (context, up);
	qnav_disk_usage_set_total_bytes (full, 100 * 1024 * 1024);
	qnav_disk_usage_set_free_bytes (full, 1 * 1024 * 1024);
	qnav_disk_usage_set_total_bytes (roomy, 100 * 1024 * 1024);
	qnav_disk_usage_set_free_bytes (roomy, 60 * 1024 * 1024);
	qnav_system_resources_add_disk (resources, full);
	qnav_system_resources_add_disk (resources, roomy);
	qnav_diagnostic_context_set_resources (context, resources);
	qnav_failure_analysis_set_context (analysis, context);
	return analysis;
}

void
test_clear_github_environment (void)
{
	static const gchar *const names[] = {
		"GITHUB_REPOSITORY", "GITHUB_TOKEN", "GITHUB_API_URL",
		/* the fake is on loopback: no proxy may stand in between */
		"http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
	};

	for (guint i = 0; i < G_N_ELEMENTS (names); i++)
		g_unsetenv (names[i]);
}

/* CommonMark's rule, for lines that start a fence: up to three spaces, then three or more
 * backticks or tildes; the block ends at a line of at least as many of the same. */
gboolean
test_fence_open_at (const gchar *text, gsize end)
{
	gchar open_char = 0;
	gsize open_n = 0;
	const gchar *p = text, *stop = text + end;

	while (p < stop) {
		const gchar *nl = memchr (p, '\n', stop - p);
		gsize len = nl != NULL ? (gsize) (nl - p) : (gsize) (stop - p);
		gsize i = 0, n;
		gboolean bare = TRUE;

		while (i < len && i < 3 && p[i] == ' ')
			i++;
		if (i < len && (p[i] == '`' || p[i] == '~')) {
			gchar c = p[i];
			gsize start = i;
			while (i < len && p[i] == c)
				i++;
			n = i - start;
			for (; i < len; i++)
				bare = bare && (p[i] == ' ' || p[i] == '\r');
			if (n >= 3) {
				if (open_n == 0) {
					open_char = c;
					open_n = n;
				} else if (c == open_char && n >= open_n && bare) {
					open_n = 0;
				}
			}
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return open_n > 0;
}
