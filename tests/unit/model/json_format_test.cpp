// SPDX-License-Identifier: Apache-2.0
#include <functional>  // std::function: one edit of a document per case

#include <gtest/gtest.h>

#include "model/json_format.hpp"
#include "stats/descriptive.hpp"

namespace pace {
namespace {

Run sample_run() {
    Run run;
    run.producer_version = "0.1.0";
    run.datetime = "2026-11-23T10:00:00.000000+00:00";
    run.machine.system = "Linux";
    run.machine.machine = "x86_64";
    run.machine.cpu_model = "Test CPU @ 2.00GHz";
    run.machine.cores = 2;
    run.machine.compiler = "gcc 12";
    run.machine.build_type = "release";
    run.commit.id = "abc123";
    run.commit.branch = "main";
    run.commit.dirty = true;
    Result r;
    r.name = "sort/std";
    r.dims = {{"n", DimValue(std::int64_t{1000})}, {"kind", DimValue(std::string("random"))},
              {"ratio", DimValue(0.5)}, {"fast", DimValue(true)}};
    r.id = make_id(r.name, r.dims);
    r.group = "sorting";
    r.tags = {"cpu", "sort"};
    r.time = stats::describe({3e-6, 1e-6, 2e-6, 4e-6, 5e-6, 2.5e-6}, 100);
    r.time->process_samples = {4, 2};
    r.precision = 0.012;
    r.memory = MemoryStats{4000, 4096, 2, 0, std::nullopt};
    r.counters["instructions"] = 12345;
    r.items_per_call = 1000;
    r.extra_info["elements"] = 1000;
    r.targets.push_back({"peak <= 8192 B", true, "peak was 4000 B"});
    r.targets.push_back({"allocations <= 1", false, "not checked: --no-memory skips the memory pass", false});
    run.results.push_back(r);
    Result failed;
    failed.name = failed.id = "broken";
    failed.status = Status::failed;
    failed.message = "check failed at x.cpp:3: a == b";
    run.results.push_back(failed);
    return run;
}

TEST(Id, NameAndDims) {
    std::vector<Dim> dims{{"n", DimValue(std::int64_t{1000})}, {"kind", DimValue(std::string("random"))}};
    EXPECT_EQ(make_id("sort/std", dims), "sort/std[n=1000,kind=random]");
    EXPECT_EQ(make_id("plain", {}), "plain");
}

TEST(JsonFormat, RoundTripKeepsEveryField) {
    pace::Run run = sample_run();
    Json doc = Json::parse(to_json_text(run));
    auto back = run_from_json(doc, "mem.json");
    ASSERT_TRUE(back.ok()) << back.error().describe();
    const pace::Run& b = *back;
    EXPECT_EQ(b.producer, "pace");
    EXPECT_EQ(b.datetime, run.datetime);
    EXPECT_EQ(b.machine.cpu_model, run.machine.cpu_model);
    EXPECT_EQ(b.machine.cores, 2);
    EXPECT_EQ(b.machine.id(), run.machine.id());
    EXPECT_EQ(b.commit.id, "abc123");
    EXPECT_EQ(b.commit.dirty, true);
    ASSERT_EQ(b.results.size(), 2u);
    const Result& r = b.results[0];
    const Result& o = run.results[0];
    EXPECT_EQ(r.id, "sort/std[n=1000,kind=random,ratio=0.5,fast=true]");
    EXPECT_EQ(r.name, "sort/std");
    EXPECT_EQ(r.group, "sorting");
    EXPECT_EQ(r.dims, o.dims);  // typed values survive
    EXPECT_EQ(r.tags, o.tags);
    EXPECT_EQ(r.time->samples, o.time->samples);
    EXPECT_EQ(r.time->process_samples, (std::vector<std::int64_t>{4, 2}));
    EXPECT_DOUBLE_EQ(*r.time->median, *o.time->median);
    EXPECT_DOUBLE_EQ(*r.time->p99, *o.time->p99);
    EXPECT_EQ(r.time->iterations, 100);
    EXPECT_EQ(*r.time->iqr_outliers, *o.time->iqr_outliers);
    EXPECT_DOUBLE_EQ(*r.precision, 0.012);
    EXPECT_EQ(r.memory->peak, 4000);
    EXPECT_EQ(r.memory->allocated, 4096);
    EXPECT_EQ(r.memory->allocations, 2);
    EXPECT_DOUBLE_EQ(r.counters.at("instructions"), 12345);
    EXPECT_DOUBLE_EQ(*r.items_per_call, 1000);
    EXPECT_EQ(r.extra_info["elements"], 1000);
    EXPECT_FALSE(r.extra_info.contains("benchmem"));  // read back into memory, not kept twice
    ASSERT_EQ(r.targets.size(), 2u);
    EXPECT_TRUE(r.targets[0].passed);
    EXPECT_TRUE(r.targets[0].checked);
    EXPECT_FALSE(r.targets[1].passed);
    EXPECT_FALSE(r.targets[1].checked);
    EXPECT_EQ(b.results[1].status, Status::failed);
    EXPECT_EQ(b.results[1].message, run.results[1].message);
    EXPECT_FALSE(b.results[1].time.has_value());
}

TEST(JsonFormat, ScalingFitsRoundTrip) {
    pace::Run run = sample_run();
    pace::ScalingFit f;
    f.id = "render";
    f.dim = "threads";
    f.cores = 2;
    f.serial_fraction = 0.21;
    f.amdahl_r_squared = 1;
    f.model = "amdahl";
    f.points = {{1, 0.01, 1.0, 1.0}, {2, 0.006, 1.6667, 1.65}, {8, std::nullopt, std::nullopt, 3.1}};
    run.scaling = {f};
    auto back = run_from_json(Json::parse(to_json_text(run)), "s.json");
    ASSERT_TRUE(back.ok()) << back.error().describe();
    ASSERT_EQ(back->scaling.size(), 1u);
    const pace::ScalingFit& b = back->scaling[0];
    EXPECT_EQ(b.id, "render");
    EXPECT_EQ(b.cores, 2);
    EXPECT_DOUBLE_EQ(b.serial_fraction, 0.21);
    EXPECT_FALSE(b.contention);
    ASSERT_EQ(b.points.size(), 3u);
    EXPECT_DOUBLE_EQ(*b.points[1].speedup, 1.6667);
    EXPECT_FALSE(b.points[2].median);
    EXPECT_DOUBLE_EQ(b.points[2].predicted, 3.1);
    Json doc = to_json(run);
    doc["pace"]["scaling"][0]["model"] = "gustafson";
    auto bad = run_from_json(doc, "s.json");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().describe().find("$.pace.scaling[0].model"), std::string::npos) << bad.error().describe();
}

TEST(JsonFormat, ComplexityFitsRoundTrip) {
    pace::Run run = sample_run();
    run.complexity = {{"sort/std[kind=random]", "n", "median", "O(N log N)", 3.5e-9, 2e-6, 0.99, "O(N)", 2.5, 3}};
    Json doc = to_json(run);
    ASSERT_EQ(doc["pace"]["complexity"].size(), 1u);
    EXPECT_EQ(doc["pace"]["complexity"][0]["model"], "O(N log N)");
    EXPECT_EQ(doc["pace"]["complexity"][0]["r2"], 0.99);
    auto back = run_from_json(Json::parse(to_json_text(run)), "c.json");
    ASSERT_TRUE(back.ok()) << back.error().describe();
    ASSERT_EQ(back->complexity.size(), 1u);
    const pace::ComplexityFit& f = back->complexity[0];
    EXPECT_EQ(f.id, "sort/std[kind=random]");
    EXPECT_EQ(f.dim, "n");
    EXPECT_EQ(f.metric, "median");
    EXPECT_DOUBLE_EQ(f.coefficient, 3.5e-9);
    EXPECT_DOUBLE_EQ(f.intercept, 2e-6);
    EXPECT_EQ(f.runner_up, "O(N)");
    EXPECT_DOUBLE_EQ(f.runner_up_ratio, 2.5);
    EXPECT_EQ(f.points, 3);
    // Without fits the key is left out.
    EXPECT_FALSE(to_json(sample_run())["pace"].contains("complexity"));
    // A fit without its model is an error at its path.
    doc["pace"]["complexity"][0].erase("model");
    auto bad = run_from_json(doc, "c.json");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().describe(), "c.json: $.pace.complexity[0]: missing required key \"model\"");
}

TEST(JsonFormat, WritesPytestBenchmarkAndBenchmemFields) {
    Json doc = to_json(sample_run());
    const Json& b = doc["benchmarks"][0];
    for (const char* key : {"group", "name", "fullname", "params", "param", "extra_info", "options", "stats"})
        EXPECT_TRUE(b.contains(key)) << key;
    EXPECT_EQ(b["param"], "1000-random-0.5-true");
    EXPECT_EQ(b["stats"]["outliers"].get<std::string>().find(';') != std::string::npos, true);
    EXPECT_EQ(b["extra_info"]["benchmem"]["peak_bytes"], Json::array({4000}));
    EXPECT_EQ(b["extra_info"]["benchmem"]["total_bytes"], Json::array({4096}));
    EXPECT_EQ(b["extra_info"]["benchmem"]["allocations"], Json::array({2}));
    EXPECT_EQ(doc["pace"]["format_version"], format_version);
    EXPECT_TRUE(doc.contains("machine_info"));
    EXPECT_TRUE(doc.contains("commit_info"));
}

TEST(JsonFormat, ErrorsNameThePath) {
    Json doc = to_json(sample_run());
    doc["benchmarks"][0]["stats"]["mean"] = "fast";
    auto r = run_from_json(doc, "base.json");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().describe(), "base.json: $.benchmarks[0].stats.mean: expected a number, found \"fast\"");

    doc = to_json(sample_run());
    doc["benchmarks"][0]["stats"]["data"][2] = -1.0;
    r = run_from_json(doc, "base.json");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().where, "$.benchmarks[0].stats.data[2]");

    r = run_from_json(Json::array(), "list.json");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().where, "$");

    doc = to_json(sample_run());
    doc.erase("benchmarks");
    r = run_from_json(doc, "x.json");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("benchmarks"), std::string::npos);

    doc = to_json(sample_run());
    doc["benchmarks"][0]["stats"]["process_samples"] = {2, 1};  // the result has 6 samples
    r = run_from_json(doc, "base.json");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().describe(),
              "base.json: $.benchmarks[0].stats.process_samples: the processes' sample counts add up to 3, but "
              "\"data\" holds 6 samples");
    doc["benchmarks"][0]["stats"]["process_samples"] = {4, 0};
    r = run_from_json(doc, "base.json");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().where, "$.benchmarks[0].stats.process_samples[1]");

    doc = to_json(sample_run());
    doc["pace"]["format_version"] = 99;
    r = run_from_json(doc, "future.json");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("newer"), std::string::npos);
}

// One fault of each kind of field the schema (model/pace_schema.hpp) reads,
// and the message the general reader gives for it.
TEST(JsonFormat, ErrorsOfEachKindOfField) {
    auto error_after = [](const std::function<void(Json&)>& edit) {
        pace::Run run = sample_run();
        run.complexity = {{"sort/std", "n", "median", "O(N)", 1e-9, 0, 0.99, "", 0, 4}};
        ScalingFit scaling;
        scaling.id = "work";
        scaling.dim = "threads";
        scaling.points = {{1, 1e-3, 1.0, 1.0}};
        run.scaling = {scaling};
        Json doc = to_json(run);
        edit(doc);
        auto r = run_from_json(doc, "f.json");
        return r.ok() ? std::string("read") : r.error().describe();
    };
    Json& (*first)(Json&) = [](Json& doc) -> Json& { return doc["benchmarks"][0]; };
    EXPECT_EQ(error_after([&](Json& d) { first(d)["stats"].erase("mean"); }),
              "f.json: $.benchmarks[0].stats: missing required key \"mean\"");
    EXPECT_EQ(error_after([&](Json& d) { first(d)["stats"]["rounds"] = 1e30; }),
              "f.json: $.benchmarks[0].stats.rounds: expected a count that fits in 64 bits, found 1e+30");
    EXPECT_EQ(error_after([&](Json& d) { first(d)["stats"]["data"][1] = -1; }),
              "f.json: $.benchmarks[0].stats.data[1]: expected a finite time >= 0, found -1");
    EXPECT_EQ(error_after([&](Json& d) { first(d)["stats"]["process_samples"][0] = 1.5; }),
              "f.json: $.benchmarks[0].stats.process_samples[0]: expected a sample count >= 1, found a number");
    EXPECT_EQ(error_after([&](Json& d) { first(d)["memory"]["peak"] = -1; }),
              "f.json: $.benchmarks[0].memory.peak: expected a number >= 0, found -1");
    EXPECT_EQ(error_after([&](Json& d) { first(d)["throughput"]["items_per_call"] = "x"; }),
              "f.json: $.benchmarks[0].throughput.items_per_call: expected a number, found \"x\"");
    EXPECT_EQ(error_after([&](Json& d) { first(d)["tags"][1] = 3; }),
              "f.json: $.benchmarks[0].tags[]: expected a string, found a number");
    EXPECT_EQ(error_after([&](Json& d) { first(d)["message"] = true; }),
              "f.json: $.benchmarks[0].message: expected a string, found true");
    EXPECT_EQ(error_after([&](Json& d) { first(d)["targets"][0].erase("passed"); }),
              "f.json: $.benchmarks[0].targets[0].passed: expected true or false");
    EXPECT_EQ(error_after([&](Json& d) { first(d)["targets"][1]["checked"] = "x"; }),
              "f.json: $.benchmarks[0].targets[1].checked: expected true or false, found \"x\"");
    EXPECT_EQ(error_after([&](Json& d) { first(d)["targets"][0] = 3; }),
              "f.json: $.benchmarks[0].targets[0]: expected an object, found a number");
    EXPECT_EQ(error_after([](Json& d) { d["pace"]["complexity"][0].erase("model"); }),
              "f.json: $.pace.complexity[0]: missing required key \"model\"");
    EXPECT_EQ(error_after([](Json& d) { d["pace"]["complexity"][0]["r2"] = -0.5; }), "read");  // may be negative
    EXPECT_EQ(error_after([](Json& d) { d["pace"]["scaling"][0].erase("model"); }),
              "f.json: $.pace.scaling[0].model: expected \"amdahl\" or \"usl\", found null");
    EXPECT_EQ(error_after([](Json& d) { d["pace"]["scaling"][0].erase("points"); }),
              "f.json: $.pace.scaling[0].points: expected an array, found null");
    EXPECT_EQ(error_after([](Json& d) { d["pace"]["scaling"][0]["points"][0]["speedup"] = -1; }),
              "f.json: $.pace.scaling[0].points[0].speedup: expected a number >= 0, found -1");
}

TEST(Metric, ByName) {
    const pace::Run run = sample_run();
    const Result& r = run.results[0];
    EXPECT_DOUBLE_EQ(*metric(r, "min"), 1e-6);
    EXPECT_DOUBLE_EQ(*metric(r, "peak"), 4000);
    EXPECT_DOUBLE_EQ(*metric(r, "instructions"), 12345);
    EXPECT_FALSE(metric(r, "no_such_counter").has_value());
    EXPECT_TRUE(higher_is_worse("mean"));
    EXPECT_FALSE(higher_is_worse("ops"));
    EXPECT_EQ(metric_kind("peak"), MetricKind::bytes);
    EXPECT_EQ(metric_kind("p95"), MetricKind::time);
}

}  // namespace
}  // namespace pace

namespace pace {
namespace {

TEST(JsonFormat, WhereResultsWithoutTimesGo) {
    pace::Run run;
    Result counted;  // instruction mode: counts, no times
    counted.name = counted.id = "counted";
    counted.counters["instructions"] = 514;
    Result failed;
    failed.name = failed.id = "failed";
    failed.status = Status::failed;
    failed.message = "exception: boom";
    Result tested;  // --test: ran once, no figures
    tested.name = tested.id = "tested";
    run.results = {counted, failed, tested};
    Json doc = to_json(run);
    // pytest-benchmark drops a whole file when one of its benchmarks lacks stats.
    EXPECT_EQ(doc["benchmarks"].size(), 0u);
    ASSERT_EQ(doc["pace"]["unmeasured"].size(), 3u);
    EXPECT_EQ(doc["pace"]["unmeasured"][0]["fullname"], "counted");
    EXPECT_EQ(doc["pace"]["unmeasured"][1]["fullname"], "failed");
    auto back = run_from_json(doc, "x.json");
    ASSERT_TRUE(back.ok()) << back.error().describe();
    ASSERT_EQ(back->results.size(), 3u);
    EXPECT_DOUBLE_EQ(back->results[0].counters.at("instructions"), 514);
    EXPECT_EQ(back->results[1].message, "exception: boom");
    EXPECT_EQ(back->results[2].status, Status::ok);

    doc["benchmarks"].push_back(doc["pace"]["unmeasured"][2]);  // an ok result with neither times nor counts
    EXPECT_FALSE(run_from_json(doc, "x.json").ok());
}

}  // namespace
}  // namespace pace
