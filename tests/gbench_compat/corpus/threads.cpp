// SPDX-License-Identifier: Apache-2.0
// Multi-threaded benchmarks: Threads, ThreadRange, UseRealTime, shared setup
// by thread 0, thread_index() and threads(), MeasureProcessCPUTime, a range up
// to CPUInfo's num_cpus.
#include <benchmark/benchmark.h>

#include <atomic>
#include <mutex>
#include <vector>

static std::atomic<long> shared_counter{0};
static std::mutex guard;

static void BM_atomic_increment(benchmark::State& state) {
    if (state.thread_index() == 0) shared_counter = 0;
    for (auto _ : state) shared_counter.fetch_add(1, std::memory_order_relaxed);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_atomic_increment)->Threads(1)->Threads(2);
BENCHMARK(BM_atomic_increment)->ThreadRange(1, 4)->UseRealTime();
// As many threads as the machine has CPUs, as projects write it.
BENCHMARK(BM_atomic_increment)->ThreadRange(1, benchmark::CPUInfo::Get().num_cpus)->Name("BM_atomic_per_cpu");

static void BM_locked(benchmark::State& state) {
    long local = 0;
    for (auto _ : state) {
        std::lock_guard<std::mutex> lock(guard);
        benchmark::DoNotOptimize(++local);
    }
    state.counters["threads"] = benchmark::Counter(state.threads(), benchmark::Counter::kAvgThreads);
}
BENCHMARK(BM_locked)->Threads(2)->UseRealTime();
BENCHMARK(BM_locked)->Threads(2)->MeasureProcessCPUTime()->UseRealTime();

BENCHMARK_MAIN();
