#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Two builds of the pace command side by side: they take turns on the same
# comparison, ROUNDS times each (10 by default), and each one's median wall
# time is printed with the median of the per-pair ratios B/A. For a change's
# effect on `pace compare`, on a machine whose speed drifts.
#   bench/compare/compare_ab.sh PACE_A PACE_B [WORK_DIR] [ROUNDS] [-- compare flags]
# PAUSE=SECONDS waits that long before each run. On a virtual machine that
# hands freed memory back to its host (free page reporting, after about 2 s),
# a run right after another one reuses memory still in the guest, which a
# user's first run does not have: PAUSE=4 times the first run.
# WORK_DIR holds (or receives) the runs of bench/compare/generate_runs.py.
set -eu
a=$1
b=$2
work=${3:-$(mktemp -d)}
rounds=${4:-10}
shift $(( $# < 4 ? $# : 4 ))
[ "${1:-}" = "--" ] && shift
here=$(dirname "$0")
[ -f "$work/base.json" ] || python3 "$here/generate_runs.py" "$work"
: > "$work/ab"
for i in $(seq "$rounds"); do
    for side in A B; do
        if [ "$side" = A ]; then bin=$a; else bin=$b; fi
        sleep "${PAUSE:-0}"
        t0=$(date +%s%N)
        "$bin" compare "$work/base.json" "$work/cand.json" --metric mean "$@" > /dev/null 2>&1 || true
        t1=$(date +%s%N)
        echo "$side $(( (t1 - t0) / 1000000 ))" >> "$work/ab"
    done
done
python3 - "$work/ab" <<'PY'
import statistics, sys
times = {"A": [], "B": []}
for line in open(sys.argv[1]):
    side, ms = line.split()
    times[side].append(int(ms))
for side, values in times.items():
    print(f"{side}: median {statistics.median(values)} ms {sorted(values)}")
print(f"B/A, median of the per-pair ratios: {statistics.median(b / a for a, b in zip(times['A'], times['B'])):.3f}")
PY
