// SPDX-License-Identifier: Apache-2.0
// Benchmarks that give up: SkipWithError before the loop and inside it,
// error_occurred(), and a Setup/Teardown pair around each run.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

static int setups = 0;
static void count_setup(const benchmark::State&) { ++setups; }
static void count_teardown(const benchmark::State&) {}

static void BM_needs_resource(benchmark::State& state) {
    std::FILE* f = std::fopen("/nonexistent/pace-gbench-resource", "r");
    if (!f) {
        state.SkipWithError("resource not available");
        return;
    }
    for (auto _ : state) benchmark::DoNotOptimize(f);
    std::fclose(f);
}
BENCHMARK(BM_needs_resource);

static void BM_fails_midway(benchmark::State& state) {
    int64_t n = 0;
    for (auto _ : state) {
        if (++n > 3) {
            state.SkipWithError("gave up after three iterations");
            break;
        }
    }
}
BENCHMARK(BM_fails_midway)->Iterations(10);

static void BM_with_setup(benchmark::State& state) {
    std::string s;
    for (auto _ : state) {
        s.assign(16, 'x');
        benchmark::DoNotOptimize(s.data());
    }
    if (state.error_occurred()) return;
}
BENCHMARK(BM_with_setup)->Setup(count_setup)->Teardown(count_teardown);

BENCHMARK_MAIN();
