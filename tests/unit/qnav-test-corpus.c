/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "qnav-test-corpus.h"

static void
test_case_free (QnavTestCase *test_case)
{
	g_free (test_case->id);
	g_free (test_case->source);
	g_free (test_case->text);
	g_free (test_case->log_path);
	g_free (test_case);
}

/* Returns: (transfer full) (element-type QnavTestCase): the labelled cases of
 * tests/data/@name: "corpus" (the one the patterns were developed with), "holdout" (kept
 * away from pattern authors, but its misses steered coverage work once) or "sealed" (kept
 * away from pattern work entirely) */
GPtrArray *
qnav_test_corpus_load (const gchar *name)
{
	g_autofree gchar *dir = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
	g_autofree gchar *path = g_build_filename (dir, "cases.json", NULL);
	g_autoptr(JsonParser) parser = json_parser_new ();
	g_autoptr(GError) error = NULL;
	GPtrArray *cases = g_ptr_array_new_with_free_func ((GDestroyNotify) test_case_free);
	JsonArray *array;

	if (!json_parser_load_from_file (parser, path, &error))
		g_error ("%s: %s", path, error->message);
	array = json_node_get_array (json_parser_get_root (parser));
	for (guint i = 0; i < json_array_get_length (array); i++) {
		JsonObject *object = json_array_get_object_element (array, i);
		QnavTestCase *test_case = g_new0 (QnavTestCase, 1);
		const gchar *category = json_object_get_string_member (object, "category");

		test_case->id = g_strdup (json_object_get_string_member (object, "id"));
		test_case->source = g_strdup (json_object_get_string_member (object, "source"));
		if (!qnav_root_cause_from_string (category, &test_case->category))
			g_error ("case %s: unknown category %s", test_case->id, category);
		if (json_object_has_member (object, "file"))
			test_case->log_path = g_build_filename (
				dir, json_object_get_string_member (object, "file"), NULL);
		else
			test_case->text = g_strdup (json_object_get_string_member (object, "text"));
		g_ptr_array_add (cases, test_case);
	}
	return cases;
}

/* Returns: (transfer full) (element-type utf8): the text of every case of the corpus and
 * both held-out sets, logs read in full */
GPtrArray *
qnav_test_corpus_all_texts (void)
{
	g_autoptr(GPtrArray) cases = qnav_test_corpus_load ("corpus");
	g_autoptr(GPtrArray) holdout = qnav_test_corpus_load ("holdout");
	g_autoptr(GPtrArray) sealed = qnav_test_corpus_load ("sealed");
	GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

	g_ptr_array_extend_and_steal (cases, g_steal_pointer (&holdout));
	g_ptr_array_extend_and_steal (cases, g_steal_pointer (&sealed));

	for (guint i = 0; i < cases->len; i++) {
		QnavTestCase *test_case = g_ptr_array_index (cases, i);
		gchar *contents = NULL;
		if (test_case->text != NULL) {
			g_ptr_array_add (texts, g_strdup (test_case->text));
		} else if (g_file_get_contents (test_case->log_path, &contents, NULL, NULL)) {
			g_ptr_array_add (texts, contents);
		} else {
			g_error ("cannot read %s", test_case->log_path);
		}
	}
	return texts;
}
