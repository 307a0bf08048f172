// SPDX-License-Identifier: Apache-2.0
// Must not compile under pace::gbench: a ProfilerManager (Google Benchmark
// 1.8.4+) has no counterpart in pace's run.
#include <benchmark/benchmark.h>

struct Tracer {};

int main(int argc, char** argv) {
    static Tracer tracer;
    benchmark::RegisterProfilerManager(&tracer);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
}
