#!/usr/bin/env python3
# Copyright 2026 qnav developers
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Write a big, noisy, deterministic failure log for the qnav benchmarks.

The log is an Airflow 2 task log whose task runs ansible-playbook through a BashOperator, as
Qubinode Navigator's DAGs do: Airflow's own INFO lines, the playbook's PLAY/TASK/ok:/changed:/
skipping: lines (relayed by subprocess.py), Ansible [WARNING]s, deprecation warnings, and
connection errors that were retried and recovered (Ansible "FAILED - RETRYING", urllib3
"Retrying ... Connection refused", an UNREACHABLE host that came back, a transient DNS
failure). Every few megabytes the task's attempt ends and Airflow retries it, the way a
long-running task log grows. The real failure comes at the very end: the playbook's last
task fails with "OSError: [Errno 28] No space left on device", then Airflow logs "Task failed
with exception" with the Python traceback, marks the task FAILED and exits with code 1.

Standard library only. The same --seed and --size give the same bytes.
"""

import argparse
import datetime
import os
import random
import sys

HOSTS = ["kvm-host-01", "kvm-host-02", "idm.lab.example.com", "bastion", "localhost"]
VMS = ["freeipa", "rhel9-vm", "ocp4-bootstrap", "ocp4-master-0", "ocp4-worker-1", "gitea",
       "mirror-registry", "jumpbox"]
ROLES = ["qubinode_kvmhost_setup", "edge_hosts_validate", "swygue_lvm", "freeipa_server",
         "kcli_deploy", "podman_registry", "hashicorp_vault", "firewall_config"]
TASKS = [
    "Gathering Facts", "ensure required packages are installed", "create libvirt storage pool",
    "template the kcli profile", "check that the VM answers on SSH", "set up the bridge",
    "enable and start libvirtd", "copy the cloud-init ISO", "render the inventory",
    "wait for the API to answer", "configure firewalld zones", "pull the container image",
    "install python3-libvirt", "create the LVM logical volume", "write /etc/hosts entries",
    "register the host with the IdM server", "download the RHEL qcow2 image",
]
MODULES = ["ansible.builtin.dnf", "ansible.builtin.template", "ansible.builtin.copy",
           "ansible.builtin.systemd", "community.libvirt.virt_pool", "ansible.builtin.file",
           "ansible.posix.firewalld", "containers.podman.podman_image", "ansible.builtin.uri",
           "community.general.lvol", "ansible.builtin.lineinfile", "ansible.builtin.command"]
PACKAGES = ["libvirt", "qemu-kvm", "virt-install", "podman", "python3-libvirt", "genisoimage",
            "bind-utils", "firewalld", "lvm2", "git", "jq", "tmux"]

DAG_ID = "qubinode_infra_deploy"
TASK_ID = "run_kvmhost_playbook"
RUN_ID = "manual__2024-05-14T10:11:58.204411+00:00"


class Clock:
    """Airflow-style timestamps that move forward a little per line."""

    def __init__(self, rng):
        self.rng = rng
        self.now = datetime.datetime(2024, 5, 14, 10, 12, 3, tzinfo=datetime.timezone.utc)
        self.cached_second = None
        self.cached_text = ""

    def tick(self):
        self.now += datetime.timedelta(microseconds=self.rng.randrange(0, 400000))
        second = self.now.replace(microsecond=0)
        if second != self.cached_second:
            self.cached_second = second
            self.cached_text = second.strftime("%Y-%m-%d, %H:%M:%S UTC")
        return self.cached_text


class LogWriter:
    def __init__(self, out, rng):
        self.out = out
        self.rng = rng
        self.clock = Clock(rng)
        self.lines = []
        self.pending = 0
        self.written = 0

    def airflow(self, where, level, message):
        self.emit("[%s] {%s} %s - %s" % (self.clock.tick(), where, level, message))

    def ansible(self, message):
        # the BashOperator relays each line of the playbook's output
        self.airflow("subprocess.py:93", "INFO", message)

    def emit(self, line):
        self.lines.append(line)
        self.pending += len(line) + 1
        if self.pending >= 1 << 20:
            self.flush()

    def flush(self):
        if self.lines:
            data = ("\n".join(self.lines) + "\n").encode("utf-8")
            self.out.write(data)
            self.written += len(data)
            self.lines = []
            self.pending = 0

    def size(self):
        return self.written + self.pending


def task_start(log, attempt, tries):
    ti = "<TaskInstance: %s.%s %s [queued]>" % (DAG_ID, TASK_ID, RUN_ID)
    log.airflow("taskinstance.py:1157", "INFO",
                "Dependencies all met for dep_context=non-requeueable deps ti=%s" % ti)
    log.airflow("taskinstance.py:1157", "INFO",
                "Dependencies all met for dep_context=requeueable deps ti=%s" % ti)
    log.airflow("taskinstance.py:1359", "INFO", "Starting attempt %d of %d" % (attempt, tries))
    log.airflow("taskinstance.py:1380", "INFO",
                "Executing <Task(BashOperator): %s> on 2024-05-14 10:11:58.204411+00:00"
                % TASK_ID)
    log.airflow("standard_task_runner.py:57", "INFO",
                "Started process %d to run task" % log.rng.randrange(2000, 60000))
    log.airflow("task_command.py:416", "INFO",
                "Running <TaskInstance: %s.%s %s [running]> on host airflow-worker-0"
                % (DAG_ID, TASK_ID, RUN_ID))
    log.airflow("subprocess.py:63", "INFO",
                "Tmp dir root location: /tmp")
    log.airflow("subprocess.py:75", "INFO",
                "Running command: ['/usr/bin/bash', '-c', 'cd /opt/qubinode_navigator && "
                "ansible-playbook -i inventories/localhost/hosts setup_kvmhost.yml -e "
                "@/tmp/config.yml']")
    log.airflow("subprocess.py:86", "INFO", "Output:")


def noise_task(log):
    rng = log.rng
    role = rng.choice(ROLES)
    task = rng.choice(TASKS)
    host = rng.choice(HOSTS)
    stars = "*" * rng.randrange(20, 70)
    log.ansible("")
    log.ansible("TASK [%s : %s] %s" % (role, task, stars))
    log.ansible("task path: /opt/qubinode_navigator/roles/%s/tasks/main.yml:%d"
                % (role, rng.randrange(3, 400)))
    roll = rng.random()
    if roll < 0.30:
        log.ansible("ok: [%s]" % host)
    elif roll < 0.50:
        log.ansible("changed: [%s]" % host)
    elif roll < 0.62:
        for package in rng.sample(PACKAGES, rng.randrange(2, 6)):
            state = "ok" if rng.random() < 0.7 else "changed"
            log.ansible("%s: [%s] => (item=%s)" % (state, host, package))
    elif roll < 0.70:
        log.ansible("skipping: [%s]" % host)
    elif roll < 0.76:
        log.ansible("[WARNING]: Platform linux on host %s is using the discovered Python "
                    "interpreter at /usr/bin/python3.11, but future installation of another "
                    "Python interpreter could change the meaning of that path. See "
                    "https://docs.ansible.com/ansible-"
                    "core/2.15/reference_appendices/interpreter_discovery.html for more "
                    "information." % host)
        log.ansible("ok: [%s]" % host)
    elif roll < 0.80:
        log.ansible("[DEPRECATION WARNING]: community.general.lvol has been deprecated in "
                    "favour of community.general.lvm_lv. This feature will be removed in "
                    "version 10.0.0. Deprecation warnings can be disabled by setting "
                    "deprecation_warnings=False in ansible.cfg.")
        log.ansible("changed: [%s]" % host)
    elif roll < 0.86:
        # retried and recovered: the VM took a while to answer
        retries = rng.randrange(2, 6)
        for left in range(30, 30 - retries, -1):
            log.ansible("FAILED - RETRYING: [%s]: %s (%d retries left)."
                        % (host, task, left))
        log.ansible("ok: [%s]" % host)
    elif roll < 0.90:
        # the registry or API refused a connection; urllib3 retried and got through
        log.airflow("connectionpool.py:812", "WARNING",
                    "Retrying (Retry(total=4, connect=None, read=None, redirect=None, "
                    "status=None)) after connection broken by 'NewConnectionError('"
                    "<urllib3.connection.HTTPSConnection object at 0x7f%010x>: Failed to "
                    "establish a new connection: [Errno 111] Connection refused')': "
                    "/api/v1/namespaces/default/pods" % rng.randrange(1 << 36))
        log.ansible("ok: [%s]" % host)
    elif roll < 0.92:
        # an SSH hiccup that Ansible's retries absorbed
        log.ansible("<%s> ssh_retry: attempt: 0, ssh return code is 255. cmd "
                    "(['/usr/bin/ssh', '-C', '-o', 'ControlMaster=auto', '-o', "
                    "'ControlPersist=60s', '%s', '/bin/sh -c ''echo ~ && sleep 0''']), "
                    "pausing for %d seconds" % (host, host, rng.randrange(0, 3)))
        log.ansible("ok: [%s]" % host)
    elif roll < 0.93:
        log.ansible("[WARNING]: sftp transfer mechanism failed on [%s]. Use ANSIBLE_DEBUG=1 "
                    "to see detailed information" % host)
        log.ansible("changed: [%s]" % host)
    elif roll < 0.94:
        log.ansible("fatal: [%s]: FAILED! => {\"changed\": false, \"msg\": \"Could not "
                    "resolve host mirror.centos.org: Temporary failure in name "
                    "resolution\"}" % host)
        log.ansible("...ignoring")
    else:
        module = rng.choice(MODULES)
        log.ansible("Using module file /usr/lib/python3.11/site-packages/ansible/modules/%s.py"
                    % module.split(".")[-1])
        log.ansible("changed: [%s] => {\"changed\": true, \"module\": \"%s\", \"rc\": 0}"
                    % (host, module))
    if rng.random() < 0.05:
        log.airflow("base_job_runner.py:132", "INFO",
                    "Heartbeat recovered after %.2f seconds" % (rng.random() * 5))


def play(log, n_tasks):
    rng = log.rng
    log.ansible("")
    log.ansible("PLAY [Configure the KVM host %s] %s" % (rng.choice(HOSTS), "*" * 40))
    for _ in range(n_tasks):
        noise_task(log)
    log.ansible("")
    log.ansible("PLAY RECAP %s" % ("*" * 60))
    for host in HOSTS[:3]:
        log.ansible("%-26s : ok=%-4d changed=%-4d unreachable=0    failed=0    "
                    "skipped=%-4d rescued=0    ignored=%d"
                    % (host, rng.randrange(20, 200), rng.randrange(0, 60),
                       rng.randrange(0, 40), rng.randrange(0, 2)))


def attempt_recovered(log):
    """An attempt that lost a host for a while and finished after Ansible retried."""
    host = log.rng.choice(HOSTS[:2])
    log.ansible("fatal: [%s]: UNREACHABLE! => {\"changed\": false, \"msg\": \"Failed to "
                "connect to the host via ssh: ssh: connect to host 192.168.122.%d port 22: "
                "Connection timed out\", \"unreachable\": true}"
                % (host, log.rng.randrange(2, 250)))
    log.ansible("FAILED - RETRYING: [%s]: wait for the host to come back (10 retries left)."
                % host)
    log.ansible("ok: [%s]" % host)


def final_failure(log):
    host = HOSTS[0]
    image = "/var/lib/libvirt/images/rhel9-vm.qcow2"
    log.ansible("")
    log.ansible("TASK [qubinode_kvmhost_setup : download the RHEL qcow2 image] %s" % ("*" * 30))
    log.ansible("fatal: [%s]: FAILED! => {\"changed\": false, \"dest\": \"%s\", \"elapsed\": "
                "212, \"msg\": \"failed to write the downloaded file: [Errno 28] No space "
                "left on device\", \"url\": \"https://mirror.example.com/rhel-9.3-x86_64-"
                "kvm.qcow2\"}" % (host, image))
    log.ansible("")
    log.ansible("PLAY RECAP %s" % ("*" * 60))
    log.ansible("%-26s : ok=41   changed=12   unreachable=0    failed=1    skipped=9    "
                "rescued=0    ignored=0" % host)
    log.airflow("subprocess.py:97", "INFO", "Command exited with return code 2")
    log.airflow("taskinstance.py:1937", "ERROR", "Task failed with exception")
    for line in [
        "Traceback (most recent call last):",
        '  File "/home/airflow/.local/lib/python3.11/site-packages/airflow/models/'
        'taskinstance.py", line 1518, in _run_raw_task',
        "    self._execute_task_with_callbacks(context, test_mode, session=session)",
        '  File "/home/airflow/.local/lib/python3.11/site-packages/airflow/models/'
        'taskinstance.py", line 1681, in _execute_task_with_callbacks',
        "    result = self._execute_task(context, task_orig)",
        '  File "/opt/airflow/dags/qubinode_infra_deploy.py", line 212, in stage_image',
        "    shutil.copyfileobj(response.raw, target, length=16 * 1024 * 1024)",
        '  File "/usr/lib64/python3.11/shutil.py", line 200, in copyfileobj',
        "    fdst_write(buf)",
        "OSError: [Errno 28] No space left on device",
    ]:
        log.emit(line)
    log.airflow("taskinstance.py:1400", "INFO",
                "Marking task as FAILED. dag_id=%s, task_id=%s, execution_date=20240514T101158,"
                " start_date=20240514T101203, end_date=%s"
                % (DAG_ID, TASK_ID, log.clock.now.strftime("%Y%m%dT%H%M%S")))
    log.airflow("standard_task_runner.py:104", "ERROR",
                "Failed to execute job 4711 for task %s ([Errno 28] No space left on device; "
                "29871)" % TASK_ID)
    log.airflow("local_task_job_runner.py:228", "INFO", "Task exited with return code 1")
    log.airflow("taskinstance.py:2778", "INFO",
                "0 downstream tasks scheduled from follow-on schedule check")


def parse_size(text):
    units = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    text = text.strip().lower().rstrip("b")
    suffix = text[-1:] if text[-1:] in units else ""
    return int(float(text[: len(text) - len(suffix)]) * units[suffix])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", help="file to write (- for standard output)")
    parser.add_argument("--size", default="100M",
                        help="approximate size, e.g. 10M, 100M, 1G (default 100M)")
    parser.add_argument("--seed", type=int, default=20240514, help="random seed")
    args = parser.parse_args()

    target = parse_size(args.size)
    rng = random.Random(args.seed)
    out = sys.stdout.buffer if args.output == "-" else open(args.output, "wb")
    log = LogWriter(out, rng)
    attempt = 1
    tries = 1 + max(1, target // (8 << 20))
    # the final failure takes about 4 KiB; everything before it is noise
    noise_budget = max(0, target - 4096)

    task_start(log, attempt, tries)
    next_attempt = 8 << 20
    while log.size() < noise_budget:
        play(log, rng.randrange(20, 80))
        if rng.random() < 0.3:
            attempt_recovered(log)
        if log.size() >= next_attempt and attempt < tries:
            # this attempt ran out of time; Airflow marks it for retry and starts again
            log.airflow("taskinstance.py:1400", "INFO",
                        "Marking task as UP_FOR_RETRY. dag_id=%s, task_id=%s" % (DAG_ID, TASK_ID))
            log.airflow("local_task_job_runner.py:228", "INFO", "Task exited with return code 1")
            attempt += 1
            next_attempt += 8 << 20
            task_start(log, attempt, tries)
    final_failure(log)
    log.flush()
    if out is not sys.stdout.buffer:
        out.close()
    print("wrote %s: %d bytes, seed %d" % (args.output, log.written, args.seed),
          file=sys.stderr)


if __name__ == "__main__":
    main()
