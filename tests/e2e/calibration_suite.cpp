// SPDX-License-Identifier: Apache-2.0
// The same cheap call with and without a first call that sleeps 5 ms (a lazy
// one-time initialisation): calibration must give both the same median. The
// pairs repeat, interleaved, so both sides see the same moments of a shared
// machine's load.
#include <pace/pace.hpp>

#include <chrono>   // std::chrono::milliseconds
#include <cstdint>  // std::uint64_t
#include <string>   // the first_call dim
#include <thread>   // std::this_thread::sleep_for
#include <vector>   // measure_each inputs

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

PACE_BENCH("calibration", pace::dim("repeat", {1, 2, 3, 4, 5, 6, 7, 8}),
           pace::dim("first_call", {"undisturbed", "slow"})) {
    run(bench, bench.dim<std::string>("first_call") == "slow");
}

// --test calls the measured function once; bench.info shows how often it ran.
PACE_BENCH("test_mode/calls_counted") {
    int calls = 0;
    auto last = bench.measure([&] { return ++calls; });
    if (bench.test_mode()) PACE_CHECK(calls == 1 && last == 1);
    bench.info("calls", calls);
}

PACE_BENCH("test_mode/each_calls_counted") {
    int inputs = 0, calls = 0;
    bench.measure_each([&] { return ++inputs; }, [&](int& input) { return calls += input > 0; });
    if (bench.test_mode()) PACE_CHECK(inputs == 1 && calls == 1);
}

// A plain function, not a lambda, is measured as it is.
static int plain_function() { return 42; }
static void plain_void_function() {}
PACE_BENCH("test_mode/plain_function") { PACE_CHECK(bench.measure(plain_function) == 42); }
PACE_BENCH("test_mode/plain_void_function") { bench.measure(plain_void_function); }

// Measures nothing: a failure in every mode, --test included.
PACE_BENCH("test_mode/never_measures") {}

// A cheap call on a 1 MiB input: a round holds at most 64 MiB of inputs.
PACE_BENCH("measure_each/large_input") {
    bench.measure_each([] { return std::vector<char>(1 << 20, 'x'); },
                       [](std::vector<char>& v) { return v.size(); });
}
