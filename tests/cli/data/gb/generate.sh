#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Rebuilds suite.cpp against the system's Google Benchmark (Debian's
# libbenchmark-dev) and writes the base and candidate files, JSON and CSV,
# aborted.csv: a run that died in BM_parse, its stderr merged into the CSV;
# and bigo_base.json, bigo_cand.json: BM_fill's complexity fit alone.
# The files are committed: the tests read them, they do not run this.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
g++ -std=c++17 -O2 suite.cpp -o "$tmp/suite" -lbenchmark -lpthread
for side in base cand; do
    PACE_GB_SIDE=$side "$tmp/suite" --benchmark_min_time=0.01 --benchmark_filter=-BM_fill \
        --benchmark_out_format=json --benchmark_out="$side.json" >/dev/null 2>&1
    PACE_GB_SIDE=$side "$tmp/suite" --benchmark_min_time=0.01 --benchmark_filter=-BM_fill \
        --benchmark_format=csv >"$side.csv" 2>/dev/null
    PACE_GB_SIDE=$side "$tmp/suite" --benchmark_min_time=0.01 --benchmark_filter=BM_fill \
        --benchmark_out_format=json --benchmark_out="bigo_$side.json" >/dev/null 2>&1
done
# The shell's "Aborted" line is not part of the file; only what the run wrote.
(PACE_GB_SIDE=abort "$tmp/suite" --benchmark_min_time=0.01 --benchmark_filter=-BM_fill --benchmark_format=csv \
    >aborted.csv 2>&1) || true
