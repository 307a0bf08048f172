// SPDX-License-Identifier: Apache-2.0
// pace cmd's arithmetic: parameter ranges and lists, the combinations of
// scans substituted into commands, word splitting, the spawn-cost correction.
#include <gtest/gtest.h>

#include <cstdint>  // INT64_MAX

#include "cmd/session.hpp"

namespace pace::cmd {
namespace {

TEST(IntegerRange, IncludesBothEndsWhenTheStepLandsOnMax) {
    auto v = integer_range(1, 7, 2);
    ASSERT_TRUE(v);
    EXPECT_EQ(*v, (std::vector<DimValue>{std::int64_t{1}, std::int64_t{3}, std::int64_t{5}, std::int64_t{7}}));
}

TEST(IntegerRange, StopsBeforeMaxWhenTheStepOvershoots) {
    auto v = integer_range(1, 8, 3);
    ASSERT_TRUE(v);
    EXPECT_EQ(*v, (std::vector<DimValue>{std::int64_t{1}, std::int64_t{4}, std::int64_t{7}}));
}

TEST(IntegerRange, OneValueAndNoOverflowAtTheTop) {
    auto one = integer_range(5, 5, 1);
    ASSERT_TRUE(one);
    EXPECT_EQ(one->size(), 1u);
    auto top = integer_range(INT64_MAX - 1, INT64_MAX, 1);
    ASSERT_TRUE(top);
    EXPECT_EQ(top->size(), 2u);
}

TEST(IntegerRange, AcrossTheWholeRangeWithoutOverflow) {
    auto v = integer_range(INT64_MIN, INT64_MAX, INT64_MAX);
    ASSERT_TRUE(v);
    // INT64_MIN, INT64_MIN + INT64_MAX = -1, -1 + INT64_MAX = INT64_MAX - 1
    EXPECT_EQ(*v, (std::vector<DimValue>{std::int64_t{INT64_MIN}, std::int64_t{-1}, std::int64_t{INT64_MAX - 1}}));
}

TEST(IntegerRange, RejectsTooManyValues) {
    EXPECT_TRUE(integer_range(1, 10000, 1));  // 10,000 values: the limit
    auto many = integer_range(0, 10000, 1);   // 10,001
    ASSERT_FALSE(many);
    EXPECT_NE(many.error().message.find("more than 10000 values"), std::string::npos);
}

TEST(IntegerRange, RejectsABadStepOrAnEmptyRange) {
    EXPECT_FALSE(integer_range(1, 8, 0));
    EXPECT_FALSE(integer_range(1, 8, -1));
    auto empty = integer_range(8, 1, 1);
    ASSERT_FALSE(empty);
    EXPECT_NE(empty.error().message.find("8..1"), std::string::npos);
}

TEST(ListValues, KeepsNumbersAsNumbers) {
    EXPECT_EQ(list_values("10,0.5,gcc,,1e3"),
              (std::vector<DimValue>{std::int64_t{10}, 0.5, std::string("gcc"), std::string(""), 1000.0}));
}

TEST(Expand, EveryCombinationTheLastScanFastest) {
    auto cases = expand({"run -j{n} --cc={cc} {n}"}, {},
                        {{"n", {std::int64_t{1}, std::int64_t{2}}}, {"cc", {std::string("gcc"), std::string("clang")}}});
    ASSERT_EQ(cases.size(), 4u);
    EXPECT_EQ(cases[0].command, "run -j1 --cc=gcc 1");
    EXPECT_EQ(cases[1].command, "run -j1 --cc=clang 1");
    EXPECT_EQ(cases[2].command, "run -j2 --cc=gcc 2");
    EXPECT_EQ(cases[3].command, "run -j2 --cc=clang 2");
    EXPECT_EQ(cases[3].name, "run -j{n} --cc={cc} {n}");
    EXPECT_EQ(cases[3].dims, (std::vector<Dim>{{"n", std::int64_t{2}}, {"cc", std::string("clang")}}));
}

TEST(Expand, NamesAndNoScans) {
    auto cases = expand({"a", "b"}, {"first"}, {});
    ASSERT_EQ(cases.size(), 2u);
    EXPECT_EQ(cases[0].name, "first");
    EXPECT_EQ(cases[1].name, "b");
    EXPECT_TRUE(cases[1].dims.empty());
}

TEST(SplitWords, RunsOfSpacesSeparate) {
    EXPECT_EQ(split_words("  sleep   0.1 "), (std::vector<std::string>{"sleep", "0.1"}));
    EXPECT_TRUE(split_words("   ").empty());
}

TEST(Corrected, SubtractsAndNeverGoesBelowZero) {
    EXPECT_DOUBLE_EQ(corrected(0.0505, 0.0005), 0.05);
    EXPECT_DOUBLE_EQ(corrected(0.0004, 0.0005), 0.0);
}

}  // namespace
}  // namespace pace::cmd
