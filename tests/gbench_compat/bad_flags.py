#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A --benchmark_ flag pace cannot honour stops the run before it starts.

  bad_flags.py PACE_GBENCH_BINARY

Each case must exit 2 with one `pace: error:` line naming the flag and a
`hint:` line. Exit 0 when every case does, 1 otherwise.
"""
import subprocess
import sys

CASES = [
    (["--benchmark_min_time=abc"], '--benchmark_min_time: bad value "abc"', "hint: e.g. --benchmark_min_time=0.5s"),
    (["--benchmark_fitler=BM_"], "--benchmark_fitler: unknown Google Benchmark flag",
     "hint: did you mean --benchmark_filter?"),
    (["--benchmark_format=xml"], '--benchmark_format: bad value "xml"', "hint: e.g. --benchmark_format=json"),
    (["--benchmark_out_format=console", "--benchmark_out=x.txt"],
     "--benchmark_out_format: console is not supported", "hint:"),
    (["--benchmark_enable_random_interleaving=true"], "--benchmark_enable_random_interleaving: is not supported",
     "hint:"),
    (["--benchmark_repetitions=0"], '--benchmark_repetitions: bad value "0"', "hint:"),
]


def main():
    binary = sys.argv[1]
    failures = []
    for args, error, hint in CASES:
        proc = subprocess.run([binary, *args], capture_output=True, text=True, timeout=30)
        lines = proc.stderr.splitlines()
        ok = proc.returncode == 2 and len(lines) == 2 and lines[0].startswith("pace: error: " + error) and \
            lines[1].startswith(hint)
        if not ok:
            failures.append(f"{' '.join(args)}: exit {proc.returncode}, stderr:\n{proc.stderr}")
    if failures:
        print("\n".join(failures))
        return 1
    print(f"{len(CASES)} bad flags refused")
    return 0


if __name__ == "__main__":
    sys.exit(main())
