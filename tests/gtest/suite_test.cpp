// SPDX-License-Identifier: Apache-2.0
// A GoogleTest binary as projects write them, made benchmarks by
// pace_gtest_benchmarks() without a line of pace in it: a passing test, a
// failing one, a skipped one, a fixture whose SetUp is slow, and a
// value-parameterized test.
#include <chrono>   // the slow SetUp
#include <numeric>  // std::iota
#include <thread>   // std::this_thread::sleep_for
#include <vector>   // the data

#include <gtest/gtest.h>

namespace {

TEST(Arithmetic, Adds) {
    std::vector<int> v(64);
    std::iota(v.begin(), v.end(), 1);
    EXPECT_EQ(std::accumulate(v.begin(), v.end(), 0), 64 * 65 / 2);
}

TEST(Arithmetic, Fails) { EXPECT_EQ(2 + 2, 5) << "arithmetic is not what it was"; }

TEST(Arithmetic, Skips) { GTEST_SKIP() << "not on this machine"; }

// SetUp takes 20 ms and TearDown 10 ms; the body, microseconds. Only the
// body is timed. The body checks that GoogleTest names the running test.
class SlowSetUp : public ::testing::Test {
protected:
    static void SetUpTestSuite() { ++suite_setups; }
    void SetUp() override {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        data_.assign(1000, 3);
    }
    void TearDown() override { std::this_thread::sleep_for(std::chrono::milliseconds(10)); }
    std::vector<int> data_;
    static inline int suite_setups = 0;
};

TEST_F(SlowSetUp, SumsWhatSetUpMade) {
    EXPECT_EQ(suite_setups, 1);
    ASSERT_NE(::testing::UnitTest::GetInstance()->current_test_info(), nullptr);
    EXPECT_STREQ(::testing::UnitTest::GetInstance()->current_test_info()->name(), "SumsWhatSetUpMade");
    EXPECT_EQ(std::accumulate(data_.begin(), data_.end(), 0), 3000);
}

class Sizes : public ::testing::TestWithParam<int> {};

TEST_P(Sizes, FillsAndSums) {
    std::vector<long> v(static_cast<std::size_t>(GetParam()), 1);
    EXPECT_EQ(std::accumulate(v.begin(), v.end(), 0L), GetParam());
}

INSTANTIATE_TEST_SUITE_P(Small, Sizes, ::testing::Values(10, 10000));

}  // namespace
