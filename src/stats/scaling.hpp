// SPDX-License-Identifier: Apache-2.0
// Parallel scaling models: how a call's speedup grows with the number of
// workers, from measured speedups. Amdahl's law has one coefficient, the
// serial fraction σ; Gunther's Universal Scalability Law adds coherency β, the
// cost of workers keeping each other's data in agreement, which makes the
// speedup fall past a peak.
#pragma once

#include <optional>  // std::optional
#include <span>      // std::span

namespace pace::stats {

/// One measured count of workers and the speedup over one worker there
/// (time with 1 / time with n).
struct ScalingPoint {
    double workers = 1;
    double speedup = 1;
};

/// Amdahl's law: S(n) = n / (1 + σ(n − 1)).
struct AmdahlFit {
    double serial_fraction = 0;  ///< σ: 0 scales perfectly, 1 not at all; < 0 is superlinear
    double r_squared = 0;        ///< of the speedups (1 when the points determine σ exactly)
    double residual = 0;         ///< Σ (S − Ŝ)²
    double speedup(double workers) const;
};

/// The Universal Scalability Law: S(n) = n / (1 + α(n − 1) + βn(n − 1)).
struct UslFit {
    double contention = 0;  ///< α, Amdahl's σ under another name
    double coherency = 0;   ///< β: > 0 makes the speedup peak and fall
    double r_squared = 0;
    double residual = 0;
    double speedup(double workers) const;
    /// Where the speedup peaks, √((1 − α) / β); empty when β is 0 (up to
    /// rounding) or negative: no peak.
    std::optional<double> peak_workers() const;
};

/// Fits Amdahl's law by least squares on its linear form
/// n/S − 1 = σ(n − 1) (Gunther's transformation). Needs one point with
/// n > 1; empty otherwise (or when a speedup is not positive).
///
///     ScalingPoint points[] = {{1, 1}, {2, 1.6667}};
///     stats::fit_amdahl(points)->serial_fraction;   // 0.2
std::optional<AmdahlFit> fit_amdahl(std::span<const ScalingPoint> points);

/// Fits the USL by least squares on n/S − 1 = α(n − 1) + βn(n − 1). Needs two
/// distinct counts n > 1 (three measured counts with the single worker);
/// empty otherwise.
std::optional<UslFit> fit_usl(std::span<const ScalingPoint> points);

/// Whether the USL's extra coefficient earns its place: true when its BIC over
/// the points with n > 1 is lower than Amdahl's (a model with more
/// coefficients always fits at least as closely, so closeness alone cannot say).
bool usl_fits_better(const AmdahlFit& amdahl, const UslFit& usl, std::size_t points_above_one);

}  // namespace pace::stats
