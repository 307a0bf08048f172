// SPDX-License-Identifier: Apache-2.0
// Complexity fits: which of O(1), O(log N), O(N), O(N log N), O(N²), O(N³)
// describes how a figure grows with a size N, from a sweep of measured points.
#pragma once

#include <array>        // std::array
#include <cstddef>      // std::size_t
#include <optional>     // std::optional
#include <span>         // std::span
#include <string_view>  // std::string_view

namespace pace::stats {

/// A complexity class, in increasing order of growth.
enum class ComplexityModel { constant, log_n, n, n_log_n, n_squared, n_cubed };

/// Every model, in increasing order of growth.
inline constexpr std::array<ComplexityModel, 6> complexity_models = {
    ComplexityModel::constant, ComplexityModel::log_n,     ComplexityModel::n,
    ComplexityModel::n_log_n,  ComplexityModel::n_squared, ComplexityModel::n_cubed};

/// "O(1)", "O(log N)", "O(N)", "O(N log N)", "O(N^2)", "O(N^3)".
std::string_view to_string(ComplexityModel model);

/// The model named by to_string's text, or by its short name ("1", "log_n",
/// "n", "n_log_n", "n^2", "n^3"); empty for anything else.
std::optional<ComplexityModel> complexity_model_from_string(std::string_view text);

/// The growth term g(N) of a model: 1, ln N, N, N ln N, N², N³.
double complexity_term(ComplexityModel model, double n);

/// One measured point of a sweep: the size, the figure (seconds per call,
/// instructions, ...) and the half-width of its interval (> 0; its scale does
/// not matter, only how the points' intervals compare).
struct ComplexityPoint {
    double n = 0;
    double value = 0;
    double half_width = 0;
};

/// One model fitted to a sweep: value ≈ intercept + coefficient · g(N).
struct ModelFit {
    ComplexityModel model = ComplexityModel::constant;
    double intercept = 0;
    double coefficient = 0;        ///< 0 for O(1), whose fit is the intercept alone
    double weighted_residual = 0;  ///< Σ wᵢ (yᵢ − ŷᵢ)², wᵢ = 1 / half_widthᵢ²
    double r_squared = 0;          ///< weighted: 1 − residual / Σ wᵢ (yᵢ − ȳ_w)²
    double bic = 0;                ///< n ln(residual / n) + k ln n, k = parameters
    bool admissible = true;        ///< false when the growth term's coefficient is not positive
};

/// The chosen model of a sweep and how clearly it won.
struct ComplexityFit {
    ModelFit best;
    /// The admissible model with the next lowest BIC (absent when no other
    /// model is admissible).
    std::optional<ModelFit> runner_up;
    /// The runner-up's weighted residual over the best's: how many times
    /// worse the runner-up fits (≥ 1 when both have the same parameters).
    double runner_up_ratio = 0;
    /// Every model's fit, in increasing order of growth.
    std::array<ModelFit, complexity_models.size()> models{};
};

/// Fits every model with an intercept by weighted least squares (each point
/// weighted by 1 / half_width², so a noisy point counts less and the largest N
/// does not decide alone) and picks the admissible one with the lowest BIC.
/// Needs at least three points with distinct N ≥ 1 and positive half-widths;
/// empty otherwise.
///
///     auto fit = stats::fit_complexity(points);
///     if (fit) std::cout << to_string(fit->best.model);   // "O(N log N)"
std::optional<ComplexityFit> fit_complexity(std::span<const ComplexityPoint> points);

/// Google Benchmark's way, kept to measure against: each model fitted through
/// the origin (value ≈ c · g(N)) by ordinary least squares, the one with the
/// smallest residual chosen. Needs at least two points.
std::optional<ComplexityModel> fit_complexity_through_origin(std::span<const ComplexityPoint> points);

}  // namespace pace::stats
