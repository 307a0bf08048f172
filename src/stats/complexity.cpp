// SPDX-License-Identifier: Apache-2.0
#include "stats/complexity.hpp"

#include <algorithm>  // std::sort, std::unique
#include <cmath>      // std::log
#include <limits>     // std::numeric_limits
#include <vector>     // std::vector

namespace pace::stats {

std::string_view to_string(ComplexityModel model) {
    switch (model) {
        case ComplexityModel::constant: return "O(1)";
        case ComplexityModel::log_n: return "O(log N)";
        case ComplexityModel::n: return "O(N)";
        case ComplexityModel::n_log_n: return "O(N log N)";
        case ComplexityModel::n_squared: return "O(N^2)";
        case ComplexityModel::n_cubed: return "O(N^3)";
    }
    return "O(?)";
}

std::optional<ComplexityModel> complexity_model_from_string(std::string_view text) {
    static constexpr std::array<std::string_view, 6> short_names = {"1", "log_n", "n", "n_log_n", "n^2", "n^3"};
    for (std::size_t i = 0; i < complexity_models.size(); ++i)
        if (text == to_string(complexity_models[i]) || text == short_names[i]) return complexity_models[i];
    return std::nullopt;
}

double complexity_term(ComplexityModel model, double n) {
    switch (model) {
        case ComplexityModel::constant: return 1;
        case ComplexityModel::log_n: return std::log(n);
        case ComplexityModel::n: return n;
        case ComplexityModel::n_log_n: return n * std::log(n);
        case ComplexityModel::n_squared: return n * n;
        case ComplexityModel::n_cubed: return n * n * n;
    }
    return 1;
}

namespace {

constexpr double constant_margin = 6;

// The BIC with the noise's scale estimated from the residuals (the Gaussian
// likelihood maximised over σ): only the points' relative intervals enter, so
// intervals that are all too narrow (a process's rounds do not see the
// process-level offset) or all too wide shift every model alike and change
// no choice.
double bic(double residual, double total, std::size_t points, int parameters) {
    const double n = static_cast<double>(points);
    // A perfect fit has no residual: a floor far below any measurement's
    // noise keeps the logarithm finite and the order of near-perfect fits.
    const double floor = std::max(total, std::numeric_limits<double>::min()) * 1e-24;
    return n * std::log(std::max(residual, floor) / n) + parameters * std::log(n);
}

ModelFit fit_one(ComplexityModel model, std::span<const ComplexityPoint> points, double y_mean, double total) {
    ModelFit fit;
    fit.model = model;
    if (model == ComplexityModel::constant) {
        fit.intercept = y_mean;
        fit.weighted_residual = total;
        fit.r_squared = 0;
        fit.bic = bic(total, total, points.size(), 1);
        return fit;
    }
    // The terms are scaled to at most 1 and centred before the sums: N³ at
    // N = 10⁶ is 10¹⁸, and uncentred sums of its squares lose every digit.
    double x_max = 0;
    for (const ComplexityPoint& p : points) x_max = std::max(x_max, std::abs(complexity_term(model, p.n)));
    if (!(x_max > 0) || !std::isfinite(x_max)) {
        fit.admissible = false;
        fit.bic = std::numeric_limits<double>::infinity();
        return fit;
    }
    double sw = 0, swx = 0;
    for (const ComplexityPoint& p : points) {
        const double w = 1 / (p.half_width * p.half_width);
        sw += w;
        swx += w * complexity_term(model, p.n) / x_max;
    }
    const double x_mean = swx / sw;
    double sxx = 0, sxy = 0;
    for (const ComplexityPoint& p : points) {
        const double w = 1 / (p.half_width * p.half_width);
        const double dx = complexity_term(model, p.n) / x_max - x_mean;
        sxx += w * dx * dx;
        sxy += w * dx * (p.value - y_mean);
    }
    if (!(sxx > 0)) {
        fit.admissible = false;
        fit.bic = std::numeric_limits<double>::infinity();
        return fit;
    }
    const double slope = sxy / sxx;  // per scaled term
    fit.coefficient = slope / x_max;
    fit.intercept = y_mean - slope * x_mean;
    double residual = 0;
    for (const ComplexityPoint& p : points) {
        const double w = 1 / (p.half_width * p.half_width);
        const double e = p.value - (fit.intercept + slope * complexity_term(model, p.n) / x_max);
        residual += w * e * e;
    }
    fit.weighted_residual = residual;
    fit.r_squared = total > 0 ? 1 - residual / total : 1;
    fit.bic = bic(residual, total, points.size(), 2);
    // A growth term that shrinks with N is not that growth: an O(N³) fitted
    // with a negative coefficient to O(N²) data says nothing about N³.
    fit.admissible = fit.coefficient > 0;
    return fit;
}

bool usable(std::span<const ComplexityPoint> points, std::size_t at_least) {
    std::vector<double> sizes;
    for (const ComplexityPoint& p : points) {
        if (!(p.n >= 1) || !std::isfinite(p.n) || !std::isfinite(p.value) || !(p.half_width > 0) ||
            !std::isfinite(p.half_width))
            return false;
        sizes.push_back(p.n);
    }
    std::sort(sizes.begin(), sizes.end());
    return static_cast<std::size_t>(std::unique(sizes.begin(), sizes.end()) - sizes.begin()) >= at_least;
}

}  // namespace

std::optional<ComplexityFit> fit_complexity(std::span<const ComplexityPoint> points) {
    if (!usable(points, 3)) return std::nullopt;
    double sw = 0, swy = 0;
    for (const ComplexityPoint& p : points) {
        const double w = 1 / (p.half_width * p.half_width);
        sw += w;
        swy += w * p.value;
    }
    const double y_mean = swy / sw;
    double total = 0;
    for (const ComplexityPoint& p : points) {
        const double d = p.value - y_mean;
        total += d * d / (p.half_width * p.half_width);
    }
    ComplexityFit out;
    for (std::size_t i = 0; i < complexity_models.size(); ++i)
        out.models[i] = fit_one(complexity_models[i], points, y_mean, total);
    // O(1) has one parameter fewer, and on flat data one of the five growing
    // models fits the noise better by chance about one time in ten even with
    // BIC's penalty. A growing model must beat O(1) by strong evidence
    // (a BIC lower by more than 6, Kass & Raftery's scale) to be chosen, so
    // a flat benchmark does not flip between O(1) and O(log N) from run to run.
    out.models[0].bic -= constant_margin;
    const ModelFit* best = nullptr;
    const ModelFit* second = nullptr;
    for (const ModelFit& m : out.models) {
        if (!m.admissible) continue;
        if (!best || m.bic < best->bic) {
            second = best;
            best = &m;
        } else if (!second || m.bic < second->bic) {
            second = &m;
        }
    }
    out.models[0].bic += constant_margin;
    out.best = *best;  // O(1) is always admissible
    if (second) {
        out.runner_up = *second;
        out.runner_up_ratio = best->weighted_residual > 0 ? second->weighted_residual / best->weighted_residual
                                                          : std::numeric_limits<double>::infinity();
    }
    return out;
}

std::optional<ComplexityModel> fit_complexity_through_origin(std::span<const ComplexityPoint> points) {
    if (points.size() < 2) return std::nullopt;
    std::optional<ComplexityModel> best;
    double best_residual = std::numeric_limits<double>::infinity();
    for (ComplexityModel model : complexity_models) {
        double sxx = 0, sxy = 0;
        for (const ComplexityPoint& p : points) {
            const double x = complexity_term(model, p.n);
            sxx += x * x;
            sxy += x * p.value;
        }
        if (!(sxx > 0)) continue;
        const double c = sxy / sxx;
        double residual = 0;
        for (const ComplexityPoint& p : points) {
            const double e = p.value - c * complexity_term(model, p.n);
            residual += e * e;
        }
        if (residual < best_residual) {
            best_residual = residual;
            best = model;
        }
    }
    return best;
}

}  // namespace pace::stats
