// SPDX-License-Identifier: Apache-2.0
// Benchmarks with timing targets, some met and some missed by design, for the
// end-to-end test of bench.target().
#include <pace/pace.hpp>

#include <chrono>   // std::chrono_literals
#include <cstdint>  // std::uint64_t

using namespace std::chrono_literals;

namespace {

std::uint64_t spin(int steps) {
    std::uint64_t x = 1;
    for (int i = 0; i < steps; ++i) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        pace::do_not_optimize(x);
    }
    return x;
}

}  // namespace

PACE_BENCH("targets/met") {
    bench.target(pace::p95 <= 10s);
    bench.target(pace::median <= 1s);
    bench.target(pace::ops >= 1.0);
    bench.items(100);
    bench.target(pace::items_per_second >= 1.0);
    bench.measure([] { return spin(100); });
}

PACE_BENCH("targets/missed") {
    bench.target(pace::mean <= 1ns);  // a hundred dependent multiplications take longer
    bench.measure([] { return spin(100); });
}

PACE_BENCH("targets/rate_missed") {
    bench.target(pace::ops >= 1e15);
    bench.measure([] { return spin(100); });
}

PACE_BENCH("targets/no_items") {
    bench.target(pace::items_per_second >= 1.0);  // without bench.items() there is no such figure
    bench.measure([] { return spin(100); });
}

PACE_BENCH("targets/slow") {
    bench.measure([] { return spin(2000); });
}

PACE_BENCH("targets/fast") {
    bench.target(pace::speedup_over("targets/slow") >= 2.0);  // 100 steps against 2,000
    bench.measure([] { return spin(100); });
}

PACE_BENCH("targets/not_fast_enough") {
    bench.target(pace::speedup_over("targets/slow") >= 1000.0);
    bench.measure([] { return spin(100); });
}

PACE_BENCH("targets/unknown_reference") {
    bench.target(pace::speedup_over("no/such/benchmark") >= 1.0);
    bench.measure([] { return spin(100); });
}

// n² steps: a sweep over n fits O(N^2), which a bound of O(N log N) misses.
PACE_BENCH("complexity/quadratic", pace::dim("n", {16, 32, 64, 128, 256}), pace::complexity("n")) {
    bench.target(pace::complexity <= pace::n_log_n);
    const int n = bench.dim<int>("n");
    bench.measure([n] { return spin(n * n); });
}

// n steps: O(N), within the same bound.
PACE_BENCH("complexity/linear", pace::dim("n", {1'000, 2'000, 4'000, 8'000, 16'000}), pace::complexity("n")) {
    bench.target(pace::complexity <= pace::n_log_n);
    const int n = bench.dim<int>("n");
    bench.measure([n] { return spin(n); });
}
