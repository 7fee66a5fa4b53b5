/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* The args-file protocol of the Ansible modules (modules/qnav-module.c), fed from memory:
 * what AnsibleModule would accept is accepted and converted the same way, what it would
 * refuse fails with a message that names the argument, and the results are what Ansible
 * parses. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include <qnav.h>

#include "qnav-module.h"

static const QnavModuleOption options[] = {
	{ "name", QNAV_MODULE_TYPE_STR, TRUE, NULL },
	{ "flag", QNAV_MODULE_TYPE_BOOL, FALSE, "true" },
	{ "items", QNAV_MODULE_TYPE_LIST, FALSE, NULL },
	{ "dir", QNAV_MODULE_TYPE_PATH, FALSE, NULL },
	{ "files", QNAV_MODULE_TYPE_PATH_LIST, FALSE, "a,b" },
};

static QnavModule *
new_module (void)
{
	return qnav_module_new ("test_module", options, G_N_ELEMENTS (options));
}

static gboolean
parse (QnavModule *module, const gchar *json, GError **error)
{
	return qnav_module_parse_data (module, json, strlen (json), error);
}

/* Parses {"name": "x", <member>} and expects it to work. */
static QnavModule *
parse_ok (const gchar *members)
{
	g_autoptr(QnavModule) module = new_module ();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *json = g_strdup_printf ("{\"name\": \"x\"%s%s}",
						  *members != '\0' ? ", " : "", members);

	if (!parse (module, json, &error))
		g_error ("%s: %s", json, error->message);
	return g_steal_pointer (&module);
}

static void
assert_fails (const gchar *json, gint code, const gchar *fragment)
{
	g_autoptr(QnavModule) module = new_module ();
	g_autoptr(GError) error = NULL;

	if (parse (module, json, &error))
		g_error ("%s was accepted", json);
	g_assert_error (error, QNAV_ERROR, code);
	if (strstr (error->message, fragment) == NULL)
		g_error ("%s: \"%s\" does not say \"%s\"", json, error->message, fragment);
}

static void
test_booleans (void)
{
	const gchar *const truths[] = { "true", "\"yes\"", "\"on\"", "\"1\"", "1", "1.0",
					"\"TRUE \"", "\"y\"", "\"t\"", "\"Yes\"" };
	const gchar *const lies[] = { "false", "\"no\"", "\"off\"", "\"0\"", "0", "0.0",
				      "\"False\"", "\"n\"", "\"f\"" };
	const gchar *const wrong[] = { "2", "\"maybe\"", "[]", "{}", "0.5", "\"\"" };

	for (guint i = 0; i < G_N_ELEMENTS (truths); i++) {
		g_autofree gchar *members = g_strdup_printf ("\"flag\": %s", truths[i]);
		g_autoptr(QnavModule) module = parse_ok (members);
		g_assert_true (qnav_module_get_bool (module, "flag"));
		g_assert_true (qnav_module_has (module, "flag"));
	}
	for (guint i = 0; i < G_N_ELEMENTS (lies); i++) {
		g_autofree gchar *members = g_strdup_printf ("\"flag\": %s", lies[i]);
		g_autoptr(QnavModule) module = parse_ok (members);
		g_assert_false (qnav_module_get_bool (module, "flag"));
	}
	for (guint i = 0; i < G_N_ELEMENTS (wrong); i++) {
		g_autofree gchar *json = g_strdup_printf ("{\"name\": \"x\", \"flag\": %s}",
							  wrong[i]);
		assert_fails (json, QNAV_ERROR_INVALID_ARGUMENT,
			      "argument 'flag' is of type");
	}
	assert_fails ("{\"name\": \"x\", \"flag\": [1, 2]}", QNAV_ERROR_INVALID_ARGUMENT,
		      "argument 'flag' is of type list and we were unable to convert to bool");
}

static void
test_lists (void)
{
	g_autoptr(QnavModule) list = parse_ok ("\"items\": [\"a\", \"b c\"]");
	g_autoptr(QnavModule) comma = parse_ok ("\"items\": \"a, b,c\"");
	g_autoptr(QnavModule) empty = parse_ok ("\"items\": \"\"");
	g_autoptr(QnavModule) number = parse_ok ("\"items\": 5");
	g_autoptr(QnavModule) mixed = parse_ok ("\"items\": [1, \"x\", 2.5, true]");
	g_autoptr(QnavModule) absent = parse_ok ("");
	const gchar *const expected_list[] = { "a", "b c", NULL };
	/* Python's "a, b,c".split(","): the spaces stay */
	const gchar *const expected_comma[] = { "a", " b", "c", NULL };
	const gchar *const expected_mixed[] = { "1", "x", "2.5", "True", NULL };

	g_assert_true (g_strv_equal (qnav_module_get_list (list, "items"), expected_list));
	g_assert_true (g_strv_equal (qnav_module_get_list (comma, "items"), expected_comma));
	g_assert_cmpuint (g_strv_length ((GStrv) qnav_module_get_list (empty, "items")), ==, 0);
	g_assert_cmpstr (qnav_module_get_list (number, "items")[0], ==, "5");
	g_assert_true (g_strv_equal (qnav_module_get_list (mixed, "items"), expected_mixed));
	/* converting the elements that were not strings is worth a warning */
	g_assert_cmpuint (g_strv_length ((GStrv) qnav_module_get_warnings (mixed)), ==, 3);
	g_assert_null (qnav_module_get_list (absent, "items"));
	g_assert_false (qnav_module_has (absent, "items"));

	assert_fails ("{\"name\": \"x\", \"items\": {\"a\": 1}}", QNAV_ERROR_INVALID_ARGUMENT,
		      "argument 'items' is of type dict and we were unable to convert to list");
	assert_fails ("{\"name\": \"x\", \"items\": [\"a\", null]}",
		      QNAV_ERROR_INVALID_ARGUMENT,
		      "argument 'items' has an element of type NoneType");
}

static void
test_strings (void)
{
	g_autoptr(QnavModule) number = new_module ();
	g_autoptr(QnavModule) real = new_module ();
	g_autoptr(QnavModule) boolean = new_module ();
	g_autoptr(QnavModule) dict = new_module ();
	g_autoptr(QnavModule) quiet = new_module ();
	g_autoptr(GError) error = NULL;

	g_assert_true (parse (number, "{\"name\": 28, \"_ansible_x\": 1}", &error));
	g_assert_cmpstr (qnav_module_get_str (number, "name"), ==, "28");
	g_assert_cmpuint (g_strv_length ((GStrv) qnav_module_get_warnings (number)), ==, 1);
	g_assert_nonnull (strstr (qnav_module_get_warnings (number)[0],
				  "the value '28' (type int) of argument 'name' was converted"));

	g_assert_true (parse (real, "{\"name\": 1.5}", &error));
	g_assert_cmpstr (qnav_module_get_str (real, "name"), ==, "1.5");
	g_assert_true (parse (boolean, "{\"name\": true}", &error));
	g_assert_cmpstr (qnav_module_get_str (boolean, "name"), ==, "True");
	g_assert_true (parse (dict, "{\"name\": {\"msg\": \"disk full\"}}", &error));
	g_assert_cmpstr (qnav_module_get_str (dict, "name"), ==, "{\"msg\":\"disk full\"}");
	g_assert_true (parse (quiet, "{\"name\": 5, \"_ansible_string_conversion_action\": "
				     "\"ignore\"}",
			      &error));
	g_assert_cmpuint (g_strv_length ((GStrv) qnav_module_get_warnings (quiet)), ==, 0);

	assert_fails ("{\"name\": 5, \"_ansible_string_conversion_action\": \"error\"}",
		      QNAV_ERROR_INVALID_ARGUMENT,
		      "argument 'name' is of type int and we were unable to convert to str: the "
		      "value '5' is not a string and conversion is not allowed");
}

static void
test_paths (void)
{
	g_autoptr(QnavModule) module = NULL;
	g_autofree gchar *home_file = g_build_filename (g_get_home_dir (), "logs", NULL);
	const gchar *const *files;

	g_setenv ("QNAV_TEST_VAR", "/srv/qnav", TRUE);
	g_unsetenv ("QNAV_TEST_UNSET");
	module = parse_ok ("\"dir\": \"$QNAV_TEST_VAR/patterns\", \"files\": [\"~/logs\", "
			   "\"${QNAV_TEST_VAR}x\", \"$QNAV_TEST_UNSET/y\", \"~/\", \"a~/b\", "
			   "\"$\", \"${QNAV_TEST_VAR\"]");
	files = qnav_module_get_list (module, "files");

	g_assert_cmpstr (qnav_module_get_str (module, "dir"), ==, "/srv/qnav/patterns");
	g_assert_cmpstr (files[0], ==, home_file);
	g_assert_cmpstr (files[1], ==, "/srv/qnavx");
	g_assert_cmpstr (files[2], ==, "$QNAV_TEST_UNSET/y");
	g_assert_true (g_str_has_prefix (files[3], g_get_home_dir ()));
	g_assert_cmpstr (files[4], ==, "a~/b");
	g_assert_cmpstr (files[5], ==, "$");
	g_assert_cmpstr (files[6], ==, "${QNAV_TEST_VAR");
	g_unsetenv ("QNAV_TEST_VAR");
}

static void
test_defaults_and_required (void)
{
	g_autoptr(QnavModule) defaults = parse_ok ("\"flag\": null, \"dir\": null");
	const gchar *const expected_files[] = { "a", "b", NULL };

	g_assert_true (qnav_module_get_bool (defaults, "flag"));
	g_assert_false (qnav_module_has (defaults, "flag"));
	g_assert_null (qnav_module_get_str (defaults, "dir"));
	g_assert_true (g_strv_equal (qnav_module_get_list (defaults, "files"), expected_files));

	assert_fails ("{}", QNAV_ERROR_INVALID_ARGUMENT, "missing required arguments: name");
	/* null is what {{ omit }} would have left out */
	assert_fails ("{\"name\": null}", QNAV_ERROR_INVALID_ARGUMENT,
		      "missing required arguments: name");
}

static void
test_unknown_and_internal_keys (void)
{
	g_autoptr(QnavModule) module = parse_ok (
		"\"_ansible_check_mode\": true, \"_ansible_no_log\": \"yes\", "
		"\"_ansible_diff\": false, \"_ansible_verbosity\": 3, "
		"\"_ansible_version\": \"2.14.3\", \"_ansible_socket\": null, "
		"\"_ansible_from_the_future\": {\"a\": [1]}");

	g_assert_true (qnav_module_get_check_mode (module));
	g_assert_true (qnav_module_get_no_log (module));
	g_assert_false (qnav_module_get_diff (module));
	g_assert_cmpint (qnav_module_get_verbosity (module), ==, 3);

	assert_fails ("{\"name\": \"x\", \"zeta\": 1, \"alpha\": 2}", QNAV_ERROR_INVALID_ARGUMENT,
		      "unsupported parameters: alpha, zeta; supported: dir, files, flag, items, "
		      "name");
	assert_fails ("{\"name\": \"x\", \"_private\": 1}", QNAV_ERROR_INVALID_ARGUMENT,
		      "unsupported parameter: _private;");
	/* unknown options are reported before missing ones, as AnsibleModule does */
	assert_fails ("{\"nmae\": \"x\"}", QNAV_ERROR_INVALID_ARGUMENT,
		      "unsupported parameter: nmae;");
}

static void
test_no_log_hides_values (void)
{
	g_autoptr(QnavModule) module = new_module ();
	g_autoptr(GError) error = NULL;

	g_assert_false (parse (module, "{\"name\": \"x\", \"flag\": \"s3cr3t-value\", "
				       "\"_ansible_no_log\": true}",
			       &error));
	g_assert_nonnull (strstr (error->message, "argument 'flag' is of type str"));
	g_assert_null (strstr (error->message, "s3cr3t-value"));
}

static void
test_bad_documents (void)
{
	g_autoptr(QnavModule) module = new_module ();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *large = NULL;
	g_autofree gchar *deep = NULL;

	assert_fails ("", QNAV_ERROR_INVALID_DATA, "the argument file is empty");
	assert_fails ("name=x", QNAV_ERROR_INVALID_DATA, "is not valid JSON");
	assert_fails ("[]", QNAV_ERROR_INVALID_DATA, "must hold a JSON object, not an array");
	assert_fails ("\"x\"", QNAV_ERROR_INVALID_DATA, "must hold a JSON object, not a string");
	assert_fails ("42", QNAV_ERROR_INVALID_DATA, "must hold a JSON object, not a number");
	assert_fails ("null", QNAV_ERROR_INVALID_DATA, "must hold a JSON object, not null");
	assert_fails ("{\"name\": \"caf\xe9\"}", QNAV_ERROR_INVALID_DATA, "not UTF-8");

	g_assert_false (qnav_module_parse_data (module, "{\"name\": \"a\0b\"}", 15, &error));
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA);
	g_assert_nonnull (strstr (error->message, "NUL byte"));
	g_clear_error (&error);

	large = g_malloc (QNAV_MODULE_MAX_ARGS_SIZE + 1);
	memset (large, ' ', QNAV_MODULE_MAX_ARGS_SIZE + 1);
	g_assert_false (qnav_module_parse_data (module, large, QNAV_MODULE_MAX_ARGS_SIZE + 1,
						&error));
	g_assert_nonnull (strstr (error->message, "too large"));
	g_clear_error (&error);

	deep = g_strnfill (1024 * 1024, '[');
	g_assert_false (qnav_module_parse_data (module, deep, strlen (deep), &error));
	g_assert_nonnull (strstr (error->message, "nests deeper"));
	g_clear_error (&error);

	/* a failed parse leaves nothing behind for the getters */
	g_assert_true (parse (module, "{\"name\": \"first\"}", &error));
	g_assert_false (parse (module, "{\"name\": \"second\", \"flag\": \"maybe\"}", &error));
	g_clear_error (&error);
	g_assert_null (qnav_module_get_str (module, "name"));
}

static void
test_file_and_argv (void)
{
	g_autoptr(QnavModule) module = new_module ();
	g_autoptr(GError) error = NULL;
	g_autofree gchar *dir = g_dir_make_tmp ("qnav-module-XXXXXX", &error);
	g_autofree gchar *path = g_build_filename (dir, "args", NULL);
	gchar *argv_one[] = { (gchar *) "module", NULL };
	gchar *argv_two[] = { (gchar *) "module", path, NULL };

	g_assert_no_error (error);
	g_assert_false (qnav_module_parse_argv (module, 1, argv_one, &error));
	g_assert_cmpstr (error->message, ==, "No argument file provided");
	g_clear_error (&error);

	g_assert_false (qnav_module_parse_argv (module, 2, argv_two, &error));
	g_assert_error (error, QNAV_ERROR, QNAV_ERROR_NOT_FOUND);
	g_assert_nonnull (strstr (error->message, path));
	g_clear_error (&error);

	g_assert_false (qnav_module_parse_file (module, dir, &error));
	g_assert_nonnull (strstr (error->message, dir));
	g_clear_error (&error);

	g_assert_true (g_file_set_contents (path, "{\"name\": \"from a file\"}", -1, &error));
	g_assert_true (qnav_module_parse_argv (module, 2, argv_two, &error));
	g_assert_no_error (error);
	g_assert_cmpstr (qnav_module_get_str (module, "name"), ==, "from a file");

	g_remove (path);
	g_rmdir (dir);
}

static void
test_results (void)
{
	g_autoptr(QnavModule) module = parse_ok ("\"name\": 7");
	g_autoptr(JsonObject) result = json_object_new ();
	g_autoptr(JsonNode) exit_node = NULL;
	g_autoptr(JsonNode) fail_node = NULL;
	g_autoptr(GError) not_found = g_error_new (G_FILE_ERROR, G_FILE_ERROR_NOENT,
						   "cannot open /x: password=hunter2");
	JsonObject *object;

	json_object_set_string_member (result, "msg", "login with password=hunter2 failed");
	exit_node = qnav_module_build_exit (module, result);
	object = json_node_get_object (exit_node);
	g_assert_false (json_object_get_boolean_member (object, "failed"));
	g_assert_false (json_object_get_boolean_member (object, "changed"));
	g_assert_null (strstr (json_object_get_string_member (object, "msg"), "hunter2"));
	g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "warnings")),
			  ==, 1);

	fail_node = qnav_module_build_fail (module, not_found);
	object = json_node_get_object (fail_node);
	g_assert_true (json_object_get_boolean_member (object, "failed"));
	g_assert_null (strstr (json_object_get_string_member (object, "msg"), "hunter2"));
	object = json_object_get_object_member (object, "qnav_error");
	g_assert_cmpstr (json_object_get_string_member (object, "domain"), ==, "qnav-error-quark");
	g_assert_cmpint (json_object_get_int_member (object, "code"), ==, QNAV_ERROR_NOT_FOUND);
}

int
main (int argc, char **argv)
{
	g_test_init (&argc, &argv, NULL);

	g_test_add_func ("/qnav/module/booleans", test_booleans);
	g_test_add_func ("/qnav/module/lists", test_lists);
	g_test_add_func ("/qnav/module/strings", test_strings);
	g_test_add_func ("/qnav/module/paths", test_paths);
	g_test_add_func ("/qnav/module/defaults-and-required", test_defaults_and_required);
	g_test_add_func ("/qnav/module/unknown-and-internal-keys", test_unknown_and_internal_keys);
	g_test_add_func ("/qnav/module/no-log", test_no_log_hides_values);
	g_test_add_func ("/qnav/module/bad-documents", test_bad_documents);
	g_test_add_func ("/qnav/module/file-and-argv", test_file_and_argv);
	g_test_add_func ("/qnav/module/results", test_results);

	return g_test_run ();
}
