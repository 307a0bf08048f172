#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# pace history and pace bisect on a real git repository made here: 12 commits
# of a tiny library built with CMake against an installed pace, where commit 7
# makes work() slower by about 1,000 instructions a call (+30%), commit 9 does
# not build (commit 10 fixes it) and commit 5 adds a second benchmark and an
# API (since5()) that today's benchmarks in bench/ (bench_sources) use.
# Instruction counts (valgrind) make every figure exact and the test quick.
#   e2e.sh PACE_BINARY PACE_BUILD_DIR
set -euo pipefail
for tool in git valgrind ninja; do
  command -v $tool >/dev/null || { echo "skipped: no $tool"; exit 77; }
done
pace=$1
build=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$work/prefix" >/dev/null

repo="$work/repo"
mkdir -p "$repo"
cd "$repo"
git init -q -b main
git config user.email test@example.com
git config user.name "pace test"
commit() {  # commit NUMBER SUBJECT
  git add -A
  GIT_AUTHOR_DATE="2026-01-$(printf %02d "$1")T12:00:00Z" GIT_COMMITTER_DATE="2026-01-$(printf %02d "$1")T12:00:00Z" \
    git commit -q -m "$2"
}
# work(n): n rounds of a volatile add, ~5 instructions each; `extra` more rounds from commit 7.
write_lib() {  # write_lib EXTRA_ROUNDS [BROKEN]
  cat >lib.cpp <<CPP
#include "lib.hpp"
int work(int n) {
    volatile int acc = 0;
    for (int i = 0; i < n; ++i) acc = acc + i;
    for (int i = 0; i < $1; ++i) acc = acc + 1;
    return acc${2:-};
}
int other(int n) { volatile int acc = 0; for (int i = 0; i < n; ++i) acc = acc + 2; return acc; }
CPP
}
cat >lib.hpp <<'CPP'
#pragma once
int work(int n);
int other(int n);
CPP
cat >CMakeLists.txt <<CMAKE
cmake_minimum_required(VERSION 3.24)
project(tiny LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 17)
find_package(pace REQUIRED)
add_library(tiny STATIC lib.cpp)
target_compile_options(tiny PRIVATE -O2)
file(GLOB today_benchmarks CONFIGURE_DEPENDS bench/*.cpp)
pace_add_benchmark(tiny_bench SOURCES bench.cpp \${today_benchmarks} NO_TEST)
target_link_libraries(tiny_bench PRIVATE tiny)
CMAKE
cat >pace.toml <<TOML
[history]
build = "cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=$work/prefix >/dev/null && cmake --build build"
bench = "build/tiny_bench --mode instructions --no-memory"
TOML
cat >bench.cpp <<'CPP'
#include <pace/pace.hpp>
#include "lib.hpp"
PACE_BENCH("work") { bench.measure([] { return work(600); }); }
CPP
write_lib 0
commit 1 "tiny: work()"
for n in 2 3 4; do echo "note $n" >>NOTES; commit $n "notes $n"; done
cat >>bench.cpp <<'CPP'
PACE_BENCH("other") { bench.measure([] { return other(300); }); }
CPP
cat >api5.hpp <<'CPP'
#pragma once
inline int since5(int n) { volatile int acc = 0; for (int i = 0; i < n; ++i) acc = acc + 3; return acc; }
CPP
commit 5 "bench: other()"
echo "note 6" >>NOTES; commit 6 "notes 6"
write_lib 200; commit 7 "work: 200 more rounds"
echo "note 8" >>NOTES; commit 8 "notes 8"
write_lib 200 " +"; commit 9 "work: a typo that does not build"
write_lib 200; commit 10 "work: fix the typo"
for n in 11 12; do echo "note $n" >>NOTES; commit $n "notes $n"; done
c() { git rev-list --reverse HEAD | sed -n "$1p"; }
seventh=$(c 7)

echo "-- history run --last 12"
out=$("$pace" history run --last 12 2>&1) || fail "history run exited $?: $out"
echo "$out"
grep -q "12 commits: 11 measured, 0 skipped, 1 failed" <<<"$out" || fail "not 11 measured and 1 failed"
grep -q "$(c 9 | cut -c1-10)  build failed, log " <<<"$out" || fail "commit 9's failed build not reported"
[ "$(git status --porcelain --untracked-files=no)" = "" ] || fail "the working tree was touched"

echo "-- history run again: resumes"
out=$("$pace" history run --last 12 2>&1) || fail "second history run exited $?"
grep -q "12 commits: 0 measured, 12 skipped, 0 failed" <<<"$out" || fail "did not skip measured commits: $out"

echo "-- --every 5 --force: the newest and every 5th back, measured again"
out=$("$pace" history run --last 12 --every 5 --force 2>&1) || fail "history run --every exited $?: $out"
grep -q "3 commits: 3 measured, 0 skipped, 0 failed" <<<"$out" || fail "--every 5 of 12 is not 3 commits: $out"
grep -q "\[3/3\] $(c 12 | cut -c1-10)  measured" <<<"$out" || fail "--every did not keep the newest commit"

echo "-- --shard: the binary runs its part, saved under the part's name, resumed per part"
out=$("$pace" history run --last 1 --shard 2/2 --storage "$work/shards" 2>&1) || fail "history run --shard exited $?: $out"
grep -q "measured, 1 benchmark " <<<"$out" || fail "shard 2/2 of two benchmarks did not run one: $out"
ls "$work/shards"/*/0001_*_shard-2-of-2.json >/dev/null || fail "the part is not saved as shard-2-of-2"
out=$("$pace" history run --last 1 --shard 2/2 --storage "$work/shards" 2>&1) || fail "history run --shard exited $?"
grep -q "1 commit: 0 measured, 1 skipped" <<<"$out" || fail "a measured part was not skipped: $out"
out=$("$pace" history run --last 1 --shard 1/2 --storage "$work/shards" 2>&1) || fail "history run --shard 1/2 exited $?"
grep -q "1 commit: 1 measured, 0 skipped" <<<"$out" || fail "part 1 was skipped for part 2's run: $out"
parts=("$work/shards"/*/*_shard-*.json)
"$pace" merge "${parts[@]}" -o "$work/merged.json" >/dev/null || fail "the two parts do not merge"
grep -q '"fullname": "other"' "$work/merged.json" && grep -q '"fullname": "work"' "$work/merged.json" \
  || fail "the merged run lacks a benchmark"

echo "-- --commits FILE with a revision git does not know"
printf '%s\n# a comment\nno-such-branch\n' "$(c 3)" >"$work/commits.txt"
set +e
out=$("$pace" history run --commits "$work/commits.txt" 2>&1); rc=$?
set -e
[ "$rc" = 2 ] || fail "a bad revision in --commits exited $rc"
grep -q "commits.txt: line 3: 'no-such-branch' names no commit" <<<"$out" || fail "the error does not name the line: $out"

echo "-- history show"
out=$("$pace" history show --metric instructions 2>&1) || fail "history show exited $?: $out"
echo "$out"
grep -q "11 commits, 2 benchmarks, metric instructions" <<<"$out" || fail "not 11 commits and 2 benchmarks"
steps=$(grep -c "step at" <<<"$out" || true)
[ "$steps" = 1 ] || fail "$steps steps, expected one"
grep -q "step at $(cut -c1-10 <<<"$seventh") \"work: 200 more rounds\": .* +[23][0-9]\.[0-9]%, confidence 100.0%" <<<"$out" \
  || fail "the step is not at commit 7 with +20..39%"
# other() was added at commit 5: its trend is blank for the first four commits.
grep -Eq "^other +    ▁" <<<"$out" || fail "other is not absent before commit 5"
grep -q "failed: $(c 9 | cut -c1-10)" <<<"$out" || fail "show does not report commit 9"

echo "-- history run -j 2 into a fresh storage: two commits at a time, the same figures"
# The build marks itself under way (by its worktree's path) and, when done,
# notes how many builds are: with -j 2 some must overlap.
mkdir -p "$work/inflight"
{
  echo 'mark="$1/inflight/$(printf %s "$PWD" | tr / _)"; touch "$mark"; sleep 1'
  sed -n 's/^build = "\(.*\)"$/\1/p' pace.toml
  echo 'rc=$?; ls "$1/inflight" | wc -l >>"$1/overlap"; rm -f "$mark"; [ "$rc" = 0 ]'
} >"$work/traced_build.sh"
out=$("$pace" history run --last 12 -j 2 --storage "$work/parallel" --build "sh $work/traced_build.sh $work" 2>&1) \
  || fail "history run -j 2 exited $?: $out"
echo "$out"
grep -q "12 commits: 11 measured, 0 skipped, 1 failed" <<<"$out" || fail "-j 2: not 11 measured and 1 failed"
[ "$(sort -n "$work/overlap" | tail -1)" -ge 2 ] || fail "-j 2 never had two builds under way: $(tr '\n' ' ' <"$work/overlap")"
[ "$(git worktree list | wc -l)" = 1 ] || fail "-j 2 left worktrees behind: $(git worktree list)"
[ "$(git status --porcelain --untracked-files=no)" = "" ] || fail "-j 2 touched the working tree"
serial=$("$pace" history show --metric instructions | grep -v '^failed:')
parallel=$("$pace" history show --metric instructions --storage "$work/parallel" | grep -v '^failed:')
[ "$serial" = "$parallel" ] || fail "-j 2 measured otherwise than one at a time: $parallel"

echo "-- plot --view history: this machine's storage, the step counted"
out=$("$pace" plot --view history -o "$work/history.html" 2>&1) || fail "plot --view history exited $?: $out"
grep -q "history (instructions): 2 ids, 11 commits, 1 step -> " <<<"$out" || fail "plot --view history: $out"
grep -q "work: 200 more rounds" "$work/history.html" || fail "the page lacks commit 7's subject"

# A copy of the storage for the golden cases of history show (tests/cli/history_*).
if [ -n "${PACE_HISTORY_KEEP:-}" ]; then rm -rf "$PACE_HISTORY_KEEP"; cp -r .pace "$PACE_HISTORY_KEEP"; fi

echo "-- bisect on a fresh storage"
out=$("$pace" bisect --good "$(c 1)" --bad "$(c 12)" --metric instructions --threshold 2% --storage "$work/bisect" 2>&1) \
  || fail "bisect exited $?: $out"
echo "$out"
grep -q "first bad commit: $seventh work: 200 more rounds" <<<"$out" || fail "bisect did not find commit 7"
probe_builds=$(sed -n 's/.* builds\? (\([0-9]*\) for the probes).*/\1/p' <<<"$out")
[ -n "$probe_builds" ] && [ "$probe_builds" -le 5 ] || fail "bisect built $probe_builds commits to probe, more than 5"

echo "-- bisect on the history's storage: nothing to build"
out=$("$pace" bisect --good "$(c 1)" --bad "$(c 12)" --metric instructions --threshold 2% 2>&1) || fail "bisect exited $?"
grep -q "first bad commit: $seventh" <<<"$out" || fail "bisect from stored runs did not find commit 7"
grep -q ", 0 builds (0 for the probes)" <<<"$out" || fail "bisect built commits it had stored: $out"

echo "-- bisect with no regression"
set +e
out=$("$pace" bisect --good "$(c 1)" --bad "$(c 6)" --metric instructions --threshold 2% 2>&1); rc=$?
set -e
[ "$rc" = 1 ] || fail "bisect over no regression exited $rc: $out"
echo "-- bench_sources: today's bench/ measures every commit's code"
# Untracked files of the current tree, as a user's new benchmarks are:
# today/work exists at no commit, since5 needs the API commit 5 adds.
mkdir -p bench
cat >bench/today.cpp <<'CPP'
#include <pace/pace.hpp>
#include "../lib.hpp"
PACE_BENCH("today/work") { bench.measure([] { return work(300); }); }
CPP
cat >bench/since5.cpp <<'CPP'
#include <pace/pace.hpp>
#include "../api5.hpp"
PACE_BENCH("since5") { bench.measure([] { return since5(100); }); }
CPP
set +e
out=$("$pace" history run --last 1 --bench-sources nowhere --storage "$work/sources" 2>&1); rc=$?
set -e
[ "$rc" = 2 ] || fail "a missing bench_sources folder exited $rc: $out"
grep -q "'nowhere' is not a folder of the current tree" <<<"$out" || fail "the missing folder is not named: $out"
cp pace.toml "$work/pace.toml.orig"
echo 'bench_sources = "bench/"' >>pace.toml
out=$("$pace" history run --last 12 -j 2 --storage "$work/sources" 2>&1) || fail "history run with bench_sources exited $?: $out"
echo "$out"
grep -q "12 commits: 11 measured, 0 skipped, 1 failed" <<<"$out" || fail "bench_sources: not 11 measured and 1 failed"
for n in 1 2 3 4; do
  grep -q "$(c $n | cut -c1-10)  measured, 2 benchmarks (bench/since5.cpp does not compile here: absent, log " <<<"$out" \
    || fail "commit $n: since5.cpp not reported absent"
  log=$(ls "$work/sources"/.history/*/bench-sources/"$(c $n)".log) || fail "commit $n: the log of since5.cpp is not kept"
  grep -q "since5.cpp.*api5.hpp" "$log" || fail "commit $n: the kept log lacks the compiler's error"
done
grep -q "$(c 5 | cut -c1-10)  measured, 4 benchmarks  bench: other()" <<<"$out" || fail "commit 5 does not run 4 benchmarks"
grep -q "$(c 9 | cut -c1-10)  build failed, log " <<<"$out" || fail "commit 9's own failure is not a build failure"
[ "$(grep -l '"bench_sources_absent"' "$work/sources"/*/*.json | wc -l)" = 4 ] \
  || fail "the runs of commits 1-4 do not record the absent source"
out=$("$pace" history show --metric instructions --storage "$work/sources" 2>&1) || fail "history show exited $?: $out"
echo "$out"
grep -q "11 commits, 4 benchmarks, metric instructions" <<<"$out" || fail "not 11 commits and 4 benchmarks"
grep -Eq "^since5 +    ▁" <<<"$out" || fail "since5 is not absent before commit 5"
grep -Eq "^today/work +▁" <<<"$out" || fail "today's benchmark did not measure commit 1"
[ "$(grep -c "step at $(cut -c1-10 <<<"$seventh")" <<<"$out")" = 2 ] \
  || fail "today's benchmark does not see commit 7's step as work does"
[ "$(grep -c '^failed:' <<<"$out")" = 1 ] || fail "a commit with an absent benchmark counts as failed"
cp "$work/pace.toml.orig" pace.toml
echo "history e2e: all checks passed"
