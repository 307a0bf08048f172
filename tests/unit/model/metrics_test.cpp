// SPDX-License-Identifier: Apache-2.0
// The metric vocabulary: every name pace accepts, its unit family, its bad
// direction, whether pace fixes that direction, and the value metric() reads.
#include <gtest/gtest.h>

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/metrics.hpp"
#include "model/run.hpp"

namespace pace {
namespace {

struct Expected {
    std::string_view name;
    MetricKind kind;
    bool higher_is_worse;
    bool fixed;
};

// Written against the vocabulary as it was spelled out in run.cpp and
// metrics.cpp before the registry: a change here is a change of behaviour.
const std::vector<Expected>& accepted_before() {
    using K = MetricKind;
    static const std::vector<Expected> names = {
        {"time", K::time, true, true},          {"min", K::time, true, true},
        {"max", K::time, true, true},           {"mean", K::time, true, true},
        {"stddev", K::time, true, true},        {"median", K::time, true, true},
        {"q1", K::time, true, true},            {"q3", K::time, true, true},
        {"iqr", K::time, true, true},           {"p95", K::time, true, true},
        {"p99", K::time, true, true},           {"total", K::time, true, true},
        {"ops", K::rate, false, true},          {"rounds", K::count, true, true},
        {"iterations", K::count, true, true},   {"outliers", K::count, true, true},
        {"precision", K::count, true, true},    {"peak", K::bytes, true, true},
        {"allocated", K::bytes, true, true},    {"allocations", K::count, true, true},
        {"leaked", K::bytes, true, true},       {"rss", K::bytes, true, true},
        {"instructions", K::count, true, true}, {"hw_instructions", K::count, true, true},
        {"cycles", K::count, true, true},       {"cache_misses", K::count, true, true},
        {"subprocess_calls", K::count, true, true},   {"subprocess_time", K::time, true, true},
        {"subprocess_cpu", K::time, true, true},      {"overhead_ratio", K::count, true, true},
        {"child_instructions", K::count, true, true},
        // Throughput from items_per_call / bytes_per_call: a rate whose
        // direction pace.toml may still set, as for Google Benchmark's counters.
        {"items_per_second", K::rate, false, false}, {"bytes_per_second", K::rate, false, false},
        // User counters: the kind and direction come from the name.
        {"cpu_time", K::time, true, false},     {"user_time", K::time, true, false},
        {"swaps/s", K::rate, false, false},     {"frames_per_second", K::rate, false, false},
        {"elements", K::count, true, false},
    };
    return names;
}

TEST(Metrics, EveryNameAcceptedBeforeKeepsItsKindAndDirection) {
    for (const Expected& e : accepted_before()) {
        SCOPED_TRACE(std::string(e.name));
        EXPECT_EQ(metric_kind(e.name), e.kind);
        EXPECT_EQ(higher_is_worse(e.name), e.higher_is_worse);
        EXPECT_EQ(has_fixed_direction(e.name), e.fixed);
    }
}

// A result whose every figure differs, so a reader that picks the wrong field shows.
Result full_result() {
    Result r;
    r.time = TimeStats{};
    TimeStats& t = *r.time;
    t.min = 1;
    t.max = 2;
    t.mean = 4;
    t.stddev = 0.5;
    t.median = 3;
    t.q1 = 2.5;
    t.q3 = 3.5;
    t.iqr = 1;
    t.p95 = 1.9;
    t.p99 = 1.99;
    t.ops = 0.25;
    t.total = 400;
    t.rounds = 100;
    t.iterations = 7;
    r.memory = MemoryStats{.peak = 1000, .allocated = 2000, .allocations = 30, .leaked = 40, .rss = 5000};
    r.counters = {{"instructions", 123}, {"cycles", 456}, {"subprocess_time", 0.75}, {"elements", 9}};
    r.items_per_call = 8;
    r.bytes_per_call = 16;
    return r;
}

TEST(Metrics, MetricReadsTheFieldOfItsName) {
    const Result r = full_result();
    EXPECT_EQ(metric(r, "time"), 3.0);  // the median
    EXPECT_EQ(metric(r, "min"), 1.0);
    EXPECT_EQ(metric(r, "max"), 2.0);
    EXPECT_EQ(metric(r, "mean"), 4.0);
    EXPECT_EQ(metric(r, "stddev"), 0.5);
    EXPECT_EQ(metric(r, "median"), 3.0);
    EXPECT_EQ(metric(r, "q1"), 2.5);
    EXPECT_EQ(metric(r, "q3"), 3.5);
    EXPECT_EQ(metric(r, "iqr"), 1.0);
    EXPECT_EQ(metric(r, "p95"), 1.9);
    EXPECT_EQ(metric(r, "p99"), 1.99);
    EXPECT_EQ(metric(r, "ops"), 0.25);
    EXPECT_EQ(metric(r, "total"), 400.0);
    EXPECT_EQ(metric(r, "rounds"), 100.0);
    EXPECT_EQ(metric(r, "peak"), 1000.0);
    EXPECT_EQ(metric(r, "allocated"), 2000.0);
    EXPECT_EQ(metric(r, "allocations"), 30.0);
    EXPECT_EQ(metric(r, "leaked"), 40.0);
    EXPECT_EQ(metric(r, "rss"), 5000.0);
    EXPECT_EQ(metric(r, "instructions"), 123.0);
    EXPECT_EQ(metric(r, "cycles"), 456.0);
    EXPECT_EQ(metric(r, "subprocess_time"), 0.75);
    EXPECT_EQ(metric(r, "elements"), 9.0);
    EXPECT_EQ(metric(r, "items_per_second"), 2.0);  // 8 items per call / 4 s mean
    EXPECT_EQ(metric(r, "bytes_per_second"), 4.0);
    EXPECT_EQ(metric(r, "hw_instructions"), std::nullopt);  // not measured
    EXPECT_EQ(metric(r, "no_such_counter"), std::nullopt);
}

TEST(Metrics, MetricIsEmptyWithoutTheFiguresItReads) {
    Result r;
    for (std::string_view name : {"time", "min", "median", "p95", "ops", "rounds", "peak", "leaked", "rss",
                                  "instructions", "items_per_second"}) {
        SCOPED_TRACE(std::string(name));
        EXPECT_EQ(metric(r, name), std::nullopt);
    }
    r.memory = MemoryStats{};
    EXPECT_EQ(metric(r, "rss"), std::nullopt);  // a producer that did not measure it
    EXPECT_EQ(metric(r, "peak"), 0.0);
    // A counter of the same name stands in where the result has no such figure.
    r.counters["min"] = 5;
    EXPECT_EQ(metric(r, "min"), 5.0);
    // Throughput needs a positive mean.
    r.items_per_call = 8;
    r.time = TimeStats{};
    r.time->mean = 0;
    EXPECT_EQ(metric(r, "items_per_second"), std::nullopt);
    // A producer's own items_per_second counter comes before the derived one.
    r.counters["items_per_second"] = 11;
    EXPECT_EQ(metric(r, "items_per_second"), 11.0);
}

}  // namespace
}  // namespace pace

namespace pace {
namespace {

TEST(MetricRegistry, NamesAndColumnTitlesAreUniqueAndEveryEntryHasHelp) {
    std::set<std::string_view> names, columns;
    for (const MetricInfo& m : metric_infos()) {
        SCOPED_TRACE(std::string(m.name));
        EXPECT_TRUE(names.insert(m.name).second) << "named twice";
        if (!m.column.empty()) {
            EXPECT_TRUE(columns.insert(m.column).second) << "column title twice";
        }
        EXPECT_FALSE(m.help.empty());
        EXPECT_EQ(find_metric_info(m.name), &m);
        // A text cell needs a column; a metric shown by default needs a title.
        if (m.cell || m.show != Show::never) {
            EXPECT_FALSE(m.column.empty());
        }
        // Only statistics of the wall-time samples take tests over samples.
        if (m.of_samples) {
            EXPECT_TRUE(m.kind == MetricKind::time || m.kind == MetricKind::rate);
        }
    }
    EXPECT_EQ(find_metric_info("elements"), nullptr);
}

TEST(MetricRegistry, EveryNameAcceptedBeforeHasAnEntryOrIsACounter) {
    for (const Expected& e : accepted_before()) {
        SCOPED_TRACE(std::string(e.name));
        const MetricInfo* info = find_metric_info(e.name);
        if (!info) {
            EXPECT_FALSE(e.fixed);  // only user counters are left to their names
            continue;
        }
        EXPECT_EQ(info->kind, e.kind);
        EXPECT_EQ(info->higher_is_worse, e.higher_is_worse);
        EXPECT_EQ(info->fixed, e.fixed);
    }
}

TEST(MetricRegistry, SubprocessMetricsAreTheirRunOfEntries) {
    std::vector<std::string_view> names;
    for (const MetricInfo& m : subprocess_metrics()) names.push_back(m.name);
    EXPECT_EQ(names, (std::vector<std::string_view>{"subprocess_calls", "subprocess_time", "subprocess_cpu",
                                                    "overhead_ratio", "child_instructions"}));
}

TEST(MetricRegistry, OfferedNamesInDisplayOrder) {
    EXPECT_EQ(offered_metric_names(),
              "time, min, max, mean, stddev, cv, median, iqr, p95, p99, ops, instructions, hw_instructions, cycles, "
              "cache_misses, subprocess_calls, subprocess_time, subprocess_cpu, overhead_ratio, child_instructions, "
              "peak, allocated, allocations, leaked, rss");
}

// cv, the coefficient of variation, is derived from the mean and the standard
// deviation: its entry is all there is of it.
TEST(MetricRegistry, CvIsTheStandardDeviationOverTheMean) {
    const Result r = full_result();  // stddev 0.5 s, mean 4 s
    EXPECT_EQ(metric(r, "cv"), 0.125);
    EXPECT_EQ(metric_kind("cv"), MetricKind::count);
    EXPECT_TRUE(higher_is_worse("cv"));
    EXPECT_FALSE(has_fixed_direction("cv"));  // Google Benchmark's cv counter could be directed before
    Result one_round = r;
    one_round.time->rounds = 1;  // no spread to speak of
    EXPECT_EQ(metric(one_round, "cv"), std::nullopt);
    Result gb = one_round;
    gb.counters["cv"] = 0.11;  // Google Benchmark's own, read as it is
    EXPECT_EQ(metric(gb, "cv"), 0.11);
    EXPECT_EQ(find_metric_info("cv")->cell(r), "12.5%");
    Result no_mean = r;
    no_mean.time->mean = 0;
    EXPECT_EQ(metric(no_mean, "cv"), std::nullopt);
    EXPECT_EQ(find_metric_info("cv")->cell(no_mean), "—");
    EXPECT_EQ(metric(Result{}, "cv"), std::nullopt);
}

// Figures the results table showed as columns but metric() did not read:
// the registry reads them alike for the table, --metric and thresholds.
TEST(MetricRegistry, IterationsAndPrecisionAreReadAsTheTableShowsThem) {
    Result r = full_result();
    r.precision = 0.012;
    EXPECT_EQ(metric(r, "iterations"), 7.0);
    EXPECT_EQ(metric(r, "precision"), 0.012);
    EXPECT_EQ(find_metric_info("precision")->cell(r), "±1.2%");
    r.time->stddev_outliers = 3;
    r.time->iqr_outliers = 5;
    EXPECT_EQ(find_metric_info("outliers")->cell(r), "3;5");
    r.counters["overhead_ratio"] = 0.25;
    EXPECT_EQ(find_metric_info("overhead_ratio")->cell(r), "25%");
    EXPECT_EQ(find_metric_info("overhead_ratio")->cell(Result{}), "—");
}

}  // namespace
}  // namespace pace
