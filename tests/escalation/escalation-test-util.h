/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "qnav.h"

G_BEGIN_DECLS

#define TEST_REPOSITORY "octo-org/infra"
/* no vendor shape on purpose: the redactor would hide a leak of a ghp_ token by itself */
#define TEST_TOKEN "qnav-test-credential-Zq8vT41"

/* A diagnosed failure with evidence, actions and a host context: a libvirt socket that is
 * not there, on kvm01, with libvirtd down and /var/lib/libvirt/images full. */
QnavFailureAnalysis *test_analysis_new (const gchar *plugin, const gchar *error_text,
					const gchar *fingerprint);
/* every piece of the environment a client could read instead of its arguments */
void test_clear_github_environment (void);
/* a failure's lines that CommonMark would see as fenced, after the first @end bytes */
gboolean test_fence_open_at (const gchar *text, gsize end);

G_END_DECLS
