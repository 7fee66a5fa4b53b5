/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * qubinode.navigator.qnav_context: what the probes find on this host, as the fact
 * qnav_context. The Ansible face of `qnav context`; see
 * ansible/plugins/modules/qnav_context.yml.
 */

#include "config.h"

#include <qnav.h>

#include "qnav-module.h"

static const QnavModuleOption options[] = {
	{ "services", QNAV_MODULE_TYPE_LIST, FALSE, NULL },
	{ "error", QNAV_MODULE_TYPE_STR, FALSE, NULL },
};

static JsonObject *
run (QnavModule *module, GError **error)
{
	g_autoptr(QnavContextCollector) collector = qnav_context_collector_new ();
	g_autoptr(QnavDiagnosticContext) context = NULL;
	g_autoptr(JsonObject) result = json_object_new ();
	g_autoptr(JsonNode) document = NULL;
	g_autofree gchar *json = NULL;
	g_autofree gchar *msg = NULL;
	JsonObject *facts = json_object_new ();
	GPtrArray *services;
	guint n_down = 0;

	/* probing only reads: check mode runs it just the same */
	context = qnav_diagnostic_context_new ("ansible", qnav_module_get_str (module, "error"));
	if (qnav_module_has (module, "services"))
		qnav_context_collector_set_services (collector,
						     qnav_module_get_list (module, "services"));
	if (!qnav_context_collector_collect (collector, context, NULL, error)) {
		g_prefix_error (error, "probing the host failed: ");
		json_object_unref (facts);
		return NULL;
	}

	json = qnav_diagnostic_context_to_json (context);
	document = qnav_module_parse_document (json, "the context", error);
	if (document == NULL) {
		json_object_unref (facts);
		return NULL;
	}

	services = qnav_diagnostic_context_get_services (context);
	for (guint i = 0; services != NULL && i < services->len; i++) {
		QnavServiceStatus *service = g_ptr_array_index (services, i);
		if (!qnav_service_status_get_active (service))
			n_down++;
	}
	msg = g_strdup_printf ("%s: %u service%s probed, %u not active",
			       qnav_diagnostic_context_get_hostname (context),
			       services != NULL ? services->len : 0,
			       services != NULL && services->len == 1 ? "" : "s", n_down);

	json_object_set_member (facts, "qnav_context", g_steal_pointer (&document));
	json_object_set_boolean_member (result, "changed", FALSE);
	json_object_set_object_member (result, "ansible_facts", facts);
	json_object_set_string_member (result, "msg", msg);
	return g_steal_pointer (&result);
}

int
main (int argc, char **argv)
{
	return qnav_module_main ("qnav_context", options, G_N_ELEMENTS (options), run, argc,
				 argv);
}
