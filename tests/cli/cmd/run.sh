#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# pace cmd end to end on real commands: a sleep measured near its length, the
# shell's start-up cost taken out, failing, missing and hanging commands, a
# parameter scan, and the --json file read back by pace compare and pace plot.
# Timing checks are ratios with wide margins: the machine may be busy.
#   run.sh PACE [PYTHON3]
set -uo pipefail
pace=$1
python=${2:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

check() {  # description expected_exit pattern... -- pace cmd args
  local description=$1 expected=$2
  shift 2
  local patterns=()
  while [ "$1" != "--" ]; do patterns+=("$1"); shift; done
  shift
  local out status
  out=$("$pace" cmd "$@" 2>&1)
  status=$?
  local ok=1
  [ "$status" = "$expected" ] || ok=0
  for p in "${patterns[@]}"; do grep -qE -- "$p" <<<"$out" || { ok=0; echo "  missing: $p"; }; done
  if [ $ok = 1 ]; then echo "ok: $description"; else
    echo "FAILED: $description (exit $status, expected $expected)"; echo "$out" | sed 's/^/  | /'
    failures=$((failures + 1))
  fi
}

# A figure from a result file: json_value FILE PYTHON-EXPRESSION-ON-results
json_value() {
  "$python" -c 'import json,sys; r=json.load(open(sys.argv[1]))["benchmarks"]; print(eval(sys.argv[2]))' "$1" "$2"
}

pass_if() {  # description python-condition
  if "$python" -c "import sys; sys.exit(0 if ($2) else 1)"; then echo "ok: $1"; else
    echo "FAILED: $1 ($2)"; failures=$((failures + 1)); fi
}

check "sleep 0.05 is measured, with rusage" 0 'sleep 0.05' 'Peak RSS' 'User' -- \
  --warmup 1 --runs 10 --json "$work/sleep.json" 'sleep 0.05'
median=$(json_value "$work/sleep.json" 'r[0]["stats"]["median"]')
# A sleep ends late on a loaded machine, never early: the upper bound leaves room for the scheduler.
pass_if "sleep 0.05's median is 50 ms, at most 30% late (median $median s)" "0.95 <= $median / 0.05 <= 1.3"
rss=$(json_value "$work/sleep.json" 'r[0]["memory"]["rss"]')
pass_if "a peak RSS above 100 KiB and below 1 GiB is recorded ($rss bytes)" "100e3 < $rss < 1e9"
# pace's own RSS (several MiB) must not leak into a command's: the kernel
# counts what a process had before exec, so a vfork'd child would carry it.
# Under AddressSanitizer pace's own shadow memory is tens of MiB, which the
# forked child holds until exec: RSS figures there say nothing of the command.
if [ "${3:-}" = sanitized ]; then
  echo "skipped: RSS checks (a sanitized pace forks with its shadow memory)"
else
pass_if "sleep's peak RSS is its own, not pace's ($rss bytes)" "$rss < 4 * 2**20"
fi
check "peak RSS follows what a command allocates" 0 '' -- --runs 2 --shell none --json "$work/rss.json" \
  "$python -c pass" "$python -c b=bytearray(64<<20);b[::4096]=b'x'*len(b[::4096])"
grown=$(json_value "$work/rss.json" 'r[1]["memory"]["rss"] - r[0]["memory"]["rss"]')
[ "${3:-}" = sanitized ] ||
  pass_if "64 MiB more allocated shows as 64 MiB more peak RSS ($grown bytes)" "60 * 2**20 <= $grown <= 70 * 2**20"
codes=$(json_value "$work/sleep.json" 'r[0]["extra_info"]["exit_codes"]')
pass_if "exit codes are recorded ($codes)" "$codes == [0] * 10"

# The shell's start-up cost is measured and subtracted: an empty command is
# left with a small part of it (what remains is the noise of two means).
check "an empty command through the shell" 0 '' -- --runs 30 --json "$work/empty.json" ':'
empty=$(json_value "$work/empty.json" 'r[0]["stats"]["median"]')
spawn=$(json_value "$work/empty.json" 'r[0]["options"]["spawn_cost"]')
pass_if "an empty command measures near 0 (median $empty s, the shell's cost $spawn s)" \
  "$spawn > 0 and $empty < 0.5 * $spawn"
check "--shell none runs a program directly" 0 'sleep 0.01' -- --shell none --runs 5 --json "$work/none.json" 'sleep 0.01'
direct=$(json_value "$work/none.json" 'r[0]["stats"]["median"]')
# Without a shell nothing is subtracted: sleep's own start-up (exec, the
# dynamic linker) stays in, a millisecond or two.
pass_if "sleep 0.01 without a shell takes 10 ms plus its start-up ($direct s)" "0.95 <= $direct / 0.01 <= 2.0"

check "a failing command is exit 1, named with its exit code" 1 'command "exit 3" exited with status 3' 'hint: -i' -- \
  --runs 3 'exit 3'
check "-i keeps measuring and records the exit codes" 0 'exit 3' -- -i --runs 3 --json "$work/failing.json" 'exit 3'
codes=$(json_value "$work/failing.json" 'r[0]["extra_info"]["exit_codes"]')
pass_if "-i records every exit code ($codes)" "$codes == [3, 3, 3]"
check "a missing command is exit 2 (through the shell)" 2 'no-such-command-pace' 'no such command' 'hint:' -- \
  --runs 3 'no-such-command-pace --flag'
check "a missing command is exit 2 (no shell)" 2 'could not be executed' 'hint:' -- \
  --shell none --runs 3 'no-such-command-pace --flag'

start=$(date +%s)
check "a hanging command is killed after --timeout" 1 'timed out after 1 s' -- --runs 2 --timeout 1 'sleep 31.4159; true'
took=$(($(date +%s) - start))
pass_if "the timeout ended it within 5 s (took $took s)" "$took <= 5"
check "a timeout fails even under -i" 1 'timed out' 'hint: raise --timeout' -- -i --runs 2 --timeout 0.2 'sleep 31.4159'
check "-i still fails only the command that timed out" 1 'true' -- -i --runs 2 --timeout 0.2 'true' 'sleep 31.4159' 
if pgrep -f 'sleep 31.4159' >/dev/null; then
  echo "FAILED: the hung command's process group was left behind"; failures=$((failures + 1))
else echo "ok: nothing of the hung command is left"; fi

check "a parameter scan makes a result per value" 0 'sleep 0.0\{t\}\[t=1\]' 'sleep 0.0\{t\}\[t=3\]' -- \
  --runs 3 -P t 1 3 -D 2 --json "$work/scan.json" 'sleep 0.0{t}'
dims=$(json_value "$work/scan.json" '[b["dims"]["t"] for b in r]')
pass_if "the scan's dims are numbers ($dims)" "$dims == [1, 3]"
check "-L scans a list" 0 'printf \{w\}\[w=a\]' 'printf \{w\}\[w=b\]' -- --runs 2 -L w a,b 'printf {w}'
check "a parameter no command uses is exit 2" 2 'parameter "x" appears in no command' -- --runs 2 -L x 1,2 'true'
check "a bad --shell is exit 2" 2 'expected sh or none' -- --shell bash 'true'

# --ab: two commands in pairs of runs, judged as pace ab judges two builds.
check "--ab finds sleep 0.02 slower than sleep 0.01" 0 'base: +sleep 0.01' 'candidate: sleep 0.02' 'slower' -- \
  --ab --runs 20 --seed 1 --json "$work/ab.json" 'sleep 0.01' 'sleep 0.02'
verdict=$(json_value "$work/ab.json" 'r[0]["extra_info"]["ab"]["verdict"]')
change=$(json_value "$work/ab.json" 'r[0]["extra_info"]["ab"]["change"]')
# 20 ms against 10 ms, each plus the shell's start-up (1-3 ms) and a late wake-up: +100% diluted.
pass_if "--ab's verdict is slower, by +30% to +120% ($verdict, $change)" "'$verdict' == 'slower' and 0.3 <= $change <= 1.2"
samples=$(json_value "$work/ab.json" 'len(r[0]["stats"]["data"])')
pass_if "--ab's --json holds the candidate's 20 runs ($samples)" "$samples == 20"
check "--ab's gate fails a slower candidate: exit 1" 1 'REGRESSION' 'gate median:10%: 1 regression' -- \
  --ab --runs 20 --fail-on median:10% 'sleep 0.01' 'sleep 0.02'
# Identical commands: the 95% interval holds 0 in 95% of comparisons by
# construction, so a second try keeps a false alarm to 1 in 400.
for attempt in 1 2; do
  "$pace" cmd --ab --runs 20 --fail-on median:10% 'sleep 0.01' 'sleep 0.01' >"$work/same.txt" 2>&1
  same_status=$?
  grep -q 'no change' "$work/same.txt" && break
done
if [ "$same_status" = 0 ] && grep -q 'no change' "$work/same.txt" && grep -q 'no regressions' "$work/same.txt"; then
  echo "ok: --ab on identical commands: no change, the gate passes"; else
  echo "FAILED: --ab on identical commands (exit $same_status)"; sed 's/^/  | /' "$work/same.txt"; failures=$((failures + 1)); fi
check "--ab with a failing side is exit 1" 1 'candidate: command "exit 3" exited with status 3' -- \
  --ab --runs 5 'true' 'exit 3'
check "--ab needs two commands" 2 'compares two commands, found 1' -- --ab 'true'

# --shim: fake programs first on PATH for the commands.
check "a command calling a 20 ms shim 5 times" 0 'tool; tool' -- \
  --shim 'tool=20ms' --runs 3 --json "$work/shim.json" 'tool; tool; tool; tool; tool'
shimmed=$(json_value "$work/shim.json" 'r[0]["stats"]["min"]')
pass_if "it takes at least 5 x 20 ms ($shimmed s)" "$shimmed >= 0.1"
check "a shim prints its stdout" 0 '' -- --shim 'uv=1ms:stdout=Resolved: 3\n' --runs 2 'test "$(uv)" = "Resolved: 3"'
check "a shim exits with its status" 1 'command "git status" exited with status 4' -- --shim 'git:exit=4' --runs 2 'git status'
check "shims precede the commands' own PATH, in both commands" 0 '' -- --shim 'ls:exit=0' --shell none --runs 2 'ls /nonexistent' 'ls /nonexistent'
TMPDIR=$work "$pace" cmd --shim 'tool=1ms' --runs 1 'tool' >/dev/null 2>&1
if ls "$work" | grep -q pace-shim; then echo "FAILED: the shim directory was left behind"; failures=$((failures + 1)); else
  echo "ok: the shim directory is removed at the end"; fi
check "a bad shim spec is exit 2 with a hint" 2 '"uv=10": "10" is not a delay' 'hint:' -- --shim 'uv=10' 'uv'

if "$pace" compare "$work/sleep.json" "$work/sleep.json" >"$work/compare.txt" 2>&1 &&
  grep -q 'sleep 0.05' "$work/compare.txt"; then echo "ok: pace compare reads pace cmd's --json"; else
  echo "FAILED: pace compare reads pace cmd's --json"; sed 's/^/  | /' "$work/compare.txt"; failures=$((failures + 1)); fi
if "$pace" plot "$work/scan.json" --view scaling -o "$work/scan.html" >/dev/null 2>&1 && [ -s "$work/scan.html" ]; then
  echo "ok: pace plot --view scaling draws a scan"; else
  echo "FAILED: pace plot --view scaling draws a scan"; failures=$((failures + 1)); fi

if [ $failures -gt 0 ]; then echo "$failures failed"; exit 1; fi
echo "all passed"
