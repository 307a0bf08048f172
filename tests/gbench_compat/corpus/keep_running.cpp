// SPDX-License-Identifier: Apache-2.0
// The older style: `while (state.KeepRunning())`, PauseTiming around the
// per-iteration setup, the legacy macros, and no main of its own (linked with
// the library's main).
#include "benchmark/benchmark.h"

#include <cstring>
#include <map>
#include <vector>

static void BM_memcpy(benchmark::State& state) {
    const auto size = static_cast<std::size_t>(state.range(0));
    std::vector<char> src(size, 'a'), dst(size);
    while (state.KeepRunning()) {
        std::memcpy(dst.data(), src.data(), size);
        benchmark::DoNotOptimize(dst.data());
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(size));
}
BENCHMARK_RANGE(BM_memcpy, 64, 4 << 10);

static void BM_map_insert(benchmark::State& state) {
    const int n = static_cast<int>(state.range(0));
    while (state.KeepRunning()) {
        state.PauseTiming();
        std::map<int, int> m;
        state.ResumeTiming();
        for (int i = 0; i < n; ++i) m.emplace(i, i);
        benchmark::DoNotOptimize(m.size());
    }
    state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK_WITH_ARG(BM_map_insert, 16);
BENCHMARK_WITH_ARG2(BM_map_insert, 32, 1);

static void BM_batch(benchmark::State& state) {
    int x = 0;
    while (state.KeepRunningBatch(10)) {
        for (int i = 0; i < 10; ++i) benchmark::DoNotOptimize(x += i);
    }
}
BENCHMARK(BM_batch);
