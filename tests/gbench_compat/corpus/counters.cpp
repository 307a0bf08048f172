// SPDX-License-Identifier: Apache-2.0
// User counters with their flags, bytes and items processed, labels.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

static void BM_checksum(benchmark::State& state) {
    std::vector<std::uint8_t> data(static_cast<std::size_t>(state.range(0)), 7);
    std::uint64_t blocks = 0;
    for (auto _ : state) {
        std::uint32_t sum = 0;
        for (auto b : data) sum = sum * 31 + b;
        benchmark::DoNotOptimize(sum);
        ++blocks;
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
    state.counters["blocks"] = static_cast<double>(blocks);
    state.counters["block_rate"] = benchmark::Counter(static_cast<double>(blocks), benchmark::Counter::kIsRate);
    state.counters["bytes_per_block"] =
        benchmark::Counter(static_cast<double>(state.range(0)), benchmark::Counter::kDefaults, benchmark::Counter::kIs1024);
    state.counters["per_iteration"] = benchmark::Counter(static_cast<double>(blocks), benchmark::Counter::kAvgIterations);
    state.counters["invariant"] = benchmark::Counter(1, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["inverted"] =
        benchmark::Counter(static_cast<double>(blocks), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_checksum)->Arg(256)->Arg(4096);

static void BM_items(benchmark::State& state) {
    int64_t produced = 0;
    for (auto _ : state) {
        for (int i = 0; i < 10; ++i) benchmark::DoNotOptimize(produced += i);
    }
    state.SetItemsProcessed(state.iterations() * 10);
    state.SetLabel("ten per iteration");
}
BENCHMARK(BM_items);

BENCHMARK_MAIN();
