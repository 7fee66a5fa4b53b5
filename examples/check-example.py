#!/usr/bin/python3
# Copyright 2026 qnav developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Test helper, not an example: runs one example and checks what it printed.
#
#   check-example.py [--expect REGEX]... [--exit-code N] -- CMD...
#
# Fails unless CMD exits with N (default 0) and every REGEX is found in its standard output.

import argparse
import re
import subprocess
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--expect", action="append", default=[], metavar="REGEX")
parser.add_argument("--exit-code", type=int, default=0)
parser.add_argument("command", nargs="+")
args = parser.parse_args()

print("running: %s" % " ".join(args.command), flush=True)
process = subprocess.run(args.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, errors="replace", timeout=300)
sys.stdout.write(process.stdout)
sys.stderr.write(process.stderr)

problems = []
if process.returncode != args.exit_code:
    problems.append("exit status %d, expected %d" % (process.returncode, args.exit_code))
for pattern in args.expect:
    if re.search(pattern, process.stdout, re.MULTILINE) is None:
        problems.append("the output does not match %r" % pattern)
for problem in problems:
    print("FAIL: %s" % problem)
sys.exit(1 if problems else 0)
