#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Times pace's readers of a long history: `pace list`, `pace history show` and
# `pace plot --view history` over a storage of COMMITS runs of BENCHMARKS
# benchmarks (1,000 x 500 by default, ~650 MB of run files), each three ways
# in one session:
#   files    every run file read, as before the index (PACE_STORAGE_INDEX=off)
#   rebuild  no index yet: every file read once and the index written
#   index    the index read, no run file opened
# and reports wall time, CPU time (user + system: what a loaded machine does
# not inflate) and peak memory (/usr/bin/time -v) side by side.
# Beside them, the same summaries in SQLite (index_to_sqlite.py copies the
# index into a database): the sqlite3 shell selecting every result of every
# run, the least an SQLite-backed reader would do before building anything.
#   bench/history/history_storage_speed.sh PACE [WORK_DIR] [COMMITS] [BENCHMARKS]
# Build PACE in Release for figures worth quoting. The storage is generated
# once into WORK_DIR (generate_history.py) and reused.
set -eu
pace=$1
work=${2:-$(mktemp -d)}
commits=${3:-1000}
benchmarks=${4:-500}
here=$(dirname "$0")
machine=Linux-x86_64-Bench
storage="$work/storage-$commits-$benchmarks"
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package time)"; exit 2; }

if [ ! -d "$storage/$machine" ]; then
    echo "generating $commits commits x $benchmarks benchmarks in $storage"
    python3 "$here/generate_history.py" "$storage" --commits "$commits" --benchmarks "$benchmarks"
fi
echo "storage: $(ls "$storage/$machine" | grep -c '\.json$') run files, $(du -sh "$storage/$machine" | cut -f1)"
cat "$storage/$machine"/*.json >/dev/null  # into the page cache: every way reads warm files

# measure WAY COMMAND NAME: one timed run, its "WAY NAME seconds kilobytes" appended to $work/figures.
measure() {
    way=$1
    name=$2
    shift 2
    if ! /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt"; then
        echo "$way $name failed:"; cat "$work/err.txt"; exit 1
    fi
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt" |
        awk -F: '{ s = 0; for (i = 1; i <= NF; ++i) s = s * 60 + $i; print s }')
    kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
    cpu=$(sed -n 's/.*\(User\|System\) time (seconds): //p' "$work/time.txt" | awk '{ s += $1 } END { print s }')
    echo "$way $name $wall $cpu $kb" >>"$work/figures"
}
list() { measure "$1" "pace list" "$pace" list --storage "$storage" --machine "$machine"; }
show() { measure "$1" "history show" "$pace" history show --storage "$storage" --machine "$machine"; }
plot() { measure "$1" "plot --view history" "$pace" plot --view history --storage "$storage" --machine "$machine" \
    -o "$work/history.html"; }

: >"$work/figures"
for command in list show plot; do
    PACE_STORAGE_INDEX=off $command files
    rm -f "$storage/$machine/.index"
    $command rebuild
    $command index
done
index_size=$(du -h "$storage/$machine/.index" | cut -f1)
if command -v sqlite3 >/dev/null; then
    python3 "$here/index_to_sqlite.py" "$storage/$machine/.index" "$work/index.sqlite"
    cat "$work/index.sqlite" >/dev/null
    measure sqlite "select every result (sqlite3)" sqlite3 "$work/index.sqlite" \
        "SELECT runs.file, runs.commit_info, results.* FROM runs JOIN results ON results.run = runs.run ORDER BY runs.run"
    index_size="$index_size; the same in SQLite: $(du -h "$work/index.sqlite" | cut -f1)"
fi

python3 - "$work/figures" "$index_size" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    way, rest = line.split(" ", 1)
    name, wall, cpu, kb = rest.rsplit(" ", 3)
    rows.setdefault(name, {})[way] = (float(wall), float(cpu), int(kb) / 1024)
print(f"index: {sys.argv[2]}")
print("wall time (user + system CPU time), peak resident memory")
print(f"{'command':<32}{'every file':>32}{'index rebuilt':>32}{'index':>32}{'SQLite':>32}")
for name, ways in rows.items():
    cells = "".join(f"{f'{ways[w][0]:.2f} s ({ways[w][1]:.2f} s CPU), {ways[w][2]:.0f} MB' if w in ways else '':>32}"
                    for w in ("files", "rebuild", "index", "sqlite"))
    print(f"{name:<32}{cells}")
PY
