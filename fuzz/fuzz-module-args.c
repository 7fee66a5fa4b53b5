/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The Ansible modules' args file (modules/qnav-module.c): every byte string either parses
 * into typed options or fails with a GError, and either way becomes one result object. */

#include "config.h"

#include <stdint.h>

#include <qnav.h>

#include "qnav-json-private.h"
#include "qnav-module.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* every type the modules use, with and without defaults */
static const QnavModuleOption options[] = {
	{ "error", QNAV_MODULE_TYPE_STR, TRUE, NULL },
	{ "plugin", QNAV_MODULE_TYPE_STR, FALSE, "ansible" },
	{ "probes", QNAV_MODULE_TYPE_BOOL, FALSE, "true" },
	{ "log_paths", QNAV_MODULE_TYPE_PATH_LIST, FALSE, NULL },
	{ "patterns_dir", QNAV_MODULE_TYPE_PATH, FALSE, NULL },
	{ "services", QNAV_MODULE_TYPE_LIST, FALSE, "libvirt,podman" },
};

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
	g_autoptr(QnavModule) module = qnav_module_new ("fuzz", options, G_N_ELEMENTS (options));
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonNode) result = NULL;
	g_autofree gchar *text = NULL;

	if (qnav_module_parse_data (module, (const gchar *) data, size, &error)) {
		g_autoptr(JsonObject) object = json_object_new ();
		json_object_set_string_member (object, "error",
					       qnav_module_get_str (module, "error"));
		json_object_set_boolean_member (object, "probes",
						qnav_module_get_bool (module, "probes"));
		result = qnav_module_build_exit (module, object);
	} else {
		result = qnav_module_build_fail (module, error);
	}
	text = qnav_json_to_string (result, FALSE);
	return 0;
}
