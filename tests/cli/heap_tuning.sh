#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# pace compare tunes glibc's heap unless the user did: whatever the
# GLIBC_TUNABLES it starts with (none, the user's own, the settings pace
# makes), it prints the same comparison and exits with the same code, with
# arguments containing spaces passed through intact.
#   tests/cli/heap_tuning.sh PACE PYTHON3
set -eu
pace=$1
python=$2
here=$(dirname "$0")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/with space"
"$python" "$here/../../bench/compare/generate_runs.py" "$work/with space" --benchmarks 300 >/dev/null

run() {
    status=0
    "$@" "$pace" compare "$work/with space/base.json" "$work/with space/cand.json" --fail-on "mean:20%" \
        >"$work/out" 2>"$work/err" || status=$?
    echo "$status" >>"$work/out"
}

run env -u GLIBC_TUNABLES
cp "$work/out" "$work/expected"
if [ "$(tail -1 "$work/expected")" != 1 ] || ! grep -q "regressions:" "$work/expected" || [ -s "$work/err" ]; then
    echo "expected exit 1 with regressions and nothing on stderr; got:"
    cat "$work/expected" "$work/err"
    exit 1
fi
for tunables in glibc.malloc.tcache_count=0 glibc.malloc.hugetlb=0 glibc.malloc.hugetlb=1 \
                glibc.malloc.tcache_count=0:glibc.malloc.hugetlb=0 glibc.malloc.top_pad=4096 \
                glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864; do
    run env GLIBC_TUNABLES="$tunables"
    if ! cmp -s "$work/out" "$work/expected" || [ -s "$work/err" ]; then
        echo "GLIBC_TUNABLES=$tunables changed the output:"
        diff "$work/expected" "$work/out" || true
        cat "$work/err"
        exit 1
    fi
    echo "GLIBC_TUNABLES=$tunables: same output, exit $(tail -1 "$work/out")"
done
