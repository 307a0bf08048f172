// SPDX-License-Identifier: Apache-2.0
// Argument generators and project macros: Apply with a function building the
// argument lists, CreateRange/CreateDenseRange into ArgsProduct, the legacy
// RangePair (Google Benchmark 1.7.1's BENCHMARK_RANGE2 does not compile), MinWarmUpTime, DenseThreadRange, counters.insert,
// benchmarks in a namespace behind a project's own macro.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace codec {

#define CODEC_BENCH(fn) BENCHMARK(fn)->Unit(benchmark::kMicrosecond)

std::vector<std::uint8_t> encode(const std::vector<std::uint8_t>& in, int level) {
    std::vector<std::uint8_t> out;
    out.reserve(in.size());
    std::uint8_t prev = 0;
    for (auto b : in) {
        out.push_back(static_cast<std::uint8_t>((b - prev) ^ level));
        prev = b;
    }
    return out;
}

void BM_encode(benchmark::State& state) {
    std::vector<std::uint8_t> input(static_cast<std::size_t>(state.range(0)), 3);
    const int level = static_cast<int>(state.range(1));
    for (auto _ : state) benchmark::DoNotOptimize(encode(input, level));
    state.counters.insert({{"level", static_cast<double>(level)},
                           {"ratio", benchmark::Counter(1.0, benchmark::Counter::kAvgThreads)}});
}

void sizes_and_levels(benchmark::internal::Benchmark* b) {
    for (int size = 64; size <= 1024; size *= 4)
        for (int level : {1, 9}) b->Args({size, level});
}
CODEC_BENCH(BM_encode)->Apply(sizes_and_levels);
BENCHMARK(BM_encode)
    ->ArgsProduct({benchmark::CreateRange(16, 256, /*multi=*/4), benchmark::CreateDenseRange(0, 2, /*step=*/1)})
    ->Name("codec/encode_product");
BENCHMARK(BM_encode)->RangePair(8, 64, 1, 2)->Name("codec/encode_pair");

}  // namespace codec

static void BM_copy(benchmark::State& state) {
    std::vector<char> a(static_cast<std::size_t>(state.range(0)), 'a'), b(a.size());
    for (auto _ : state) {
        std::memcpy(b.data(), a.data(), a.size());
        benchmark::ClobberMemory();
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_copy)->Arg(4096)->MinWarmUpTime(0.005);
BENCHMARK(BM_copy)->Arg(512)->DenseThreadRange(1, 3, 2)->Name("BM_copy_threads");

BENCHMARK_MAIN();
