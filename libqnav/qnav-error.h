/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(__QNAV_INSIDE__) && !defined(QNAV_COMPILATION)
#error "Only <qnav.h> can be included directly."
#endif

#include <glib.h>

#include "qnav-version.h"

G_BEGIN_DECLS

/**
 * QNAV_ERROR:
 *
 * The error domain of every libqnav call.
 *
 * Since: 0.1
 */
#define QNAV_ERROR (qnav_error_quark ())

/**
 * QnavError:
 * @QNAV_ERROR_FAILED: a failure no other code describes
 * @QNAV_ERROR_INVALID_ARGUMENT: a caller passed an invalid argument or option
 * @QNAV_ERROR_INVALID_DATA: a document (JSON, pattern file, args file) is malformed or does
 *   not follow its schema
 * @QNAV_ERROR_NOT_FOUND: a file, pattern, unit or object does not exist
 * @QNAV_ERROR_IO: reading or writing a file failed
 * @QNAV_ERROR_INVALID_PATTERN: a pattern is invalid (bad regex, unknown category, duplicate id)
 * @QNAV_ERROR_TIMED_OUT: an operation did not finish in time
 * @QNAV_ERROR_NETWORK: a remote service could not be reached
 * @QNAV_ERROR_AUTH: a remote service refused the credentials
 * @QNAV_ERROR_DENIED: an approval was denied or a policy forbids the action
 * @QNAV_ERROR_UNSUPPORTED: the host or build lacks what the operation needs
 *
 * Error codes in the #QNAV_ERROR domain. The `qnav` command maps each to an exit code.
 *
 * Since: 0.1
 */
typedef enum {
	QNAV_ERROR_FAILED,
	QNAV_ERROR_INVALID_ARGUMENT,
	QNAV_ERROR_INVALID_DATA,
	QNAV_ERROR_NOT_FOUND,
	QNAV_ERROR_IO,
	QNAV_ERROR_INVALID_PATTERN,
	QNAV_ERROR_TIMED_OUT,
	QNAV_ERROR_NETWORK,
	QNAV_ERROR_AUTH,
	QNAV_ERROR_DENIED,
	QNAV_ERROR_UNSUPPORTED,
} QnavError;

QNAV_AVAILABLE_IN_ALL
GQuark qnav_error_quark (void);

G_END_DECLS
