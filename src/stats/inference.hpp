// SPDX-License-Identifier: Apache-2.0
// Inference on two sets of samples: is the candidate's change real or noise?
// A rank test decides (it assumes no distribution, and timing samples are
// skewed and heavy-tailed); a bootstrap interval says how large the change is.
#pragma once

#include <cstddef>   // std::size_t
#include <cstdint>   // std::uint64_t
#include <memory>    // std::unique_ptr
#include <optional>  // std::optional
#include <span>      // std::span

namespace pace::stats {

/// The Mann-Whitney U test of two independent samples, two-sided.
struct MannWhitney {
    double u_a = 0;      ///< U of the first sample: pairs (a, b) with a > b, ties counting ½
    double u_b = 0;      ///< U of the second sample; u_a + u_b = n_a · n_b
    double z = 0;        ///< standardized statistic (0 when the exact distribution was used)
    double p_value = 1;  ///< two-sided
    bool exact = false;  ///< true when p comes from the exact null distribution of U
};

/// Runs the test. Without ties and with both samples of at most
/// `exact_limit` values, p is exact (the null distribution of U counted);
/// otherwise the normal approximation with the tie correction of the variance
/// and a continuity correction of ½, the normal CDF coming from Boost.Math.
/// Either sample empty → p = 1. Pure function, thread-safe.
///
///     auto t = pace::stats::mann_whitney_u(base_samples, cand_samples);
///     bool significant = t.p_value < 0.05;
MannWhitney mann_whitney_u(std::span<const double> a, std::span<const double> b, int exact_limit = 20);

/// The smallest two-sided p the test can reach for sample sizes n_a and n_b
/// (both samples fully separated, no ties): 2 / C(n_a + n_b, n_a). When it is
/// not below the significance level the test cannot detect anything.
double mann_whitney_min_p(std::size_t n_a, std::size_t n_b);

/// The 0-based ranks, among n sorted values, of the two middle values of a
/// resample (equal for odd n): its median is their mean.
struct MedianRanks {
    std::size_t lower = 0, upper = 0;
};

/// Draws where the median of a bootstrap resample of n sorted values falls,
/// without drawing the resample: one Beta-distributed order statistic stands
/// for n draws (ResampledMedian::next says how). Deterministic for a seed on
/// every platform. Not thread-safe; one per thread.
class ResampledMedian {
public:
    ResampledMedian(std::size_t n, std::uint64_t seed);
    ~ResampledMedian();
    ResampledMedian(const ResampledMedian&) = delete;
    ResampledMedian& operator=(const ResampledMedian&) = delete;
    MedianRanks next();

private:
    struct Generator;
    std::size_t n_;
    std::unique_ptr<Generator> generator_;
};

/// A percentile bootstrap interval of median(b) / median(a).
struct RatioInterval {
    double ratio = 1;  ///< median(b) / median(a) of the samples themselves
    double low = 1;
    double high = 1;
};

/// Resamples each side with replacement `resamples` times and takes the
/// alpha/2 and 1-alpha/2 percentiles of the ratio of medians. Deterministic:
/// the resampled medians come from ResampledMedian seeded with `seed`, so
/// every platform gives the same interval. Empty when a side is empty or a
/// median is 0.
std::optional<RatioInterval> bootstrap_median_ratio(std::span<const double> a, std::span<const double> b,
                                                    double alpha = 0.05, int resamples = 2000,
                                                    std::uint64_t seed = 0x9ace5eedULL);

}  // namespace pace::stats
