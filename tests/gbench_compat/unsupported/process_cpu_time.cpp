// SPDX-License-Identifier: Apache-2.0
// Must not compile under pace::gbench: pace measures wall time, so a CPU time
// of the whole process would silently be something else.
#include <benchmark/benchmark.h>

static void BM_spin(benchmark::State& state) {
    for (auto _ : state) benchmark::ClobberMemory();
}
BENCHMARK(BM_spin)->MeasureProcessCPUTime();
BENCHMARK_MAIN();
