/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/* Helpers the C test programs share. */

#include "config.h"

#include <glib/gstdio.h>

#include "qnav-test-util.h"

/* Removes a test's temp directory and all in it. A symbolic link is removed, never followed:
 * tests make links to files outside their directory. */
void
qnav_test_remove_tree (const gchar *path)
{
	g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
	const gchar *name;

	while (dir != NULL && (name = g_dir_read_name (dir)) != NULL) {
		g_autofree gchar *child = g_build_filename (path, name, NULL);
		if (g_file_test (child, G_FILE_TEST_IS_DIR) &&
		    !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
			qnav_test_remove_tree (child);
		else
			g_unlink (child);
	}
	g_rmdir (path);
}

JsonArray *
qnav_test_load_secrets (JsonParser *parser)
{
	g_autofree gchar *path =
		g_test_build_filename (G_TEST_DIST, "data", "secrets", "secrets.json", NULL);
	g_autoptr(GError) error = NULL;

	if (!json_parser_load_from_file (parser, path, &error))
		g_error ("%s: %s", path, error->message);
	return json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
					     "cases");
}
