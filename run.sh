#!/bin/sh
# One entry point for people and CI:
#   ./run.sh demo        set up, build, and diagnose the sample failure in examples/
#   ./run.sh test        set up, build, and run the whole test suite
#   ./run.sh test-asan   the same suite in an AddressSanitizer + UndefinedBehaviorSanitizer build
#   ./run.sh fuzz [SEC]  build the libFuzzer targets with clang and run each for SEC seconds (30)
#   ./run.sh ci          test, test-asan and fuzz: what CI runs
set -eu

top=$(cd "$(dirname "$0")" && pwd)
cd "$top"
jobs=$(nproc 2>/dev/null || echo 2)

setup() {
	"$top/tools/install-deps"
}

build() {
	dir=$1
	shift
	if [ ! -f "$dir/build.ninja" ]; then
		meson setup "$dir" "$@"
	fi
	ninja -C "$dir"
}

case "${1:-}" in
demo)
	setup
	build build
	exec ./build/cli/qnav diagnose --plugin FreeIPADeployment \
		--error-file examples/sample-failure.txt
	;;
test)
	setup
	build build
	meson test -C build --print-errorlogs --num-processes "$jobs"
	;;
test-asan)
	setup
	# GI needs the sanitizer runtime preloaded into python3 and gjs; that suite runs in
	# the normal build, everything else runs here
	build build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dintrospection=false \
		--buildtype=debug
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1 \
		meson test -C build-asan --print-errorlogs --num-processes "$jobs" \
		--no-suite gi
	;;
fuzz)
	setup
	seconds=${2:-30}
	CC=clang build build-fuzz -Dfuzzing=true -Dtests=false -Dintrospection=false \
		-Dansible=false -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debugoptimized
	for target in build-fuzz/fuzz/fuzz-*; do
		# the executables, not meson's fuzz-*.p object directories
		[ -f "$target" ] && [ -x "$target" ] || continue
		name=$(basename "$target")
		corpus="build-fuzz/corpus-$name"
		mkdir -p "$corpus"
		cp -n "fuzz/seeds/$name"/* "$corpus"/ 2>/dev/null || true
		echo "fuzz: $name for ${seconds}s"
		"$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
			-print_final_stats=1 "$corpus" >"build-fuzz/$name.log" 2>&1 || {
			tail -50 "build-fuzz/$name.log"
			exit 1
		}
		grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "build-fuzz/$name.log" || true
	done
	;;
ci)
	"$0" test
	"$0" test-asan
	"$0" fuzz 30
	;;
*)
	sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
	;;
esac
