// SPDX-License-Identifier: Apache-2.0
// A small Google Benchmark suite whose output the golden tests of `pace
// compare` read: built against Debian's libbenchmark-dev 1.7.1 by generate.sh,
// once as a base and once as a candidate (PACE_GB_SIDE=cand) in which one
// benchmark fails (SkipWithError) and one is no longer registered, and once
// (PACE_GB_SIDE=abort) as a run that dies in a benchmark, its stderr merged in.
#include <benchmark/benchmark.h>  // the suite

#include <algorithm>  // std::sort
#include <cstdlib>    // std::getenv
#include <numeric>    // std::iota
#include <stdexcept>  // std::runtime_error
#include <string>     // std::string
#include <vector>     // std::vector

namespace {

bool side_is(const char* name) {
    const char* side = std::getenv("PACE_GB_SIDE");
    return side && std::string(side) == name;
}

bool candidate() { return side_is("cand"); }

std::vector<int> shuffled(std::size_t n) {
    std::vector<int> v(n);
    std::iota(v.begin(), v.end(), 0);
    for (std::size_t i = 0; i < n; ++i) std::swap(v[i], v[(i * 7919) % n]);
    return v;
}

// Dims as arguments (`/512`) and a rate counter GB writes as a flat key.
void BM_sort(benchmark::State& state) {
    const auto v = shuffled(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        auto w = v;
        std::sort(w.begin(), w.end());
        benchmark::DoNotOptimize(w.data());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
    state.counters["swaps/s"] = benchmark::Counter(static_cast<double>(state.range(0)),
                                                   benchmark::Counter::kIsIterationInvariantRate);
    state.counters["elements"] = static_cast<double>(state.range(0));
}
BENCHMARK(BM_sort)->Arg(512)->Arg(32768)->Arg(4096);

// Fails in the candidate, as a benchmark whose check broke does.
void BM_parse(benchmark::State& state) {
    if (candidate()) {
        state.SkipWithError("parser returned 3 errors on input.txt");
        return;
    }
    // An exception escaping a benchmark ends the whole run (std::terminate).
    if (side_is("abort")) throw std::runtime_error("input.txt: unexpected end of file");
    std::string text(4096, 'x');
    for (auto _ : state) benchmark::DoNotOptimize(std::count(text.begin(), text.end(), 'y'));
}
BENCHMARK(BM_parse);

// Present in the base only: the candidate dropped it.
void BM_gone(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(state.iterations());
}

// Name parts GB adds that are options, not dims: threads, min_time, real_time, repeats.
void BM_sum(benchmark::State& state) {
    const auto v = shuffled(1024);
    for (auto _ : state) benchmark::DoNotOptimize(std::accumulate(v.begin(), v.end(), 0L));
    state.SetBytesProcessed(state.iterations() * 1024 * static_cast<long>(sizeof(int)));
}
BENCHMARK(BM_sum)->Threads(2)->MinTime(0.01)->UseRealTime();
BENCHMARK(BM_sum)->Arg(8)->Repetitions(3)->Unit(benchmark::kMicrosecond);

// A complexity fit (BigO and RMS rows), run on its own by generate.sh
// (bigo_*.json); the candidate's fill does twice the work.
void BM_fill(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    std::vector<int> v(n);
    for (auto _ : state) {
        for (int pass = 0; pass < (candidate() ? 2 : 1); ++pass) {
            std::fill(v.begin(), v.end(), pass);
            benchmark::ClobberMemory();
        }
        benchmark::DoNotOptimize(v.data());
    }
    state.SetComplexityN(state.range(0));
}
BENCHMARK(BM_fill)->RangeMultiplier(4)->Range(1 << 10, 1 << 16)->Complexity(benchmark::oN);

}  // namespace

int main(int argc, char** argv) {
    if (!candidate()) benchmark::RegisterBenchmark("BM_gone", BM_gone);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
}
