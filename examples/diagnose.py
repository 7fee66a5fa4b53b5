#!/usr/bin/python3
# Diagnose a failure text with libqnav from Python (PyGObject).
#
#   /usr/bin/python3 diagnose.py [--probe] [FAILURE-FILE]
#
# With --probe it also looks at this host (services, disks, memory) before deciding.

import argparse
import os
import sys

import gi

gi.require_version("Qnav", "0.1")
from gi.repository import GLib, Qnav  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser(description="Diagnose a failure text")
parser.add_argument("file", nargs="?", default=os.path.join(here, "sample-failure.txt"))
parser.add_argument("--plugin", default="freeipa_deployment.start_vm")
parser.add_argument("--probe", action="store_true", help="probe this host as well")
args = parser.parse_args()

try:
    with open(args.file, encoding="utf-8", errors="replace") as f:
        context = Qnav.DiagnosticContext.new(args.plugin, f.read())
    if args.probe:
        collector = Qnav.ContextCollector.new()
        collector.props.probes = Qnav.ProbeFlags.SERVICES | Qnav.ProbeFlags.RESOURCES
        collector.collect(context, None)
    analyzer = Qnav.FailureAnalyzer.new(Qnav.PatternLibrary.new_default())
    analysis = analyzer.analyze(context, None)
except OSError as error:
    sys.exit("diagnose.py: %s" % error)
except GLib.Error as error:
    sys.exit("diagnose.py: %s" % error.message)

print("%s failed" % analysis.props.plugin)
print("Root cause: %s (%.0f%% confident, severity %s)" % (
    Qnav.root_cause_to_string(analysis.props.root_cause),
    analysis.props.confidence * 100,
    Qnav.severity_to_string(analysis.props.severity)))
print("Why: %s" % analysis.props.description)
# the evidence for the root cause, strongest first: lines of the text, probe results
for evidence in analysis.props.evidence:
    if evidence.props.category != analysis.props.root_cause or evidence.props.weight <= 0:
        continue
    if evidence.props.line > 0:
        print("Evidence, line %d: %s" % (evidence.props.line, evidence.props.text))
    else:
        print("Evidence, %s: %s" % (evidence.props.source, evidence.props.signal))
for number, action in enumerate(analysis.props.recommended_actions, 1):
    print("Do %d: %s" % (number, action))
print("Fingerprint: %s" % analysis.props.fingerprint)
