// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <algorithm>  // std::max_element, std::reverse
#include <cmath>      // std::abs
#include <string>     // std::string
#include <vector>     // std::vector

#include "measure/shard.hpp"

namespace pace::measure {
namespace {

std::vector<std::string> ids_of(std::size_t n) {
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < n; ++i) ids.push_back("bench/" + std::to_string(i) + "[n=" + std::to_string(i * 7 % 5) + "]");
    return ids;
}

// Durations of a suite like the example's: a few long ones, many short ones.
std::vector<std::optional<double>> durations_of(std::size_t n) {
    std::vector<std::optional<double>> d;
    for (std::size_t i = 0; i < n; ++i) d.push_back(0.05 + static_cast<double>((i * 37) % 23) * 0.1);
    return d;
}

std::vector<double> part_totals(const std::vector<std::size_t>& parts, const std::vector<std::optional<double>>& d,
                                std::size_t count) {
    std::vector<double> totals(count, 0.0);
    for (std::size_t i = 0; i < parts.size(); ++i) totals.at(parts[i]) += *d[i];
    return totals;
}

TEST(Shard, ParsesIOfN) {
    auto s = parse_shard("2/4", "--shard");
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(s->index, 2u);
    EXPECT_EQ(s->count, 4u);
    EXPECT_EQ(s->text(), "2/4");
    EXPECT_TRUE(parse_shard("1/1", "--shard").ok());
    EXPECT_TRUE(parse_shard("8/8", "--shard").ok());
}

TEST(Shard, RefusesWhatIsNotIOfN) {
    for (const char* text : {"", "2", "0/4", "5/4", "1/0", "0/0", "-1/4", "a/b", "2/4/8", "+2/4", " 2/4", "2/4 ", "1.5/4",
                             "/4", "2/", "9999999999/9999999999"}) {
        auto s = parse_shard(text, "--shard");
        ASSERT_FALSE(s.ok()) << text;
        EXPECT_EQ(s.error().file, "--shard");
        EXPECT_NE(s.error().message.find("\"" + std::string(text) + "\""), std::string::npos) << s.error().message;
        EXPECT_FALSE(s.error().hint.empty());
    }
    EXPECT_NE(parse_shard("5/4", "--shard").error().message.find("between 1 and N"), std::string::npos);
}

TEST(Shard, EveryIdInExactlyOnePart) {
    for (std::size_t n : {0u, 1u, 3u, 7u, 8u, 20u, 41u}) {
        const auto ids = ids_of(n);
        for (const auto& durations : {std::vector<std::optional<double>>{}, durations_of(n)}) {
            for (std::size_t count = 1; count <= 8; ++count) {
                const auto parts = partition(ids, durations, count);
                ASSERT_EQ(parts.size(), n);
                std::vector<std::size_t> seen(n, 0);
                for (std::size_t part = 0; part < count; ++part)
                    for (std::size_t i = 0; i < n; ++i) seen[i] += parts[i] == part;
                for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(seen[i], 1u) << ids[i] << " in " << count << " parts";
            }
        }
    }
}

TEST(Shard, ByCountWithoutDurations) {
    const auto ids = ids_of(20);
    for (std::size_t count = 1; count <= 8; ++count) {
        const auto parts = partition(ids, {}, count);
        std::vector<std::size_t> sizes(count, 0);
        for (std::size_t p : parts) ++sizes[p];
        const auto [lo, hi] = std::minmax_element(sizes.begin(), sizes.end());
        EXPECT_LE(*hi - *lo, 1u) << count << " parts";
    }
    // Ids in order of name go round the parts: a fixed, readable assignment.
    EXPECT_EQ(partition({"a", "b", "c", "d", "e"}, {}, 2), (std::vector<std::size_t>{0, 1, 0, 1, 0}));
}

TEST(Shard, BalancedByDurationsWithinAFifthOfTheMean) {
    const auto ids = ids_of(40);
    const auto durations = durations_of(40);
    for (std::size_t count = 2; count <= 8; ++count) {
        const auto totals = part_totals(partition(ids, durations, count), durations, count);
        double sum = 0;
        for (double t : totals) sum += t;
        const double mean = sum / static_cast<double>(count);
        for (double t : totals) EXPECT_LE(std::abs(t - mean), 0.2 * mean) << count << " parts: " << t << " vs " << mean;
    }
}

TEST(Shard, OneLongBenchmarkGetsAPartOfItsOwn) {
    // Round-robin by count would put the long one with two others.
    const std::vector<std::string> ids = {"a", "b", "c", "d", "e", "long"};
    const std::vector<std::optional<double>> durations = {1.0, 1.0, 1.0, 1.0, 1.0, 5.0};
    const auto parts = partition(ids, durations, 2);
    for (std::size_t i = 0; i < 5; ++i) EXPECT_NE(parts[i], parts[5]) << ids[i];
}

TEST(Shard, UnknownDurationsCountAsTheMean) {
    // "new" has no previous duration: it weighs the mean, 2, not 0 (which would
    // pile every new benchmark onto the lightest part) and not 1.
    const std::vector<std::string> ids = {"a", "b", "c", "new"};
    const std::vector<std::optional<double>> durations = {3.0, 2.0, 1.0, std::nullopt};
    const auto parts = partition(ids, durations, 2);
    // Longest first: a(3)→0, b(2)→1, new(2)→1, c(1)→0: totals 4 and 4.
    EXPECT_EQ(parts, (std::vector<std::size_t>{0, 1, 0, 1}));
    // Not a number, negative: unknown too.
    const std::vector<std::optional<double>> odd = {3.0, 2.0, 1.0, -1.0};
    EXPECT_EQ(partition(ids, odd, 2), parts);
}

TEST(Shard, DeterministicWhateverTheOrderOfTheIds) {
    auto ids = ids_of(30);
    auto durations = durations_of(30);
    durations[4] = durations[9];  // equal durations: the tie is broken by id
    durations[11] = std::nullopt;
    for (std::size_t count = 1; count <= 8; ++count) {
        const auto parts = partition(ids, durations, count);
        EXPECT_EQ(partition(ids, durations, count), parts);  // the same call, the same parts
        auto reversed_ids = ids;
        auto reversed_durations = durations;
        std::reverse(reversed_ids.begin(), reversed_ids.end());
        std::reverse(reversed_durations.begin(), reversed_durations.end());
        auto reversed = partition(reversed_ids, reversed_durations, count);
        std::reverse(reversed.begin(), reversed.end());
        EXPECT_EQ(reversed, parts) << count << " parts";
    }
}

TEST(Shard, MorePartsThanIdsLeavesSomeEmpty) {
    const auto parts = partition({"a", "b"}, {}, 5);
    EXPECT_EQ(parts, (std::vector<std::size_t>{0, 1}));
}

}  // namespace
}  // namespace pace::measure
