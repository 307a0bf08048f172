// SPDX-License-Identifier: Apache-2.0
// Quick benchmarks for end-to-end tests of the benchmark binary.
#include <pace/pace.hpp>

#include <numeric>  // std::iota
#include <vector>   // std::vector

PACE_BENCH("sum/vector", pace::dim("n", {64, 512}), pace::tags("cpu")) {
    std::vector<long> v(bench.dim<std::size_t>("n"));
    std::iota(v.begin(), v.end(), 1L);
    auto sum = bench.measure([&] { return std::accumulate(v.begin(), v.end(), 0L); });
    PACE_CHECK(sum == static_cast<long>(v.size() * (v.size() + 1) / 2));
    bench.items(static_cast<double>(v.size()));
    bench.info("elements", v.size());
}

PACE_BENCH("alloc/vector", pace::tags("alloc", "big")) {
    auto v = bench.measure([] {
        std::vector<int> out;
        out.reserve(1000);
        return out.capacity();
    });
    PACE_CHECK(v == 1000);
}

PACE_BENCH("pedantic/setup", pace::tags("cpu")) {
    int calls = 0, setups = 0;
    pace::Pedantic plan;
    plan.setup = [&] { ++setups; };
    plan.rounds = 4;
    plan.iterations = 3;
    plan.warmup_rounds = 1;
    bench.pedantic([&] { return ++calls; }, plan);
    if (!bench.test_mode()) {
        PACE_CHECK(setups >= 5);        // warm-up round + 4 rounds (+ the untimed calls)
        PACE_CHECK(calls >= 5 * 3);
    }
}

PACE_BENCH("limits/allocations", pace::tags("alloc")) {
    bench.limit_allocations(1);
    bench.measure([] {
        std::vector<int> a(10), b(10);
        return a.size() + b.size();
    });
}
