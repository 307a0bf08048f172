#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Times `pace compare` on two runs of 10,000 benchmarks with 100 samples each,
# and pytest-benchmark's own `compare` on the same pair, in one session.
#   bench/compare/compare_speed.sh PACE [WORK_DIR] [ROUNDS]
# Build PACE in Release for figures worth quoting.
#
# pace is timed two ways, the table alone (what pytest-benchmark's compare
# prints) and with a gate (--fail-on mean:20%), each both right after
# pytest-benchmark ("cold") and right after another pace run ("warm"). On a
# virtual machine the difference is large: memory another process has just
# freed is slow to fault in again. Each round runs
#   pytest-benchmark, gate (cold), table (warm), pytest-benchmark, table (cold), gate (warm)
# and the medians over ROUNDS rounds (3 by default) are reported.
set -eu
pace=$1
work=${2:-$(mktemp -d)}
rounds=${3:-3}
here=$(dirname "$0")
py=/usr/bin/python3
[ -x "$py" ] || py=python3

[ -f "$work/base.json" ] || "$py" "$here/generate_runs.py" "$work"
ls -l "$work/base.json" "$work/cand.json"
cat "$work/base.json" "$work/cand.json" > /dev/null  # into the page cache

# time_of NAME COMMAND...: runs it (output to $work/out) and appends "NAME seconds" to $work/times.
time_of() {
    name=$1
    shift
    t0=$(date +%s.%N)
    "$@" > "$work/out" 2>&1 || true
    t1=$(date +%s.%N)
    echo "$name $(echo "$t1 - $t0" | bc)" | tee -a "$work/times"
}
theirs() { time_of "$1" "$py" -c 'from pytest_benchmark.cli import main; main()' compare \
    "$work/base.json" "$work/cand.json" --columns=mean; }
table() { time_of "$1" "$pace" compare "$work/base.json" "$work/cand.json" --metric mean; }
gate() { time_of "$1" "$pace" compare "$work/base.json" "$work/cand.json" --metric mean --fail-on mean:20%; }

: > "$work/times"
for i in $(seq "$rounds"); do
    theirs pytest-benchmark
    gate gate-cold
    table table-warm
    theirs pytest-benchmark
    table table-cold
    gate gate-warm
done
"$py" - "$work/times" <<'PY'
import collections, statistics, sys
times = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, seconds = line.split()
    times[name].append(float(seconds))
theirs = statistics.median(times.pop("pytest-benchmark"))
print(f"pytest-benchmark compare: median {theirs:.3f} s")
for name in ("table-cold", "table-warm", "gate-cold", "gate-warm"):
    median = statistics.median(times[name])
    print(f"pace compare, {name:<10}: median {median:.3f} s, {theirs / median:.1f}x faster")
PY
