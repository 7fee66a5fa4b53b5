#!/usr/bin/python3
# The qnav command as a user meets it: layout, documents, exit codes, bad input.
import json
import os
import shutil
import tempfile
import time
import unittest

from qnav_testlib import QNAV, SOURCE_ROOT, clean_env, run, validator

SECRETS = json.load(open(os.path.join(SOURCE_ROOT, "tests", "data", "secrets", "secrets.json")))["cases"]


class Diagnose(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="qnav-cli-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_original_layout(self):
        status, out, err = run(["diagnose", "--plugin", "HetznerDeploymentPlugin", "--no-probes",
                                "--error", "Failed to connect to registry.redhat.io"])
        self.assertEqual(status, 0, err)
        lines = out.splitlines()
        # the Python original's report, in its order
        self.assertEqual(lines[0], "")
        self.assertEqual(lines[1], "=" * 60)
        self.assertEqual(lines[2], "Failure Diagnosis: HetznerDeploymentPlugin")
        self.assertEqual(lines[3], "=" * 60)
        order = ["[INFO] Analyzing failure...", "Root Cause: network", "Confidence: ",
                 "Severity: ", "Description: ", "Recommended Actions:", "  1. "]
        at = 0
        for want in order:
            while at < len(lines) and not lines[at].startswith(want):
                at += 1
            self.assertLess(at, len(lines), "missing or out of order: %r\n%s" % (want, out))
        self.assertRegex(out, r"Confidence: \d+%")
        self.assertIn("Evidence:", out)
        self.assertRegex(out, r"Fingerprint: [0-9a-f]{16}")

    def test_json_output_file_and_schema(self):
        path = os.path.join(self.tmp, "analysis.json")
        status, out, err = run(["diagnose", "--plugin", "VmPlugin", "--no-probes", "--error",
                                "error: Failed to connect socket to '/var/run/libvirt/libvirt-sock': "
                                "No such file or directory", "--output", path])
        self.assertEqual(status, 0, err)
        self.assertIn("[OK] Analysis saved to " + path, out)
        with open(path) as f:
            document = json.load(f)
        validator("analysis.schema.json").validate(document)
        self.assertEqual(document["root_cause"], "service_dependency")
        self.assertEqual(document["plugin"], "VmPlugin")
        # --json prints the same document
        status, out, err = run(["diagnose", "--plugin", "VmPlugin", "--no-probes", "--json",
                                "--error", document["error_message"]])
        self.assertEqual(status, 0, err)
        again = json.loads(out)
        validator("analysis.schema.json").validate(again)
        self.assertEqual(again["fingerprint"], document["fingerprint"])

    def test_probes_on_context_is_in_the_document(self):
        status, out, err = run(["diagnose", "--json", "--error", "No space left on device"])
        self.assertEqual(status, 0, err)
        document = json.loads(out)
        validator("analysis.schema.json").validate(document)
        self.assertEqual(document["root_cause"], "storage")
        self.assertIn("libvirt", document["context"]["services"])
        self.assertTrue(document["context"]["resources"]["disks"])

    def test_error_file_from_stdin(self):
        status, out, err = run(["diagnose", "--no-probes", "--json", "--error-file", "-"],
                               input=b"TASK [deploy]\nfatal: [kvm01]: FAILED! => {\"msg\": "
                                     b"\"Missing sudo password\"}\n")
        self.assertEqual(status, 0, err)
        self.assertEqual(json.loads(out)["root_cause"], "credential")

    def test_log_is_streamed(self):
        log = os.path.join(self.tmp, "airflow.log")
        with open(log, "w") as f:
            for i in range(20000):
                f.write("[2024-05-01, 10:00:%02d UTC] {subprocess.py:93} INFO - step %d ok\n" % (i % 60, i))
            f.write("OSError: [Errno 28] No space left on device\n")
        status, out, err = run(["diagnose", "--no-probes", "--json", "--error", "Task failed",
                                "--log", log])
        self.assertEqual(status, 0, err)
        document = json.loads(out)
        self.assertEqual(document["root_cause"], "storage")
        storage = [e for e in document["evidence"] if e["category"] == "storage"][0]
        self.assertEqual(storage["source"], "log:" + log)
        self.assertEqual(storage["line"], 20001)

    def test_secrets_never_printed(self):
        text = "fatal: [kvm01]: FAILED! No space left on device\n" + "\n".join(c["text"] for c in SECRETS)
        for args in (["--json"], []):
            status, out, err = run(["diagnose", "--no-probes", "--error", text] + args)
            self.assertEqual(status, 0, err)
            for case in SECRETS:
                self.assertNotIn(case["secret"], out, case["shape"])
                self.assertNotIn(case["secret"], err, case["shape"])

    def test_usage_errors(self):
        for args, status_wanted, says in [
            ([], 2, "Usage: qnav"),
            (["frobnicate"], 2, "unknown command"),
            (["diagnose"], 2, "give the failure with --error"),
            (["diagnose", "--bogus"], 2, "Unknown option --bogus"),
            (["diagnose", "--error", "x", "stray"], 2, "unexpected argument"),
            (["diagnose", "--error", "", "--no-probes"], 2, "nothing to analyze"),
            (["diagnose", "--error", "x", "--no-probes", "--log", "/nonexistent/x.log"], 4,
             "/nonexistent/x.log"),
            (["diagnose", "--error", "x", "--no-probes", "--log", "/tmp"], 2, "/tmp"),
            (["diagnose", "--error-file", "/nonexistent/err.txt"], 4, "/nonexistent/err.txt"),
            (["diagnose", "--error", "x", "--patterns", "/nonexistent/dir"], 4, "/nonexistent/dir"),
            (["diagnose", "--no-probes", "--error", "x", "--output", "/nonexistent/dir/a.json"], 5,
             "/nonexistent/dir/a.json"),
        ]:
            status, out, err = run(args)
            self.assertEqual(status, status_wanted, "%s: %s%s" % (args, out, err))
            self.assertIn(says, out + err, args)

    def test_bad_bytes_and_huge_input(self):
        path = os.path.join(self.tmp, "bytes.txt")
        with open(path, "wb") as f:
            f.write(b"\xff\xfe\x00\x00 Permission denied (publickey).\n\xc3\x28\x00")
        status, out, err = run(["diagnose", "--no-probes", "--json", "--error-file", path])
        self.assertEqual(status, 0, err)
        self.assertEqual(json.loads(out)["root_cause"], "credential")

        big = os.path.join(self.tmp, "big.txt")
        with open(big, "w") as f:
            line = "INFO heartbeat ok nothing to see\n"
            f.write(line * (50 * 1024 * 1024 // len(line)))
            f.write("kernel: Out of memory: Killed process 4242 (qemu-kvm)\n")
        start = time.monotonic()
        status, out, err = run(["diagnose", "--no-probes", "--json", "--error-file", big])
        self.assertEqual(status, 0, err)
        document = json.loads(out)
        self.assertEqual(document["root_cause"], "resource_exhaustion")
        self.assertLess(len(out), 1024 * 1024)
        # not a benchmark: only "it does not hang"
        self.assertLess(time.monotonic() - start, 60)

    def test_bad_user_pattern_dir_warns_and_continues(self):
        patterns = os.path.join(self.tmp, "patterns")
        os.mkdir(patterns)
        with open(os.path.join(patterns, "site.json"), "w") as f:
            json.dump({"patterns": [
                {"id": "site_ok", "regex": "frobnication failed", "category": "configuration"},
                {"id": "site_bad", "regex": "(", "category": "configuration"}]}, f)
        status, out, err = run(["diagnose", "--no-probes", "--json", "--patterns", patterns,
                                "--error", "frobnication failed on host"])
        self.assertEqual(status, 0, err)
        self.assertIn("site_bad", err)
        self.assertIn("invalid regex", err)
        document = json.loads(out)
        self.assertEqual(document["pattern_matches"], ["site_ok"])
        self.assertEqual(document["root_cause"], "configuration")


class Context(unittest.TestCase):
    def test_json_follows_schema(self):
        status, out, err = run(["context", "--json"])
        self.assertEqual(status, 0, err)
        document = json.loads(out)
        validator("context.schema.json").validate(document)
        self.assertEqual(set(document["services"]), {"libvirt", "podman", "airflow", "vault"})
        self.assertGreater(document["resources"]["cpu"]["count"], 0)

    def test_text(self):
        status, out, err = run(["context"])
        self.assertEqual(status, 0, err)
        self.assertIn("Services:", out)
        self.assertIn("Resources:", out)
        self.assertRegex(out, r"Disk /: .* free of ")


class Patterns(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="qnav-patterns-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_list_and_show(self):
        status, out, err = run(["patterns", "list", "--json"])
        self.assertEqual(status, 0, err)
        patterns = json.loads(out)
        self.assertGreaterEqual(len(patterns), 120)
        first = patterns[0]["id"]
        status, out, err = run(["patterns", "show", first])
        self.assertEqual(status, 0, err)
        self.assertIn("id:              " + first, out)
        self.assertIn("example:", out)
        status, out, err = run(["patterns", "show", "no_such_pattern"])
        self.assertEqual(status, 4)
        self.assertIn("no_such_pattern", err)

    def test_test(self):
        status, out, err = run(["patterns", "test", "kernel: Out of memory: Killed process 12 (java)"])
        self.assertEqual(status, 0, err)
        self.assertIn("resource_exhaustion", out)
        status, out, err = run(["patterns", "test", "everything is fine"])
        self.assertEqual(status, 1)
        self.assertIn("no pattern matched", out)

    def test_validate(self):
        good = os.path.join(self.tmp, "good.json")
        bad = os.path.join(self.tmp, "bad.json")
        with open(good, "w") as f:
            json.dump({"schema_version": 1, "patterns": [{
                "id": "site_nfs_stale", "regex": "Stale file handle", "category": "storage",
                "examples": ["cp: cannot stat 'x': Stale file handle"],
                "negative_examples": ["No space left on device"]}]}, f)
        with open(bad, "w") as f:
            json.dump({"patterns": [
                {"id": "site_wrong_example", "regex": "Stale NFS", "category": "storage",
                 "examples": ["this does not match"]},
                {"id": "site_dup", "regex": "a dup", "category": "storage"},
                {"id": "site_dup", "regex": "b dup", "category": "storage"}]}, f)
        status, out, err = run(["patterns", "validate", good])
        self.assertEqual(status, 0, err)
        self.assertIn("1 patterns loaded, 0 problems", out)
        validator("pattern-file.schema.json").validate(json.load(open(good)))
        status, out, err = run(["patterns", "validate", bad])
        self.assertEqual(status, 6)
        self.assertIn('pattern "site_wrong_example" does not match its example', err)
        self.assertIn('pattern "site_dup": duplicate id', err)

    def test_builtin_files_follow_schema(self):
        v = validator("pattern-file.schema.json")
        directory = os.path.join(SOURCE_ROOT, "libqnav", "analysis", "patterns")
        files = [f for f in os.listdir(directory) if f.endswith(".json")]
        self.assertGreater(len(files), 10)
        for name in files:
            with open(os.path.join(directory, name)) as f:
                v.validate(json.load(f))


class Help(unittest.TestCase):
    def test_help_documents_exit_codes(self):
        status, out, err = run(["--help"])
        self.assertEqual(status, 0)
        for command in ("diagnose", "context", "patterns"):
            self.assertIn(command, out)
        for code in ("2  invalid command-line arguments", "4  a file, pattern or object does not exist"):
            self.assertIn(code, out)
        status, out, err = run(["version"])
        self.assertEqual(status, 0)
        self.assertRegex(out, r"^qnav \d+\.\d+\.\d+")


if __name__ == "__main__":
    unittest.main(verbosity=2)
