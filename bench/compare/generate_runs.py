#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes a pair of pytest-benchmark-layout runs for timing `pace compare`.

  generate_runs.py OUT_DIR [--benchmarks 10000] [--samples 100] [--seed 1]

Writes OUT_DIR/base.json and OUT_DIR/cand.json: the same ids, the candidate
with 1% of the benchmarks 30% slower and the rest drawn from the same
distribution, so the gate has a little to find and most rows take the
Mann-Whitney path. Deterministic for a seed.
"""
import argparse
import json
import os
import random
import statistics


def stats_of(samples):
    s = sorted(samples)
    n = len(s)
    q1, q3 = s[n // 4], s[(3 * n) // 4]
    mean = sum(s) / n
    return {"min": s[0], "max": s[-1], "mean": mean, "stddev": statistics.stdev(s), "rounds": n,
            "median": statistics.median(s), "iqr": q3 - q1, "q1": q1, "q3": q3, "iqr_outliers": 0,
            "stddev_outliers": 0, "outliers": "0;0", "ld15iqr": s[0], "hd15iqr": s[-1], "ops": 1 / mean,
            "total": sum(s), "data": samples, "iterations": 1}


def run(rng, count, samples, slow):
    benches = []
    for i in range(count):
        centre = 1e-6 * (1 + (i * 7919) % 5000)
        if i in slow:
            centre *= 1.3
        data = [centre * rng.lognormvariate(0, 0.05) for _ in range(samples)]
        name = f"test_case_{i:05d}[n={i % 97}]"
        benches.append({"group": f"group{i % 20}", "name": name, "fullname": f"tests/test_speed.py::{name}",
                        "params": {"n": i % 97}, "param": str(i % 97), "extra_info": {},
                        "options": {"disable_gc": False, "timer": "perf_counter", "min_rounds": samples,
                                    "max_time": 1.0, "min_time": 5e-06, "warmup": False},
                        "stats": stats_of(data)})
    return {"machine_info": {"node": "bench", "processor": "x86_64", "machine": "x86_64",
                             "python_compiler": "GCC 12.2.0", "python_implementation": "CPython",
                             "python_version": "3.11.2", "release": "6.1.0", "system": "Linux",
                             "cpu": {"brand_raw": "Bench CPU", "count": 8}},
            "commit_info": {"id": "0" * 40, "branch": "main", "dirty": False},
            "benchmarks": benches, "datetime": "2026-01-01T00:00:00.000000+00:00", "version": "3.2.2"}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("out_dir")
    p.add_argument("--benchmarks", type=int, default=10000)
    p.add_argument("--samples", type=int, default=100)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    rng = random.Random(a.seed)
    slow = set(rng.sample(range(a.benchmarks), max(1, a.benchmarks // 100)))
    for name, slow_set in (("base.json", set()), ("cand.json", slow)):
        with open(os.path.join(a.out_dir, name), "w") as f:
            json.dump(run(rng, a.benchmarks, a.samples, slow_set), f)


if __name__ == "__main__":
    main()
