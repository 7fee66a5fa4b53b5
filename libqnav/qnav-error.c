/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "qnav-error.h"

/**
 * qnav_error_quark:
 *
 * Returns: the #GQuark of the #QNAV_ERROR domain
 *
 * Since: 0.1
 */
G_DEFINE_QUARK (qnav-error-quark, qnav_error)
