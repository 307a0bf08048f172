// SPDX-License-Identifier: Apache-2.0
// Google Benchmark's side of the timing comparison: the same operations.
#include <benchmark/benchmark.h>

#include "operations.hpp"

static void empty(benchmark::State& state) {
    for (auto _ : state) {
    }
}
BENCHMARK(empty);

static void increment(benchmark::State& state) {
    std::uint64_t x = 0;
    for (auto _ : state) {
        ++x;
        benchmark::DoNotOptimize(x);
    }
}
BENCHMARK(increment);

static void hash48(benchmark::State& state) {
    const std::string text(48, 'q');
    for (auto _ : state) benchmark::DoNotOptimize(pace_bench::hash(text));
}
BENCHMARK(hash48);

static void sort256(benchmark::State& state) {
    const auto input = pace_bench::shuffled(256);
    for (auto _ : state) benchmark::DoNotOptimize(pace_bench::sorted_copy(input));
}
BENCHMARK(sort256);

static void sort6k(benchmark::State& state) {
    const auto input = pace_bench::shuffled(6000);
    for (auto _ : state) benchmark::DoNotOptimize(pace_bench::sorted_copy(input));
}
BENCHMARK(sort6k);

BENCHMARK_MAIN();
