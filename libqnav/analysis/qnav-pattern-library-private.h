/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "qnav-pattern-index-private.h"
#include "qnav-pattern-library.h"

G_BEGIN_DECLS

#define QNAV_PATTERN_LIBRARY_VARIANT_VERSION 1
#define QNAV_PATTERN_LIBRARY_VARIANT_TYPE "(ua(sssyyddasssasasbas))"

QnavPatternIndex *qnav_pattern_library_get_index (QnavPatternLibrary *self);
GVariant *qnav_pattern_library_to_variant (QnavPatternLibrary *self);

G_END_DECLS
