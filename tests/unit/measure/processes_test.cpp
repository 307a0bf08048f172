// SPDX-License-Identifier: Apache-2.0
// Merging the Runs of a --processes run.
#include <gtest/gtest.h>

#include <cstdlib>  // setenv, getenv

#include "measure/processes.hpp"
#include "stats/descriptive.hpp"

namespace pace::measure {
namespace {

Result timed(const std::string& id, std::vector<double> samples, double cycles = 0) {
    Result r;
    r.name = r.id = id;
    r.time = stats::describe(std::move(samples), 10);
    r.memory = MemoryStats{100, 200, 3, 0, std::nullopt};
    if (cycles > 0) r.counters["cycles"] = cycles;
    r.targets.push_back({"p95 <= 1 s", true, "p95 was 4 s"});
    return r;
}

pace::Run run_of(std::vector<Result> results) {
    pace::Run run;
    run.machine.node = "here";
    run.results = std::move(results);
    return run;
}

TEST(ProcessResultPath, IsReadOnceAndHiddenFromChildren) {
    // The only reading of the variable in this test binary: the first call
    // takes it and removes it, so a program a benchmark starts (another pace
    // binary, say) does not write its run over this process's.
    ::setenv(process_result_variable, "/tmp/one-process.json", 1);
    EXPECT_EQ(process_result_path(), "/tmp/one-process.json");
    EXPECT_EQ(std::getenv(process_result_variable), nullptr);
    EXPECT_EQ(process_result_path(), "/tmp/one-process.json");
}

TEST(MergeProcessRuns, KeepsTheSamplesGroupedByProcess) {
    pace::Run merged = merge_process_runs({run_of({timed("a", {1, 2, 3}, 30), timed("b", {5}, 1)}),
                                     run_of({timed("a", {4, 5}, 10), timed("b", {6}, 2)}),
                                     run_of({timed("a", {9}, 20), timed("b", {7}, 3)})});
    ASSERT_EQ(merged.results.size(), 2u);
    EXPECT_EQ(merged.machine.node, "here");
    const Result& a = merged.results[0];
    EXPECT_EQ(a.status, Status::ok);
    EXPECT_EQ(a.time->samples, (std::vector<double>{1, 2, 3, 4, 5, 9}));
    EXPECT_EQ(a.time->process_samples, (std::vector<std::int64_t>{3, 2, 1}));
    EXPECT_EQ(*a.time->median, 3.5);  // over all six samples
    EXPECT_EQ(a.time->rounds, 6);
    EXPECT_EQ(a.time->iterations, 10);
    EXPECT_EQ(a.counters.at("cycles"), 20);  // the median of 30, 10, 20
    EXPECT_EQ(a.memory->peak, 100);
    EXPECT_EQ(a.options["processes"], 3);
    EXPECT_EQ(merged.results[1].time->process_samples, (std::vector<std::int64_t>{1, 1, 1}));
}

TEST(MergeProcessRuns, AFailureInAnyProcessFailsTheResult) {
    Result broken = timed("a", {4});
    broken.status = Status::failed;
    broken.message = "p95 <= 1 s missed: p95 was 4 s";
    broken.targets[0].passed = false;
    pace::Run merged = merge_process_runs({run_of({timed("a", {1}), timed("b", {1})}), run_of({broken, timed("b", {1})}),
                                     run_of({timed("a", {1})})});
    const Result& a = merged.results[0];
    EXPECT_EQ(a.status, Status::failed);
    EXPECT_EQ(a.message, "in process 2 of 3: p95 <= 1 s missed: p95 was 4 s");
    ASSERT_EQ(a.targets.size(), 1u);
    EXPECT_FALSE(a.targets[0].passed);
    // A process that has no result for an id (it stopped, or its selection differed).
    EXPECT_EQ(merged.results[1].status, Status::failed);
    EXPECT_EQ(merged.results[1].message, "process 3 of 3 has no result for it");
}

TEST(MergeProcessRuns, OneProcessIsItself) {
    pace::Run merged = merge_process_runs({run_of({timed("a", {1, 2, 3})})});
    EXPECT_TRUE(merged.results[0].time->process_samples.empty());
    EXPECT_EQ(merged.results[0].time->samples, (std::vector<double>{1, 2, 3}));
}

}  // namespace
}  // namespace pace::measure
