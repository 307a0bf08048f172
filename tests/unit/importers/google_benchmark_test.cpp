// SPDX-License-Identifier: Apache-2.0
// Google Benchmark 1.7.1's own output (tests/cli/data/gb/, written by
// generate.sh from suite.cpp against Debian's libbenchmark-dev): what the
// importer makes of its names, aggregates and counters.
#include <filesystem>  // the fixture folder's files
#include <fstream>     // reading a file whole
#include <sstream>     // std::ostringstream

#include <gtest/gtest.h>

#include "importers/google_benchmark.hpp"  // both JSON readers
#include "importers/json_text.hpp"         // parse_json_text: the document the general reader takes
#include "importers/load.hpp"
#include "model/json_format.hpp"           // to_json: runs compared whole
#include "model/run.hpp"

namespace {

std::string gb_data(const std::string& file) { return std::string(PACE_SOURCE_DIR) + "/tests/cli/data/gb/" + file; }

pace::Run load_ok(const std::string& file) {
    auto run = pace::load_run(gb_data(file));
    EXPECT_TRUE(run.ok()) << (run.ok() ? "" : run.error().describe());
    return run.ok() ? std::move(run).value() : pace::Run{};
}

const pace::Result& get(const pace::Run& run, const std::string& id) {
    const pace::Result* r = run.find(id);
    EXPECT_NE(r, nullptr) << "no result " << id;
    static const pace::Result none;
    return r ? *r : none;
}

// The CSV writer prints cv as if it were a time (times the unit's multiplier,
// over the repetitions); it must read as the same fraction as stddev / mean.
TEST(GoogleBenchmark171, CsvCoefficientOfVariationIsAFraction) {
    for (const char* file : {"base.csv", "base.json"}) {
        pace::Run run = load_ok(file);
        const pace::Result& r = get(run, "BM_sum/8/repeats:3");
        ASSERT_TRUE(r.time && r.time->mean && r.time->stddev) << file;
        ASSERT_TRUE(r.counters.count("cv")) << file;
        EXPECT_NEAR(r.counters.at("cv"), *r.time->stddev / *r.time->mean, 1e-4) << file;
        EXPECT_LT(r.counters.at("cv"), 1.0) << file;
    }
}

// Options in a name (min_time, repeats, real_time, threads) are not dims.
TEST(GoogleBenchmark171, NameOptionsAreNotDims) {
    for (const char* file : {"base.json", "base.csv"}) {
        pace::Run run = load_ok(file);
        const pace::Result& sum = get(run, "BM_sum/min_time:0.010/real_time/threads:2");
        EXPECT_EQ(sum.name, "BM_sum") << file;
        EXPECT_TRUE(sum.dims.empty()) << file;
        EXPECT_EQ(sum.options.value("time_type", ""), "real_time") << file;
        EXPECT_DOUBLE_EQ(sum.options.value("min_time", 0.0), 0.01) << file;
        EXPECT_EQ(sum.options.value("threads", 0), 2) << file;

        const pace::Result& repeated = get(run, "BM_sum/8/repeats:3");
        EXPECT_EQ(repeated.name, "BM_sum") << file;
        ASSERT_EQ(repeated.dims.size(), 1u) << file;
        EXPECT_EQ(repeated.dims[0].name, "arg0");
        EXPECT_EQ(repeated.dims[0].value, pace::DimValue(std::int64_t{8}));
        EXPECT_EQ(repeated.options.value("repeats", 0), 3) << file;

        const pace::Result& sort = get(run, "BM_sort/4096");
        ASSERT_EQ(sort.dims.size(), 1u) << file;
        EXPECT_EQ(sort.dims[0].value, pace::DimValue(std::int64_t{4096}));
    }
}

// cpu_time is kept in seconds and is a time (threshold_test checks its units in a spec).
TEST(GoogleBenchmark171, CpuTimeIsATime) {
    pace::Run run = load_ok("base.json");
    const pace::Result& r = get(run, "BM_sort/32768");
    ASSERT_TRUE(r.counters.count("cpu_time"));
    EXPECT_NEAR(r.counters.at("cpu_time"), 1.4996004444444445e-3, 1e-12);  // 1.4996e6 ns in the file
    EXPECT_EQ(pace::metric_kind("cpu_time"), pace::MetricKind::time);
    EXPECT_TRUE(pace::higher_is_worse("cpu_time"));
    // hyperfine's user and system times, as the importer names them.
    EXPECT_EQ(pace::metric_kind("user_time"), pace::MetricKind::time);
    EXPECT_EQ(pace::metric_kind("system_time"), pace::MetricKind::time);
}

// A rate counter (kIsRate, written as "swaps/s") is better when it rises.
TEST(GoogleBenchmark171, RateCountersAreBetterHigher) {
    pace::Run run = load_ok("base.json");
    EXPECT_TRUE(get(run, "BM_sort/512").counters.count("swaps/s"));
    EXPECT_EQ(pace::metric_kind("swaps/s"), pace::MetricKind::rate);
    EXPECT_FALSE(pace::higher_is_worse("swaps/s"));
    EXPECT_FALSE(pace::higher_is_worse("items_per_second"));
    EXPECT_TRUE(pace::higher_is_worse("elements"));  // a plain counter: more is worse, as before
}

// A run that died in BM_parse with its stderr merged into the CSV (`2>&1`):
// the abort message is kept as the run's console output, not read as ids.
TEST(GoogleBenchmark171, AbortMessageInCsvIsNotABenchmark) {
    pace::Run run = load_ok("aborted.csv");
    std::vector<std::string> ids;
    for (const pace::Result& r : run.results) ids.push_back(r.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"BM_sort/512", "BM_sort/32768", "BM_sort/4096"}));
    const pace::Json& messages = run.machine.raw.at("console_messages");
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[0], "line 15: terminate called after throwing an instance of 'std::runtime_error'");
    EXPECT_EQ(messages[1], "line 16:   what():  input.txt: unexpected end of file");
}

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The row-by-row reader (for large files) makes the same run as the reader
// of a whole document, on every Google Benchmark JSON file here.
TEST(GoogleBenchmark171, StreamingReaderMatchesTheDocumentReader) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(std::string(PACE_FIXTURES_DIR) + "/google-benchmark"))
        if (e.path().extension() == ".json") files.push_back(e.path());
    files.push_back(gb_data("base.json"));
    files.push_back(gb_data("cand.json"));
    std::size_t streamed = 0;
    for (const auto& path : files) {
        std::string text = read_text(path);
        auto document = pace::parse_json_text(text, path.string());
        ASSERT_TRUE(document.ok()) << path;
        std::vector<std::string> origins_whole, origins_rows;
        auto whole = pace::google_benchmark_from_json(*document, path.string(), &origins_whole);
        auto rows = pace::google_benchmark_from_json_text(text, path.string(), &origins_rows);
        if (!rows) continue;  // its context does not come first: the general reader takes it
        ++streamed;
        ASSERT_TRUE(whole.ok() && rows->ok()) << path;
        EXPECT_EQ(pace::to_json(*whole), pace::to_json(**rows)) << path;
        EXPECT_EQ(origins_whole, origins_rows) << path;
    }
    EXPECT_GE(streamed, 3u);
}

// Rows are made into results group by group; repetitions interleaved
// (--benchmark_enable_random_interleaving) bring a group back, and rows
// without run_type need every name: both are read with all rows kept, and
// give what the document reader gives.
TEST(GoogleBenchmark171, InterleavedOrUntypedRowsMatchTheDocumentReader) {
    auto row = [](const std::string& name, const std::string& run_type, double time) {
        std::string r = "{\"name\": \"" + name + "\", ";
        if (!run_type.empty()) {
            std::string run_name = name.substr(0, name.find('_', 3));
            r += "\"run_name\": \"" + run_name + "\", \"run_type\": \"" + run_type + "\", ";
            if (run_type == "aggregate") r += "\"aggregate_name\": \"mean\", ";
        }
        return r + "\"iterations\": 10, \"real_time\": " + std::to_string(time) + ", \"time_unit\": \"ns\"}";
    };
    const std::string interleaved =
        R"({"context": {}, "benchmarks": [)" + row("BM_a/1", "iteration", 10) + "," + row("BM_b/1", "iteration", 20) +
        "," + row("BM_a/1", "iteration", 12) + "," + row("BM_b/1", "iteration", 22) + "," +
        row("BM_a/1_mean", "aggregate", 11) + "," + row("BM_b/1_mean", "aggregate", 21) + "]}";
    const std::string untyped = R"({"context": {}, "benchmarks": [)" + row("BM_a/1", "", 10) + "," +
                                row("BM_a/1", "", 12) + "," + row("BM_a/1_mean", "", 11) + "]}";
    for (const std::string& text : {interleaved, untyped}) {
        auto document = pace::parse_json_text(text, "t.json");
        ASSERT_TRUE(document.ok());
        std::vector<std::string> origins_whole, origins_rows;
        auto whole = pace::google_benchmark_from_json(*document, "t.json", &origins_whole);
        auto rows = pace::google_benchmark_from_json_text(text, "t.json", &origins_rows);
        ASSERT_TRUE(rows.has_value());
        ASSERT_TRUE(whole.ok() && rows->ok());
        EXPECT_EQ(pace::to_json(*whole), pace::to_json(**rows)) << text;
        EXPECT_EQ(origins_whole, origins_rows);
    }
    // Interleaved: one result per benchmark, with both repetitions as samples.
    auto rows = pace::google_benchmark_from_json_text(interleaved, "t.json");
    ASSERT_TRUE(rows && rows->ok());
    ASSERT_EQ((*rows)->results.size(), 2u);
    EXPECT_EQ((*rows)->results[0].id, "BM_a/1");
    ASSERT_TRUE((*rows)->results[0].time);
    EXPECT_EQ((*rows)->results[0].time->samples.size(), 2u);
}

// A bad row is reported with its place, as by the document reader.
TEST(GoogleBenchmark171, StreamingReaderNamesTheBadRow) {
    std::string text = R"({"context": {}, "benchmarks": [{"name": "a", "real_time": 1, "time_unit": "ns"},
                           {"name": "b", "real_time": -1, "time_unit": "ns"}]})";
    auto rows = pace::google_benchmark_from_json_text(text, "t.json");
    ASSERT_TRUE(rows.has_value());
    ASSERT_FALSE(rows->ok());
    EXPECT_EQ(rows->error().where, "$.benchmarks[1].real_time");
    auto broken = pace::google_benchmark_from_json_text(R"({"context": {}, "benchmarks": [{"name": )", "t.json");
    ASSERT_TRUE(broken.has_value());
    ASSERT_FALSE(broken->ok());
    EXPECT_NE(broken->error().message.find("invalid JSON"), std::string::npos);
}

}  // namespace
