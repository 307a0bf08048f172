#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Copies a storage index (`.index`, docs/storage.md) into an SQLite database
with the same content, for weighing the index against SQLite.

  index_to_sqlite.py INDEX DATABASE

Tables: runs(file, size, mtime_ns, producer, mode, datetime, commit_info) and
results(run, id, status, 14 time figures, rounds, processes, 4 memory
figures, counters), indexed by run. history_storage_speed.sh times a query
of every result of every run through the sqlite3 shell against pace reading
the index.
"""
import os
import sqlite3
import sys

TIME = ["min", "max", "mean", "stddev", "median", "q1", "q3", "iqr", "p95", "p99", "ops", "total", "ci_low", "ci_high"]
MEMORY = ["peak", "allocated", "allocations", "leaked"]


def unescape(text):
    return text.replace("\\\\", "\0").replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r").replace("\0", "\\")


def number(text):
    return float(text) if text else None


def main():
    index, database = sys.argv[1:3]
    if os.path.exists(database):
        os.remove(database)
    db = sqlite3.connect(database)
    db.execute("CREATE TABLE runs (run INTEGER PRIMARY KEY, file TEXT, size INTEGER, mtime_ns INTEGER, "
               "producer TEXT, mode TEXT, datetime TEXT, commit_info TEXT, error TEXT)")
    db.execute("CREATE TABLE results (run INTEGER, id TEXT, status TEXT, %s, rounds INTEGER, processes INTEGER, "
               "%s, counters TEXT)" % (", ".join(t + " REAL" for t in TIME), ", ".join(m + " INTEGER" for m in MEMORY)))
    run = 0
    rows = []
    with open(index) as f:
        next(f)
        for line in f:
            fields = line.rstrip("\n").split("\t")
            kind = fields[0]
            if kind == "F":
                run += 1
                db.execute("INSERT INTO runs (run, file, size, mtime_ns) VALUES (?, ?, ?, ?)",
                           (run, unescape(fields[1]), int(fields[2]), int(fields[3])))
            elif kind == "H":
                db.execute("UPDATE runs SET producer = ?, mode = ?, datetime = ? WHERE run = ?",
                           (unescape(fields[1]), unescape(fields[2]), unescape(fields[3]), run))
            elif kind == "C":
                db.execute("UPDATE runs SET commit_info = ? WHERE run = ?", (unescape(fields[1]), run))
            elif kind == "X":
                db.execute("UPDATE runs SET error = ? WHERE run = ?", (unescape(fields[1]), run))
            elif kind == "R":
                time = [number(v) for v in fields[4:18]]
                rounds = int(fields[18]) if fields[18] else None
                processes = int(fields[19]) if fields[19] else None
                memory = [int(v) if v else None for v in fields[21:25]]
                rows.append([run, unescape(fields[1]), fields[2]] + time + [rounds, processes] + memory +
                            ["\t".join(fields[25:])])
    db.executemany("INSERT INTO results VALUES (%s)" % ", ".join("?" * (3 + len(TIME) + 2 + len(MEMORY) + 1)), rows)
    db.execute("CREATE INDEX results_by_run ON results (run)")
    db.commit()
    db.close()


if __name__ == "__main__":
    main()
