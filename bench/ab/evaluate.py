#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""pace ab's evaluation: detection and false-alarm rates, side by side.

Builds the four-operation suite (bench/ab/), measures what one dependent
addition costs on the base build, builds candidates that add +1/+2/+5/+10% per
call and an identical build for A/A, then, repetition after repetition with the
cells in a random order, judges every candidate against the base with
  - pace ab (default budget unless --budget),
  - pace compare of one run of each build with its gate (--fail-on median:1%),
    or, as `compare:N`, of runs made of N processes each (--processes N, each
    process given 1/N of the time, so both cost the same),
  - Google Benchmark, 10 repetitions per process, judged by the U test on the
    repetition rows at alpha 0.05, as its compare.py does.
Writes every verdict to a JSON lines file and prints the table of rates.

    bench/ab/evaluate.py --build build/release --reps 20 --out /tmp/ab-eval.jsonl
"""
import argparse, json, math, os, random, subprocess, sys, tempfile, time

OPS = ["chain", "sort/small", "sort/large", "stream"]
CELLS = ["same", "p1", "p2", "p5", "p10"]
PERCENT = {"same": 0, "p1": 1, "p2": 2, "p5": 5, "p10": 10}


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def medians(path, statistic="median"):
    with open(path) as f:
        doc = json.load(f)
    return {b["fullname"]: b["stats"][statistic] for b in doc["benchmarks"]}


def calibrate(build, source):
    base = f"{build}/bench/ab/ab_suite_base"
    with tempfile.TemporaryDirectory() as tmp:
        # The fastest round, not the median: on a loaded machine the minimum
        # stays near what the operation costs undisturbed.
        run([base, "--tags", "calibration", "--max-time", "3", "--no-memory", "--json", f"{tmp}/c.json"], check=True)
        run([base, "--tags", "not calibration", "--max-time", "3", "--no-memory", "--json", f"{tmp}/o.json"], check=True)
        cal, ops = medians(f"{tmp}/c.json", "min"), medians(f"{tmp}/o.json", "min")
    per_add = (cal["adds[steps=11000]"] - cal["adds[steps=1000]"]) / 10000
    extra = {c: [round(PERCENT[c] / 100 * ops[o] / per_add) for o in OPS] for c in CELLS}
    spec = ";".join(f"{c}={','.join(map(str, extra[c]))}" for c in CELLS)
    run(["cmake", "-S", source, "-B", build, f"-DPACE_AB_CANDIDATES={spec}"], check=True)
    targets = [f"ab_suite_{c}" for c in CELLS] + [f"ab_gbench_{c}" for c in ["base"] + CELLS]
    run(["cmake", "--build", build, "-j2", "--target", "pace", "ab_suite_base", *targets], check=True)
    return {"ns_per_add": per_add * 1e9, "op_min_ns": {o: ops[o] * 1e9 for o in OPS}, "extra_adds": extra,
            "nominal_percent": {c: [round(100 * extra[c][i] * per_add / ops[o], 2) for i, o in enumerate(OPS)]
                                for c in CELLS}}


def judge_ab(build, cand, budget, schedule):
    pace, base = f"{build}/src/cli/pace", f"{build}/bench/ab/ab_suite_base"
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [pace, "ab", base, f"{build}/bench/ab/ab_suite_{cand}", "--schedule", schedule,
               "--json", f"{tmp}/ab.json"] + (["--max-time", budget] if budget else []) + \
              ["--", "--tags", "not calibration"]
        start = time.time()
        p = run(cmd)
        took = time.time() - start
        if p.returncode not in (0, 1):
            return {"error": p.stderr[-500:]}, took
        with open(f"{tmp}/ab.json") as f:
            doc = json.load(f)
    out = {}
    for b in doc["benchmarks"]:
        ab = b["extra_info"]["ab"]
        out[b["fullname"]] = {"verdict": ab["verdict"], "change": ab.get("change"), "low": ab.get("low"),
                              "high": ab.get("high"), "pairs": ab["pairs"],
                              "within": ab["within_pair"], "between": ab["between_pairs"]}
    return out, took


def junit_failures(path):
    import xml.etree.ElementTree as ET
    if not os.path.exists(path):
        return set()
    return {case.get("name") for case in ET.parse(path).iter("testcase") if case.find("failure") is not None}


def judge_compare(build, cand, processes=1):
    pace, base = f"{build}/src/cli/pace", f"{build}/bench/ab/ab_suite_base"
    with tempfile.TemporaryDirectory() as tmp:
        start = time.time()
        for name, binary in (("b", base), ("c", f"{build}/bench/ab/ab_suite_{cand}")):
            run([binary, "--tags", "not calibration", "--no-memory", "--json", f"{tmp}/{name}.json",
                 "--processes", str(processes), "--max-time", str(1.0 / processes)], check=True)
        p = run([pace, "compare", f"{tmp}/b.json", f"{tmp}/c.json", "--fail-on", "median:1%",
                 "--junit", f"{tmp}/j.xml"])
        took = time.time() - start
        b, c = medians(f"{tmp}/b.json"), medians(f"{tmp}/c.json")
        flagged = junit_failures(f"{tmp}/j.xml")
    out = {}
    for o in OPS:
        out[o] = {"flagged": o in flagged, "change": c[o] / b[o] - 1}
    return out, took


def u_test_p(a, b):
    """Two-sided exact Mann-Whitney p for samples without ties (n <= 20 each)."""
    n, m = len(a), len(b)
    u = sum(1 for x in a for y in b if x > y) + 0.5 * sum(1 for x in a for y in b if x == y)
    # counts[k] = number of arrangements with U = k, by the usual recursion
    from functools import lru_cache

    @lru_cache(None)
    def count(i, j, k):
        if k < 0:
            return 0
        if i == 0 or j == 0:
            return 1 if k == 0 else 0
        return count(i - 1, j, k - j) + count(i, j - 1, k)
    total = math.comb(n + m, n)
    lo = min(u, n * m - u)
    p = 2 * sum(count(n, m, k) for k in range(int(math.floor(lo)) + 1)) / total
    return min(1.0, p)


def judge_gbench(build, cand):
    out_rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        start = time.time()
        for name, binary in (("b", "base"), ("c", cand)):
            run([f"{build}/bench/ab/ab_gbench_{binary}", "--benchmark_repetitions=10", "--benchmark_min_time=0.05",
                 "--benchmark_format=json", f"--benchmark_out={tmp}/{name}.json"], check=True)
            with open(f"{tmp}/{name}.json") as f:
                rows = json.load(f)["benchmarks"]
            out_rows[name] = {o: [r["real_time"] for r in rows if r["name"] == o and r.get("run_type") == "iteration"]
                              for o in OPS}
        took = time.time() - start
    out = {}
    for o in OPS:
        a, b = out_rows["b"][o], out_rows["c"][o]
        p = u_test_p(a, b)
        ma, mb = sorted(a)[len(a) // 2], sorted(b)[len(b) // 2]
        out[o] = {"p": p, "flagged": p < 0.05 and mb > ma, "any": p < 0.05, "change": mb / ma - 1}
    return out, took


def summarise(path):
    """Markdown table: per tool and operation, the A/A false-alarm rate and the detection rates."""
    lines = [json.loads(l) for l in open(path) if l.strip()]
    rows = [l for l in lines if "tool" in l and "error" not in l["verdicts"]]
    errors = [l for l in lines if "tool" in l and "error" in l["verdicts"]]
    tools = sorted({(r["tool"], r["schedule"]) for r in rows})
    print("| tool | operation | A/A false alarms | +1% | +2% | +5% | +10% | seconds per comparison |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for tool, schedule in tools:
        mine = [r for r in rows if r["tool"] == tool and r["schedule"] == schedule]
        secs = sorted(r["seconds"] for r in mine)
        for o in OPS:
            cells = []
            for c in CELLS:
                vs = [r["verdicts"][o] for r in mine if r["cell"] == c and o in r["verdicts"]]
                if not vs:
                    cells.append("—")
                    continue
                if tool == "ab":
                    hit = [v["verdict"] != "no change" if c == "same" else v["verdict"] == "slower" for v in vs]
                elif tool == "gbench":
                    hit = [v["any"] if c == "same" else v["flagged"] for v in vs]
                else:
                    hit = [v["flagged"] for v in vs]
                cells.append(f"{sum(hit)}/{len(hit)}")
            if tool == "ab":
                name = f"pace ab ({schedule})"
            elif tool == "compare":
                n = int(schedule or 1)
                name = "pace compare, 1 process a side" if n == 1 else f"pace compare, --processes {n} a side"
            else:
                name = "Google Benchmark + U test"
            print(f"| {name} | {o} | " + " | ".join(cells) + f" | {secs[len(secs) // 2]:.0f} (median) |")
    if errors:
        print(f"\n{len(errors)} comparisons ended in an error")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build/release")
    ap.add_argument("--source", default=".")
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--budget", default=None, help="pace ab --max-time (default: pace ab's own)")
    ap.add_argument("--cells", default=",".join(CELLS))
    ap.add_argument("--tools", default="ab:turns,compare,gbench",
                    help="ab:turns, ab:duet, compare (one process a side), compare:N (N processes a side), gbench")
    ap.add_argument("--out", default="/tmp/ab-eval.jsonl")
    ap.add_argument("--skip-calibration", action="store_true")
    ap.add_argument("--summarise", action="store_true", help="print the table of --out and stop")
    args = ap.parse_args()
    if args.summarise:
        summarise(args.out)
        return
    if not args.skip_calibration:
        cal = calibrate(args.build, args.source)
        print(json.dumps(cal), flush=True)
        with open(args.out, "a") as f:
            f.write(json.dumps({"calibration": cal}) + "\n")
    cells, tools = args.cells.split(","), args.tools.split(",")
    rng = random.Random(1)
    for rep in range(args.reps):
        order = [(c, t) for c in cells for t in tools]
        rng.shuffle(order)
        for cell, tool in order:
            schedule = ""
            if tool.startswith("ab"):
                schedule = tool.split(":")[1] if ":" in tool else "turns"
                verdicts, took = judge_ab(args.build, cell, args.budget, schedule)
            elif tool.startswith("compare"):
                schedule = tool.split(":")[1] if ":" in tool else "1"
                verdicts, took = judge_compare(args.build, cell, int(schedule))
            else:
                verdicts, took = judge_gbench(args.build, cell)
            line = {"rep": rep, "cell": cell, "tool": tool.split(":")[0], "schedule": schedule, "seconds": took,
                    "verdicts": verdicts}
            with open(args.out, "a") as f:
                f.write(json.dumps(line) + "\n")
            print(f"rep {rep} {cell} {tool} {took:.0f}s", flush=True)


if __name__ == "__main__":
    main()
