// SPDX-License-Identifier: Apache-2.0
// The same cheap call twice, once with a first call that sleeps 5 ms (a lazy
// one-time initialisation): calibration must give both the same median.
#include <pace/pace.hpp>

#include <chrono>   // std::chrono::milliseconds
#include <cstdint>  // std::uint64_t
#include <thread>   // std::this_thread::sleep_for

namespace {

// A few nanoseconds of work the optimizer cannot fold away.
std::uint64_t mix(std::uint64_t x) {
    for (int i = 0; i < 8; ++i) x = (x ^ (x >> 29)) * 0xbf58476d1ce4e5b9ULL;
    return x;
}

void run(pace::Bench& bench, bool slow_first_call) {
    bool first = slow_first_call;
    std::uint64_t seed = 42;
    pace::do_not_optimize(seed);
    bench.measure([&] {
        if (first) {
            first = false;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return mix(seed);
    });
}

}  // namespace

PACE_BENCH("calibration/undisturbed") { run(bench, false); }
PACE_BENCH("calibration/slow_first_call") { run(bench, true); }
