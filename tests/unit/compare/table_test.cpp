// SPDX-License-Identifier: Apache-2.0
#include "compare/table.hpp"

#include <cstdio>

#include <gtest/gtest.h>

#include "run_builder.hpp"

namespace pace {
namespace {

using testing::aggregate;
using testing::make_run;
using testing::with_memory;

TEST(Table, UnitsPerTable) {
    std::vector<pace::Run> runs = {make_run({aggregate("a", 0.002), aggregate("b", 1.5)}),
                             make_run({aggregate("a", 0.003)})};
    Diff diff = diff_runs(runs, {"base", "cand"}, {.metric = "mean"});
    EXPECT_EQ(choose_unit(diff).name, "ms");
    std::string table = render_table(diff, {});
    EXPECT_EQ(table,
              "mean (ms)\n"
              "id       base     cand  change\n"
              "──────────────────────────────\n"
              "a      2.0000   3.0000  +50.0%\n"
              "b   1500.0000  missing       —\n"
              "1 of 2 ids lack mean in some run (missing: not in that run)\n"
              "a side has no samples: the threshold alone decides\n");
}

// A benchmark that vanished, one that broke and one that does not carry the
// metric are three different things, and the table says which.
TEST(Table, TellsMissingFromFailed) {
    Result broke = aggregate("b", 1.0);
    broke.status = Status::failed;
    broke.message = "boom";
    Result skipped = aggregate("d", 1.0);
    skipped.status = Status::skipped;
    std::vector<pace::Run> runs = {make_run({aggregate("a", 1.0), aggregate("b", 1.0), with_memory("c", 1, 1),
                                             aggregate("d", 1.0), aggregate("e", 1.0)}),
                                   make_run({aggregate("a", 1.0), broke, aggregate("c", 1.0), skipped})};
    Diff diff = diff_runs(runs, {"base", "cand"}, {.metric = "mean"});
    std::string table = render_table(diff, {});
    EXPECT_EQ(table,
              "mean (s)\n"
              "id    base     cand  change\n"
              "───────────────────────────\n"
              "a   1.0000   1.0000   +0.0%\n"
              "b   1.0000   FAILED       —\n"
              "c        —   1.0000       —\n"
              "d   1.0000  skipped       —\n"
              "e   1.0000  missing       —\n"
              "4 of 5 ids lack mean in some run (missing: not in that run; FAILED: the benchmark failed in that run; "
              "skipped: skipped in that run; —: the result does not carry mean)\n"
              "a side has no samples: the threshold alone decides\n");
    EXPECT_NE(render_markdown(diff, {}).find("| e | 1.0000 | missing | — |\n"), std::string::npos);
    // CSV keeps raw numbers: no value is an empty field.
    EXPECT_NE(render_csv(diff).find("\nb,1,,,\n"), std::string::npos) << render_csv(diff);
}

TEST(Table, BytesAndMarkdown) {
    std::vector<pace::Run> runs = {make_run({with_memory("x|y", 3 << 20, 4)}), make_run({with_memory("x|y", 4 << 20, 4)})};
    Diff diff = diff_runs(runs, {"base", "cand"}, {.metric = "peak"});
    EXPECT_EQ(choose_unit(diff).name, "MiB");
    std::string md = render_markdown(diff, {});
    EXPECT_EQ(md,
              "**peak (MiB)**\n\n"
              "| id | base | cand | change |\n"
              "|:---|---:|---:|---:|\n"
              "| x\\|y | 3.00 | 4.00 | +33.3% |\n");
    EXPECT_EQ(render_csv(diff), "id,base,cand,change_cand_percent,p_cand\nx|y,3145728,4194304,33.333333333333314,\n");
    Diff counts = diff_runs(runs, {"base", "cand"}, {.metric = "allocations"});
    EXPECT_EQ(choose_unit(counts).name, "");
    EXPECT_EQ(choose_unit(counts).decimals, 0);
}

TEST(Table, ColourOnlyWhenAsked) {
    std::vector<pace::Run> runs = {make_run({aggregate("a", 1.0)}), make_run({aggregate("a", 2.0)})};
    Diff diff = diff_runs(runs, {"base", "cand"}, {.metric = "mean"});
    auto s = *parse_threshold("mean:10%");
    GateVerdict v = evaluate_gate(runs, {"base", "cand"}, std::span(&s, 1), {});
    EXPECT_EQ(render_table(diff, {.color = false, .flagged = v.regressions}).find('\x1b'), std::string::npos);
    EXPECT_NE(render_table(diff, {.color = true, .flagged = v.regressions}).find('\x1b'), std::string::npos);
    EXPECT_NE(render_markdown(diff, {.flagged = v.regressions}).find("**+100.0%**"), std::string::npos);
}

// A regression marks its own id in its own run only, and only in a table of
// its metric: red and bold on a terminal, bold in Markdown.
TEST(Table, FlagsEachRegressionWhereItIs) {
    std::vector<pace::Run> runs = {make_run({aggregate("a", 1.0), aggregate("b", 1.0)}),
                                   make_run({aggregate("a", 2.0), aggregate("b", 1.0)}),
                                   make_run({aggregate("a", 1.0), aggregate("b", 2.0)})};
    const std::vector<std::string> labels = {"base", "one", "two"};
    auto spec = *parse_threshold("mean:10%");
    GateVerdict v = evaluate_gate(runs, labels, std::span(&spec, 1), {});
    ASSERT_EQ(v.regressions.size(), 2u);

    Diff diff = diff_runs(runs, labels, {.metric = "mean"});
    const std::string md = render_markdown(diff, {.flagged = v.regressions});
    EXPECT_NE(md.find("| a | 1.0000 | 2.0000 | 1.0000 | **+100.0%** | +0.0% |"), std::string::npos) << md;
    EXPECT_NE(md.find("| b | 1.0000 | 1.0000 | 2.0000 | +0.0% | **+100.0%** |"), std::string::npos) << md;

    const std::string red = "\x1b[1m\x1b[31m";
    const std::string table = render_table(diff, {.color = true, .flagged = v.regressions});
    std::size_t marks = 0;
    for (std::size_t at = table.find(red); at != std::string::npos; at = table.find(red, at + 1)) ++marks;
    EXPECT_EQ(marks, 2u) << table;
    const std::size_t line_a = table.find("\na "), line_b = table.find("\nb ");
    ASSERT_NE(line_a, std::string::npos);
    ASSERT_NE(line_b, std::string::npos);
    // Row a: its first change column is flagged; row b: its second.
    const std::string row_a = table.substr(line_a + 1, table.find('\n', line_a + 1) - line_a - 1);
    const std::string row_b = table.substr(line_b + 1, table.find('\n', line_b + 1) - line_b - 1);
    EXPECT_LT(row_a.find(red), row_a.find("+0.0%")) << row_a;
    EXPECT_GT(row_b.find(red), row_b.find("+0.0%")) << row_b;

    // A table of another metric marks nothing.
    Diff medians = diff_runs(runs, labels, {.metric = "median"});
    EXPECT_EQ(render_markdown(medians, {.flagged = v.regressions}).find("**+"), std::string::npos);
}

// A table long enough to be formatted on several threads reads as one made
// row by row: every line in its place, every column aligned.
TEST(Table, LongTablesKeepRowsInPlace) {
    std::vector<Result> base, cand;
    for (int i = 0; i < 3000; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "id%05d", i);
        base.push_back(aggregate(id, (1000 + i) / 1000.0));
        cand.push_back(aggregate(id, 2 * (1000 + i) / 1000.0));
    }
    std::vector<pace::Run> runs = {make_run(base), make_run(cand)};
    const std::string table = render_table(diff_runs(runs, {"base", "cand"}, {.metric = "mean"}), {});
    std::vector<std::string> lines;
    for (std::size_t start = 0, end; (end = table.find('\n', start)) != std::string::npos; start = end + 1)
        lines.push_back(table.substr(start, end - start));
    ASSERT_GE(lines.size(), 3003u);
    EXPECT_EQ(lines[0], "mean (s)");
    EXPECT_EQ(lines[1], "id         base    cand   change");
    for (int i = 0; i < 3000; ++i) {
        char expected[96];
        std::snprintf(expected, sizeof expected, "id%05d  %.4f  %.4f  +100.0%%", i, (1000 + i) / 1000.0,
                      2 * (1000 + i) / 1000.0);
        ASSERT_EQ(lines[3 + i], expected) << "row " << i;
    }
}

}  // namespace
}  // namespace pace
