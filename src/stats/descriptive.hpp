// SPDX-License-Identifier: Apache-2.0
// Descriptive statistics of samples, with pytest-benchmark's definitions so
// that the same samples give the same figures in both tools.
#pragma once

#include <optional>  // std::optional
#include <span>      // std::span
#include <vector>    // std::vector

#include "model/run.hpp"

namespace pace::stats {

/// Median of sorted values (mean of the middle two for an even count). Empty → NaN.
double median_of_sorted(std::span<const double> sorted);

/// Quantile `p` in [0, 1] of sorted values, linear between closest ranks
/// (Hyndman & Fan type 7, numpy's default). Empty → NaN.
double quantile_of_sorted(std::span<const double> sorted, double p);

/// First and third quartiles as pytest-benchmark computes them (Wikipedia's
/// method 3 for odd counts, method 2 for even counts).
double q1_of_sorted(std::span<const double> sorted);
double q3_of_sorted(std::span<const double> sorted);

/// Sample (n−1) standard deviation; 0 for fewer than two values.
double sample_stddev(std::span<const double> values, double mean);

struct Interval {
    double low = 0;
    double high = 0;
};

/// Distribution-free confidence interval of the median from order statistics:
/// the widest-inner pair (x_(j), x_(k)) whose binomial(n, ½) coverage is at
/// least `confidence`. Empty when n is too small for that coverage (n < 6 at 95%).
std::optional<Interval> median_ci_of_sorted(std::span<const double> sorted, double confidence = 0.95);

/// The median of each process's samples, in order: the values whose noise is
/// independent on a shared machine (a process's layout and placement offset
/// all of its samples alike). `process_samples` counts each process's samples
/// as TimeStats does; empty means one process made them all.
///
///     process_medians({1, 3, 2, 10, 12}, {3, 2})  // {2, 11}
std::vector<double> process_medians(std::span<const double> samples, std::span<const std::int64_t> process_samples);

/// Every TimeStats field from samples (seconds per call, in measurement order)
/// measured at `iterations` calls per round.
TimeStats describe(std::vector<double> samples, std::int64_t iterations);

}  // namespace pace::stats
