#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes a pace storage of a long history for timing pace's readers of it.

  generate_history.py STORAGE_DIR [--commits 1000] [--benchmarks 500] [--samples 20] [--seed 1] [--distinct N]

Writes STORAGE_DIR/Linux-x86_64-Bench/NNNN_<commit>_<stamp>.json, one time-mode
run per commit as `pace history run` saves them (commit_info with parent,
subject and author_time; every benchmark with its statistics, `samples`
samples and memory figures), one benchmark in fifty 5% slower from the
middle commit on. Deterministic for a seed; the files are written as fast as
Python can, by filling a text template per benchmark. With --distinct N, only
N commits' benchmark figures are drawn (half before the middle commit's
slowdown, half after) and the other commits reuse them in turn, each file
with its own commit: a million results in minutes rather than an hour.
"""
import argparse
import datetime
import json
import os
import random
import statistics

MACHINE = "Linux-x86_64-Bench"


def commit_hash(c):
    return format(0x10000000 + c * 7919, "08x") * 5


def benchmark_text(name, samples):
    s = sorted(samples)
    n = len(s)
    mean = sum(s) / n
    q1, q3 = s[n // 4], s[(3 * n) // 4]
    stats = {"min": s[0], "max": s[-1], "mean": mean, "stddev": statistics.stdev(s), "rounds": n,
             "median": statistics.median(s), "iqr": q3 - q1, "q1": q1, "q3": q3, "iqr_outliers": 0,
             "stddev_outliers": 0, "outliers": "0;0", "ld15iqr": s[0], "hd15iqr": s[-1], "ops": 1 / mean,
             "total": sum(s), "iterations": 1, "p95": s[(95 * n) // 100], "p99": s[-1], "data": samples}
    return ('{"group": null, "name": "%s", "fullname": "%s", "params": null, "param": null, "extra_info": {}, '
            '"options": {}, "stats": %s, "dims": {}, "tags": [], "status": "ok", '
            '"memory": {"peak": 4096, "allocated": 8192, "allocations": 3, "leaked": 0}, "counters": {}}'
            % (name, name, json.dumps(stats)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("storage")
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--benchmarks", type=int, default=500)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--distinct", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = os.path.join(args.storage, MACHINE)
    os.makedirs(out, exist_ok=True)
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    machine = json.dumps({"node": "bench", "system": "Linux", "release": "6.1", "machine": "x86_64",
                          "processor": "x86_64", "cpu": {"brand_raw": "Bench", "count": 2},
                          "compiler": "gcc 12.2.0", "build_type": "release"})
    drawn = {}
    for c in range(args.commits):
        when = start + datetime.timedelta(hours=c)
        iso = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
        commit = {"id": commit_hash(c), "time": iso, "parent": commit_hash(c - 1) if c else "",
                  "subject": "change %d" % c, "author_time": iso, "dirty": False}
        after = c >= args.commits // 2
        key = (after, c % max(1, args.distinct // 2)) if args.distinct else c
        if key not in drawn:
            benchmarks = []
            for i in range(args.benchmarks):
                base = 1e-6 * (1 + i % 37)
                if i % 50 == 7 and after:
                    base *= 1.05
                samples = [base * (1 + rng.gauss(0, 0.01)) for _ in range(args.samples)]
                benchmarks.append(benchmark_text("suite%d/bench_%d" % (i % 20, i), samples))
            drawn[key] = ", ".join(benchmarks)
        text_benchmarks = drawn[key] if args.distinct else drawn.pop(key)
        text = ('{"machine_info": %s, "commit_info": %s, "benchmarks": [%s], "datetime": "%s", "version": "0.1.0", '
                '"pace": {"format_version": 1, "version": "0.1.0", "producer": "pace", "producer_version": "0.1.0", '
                '"mode": "time"}}' % (machine, json.dumps(commit), text_benchmarks, iso))
        name = "%04d_%s_%s.json" % (c + 1, commit_hash(c)[:12], when.strftime("%Y%m%dT%H%M%SZ"))
        with open(os.path.join(out, name), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
