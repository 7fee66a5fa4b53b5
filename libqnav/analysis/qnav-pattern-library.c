/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "qnav-compiled-library-private.h"
#include "qnav-error-pattern-private.h"
#include "qnav-error.h"
#include "qnav-evidence.h"
#include "qnav-json-private.h"
#include "qnav-pattern-library-private.h"
#include "qnav-pattern-store-private.h"

/**
 * QnavPatternLibrary:
 *
 * The set of #QnavErrorPattern a #QnavFailureAnalyzer matches text against.
 *
 * The embedded default library ships inside libqnav; users add pattern files from
 * `/etc/qnav/patterns.d`, `$XDG_CONFIG_HOME/qnav/patterns.d`, any directory, or through
 * qnav_pattern_library_add(). Loading is forgiving: a bad pattern is reported in the error,
 * naming its file, its id and the reason, while every good pattern of the same file still
 * loads.
 *
 * Since: 0.1
 */

#define DEFAULT_RESOURCE_PATH "/org/qnav/analysis/patterns.compiled"
/* A pattern file bigger than this is refused: it cannot be a hand-written pattern set. */
#define MAX_PATTERN_FILE_SIZE (16 * 1024 * 1024)

struct _QnavPatternLibrary {
	GObject parent_instance;

	QnavPatternStore *store;
	/* id → 1 + position in the store; made when first needed (a lookup, an added pattern),
	 * since reading every built-in id costs more than a whole diagnosis needs */
	GHashTable *by_id;

	GMutex index_lock;
	QnavPatternIndex *index; /* built on demand, dropped when the set changes */
	/* the embedded library's automaton and the ones of its patterns that have no keywords,
	 * valid for the patterns [0, n_compiled) */
	QnavKeywordMatcher *compiled_matcher;
	guint n_compiled;
	const guint32 *compiled_unfiltered;
	guint n_compiled_unfiltered;
	GBytes *compiled_blob;
};

G_DEFINE_FINAL_TYPE (QnavPatternLibrary, qnav_pattern_library, G_TYPE_OBJECT)

enum {
	PROP_0,
	PROP_SIZE,
	N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
qnav_pattern_library_finalize (GObject *object)
{
	QnavPatternLibrary *self = QNAV_PATTERN_LIBRARY (object);

	g_clear_pointer (&self->by_id, g_hash_table_unref);
	qnav_pattern_store_unref (self->store);
	g_clear_pointer (&self->compiled_blob, g_bytes_unref);
	g_clear_pointer (&self->index, qnav_pattern_index_unref);
	g_clear_pointer (&self->compiled_matcher, qnav_keyword_matcher_unref);
	g_mutex_clear (&self->index_lock);

	G_OBJECT_CLASS (qnav_pattern_library_parent_class)->finalize (object);
}

static void
qnav_pattern_library_get_property (GObject *object, guint prop_id, GValue *value,
				   GParamSpec *pspec)
{
	QnavPatternLibrary *self = QNAV_PATTERN_LIBRARY (object);

	switch (prop_id) {
	case PROP_SIZE:
		g_value_set_uint (value, qnav_pattern_store_get_size (self->store));
		break;
	default:
		G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
	}
}

static void
qnav_pattern_library_class_init (QnavPatternLibraryClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS (klass);

	object_class->finalize = qnav_pattern_library_finalize;
	object_class->get_property = qnav_pattern_library_get_property;

	/**
	 * QnavPatternLibrary:size:
	 *
	 * The number of patterns in the library.
	 *
	 * Since: 0.1
	 */
	properties[PROP_SIZE] = g_param_spec_uint ("size", NULL, NULL, 0, G_MAXUINT, 0,
						   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

	g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
qnav_pattern_library_init (QnavPatternLibrary *self)
{
	self->store = qnav_pattern_store_new ();
	g_mutex_init (&self->index_lock);
}

/**
 * qnav_pattern_library_new:
 *
 * Creates an empty library.
 *
 * Returns: (transfer full): a new #QnavPatternLibrary
 *
 * Since: 0.1
 */
QnavPatternLibrary *
qnav_pattern_library_new (void)
{
	return g_object_new (QNAV_TYPE_PATTERN_LIBRARY, NULL);
}

/**
 * qnav_pattern_library_new_default:
 * @error: return location for a #GError
 *
 * Creates a library holding the embedded default patterns.
 *
 * Returns: (transfer full): a new #QnavPatternLibrary, or %NULL on error
 *
 * Since: 0.1
 */
QnavPatternLibrary *
qnav_pattern_library_new_default (GError **error)
{
	g_autoptr(QnavPatternLibrary) self = qnav_pattern_library_new ();

	if (!qnav_pattern_library_load_default (self, error))
		return NULL;
	return g_steal_pointer (&self);
}

static void
invalidate_index (QnavPatternLibrary *self)
{
	g_mutex_lock (&self->index_lock);
	g_clear_pointer (&self->index, qnav_pattern_index_unref);
	g_mutex_unlock (&self->index_lock);
	g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIZE]);
}

static GHashTable *
ensure_by_id (QnavPatternLibrary *self)
{
	guint size = qnav_pattern_store_get_size (self->store);

	if (self->by_id != NULL)
		return self->by_id;
	/* the ids live in the store, which lives as long as the library */
	self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
	for (guint i = 0; i < size; i++)
		g_hash_table_insert (self->by_id, (gpointer) qnav_pattern_store_get_id (self->store, i),
				     GUINT_TO_POINTER (i + 1));
	return self->by_id;
}

static gboolean
add_pattern (QnavPatternLibrary *self, QnavErrorPattern *pattern, GError **error)
{
	const gchar *id = qnav_error_pattern_get_id (pattern);
	guint position = GPOINTER_TO_UINT (g_hash_table_lookup (ensure_by_id (self), id));

	if (position != 0) {
		QnavErrorPattern *existing = qnav_pattern_store_get (self->store, position - 1);
		const gchar *where = qnav_error_pattern_get_source (existing);
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN,
			     "pattern \"%s\": duplicate id, already defined%s%s", id,
			     where != NULL ? " in " : "", where != NULL ? where : "");
		return FALSE;
	}
	qnav_pattern_store_append (self->store, pattern);
	g_hash_table_insert (self->by_id, (gpointer) id,
			     GUINT_TO_POINTER (qnav_pattern_store_get_size (self->store)));
	return TRUE;
}

/**
 * qnav_pattern_library_add:
 * @self: a #QnavPatternLibrary
 * @pattern: a #QnavErrorPattern
 * @error: return location for a #GError
 *
 * Adds a pattern. Its id must not be in the library yet.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
qnav_pattern_library_add (QnavPatternLibrary *self, QnavErrorPattern *pattern, GError **error)
{
	g_return_val_if_fail (QNAV_IS_PATTERN_LIBRARY (self), FALSE);
	g_return_val_if_fail (QNAV_IS_ERROR_PATTERN (pattern), FALSE);

	if (!add_pattern (self, pattern, error))
		return FALSE;
	invalidate_index (self);
	return TRUE;
}

static const gchar *const known_file_members[] = {
	"schema_version", "domain", "description", "patterns", NULL,
};

/* Loads what can be loaded; each problem becomes one line of @problems. */
static void
load_data (QnavPatternLibrary *self, const gchar *data, gssize length, const gchar *source,
	   GString *problems)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(JsonObject) root = NULL;
	g_autoptr(GList) members = NULL;
	JsonArray *patterns = NULL;
	gint64 schema_version = 1;

	root = qnav_json_parse_object (data, length, source, &error_local);
	if (root == NULL) {
		g_string_append_printf (problems, "%s\n", error_local->message);
		return;
	}
	members = json_object_get_members (root);
	for (GList *l = members; l != NULL; l = l->next) {
		if (!g_strv_contains (known_file_members, l->data)) {
			g_string_append_printf (problems, "%s: unknown member \"%s\"\n", source,
						(const gchar *) l->data);
			return;
		}
	}
	if (!qnav_json_get_int (root, "schema_version", FALSE, &schema_version, &error_local) ||
	    !qnav_json_get_array (root, "patterns", TRUE, &patterns, &error_local)) {
		g_string_append_printf (problems, "%s: %s\n", source, error_local->message);
		return;
	}
	if (schema_version != 1) {
		g_string_append_printf (problems,
					"%s: schema_version %" G_GINT64_FORMAT
					" is not supported (this qnav reads version 1)\n",
					source, schema_version);
		return;
	}

	for (guint i = 0; i < json_array_get_length (patterns); i++) {
		JsonNode *node = json_array_get_element (patterns, i);
		g_autoptr(QnavErrorPattern) pattern = NULL;
		g_autoptr(GError) error_pattern = NULL;

		if (!JSON_NODE_HOLDS_OBJECT (node)) {
			g_string_append_printf (problems, "%s: pattern #%u is not an object\n",
						source, i + 1);
			continue;
		}
		pattern = qnav_error_pattern_new_from_json_object (json_node_get_object (node),
								   source, &error_pattern);
		if (pattern == NULL || !add_pattern (self, pattern, &error_pattern)) {
			/* errors about a pattern start with 'pattern "id"' when it has one */
			if (g_str_has_prefix (error_pattern->message, "pattern "))
				g_string_append_printf (problems, "%s: %s\n", source,
							error_pattern->message);
			else
				g_string_append_printf (problems, "%s: pattern #%u: %s\n", source,
							i + 1, error_pattern->message);
		}
	}
}

static gboolean
finish_load (QnavPatternLibrary *self, GString *problems, GError **error)
{
	invalidate_index (self);
	if (problems->len == 0)
		return TRUE;
	g_string_truncate (problems, problems->len - 1); /* the last newline */
	g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_PATTERN, problems->str);
	return FALSE;
}

/**
 * qnav_pattern_library_load_data:
 * @self: a #QnavPatternLibrary
 * @data: the JSON text of a pattern file
 * @length: the length of @data, or -1 if it is NUL-terminated
 * @source: (nullable): a name for @data in messages, such as a file name
 * @error: return location for a #GError
 *
 * Loads the patterns of one pattern file (see `data/schema/pattern-file.schema.json`).
 * Good patterns are added even when others are bad.
 *
 * Returns: %TRUE if every pattern loaded; %FALSE with a %QNAV_ERROR_INVALID_PATTERN error that
 *   lists each problem on its own line otherwise
 *
 * Since: 0.1
 */
gboolean
qnav_pattern_library_load_data (QnavPatternLibrary *self, const gchar *data, gssize length,
				const gchar *source, GError **error)
{
	g_autoptr(GString) problems = g_string_new (NULL);

	g_return_val_if_fail (QNAV_IS_PATTERN_LIBRARY (self), FALSE);
	g_return_val_if_fail (data != NULL, FALSE);

	load_data (self, data, length, source != NULL ? source : "pattern data", problems);
	return finish_load (self, problems, error);
}

static void
load_file (QnavPatternLibrary *self, const gchar *path, GString *problems)
{
	g_autoptr(GError) error_local = NULL;
	g_autofree gchar *contents = NULL;
	gsize length = 0;
	GStatBuf buf;

	if (g_stat (path, &buf) == 0 && buf.st_size > MAX_PATTERN_FILE_SIZE) {
		g_string_append_printf (problems, "%s: the file is larger than %d MiB\n", path,
					MAX_PATTERN_FILE_SIZE / (1024 * 1024));
		return;
	}
	if (!g_file_get_contents (path, &contents, &length, &error_local)) {
		g_string_append_printf (problems, "%s\n", error_local->message);
		return;
	}
	load_data (self, contents, (gssize) length, path, problems);
}

/**
 * qnav_pattern_library_load_file:
 * @self: a #QnavPatternLibrary
 * @path: (type filename): a pattern file
 * @error: return location for a #GError
 *
 * Loads a pattern file. Good patterns are added even when others are bad.
 *
 * Returns: %TRUE if every pattern loaded
 *
 * Since: 0.1
 */
gboolean
qnav_pattern_library_load_file (QnavPatternLibrary *self, const gchar *path, GError **error)
{
	g_autoptr(GString) problems = g_string_new (NULL);

	g_return_val_if_fail (QNAV_IS_PATTERN_LIBRARY (self), FALSE);
	g_return_val_if_fail (path != NULL, FALSE);

	if (g_file_test (path, G_FILE_TEST_IS_DIR)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "%s is a directory, not a pattern file", path);
		return FALSE;
	}
	if (!g_file_test (path, G_FILE_TEST_EXISTS)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_NOT_FOUND,
			     "pattern file %s does not exist", path);
		return FALSE;
	}
	load_file (self, path, problems);
	return finish_load (self, problems, error);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
	return g_strcmp0 (*(const gchar *const *) a, *(const gchar *const *) b);
}

static gboolean
load_directory (QnavPatternLibrary *self, const gchar *path, gboolean must_exist,
		GString *problems, GError **error)
{
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GDir) dir = NULL;
	g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
	const gchar *name;

	dir = g_dir_open (path, 0, &error_local);
	if (dir == NULL) {
		if (!must_exist && g_error_matches (error_local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
			return TRUE;
		g_set_error (error, QNAV_ERROR,
			     g_error_matches (error_local, G_FILE_ERROR, G_FILE_ERROR_NOENT)
				     ? QNAV_ERROR_NOT_FOUND
			     : g_error_matches (error_local, G_FILE_ERROR, G_FILE_ERROR_NOTDIR)
				     ? QNAV_ERROR_INVALID_ARGUMENT
				     : QNAV_ERROR_IO,
			     "cannot read pattern directory: %s", error_local->message);
		return FALSE;
	}
	/* a stable order, so duplicate-id messages always blame the same file */
	while ((name = g_dir_read_name (dir)) != NULL) {
		if (g_str_has_suffix (name, ".json") && name[0] != '.')
			g_ptr_array_add (names, g_strdup (name));
	}
	g_ptr_array_sort (names, compare_names);
	for (guint i = 0; i < names->len; i++) {
		g_autofree gchar *file = g_build_filename (path, g_ptr_array_index (names, i), NULL);
		if (g_file_test (file, G_FILE_TEST_IS_REGULAR))
			load_file (self, file, problems);
	}
	return TRUE;
}

/**
 * qnav_pattern_library_load_directory:
 * @self: a #QnavPatternLibrary
 * @path: (type filename): a directory of `*.json` pattern files
 * @error: return location for a #GError
 *
 * Loads every `*.json` file of @path, in name order.
 *
 * Returns: %TRUE if every pattern of every file loaded
 *
 * Since: 0.1
 */
gboolean
qnav_pattern_library_load_directory (QnavPatternLibrary *self, const gchar *path, GError **error)
{
	g_autoptr(GString) problems = g_string_new (NULL);

	g_return_val_if_fail (QNAV_IS_PATTERN_LIBRARY (self), FALSE);
	g_return_val_if_fail (path != NULL, FALSE);

	if (!load_directory (self, path, TRUE, problems, error))
		return FALSE;
	return finish_load (self, problems, error);
}

/**
 * qnav_pattern_library_load_user_directories:
 * @self: a #QnavPatternLibrary
 * @error: return location for a #GError
 *
 * Loads the system-wide and per-user pattern directories: `/etc/qnav/patterns.d` (or
 * `$QNAV_SYSCONFDIR/patterns.d`) and `$XDG_CONFIG_HOME/qnav/patterns.d`. Directories that do
 * not exist are skipped.
 *
 * Returns: %TRUE if every pattern found loaded
 *
 * Since: 0.1
 */
gboolean
qnav_pattern_library_load_user_directories (QnavPatternLibrary *self, GError **error)
{
	g_autoptr(GString) problems = g_string_new (NULL);
	const gchar *sysconfdir = g_getenv ("QNAV_SYSCONFDIR");
	g_autofree gchar *system_dir = NULL;
	g_autofree gchar *user_dir = NULL;

	g_return_val_if_fail (QNAV_IS_PATTERN_LIBRARY (self), FALSE);

	system_dir = g_build_filename (sysconfdir != NULL ? sysconfdir : "/etc/qnav",
				       "patterns.d", NULL);
	user_dir = g_build_filename (g_get_user_config_dir (), "qnav", "patterns.d", NULL);
	if (!load_directory (self, system_dir, FALSE, problems, error) ||
	    !load_directory (self, user_dir, FALSE, problems, error))
		return FALSE;
	return finish_load (self, problems, error);
}

/**
 * qnav_pattern_library_load_default:
 * @self: a #QnavPatternLibrary
 * @error: return location for a #GError
 *
 * Adds the embedded default patterns.
 *
 * Returns: %TRUE on success
 *
 * Since: 0.1
 */
gboolean
qnav_pattern_library_load_default (QnavPatternLibrary *self, GError **error)
{
	g_autoptr(GBytes) bytes = NULL;
	g_autoptr(QnavKeywordMatcher) matcher = NULL;
	const guint32 *record_at = NULL, *unfiltered = NULL;
	guint n_patterns = 0, n_unfiltered = 0;

	g_return_val_if_fail (QNAV_IS_PATTERN_LIBRARY (self), FALSE);

	bytes = g_resources_lookup_data (DEFAULT_RESOURCE_PATH, 0, error);
	if (bytes == NULL) {
		g_prefix_error (error, "the embedded pattern library is missing: ");
		return FALSE;
	}
	/* compiled at build time by qnav-compile-patterns: no JSON to parse, no regex to
	 * check, no automaton to build, and each pattern is read only when needed */
	if (!qnav_compiled_library_read (bytes, &n_patterns, &record_at, &unfiltered,
					 &n_unfiltered, &matcher, error)) {
		g_prefix_error (error, "the embedded pattern library: ");
		return FALSE;
	}
	if (qnav_pattern_store_get_size (self->store) == 0 && self->compiled_matcher == NULL) {
		/* the compiled automaton numbers the patterns from 0 */
		qnav_pattern_store_append_compiled (self->store, bytes, record_at, n_patterns);
		self->compiled_matcher = g_steal_pointer (&matcher);
		self->n_compiled = n_patterns;
		self->compiled_unfiltered = unfiltered;
		self->n_compiled_unfiltered = n_unfiltered;
		self->compiled_blob = g_bytes_ref (bytes);
		g_clear_pointer (&self->by_id, g_hash_table_unref);
	} else {
		/* behind other patterns: each is added, and checked, one by one */
		for (guint i = 0; i < n_patterns; i++) {
			g_autoptr(QnavErrorPattern) pattern =
				qnav_compiled_library_read_pattern (bytes, record_at[i]);
			if (!add_pattern (self, pattern, error)) {
				g_prefix_error (error, "the embedded pattern library: ");
				return FALSE;
			}
		}
	}
	invalidate_index (self);
	return TRUE;
}

/**
 * qnav_pattern_library_lookup:
 * @self: a #QnavPatternLibrary
 * @id: a pattern id
 *
 * Returns: (transfer none) (nullable): the pattern with @id, or %NULL
 *
 * Since: 0.1
 */
QnavErrorPattern *
qnav_pattern_library_lookup (QnavPatternLibrary *self, const gchar *id)
{
	guint position;

	g_return_val_if_fail (QNAV_IS_PATTERN_LIBRARY (self), NULL);
	g_return_val_if_fail (id != NULL, NULL);

	position = GPOINTER_TO_UINT (g_hash_table_lookup (ensure_by_id (self), id));
	return position != 0 ? qnav_pattern_store_get (self->store, position - 1) : NULL;
}

/**
 * qnav_pattern_library_get_patterns:
 * @self: a #QnavPatternLibrary
 *
 * Returns: (transfer container) (element-type QnavErrorPattern): the patterns, in the order
 *   they were added
 *
 * Since: 0.1
 */
GPtrArray *
qnav_pattern_library_get_patterns (QnavPatternLibrary *self)
{
	GPtrArray *result;
	guint size;

	g_return_val_if_fail (QNAV_IS_PATTERN_LIBRARY (self), NULL);

	size = qnav_pattern_store_get_size (self->store);
	result = g_ptr_array_new_full (size, g_object_unref);
	for (guint i = 0; i < size; i++)
		g_ptr_array_add (result, g_object_ref (qnav_pattern_store_get (self->store, i)));
	return result;
}

/**
 * qnav_pattern_library_get_size:
 * @self: a #QnavPatternLibrary
 *
 * Returns: the number of patterns
 *
 * Since: 0.1
 */
guint
qnav_pattern_library_get_size (QnavPatternLibrary *self)
{
	g_return_val_if_fail (QNAV_IS_PATTERN_LIBRARY (self), 0);
	return qnav_pattern_store_get_size (self->store);
}

/* Returns: (transfer full): the compiled index of the current patterns; callers keep their
 * reference for a whole scan, so later changes to the library do not disturb it */
QnavPatternIndex *
qnav_pattern_library_get_index (QnavPatternLibrary *self)
{
	QnavPatternIndex *index;

	g_mutex_lock (&self->index_lock);
	if (self->index == NULL)
		self->index = qnav_pattern_index_new (
			self->store, qnav_pattern_store_get_size (self->store),
			self->compiled_matcher, self->n_compiled, self->compiled_unfiltered,
			self->n_compiled_unfiltered);
	index = qnav_pattern_index_ref (self->index);
	g_mutex_unlock (&self->index_lock);
	return index;
}

/**
 * qnav_pattern_library_match:
 * @self: a #QnavPatternLibrary
 * @text: one or more lines of text
 * @length: the length of @text, or -1 if it is NUL-terminated
 * @error: return location for a #GError
 *
 * Finds every pattern that matches a line of @text, for testing patterns. Each result is a
 * #QnavEvidence whose pattern id, line and text say where the pattern matched first and
 * whose weight is the pattern's weight.
 *
 * Returns: (transfer container) (element-type QnavEvidence): the matches in library order, or
 *   %NULL on error
 *
 * Since: 0.1
 */
GPtrArray *
qnav_pattern_library_match (QnavPatternLibrary *self, const gchar *text, gssize length,
			    GError **error)
{
	g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_object_unref);

	g_return_val_if_fail (QNAV_IS_PATTERN_LIBRARY (self), NULL);
	g_return_val_if_fail (text != NULL, NULL);

	for (guint i = 0; i < qnav_pattern_store_get_size (self->store); i++) {
		QnavErrorPattern *pattern = qnav_pattern_store_get (self->store, i);
		g_autofree gchar *matched = NULL;
		guint line = 0;
		QnavEvidence *evidence;

		if (!qnav_error_pattern_match (pattern, text, length, &line, &matched, error)) {
			if (error != NULL && *error != NULL)
				return NULL;
			continue;
		}
		evidence = qnav_evidence_new (QNAV_EVIDENCE_KIND_PATTERN,
					      qnav_error_pattern_get_category (pattern),
					      qnav_error_pattern_get_weight (pattern),
					      qnav_error_pattern_get_description (pattern));
		qnav_evidence_set_pattern_id (evidence, qnav_error_pattern_get_id (pattern));
		qnav_evidence_set_source (evidence, "text");
		qnav_evidence_set_line (evidence, line);
		qnav_evidence_set_text (evidence, matched);
		g_ptr_array_add (result, evidence);
	}
	return g_steal_pointer (&result);
}
