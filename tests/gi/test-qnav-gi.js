// Copyright 2026 qnav developers
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// libqnav through GObject Introspection, the way a GJS user reaches it. Run with `gjs -m`;
// meson sets GI_TYPELIB_PATH and LD_LIBRARY_PATH to the build. Exits non-zero when any
// check fails, and prints one line per test.
//
// GJS 1.74 cannot read GPtrArray-typed properties ("Can't convert untyped array to JS
// value"), so object lists are read with their getters: get_evidence(), get_services(),
// get_disks(). String-array, enum and object properties read fine by name.

import Gio from 'gi://Gio';
import GLib from 'gi://GLib';
import Qnav from 'gi://Qnav?version=0.1';
import System from 'system';

// Real podman output (podman-container-tools/podman#7351 and #19377): the layer store is full.
const PODMAN_ENOSPC_LINE =
    'Error: writing blob: adding layer with blob "sha256:' +
    '5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef": processing tar ' +
    'file(write /usr/local/lib/python3.8/site-packages/azure/mgmt/web/v2018_02_01/models/' +
    '__pycache__/_models_py3.cpython-38.pyc: no space left on device): exit status 1';
const PODMAN_ENOSPC = [
    'Trying to pull docker.io/apache/airflow:2.10.4...',
    'Getting image source signatures',
    'Copying blob e88c0a4c4017 [--------------------------------------] 0.0b / 72.7MiB',
    PODMAN_ENOSPC_LINE,
    '',
].join('\n');

// Real virsh output (bilelmsekni/OpenStack-Grizzly-Install-Guide#71): libvirtd is down.
const VIRSH_NO_DAEMON =
    'error: failed to connect to the hypervisor\n' +
    "error: Failed to connect socket to '/var/run/libvirt/libvirt-sock': " +
    'No such file or directory\n';

const CUSTOM_ID = 'site_podman_layer_store_full';
const CUSTOM_REGEX = String.raw`processing tar file\(write \S+: no space left on device\)`;
const CUSTOM_DESCRIPTION = 'The podman layer store on this build host is full';
const CUSTOM_HINT = 'podman system prune --all --filter until=168h, then retry the pull';
const GIB = 1024 * 1024 * 1024;

// ---- a minimal harness -------------------------------------------------------------------

class CheckFailed extends Error {}

function check(condition, what) {
    if (!condition)
        throw new CheckFailed(what);
}

function checkEqual(actual, expected, what) {
    const a = JSON.stringify(actual), e = JSON.stringify(expected);
    if (a !== e)
        throw new CheckFailed(`${what}: expected ${e}, got ${a}`);
}

function checkQnavError(code, call, what) {
    try {
        call();
    } catch (e) {
        check(e instanceof GLib.Error, `${what}: a GLib.Error, not ${e}`);
        check(e.matches(Qnav.Error, code), `${what}: expected Qnav.Error code ${code}, got ${
            GLib.quark_to_string(e.domain)} ${e.code}: ${e.message}`);
        check(e.message.length > 0, `${what}: a message`);
        return e;
    }
    throw new CheckFailed(`${what}: no error was thrown`);
}

// Runs one _async/_finish pair on a main loop and returns [result, error, userData].
function runAsync(start, finish) {
    const loop = GLib.MainLoop.new(null, false);
    let result = null, error = null, timedOut = false;

    const timeoutId = GLib.timeout_add_seconds(GLib.PRIORITY_DEFAULT, 30, () => {
        timedOut = true;
        loop.quit();
        return GLib.SOURCE_REMOVE;
    });
    start((source, res) => {
        try {
            result = finish(source, res);
        } catch (e) {
            error = e;
        }
        loop.quit();
    });
    loop.run();
    check(!timedOut, 'the async call completed within 30 s');
    GLib.source_remove(timeoutId);
    return [result, error];
}

const tests = [];
function test(name, body) {
    tests.push([name, body]);
}

// ---- fixtures ----------------------------------------------------------------------------

function makeCustomPattern() {
    const pattern = Qnav.ErrorPattern.new(CUSTOM_ID, CUSTOM_REGEX, Qnav.RootCause.STORAGE);
    pattern.set_description(CUSTOM_DESCRIPTION);
    pattern.set_recovery_hint(CUSTOM_HINT);
    return pattern;
}

function makeLibrary() {
    const library = Qnav.PatternLibrary.new_default();
    library.add(makeCustomPattern());
    return library;
}

function makePodmanContext() {
    const context = Qnav.DiagnosticContext.new('harbor_deployment.pull_images', PODMAN_ENOSPC);

    const podman = Qnav.ServiceStatus.new('podman');
    podman.unit = 'podman.socket';
    podman.backend = Qnav.ServiceBackend.SYSTEMD;
    podman.found = true;
    podman.active = true;
    podman.state = 'active';
    context.add_service(podman);

    const store = Qnav.DiskUsage.new('/var/lib/containers');
    store.set_total_bytes(50 * GIB);
    store.set_free_bytes(0);
    const resources = Qnav.SystemResources.new();
    resources.add_disk(store);
    context.resources = resources;
    return context;
}

const library = makeLibrary();
const analyzer = Qnav.FailureAnalyzer.new(library);

// ---- tests -------------------------------------------------------------------------------

test('enum helpers', () => {
    const vocabulary = {
        VIRTUALIZATION: 'virtualization', NETWORK: 'network', STORAGE: 'storage',
        SERVICE_DEPENDENCY: 'service_dependency', CREDENTIAL: 'credential',
        RESOURCE_EXHAUSTION: 'resource_exhaustion', CONFIGURATION: 'configuration',
        TIMEOUT: 'timeout', STATE_MISMATCH: 'state_mismatch', UNKNOWN: 'unknown',
    };
    for (const [member, text] of Object.entries(vocabulary)) {
        checkEqual(Qnav.root_cause_to_string(Qnav.RootCause[member]), text, member);
        checkEqual(Qnav.root_cause_from_string(text), [true, Qnav.RootCause[member]], text);
    }
    checkEqual(Qnav.root_cause_from_string('disk_full')[0], false, 'unknown string refused');
    checkEqual(Qnav.severity_from_string('critical'), [true, Qnav.Severity.CRITICAL],
        'severity');
    checkEqual(Qnav.evidence_kind_to_string(Qnav.EvidenceKind.RESOURCE), 'resource',
        'evidence kind');
});

test('context built through the API', () => {
    const context = makePodmanContext();
    checkEqual(context.plugin_name, 'harbor_deployment.pull_images', 'plugin-name');
    checkEqual(context.error_message, PODMAN_ENOSPC, 'error-message');
    checkEqual(context.get_services().map(s => s.name), ['podman'], 'services');
    checkEqual(context.lookup_service('podman').unit, 'podman.socket', 'lookup_service');
    check(context.lookup_service('libvirt') === null, 'no libvirt service');
    const disk = context.resources.find_disk('/var/lib/containers');
    check(disk.full, 'the disk is full');
    checkEqual(disk.used_percent, 100, 'used-percent');

    const document = context.to_json();
    const parsed = JSON.parse(document);
    checkEqual(parsed.services.podman.active, true, 'JSON services.podman.active');
    checkEqual(parsed.resources.disks[0].path, '/var/lib/containers', 'JSON disk path');
    checkEqual(Qnav.DiagnosticContext.new_from_json(document, -1).to_json(), document,
        'context JSON round trip');
});

test('sync analysis', () => {
    const analysis = analyzer.analyze(makePodmanContext(), null);

    checkEqual(analysis.root_cause, Qnav.RootCause.STORAGE, 'root-cause');
    checkEqual(analysis.get_root_cause(), Qnav.RootCause.STORAGE, 'get_root_cause()');
    check(analysis.confidence >= 0.8 && analysis.confidence <= 1.0,
        `confidence in [0.8, 1], got ${analysis.confidence}`);
    check(analysis.severity >= Qnav.Severity.HIGH, 'severity at least high');
    check(analysis.pattern_matches.includes(CUSTOM_ID), 'custom pattern in pattern-matches');
    check(analysis.recommended_actions.includes(CUSTOM_HINT), 'custom hint in actions');
    check(analysis.recommended_actions.some(a => a.includes('/var/lib/containers')),
        'an action names the full disk');
    check(/^[0-9a-f]{16}$/.test(analysis.fingerprint), `fingerprint ${analysis.fingerprint}`);
    checkEqual(analysis.context.plugin_name, 'harbor_deployment.pull_images', 'context');

    const evidence = analysis.get_evidence();
    const weights = evidence.map(e => e.weight);
    checkEqual(weights, [...weights].sort((a, b) => b - a), 'evidence strongest first');
    const custom = evidence.filter(e => e.pattern_id === CUSTOM_ID);
    checkEqual(custom.length, 1, 'one custom evidence');
    checkEqual(custom[0].kind, Qnav.EvidenceKind.PATTERN, 'custom evidence kind');
    checkEqual(custom[0].category, Qnav.RootCause.STORAGE, 'custom evidence category');
    checkEqual(custom[0].line, 4, 'custom evidence line');
    checkEqual(custom[0].text, PODMAN_ENOSPC_LINE, 'custom evidence text');
    checkEqual(custom[0].signal, CUSTOM_DESCRIPTION, 'custom evidence signal');
    const disks = evidence.filter(e => e.kind === Qnav.EvidenceKind.RESOURCE);
    checkEqual(disks.map(e => [e.category, e.source, e.line]),
        [[Qnav.RootCause.STORAGE, 'disk:/var/lib/containers', 0]], 'resource evidence');
});

test('custom pattern absent when its text is', () => {
    const analysis = analyzer.analyze_text('kvm_host', VIRSH_NO_DAEMON, -1);
    check(!analysis.pattern_matches.includes(CUSTOM_ID), 'custom pattern not matched');
    checkEqual(analysis.root_cause, Qnav.RootCause.SERVICE_DEPENDENCY, 'root-cause');
});

test('JSON matches the properties', () => {
    const analysis = analyzer.analyze(makePodmanContext(), null);
    const document = JSON.parse(analysis.to_json());

    checkEqual(document.root_cause, 'storage', 'root_cause');
    checkEqual(document.root_cause, Qnav.root_cause_to_string(analysis.root_cause),
        'root_cause vs property');
    check(Math.abs(document.confidence - analysis.confidence) < 1e-9, 'confidence');
    checkEqual(document.severity, Qnav.severity_to_string(analysis.severity), 'severity');
    checkEqual(document.plugin, analysis.plugin, 'plugin');
    checkEqual(document.description, analysis.description, 'description');
    checkEqual(document.fingerprint, analysis.fingerprint, 'fingerprint');
    checkEqual(document.pattern_matches, analysis.pattern_matches, 'pattern_matches');
    checkEqual(document.recommended_actions, analysis.recommended_actions,
        'recommended_actions');
    checkEqual(document.affected_services, analysis.affected_services, 'affected_services');
    const timestamp = GLib.DateTime.new_from_iso8601(document.timestamp, null);
    checkEqual(timestamp.to_unix(), analysis.timestamp.to_unix(), 'timestamp');

    const evidence = analysis.get_evidence();
    checkEqual(document.evidence.length, evidence.length, 'evidence count');
    document.evidence.forEach((item, i) => {
        checkEqual(item.kind, Qnav.evidence_kind_to_string(evidence[i].kind), `evidence ${i} kind`);
        checkEqual(item.category, Qnav.root_cause_to_string(evidence[i].category),
            `evidence ${i} category`);
        checkEqual(item.line ?? 0, evidence[i].line, `evidence ${i} line`);
        checkEqual(item.text ?? null, evidence[i].text, `evidence ${i} text`);
        checkEqual(item.pattern_id ?? null, evidence[i].pattern_id, `evidence ${i} pattern_id`);
    });
});

test('new_from_json round trip', () => {
    const analysis = analyzer.analyze(makePodmanContext(), null);
    const document = analysis.to_json();
    const copy = Qnav.FailureAnalysis.new_from_json(document, -1);

    checkEqual(copy.to_json(), document, 'same document');
    for (const name of ['root_cause', 'confidence', 'severity', 'fingerprint',
        'pattern_matches', 'recommended_actions'])
        checkEqual(copy[name], analysis[name], name);
    checkEqual(copy.get_evidence().map(e => e.pattern_id),
        analysis.get_evidence().map(e => e.pattern_id), 'evidence');
});

test('async analysis', () => {
    const context = makePodmanContext();
    const sync = analyzer.analyze(context, null);
    const [analysis, error] = runAsync(
        callback => analyzer.analyze_async(context, null, callback),
        (source, result) => source.analyze_finish(result));

    checkEqual(error, null, 'no error');
    check(analysis instanceof Qnav.FailureAnalysis, 'a FailureAnalysis');
    checkEqual(analysis.root_cause, Qnav.RootCause.STORAGE, 'root-cause');
    checkEqual(analysis.fingerprint, sync.fingerprint, 'same fingerprint as sync');
    checkEqual(analysis.pattern_matches, sync.pattern_matches, 'same pattern matches');
});

test('async analysis, cancelled', () => {
    const cancellable = new Gio.Cancellable();
    cancellable.cancel();
    const [analysis, error] = runAsync(
        callback => analyzer.analyze_async(makePodmanContext(), cancellable, callback),
        (source, result) => source.analyze_finish(result));
    checkEqual(analysis, null, 'no analysis');
    check(error && error.matches(Gio.IOErrorEnum, Gio.IOErrorEnum.CANCELLED),
        `G_IO_ERROR_CANCELLED, got ${error}`);
});

test('errors', () => {
    checkQnavError(Qnav.Error.INVALID_ARGUMENT,
        () => analyzer.analyze(Qnav.DiagnosticContext.new('kvm_host', ''), null), 'empty text');
    checkQnavError(Qnav.Error.INVALID_ARGUMENT,
        () => analyzer.analyze_text('kvm_host', '  \n', -1), 'blank text');
    checkQnavError(Qnav.Error.INVALID_DATA,
        () => Qnav.FailureAnalysis.new_from_json('{not json', -1), 'bad JSON');
    checkQnavError(Qnav.Error.INVALID_DATA,
        () => Qnav.FailureAnalysis.new_from_json('{"root_cause": "disk_full"}', -1),
        'unknown root cause');
    checkQnavError(Qnav.Error.INVALID_DATA,
        () => Qnav.DiagnosticContext.new_from_json('[]', -1), 'context not an object');
    const error = checkQnavError(Qnav.Error.INVALID_PATTERN,
        () => Qnav.ErrorPattern.new('site_broken', 'Failed to start (domain',
            Qnav.RootCause.VIRTUALIZATION), 'invalid regex');
    check(error.message.includes('site_broken'), 'the message names the pattern');
    checkQnavError(Qnav.Error.INVALID_PATTERN, () => library.add(makeCustomPattern()),
        'duplicate id');
});

test('collector limited to resources', () => {
    const srcdir = GLib.getenv('G_TEST_SRCDIR') ??
        GLib.build_filenamev([GLib.path_get_dirname(System.programPath), '..']);
    const fixtures = GLib.build_filenamev([srcdir, 'data', 'context']);
    const tmpdir = GLib.dir_make_tmp('qnav-gi-XXXXXX');

    try {
        const collector = Qnav.ContextCollector.new();
        collector.probes = Qnav.ProbeFlags.RESOURCES;
        collector.proc_root = GLib.build_filenamev([fixtures, 'proc']);
        collector.sys_root = GLib.build_filenamev([fixtures, 'sys']);
        collector.disk_paths = [tmpdir];
        checkEqual(collector.probes, Qnav.ProbeFlags.RESOURCES, 'probes');

        const context = Qnav.DiagnosticContext.new('kvm_host', PODMAN_ENOSPC);
        const [ok, error] = runAsync(
            callback => collector.collect_async(context, null, callback),
            (source, result) => source.collect_finish(result));
        checkEqual(error, null, 'no error');
        checkEqual(ok, true, 'collected');

        const resources = context.resources;
        checkEqual(resources.cpu_count, 4, 'cpu-count from the fixture /proc');
        checkEqual(resources.memory_total_bytes, 16 * GIB, 'memory-total-bytes');
        checkEqual(resources.load_1min, 1.25, 'load-1min');
        check(resources.find_disk(tmpdir).total_bytes > 0, 'the directory asked for');
        const eth0 = resources.get_interfaces().find(i => i.name === 'eth0');
        checkEqual([eth0.up, eth0.mtu], [true, 1500], 'eth0');
        checkEqual(context.get_services().length, 0, 'no service probe');
        checkEqual(context.get_logs().length, 0, 'no log probe');
        checkEqual(context.get_network_checks().length, 0, 'no network probe');
    } finally {
        GLib.rmdir(tmpdir);
    }
});

// ---- run ---------------------------------------------------------------------------------

let failures = 0;
for (const [name, body] of tests) {
    try {
        body();
        print(`ok - ${name}`);
    } catch (e) {
        failures++;
        print(`not ok - ${name}: ${e.message ?? e}`);
        if (!(e instanceof CheckFailed) && e.stack)
            printerr(e.stack);
    }
}
print(`${tests.length - failures}/${tests.length} passed`);
System.exit(failures > 0 ? 1 : 0);
