#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Times the PostgreSQL store against the file store on the same data: a
# history of RUNS runs x BENCHMARKS results (100 x 10,000 by default: a
# million results; 5 samples each) written as a storage directory by
# bench/history/generate_history.py and pushed into a PostgreSQL server
# started here (Debian's, in a temporary directory, on a free port, as the
# postgres user when run as root, stopped on exit). Then, each way, REPEAT
# times (median shown), wall time, CPU time (user + system) and peak memory
# (/usr/bin/time -v) of:
#   save 10,000 results   one run of 10,000 benchmarks: pace store push of it
#                         (PostgreSQL only: the file store's save is one file write)
#   load a run            pace compare of two saved runs, by number
#   pace list             this machine's runs
#   history show          every run of the machine, the default metric
#   bench/store/postgres_speed.sh PACE [WORK_DIR] [RUNS] [BENCHMARKS] [REPEAT]
# Build PACE in Release for figures worth quoting. A million results take
# minutes to generate and push and ~3 GB of disk: do not run it on a machine
# others are measuring on.
set -euo pipefail
pace=$1
work=${2:-$(mktemp -d)}
runs=${3:-100}
benchmarks=${4:-10000}
repeat=${5:-3}
here=$(cd "$(dirname "$0")" && pwd)
machine=Linux-x86_64-Bench
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package time)"; exit 2; }
pgbin=""
for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
  [ -x "$dir/initdb" ] && { pgbin=$dir; break; }
done
[ -n "$pgbin" ] || { echo "needs PostgreSQL's server (apt-get install postgresql)"; exit 2; }
mkdir -p "$work"
pg=$(mktemp -d)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then as_pg=(runuser -u postgres --); chown postgres "$pg"; fi
stop() { "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pg/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pg"; }
trap stop EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as_pg[@]}" "$pgbin/initdb" -D "$pg/data" -U bench --auth=trust -E UTF8 --locale=C >/dev/null
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pg/data" -l "$pg/server.log" -w -o "-p $port -k $pg -c listen_addresses=127.0.0.1" \
  start >/dev/null
url="postgresql://bench@127.0.0.1:$port/postgres"

storage="$work/storage-$runs-$benchmarks"
if [ ! -d "$storage/$machine" ]; then
  echo "generating $runs runs x $benchmarks benchmarks in $storage"
  python3 "$here/../history/generate_history.py" "$storage" --commits "$runs" --benchmarks "$benchmarks" --samples 5 \
    --distinct 10
fi
big="$work/big-10000"
[ -d "$big/$machine" ] || python3 "$here/../history/generate_history.py" "$big" --commits 1 --benchmarks 10000 --samples 5
"$pace" store init "$url" >/dev/null
echo "filling the database: pace store push of $runs runs"
start=$(date +%s.%N)
"$pace" store push "$storage" "$url"
echo "push: $(python3 -c "print(f'{$(date +%s.%N) - $start:.1f}')") s"
"${as_pg[@]}" "$pgbin/psql" -h "$pg" -p "$port" -U bench -d postgres -qAt \
  -c "VACUUM ANALYZE" -c "SELECT 'results in the database: ' || count(*) FROM pace.results"
cat "$storage/$machine"/*.json >/dev/null  # warm files, as the database's pages are after the push

# measure WAY NAME COMMAND...: REPEAT timed runs, "WAY|NAME|wall|cpu|kb" each appended to $work/figures.
measure() {
  local way=$1 name=$2; shift 2
  for _ in $(seq "$repeat"); do
    if ! /usr/bin/time -v -o "$work/time.txt" "$@" >"$work/out.txt" 2>"$work/err.txt"; then
      echo "$way $name failed:"; cat "$work/err.txt"; exit 1
    fi
    local wall kb cpu
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt" |
      awk -F: '{ s = 0; for (i = 1; i <= NF; ++i) s = s * 60 + $i; print s }')
    kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
    cpu=$(sed -n 's/.*\(User\|System\) time (seconds): //p' "$work/time.txt" | awk '{ s += $1 } END { print s }')
    echo "$way|$name|$wall|$cpu|$kb" >>"$work/figures"
  done
  cp "$work/out.txt" "$work/$way-$(printf %s "$name" | tr -c "a-z0-9" _).out"
}
: >"$work/figures"
export PACE_NO_CHECKS=1
mid=$(printf '%04d' $((runs / 2)))
next=$(printf '%04d' $((runs / 2 + 1)))
# Side by side: each command on the store, then on the files.
measure postgres "pace list" "$pace" list --store "$url" --machine "$machine"
measure files "pace list" "$pace" list --storage "$storage" --machine "$machine"
measure postgres "history show" "$pace" history show --store "$url" --machine "$machine"
measure files "history show" "$pace" history show --storage "$storage" --machine "$machine"
measure postgres "load a run (compare two)" "$pace" compare "$mid" "$next" --store "$url"
measure files "load a run (compare two)" "$pace" compare "$mid" "$next" --storage "$storage"
for _ in $(seq "$repeat"); do
  repeat=1 measure postgres "save 10,000 results" "$pace" store push "$big" "$url"
  "${as_pg[@]}" "$pgbin/psql" -h "$pg" -p "$port" -U bench -d postgres -qAt \
    -c "DELETE FROM pace.runs WHERE number > $runs" >/dev/null  # the next push saves it again
done
cmp -s "$work/postgres-history_show.out" "$work/files-history_show.out" ||
  echo "history show differs between the stores: diff $work/postgres-history_show.out $work/files-history_show.out"

python3 - "$work/figures" "$runs" "$benchmarks" <<'PY'
import sys, statistics
rows = {}
for line in open(sys.argv[1]):
    way, name, wall, cpu, kb = line.strip().split("|")
    rows.setdefault(name, {}).setdefault(way, []).append((float(wall), float(cpu), int(kb) / 1024))
print(f"{sys.argv[2]} runs x {sys.argv[3]} results; median of each: wall time (user + system CPU time), "
      "peak resident memory of pace")
print(f"| command | PostgreSQL | files |\n|---|---|---|")
def cell(samples):
    if not samples: return ""
    m = lambda i: statistics.median(s[i] for s in samples)
    return f"{m(0):.2f} s ({m(1):.2f} s CPU), {m(2):.0f} MB"
for name, ways in rows.items():
    print(f"| {name} | {cell(ways.get('postgres'))} | {cell(ways.get('files'))} |")
PY
