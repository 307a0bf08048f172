// SPDX-License-Identifier: Apache-2.0
// The results table on a fixed run: row order, units, marks.
#include "report/results_table.hpp"

#include <gtest/gtest.h>

#include "stats/descriptive.hpp"

namespace pace::report {
namespace {

Result timed(std::string name, std::vector<Dim> dims, std::vector<double> samples_s) {
    Result r;
    r.name = std::move(name);
    r.dims = std::move(dims);
    r.id = make_id(r.name, r.dims);
    r.time = stats::describe(std::move(samples_s), 1);
    return r;
}

// The line of the table that holds `id`, its runs of spaces made one.
std::string line_of(const std::string& table, const std::string& id) {
    std::size_t at = table.find("\n" + id);
    if (at == std::string::npos) return "";
    std::size_t end = table.find('\n', at + 1);
    std::string line;
    for (char c : table.substr(at + 1, end - at - 1))
        if (c != ' ' || line.empty() || line.back() != ' ') line += c;
    return line;
}

TEST(ResultsTable, ComplexityLines) {
    pace::Run run;
    run.results.push_back(timed("sort/std", {{"n", DimValue(std::int64_t{1000})}}, {1e-6, 2e-6, 3e-6}));
    run.complexity = {{"sort/std", "n", "median", "O(N log N)", 5.04e-9, -2.792e-5, 0.9941, "O(N)", 1.63, 3},
                      {"hash", "length", "instructions", "O(1)", 0, 120, 0, "", 0, 4}};
    EXPECT_EQ(complexity_text(run),
              "complexity sort/std over n: O(N log N)  (median ≈ 5.04 ns·N log N - 27.92 µs, R² 0.994; runner-up O(N) "
              "fits 1.6× worse, 3 sizes)\n"
              "complexity hash over length: O(1)  (instructions ≈ 120.0, R² 0.000, 4 sizes)\n");
    EXPECT_NE(console_table(run, {}).find("complexity sort/std over n: O(N log N)"), std::string::npos);
    EXPECT_NE(markdown_table(run, {}).find("complexity hash over length: O(1)"), std::string::npos);
}

TEST(ResultsTable, DimsInNumericOrder) {
    pace::Run run;
    for (std::int64_t n : {10000, 1000, 200, 30})
        run.results.push_back(timed("sort/std", {{"n", DimValue(n)}}, {1e-6, 2e-6, 3e-6}));
    run.results.push_back(timed("sort/ab", {}, {1e-6, 2e-6, 3e-6}));
    std::string table = console_table(run, {});
    std::size_t a = table.find("sort/ab"), n30 = table.find("sort/std[n=30]"), n200 = table.find("sort/std[n=200]"),
                n1000 = table.find("sort/std[n=1000]"), n10000 = table.find("sort/std[n=10000]");
    ASSERT_NE(n10000, std::string::npos) << table;
    EXPECT_LT(a, n30);
    EXPECT_LT(n30, n200);
    EXPECT_LT(n200, n1000);
    EXPECT_LT(n1000, n10000) << table;
    // The CSV and Markdown have the same order.
    std::string csv = csv_table(run, {});
    EXPECT_LT(csv.find("sort/std[n=1000]"), csv.find("sort/std[n=10000]")) << csv;
}

TEST(ResultsTable, OneTimeUnitPerRowWithFewDigits) {
    pace::Run run;
    // A row in milliseconds whose max is in the next unit up, and one in nanoseconds.
    run.results.push_back(timed("slow", {}, {15.292148e-3, 20.56e-3, 16e-3}));
    run.results.push_back(timed("fast", {}, {3.2e-9, 3.4e-9, 9.5e-9}));
    std::string table = console_table(run, {.columns = {"min", "max", "median"}});
    EXPECT_EQ(line_of(table, "slow"), "slow 15.3 ms 20.6 ms 16.0 ms") << table;
    EXPECT_EQ(line_of(table, "fast"), "fast 3.20 ns 9.50 ns 3.40 ns") << table;
    EXPECT_EQ(table.find("(ns)"), std::string::npos) << table;  // no unit per column
}

TEST(ResultsTable, FailedRowsAreShownAndMarked) {
    pace::Run run;
    Result missed = timed("slow", {}, {2e-3, 2e-3, 2e-3});
    missed.status = Status::failed;
    missed.targets.push_back({"p95 <= 1.00 ms", false, "p95 was 2.00 ms"});
    missed.message = "p95 <= 1.00 ms missed: p95 was 2.00 ms";
    Result broken;
    broken.name = broken.id = "broken";
    broken.status = Status::failed;
    broken.message = "exception: boom";
    run.results = {missed, broken, timed("fine", {}, {1e-3, 1e-3, 1e-3})};
    std::string table = console_table(run, {.columns = {"median"}});
    EXPECT_NE(table.find(" benchmark: 3 results "), std::string::npos) << table;
    EXPECT_NE(line_of(table, "slow").find("(missed target)"), std::string::npos) << table;
    EXPECT_NE(line_of(table, "slow").find("2.00 ms"), std::string::npos) << table;
    EXPECT_NE(line_of(table, "broken").find("(failed)"), std::string::npos) << table;
    EXPECT_EQ(line_of(table, "fine").find("("), std::string::npos) << table;
    std::string md = markdown_table(run, {.columns = {"median"}});
    EXPECT_NE(md.find("| slow  (missed target) | 2.00 ms |"), std::string::npos) << md;
    std::string csv = csv_table(run, {.columns = {"median"}});
    EXPECT_NE(csv.find("\nslow,0.002,failed\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\nbroken,,failed\n"), std::string::npos) << csv;
}

// An id is shown safely in each format: control characters escaped on the
// console, every cell escaped in Markdown (a failure message too), CSV as written.
TEST(ResultsTable, IdsEscapedPerFormat) {
    pace::Run run;
    Result hostile = timed("<b>x</b>|[y](z)\tq", {}, {1e-3, 1e-3, 1e-3});
    Result broken = timed("```", {}, {1e-3, 1e-3, 1e-3});
    broken.status = Status::failed;
    broken.message = "fence ``` then <script>";
    run.results = {hostile, broken};
    const std::string table = console_table(run, {.columns = {"median"}});
    EXPECT_EQ(table.find('\t'), std::string::npos) << table;
    EXPECT_EQ(line_of(table, "<b>x</b>|[y](z)\\tq"), "<b>x</b>|[y](z)\\tq 1.00 ms") << table;
    const std::string md = markdown_table(run, {.columns = {"median"}});
    EXPECT_NE(md.find("| &lt;b&gt;x&lt;/b&gt;\\|\\[y\\](z)\\\\tq | 1.00 ms |"), std::string::npos) << md;
    EXPECT_EQ(md.find("<script>"), std::string::npos) << md;
    EXPECT_NE(md.find("FAILED  \\`\\`\\`: fence \\`\\`\\` then &lt;script&gt;  \n"), std::string::npos) << md;
    const std::string csv = csv_table(run, {.columns = {"median"}});
    EXPECT_NE(csv.find("\n<b>x</b>|[y](z)\tq,0.001,ok\n"), std::string::npos) << csv;
}

TEST(ResultsTable, UncheckedTargetsAreSaidNotPassed) {
    pace::Run run;
    Result r = timed("copy", {}, {1e-3, 1e-3, 1e-3});
    r.targets.push_back({"peak <= 1024 B", false, "not checked: --no-memory skips the memory pass", false});
    run.results = {r};
    std::string table = console_table(run, {.columns = {"median"}});
    EXPECT_EQ(line_of(table, "copy").find("("), std::string::npos) << table;  // not marked as missed
    EXPECT_NE(table.find("UNCHECKED copy: peak <= 1024 B (not checked: --no-memory skips the memory pass)"),
              std::string::npos)
        << table;
    EXPECT_EQ(table.find("MISSED"), std::string::npos) << table;
}

TEST(ResultsTable, TargetsAreSummedUpInOneBlock) {
    pace::Run run;
    Result fast = timed("fast", {}, {1e-3, 1e-3, 1e-3});
    fast.targets.push_back({"median <= 2 ms", true, "median was 1.00 ms"});
    Result slow = timed("slow", {}, {2e-3, 2e-3, 2e-3});
    slow.targets.push_back({"median <= 1 ms", false, "median was 2.00 ms"});
    slow.targets.push_back({"peak <= 1024 B", false, "not checked: --no-memory skips the memory pass", false});
    slow.status = Status::failed;
    slow.message = "median <= 1 ms missed: median was 2.00 ms";
    run.results = {fast, slow};
    EXPECT_NE(console_table(run, {.columns = {"median"}})
                  .find("targets: 1 met, 1 missed, 1 not checked\n"
                        "  met       fast: median <= 2 ms (median was 1.00 ms)\n"
                        "  MISSED    slow: median <= 1 ms (median was 2.00 ms)\n"
                        "  UNCHECKED slow: peak <= 1024 B (not checked: --no-memory skips the memory pass)\n"),
              std::string::npos)
        << console_table(run, {.columns = {"median"}});
    EXPECT_EQ(targets_text(pace::Run{}), "");
}

TEST(ResultsTable, HardwareCountsHaveColumnsWhenPresent) {
    pace::Run run;
    Result r = timed("hash", {}, {1e-6, 1e-6, 1e-6});
    run.results = {r};
    EXPECT_EQ(console_table(run, {}).find("Cycles"), std::string::npos);
    run.results[0].counters["cycles"] = 3120;
    run.results[0].counters["cache_misses"] = 2;
    std::string table = console_table(run, {});
    EXPECT_NE(table.find("Cycles"), std::string::npos) << table;
    EXPECT_NE(table.find("Cache misses"), std::string::npos) << table;
    EXPECT_NE(table.find("3,120"), std::string::npos) << table;
}

// cv is not a default column; --columns cv shows it as a percentage.
TEST(ResultsTable, CvColumnWhenAsked) {
    pace::Run run;
    run.results.push_back(timed("a", {}, {1.0, 2.0, 3.0}));  // mean 2 s, stddev 1 s
    EXPECT_EQ(console_table(run, {}).find("CV"), std::string::npos);
    const std::string table = console_table(run, {.columns = {"mean", "cv"}});
    EXPECT_NE(table.find("CV"), std::string::npos) << table;
    EXPECT_NE(line_of(table, "a").find("50.0%"), std::string::npos) << table;
}

TEST(ResultsTable, ResultLines) {
    Result r = timed("sort", {{"n", DimValue(std::int64_t{1000})}}, {3.7e-6, 3.8e-6, 3.9e-6});
    r.time->iterations = 1337;
    EXPECT_EQ(result_line(r), "done    sort[n=1000]  median 3.80 µs  (3 rounds × 1,337 calls)");
    r.precision = 0.009;
    EXPECT_EQ(result_line(r), "done    sort[n=1000]  median 3.80 µs ±0.9%  (3 rounds × 1,337 calls)");
    Result counted;
    counted.id = "hash";
    counted.counters["instructions"] = 2057;
    EXPECT_EQ(result_line(counted), "done    hash  2,057 instructions");
    Result failed;
    failed.id = "parse";
    failed.status = Status::failed;
    failed.message = "exception: boom";
    EXPECT_EQ(result_line(failed), "FAILED  parse: exception: boom");
}

}  // namespace
}  // namespace pace::report
