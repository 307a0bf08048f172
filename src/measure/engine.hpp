// SPDX-License-Identifier: Apache-2.0
// The timing engine: calibration, warm-up and the stopping rule, apart from
// any clock or benchmark so it can be tested with a scripted round function.
#pragma once

#include <cstdint>     // std::int64_t
#include <functional>  // std::function
#include <optional>    // std::optional
#include <vector>      // std::vector

namespace pace::measure {

/// The source of "now" for the stopping rule; tests substitute a fake.
class Clock {
public:
    virtual ~Clock() = default;
    virtual std::int64_t now_ns() = 0;
};

/// steady_clock.
class SteadyClock final : public Clock {
public:
    std::int64_t now_ns() override;
};

/// How long and how precisely to measure one benchmark.
struct EngineOptions {
    std::int64_t min_rounds = 5;
    double max_time_s = 1.0;                    ///< rounds continue until this much time has passed
    std::optional<std::int64_t> warmup_rounds;  ///< unset: warm up for warmup_time_s
    double warmup_time_s = 0.1;
    std::optional<double> precision;  ///< stop once the median's 95% CI is within ±precision (0.01 = 1%)
    double round_target_s = 1e-3;     ///< calibrate calls per round so a round lasts at least this
    /// At most this many calls a round (measure_each: the inputs a round holds at once).
    std::optional<std::int64_t> max_iterations;
    /// Rounds stop here even before max_time: each round is one sample in the
    /// result file, and 10,000 samples (about 200 KB of JSON) estimate a median
    /// as well as a million. With calibrated rounds of round_target_s this only
    /// binds past 10 s of max_time.
    std::int64_t max_rounds = 10'000;
};

/// Runs `iterations` calls, returns the nanoseconds they took.
using Round = std::function<std::int64_t(std::int64_t iterations)>;

struct EngineResult {
    std::vector<double> samples_s;  ///< seconds per call, one per round
    std::int64_t iterations = 1;    ///< calls per round
    bool precision_reached = false;
};

/// Cost of one clock read on this machine, in ns (measured once, cached).
double clock_read_cost_ns();

/// Calibrates, warms up and runs rounds until min_rounds and max_time are both
/// met — or, with a precision, until the median is that precise or max_time runs out.
EngineResult run_engine(const Round& round, const EngineOptions& options, Clock& clock);

/// Relative half-width of the median's 95% CI (0.01 = ±1%); empty when the
/// samples are too few for an interval.
std::optional<double> median_precision(const std::vector<double>& samples);

}  // namespace pace::measure
