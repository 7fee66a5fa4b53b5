#!/bin/sh
# Diagnose a failure text with the qnav command: first the report a person reads, then the
# analysis JSON that a script branches on (read with Python's json module; no jq needed).
#
#   sh diagnose.sh [FAILURE-FILE]
#
# QNAV and PYTHON name the programs to run when they are not the installed ones.
set -eu

qnav=${QNAV:-qnav}
python=${PYTHON:-/usr/bin/python3}
failure=${1:-$(dirname "$0")/sample-failure.txt}

# --no-probes: decide from the text alone, without looking at this host
"$qnav" diagnose --plugin freeipa_deployment.start_vm --error-file "$failure" --no-probes

# --json: the same analysis as a document
root_cause=$("$qnav" diagnose --plugin freeipa_deployment.start_vm --error-file "$failure" \
	--no-probes --json | "$python" -c '
import json, sys
analysis = json.load(sys.stdin)
print(analysis["root_cause"])
')

echo
case "$root_cause" in
service_dependency) echo "A service the step needs is down: start it, then run the step again." ;;
network | timeout) echo "Retry the step once the network is back." ;;
*) echo "Root cause $root_cause: read the report above before you retry." ;;
esac
