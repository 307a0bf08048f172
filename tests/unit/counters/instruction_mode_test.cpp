// SPDX-License-Identifier: Apache-2.0
// Instruction mode end to end: benchmark binaries run with --mode
// instructions (pace starts valgrind) and under a hand-written valgrind
// command, their JSON read back.
#include <gtest/gtest.h>

#include <filesystem>  // listing the dumps
#include <map>         // id -> instructions
#include <optional>    // the test directory, made once the test is not skipped
#include <string>      // std::string
#include <vector>      // environment entries

#include <nlohmann/json.hpp>  // the result file

#include "run_command.hpp"  // run_command, quote, TempDir, why_no_instruction_mode

namespace {

namespace fs = std::filesystem;
using pace::testing::CommandResult;
using pace::testing::quote;
using pace::testing::why_no_instruction_mode;

const std::string workloads = PACE_WORKLOADS;
const std::string example_suite = PACE_EXAMPLE_SUITE;

// A private directory per test, removed afterwards.
class InstructionMode : public ::testing::Test {
protected:
    void SetUp() override {
        // AddressSanitizer's shadow memory and valgrind's cannot share one process.
        if (auto why = why_no_instruction_mode(); !why.empty()) GTEST_SKIP() << why;
        dir_.emplace();
    }

    // Runs `command` (a shell command line) in the test directory.
    CommandResult run(const std::string& command, const std::vector<std::string>& env = {}) {
        return pace::testing::run_command(command, dir_->path(), env);
    }

    // Instructions per call by benchmark id, from a --json file.
    std::map<std::string, double> counts(const std::string& json_name) {
        auto run = nlohmann::json::parse(dir_->read(json_name));
        EXPECT_EQ(run["pace"]["mode"], "instructions");
        std::map<std::string, double> out;
        // Results without times are under pace.unmeasured, so pytest-benchmark still reads the file.
        EXPECT_TRUE(run["benchmarks"].empty());
        for (const auto& b : run["pace"]["unmeasured"]) {
            EXPECT_EQ(b["status"], "ok") << b.dump();
            if (b.contains("counters") && b["counters"].contains("instructions"))
                out[b["fullname"]] = b["counters"]["instructions"].get<double>();
        }
        return out;
    }

    std::optional<pace::testing::TempDir> dir_;
};

TEST_F(InstructionMode, ExampleSuiteCountsAreIdenticalAcrossThreeRuns) {
    if (example_suite.empty()) GTEST_SKIP() << "examples are not built";
    std::map<std::string, double> first;
    std::string last_table;
    for (int i = 0; i < 3; ++i) {
        std::string json = "run" + std::to_string(i) + ".json";
        CommandResult o = run(quote(example_suite) + " --mode instructions --json " + json);
        ASSERT_EQ(o.exit_code, 0) << o.err;
        last_table = o.out;
        auto c = counts(json);
        ASSERT_EQ(c.size(), 11u);
        if (i == 0)
            first = c;
        else
            EXPECT_EQ(c, first) << "run " << i << " differs";
    }
    for (const auto& [id, instructions] : first) EXPECT_GT(instructions, 0) << id;
    EXPECT_NE(last_table.find("Instructions"), std::string::npos);  // the table's column
}

TEST_F(InstructionMode, HalfAPercentMoreWorkShowsAsHalfAPercent) {
    CommandResult o = run(quote(workloads) + " --mode instructions --filter 'counters/steps' --json steps.json");
    ASSERT_EQ(o.exit_code, 0) << o.err;
    auto c = counts("steps.json");
    double base = c.at("counters/steps[steps=1000]"), more = c.at("counters/steps[steps=1005]");
    double change_percent = (more / base - 1) * 100;
    EXPECT_NEAR(change_percent, 0.5, 0.05) << base << " -> " << more;
}

TEST_F(InstructionMode, SetupAndTeardownAreNotCounted) {
    CommandResult o = run(quote(workloads) +
                    " --mode instructions --filter 'call_alone|after_setup|pedantic_setup' --json isolation.json");
    ASSERT_EQ(o.exit_code, 0) << o.err;
    auto c = counts("isolation.json");
    double alone = c.at("counters/call_alone[steps=100]");
    EXPECT_GT(alone, 100);   // a hundred steps of several instructions each
    EXPECT_LT(alone, 2000);  // and nothing of a million-element vector
    EXPECT_EQ(c.at("counters/after_setup[steps=100]"), alone);
    EXPECT_NEAR(c.at("counters/pedantic_setup[steps=100]"), alone, 4);
}

// A CI system that wraps the binary in its own valgrind gets the numbers pace
// gets when it starts valgrind itself; also when the wrapper forgot
// --instr-atstart=no, and with the dumps in callgrind's default place.
// `setarch -R` turns off address randomisation, as pace does for its child.
TEST_F(InstructionMode, HandWrittenValgrindGivesTheSameCounts) {
    const std::string filter = " --mode instructions --filter 'counters/' --json ";
    CommandResult own = run(quote(workloads) + filter + "own.json");
    ASSERT_EQ(own.exit_code, 0) << own.err;
    CommandResult wrapped =
        run("setarch -R valgrind -q --tool=callgrind --instr-atstart=no " + quote(workloads) + filter + "wrapped.json");
    ASSERT_EQ(wrapped.exit_code, 0) << wrapped.err;
    CommandResult forgot = run("setarch -R valgrind -q --tool=callgrind " + quote(workloads) + filter + "forgot.json");
    ASSERT_EQ(forgot.exit_code, 0) << forgot.err;
    auto expected = counts("own.json");
    EXPECT_EQ(expected.size(), 5u);
    EXPECT_EQ(counts("wrapped.json"), expected);
    EXPECT_EQ(counts("forgot.json"), expected);
    // Pace removes its per-section dumps; callgrind's final dump per run stays.
    int dumps = 0;
    for (const auto& entry : fs::directory_iterator(dir_->path()))
        dumps += entry.path().filename().string().rfind("callgrind.out.", 0) == 0;
    EXPECT_EQ(dumps, 2);
}

TEST_F(InstructionMode, ValgrindWithAnotherToolFailsTheBenchmarksWithAReason) {
    CommandResult o = run("valgrind -q --tool=none " + quote(workloads) +
                    " --mode instructions --filter 'call_alone' --json none.json");
    EXPECT_EQ(o.exit_code, 1);
    auto run_json = nlohmann::json::parse(dir_->read("none.json"));
    // A failed result has no figures, so the file lists it under pace.unmeasured.
    EXPECT_TRUE(run_json["benchmarks"].empty());
    const auto& b = run_json["pace"]["unmeasured"][0];
    EXPECT_EQ(b["status"], "failed");
    EXPECT_NE(b["message"].dump().find("callgrind"), std::string::npos) << b.dump();
}

TEST_F(InstructionMode, MissingValgrindIsAUsageErrorNamingThePackage) {
    fs::create_directories(dir_->file("empty"));
    CommandResult o = run(quote(workloads) + " --mode instructions", {"PATH=" + dir_->file("empty")});
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.err.find("valgrind is not installed"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("Debian package `valgrind`"), std::string::npos) << o.err;
    EXPECT_EQ(o.out, "");

    CommandResult chosen = run(quote(workloads) + " --mode instructions", {"PACE_VALGRIND=/nonexistent/valgrind"});
    EXPECT_EQ(chosen.exit_code, 2);
    EXPECT_NE(chosen.err.find("PACE_VALGRIND"), std::string::npos) << chosen.err;
}

}  // namespace
