// SPDX-License-Identifier: Apache-2.0
#include "stats/inference.hpp"
#include "stats/pair_count.hpp"

#include <algorithm>  // std::sort
#include <cmath>      // std::pow, std::sqrt, std::nan
#include <cstdint>    // std::uint64_t
#include <map>
#include <optional>   // std::optional
#include <random>     // std::mt19937_64: resamples drawn index by index
#include <thread>     // a fresh thread keeps no ranks
#include <utility>    // std::pair
#include <vector>

#include <gtest/gtest.h>

namespace pace::stats {
namespace {

// Wikipedia, "Mann–Whitney U test", section "Illustration of calculation
// methods": 6 tortoises and 6 hares finish in the order T H H H H H T T T T T H,
// giving U_T = 11 and U_H = 25. Finishing positions stand in for times, so a
// tortoise "beats" a hare when its time is smaller; u_a counts a > b pairs,
// which for the tortoises is U_H.
TEST(MannWhitney, WikipediaTortoiseAndHare) {
    std::vector<double> tortoise = {1, 7, 8, 9, 10, 11};
    std::vector<double> hare = {2, 3, 4, 5, 6, 12};
    MannWhitney t = mann_whitney_u(tortoise, hare);
    EXPECT_DOUBLE_EQ(t.u_a, 25);
    EXPECT_DOUBLE_EQ(t.u_b, 11);
    EXPECT_TRUE(t.exact);
    EXPECT_GT(t.p_value, 0.05);  // the article: no evidence tortoises are faster
}

// The example of scipy.stats.mannwhitneyu's documentation (ages of male and
// female employees, from Mann & Whitney's 1947 paper): U1 = 17, exact
// two-sided p = 0.1111 (= 2 · 7/126), asymptotic with continuity correction
// p = 0.11134688653314041. Checked by hand: mu = 10, sigma = sqrt(5·4·10/12),
// z = (17 − 10 − 0.5) / sigma = 1.5922, p = 2 · (1 − Phi(z)).
TEST(MannWhitney, ScipyDocumentationExample) {
    std::vector<double> males = {19, 22, 16, 29, 24};
    std::vector<double> females = {20, 11, 17, 12};
    MannWhitney exact = mann_whitney_u(males, females);
    EXPECT_DOUBLE_EQ(exact.u_a, 17);
    EXPECT_DOUBLE_EQ(exact.u_b, 3);
    EXPECT_TRUE(exact.exact);
    EXPECT_NEAR(exact.p_value, 2.0 * 7 / 126, 1e-12);

    MannWhitney normal = mann_whitney_u(males, females, /*exact_limit=*/0);
    EXPECT_FALSE(normal.exact);
    EXPECT_NEAR(normal.p_value, 0.11134688653314041, 1e-9);
}

// Ties use mid-ranks and the tie-corrected variance. By hand: pooled
// 1a 2a 2a 2b 3b 3b, ranks 1, 3, 3, 3, 5.5, 5.5; R_a = 7, U_a = 1, U_b = 8;
// tie term (27 − 3) + (8 − 2) = 30; var = 3·3/12 · (7 − 30/30) = 4.5;
// z = (|1 − 4.5| − 0.5) / sqrt(4.5) = 1.41421; p = 2 · (1 − Phi(z)) = 0.157299.
TEST(MannWhitney, TiesUseCorrectedVariance) {
    std::vector<double> a = {1, 2, 2};
    std::vector<double> b = {2, 3, 3};
    MannWhitney t = mann_whitney_u(a, b);
    EXPECT_FALSE(t.exact);  // ties: the exact table does not apply
    EXPECT_DOUBLE_EQ(t.u_a, 1);
    EXPECT_DOUBLE_EQ(t.u_b, 8);
    EXPECT_NEAR(t.z, 1.4142135623730951, 1e-12);
    EXPECT_NEAR(t.p_value, 0.15729920705028513, 1e-9);
}

TEST(MannWhitney, DegenerateInputs) {
    std::vector<double> same = {5, 5, 5, 5};
    EXPECT_DOUBLE_EQ(mann_whitney_u(same, same).p_value, 1);
    std::vector<double> none;
    EXPECT_DOUBLE_EQ(mann_whitney_u(none, same).p_value, 1);
}

TEST(MannWhitney, SeparatedSamplesAreSignificant) {
    std::vector<double> a, b;
    for (int i = 0; i < 100; ++i) {
        a.push_back(1.0 + i * 1e-3);
        b.push_back(1.2 + i * 1e-3);
    }
    MannWhitney t = mann_whitney_u(a, b);
    EXPECT_FALSE(t.exact);
    EXPECT_LT(t.p_value, 1e-10);
    EXPECT_DOUBLE_EQ(t.u_a, 0);
}

TEST(MannWhitney, MinimumP) {
    EXPECT_NEAR(mann_whitney_min_p(3, 3), 0.1, 1e-12);  // 2 / C(6, 3)
    EXPECT_NEAR(mann_whitney_min_p(5, 4), 2.0 / 126, 1e-12);
    EXPECT_LT(mann_whitney_min_p(5, 5), 0.05);
    // the exact p of fully separated samples reaches the minimum
    std::vector<double> a = {1, 2, 3}, b = {4, 5, 6};
    EXPECT_NEAR(mann_whitney_u(a, b).p_value, 0.1, 1e-12);
}

// U against its definition, every pair counted: a > b counts 1, a tie ½.
// Values from a small range tie often; from a large one, almost never.
TEST(MannWhitney, UCountsPairsWithAndWithoutTies) {
    std::uint64_t state = 12345;
    auto next = [&state](std::uint64_t range) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>((state >> 33) % range);
    };
    for (std::uint64_t range : {5ULL, 50ULL, 1ULL << 30}) {
        for (int trial = 0; trial < 50; ++trial) {
            std::vector<double> a(1 + trial % 37), b(1 + (trial * 7) % 41);
            for (double& x : a) x = next(range);
            for (double& x : b) x = next(range);
            double pairs = 0;
            for (double x : a)
                for (double y : b) pairs += x > y ? 1 : x == y ? 0.5 : 0;
            MannWhitney t = mann_whitney_u(a, b);
            EXPECT_DOUBLE_EQ(t.u_a, pairs) << "range " << range << " trial " << trial;
            EXPECT_DOUBLE_EQ(t.u_a + t.u_b, static_cast<double>(a.size() * b.size()));
        }
    }
}

// The vector counter, where the CPU has one, counts what the definition
// counts, for every remainder of a side's length by the vector's width; it
// declines what it cannot count exactly (a value twice, +0 against -0, NaN)
// and samples past its size limits, which the test then sorts.
TEST(MannWhitney, PairCounterCountsOrDeclines) {
    std::uint64_t state = 99;
    auto next = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return 1e-6 * static_cast<double>(state >> 11) * 0x1p-53;
    };
    auto by_definition = [](const std::vector<double>& a, const std::vector<double>& b) {
        std::uint64_t pairs = 0;
        for (double x : a)
            for (double y : b) pairs += x > y;
        return pairs;
    };
    int counted = 0;
    for (std::size_t na : {1, 3, 4, 5, 8, 100, 255}) {
        for (std::size_t nb : {1, 2, 4, 7, 100, 256}) {
            std::vector<double> a(na), b(nb);
            for (double& x : a) x = next();
            for (double& x : b) x = next();
            std::optional<std::uint64_t> pairs = count_pairs_above(a, b);
            if (!pairs) continue;  // no AVX2 here, or past the size limits
            ++counted;
            EXPECT_EQ(*pairs, by_definition(a, b)) << na << " x " << nb;
            EXPECT_DOUBLE_EQ(mann_whitney_u(a, b).u_a, static_cast<double>(*pairs));
        }
    }
    if (counted == 0) GTEST_SKIP() << "this CPU counts no pairs (no AVX2): the sorting path is tested elsewhere";
    EXPECT_FALSE(count_pairs_above(std::vector<double>{1, 2, 3}, std::vector<double>{4, 2}));    // 2 twice
    EXPECT_FALSE(count_pairs_above(std::vector<double>{1, 1}, std::vector<double>{4}));          // within a side
    EXPECT_FALSE(count_pairs_above(std::vector<double>{0.0, 1}, std::vector<double>{-0.0, 2}));  // +0 = -0
    EXPECT_FALSE(count_pairs_above(std::vector<double>{std::nan(""), 1}, std::vector<double>{2}));
    EXPECT_FALSE(count_pairs_above(std::vector<double>(300, 1.0), std::vector<double>(300, 2.0)));
    // Declined or not, U is the same: +0 against -0 is a tie, worth ½.
    EXPECT_DOUBLE_EQ(mann_whitney_u(std::vector<double>{0.0, 1}, std::vector<double>{-0.0, 2}).u_a, 1.5);
    // Larger than the counter takes: sorted, U unchanged.
    std::vector<double> a(600), b(300);
    for (double& x : a) x = next();
    for (double& x : b) x = next();
    EXPECT_FALSE(count_pairs_above(a, b));
    EXPECT_DOUBLE_EQ(mann_whitney_u(a, b).u_a, static_cast<double>(by_definition(a, b)));
}

// The ranks a resample's median falls on, against their exact distribution:
// every one of the n^n equally likely resamples of n sorted values counted.
void expect_exact_median_distribution(std::size_t n) {
    std::map<std::pair<std::size_t, std::size_t>, double> exact;
    std::vector<std::size_t> draw(n, 0);
    const double each = 1 / std::pow(static_cast<double>(n), static_cast<double>(n));
    for (;;) {
        std::vector<std::size_t> sorted = draw;
        std::sort(sorted.begin(), sorted.end());
        exact[{sorted[(n - 1) / 2], sorted[n / 2]}] += each;
        std::size_t i = 0;
        while (i < n && ++draw[i] == n) draw[i++] = 0;
        if (i == n) break;
    }
    constexpr int draws = 400000;
    std::map<std::pair<std::size_t, std::size_t>, double> seen;
    ResampledMedian median(n, 42);
    for (int i = 0; i < draws; ++i) {
        MedianRanks r = median.next();
        seen[{r.lower, r.upper}] += 1.0 / draws;
    }
    for (const auto& [ranks, p] : seen) EXPECT_TRUE(exact.count(ranks)) << ranks.first << "," << ranks.second;
    for (const auto& [ranks, p] : exact) {
        const double sd = std::sqrt(p * (1 - p) / draws);
        EXPECT_NEAR(seen[ranks], p, 5 * sd + 1e-9) << "n=" << n << " ranks " << ranks.first << "," << ranks.second;
    }
}

TEST(Bootstrap, ResampledMedianFollowsTheExactDistribution) {
    for (std::size_t n : {1, 2, 3, 4, 5, 6, 7}) expect_exact_median_distribution(n);
}

// For sizes past enumeration, against resamples drawn index by index: the
// share of each (lower, upper) pair, as two independent estimates of one
// proportion.
TEST(Bootstrap, ResampledMedianAgreesWithDrawnResamples) {
    for (std::size_t n : {40, 41, 100}) {
        constexpr int draws = 100000;
        std::mt19937_64 random(n);
        std::uniform_int_distribution<std::size_t> index(0, n - 1);
        std::map<std::pair<std::size_t, std::size_t>, double> drawn, sampled;
        std::vector<std::size_t> resample(n);
        for (int d = 0; d < draws; ++d) {
            for (std::size_t& i : resample) i = index(random);
            std::sort(resample.begin(), resample.end());
            drawn[{resample[(n - 1) / 2], resample[n / 2]}] += 1.0 / draws;
        }
        ResampledMedian median(n, 11);
        for (int d = 0; d < draws; ++d) {
            const MedianRanks r = median.next();
            ASSERT_LE(r.lower, r.upper);
            ASSERT_LT(r.upper, n);
            sampled[{r.lower, r.upper}] += 1.0 / draws;
        }
        std::map<std::pair<std::size_t, std::size_t>, double> all = drawn;
        for (const auto& [ranks, p] : sampled) all[ranks] += 0;
        for (const auto& [ranks, unused] : all) {
            const double p = (drawn[ranks] + sampled[ranks]) / 2;
            const double sd = std::sqrt(p * (1 - p) * 2.0 / draws);
            EXPECT_NEAR(sampled[ranks], drawn[ranks], 5 * sd + 2.0 / draws)
                << "n=" << n << " ranks " << ranks.first << "," << ranks.second;
        }
    }
}

TEST(Bootstrap, ResampledMedianHandExample) {
    // n = 3: the median rank is 0 when at least two of three draws are 0:
    // 3·(1/3)²·(2/3) + (1/3)³ = 7/27; rank 1 by symmetry leaves 13/27.
    ResampledMedian median(3, 7);
    int at[3] = {0, 0, 0};
    constexpr int draws = 270000;
    for (int i = 0; i < draws; ++i) ++at[median.next().lower];
    EXPECT_NEAR(at[0] / double(draws), 7.0 / 27, 0.005);
    EXPECT_NEAR(at[1] / double(draws), 13.0 / 27, 0.005);
    EXPECT_NEAR(at[2] / double(draws), 7.0 / 27, 0.005);
}

TEST(Bootstrap, DeterministicAndCentred) {
    std::vector<double> a, b;
    for (int i = 0; i < 50; ++i) {
        a.push_back(100 + (i * 37) % 50);
        b.push_back(2 * a.back());
    }
    auto first = bootstrap_median_ratio(a, b);
    auto second = bootstrap_median_ratio(a, b);
    ASSERT_TRUE(first && second);
    EXPECT_DOUBLE_EQ(first->ratio, 2);
    EXPECT_DOUBLE_EQ(first->low, second->low);
    EXPECT_DOUBLE_EQ(first->high, second->high);
    EXPECT_LE(first->low, 2);
    EXPECT_GE(first->high, 2);
    EXPECT_GT(first->low, 1);  // a doubling is far outside the noise of these samples
    auto other_seed = bootstrap_median_ratio(a, b, 0.05, 2000, 7);
    ASSERT_TRUE(other_seed);
    EXPECT_DOUBLE_EQ(other_seed->ratio, 2);
}

// Each thread keeps the ranks it drew for the last few sample sizes; an
// interval must not depend on what was kept. Pairs of sizes in one order on
// this thread, in another on a fresh thread, and each twice in a row, give
// the same intervals.
TEST(Bootstrap, KeptRanksGiveTheSameIntervals) {
    auto samples = [](std::size_t n, double scale) {
        std::vector<double> v;
        for (std::size_t i = 0; i < n; ++i) v.push_back(scale * (100 + static_cast<double>((i * 37) % 61)));
        return v;
    };
    std::vector<std::pair<std::size_t, std::size_t>> sizes;
    for (std::size_t na : {30, 31, 32, 33, 34, 35})
        for (std::size_t nb : {31, 35, 36}) sizes.emplace_back(na, nb);
    auto interval = [&](std::pair<std::size_t, std::size_t> size) {
        return *bootstrap_median_ratio(samples(size.first, 1.0), samples(size.second, 1.3), 0.05, 500);
    };
    std::map<std::pair<std::size_t, std::size_t>, RatioInterval> here;
    for (const auto& size : sizes) {
        here[size] = interval(size);
        const RatioInterval again = interval(size);
        EXPECT_EQ(again.low, here[size].low);
        EXPECT_EQ(again.high, here[size].high);
    }
    std::map<std::pair<std::size_t, std::size_t>, RatioInterval> fresh;
    std::thread([&] {
        for (auto size = sizes.rbegin(); size != sizes.rend(); ++size) fresh[*size] = interval(*size);
    }).join();
    for (const auto& size : sizes) {
        EXPECT_EQ(fresh[size].low, here[size].low) << size.first << " x " << size.second;
        EXPECT_EQ(fresh[size].high, here[size].high) << size.first << " x " << size.second;
    }
    // A side found among the kept ranks while the other side's draws need a
    // place (of four): the first side's must stay where they are.
    RatioInterval alone, after;
    std::thread([&] { alone = interval({30, 34}); }).join();
    std::thread([&] {
        interval({30, 31});
        interval({32, 33});
        after = interval({30, 34});
    }).join();
    EXPECT_EQ(after.low, alone.low);
    EXPECT_EQ(after.high, alone.high);
}

TEST(Bootstrap, SameSamplesIntervalHoldsOne) {
    std::vector<double> a;
    for (int i = 0; i < 40; ++i) a.push_back(10 + (i * 7) % 13);
    auto ci = bootstrap_median_ratio(a, a, 0.05, 1000);
    ASSERT_TRUE(ci);
    EXPECT_DOUBLE_EQ(ci->ratio, 1);
    EXPECT_LE(ci->low, 1);
    EXPECT_GE(ci->high, 1);
}

TEST(Bootstrap, EmptyOrZero) {
    std::vector<double> a = {1, 2, 3}, none, zeros = {0, 0, 0};
    EXPECT_FALSE(bootstrap_median_ratio(a, none));
    EXPECT_FALSE(bootstrap_median_ratio(zeros, a));
}

}  // namespace
}  // namespace pace::stats
