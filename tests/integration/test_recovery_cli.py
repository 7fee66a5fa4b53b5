#!/usr/bin/python3
# `qnav plan` and `qnav check` as a user meets them: the documents they write, the original's
# analysis.json, the conditions plans use, and bad input.
import json
import os
import shutil
import socket
import tempfile
import unittest

from qnav_testlib import SOURCE_ROOT, clean_env, run, validator

ORIGINAL_ANALYSIS = {
    # the Python original's analysis.json: these keys only
    "timestamp": "2025-12-01T10:00:00.123456", "plugin": "HetznerDeploymentPlugin",
    "root_cause": "network", "confidence": 0.85, "severity": "high",
    "affected_services": [], "pattern_matches": ["network_unreachable"],
    "recommended_actions": ["Check network connectivity"],
}


class Plan(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="qnav-plan-")
        self.env = clean_env({"QNAV_STATE_DIR": os.path.join(self.tmp, "state")})

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def diagnose(self, error, name="analysis.json"):
        status, out, err = run(["diagnose", "--no-probes", "--plugin", "kvm_provision",
                                "--error", error, "--output", self.path(name)], env=self.env)
        self.assertEqual(status, 0, err)
        return self.path(name)

    def test_plan_document_follows_schema(self):
        analysis = self.diagnose("error: Failed to connect socket to "
                                 "'/var/run/libvirt/virtqemud-sock': No such file or directory")
        status, out, err = run(["plan", "--analysis-file", analysis, "--json"], env=self.env)
        self.assertEqual(status, 0, err)
        plan = json.loads(out)
        validator("plan.schema.json").validate(plan)
        options = plan["recovery_options"]
        self.assertEqual([o["priority"] for o in options], list(range(1, len(options) + 1)))
        self.assertIn("escalate", [o["action_type"] for o in options])
        self.assertEqual(plan["recommended_index"], 0)
        self.assertEqual(plan["fingerprint"], json.load(open(analysis))["fingerprint"])

    def test_text_layout_and_outputs(self):
        analysis = self.diagnose("dial tcp 10.1.2.3:443: i/o timeout")
        status, out, err = run(["plan", "--analysis-file", analysis,
                                "--output", self.path("plan.md")], env=self.env)
        self.assertEqual(status, 0, err)
        lines = out.splitlines()
        self.assertEqual(lines[1], "=" * 60)
        self.assertEqual(lines[2], "Recovery Plan: kvm_provision")
        # the original's block per option
        self.assertRegex(out, r"\n1\. [A-Z_]+  \(recommended\)\n   Priority: 1/\d+\n"
                              r"   Confidence: \d+%\n   Risk: (low|medium|high)\n"
                              r"   Duration: \d+s\n")
        self.assertIn("[OK] Recovery plan saved to " + self.path("plan.md"), out)
        markdown = open(self.path("plan.md")).read()
        self.assertTrue(markdown.startswith("## Failure Recovery Report\n"))
        for section in ("### Root Cause Analysis", "### Evidence", "### Recovery Options",
                        "#### Option 1: "):
            self.assertIn(section, markdown)

        status, out, err = run(["plan", "--analysis-file", analysis,
                                "--output", self.path("plan.json")], env=self.env)
        self.assertEqual(status, 0, err)
        validator("plan.schema.json").validate(json.load(open(self.path("plan.json"))))

    def test_original_analysis_json(self):
        with open(self.path("original.json"), "w") as f:
            json.dump(ORIGINAL_ANALYSIS, f)
        status, out, err = run(["plan", "--analysis-file", self.path("original.json"),
                                "--json"], env=self.env)
        self.assertEqual(status, 0, err)
        plan = json.loads(out)
        validator("plan.schema.json").validate(plan)
        self.assertEqual(plan["failed_plugin"], "HetznerDeploymentPlugin")
        self.assertRegex(plan["fingerprint"], r"^[0-9a-f]{16}$")
        # the original always recommended escalate; a likely network failure is not
        self.assertNotEqual(plan["recovery_options"][0]["action_type"], "escalate")
        steps = [s for o in plan["recovery_options"] for s in o["steps"]]
        self.assertIn("Check network connectivity", steps)

    def test_unknown_failure_escalates(self):
        analysis = self.diagnose("Task failed with exception")
        status, out, err = run(["plan", "--analysis-file", analysis, "--json"], env=self.env)
        self.assertEqual(status, 0, err)
        self.assertEqual(json.loads(out)["recovery_options"][0]["action_type"], "escalate")

    def test_plans_are_recorded(self):
        analysis = self.diagnose("dial tcp 10.1.2.3:443: i/o timeout")
        status, out, err = run(["plan", "--analysis-file", analysis], env=self.env)
        self.assertEqual(status, 0, err)
        fingerprint = json.load(open(analysis))["fingerprint"]
        status, out, err = run(["history", "--fingerprint", fingerprint, "--json"],
                               env=self.env)
        self.assertEqual(status, 0, err)
        kinds = [e["kind"] for f in json.loads(out)["fingerprints"] for e in f["events"]]
        self.assertIn("diagnosis", kinds)
        self.assertIn("plan", kinds)

    def test_bad_input(self):
        cases = [
            ([], 2, "--analysis-file is required"),
            (["--analysis-file", self.path("missing.json")], 4, "missing.json"),
            (["--analysis-file", self.tmp], 2, "is a directory"),
        ]
        with open(self.path("not-json.json"), "w") as f:
            f.write("root_cause: network\n")
        cases.append((["--analysis-file", self.path("not-json.json")], 3, "not-json.json"))
        with open(self.path("bad-cause.json"), "w") as f:
            json.dump(dict(ORIGINAL_ANALYSIS, root_cause="gremlins"), f)
        cases.append((["--analysis-file", self.path("bad-cause.json")], 3, "gremlins"))
        for args, code, fragment in cases:
            status, out, err = run(["plan"] + args, env=self.env)
            self.assertEqual(status, code, (args, out, err))
            self.assertIn(fragment, err)
            self.assertTrue(err.startswith("qnav: "), err)

    def test_secrets_stay_out_of_plans(self):
        cases = json.load(open(os.path.join(SOURCE_ROOT, "tests", "data", "secrets",
                                            "secrets.json")))["cases"]
        text = "\n".join("login failed: " + c["text"] for c in cases)
        analysis = self.diagnose(text)
        status, out, err = run(["plan", "--analysis-file", analysis, "--json",
                                "--output", self.path("plan.md")], env=self.env)
        self.assertEqual(status, 0, err)
        markdown = open(self.path("plan.md")).read()
        for case in cases:
            self.assertNotIn(case["secret"], out, case["shape"])
            self.assertNotIn(case["secret"], markdown, case["shape"])


class Check(unittest.TestCase):
    def test_disk(self):
        status, out, err = run(["check", "disk", "/", "--min-free-percent", "0"])
        self.assertEqual(status, 0, out + err)
        self.assertTrue(out.startswith("holds: / has "), out)
        status, out, err = run(["check", "disk", "/", "--min-free-percent", "100"])
        self.assertEqual(status, 1, out + err)
        self.assertTrue(out.startswith("does not hold: "), out)
        status, out, err = run(["check", "disk", "relative/path"])
        self.assertEqual(status, 2, err)
        self.assertIn("not an absolute path", err)

    def test_memory(self):
        status, out, err = run(["check", "memory", "--min-available-percent", "0"])
        self.assertEqual(status, 0, out + err)
        status, out, err = run(["check", "memory", "--min-available-percent", "100"])
        self.assertEqual(status, 1, out + err)

    def test_host(self):
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        try:
            status, out, err = run(["check", "host", "127.0.0.1", "--port", str(port)])
            self.assertEqual(status, 0, out + err)
        finally:
            listener.close()
        # the same port, closed now
        status, out, err = run(["check", "host", "127.0.0.1", "--port", str(port),
                                "--timeout", "2"])
        self.assertEqual(status, 1, out + err)
        self.assertIn("does not answer", out)

    def test_domain_with_the_libvirt_test_driver(self):
        # test:///default defines one domain, "test"
        status, out, err = run(["check", "domain", "test", "--connect", "test:///default"])
        self.assertEqual(status, 0, out + err)
        status, out, err = run(["check", "domain", "test", "--absent",
                                "--connect", "test:///default"])
        self.assertEqual(status, 1, out + err)
        status, out, err = run(["check", "domain", "web01", "--absent",
                                "--connect", "test:///default"])
        self.assertEqual(status, 0, out + err)
        status, out, err = run(["check", "domain", "x", "--connect", "bogus:///nowhere"])
        self.assertEqual(status, 11, out + err)
        self.assertIn("cannot connect to libvirt", err)

    def test_service_not_found(self):
        status, out, err = run(["check", "service", "qnav-no-such-service"])
        self.assertEqual(status, 1, out + err)
        self.assertIn("not found", out)

    def test_bad_arguments(self):
        for args, fragment in ((["check"], "say what to check"),
                               (["check", "kettle", "x"], "unknown kind"),
                               (["check", "disk"], "exactly one argument"),
                               (["check", "memory", "x"], "takes no argument"),
                               (["check", "host", "h", "--port", "70000"], "--port")):
            status, out, err = run(args)
            self.assertEqual(status, 2, (args, out, err))
            self.assertIn(fragment, err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
