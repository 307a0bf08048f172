#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Builds the libFuzzer targets and runs each for SECONDS seconds (default 60),
# starting from the real result files in tests/fixtures/real (copied at run
# time into the build directory, never into the source tree).
#   tests/fuzz/run.sh 120
# Environment: PACE_FUZZ_BUILD (build directory, default build-fuzz at the
# repository root), PACE_FIXTURES (the fixtures folder), PACE_FUZZ_JOBS
# (compile jobs, default 2), PACE_FUZZ_TARGETS (a subset, space-separated).
set -eu

seconds=${1:-60}
case $seconds in '' | *[!0-9]*) echo "usage: $0 [SECONDS]" >&2; exit 2 ;; esac

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${PACE_FUZZ_BUILD:-$root/build-fuzz}
fixtures=${PACE_FIXTURES:-$root/tests/fixtures/real}
jobs=${PACE_FUZZ_JOBS:-2}
targets=${PACE_FUZZ_TARGETS:-"load pace_json pace_fast google_benchmark_json google_benchmark_csv hyperfine_json asv_json column_block"}

mkdir -p "$build"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DPACE_FUZZ=ON \
    -DPACE_BUILD_EXAMPLES=OFF -DPACE_BUILD_BENCH=OFF -DPACE_BUILD_CLI=OFF >"$build/configure.log" 2>&1 ||
    { cat "$build/configure.log" >&2; exit 1; }
set --
for t in $targets; do set -- "$@" "fuzz_$t"; done
cmake --build "$build" -j "$jobs" --target "$@"

# Seeds: the fixtures each reader is meant for; files past 32 KiB would only
# slow every run and add nothing a smaller file of the same producer lacks.
seed() {  # seed TARGET FOLDER PATTERN
    dir=$build/fuzz-seeds/$1
    mkdir -p "$dir"
    [ -d "$fixtures/$2" ] || return 0
    find "$fixtures/$2" -maxdepth 1 -type f -name "$3" -size -32k -exec cp {} "$dir/" \;
}
rm -rf "$build/fuzz-seeds"
seed pace_json pytest-benchmark '*.json'
seed pace_fast pytest-benchmark '*.json'
seed google_benchmark_json google-benchmark '*.json'
seed google_benchmark_csv google-benchmark '*.csv'
seed hyperfine_json hyperfine '*.json'
seed asv_json asv '*.json'
for folder in pytest-benchmark google-benchmark hyperfine asv; do seed load "$folder" '*'; done
# The packed column blocks have no fixtures: a block of each type, written here.
mkdir -p "$build/fuzz-seeds/column_block"
printf 'd\002\000\000\000\001\000\000\000\000\000\000\360\077\000\000\000\000\000\000\000\000' \
    >"$build/fuzz-seeds/column_block/reals"
printf 'q\001\000\000\000\001\007\000\000\000\000\000\000\000' >"$build/fuzz-seeds/column_block/integers"

status=0
for t in $targets; do
    corpus=$build/fuzz-corpus/$t
    artifacts=$build/fuzz-artifacts/$t
    mkdir -p "$corpus" "$artifacts"
    log=$build/fuzz-$t.log
    echo "== fuzz_$t for ${seconds}s (log: $log)"
    if "$build/tests/fuzz/fuzz_$t" "$corpus" "$build/fuzz-seeds/$t" -dict="$root/tests/fuzz/json.dict" \
        -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" >"$log" 2>&1; then
        echo "   $(grep -m1 'stat::number_of_executed_units' "$log" || echo 'no stats')  no crash"
    else
        status=1
        echo "   CRASH: see $log and $artifacts" >&2
        grep -m5 -E 'ERROR|runtime error|SUMMARY' "$log" >&2 || true
    fi
done
exit $status
