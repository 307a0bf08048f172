// SPDX-License-Identifier: Apache-2.0
// Benchmarks registered at run time from a table, with a main of its own
// (RegisterBenchmark with lambdas and extra arguments, Initialize,
// ReportUnrecognizedArguments, RunSpecifiedBenchmarks, Shutdown).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

namespace {

struct Dataset {
    const char* name;
    int size;
};

std::uint64_t hash_range(int n) {
    std::uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < n; ++i) h = (h ^ static_cast<std::uint64_t>(i)) * 1099511628211ull;
    return h;
}

void hash_benchmark(benchmark::State& state, int size) {
    for (auto _ : state) benchmark::DoNotOptimize(hash_range(size));
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<Dataset> datasets{{"tiny", 8}, {"small", 128}, {"medium", 2048}};
    for (const Dataset& d : datasets) {
        benchmark::RegisterBenchmark((std::string("hash/") + d.name).c_str(), hash_benchmark, d.size);
        benchmark::RegisterBenchmark((std::string("hash_lambda/") + d.name).c_str(), [size = d.size](benchmark::State& st) {
            for (auto _ : st) benchmark::DoNotOptimize(hash_range(size));
        });
    }
    benchmark::RegisterBenchmark("hash_args", [](benchmark::State& st) {
        for (auto _ : st) benchmark::DoNotOptimize(hash_range(static_cast<int>(st.range(0))));
    })->Arg(4)->Arg(40);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
