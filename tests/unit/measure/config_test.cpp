// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <cstdlib>     // mkdtemp
#include <filesystem>  // temp directories
#include <fstream>     // writing pace.toml

#include "measure/run_options.hpp"

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

TEST(Precision, Parsing) {
    EXPECT_DOUBLE_EQ(*parse_precision("1%", "x"), 0.01);
    EXPECT_DOUBLE_EQ(*parse_precision("0.005", "x"), 0.005);
    for (const char* bad : {"", "%", "abc", "-1%", "0", "150%", "1%%"}) EXPECT_FALSE(parse_precision(bad, "x").ok()) << bad;
}

}  // namespace
}  // namespace pace::measure
