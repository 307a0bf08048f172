// SPDX-License-Identifier: Apache-2.0
// Container benchmarks over types: BENCHMARK_TEMPLATE, BENCHMARK_TEMPLATE1/2,
// ranges chained on templates.
#include <benchmark/benchmark.h>

#include <deque>
#include <list>
#include <set>
#include <unordered_set>
#include <vector>

template <class Container>
void BM_fill(benchmark::State& state) {
    const auto n = state.range(0);
    for (auto _ : state) {
        Container c;
        for (int64_t i = 0; i < n; ++i) c.insert(c.end(), static_cast<typename Container::value_type>(i));
        benchmark::DoNotOptimize(c);
    }
    state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK_TEMPLATE(BM_fill, std::vector<int>)->Range(16, 1024);
BENCHMARK_TEMPLATE(BM_fill, std::deque<int>)->Range(16, 1024);
BENCHMARK_TEMPLATE1(BM_fill, std::list<int>)->Arg(64);

template <class Set, int Count>
void BM_lookup(benchmark::State& state) {
    Set s;
    for (int i = 0; i < Count; ++i) s.insert(i * 3);
    int hits = 0;
    for (auto _ : state) {
        for (int i = 0; i < 32; ++i) hits += static_cast<int>(s.count(i));
        benchmark::DoNotOptimize(hits);
    }
}
BENCHMARK_TEMPLATE2(BM_lookup, std::set<int>, 100);
BENCHMARK_TEMPLATE(BM_lookup, std::unordered_set<int>, 100);

BENCHMARK_MAIN();
