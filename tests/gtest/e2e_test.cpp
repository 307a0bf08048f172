// SPDX-License-Identifier: Apache-2.0
// A GoogleTest binary linked with pace_gtest_benchmarks(): run plainly it is
// GoogleTest's; with --pace each test is a benchmark, with the statuses,
// messages and times the result file must show.
#include <gtest/gtest.h>

#include <map>     // results by id
#include <string>  // commands

#include <nlohmann/json.hpp>  // reading the result file

#include "run_command.hpp"

namespace pace::testing {
namespace {

const std::string suite = PACE_GTEST_SUITE;
const std::string quick = " --max-time 0.05 --min-rounds 3 --warmup=0";

// The results of a run file by id: timed ones in "benchmarks", the others
// (failed, skipped, instruction counts) in "pace.unmeasured".
std::map<std::string, nlohmann::json> results_of(const TempDir& dir, const std::string& name) {
    std::map<std::string, nlohmann::json> by_id;
    const nlohmann::json run = nlohmann::json::parse(dir.read(name));
    for (const auto& b : run["benchmarks"]) by_id[b["fullname"]] = b;
    for (const auto& b : run["pace"].value("unmeasured", nlohmann::json::array())) by_id[b["fullname"]] = b;
    return by_id;
}

TEST(GtestAsTests, APlainRunIsGoogleTests) {
    CommandResult r = run_command(quote(suite));
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;  // Arithmetic.Fails
    EXPECT_NE(r.out.find("[  FAILED  ] Arithmetic.Fails"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("[  SKIPPED ] Arithmetic.Skips"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("[       OK ] SlowSetUp.SumsWhatSetUpMade"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("6 tests from 3 test suites ran"), std::string::npos) << r.out;
}

TEST(GtestAsTests, EachTestIsABenchmark) {
    TempDir dir;
    CommandResult r = run_command(quote(suite) + " --pace" + quick + " --json " + quote(dir.file("run.json")), dir.path(),
                                  {"PACE_NO_CHECKS=1"});
    ASSERT_EQ(r.exit_code, 1) << r.out << r.err;  // a failed test is a failed benchmark
    EXPECT_EQ(r.out.find("[ RUN      ]"), std::string::npos) << "GoogleTest's printer is silent:\n" << r.out;
    auto results = results_of(dir, "run.json");
    ASSERT_EQ(results.size(), 6u) << dir.read("run.json");
    for (const char* id : {"Arithmetic.Adds", "Arithmetic.Fails", "Arithmetic.Skips", "SlowSetUp.SumsWhatSetUpMade",
                           "Small/Sizes.FillsAndSums/0", "Small/Sizes.FillsAndSums/1"})
        EXPECT_EQ(results.count(id), 1u) << id;

    const auto& adds = results["Arithmetic.Adds"];
    EXPECT_EQ(adds["status"], "ok");
    EXPECT_GT(adds["stats"]["median"].get<double>(), 0);
    EXPECT_EQ(adds["memory"]["allocations"], 1);  // the vector of 64 ints
    EXPECT_EQ(adds["memory"]["peak"], 64 * 4);
    EXPECT_EQ(adds["group"], "Arithmetic");

    const auto& fails = results["Arithmetic.Fails"];
    EXPECT_EQ(fails["status"], "failed");
    const std::string message = fails["message"];
    EXPECT_NE(message.find("suite_test.cpp:"), std::string::npos) << message;
    EXPECT_NE(message.find("Expected equality of these values"), std::string::npos) << message;
    EXPECT_NE(message.find("arithmetic is not what it was"), std::string::npos) << message;
    EXPECT_FALSE(fails.contains("stats") && fails["stats"].is_object() && fails["stats"].contains("median"));

    const auto& skips = results["Arithmetic.Skips"];
    EXPECT_EQ(skips["status"], "skipped");
    EXPECT_EQ(skips["message"], "not on this machine");
    EXPECT_TRUE(!skips.contains("stats") || skips["stats"].is_null()) << skips.dump();

    // SetUp sleeps 20 ms and TearDown 10 ms around a body of microseconds:
    // neither is in the time.
    const auto& slow = results["SlowSetUp.SumsWhatSetUpMade"];
    EXPECT_EQ(slow["status"], "ok") << slow.value("message", "");
    EXPECT_LT(slow["stats"]["max"].get<double>(), 0.005) << slow["stats"].dump();
    EXPECT_EQ(slow["memory"]["allocations"], 0);  // the data is SetUp's

    // The parameter reaches the body: 10 and 10000 longs.
    EXPECT_EQ(results["Small/Sizes.FillsAndSums/0"]["memory"]["peak"], 10 * 8);
    EXPECT_EQ(results["Small/Sizes.FillsAndSums/1"]["memory"]["peak"], 10000 * 8);
    EXPECT_EQ(results["Small/Sizes.FillsAndSums/1"]["status"], "ok");
}

TEST(GtestAsTests, GtestFilterAndPaceSelectionBothWork) {
    CommandResult r = run_command(quote(suite) + " --pace --gtest_filter='Arithmetic.*:Small/*' --list");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Arithmetic.Adds  [Arithmetic]\n"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("SlowSetUp"), std::string::npos) << r.out;

    r = run_command(quote(suite) + " --pace --gtest_filter=-Arithmetic.Fails --tags Arithmetic --test");
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("ok      Arithmetic.Adds\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("Arithmetic.Skips"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("Fails"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("Sizes"), std::string::npos) << r.out;

    r = run_command(quote(suite) + " --pace --filter 'Sizes.*/1$' --list");
    EXPECT_NE(r.out.find("\nSmall/Sizes.FillsAndSums/1  [Small/Sizes]\n"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("/0"), std::string::npos) << r.out;

    r = run_command(quote(suite) + " --pace --filter NoSuchTest");
    EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
    EXPECT_NE(r.err.find("--filter \"NoSuchTest\""), std::string::npos) << r.err;
}

TEST(GtestAsTests, ProcessesRunTheTestsAgain) {
    TempDir dir;
    CommandResult r = run_command(quote(suite) + " --pace --gtest_filter='Arithmetic.Adds:SlowSetUp.*' --processes 2" +
                                      quick + " --json " + quote(dir.file("run.json")),
                                  dir.path(), {"PACE_NO_CHECKS=1"});
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    auto results = results_of(dir, "run.json");
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results["Arithmetic.Adds"]["options"]["processes"], 2);
    EXPECT_LT(results["SlowSetUp.SumsWhatSetUpMade"]["stats"]["max"].get<double>(), 0.005);
}

TEST(GtestAsTests, InstructionsOfOneRun) {
    if (auto why = why_no_instruction_mode(); !why.empty()) GTEST_SKIP() << why;
    TempDir dir;
    CommandResult r = run_command(quote(suite) + " --pace --gtest_filter='Small/*' --mode instructions --json " +
                                      quote(dir.file("run.json")),
                                  dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    auto results = results_of(dir, "run.json");
    ASSERT_EQ(results.size(), 2u) << dir.read("run.json");
    const double small = results["Small/Sizes.FillsAndSums/0"]["counters"]["instructions"];
    const double large = results["Small/Sizes.FillsAndSums/1"]["counters"]["instructions"];
    // Filling and summing 10000 longs costs far more than 10.
    EXPECT_GT(small, 0);
    EXPECT_GT(large, small + 10000) << small << " " << large;
}

}  // namespace
}  // namespace pace::testing
