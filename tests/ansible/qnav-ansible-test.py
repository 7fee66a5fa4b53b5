#!/usr/bin/python3
# Copyright 2026 qnav developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Run the qubinode.navigator collection through the real ansible-playbook and ansible-doc.

    qnav-ansible-test.py SCENARIO --build-root DIR --ansible-playbook PATH --ansible-doc PATH

Every scenario runs Ansible against the collection staged in <build-root>/ansible_collections,
with its home, temporary directories and configuration in a fresh directory, no inventory
but `localhost,` and the local connection: no network. It prints TAP.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SOURCE_DIR = Path(__file__).resolve().parent
DATA_DIR = SOURCE_DIR / 'data'
PLAYBOOK_DIR = SOURCE_DIR / 'playbooks'
COLLECTION = 'qubinode.navigator'
TIMEOUT = 240

DIAGNOSE_OPTIONS = {'plugin', 'error', 'log_paths', 'patterns_dir', 'probes', 'history',
                    'use_history'}
CONTEXT_OPTIONS = {'services', 'error'}
PLAN_OPTIONS = {'analysis', 'analysis_file', 'history', 'use_history', 'libvirt_uri'}
RECOVER_OPTIONS = {'plan', 'plan_file', 'option', 'action', 'approve', 'dry_run', 'history',
                   'use_history'}


class Tap:
    def __init__(self):
        self.count = 0
        self.failures = 0

    def check(self, ok, description, details=None):
        self.count += 1
        print(f"{'ok' if ok else 'not ok'} {self.count} - {description}", flush=True)
        if not ok:
            self.failures += 1
            if details:
                self.diag(details)
        return ok

    def equal(self, got, expected, description):
        return self.check(got == expected, description, f'got {got!r}, expected {expected!r}')

    def contains(self, haystack, needle, description):
        return self.check(needle in (haystack or ''), description,
                          f'{needle!r} not in {haystack!r}')

    @staticmethod
    def diag(text):
        for line in str(text).splitlines():
            print(f'# {line}', flush=True)

    def finish(self):
        print(f'1..{self.count}', flush=True)
        return 1 if self.failures else 0


class Harness:
    def __init__(self, args, tap):
        self.tap = tap
        self.build_root = Path(args.build_root).resolve()
        self.collection_dir = self.build_root / 'ansible_collections' / 'qubinode' / 'navigator'
        self.ansible_playbook = args.ansible_playbook
        self.ansible_doc = args.ansible_doc
        self.tmp = Path(tempfile.mkdtemp(prefix='qnav-ansible-'))
        self.home = self.tmp / 'home'
        self.home.mkdir()
        config = self.tmp / 'ansible.cfg'
        config.write_text('# empty: the tests use Ansible\'s defaults and the env below\n')

        env = {k: v for k, v in os.environ.items() if not k.startswith('ANSIBLE_')}
        env.update({
            'HOME': str(self.home),
            'LC_ALL': 'C.UTF-8',
            'ANSIBLE_CONFIG': str(config),
            'ANSIBLE_HOME': str(self.tmp / 'ansible-home'),
            'ANSIBLE_LOCAL_TEMP': str(self.tmp / 'local-tmp'),
            'ANSIBLE_REMOTE_TEMP': str(self.tmp / 'remote-tmp'),
            'ANSIBLE_ASYNC_DIR': str(self.tmp / 'async'),
            'ANSIBLE_COLLECTIONS_PATH': str(self.build_root),
            'ANSIBLE_COLLECTIONS_SCAN_SYS_PATH': 'false',
            'ANSIBLE_PYTHON_INTERPRETER': '/usr/bin/python3',
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_FORCE_COLOR': '0',
            'ANSIBLE_RETRY_FILES_ENABLED': 'false',
            'ANSIBLE_LOCALHOST_WARNING': 'false',
            'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
            'ANSIBLE_GATHERING': 'explicit',
            'ANSIBLE_STDOUT_CALLBACK': 'default',
            'ANSIBLE_DEPRECATION_WARNINGS': 'false',
        })
        self.env = env

    def cleanup(self):
        if os.environ.get('QNAV_KEEP_TMP'):
            self.tap.diag(f'kept {self.tmp}')
            return
        shutil.rmtree(self.tmp, ignore_errors=True)

    def out_dir(self, name):
        path = self.tmp / name
        path.mkdir(exist_ok=True)
        return path

    def run(self, argv, env=None, timeout=TIMEOUT):
        return subprocess.run(argv, cwd=self.tmp, env=env or self.env, capture_output=True,
                              timeout=timeout)

    def playbook(self, playbook, extra_vars=None, args=()):
        """Runs a playbook (a path, or a collection playbook's FQCN) on localhost."""
        argv = [self.ansible_playbook, '-i', 'localhost,', '-c', 'local', *args, str(playbook)]
        if extra_vars:
            argv += ['-e', json.dumps(extra_vars)]
        result = self.run(argv)
        stdout = result.stdout.decode('utf-8', 'replace')
        stderr = result.stderr.decode('utf-8', 'replace')
        return result.returncode, stdout, stderr

    def show(self, stdout, stderr):
        self.tap.diag('--- ansible-playbook stdout ---\n' + stdout)
        self.tap.diag('--- ansible-playbook stderr ---\n' + stderr)

    def expect_rc(self, rc, expected, stdout, stderr, description):
        if not self.tap.equal(rc, expected, description):
            self.show(stdout, stderr)

    @staticmethod
    def recap(stdout):
        match = re.search(r'^localhost\s*:\s*(.*)$', stdout, re.MULTILINE)
        if not match:
            return {}
        return {k: int(v) for k, v in re.findall(r'(\w+)=(\d+)', match.group(1))}

    @staticmethod
    def load(path):
        try:
            return json.loads(Path(path).read_text(encoding='utf-8'))
        except (OSError, ValueError) as e:
            return {'_load_error': str(e)}

    def module(self, name):
        return self.collection_dir / 'plugins' / 'modules' / name


# ---- scenarios ------------------------------------------------------------------------------

def check_storage(tap, result, label):
    tap.equal(result.get('failed'), False, f'{label}: the diagnosis did not fail')
    tap.equal(result.get('changed'), False, f'{label}: the diagnosis changed nothing')
    tap.equal(result.get('root_cause'), 'storage', f'{label}: root cause is storage')
    tap.check(isinstance(result.get('confidence'), float) and result['confidence'] >= 0.8,
              f'{label}: confidence is at least 0.8', f"confidence {result.get('confidence')!r}")
    tap.check(re.fullmatch(r'[0-9a-f]{8,}', result.get('fingerprint') or '') is not None,
              f'{label}: fingerprint is a hex digest', f"fingerprint {result.get('fingerprint')!r}")
    analysis = result.get('analysis') or {}
    tap.equal(analysis.get('fingerprint'), result.get('fingerprint'),
              f'{label}: the analysis document carries the same fingerprint')
    tap.equal(analysis.get('root_cause'), 'storage', f'{label}: the analysis document agrees')
    tap.contains(analysis.get('error_message'), 'No space left on device',
                 f'{label}: the analysis saw the failed command\'s stderr')
    tap.check(re.match(r'storage \(\d+%\): \S', result.get('msg') or '') is not None,
              f'{label}: msg reads "storage (N%): ..."', f"msg {result.get('msg')!r}")


def scenario_rescue(h):
    tap = h.tap
    out = h.out_dir('rescue')
    rc, stdout, stderr = h.playbook(PLAYBOOK_DIR / 'rescue.yml', {'out_dir': str(out)})
    h.expect_rc(rc, 0, stdout, stderr, 'the play succeeds thanks to its rescue sections')
    recap = h.recap(stdout)
    tap.equal(recap.get('failed'), 0, 'no host failed')
    tap.equal(recap.get('rescued'), 2, 'both failures were rescued')

    check_storage(tap, h.load(out / 'storage.json'), 'dd to /dev/full')
    network = h.load(out / 'network.json')
    tap.equal(network.get('root_cause'), 'network', 'ssh timeout: root cause is network')
    tap.equal(network.get('changed'), False, 'ssh timeout: changed is false')
    tap.contains(network.get('msg'), 'network (', 'ssh timeout: msg names the category')


def scenario_check_mode(h):
    tap = h.tap
    results = {}
    for mode, args in (('normal', ()), ('check', ('--check',))):
        out = h.out_dir(f'check-mode-{mode}')
        rc, stdout, stderr = h.playbook(PLAYBOOK_DIR / 'rescue.yml', {'out_dir': str(out)}, args)
        h.expect_rc(rc, 0, stdout, stderr, f'{mode} run: the play succeeds')
        results[mode] = h.load(out / 'storage.json')
        check_storage(tap, results[mode], f'{mode} run')
        tap.check('skipped' not in results[mode] or not results[mode]['skipped'],
                  f'{mode} run: the diagnosis ran rather than being skipped')

    normal, check = results['normal'], results['check']
    for key in ('root_cause', 'confidence', 'severity', 'fingerprint', 'msg', 'description',
                'recommended_actions', 'pattern_matches'):
        tap.equal(check.get(key), normal.get(key), f'--check returns the same {key}')


def scenario_bad_args(h):
    tap = h.tap
    out = h.out_dir('bad-args')
    rc, stdout, stderr = h.playbook(PLAYBOOK_DIR / 'bad-args.yml',
                                    {'out_dir': str(out), 'data_dir': str(DATA_DIR)})
    h.expect_rc(rc, 0, stdout, stderr, 'the play completes (each bad call is ignore_errors)')
    recap = h.recap(stdout)
    tap.equal(recap.get('ignored'), 13, 'thirteen bad calls failed and were ignored')
    results = h.load(out / 'bad-args.json')

    expected = {
        'unknown_option': ['unsupported parameter: colour;', 'supported: error, history, '
                           'log_paths, patterns_dir, plugin, probes, use_history'],
        'list_for_bool': ["argument 'probes' is of type list and we were unable to convert "
                          'to bool'],
        'word_for_bool': ["argument 'probes' is of type str", "'sometimes'",
                          'is not a valid boolean'],
        'dict_for_list': ["argument 'log_paths' is of type dict and we were unable to "
                          'convert to list'],
        'number_for_list': ['log_paths: cannot read 5: No such file or directory'],
        'missing_error': ['missing required arguments: error'],
        'empty_error': ["argument 'error' is empty"],
        'missing_log': ['log_paths: cannot read /nonexistent/qnav-test/deploy.log: No such '
                        'file or directory'],
        'directory_log': [f'log_paths: {DATA_DIR} is a directory'],
        'missing_patterns': ['patterns_dir: /nonexistent/qnav-test/patterns does not exist'],
        'broken_patterns': [f'patterns_dir {DATA_DIR}/bad-patterns', 'broken_regex'],
        'context_unknown_option': ['unsupported parameter: service;',
                                   'supported: error, services'],
        'context_dict_for_list': ["argument 'services' is of type dict"],
    }
    for name, fragments in expected.items():
        result = results.get(name) or {}
        tap.equal(result.get('failed'), True, f'{name}: the task failed')
        for fragment in fragments:
            tap.contains(result.get('msg'), fragment, f'{name}: msg says {fragment!r}')
        tap.equal((result.get('qnav_error') or {}).get('domain'), 'qnav-error-quark',
                  f'{name}: qnav_error names the error domain')
    tap.equal((results.get('missing_log') or {}).get('qnav_error', {}).get('code'), 3,
              'a missing log is QNAV_ERROR_NOT_FOUND')

    converted = results.get('converted') or {}
    tap.equal(converted.get('failed'), False, 'an int error text is converted, as Ansible does')
    tap.check(any("argument 'error' was converted" in w for w in converted.get('warnings', [])),
              'the conversion comes with a warning', f"warnings {converted.get('warnings')!r}")
    # Ansible prints warnings on stderr, wrapped to the terminal width
    tap.contains(' '.join(stderr.split()), "[WARNING]: the value '28' (type int) of argument "
                 "'error' was converted", 'ansible-playbook shows the warning')


def scenario_options(h):
    tap = h.tap
    out = h.out_dir('options')
    shutil.copy(DATA_DIR / 'deploy.log', h.home / 'deploy.log')
    rc, stdout, stderr = h.playbook(PLAYBOOK_DIR / 'diagnose-options.yml',
                                    {'out_dir': str(out), 'data_dir': str(DATA_DIR)})
    h.expect_rc(rc, 0, stdout, stderr, 'the play succeeds')
    raw = (out / 'diagnose-options.json').read_text(encoding='utf-8') \
        if (out / 'diagnose-options.json').exists() else ''
    results = h.load(out / 'diagnose-options.json')

    from_log = results.get('from_log') or {}
    tap.equal(from_log.get('root_cause'), 'resource_exhaustion',
              'a log alone: the qemu memory failure in it is found')
    sources = {e.get('source') for e in (from_log.get('analysis') or {}).get('evidence', [])}
    tap.check(f'log:{DATA_DIR}/deploy.log' in sources, 'a log alone: the evidence names the log',
              f'sources {sources!r}')

    from_string = results.get('from_logs_string') or {}
    log_paths = ((from_string.get('analysis') or {}).get('context') or {}).get('log_paths')
    tap.equal(log_paths, [str(h.home / 'deploy.log'), str(DATA_DIR / 'deploy.log')],
              'log_paths as "a,b" is a list, and ~ is expanded')

    without = results.get('without_site_patterns') or {}
    with_site = results.get('with_site_patterns') or {}
    tap.check(without.get('root_cause') != 'state_mismatch',
              'without patterns_dir the site failure is not recognised',
              f"root cause {without.get('root_cause')!r}")
    tap.equal(with_site.get('root_cause'), 'state_mismatch',
              'with patterns_dir the site pattern decides')
    tap.equal(with_site.get('pattern_matches'), ['site_artifact_mirror_drift'],
              'with patterns_dir the site pattern is the match')

    secrets = results.get('with_secrets') or {}
    tap.equal(secrets.get('root_cause'), 'credential', 'a failed login is a credential failure')
    tap.check('hunter2' not in raw and 'CAESIJ1qnavTestTokenValue' not in raw,
              'no secret of the failure text comes back in the result')
    tap.contains((secrets.get('analysis') or {}).get('error_message'), '[REDACTED]',
                 'the secrets are replaced by [REDACTED]')
    tap.check('hunter2' not in stdout, 'no secret reaches the play output')


def scenario_context(h):
    tap = h.tap
    for mode, args in (('normal', ()), ('check', ('--check',))):
        out = h.out_dir(f'context-{mode}')
        rc, stdout, stderr = h.playbook(PLAYBOOK_DIR / 'context.yml', {'out_dir': str(out)},
                                        args)
        h.expect_rc(rc, 0, stdout, stderr, f'{mode} run: the play succeeds')
        results = h.load(out / 'context.json')
        fact = results.get('fact') or {}
        tap.equal(results.get('ansible_facts'), fact,
                  f'{mode} run: qnav_context is both a variable and in ansible_facts')
        services = fact.get('services') or {}
        tap.check({'libvirt', 'podman'} <= set(services),
                  f'{mode} run: the fact has the requested services', f'services {services!r}')
        tap.check(not {'airflow', 'vault'} & set(services),
                  f'{mode} run: services restricts what is probed', f'services {services!r}')
        for name, service in services.items():
            tap.check(isinstance(service.get('active'), bool) and 'backend' in service,
                      f'{mode} run: service {name} says whether it is active and how it was '
                      'found', f'{service!r}')
        resources = fact.get('resources') or {}
        tap.check(isinstance(resources.get('disks'), list) and
                  (resources.get('cpu') or {}).get('count', 0) > 0,
                  f'{mode} run: the fact has resources (cpu, disks)', f'resources {resources!r}')
        tap.equal((results.get('context_result') or {}).get('changed'), False,
                  f'{mode} run: qnav_context changed nothing')
        probed = (results.get('probed') or {}).get('analysis', {}).get('context', {})
        tap.check((probed.get('resources') or {}).get('cpu', {}).get('count', 0) > 0,
                  f'{mode} run: qnav_diagnose with probes saw the host')


def scenario_doc(h):
    tap = h.tap
    for module, options, returns in (
            ('qnav_diagnose', DIAGNOSE_OPTIONS,
             {'msg', 'root_cause', 'confidence', 'severity', 'description',
              'recommended_actions', 'fingerprint', 'analysis'}),
            ('qnav_context', CONTEXT_OPTIONS, {'msg', 'ansible_facts'}),
            ('qnav_plan', PLAN_OPTIONS, {'msg', 'fingerprint', 'recommended', 'plan',
                                         'markdown'}),
            ('qnav_recover', RECOVER_OPTIONS, {'msg', 'status', 'recovered', 'action',
                                               'fingerprint', 'execution'})):
        fqcn = f'{COLLECTION}.{module}'
        result = h.run([h.ansible_doc, fqcn])
        text = result.stdout.decode('utf-8', 'replace')
        if not tap.equal(result.returncode, 0, f'ansible-doc {fqcn} succeeds'):
            tap.diag(result.stderr.decode('utf-8', 'replace'))
        tap.contains(text, f'> {fqcn.upper()}', f'ansible-doc {module}: shows the module')
        tap.contains(text, 'OPTIONS (= is mandatory)', f'ansible-doc {module}: lists options')
        for option in sorted(options):
            tap.check(re.search(rf'^[-=] {option}$', text, re.MULTILINE) is not None,
                      f'ansible-doc {module}: documents {option}')
        tap.contains(text, 'EXAMPLES:', f'ansible-doc {module}: has examples')
        tap.contains(text, 'RETURN VALUES:', f'ansible-doc {module}: has return values')
        tap.check('documentation formatting error' not in
                  result.stderr.decode('utf-8', 'replace'),
                  f'ansible-doc {module}: the sidecar parses')

        result = h.run([h.ansible_doc, '--json', fqcn])
        try:
            doc = json.loads(result.stdout)[fqcn]
        except (ValueError, KeyError) as e:
            tap.check(False, f'ansible-doc --json {fqcn} parses', str(e))
            continue
        documented = doc['doc'].get('options', {})
        tap.equal(set(documented), options, f'{module}: the documented options are the options')
        tap.equal(doc['doc'].get('attributes', {}).get('check_mode', {}).get('support'), 'full',
                  f'{module}: check mode support is documented as full')
        tap.check(returns <= set(doc.get('return') or {}),
                  f'{module}: the return values are documented',
                  f"documented {sorted(doc.get('return') or {})}")
        tap.check(bool(doc.get('examples')), f'{module}: examples are documented')
        if module == 'qnav_diagnose':
            tap.equal(documented['error'].get('required'), True, 'error is documented required')
            tap.equal(documented['probes'].get('default'), True, 'probes defaults to true')
            tap.equal(documented['plugin'].get('default'), 'ansible',
                      'plugin defaults to ansible')
            tap.equal((documented['log_paths'].get('type'),
                       documented['log_paths'].get('elements')), ('list', 'path'),
                      'log_paths is a list of paths')

        # the options the binary accepts are the documented ones
        args = h.tmp / f'{module}-bogus.json'
        args.write_text(json.dumps({'qnav_bogus_option': 1}))
        reply = run_module(h, module, [str(args)])
        supported = re.search(r'supported: (.*)$', reply.get('msg', ''))
        tap.equal(set(supported.group(1).split(', ')) if supported else None, options,
                  f'{module}: the binary accepts exactly the documented options')


def run_module(h, module, argv, env=None):
    """Runs a staged module binary; returns its one JSON object (or a description of what was
    wrong with its output under '_protocol_error')."""
    result = subprocess.run([str(h.module(module)), *argv], cwd=h.tmp, env=env or h.env,
                            capture_output=True, timeout=60)
    stdout = result.stdout.decode('utf-8', 'replace')
    reply = {'_rc': result.returncode, '_stdout': stdout,
             '_stderr': result.stderr.decode('utf-8', 'replace')}
    if not stdout.endswith('\n') or stdout.count('\n') != 1 or not stdout.startswith('{'):
        reply['_protocol_error'] = 'stdout is not exactly one line holding a JSON object'
        return reply
    try:
        parsed = json.loads(stdout)
    except ValueError as e:
        reply['_protocol_error'] = f'stdout is not JSON: {e}'
        return reply
    if not isinstance(parsed, dict):
        reply['_protocol_error'] = 'stdout is JSON but not an object'
        return reply
    parsed.update({k: v for k, v in reply.items() if k.startswith('_')})
    return parsed


def scenario_protocol(h):
    tap = h.tap
    tmp = h.tmp

    def args_file(name, data):
        path = tmp / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode('utf-8'))
        return str(path)

    def expect_failure(module, argv, fragment, description, env=None):
        reply = run_module(h, module, argv, env)
        if not tap.check('_protocol_error' not in reply,
                         f'{module}: {description}: exactly one JSON object on stdout',
                         f"{reply.get('_protocol_error')}\nstdout: {reply['_stdout']!r}\n"
                         f"stderr: {reply['_stderr']}"):
            return reply
        tap.equal(reply.get('failed'), True, f'{module}: {description}: failed is true')
        tap.contains(reply.get('msg'), fragment, f'{module}: {description}: msg says {fragment!r}')
        tap.equal((reply.get('qnav_error') or {}).get('domain'), 'qnav-error-quark',
                  f'{module}: {description}: qnav_error names the domain')
        tap.equal(reply['_rc'], 1, f'{module}: {description}: exit status 1',)
        return reply

    ansible_keys = {
        '_ansible_check_mode': False, '_ansible_no_log': False, '_ansible_debug': False,
        '_ansible_diff': True, '_ansible_verbosity': 0, '_ansible_version': '2.14.3',
        '_ansible_module_name': 'qubinode.navigator.qnav_diagnose',
        '_ansible_syslog_facility': 'LOG_USER',
        '_ansible_selinux_special_fs': ['fuse', 'nfs', 'vboxsf', 'ramfs', '9p', 'vfat'],
        '_ansible_string_conversion_action': 'warn', '_ansible_socket': None,
        '_ansible_shell_executable': '/bin/sh', '_ansible_keep_remote_files': False,
        '_ansible_tmpdir': str(tmp), '_ansible_remote_tmp': '~/.ansible/tmp',
        '_ansible_a_key_from_a_later_ansible': {'nested': [1, 2]},
    }

    for module in ('qnav_diagnose', 'qnav_context'):
        binary = h.module(module)
        tap.check(binary.read_bytes()[:4] == b'\x7fELF' and os.access(binary, os.X_OK),
                  f'{module}: the staged module is an executable Ansible treats as binary')
        expect_failure(module, [], 'No argument file provided', 'no args file')
        expect_failure(module, [args_file('two.json', '{}'), 'extra'],
                       'No argument file provided', 'two arguments')
        expect_failure(module, [str(tmp / 'missing.json')],
                       f'cannot read the argument file {tmp}/missing.json: No such file',
                       'a missing args file')
        expect_failure(module, [args_file('not-json.json', 'error: disk full\n')],
                       'the argument file is not valid JSON', 'an args file that is not JSON')
        expect_failure(module, [args_file('array.json', '[{"error": "disk full"}]')],
                       'must hold a JSON object, not an array', 'a JSON array')
        expect_failure(module, [args_file('empty.json', '')], 'the argument file is empty',
                       'an empty args file')
        expect_failure(module, [args_file('nul.json', b'{"error": "a\x00b"}')], 'NUL byte',
                       'an args file with a NUL byte')
        expect_failure(module, [args_file('latin1.json', b'{"error": "caf\xe9"}')],
                       'not UTF-8', 'an args file that is not UTF-8')
        expect_failure(module, [args_file('deep.json', '[' * 100000)], 'nests deeper',
                       'a deeply nested args file')
        expect_failure(module, [args_file('large.json', b'{"error": "' + b'x' * (17 << 20)
                                          + b'"}')],
                       'too large', 'an args file over 16 MiB')
        expect_failure(module, [args_file('private.json', '{"_private": 1}')],
                       'unsupported parameter: _private', 'an underscore key Ansible never sends')

    # a real call, with every key Ansible adds and GLib's debug output switched on
    env = dict(h.env, G_MESSAGES_DEBUG='all')
    for check_mode in (False, True):
        path = args_file('good.json', json.dumps(dict(
            ansible_keys, _ansible_check_mode=check_mode,
            error="dd: error writing '/dev/full': No space left on device", probes=False)))
        reply = run_module(h, 'qnav_diagnose', [path], env)
        label = 'check mode' if check_mode else 'normal mode'
        if tap.check('_protocol_error' not in reply,
                     f'qnav_diagnose {label}: one JSON object on stdout, even with '
                     'G_MESSAGES_DEBUG=all',
                     f"{reply.get('_protocol_error')}\nstdout: {reply['_stdout'][:2000]!r}"):
            tap.equal((reply.get('failed'), reply.get('changed'), reply.get('root_cause')),
                      (False, False, 'storage'), f'qnav_diagnose {label}: a storage diagnosis')
            tap.equal(reply['_rc'], 0, f'qnav_diagnose {label}: exit status 0')
    path = args_file('context.json', json.dumps(dict(ansible_keys, services=[])))
    reply = run_module(h, 'qnav_context', [path], env)
    if tap.check('_protocol_error' not in reply, 'qnav_context: one JSON object on stdout',
                 f"{reply.get('_protocol_error')}\nstdout: {reply['_stdout'][:2000]!r}"):
        tap.check('qnav_context' in (reply.get('ansible_facts') or {}),
                  'qnav_context: the fact is returned')
        tap.equal(reply['_rc'], 0, 'qnav_context: exit status 0')

    # the task's string conversion policy and no_log are honoured
    expect_failure('qnav_diagnose', [args_file('strict.json', json.dumps(
        {'error': 5, '_ansible_string_conversion_action': 'error'}))],
        "argument 'error' is of type int and we were unable to convert to str",
        'an int under string_conversion_action=error')
    reply = expect_failure('qnav_diagnose', [args_file('no-log.json', json.dumps(
        {'error': 'x', 'probes': 'password-hunter2', '_ansible_no_log': True}))],
        "argument 'probes' is of type str", 'a bad value under no_log')
    tap.check('hunter2' not in reply.get('_stdout', ''),
              'under no_log the bad value is not echoed')


def write_plan(path, service, risk, confidence, verify_target=None, fingerprint='f0e1d2c3b4a59687'):
    """A plan whose one fix makes SERVICE exist (touch), with an escalation after it."""
    def command(*argv):
        return {'argv': [str(a) for a in argv], 'description': None, 'timeout_seconds': 30}

    def option(action, priority, description, check=None, commands=(), verify=None):
        return {'action_type': action, 'priority': priority, 'confidence': confidence,
                'risk_level': risk if action != 'escalate' else 'low',
                'estimated_duration_seconds': 30, 'description': description,
                'steps': [description], 'prerequisites': [], 'rollback_steps': [],
                'success_criteria': None, 'check': check, 'commands': list(commands),
                'verify': verify, 'rollback_commands': [], 'wait_seconds': 0,
                'success_rate': None, 'score': 0.5}

    target = verify_target or service
    plan = {
        'schema_version': 1, 'timestamp': '2026-11-28T02:00:00Z', 'failed_plugin': 'deploy',
        'fingerprint': fingerprint,
        'failure_analysis': {'schema_version': 1, 'plugin': 'deploy',
                             'root_cause': 'service_dependency', 'confidence': confidence,
                             'severity': 'high', 'fingerprint': fingerprint,
                             'error_message': 'test-service is not running'},
        'recovery_options': [
            option('manual_fix', 1, 'Start test-service', command('test', '-e', service),
                   [command('touch', service)], command('test', '-e', target)),
            option('escalate', 2, 'Hand it to a person'),
        ],
        'recommended_index': 0, 'github_issue_url': None, 'execution_attempts': 0,
        'last_execution_result': None,
    }
    Path(path).write_text(json.dumps(plan, indent=2))


def scenario_recover(h):
    tap = h.tap
    out = h.out_dir('recover')
    write_plan(out / 'low.json', out / 'low-service', 'low', 0.9, fingerprint='a0a0a0a0a0a0a0a1')
    write_plan(out / 'medium.json', out / 'medium-service', 'medium', 0.9,
               fingerprint='a0a0a0a0a0a0a0a2')
    write_plan(out / 'not-held.json', out / 'touched', 'low', 0.9,
               verify_target=out / 'never-there', fingerprint='a0a0a0a0a0a0a0a3')
    rc, stdout, stderr = h.playbook(PLAYBOOK_DIR / 'recover.yml', {'out_dir': str(out)})
    h.expect_rc(rc, 0, stdout, stderr, 'the play completes')
    r = h.load(out / 'recover.json')

    def status(name):
        result = r.get(name) or {}
        return (result.get('status'), result.get('changed'), result.get('failed'),
                result.get('recovered'))

    tap.equal(status('dry'), ('dry_run', False, False, False), 'check mode: a dry run')
    tap.contains((r.get('dry') or {}).get('msg'), 'touch', 'check mode: says what would run')
    tap.equal(status('first'), ('succeeded', True, False, True),
              'low risk at 90%: ran without approval, changed')
    tap.equal(status('again'), ('already_done', False, False, True),
              'a second run: already done, nothing changed')
    tap.equal(status('unapproved'), ('denied', False, False, False),
              'medium risk without approve: denied, nothing changed')
    tap.check(not (out / 'medium-service').exists() or r.get('approved', {}).get('changed'),
              'medium risk: the service was created only by the approved run')
    tap.equal(status('approved'), ('succeeded', True, False, True), 'approve: true lets it run')
    tap.equal(status('not_held'), ('not_held', True, True, False),
              'a fix that does not hold fails the task')
    tap.equal(status('by_action')[0], 'manual', 'action: escalate picks the escalation')
    tap.check((out / 'low-service').exists(), 'the low-risk fix really ran')

    planned = r.get('planned') or {}
    tap.equal(planned.get('changed'), False, 'qnav_plan changes nothing')
    tap.equal(planned.get('fingerprint'), (r.get('diagnosis') or {}).get('fingerprint'),
              'the plan carries the diagnosis fingerprint')
    tap.check(len((planned.get('plan') or {}).get('recovery_options', [])) >= 2,
              'the plan has options', f"plan {planned.get('plan')!r}")
    tap.check((planned.get('recommended') or {}).get('action') in ('manual_fix', 'wait', 'retry'),
              'a missing libvirt socket is not escalated first',
              f"recommended {planned.get('recommended')!r}")
    tap.contains(planned.get('markdown'), '## Failure Recovery Report', 'the Markdown report')
    tap.check((r.get('pipeline') or {}).get('status') in ('dry_run', 'manual'),
              'the pipeline dry run ran nothing', f"pipeline {r.get('pipeline')!r}")


def scenario_examples(h):
    tap = h.tap
    report = h.tmp / 'diagnosis-report.json'
    playbook = f'{COLLECTION}.diagnose_on_failure'
    rc, stdout, stderr = h.playbook(playbook, {'qnav_probes': False, 'qnav_report': str(report)})
    h.expect_rc(rc, 2, stdout, stderr, f'{playbook}: the play fails, after the diagnosis')
    tap.contains(stdout, 'Run the step failed: storage (',
                 f'{playbook}: the failure message carries the diagnosis')
    tap.equal(h.recap(stdout).get('rescued'), 1, f'{playbook}: the failure went through rescue')
    tap.equal(h.load(report).get('root_cause'), 'storage', f'{playbook}: the report is written')

    rc, stdout, stderr = h.playbook(playbook, {'qnav_probes': False, 'qnav_reraise': False})
    h.expect_rc(rc, 0, stdout, stderr, f'{playbook} with qnav_reraise=false: the play succeeds')
    tap.contains(stdout, 'storage (', f'{playbook}: the diagnosis is shown')

    report = h.tmp / 'context-report.json'
    playbook = f'{COLLECTION}.gather_context'
    rc, stdout, stderr = h.playbook(playbook, {'services': 'libvirt,podman',
                                               'qnav_report': str(report)})
    h.expect_rc(rc, 0, stdout, stderr, f'{playbook}: the play succeeds')
    context = h.load(report)
    tap.equal(sorted((context.get('services') or {})), ['libvirt', 'podman'],
              f'{playbook}: the report has the requested services')


SCENARIOS = {
    'rescue': scenario_rescue,
    'check-mode': scenario_check_mode,
    'bad-args': scenario_bad_args,
    'options': scenario_options,
    'context': scenario_context,
    'doc': scenario_doc,
    'protocol': scenario_protocol,
    'examples': scenario_examples,
    'recover': scenario_recover,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('scenario', choices=sorted(SCENARIOS))
    parser.add_argument('--build-root', required=True)
    parser.add_argument('--ansible-playbook', default='ansible-playbook')
    parser.add_argument('--ansible-doc', default='ansible-doc')
    args = parser.parse_args()

    tap = Tap()
    harness = Harness(args, tap)
    if not harness.collection_dir.is_dir():
        print(f'1..0 # SKIP the collection is not staged in {harness.collection_dir}')
        return 0
    try:
        SCENARIOS[args.scenario](harness)
    except subprocess.TimeoutExpired as e:
        tap.check(False, f'{" ".join(map(str, e.cmd))} finished within {e.timeout}s')
    finally:
        harness.cleanup()
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
