#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Times `pace compare` on two runs of 10,000 benchmarks with 100 samples each,
# and pytest-benchmark's own `compare` on the same pair, in one session.
#   bench/compare/compare_speed.sh PACE [WORK_DIR]
# Build PACE in Release for figures worth quoting.
set -eu
pace=$1
work=${2:-$(mktemp -d)}
here=$(dirname "$0")
py=/usr/bin/python3
[ -x "$py" ] || py=python3

[ -f "$work/base.json" ] || "$py" "$here/generate_runs.py" "$work"
ls -l "$work/base.json" "$work/cand.json"

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }

# Warm the page cache so both tools read from memory.
cat "$work/base.json" "$work/cand.json" > /dev/null

# best_of_3 LABEL COMMAND...: prints each time and sets $best to the least.
best_of_3() {
    label=$1
    shift
    best=""
    for i in 1 2 3; do
        t0=$(now)
        "$@" > "$work/pace.out" || true
        t1=$(now)
        t=$(elapsed "$t0" "$t1")
        echo "$label (run $i): ${t} s"
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc)" = 1 ]; then best=$t; fi
    done
}

# The table alone, which is what pytest-benchmark's compare prints, and the
# table with the gate, which pytest-benchmark's compare does not do.
best_of_3 "pace compare --metric mean" "$pace" compare "$work/base.json" "$work/cand.json" --metric mean
table=$best
best_of_3 "pace compare --metric mean --fail-on mean:20%" \
    "$pace" compare "$work/base.json" "$work/cand.json" --metric mean --fail-on mean:20%
gated=$best
tail -1 "$work/pace.out" | cut -c1-100

t0=$(now)
"$py" -c 'from pytest_benchmark.cli import main; main()' compare "$work/base.json" "$work/cand.json" \
    --columns=mean > "$work/pytest-benchmark.out" 2>&1
t1=$(now)
theirs=$(elapsed "$t0" "$t1")
echo "pytest-benchmark compare: ${theirs} s"
echo "pace compare, best of 3: ${table} s, ratio $(echo "scale=1; $theirs / $table" | bc)x;" \
     "with the gate: ${gated} s, ratio $(echo "scale=1; $theirs / $gated" | bc)x"
