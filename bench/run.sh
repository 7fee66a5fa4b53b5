#!/bin/bash
# Copyright 2026 qnav developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Builds a release qnav, then measures it with public tools; raw results go to bench/out/
# (git-ignored) and a summary table is printed at the end. See bench/README.md.
#
#   bench/run.sh [--rounds N] [--size SIZE] [--quick]
#
#   --rounds N   repeat every measurement N times (default 3); the summary reports the
#                median of the rounds, because other processes may load the machine
#   --size SIZE  size of the noisy log (default 100M); a 10M log is always made too
#   --quick      1 round, fewer iterations: checks that the script works, not for figures
#
# Environment: QNAV_BENCH_OUT (default bench/out), QNAV_BENCH_BUILDDIR (default
# $QNAV_BENCH_OUT/bench-build), PYTHON (default /usr/bin/python3, else python3).

set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
out=${QNAV_BENCH_OUT:-$here/out}
build=${QNAV_BENCH_BUILDDIR:-$out/bench-build}
rounds=3
size=100M
quick=0

while [ $# -gt 0 ]; do
	case "$1" in
	--rounds) rounds=$2; shift 2 ;;
	--size) size=$2; shift 2 ;;
	--quick) quick=1; rounds=1; shift ;;
	-h|--help) sed -n '5,17p' "$0"; exit 0 ;;
	*) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done

if [ -x /usr/bin/python3 ]; then PYTHON=${PYTHON:-/usr/bin/python3}; else PYTHON=${PYTHON:-python3}; fi
for tool in meson ninja hyperfine grep /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "run.sh: $tool is needed" >&2; exit 1; }
done

mkdir -p "$out"
rm -f "$out"/analyze-*.tsv "$out"/analyze-*.txt "$out"/cli-*.json "$out"/log-*.json "$out"/plan-*.json \
	"$out"/rss-*.txt "$out"/load-*.txt "$out"/summary.* "$out"/meta.json

echo "== building a release qnav in $build"
if [ -f "$build/build.ninja" ]; then
	meson configure "$build" --buildtype=release -Dtests=false -Dintrospection=false >/dev/null
else
	meson setup "$build" "$top" --buildtype=release -Dtests=false -Dintrospection=false \
		>"$out/meson-setup.log"
fi
ninja -C "$build" cli/qnav bench/bench-analyze bench/bench-floor bench/bench-history \
	>"$out/ninja.log"
qnav=$build/cli/qnav
bench_analyze=$build/bench/bench-analyze
bench_floor=$build/bench/bench-floor

# an empty environment for qnav: no user or system patterns, no config
tmp=$(mktemp -d "${TMPDIR:-/tmp}/qnav-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/config" "$tmp/data" "$tmp/cache" "$tmp/state" "$tmp/runtime" "$tmp/sysconf"
chmod 700 "$tmp/runtime"
export XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_CACHE_HOME=$tmp/cache
export XDG_STATE_HOME=$tmp/state XDG_RUNTIME_DIR=$tmp/runtime QNAV_SYSCONFDIR=$tmp/sysconf
export XDG_CONFIG_DIRS=$tmp/config XDG_DATA_DIRS=$tmp/data
# the history qnav diagnose and qnav plan record into (as root it would be /var/lib/qnav)
export QNAV_STATE_DIR=$tmp/state
unset G_MESSAGES_DEBUG

echo "== analyses for qnav plan: one of ours (with context), one of the Python original's"
"$qnav" diagnose --plugin P --no-history --output "$tmp/analysis.json" \
	--error "error: Failed to connect socket to '/var/run/libvirt/virtqemud-sock': No such file or directory" \
	>/dev/null
cat >"$tmp/original.json" <<'JSON'
{"timestamp": "2025-12-01T10:00:00.123456", "plugin": "HetznerDeploymentPlugin",
 "root_cause": "credential", "confidence": 0.85, "severity": "high", "affected_services": [],
 "pattern_matches": ["credential_001"], "recommended_actions": ["Check SSH keys"]}
JSON

echo "== generating the noisy logs ($size and 10M) in $tmp"
"$PYTHON" "$here/make-noisy-log.py" --size "$size" "$tmp/big.log"
"$PYTHON" "$here/make-noisy-log.py" --size 10M "$tmp/small.log"
log_bytes=$(stat -c %s "$tmp/big.log")
small_bytes=$(stat -c %s "$tmp/small.log")

echo "== exporting the library's regexes for grep"
"$qnav" patterns list --json >"$out/patterns.json"
"$PYTHON" "$here/bench-results.py" export "$out/patterns.json" "$out"
# grep must take the translated regexes without a word of complaint, or the comparison is off
if ! LC_ALL=C grep -E -i -c -f "$out/regexes-ere.txt" /dev/null >/dev/null 2>"$out/grep-ere.stderr" &&
	[ -s "$out/grep-ere.stderr" ]; then
	echo "run.sh: grep -E refused regexes-ere.txt:" >&2
	cat "$out/grep-ere.stderr" >&2
	exit 1
fi
# and the verbatim ones? (it accepts them, but reads \d as "d" and (?!…) differently)
LC_ALL=C grep -E -i -c -f "$out/regexes.txt" /dev/null >/dev/null 2>"$out/grep-verbatim.stderr" || true

"$PYTHON" - "$out/meta.json" "$log_bytes" "$small_bytes" "$top" <<'EOF'
import json, os, platform, subprocess, sys
path, size, small, top = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
def run(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, cwd=top).stdout.strip()
    except OSError:
        return None
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
meta = {
    "host": "%s, %d CPUs" % (platform.node(), os.cpu_count()),
    "cpu": cpu,
    "commit": run("git", "describe", "--always", "--dirty"),
    "grep": run("grep", "--version").splitlines()[0],
    "hyperfine": run("hyperfine", "--version"),
    "loadavg_at_start": open("/proc/loadavg").read().split()[:3],
    "log_bytes": size,
    "small_log_bytes": small,
}
json.dump(meta, open(path, "w"), indent=2)
EOF

if [ "$quick" = 1 ]; then
	analyze_args=(--batches 100 --warmup 200 --fresh 10)
	cli_runs=(--warmup 2 --runs 10)
	log_runs=(--warmup 0 --runs 2)
else
	analyze_args=(--batches 1000 --warmup 2000 --fresh 50)
	cli_runs=(--warmup 5 --runs 50)
	log_runs=(--warmup 1 --runs 5)
fi

for round in $(seq 1 "$rounds"); do
	cut -d' ' -f1-3 /proc/loadavg >"$out/load-$round.txt"
	echo "== round $round of $rounds (load average: $(cat "$out/load-$round.txt"))"

	echo "-- bench-analyze"
	"$bench_analyze" "${analyze_args[@]}" --tsv "$out/analyze-$round.tsv" \
		>"$out/analyze-$round.txt"
	cat "$out/analyze-$round.txt"

	echo "-- qnav diagnose, whole process"
	hyperfine -N --style basic --output=pipe "${cli_runs[@]}" --export-json "$out/cli-$round.json" \
		-n probes "$qnav diagnose --plugin P --error 'libvirtd is not running'" \
		-n no-probes "$qnav diagnose --no-probes --plugin P --error 'libvirtd is not running'" \
		-n "no-probes --no-history" "$qnav diagnose --no-probes --no-history --plugin P --error 'libvirtd is not running'" \
		-n "context (probes only)" "$qnav context --plugin P --error 'libvirtd is not running'" \
		-n version "$qnav version" \
		-n "GLib floor (bench-floor)" "$bench_floor" \
		-n "exec floor (/bin/true)" /bin/true

	echo "-- qnav plan, whole process"
	hyperfine -N --style basic --output=pipe "${cli_runs[@]}" --export-json "$out/plan-$round.json" \
		-n "plan (history on)" "$qnav plan --analysis-file $tmp/analysis.json" \
		-n "plan --no-history" "$qnav plan --no-history --analysis-file $tmp/analysis.json" \
		-n "plan --json, original analysis.json" "$qnav plan --json --analysis-file $tmp/original.json" \
		-n "plan --output plan.md" "$qnav plan --analysis-file $tmp/analysis.json --output $tmp/plan.md"

	echo "-- the noisy log versus grep"
	# grep in the C locale: bytes and ASCII case folding, like qnav, and grep's fastest mode.
	# --output=pipe: GNU grep stops at the first match when its output is /dev/null (even
	# with -c), which is hyperfine's default, and would then read a few kB, not the file.
	hyperfine -N --style basic --output=pipe "${log_runs[@]}" --export-json "$out/log-$round.json" \
		-n "qnav diagnose --log" "$qnav diagnose --no-probes --error x --log $tmp/big.log" \
		-n "grep -E -i -c -f regexes-ere" "env LC_ALL=C grep -E -i -c -f $out/regexes-ere.txt $tmp/big.log" \
		-n "grep -F -i -c -f keywords" "env LC_ALL=C grep -F -i -c -f $out/keywords.txt $tmp/big.log" \
		-n "qnav diagnose --log 10M" "$qnav diagnose --no-probes --error x --log $tmp/small.log"

	echo "-- peak memory"
	/usr/bin/time -v "$qnav" diagnose --no-probes --error x --log "$tmp/big.log" \
		>"$out/diagnose-big.txt" 2>"$out/rss-qnav-big-$round.txt"
	/usr/bin/time -v "$qnav" diagnose --no-probes --error x --log "$tmp/small.log" \
		>/dev/null 2>"$out/rss-qnav-10M-$round.txt"
	/usr/bin/time -v "$qnav" diagnose --no-probes --plugin P --error "libvirtd is not running" \
		>/dev/null 2>"$out/rss-qnav-no-log-$round.txt"
	# not >/dev/null: grep would stop at the first match
	LC_ALL=C /usr/bin/time -v grep -E -i -c -f "$out/regexes-ere.txt" "$tmp/big.log" \
		>"$tmp/grep-count.txt" 2>"$out/rss-grep-E-big-$round.txt"
done

# what the two tools found in the big log, for the record
LC_ALL=C grep -E -i -c -f "$out/regexes-ere.txt" "$tmp/big.log" >"$out/grep-ere-count.txt" || true
LC_ALL=C grep -F -i -c -f "$out/keywords.txt" "$tmp/big.log" >"$out/grep-keywords-count.txt" || true

echo
echo "== summary (raw results in $out)"
"$PYTHON" "$here/bench-results.py" summary "$out"
echo "qnav's diagnosis of the big log: $(grep -m1 '^Root Cause' "$out/diagnose-big.txt")," \
	"$(grep -m1 '^Confidence' "$out/diagnose-big.txt")"
