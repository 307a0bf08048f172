// SPDX-License-Identifier: Apache-2.0
#include "stats/steps.hpp"  // detect_steps

#include <algorithm>  // std::max, std::sort, std::nth_element
#include <cmath>      // std::abs, std::log, std::sqrt, std::isfinite
#include <limits>     // std::numeric_limits

#include <boost/math/distributions/normal.hpp>      // the normal tail for a step's confidence
#include <boost/math/distributions/students_t.hpp>  // the t tail, when the errors come from the series

namespace pace::stats {
namespace {

// Prefix sums of w, w·y and w·y² so a segment's weighted mean and squared
// error cost O(1).
struct Prefix {
    std::vector<double> w, wy, wyy;

    double weight(std::size_t a, std::size_t b) const { return w[b] - w[a]; }
    double mean(std::size_t a, std::size_t b) const { return (wy[b] - wy[a]) / weight(a, b); }
    double cost(std::size_t a, std::size_t b) const {
        const double sw = weight(a, b), swy = wy[b] - wy[a];
        return std::max(0.0, (wyy[b] - wyy[a]) - swy * swy / sw);
    }
};

}  // namespace

StepFit detect_steps(std::span<const SeriesPoint> points, const StepOptions& options) {
    StepFit fit;
    const std::size_t n = points.size();
    if (n < 3) return fit;

    // An exact count has error 0; give every point at least a tiny error
    // relative to the series' size so weights stay finite.
    double mean_abs = 0;
    for (const auto& p : points) mean_abs += std::abs(p.value) / static_cast<double>(n);
    double floor = options.relative_floor * mean_abs;
    if (!(floor > 0)) floor = std::numeric_limits<double>::min() * 1e10;
    std::vector<double> error(n);
    for (std::size_t i = 0; i < n; ++i) error[i] = std::max(points[i].error, floor);
    // An error estimated from a few rounds is itself noisy: a point whose
    // four rounds happened to agree claims a tiny error and would pin a
    // level by itself. No point is trusted more than the series' typical
    // (median) point: errors below it are raised to it.
    std::vector<double> sorted_errors = error;
    std::nth_element(sorted_errors.begin(), sorted_errors.begin() + static_cast<std::ptrdiff_t>(n / 2),
                     sorted_errors.end());
    const double typical_error = sorted_errors[n / 2];
    for (double& e : error) e = std::max(e, typical_error);

    // Intervals measured inside one process miss the noise between processes
    // (a whole build is offset by a few percent on a shared machine). The
    // successive differences of the series show the real noise, and the few
    // that straddle a step do not move their median: scale the errors by it.
    std::vector<double> ratios;
    ratios.reserve(n - 1);
    for (std::size_t i = 0; i + 1 < n; ++i) {
        ratios.push_back(std::abs(points[i + 1].value - points[i].value) /
                         std::sqrt(error[i] * error[i] + error[i + 1] * error[i + 1]));
    }
    // σ of (yᵢ₊₁ − yᵢ)/expected spread from the lowest 90% of the ratios: the
    // largest tenth holds the steps; for a normal, E[z² | |z| < 1.645] =
    // 0.6231. More efficient than the MAD on the short series of a history.
    std::sort(ratios.begin(), ratios.end());
    const std::size_t kept = std::max<std::size_t>(1, ratios.size() * 9 / 10);
    double sum_squares = 0;
    for (std::size_t i = 0; i < kept; ++i) sum_squares += ratios[i] * ratios[i];
    const double scale = std::sqrt(sum_squares / static_cast<double>(kept) / 0.6231);
    fit.noise_scale = std::isfinite(scale) ? std::max(1.0, scale) : 1.0;

    // Centre and scale the values before the prefix sums so the squared error
    // of a segment is not lost to cancellation on large counts.
    double centre = 0;
    for (const auto& p : points) centre += p.value / static_cast<double>(n);
    Prefix prefix{std::vector<double>(n + 1, 0), std::vector<double>(n + 1, 0), std::vector<double>(n + 1, 0)};
    for (std::size_t i = 0; i < n; ++i) {
        const double e = error[i] * fit.noise_scale;
        const double w = 1 / (e * e);
        const double y = points[i].value - centre;
        prefix.w[i + 1] = prefix.w[i] + w;
        prefix.wy[i + 1] = prefix.wy[i] + w * y;
        prefix.wyy[i + 1] = prefix.wyy[i] + w * y * y;
    }

    // Optimal partitioning: best[j] is the least penalised cost of the first
    // j points, start[j] where its last segment starts.
    const double beta = options.penalty * std::log(static_cast<double>(n));
    std::vector<double> best(n + 1, std::numeric_limits<double>::infinity());
    std::vector<std::size_t> start(n + 1, 0);
    best[0] = -beta;
    for (std::size_t j = 1; j <= n; ++j) {
        for (std::size_t i = 0; i < j; ++i) {
            const double c = best[i] + prefix.cost(i, j) + beta;
            if (c < best[j]) {
                best[j] = c;
                start[j] = i;
            }
        }
    }
    std::vector<std::size_t> bounds;  // segment starts after the first, ascending
    for (std::size_t j = n; start[j] > 0; j = start[j]) bounds.insert(bounds.begin(), start[j]);

    // Test each step between its neighbouring segments; merge away the
    // weakest one that fails and test again, since merging changes its
    // neighbours' levels.
    // When the series' own spread set the errors (a noise scale above 1),
    // that spread was estimated from `kept` differences: the test between two
    // levels is then a t-test on that many degrees of freedom (on a history of
    // 8 commits the difference matters; on 60 it does not). Errors the series
    // does not exceed are used as given: a z-test.
    const boost::math::students_t_distribution<double> t_of_kept(static_cast<double>(kept));
    const boost::math::normal_distribution<double> standard;
    auto two_sided_p = [&](double z) {
        return 2 * (fit.noise_scale > 1 ? boost::math::cdf(boost::math::complement(t_of_kept, z))
                                        : boost::math::cdf(boost::math::complement(standard, z)));
    };
    for (;;) {
        fit.steps.clear();
        std::size_t weakest = bounds.size();
        double weakest_confidence = 2;
        for (std::size_t k = 0; k < bounds.size(); ++k) {
            const std::size_t a = k == 0 ? 0 : bounds[k - 1];
            const std::size_t b = bounds[k];
            const std::size_t c = k + 1 == bounds.size() ? n : bounds[k + 1];
            Step step;
            step.index = b;
            step.before = prefix.mean(a, b) + centre;
            step.after = prefix.mean(b, c) + centre;
            step.change = step.before != 0 ? (step.after - step.before) / std::abs(step.before) : 0;
            const double z =
                std::abs(step.after - step.before) / std::sqrt(1 / prefix.weight(a, b) + 1 / prefix.weight(b, c));
            step.confidence = 1 - two_sided_p(z);
            const bool passes =
                step.confidence >= options.min_confidence && std::abs(step.change) >= options.min_change;
            if (!passes && step.confidence < weakest_confidence) {
                weakest = k;
                weakest_confidence = step.confidence;
            }
            fit.steps.push_back(step);
        }
        if (weakest == bounds.size()) break;
        bounds.erase(bounds.begin() + static_cast<std::ptrdiff_t>(weakest));
    }
    return fit;
}

}  // namespace pace::stats
