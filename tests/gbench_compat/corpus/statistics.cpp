// SPDX-License-Identifier: Apache-2.0
// Repetitions and their aggregates: Repetitions, ComputeStatistics,
// ReportAggregatesOnly, DisplayAggregatesOnly.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <vector>

static double max_of(const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); }

static void BM_sqrt(benchmark::State& state) {
    double x = 2.0;
    for (auto _ : state) benchmark::DoNotOptimize(x = std::sqrt(x + 1.0));
}
BENCHMARK(BM_sqrt)->Repetitions(3);
BENCHMARK(BM_sqrt)->Repetitions(2)->ComputeStatistics("max", max_of)->Name("BM_sqrt_max");
BENCHMARK(BM_sqrt)->Repetitions(3)->ReportAggregatesOnly(true)->Name("BM_sqrt_aggregates");
BENCHMARK(BM_sqrt)->Repetitions(2)->DisplayAggregatesOnly(true)->Name("BM_sqrt_display");

BENCHMARK_MAIN();
