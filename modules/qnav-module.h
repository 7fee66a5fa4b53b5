/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "qnav.h"

G_BEGIN_DECLS

/*
 * The Ansible binary-module protocol, shared by every qnav module.
 *
 * Ansible runs a binary module as `<module> <args-file>` and parses its standard output for
 * one JSON object. It applies no argument_spec to a binary module: no defaults, no type
 * conversion, no unknown-option check. QnavModule does that work the way AnsibleModule
 * would, so that a playbook author sees the same behaviour and the same messages.
 */

/* Ansible never writes an args file this big; a bigger file is not an args file. */
#define QNAV_MODULE_MAX_ARGS_SIZE (16 * 1024 * 1024)

typedef enum {
	QNAV_MODULE_TYPE_STR,
	QNAV_MODULE_TYPE_BOOL,
	QNAV_MODULE_TYPE_PATH,
	/* type: list, elements: str */
	QNAV_MODULE_TYPE_LIST,
	/* type: list, elements: path */
	QNAV_MODULE_TYPE_PATH_LIST,
	/* type: dict; kept as JSON text, read with qnav_module_get_str() */
	QNAV_MODULE_TYPE_DICT,
	QNAV_MODULE_TYPE_INT,
} QnavModuleType;

typedef struct {
	const gchar *name;
	QnavModuleType type;
	gboolean required;
	/* the value used when the option is absent or null, written as a task would write it
	 * ("true" for a bool, "a,b" for a list); NULL: no default */
	const gchar *default_value;
} QnavModuleOption;

typedef struct _QnavModule QnavModule;

QnavModule *qnav_module_new (const gchar *name, const QnavModuleOption *options,
			     guint n_options);
void qnav_module_free (QnavModule *self);

/* Parsing checks everything at once, like AnsibleModule: the JSON, unknown options,
 * required options and every type. After it succeeds the getters cannot fail. */
gboolean qnav_module_parse_data (QnavModule *self, const gchar *data, gsize length,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean qnav_module_parse_file (QnavModule *self, const gchar *path,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean qnav_module_parse_argv (QnavModule *self, gint argc, gchar **argv,
				 GError **error) G_GNUC_WARN_UNUSED_RESULT;

const gchar *qnav_module_get_name (QnavModule *self);
gboolean qnav_module_has (QnavModule *self, const gchar *option);
const gchar *qnav_module_get_str (QnavModule *self, const gchar *option);
gboolean qnav_module_get_bool (QnavModule *self, const gchar *option);
gint64 qnav_module_get_int (QnavModule *self, const gchar *option);
const gchar *const *qnav_module_get_list (QnavModule *self, const gchar *option);

gboolean qnav_module_get_check_mode (QnavModule *self);
gboolean qnav_module_get_no_log (QnavModule *self);
gboolean qnav_module_get_diff (QnavModule *self);
gint qnav_module_get_verbosity (QnavModule *self);

void qnav_module_add_warning (QnavModule *self, const gchar *format, ...) G_GNUC_PRINTF (2, 3);
const gchar *const *qnav_module_get_warnings (QnavModule *self);

/* Parses a document the library wrote (an analysis, a context) into a node that can go into a
 * result: mutable, since the result is redacted once more on its way out. */
JsonNode *qnav_module_parse_document (const gchar *json, const gchar *what,
				      GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* The history named by the module's `history` and `use_history` options (modules that record
 * or read one declare both): NULL without an error when use_history is false, NULL with
 * @error when it cannot be opened. */
QnavHistory *qnav_module_open_history (QnavModule *self, GError **error);

/* Builds the result documents without printing them: what the exit helpers print, and
 * what a test or a fuzzer can inspect. */
JsonNode *qnav_module_build_exit (QnavModule *self, JsonObject *result);
JsonNode *qnav_module_build_fail (QnavModule *self, const GError *error);

/* Redirects standard output to standard error for the life of the process, so that nothing
 * but the result (a library, a child process, a GLib log handler) can reach Ansible's
 * parser; the result is written to the saved descriptor. Call first thing in main(). */
void qnav_module_setup_output (void);

/* Print exactly one JSON object and return the exit status for main() (0, or 1 when
 * failed). */
gint qnav_module_exit_json (QnavModule *self, JsonObject *result);
gint qnav_module_fail_json (QnavModule *self, const GError *error);

/* The usual main(): set up, parse argv, run, print. @run returns the result object, or
 * NULL with @error set. */
typedef JsonObject *(*QnavModuleRunFunc) (QnavModule *module, GError **error);
gint qnav_module_main (const gchar *name, const QnavModuleOption *options, guint n_options,
		       QnavModuleRunFunc run, gint argc, gchar **argv);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QnavModule, qnav_module_free)

G_END_DECLS
