// SPDX-License-Identifier: Apache-2.0
#include "stats/paired.hpp"

#include <algorithm>  // std::nth_element, std::sort
#include <cmath>      // std::exp, std::sqrt, std::floor

#include <boost/math/distributions/normal.hpp>  // quantile and CDF of the normal approximation

#include "stats/descriptive.hpp"  // median_of_sorted

namespace pace::stats {

namespace {

// Up to here the null distribution is counted exactly: n·n(n+1)/2 additions,
// 4 million at 200 values.
constexpr std::size_t exact_limit = 200;

// 1.4826·MAD: the standard deviation of a normal sample, robust to the odd
// preempted sample or slow process that a plain standard deviation would follow.
double robust_spread(std::vector<double> values) {
    if (values.size() < 2) return 0;
    std::sort(values.begin(), values.end());
    const double centre = median_of_sorted(values);
    for (double& v : values) v = std::abs(v - centre);
    std::sort(values.begin(), values.end());
    return 1.4826 * median_of_sorted(values);
}

double kth_smallest(std::vector<double>& values, std::size_t k) {  // k is 0-based
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    return values[k];
}

// P(T+ = s) for s = 0..n(n+1)/2, built up one rank at a time: each rank is
// in the positive sum or not with probability ½.
std::vector<double> signed_rank_pmf(std::size_t n) {
    std::vector<double> p(n * (n + 1) / 2 + 1, 0.0);
    p[0] = 1;
    std::size_t reach = 0;
    for (std::size_t rank = 1; rank <= n; ++rank) {
        reach += rank;
        for (std::size_t s = reach; s >= rank; --s) p[s] = (p[s] + p[s - rank]) / 2;
        for (std::size_t s = rank; s-- > 0;) p[s] /= 2;
    }
    return p;
}

}  // namespace

double signed_rank_cdf(std::size_t n, std::size_t t) {
    const std::vector<double> p = signed_rank_pmf(n);
    double cdf = 0;
    for (std::size_t s = 0; s <= t && s < p.size(); ++s) cdf += p[s];
    return std::min(cdf, 1.0);
}

std::optional<CentreInterval> signed_rank_interval(std::span<const double> values, double alpha) {
    const std::size_t n = values.size();
    if (n == 0 || !(alpha > 0 && alpha < 1)) return std::nullopt;
    const std::size_t walsh_count = n * (n + 1) / 2;

    // k: the largest k with P(T+ <= k-1) <= alpha/2; the interval is the k-th
    // smallest and k-th largest Walsh average (Hollander & Wolfe, ch. 3).
    std::size_t k = 0;
    double tail = 0;  // P(T+ <= k-1) for that k
    if (n <= exact_limit) {
        const std::vector<double> p = signed_rank_pmf(n);
        double cdf = 0;
        for (std::size_t s = 0; s <= walsh_count / 2; ++s) {
            if (cdf + p[s] > alpha / 2) break;
            cdf += p[s];
            k = s + 1;
            tail = cdf;
        }
    } else {
        const boost::math::normal_distribution<> normal;
        const double z = boost::math::quantile(boost::math::complement(normal, alpha / 2));
        const double nd = static_cast<double>(n);
        const double sigma = std::sqrt(nd * (nd + 1) * (2 * nd + 1) / 24);
        const double mean = static_cast<double>(walsh_count) / 2;
        const double kk = std::floor(mean + 0.5 - z * sigma);
        if (kk >= 1) {
            k = static_cast<std::size_t>(kk);
            tail = boost::math::cdf(normal, (static_cast<double>(k) - 0.5 - mean) / sigma);
        }
    }
    if (k == 0) return std::nullopt;

    std::vector<double> walsh;
    walsh.reserve(walsh_count);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i; j < n; ++j) walsh.push_back((values[i] + values[j]) / 2);
    CentreInterval out;
    out.low = kth_smallest(walsh, k - 1);
    out.high = kth_smallest(walsh, walsh_count - k);
    // The median of the Walsh averages: the mean of the two middle ones when their count is even.
    const std::size_t mid = walsh_count / 2;
    const double upper_mid = kth_smallest(walsh, mid);
    out.estimate = walsh_count % 2 ? upper_mid : (upper_mid + kth_smallest(walsh, mid - 1)) / 2;
    out.confidence = 1 - 2 * tail;
    return out;
}

std::optional<PairedChange> estimate_paired_change(std::span<const std::vector<double>> log_ratios_by_pair,
                                                   double alpha) {
    std::vector<double> pair_medians;
    std::vector<double> residuals;  // each sample's distance from its pair's median
    std::size_t samples = 0;
    for (const std::vector<double>& pair : log_ratios_by_pair) {
        if (pair.empty()) continue;
        std::vector<double> sorted = pair;
        std::sort(sorted.begin(), sorted.end());
        const double median = median_of_sorted(sorted);
        pair_medians.push_back(median);
        for (double r : pair) residuals.push_back(r - median);
        samples += pair.size();
    }
    auto centre = signed_rank_interval(pair_medians, alpha);
    if (!centre) return std::nullopt;
    PairedChange out;
    out.pairs = pair_medians.size();
    out.samples = samples;
    out.change = std::exp(centre->estimate) - 1;
    out.low = std::exp(centre->low) - 1;
    out.high = std::exp(centre->high) - 1;
    out.within_pair = robust_spread(residuals);
    // What the within-pair noise alone would make of a pair's median (the
    // median of m values is about 1.25/sqrt(m) times as noisy as one value);
    // the rest of the pair medians' spread is the process pairs' own.
    const double per_pair = static_cast<double>(samples) / static_cast<double>(out.pairs);
    const double within_effect = 1.2533 * out.within_pair / std::sqrt(std::max(per_pair, 1.0));
    const double total = robust_spread(pair_medians);
    out.between_pairs = std::sqrt(std::max(0.0, total * total - within_effect * within_effect));
    return out;
}

void judge_paired(PairedResult& r, const std::vector<std::vector<double>>& log_ratios_by_pair, double alpha) {
    r.pairs = 0;
    for (const auto& p : log_ratios_by_pair) r.pairs += !p.empty();
    if (!r.failure.empty()) {
        r.verdict = PairedVerdict::failed;
        return;
    }
    auto c = estimate_paired_change(log_ratios_by_pair, alpha);
    if (!c) {
        r.verdict = PairedVerdict::too_few;
        return;
    }
    r.samples = c->samples;
    r.change = c->change;
    r.low = c->low;
    r.high = c->high;
    r.within_pair = c->within_pair;
    r.between_pairs = c->between_pairs;
    r.verdict = c->low > 0 ? PairedVerdict::slower : c->high < 0 ? PairedVerdict::faster : PairedVerdict::no_change;
}

}  // namespace pace::stats
