/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "qnav-pattern-index-private.h"
#include "qnav-pattern-library.h"

G_BEGIN_DECLS

QnavPatternIndex *qnav_pattern_library_get_index (QnavPatternLibrary *self);

G_END_DECLS
