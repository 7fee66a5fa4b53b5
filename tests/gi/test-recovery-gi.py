#!/usr/bin/python3
# Copyright 2026 qnav developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The recovery workflow through GObject Introspection, as a Python user writes it: diagnose a
# failure (from its text, or from a stored analysis document), plan with a history, read the
# plan, then execute an option with an approver written in Python, synchronously and on a
# GLib main loop, and read back what ran and what the history kept.
#
# Nothing here touches the host: the options that run are read from a plan document written
# below, whose commands create a marker file in a temporary directory. The planner's own
# options (systemctl start …) are only read, never executed.
#
# Run by meson with GI_TYPELIB_PATH and LD_LIBRARY_PATH pointing at the build; run it by hand
# with /usr/bin/python3 (the python3 on PATH may be a build without gi).

import contextlib
import copy
import gc
import io
import json
import os
import shutil
import tempfile
import unittest

import gi

gi.require_version("GLib", "2.0")
gi.require_version("Gio", "2.0")
gi.require_version("Qnav", "0.1")
from gi.repository import Gio, GLib, Qnav  # noqa: E402

# virsh against a modular libvirt whose virtqemud socket unit is stopped.
VIRSH_NO_VIRTQEMUD = (
    "error: failed to connect to the hypervisor\n"
    "error: Failed to connect socket to '/var/run/libvirt/virtqemud-sock': "
    "No such file or directory\n"
)

# A stored analysis (what `qnav analyze --json` writes), with the probe's view of the host:
# libvirt's socket unit is known to systemd and inactive.
SERVICE_DOWN_ANALYSIS = {
    "schema_version": 1,
    "plugin": "kvm",
    "root_cause": "service_dependency",
    "confidence": 0.9,
    "severity": "high",
    "affected_services": ["libvirt"],
    "pattern_matches": [],
    "recommended_actions": [],
    "error_message": "Failed to connect socket to '/var/run/libvirt/virtqemud-sock'",
    "context": {
        "services": {
            "libvirt": {
                "unit": "virtqemud.socket",
                "backend": "systemd",
                "found": True,
                "active": False,
                "state": "inactive",
            }
        }
    },
}

PLAN_KEYS = {"schema_version", "timestamp", "failed_plugin", "fingerprint", "failure_analysis",
             "recovery_options", "recommended_index", "github_issue_url", "execution_attempts",
             "last_execution_result"}
OPTION_KEYS = {"action_type", "priority", "confidence", "risk_level",
               "estimated_duration_seconds", "description", "steps", "prerequisites",
               "rollback_steps", "success_criteria", "check", "commands", "verify",
               "rollback_commands", "wait_seconds", "success_rate", "score"}

FINGERPRINT = "gi-recovery-0001"
TIMEOUT_SECONDS = 30


def service_down_analysis(confidence=0.9):
    document = copy.deepcopy(SERVICE_DOWN_ANALYSIS)
    document["confidence"] = confidence
    return document


def command(argv, description=None, timeout_seconds=10):
    return {"argv": argv, "description": description, "timeout_seconds": timeout_seconds}


def marker_option(marker, risk, confidence=0.9, action="manual_fix"):
    """An option as the planner writes one for a unit that is down, but whose act creates
    @marker instead of starting a unit: check and verify test for it."""
    return {
        "action_type": action,
        "priority": 1,
        "confidence": confidence,
        "risk_level": risk,
        "estimated_duration_seconds": 5,
        "description": "Start virtqemud.socket (stand-in: create %s)" % os.path.basename(marker),
        "steps": ["Create the marker", "Run kvm again"],
        "prerequisites": [],
        "rollback_steps": [],
        "success_criteria": "the marker exists",
        "check": command(["test", "-e", marker], "is it there already?"),
        "commands": [command(["touch", marker], "create the marker")],
        "verify": command(["test", "-e", marker], "did it stick?"),
        "rollback_commands": [],
        "wait_seconds": 0,
        "success_rate": None,
        "score": 0.5,
    }


def plan_document(options, confidence=0.9, fingerprint=FINGERPRINT):
    """A plan document (data/schema/plan.schema.json) answering the service-down analysis;
    the analysis confidence embedded here is what the executor's policy reads."""
    analysis = service_down_analysis(confidence)
    analysis["fingerprint"] = fingerprint
    return json.dumps({
        "schema_version": 1,
        "timestamp": "2026-01-06T10:00:00Z",
        "failed_plugin": "kvm",
        "fingerprint": fingerprint,
        "failure_analysis": analysis,
        "recovery_options": options,
        "recommended_index": 0,
        "github_issue_url": None,
        "execution_attempts": 0,
        "last_execution_result": None,
    })


class TempDirTestCase(unittest.TestCase):
    """A private directory per test, removed even when setUp or the test fails."""

    def setUp(self):
        self.tmpdir = tempfile.mkdtemp(prefix="qnav-recovery-gi-")
        self.addCleanup(self.remove_tmpdir)
        self.history = Qnav.History.new(os.path.join(self.tmpdir, "history.db"))

    def remove_tmpdir(self):
        # drop the objects holding the database open before its directory goes
        for name in [n for n in vars(self) if not n.startswith("_") and n != "tmpdir"]:
            setattr(self, name, None)
        gc.collect()
        shutil.rmtree(self.tmpdir, ignore_errors=True)
        self.assertFalse(os.path.exists(self.tmpdir))

    def path(self, name):
        return os.path.join(self.tmpdir, name)


class Diagnosis(TempDirTestCase):
    def test_from_text(self):
        analyzer = Qnav.FailureAnalyzer.new(Qnav.PatternLibrary.new_default())
        analysis = analyzer.analyze_text("kvm", VIRSH_NO_VIRTQEMUD, -1)
        self.assertEqual(analysis.props.root_cause, Qnav.RootCause.SERVICE_DEPENDENCY)
        self.assertGreaterEqual(analysis.props.confidence, 0.5)
        self.assertEqual(analysis.props.plugin, "kvm")
        self.assertTrue(analysis.props.pattern_matches)
        self.assertRegex(analysis.props.fingerprint, r"^[0-9a-f]{16}$")

    def test_from_json_with_context(self):
        analysis = Qnav.FailureAnalysis.new_from_json(json.dumps(SERVICE_DOWN_ANALYSIS), -1)
        self.assertEqual(analysis.props.root_cause, Qnav.RootCause.SERVICE_DEPENDENCY)
        self.assertEqual(analysis.props.severity, Qnav.Severity.HIGH)
        self.assertEqual(analysis.props.confidence, 0.9)
        self.assertEqual(list(analysis.props.affected_services), ["libvirt"])
        libvirt = analysis.props.context.lookup_service("libvirt")
        self.assertIsNotNone(libvirt)
        self.assertEqual(libvirt.props.unit, "virtqemud.socket")
        self.assertEqual(libvirt.props.backend, Qnav.ServiceBackend.SYSTEMD)
        self.assertTrue(libvirt.props.found)
        self.assertFalse(libvirt.props.active)
        self.assertEqual(libvirt.props.state, "inactive")
        # a stored document without a fingerprint has none; the plan computes one
        self.assertIsNone(analysis.props.fingerprint)


class Planning(TempDirTestCase):
    def setUp(self):
        super().setUp()
        self.planner = Qnav.RecoveryPlanner.new(self.history)
        self.analysis = Qnav.FailureAnalysis.new_from_json(json.dumps(SERVICE_DOWN_ANALYSIS),
                                                           -1)

    def test_start_the_unit_that_is_down(self):
        self.assertIs(self.planner.props.history, self.history)
        plan = self.planner.plan(self.analysis)

        self.assertIs(plan.props.analysis, self.analysis)
        self.assertEqual(plan.props.plugin, "kvm")
        self.assertRegex(plan.props.fingerprint, r"^[0-9a-f]{16}$")
        self.assertEqual(plan.props.execution_attempts, 0)
        self.assertIsNone(plan.props.last_execution_result)
        self.assertIsNone(plan.props.github_issue_url)

        options = plan.get_options()
        self.assertGreaterEqual(len(options), 2)
        self.assertEqual([o.props.priority for o in options], list(range(1, len(options) + 1)))
        scores = [o.props.score for o in options]
        self.assertEqual(scores, sorted(scores, reverse=True), "best first")
        self.assertIn(Qnav.RecoveryAction.ESCALATE, [o.props.action for o in options])

        recommended = plan.props.recommended
        self.assertIs(recommended, options[0])
        self.assertIs(plan.get_recommended(), recommended)
        self.assertEqual(recommended.props.action, Qnav.RecoveryAction.MANUAL_FIX)
        self.assertEqual(recommended.props.risk, Qnav.Risk.LOW)
        self.assertAlmostEqual(recommended.props.confidence, 0.9)
        self.assertIn("virtqemud.socket", recommended.props.description)
        self.assertEqual([list(c.props.argv) for c in recommended.props.commands],
                         [["systemctl", "start", "virtqemud.socket"]])
        self.assertEqual(list(recommended.get_commands()[0].get_argv()),
                         ["systemctl", "start", "virtqemud.socket"])
        self.assertEqual(recommended.get_commands()[0].to_string(),
                         "systemctl start virtqemud.socket")
        self.assertEqual(list(recommended.props.check.props.argv),
                         ["systemctl", "is-active", "--quiet", "virtqemud.socket"])
        self.assertEqual(list(recommended.props.verify.props.argv),
                         ["systemctl", "is-active", "--quiet", "virtqemud.socket"])
        self.assertTrue(recommended.props.steps)
        # no history of this failure yet: no measured success rate
        self.assertEqual(recommended.props.success_rate, -1.0)

    def test_plan_from_the_analyzer(self):
        analyzer = Qnav.FailureAnalyzer.new(Qnav.PatternLibrary.new_default())
        analysis = analyzer.analyze_text("kvm", VIRSH_NO_VIRTQEMUD, -1)
        plan = self.planner.plan(analysis)
        self.assertEqual(plan.props.fingerprint, analysis.props.fingerprint)
        self.assertIsNotNone(plan.props.recommended)
        self.assertIn(Qnav.RecoveryAction.ESCALATE,
                      [o.props.action for o in plan.get_options()])

    def test_json(self):
        plan = self.planner.plan(self.analysis)
        document = json.loads(plan.to_json())

        self.assertEqual(set(document), PLAN_KEYS)
        self.assertEqual(document["schema_version"], 1)
        self.assertEqual(document["failed_plugin"], "kvm")
        self.assertEqual(document["fingerprint"], plan.props.fingerprint)
        self.assertEqual(document["failure_analysis"]["root_cause"], "service_dependency")
        self.assertEqual(document["recommended_index"], 0)
        self.assertEqual(document["execution_attempts"], 0)
        self.assertEqual(len(document["recovery_options"]), len(plan.get_options()))
        for item, option in zip(document["recovery_options"], plan.get_options()):
            self.assertEqual(set(item), OPTION_KEYS)
            self.assertEqual(item["action_type"],
                             Qnav.recovery_action_to_string(option.props.action))
            self.assertEqual(item["risk_level"], Qnav.risk_to_string(option.props.risk))
            self.assertAlmostEqual(item["confidence"], option.props.confidence, places=9)
            self.assertEqual([c["argv"] for c in item["commands"]],
                             [list(c.props.argv) for c in option.props.commands])
        first = document["recovery_options"][0]
        self.assertEqual(first["commands"][0]["argv"], ["systemctl", "start", "virtqemud.socket"])
        self.assertIsNone(first["success_rate"])

        # and back: the document a user saves is the plan they execute later
        again = Qnav.RecoveryPlan.new_from_json(plan.to_json(), -1)
        self.assertEqual(again.to_json(), plan.to_json())
        self.assertEqual(again.props.fingerprint, plan.props.fingerprint)

    def test_markdown(self):
        plan = self.planner.plan(self.analysis)
        markdown = plan.to_markdown()
        self.assertTrue(markdown.startswith("## Failure Recovery Report\n"))
        self.assertIn("**Failed Plugin**: kvm", markdown)
        self.assertIn("**Fingerprint**: %s" % plan.props.fingerprint, markdown)
        self.assertIn("**Category**: service_dependency", markdown)
        self.assertIn("#### Option 1: MANUAL_FIX (recommended)", markdown)
        self.assertIn("- run: `systemctl start virtqemud.socket`", markdown)
        self.assertIn('"state": "inactive"', markdown)

    def test_bad_plan_document(self):
        for document in ("{not json", "[]", "{}",
                         plan_document([]).replace('"recovery_options": []',
                                                   '"recovery_options": 3')):
            with self.assertRaises(GLib.Error) as caught:
                Qnav.RecoveryPlan.new_from_json(document, -1)
            self.assertTrue(caught.exception.matches(Qnav.error_quark(),
                                                     Qnav.Error.INVALID_DATA),
                            caught.exception)


class Execution(TempDirTestCase):
    def setUp(self):
        super().setUp()
        # recovery must not be muted by the machine the tests run on
        saved = os.environ.pop("QNAV_MUTE", None)
        if saved is not None:
            self.addCleanup(os.environ.__setitem__, "QNAV_MUTE", saved)
        self.executor = Qnav.RecoveryExecutor.new(self.history)
        self.executor.props.mute_file = self.path("mute")
        self.marker = self.path("virtqemud.socket.started")
        self.approvals = []
        self.denials = []
        self.started = []
        self.executor.connect("approval-denied",
                              lambda executor, option: self.denials.append(option))
        self.executor.connect("command-started",
                              lambda executor, cmd, role: self.started.append(
                                  (role, list(cmd.props.argv))))

    def approve_with(self, answer):
        def on_approve(executor, plan, option):
            self.approvals.append((executor, plan, option))
            return answer
        return self.executor.connect("approve", on_approve)

    def read_plan(self, risk, confidence):
        plan = Qnav.RecoveryPlan.new_from_json(
            plan_document([marker_option(self.marker, Qnav.risk_to_string(risk), confidence)],
                          confidence), -1)
        [option] = plan.get_options()
        self.assertEqual(option.props.risk, risk)
        self.assertAlmostEqual(plan.props.analysis.props.confidence, confidence)
        return plan, option

    def history_events(self):
        document = json.loads(self.history.to_json(FINGERPRINT, 0))
        [failure] = document["fingerprints"]
        self.assertEqual(failure["fingerprint"], FINGERPRINT)
        return failure, [e for e in failure["events"] if e["kind"] == "execution"]

    def assertRan(self, result):
        self.assertEqual(result.props.status, Qnav.ExecutionStatus.SUCCEEDED, result.props.message)
        self.assertTrue(result.props.succeeded)
        self.assertTrue(os.path.exists(self.marker))
        commands = result.props.commands
        self.assertEqual([c.props.role for c in commands], ["check", "act", "verify"])
        self.assertEqual([list(c.props.command.props.argv) for c in commands],
                         [["test", "-e", self.marker], ["touch", self.marker],
                          ["test", "-e", self.marker]])
        # the marker was not there yet, then it was made, then it was there
        self.assertEqual([c.props.exit_status for c in commands], [1, 0, 0])
        self.assertTrue(all(c.props.ran for c in commands))
        self.assertFalse(any(c.props.timed_out for c in commands))
        self.assertTrue(all(c.props.duration_seconds >= 0.0 for c in commands))
        self.assertEqual(self.started, [(c.props.role, list(c.props.command.props.argv))
                                        for c in commands])
        self.assertEqual(result.props.action, Qnav.RecoveryAction.MANUAL_FIX)
        self.assertEqual(result.props.fingerprint, FINGERPRINT)
        self.assertIsNotNone(result.props.started)
        self.assertIsNotNone(result.props.finished)

    def test_medium_risk_denied_runs_nothing(self):
        plan, option = self.read_plan(Qnav.Risk.MEDIUM, 0.99)
        self.approve_with(False)

        result = self.executor.execute(plan, option, None)

        self.assertFalse(os.path.exists(self.marker))
        self.assertEqual(result.props.status, Qnav.ExecutionStatus.DENIED)
        self.assertFalse(result.props.succeeded)
        self.assertFalse(result.props.automatic)
        self.assertFalse(any(c.props.ran for c in result.props.commands))
        self.assertEqual(self.started, [])
        self.assertIn("refused", result.props.message)
        self.assertEqual(len(self.approvals), 1)
        executor, asked_plan, asked_option = self.approvals[0]
        self.assertIs(executor, self.executor)
        self.assertIs(asked_plan, plan)
        self.assertIs(asked_option, option)
        self.assertEqual(self.denials, [option])
        # a denial is not an attempt
        self.assertEqual(plan.props.execution_attempts, 0)

    def test_medium_risk_approved_runs(self):
        plan, option = self.read_plan(Qnav.Risk.MEDIUM, 0.99)
        self.approve_with(True)

        result = self.executor.execute(plan, option, None)

        self.assertRan(result)
        self.assertFalse(result.props.automatic)
        self.assertEqual(len(self.approvals), 1)
        self.assertIs(self.approvals[0][1], plan)
        self.assertIs(self.approvals[0][2], option)
        self.assertEqual(self.denials, [])
        self.assertEqual(plan.props.execution_attempts, 1)
        self.assertEqual(plan.props.last_execution_result, "succeeded")
        # the result document says the same
        document = json.loads(result.to_json())
        self.assertEqual(document["status"], "succeeded")
        self.assertEqual([c["role"] for c in document["commands"]], ["check", "act", "verify"])

    def test_without_an_approver_nothing_runs(self):
        plan, option = self.read_plan(Qnav.Risk.MEDIUM, 0.99)
        result = self.executor.execute(plan, option, None)
        self.assertFalse(os.path.exists(self.marker))
        self.assertEqual(result.props.status, Qnav.ExecutionStatus.DENIED)
        self.assertIn("no approver", result.props.message)

    def test_an_approver_that_raises_does_not_approve(self):
        plan, option = self.read_plan(Qnav.Risk.MEDIUM, 0.99)

        def on_approve(executor, plan, option):
            self.approvals.append(option)
            raise RuntimeError("the approver broke (expected by the test)")
        self.executor.connect("approve", on_approve)

        # PyGObject prints the exception of a handler and returns the default, FALSE
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            result = self.executor.execute(plan, option, None)
        self.assertIn("the approver broke", stderr.getvalue())
        self.assertEqual(len(self.approvals), 1)
        self.assertFalse(os.path.exists(self.marker))
        self.assertEqual(result.props.status, Qnav.ExecutionStatus.DENIED)

    def test_low_risk_confident_runs_without_asking(self):
        plan, option = self.read_plan(Qnav.Risk.LOW, 0.85)
        self.approve_with(False)  # would refuse, were it asked

        result = self.executor.execute(plan, option, None)

        self.assertRan(result)
        self.assertTrue(result.props.automatic)
        self.assertEqual(self.approvals, [])

    def test_low_risk_unsure_asks(self):
        plan, option = self.read_plan(Qnav.Risk.LOW, 0.6)
        self.approve_with(False)
        result = self.executor.execute(plan, option, None)
        self.assertEqual(len(self.approvals), 1)
        self.assertEqual(result.props.status, Qnav.ExecutionStatus.DENIED)
        self.assertFalse(os.path.exists(self.marker))

    def test_high_risk_always_asks(self):
        plan, option = self.read_plan(Qnav.Risk.HIGH, 1.0)
        self.approve_with(False)
        result = self.executor.execute(plan, option, None)
        self.assertEqual(len(self.approvals), 1)
        self.assertEqual(result.props.status, Qnav.ExecutionStatus.DENIED)
        self.assertFalse(os.path.exists(self.marker))

    def test_dry_run(self):
        self.executor.props.dry_run = True
        self.approve_with(True)
        for risk, confidence, how in ((Qnav.Risk.LOW, 0.9, "automatically"),
                                      (Qnav.Risk.MEDIUM, 0.9, "once an approver agrees")):
            plan, option = self.read_plan(risk, confidence)
            result = self.executor.execute(plan, option, None)

            self.assertEqual(result.props.status, Qnav.ExecutionStatus.DRY_RUN)
            self.assertFalse(os.path.exists(self.marker))
            self.assertEqual(self.started, [])
            self.assertEqual(self.approvals, [], "a dry run asks nobody")
            commands = result.props.commands
            self.assertEqual([(c.props.role, list(c.props.command.props.argv))
                              for c in commands],
                             [("check", ["test", "-e", self.marker]),
                              ("act", ["touch", self.marker]),
                              ("verify", ["test", "-e", self.marker])])
            self.assertFalse(any(c.props.ran for c in commands))
            self.assertEqual([c.props.exit_status for c in commands], [-1, -1, -1])
            self.assertIn("would run " + how, result.props.message)
            self.assertIn("touch " + self.marker, result.props.message)
            self.assertFalse(result.props.automatic)
            self.assertEqual(plan.props.execution_attempts, 0)

    def test_muted_runs_nothing(self):
        with open(self.path("mute"), "w") as mute:
            mute.write("maintenance until 18:00 (alice)\n")
        muted, reason = self.executor.is_muted()
        self.assertTrue(muted)
        self.assertIn("maintenance until 18:00", reason)
        plan, option = self.read_plan(Qnav.Risk.LOW, 0.99)

        result = self.executor.execute(plan, option, None)
        self.assertEqual(result.props.status, Qnav.ExecutionStatus.MUTED)
        self.assertFalse(os.path.exists(self.marker))
        self.assertEqual(self.started, [])

    def execute_on_main_loop(self, plan, option, cancellable=None, before_loop=None):
        """execute_async / execute_finish on a GLib.MainLoop; returns (result, error)."""
        loop = GLib.MainLoop()
        outcome = {}

        def on_done(executor, async_result, user_data):
            self.assertIs(executor, self.executor)
            self.assertEqual(user_data, "the user data")
            try:
                outcome["result"] = executor.execute_finish(async_result)
            except GLib.Error as error:
                outcome["error"] = error
            loop.quit()

        def on_timeout():
            outcome["timed_out"] = True
            loop.quit()
            return GLib.SOURCE_REMOVE

        self.executor.execute_async(plan, option, cancellable, on_done, "the user data")
        if before_loop is not None:
            before_loop()
        timeout_id = GLib.timeout_add_seconds(TIMEOUT_SECONDS, on_timeout)
        loop.run()
        if "timed_out" in outcome:
            self.fail("the execution did not end in %d s" % TIMEOUT_SECONDS)
        GLib.source_remove(timeout_id)
        return outcome.get("result"), outcome.get("error")

    def test_async(self):
        plan, option = self.read_plan(Qnav.Risk.MEDIUM, 0.9)
        self.approve_with(True)

        def nothing_yet():
            # nothing is asked or run before the main loop runs
            self.assertEqual(self.approvals, [])
            self.assertFalse(os.path.exists(self.marker))

        result, error = self.execute_on_main_loop(plan, option, before_loop=nothing_yet)
        self.assertIsNone(error)
        self.assertEqual(len(self.approvals), 1)
        self.assertIs(self.approvals[0][1], plan)
        self.assertIs(self.approvals[0][2], option)
        self.assertRan(result)

    def test_async_cancelled_before_it_starts(self):
        plan, option = self.read_plan(Qnav.Risk.LOW, 0.99)
        cancellable = Gio.Cancellable()
        result, error = self.execute_on_main_loop(plan, option, cancellable,
                                                  before_loop=cancellable.cancel)
        self.assertIsNone(result)
        self.assertTrue(error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED), error)
        self.assertFalse(os.path.exists(self.marker))
        self.assertEqual(self.started, [])

    def test_history_records_every_execution(self):
        plan, option = self.read_plan(Qnav.Risk.MEDIUM, 0.9)
        handler = self.approve_with(False)
        denied = self.executor.execute(plan, option, None)
        self.executor.disconnect(handler)
        self.approve_with(True)
        succeeded = self.executor.execute(plan, option, None)
        self.assertEqual(denied.props.status, Qnav.ExecutionStatus.DENIED)
        self.assertEqual(succeeded.props.status, Qnav.ExecutionStatus.SUCCEEDED)

        failure, executions = self.history_events()
        # newest first
        self.assertEqual([e["status"] for e in executions], ["succeeded", "denied"])
        self.assertEqual({e["action"] for e in executions}, {"manual_fix"})
        self.assertEqual([e["automatic"] for e in executions], [False, False])
        self.assertIn("refused", executions[1]["message"])
        # only what ran counts as an attempt
        self.assertEqual(failure["executions"]["manual_fix"],
                         {"attempts": 1, "succeeded": 1, "success_rate": 1.0})
        rate, attempts = self.history.get_success_rate(FINGERPRINT,
                                                       Qnav.RecoveryAction.MANUAL_FIX)
        self.assertEqual((rate, attempts), (1.0, 1))

    def test_history_feeds_the_planner(self):
        # the planner's plan for the service-down analysis, and its fingerprint
        planner = Qnav.RecoveryPlanner.new(self.history)
        analysis = Qnav.FailureAnalysis.new_from_json(json.dumps(SERVICE_DOWN_ANALYSIS), -1)
        before = planner.plan(analysis)
        self.assertEqual(before.props.recommended.props.success_rate, -1.0)

        # the same fix for the same failure worked once here (run from a plan document, so
        # that what runs is the marker, not systemctl)
        plan = Qnav.RecoveryPlan.new_from_json(
            plan_document([marker_option(self.marker, "low")],
                          fingerprint=before.props.fingerprint), -1)
        result = self.executor.execute(plan, plan.props.recommended, None)
        self.assertEqual(result.props.status, Qnav.ExecutionStatus.SUCCEEDED)

        after = planner.plan(analysis)
        fix = after.props.recommended
        self.assertEqual(fix.props.action, Qnav.RecoveryAction.MANUAL_FIX)
        self.assertEqual(fix.props.success_rate, 1.0)
        self.assertEqual(json.loads(after.to_json())["recovery_options"][0]["success_rate"], 1.0)
        self.assertIn("**Success rate here**: 100%", after.to_markdown())


if __name__ == "__main__":
    unittest.main(verbosity=2)
