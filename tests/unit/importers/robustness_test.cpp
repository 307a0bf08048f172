// SPDX-License-Identifier: Apache-2.0
// Broken and hostile input: each gives an InputError naming the file (and the
// JSON path or line where there is one), quickly and in bounded memory.
#include <chrono>      // a loose bound on the time each rejection takes
#include <cstdio>      // std::FILE for writing big files without a copy in memory
#include <filesystem>  // a private temporary directory
#include <fstream>     // std::ofstream
#include <random>      // std::mt19937_64 for reproducible random bytes

#include <gtest/gtest.h>

#include "importers/load.hpp"

namespace {

namespace fs = std::filesystem;

class ImportRobustness : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("pace-importers-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string write(const std::string& name, const std::string& content) {
        std::string path = (dir_ / name).string();
        std::ofstream(path, std::ios::binary) << content;
        return path;
    }

    // Loads `path`, expects an error, and checks that it names the file.
    pace::InputError expect_error(const std::string& path) {
        auto start = std::chrono::steady_clock::now();
        auto run = pace::load_run(path);
        auto elapsed = std::chrono::steady_clock::now() - start;
        EXPECT_LT(elapsed, std::chrono::seconds(10)) << path;
        EXPECT_FALSE(run.ok()) << path;
        if (run.ok()) return {};
        EXPECT_EQ(run.error().file, path);
        EXPECT_FALSE(run.error().message.empty());
        return run.error();
    }

    fs::path dir_;
};

TEST_F(ImportRobustness, EmptyFile) {
    auto e = expect_error(write("empty.json", ""));
    EXPECT_EQ(e.message, "the file is empty");
    EXPECT_EQ(expect_error(write("blank.json", "  \n\t\n")).message, "the file is empty");
}

TEST_F(ImportRobustness, TruncatedJson) {
    auto e = expect_error(write("cut.json", "{\n  \"benchmarks\": [\n    {\"name\": \"a\", \"stats\": {\"mean\": 0.1"));
    EXPECT_EQ(e.where, "line 3, column 40");
    EXPECT_NE(e.message.find("invalid JSON"), std::string::npos) << e.message;
    EXPECT_NE(e.hint.find("truncated"), std::string::npos);
}

TEST_F(ImportRobustness, NumberTooLargeForADouble) {
    // Found by fuzzing: the JSON library reports this with another exception type.
    auto e = expect_error(write("big.json", R"({"results": [{"command": "x", "times": [1e999]}]})"));
    EXPECT_NE(e.message.find("number overflow"), std::string::npos) << e.message;
    // Placed like every other read error: where the number starts.
    EXPECT_EQ(e.where, "line 1, column 41");
    // The same in a Google Benchmark file, read element by element, after a
    // bare NaN the reader quotes before parsing: the column is the file's own.
    e = expect_error(write("gb.json", R"({"context": {}, "benchmarks": [{"name": "BM_a", "real_time": NaN, "cpu_time": 1e999}]})"));
    EXPECT_EQ(e.where, "line 1, column 79") << e.message;
    e = expect_error(write("lines.json", "{\n \"benchmarks\": [\n  {\"name\": \"a\",\n   \"stats\": {\"mean\": 1e999999}}]}"));
    EXPECT_EQ(e.where, "line 4, column 22") << e.message;
}

TEST_F(ImportRobustness, CountsTooLargeFor64Bits) {
    // Found by fuzzing: casting such a double to an integer was undefined behaviour.
    auto e = expect_error(write("rounds.json", R"({"benchmarks": [{"name": "a", "stats": {"mean": 1, "rounds": 1e300}}]})"));
    EXPECT_EQ(e.where, "$.benchmarks[0].stats.rounds");
    e = expect_error(write("mem.json", R"({"benchmarks": [{"name": "a", "stats": {"mean": 1},
        "extra_info": {"benchmem": {"peak_bytes": [1e300]}}}]})"));
    EXPECT_EQ(e.where, "$.benchmarks[0].extra_info.benchmem.peak_bytes");
    e = expect_error(write("version.json", R"({"pace": {"format_version": 1e300}, "benchmarks": []})"));
    EXPECT_EQ(e.where, "$.pace.format_version");
    e = expect_error(write("hf.json", R"({"results": [{"command": "x", "times": [1], "memory_usage_byte": [1e300]}]})"));
    EXPECT_EQ(e.where, "$.results[0].memory_usage_byte[0]");
}

TEST_F(ImportRobustness, ArrayInsteadOfObject) {
    auto e = expect_error(write("array.json", R"([{"benchmarks": []}])"));
    EXPECT_EQ(e.where, "$");
    EXPECT_EQ(e.message, "expected an object, found an array");
}

TEST_F(ImportRobustness, WrongTypesNameTheJsonPath) {
    auto e = expect_error(write("pytest.json", R"({"benchmarks": [{"name": "a", "stats": {"mean": "fast"}}]})"));
    EXPECT_EQ(e.where, "$.benchmarks[0].stats.mean");
    EXPECT_EQ(e.message, "expected a number, found \"fast\"");
    e = expect_error(write("gb.json", R"({"context": {}, "benchmarks": [{"name": "a", "iterations": [1]}]})"));
    EXPECT_EQ(e.where, "$.benchmarks[0].iterations");
    e = expect_error(write("gb2.json", R"({"context": [], "benchmarks": []})"));
    EXPECT_EQ(e.where, "$.context");
    e = expect_error(write("hf.json", R"({"results": [{"command": 3, "times": [1]}]})"));
    EXPECT_EQ(e.where, "$.results[0].command");
    e = expect_error(write("hf2.json", R"({"results": {"x": 1}})"));
    EXPECT_EQ(e.where, "$.results");
    e = expect_error(write("num.json", "42"));
    EXPECT_EQ(e.where, "$");
}

TEST_F(ImportRobustness, NanOrNegativeTimesInPytestStats) {
    auto e = expect_error(write("nan.json", R"({"benchmarks": [{"name": "a", "stats": {"mean": NaN}}]})"));
    EXPECT_EQ(e.where, "$.benchmarks[0].stats.mean");
    EXPECT_NE(e.message.find("NaN"), std::string::npos);
    EXPECT_FALSE(e.hint.empty());
    e = expect_error(write("neg.json", R"({"benchmarks": [{"name": "a", "stats": {"mean": 1, "min": -0.5}}]})"));
    EXPECT_EQ(e.where, "$.benchmarks[0].stats.min");
    e = expect_error(
        write("data.json", R"({"benchmarks": [{"name": "a", "stats": {"mean": 1, "data": [1, 2, -Infinity]}}]})"));
    EXPECT_EQ(e.where, "$.benchmarks[0].stats.data[2]");
}

TEST_F(ImportRobustness, DuplicateIds) {
    auto e = expect_error(write("dup.json", R"({"benchmarks": [
        {"name": "t[1]", "fullname": "m::t[1]", "stats": {"mean": 1}},
        {"name": "t[2]", "fullname": "m::t[2]", "stats": {"mean": 1}},
        {"name": "t[1]", "fullname": "m::t[1]", "stats": {"mean": 2}}]})"));
    EXPECT_EQ(e.where, "$.benchmarks[2]");
    EXPECT_EQ(e.message, "duplicate id \"m::t[1]\" (first at $.benchmarks[0])");
}

TEST_F(ImportRobustness, Directory) {
    auto e = expect_error(dir_.string());
    EXPECT_EQ(e.message, "a directory, not a result file");
}

TEST_F(ImportRobustness, MissingFile) {
    auto e = expect_error((dir_ / "nope.json").string());
    EXPECT_EQ(e.message, "no such file");
    EXPECT_FALSE(e.hint.empty());
}

TEST_F(ImportRobustness, BinaryFile) {
    std::string png = "\x89PNG\r\n\x1a\n";
    png += std::string("\0\0\0\rIHDR\0\0\0\x10", 12);
    auto e = expect_error(write("image.png", png));
    EXPECT_NE(e.message.find("binary"), std::string::npos) << e.message;
    // Control bytes in a file that starts like JSON are not echoed raw.
    e = expect_error(write("junk.json", std::string("{\"a\": \x01\x02}")));
    EXPECT_EQ(e.message.find('\x01'), std::string::npos);
}

TEST_F(ImportRobustness, HundredMegabytesOfRandomBytes) {
    std::string path = (dir_ / "random.bin").string();
    {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        ASSERT_NE(f, nullptr);
        std::mt19937_64 gen(42);
        std::vector<std::uint64_t> block(1 << 17);  // 1 MiB
        for (int mib = 0; mib < 100; ++mib) {
            for (auto& x : block) x = gen();
            std::fwrite(block.data(), sizeof(std::uint64_t), block.size(), f);
        }
        std::fclose(f);
    }
    auto e = expect_error(path);
    EXPECT_NE(e.message.find("binary"), std::string::npos) << e.message;
    // Random bytes with every NUL replaced still are no result file.
    std::string text(1 << 20, ' ');
    std::mt19937 gen(7);
    for (char& c : text) c = static_cast<char>(1 + gen() % 255);
    text[0] = '{';
    auto run = pace::load_run_from_text(text, "noise");
    ASSERT_FALSE(run.ok());
    EXPECT_EQ(run.error().file, "noise");
}

TEST_F(ImportRobustness, NestingOneHundredThousandDeep) {
    std::string deep = "{\"benchmarks\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
    auto e = expect_error(write("deep.json", deep));
    EXPECT_NE(e.message.find("nesting deeper than"), std::string::npos) << e.message;
    EXPECT_EQ(e.where, "line 1, column 271");  // the 257th level
    std::string objects;
    for (int i = 0; i < 100000; ++i) objects += "{\"a\":";
    EXPECT_NE(expect_error(write("deep2.json", objects)).message.find("nesting"), std::string::npos);
}

TEST_F(ImportRobustness, ObjectWithTooManyKeys) {
    std::string wide = "{\"benchmarks\": [], \"extra\": {";
    for (int i = 0; i < 200000; ++i) wide += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":1";
    wide += "}}";
    auto e = expect_error(write("wide.json", wide));
    EXPECT_NE(e.message.find("members"), std::string::npos) << e.message;
}

TEST_F(ImportRobustness, NotAResultFile) {
    auto e = expect_error(write("other.json", R"({"name": "package.json", "version": "1.0"})"));
    EXPECT_NE(e.message.find("not a result file"), std::string::npos);
    EXPECT_FALSE(e.hint.empty());
    e = expect_error(write("text.txt", "just some words\n"));
    EXPECT_NE(e.message.find("not a result file"), std::string::npos);
}

// A valid run of about 20 MB loads, and in reasonable time. (The 100 MB case is
// checked by hand; see docs/importers.md.)
TEST_F(ImportRobustness, TwentyMegabyteRunLoads) {
    std::string path = (dir_ / "big.json").string();
    const int benchmarks = 2000, samples = 500;
    {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        ASSERT_NE(f, nullptr);
        std::fputs("{\"machine_info\": {}, \"commit_info\": {}, \"datetime\": \"2024-01-01T00:00:00Z\", "
                   "\"version\": \"5.1.0\", \"benchmarks\": [\n",
                   f);
        for (int b = 0; b < benchmarks; ++b) {
            std::fprintf(f, "%s{\"group\": null, \"name\": \"test_%d\", \"fullname\": \"t.py::test_%d\", "
                            "\"params\": null, \"extra_info\": {}, \"options\": {}, \"stats\": {\"mean\": 0.00123456789, "
                            "\"rounds\": %d, \"iterations\": 1, \"data\": [",
                         b ? ",\n" : "", b, b, samples);
            for (int s = 0; s < samples; ++s) std::fprintf(f, "%s%.17g", s ? ", " : "", 0.001 + s * 1e-9 + b * 1e-12);
            std::fputs("]}}", f);
        }
        std::fputs("]}\n", f);
        std::fclose(f);
    }
    EXPECT_GT(fs::file_size(path), 18u << 20);
    auto start = std::chrono::steady_clock::now();
    auto run = pace::load_run(path);
    auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_TRUE(run.ok()) << run.error().describe();
    EXPECT_EQ(run->results.size(), static_cast<std::size_t>(benchmarks));
    EXPECT_EQ(run->results.back().time->samples.size(), static_cast<std::size_t>(samples));
    EXPECT_LT(elapsed, std::chrono::seconds(60));
}

}  // namespace
