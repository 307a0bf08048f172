// SPDX-License-Identifier: Apache-2.0
// Fixture classes: BENCHMARK_F, BENCHMARK_DEFINE_F + BENCHMARK_REGISTER_F
// with arguments, a templated fixture, SetUp/TearDown with the State.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <string>
#include <vector>

class Numbers : public benchmark::Fixture {
public:
    void SetUp(const ::benchmark::State& state) override {
        values.resize(static_cast<std::size_t>(state.range(0)));
        std::mt19937 gen(42);
        for (auto& v : values) v = static_cast<int>(gen() % 1000);
    }
    void TearDown(const ::benchmark::State&) override { values.clear(); }

protected:
    std::vector<int> values;
};

// A fixture for BENCHMARK_F, which takes no arguments: its SetUp must not read range().
class Words : public benchmark::Fixture {
public:
    void SetUp(const ::benchmark::State&) override { words.assign(500, "pace"); }
    void TearDown(const ::benchmark::State&) override { words.clear(); }

protected:
    std::vector<std::string> words;
};

BENCHMARK_F(Words, Longest)(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(*std::max_element(words.begin(), words.end(),
                                                   [](const auto& a, const auto& b) { return a.size() < b.size(); }));
}

BENCHMARK_DEFINE_F(Numbers, Sum)(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(std::accumulate(values.begin(), values.end(), 0L));
}
BENCHMARK_REGISTER_F(Numbers, Sum)->Arg(100)->Arg(10000);

BENCHMARK_DEFINE_F(Numbers, Sorted)(benchmark::State& state) {
    for (auto _ : state) {
        state.PauseTiming();
        auto copy = values;
        state.ResumeTiming();
        std::sort(copy.begin(), copy.end());
        benchmark::DoNotOptimize(copy.data());
    }
}
BENCHMARK_REGISTER_F(Numbers, Sorted)->ArgName("n")->Arg(256)->Unit(benchmark::kMicrosecond);

template <class T>
class Buffer : public benchmark::Fixture {
public:
    void SetUp(benchmark::State& state) override { data.assign(static_cast<std::size_t>(state.range(0)), T{1}); }
    void TearDown(benchmark::State&) override { data = {}; }
    std::vector<T> data;
};

BENCHMARK_TEMPLATE_DEFINE_F(Buffer, Fill, double)(benchmark::State& state) {
    for (auto _ : state) std::fill(data.begin(), data.end(), 2.0);
}
BENCHMARK_REGISTER_F(Buffer, Fill)->Arg(128);

// BENCHMARK_TEMPLATE_F registers without arguments: a fixture of fixed size.
template <class T, int N>
class Fixed : public benchmark::Fixture {
public:
    void SetUp(benchmark::State&) override { data.assign(N, T{}); }
    std::vector<T> data;
};

BENCHMARK_TEMPLATE_F(Fixed, Reverse, char, 64)(benchmark::State& state) {
    for (auto _ : state) {
        std::reverse(data.begin(), data.end());
        benchmark::DoNotOptimize(data.data());
    }
}

BENCHMARK_TEMPLATE_DEFINE_F(Buffer, Count, int)(benchmark::State& state) {
    for (auto _ : state) benchmark::DoNotOptimize(std::count(data.begin(), data.end(), 1));
}
BENCHMARK_REGISTER_F(Buffer, Count)->Arg(64)->Arg(512);

BENCHMARK_MAIN();
