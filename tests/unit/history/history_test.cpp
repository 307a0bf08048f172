// SPDX-License-Identifier: Apache-2.0
// The history part without git: bisection's probes, --every's choice, commit
// order from parents and times, and the series a run list makes.
#include <gtest/gtest.h>

#include <chrono>      // std::chrono::hours: an old file time
#include <cstdlib>     // mkdtemp
#include <filesystem>  // overlay_folder's folders
#include <fstream>     // std::ofstream, std::ifstream
#include <iterator>    // std::istreambuf_iterator
#include <optional>  // std::optional
#include <string>    // std::string
#include <vector>    // std::vector

#include "history/driver.hpp"
#include "history/series.hpp"

namespace pace::history {
namespace {

// Build output as GCC, Clang, ninja and make print it: the files a failed
// build blames, among today's benchmark sources.
TEST(SourcesBlamed, ErrorLinesNameTheFilesProgressLinesDoNot) {
    const std::vector<std::string> sources = {"bench/since5.cpp", "bench/today.cpp", "bench/common.hpp",
                                              "bench/inc.cpp", "bench/ninja.cc", "bench/make.cpp"};
    const std::string log =
        "[1/4] Building CXX object CMakeFiles/tiny_bench.dir/bench/today.cpp.o\n"
        "[2/4] Building CXX object CMakeFiles/tiny_bench.dir/bench/since5.cpp.o\n"
        "/tmp/wt/bench/since5.cpp:2:10: fatal error: api5.hpp: No such file or directory\n"
        "In file included from /tmp/wt/bench/inc.cpp:3:\n"
        "/tmp/wt/bench/common.hpp:4:1: error: 'since5' was not declared in this scope\n"
        "FAILED: CMakeFiles/tiny_bench.dir/bench/ninja.cc.o\n"
        "make[2]: *** [CMakeFiles/tiny_bench.dir/bench/make.cpp.o] Error 1\n"
        "/tmp/wt/mybench/today.cpp:1:1: error: not ours, another folder\n";
    EXPECT_EQ(sources_blamed(log, sources),
              (std::vector<std::string>{"bench/inc.cpp", "bench/make.cpp", "bench/ninja.cc", "bench/since5.cpp"}));
    // The commit's own failure blames none of them.
    EXPECT_TRUE(sources_blamed("[1/3] Building CXX object CMakeFiles/tiny.dir/lib.cpp.o\n"
                               "/tmp/wt/lib.cpp:7:5: error: expected primary-expression\n"
                               "[2/3] Building CXX object CMakeFiles/tiny_bench.dir/bench/today.cpp.o\n",
                               sources)
                    .empty());
}

TEST(OverlayFolder, CopiesTodaysFilesOverTheCommitsAndKeepsTheRest) {
    namespace fs = std::filesystem;
    std::string pattern = (fs::temp_directory_path() / "pace-overlay-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    const fs::path root = pattern;
    fs::create_directories(root / "today" / "sub");
    fs::create_directories(root / "commit");
    std::ofstream(root / "today" / "a.cpp") << "today's a";
    std::ofstream(root / "today" / "sub" / "b.cpp") << "today's b";
    std::ofstream(root / "commit" / "a.cpp") << "the commit's a";
    std::ofstream(root / "commit" / "old.cpp") << "only the commit has it";
    auto copied = overlay_folder((root / "today").string(), (root / "commit").string());
    ASSERT_TRUE(copied.ok());
    EXPECT_EQ(*copied, (std::vector<std::string>{"a.cpp", "sub/b.cpp"}));
    auto text = [](const fs::path& p) {
        std::ifstream in(p);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    EXPECT_EQ(text(root / "commit" / "a.cpp"), "today's a");
    EXPECT_EQ(text(root / "commit" / "sub" / "b.cpp"), "today's b");
    EXPECT_EQ(text(root / "commit" / "old.cpp"), "only the commit has it");
    // An unchanged file is not rewritten: an incremental build skips it.
    const auto before = fs::last_write_time(root / "commit" / "a.cpp");
    fs::last_write_time(root / "commit" / "a.cpp", before - std::chrono::hours(1));
    ASSERT_TRUE(overlay_folder((root / "today").string(), (root / "commit").string()).ok());
    EXPECT_EQ(fs::last_write_time(root / "commit" / "a.cpp"), before - std::chrono::hours(1));
    EXPECT_FALSE(overlay_folder((root / "nowhere").string(), (root / "commit").string()).ok());
    fs::remove_all(root);
}

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

// The values a long history keeps per run make the same series as the runs.
TEST(HistorySeries, FromValuesAsFromRuns) {
    std::vector<pace::Run> runs;
    for (int i = 0; i < 8; ++i) {
        runs.push_back(run_at(std::string(1, static_cast<char>('a' + i)), i ? std::string(1, static_cast<char>('a' + i - 1)) : "",
                              "2026-01-0" + std::to_string(i + 1), i < 5 ? 3000 : 4000));
    }
    std::vector<const pace::Run*> pointers;
    for (const pace::Run& r : runs) pointers.push_back(&r);
    const auto ordered = order_by_commit(pointers);
    const std::vector<std::string> ids = {"work"};
    std::vector<std::vector<RunValue>> values;
    for (const pace::Run* run : ordered)
        values.push_back({{0, *pace::metric(run->results.at(0), "instructions"), 0}});
    std::vector<const std::vector<RunValue>*> ordered_values;
    for (const auto& v : values) ordered_values.push_back(&v);
    const auto from_values = history_series(ordered_values, ids);
    const auto from_runs = history_series(ordered, "instructions");
    ASSERT_EQ(from_values.size(), 1u);
    EXPECT_EQ(from_values[0].id, "work");
    ASSERT_EQ(from_values[0].points.size(), from_runs[0].points.size());
    for (std::size_t p = 0; p < from_runs[0].points.size(); ++p) {
        EXPECT_EQ(from_values[0].points[p].position, from_runs[0].points[p].position);
        EXPECT_EQ(from_values[0].points[p].value, from_runs[0].points[p].value);
    }
    ASSERT_EQ(from_values[0].fit.steps.size(), 1u);
    EXPECT_EQ(from_values[0].fit.steps[0].index, from_runs[0].fit.steps[0].index);
    EXPECT_EQ(render_history(ordered, from_values, "instructions"), render_history(ordered, from_runs, "instructions"));
}

}  // namespace
}  // namespace pace::history
