/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "qnav-network-check.h"
#include "qnav-network-probe-private.h"
#include "qnav-probe-util-private.h"

/*
 * Reachability of the hosts the failure text names: a DNS lookup with GResolver and a TCP
 * connection with GSocketClient, each bounded by network-timeout-ms. All hosts are checked
 * at once, on the caller's main context.
 */

/* a failure rarely names more hosts that matter; each check costs a timeout at worst */
#define MAX_HOSTS 4
/* addresses of one host tried in turn (IPv6 and IPv4 of "localhost", say) */
#define MAX_ADDRESSES 4

struct _QnavNetworkProbe {
	GObject parent_instance;

	QnavProbeConfig *config;
	QnavDiagnosticContext *context;
};

G_DEFINE_FINAL_TYPE (QnavNetworkProbe, qnav_network_probe, G_TYPE_OBJECT)

static void
qnav_network_probe_finalize (GObject *object)
{
	QnavNetworkProbe *self = QNAV_NETWORK_PROBE (object);

	g_clear_pointer (&self->config, qnav_probe_config_unref);
	g_clear_object (&self->context);

	G_OBJECT_CLASS (qnav_network_probe_parent_class)->finalize (object);
}

static void
qnav_network_probe_class_init (QnavNetworkProbeClass *klass)
{
	G_OBJECT_CLASS (klass)->finalize = qnav_network_probe_finalize;
}

static void
qnav_network_probe_init (QnavNetworkProbe *self)
{
}

QnavNetworkProbe *
qnav_network_probe_new (QnavProbeConfig *config)
{
	QnavNetworkProbe *self = g_object_new (QNAV_TYPE_NETWORK_PROBE, NULL);

	self->config = qnav_probe_config_ref (config);
	return self;
}

typedef struct {
	GPtrArray *checks;
	guint pending;
} RunData;

static void
run_data_free (RunData *data)
{
	g_ptr_array_unref (data->checks);
	g_free (data);
}

/* One host: resolve, then connect to its addresses in turn. */
typedef struct {
	GTask *task;
	QnavNetworkCheck *check;
	guint timeout_ms;
	/* cancelled by the step's timeout or by the probe's cancellable */
	GCancellable *step;
	GSource *timer;
	gboolean timed_out;
	gulong parent_handler;
	GList *addresses;
	GList *next_address;
	gint64 attempt_started;
	gchar *last_error;
} HostCheck;

static void
host_check_stop_timer (HostCheck *host)
{
	if (host->timer != NULL) {
		g_source_destroy (host->timer);
		g_clear_pointer (&host->timer, g_source_unref);
	}
}

static void
host_check_free (HostCheck *host)
{
	host_check_stop_timer (host);
	if (host->parent_handler != 0)
		g_cancellable_disconnect (g_task_get_cancellable (host->task),
					  host->parent_handler);
	g_clear_object (&host->step);
	g_list_free_full (host->addresses, g_object_unref);
	g_free (host->last_error);
	g_clear_object (&host->check);
	g_clear_object (&host->task);
	g_free (host);
}

static void
parent_cancelled_cb (GCancellable *parent, gpointer user_data)
{
	g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static gboolean
step_timeout_cb (gpointer user_data)
{
	HostCheck *host = user_data;

	host->timed_out = TRUE;
	g_cancellable_cancel (host->step);
	g_clear_pointer (&host->timer, g_source_unref);
	return G_SOURCE_REMOVE;
}

/* A fresh cancellable and timer for the next step (lookup or one connection attempt). */
static void
host_check_start_step (HostCheck *host)
{
	GCancellable *parent = g_task_get_cancellable (host->task);

	host_check_stop_timer (host);
	if (host->parent_handler != 0)
		g_cancellable_disconnect (parent, host->parent_handler);
	host->parent_handler = 0;
	g_clear_object (&host->step);

	host->step = g_cancellable_new ();
	host->timed_out = FALSE;
	if (parent != NULL)
		host->parent_handler = g_cancellable_connect (
			parent, G_CALLBACK (parent_cancelled_cb), host->step, NULL);
	host->timer = g_timeout_source_new (host->timeout_ms);
	g_source_set_callback (host->timer, step_timeout_cb, host, NULL);
	g_source_attach (host->timer, g_task_get_context (host->task));
}

static void
host_check_done (HostCheck *host)
{
	RunData *data = g_task_get_task_data (host->task);
	GTask *task = g_object_ref (host->task);

	host_check_free (host);
	if (--data->pending == 0)
		g_task_return_boolean (task, TRUE);
	g_object_unref (task);
}

/* Why a step failed, in words a reader of the context understands. */
static gchar *
describe_failure (HostCheck *host, GError *error, const gchar *what)
{
	GCancellable *parent = g_task_get_cancellable (host->task);

	if (host->timed_out)
		return g_strdup_printf ("%s: no answer within %u ms", what, host->timeout_ms);
	if (parent != NULL && g_cancellable_is_cancelled (parent))
		return g_strdup_printf ("%s: not finished before the collection deadline", what);
	return g_strdup_printf ("%s: %s", what, error->message);
}

static void try_next_address (HostCheck *host);

static void
connect_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
	HostCheck *host = user_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(GSocketConnection) connection = NULL;

	connection = g_socket_client_connect_finish (G_SOCKET_CLIENT (source), result, &error);
	if (connection != NULL) {
		gdouble latency =
			(gdouble) (g_get_monotonic_time () - host->attempt_started) / 1000.0;

		qnav_network_check_set_reachable (host->check, TRUE);
		qnav_network_check_set_latency_ms (host->check, latency);
		qnav_network_check_set_error (host->check, NULL);
		g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
		host_check_done (host);
		return;
	}
	g_free (host->last_error);
	host->last_error = describe_failure (host, error, "TCP connection");
	try_next_address (host);
}

static void
try_next_address (HostCheck *host)
{
	GCancellable *parent = g_task_get_cancellable (host->task);
	g_autoptr(GSocketClient) client = NULL;
	g_autoptr(GSocketAddress) address = NULL;

	if (host->next_address == NULL || (parent != NULL && g_cancellable_is_cancelled (parent))) {
		qnav_network_check_set_reachable (host->check, FALSE);
		qnav_network_check_set_error (host->check, host->last_error);
		host_check_done (host);
		return;
	}
	address = g_inet_socket_address_new (host->next_address->data,
					     qnav_network_check_get_port (host->check));
	host->next_address = host->next_address->next;

	client = g_socket_client_new ();
	/* the host's own reachability, not a proxy's */
	g_socket_client_set_enable_proxy (client, FALSE);
	host_check_start_step (host);
	host->attempt_started = g_get_monotonic_time ();
	g_socket_client_connect_async (client, G_SOCKET_CONNECTABLE (address), host->step,
				       connect_cb, host);
}

static void
start_connecting (HostCheck *host)
{
	if (qnav_network_check_get_port (host->check) == 0) {
		/* a bare address with no port named: resolution is all that can be said */
		qnav_network_check_set_error (host->check,
					      "no port named in the failure; TCP not tried");
		host_check_done (host);
		return;
	}
	host->next_address = host->addresses;
	try_next_address (host);
}

static void
set_addresses (HostCheck *host, GList *addresses)
{
	g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
	g_auto(GStrv) strv = NULL;
	guint count = 0;

	for (GList *l = addresses; l != NULL && count < MAX_ADDRESSES; l = l->next, count++) {
		g_autofree gchar *text = g_inet_address_to_string (l->data);
		host->addresses = g_list_append (host->addresses, g_object_ref (l->data));
		g_strv_builder_add (builder, text);
	}
	strv = g_strv_builder_end (builder);
	qnav_network_check_set_addresses (host->check, (const gchar *const *) strv);
}

static void
resolve_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
	HostCheck *host = user_data;
	g_autoptr(GError) error = NULL;
	GList *addresses;

	addresses = g_resolver_lookup_by_name_finish (G_RESOLVER (source), result, &error);
	if (addresses == NULL) {
		g_autofree gchar *why = describe_failure (host, error, "DNS lookup");
		qnav_network_check_set_resolved (host->check, FALSE);
		qnav_network_check_set_reachable (host->check, FALSE);
		qnav_network_check_set_error (host->check, why);
		host_check_done (host);
		return;
	}
	qnav_network_check_set_resolved (host->check, TRUE);
	set_addresses (host, addresses);
	g_resolver_free_addresses (addresses);
	start_connecting (host);
}

static void
start_host (GTask *task, QnavNetworkCheck *check, guint timeout_ms)
{
	HostCheck *host = g_new0 (HostCheck, 1);
	g_autoptr(GInetAddress) literal = NULL;
	g_autoptr(GResolver) resolver = NULL;
	const gchar *name = qnav_network_check_get_host (check);

	host->task = g_object_ref (task);
	host->check = g_object_ref (check);
	host->timeout_ms = timeout_ms;

	literal = g_inet_address_new_from_string (name);
	if (literal != NULL) {
		GList single = { literal, NULL, NULL };
		qnav_network_check_set_resolved (check, TRUE);
		set_addresses (host, &single);
		start_connecting (host);
		return;
	}
	host_check_start_step (host);
	resolver = g_resolver_get_default ();
	g_resolver_lookup_by_name_async (resolver, name, host->step, resolve_cb, host);
}

void
qnav_network_probe_run_async (QnavNetworkProbe *self, QnavDiagnosticContext *context,
			      GCancellable *cancellable, GAsyncReadyCallback callback,
			      gpointer user_data)
{
	g_autoptr(GTask) task = NULL;
	g_autoptr(GArray) endpoints = NULL;
	RunData *data;

	g_return_if_fail (QNAV_IS_NETWORK_PROBE (self));
	g_return_if_fail (QNAV_IS_DIAGNOSTIC_CONTEXT (context));

	g_set_object (&self->context, context);
	task = g_task_new (self, cancellable, callback, user_data);
	g_task_set_source_tag (task, qnav_network_probe_run_async);
	/* the checks report what they reached even when the deadline cut them short */
	g_task_set_check_cancellable (task, FALSE);

	data = g_new0 (RunData, 1);
	data->checks = g_ptr_array_new_with_free_func (g_object_unref);
	g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

	endpoints = qnav_probe_text_endpoints (self->config->error_message, MAX_HOSTS);
	if (endpoints->len == 0) {
		g_task_return_boolean (task, TRUE);
		return;
	}
	for (guint i = 0; i < endpoints->len; i++) {
		QnavProbeEndpoint *endpoint = &g_array_index (endpoints, QnavProbeEndpoint, i);
		g_ptr_array_add (data->checks,
				 qnav_network_check_new (endpoint->host, endpoint->port));
	}
	data->pending = data->checks->len;
	for (guint i = 0; i < data->checks->len; i++)
		start_host (task, g_ptr_array_index (data->checks, i),
			    self->config->network_timeout_ms);
}

gboolean
qnav_network_probe_run_finish (QnavNetworkProbe *self, GAsyncResult *result, GError **error)
{
	RunData *data;

	g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

	if (!g_task_propagate_boolean (G_TASK (result), error))
		return FALSE;
	data = g_task_get_task_data (G_TASK (result));
	for (guint i = 0; i < data->checks->len; i++)
		qnav_diagnostic_context_add_network_check (self->context,
							   g_ptr_array_index (data->checks, i));
	return TRUE;
}
