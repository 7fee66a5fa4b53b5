/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

/*
 * bench-floor: the cheapest process that loads what qnav loads (GLib, GObject, GIO,
 * json-glib) and does nothing with it. Its wall time is the floor under any `qnav`
 * command on the host: exec, the dynamic linker and the libraries' constructors.
 */

#include <gio/gio.h>
#include <json-glib/json-glib.h>

gint
main (gint argc, gchar **argv)
{
	/* touch one type of each library so the linker keeps them all (--as-needed) */
	g_type_ensure (G_TYPE_FILE);
	g_type_ensure (JSON_TYPE_NODE);
	return 0;
}
