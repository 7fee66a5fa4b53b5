/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <qnav.h>

#include "qnav-json-private.h"
#include "qnav-module.h"
#include "qnav-redact-private.h"

/* json-glib parses recursively: a few MiB of '[' would overflow the stack before it could
 * say no, so deeper documents are refused before parsing. Ansible's own are a few levels. */
#define MAX_NESTING 256

typedef struct {
	gboolean given; /* by the task, rather than by the default */
	gchar *str;
	gboolean boolean;
	gint64 integer;
	GStrv list;
} Value;

struct _QnavModule {
	gchar *name;
	const QnavModuleOption *options;
	guint n_options;
	Value *values;
	GPtrArray *warnings; /* NULL-terminated */
	gboolean check_mode;
	gboolean no_log;
	gboolean diff;
	gint verbosity;
	gchar *string_conversion_action;
};

/* Where the one result goes; see qnav_module_setup_output(). */
static gint result_fd = -1;

QnavModule *
qnav_module_new (const gchar *name, const QnavModuleOption *options, guint n_options)
{
	QnavModule *self = g_new0 (QnavModule, 1);

	self->name = g_strdup (name);
	self->options = options;
	self->n_options = n_options;
	self->values = g_new0 (Value, MAX (n_options, 1));
	self->warnings = g_ptr_array_new_with_free_func (g_free);
	g_ptr_array_add (self->warnings, NULL);
	self->string_conversion_action = g_strdup ("warn");
	return self;
}

static void
value_clear (Value *value)
{
	g_clear_pointer (&value->str, g_free);
	g_clear_pointer (&value->list, g_strfreev);
	value->given = FALSE;
	value->boolean = FALSE;
}

void
qnav_module_free (QnavModule *self)
{
	if (self == NULL)
		return;
	for (guint i = 0; i < self->n_options; i++)
		value_clear (&self->values[i]);
	g_free (self->values);
	g_ptr_array_unref (self->warnings);
	g_free (self->string_conversion_action);
	g_free (self->name);
	g_free (self);
}

const gchar *
qnav_module_get_name (QnavModule *self)
{
	return self->name;
}

void
qnav_module_add_warning (QnavModule *self, const gchar *format, ...)
{
	va_list args;
	gchar *text;

	va_start (args, format);
	text = g_strdup_vprintf (format, args);
	va_end (args);
	g_ptr_array_insert (self->warnings, (gint) self->warnings->len - 1, text);
}

const gchar *const *
qnav_module_get_warnings (QnavModule *self)
{
	return (const gchar *const *) self->warnings->pdata;
}

/* ---- values as Python sees them --------------------------------------------------------- */

/* The Python type name AnsibleModule would print for a JSON value. */
static const gchar *
python_type_name (JsonNode *node)
{
	switch (JSON_NODE_TYPE (node)) {
	case JSON_NODE_OBJECT:
		return "dict";
	case JSON_NODE_ARRAY:
		return "list";
	case JSON_NODE_NULL:
		return "NoneType";
	case JSON_NODE_VALUE:
	default:
		break;
	}
	switch (json_node_get_value_type (node)) {
	case G_TYPE_BOOLEAN:
		return "bool";
	case G_TYPE_INT64:
		return "int";
	case G_TYPE_DOUBLE:
		return "float";
	case G_TYPE_STRING:
	default:
		return "str";
	}
}

/* Shortest text that reads back as the same double, as Python's str() prints it. */
static gchar *
double_to_text (gdouble value)
{
	gchar buffer[G_ASCII_DTOSTR_BUF_SIZE];

	if (isfinite (value) && value == floor (value) && fabs (value) < 1e16)
		return g_strdup_printf ("%.1f", value);
	for (gint precision = 1; precision <= 17; precision++) {
		g_autofree gchar *format = g_strdup_printf ("%%.%dg", precision);
		g_ascii_formatd (buffer, sizeof buffer, format, value);
		if (g_ascii_strtod (buffer, NULL) == value)
			break;
	}
	return g_strdup (buffer);
}

/* The text of a scalar or, for a list or a dict, its compact JSON. */
static gchar *
node_to_text (JsonNode *node)
{
	if (JSON_NODE_HOLDS_VALUE (node)) {
		switch (json_node_get_value_type (node)) {
		case G_TYPE_STRING:
			return g_strdup (json_node_get_string (node));
		case G_TYPE_BOOLEAN:
			return g_strdup (json_node_get_boolean (node) ? "True" : "False");
		case G_TYPE_INT64:
			return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
		case G_TYPE_DOUBLE:
			return double_to_text (json_node_get_double (node));
		default:
			break;
		}
	}
	if (JSON_NODE_HOLDS_NULL (node))
		return g_strdup ("None");
	return qnav_json_to_string (node, FALSE);
}

static gboolean
node_is_string (JsonNode *node)
{
	return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* What a message may say about a value: nothing, when the task is no_log. */
static gchar *
describe_value (QnavModule *self, JsonNode *node)
{
	g_autofree gchar *text = NULL;

	if (self->no_log)
		return g_strdup ("the value");
	text = node_to_text (node);
	if (g_utf8_strlen (text, -1) > 80) {
		g_autofree gchar *cut = g_utf8_substring (text, 0, 77);
		return g_strdup_printf ("the value '%s...'", cut);
	}
	return g_strdup_printf ("the value '%s'", text);
}

static gboolean
type_error (QnavModule *self, const gchar *what, const gchar *option, JsonNode *node,
	    const gchar *wanted, const gchar *reason, GError **error)
{
	g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
		     "argument '%s' %s %s and we were unable to convert to %s: %s", option, what,
		     python_type_name (node), wanted, reason);
	return FALSE;
}

/* check_type_str(): strings pass; anything else is converted, with a warning, unless the
 * task set string_conversion_action to error. */
static gboolean
convert_str (QnavModule *self, const gchar *option, const gchar *what, JsonNode *node,
	     const gchar *wanted, gchar **out, GError **error)
{
	g_autofree gchar *text = NULL;

	if (node_is_string (node)) {
		*out = g_strdup (json_node_get_string (node));
		return TRUE;
	}
	if (JSON_NODE_HOLDS_NULL (node))
		return type_error (self, what, option, node, wanted,
				   "null is not a string", error);
	text = node_to_text (node);
	if (g_strcmp0 (self->string_conversion_action, "error") == 0) {
		g_autofree gchar *shown = describe_value (self, node);
		g_autofree gchar *reason =
			g_strdup_printf ("%s is not a string and conversion is not allowed", shown);
		return type_error (self, what, option, node, wanted, reason, error);
	}
	if (g_strcmp0 (self->string_conversion_action, "ignore") != 0) {
		g_autofree gchar *shown = describe_value (self, node);
		qnav_module_add_warning (self,
					 "%s (type %s) of argument '%s' was converted to a "
					 "string (%s). If this does not look like what you "
					 "expect, quote the entire value to ensure it does not "
					 "change.",
					 shown, python_type_name (node), option,
					 self->no_log ? "not shown" : text);
	}
	*out = g_steal_pointer (&text);
	return TRUE;
}

/* os.path.expandvars(): $NAME and ${NAME} become their value when NAME is set. */
static gchar *
expand_vars (const gchar *text)
{
	GString *out = g_string_new (NULL);
	const gchar *p = text;

	while (*p != '\0') {
		const gchar *start, *end, *next;
		g_autofree gchar *name = NULL;
		const gchar *value;

		if (*p != '$') {
			g_string_append_c (out, *p++);
			continue;
		}
		if (p[1] == '{') {
			start = p + 2;
			end = strchr (start, '}');
			next = end != NULL ? end + 1 : NULL;
		} else {
			start = p + 1;
			end = start;
			while (g_ascii_isalnum (*end) || *end == '_')
				end++;
			next = end;
		}
		if (end == NULL || end == start) {
			g_string_append_c (out, *p++);
			continue;
		}
		name = g_strndup (start, (gsize) (end - start));
		value = g_getenv (name);
		if (value == NULL) {
			g_string_append_len (out, p, next - p);
		} else {
			g_string_append (out, value);
		}
		p = next;
	}
	return g_string_free (out, FALSE);
}

/* os.path.expanduser(): ~ and ~user at the start. */
static gchar *
expand_user (const gchar *text)
{
	const gchar *slash;
	g_autofree gchar *user = NULL;
	struct passwd *entry;

	if (text[0] != '~')
		return g_strdup (text);
	slash = strchr (text, '/');
	if (slash == NULL)
		slash = text + strlen (text);
	if (slash == text + 1)
		return g_strconcat (g_get_home_dir (), slash, NULL);
	user = g_strndup (text + 1, (gsize) (slash - text - 1));
	entry = getpwnam (user);
	if (entry == NULL || entry->pw_dir == NULL)
		return g_strdup (text);
	return g_strconcat (entry->pw_dir, slash, NULL);
}

static gchar *
expand_path (const gchar *text)
{
	g_autofree gchar *vars = expand_vars (text);

	return expand_user (vars);
}

static gboolean
parse_boolean_text (const gchar *text, gboolean *out)
{
	static const gchar *const truths[] = { "y", "yes", "on", "1", "true", "t" };
	static const gchar *const lies[] = { "n", "no", "off", "0", "false", "f" };
	g_autofree gchar *normal = g_ascii_strdown (text, -1);

	g_strstrip (normal);
	for (guint i = 0; i < G_N_ELEMENTS (truths); i++) {
		if (g_str_equal (normal, truths[i])) {
			*out = TRUE;
			return TRUE;
		}
		if (g_str_equal (normal, lies[i])) {
			*out = FALSE;
			return TRUE;
		}
	}
	return FALSE;
}

/* check_type_bool() + boolean(): bools, the usual words, and the numbers 1 and 0. */
static gboolean
node_to_boolean (JsonNode *node, gboolean *out)
{
	if (!JSON_NODE_HOLDS_VALUE (node))
		return FALSE;
	switch (json_node_get_value_type (node)) {
	case G_TYPE_BOOLEAN:
		*out = json_node_get_boolean (node);
		return TRUE;
	case G_TYPE_INT64:
		if (json_node_get_int (node) != 0 && json_node_get_int (node) != 1)
			return FALSE;
		*out = json_node_get_int (node) == 1;
		return TRUE;
	case G_TYPE_DOUBLE:
		if (json_node_get_double (node) != 0.0 && json_node_get_double (node) != 1.0)
			return FALSE;
		*out = json_node_get_double (node) == 1.0;
		return TRUE;
	case G_TYPE_STRING:
		return parse_boolean_text (json_node_get_string (node), out);
	default:
		return FALSE;
	}
}

static gboolean
convert_bool (QnavModule *self, const gchar *option, JsonNode *node, gboolean *out,
	      GError **error)
{
	g_autofree gchar *shown = NULL;
	g_autofree gchar *reason = NULL;

	if (node_to_boolean (node, out))
		return TRUE;
	if (JSON_NODE_HOLDS_OBJECT (node) || JSON_NODE_HOLDS_ARRAY (node)) {
		reason = g_strdup_printf ("a %s cannot be converted to a bool",
					  python_type_name (node));
	} else {
		shown = describe_value (self, node);
		reason = g_strdup_printf ("%s is not a valid boolean. Valid booleans include: "
					  "true, false, yes, no, on, off, y, n, t, f, 1, 0",
					  shown);
	}
	return type_error (self, "is of type", option, node, "bool", reason, error);
}

static gboolean
convert_element (QnavModule *self, const gchar *option, JsonNode *node, gboolean path,
		 gchar **out, GError **error)
{
	g_autofree gchar *text = NULL;

	if (!convert_str (self, option, "has an element of type", node, path ? "path" : "str",
			  &text, error))
		return FALSE;
	*out = path ? expand_path (text) : g_steal_pointer (&text);
	return TRUE;
}

/* check_type_list(): a list, a comma-separated string, or one number. */
static gboolean
convert_list (QnavModule *self, const gchar *option, JsonNode *node, gboolean path, GStrv *out,
	      GError **error)
{
	g_autoptr(GPtrArray) builder = g_ptr_array_new_with_free_func (g_free);

	if (JSON_NODE_HOLDS_ARRAY (node)) {
		JsonArray *array = json_node_get_array (node);
		for (guint i = 0; i < json_array_get_length (array); i++) {
			gchar *element = NULL;
			if (!convert_element (self, option, json_array_get_element (array, i), path,
					      &element, error))
				return FALSE;
			g_ptr_array_add (builder, element);
		}
	} else if (node_is_string (node)) {
		const gchar *text = json_node_get_string (node);
		/* Python gives [""] for ""; an empty list is what every task means by it */
		if (*text != '\0') {
			g_auto(GStrv) parts = g_strsplit (text, ",", -1);
			for (guint i = 0; parts[i] != NULL; i++)
				g_ptr_array_add (builder, path ? expand_path (parts[i])
							       : g_strdup (parts[i]));
		}
	} else if (JSON_NODE_HOLDS_VALUE (node)) {
		/* a number (or a bool, which Python counts as a number) becomes [str(value)] */
		g_ptr_array_add (builder, node_to_text (node));
	} else {
		g_autofree gchar *reason = g_strdup_printf ("a %s cannot be converted to a list",
							    python_type_name (node));
		return type_error (self, "is of type", option, node,
				   path ? "list of paths" : "list", reason, error);
	}
	g_ptr_array_add (builder, NULL);
	*out = (GStrv) g_ptr_array_steal (builder, NULL);
	return TRUE;
}

/* check_type_dict(): a dict, or a string that holds a JSON object (a registered result
 * passed through a Jinja expression arrives as either). Kept as JSON text. */
static gboolean
convert_dict (QnavModule *self, const gchar *option, JsonNode *node, gchar **out,
	      GError **error)
{
	if (JSON_NODE_HOLDS_OBJECT (node)) {
		*out = qnav_json_to_string (node, FALSE);
		return TRUE;
	}
	if (node_is_string (node)) {
		const gchar *text = json_node_get_string (node);
		g_autoptr(JsonNode) parsed = qnav_json_parse (text, -1, option, NULL);

		if (parsed != NULL && JSON_NODE_HOLDS_OBJECT (parsed)) {
			*out = g_strdup (text);
			return TRUE;
		}
	}
	return type_error (self, "is of type", option, node, "dict",
			   "dictionary requested, could not parse JSON or key=value", error);
}

/* check_type_int(): an integer, or a string that holds one. */
static gboolean
convert_int (QnavModule *self, const gchar *option, JsonNode *node, gint64 *out,
	     GError **error)
{
	g_autofree gchar *reason = NULL;

	if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64) {
		*out = json_node_get_int (node);
		return TRUE;
	}
	if (node_is_string (node)) {
		g_autofree gchar *text = g_strstrip (g_strdup (json_node_get_string (node)));
		if (g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, out, NULL))
			return TRUE;
	}
	reason = g_strdup_printf ("<class '%s'> cannot be converted to an int",
				  python_type_name (node));
	return type_error (self, "is of type", option, node, "int", reason, error);
}

static gboolean
convert_value (QnavModule *self, const QnavModuleOption *option, JsonNode *node, Value *value,
	       GError **error)
{
	g_autofree gchar *text = NULL;

	switch (option->type) {
	case QNAV_MODULE_TYPE_STR:
		return convert_str (self, option->name, "is of type", node, "str", &value->str,
				    error);
	case QNAV_MODULE_TYPE_PATH:
		if (!convert_str (self, option->name, "is of type", node, "path", &text, error))
			return FALSE;
		value->str = expand_path (text);
		return TRUE;
	case QNAV_MODULE_TYPE_BOOL:
		return convert_bool (self, option->name, node, &value->boolean, error);
	case QNAV_MODULE_TYPE_LIST:
	case QNAV_MODULE_TYPE_PATH_LIST:
		return convert_list (self, option->name, node,
				     option->type == QNAV_MODULE_TYPE_PATH_LIST, &value->list,
				     error);
	case QNAV_MODULE_TYPE_DICT:
		return convert_dict (self, option->name, node, &value->str, error);
	case QNAV_MODULE_TYPE_INT:
		return convert_int (self, option->name, node, &value->integer, error);
	default:
		g_assert_not_reached ();
	}
}

/* ---- parsing ---------------------------------------------------------------------------- */

static gboolean
nesting_is_shallow (const gchar *data, gsize length)
{
	gboolean in_string = FALSE;
	guint depth = 0;

	for (gsize i = 0; i < length; i++) {
		gchar c = data[i];
		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = FALSE;
		} else if (c == '"') {
			in_string = TRUE;
		} else if (c == '[' || c == '{') {
			if (++depth > MAX_NESTING)
				return FALSE;
		} else if ((c == ']' || c == '}') && depth > 0) {
			depth--;
		}
	}
	return TRUE;
}

static const gchar *
json_kind (JsonNode *node)
{
	switch (JSON_NODE_TYPE (node)) {
	case JSON_NODE_ARRAY:
		return "an array";
	case JSON_NODE_NULL:
		return "null";
	case JSON_NODE_VALUE:
		switch (json_node_get_value_type (node)) {
		case G_TYPE_STRING:
			return "a string";
		case G_TYPE_BOOLEAN:
			return "a boolean";
		default:
			return "a number";
		}
	case JSON_NODE_OBJECT:
	default:
		return "an object";
	}
}

static const QnavModuleOption *
lookup_option (QnavModule *self, const gchar *name, guint *index)
{
	for (guint i = 0; i < self->n_options; i++) {
		if (g_str_equal (self->options[i].name, name)) {
			*index = i;
			return &self->options[i];
		}
	}
	return NULL;
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
	return g_strcmp0 (*(const gchar *const *) a, *(const gchar *const *) b);
}

static gchar *
supported_options (QnavModule *self)
{
	g_autoptr(GPtrArray) names = g_ptr_array_new ();
	GString *text = g_string_new (NULL);

	for (guint i = 0; i < self->n_options; i++)
		g_ptr_array_add (names, (gpointer) self->options[i].name);
	g_ptr_array_sort (names, compare_strings);
	for (guint i = 0; i < names->len; i++)
		g_string_append_printf (text, "%s%s", i > 0 ? ", " : "",
					(const gchar *) g_ptr_array_index (names, i));
	return g_string_free (text, FALSE);
}

/* The internal keys Ansible adds; a key it adds in a later version is ignored. */
static void
read_internal_key (QnavModule *self, const gchar *key, JsonNode *node)
{
	gboolean flag = FALSE;

	if (g_str_equal (key, "_ansible_check_mode") && node_to_boolean (node, &flag))
		self->check_mode = flag;
	else if (g_str_equal (key, "_ansible_no_log") && node_to_boolean (node, &flag))
		self->no_log = flag;
	else if (g_str_equal (key, "_ansible_diff") && node_to_boolean (node, &flag))
		self->diff = flag;
	else if (g_str_equal (key, "_ansible_verbosity") && JSON_NODE_HOLDS_VALUE (node) &&
		 json_node_get_value_type (node) == G_TYPE_INT64)
		self->verbosity = (gint) CLAMP (json_node_get_int (node), 0, 10);
	else if (g_str_equal (key, "_ansible_string_conversion_action") && node_is_string (node)) {
		g_free (self->string_conversion_action);
		self->string_conversion_action = g_strdup (json_node_get_string (node));
	}
}

static void
reset (QnavModule *self)
{
	for (guint i = 0; i < self->n_options; i++)
		value_clear (&self->values[i]);
	g_ptr_array_set_size (self->warnings, 0);
	g_ptr_array_add (self->warnings, NULL);
	self->check_mode = FALSE;
	self->no_log = FALSE;
	self->diff = FALSE;
	self->verbosity = 0;
	g_free (self->string_conversion_action);
	self->string_conversion_action = g_strdup ("warn");
}

static gboolean
parse_object (QnavModule *self, JsonObject *object, GError **error)
{
	g_autoptr(GList) members = json_object_get_members (object);
	g_autoptr(GPtrArray) unknown = g_ptr_array_new ();
	g_autoptr(GString) missing = g_string_new (NULL);

	/* first the internal keys: no_log and the conversion policy shape the messages below */
	for (GList *l = members; l != NULL; l = l->next) {
		const gchar *key = l->data;
		guint index;
		if (g_str_has_prefix (key, "_ansible_"))
			read_internal_key (self, key, json_object_get_member (object, key));
		else if (lookup_option (self, key, &index) == NULL)
			g_ptr_array_add (unknown, (gpointer) key);
	}

	/* then the checks, in AnsibleModule's order: unsupported, required, types */
	if (unknown->len > 0) {
		g_autofree gchar *supported = supported_options (self);
		g_autoptr(GString) names = g_string_new (NULL);
		g_ptr_array_sort (unknown, compare_strings);
		for (guint i = 0; i < unknown->len; i++)
			g_string_append_printf (names, "%s%s", i > 0 ? ", " : "",
						(const gchar *) g_ptr_array_index (unknown, i));
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "unsupported parameter%s: %s; supported: %s",
			     unknown->len > 1 ? "s" : "", names->str, supported);
		return FALSE;
	}
	for (guint i = 0; i < self->n_options; i++) {
		const QnavModuleOption *option = &self->options[i];
		JsonNode *node = json_object_get_member (object, option->name);
		/* null is what "{{ omit }}" would have been: the option is absent */
		if (option->required && (node == NULL || JSON_NODE_HOLDS_NULL (node)))
			g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "",
						option->name);
	}
	if (missing->len > 0) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
			     "missing required arguments: %s", missing->str);
		return FALSE;
	}
	for (guint i = 0; i < self->n_options; i++) {
		const QnavModuleOption *option = &self->options[i];
		JsonNode *node = json_object_get_member (object, option->name);
		Value *value = &self->values[i];

		if (node != NULL && !JSON_NODE_HOLDS_NULL (node)) {
			if (!convert_value (self, option, node, value, error))
				return FALSE;
			value->given = TRUE;
		} else if (option->default_value != NULL) {
			g_autoptr(JsonNode) fallback = json_node_new (JSON_NODE_VALUE);
			json_node_set_string (fallback, option->default_value);
			/* defaults are constants of the module: a failure is a bug */
			if (!convert_value (self, option, fallback, value, error))
				g_error ("default of %s is invalid", option->name);
		}
	}
	return TRUE;
}

gboolean
qnav_module_parse_data (QnavModule *self, const gchar *data, gsize length, GError **error)
{
	g_autoptr(JsonNode) root = NULL;

	g_return_val_if_fail (self != NULL, FALSE);
	g_return_val_if_fail (data != NULL || length == 0, FALSE);

	reset (self);
	if (length == 0) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
				     "the argument file is empty: it must hold a JSON object");
		return FALSE;
	}
	if (length > QNAV_MODULE_MAX_ARGS_SIZE) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "the argument file is too large (%" G_GSIZE_FORMAT
			     " bytes; the limit is %u MiB)",
			     length, QNAV_MODULE_MAX_ARGS_SIZE / (1024 * 1024));
		return FALSE;
	}
	if (!nesting_is_shallow (data, length)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "the argument file is not valid JSON: it nests deeper than %u levels",
			     MAX_NESTING);
		return FALSE;
	}
	root = qnav_json_parse (data, (gssize) length, "the argument file", error);
	if (root == NULL)
		return FALSE;
	if (!JSON_NODE_HOLDS_OBJECT (root)) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "the argument file must hold a JSON object, not %s",
			     json_kind (root));
		return FALSE;
	}
	if (!parse_object (self, json_node_get_object (root), error)) {
		/* nothing half-parsed stays behind for a getter to find */
		for (guint i = 0; i < self->n_options; i++)
			value_clear (&self->values[i]);
		return FALSE;
	}
	return TRUE;
}

gboolean
qnav_module_parse_file (QnavModule *self, const gchar *path, GError **error)
{
	g_autoptr(GByteArray) contents = g_byte_array_new ();
	g_autofree guint8 *buffer = NULL;
	struct stat info;
	gint fd;

	g_return_val_if_fail (path != NULL, FALSE);

	fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
	if (fd < 0) {
		gint saved_errno = errno;
		g_set_error (error, QNAV_ERROR,
			     saved_errno == ENOENT ? QNAV_ERROR_NOT_FOUND : QNAV_ERROR_IO,
			     "cannot read the argument file %s: %s", path,
			     g_strerror (saved_errno));
		return FALSE;
	}
	if (fstat (fd, &info) == 0 && S_ISDIR (info.st_mode)) {
		g_close (fd, NULL);
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_IO,
			     "cannot read the argument file %s: %s", path, g_strerror (EISDIR));
		return FALSE;
	}
	/* read at most one byte past the limit: enough to know the file is too large */
	buffer = g_malloc (64 * 1024);
	while (contents->len <= QNAV_MODULE_MAX_ARGS_SIZE) {
		gssize n = read (fd, buffer, 64 * 1024);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			gint saved_errno = errno;
			g_close (fd, NULL);
			g_set_error (error, QNAV_ERROR, QNAV_ERROR_IO,
				     "cannot read the argument file %s: %s", path,
				     g_strerror (saved_errno));
			return FALSE;
		}
		if (n == 0)
			break;
		g_byte_array_append (contents, buffer, (guint) n);
	}
	g_close (fd, NULL);
	if (contents->len > QNAV_MODULE_MAX_ARGS_SIZE) {
		g_set_error (error, QNAV_ERROR, QNAV_ERROR_INVALID_DATA,
			     "the argument file %s is too large (more than %u MiB)", path,
			     QNAV_MODULE_MAX_ARGS_SIZE / (1024 * 1024));
		return FALSE;
	}
	return qnav_module_parse_data (self, (const gchar *) contents->data, contents->len, error);
}

gboolean
qnav_module_parse_argv (QnavModule *self, gint argc, gchar **argv, GError **error)
{
	/* the wording of ansible-core's own test binary module */
	if (argc != 2) {
		g_set_error_literal (error, QNAV_ERROR, QNAV_ERROR_INVALID_ARGUMENT,
				     "No argument file provided");
		return FALSE;
	}
	return qnav_module_parse_file (self, argv[1], error);
}

/* ---- getters ---------------------------------------------------------------------------- */

static Value *
lookup_value (QnavModule *self, const gchar *option, QnavModuleType type)
{
	guint index = 0;
	const QnavModuleOption *spec = lookup_option (self, option, &index);

	/* asking for an option the module did not declare is a bug in the module */
	g_return_val_if_fail (spec != NULL, NULL);
	g_return_val_if_fail (spec->type == type ||
				      (type == QNAV_MODULE_TYPE_STR &&
				       (spec->type == QNAV_MODULE_TYPE_PATH ||
					spec->type == QNAV_MODULE_TYPE_DICT)) ||
				      (type == QNAV_MODULE_TYPE_LIST &&
				       spec->type == QNAV_MODULE_TYPE_PATH_LIST),
			      NULL);
	return &self->values[index];
}

gboolean
qnav_module_has (QnavModule *self, const gchar *option)
{
	guint index = 0;

	g_return_val_if_fail (lookup_option (self, option, &index) != NULL, FALSE);
	return self->values[index].given;
}

const gchar *
qnav_module_get_str (QnavModule *self, const gchar *option)
{
	Value *value = lookup_value (self, option, QNAV_MODULE_TYPE_STR);

	return value != NULL ? value->str : NULL;
}

gint64
qnav_module_get_int (QnavModule *self, const gchar *option)
{
	Value *value = lookup_value (self, option, QNAV_MODULE_TYPE_INT);

	return value != NULL ? value->integer : 0;
}

gboolean
qnav_module_get_bool (QnavModule *self, const gchar *option)
{
	Value *value = lookup_value (self, option, QNAV_MODULE_TYPE_BOOL);

	return value != NULL ? value->boolean : FALSE;
}

const gchar *const *
qnav_module_get_list (QnavModule *self, const gchar *option)
{
	Value *value = lookup_value (self, option, QNAV_MODULE_TYPE_LIST);

	return value != NULL ? (const gchar *const *) value->list : NULL;
}

gboolean
qnav_module_get_check_mode (QnavModule *self)
{
	return self->check_mode;
}

gboolean
qnav_module_get_no_log (QnavModule *self)
{
	return self->no_log;
}

gboolean
qnav_module_get_diff (QnavModule *self)
{
	return self->diff;
}

gint
qnav_module_get_verbosity (QnavModule *self)
{
	return self->verbosity;
}

/* ---- the history ------------------------------------------------------------------------ */

QnavHistory *
qnav_module_open_history (QnavModule *self, GError **error)
{
	g_autofree gchar *default_path = NULL;

	if (!qnav_module_get_bool (self, "use_history"))
		return NULL;
	if (qnav_module_has (self, "history"))
		return qnav_history_new (qnav_module_get_str (self, "history"), error);
	default_path = qnav_history_default_path ();
	return qnav_history_new (default_path, error);
}

/* ---- results ---------------------------------------------------------------------------- */

JsonNode *
qnav_module_parse_document (const gchar *json, const gchar *what, GError **error)
{
	return qnav_json_parse (json, -1, what, error);
}

static void
add_warnings (QnavModule *self, JsonObject *result)
{
	JsonArray *warnings;

	if (self->warnings->len <= 1)
		return;
	if (!json_object_has_member (result, "warnings") ||
	    !JSON_NODE_HOLDS_ARRAY (json_object_get_member (result, "warnings")))
		json_object_set_array_member (result, "warnings", json_array_new ());
	warnings = json_object_get_array_member (result, "warnings");
	for (guint i = 0; i + 1 < self->warnings->len; i++)
		json_array_add_string_element (warnings, g_ptr_array_index (self->warnings, i));
}

JsonNode *
qnav_module_build_exit (QnavModule *self, JsonObject *result)
{
	g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
	JsonObject *copy = json_object_new ();

	json_node_take_object (node, copy);
	if (result != NULL) {
		g_autoptr(GList) members = json_object_get_members (result);
		for (GList *l = members; l != NULL; l = l->next)
			json_object_set_member (copy, l->data,
						json_node_copy (json_object_get_member (result,
											l->data)));
	}
	if (!json_object_has_member (copy, "changed"))
		json_object_set_boolean_member (copy, "changed", FALSE);
	/* a module may report that what it did failed (a fix that did not hold) */
	if (!json_object_has_member (copy, "failed"))
		json_object_set_boolean_member (copy, "failed", FALSE);
	add_warnings (self, copy);
	/* every text leaves through the one redactor, whoever built it */
	qnav_json_redact (node);
	return g_steal_pointer (&node);
}

static QnavError
qnav_code_for (const GError *error)
{
	if (error->domain == QNAV_ERROR)
		return (QnavError) error->code;
	if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ||
	    g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
		return QNAV_ERROR_NOT_FOUND;
	if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
		return QNAV_ERROR_TIMED_OUT;
	if (error->domain == G_FILE_ERROR || error->domain == G_IO_ERROR)
		return QNAV_ERROR_IO;
	return QNAV_ERROR_FAILED;
}

JsonNode *
qnav_module_build_fail (QnavModule *self, const GError *error)
{
	g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
	JsonObject *result = json_object_new ();
	JsonObject *details = json_object_new ();
	const gchar *message = error != NULL ? error->message : "failed for an unknown reason";
	g_autofree gchar *valid = g_utf8_make_valid (message, -1);
	g_autofree gchar *msg = qnav_redact (valid);

	json_node_take_object (node, result);
	json_object_set_boolean_member (result, "failed", TRUE);
	json_object_set_boolean_member (result, "changed", FALSE);
	json_object_set_string_member (result, "msg", msg);
	json_object_set_string_member (details, "domain", g_quark_to_string (QNAV_ERROR));
	json_object_set_int_member (details, "code",
				    error != NULL ? qnav_code_for (error) : QNAV_ERROR_FAILED);
	json_object_set_object_member (result, "qnav_error", details);
	if (self != NULL)
		add_warnings (self, result);
	qnav_json_redact (node);
	return g_steal_pointer (&node);
}

void
qnav_module_setup_output (void)
{
	if (result_fd >= 0)
		return;
	result_fd = fcntl (STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	if (result_fd < 0) {
		result_fd = STDOUT_FILENO;
		return;
	}
	fflush (stdout);
	if (dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
		g_warning ("cannot send standard output to standard error: %s",
			   g_strerror (errno));
}

static void
print_result (JsonNode *node)
{
	g_autofree gchar *text = qnav_json_to_string (node, FALSE);
	g_autofree gchar *line = g_strconcat (text, "\n", NULL);
	gint fd = result_fd >= 0 ? result_fd : STDOUT_FILENO;
	gsize length = strlen (line);
	gsize written = 0;

	fflush (stdout);
	while (written < length) {
		gssize n = write (fd, line + written, length - written);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			g_printerr ("cannot write the module result: %s\n", g_strerror (errno));
			return;
		}
		written += (gsize) n;
	}
}

gint
qnav_module_exit_json (QnavModule *self, JsonObject *result)
{
	g_autoptr(JsonNode) node = qnav_module_build_exit (self, result);

	print_result (node);
	return 0;
}

gint
qnav_module_fail_json (QnavModule *self, const GError *error)
{
	g_autoptr(JsonNode) node = qnav_module_build_fail (self, error);

	print_result (node);
	return 1;
}

gint
qnav_module_main (const gchar *name, const QnavModuleOption *options, guint n_options,
		  QnavModuleRunFunc run, gint argc, gchar **argv)
{
	g_autoptr(QnavModule) module = qnav_module_new (name, options, n_options);
	g_autoptr(JsonObject) result = NULL;
	g_autoptr(GError) error = NULL;

	setlocale (LC_ALL, "");
	qnav_module_setup_output ();
	if (!qnav_module_parse_argv (module, argc, argv, &error))
		return qnav_module_fail_json (module, error);
	result = run (module, &error);
	if (result == NULL)
		return qnav_module_fail_json (module, error);
	return qnav_module_exit_json (module, result);
}
