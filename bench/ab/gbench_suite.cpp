// SPDX-License-Identifier: Apache-2.0
// Google Benchmark's side of the pace ab evaluation: the same four operations.
#include <benchmark/benchmark.h>

#include "suite_operations.hpp"

static void chain(benchmark::State& state) {
    std::uint64_t seed = 1;
    for (auto _ : state)
        benchmark::DoNotOptimize(
            pace_ab::dependent_adds(pace_ab::dependent_adds(seed, pace_ab::chain_steps), PACE_AB_EXTRA_CHAIN));
}
BENCHMARK(chain);

static void sort_small(benchmark::State& state) {
    const auto input = pace_ab::shuffled(pace_ab::small_sort_size);
    for (auto _ : state) benchmark::DoNotOptimize(pace_ab::sort_copy(input, PACE_AB_EXTRA_SMALL));
}
BENCHMARK(sort_small)->Name("sort/small");

static void sort_large(benchmark::State& state) {
    const auto input = pace_ab::shuffled(pace_ab::large_sort_size);
    for (auto _ : state) benchmark::DoNotOptimize(pace_ab::sort_copy(input, PACE_AB_EXTRA_LARGE));
}
BENCHMARK(sort_large)->Name("sort/large");

static void stream(benchmark::State& state) {
    const std::vector<std::uint32_t> data(pace_ab::stream_ints, 3);
    for (auto _ : state) benchmark::DoNotOptimize(pace_ab::stream_sum(data, PACE_AB_EXTRA_STREAM));
}
BENCHMARK(stream);

BENCHMARK_MAIN();
