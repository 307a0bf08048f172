#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Writes the small result files of the table golden cases (run from here).

  hostile_base.json / hostile_cand.json   ids that are markup, HTML, control
                                          characters and wide text
  mixed_base.json / mixed_cand.json       a 20 ms command beside a 5 ns
                                          benchmark, and dims whose text order
                                          is not their numeric order
  overflow.json, overflow.csv             a figure of 1e999999 (JSON line 9,
                                          CSV line 3)
"""
import json

MACHINE = {"node": "ci-runner", "machine": "x86_64", "system": "Linux", "release": "6.1.0",
           "cpu": {"brand_raw": "Example CPU 3000", "count": 8}}


def bench(fullname, mean, params=None):
    name = fullname.split("::")[-1]
    return {"group": None, "name": name, "fullname": fullname, "params": params, "param": None,
            "extra_info": {}, "options": {},
            "stats": {"min": mean, "max": mean, "mean": mean, "stddev": 0.0, "rounds": 1, "median": mean,
                      "iqr": 0.0, "q1": mean, "q3": mean, "iqr_outliers": 0, "stddev_outliers": 0,
                      "outliers": "0;0", "ld15iqr": mean, "hd15iqr": mean, "ops": 1 / mean, "total": mean}}


def write(path, benchmarks):
    doc = {"machine_info": MACHINE, "commit_info": {"id": "0000000", "branch": "main", "dirty": False},
           "benchmarks": benchmarks, "datetime": "2026-01-01T00:00:00+00:00", "version": "4.0.0"}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")


hostile = [
    ("bench.py::test_<img src=x onerror=alert(1)>", 0.001),
    ("bench.py::test_[link](https://example.com)", 0.002),
    ("bench.py::test_pipe|column`code`*bold*_em_", 0.003),
    ("bench.py::test_new\nline\tand\x1b[31mescape", 0.004),
    ("bench.py::test_\u65e5\u672c\u8a9e_cafe\u0301", 0.005),
]
write("hostile_base.json", [bench(i, m) for i, m in hostile])
write("hostile_cand.json", [bench(i, m * 1.1) for i, m in hostile])

mixed = [
    ("cmd::sleep 0.02", 0.019987788, None, 0.0201),
    ("bench.py::test_add", 5.4559e-9, None, 5.4e-9),
    ("bench.py::test_sort[n=10000]", 0.00061, {"n": 10000}, 0.00063),
    ("bench.py::test_sort[n=1000]", 0.000047, {"n": 1000}, 0.000046),
    ("bench.py::test_sort[n=100]", 0.0000031, {"n": 100}, 0.0000032),
    ("bench.py::test_copy[size=32768]", 0.0000153, {"size": 32768}, 0.0000151),
    ("bench.py::test_copy[size=4096]", 0.00000191, {"size": 4096}, 0.00000189),
]
write("mixed_base.json", [bench(i, b, p) for i, b, p, _ in mixed])
write("mixed_cand.json", [bench(i, c, p) for i, _, p, c in mixed])

# A number no double holds, where a reader must say where it is.
with open("overflow.json", "w", encoding="utf-8") as f:
    f.write('{\n "machine_info": {},\n "commit_info": {},\n "benchmarks": [\n  {\n   "name": "test_x",\n'
            '   "fullname": "bench.py::test_x",\n   "stats": {\n    "mean": 1e999999,\n    "rounds": 1\n   }\n'
            '  }\n ]\n}\n')

# The same in a Google Benchmark CSV: line 3, column real_time.
with open("overflow.csv", "w", encoding="utf-8") as f:
    f.write("name,iterations,real_time,cpu_time,time_unit,bytes_per_second,items_per_second,label,error_occurred,"
            "error_message\n"
            '"BM_sort/512",3860,5694.84,3607.64,ns,,,,,\n'
            '"BM_sort/4096",356,1e999999,42053.6,ns,,,,,\n')
