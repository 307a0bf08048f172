// SPDX-License-Identifier: Apache-2.0
// Amdahl and USL fits against hand-computed speedups.
#include <gtest/gtest.h>

#include <vector>  // std::vector

#include "stats/scaling.hpp"

namespace pace::stats {
namespace {

TEST(Scaling, AmdahlTextbookValues) {
    // σ = 5%: the speedup can never pass 1/σ = 20; at 1024 workers, 1024 / 52.15 = 19.64.
    AmdahlFit law{0.05};
    EXPECT_NEAR(law.speedup(1), 1.0, 1e-12);
    EXPECT_NEAR(law.speedup(1024), 19.6357, 1e-4);
    // σ = 0.2: S(2) = 2 / 1.2, S(4) = 4 / 1.6, S(8) = 8 / 2.4.
    EXPECT_NEAR(AmdahlFit{0.2}.speedup(2), 1.666667, 1e-6);
    EXPECT_NEAR(AmdahlFit{0.2}.speedup(8), 3.333333, 1e-6);
}

TEST(Scaling, AmdahlRecoversTheSerialFraction) {
    std::vector<ScalingPoint> points = {{1, 1}, {2, 2 / 1.2}, {4, 4 / 1.6}, {8, 8 / 2.4}};
    auto fit = fit_amdahl(points);
    ASSERT_TRUE(fit);
    EXPECT_NEAR(fit->serial_fraction, 0.2, 1e-9);
    EXPECT_NEAR(fit->r_squared, 1.0, 1e-9);
    auto usl = fit_usl(points);
    ASSERT_TRUE(usl);
    EXPECT_NEAR(usl->contention, 0.2, 1e-9);
    EXPECT_NEAR(usl->coherency, 0.0, 1e-9);
    EXPECT_FALSE(usl->peak_workers());
    EXPECT_FALSE(usl_fits_better(*fit, *usl, 3));  // no coherency to explain: the simpler law
}

TEST(Scaling, AmdahlByHandFromInconsistentPoints) {
    // n/S − 1: 2/1.6 − 1 = 0.25 at x = 1, 4/2.5 − 1 = 0.6 at x = 3;
    // σ = (1·0.25 + 3·0.6) / (1 + 9) = 0.205.
    std::vector<ScalingPoint> points = {{1, 1}, {2, 1.6}, {4, 2.5}};
    auto fit = fit_amdahl(points);
    ASSERT_TRUE(fit);
    EXPECT_NEAR(fit->serial_fraction, 0.205, 1e-12);
    EXPECT_LT(fit->r_squared, 1.0);
}

TEST(Scaling, OneCountAboveOneDeterminesAmdahlButNotTheUsl) {
    std::vector<ScalingPoint> points = {{1, 1}, {2, 1.6}};  // 2/1.6 − 1 = 0.25
    auto fit = fit_amdahl(points);
    ASSERT_TRUE(fit);
    EXPECT_NEAR(fit->serial_fraction, 0.25, 1e-12);
    EXPECT_FALSE(fit_usl(points));
    EXPECT_FALSE(fit_amdahl(std::vector<ScalingPoint>{{1, 1}}));
}

TEST(Scaling, UslRecoversContentionAndCoherency) {
    // α = 0.05, β = 0.01: S(n) = n / (1 + 0.05(n − 1) + 0.01n(n − 1)):
    // 2/1.07, 4/1.27, 8/1.91, 16/4.15; the peak is at √(0.95 / 0.01) = 9.75 workers.
    std::vector<ScalingPoint> points = {{1, 1}, {2, 2 / 1.07}, {4, 4 / 1.27}, {8, 8 / 1.91}, {16, 16 / 4.15}};
    auto usl = fit_usl(points);
    ASSERT_TRUE(usl);
    EXPECT_NEAR(usl->contention, 0.05, 1e-9);
    EXPECT_NEAR(usl->coherency, 0.01, 1e-9);
    ASSERT_TRUE(usl->peak_workers());
    EXPECT_NEAR(*usl->peak_workers(), 9.7468, 1e-4);
    auto amdahl = fit_amdahl(points);
    ASSERT_TRUE(amdahl);
    EXPECT_TRUE(usl_fits_better(*amdahl, *usl, 4));  // Amdahl cannot fall past a peak
    EXPECT_GT(usl->r_squared, amdahl->r_squared);
}

TEST(Scaling, NoiseMovesTheSerialFractionLittle) {
    // Speedups of σ = 0.2, each off by up to 2%.
    const double noise[] = {1.02, 0.98, 1.015, 0.99};
    std::vector<ScalingPoint> points = {{1, 1}};
    int k = 0;
    for (double n : {2.0, 4.0, 8.0, 16.0}) points.push_back({n, AmdahlFit{0.2}.speedup(n) * noise[k++]});
    auto fit = fit_amdahl(points);
    ASSERT_TRUE(fit);
    EXPECT_NEAR(fit->serial_fraction, 0.2, 0.01);
}

TEST(Scaling, BadPointsFitNothing) {
    EXPECT_FALSE(fit_amdahl(std::vector<ScalingPoint>{{1, 1}, {2, 0}}));
    EXPECT_FALSE(fit_amdahl(std::vector<ScalingPoint>{{1, 1}, {2, -1}}));
    EXPECT_FALSE(fit_usl(std::vector<ScalingPoint>{{1, 1}, {2, 1.5}, {2, 1.6}}));  // one distinct count above one
}

}  // namespace
}  // namespace pace::stats
