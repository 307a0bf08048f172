#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs one Google Benchmark source built two ways and compares their ids.

  compare_ids.py GOOGLE_BINARY|EXPECTED.ids|- PACE_BINARY [PACE_CLI] [-- FLAGS...]

Each binary runs with a tiny --benchmark_min_time and --benchmark_format=json
(and FLAGS, to both);
the set of row names (iterations, aggregates such as BM_x_mean, BM_x_BigO)
and the --benchmark_list_tests lines must be equal. With PACE_CLI, pace
compare must read both JSON files and join every benchmark that ran by id.
For API newer than the Google Benchmark installed, EXPECTED.ids lists the
names Google Benchmark gives (one a line), compared with
--benchmark_list_tests. Exit 0 when
they agree, 1 with the differences listed otherwise.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

FLAGS = ["--benchmark_min_time=0.01", "--benchmark_format=json"]


def run_json(binary, extra):
    proc = subprocess.run([binary] + FLAGS + extra, capture_output=True, text=True, timeout=100)
    # pace exits 1 when a benchmark failed (SkipWithError): still a full document.
    if proc.returncode not in (0, 1):
        sys.exit(f"{binary} exited {proc.returncode}\n{proc.stderr[-3000:]}")
    try:
        document = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        sys.exit(f"{binary}: stdout is not JSON ({e}):\n{proc.stdout[:2000]}\n{proc.stderr[-2000:]}")
    return document, proc.stdout


def run_list(binary, extra):
    proc = subprocess.run([binary, "--benchmark_list_tests"] + extra, capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        sys.exit(f"{binary} --benchmark_list_tests exited {proc.returncode}\n{proc.stderr[-2000:]}")
    return [line.strip() for line in proc.stdout.splitlines() if line.strip()]


def differences(label, google, pace):
    only_google = sorted(set(google) - set(pace))
    only_pace = sorted(set(pace) - set(google))
    out = []
    if only_google:
        out.append(f"{label}: only Google Benchmark has: {only_google}")
    if only_pace:
        out.append(f"{label}: only pace has: {only_pace}")
    return out


def main():
    args = sys.argv[1:]
    extra = []
    if "--" in args:
        extra = args[args.index("--") + 1:]
        args = args[:args.index("--")]
    if len(args) not in (2, 3):
        sys.exit(__doc__)
    google_binary, pace_binary = args[0], args[1]
    pace_cli = args[2] if len(args) == 3 and args[2] else None
    pace_doc, pace_text = run_json(pace_binary, extra)
    pace_names = [b["name"] for b in pace_doc["benchmarks"]]
    if not pace_names:
        sys.exit(f"{pace_binary}: no benchmarks in its JSON")
    if google_binary.endswith(".ids"):
        with open(google_binary) as f:
            expected = [line.strip() for line in f if line.strip()]
        problems = differences("--benchmark_list_tests", expected, run_list(pace_binary, extra))
        if problems:
            print("\n".join(problems))
            return 1
        print(f"{len(expected)} ids as expected")
        return 0
    if google_binary == "-":
        print(f"{len(set(pace_names))} ids from pace (no Google Benchmark build to compare with)")
        return 0
    google_doc, google_text = run_json(google_binary, extra)
    google_names = [b["name"] for b in google_doc["benchmarks"]]
    problems = differences("--benchmark_format=json names", google_names, pace_names)
    problems += differences("--benchmark_list_tests", run_list(google_binary, extra),
                            run_list(pace_binary, extra))
    if pace_cli:
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for name, text in (("google.json", google_text), ("pace.json", pace_text)):
                paths.append(os.path.join(tmp, name))
                with open(paths[-1], "w") as f:
                    f.write(text)
            csv_path = os.path.join(tmp, "c.csv")
            proc = subprocess.run([pace_cli, "compare", paths[0], paths[1], "--csv", csv_path],
                                  capture_output=True, text=True, timeout=60)
            if proc.returncode != 0:
                problems.append(f"pace compare of the two files exited {proc.returncode}: {proc.stderr.strip()[-2000:]}")
            else:
                # Every benchmark that ran must be joined by id: a figure on both sides.
                with open(csv_path, newline="") as f:
                    joined = {row[0] for row in csv.reader(f) if len(row) >= 3 and row[1] and row[2]}
                ran = {b["run_name"] for b in pace_doc["benchmarks"]
                       if b.get("run_type") == "iteration" and not b.get("error_occurred")}
                if not ran <= joined:
                    problems.append(f"pace compare did not join these ids of both files: {sorted(ran - joined)}")
    if problems:
        print("\n".join(problems))
        return 1
    print(f"{len(set(pace_names))} ids agree")
    return 0


if __name__ == "__main__":
    sys.exit(main())
