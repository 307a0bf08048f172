// SPDX-License-Identifier: Apache-2.0
// Inference on paired measurements grouped by the unit whose noise is
// independent: for `pace ab`, a process pair. Samples inside one process pair
// share its layout and placement, so they are summarised per pair first and
// the interval is made over the pairs, never over the samples.
#pragma once

#include <cstddef>   // std::size_t
#include <optional>  // std::optional
#include <span>      // std::span
#include <vector>    // std::vector

#include "model/paired_comparison.hpp"  // PairedResult, which judge_paired fills

namespace pace::stats {

/// The centre of a symmetric distribution from its values: the Hodges-Lehmann
/// estimate (median of the Walsh averages) and the distribution-free interval
/// that inverts the Wilcoxon signed-rank test.
struct CentreInterval {
    double estimate = 0;
    double low = 0, high = 0;
    double confidence = 0;  ///< the interval's exact coverage (≥ 1 − alpha), from the signed-rank distribution
};

/// The interval at level 1 − alpha. Exact (the signed-rank distribution
/// counted) up to 200 values, the normal approximation above. Empty when the
/// values are too few for any interval at that level (fewer than 6 at 0.05).
/// Pure function, thread-safe.
///
///     auto c = pace::stats::signed_rank_interval(pair_log_ratios, 0.05);
///     if (c && c->low > 0) { /* the candidate is slower */ }
std::optional<CentreInterval> signed_rank_interval(std::span<const double> values, double alpha = 0.05);

/// P(T+ <= t) for the Wilcoxon signed-rank statistic of n values without ties.
double signed_rank_cdf(std::size_t n, std::size_t t);

/// A change between two builds measured as paired log-ratios log(cand/base),
/// grouped by process pair. Relative figures: 0.02 is +2%.
struct PairedChange {
    std::size_t pairs = 0;     ///< process pairs that contributed
    std::size_t samples = 0;   ///< sample pairs over all process pairs
    double change = 0;         ///< estimated relative change, exp(estimate) − 1
    double low = 0, high = 0;  ///< its interval, relative
    /// Noise of one sample pair's log-ratio around its process pair's median
    /// (the machine between two adjacent samples), as a relative spread (1.4826·MAD).
    double within_pair = 0;
    /// Spread of the process pairs' medians beyond what `within_pair` explains:
    /// the offset a fresh process brings (layout, placement), relative.
    double between_pairs = 0;
};

/// Each pair's log-ratios are summarised by their median; the change and its
/// interval come from signed_rank_interval() over those medians. Pairs with no
/// sample are skipped. Empty when too few pairs for an interval at `alpha`.
std::optional<PairedChange> estimate_paired_change(std::span<const std::vector<double>> log_ratios_by_pair,
                                                   double alpha = 0.05);

/// Fills `result`'s verdict, change, interval, noise and counts from its
/// paired log-ratios log(cand/base), one vector per independent unit (a process
/// pair of `pace ab`, a pair of runs of `pace cmd --ab`). A result that already
/// holds a failure is marked failed. The gate is the caller's. Thread-safe.
///
///     pace::PairedResult r{.id = "sort"};
///     pace::stats::judge_paired(r, log_ratios_by_pair, 0.05);  // r.verdict: slower, faster, no change...
void judge_paired(PairedResult& result, const std::vector<std::vector<double>>& log_ratios_by_pair, double alpha);

}  // namespace pace::stats
