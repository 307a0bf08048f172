// SPDX-License-Identifier: Apache-2.0
#include "stats/scaling.hpp"

#include <cmath>    // std::sqrt, std::log
#include <cstddef>  // std::size_t

namespace pace::stats {

namespace {

// Σ (S − Ŝ)² and R² of a model's speedups over the points.
template <class Model>
void score(const Model& model, std::span<const ScalingPoint> points, double& residual, double& r_squared) {
    double mean = 0;
    for (const ScalingPoint& p : points) mean += p.speedup;
    mean /= static_cast<double>(points.size());
    double total = 0;
    residual = 0;
    for (const ScalingPoint& p : points) {
        const double e = p.speedup - model.speedup(p.workers);
        residual += e * e;
        total += (p.speedup - mean) * (p.speedup - mean);
    }
    r_squared = total > 0 ? 1 - residual / total : (residual == 0 ? 1 : 0);
}

bool usable(std::span<const ScalingPoint> points) {
    for (const ScalingPoint& p : points)
        if (!(p.speedup > 0) || !(p.workers >= 1) || !std::isfinite(p.speedup)) return false;
    return true;
}

// BIC of a least-squares fit with k coefficients over m points; the residual
// is floored so that an exact fit does not score minus infinity.
double bic(double residual, std::size_t m, int k) {
    const double n = static_cast<double>(m);
    return n * std::log(std::max(residual / n, 1e-12)) + k * std::log(n);
}

}  // namespace

double AmdahlFit::speedup(double workers) const { return workers / (1 + serial_fraction * (workers - 1)); }

double UslFit::speedup(double workers) const {
    return workers / (1 + contention * (workers - 1) + coherency * workers * (workers - 1));
}

std::optional<double> UslFit::peak_workers() const {
    if (coherency <= 1e-9 || contention >= 1) return std::nullopt;  // rounding is not coherency
    return std::sqrt((1 - contention) / coherency);
}

std::optional<AmdahlFit> fit_amdahl(std::span<const ScalingPoint> points) {
    if (!usable(points)) return std::nullopt;
    // y = n/S − 1 = σ·x with x = n − 1: least squares through the origin.
    double xy = 0, xx = 0;
    for (const ScalingPoint& p : points) {
        const double x = p.workers - 1, y = p.workers / p.speedup - 1;
        xy += x * y;
        xx += x * x;
    }
    if (xx == 0) return std::nullopt;
    AmdahlFit fit;
    fit.serial_fraction = xy / xx;
    score(fit, points, fit.residual, fit.r_squared);
    return fit;
}

std::optional<UslFit> fit_usl(std::span<const ScalingPoint> points) {
    if (!usable(points)) return std::nullopt;
    // y = α·x₁ + β·x₂ with x₁ = n − 1, x₂ = n(n − 1): the 2×2 normal equations.
    double s11 = 0, s12 = 0, s22 = 0, s1y = 0, s2y = 0;
    for (const ScalingPoint& p : points) {
        const double x1 = p.workers - 1, x2 = p.workers * (p.workers - 1), y = p.workers / p.speedup - 1;
        s11 += x1 * x1;
        s12 += x1 * x2;
        s22 += x2 * x2;
        s1y += x1 * y;
        s2y += x2 * y;
    }
    const double det = s11 * s22 - s12 * s12;
    // Two distinct counts above one make the determinant positive; one count
    // (or none) leaves it zero, up to rounding.
    if (!(det > 1e-9 * s11 * s22)) return std::nullopt;
    UslFit fit;
    fit.contention = (s1y * s22 - s2y * s12) / det;
    fit.coherency = (s2y * s11 - s1y * s12) / det;
    score(fit, points, fit.residual, fit.r_squared);
    return fit;
}

bool usl_fits_better(const AmdahlFit& amdahl, const UslFit& usl, std::size_t points_above_one) {
    if (points_above_one < 3) return false;  // two coefficients from two points: no evidence either way
    return bic(usl.residual, points_above_one, 2) < bic(amdahl.residual, points_above_one, 1);
}

}  // namespace pace::stats
