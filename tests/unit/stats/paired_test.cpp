// SPDX-License-Identifier: Apache-2.0
// The signed-rank interval and the paired-change summary, against values
// counted by hand (the signed-rank tables of Hollander & Wolfe) and by
// enumerating every subset of ranks.
#include "stats/paired.hpp"

#include <cmath>    // std::log, std::exp
#include <random>   // std::mt19937_64
#include <vector>   // std::vector

#include <gtest/gtest.h>

namespace pace::stats {
namespace {

TEST(SignedRankCdf, SmallCasesCountedByHand) {
    // n = 6: 64 subsets of {1..6}; sums <= 0: {} ; <= 1: {}, {1}; <= 3: also {2}, {3}, {1,2}.
    EXPECT_DOUBLE_EQ(signed_rank_cdf(6, 0), 1.0 / 64);
    EXPECT_DOUBLE_EQ(signed_rank_cdf(6, 1), 2.0 / 64);
    EXPECT_DOUBLE_EQ(signed_rank_cdf(6, 3), 5.0 / 64);
    // n = 10: the two-sided 5% critical value is 8 (P = 25/1024); 9 is past it.
    EXPECT_DOUBLE_EQ(signed_rank_cdf(10, 8), 25.0 / 1024);
    EXPECT_DOUBLE_EQ(signed_rank_cdf(10, 9), 33.0 / 1024);
    EXPECT_DOUBLE_EQ(signed_rank_cdf(10, 55), 1.0);
}

TEST(SignedRankInterval, TooFewValuesHaveNoInterval) {
    // Five values: the smallest two-sided p is 2/32 > 0.05.
    const std::vector<double> five{1, 2, 3, 4, 5};
    EXPECT_FALSE(signed_rank_interval(five, 0.05));
    EXPECT_TRUE(signed_rank_interval(five, 0.10));
    EXPECT_FALSE(signed_rank_interval(std::vector<double>{}, 0.05));
}

TEST(SignedRankInterval, SixValuesSpanFromSmallestToLargest) {
    const std::vector<double> v{1, 2, 3, 4, 5, 6};
    auto c = signed_rank_interval(v, 0.05);
    ASSERT_TRUE(c);
    EXPECT_DOUBLE_EQ(c->low, 1);   // the smallest of 21 Walsh averages
    EXPECT_DOUBLE_EQ(c->high, 6);  // the largest
    EXPECT_DOUBLE_EQ(c->estimate, 3.5);
    EXPECT_DOUBLE_EQ(c->confidence, 1 - 2.0 / 64);
}

TEST(SignedRankInterval, TenValuesUseTheNinthWalshAverageFromEachEnd) {
    // k = 9 since P(T+ <= 8) = 0.0244 <= 0.025 < P(T+ <= 9): of the 55 sorted
    // Walsh averages of these values, the 9th is 0.25 and the 47th 1.95; their median 1.05.
    const std::vector<double> v{0.8, -0.3, 1.9, 2.4, 0.2, 1.1, 3.0, -0.6, 1.5, 0.9};
    auto c = signed_rank_interval(v, 0.05);
    ASSERT_TRUE(c);
    EXPECT_DOUBLE_EQ(c->low, 0.25);
    EXPECT_DOUBLE_EQ(c->high, 1.95);
    EXPECT_DOUBLE_EQ(c->estimate, 1.05);
    EXPECT_NEAR(c->confidence, 1 - 2 * 25.0 / 1024, 1e-12);
}

TEST(SignedRankInterval, CoversTheCentreAtItsLevelOnEitherSideOfTheExactLimit) {
    // Symmetric noise around 0.3: over many trials the 95% interval misses
    // 0.3 about 5% of the time, counted exactly (n = 30) or approximated (n = 240).
    std::mt19937_64 rng(7);
    std::normal_distribution<double> noise(0.3, 1.0);
    for (std::size_t n : {std::size_t{30}, std::size_t{240}}) {
        int misses = 0;
        constexpr int trials = 400;
        for (int t = 0; t < trials; ++t) {
            std::vector<double> v(n);
            for (double& x : v) x = noise(rng);
            auto c = signed_rank_interval(v, 0.05);
            ASSERT_TRUE(c);
            misses += c->low > 0.3 || c->high < 0.3;
        }
        EXPECT_GE(misses, 6) << n;    // ~20 expected; 6 is far below by chance (p < 1e-4)
        EXPECT_LE(misses, 38) << n;   // and 38 far above
    }
}

TEST(PairedChange, MediansPerPairThenTheIntervalOverPairs) {
    // Eight process pairs, each with three sample log-ratios; their medians
    // are log(1.02) ± a pair offset. The spread within a pair is 0.01 either side.
    const std::vector<double> offsets{0.004, -0.003, 0.001, -0.002, 0.003, 0.0, -0.001, 0.002};
    std::vector<std::vector<double>> pairs;
    for (double o : offsets) {
        const double m = std::log(1.02) + o;
        pairs.push_back({m - 0.01, m, m + 0.01});
    }
    auto c = estimate_paired_change(pairs, 0.05);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->pairs, 8u);
    EXPECT_EQ(c->samples, 24u);
    EXPECT_NEAR(c->change, 0.02 + 1.02 * 0.0005, 1e-3);
    EXPECT_LT(c->low, c->change);
    EXPECT_GT(c->high, c->change);
    EXPECT_GT(c->low, 0.01);  // clearly slower
    // Residuals -0.01, 0, 0.01 in every pair: MAD 0.01, spread 1.4826 %.
    EXPECT_NEAR(c->within_pair, 0.014826, 1e-6);
}

TEST(PairedChange, PairsWithoutSamplesAreSkippedAndTooFewGiveNothing) {
    std::vector<std::vector<double>> pairs{{0.01}, {}, {0.02}, {0.0}, {0.01}, {}};
    EXPECT_FALSE(estimate_paired_change(pairs, 0.05));  // four pairs with samples
}

TEST(PairedChange, AProcessOffsetShowsBetweenPairsNotWithin) {
    // Samples agree closely inside each pair, but whole pairs sit ±3% apart:
    // the noise is the process's, and the interval is as wide as the pairs say.
    std::vector<std::vector<double>> pairs;
    for (int i = 0; i < 12; ++i) {
        const double offset = (i % 2 ? 0.03 : -0.03) * (1 + 0.1 * i);
        pairs.push_back({offset - 0.001, offset, offset + 0.001});
    }
    auto c = estimate_paired_change(pairs, 0.05);
    ASSERT_TRUE(c);
    EXPECT_LT(c->within_pair, 0.002);
    EXPECT_GT(c->between_pairs, 0.02);
    EXPECT_LT(c->low, 0);
    EXPECT_GT(c->high, 0);
}

}  // namespace
}  // namespace pace::stats
