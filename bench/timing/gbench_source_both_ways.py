#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""One Google Benchmark source (gbench_operations.cpp) built against Google
Benchmark (timing_gbench) and against pace::gbench (timing_gbench_on_pace),
run alternately in fresh processes with the same flags. Reports, per
operation, each build's median over the processes of its reported time per
iteration (`real_time` of --benchmark_out JSON: Google Benchmark's mean over
its last run, pace's median of its rounds), their ratio, and each build's CV
over the processes. Google Benchmark's `cpu_time` (its default figure) is
shown beside: on a loaded machine its real time counts the time the process
waited for a core, which its CPU time and pace's median of 1 ms rounds do not.

usage: gbench_source_both_ways.py BUILD_DIR [PROCESSES] [-- flags for both]
"""
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

OPS = ["empty", "increment", "hash48", "sort256", "sort6k"]
SCALE = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}


def run(binary, out, flags):
    subprocess.run([binary, f"--benchmark_out={out}", "--benchmark_out_format=json", *flags], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    doc = json.loads(Path(out).read_text())
    return {b["name"]: (b["real_time"] * SCALE[b["time_unit"]], b["cpu_time"] * SCALE[b["time_unit"]])
            for b in doc["benchmarks"] if b.get("run_type", "iteration") == "iteration"}


def cv(values):
    return statistics.stdev(values) / statistics.mean(values) * 100 if statistics.mean(values) > 0.01 else float("nan")


def main():
    build = Path(sys.argv[1])
    processes = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] != "--" else 10
    flags = sys.argv[sys.argv.index("--") + 1:] if "--" in sys.argv else []
    binaries = {"gb": build / "bench/timing/timing_gbench", "pace": build / "bench/timing/timing_gbench_on_pace"}
    times = {tool: {op: [] for op in OPS} for tool in binaries}
    cpu = {op: [] for op in OPS}  # Google Benchmark's cpu_time
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(processes):
            # Alternate which goes first so drift in the machine's load hits both alike.
            order = ["gb", "pace"] if i % 2 == 0 else ["pace", "gb"]
            for tool in order:
                figures = run(binaries[tool], f"{tmp}/{tool}.json", flags)
                for op in OPS:
                    times[tool][op].append(figures[op][0])
                    if tool == "gb":
                        cpu[op].append(figures[op][1])
    print(f"{processes} processes each, alternating; flags: {' '.join(flags) or '(defaults)'}")
    print(f"{'operation':<10} {'GB real':>12} {'GB cpu':>12} {'pace':>12} {'pace/GB real':>13} {'pace/GB cpu':>12}"
          f" {'CV GB real':>11} {'CV GB cpu':>10} {'CV pace':>8}")
    for op in OPS:
        gb, gb_cpu, pace = (statistics.median(v) for v in (times["gb"][op], cpu[op], times["pace"][op]))
        ratio = f"{pace / gb:.3f}" if gb > 0.01 else "—"
        ratio_cpu = f"{pace / gb_cpu:.3f}" if gb_cpu > 0.01 else "—"
        print(f"{op:<10} {gb:>10.3f}ns {gb_cpu:>10.3f}ns {pace:>10.3f}ns {ratio:>13} {ratio_cpu:>12}"
              f" {cv(times['gb'][op]):>10.1f}% {cv(cpu[op]):>9.1f}% {cv(times['pace'][op]):>7.1f}%")
    print("per process, in run order (ns):")
    for op in OPS:
        print(f"  {op:<10} GB   " + " ".join(f"{v:.4g}" for v in times["gb"][op]))
        print(f"  {'':<10} GBc  " + " ".join(f"{v:.4g}" for v in cpu[op]))
        print(f"  {'':<10} pace " + " ".join(f"{v:.4g}" for v in times["pace"][op]))


if __name__ == "__main__":
    main()
