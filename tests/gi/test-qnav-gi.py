#!/usr/bin/python3
# Copyright 2026 qnav developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# libqnav through GObject Introspection, the way a Python user reaches it: build a context,
# add a custom pattern, analyze (sync and async), read the result as properties and as JSON.
# Run by meson with GI_TYPELIB_PATH and LD_LIBRARY_PATH pointing at the build; run it by hand
# with /usr/bin/python3 (the python3 on PATH may be a build without gi).

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

# Real podman output (podman-container-tools/podman#7351 and #19377): the layer store is full.
PODMAN_ENOSPC = (
    "Trying to pull docker.io/apache/airflow:2.10.4...\n"
    "Getting image source signatures\n"
    "Copying blob e88c0a4c4017 [--------------------------------------] 0.0b / 72.7MiB\n"
    'Error: writing blob: adding layer with blob "sha256:'
    '5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef": processing tar '
    "file(write /usr/local/lib/python3.8/site-packages/azure/mgmt/web/v2018_02_01/models/"
    "__pycache__/_models_py3.cpython-38.pyc: no space left on device): exit status 1\n"
)
PODMAN_ENOSPC_LINE = PODMAN_ENOSPC.splitlines()[3]

# Real virsh output (bilelmsekni/OpenStack-Grizzly-Install-Guide#71): libvirtd is not running.
VIRSH_NO_DAEMON = (
    "error: failed to connect to the hypervisor\n"
    "error: Failed to connect socket to '/var/run/libvirt/libvirt-sock': "
    "No such file or directory\n"
)

CUSTOM_ID = "site_podman_layer_store_full"
CUSTOM_REGEX = r"processing tar file\(write \S+: no space left on device\)"
CUSTOM_DESCRIPTION = "The podman layer store on this build host is full"
CUSTOM_HINT = "podman system prune --all --filter until=168h, then retry the pull"

ROOT_CAUSE_STRINGS = {
    Qnav.RootCause.VIRTUALIZATION: "virtualization",
    Qnav.RootCause.NETWORK: "network",
    Qnav.RootCause.STORAGE: "storage",
    Qnav.RootCause.SERVICE_DEPENDENCY: "service_dependency",
    Qnav.RootCause.CREDENTIAL: "credential",
    Qnav.RootCause.RESOURCE_EXHAUSTION: "resource_exhaustion",
    Qnav.RootCause.CONFIGURATION: "configuration",
    Qnav.RootCause.TIMEOUT: "timeout",
    Qnav.RootCause.STATE_MISMATCH: "state_mismatch",
    Qnav.RootCause.UNKNOWN: "unknown",
}

GIB = 1024 * 1024 * 1024


def tests_srcdir():
    """tests/ in the source tree: meson sets G_TEST_SRCDIR, a hand run finds it from here."""
    return os.environ.get("G_TEST_SRCDIR") or os.path.join(os.path.dirname(__file__), "..")


def make_custom_pattern():
    pattern = Qnav.ErrorPattern.new(CUSTOM_ID, CUSTOM_REGEX, Qnav.RootCause.STORAGE)
    pattern.set_description(CUSTOM_DESCRIPTION)
    pattern.set_recovery_hint(CUSTOM_HINT)
    return pattern


def make_library():
    library = Qnav.PatternLibrary.new_default()
    library.add(make_custom_pattern())
    return library


def make_podman_context(text=PODMAN_ENOSPC):
    """The failure, plus what a caller knows about the host: podman is up, its store is full."""
    context = Qnav.DiagnosticContext.new("harbor_deployment.pull_images", text)

    podman = Qnav.ServiceStatus.new("podman")
    podman.set_unit("podman.socket")
    podman.set_backend(Qnav.ServiceBackend.SYSTEMD)
    podman.set_found(True)
    podman.set_active(True)
    podman.set_state("active")
    context.add_service(podman)

    store = Qnav.DiskUsage.new("/var/lib/containers")
    store.set_total_bytes(50 * GIB)
    store.set_free_bytes(0)
    resources = Qnav.SystemResources.new()
    resources.add_disk(store)
    context.set_resources(resources)
    return context


def run_async(start, finish, timeout_seconds=30):
    """Run one _async/_finish pair on a main loop; return (result, error, user_data)."""
    loop = GLib.MainLoop()
    outcome = {}

    def on_done(source, result, user_data):
        try:
            outcome["result"] = finish(source, result)
        except GLib.Error as error:
            outcome["error"] = error
        outcome["user_data"] = user_data
        loop.quit()

    def on_timeout():
        outcome["timed_out"] = True
        loop.quit()
        return GLib.SOURCE_REMOVE

    timeout_id = GLib.timeout_add_seconds(timeout_seconds, on_timeout)
    start(on_done, "the user data")
    loop.run()
    if "timed_out" in outcome:
        raise AssertionError("the async call did not complete in %d s" % timeout_seconds)
    GLib.source_remove(timeout_id)
    return outcome.get("result"), outcome.get("error"), outcome.get("user_data")


class EnumHelpers(unittest.TestCase):
    def test_root_cause_strings(self):
        # The document vocabulary the Python original used, in both directions.
        for value, text in ROOT_CAUSE_STRINGS.items():
            self.assertEqual(Qnav.root_cause_to_string(value), text)
            ok, parsed = Qnav.root_cause_from_string(text)
            self.assertTrue(ok, text)
            self.assertEqual(parsed, value)
        self.assertEqual(len(ROOT_CAUSE_STRINGS), len(Qnav.RootCause.__enum_values__))

    def test_unknown_strings_are_refused(self):
        for text in ("disk_full", "", "storage ", None):
            ok, _ = Qnav.root_cause_from_string(text)
            self.assertFalse(ok, repr(text))
        # documented: case does not matter
        ok, value = Qnav.root_cause_from_string("Service_Dependency")
        self.assertTrue(ok)
        self.assertEqual(value, Qnav.RootCause.SERVICE_DEPENDENCY)
        ok, _ = Qnav.severity_from_string("urgent")
        self.assertFalse(ok)

    def test_other_vocabularies(self):
        for name in ("critical", "high", "medium", "low", "info"):
            ok, value = Qnav.severity_from_string(name)
            self.assertTrue(ok)
            self.assertEqual(Qnav.severity_to_string(value), name)
        self.assertGreater(Qnav.Severity.CRITICAL, Qnav.Severity.HIGH)
        for name in ("retry", "manual_fix", "escalate", "rollback", "wait", "skip"):
            ok, value = Qnav.recovery_action_from_string(name)
            self.assertTrue(ok)
            self.assertEqual(Qnav.recovery_action_to_string(value), name)
        self.assertEqual(Qnav.evidence_kind_to_string(Qnav.EvidenceKind.PATTERN), "pattern")
        self.assertEqual(Qnav.evidence_kind_to_string(Qnav.EvidenceKind.RESOURCE), "resource")


class Context(unittest.TestCase):
    def test_built_through_the_api(self):
        context = make_podman_context()
        self.assertEqual(context.props.plugin_name, "harbor_deployment.pull_images")
        self.assertEqual(context.props.error_message, PODMAN_ENOSPC)

        services = context.props.services
        self.assertEqual([s.props.name for s in services], ["podman"])
        self.assertEqual(context.lookup_service("podman"), services[0])
        self.assertIsNone(context.lookup_service("libvirt"))
        self.assertEqual(services[0].props.backend, Qnav.ServiceBackend.SYSTEMD)

        disk = context.props.resources.find_disk("/var/lib/containers")
        self.assertIsNotNone(disk)
        self.assertTrue(disk.props.full)
        self.assertTrue(disk.is_full())
        self.assertEqual(disk.props.used_percent, 100.0)

    def test_json_round_trip(self):
        context = make_podman_context()
        document = context.to_json()
        parsed = json.loads(document)
        self.assertEqual(parsed["plugin"], "harbor_deployment.pull_images")
        self.assertEqual(parsed["services"]["podman"]["backend"], "systemd")
        self.assertIs(parsed["services"]["podman"]["active"], True)
        [disk] = parsed["resources"]["disks"]
        self.assertEqual(disk["path"], "/var/lib/containers")
        self.assertEqual(disk["total"], 50 * GIB)
        self.assertEqual(disk["free"], 0)

        copy = Qnav.DiagnosticContext.new_from_json(document, -1)
        self.assertEqual(copy.to_json(), document)
        self.assertEqual(copy.lookup_service("podman").props.unit, "podman.socket")


class Analysis(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.library = make_library()
        cls.analyzer = Qnav.FailureAnalyzer.new(cls.library)

    def analyze(self, context):
        return self.analyzer.analyze(context, None)

    def test_library(self):
        # the embedded default is not empty, and the custom pattern is reachable by its id
        self.assertGreater(self.library.props.size, 100)
        pattern = self.library.lookup(CUSTOM_ID)
        self.assertIsNotNone(pattern)
        self.assertEqual(pattern.props.category, Qnav.RootCause.STORAGE)
        self.assertEqual(pattern.props.description, CUSTOM_DESCRIPTION)
        self.assertEqual(pattern.props.recovery_hint, CUSTOM_HINT)
        self.assertIn(CUSTOM_ID, [p.props.id for p in self.library.get_patterns()])
        self.assertIs(self.analyzer.props.library, self.library)

    def test_diagnosis(self):
        analysis = self.analyze(make_podman_context())

        self.assertEqual(analysis.props.root_cause, Qnav.RootCause.STORAGE)
        self.assertEqual(analysis.get_root_cause(), Qnav.RootCause.STORAGE)
        self.assertGreaterEqual(analysis.props.confidence, 0.8)
        self.assertLessEqual(analysis.props.confidence, 1.0)
        self.assertEqual(analysis.props.plugin, "harbor_deployment.pull_images")
        self.assertEqual(analysis.props.error_message, PODMAN_ENOSPC)
        self.assertTrue(analysis.props.description)
        self.assertGreaterEqual(analysis.props.severity, Qnav.Severity.HIGH)

        # the custom pattern matched, and its hint is among the actions
        self.assertIn(CUSTOM_ID, analysis.props.pattern_matches)
        self.assertIn(CUSTOM_HINT, analysis.props.recommended_actions)
        # the full disk from the context became an action too, naming the disk
        self.assertTrue(any("/var/lib/containers" in action
                            for action in analysis.props.recommended_actions))

        self.assertRegex(analysis.props.fingerprint, r"^[0-9a-f]{16}$")
        self.assertIsNotNone(analysis.props.timestamp)
        self.assertIsNotNone(analysis.props.context)
        self.assertEqual(analysis.props.context.props.plugin_name,
                         "harbor_deployment.pull_images")

    def test_evidence(self):
        analysis = self.analyze(make_podman_context())
        evidence = analysis.props.evidence
        self.assertEqual(len(evidence), len(analysis.get_evidence()))
        weights = [item.props.weight for item in evidence]
        self.assertEqual(weights, sorted(weights, reverse=True), "strongest first")

        custom = [item for item in evidence if item.props.pattern_id == CUSTOM_ID]
        self.assertEqual(len(custom), 1)
        custom = custom[0]
        self.assertEqual(custom.props.kind, Qnav.EvidenceKind.PATTERN)
        self.assertEqual(custom.props.category, Qnav.RootCause.STORAGE)
        self.assertEqual(custom.props.line, 4)
        self.assertEqual(custom.props.text, PODMAN_ENOSPC_LINE)
        self.assertEqual(custom.props.signal, CUSTOM_DESCRIPTION)
        self.assertEqual(custom.props.source, "error")

        disks = [item for item in evidence if item.props.kind == Qnav.EvidenceKind.RESOURCE]
        self.assertEqual(len(disks), 1)
        self.assertEqual(disks[0].props.category, Qnav.RootCause.STORAGE)
        self.assertEqual(disks[0].props.source, "disk:/var/lib/containers")
        self.assertGreater(disks[0].props.weight, 0.0)
        self.assertEqual(disks[0].props.line, 0)
        self.assertIsNone(disks[0].props.pattern_id)
        self.assertIn("/var/lib/containers", disks[0].props.signal)

    def test_custom_pattern_only_when_its_text_is_present(self):
        analysis = self.analyze(Qnav.DiagnosticContext.new("kvm_host", VIRSH_NO_DAEMON))
        self.assertNotIn(CUSTOM_ID, analysis.props.pattern_matches)
        self.assertNotIn(CUSTOM_HINT, analysis.props.recommended_actions)
        self.assertEqual(analysis.props.root_cause, Qnav.RootCause.SERVICE_DEPENDENCY)

    def test_service_found_down(self):
        context = Qnav.DiagnosticContext.new("kvm_host", VIRSH_NO_DAEMON)
        libvirt = Qnav.ServiceStatus.new("libvirt")
        libvirt.set_unit("libvirtd.service")
        libvirt.set_backend(Qnav.ServiceBackend.SYSTEMD)
        libvirt.set_found(True)
        libvirt.set_active(False)
        libvirt.set_state("failed")
        context.add_service(libvirt)

        analysis = self.analyze(context)
        self.assertEqual(analysis.props.root_cause, Qnav.RootCause.SERVICE_DEPENDENCY)
        self.assertIn("libvirt", analysis.props.affected_services)
        services = [item for item in analysis.props.evidence
                    if item.props.kind == Qnav.EvidenceKind.SERVICE]
        self.assertEqual(len(services), 1)
        self.assertEqual(services[0].props.source, "service:libvirt")
        self.assertEqual(services[0].props.category, Qnav.RootCause.SERVICE_DEPENDENCY)
        self.assertGreater(services[0].props.weight, 0.0)
        self.assertTrue(any("libvirtd.service" in action
                            for action in analysis.props.recommended_actions))

    def test_fingerprint_identifies_the_same_failure(self):
        first = self.analyzer.analyze_text("pull", PODMAN_ENOSPC, -1)
        # the same failure on another day: other blob digest, other temporary file
        again = PODMAN_ENOSPC.replace("5f70bf18a086", "0123456789ab").replace(
            "e88c0a4c4017", "3a664477889c")
        second = self.analyzer.analyze_text("pull", again, -1)
        other = self.analyzer.analyze_text("pull", VIRSH_NO_DAEMON, -1)
        self.assertEqual(first.props.fingerprint, second.props.fingerprint)
        self.assertNotEqual(first.props.fingerprint, other.props.fingerprint)

    def test_json_matches_properties(self):
        analysis = self.analyze(make_podman_context())
        document = json.loads(analysis.to_json())

        self.assertIsInstance(document["schema_version"], int)
        self.assertEqual(document["root_cause"],
                         Qnav.root_cause_to_string(analysis.props.root_cause))
        self.assertEqual(document["root_cause"], "storage")
        self.assertAlmostEqual(document["confidence"], analysis.props.confidence, places=9)
        self.assertEqual(document["severity"],
                         Qnav.severity_to_string(analysis.props.severity))
        self.assertEqual(document["plugin"], analysis.props.plugin)
        self.assertEqual(document["description"], analysis.props.description)
        self.assertEqual(document["fingerprint"], analysis.props.fingerprint)
        self.assertEqual(document["pattern_matches"], list(analysis.props.pattern_matches))
        self.assertEqual(document["recommended_actions"],
                         list(analysis.props.recommended_actions))
        self.assertEqual(document["affected_services"], list(analysis.props.affected_services))
        self.assertEqual(document["correlated_failures"],
                         list(analysis.props.correlated_failures))

        timestamp = GLib.DateTime.new_from_iso8601(document["timestamp"], None)
        self.assertEqual(timestamp.to_unix(), analysis.props.timestamp.to_unix())
        self.assertEqual(timestamp.get_microsecond(), analysis.props.timestamp.get_microsecond())

        self.assertEqual(len(document["evidence"]), len(analysis.props.evidence))
        for item, obj in zip(document["evidence"], analysis.props.evidence):
            self.assertEqual(item["kind"], Qnav.evidence_kind_to_string(obj.props.kind))
            self.assertEqual(item["category"], Qnav.root_cause_to_string(obj.props.category))
            self.assertAlmostEqual(item["weight"], obj.props.weight, places=9)
            self.assertEqual(item.get("pattern_id"), obj.props.pattern_id)
            self.assertEqual(item.get("line", 0), obj.props.line)
            self.assertEqual(item.get("text"), obj.props.text)

        self.assertEqual(document["context"]["plugin"], analysis.props.plugin)

    def test_from_json_round_trip(self):
        analysis = self.analyze(make_podman_context())
        document = analysis.to_json()
        copy = Qnav.FailureAnalysis.new_from_json(document, -1)

        self.assertEqual(copy.to_json(), document)
        for name in ("root_cause", "confidence", "severity", "plugin", "description",
                     "fingerprint"):
            self.assertEqual(copy.get_property(name), analysis.get_property(name), name)
        for name in ("pattern_matches", "recommended_actions", "affected_services"):
            self.assertEqual(list(copy.get_property(name)), list(analysis.get_property(name)))
        self.assertEqual([e.props.pattern_id for e in copy.props.evidence],
                         [e.props.pattern_id for e in analysis.props.evidence])
        self.assertEqual(copy.props.context.lookup_service("podman").props.unit,
                         "podman.socket")

    def test_reads_the_python_originals_analysis(self):
        # what the Python original wrote as analysis.json: no evidence, no fingerprint
        original = json.dumps({
            "timestamp": "2026-01-06T10:00:00", "plugin": "kvm_host",
            "root_cause": "storage", "confidence": 0.8, "severity": "high",
            "affected_services": ["libvirt"], "pattern_matches": ["disk_full"],
            "recommended_actions": ["Free disk space"]})
        analysis = Qnav.FailureAnalysis.new_from_json(original, -1)
        self.assertEqual(analysis.props.root_cause, Qnav.RootCause.STORAGE)
        self.assertEqual(analysis.props.severity, Qnav.Severity.HIGH)
        self.assertEqual(list(analysis.props.pattern_matches), ["disk_full"])

    def test_json_leaves_secrets_out(self):
        text = ("fatal: could not read Password for 'https://ci@git.example.com': "
                "terminal prompts disabled\n"
                "+ export VAULT_TOKEN=hvs.CAESIJ3hMZ8l2Xq password=hunter2")
        analysis = self.analyzer.analyze_text("sync_repo", text, -1)
        document = analysis.to_json()
        self.assertNotIn("hunter2", document)
        self.assertNotIn("hvs.CAESIJ3hMZ8l2Xq", document)

    def test_async(self):
        context = make_podman_context()
        sync = self.analyze(context)

        analysis, error, user_data = run_async(
            lambda callback, data: self.analyzer.analyze_async(context, None, callback, data),
            lambda source, result: source.analyze_finish(result))
        self.assertIsNone(error)
        self.assertEqual(user_data, "the user data")
        self.assertIsInstance(analysis, Qnav.FailureAnalysis)
        self.assertEqual(analysis.props.root_cause, Qnav.RootCause.STORAGE)
        self.assertEqual(analysis.props.confidence, sync.props.confidence)
        self.assertEqual(analysis.props.fingerprint, sync.props.fingerprint)
        self.assertEqual(list(analysis.props.pattern_matches), list(sync.props.pattern_matches))
        self.assertIn(CUSTOM_ID, analysis.props.pattern_matches)

    def test_async_cancelled(self):
        cancellable = Gio.Cancellable()
        cancellable.cancel()
        context = make_podman_context()
        analysis, error, _ = run_async(
            lambda callback, data: self.analyzer.analyze_async(context, cancellable, callback,
                                                               data),
            lambda source, result: source.analyze_finish(result))
        self.assertIsNone(analysis)
        self.assertTrue(error.matches(Gio.io_error_quark(), Gio.IOErrorEnum.CANCELLED), error)

    def test_async_error(self):
        analysis, error, _ = run_async(
            lambda callback, data: self.analyzer.analyze_async(
                Qnav.DiagnosticContext.new("kvm_host", ""), None, callback, data),
            lambda source, result: source.analyze_finish(result))
        self.assertIsNone(analysis)
        self.assertTrue(error.matches(Qnav.error_quark(), Qnav.Error.INVALID_ARGUMENT), error)


class Errors(unittest.TestCase):
    """Bad input is a GLib.Error in the Qnav domain, never a crash or a critical."""

    def assertQnavError(self, code, call, *args):
        with self.assertRaises(GLib.Error) as caught:
            call(*args)
        error = caught.exception
        self.assertEqual(error.domain, "qnav-error-quark")
        self.assertTrue(error.matches(Qnav.error_quark(), code),
                        "%s: expected code %s" % (error, code))
        self.assertTrue(error.message)
        return error

    def test_empty_text(self):
        analyzer = Qnav.FailureAnalyzer.new(Qnav.PatternLibrary.new_default())
        for text in ("", "  \n\t\n", None):
            self.assertQnavError(Qnav.Error.INVALID_ARGUMENT, analyzer.analyze,
                                 Qnav.DiagnosticContext.new("kvm_host", text), None)
        self.assertQnavError(Qnav.Error.INVALID_ARGUMENT, analyzer.analyze_text,
                             "kvm_host", "", -1)

    def test_bad_json(self):
        for document in ("{not json", "", "[]", "{}", '{"root_cause": "disk_full"}',
                         '{"root_cause": "storage", "confidence": "high"}'):
            self.assertQnavError(Qnav.Error.INVALID_DATA,
                                 Qnav.FailureAnalysis.new_from_json, document, -1)
        self.assertQnavError(Qnav.Error.INVALID_DATA,
                             Qnav.DiagnosticContext.new_from_json, "{not json", -1)

    def test_invalid_regex(self):
        error = self.assertQnavError(Qnav.Error.INVALID_PATTERN, Qnav.ErrorPattern.new,
                                     "site_broken", "Failed to start (domain",
                                     Qnav.RootCause.VIRTUALIZATION)
        self.assertIn("site_broken", error.message)

    def test_duplicate_pattern_id(self):
        library = make_library()
        error = self.assertQnavError(Qnav.Error.INVALID_PATTERN, library.add,
                                     make_custom_pattern())
        self.assertIn(CUSTOM_ID, error.message)


class Collector(unittest.TestCase):
    def setUp(self):
        self.tmpdir = tempfile.mkdtemp(prefix="qnav-gi-")

    def tearDown(self):
        shutil.rmtree(self.tmpdir)

    def make_collector(self):
        fixtures = os.path.join(tests_srcdir(), "data", "context")
        collector = Qnav.ContextCollector.new()
        collector.props.probes = Qnav.ProbeFlags.RESOURCES
        collector.props.proc_root = os.path.join(fixtures, "proc")
        collector.props.sys_root = os.path.join(fixtures, "sys")
        collector.props.disk_paths = [self.tmpdir]
        return collector

    def check_resources(self, context):
        resources = context.props.resources
        # the fixture /proc: four CPUs, 16 GiB of which 4 GiB available, load 1.25
        self.assertEqual(resources.props.cpu_count, 4)
        self.assertEqual(resources.props.memory_total_bytes, 16 * GIB)
        self.assertEqual(resources.props.memory_available_bytes, 4 * GIB)
        self.assertAlmostEqual(resources.props.memory_used_percent, 75.0, places=3)
        self.assertEqual(resources.props.load_1min, 1.25)
        self.assertEqual(resources.props.cpu_pressure, 2.5)
        interfaces = {i.props.name: i for i in resources.props.interfaces}
        self.assertTrue(interfaces["eth0"].props.up)
        self.assertEqual(interfaces["eth0"].props.mtu, 1500)
        # a real statvfs of the directory asked for
        disk = resources.find_disk(self.tmpdir)
        self.assertIsNotNone(disk)
        self.assertGreater(disk.props.total_bytes, 0)
        self.assertIn(self.tmpdir, [d.props.path for d in resources.props.disks])
        # only the resource probe ran
        self.assertEqual(list(context.props.services), [])
        self.assertEqual(list(context.props.logs), [])
        self.assertEqual(list(context.props.network_checks), [])

    def test_probes_property(self):
        collector = Qnav.ContextCollector.new()
        self.assertEqual(collector.props.probes, Qnav.ProbeFlags.ALL)
        collector.set_probes(Qnav.ProbeFlags.RESOURCES | Qnav.ProbeFlags.LOGS)
        self.assertEqual(collector.get_probes(),
                         Qnav.ProbeFlags.RESOURCES | Qnav.ProbeFlags.LOGS)

    def test_collect(self):
        context = Qnav.DiagnosticContext.new("kvm_host", PODMAN_ENOSPC)
        self.assertTrue(self.make_collector().collect(context, None))
        self.check_resources(context)

    def test_collect_async(self):
        context = Qnav.DiagnosticContext.new("kvm_host", PODMAN_ENOSPC)
        collector = self.make_collector()
        ok, error, _ = run_async(
            lambda callback, data: collector.collect_async(context, None, callback, data),
            lambda source, result: source.collect_finish(result))
        self.assertIsNone(error)
        self.assertTrue(ok)
        self.check_resources(context)

    def test_collected_context_feeds_the_analyzer(self):
        context = Qnav.DiagnosticContext.new("kvm_host", PODMAN_ENOSPC)
        self.make_collector().collect(context, None)
        analysis = Qnav.FailureAnalyzer.new(make_library()).analyze(context, None)
        self.assertEqual(analysis.props.root_cause, Qnav.RootCause.STORAGE)
        self.assertEqual(json.loads(analysis.to_json())["context"]["resources"]["cpu"]["count"],
                         4)


if __name__ == "__main__":
    unittest.main(verbosity=2)
