// SPDX-License-Identifier: Apache-2.0
// The engine runs on a scripted clock: each round advances fake time by the
// calls' cost, so the tests are exact and never sleep.
#include <gtest/gtest.h>

#include "measure/engine.hpp"

namespace pace::measure {
namespace {

class FakeClock final : public Clock {
public:
    std::int64_t now_ns() override { return now; }
    std::int64_t now = 0;
};

struct FakeBenchmark {
    FakeClock clock;
    double per_call_ns = 100;
    double first_call_extra_ns = 0;  ///< a one-time cost of the very first call (lazy initialisation)
    std::vector<std::int64_t> iterations_seen;
    Round round() {
        return [this](std::int64_t iterations) {
            auto elapsed = static_cast<std::int64_t>(per_call_ns * static_cast<double>(iterations) +
                                                     (iterations_seen.empty() ? first_call_extra_ns : 0));
            iterations_seen.push_back(iterations);
            clock.now += elapsed;
            return elapsed;
        };
    }
};

TEST(Engine, CalibratesRoundsToTheTarget) {
    FakeBenchmark b;
    EngineOptions o;
    o.round_target_s = 1e-3;
    o.max_time_s = 0.05;
    o.warmup_time_s = 0;
    EngineResult r = run_engine(b.round(), o, b.clock);
    // 100 ns a call: a 1 ms round needs at least 10,000 calls.
    EXPECT_GE(static_cast<double>(r.iterations) * 100, 1e6);
    EXPECT_LE(static_cast<double>(r.iterations) * 100, 1.3e6);
    for (double s : r.samples_s) EXPECT_DOUBLE_EQ(s, 100e-9);
}

TEST(Engine, ASlowFirstCallDoesNotPinRoundsAtOneCall) {
    FakeBenchmark b;
    b.per_call_ns = 100;
    b.first_call_extra_ns = 5e6;  // the first call takes 5 ms: five times the round target
    EngineOptions o;
    o.round_target_s = 1e-3;
    o.max_time_s = 0.05;
    o.warmup_time_s = 0;
    EngineResult r = run_engine(b.round(), o, b.clock);
    EXPECT_GE(static_cast<double>(r.iterations) * 100, 1e6);
    EXPECT_LE(static_cast<double>(r.iterations) * 100, 1.3e6);
    for (double s : r.samples_s) EXPECT_DOUBLE_EQ(s, 100e-9);
    EXPECT_LE(r.samples_s.size(), 50u);  // 0.05 s of 1 ms rounds, not one-call rounds
}

TEST(Engine, ASlowCallIsTimedOnceWhenCalibrationUsesUpMaxTime) {
    FakeBenchmark b;
    b.per_call_ns = 2e9;  // 2 s a call, past max_time: no second calibration round
    EngineOptions o;
    o.min_rounds = 3;
    o.max_time_s = 1;
    o.warmup_time_s = 0;
    EngineResult r = run_engine(b.round(), o, b.clock);
    EXPECT_EQ(r.iterations, 1);
    EXPECT_EQ(b.iterations_seen.size(), 1 + 3u);
}

TEST(Engine, CostlyUntimedInputsBoundTheRound) {
    // measure_each's shape: 10 ns timed a call, 20 µs a call of input building
    // that the clock sees pass but the round does not report.
    FakeClock clock;
    std::vector<std::int64_t> seen;
    Round round = [&](std::int64_t iterations) {
        seen.push_back(iterations);
        clock.now += 20'000 * iterations;  // building the inputs
        clock.now += 10 * iterations;      // the timed calls
        return 10 * iterations;
    };
    EngineOptions o;
    o.max_time_s = 1;
    o.warmup_time_s = 0.1;
    EngineResult r = run_engine(round, o, clock);
    // A round stays near a twentieth of max_time (50 ms: 2,500 inputs), not the
    // 100,000 inputs a 1 ms timed part would need.
    EXPECT_LE(static_cast<double>(r.iterations) * 20'010, 0.05e9 * 1.3) << r.iterations;
    EXPECT_GE(r.iterations, 1000);
    // The whole measurement keeps close to max_time plus the warm-up.
    EXPECT_LE(clock.now, static_cast<std::int64_t>(1.5e9)) << clock.now;
    for (double s : r.samples_s) EXPECT_DOUBLE_EQ(s, 10e-9);
}

TEST(Engine, MaxIterationsCapsCallsPerRound) {
    FakeBenchmark b;
    b.per_call_ns = 1;
    EngineOptions o;
    o.max_time_s = 0.05;
    o.warmup_time_s = 0;
    o.max_iterations = 64;
    EngineResult r = run_engine(b.round(), o, b.clock);
    EXPECT_EQ(r.iterations, 64);
    for (std::int64_t seen : b.iterations_seen) EXPECT_LE(seen, 64);
}

TEST(Engine, RoundsAreBounded) {
    FakeBenchmark b;
    b.per_call_ns = 1;
    EngineOptions o;
    o.max_time_s = 100;  // 100 s of 1.2 ms rounds would be over 80,000 samples
    o.warmup_time_s = 0;
    EngineResult r = run_engine(b.round(), o, b.clock);
    EXPECT_EQ(r.samples_s.size(), 10'000u);

    FakeBenchmark c;
    c.per_call_ns = 1;
    o.min_rounds = 12'000;  // an explicit minimum above the bound wins
    EngineResult m = run_engine(c.round(), o, c.clock);
    EXPECT_EQ(m.samples_s.size(), 12'000u);
}

TEST(Engine, RunsUntilMaxTimeAndMinRounds) {
    FakeBenchmark b;
    b.per_call_ns = 1e6;  // 1 ms a call: one call a round
    EngineOptions o;
    o.min_rounds = 5;
    o.max_time_s = 0.1;
    o.warmup_time_s = 0;
    EngineResult r = run_engine(b.round(), o, b.clock);
    EXPECT_EQ(r.iterations, 1);
    EXPECT_GE(r.samples_s.size(), 99u);  // 0.1 s of 1 ms rounds
    EXPECT_LE(r.samples_s.size(), 101u);

    FakeBenchmark slow;
    slow.per_call_ns = 2e9;  // 2 s a call, far past max_time: min_rounds still holds
    EngineResult s = run_engine(slow.round(), o, slow.clock);
    EXPECT_EQ(s.samples_s.size(), 5u);
}

TEST(Engine, WarmupRoundsAreNotSamples) {
    FakeBenchmark b;
    b.per_call_ns = 1e6;
    EngineOptions o;
    o.max_time_s = 0.01;
    o.warmup_rounds = 7;
    EngineResult r = run_engine(b.round(), o, b.clock);
    // calibration (1 round reaching the target, 1 confirming it) + 7 warm-up
    // rounds + the samples.
    EXPECT_EQ(b.iterations_seen.size(), 2 + 7 + r.samples_s.size());
}

TEST(Engine, PrecisionStopsEarlyWhenStable) {
    FakeBenchmark b;
    b.per_call_ns = 1e6;
    EngineOptions o;
    o.max_time_s = 10;
    o.warmup_time_s = 0;
    o.precision = 0.01;
    EngineResult r = run_engine(b.round(), o, b.clock);
    EXPECT_TRUE(r.precision_reached);
    EXPECT_LE(r.samples_s.size(), 10u);  // identical samples: the first check passes
    EXPECT_LT(b.clock.now, 50'000'000);  // far less than max_time
}

TEST(Engine, PrecisionGivesUpAtMaxTimeWhenNoisy) {
    FakeClock clock;
    std::int64_t n = 0;
    Round noisy = [&](std::int64_t iterations) {
        // Alternating 1 ms and 3 ms calls: the median never settles within 1%.
        std::int64_t elapsed = (n++ % 2 ? 3'000'000 : 1'000'000) * iterations;
        clock.now += elapsed;
        return elapsed;
    };
    EngineOptions o;
    o.max_time_s = 0.5;
    o.warmup_time_s = 0;
    o.precision = 0.01;
    EngineResult r = run_engine(noisy, o, clock);
    EXPECT_FALSE(r.precision_reached);
    EXPECT_GE(clock.now, 500'000'000);
}

TEST(Engine, MedianPrecision) {
    // Ten samples 1..10: median 5.5, CI (2, 9): half-width 3.5 → 3.5 / 5.5.
    auto p = median_precision({1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    ASSERT_TRUE(p.has_value());
    EXPECT_DOUBLE_EQ(*p, 3.5 / 5.5);
    EXPECT_FALSE(median_precision({1, 2}).has_value());
}

}  // namespace
}  // namespace pace::measure
