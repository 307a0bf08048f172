// SPDX-License-Identifier: Apache-2.0
// Google Benchmark 1.9's fixture template methods, which Debian's 1.7.1 does
// not have: checked against the names Google Benchmark gives them
// (template_method.ids).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <numeric>
#include <type_traits>
#include <utility>
#include <vector>

template <class T, class Size>
class Series : public benchmark::Fixture {
public:
    using value_type = T;
    void SetUp(const benchmark::State&) override { values.assign(Size::value, T{2}); }
    std::vector<T> values;
};

using Small = std::integral_constant<int, 16>;
using Large = std::integral_constant<int, 64>;

BENCHMARK_TEMPLATE_METHOD_F(Series, Sum)(benchmark::State& state) {
    using T = typename Base::value_type;
    for (auto _ : state) benchmark::DoNotOptimize(std::accumulate(this->values.begin(), this->values.end(), T{}));
}
BENCHMARK_TEMPLATE_INSTANTIATE_F(Series, Sum, int, Small);
BENCHMARK_TEMPLATE_INSTANTIATE_F(Series, Sum, double, Large)->Arg(3);

template <class T>
void BM_fill(benchmark::State& state, T value) {
    std::vector<T> v(8);
    for (auto _ : state) {
        std::fill(v.begin(), v.end(), value);
        benchmark::DoNotOptimize(v.data());
    }
}
BENCHMARK_TEMPLATE1_CAPTURE(BM_fill, int, seven, 7);
template <class Key, class Value>
void BM_pair(benchmark::State& state, int count) {
    for (auto _ : state) {
        std::vector<std::pair<Key, Value>> v(static_cast<std::size_t>(count));
        benchmark::DoNotOptimize(v.data());
    }
}
BENCHMARK_TEMPLATE2_CAPTURE(BM_pair, int, long, small, 3);

BENCHMARK_MAIN();
