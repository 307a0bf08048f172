#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Runs pace and Google Benchmark on the same operations, alternately, and
reports per-pair ratios of the reported time per call and of wall time, and
each tool's run-to-run spread (coefficient of variation of the reported time).

usage: compare_with_gbench.py BUILD_DIR [PROCESSES] [-- extra pace flags]
"""
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OPS = ["empty", "increment", "hash48", "sort256", "sort6k"]


def run_pace(binary, out, extra):
    start = time.perf_counter()
    subprocess.run([binary, "--no-memory", "--json", out, *extra], check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    doc = json.loads(Path(out).read_text())
    # Google Benchmark reports the mean over one long repetition (total time /
    # iterations); pace's mean over its rounds is the same estimator, its
    # median the figure pace leads with. Both are kept.
    return {b["fullname"]: (b["stats"]["median"] * 1e9, b["stats"]["mean"] * 1e9) for b in doc["benchmarks"]}, wall


def run_gbench(binary, out):
    start = time.perf_counter()
    subprocess.run([binary, f"--benchmark_out={out}", "--benchmark_out_format=json"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    doc = json.loads(Path(out).read_text())
    scale = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}
    return {b["name"]: b["real_time"] * scale[b["time_unit"]] for b in doc["benchmarks"]}, wall


def spread(values):
    """CV and MAD/median in percent, or dashes for a figure that rounds to zero
    (the empty body), whose relative spread means nothing."""
    if len(values) < 2 or statistics.median(values) < 0.01:
        return "—", "—"
    median = statistics.median(values)
    mad = statistics.median(abs(v - median) for v in values)
    return f"{statistics.stdev(values) / statistics.mean(values) * 100:.2f}%", f"{mad / median * 100:.2f}%"


def main():
    build = Path(sys.argv[1])
    processes = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] != "--" else 10
    extra = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    pace_bin, gb_bin = build / "bench/timing/timing_pace", build / "bench/timing/timing_gbench"
    pace_times, pace_means, gb_times, walls = {op: [] for op in OPS}, {op: [] for op in OPS}, {op: [] for op in OPS}, []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(processes):
            # Alternate which goes first so drift in the machine's load hits both alike.
            order = [("pace", 0), ("gb", 1)] if i % 2 == 0 else [("gb", 1), ("pace", 0)]
            wall = [0.0, 0.0]
            for name, slot in order:
                if name == "pace":
                    times, wall[slot] = run_pace(pace_bin, f"{tmp}/p.json", extra)
                    for op in OPS:
                        pace_times[op].append(times[op][0])
                        pace_means[op].append(times[op][1])
                else:
                    times, wall[slot] = run_gbench(gb_bin, f"{tmp}/g.json")
                    for op in OPS:
                        gb_times[op].append(times[op])
            walls.append(wall)
    print(f"{processes} processes each, alternating; pace flags: {' '.join(extra) or '(defaults)'}")
    print("pace = pace's median per call; GB = Google Benchmark's reported time per iteration (a mean);")
    print("ratios are per pair of processes run back to back; CV and MAD/median (robust to a few")
    print("slow processes) are across processes of each tool's figure.")
    print(f"{'operation':<10} {'pace':>11} {'GB':>11} {'diff ns':>9} {'ratio':>7} {'ratio range':>15}"
          f" {'mean ratio':>10} {'CV pace':>8} {'CV GB':>7} {'MAD pace':>8} {'MAD GB':>7}")
    for op in OPS:
        ratios = [p / g if g else float("nan") for p, g in zip(pace_times[op], gb_times[op])]
        mean_ratios = [p / g if g else float("nan") for p, g in zip(pace_means[op], gb_times[op])]
        diffs = [p - g for p, g in zip(pace_times[op], gb_times[op])]
        (cv_pace, mad_pace), (cv_gb, mad_gb) = spread(pace_times[op]), spread(gb_times[op])
        print(f"{op:<10} {statistics.median(pace_times[op]):>9.2f}ns {statistics.median(gb_times[op]):>9.2f}ns "
              f"{statistics.median(diffs):>9.2f} {statistics.median(ratios):>7.3f} "
              f"{min(ratios):>7.3f}–{max(ratios):<7.3f} {statistics.median(mean_ratios):>10.3f} "
              f"{cv_pace:>8} {cv_gb:>7} {mad_pace:>8} {mad_gb:>7}")
    print("per process, in run order (ns):")
    for op in OPS:
        print(f"  {op:<10} pace " + " ".join(f"{v:.4g}" for v in pace_times[op]))
        print(f"  {'':<10} GB   " + " ".join(f"{v:.4g}" for v in gb_times[op]))
    wall_ratios = [p / g for p, g in walls]
    print(f"wall time: pace {statistics.median(w[0] for w in walls):.2f} s, GB {statistics.median(w[1] for w in walls):.2f} s,"
          f" ratio median {statistics.median(wall_ratios):.2f} (range {min(wall_ratios):.2f}–{max(wall_ratios):.2f})")


if __name__ == "__main__":
    main()
