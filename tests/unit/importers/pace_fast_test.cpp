// SPDX-License-Identifier: Apache-2.0
// The fast reader of the pace command gives the general reader's Run on every
// file it reads, declines whatever it does not fully understand, and never
// changes an error message.
#include <cstdlib>     // std::strtod, the reference reading
#include <filesystem>  // recursive_directory_iterator over the fixtures
#include <fstream>     // reading the fixtures whole
#include <random>      // seeded random bytes
#include <sstream>     // std::ostringstream

#include <gtest/gtest.h>

#include "importers/load.hpp"
#include "importers/pace_fast.hpp"
#include "model/json_format.hpp"

namespace {

std::string read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Both readers on one text: the same Run, or the same error, to the byte.
void expect_same(const std::string& text, const std::string& label) {
    auto general = pace::load_run_from_text(text, label);
    auto fast = pace::load_run_from_text(text, label, pace::read_pace_json_fast);
    ASSERT_EQ(general.ok(), fast.ok()) << label;
    if (general.ok()) {
        EXPECT_EQ(pace::to_json_text(*general), pace::to_json_text(*fast)) << label;
        EXPECT_EQ(general->source, fast->source);
        ASSERT_EQ(general->results.size(), fast->results.size());
        for (std::size_t i = 0; i < general->results.size(); ++i) {
            // Fields to_json writes in another shape: compare them as the model holds them.
            const pace::Result& a = general->results[i];
            const pace::Result& b = fast->results[i];
            EXPECT_EQ(a.dims, b.dims) << label << " " << a.id;
            EXPECT_EQ(a.extra_info, b.extra_info) << label << " " << a.id;
            EXPECT_EQ(a.memory.has_value(), b.memory.has_value()) << label << " " << a.id;
            if (a.memory && b.memory) {
                EXPECT_EQ(a.memory->rss, b.memory->rss) << label << " " << a.id;
            }
        }
        EXPECT_EQ(general->machine.raw, fast->machine.raw) << label;
        EXPECT_EQ(general->commit.raw, fast->commit.raw) << label;
    } else {
        EXPECT_EQ(general.error().describe(), fast.error().describe()) << label;
    }
}

TEST(PaceFastReader, ReadsEveryRealPytestBenchmarkFileAsTheGeneralReaderDoes) {
    std::size_t read_fast = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(PACE_FIXTURES_DIR)) {
        if (!entry.is_regular_file()) continue;
        std::string text = read_text(entry.path());
        expect_same(text, entry.path().string());
        if (entry.path().string().find("pytest-benchmark") != std::string::npos && pace::read_pace_json_fast(text))
            ++read_fast;
    }
    // The point of the reader: real pytest-benchmark files take the fast path.
    EXPECT_GT(read_fast, 0u);
}

TEST(PaceFastReader, ReadsEveryFieldPaceWrites) {
    pace::Run run;
    run.producer_version = "0.1.0";
    run.datetime = "2026-01-01T00:00:00Z";
    run.machine.node = "host";
    run.machine.cores = 8;
    run.machine.raw = {{"extra", {1, -2, 3.5, "x", nullptr, true}}};
    run.commit.id = "abc";
    run.commit.dirty = true;
    pace::Result r;
    r.name = "sort";
    r.dims = {{"n", std::int64_t{1000}}, {"ratio", 0.5}, {"kind", std::string("random")}, {"stable", true}};
    r.id = pace::make_id(r.name, r.dims);
    r.group = "g";
    r.tags = {"fast", "cpu"};
    pace::TimeStats t;
    t.min = 1e-6, t.max = 3e-6, t.mean = 2e-6, t.stddev = 1e-7, t.median = 2e-6, t.q1 = 1.5e-6, t.q3 = 2.5e-6;
    t.iqr = 1e-6, t.p95 = 2.9e-6, t.p99 = 3e-6, t.ops = 5e5, t.total = 6e-6, t.ld15iqr = 1e-6, t.hd15iqr = 3e-6;
    t.iqr_outliers = 1, t.stddev_outliers = 2, t.rounds = 3, t.iterations = 10;
    t.samples = {1e-6, 2e-6, 3e-6};
    t.process_samples = {1, 2};
    t.median_ci_low = 1.9e-6, t.median_ci_high = 2.1e-6;
    r.time = t;
    r.memory = pace::MemoryStats{100, 200, 3, 4, 5000};
    r.counters = {{"instructions", 1234}, {"items_per_second", 1e9}};
    r.items_per_call = 10;
    r.bytes_per_call = 80;
    r.precision = 0.01;
    r.targets = {{"p95 <= 1 ms", true, "p95 was 2.9 us"}, {"peak <= 1 B", false, "not checked", false}};
    r.extra_info = {{"note", "kept"}, {"nested", {{"a", {1, 2}}}}};
    r.options = pace::Json{{"min_rounds", 3}};
    run.results.push_back(r);
    pace::Result failed;
    failed.name = failed.id = "broken";
    failed.status = pace::Status::failed;
    failed.message = "threw";
    run.results.push_back(failed);
    run.complexity = {{"sort", "n", "median", "O(N log N)", 3e-9, -1e-6, 0.998, "O(N)", 4.5, 5},
                      {"flat", "n", "instructions", "O(1)", 0, 120, 0, "", 0, 3}};
    pace::ScalingFit scaling;
    scaling.id = "render";
    scaling.dim = "threads";
    scaling.cores = 2;
    scaling.serial_fraction = 0.2;
    scaling.points = {{1, 0.01, 1.0, 1.0}, {4, std::nullopt, std::nullopt, 2.5}};
    run.scaling = {scaling};
    run.options = {{"shard", "2/4"}, {"selected", 31}, {"max_time", 0.5}, {"filter", ""}};
    std::string text = pace::to_json_text(run);
    ASSERT_TRUE(pace::read_pace_json_fast(text).has_value());
    EXPECT_EQ(pace::read_pace_json_fast(text)->complexity.size(), 2u);
    EXPECT_EQ(pace::read_pace_json_fast(text)->scaling.size(), 1u);
    EXPECT_EQ(pace::read_pace_json_fast(text)->options, run.options);
    expect_same(text, "rich.json");
}

TEST(PaceFastReader, ReadsPytestBenchmemListsAndScalars) {
    std::string lists = R"({"benchmarks": [{"name": "t[a]", "params": {"a": [1, 2]},
        "extra_info": {"benchmem": {"peak_bytes": [30, 10, null, 20], "total_bytes": 7, "allocations": [],
                                    "rss_bytes": [5]}, "k": "v"},
        "stats": {"mean": 1, "data": [1, 1.0, 0]}}], "machine_info": {"cpu": {"count": 4}}})";
    ASSERT_TRUE(pace::read_pace_json_fast(lists).has_value());
    expect_same(lists, "benchmem.json");
}

// Keys are matched as written unless they hold an escape; an escaped key is
// the same key, and a quote or backslash inside one does not end it early.
TEST(PaceFastReader, ReadsEscapedKeysAsTheirText) {
    std::string text = R"({"benchmarks": [{"na\u006de": "t[a]", "params": {"a\"b": 1, "c\\": 2},
        "extra_info": {"\u00e9t\u00e9": "summer", "tab\tkey": [1]},
        "st\u0061ts": {"mean": 2, "d\u0061ta": [3, 1, 2]}}]})";
    auto fast = pace::read_pace_json_fast(text);
    ASSERT_TRUE(fast.has_value());
    ASSERT_EQ(fast->results.size(), 1u);
    const pace::Result& r = fast->results[0];
    EXPECT_EQ(r.id, "t[a]");
    ASSERT_EQ(r.dims.size(), 2u);
    EXPECT_EQ(r.dims[0].name, "a\"b");
    EXPECT_EQ(r.dims[1].name, "c\\");
    EXPECT_EQ(r.extra_info.at("\u00e9t\u00e9"), "summer");
    ASSERT_TRUE(r.time.has_value());
    EXPECT_EQ(r.time->samples, (std::vector<double>{3, 1, 2}));
    expect_same(text, "escaped.json");
    // A repeated key, once escaped and once not, is still repeated.
    expect_same(R"({"benchmarks": [{"name": "a", "n\u0061me": "b", "stats": {"mean": 1}}]})", "repeated.json");
    EXPECT_FALSE(pace::read_pace_json_fast(R"({"benchmarks": [{"name": "a", "n\u0061me": "b", "stats": {"mean": 1}}]})"));
    // An escape JSON does not have, in a key no reader looks at.
    expect_same(R"({"benchmarks": [{"name": "a", "stats": {"mean": 1}}], "da\etime": "x"})", "bad_escape.json");
    expect_same(R"({"benchmarks":[],"\e":""})", "bad_escape2.json");
}

// simdjson 3.0.1 misreads "0." followed by more than 19 significant digits;
// the reader must not: the same doubles as the general reader, to the bit.
TEST(PaceFastReader, ReadsLongDecimalsExactly) {
    const std::vector<std::string> numbers = {
        "0.32749283597999998035", "0.95000000000000000000", "0.00012345678901234567890123",
        "0.1234567890123456789", "0.000000000000000000001234567890123456789012", "1.00000000000000000000001",
        "0.32749283597999998035e-3", "12345678901234567890123456789.5"};
    for (const std::string& n : numbers) {
        std::string text = R"({"benchmarks": [{"name": "a", "stats": {"mean": )" + n + R"(, "data": [)" + n +
                           R"(]}, "extra_info": {"x": -)" + n + "}}]}";
        auto fast = pace::read_pace_json_fast(text);
        ASSERT_TRUE(fast.has_value()) << n;
        const double expected = std::strtod(n.c_str(), nullptr);
        EXPECT_EQ(*fast->results[0].time->mean, expected) << n;
        EXPECT_EQ(fast->results[0].time->samples.at(0), expected) << n;
        EXPECT_EQ(fast->results[0].extra_info.at("x").get<double>(), -expected) << n;
        expect_same(text, "long.json");
    }
    // An integer past 64 bits is the general reader's to read.
    expect_same(R"({"benchmarks": [{"name": "a", "stats": {"mean": 1}, "extra_info": {"x": 123456789012345678901234567890}}]})",
                "bigint.json");
}

// Each result keeps its own samples, however many the one before it had.
TEST(PaceFastReader, KeepsEachResultsSamplesApart) {
    std::string text = R"({"benchmarks": [)";
    for (int i = 0; i < 5; ++i) {
        text += (i ? ", " : "") + std::string(R"({"name": "t)") + std::to_string(i) + R"(", "stats": {"mean": 1, "data": [)";
        for (int k = 0; k < 300 - 70 * i; ++k) text += (k ? ", " : "") + std::to_string(i * 1000 + k);
        text += "]}}";
    }
    text += "]}";
    auto fast = pace::read_pace_json_fast(text);
    ASSERT_TRUE(fast.has_value());
    for (int i = 0; i < 5; ++i) {
        const std::vector<double>& samples = fast->results[i].time->samples;
        ASSERT_EQ(samples.size(), static_cast<std::size_t>(300 - 70 * i));
        EXPECT_EQ(samples.front(), i * 1000);
        EXPECT_EQ(samples.back(), i * 1000 + 299 - 70 * i);
    }
    expect_same(text, "samples.json");
}

// The results vector is sized from the first result's share of the text, so
// a run of like results is read without growing it: its capacity stays
// within the estimate's margin. A first result far larger or smaller than
// the rest only changes how much is reserved, never what is read.
TEST(PaceFastReader, SizesTheResultsFromTheFirstOne) {
    auto run_text = [](int count, int first_samples, int other_samples) {
        std::string text = R"({"benchmarks": [)";
        for (int i = 0; i < count; ++i) {
            text += (i ? ", " : "") + std::string(R"({"name": "t)") + std::to_string(i) +
                    R"(", "stats": {"mean": 1, "data": [)";
            for (int k = 0; k < (i ? other_samples : first_samples); ++k) text += (k ? ", " : "") + std::to_string(k);
            text += "]}}";
        }
        return text + "]}";
    };
    const std::string alike = run_text(1100, 20, 20);
    auto fast = pace::read_pace_json_fast(alike);
    ASSERT_TRUE(fast.has_value());
    ASSERT_EQ(fast->results.size(), 1100u);
    EXPECT_LE(fast->results.capacity(), 1100u * 13 / 10);  // grown by doubling: 2048
    expect_same(alike, "alike.json");
    expect_same(run_text(300, 2000, 5), "large_first.json");
    expect_same(run_text(300, 0, 200), "small_first.json");
}

// Texts the fast reader must leave to the general one, and the general
// reader's verdict on each must not change.
TEST(PaceFastReader, DeclinesWhatItDoesNotFullyUnderstand) {
    const std::string ok_bench = R"({"name": "a", "stats": {"mean": 1}})";
    const std::vector<std::string> texts = {
        R"({"benchmarks": [{"name": "a", "stats": {"mean": NaN}}]})",
        R"({"benchmarks": [{"name": "a", "stats": {"mean": 1, "data": [1, NaN]}}]})",
        R"({"benchmarks": [{"name": "a", "stats": {"mean": 1, "data": [1, "2 more omitted"]}}]})",
        R"({"benchmarks": [{"name": "a", "stats": {"mean": -1}}]})",
        R"({"benchmarks": [{"name": "a", "stats": {"mean": 1, "data": [-1]}}]})",
        R"({"benchmarks": [{"name": "a", "stats": {"mean": 1, "data": [1, 2], "process_samples": [1]}}]})",
        R"({"benchmarks": [{"name": "a", "stats": {"mean": 1, "data": [1, 2], "process_samples": [0, 2]}}]})",
        R"({"benchmarks": [{"name": "a", "stats": {"mean": 1, "data": [1, 2], "process_samples": [1.5, 0.5]}}]})",
        R"({"benchmarks": [{"name": "a", "stats": {"mean": 1, "data": [1, 2], "process_samples": "2"}}]})",
        // Counts written as decimals, and an empty list beside samples: the
        // general reader refuses both, and the fast one read them until the
        // readers shared the schema.
        R"({"benchmarks": [{"name": "a", "stats": {"mean": 1, "data": [1, 2], "process_samples": [1.0, 1]}}]})",
        R"({"benchmarks": [{"name": "a", "stats": {"mean": 1, "data": [1, 2], "process_samples": []}}]})",
        R"({"benchmarks": [{"name": "a", "stats": {"mean": 1, "data": [], "process_samples": []}}]})",
        R"({"benchmarks": [{"name": "a", "stats": {"mean": "fast"}}]})",
        R"({"benchmarks": [{"name": "a", "stats": {}}]})",
        R"({"benchmarks": [{"name": "a"}]})",
        R"({"benchmarks": [{"stats": {"mean": 1}}]})",
        R"({"benchmarks": [{"name": "a", "name": "b", "stats": {"mean": 1}}]})",
        R"({"benchmarks": [{"name": "a", "stats": {"mean": 1}, "extra_info": {"x": 1, "x": 2}}]})",
        R"({"benchmarks": [{"name": "a", "stats": {"mean": 1}, "status": "maybe"}]})",
        R"({"benchmarks": [{"name": "a", "stats": {"mean": 1, "rounds": 1e30}}]})",
        R"({"benchmarks": [{"name": "a", "stats": {"mean": 1e999}}]})",
        R"({"benchmarks": [{"name": "a", "stats": {"mean": 1}, "targets": [{"target": "t"}]}]})",
        R"({"benchmarks": [{"name": "a", "stats": {"mean": 1}, "counters": {"c": "x"}}]})",
        R"({"benchmarks": [], "pace": {"format_version": 99}})",
        R"({"benchmarks": [], "pace": {}})",
        R"({"benchmarks": [], "pace": {"format_version": 1, "complexity": {}}})",
        R"({"benchmarks": [], "pace": {"format_version": 1, "complexity": [{"id": "a", "dim": "n"}]}})",
        R"j({"benchmarks": [], "pace": {"format_version": 1, "complexity": [{"id": "a", "dim": "n", "model": "O(N)", "r2": "x"}]}})j",
        R"({"benchmarks": null})",
        R"({"benchmarks": {}})",
        R"({"benchmarks": [], "context": null})",
        R"({"benchmarks": [], "context": {}})",
        R"({"results": []})",
        R"([1, 2])",
        R"({"benchmarks": [)" + ok_bench + R"(, ]})",
        R"({"benchmarks": [)" + ok_bench + R"(, )" + ok_bench + R"(]})",  // duplicate ids: validate_run's
        R"({"benchmarks": [], "pace": {"format_version": 1, "options": []}})",
        R"({"benchmarks": [], "pace": {"format_version": 1, "options": {"shard": "1/2"}}})",
    };
    for (const std::string& text : texts) {
        expect_same(text, "t.json");
    }
    EXPECT_FALSE(pace::read_pace_json_fast(texts[0]).has_value());
    EXPECT_FALSE(pace::read_pace_json_fast(texts[9]).has_value());
    EXPECT_FALSE(pace::read_pace_json_fast(texts[20]).has_value());
}

TEST(PaceFastReader, KeepsTheGeneralReadersLimits) {
    // 256 levels are read, 257 are not, by either reader.
    auto nested = [](std::size_t depth) {
        std::string inner = std::string(depth - 2, '[') + std::string(depth - 2, ']');
        return R"({"benchmarks": [{"name": "a", "stats": {"mean": 1}, "extra_info": {"deep": )" + inner + "}}]}";
    };
    // depth counts the document, the list and the benchmark (3), extra_info (4), then the lists.
    for (std::size_t depth : {250u, 256u, 257u, 260u, 2000u}) expect_same(nested(depth - 2), "deep.json");
    EXPECT_TRUE(pace::read_pace_json_fast(nested(254)).has_value());
    EXPECT_FALSE(pace::read_pace_json_fast(nested(255)).has_value());

    std::string wide = R"({"benchmarks": [{"name": "a", "stats": {"mean": 1}}], "unread": {)";
    for (int i = 0; i < 20001; ++i) wide += (i ? ",\"k" : "\"k") + std::to_string(i) + "\": 0";
    wide += "}}";
    EXPECT_FALSE(pace::read_pace_json_fast(wide).has_value());
    expect_same(wide, "wide.json");
}

TEST(PaceFastReader, HostileTextFailsQuickly) {
    std::string deep = std::string(100000, '[') + std::string(100000, ']');
    EXPECT_FALSE(pace::read_pace_json_fast(deep).has_value());
    auto run = pace::load_run_from_text(deep, "deep.json", pace::read_pace_json_fast);
    ASSERT_FALSE(run.ok());
    EXPECT_NE(run.error().message.find("nesting deeper than 256 levels"), std::string::npos);

    std::mt19937 random(42);
    for (int i = 0; i < 200; ++i) {
        std::string bytes(1 + random() % 4096, '\0');
        for (char& c : bytes) c = static_cast<char>(random() % 256);
        bytes[0] = '{';
        expect_same(bytes, "noise.json");
    }
}

}  // namespace
