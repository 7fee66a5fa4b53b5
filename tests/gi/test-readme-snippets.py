#!/usr/bin/python3
# Copyright 2026 qnav developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The README cannot drift from tested code: every fenced code block right after a marker
#
#     <!-- example: examples/diagnose.py -->
#     ```python
#     ...the exact bytes of examples/diagnose.py...
#     ```
#
# must be byte-identical to the file it names, and the README must show at least the CLI
# (.sh), playbook (.yml), Python (.py) and GJS (.js) examples that way. The rules:
#
# - the marker is alone on its line, at column 0: `<!-- example: PATH -->`; PATH is relative
#   to the source root and lies under examples/ (the examples the test suite runs);
# - the next non-blank line opens a fenced block at column 0 (``` or ~~~, three or more, with
#   an optional info string); the block closes at the first line holding a fence of the same
#   character at least as long;
# - the lines between the fences, each with its newline, equal the file byte for byte (so the
#   file ends with a newline).
#
#   test-readme-snippets.py [--root DIR] [--readme FILE]

import argparse
import difflib
import os
import re
import shutil
import sys
import tempfile
import unittest

MARKER = re.compile(rb"^<!--\s*example:\s*(\S+)\s*-->\s*$")
FENCE = re.compile(rb"^(`{3,}|~{3,})([^`]*)$")
REQUIRED_KINDS = {
    "CLI (.sh)": (".sh",),
    "playbook (.yml)": (".yml", ".yaml"),
    "Python (.py)": (".py",),
    "GJS (.js)": (".js",),
}
MIN_MARKERS = 4


class Snippet:
    def __init__(self, path, marker_line, content):
        self.path = path
        self.marker_line = marker_line
        self.content = content


def parse(readme_bytes):
    """Returns (snippets, problems) for the markers in a README."""
    lines = readme_bytes.splitlines(keepends=True)
    snippets, problems = [], []
    i = 0
    while i < len(lines):
        match = MARKER.match(lines[i].rstrip(b"\r\n"))
        if match is None:
            i += 1
            continue
        marker_line = i + 1
        path = match.group(1).decode("utf-8", "replace")
        i += 1
        while i < len(lines) and lines[i].strip() == b"":
            i += 1
        opening = FENCE.match(lines[i].rstrip(b"\r\n")) if i < len(lines) else None
        if opening is None:
            problems.append("README.md:%d: the marker for %s is not followed by a fenced code "
                            "block (``` at column 0)" % (marker_line, path))
            continue
        fence = opening.group(1)
        closing = re.compile(rb"^" + re.escape(fence[:1]) + rb"{%d,}\s*$" % len(fence))
        i += 1
        start = i
        while i < len(lines) and closing.match(lines[i].rstrip(b"\r\n")) is None:
            i += 1
        if i == len(lines):
            problems.append("README.md:%d: the code block for %s is never closed"
                            % (marker_line, path))
            break
        snippets.append(Snippet(path, marker_line, b"".join(lines[start:i])))
        i += 1
    return snippets, problems


def check(root, readme):
    """Returns a list of problems; empty when the README and the examples agree."""
    if not os.path.isfile(readme):
        return ["%s does not exist: write it with at least %d `<!-- example: PATH -->` "
                "markers (CLI, playbook, Python, GJS)" % (readme, MIN_MARKERS)]
    with open(readme, "rb") as f:
        snippets, problems = parse(f.read())

    for snippet in snippets:
        where = "README.md:%d" % snippet.marker_line
        normalized = os.path.normpath(snippet.path)
        if os.path.isabs(snippet.path) or not normalized.startswith("examples" + os.sep):
            problems.append("%s: %s is not a path under examples/ (only tested examples may "
                            "be shown)" % (where, snippet.path))
            continue
        path = os.path.join(root, normalized)
        if not os.path.isfile(path):
            problems.append("%s: %s does not exist" % (where, snippet.path))
            continue
        with open(path, "rb") as f:
            expected = f.read()
        if snippet.content != expected:
            diff = difflib.unified_diff(
                expected.decode("utf-8", "replace").splitlines(keepends=True),
                snippet.content.decode("utf-8", "replace").splitlines(keepends=True),
                fromfile=snippet.path, tofile="README.md block at line %d" % snippet.marker_line)
            detail = "".join(diff) or "(they differ only in a trailing newline)\n"
            problems.append("%s: the block differs from %s; copy the file into the README "
                            "again:\n%s" % (where, snippet.path, detail))

    if len(snippets) < MIN_MARKERS:
        problems.append("%s has %d example marker(s); it needs at least %d (CLI, playbook, "
                        "Python, GJS) of the form `<!-- example: examples/FILE -->` followed "
                        "by a fenced code block" % (readme, len(snippets), MIN_MARKERS))
    for kind, suffixes in REQUIRED_KINDS.items():
        if not any(s.path.endswith(suffixes) for s in snippets):
            problems.append("%s shows no %s example with a marker" % (readme, kind))
    return problems


class CheckerSelfTest(unittest.TestCase):
    """The checker itself, on small trees in a temporary directory."""

    FILES = {
        "examples/diagnose.sh": b"#!/bin/sh\nqnav diagnose --error-file x --no-probes\n",
        "examples/playbook.yml": b"---\n- hosts: all\n",
        "examples/diagnose.py": b"print('```')\n",
        "examples/diagnose.js": b"print('hi');\n",
    }

    def make_tree(self, readme):
        root = tempfile.mkdtemp(prefix="qnav-readme-")
        self.addCleanup(shutil.rmtree, root)
        for name, content in self.FILES.items():
            os.makedirs(os.path.join(root, os.path.dirname(name)), exist_ok=True)
            with open(os.path.join(root, name), "wb") as f:
                f.write(content)
        if readme is not None:
            with open(os.path.join(root, "README.md"), "wb") as f:
                f.write(readme)
        return root, os.path.join(root, "README.md")

    def good_readme(self):
        parts = [b"# qnav\n\nSome prose.\n\n"]
        for name, content in self.FILES.items():
            fence = b"````" if b"```" in content else b"```"
            parts.append(b"<!-- example: " + name.encode() + b" -->\n" + fence + b"text\n" +
                         content + fence + b"\n\n")
        return b"".join(parts)

    def test_good(self):
        self.assertEqual(check(*self.make_tree(self.good_readme())), [])

    def test_missing_readme(self):
        [problem] = check(*self.make_tree(None))
        self.assertIn("does not exist", problem)

    def test_no_markers(self):
        problems = check(*self.make_tree(b"# qnav\n\n```sh\nqnav diagnose\n```\n"))
        self.assertTrue(any("0 example marker(s)" in p for p in problems), problems)

    def test_drift(self):
        readme = self.good_readme().replace(b"--no-probes", b"--json")
        problems = check(*self.make_tree(readme))
        self.assertEqual(len(problems), 1, problems)
        self.assertIn("differs from examples/diagnose.sh", problems[0])
        self.assertIn("+qnav diagnose --error-file x --json", problems[0])

    def test_trailing_newline(self):
        readme = self.good_readme().replace(b"print('hi');\n```", b"print('hi');\n\n```")
        [problem] = check(*self.make_tree(readme))
        self.assertIn("differs from examples/diagnose.js", problem)

    def test_missing_file(self):
        readme = self.good_readme() + b"<!-- example: examples/gone.c -->\n```c\nx\n```\n"
        [problem] = check(*self.make_tree(readme))
        self.assertIn("examples/gone.c does not exist", problem)

    def test_outside_examples(self):
        readme = self.good_readme() + b"<!-- example: ../etc/passwd -->\n```\nx\n```\n"
        [problem] = check(*self.make_tree(readme))
        self.assertIn("not a path under examples/", problem)

    def test_marker_without_block(self):
        readme = self.good_readme() + b"<!-- example: examples/diagnose.js -->\nprose\n"
        [problem] = check(*self.make_tree(readme))
        self.assertIn("not followed by a fenced code block", problem)

    def test_unclosed_block(self):
        readme = self.good_readme() + b"<!-- example: examples/diagnose.js -->\n```js\nx\n"
        [problem] = check(*self.make_tree(readme))
        self.assertIn("never closed", problem)

    def test_kind_missing(self):
        readme = self.good_readme().replace(b"examples/playbook.yml", b"examples/diagnose.sh")
        problems = check(*self.make_tree(readme))
        self.assertTrue(any("no playbook (.yml) example" in p for p in problems), problems)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default=os.environ.get(
        "QNAV_SOURCE_ROOT", os.path.normpath(os.path.join(here, "..", ".."))))
    parser.add_argument("--readme")
    args = parser.parse_args()
    readme = args.readme or os.path.join(args.root, "README.md")

    suite = unittest.defaultTestLoader.loadTestsFromTestCase(CheckerSelfTest)
    if not unittest.TextTestRunner(verbosity=1).run(suite).wasSuccessful():
        return 1

    problems = check(args.root, readme)
    for problem in problems:
        print("FAIL: " + problem)
    if problems:
        return 1
    print("ok: every marked README block matches its example")
    return 0


if __name__ == "__main__":
    sys.exit(main())
