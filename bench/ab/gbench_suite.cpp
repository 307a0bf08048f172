// SPDX-License-Identifier: Apache-2.0
// Google Benchmark's side of the pace ab evaluation: the same four operations.
#include <benchmark/benchmark.h>

#include "suite_operations.hpp"

static void chain(benchmark::State& state) {
    std::uint64_t seed = 1;
    const long steps = pace_ab::opaque(pace_ab::chain_steps + PACE_AB_EXTRA_CHAIN);
    for (auto _ : state) benchmark::DoNotOptimize(pace_ab::dependent_adds(seed, steps));
}
BENCHMARK(chain);

static void sort_small(benchmark::State& state) {
    const auto input = pace_ab::shuffled(pace_ab::small_sort_size);
    const long extra = pace_ab::opaque(PACE_AB_EXTRA_SMALL);
    for (auto _ : state) benchmark::DoNotOptimize(pace_ab::sort_copy(input, extra));
}
BENCHMARK(sort_small)->Name("sort/small");

static void sort_large(benchmark::State& state) {
    const auto input = pace_ab::shuffled(pace_ab::large_sort_size);
    const long extra = pace_ab::opaque(PACE_AB_EXTRA_LARGE);
    for (auto _ : state) benchmark::DoNotOptimize(pace_ab::sort_copy(input, extra));
}
BENCHMARK(sort_large)->Name("sort/large");

static void stream(benchmark::State& state) {
    const std::vector<std::uint32_t> data(pace_ab::stream_ints, 3);
    const long extra = pace_ab::opaque(PACE_AB_EXTRA_STREAM);
    for (auto _ : state) benchmark::DoNotOptimize(pace_ab::stream_sum(data, extra));
}
BENCHMARK(stream);

BENCHMARK_MAIN();
