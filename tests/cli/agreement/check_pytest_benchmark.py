#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""pace compare agrees with pytest-benchmark on percent changes.

pytest-benchmark's `compare` command shows values and ratios to the fastest
row, not percent changes; the percent it computes is the one its
--benchmark-compare-fail check uses (PercentageRegressionCheck: current /
compared * 100 - 100). This script reads each pair with pytest-benchmark's own
storage loader, computes that percent for every fullname in both files, and
checks that `pace compare --metric mean --csv` gives the same figure to the
precision pace displays (one decimal), and the same set of compared ids.

Then, when pytest is installed, it makes a fresh pair with pytest-benchmark
itself and checks that pace's gate and pytest-benchmark's
--benchmark-compare-fail reach the same verdict on it.

  check_pytest_benchmark.py PACE FIXTURES_DIR
Exit 0 all agree, 1 a disagreement, 77 pytest-benchmark is not importable.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile

PAIRS = [
    ("pdfminer-0001-baseline.json", "pdfminer-0002-after-all-optimizations.json"),
    ("cachew-0008-sqlite3-backend-params-extra-info.json", "cachew-0009-sqlite-multivalue-params-extra-info.json"),
    ("lpspec-benchmem-run1-2026-07-31.json", "lpspec-benchmem-run2-2026-08-01.json"),
]

try:
    from pytest_benchmark.logger import Logger
    from pytest_benchmark.utils import PercentageRegressionCheck, load_storage
except ImportError as e:  # pragma: no cover
    print(f"skipped: pytest-benchmark is not importable by {sys.executable}: {e}")
    sys.exit(77)


def pytest_benchmark_changes(base, cand):
    """fullname -> percent change of the mean, as pytest-benchmark computes it."""
    with tempfile.TemporaryDirectory() as storage_dir:
        storage = load_storage(storage_dir, logger=Logger(False), netrc=None)
        by_file = {}
        for path in (base, cand):
            by_file[path] = {b["fullname"]: b for b in storage.load_benchmarks(path)}
    check = PercentageRegressionCheck("mean", 0)
    out = {}
    for fullname, b in by_file[base].items():
        c = by_file[cand].get(fullname)
        if c is not None:
            out[fullname] = check.compute(current=c, compared=b)
    return out


def pace_changes(pace, base, cand):
    with tempfile.TemporaryDirectory() as tmp:
        out_csv = os.path.join(tmp, "out.csv")
        proc = subprocess.run([pace, "compare", base, cand, "--metric", "mean", "--csv", out_csv],
                              capture_output=True, text=True, env=dict(os.environ, NO_COLOR="1"))
        if proc.returncode != 0:
            raise SystemExit(f"pace compare failed ({proc.returncode}): {proc.stderr}")
        with open(out_csv, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
    header = rows[0]
    change_col = next(i for i, h in enumerate(header) if h.startswith("change_"))
    return {r[0]: float(r[change_col]) for r in rows[1:] if r[change_col] != ""}


def shown(percent):
    return f"{percent:+.1f}%"


def check_pair(pace, base, cand):
    theirs = pytest_benchmark_changes(base, cand)
    ours = pace_changes(pace, base, cand)
    problems = []
    if set(theirs) != set(ours):
        problems.append(f"compared ids differ: only pytest-benchmark {sorted(set(theirs) - set(ours))[:5]}, "
                        f"only pace {sorted(set(ours) - set(theirs))[:5]}")
    for fullname in sorted(set(theirs) & set(ours)):
        if shown(theirs[fullname]) != shown(ours[fullname]):
            problems.append(f"{fullname}: pytest-benchmark {shown(theirs[fullname])}, pace {shown(ours[fullname])}")
    name = f"{os.path.basename(base)} -> {os.path.basename(cand)}"
    print(f"{name}: {len(theirs)} common ids, {len(problems)} disagreements")
    return problems


SUITE = """
import os
def work(n):
    return sum(i * i for i in range(n))
def test_work(benchmark):
    benchmark(work, int(os.environ["PACE_AGREEMENT_N"]))
def test_steady(benchmark):
    benchmark(work, 2000)
"""


def generated_pair(pace):
    """Runs a tiny suite twice under pytest-benchmark, the second time 3x the work."""
    try:
        import pytest  # noqa: F401
    except ImportError:
        print("generated pair: skipped, pytest is not installed")
        return []
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "test_suite.py"), "w") as f:
            f.write(SUITE)
        common = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_suite.py",
                  "--benchmark-min-rounds=15", "--benchmark-max-time=0.05", "--benchmark-storage=store"]
        env = dict(os.environ, PACE_AGREEMENT_N="20000")
        first = subprocess.run(common + ["--benchmark-json=base.json", "--benchmark-save=base"], cwd=tmp,
                               env=env, capture_output=True, text=True)
        if first.returncode != 0:
            return [f"generated pair: pytest failed: {first.stdout[-2000:]}"]
        env["PACE_AGREEMENT_N"] = "60000"
        # pytest-benchmark's own gate on the second run, against the first.
        second = subprocess.run(common + ["--benchmark-json=cand.json", "--benchmark-compare=0001",
                                          "--benchmark-compare-fail=mean:50%"], cwd=tmp, env=env,
                                capture_output=True, text=True)
        base, cand = os.path.join(tmp, "base.json"), os.path.join(tmp, "cand.json")
        problems += check_pair(pace, base, cand)
        ours = subprocess.run([pace, "compare", base, cand, "--metric", "mean", "--fail-on", "mean:50%"],
                              capture_output=True, text=True)
        theirs_failed = second.returncode != 0 and "Performance has regressed" in second.stdout + second.stderr
        ours_failed = ours.returncode == 1
        print(f"generated pair: pytest-benchmark --benchmark-compare-fail=mean:50% "
              f"{'fails' if theirs_failed else 'passes'}, pace --fail-on mean:50% "
              f"{'fails' if ours_failed else 'passes'}")
        if theirs_failed != ours_failed:
            problems.append(f"generated pair: gate verdicts differ\n{second.stdout[-1500:]}{second.stderr[-500:]}\n{ours.stdout}")
        with open(base) as f:
            version = json.load(f).get("version")
        print(f"generated pair: written by pytest-benchmark {version}")
    return problems


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    pace, fixtures = os.path.abspath(sys.argv[1]), sys.argv[2]
    problems = []
    for base, cand in PAIRS:
        problems += check_pair(pace, os.path.join(fixtures, "pytest-benchmark", base),
                               os.path.join(fixtures, "pytest-benchmark", cand))
    problems += generated_pair(pace)
    for p in problems:
        print("DISAGREE:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
