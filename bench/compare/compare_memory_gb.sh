#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Peak memory of `pace compare` on two large Google Benchmark JSON runs
# (about 44 MB each, bench/compare/generate_gb_runs.py), against the files'
# size: the aim is at most three times what the two files take.
#   bench/compare/compare_memory_gb.sh PACE [WORK_DIR] [-- generate_gb_runs.py flags]
set -eu
pace=$1
work=${2:-$(mktemp -d)}
shift $(( $# < 2 ? $# : 2 ))
[ "${1:-}" = "--" ] && shift
here=$(dirname "$0")
[ -f "$work/base.json" ] || python3 "$here/generate_gb_runs.py" "$work" "$@"
/usr/bin/time -v "$pace" compare "$work/base.json" "$work/cand.json" --fail-on mean:5% \
    >/dev/null 2>"$work/time" || true
files=$(( $(stat -c %s "$work/base.json") + $(stat -c %s "$work/cand.json") ))
peak=$(( $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time") * 1024 ))
python3 -c "import sys; f, p = int(sys.argv[1]), int(sys.argv[2]); print(f'files {f / 1e6:.1f} MB, peak RSS {p / 1e6:.1f} MB: {p / f:.2f} x the files')" \
    "$files" "$peak"
