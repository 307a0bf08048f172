// SPDX-License-Identifier: Apache-2.0
// Parameterized by captured values and named arguments: BENCHMARK_CAPTURE,
// ArgName(s), Args, Ranges, ArgsProduct, Name, Iterations, MinTime.
#include <benchmark/benchmark.h>

#include <string>
#include <string_view>
#include <vector>

static void BM_find(benchmark::State& state, std::string haystack, std::string needle) {
    for (auto _ : state) benchmark::DoNotOptimize(haystack.find(needle));
    state.SetLabel(needle);
}
BENCHMARK_CAPTURE(BM_find, short_hit, std::string("the quick brown fox"), std::string("fox"));
BENCHMARK_CAPTURE(BM_find, long_miss, std::string(2000, 'a'), std::string("ab"));

static void BM_matrix(benchmark::State& state) {
    const auto rows = static_cast<std::size_t>(state.range(0));
    const auto cols = static_cast<std::size_t>(state.range(1));
    std::vector<double> m(rows * cols, 1.5);
    for (auto _ : state) {
        double s = 0;
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t c = 0; c < cols; ++c) s += m[r * cols + c];
        benchmark::DoNotOptimize(s);
    }
}
BENCHMARK(BM_matrix)->ArgNames({"rows", "cols"})->Args({4, 4})->Args({16, 8});
BENCHMARK(BM_matrix)->Ranges({{2, 16}, {4, 8}})->Name("BM_matrix_ranges");
BENCHMARK(BM_matrix)->ArgsProduct({{2, 4}, {3, 5, 7}})->ArgNames({"r", ""})->Name("product");
BENCHMARK(BM_matrix)->Args({8, 8})->Iterations(50);
BENCHMARK(BM_matrix)->Args({3, 3})->MinTime(0.01);

BENCHMARK_MAIN();
