// SPDX-License-Identifier: Apache-2.0
#include "compare/threshold.hpp"

#include "model/run.hpp"  // higher_is_worse

#include <gtest/gtest.h>
#include <string_view>
#include <vector>

namespace pace {
namespace {

ThresholdSpec ok(std::string_view text) {
    auto spec = parse_threshold(text);
    EXPECT_TRUE(spec.ok()) << text << ": " << (spec.ok() ? "" : spec.error().describe());
    return spec.ok() ? *spec : ThresholdSpec{};
}

InputError bad(std::string_view text) {
    auto spec = parse_threshold(text);
    EXPECT_FALSE(spec.ok()) << text << " was accepted";
    return spec.ok() ? InputError{} : spec.error();
}

// pytest-benchmark's --benchmark-compare-fail: FIELD:N% and FIELD:N (seconds).
TEST(Threshold, PytestBenchmarkRelative) {
    for (const char* field : {"min", "max", "mean", "median", "stddev", "iqr"}) {
        ThresholdSpec s = ok(std::string(field) + ":20%");
        EXPECT_EQ(s.metric, field);
        EXPECT_EQ(s.kind, ThresholdSpec::Kind::relative);
        EXPECT_DOUBLE_EQ(s.limit, 20);
    }
}

TEST(Threshold, PytestBenchmarkAbsoluteIsSeconds) {
    ThresholdSpec s = ok("min:0.001");
    EXPECT_EQ(s.kind, ThresholdSpec::Kind::absolute);
    EXPECT_DOUBLE_EQ(s.limit, 0.001);
    EXPECT_DOUBLE_EQ(ok("mean:1e-3").limit, 0.001);  // its regex takes an exponent too
    EXPECT_DOUBLE_EQ(ok("max:.5").limit, 0.5);
    EXPECT_DOUBLE_EQ(ok("mean:2").limit, 2);
}

TEST(Threshold, FractionalPercent) {
    EXPECT_DOUBLE_EQ(ok("mean:0.5%").limit, 0.5);
    EXPECT_DOUBLE_EQ(ok("instructions:0.5%").limit, 0.5);
    EXPECT_DOUBLE_EQ(ok("mean:150%").limit, 150);
    EXPECT_DOUBLE_EQ(ok("mean:0%").limit, 0);
}

// pytest-benchmem's --fail-on: percent, bytes with IEC units, absolute counts.
TEST(Threshold, PytestBenchmem) {
    EXPECT_EQ(ok("peak:10%").kind, ThresholdSpec::Kind::relative);
    ThresholdSpec peak = ok("peak:5MiB");
    EXPECT_EQ(peak.kind, ThresholdSpec::Kind::absolute);
    EXPECT_DOUBLE_EQ(peak.limit, 5.0 * 1024 * 1024);
    EXPECT_DOUBLE_EQ(ok("allocated:2KiB").limit, 2048);
    EXPECT_DOUBLE_EQ(ok("peak:1GiB").limit, 1024.0 * 1024 * 1024);
    EXPECT_DOUBLE_EQ(ok("peak:512B").limit, 512);
    EXPECT_DOUBLE_EQ(ok("peak:4096").limit, 4096);  // a bare number is bytes
    EXPECT_DOUBLE_EQ(ok("allocations:5%").limit, 5);
    ThresholdSpec count = ok("allocations:100");
    EXPECT_EQ(count.kind, ThresholdSpec::Kind::absolute);
    EXPECT_DOUBLE_EQ(count.limit, 100);
}

TEST(Threshold, TimeUnits) {
    EXPECT_DOUBLE_EQ(ok("p95:500ns").limit, 500e-9);
    EXPECT_DOUBLE_EQ(ok("p95:3us").limit, 3e-6);
    EXPECT_DOUBLE_EQ(ok("p95:3\xc2\xb5s").limit, 3e-6);  // micro sign
    EXPECT_DOUBLE_EQ(ok("p95:3\xce\xbcs").limit, 3e-6);  // Greek mu
    EXPECT_DOUBLE_EQ(ok("median:2ms").limit, 2e-3);
    EXPECT_DOUBLE_EQ(ok("median:1.5s").limit, 1.5);
    EXPECT_DOUBLE_EQ(ok("p99:1 ms").limit, 1e-3);
}

TEST(Threshold, OpsAndCounters) {
    ThresholdSpec ops = ok("ops:10%");
    EXPECT_EQ(ops.metric, "ops");
    EXPECT_DOUBLE_EQ(ok("ops:1000").limit, 1000);
    EXPECT_EQ(ok("cache_misses:3%").metric, "cache_misses");
    EXPECT_EQ(ok("items_per_second:5%").metric, "items_per_second");
    EXPECT_DOUBLE_EQ(ok("instructions:250000").limit, 250000);
    EXPECT_EQ(ok("  mean:20%  ").metric, "mean");  // surrounding blanks from a config file
}

// Counters that hold seconds (Google Benchmark's cpu_time, hyperfine's user
// and system times) take time units; a counter named as a rate is better higher.
TEST(Threshold, TimeCountersAndRateCounters) {
    EXPECT_DOUBLE_EQ(ok("cpu_time:1ms").limit, 1e-3);
    EXPECT_DOUBLE_EQ(ok("user_time:250us").limit, 250e-6);
    EXPECT_EQ(ok("system_time:2ms").limit_text(), "2 ms");
    EXPECT_TRUE(higher_is_worse("cpu_time"));
    EXPECT_FALSE(higher_is_worse("swaps/s"));
    EXPECT_NE(bad("swaps/s:1ms").message.find("a rate"), std::string::npos);
}

TEST(Threshold, LimitText) {
    EXPECT_EQ(ok("mean:20%").limit_text(), "20%");
    EXPECT_EQ(ok("mean:0.5%").limit_text(), "0.5%");
    EXPECT_EQ(ok("min:0.001").limit_text(), "1 ms");
    EXPECT_EQ(ok("p95:250us").limit_text(), "250 µs");
    EXPECT_EQ(ok("peak:5MiB").limit_text(), "5 MiB");
    EXPECT_EQ(ok("allocations:100").limit_text(), "100");
}

// The names offered by --metric's help and the "these runs carry" hint: the
// registry's offered entries, in its order (the results table's).
TEST(Threshold, BuiltinMetricsAreTheOfferedEntries) {
    const std::vector<std::string_view> expected = {
        "time",  "min",    "max",         "mean",        "stddev",  "cv",         "median",          "iqr",
        "p95",   "p99",    "ops",         "instructions", "hw_instructions", "cycles",          "cache_misses",
        "subprocess_calls", "subprocess_time", "subprocess_cpu", "overhead_ratio", "child_instructions",
        "peak",  "allocated", "allocations", "leaked",   "rss"};
    EXPECT_EQ(builtin_metrics(), expected);
    EXPECT_TRUE(is_builtin_metric("rss"));
    EXPECT_FALSE(is_builtin_metric("q1"));  // accepted, but not offered by name
    EXPECT_FALSE(is_builtin_metric("elements"));
    EXPECT_TRUE(ok("q1:5%").metric == "q1");
}

TEST(Threshold, ANameThatCannotBeAMetricListsTheOfferedOnes) {
    const InputError e = bad("p@95:5%");
    EXPECT_NE(e.hint.find("metric names are time, min, max, mean, stddev, cv, median"), std::string::npos) << e.hint;
    EXPECT_NE(e.hint.find("leaked, rss, or a user counter's name"), std::string::npos) << e.hint;
}

TEST(Threshold, RejectsMissingParts) {
    InputError e = bad("mean20%");
    EXPECT_NE(e.message.find("\"mean20%\""), std::string::npos) << "quotes the spec: " << e.message;
    EXPECT_FALSE(e.hint.empty());
    EXPECT_FALSE(bad(":20%").hint.empty());
    EXPECT_NE(bad("mean:").message.find("no limit"), std::string::npos);
    EXPECT_NE(bad("mean:%").message.find("expected a number"), std::string::npos);
    EXPECT_NE(bad("mean:fast").message.find("expected a number"), std::string::npos);
    bad("mean:inf");
    bad("mean:nan%");
    bad("me an:20%");
    bad("2mean:20%");
}

TEST(Threshold, RejectsNegative) {
    InputError e = bad("mean:-5%");
    EXPECT_NE(e.message.find("negative"), std::string::npos);
    EXPECT_NE(e.hint.find("mean:"), std::string::npos);
    bad("peak:-1MiB");
}

TEST(Threshold, RejectsUnknownUnit) {
    InputError e = bad("mean:5xs");
    EXPECT_NE(e.message.find("unknown unit \"xs\""), std::string::npos);
    EXPECT_NE(e.hint.find("ms"), std::string::npos);
    bad("mean:5 %%");
    bad("peak:5mib");  // units are case-sensitive: b would be bits elsewhere
}

TEST(Threshold, RejectsUnitOfWrongKind) {
    InputError e = bad("peak:5ms");
    EXPECT_NE(e.message.find("time unit"), std::string::npos);
    EXPECT_NE(e.hint.find("MiB"), std::string::npos);
    EXPECT_NE(bad("mean:5MiB").message.find("byte unit"), std::string::npos);
    bad("allocations:5KiB");
    bad("instructions:5ms");
    bad("ops:5ms");
}

TEST(Threshold, RejectsDecimalByteUnits) {
    for (const char* spec : {"peak:5MB", "peak:5KB", "peak:5kB", "peak:1GB"}) {
        InputError e = bad(spec);
        EXPECT_NE(e.message.find("ambiguous"), std::string::npos) << spec;
        EXPECT_NE(e.hint.find("iB"), std::string::npos) << spec;
    }
}

}  // namespace
}  // namespace pace
