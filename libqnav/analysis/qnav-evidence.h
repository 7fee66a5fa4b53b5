/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__QNAV_INSIDE__) && !defined(QNAV_COMPILATION)
#error "Only <qnav.h> can be included directly."
#endif

#include <glib-object.h>

#include "qnav-enums.h"
#include "qnav-version.h"

G_BEGIN_DECLS

#define QNAV_TYPE_EVIDENCE (qnav_evidence_get_type ())
QNAV_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (QnavEvidence, qnav_evidence, QNAV, EVIDENCE, GObject)

QNAV_AVAILABLE_IN_ALL
QnavEvidence *qnav_evidence_new (QnavEvidenceKind kind, QnavRootCause category, gdouble weight,
				 const gchar *signal);

QNAV_AVAILABLE_IN_ALL
QnavEvidenceKind qnav_evidence_get_kind (QnavEvidence *self);
QNAV_AVAILABLE_IN_ALL
QnavRootCause qnav_evidence_get_category (QnavEvidence *self);
QNAV_AVAILABLE_IN_ALL
gdouble qnav_evidence_get_weight (QnavEvidence *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_evidence_get_signal (QnavEvidence *self);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_evidence_get_pattern_id (QnavEvidence *self);
QNAV_AVAILABLE_IN_ALL
void qnav_evidence_set_pattern_id (QnavEvidence *self, const gchar *value);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_evidence_get_source (QnavEvidence *self);
QNAV_AVAILABLE_IN_ALL
void qnav_evidence_set_source (QnavEvidence *self, const gchar *value);
QNAV_AVAILABLE_IN_ALL
guint qnav_evidence_get_line (QnavEvidence *self);
QNAV_AVAILABLE_IN_ALL
void qnav_evidence_set_line (QnavEvidence *self, guint line);
QNAV_AVAILABLE_IN_ALL
const gchar *qnav_evidence_get_text (QnavEvidence *self);
QNAV_AVAILABLE_IN_ALL
void qnav_evidence_set_text (QnavEvidence *self, const gchar *value);
QNAV_AVAILABLE_IN_ALL
guint qnav_evidence_get_occurrences (QnavEvidence *self);
QNAV_AVAILABLE_IN_ALL
void qnav_evidence_set_occurrences (QnavEvidence *self, guint occurrences);

G_END_DECLS
