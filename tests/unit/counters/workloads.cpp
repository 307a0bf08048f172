// SPDX-License-Identifier: Apache-2.0
// Benchmarks with known instruction counts, for the instruction-mode tests.
#include <pace/pace.hpp>

#include <cstdint>  // std::uint64_t
#include <numeric>  // std::iota
#include <vector>   // std::vector

namespace {

// `steps` rounds of a linear congruential step. The empty asm makes each
// step depend on an opaque register, so the compiler can neither vectorise,
// unroll into a closed form, nor fold the loop: the count grows by the same
// few instructions per step.
[[gnu::noinline]] std::uint64_t mix(std::uint64_t steps) {
    std::uint64_t x = 1;
    for (std::uint64_t i = 0; i < steps; ++i) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        asm volatile("" : "+r"(x));
    }
    return x;
}

std::vector<std::uint64_t> big_vector() {
    std::vector<std::uint64_t> v(1'000'000);
    std::iota(v.begin(), v.end(), std::uint64_t{1});
    return v;
}

}  // namespace

// Sensitivity: 1005 steps do 0.5% more work than 1000.
PACE_BENCH("counters/steps", pace::dim("steps", {1000, 1005})) {
    auto steps = bench.dim<std::uint64_t>("steps");
    auto out = bench.measure([&] { return mix(steps); });
    PACE_CHECK(out == mix(steps));
}

// Isolation: the same cheap call, alone and after an expensive setup.
PACE_BENCH("counters/call_alone", pace::dim("steps", {100})) {
    auto steps = bench.dim<std::uint64_t>("steps");
    auto out = bench.measure([&] { return mix(steps); });
    PACE_CHECK(out != 0);
}

PACE_BENCH("counters/after_setup", pace::dim("steps", {100})) {
    auto steps = bench.dim<std::uint64_t>("steps");
    const auto big = big_vector();  // about ten million instructions, outside the count
    auto out = bench.measure([&] { return mix(steps); });
    PACE_CHECK(out != 0 && big.back() == 1'000'000);
}

// Setup and teardown around every round: a 1M-element vector built and freed.
PACE_BENCH("counters/pedantic_setup", pace::dim("steps", {100})) {
    auto steps = bench.dim<std::uint64_t>("steps");
    std::vector<std::uint64_t> big;
    pace::Pedantic plan;
    plan.setup = [&] { big = big_vector(); };
    plan.teardown = [&] { big = {}; };
    plan.rounds = 3;
    auto out = bench.pedantic([&] { return mix(steps); }, plan);
    PACE_CHECK(out != 0);
}
