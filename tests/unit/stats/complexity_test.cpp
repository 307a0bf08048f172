// SPDX-License-Identifier: Apache-2.0
// Complexity fits: exact fits by hand, then how often the right model is
// picked from noisy sweeps, against Google Benchmark's through-origin fit.
#include <gtest/gtest.h>

#include <cmath>    // std::log, std::sqrt
#include <cstdint>  // std::uint64_t
#include <cstdio>   // std::printf: the rates, for the record
#include <vector>   // std::vector

#include "normal_draws.hpp"  // Normal: the same draws everywhere
#include "stats/complexity.hpp"

namespace pace::stats {
namespace {

using draws::Normal;

TEST(Complexity, Names) {
    EXPECT_EQ(to_string(ComplexityModel::n_log_n), "O(N log N)");
    EXPECT_EQ(complexity_model_from_string("O(N^2)"), ComplexityModel::n_squared);
    EXPECT_EQ(complexity_model_from_string("n_log_n"), ComplexityModel::n_log_n);
    EXPECT_FALSE(complexity_model_from_string("O(2^N)"));
}

TEST(Complexity, ExactLineWithIntercept) {
    // y = 5 + 2N at N = 1, 2, 4, 8: the fit is exact, R² = 1.
    std::vector<ComplexityPoint> points = {{1, 7, 1}, {2, 9, 1}, {4, 13, 1}, {8, 21, 1}};
    auto fit = fit_complexity(points);
    ASSERT_TRUE(fit);
    EXPECT_EQ(fit->best.model, ComplexityModel::n);
    EXPECT_NEAR(fit->best.intercept, 5, 1e-9);
    EXPECT_NEAR(fit->best.coefficient, 2, 1e-9);
    EXPECT_NEAR(fit->best.r_squared, 1, 1e-12);
    // Through the origin the intercept bends the line: O(N) still, but with
    // a coefficient of Σxy/Σx² = (7+18+52+168)/(1+4+16+64) = 245/85.
    EXPECT_EQ(fit_complexity_through_origin(points), ComplexityModel::n);
}

TEST(Complexity, WeightsByHand) {
    // O(N) on three points, the last one with twice the half-width (weight ¼):
    // w = {1, 1, 0.25}, x = {1, 2, 3}, y = {1, 3, 2}.
    // x̄_w = (1 + 2 + 0.75)/2.25 = 5/3, ȳ_w = (1 + 3 + 0.5)/2.25 = 2,
    // Sxx = (4/9 + 1/9 + 0.25·16/9) = 1, Sxy = (−2/3)(−1) + (1/3)(1) + 0.25(4/3)(0) = 1,
    // slope 1, intercept 2 − 5/3 = 1/3.
    std::vector<ComplexityPoint> points = {{1, 1, 1}, {2, 3, 1}, {3, 2, 2}};
    auto fit = fit_complexity(points);
    ASSERT_TRUE(fit);
    const ModelFit& linear = fit->models[2];
    EXPECT_EQ(linear.model, ComplexityModel::n);
    EXPECT_NEAR(linear.coefficient, 1, 1e-12);
    EXPECT_NEAR(linear.intercept, 1.0 / 3, 1e-12);
    // Residuals: 1 − 4/3, 3 − 7/3, 2 − 10/3 → w·e² = 1/9 + 4/9 + 0.25·16/9 = 1.
    EXPECT_NEAR(linear.weighted_residual, 1, 1e-12);
    // Total: 1·1 + 1·1 + 0.25·0 = 2, so R² = 1 − 1/2.
    EXPECT_NEAR(linear.r_squared, 0.5, 1e-12);
}

TEST(Complexity, RejectsTooFewOrBadPoints) {
    EXPECT_FALSE(fit_complexity(std::vector<ComplexityPoint>{{1, 1, 1}, {2, 2, 1}}));
    EXPECT_FALSE(fit_complexity(std::vector<ComplexityPoint>{{1, 1, 1}, {1, 2, 1}, {2, 3, 1}}));  // two sizes
    EXPECT_FALSE(fit_complexity(std::vector<ComplexityPoint>{{1, 1, 1}, {2, 2, 0}, {3, 3, 1}}));  // no interval
    EXPECT_FALSE(fit_complexity(std::vector<ComplexityPoint>{{0, 1, 1}, {2, 2, 1}, {3, 3, 1}}));  // N < 1
}

TEST(Complexity, LargeCubesStayExact) {
    // y = 1e-9·N³ + 1e-6 at N up to 10⁶: N³ reaches 10¹⁸.
    std::vector<ComplexityPoint> points;
    for (double n : {1e3, 1e4, 1e5, 1e6}) points.push_back({n, 1e-9 * n * n * n + 1e-6, 1e-6});
    auto fit = fit_complexity(points);
    ASSERT_TRUE(fit);
    EXPECT_EQ(fit->best.model, ComplexityModel::n_cubed);
    EXPECT_NEAR(fit->best.coefficient / 1e-9, 1, 1e-9);
}

// A sweep as benchmarks make them: N doubling from 16 to 2^20 (17 sizes),
// a fixed cost equal to the growth term at the smallest N (half of the first
// point is overhead, as a call's setup is), multiplicative Gaussian noise of
// relative size `noise`, and each point's interval that noise times the
// value it shows.
struct Rates {
    double ours = 0;
    double through_origin = 0;
};

Rates pick_rates(ComplexityModel truth, double noise, int draws, std::uint64_t seed) {
    Normal normal(seed);
    std::vector<double> sizes;
    for (double n = 16; n <= (1 << 20); n *= 2) sizes.push_back(n);
    const double fixed = truth == ComplexityModel::constant ? 1.0 : complexity_term(truth, sizes.front());
    int ours = 0, origin = 0;
    std::vector<ComplexityPoint> points(sizes.size());
    for (int d = 0; d < draws; ++d) {
        for (std::size_t i = 0; i < sizes.size(); ++i) {
            const double exact = truth == ComplexityModel::constant ? fixed : fixed + complexity_term(truth, sizes[i]);
            const double shown = exact * (1 + noise * normal());
            points[i] = {sizes[i], shown, noise * std::abs(shown)};
        }
        auto fit = fit_complexity(points);
        if (fit && fit->best.model == truth) ++ours;
        if (fit_complexity_through_origin(points) == truth) ++origin;
    }
    return {static_cast<double>(ours) / draws, static_cast<double>(origin) / draws};
}

// The rates on this sweep (1,000 draws each; ours / through the origin):
//   noise  O(1)          O(log N)       O(N)           O(N log N)     O(N^2)         O(N^3)
//    1%    99.1 / 100    100 / 100      100 / 100      100 / 100      100 / 100      100 / 100
//    5%    99.0 / 100    100 / 100      100 / 79.7     100 / 79.0     100 / 100      100 / 100
//   20%    99.6 / 100    96.0 / 99.3    97.2 / 60.1    98.6 / 50.8    100 / 82.0     100 / 93.3
// Through the origin, flat data can only be O(1) (every other model is 0 at
// N = 0), and the fixed cost passes for growth: N and N log N are confused.
TEST(Complexity, PicksTheRightModelUnderNoise) {
    constexpr int draws = 1000;
    std::printf("model        noise  ours    through-origin\n");
    for (double noise : {0.01, 0.05, 0.20}) {
        std::uint64_t seed = 20;
        double ours = 0, origin = 0;
        for (ComplexityModel truth : complexity_models) {
            const Rates r = pick_rates(truth, noise, draws, ++seed);
            std::printf("%-12s %4.0f%%  %5.1f%%  %5.1f%%\n", std::string(to_string(truth)).c_str(), noise * 100,
                        r.ours * 100, r.through_origin * 100);
            ours += r.ours;
            origin += r.through_origin;
            EXPECT_GE(r.ours, noise <= 0.05 ? 0.95 : 0.90) << to_string(truth) << " at " << noise;
            if (noise >= 0.05 && (truth == ComplexityModel::n || truth == ComplexityModel::n_log_n)) {
                EXPECT_GT(r.ours, r.through_origin + 0.1) << to_string(truth) << " at " << noise;
            }
        }
        if (noise >= 0.05) {
            EXPECT_GT(ours, origin) << "over all models at " << noise;
        }
    }
}

}  // namespace
}  // namespace pace::stats
