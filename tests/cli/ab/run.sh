#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# pace ab end to end with fake workers of known sample times: the verdict and
# the gate, ids in one build only, a failing benchmark, and every way a worker
# can break (exit 2 naming the side, no process left behind).
#   run.sh PACE
set -uo pipefail
pace=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# A worker script per role: the fake with its arguments baked in.
make_worker() {  # name ids ns [behaviour]
  printf '#!/usr/bin/env bash\nexec %q/fake_worker.sh %q %q %q\n' "$here" "$2" "$3" "${4:-normal}" >"$work/$1"
  chmod +x "$work/$1"
}
make_worker base "a,b" 1000
make_worker same "a,b" 1000
make_worker slower "a,b,c" 1050
make_worker failing "a,b" 1000 fail=b
make_worker dies "a,b" 1000 die
make_worker hangs "a,b" 1000 hang
make_worker garbage "a,b" 1000 garbage
printf '#!/bin/sh\nexit 0\n' >"$work/not_pace" && chmod +x "$work/not_pace"

check() {  # description expected_exit pattern... -- pace args
  local description=$1 expected=$2
  shift 2
  local patterns=()
  while [ "$1" != "--" ]; do patterns+=("$1"); shift; done
  shift
  local out status
  out=$("$pace" ab --seed 7 "$@" 2>&1)
  status=$?
  local ok=1
  [ "$status" = "$expected" ] || ok=0
  for p in "${patterns[@]}"; do grep -qE -- "$p" <<<"$out" || { ok=0; echo "  missing: $p"; }; done
  if pgrep -f "$work/" >/dev/null || pgrep -f "fake_worker.sh" >/dev/null; then
    ok=0
    echo "  a worker process was left behind"
    pkill -9 -f "fake_worker.sh"
  fi
  if [ $ok = 1 ]; then echo "ok: $description"; else
    echo "FAILED: $description (exit $status, expected $expected)"; echo "$out" | sed 's/^/  | /'
    failures=$((failures + 1))
  fi
}

check "identical builds: no change, an exact interval" 0 \
  '^a +[0-9.]+ ns +[0-9.]+ ns +\+0\.0% +\[\+0\.0%, \+0\.0%\] +no change +8 ' \
  'every benchmark reached the precision' -- "$work/base" "$work/same"
check "a 5% slower candidate: slower, interval +5.0%" 0 \
  '^a +100(\.0+)? ns +105(\.0+)? ns +\+5\.0% +\[\+5\.0%, \+5\.0%\] +slower' \
  'only in the candidate build, not compared: c' -- "$work/base" "$work/slower"
check "the gate fails past its threshold" 1 \
  'slower REGRESSION' 'gate median:2%: 2 regressions: a \(\+5\.0%' -- "$work/base" "$work/slower" --fail-on median:2%
check "the gate passes below its threshold" 0 'gate median:10%: no regressions' -- \
  "$work/base" "$work/slower" --fail-on median:10%
check "a failing benchmark fails the run, with its message" 1 \
  '^b .* failed' 'failed: b: candidate: check failed at bench.cpp:12: sorted' -- "$work/base" "$work/failing"
check "Markdown escapes and keeps one row per benchmark" 0 '^\| a \| ' '^\|:---\|' -- \
  "$work/base" "$work/same" --md
check "a worker that dies: exit 2 naming the side and its last words" 2 \
  'candidate .*/dies: exited with status 9' 'dying on purpose' -- "$work/base" "$work/dies"
check "a worker that hangs: exit 2 after the timeout" 2 \
  'base .*/hangs: did not answer within 2 s' -- "$work/hangs" "$work/same" --worker-timeout 2
check "a worker that answers garbage: exit 2" 2 \
  'candidate .*/garbage: did not start as a pace ab worker \(its first line: "Running ./bench"\)' -- \
  "$work/base" "$work/garbage"
check "not a pace binary: exit 2" 2 'base .*/not_pace: exited with status 0' 'pace benchmark binary' -- \
  "$work/not_pace" "$work/base"
check "a missing binary: exit 2" 2 'base .*/nosuch: cannot run it' -- "$work/nosuch" "$work/base"
check "bad flags: exit 2" 2 'expected a duration like 90s or 3m' -- "$work/base" "$work/same" --max-time soon
check "an absolute time threshold is refused" 2 'relative change of time' -- \
  "$work/base" "$work/same" --fail-on median:1ms

# --shard I/N reaches both binaries as their own flag.
printf '#!/usr/bin/env bash\necho "$*" >>%q\nexec %q/fake_worker.sh a,b 1000 normal\n' "$work/args.log" "$here" >"$work/logs_args"
chmod +x "$work/logs_args"
check "--shard is passed to both binaries" 0 '^a ' -- "$work/logs_args" "$work/logs_args" --shard 2/3 -- --filter x
if [ "$(grep -c -- '--filter x --shard 2/3' "$work/args.log")" -ge 2 ]; then echo "ok: --shard reaches both workers"; else
  echo "FAILED: --shard reaches both workers"; sed 's/^/  | /' "$work/args.log"; failures=$((failures + 1)); fi
check "a bad --shard: exit 2 before any worker starts" 2 'bad shard "3/2"' -- "$work/base" "$work/same" --shard 3/2

check "--json writes a result file pace compare reads" 0 '' -- "$work/base" "$work/slower" --json "$work/ab.json"
if "$pace" compare "$work/ab.json" "$work/ab.json" >/dev/null 2>&1 &&
  grep -q '"verdict": *"slower"' "$work/ab.json"; then echo "ok: pace compare reads pace ab's --json"; else
  echo "FAILED: pace compare reads pace ab's --json"; failures=$((failures + 1)); fi

if [ -n "${2:-}" ]; then  # a real benchmark binary: two copies of it, paired
  cp "$2" "$work/real_a" && cp "$2" "$work/real_b"
  check "a real benchmark binary against itself" 0 '^hash/fnv1a\[length=16\] ' -- \
    "$work/real_a" "$work/real_b" --max-time 20s -- --filter 'fnv1a.length=16'
  if [ "${3:-}" != "no-valgrind" ] && command -v valgrind >/dev/null; then
    check "instruction counts, compared exactly" 0 '^hash/fnv1a\[length=16\] +[0-9,]+ +[0-9,]+ +\+0\.0% +exact +no change' -- \
      "$work/real_a" "$work/real_b" --mode instructions -- --filter 'fnv1a.length=16'
  else
    echo "skipped: instruction mode (valgrind is not installed, or cannot host a sanitized binary)"
  fi
fi

[ $failures = 0 ] || { echo "$failures case(s) failed"; exit 1; }
