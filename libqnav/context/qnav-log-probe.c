/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "qnav-json-private.h"
#include "qnav-log-entry.h"
#include "qnav-log-probe-private.h"
#include "qnav-probe-util-private.h"
#include "qnav-service-probe-private.h"

/*
 * Recent log lines: the journal of the units behind the services involved (journalctl, so
 * that every journal format and the system's access rules are honoured) and the tails of
 * configured log files. The whole is bounded by max-log-bytes: newest lines win.
 */

/* journal entries asked for; the byte budget usually binds first */
#define JOURNAL_MAX_ENTRIES 500
/* files taken from one configured directory, newest first */
#define MAX_FILES_PER_DIRECTORY 8
#define JOURNAL_SHARE 0.8

struct _QnavLogProbe {
	GObject parent_instance;

	QnavProbeConfig *config;
	QnavDiagnosticContext *context;
};

G_DEFINE_FINAL_TYPE (QnavLogProbe, qnav_log_probe, G_TYPE_OBJECT)

static void
qnav_log_probe_finalize (GObject *object)
{
	QnavLogProbe *self = QNAV_LOG_PROBE (object);

	g_clear_pointer (&self->config, qnav_probe_config_unref);
	g_clear_object (&self->context);

	G_OBJECT_CLASS (qnav_log_probe_parent_class)->finalize (object);
}

static void
qnav_log_probe_class_init (QnavLogProbeClass *klass)
{
	G_OBJECT_CLASS (klass)->finalize = qnav_log_probe_finalize;
}

static void
qnav_log_probe_init (QnavLogProbe *self)
{
}

QnavLogProbe *
qnav_log_probe_new (QnavProbeConfig *config)
{
	QnavLogProbe *self = g_object_new (QNAV_TYPE_LOG_PROBE, NULL);

	self->config = qnav_probe_config_ref (config);
	return self;
}

typedef struct {
	GPtrArray *entries;
	GPtrArray *paths;
	GPtrArray *notes;
	guint64 used_bytes;
} LogResult;

static void
log_result_free (LogResult *result)
{
	g_ptr_array_unref (result->entries);
	g_ptr_array_unref (result->paths);
	g_ptr_array_unref (result->notes);
	g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LogResult, log_result_free)

static void
note (LogResult *result, const gchar *format, ...) G_GNUC_PRINTF (2, 3);

static void
note (LogResult *result, const gchar *format, ...)
{
	va_list args;
	g_autofree gchar *text = NULL;

	va_start (args, format);
	text = g_strdup_vprintf (format, args);
	va_end (args);
	g_ptr_array_add (result->notes, g_strdup_printf ("logs: %s", text));
}

/* ---- the journal ---- */

static gboolean
directory_has_journal (const gchar *root, guint depth)
{
	g_autoptr(GDir) dir = g_dir_open (root, 0, NULL);
	const gchar *entry;

	if (dir == NULL)
		return FALSE;
	while ((entry = g_dir_read_name (dir)) != NULL) {
		g_autofree gchar *path = NULL;

		if (g_str_has_suffix (entry, ".journal") || g_str_has_suffix (entry, ".journal~"))
			return TRUE;
		if (depth == 0)
			continue;
		path = g_build_filename (root, entry, NULL);
		if (g_file_test (path, G_FILE_TEST_IS_DIR) &&
		    directory_has_journal (path, depth - 1))
			return TRUE;
	}
	return FALSE;
}

/* Whether there is a journal to read at all; a host without systemd skips journalctl. */
static gboolean
journal_available (QnavProbeConfig *config, LogResult *result)
{
	if (config->journal_directory != NULL) {
		if (!directory_has_journal (config->journal_directory, 1)) {
			note (result, "no journal files in %s", config->journal_directory);
			return FALSE;
		}
		return TRUE;
	}
	if (directory_has_journal ("/run/log/journal", 1) ||
	    directory_has_journal ("/var/log/journal", 1))
		return TRUE;
	note (result, "this host keeps no systemd journal; journal not read");
	return FALSE;
}

/* MESSAGE is a string, an array of bytes when it is not valid UTF-8, or an array of those
 * when the field repeats. */
static gchar *
journal_field_text (JsonObject *object, const gchar *member)
{
	JsonNode *node = json_object_get_member (object, member);
	JsonArray *array;
	GByteArray *bytes;
	g_autofree gchar *raw = NULL;

	if (node == NULL || JSON_NODE_HOLDS_NULL (node))
		return NULL;
	if (json_node_get_value_type (node) == G_TYPE_STRING)
		return g_strdup (json_node_get_string (node));
	if (!JSON_NODE_HOLDS_ARRAY (node))
		return NULL;
	array = json_node_get_array (node);
	if (json_array_get_length (array) == 0)
		return g_strdup ("");
	if (json_node_get_value_type (json_array_get_element (array, 0)) == G_TYPE_STRING)
		return g_strdup (json_array_get_string_element (array, 0));
	bytes = g_byte_array_new ();
	for (guint i = 0; i < json_array_get_length (array); i++) {
		JsonNode *element = json_array_get_element (array, i);
		gint64 value;
		guint8 byte;

		if (json_node_get_value_type (element) != G_TYPE_INT64) {
			g_byte_array_unref (bytes);
			return NULL;
		}
		value = json_node_get_int (element);
		byte = (guint8) CLAMP (value, 0, 255);
		g_byte_array_append (bytes, &byte, 1);
	}
	raw = (gchar *) g_byte_array_free (bytes, FALSE);
	return qnav_json_clean_text (raw, (gssize) json_array_get_length (array), 0);
}

static QnavLogEntry *
parse_journal_line (const gchar *line, gsize length)
{
	g_autoptr(JsonNode) root = NULL;
	g_autoptr(QnavLogEntry) entry = NULL;
	g_autofree gchar *message = NULL;
	g_autofree gchar *unit = NULL;
	g_autofree gchar *identifier = NULL;
	g_autofree gchar *source = NULL;
	g_autofree gchar *priority = NULL;
	g_autofree gchar *realtime = NULL;
	JsonObject *object;
	guint64 number;

	root = qnav_json_parse (line, (gssize) length, "a journal entry", NULL);
	if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
		return NULL;
	object = json_node_get_object (root);
	message = journal_field_text (object, "MESSAGE");
	if (message == NULL)
		return NULL;
	unit = journal_field_text (object, "_SYSTEMD_UNIT");
	if (unit == NULL)
		unit = journal_field_text (object, "UNIT");
	identifier = journal_field_text (object, "SYSLOG_IDENTIFIER");
	source = g_strdup_printf ("journal:%s",
				  unit != NULL ? unit : identifier != NULL ? identifier : "-");
	entry = qnav_log_entry_new (source, message);

	priority = journal_field_text (object, "PRIORITY");
	if (priority != NULL && g_ascii_string_to_unsigned (priority, 10, 0, 7, &number, NULL))
		qnav_log_entry_set_priority (entry, (gint) number);
	realtime = journal_field_text (object, "__REALTIME_TIMESTAMP");
	if (realtime != NULL &&
	    g_ascii_string_to_unsigned (realtime, 10, 1, G_MAXINT64, &number, NULL)) {
		g_autoptr(GDateTime) timestamp =
			qnav_probe_datetime_from_usec ((gint64) number);
		qnav_log_entry_set_timestamp (entry, timestamp);
	}
	return g_steal_pointer (&entry);
}

static gboolean
read_journal (QnavProbeConfig *config, LogResult *result, guint64 budget,
	      GCancellable *cancellable, GError **error)
{
	g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
	g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
	g_auto(GStrv) units = qnav_service_probe_units (config);
	g_autoptr(GError) error_local = NULL;
	g_autoptr(GBytes) output = NULL;
	g_autofree gchar *stderr_text = NULL;
	g_autofree gchar *journalctl = NULL;
	const gchar *data;
	gsize size = 0;
	gint exit_status = 0;
	guint64 used = 0;
	guint first;
	guint timeout_ms;

	journalctl = qnav_probe_find_program (config->journalctl_path);
	if (journalctl == NULL) {
		note (result, "%s is not installed; journal not read", config->journalctl_path);
		return TRUE;
	}
	g_ptr_array_add (argv, g_strdup (journalctl));
	g_ptr_array_add (argv, g_strdup ("--output=json"));
	g_ptr_array_add (argv, g_strdup ("--no-pager"));
	g_ptr_array_add (argv, g_strdup ("--quiet"));
	/* long fields come out whole instead of as null; the budget cuts them */
	g_ptr_array_add (argv, g_strdup ("--all"));
	g_ptr_array_add (argv, g_strdup_printf ("--lines=%u", JOURNAL_MAX_ENTRIES));
	g_ptr_array_add (argv, g_strdup_printf ("--since=-%us", config->log_since_seconds));
	g_ptr_array_add (argv, g_strdup ("--output-fields=MESSAGE,PRIORITY,_SYSTEMD_UNIT,UNIT,"
					 "SYSLOG_IDENTIFIER"));
	if (config->journal_directory != NULL)
		g_ptr_array_add (argv, g_strdup_printf ("--directory=%s",
							config->journal_directory));
	for (guint i = 0; units[i] != NULL; i++)
		g_ptr_array_add (argv, g_strdup_printf ("--unit=%s", units[i]));
	g_ptr_array_add (argv, NULL);

	timeout_ms = (guint) MAX (1, qnav_probe_config_remaining_ms (config) * JOURNAL_SHARE);
	if (!qnav_probe_run_command ((const gchar *const *) argv->pdata, timeout_ms, cancellable,
				     &output, &stderr_text, &exit_status, &error_local)) {
		if (g_cancellable_is_cancelled (cancellable)) {
			g_propagate_error (error, g_steal_pointer (&error_local));
			return FALSE;
		}
		note (result, "journalctl: %s", error_local->message);
		return TRUE;
	}
	data = g_bytes_get_data (output, &size);
	if (exit_status != 0 && size == 0) {
		note (result, "journalctl exited with status %d%s%s", exit_status,
		      *stderr_text ? ": " : "", stderr_text);
		return TRUE;
	}

	/* one JSON object per line, oldest first */
	for (gsize start = 0; start < size;) {
		const gchar *newline = memchr (data + start, '\n', size - start);
		gsize end = newline != NULL ? (gsize) (newline - data) : size;
		QnavLogEntry *entry;

		if (end > start) {
			entry = parse_journal_line (data + start, end - start);
			if (entry != NULL)
				g_ptr_array_add (entries, entry);
		}
		start = end + 1;
	}
	/* newest entries win the budget */
	first = entries->len;
	while (first > 0) {
		QnavLogEntry *entry = g_ptr_array_index (entries, first - 1);
		guint64 length = strlen (qnav_log_entry_get_message (entry));

		if (used + length > budget)
			break;
		used += length;
		first--;
	}
	if (first > 0)
		note (result, "journal: %u older entries left out to stay within %" G_GUINT64_FORMAT
			      " bytes",
		      first, budget);
	for (guint i = first; i < entries->len; i++)
		g_ptr_array_add (result->entries, g_object_ref (g_ptr_array_index (entries, i)));
	result->used_bytes += used;
	return TRUE;
}

/* ---- log files ---- */

typedef struct {
	gchar *path;
	gint64 mtime;
} LogFile;

static void
log_file_free (LogFile *file)
{
	g_free (file->path);
	g_free (file);
}

static gint
newest_first (gconstpointer a, gconstpointer b)
{
	const LogFile *fa = *(const LogFile *const *) a;
	const LogFile *fb = *(const LogFile *const *) b;

	return fa->mtime > fb->mtime ? -1 : fa->mtime < fb->mtime;
}

static gboolean
is_compressed (const gchar *name)
{
	static const gchar *const suffixes[] = { ".gz", ".xz", ".bz2", ".zst", ".lz4", ".zip",
						 NULL };

	for (guint i = 0; suffixes[i] != NULL; i++) {
		if (g_str_has_suffix (name, suffixes[i]))
			return TRUE;
	}
	return FALSE;
}

static void
collect_files (QnavProbeConfig *config, LogResult *result, GPtrArray *files)
{
	gint64 oldest = g_get_real_time () / G_USEC_PER_SEC - config->log_since_seconds;

	for (guint i = 0; config->log_paths != NULL && config->log_paths[i] != NULL; i++) {
		const gchar *path = config->log_paths[i];
		GStatBuf info;

		if (g_stat (path, &info) != 0) {
			note (result, "cannot read %s: %s", path, g_strerror (errno));
			continue;
		}
		if (S_ISDIR (info.st_mode)) {
			g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
			g_autoptr(GPtrArray) found =
				g_ptr_array_new_with_free_func ((GDestroyNotify) log_file_free);
			const gchar *entry;

			while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL) {
				g_autofree gchar *child = g_build_filename (path, entry, NULL);
				GStatBuf child_info;
				LogFile *file;

				if (is_compressed (entry) || g_stat (child, &child_info) != 0 ||
				    !S_ISREG (child_info.st_mode) ||
				    child_info.st_mtime < oldest)
					continue;
				file = g_new0 (LogFile, 1);
				file->path = g_steal_pointer (&child);
				file->mtime = child_info.st_mtime;
				g_ptr_array_add (found, file);
			}
			g_ptr_array_sort (found, newest_first);
			for (guint f = 0; f < found->len && f < MAX_FILES_PER_DIRECTORY; f++) {
				LogFile *file = g_ptr_array_index (found, f);
				g_ptr_array_add (files, g_strdup (file->path));
			}
			continue;
		}
		if (!S_ISREG (info.st_mode)) {
			note (result, "%s is not a regular file; skipped", path);
			continue;
		}
		if (info.st_mtime < oldest) {
			note (result, "%s was not written in the last %u s; skipped", path,
			      config->log_since_seconds);
			continue;
		}
		g_ptr_array_add (files, g_strdup (path));
	}
}

/* Reads at most @budget bytes from the end of @path, whole lines only. */
static guint64
tail_file (const gchar *path, guint64 budget, LogResult *result)
{
	g_autofree gchar *buffer = NULL;
	GStatBuf info;
	goffset offset;
	gssize got = 0;
	gsize length = 0;
	gsize start = 0;
	guint64 used = 0;
	gint fd;

	if (budget == 0)
		return 0;
	fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY, 0);
	if (fd < 0) {
		note (result, "cannot open %s: %s", path, g_strerror (errno));
		return 0;
	}
	if (fstat (fd, &info) != 0) {
		note (result, "cannot read %s: %s", path, g_strerror (errno));
		close (fd);
		return 0;
	}
	offset = info.st_size > (goffset) budget ? info.st_size - (goffset) budget : 0;
	buffer = g_malloc (budget + 1);
	while (length < budget) {
		got = pread (fd, buffer + length, budget - length, offset + (goffset) length);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		length += (gsize) got;
	}
	close (fd);
	if (got < 0) {
		note (result, "cannot read %s: %s", path, g_strerror (errno));
		return 0;
	}
	buffer[length] = '\0';
	/* the first line was cut by the seek */
	if (offset > 0) {
		const gchar *newline = memchr (buffer, '\n', length);
		start = newline != NULL ? (gsize) (newline - buffer) + 1 : length;
		note (result, "%s: only the last %" G_GUINT64_FORMAT " bytes read", path, budget);
	}
	for (gsize i = start; i < length;) {
		const gchar *newline = memchr (buffer + i, '\n', length - i);
		gsize end = newline != NULL ? (gsize) (newline - buffer) : length;
		gsize line_end = end;

		if (line_end > i && buffer[line_end - 1] == '\r')
			line_end--;
		if (line_end > i) {
			g_autofree gchar *text =
				qnav_json_clean_text (buffer + i, (gssize) (line_end - i), 0);
			g_ptr_array_add (result->entries, qnav_log_entry_new (path, text));
			used += line_end - i;
		}
		i = end + 1;
	}
	g_ptr_array_add (result->paths, g_strdup (path));
	return used;
}

static void
log_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
	QnavLogProbe *self = QNAV_LOG_PROBE (source_object);
	QnavProbeConfig *config = self->config;
	g_autoptr(LogResult) result = g_new0 (LogResult, 1);
	g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
	g_autoptr(GError) error = NULL;
	guint64 total = config->max_log_bytes;

	result->entries = g_ptr_array_new_with_free_func (g_object_unref);
	result->paths = g_ptr_array_new_with_free_func (g_free);
	result->notes = g_ptr_array_new_with_free_func (g_free);

	collect_files (config, result, files);
	if (journal_available (config, result)) {
		/* leave the files half of the budget when there are files */
		guint64 budget = files->len > 0 ? total / 2 : total;
		if (!read_journal (config, result, budget, cancellable, &error)) {
			g_task_return_error (task, g_steal_pointer (&error));
			return;
		}
	}
	for (guint i = 0; i < files->len; i++) {
		guint64 left = total > result->used_bytes ? total - result->used_bytes : 0;
		guint64 share = left / (files->len - i);

		if (g_task_return_error_if_cancelled (task))
			return;
		result->used_bytes += tail_file (g_ptr_array_index (files, i), share, result);
	}
	g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) log_result_free);
}

void
qnav_log_probe_run_async (QnavLogProbe *self, QnavDiagnosticContext *context,
			  GCancellable *cancellable, GAsyncReadyCallback callback,
			  gpointer user_data)
{
	g_autoptr(GTask) task = NULL;

	g_return_if_fail (QNAV_IS_LOG_PROBE (self));
	g_return_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (context));

	g_set_object (&self->context, context);
	task = g_task_new (self, cancellable, callback, user_data);
	g_task_set_source_tag (task, qnav_log_probe_run_async);
	g_task_set_return_on_cancel (task, TRUE);
	g_task_run_in_thread (task, log_thread);
}

gboolean
qnav_log_probe_run_finish (QnavLogProbe *self, GAsyncResult *result, GError **error)
{
	g_autoptr(LogResult) found = NULL;

	g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

	found = g_task_propagate_pointer (G_TASK (result), error);
	if (found == NULL)
		return FALSE;
	for (guint i = 0; i < found->entries->len; i++)
		qnav_diagnostic_context_add_log (self->context,
						 g_ptr_array_index (found->entries, i));
	for (guint i = 0; i < found->paths->len; i++)
		qnav_diagnostic_context_add_log_path (self->context,
						      g_ptr_array_index (found->paths, i));
	for (guint i = 0; i < found->notes->len; i++)
		qnav_diagnostic_context_add_probe_note (self->context,
							g_ptr_array_index (found->notes, i));
	return TRUE;
}
