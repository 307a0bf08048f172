// SPDX-License-Identifier: Apache-2.0
// Targets on a benchmark's timing: `bench.target(pace::p95 <= 500ms)`,
// `bench.target(pace::ops >= 1e6)`, `bench.target(pace::speedup_over("sort/std") >= 2)`.
// A missed target fails the benchmark.
#pragma once

#include <chrono>            // std::chrono::duration
#include <string>            // std::string
#include <utility>           // std::move

namespace pace {

/// A bound on one metric of a result, checked after the benchmark ran.
struct Target {
    std::string metric;  ///< "median", "p95", "ops", "items_per_second", ..., "speedup", "complexity", "scaling_speedup" or "efficiency"
    bool at_most = true;  ///< true: metric <= limit; false: metric >= limit
    double limit = 0;     ///< seconds for times, per second for rates, a factor for a speedup, a ComplexityClass
    std::string reference;  ///< for a speedup: the id of the benchmark it is measured against
};

/// A statistic of the timed samples, bounded from above by a duration.
struct TimeStatistic {
    const char* name;
};

/// A rate (per second), bounded from below by a number.
struct RateStatistic {
    const char* name;
};

inline constexpr TimeStatistic median{"median"};
inline constexpr TimeStatistic mean{"mean"};
inline constexpr TimeStatistic p95{"p95"};
inline constexpr TimeStatistic p99{"p99"};

inline constexpr RateStatistic ops{"ops"};                            ///< calls per second
inline constexpr RateStatistic items_per_second{"items_per_second"};  ///< needs bench.items()
inline constexpr RateStatistic bytes_per_second{"bytes_per_second"};  ///< needs bench.bytes()

/// `pace::p95 <= 500ms`: the statistic, in seconds per call, at most `limit`.
template <class Rep, class Period>
Target operator<=(TimeStatistic statistic, std::chrono::duration<Rep, Period> limit) {
    return Target{statistic.name, true, std::chrono::duration<double>(limit).count(), {}};
}

/// `pace::ops >= 1e6`: the rate at least `limit` per second.
inline Target operator>=(RateStatistic statistic, double limit) { return Target{statistic.name, false, limit, {}}; }

/// How many times faster this benchmark is than another of the same run: the
/// reference's median over this one's (instructions per call in instruction mode).
struct Speedup {
    std::string reference;
};

/// `pace::speedup_over("sort/std[n=1000]") >= 2.0`: at least twice as fast as
/// that benchmark. The reference must run in the same process (not filtered out).
inline Speedup speedup_over(std::string reference_id) { return Speedup{std::move(reference_id)}; }

inline Target operator>=(Speedup speedup, double factor) {
    return Target{"speedup", false, factor, std::move(speedup.reference)};
}

/// A parallel sweep's figure at this instance's worker count: its speedup
/// over the same benchmark with one worker, or that speedup per worker.
struct ScalingStatistic {
    const char* name;
};

/// `pace::speedup >= 1.6` in a benchmark swept by `pace::threads`: this
/// instance at least 1.6 times as fast as the one-worker instance.
inline constexpr ScalingStatistic speedup{"scaling_speedup"};
/// `pace::efficiency >= 0.8`: the speedup at least 80% of the worker count.
inline constexpr ScalingStatistic efficiency{"efficiency"};

inline Target operator>=(ScalingStatistic statistic, double limit) { return Target{statistic.name, false, limit, {}}; }

/// A complexity class, in increasing order of growth, for complexity targets.
enum class ComplexityClass { o_1, log_n, n, n_log_n, n_squared, n_cubed };

inline constexpr ComplexityClass o_1 = ComplexityClass::o_1;              ///< O(1)
inline constexpr ComplexityClass log_n = ComplexityClass::log_n;          ///< O(log N)
inline constexpr ComplexityClass linear = ComplexityClass::n;             ///< O(N)
inline constexpr ComplexityClass n_log_n = ComplexityClass::n_log_n;      ///< O(N log N)
inline constexpr ComplexityClass n_squared = ComplexityClass::n_squared;  ///< O(N²)
inline constexpr ComplexityClass n_cubed = ComplexityClass::n_cubed;      ///< O(N³)

/// The dim a benchmark's complexity is fitted over, a PACE_BENCH option.
struct ComplexitySpec {
    std::string dim;
};

/// `pace::complexity("n")` in PACE_BENCH fits how the median time (instructions
/// per call in instruction mode) grows with dim `n`, over the instances that
/// differ only in `n` (three sizes at least); `pace::complexity <= pace::n_log_n`
/// in `bench.target` fails every instance of the sweep when the fit is worse.
///     PACE_BENCH("sort/std", pace::dim("n", {1'000, 10'000, 100'000}), pace::complexity("n")) {
///         bench.target(pace::complexity <= pace::n_log_n);
struct ComplexityStatistic {
    ComplexitySpec operator()(std::string dim) const { return ComplexitySpec{std::move(dim)}; }
};

inline constexpr ComplexityStatistic complexity{};

/// `pace::complexity <= pace::n_log_n`: the fitted class at most O(N log N).
inline Target operator<=(ComplexityStatistic, ComplexityClass bound) {
    return Target{"complexity", true, static_cast<double>(static_cast<int>(bound)), {}};
}

}  // namespace pace
