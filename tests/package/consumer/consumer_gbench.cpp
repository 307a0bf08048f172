// SPDX-License-Identifier: Apache-2.0
// A Google Benchmark source, unchanged, built against pace::gbench_main.
#include <benchmark/benchmark.h>

#include <string>

static void BM_consumer_concat(benchmark::State& state) {
    const std::string part(4, 'x');
    for (auto _ : state) {
        std::string s;
        for (int64_t i = 0; i < state.range(0); ++i) s += part;
        benchmark::DoNotOptimize(s);
    }
}
BENCHMARK(BM_consumer_concat)->Arg(8)->Threads(1);
