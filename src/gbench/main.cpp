// SPDX-License-Identifier: Apache-2.0
// main() of Google Benchmark files that have none (the pace::gbench_main target).
#include "benchmark/benchmark.h"

BENCHMARK_MAIN();
