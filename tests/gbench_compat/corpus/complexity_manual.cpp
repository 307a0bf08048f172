// SPDX-License-Identifier: Apache-2.0
// Asymptotic fits and manual timing: Complexity (a named curve, oAuto, a
// lambda) with SetComplexityN, UseManualTime with SetIterationTime.
#include <benchmark/benchmark.h>

#include <chrono>
#include <numeric>
#include <vector>

static void BM_linear_scan(benchmark::State& state) {
    std::vector<int> v(static_cast<std::size_t>(state.range(0)), 1);
    for (auto _ : state) benchmark::DoNotOptimize(std::accumulate(v.begin(), v.end(), 0));
    state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_linear_scan)->RangeMultiplier(4)->Range(64, 4096)->Complexity(benchmark::oN);
BENCHMARK(BM_linear_scan)->RangeMultiplier(4)->Range(64, 4096)->Complexity()->Name("BM_scan_auto");
BENCHMARK(BM_linear_scan)->Arg(100)->Arg(200)->Arg(400)->Complexity([](benchmark::IterationCount n) {
    return static_cast<double>(n);
})->Name("BM_scan_lambda");

static void BM_manual(benchmark::State& state) {
    std::vector<int> v(static_cast<std::size_t>(state.range(0)), 3);
    for (auto _ : state) {
        auto start = std::chrono::steady_clock::now();
        benchmark::DoNotOptimize(std::accumulate(v.begin(), v.end(), 0));
        auto end = std::chrono::steady_clock::now();
        state.SetIterationTime(std::chrono::duration<double>(end - start).count());
    }
}
BENCHMARK(BM_manual)->Arg(1000)->UseManualTime();

BENCHMARK_MAIN();
