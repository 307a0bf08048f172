#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# pace compare on files larger than the memory the process may use: one
# `pace: error:` line naming the file and exit 2, never an abort. Both files
# are read at once and either may be the one that runs out first.
#   tests/cli/out_of_memory.sh PACE PYTHON3
set -eu
pace=$1
python=$2
here=$(dirname "$0")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$python" "$here/../../bench/compare/generate_runs.py" "$work" --benchmarks 5000 >/dev/null

# Around 120 MB memory runs out midway through the results, where unwinding
# runs nlohmann's destructors, which allocate: the terminate handler of the
# pace command must turn that into the same error. Each limit is tried three
# times, as the two reading threads race to the limit.
for limit_kib in 40000 80000 110000 115000 120000 125000 130000 160000 \
                 115000 120000 125000 115000 120000 125000; do
    status=0
    (ulimit -v "$limit_kib" && exec "$pace" compare "$work/base.json" "$work/cand.json") \
        >"$work/out" 2>"$work/err" || status=$?
    if [ "$status" -ne 2 ] || ! grep -Eq "^pace: error: .*(base|cand)\.json: out of memory while reading it" "$work/err"; then
        echo "limit ${limit_kib} KiB: exit $status, expected 2 and an out-of-memory error; stderr:"
        cat "$work/err"
        exit 1
    fi
    echo "limit ${limit_kib} KiB: exit 2, $(head -1 "$work/err")"
done
