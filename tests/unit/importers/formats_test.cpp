// SPDX-License-Identifier: Apache-2.0
// Small hand-written inputs for what the real files do not show: detection
// from content, the bare NaN/Infinity tokens, CSV quoting, aggregates alone.
#include <gtest/gtest.h>

#include "importers/load.hpp"
#include "importers/validate.hpp"

namespace {

pace::Run load_ok(const std::string& text) {
    auto run = pace::load_run_from_text(text, "t.json");
    EXPECT_TRUE(run.ok()) << (run.ok() ? "" : run.error().describe());
    return run.ok() ? std::move(run).value() : pace::Run{};
}

pace::InputError load_error(const std::string& text, const std::string& label = "t.json") {
    auto run = pace::load_run_from_text(text, label);
    EXPECT_FALSE(run.ok());
    return run.ok() ? pace::InputError{} : run.error();
}

const char* gb_row(const char* extra) {
    static std::string s;
    s = std::string(R"({"context": {"date": "2024-01-02T03:04:05-02:00"}, "benchmarks": [)") + extra + "]}";
    return s.c_str();
}

TEST(ImportFormats, DetectedFromContentNotName) {
    EXPECT_EQ(*pace::detect_format(R"({"benchmarks": []})", "x.csv"), "pace/pytest-benchmark JSON");
    EXPECT_EQ(*pace::detect_format(R"({"context": {}, "benchmarks": []})", "x"), "Google Benchmark JSON");
    EXPECT_EQ(*pace::detect_format(R"({"results": []})", "x.json"), "hyperfine JSON");
    EXPECT_EQ(*pace::detect_format("Run on (2 X 1 MHz CPU s)\nname,iterations,real_time,cpu_time,time_unit\n", "x.json"),
              "Google Benchmark CSV");
    EXPECT_FALSE(pace::detect_format("hello, world\n", "x").ok());
}

TEST(ImportFormats, GoogleBenchmarkBareNonFiniteTokensAreMissing) {
    pace::Run run = load_ok(gb_row(R"(
        {"name": "BM_a/8", "run_name": "BM_a/8", "run_type": "iteration", "iterations": 10,
         "real_time": 5.0, "cpu_time": NaN, "time_unit": "us", "speed": Infinity, "drop": -Infinity, "x": -NaN})"));
    ASSERT_EQ(run.results.size(), 1u);
    const auto& r = run.results[0];
    EXPECT_DOUBLE_EQ(*r.time->mean, 5e-6);
    EXPECT_FALSE(r.counters.count("cpu_time"));
    EXPECT_FALSE(r.counters.count("speed"));
    EXPECT_FALSE(r.counters.count("drop"));
    EXPECT_EQ(run.datetime, "2024-01-02T05:04:05Z");
}

TEST(ImportFormats, NonFiniteTokenInsideAStringIsLeftAlone) {
    pace::Run run = load_ok(gb_row(R"({"name": "NaN Infinity", "real_time": 1, "time_unit": "s", "label": "-Infinity"})"));
    EXPECT_EQ(run.results.at(0).id, "NaN Infinity");
    EXPECT_EQ(run.results.at(0).extra_info.at("label"), "-Infinity");
}

TEST(ImportFormats, GoogleBenchmarkOnlyAggregates) {
    pace::Run run = load_ok(gb_row(R"(
        {"name": "BM_x_mean", "run_name": "BM_x", "run_type": "aggregate", "aggregate_name": "mean",
         "repetitions": 5, "iterations": 5, "real_time": 2.0, "cpu_time": 1.5, "time_unit": "ms", "items_per_second": 7},
        {"name": "BM_x_median", "run_name": "BM_x", "run_type": "aggregate", "aggregate_name": "median",
         "repetitions": 5, "iterations": 5, "real_time": 1.9, "cpu_time": 1.4, "time_unit": "ms"},
        {"name": "BM_x_stddev", "run_name": "BM_x", "run_type": "aggregate", "aggregate_name": "stddev",
         "repetitions": 5, "iterations": 5, "real_time": 0.1, "cpu_time": 0.1, "time_unit": "ms"},
        {"name": "BM_x_max", "run_name": "BM_x", "run_type": "aggregate", "aggregate_name": "max",
         "repetitions": 5, "iterations": 5, "real_time": 3.0, "cpu_time": 0.1, "time_unit": "ms"})"));
    ASSERT_EQ(run.results.size(), 1u);
    const auto& r = run.results[0];
    ASSERT_TRUE(r.time);
    EXPECT_TRUE(r.time->samples.empty());
    EXPECT_EQ(r.time->rounds, 5);
    EXPECT_DOUBLE_EQ(*r.time->mean, 2e-3);
    EXPECT_DOUBLE_EQ(*r.time->median, 1.9e-3);
    EXPECT_DOUBLE_EQ(*r.time->stddev, 0.1e-3);
    EXPECT_DOUBLE_EQ(r.counters.at("cpu_time"), 1.5e-3);
    EXPECT_DOUBLE_EQ(r.counters.at("items_per_second"), 7);
    EXPECT_DOUBLE_EQ(r.extra_info.at("aggregates").at("max").get<double>(), 3e-3);
}

TEST(ImportFormats, GoogleBenchmarkSkippedRow) {
    pace::Run run = load_ok(gb_row(R"({"name": "BM_s", "run_type": "iteration", "skipped": true,
                                       "skip_message": "no GPU", "iterations": 0, "real_time": 0, "time_unit": "ns"})"));
    EXPECT_EQ(run.results.at(0).status, pace::Status::skipped);
    EXPECT_EQ(run.results.at(0).message, "no GPU");
}

TEST(ImportFormats, GoogleBenchmarkNegativeTimeNamesThePath) {
    auto e = load_error(gb_row(R"({"name": "a", "real_time": 1, "time_unit": "ns"},
                                  {"name": "b", "real_time": -3, "time_unit": "ns"})"));
    EXPECT_EQ(e.file, "t.json");
    EXPECT_EQ(e.where, "$.benchmarks[1].real_time");
}

TEST(ImportFormats, GoogleBenchmarkUnknownTimeUnit) {
    auto e = load_error(gb_row(R"({"name": "a", "real_time": 1, "time_unit": "fortnights"})"));
    EXPECT_EQ(e.where, "$.benchmarks[0].time_unit");
}

TEST(ImportFormats, GoogleBenchmarkCsvQuotingErrorsAndCounters) {
    std::string csv =
        "2024-05-06T07:08:09+00:00\n"
        "Running ./bench\n"
        "name,iterations,real_time,cpu_time,time_unit,bytes_per_second,items_per_second,label,error_occurred,"
        "error_message,\"Size\"\r\n"
        "\"BM_q/\"\"x,y\"\"\",100,1.5e+03,1.4e+03,ns,,2e+06,\"lbl\",,,42\r\n"
        "\"BM_q/\"\"x,y\"\"\",100,1.7e+03,1.6e+03,ns,,2e+06,\"lbl\",,,42\r\n"
        "\"BM_err\",,,,,,,,true,\"it broke, badly\"\r\n";
    pace::Run run = load_ok(csv);
    EXPECT_EQ(run.datetime, "2024-05-06T07:08:09Z");
    ASSERT_EQ(run.results.size(), 2u);
    const auto& q = run.results[0];
    EXPECT_EQ(q.id, "BM_q/\"x,y\"");
    ASSERT_EQ(q.time->samples.size(), 2u);
    EXPECT_DOUBLE_EQ(*q.time->mean, 1.6e-6);
    EXPECT_DOUBLE_EQ(q.counters.at("Size"), 42);
    EXPECT_DOUBLE_EQ(q.counters.at("items_per_second"), 2e6);
    EXPECT_EQ(q.extra_info.at("label"), "lbl");
    EXPECT_EQ(run.results[1].status, pace::Status::failed);
    EXPECT_EQ(run.results[1].message, "it broke, badly");
}

TEST(ImportFormats, GoogleBenchmarkCsvAggregatesBySuffix) {
    std::string csv =
        "name,iterations,real_time,cpu_time,time_unit,bytes_per_second,items_per_second,label,error_occurred,"
        "error_message\n"
        "\"BM_a\",10,2,2,us,,,,,\n\"BM_a\",10,4,4,us,,,,,\n"
        "\"BM_a_mean\",2,3,3,us,,,,,\n\"BM_a_median\",2,3,3,us,,,,,\n\"BM_a_stddev\",2,1.41421,1.41421,us,,,,,\n"
        // GB's CSV writer prints cv (0.471405) times the unit's 1e6, over the 2 repetitions.
        "\"BM_a_cv\",2,235702,235702,us,,,,,\n"
        "\"BM_lonely_mean\",1,7,7,us,,,,,\n";
    pace::Run run = load_ok(csv);
    ASSERT_EQ(run.results.size(), 2u);
    EXPECT_EQ(run.results[0].id, "BM_a");
    EXPECT_EQ(run.results[0].time->samples.size(), 2u);
    EXPECT_DOUBLE_EQ(*run.results[0].time->stddev, 1.41421e-6);
    EXPECT_DOUBLE_EQ(run.results[0].counters.at("cv"), 0.471404);
    // A "_mean" with no sibling is a benchmark's own name.
    EXPECT_EQ(run.results[1].id, "BM_lonely_mean");
}

TEST(ImportFormats, GoogleBenchmarkCsvBadNumberNamesTheLine) {
    std::string csv = "x\nname,iterations,real_time,cpu_time,time_unit\n\"a\",1,1,1,ns\n\"b\",1,fast,1,ns\n";
    auto e = load_error(csv, "gb.csv");
    EXPECT_EQ(e.file, "gb.csv");
    EXPECT_EQ(e.where, "line 4");
    EXPECT_NE(e.message.find("real_time"), std::string::npos) << e.message;
}

TEST(ImportFormats, HyperfineAggregatesWithoutTimes) {
    pace::Run run = load_ok(R"({"results": [{"command": "x", "mean": 0.5, "stddev": null, "median": 0.5,
                                              "min": 0.5, "max": 0.5, "user": 0.1, "system": 0.2}]})");
    const auto& r = run.results.at(0);
    EXPECT_DOUBLE_EQ(*r.time->mean, 0.5);
    EXPECT_FALSE(r.time->stddev);
    EXPECT_DOUBLE_EQ(r.counters.at("system_time"), 0.2);
}

TEST(ImportFormats, HyperfineParameterNotFoundKeepsTheCommand) {
    pace::Run run = load_ok(R"({"results": [
        {"command": "sleep 0.1", "times": [0.1], "parameters": {"t": "0.1"}},
        {"command": "sleep 1 1", "times": [1.0], "parameters": {"t": "1"}}]})");
    EXPECT_EQ(run.results.at(0).id, "sleep {t}[t=0.1]");
    EXPECT_EQ(run.results.at(1).id, "sleep 1 1[t=1]");  // the value is there twice: no guessing
}

TEST(ImportFormats, HyperfineNegativeTimeNamesThePath) {
    auto e = load_error(R"({"results": [{"command": "x", "times": [0.1, -0.2], "mean": 0.1}]})");
    EXPECT_EQ(e.where, "$.results[0].times[1]");
}

TEST(ImportFormats, DuplicateIdsAreAnErrorNamingTheId) {
    auto e = load_error(R"({"results": [{"command": "x", "times": [0.1]}, {"command": "x", "times": [0.2]}]})");
    EXPECT_EQ(e.where, "$.results[1]");
    EXPECT_NE(e.message.find("duplicate id \"x\""), std::string::npos) << e.message;
    auto p = load_error(R"({"benchmarks": [{"name": "t", "stats": {"mean": 1}}, {"name": "t", "stats": {"mean": 2}}]})");
    EXPECT_EQ(p.where, "$.benchmarks[1]");
    EXPECT_NE(p.message.find("duplicate id \"t\""), std::string::npos);
}

TEST(ImportFormats, PytestNaNInExtraInfoIsKeptAsText) {
    pace::Run run = load_ok(R"({"benchmarks": [{"name": "t", "stats": {"mean": 1}, "extra_info": {"ratio": NaN}}]})");
    EXPECT_EQ(run.results.at(0).extra_info.at("ratio"), "NaN");
}

TEST(ImportFormats, ByteOrderMarkIsSkipped) {
    pace::Run run = load_ok("\xEF\xBB\xBF{\"results\": [{\"command\": \"x\", \"times\": [0.5]}]}");
    EXPECT_EQ(run.results.at(0).id, "x");
}

TEST(ImportFormats, ValidateRunCatchesBadTimesFromAnyProducer) {
    pace::Run run;
    pace::Result r;
    r.id = "a";
    r.time = pace::TimeStats{};
    r.time->mean = 1.0;
    r.time->samples = {1.0, std::nan("")};
    run.results.push_back(r);
    std::vector<std::string> origins = {"line 7"};
    auto e = pace::validate_run(run, "f", origins);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->where, "line 7");
    EXPECT_NE(e->message.find("sample 1 is NaN"), std::string::npos);
    run.results[0].time->samples = {1.0};
    run.results[0].time->min = -1.0;
    e = pace::validate_run(run, "f", origins);
    ASSERT_TRUE(e);
    EXPECT_NE(e->message.find("min is negative"), std::string::npos);
}

}  // namespace
