// SPDX-License-Identifier: Apache-2.0
// The most common style: free functions, `for (auto _ : state)`, Arg and
// Range, DoNotOptimize and ClobberMemory, BENCHMARK_MAIN at the end.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <string>
#include <vector>

static void BM_empty(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(state.iterations());
}
BENCHMARK(BM_empty);

static void BM_vector_push_back(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    for (auto _ : state) {
        std::vector<int> v;
        v.reserve(n);
        for (std::size_t i = 0; i < n; ++i) v.push_back(static_cast<int>(i));
        benchmark::DoNotOptimize(v.data());
        benchmark::ClobberMemory();
    }
}
BENCHMARK(BM_vector_push_back)->Arg(8)->Arg(64)->Arg(512);

static void BM_accumulate(benchmark::State& state) {
    std::vector<std::int64_t> values(static_cast<std::size_t>(state.range(0)));
    std::iota(values.begin(), values.end(), 1);
    for (auto _ : state) {
        auto sum = std::accumulate(values.begin(), values.end(), std::int64_t{0});
        benchmark::DoNotOptimize(sum);
    }
}
BENCHMARK(BM_accumulate)->Range(8, 8 << 10);

static void BM_string_concat(benchmark::State& state) {
    const std::string piece(static_cast<std::size_t>(state.range(0)), 'x');
    for (auto _ : state) {
        std::string s = piece + piece;
        benchmark::DoNotOptimize(s);
    }
}
BENCHMARK(BM_string_concat)->RangeMultiplier(4)->Range(1, 256);

static void BM_sort_reverse(benchmark::State& state) {
    std::vector<int> base(static_cast<std::size_t>(state.range(0)));
    std::iota(base.rbegin(), base.rend(), 0);
    for (auto _ : state) {
        auto v = base;
        std::sort(v.begin(), v.end());
        benchmark::DoNotOptimize(v.back());
    }
}
BENCHMARK(BM_sort_reverse)->DenseRange(100, 300, 100)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
