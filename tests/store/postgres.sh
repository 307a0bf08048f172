#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The PostgreSQL store against a real server: Debian's PostgreSQL started here
# in a temporary data directory, on a free port, its socket in a temporary
# directory, stopped on exit. Skipped (exit 77, with a message) when the
# server binaries are not installed (apt-get install postgresql).
#   postgres.sh PACE_BINARY ODD_NAMES_BENCHMARK
set -euo pipefail
pace=$1
bench=$2
here=$(cd "$(dirname "$0")" && pwd)

pgbin=""
for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
  [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && { pgbin=$dir; break; }
done
[ -n "$pgbin" ] || { echo "SKIPPED: no PostgreSQL server binaries (apt-get install postgresql)"; exit 77; }
psql_bin=$pgbin/psql
[ -x "$psql_bin" ] || psql_bin=$(command -v psql || true)
[ -n "$psql_bin" ] || { echo "SKIPPED: no psql"; exit 77; }

work=$(mktemp -d)
# PostgreSQL refuses to run as root: as root, the server runs as the postgres user.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "SKIPPED: running as root and there is no postgres user"; exit 77; }
  as_pg=(runuser -u postgres --)
  chown postgres "$work"
fi
stop() {
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
mkdir -p "$work/sock" && [ ${#as_pg[@]} -eq 0 ] || chown postgres "$work/sock"
echo "admin-pw" >"$work/pwfile" && { [ ${#as_pg[@]} -eq 0 ] || chown postgres "$work/pwfile"; }
"${as_pg[@]}" "$pgbin/initdb" -D "$work/data" -U admin --pwfile="$work/pwfile" --auth-local=trust \
  --auth-host=scram-sha-256 -E UTF8 --locale=C >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log"; fail "initdb"; }
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$work/data" -l "$work/data/server.log" -w \
  -o "-p $port -k $work/sock -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null ||
  { cat "$work/data/server.log"; fail "pg_ctl start"; }

sql() { "$psql_bin" -h "$work/sock" -p "$port" -U admin -v ON_ERROR_STOP=1 -qAt "$@"; }
secret='S3cr3t-Pw_7f'
sql -d postgres -c "CREATE ROLE runner LOGIN PASSWORD '$secret'"
for db in pace v1 v2 v3 hist empty alien newer; do sql -d postgres -c "CREATE DATABASE $db OWNER runner"; done
url() { echo "postgresql://runner:$secret@127.0.0.1:$port/$1"; }
URL=$(url pace)
wrong="postgresql://runner:Wrong-Pw_99@127.0.0.1:$port/pace"
wrong_url=$wrong
cd "$work"
export PACE_NO_CHECKS=1
quick=(--max-time 0.005 --min-rounds 3 --warmup=0)

# psql prints a value and a line break: the file compared has one more.
# Every output of pace is checked for the password.
no_secret() { ! grep -q -- "$secret" "$@" || fail "the password is printed in $*"; }
expect_exit() {  # expect_exit CODE OUT_PREFIX COMMAND...
  local want=$1 out=$2; shift 2
  set +e; "$@" >"$out.out" 2>"$out.err"; local got=$?; set -e
  no_secret "$out.out" "$out.err"
  [ "$got" -eq "$want" ] || { cat "$out.out" "$out.err"; fail "$* exited $got, expected $want"; }
}

echo "== init, and init again"
expect_exit 0 init "$pace" store init "$URL"
grep -q "created the pace store, schema version 4" init.out || fail "init: $(cat init.out)"
grep -q "runner:\*\*\*@" init.out || fail "init does not show the URL masked: $(cat init.out)"
expect_exit 0 init2 "$pace" store init "$URL"
grep -q "nothing to do" init2.out || fail "second init: $(cat init2.out)"

echo "== round trip of a run: the stored file is the file store's, every column its value"
expect_exit 0 save "$bench" "${quick[@]}" --save base --store "$URL" --json run.json
grep -q "pace: saved postgresql://runner:\*\*\*@127.0.0.1:$port/pace#.*/0001_base" save.err || fail "save: $(cat save.err)"
sql -d pace -c "SELECT document FROM pace.runs WHERE number = 1" >stored.json
{ cat run.json; echo; } | cmp -s - stored.json || fail "the stored document differs from the run's file"
"$bench" "${quick[@]}" --save base --storage files --json file_run.json >/dev/null 2>&1
sql -d pace -F $'\t' -c "SELECT b.fullname, r.status, r.median, r.mean, r.min, r.max, r.stddev, r.p95, r.ops, r.rounds,
  r.iterations, r.peak, r.allocated, r.allocations, array_to_json(s.seconds) FROM pace.results r
  JOIN pace.benchmarks b ON b.id = r.benchmark LEFT JOIN pace.samples s ON s.run = r.run AND s.benchmark = r.benchmark
  WHERE r.run = (SELECT id FROM pace.runs WHERE number = 1)" >columns.tsv
python3 - run.json columns.tsv files <<'PY' || fail "the results table differs from the run"
import json, sys, glob
run = json.load(open(sys.argv[1]))
rows = {}
for line in open(sys.argv[2]):
    f = line.rstrip("\n").split("\t")
    rows[f[0]] = f[1:]
assert len(rows) == len(run["benchmarks"]) == 5, (len(rows), len(run["benchmarks"]))
num = lambda t: None if t == "" else float(t)
for b in run["benchmarks"]:
    r = rows[b["fullname"]]
    s, m = b["stats"], b["memory"]
    assert r[0] == b["status"], (r[0], b["status"])
    for i, key in enumerate(["median", "mean", "min", "max", "stddev", "p95", "ops"]):
        assert num(r[1 + i]) == s[key], (b["fullname"], key, r[1 + i], s[key])
    assert int(r[8]) == s["rounds"] and int(r[9]) == s["iterations"]
    assert int(r[10]) == m["peak"] and int(r[11]) == m["allocated"] and int(r[12]) == m["allocations"]
    assert json.loads(r[13]) == s["data"], b["fullname"]
# The file store keeps the same layout: one file, the same keys everywhere.
saved = json.load(open(glob.glob(sys.argv[3] + "/*/0001_*_base.json")[0]))
def shape(x):
    if isinstance(x, dict): return {k: shape(v) for k, v in x.items()}
    if isinstance(x, list): return [shape(v) for v in x[:1]]
    return type(x).__name__
assert shape(saved) == shape(run), "the file store's JSON and the database's differ in layout"
PY
expect_exit 0 compare "$pace" compare run.json base --store "$URL" --fail-on mean:0.000001% --fail-on peak:0B
expect_exit 0 list "$pace" list --store "$URL"
grep -q "0001  base" list.out || fail "list: $(cat list.out)"
grep -q "'; DROP TABLE pace.runs; --" <(sql -d pace -c "SELECT fullname FROM pace.benchmarks") ||
  fail "the SQL metacharacters of a benchmark name are not stored"

echo "== eight processes saving at once"
for i in 1 2 3 4 5 6 7 8; do "$bench" "${quick[@]}" --no-memory --autosave --store "$URL" >"par$i.out" 2>"par$i.err" & done
wait
for i in 1 2 3 4 5 6 7 8; do grep -q "pace: saved" "par$i.err" || fail "writer $i: $(cat par$i.err)"; done
[ "$(sql -d pace -c "SELECT string_agg(number::text, ',' ORDER BY number) FROM pace.runs")" = "1,2,3,4,5,6,7,8,9" ] ||
  fail "numbers after eight writers: $(sql -d pace -c 'SELECT number FROM pace.runs')"
[ "$(sql -d pace -c "SELECT count(*) FROM pace.results")" = 45 ] || fail "results after eight writers"

echo "== a writer killed mid-transaction leaves nothing"
# Another session holds the samples table: the writer blocks after writing
# its run and results rows, uncommitted, and is killed there.
sql -d pace -c "BEGIN; LOCK TABLE pace.samples IN EXCLUSIVE MODE; SELECT pg_sleep(60);" >/dev/null 2>&1 &
locker=$!
sleep 0.5
"$bench" "${quick[@]}" --autosave --store "$URL" >killed.out 2>&1 &
writer=$!
for _ in $(seq 100); do
  waiting=$(sql -d pace -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pace' AND wait_event_type = 'Lock'")
  [ "$waiting" = 1 ] && break
  sleep 0.1
done
[ "$waiting" = 1 ] || fail "the writer never reached the locked table"
kill -9 $writer; wait $writer 2>/dev/null || true
sql -d pace -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()" >/dev/null
wait $locker 2>/dev/null || true
for _ in $(seq 100); do
  [ "$(sql -d pace -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pace'")" = 0 ] && break
  sleep 0.1
done
[ "$(sql -d pace -c "SELECT count(*) FROM pace.runs")" = 9 ] || fail "the killed writer left a run"
[ "$(sql -d pace -c "SELECT count(*) FROM pace.results")" = 45 ] || fail "the killed writer left results"
expect_exit 0 after "$bench" "${quick[@]}" --no-memory --autosave --store "$URL"
grep -q "#.*/0010" after.err || fail "the save after the killed writer: $(cat after.err)"

echo "== push: a file storage uploaded, twice adds nothing; odd machine fields kept exactly"
python3 - file_run.json files <<'PY'
import json, sys, glob, os
run = json.load(open(sys.argv[1]))
run["machine_info"]["node"] = "host'; DELETE FROM pace.runs; -- <b>&amp;</b> \"q\" \\ ü"
run.setdefault("commit_info", {})
run["commit_info"]["id"] = "abcdef1234567890abcdef1234567890abcdef12"
run["commit_info"]["branch"] = "feature/'quoted'"
dir = os.path.dirname(glob.glob(sys.argv[2] + "/*/0001_*_base.json")[0])
open(os.path.join(dir, "0002_nocommit_20260101T000000Z_odd.json"), "w").write(json.dumps(run, ensure_ascii=False))
PY
expect_exit 0 push "$pace" store push files "$URL"
grep -q ": 2 runs added, 0 already there" push.out || fail "push: $(cat push.out)"
expect_exit 0 push2 "$pace" store push files "$URL"
grep -q ": 0 runs added, 2 already there" push2.out || fail "second push: $(cat push2.out)"
sql -d pace -c "SELECT document FROM pace.runs WHERE name = 'odd'" >odd_stored.json
{ cat files/*/0002_*_odd.json; echo; } | cmp -s - odd_stored.json || fail "the pushed file differs"
expect_exit 0 compare_odd "$pace" compare files/*/0002_*_odd.json odd --store "$URL" --fail-on mean:0.000001%
expect_exit 0 compare_commit "$pace" compare files/*/0002_*_odd.json abcdef1 --store "$URL" --fail-on mean:0.000001%
[ "$(sql -d pace -c "SELECT branch FROM pace.runs WHERE name = 'odd'")" = "feature/'quoted'" ] || fail "branch"

echo "== history show and plot --view history read the store"
expect_exit 0 history "$pace" history show --store "$URL"
grep -q "sql/'; DROP TABLE pace.runs; --" history.out || fail "history show: $(cat history.out)"
expect_exit 0 plot "$pace" plot --view history -o history.html --store "$URL"
grep -q "5 ids, 1 commits" plot.out || fail "plot --view history: $(cat plot.out plot.err)"
grep -qF 'markup/\u003cscript\u003ealert' history.html || fail "plot --view history lacks a benchmark"

echo "== a schema of pace's first version, migrated"
"$psql_bin" -h "$work/sock" -p "$port" -U admin -d v1 -v ON_ERROR_STOP=1 -q -v doc="$(cat run.json)" <<'SQL'
CREATE SCHEMA pace;
CREATE TABLE pace.meta (version integer NOT NULL);
INSERT INTO pace.meta VALUES (1);
CREATE TABLE pace.machines (id serial PRIMARY KEY, machine_id text NOT NULL UNIQUE, info text NOT NULL DEFAULT '{}');
CREATE TABLE pace.runs (id bigserial PRIMARY KEY, machine integer NOT NULL REFERENCES pace.machines (id),
  number integer NOT NULL, name text NOT NULL DEFAULT '', commit_id text NOT NULL DEFAULT '',
  datetime text NOT NULL DEFAULT '', document text NOT NULL, saved_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (machine, number));
CREATE TABLE pace.benchmarks (id bigserial PRIMARY KEY, fullname text NOT NULL UNIQUE);
CREATE TABLE pace.results (run bigint NOT NULL REFERENCES pace.runs (id) ON DELETE CASCADE,
  benchmark bigint NOT NULL REFERENCES pace.benchmarks (id), status text NOT NULL, median double precision,
  mean double precision, min double precision, PRIMARY KEY (run, benchmark));
ALTER SCHEMA pace OWNER TO runner;
ALTER TABLE pace.meta OWNER TO runner; ALTER TABLE pace.machines OWNER TO runner; ALTER TABLE pace.runs OWNER TO runner;
ALTER TABLE pace.benchmarks OWNER TO runner; ALTER TABLE pace.results OWNER TO runner;
INSERT INTO pace.machines (machine_id) VALUES ('old-machine');
INSERT INTO pace.runs (machine, number, name, datetime, document) VALUES (1, 1, 'old', '2026-01-01T00:00:00Z', :'doc');
INSERT INTO pace.benchmarks (fullname) SELECT e ->> 'fullname' FROM jsonb_array_elements((:'doc')::jsonb -> 'benchmarks') e;
INSERT INTO pace.results SELECT 1, b.id, e ->> 'status', (e -> 'stats' ->> 'median')::float8,
  (e -> 'stats' ->> 'mean')::float8, (e -> 'stats' ->> 'min')::float8
  FROM jsonb_array_elements((:'doc')::jsonb -> 'benchmarks') e JOIN pace.benchmarks b ON b.fullname = e ->> 'fullname';
SQL
expect_exit 2 v1_list "$pace" list --all --store "$(url v1)"
grep -q "schema version 1, older than this pace's (4)" v1_list.err || fail "v1 list: $(cat v1_list.err)"
grep -q "^hint: bring it up to date with: pace store migrate" v1_list.err || fail "v1 hint: $(cat v1_list.err)"
expect_exit 0 migrate "$pace" store migrate "$(url v1)"
grep -q "migrated the pace store from schema version 1 to 4" migrate.out || fail "migrate: $(cat migrate.out)"
expect_exit 0 v1_list2 "$pace" list --all --store "$(url v1)"
grep -q "0001  old .* 5$" v1_list2.out || fail "after migrating: $(cat v1_list2.out)"
[ "$(sql -d v1 -c "SELECT count(*) FROM pace.samples")" = 5 ] || fail "samples were not filled from the documents"
[ "$(sql -d v1 -c "SELECT count(*) FROM pace.results WHERE ops IS NULL OR peak IS NULL")" = 0 ] ||
  fail "results columns were not filled from the documents"
expect_exit 0 v1_compare "$pace" compare run.json old --store "$(url v1)" --fail-on mean:0.000001%
expect_exit 0 migrate2 "$pace" store migrate "$(url v1)"
grep -q "nothing to do" migrate2.out || fail "second migrate: $(cat migrate2.out)"
[ "$(sql -d v1 -c "SELECT count(*) FROM pace.results WHERE position IS NULL OR processes IS NULL")" = 0 ] ||
  fail "version 3's columns were not filled from the documents"
expect_exit 0 v1_history "$pace" history show --store "$(url v1)" --machine old-machine
grep -q "sql/'; DROP TABLE pace.runs; --" v1_history.out || fail "history show after migrating from 1: $(cat v1_history.out)"

echo "== a schema of version 2, migrated: history reads the new columns"
# Version 2 as pace made it: version 1's tables, then migration 2's columns, samples and indexes.
"$psql_bin" -h "$work/sock" -p "$port" -U admin -d v2 -v ON_ERROR_STOP=1 -q -v doc="$(cat run.json)" <<'SQL'
CREATE SCHEMA pace AUTHORIZATION runner;
SET ROLE runner;
CREATE TABLE pace.meta (version integer NOT NULL);
INSERT INTO pace.meta VALUES (2);
CREATE TABLE pace.machines (id serial PRIMARY KEY, machine_id text NOT NULL UNIQUE, info text NOT NULL DEFAULT '{}');
CREATE TABLE pace.runs (id bigserial PRIMARY KEY, machine integer NOT NULL REFERENCES pace.machines (id),
  number integer NOT NULL, name text NOT NULL DEFAULT '', commit_id text NOT NULL DEFAULT '',
  datetime text NOT NULL DEFAULT '', document text NOT NULL, saved_at timestamptz NOT NULL DEFAULT now(),
  branch text NOT NULL DEFAULT '', benchmark_count integer NOT NULL DEFAULT 0, digest text NOT NULL,
  UNIQUE (machine, number));
CREATE TABLE pace.benchmarks (id bigserial PRIMARY KEY, fullname text NOT NULL UNIQUE);
CREATE TABLE pace.results (run bigint NOT NULL REFERENCES pace.runs (id) ON DELETE CASCADE,
  benchmark bigint NOT NULL REFERENCES pace.benchmarks (id), status text NOT NULL, median double precision,
  mean double precision, min double precision, max double precision, stddev double precision,
  p95 double precision, ops double precision, rounds bigint, iterations bigint, peak bigint, allocated bigint,
  allocations bigint, instructions double precision, PRIMARY KEY (run, benchmark));
CREATE TABLE pace.samples (run bigint NOT NULL, benchmark bigint NOT NULL, seconds double precision[] NOT NULL,
  PRIMARY KEY (run, benchmark), FOREIGN KEY (run, benchmark) REFERENCES pace.results (run, benchmark) ON DELETE CASCADE);
CREATE INDEX runs_by_name ON pace.runs (machine, name, number);
CREATE INDEX runs_by_commit ON pace.runs (machine, commit_id);
CREATE INDEX runs_by_digest ON pace.runs (machine, digest);
CREATE INDEX results_by_benchmark ON pace.results (benchmark, run);
INSERT INTO pace.machines (machine_id) VALUES ('v2-machine');
INSERT INTO pace.runs (machine, number, name, datetime, document, digest, benchmark_count)
  VALUES (1, 1, 'two', '2026-01-01T00:00:00Z', :'doc', md5(:'doc'), 5);
INSERT INTO pace.benchmarks (fullname) SELECT e ->> 'fullname' FROM jsonb_array_elements((:'doc')::jsonb -> 'benchmarks') e;
INSERT INTO pace.results (run, benchmark, status, median, mean, min, max, stddev, p95, ops, rounds, iterations,
  peak, allocated, allocations)
  SELECT 1, b.id, e ->> 'status', (e -> 'stats' ->> 'median')::float8, (e -> 'stats' ->> 'mean')::float8,
  (e -> 'stats' ->> 'min')::float8, (e -> 'stats' ->> 'max')::float8, (e -> 'stats' ->> 'stddev')::float8,
  (e -> 'stats' ->> 'p95')::float8, (e -> 'stats' ->> 'ops')::float8, (e -> 'stats' ->> 'rounds')::bigint,
  (e -> 'stats' ->> 'iterations')::bigint, (e -> 'memory' ->> 'peak')::bigint, (e -> 'memory' ->> 'allocated')::bigint,
  (e -> 'memory' ->> 'allocations')::bigint
  FROM jsonb_array_elements((:'doc')::jsonb -> 'benchmarks') e JOIN pace.benchmarks b ON b.fullname = e ->> 'fullname';
SQL
expect_exit 2 v2_history "$pace" history show --store "$(url v2)" --machine v2-machine
grep -q "schema version 2, older than this pace's (4)" v2_history.err || fail "v2 history: $(cat v2_history.err)"
expect_exit 0 migrate_v2 "$pace" store migrate "$(url v2)"
grep -q "migrated the pace store from schema version 2 to 4" migrate_v2.out || fail "migrate v2: $(cat migrate_v2.out)"
[ "$(sql -d v2 -c "SELECT count(*) FROM pace.results WHERE position IS NOT NULL AND q1 IS NOT NULL AND
  p99 IS NOT NULL AND leaked IS NOT NULL AND processes = 1")" = 5 ] || fail "v2 -> 3 left results unfilled"
[ "$(sql -d v2 -c "SELECT head::jsonb -> 'benchmarks' FROM pace.runs")" = "[]" ] || fail "v2 -> 3: the run's head"
# The same run in a storage directory: history show reads the same series from both.
mkdir -p v2files/v2-machine && cp run.json v2files/v2-machine/0001_nocommit_20260101T000000Z_two.json
for metric in median mean p99 peak leaked; do
  expect_exit 0 "v2_$metric" "$pace" history show --store "$(url v2)" --machine v2-machine --metric $metric
  expect_exit 0 "v2_files_$metric" "$pace" history show --storage v2files --machine v2-machine --metric $metric
  cmp -s "v2_$metric.out" "v2_files_$metric.out" ||
    { diff "v2_$metric.out" "v2_files_$metric.out"; fail "history show --metric $metric after migrating from 2"; }
done

echo "== history show: the same output from a storage directory and from the store it was pushed into"
python3 "$here/../../bench/history/generate_history.py" hist --commits 12 --benchmarks 30 --samples 5
# Besides the generated results: counters (instructions and a user counter)
# on some, a failed one and results without time figures (pace.unmeasured),
# a median interval and several processes, so that every column is read.
python3 - hist <<'PY'
import json, glob, sys
for n, path in enumerate(sorted(glob.glob(sys.argv[1] + "/*/*.json"))):
    run = json.load(open(path))
    for i, b in enumerate(run["benchmarks"]):
        if i % 3 == 0:
            b["counters"] = {"instructions": 1000 + 10 * i + (50 if n >= 6 and i == 3 else 0), "frames": 7.5 * i}
        if i == 4:
            b["median_ci"] = {"low": b["stats"]["median"] * 0.99, "high": b["stats"]["median"] * 1.02}
        if i == 5:
            b["stats"]["process_samples"] = [2, 3]
        if i == 8 and n == 3:
            b["status"] = "failed"
    run["pace"]["unmeasured"] = [
        {"name": "count/only", "fullname": "count/only", "status": "ok", "params": None, "param": None, "group": None,
         "extra_info": {}, "options": {}, "dims": {}, "tags": [], "counters": {"instructions": 500 + n, "frames": 2.0}},
        {"name": "broken", "fullname": "broken", "status": "failed", "params": None, "param": None, "group": None,
         "extra_info": {}, "options": {}, "dims": {}, "tags": []}]
    json.dump(run, open(path, "w"))
PY
same_history() {  # same_history NAME [--db DATABASE] ARGS...: history show over files and over the store print the same
  local name=$1 db=hist; shift
  [ "${1:-}" = --db ] && { db=$2; shift 2; }
  set +e
  "$pace" history show --storage hist --machine Linux-x86_64-Bench "$@" >"$name.files.out" 2>"$name.files.err"
  local files_exit=$?
  "$pace" history show --store "$(url "$db")" --machine Linux-x86_64-Bench "$@" >"$name.db.out" 2>"$name.db.err"
  local db_exit=$?
  set -e
  [ "$files_exit" = "$db_exit" ] || { cat "$name".*.err; fail "history show $*: exit $files_exit from files, $db_exit from the store"; }
  cmp -s "$name.files.out" "$name.db.out" || { diff "$name.files.out" "$name.db.out"; fail "history show $* differs"; }
  cmp -s "$name.files.err" "$name.db.err" || { diff "$name.files.err" "$name.db.err"; fail "history show $* errors differ"; }
}
"$pace" store init "$(url hist)" >/dev/null
"$pace" store push hist "$(url hist)" >/dev/null
for args in "" "--metric median" "--metric time" "--metric mean" "--metric min" "--metric max" "--metric p95" \
    "--metric p99" "--metric q1" "--metric iqr" "--metric total" "--metric stddev" "--metric ops" "--metric rounds" \
    "--metric iterations" "--metric cv" "--metric precision" "--metric peak" "--metric allocated" "--metric leaked" \
    "--metric instructions" "--metric frames" \
    "--filter suite1/" "--filter count --metric instructions"; do
  # shellcheck disable=SC2086
  same_history "hist_$(printf %s "$args" | tr -c "a-z0-9" _)" $args
done
grep -q "11 benchmarks, metric instructions" hist_.files.out || fail "the default metric: $(head -1 hist_.files.out)"
grep -q "step at " hist_.files.out || fail "no step found in the generated history: $(cat hist_.files.out)"
expect_exit 2 hist_unknown "$pace" history show --store "$(url hist)" --machine Linux-x86_64-Bench --metric nosuch
grep -q "no result carries the metric 'nosuch'" hist_unknown.err || fail "unknown metric: $(cat hist_unknown.err)"
expect_exit 0 hist_plot "$pace" plot --view history -o hist.html --store "$(url hist)" --machine Linux-x86_64-Bench
grep -q "12 commits" hist_plot.out || fail "plot --view history over the store: $(cat hist_plot.out)"

echo "== a schema of version 3, migrated to 4: history reads the packed columns filled from the documents"
# Version 3 as pace made it: version 4 without run_columns (migrations only add).
"$pace" store init "$(url v3)" >/dev/null
"$pace" store push hist "$(url v3)" >/dev/null
sql -d v3 -c "DROP TABLE pace.run_columns; UPDATE pace.meta SET version = 3"
expect_exit 2 v3_history "$pace" history show --store "$(url v3)" --machine Linux-x86_64-Bench
grep -q "schema version 3, older than this pace's (4)" v3_history.err || fail "v3 history: $(cat v3_history.err)"
expect_exit 0 migrate_v3 "$pace" store migrate "$(url v3)"
grep -q "migrated the pace store from schema version 3 to 4" migrate_v3.out || fail "migrate v3: $(cat migrate_v3.out)"
[ "$(sql -d v3 -c "SELECT count(DISTINCT run) FROM pace.run_columns")" = 12 ] || fail "v3 -> 4 left runs without columns"
for args in "" "--metric median" "--metric mean" "--metric p99" "--metric rounds" "--metric peak" \
    "--metric instructions" "--metric frames" "--filter count --metric instructions"; do
  # shellcheck disable=SC2086
  same_history "v3_$(printf %s "$args" | tr -c "a-z0-9" _)" --db v3 $args
done
# The pushed store and the migrated one hold the same blocks, byte for byte.
columns() { sql -d "$1" -c "SELECT r.number, c.name, md5(c.data) FROM pace.run_columns c JOIN pace.runs r ON r.id = c.run
  ORDER BY 1, 2"; }
[ "$(columns v3)" = "$(columns hist)" ] || fail "the migrated columns differ from those pace writes with a run"

echo "== damaged packed columns: exit 2 and a message naming the run and the column"
sql -d v3 -c "UPDATE pace.run_columns SET data = substring(data from 1 for 20) WHERE name = 'metric:median'
  AND run = (SELECT id FROM pace.runs WHERE number = 2)"
check_damaged() {  # check_damaged NAME PATTERN
  expect_exit 2 "$1" "$pace" history show --store "$(url v3)" --machine Linux-x86_64-Bench --metric median
  grep -q "^pace: error: .*run 0002 of Linux-x86_64-Bench: its column 'metric:median' in pace.run_columns is not pace's: $2" \
    "$1.err" || fail "$1: $(cat "$1.err")"
  grep -q '^hint: ' "$1.err" || fail "$1: no hint: $(cat "$1.err")"
}
check_damaged damaged_length "20 bytes, expected"
sql -d v3 -c "UPDATE pace.run_columns SET data = '\x71'::bytea || substring(data from 2) WHERE name = 'metric:median'
  AND run = (SELECT id FROM pace.runs WHERE number = 2)"
check_damaged damaged_type "type byte 0x71, expected 'd'"
sql -d v3 -c "UPDATE pace.run_columns SET data = '\x64ffffffff'::bytea WHERE name = 'metric:median'
  AND run = (SELECT id FROM pace.runs WHERE number = 2)"
check_damaged damaged_count "4294967295 elements, expected"
sql -d v3 -c "DELETE FROM pace.run_columns WHERE run = (SELECT id FROM pace.runs WHERE number = 2)"
expect_exit 2 damaged_missing "$pace" history show --store "$(url v3)" --machine Linux-x86_64-Bench
grep -q "1 of the 12 runs of Linux-x86_64-Bench have no columns in pace.run_columns" damaged_missing.err ||
  fail "damaged_missing: $(cat damaged_missing.err)"

echo "== pace merge --save --store, and --storage winning over PACE_STORE and [store] url"
"$bench" "${quick[@]}" --no-memory --shard 1/2 --json part1.json >/dev/null 2>&1
"$bench" "${quick[@]}" --no-memory --shard 2/2 --json part2.json >/dev/null 2>&1
expect_exit 0 merge_store "$pace" merge part1.json part2.json -o merged.json --save merged --store "$URL"
grep -q "pace: saved postgresql://runner:\*\*\*@127.0.0.1:$port/pace#.*_merged" merge_store.err ||
  fail "merge --save --store: $(cat merge_store.err)"
[ "$(sql -d pace -c "SELECT benchmark_count FROM pace.runs WHERE name = 'merged'")" = 5 ] || fail "the merged run"
PACE_STORE="$URL" expect_exit 0 merge_env "$pace" merge part1.json part2.json -o merged.json --save env-merged
grep -q "pace: saved postgresql://" merge_env.err || fail "merge --save under PACE_STORE: $(cat merge_env.err)"
expect_exit 2 merge_store_alone "$pace" merge part1.json part2.json -o merged.json --store "$URL"
"$bench" "${quick[@]}" --no-memory --save local --storage .pace >/dev/null 2>&1
cp -r hist/Linux-x86_64-Bench .pace/  # runs with commits, for the history view
for env in "PACE_STORE=$wrong_url" ""; do
  for cmd in "list" "history show" "compare local local" "plot --view history -o local.html --machine Linux-x86_64-Bench"; do
    # shellcheck disable=SC2086
    expect_exit 0 storage_wins env $env "$pace" $cmd --storage .pace
  done
done
PACE_STORE="$wrong_url" expect_exit 0 storage_list "$pace" list --storage .pace
grep -q "^\.pace/.* (1 run)" storage_list.out || fail "--storage .pace under PACE_STORE: $(cat storage_list.out)"
mkdir -p cfg2/.pace && cp -r .pace/. cfg2/.pace/ && printf '[store]\nurl = "%s"\n' "$wrong_url" >cfg2/pace.toml
(cd cfg2 && expect_exit 0 storage_config "$pace" list --storage .pace && expect_exit 0 storage_config_history "$pace" history show --storage .pace)
(cd cfg2 && expect_exit 2 config_wins "$pace" list)

echo "== errors: exit 2, one line naming what, a hint, no password"
check_error() {  # check_error NAME PATTERN COMMAND...
  local name=$1 pattern=$2; shift 2
  expect_exit 2 "$name" "$@"
  [ "$(grep -c '^pace: error: ' "$name.err")" = 1 ] || fail "$name: $(cat "$name.err")"
  grep -q "$pattern" "$name.err" || fail "$name: $(cat "$name.err")"
  grep -q '^hint: ' "$name.err" || fail "$name: no hint: $(cat "$name.err")"
}
check_error wrong_password "the server refused the password of user \"runner\"" "$pace" list --store "$wrong"
! grep -q "Wrong-Pw_99" wrong_password.err || fail "the wrong password is printed"
PGPASSWORD=Env-Pw_42 check_error env_password "refused the password" "$pace" list --store "postgresql://runner@127.0.0.1:$port/pace"
! grep -q "Env-Pw_42" env_password.err || fail "PGPASSWORD is printed"
check_error unreachable "cannot reach the PostgreSQL server" "$pace" list --store "$(echo "$URL" | sed "s/:$port/:$(free_port)/")"
check_error empty "no pace store in this database" "$pace" list --store "$(url empty)"
sql -d alien -c "CREATE SCHEMA pace AUTHORIZATION runner; CREATE TABLE pace.runs (x int)"
check_error foreign "the schema \"pace\" in this database is not a pace store" "$pace" compare run.json latest --store "$(url alien)"
check_error foreign_init "not a pace store" "$pace" store init "$(url alien)"
"$pace" store init "$(url newer)" >/dev/null && sql -d newer -c "UPDATE pace.meta SET version = 99"
check_error newer "schema version 99, newer than this pace's (4)" "$pace" list --store "$(url newer)"
check_error newer_save "newer than this pace's" "$bench" "${quick[@]}" --autosave --store "$(url newer)"
! grep -q "sql/" newer_save.out || fail "the suite ran before the store was checked"
PACE_STORE="$wrong" check_error env_store "refused the password" "$bench" "${quick[@]}" --compare
! grep -q "sql/" env_store.out || fail "the suite ran before the store was checked"
mkdir -p cfg && printf '[store]\nurl = "%s"\n' "$(url empty)" >cfg/pace.toml
(cd cfg && check_error config_store "no pace store in this database" "$pace" list)
echo "ok"
