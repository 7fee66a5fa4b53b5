/*
 * Copyright 2026 qnav developers
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#define __QNAV_INSIDE__

#include "qnav-version.h"
#include "qnav-enums.h"
#include "qnav-enum-types.h"
#include "qnav-error.h"

#include "qnav-service-status.h"
#include "qnav-disk-usage.h"
#include "qnav-network-interface.h"
#include "qnav-network-check.h"
#include "qnav-log-entry.h"
#include "qnav-system-resources.h"
#include "qnav-diagnostic-context.h"
#include "qnav-context-collector.h"

#include "qnav-error-pattern.h"
#include "qnav-pattern-library.h"
#include "qnav-evidence.h"
#include "qnav-failure-analysis.h"
#include "qnav-failure-analyzer.h"
#include "qnav-command.h"
#include "qnav-recovery-option.h"
#include "qnav-recovery-plan.h"
#include "qnav-execution-result.h"
#include "qnav-history.h"
#include "qnav-recovery-planner.h"
#include "qnav-recovery-executor.h"
#include "qnav-github-client.h"

#undef __QNAV_INSIDE__
