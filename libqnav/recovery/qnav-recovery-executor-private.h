/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "qnav-recovery-executor.h"

G_BEGIN_DECLS

/* How long a command gets between SIGTERM and SIGKILL once it ran past its timeout
 * (default 5000 ms). */
void qnav_recovery_executor_set_kill_grace_ms (QnavRecoveryExecutor *self, guint grace_ms);
/* How often a wait option checks its condition (default 5000 ms). */
void qnav_recovery_executor_set_poll_interval_ms (QnavRecoveryExecutor *self,
						  guint interval_ms);

G_END_DECLS
