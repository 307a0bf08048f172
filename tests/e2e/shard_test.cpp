// SPDX-License-Identifier: Apache-2.0
// --shard I/N on the example suite and pace merge of the parts: every selected
// benchmark runs in exactly one part for N = 1..8, the merged run holds the
// same ids as an unsharded run (as pace compare sees them), and parts that do
// not fit together are refused.
#include <gtest/gtest.h>

#include <map>     // ids by part
#include <set>     // the union of the parts
#include <sstream> // reading pace compare's CSV
#include <string>  // std::string
#include <vector>  // std::vector

#include <nlohmann/json.hpp>  // reading the result files

#include "run_command.hpp"

namespace pace::testing {
namespace {

const std::string example_suite = PACE_EXAMPLE_SUITE;
const std::string pace_cli = PACE_CLI;

// Quick settings: the tests check which benchmarks run, not how fast.
const std::string quick = " --max-time 0.01 --min-rounds 3 --warmup=0 --no-memory";

// Exit 1 is a missed target: with so few rounds, sort/std's complexity fit
// can miss its bound. The run is written all the same.
bool ran(const CommandResult& r) { return r.exit_code == 0 || r.exit_code == 1; }

std::vector<std::string> ids_in(const nlohmann::json& doc) {
    std::vector<std::string> ids;
    // Timed results are in benchmarks, --test's in pace.unmeasured.
    for (const nlohmann::json* results : {&doc["benchmarks"], &doc["pace"]["unmeasured"]})
        for (const auto& b : *results) ids.push_back(b["fullname"].get<std::string>());
    return ids;
}

std::set<std::string> listed(const std::string& args, const std::string& dir) {
    auto r = run_command(quote(example_suite) + " --list" + args, dir);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::set<std::string> ids;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) ids.insert(line.substr(0, line.find("  [")));
    return ids;
}

// The ids pace compare shows, from its CSV (the first column).
std::set<std::string> compared_ids(const std::string& base, const std::string& cand, const TempDir& dir) {
    auto r = run_command(quote(pace_cli) + " compare " + quote(base) + " " + quote(cand) + " --csv compare.csv",
                         dir.path());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::set<std::string> ids;
    std::istringstream in(dir.read("compare.csv"));
    std::string line;
    std::getline(in, line);  // the header
    while (std::getline(in, line)) {
        // The id is the first field; ids hold commas inside brackets, so it is quoted then.
        std::string id;
        if (!line.empty() && line[0] == '"') id = line.substr(1, line.find('"', 1) - 1);
        else id = line.substr(0, line.find(','));
        ids.insert(id);
    }
    return ids;
}

TEST(Shard, EveryBenchmarkInExactlyOnePartForOneToEightParts) {
    TempDir dir;
    const std::set<std::string> all = listed("", dir.path());
    ASSERT_GE(all.size(), 3u);
    for (std::size_t n = 1; n <= 8; ++n) {
        std::multiset<std::string> seen;
        std::string parts;
        for (std::size_t i = 1; i <= n; ++i) {
            const std::string shard = std::to_string(i) + "/" + std::to_string(n);
            const std::string file = "part" + std::to_string(i) + ".json";
            auto r = run_command(quote(example_suite) + " --test --shard " + shard + " --json " + file, dir.path());
            ASSERT_EQ(r.exit_code, 0) << shard << "\n" << r.err;
            auto doc = nlohmann::json::parse(dir.read(file));
            EXPECT_EQ(doc["pace"]["options"]["shard"], shard);
            EXPECT_EQ(doc["pace"]["options"]["selected"], all.size());
            EXPECT_EQ(doc["pace"]["options"]["shard_balance"], "count");  // nothing saved in this storage
            for (const std::string& id : ids_in(doc)) seen.insert(id);
            // --list with --shard lists the same part.
            const std::vector<std::string> ran = ids_in(doc);
            EXPECT_EQ(listed(" --shard " + shard, dir.path()), std::set<std::string>(ran.begin(), ran.end())) << shard;
            parts += " " + file;
        }
        EXPECT_EQ(seen.size(), all.size()) << n << " parts: an id ran twice or not at all";
        EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), all) << n << " parts";
        auto merged = run_command(quote(pace_cli) + " merge" + parts + " -o merged.json", dir.path());
        ASSERT_EQ(merged.exit_code, 0) << merged.err;
        const auto merged_ids = ids_in(nlohmann::json::parse(dir.read("merged.json")));
        EXPECT_EQ(std::multiset<std::string>(merged_ids.begin(), merged_ids.end()),
                  std::multiset<std::string>(all.begin(), all.end()))
            << n << " parts";
    }
}

TEST(Shard, AMergedRunComparesAsAnUnshardedOne) {
    TempDir dir;
    auto whole = run_command(quote(example_suite) + quick + " --json whole.json", dir.path());
    ASSERT_TRUE(ran(whole)) << whole.err;
    // A storage with a saved run: the parts are balanced by its durations.
    auto saved = run_command(quote(example_suite) + quick + " --autosave", dir.path());
    ASSERT_TRUE(ran(saved)) << saved.err;
    std::string parts;
    for (std::size_t i = 1; i <= 3; ++i) {
        const std::string file = "part" + std::to_string(i) + ".json";
        auto r = run_command(quote(example_suite) + quick + " --shard " + std::to_string(i) + "/3 --json " + file,
                             dir.path());
        ASSERT_TRUE(ran(r)) << r.err;
        auto doc = nlohmann::json::parse(dir.read(file));
        EXPECT_NE(doc["pace"]["options"]["shard_balance"].get<std::string>().find("0001_"), std::string::npos)
            << doc["pace"]["options"].dump();
        parts += " " + file;
    }
    auto merged = run_command(quote(pace_cli) + " merge" + parts + " -o merged.json", dir.path());
    ASSERT_EQ(merged.exit_code, 0) << merged.err;
    EXPECT_NE(merged.out.find("merged 3 parts of 3"), std::string::npos) << merged.out;
    auto doc = nlohmann::json::parse(dir.read("merged.json"));
    EXPECT_FALSE(doc["pace"]["options"].contains("shard"));
    EXPECT_EQ(doc["pace"]["options"]["merged_shards"], nlohmann::json({"1/3", "2/3", "3/3"}));

    const auto whole_ids = ids_in(nlohmann::json::parse(dir.read("whole.json")));
    const std::set<std::string> expected(whole_ids.begin(), whole_ids.end());
    EXPECT_EQ(compared_ids("whole.json", "merged.json", dir), expected);
    EXPECT_EQ(compared_ids("merged.json", "whole.json", dir), expected);
}

TEST(Shard, PartsThatDoNotFitTogetherAreRefused) {
    TempDir dir;
    for (const char* shard : {"1/2", "2/2"}) {
        auto r = run_command(quote(example_suite) + " --test --shard " + shard + " --json part" + shard[0] + ".json",
                             dir.path());
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    auto other = run_command(quote(example_suite) + " --test --filter sort --shard 2/2 --json filtered2.json",
                             dir.path());
    ASSERT_EQ(other.exit_code, 0) << other.err;
    auto differs = run_command(quote(pace_cli) + " merge part1.json filtered2.json -o m.json", dir.path());
    EXPECT_EQ(differs.exit_code, 2);
    EXPECT_NE(differs.err.find("pace: error: the parts differ in option filter: part1.json has \"\", filtered2.json has sort"),
              std::string::npos)
        << differs.err;
    EXPECT_NE(differs.err.find("\nhint: "), std::string::npos);

    auto partial = run_command(quote(pace_cli) + " merge part2.json -o m.json", dir.path());
    EXPECT_EQ(partial.exit_code, 2);
    EXPECT_NE(partial.err.find("missing shard 1/2"), std::string::npos) << partial.err;
    auto allowed = run_command(quote(pace_cli) + " merge part2.json -o m.json --allow-partial", dir.path());
    EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
    EXPECT_NE(allowed.err.find("pace: warning: missing shard 1/2"), std::string::npos) << allowed.err;

    auto twice = run_command(quote(pace_cli) + " merge part1.json part1.json part2.json -o m.json", dir.path());
    EXPECT_EQ(twice.exit_code, 2);
    EXPECT_NE(twice.err.find("shard 1/2 is given twice"), std::string::npos) << twice.err;
}

TEST(Shard, BadShardIsAUsageError) {
    TempDir dir;
    for (const char* bad : {"0/4", "5/4", "2", "a/b", "1/0"}) {
        auto r = run_command(quote(example_suite) + " --shard " + bad, dir.path());
        EXPECT_EQ(r.exit_code, 2) << bad;
        EXPECT_NE(r.err.find("pace: error: --shard: bad shard \"" + std::string(bad) + "\""), std::string::npos)
            << r.err;
        EXPECT_NE(r.err.find("\nhint: "), std::string::npos) << r.err;
        EXPECT_EQ(r.out, "");
    }
}

}  // namespace
}  // namespace pace::testing
