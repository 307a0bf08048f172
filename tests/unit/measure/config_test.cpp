// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <cstdlib>     // mkdtemp
#include <filesystem>  // temp directories
#include <fstream>     // writing pace.toml

#include "parse_options.hpp"  // parse
#include "measure/run_options.hpp"
#include "model/metrics.hpp"  // set_counter_directions, and higher_is_worse through run.hpp

namespace pace::measure {
namespace {

namespace fs = std::filesystem;

class ConfigTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "pace-config-XXXXXX").string();
        dir_ = mkdtemp(pattern.data());
    }
    void TearDown() override { fs::remove_all(dir_); }
    std::string write(const std::string& relative, const std::string& text) {
        fs::path p = fs::path(dir_) / relative;
        fs::create_directories(p.parent_path());
        std::ofstream(p) << text;
        return p.string();
    }
    std::string dir_;
};

TEST_F(ConfigTest, FoundUpward) {
    std::string path = write("pace.toml", "[run]\nmin_rounds = 3\n");
    fs::create_directories(fs::path(dir_) / "a" / "b");
    EXPECT_EQ(find_config((fs::path(dir_) / "a" / "b").string()), path);
}

TEST_F(ConfigTest, AppliesRunAndCompareTables) {
    std::string path = write("pace.toml", R"([run]
min_rounds = 7
max_time = 0.25
warmup = 3
precision = "2%"
columns = ["min", "median"]
sort = "median"
memory = false

[compare]
fail = ["mean:20%", "peak:5MiB"]
)");
    RunOptions o;
    ASSERT_FALSE(apply_config(path, o).has_value());
    EXPECT_EQ(o.engine.min_rounds, 7);
    EXPECT_DOUBLE_EQ(o.engine.max_time_s, 0.25);
    EXPECT_EQ(o.engine.warmup_rounds, 3);
    EXPECT_DOUBLE_EQ(*o.engine.precision, 0.02);
    EXPECT_EQ(o.columns, (std::vector<std::string>{"min", "median"}));
    EXPECT_EQ(o.sort, "median");
    EXPECT_FALSE(o.memory);
    EXPECT_EQ(o.compare_fail, (std::vector<std::string>{"mean:20%", "peak:5MiB"}));
}

TEST_F(ConfigTest, ErrorsNameFileLineAndKey) {
    RunOptions o;
    auto e = apply_config(write("pace.toml", "[run]\nmin_rounds = \"many\"\n"), o);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->where, "line 2: run.min_rounds");
    EXPECT_NE(e->file.find("pace.toml"), std::string::npos);

    e = apply_config(write("pace.toml", "[run]\nmin_round = 3\n"), o);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->message, "unknown key");

    e = apply_config(write("pace.toml", "[run\nmin_rounds = 3\n"), o);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->where, "line 1");
}

// [counters.NAME] better = ...: read by the binary (apply_config) and by
// pace compare (read_counter_directions), and what higher_is_worse() says
// once installed.
TEST_F(ConfigTest, CounterDirections) {
    const std::string path = write("pace.toml", R"([counters."swaps/s"]
better = "lower"

[counters.hit_ratio]
better = "higher"
)");
    RunOptions o;
    ASSERT_FALSE(apply_config(path, o).has_value());
    EXPECT_EQ(o.counter_directions.size(), 2u);
    EXPECT_FALSE(o.counter_directions.at("swaps/s"));
    EXPECT_TRUE(o.counter_directions.at("hit_ratio"));
    auto read = read_counter_directions(path);
    ASSERT_TRUE(read.ok());
    EXPECT_EQ(*read, o.counter_directions);

    EXPECT_FALSE(pace::higher_is_worse("swaps/s"));  // a rate by its name, until set
    EXPECT_TRUE(pace::higher_is_worse("hit_ratio"));
    pace::set_counter_directions(o.counter_directions);
    EXPECT_TRUE(pace::higher_is_worse("swaps/s"));
    EXPECT_FALSE(pace::higher_is_worse("hit_ratio"));
    EXPECT_TRUE(pace::higher_is_worse("mean"));
    pace::set_counter_directions({});
    EXPECT_FALSE(pace::higher_is_worse("swaps/s"));

    auto e = apply_config(write("pace.toml", "[counters.peak]\nbetter = \"lower\"\n"), o);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->where, "line 1: counters.peak");
    e = apply_config(write("pace.toml", "[counters]\nframes = \"higher\"\n"), o);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->where, "line 2: counters.frames");
    EXPECT_EQ(e->hint, "write [counters.\"frames\"] better = \"higher\"");
    auto bad = read_counter_directions(write("pace.toml", "[counters.frames]\nbetter = 1\n"));
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().where, "line 2: counters.frames.better");
}

TEST(Precision, Parsing) {
    EXPECT_DOUBLE_EQ(*parse_precision("1%", "x"), 0.01);
    EXPECT_DOUBLE_EQ(*parse_precision("0.005", "x"), 0.005);
    for (const char* bad : {"", "%", "abc", "-1%", "0", "150%", "1%%"}) EXPECT_FALSE(parse_precision(bad, "x").ok()) << bad;
}

TEST(RunOptions, BadNumbersNameTheFlagWithoutCli11Ranges) {
    for (std::string bad : {"-1", "0", "abc", "1e999", "nan", ""}) {
        auto o = parse({"--max-time", bad});
        ASSERT_FALSE(o) << bad;
        EXPECT_EQ(o.error().file, "--max-time");
        EXPECT_EQ(o.error().message, "expected a number of seconds > 0, found \"" + bad + "\"");
        EXPECT_FALSE(o.error().hint.empty());
    }
    for (std::string bad : {"0", "-3", "1.5", "x"}) {
        auto o = parse({"--min-rounds", bad});
        ASSERT_FALSE(o) << bad;
        EXPECT_EQ(o.error().message, "expected a whole number >= 1, found \"" + bad + "\"");
        EXPECT_FALSE(o.error().hint.empty());
    }
    auto ok = parse({"--max-time", "0.25", "--min-rounds", "7"});
    ASSERT_TRUE(ok) << ok.error().describe();
    EXPECT_DOUBLE_EQ(ok->engine.max_time_s, 0.25);
    EXPECT_EQ(ok->engine.min_rounds, 7);
}

TEST(RunOptions, WarmupBareOrCounted) {
    auto bare = parse({"--warmup"});
    ASSERT_TRUE(bare) << bare.error().describe();
    EXPECT_FALSE(bare->engine.warmup_rounds);
    EXPECT_DOUBLE_EQ(bare->engine.warmup_time_s, 0.1);
    auto before_another = parse({"--warmup", "--max-time", "2"});
    ASSERT_TRUE(before_another) << before_another.error().describe();
    EXPECT_DOUBLE_EQ(before_another->engine.max_time_s, 2);
    auto counted = parse({"--warmup=3"});
    ASSERT_TRUE(counted);
    EXPECT_EQ(counted->engine.warmup_rounds, 3);
    auto bad = parse({"--warmup=-1"});
    ASSERT_FALSE(bad);
    EXPECT_FALSE(bad.error().hint.empty());
}

TEST(RunOptions, EmptySaveNameIsAnError) {
    auto o = parse({"--save", ""});
    ASSERT_FALSE(o);
    EXPECT_EQ(o.error().file, "--save");
    EXPECT_NE(o.error().hint.find("--autosave"), std::string::npos);
}

TEST_F(ConfigTest, ValuesAreCheckedWhereTheyAreWritten) {
    struct Case {
        std::string toml, where, message;
    };
    for (const Case& c : std::vector<Case>{
             {"[run]\nsort = \"nonsense\"\n", "line 2: run.sort", "nonsense"},
             {"[run]\n\ntags = \"cpu and\"\n", "line 3: run.tags", "bad tag expression"},
             {"[run]\nfilter = \"(\"\n", "line 2: run.filter", "regular expression"},
             {"[compare]\nagainst = \"main\"\nbogus = 1\n", "line 3: compare.bogus", "unknown key"},
         }) {
        RunOptions o;
        auto e = apply_config(write("pace.toml", c.toml), o);
        ASSERT_TRUE(e) << c.toml;
        EXPECT_NE(e->file.find("pace.toml"), std::string::npos) << c.toml;
        EXPECT_EQ(e->where, c.where) << c.toml;
        EXPECT_NE(e->message.find(c.message), std::string::npos) << e->message;
    }
    RunOptions o;
    ASSERT_FALSE(apply_config(write("pace.toml", "[run]\ncolumns = [\"min\", \"bogus\"]\n"), o));
    ASSERT_TRUE(o.columns_source);  // the table checks the names, and reports them at this line
    EXPECT_EQ(o.columns_source->where, "line 2: run.columns");
}

TEST_F(ConfigTest, ConfigErrorsCarryAHint) {
    std::string path = write("pace.toml", "[run]\nmin_rounds = 0\n");
    RunOptions o;
    auto e = apply_config(path, o);
    ASSERT_TRUE(e);
    EXPECT_FALSE(e->hint.empty());
}

}  // namespace
}  // namespace pace::measure
