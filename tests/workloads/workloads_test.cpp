// SPDX-License-Identifier: Apache-2.0
// `pace workloads` end to end: the five standard workloads as an ordinary pace
// run (result file, --processes, pace compare of two runs).
#include <gtest/gtest.h>

#include <iostream>  // std::cerr: the output of a run that missed a target
#include <map>     // results by id
#include <string>  // commands

#include <nlohmann/json.hpp>  // reading the result files

#include "run_command.hpp"

namespace pace::testing {
namespace {

const std::string pace = PACE_BIN;
const std::string quick = " --max-time 0.05 --min-rounds 3 --warmup=0";
const char* const ids[] = {"workloads/cpu", "workloads/mixed", "workloads/memory", "workloads/tiny",
                           "workloads/variable"};

std::map<std::string, nlohmann::json> timed_results(const TempDir& dir, const std::string& name) {
    std::map<std::string, nlohmann::json> by_id;
    const nlohmann::json run = nlohmann::json::parse(dir.read(name));
    for (const auto& b : run["benchmarks"]) by_id[b["fullname"]] = b;
    return by_id;
}

// A target missed on a loaded machine is exit 1; anything else is not a run.
void expect_ran(const CommandResult& r) {
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.exit_code << "\n" << r.out << r.err;
}

TEST(Workloads, FiveWorkloadsEachWithStatsAndItsSpec) {
    TempDir dir;
    CommandResult r = run_command(quote(pace) + " workloads" + quick + " --json out.json", dir.path(), {"PACE_NO_CHECKS=1"});
    expect_ran(r);
    auto results = timed_results(dir, "out.json");
    ASSERT_EQ(results.size(), 5u) << dir.read("out.json");
    for (const char* id : ids) {
        ASSERT_EQ(results.count(id), 1u) << id;
        const auto& b = results[id];
        EXPECT_GT(b["stats"]["median"].get<double>(), 0) << id;
        EXPECT_GE(b["stats"]["rounds"].get<int>(), 3) << id;
        EXPECT_EQ(b["group"], "workloads") << id;
        EXPECT_EQ(b["targets"].size(), 1u) << id;  // the spec's maximum time
        EXPECT_TRUE(b["extra_info"].contains("min_speedup")) << id;
        EXPECT_EQ(b["memory"]["allocations"], 0) << id;  // the data is built before the timing
    }
    EXPECT_NE(r.out.find("workloads/variable"), std::string::npos) << r.out;
}

TEST(Workloads, ProcessesStartPaceWorkloadsAgain) {
    TempDir dir;
    CommandResult r = run_command(quote(pace) + " workloads --processes 2 --filter 'cpu|tiny'" + quick +
                                      " --json two.json",
                                  dir.path(), {"PACE_NO_CHECKS=1"});
    expect_ran(r);
    EXPECT_NE(r.err.find("process 2 of 2"), std::string::npos) << r.err;
    auto results = timed_results(dir, "two.json");
    ASSERT_EQ(results.size(), 2u) << dir.read("two.json");
    for (const char* id : {"workloads/cpu", "workloads/tiny"}) {
        EXPECT_EQ(results[id]["options"]["processes"], 2) << id;
        EXPECT_EQ(results[id]["stats"]["process_samples"].size(), 2u) << results[id]["stats"].dump();
    }
}

TEST(Workloads, TwoRunsCompare) {
    TempDir dir;
    for (const char* name : {"a.json", "b.json"}) {
        CommandResult run = run_command(quote(pace) + " workloads" + quick + " --json " + name, dir.path(),
                                        {"PACE_NO_CHECKS=1"});
        expect_ran(run);
        if (run.exit_code == 0) EXPECT_EQ(timed_results(dir, name).size(), 5u) << run.out;
        else std::cerr << name << ": exit code " << run.exit_code << "\n" << run.out << run.err;
    }
    CommandResult r = run_command(quote(pace) + " compare a.json b.json", dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    for (const char* id : ids) EXPECT_NE(r.out.find(id), std::string::npos) << id << "\n" << r.out;
    EXPECT_NE(r.out.find("time (median)"), std::string::npos) << r.out;
}

TEST(Workloads, BadFlagIsAUsageError) {
    CommandResult r = run_command(quote(pace) + " workloads --max-tme 1");
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find("--max-tme"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("hint:"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace pace::testing
