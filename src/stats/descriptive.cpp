// SPDX-License-Identifier: Apache-2.0
#include "stats/descriptive.hpp"

#include <algorithm>  // std::sort
#include <cmath>      // std::sqrt
#include <limits>     // std::numeric_limits
#include <numeric>    // std::accumulate

#include <boost/math/distributions/binomial.hpp>  // coverage of order-statistic intervals

namespace pace::stats {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
}

double median_of_sorted(std::span<const double> sorted) {
    std::size_t n = sorted.size();
    if (n == 0) return nan;
    if (n % 2) return sorted[n / 2];
    return (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

double quantile_of_sorted(std::span<const double> sorted, double p) {
    if (sorted.empty()) return nan;
    double h = (static_cast<double>(sorted.size()) - 1) * std::clamp(p, 0.0, 1.0);
    auto lo = static_cast<std::size_t>(std::floor(h));
    std::size_t hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

double q1_of_sorted(std::span<const double> sorted) {
    std::size_t n = sorted.size();
    if (n == 0) return nan;
    if (n == 1) return sorted[0];
    if (n % 2) {
        std::size_t k = n / 4;
        if (n % 4 == 1) return 0.25 * sorted[k - 1] + 0.75 * sorted[k];
        return 0.75 * sorted[k] + 0.25 * sorted[k + 1];
    }
    return median_of_sorted(sorted.first(n / 2));
}

double q3_of_sorted(std::span<const double> sorted) {
    std::size_t n = sorted.size();
    if (n == 0) return nan;
    if (n == 1) return sorted[0];
    if (n % 2) {
        std::size_t k = n / 4;
        if (n % 4 == 1) return 0.75 * sorted[3 * k] + 0.25 * sorted[3 * k + 1];
        return 0.25 * sorted[3 * k + 1] + 0.75 * sorted[3 * k + 2];
    }
    return median_of_sorted(sorted.last(n / 2));
}

double sample_stddev(std::span<const double> values, double mean) {
    if (values.size() < 2) return 0;
    double sum = 0;
    for (double v : values) sum += (v - mean) * (v - mean);
    return std::sqrt(sum / static_cast<double>(values.size() - 1));
}

std::vector<double> process_medians(std::span<const double> samples, std::span<const std::int64_t> process_samples) {
    std::vector<double> out;
    std::vector<double> group;
    std::size_t start = 0;
    auto add = [&](std::size_t count) {
        group.assign(samples.begin() + static_cast<std::ptrdiff_t>(start),
                     samples.begin() + static_cast<std::ptrdiff_t>(start + count));
        std::sort(group.begin(), group.end());
        out.push_back(median_of_sorted(group));
        start += count;
    };
    if (process_samples.empty()) {
        if (!samples.empty()) add(samples.size());
        return out;
    }
    for (std::int64_t count : process_samples) {
        // The readers check that the counts add up; a Run built by hand may not.
        const auto n = std::min(static_cast<std::size_t>(std::max<std::int64_t>(count, 0)), samples.size() - start);
        if (n == 0) continue;
        add(n);
    }
    return out;
}

std::optional<Interval> median_ci_of_sorted(std::span<const double> sorted, double confidence) {
    // The interval (x_(j), x_(n+1-j)) covers the median with probability
    // 1 - 2·P(B <= j-1), B ~ binomial(n, 1/2), whatever the distribution: no
    // resampling, exact, and cheap enough to recompute while rounds run.
    std::size_t n = sorted.size();
    if (n < 2) return std::nullopt;
    boost::math::binomial_distribution<double> b(static_cast<double>(n), 0.5);
    double alpha = 1 - confidence;
    // Largest j (1-based) with 2·P(B <= j-1) <= alpha.
    std::size_t j = 0;
    std::size_t lo = 1, hi = n / 2;
    while (lo <= hi) {
        std::size_t mid = (lo + hi) / 2;
        if (2 * boost::math::cdf(b, static_cast<double>(mid - 1)) <= alpha) {
            j = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    if (j == 0) return std::nullopt;
    return Interval{sorted[j - 1], sorted[n - j]};
}

TimeStats describe(std::vector<double> samples, std::int64_t iterations) {
    TimeStats t;
    t.iterations = iterations;
    t.rounds = static_cast<std::int64_t>(samples.size());
    if (samples.empty()) return t;
    std::vector<double> sorted = samples;
    std::sort(sorted.begin(), sorted.end());
    double n = static_cast<double>(sorted.size());
    double mean = std::accumulate(sorted.begin(), sorted.end(), 0.0) / n;
    double stddev = sample_stddev(sorted, mean);
    double q1 = q1_of_sorted(sorted), q3 = q3_of_sorted(sorted), iqr = q3 - q1;
    t.min = sorted.front();
    t.max = sorted.back();
    t.mean = mean;
    t.stddev = stddev;
    t.median = median_of_sorted(sorted);
    t.q1 = q1;
    t.q3 = q3;
    t.iqr = iqr;
    t.p95 = quantile_of_sorted(sorted, 0.95);
    t.p99 = quantile_of_sorted(sorted, 0.99);
    t.ops = mean > 0 ? 1 / mean : 0;
    // pytest-benchmark's total: the sum of the samples (seconds per call), not
    // the seconds the rounds took, which is total × iterations.
    t.total = std::accumulate(sorted.begin(), sorted.end(), 0.0);
    // pytest-benchmark's outlier counts: beyond 1.5 IQR of the quartiles (Tukey)
    // and beyond one standard deviation of the mean.
    double low_fence = q1 - 1.5 * iqr, high_fence = q3 + 1.5 * iqr;
    std::int64_t iqr_out = 0, sd_out = 0;
    double ld = sorted.back(), hd = sorted.front();
    for (double v : sorted) {
        if (v < low_fence || v > high_fence)
            ++iqr_out;
        else {
            ld = std::min(ld, v);
            hd = std::max(hd, v);
        }
        if (v < mean - stddev || v > mean + stddev) ++sd_out;
    }
    t.iqr_outliers = iqr_out;
    t.stddev_outliers = sd_out;
    t.ld15iqr = ld;
    t.hd15iqr = hd;
    if (auto ci = median_ci_of_sorted(sorted)) {
        t.median_ci_low = ci->low;
        t.median_ci_high = ci->high;
    }
    t.samples = std::move(samples);
    return t;
}

}  // namespace pace::stats
