// SPDX-License-Identifier: Apache-2.0
// Expected values are computed by hand in the comments beside them.
#include <gtest/gtest.h>

#include <cmath>  // std::sqrt

#include "stats/descriptive.hpp"

namespace pace::stats {
namespace {

TEST(Descriptive, ProcessMedians) {
    const std::vector<double> samples = {1, 3, 2, 10, 12, 7};
    EXPECT_EQ(stats::process_medians(samples, std::vector<std::int64_t>{3, 2, 1}), (std::vector<double>{2, 11, 7}));
    // No counts: one process made them all.
    EXPECT_EQ(stats::process_medians(samples, {}), (std::vector<double>{5}));
    EXPECT_TRUE(stats::process_medians({}, {}).empty());
    // Counts past the samples (a Run built by hand) stop at the last sample.
    EXPECT_EQ(stats::process_medians(samples, std::vector<std::int64_t>{4, 9}), (std::vector<double>{2.5, 9.5}));
}

TEST(Descriptive, OddCount) {
    TimeStats t = describe({5, 3, 1, 4, 2}, 1);
    EXPECT_DOUBLE_EQ(*t.min, 1);
    EXPECT_DOUBLE_EQ(*t.max, 5);
    EXPECT_DOUBLE_EQ(*t.mean, 3);
    EXPECT_DOUBLE_EQ(*t.median, 3);
    EXPECT_DOUBLE_EQ(*t.stddev, std::sqrt(2.5));  // (4+1+0+1+4)/4
    EXPECT_DOUBLE_EQ(*t.q1, 1.75);                // n%4 == 1: 0.25·x1 + 0.75·x2
    EXPECT_DOUBLE_EQ(*t.q3, 4.25);                // 0.75·x4 + 0.25·x5
    EXPECT_DOUBLE_EQ(*t.iqr, 2.5);
    EXPECT_DOUBLE_EQ(*t.p95, 4.8);  // type 7: h = 4·0.95 = 3.8 → 4 + 0.8·(5−4)
    EXPECT_DOUBLE_EQ(*t.ops, 1.0 / 3);
    EXPECT_EQ(t.rounds, 5);
    EXPECT_EQ(t.samples, (std::vector<double>{5, 3, 1, 4, 2}));  // measurement order kept
}

TEST(Descriptive, EvenCount) {
    TimeStats t = describe({4, 1, 3, 2}, 10);
    EXPECT_DOUBLE_EQ(*t.median, 2.5);
    EXPECT_DOUBLE_EQ(*t.q1, 1.5);  // median of the lower half {1, 2}
    EXPECT_DOUBLE_EQ(*t.q3, 3.5);  // median of the upper half {3, 4}
    EXPECT_DOUBLE_EQ(*t.stddev, std::sqrt(5.0 / 3));  // (2.25+0.25+0.25+2.25)/3
    EXPECT_DOUBLE_EQ(*t.total, 10);  // pytest-benchmark's: the sum of the samples, not × 10 calls
    EXPECT_EQ(t.iterations, 10);
}

TEST(Descriptive, SevenSamplesQuartiles) {
    TimeStats t = describe({1, 2, 3, 4, 5, 6, 7}, 1);
    EXPECT_DOUBLE_EQ(*t.q1, 2.25);  // n%4 == 3: 0.75·x2 + 0.25·x3
    EXPECT_DOUBLE_EQ(*t.q3, 5.75);  // 0.25·x5 + 0.75·x6
}

TEST(Descriptive, Ties) {
    TimeStats t = describe({2, 2, 2, 2}, 1);
    EXPECT_DOUBLE_EQ(*t.stddev, 0);
    EXPECT_DOUBLE_EQ(*t.iqr, 0);
    EXPECT_EQ(*t.iqr_outliers, 0);
    EXPECT_EQ(*t.stddev_outliers, 0);
}

TEST(Descriptive, SingleSample) {
    TimeStats t = describe({5}, 1);
    EXPECT_DOUBLE_EQ(*t.min, 5);
    EXPECT_DOUBLE_EQ(*t.max, 5);
    EXPECT_DOUBLE_EQ(*t.median, 5);
    EXPECT_DOUBLE_EQ(*t.q1, 5);
    EXPECT_DOUBLE_EQ(*t.q3, 5);
    EXPECT_DOUBLE_EQ(*t.stddev, 0);
    EXPECT_FALSE(t.median_ci_low.has_value());
}

TEST(Descriptive, NoSamples) {
    TimeStats t = describe({}, 1);
    EXPECT_EQ(t.rounds, 0);
    EXPECT_FALSE(t.mean.has_value());
}

TEST(Descriptive, Outliers) {
    TimeStats t = describe({1, 2, 3, 4, 100}, 1);
    // q1 = 1.75, q3 = 4.25, IQR = 2.5: fences −2 and 8, so 100 is out.
    EXPECT_EQ(*t.iqr_outliers, 1);
    EXPECT_DOUBLE_EQ(*t.hd15iqr, 4);
    EXPECT_DOUBLE_EQ(*t.ld15iqr, 1);
    // mean 22, stddev √1902.5 ≈ 43.6: only 100 lies beyond one stddev.
    EXPECT_EQ(*t.stddev_outliers, 1);
}

TEST(MedianCi, TenSamplesAtNinetyFivePercent) {
    // Binomial(10, ½): 2·P(B ≤ 1) = 22/1024 ≈ 0.021 ≤ 0.05 but 2·P(B ≤ 2) = 112/1024 ≈ 0.109,
    // so the interval is (x(2), x(9)), coverage 97.9% (the textbook table value).
    std::vector<double> sorted{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    auto ci = median_ci_of_sorted(sorted, 0.95);
    ASSERT_TRUE(ci.has_value());
    EXPECT_DOUBLE_EQ(ci->low, 2);
    EXPECT_DOUBLE_EQ(ci->high, 9);
}

TEST(MedianCi, TooFewSamples) {
    // n = 5: 2·P(B ≤ 0) = 2/32 = 0.0625 > 0.05, no interval reaches 95%.
    std::vector<double> sorted{1, 2, 3, 4, 5};
    EXPECT_FALSE(median_ci_of_sorted(sorted, 0.95).has_value());
    // n = 6: 2/64 ≈ 0.031, so (x(1), x(6)).
    std::vector<double> six{1, 2, 3, 4, 5, 6};
    auto ci = median_ci_of_sorted(six, 0.95);
    ASSERT_TRUE(ci.has_value());
    EXPECT_DOUBLE_EQ(ci->low, 1);
    EXPECT_DOUBLE_EQ(ci->high, 6);
}

TEST(Quantile, Type7) {
    std::vector<double> sorted{10, 20, 30, 40};
    EXPECT_DOUBLE_EQ(quantile_of_sorted(sorted, 0), 10);
    EXPECT_DOUBLE_EQ(quantile_of_sorted(sorted, 1), 40);
    EXPECT_DOUBLE_EQ(quantile_of_sorted(sorted, 0.5), 25);
    EXPECT_DOUBLE_EQ(quantile_of_sorted(sorted, 0.99), 39.7);  // h = 2.97
}

}  // namespace
}  // namespace pace::stats
