#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes base.json and cand.json: two large Google Benchmark 1.7.1 JSON runs.

Each benchmark is written as tests/cli/data/gb/base.json's BM_sum/8/repeats:3
is (real GB 1.7.1 output): 3 iteration rows with a rate counter, then the
mean, median, stddev and cv aggregates. The default 13,400 benchmarks make
files of about 44 MB, the size `pace compare`'s memory is measured on.
--single writes one iteration row per benchmark instead (BM_sort/4096's, with
its counters): 90,000 of them make about 44 MB.

  generate_gb_runs.py DIR [--benchmarks N] [--seed S] [--single]
"""
import argparse
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, "..", "..", "tests", "cli", "data", "gb", "base.json")


def rows_of(template, run_name):
    return [b for b in template["benchmarks"] if b["run_name"] == run_name]


def write_run(path, template, benchmarks, candidate, rng, single):
    family = rows_of(template, "BM_sort/4096" if single else "BM_sum/8/repeats:3")
    out = {"context": template["context"], "benchmarks": []}
    for i in range(benchmarks):
        name = f"BM_family{i // 100}/{(i % 100) * 64}" + ("" if single else "/repeats:3")
        factor = 1.1 if candidate and i % 10 == 0 else 1.0  # every tenth 10% slower in the candidate
        for index, row in enumerate(family):
            r = dict(row)
            r["name"] = name + r["name"][len(row["run_name"]):]
            r["run_name"] = name
            r["family_index"] = i // 100
            r["per_family_instance_index"] = i % 100
            if r.get("aggregate_unit") != "percentage":
                noise = 1 + rng.uniform(-0.02, 0.02)
                for key in ("real_time", "cpu_time"):
                    r[key] = row[key] * factor * noise
            out["benchmarks"].append(r)
    with open(path, "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dir")
    parser.add_argument("--benchmarks", type=int, default=13400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--single", action="store_true",
                        help="one iteration row per benchmark (BM_sort/4096's, with its counters), no repetitions")
    args = parser.parse_args()
    with open(TEMPLATE) as f:
        template = json.load(f)
    rng = random.Random(args.seed)
    os.makedirs(args.dir, exist_ok=True)
    for side in ("base", "cand"):
        path = os.path.join(args.dir, f"{side}.json")
        write_run(path, template, args.benchmarks, side == "cand", rng, args.single)
        print(f"{path}: {os.path.getsize(path) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
