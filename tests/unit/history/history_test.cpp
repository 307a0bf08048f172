// SPDX-License-Identifier: Apache-2.0
// The history part without git: bisection's probes, --every's choice, commit
// order from parents and times, and the series a run list makes.
#include <gtest/gtest.h>

#include <optional>  // std::optional
#include <string>    // std::string
#include <vector>    // std::vector

#include "history/driver.hpp"
#include "history/series.hpp"

namespace pace::history {
namespace {

TEST(Bisect, FindsTheFirstBadInFewProbes) {
    for (std::size_t first_bad = 1; first_bad < 12; ++first_bad) {
        int probes = 0;
        const auto result = bisect(12, [&](std::size_t i) -> std::optional<bool> {
            ++probes;
            return i >= first_bad;
        });
        EXPECT_EQ(result.first_bad, first_bad);
        EXPECT_TRUE(result.exact);
        EXPECT_LE(probes, 4);  // ⌈log2(10)⌉ commits between the two ends
    }
}

TEST(Bisect, SkipsCommitsThatCannotBeJudged) {
    // Commit 8 does not build; the first bad is 6.
    const auto result = bisect(12, [](std::size_t i) -> std::optional<bool> {
        if (i == 8) return std::nullopt;
        return i >= 6;
    });
    EXPECT_EQ(result.first_bad, 6u);
    EXPECT_TRUE(result.exact);
}

TEST(Bisect, UnbuildableNeighboursLeaveARange) {
    // 4 and 5 do not build and the change is at 5: bisect can only say 6.
    const auto result = bisect(8, [](std::size_t i) -> std::optional<bool> {
        if (i == 4 || i == 5) return std::nullopt;
        return i >= 5;
    });
    EXPECT_EQ(result.first_bad, 6u);
    EXPECT_FALSE(result.exact);
    EXPECT_EQ(result.unusable.size(), 2u);
}

TEST(EveryNth, KeepsTheNewest) {
    const std::vector<std::string> commits{"a", "b", "c", "d", "e", "f", "g"};
    EXPECT_EQ(every_nth(commits, 3), (std::vector<std::string>{"a", "d", "g"}));
    EXPECT_EQ(every_nth(commits, 4), (std::vector<std::string>{"c", "g"}));
    EXPECT_EQ(every_nth(commits, 1), commits);
}

Run run_at(const std::string& id, const std::string& parent, const std::string& time, double instructions) {
    Run run;
    run.commit.id = id;
    run.commit.time = time;
    run.commit.raw["parent"] = parent;
    Result r;
    r.id = "work";
    r.counters["instructions"] = instructions;
    run.results.push_back(r);
    return run;
}

TEST(OrderByCommit, ParentsFirstEvenWhenTimesDisagree) {
    // c's commit time is earlier than its parent b's (a rebase): b still comes first.
    const pace::Run a = run_at("a", "", "2026-01-01", 100), b = run_at("b", "a", "2026-01-03", 100),
              c = run_at("c", "b", "2026-01-02", 200);
    const auto ordered = order_by_commit({&c, &a, &b});
    ASSERT_EQ(ordered.size(), 3u);
    EXPECT_EQ(ordered[0]->commit.id, "a");
    EXPECT_EQ(ordered[1]->commit.id, "b");
    EXPECT_EQ(ordered[2]->commit.id, "c");
}

TEST(OrderByCommit, TheLastRunOfACommitWins) {
    const pace::Run a = run_at("a", "", "2026-01-01", 100), again = run_at("a", "", "2026-01-01", 150);
    const auto ordered = order_by_commit({&a, &again});
    ASSERT_EQ(ordered.size(), 1u);
    EXPECT_EQ(ordered[0], &again);
}

TEST(HistorySeries, StepOfExactCounts) {
    std::vector<pace::Run> runs;
    for (int i = 0; i < 8; ++i) {
        runs.push_back(run_at(std::string(1, static_cast<char>('a' + i)), i ? std::string(1, static_cast<char>('a' + i - 1)) : "",
                              "2026-01-0" + std::to_string(i + 1), i < 5 ? 3000 : 4000));
    }
    std::vector<const pace::Run*> pointers;
    for (const pace::Run& r : runs) pointers.push_back(&r);
    const auto ordered = order_by_commit(pointers);
    const auto series = history_series(ordered, "instructions");
    ASSERT_EQ(series.size(), 1u);
    ASSERT_EQ(series[0].fit.steps.size(), 1u);
    EXPECT_EQ(ordered[series[0].points[series[0].fit.steps[0].index].position]->commit.id, "f");
    const std::string text = render_history(ordered, series, "instructions");
    EXPECT_NE(text.find("work  ▁▁▁▁▁███  3,000 → 4,000  latest +0.0% at h"), std::string::npos) << text;
    EXPECT_NE(text.find("step at f: 3,000 → 4,000, +33.3%, confidence 100.0%"), std::string::npos) << text;
}

}  // namespace
}  // namespace pace::history
