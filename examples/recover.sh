#!/bin/sh
# From a failure to its recovery with the qnav command: diagnose, plan, then carry out the
# recommended option, here as a dry run that prints exactly what would run and runs nothing.
#
#   sh recover.sh [FAILURE-FILE]
#
# QNAV names the program to run when it is not the installed one.
set -eu

QNAV=${QNAV:-qnav}
failure=${1:-/dev/stdin}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# the analysis document; --no-probes: decide from the text alone
"$QNAV" diagnose --plugin FreeIPADeployment --no-probes --error-file "$failure" \
	--output "$work/analysis.json" >/dev/null

# the options, best first; the plan document is what `qnav recover` carries out
"$QNAV" plan --analysis-file "$work/analysis.json" --output "$work/plan.json"

# drop --dry-run to run it: a low-risk fix of a sure diagnosis runs at once, anything
# else asks first (or needs --yes when no one is at the terminal)
"$QNAV" recover --plan-file "$work/plan.json" --dry-run
