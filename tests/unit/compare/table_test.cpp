// SPDX-License-Identifier: Apache-2.0
#include "compare/table.hpp"

#include <cstdio>

#include <gtest/gtest.h>

#include "model/text.hpp"  // display_width: columns as a terminal draws them
#include "run_builder.hpp"

namespace pace {
namespace {

using testing::aggregate;
using testing::make_run;
using testing::with_memory;

// One unit per row, chosen from the row's own values: a 2 ms row, a 1.5 s
// row and a 5 ns row each read in 3 or 4 significant digits.
TEST(Table, UnitPerRow) {
    std::vector<pace::Run> runs = {make_run({aggregate("a", 0.002), aggregate("b", 1.5), aggregate("c", 5e-9)}),
                                   make_run({aggregate("a", 0.003), aggregate("c", 5.5e-9)})};
    Diff diff = diff_runs(runs, {"base", "cand"}, {.metric = "mean"});
    ASSERT_EQ(diff.rows.size(), 3u);
    EXPECT_EQ(row_unit(diff, diff.rows[0]).name, "ms");
    EXPECT_EQ(row_unit(diff, diff.rows[1]).name, "s");
    EXPECT_EQ(row_unit(diff, diff.rows[2]).name, "ns");
    std::string table = render_table(diff, {});
    EXPECT_EQ(table,
              "mean\n"
              "id     base     cand  change\n"
              "────────────────────────────\n"
              "a   2.00 ms  3.00 ms  +50.0%\n"
              "b    1.50 s  missing       —\n"
              "c   5.00 ns  5.50 ns  +10.0%\n"
              "1 of 3 ids lack mean in some run (missing: not in that run)\n"
              "a side has no samples: the threshold alone decides\n");
}

// A 20 ms command beside a 5 ns benchmark: neither is 19987788.0000 ns nor 0.0000 ms.
TEST(Table, MixedMagnitudesStayShort) {
    std::vector<pace::Run> runs = {make_run({aggregate("cmd", 0.019987788), aggregate("fast", 5.4559e-9)}),
                                   make_run({aggregate("cmd", 0.0201), aggregate("fast", 5.4e-9)})};
    const std::string table = render_table(diff_runs(runs, {"base", "cand"}, {.metric = "mean"}), {});
    EXPECT_NE(table.find("cmd   20.0 ms  20.1 ms   +0.6%\n"), std::string::npos) << table;
    EXPECT_NE(table.find("fast  5.46 ns  5.40 ns   -1.0%\n"), std::string::npos) << table;
}

// Rows in the results table's order: numeric dims by value, which text order reverses.
TEST(Table, DimsInNumericOrder) {
    auto with_dim = [](const std::string& name, const std::string& dim, std::int64_t n, const std::string& id) {
        Result r = aggregate(id, 1e-6 * static_cast<double>(n));
        r.name = name;
        r.dims = {{dim, n}};
        return r;
    };
    std::vector<Result> results = {with_dim("BM_sort", "arg0", 32768, "BM_sort/32768"),
                                   with_dim("BM_sort", "arg0", 4096, "BM_sort/4096"),
                                   with_dim("sort", "n", 10000, "sort[n=10000]"),
                                   with_dim("sort", "n", 1000, "sort[n=1000]")};
    std::vector<pace::Run> runs = {make_run(results), make_run(results)};
    Diff diff = diff_runs(runs, {"base", "cand"}, {.metric = "mean"});
    std::vector<std::string> ids;
    for (const DiffRow& row : diff.rows) ids.push_back(row.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"BM_sort/4096", "BM_sort/32768", "sort[n=1000]", "sort[n=10000]"}));

    // pytest-benchmark's ids: a file's benchmarks together, in file order,
    // although their names (the last part) sort the other way.
    std::vector<Result> pytest = {with_dim("test_a", "n", 100, "tests/b.py::test_a[n=100]"),
                                  with_dim("test_z", "n", 100, "tests/a.py::test_z[n=100]"),
                                  with_dim("test_z", "n", 20, "tests/a.py::test_z[n=20]")};
    std::vector<pace::Run> files = {make_run(pytest), make_run(pytest)};
    ids.clear();
    for (const DiffRow& row : diff_runs(files, {"base", "cand"}, {.metric = "mean"}).rows) ids.push_back(row.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"tests/a.py::test_z[n=20]", "tests/a.py::test_z[n=100]",
                                             "tests/b.py::test_a[n=100]"}));
}

// Names from a file are text in a pull-request comment, never markup: no tag,
// no link, no new column, no new row.
TEST(Table, MarkdownEscapesHostileIds) {
    std::vector<pace::Run> runs = {
        make_run({aggregate("<img src=x onerror=alert(1)>", 1.0), aggregate("[link](https://x.example)", 1.0),
                  aggregate("a|b\nc `d` *e* _f_", 1.0)}),
        make_run({aggregate("<img src=x onerror=alert(1)>", 1.0), aggregate("[link](https://x.example)", 1.0),
                  aggregate("a|b\nc `d` *e* _f_", 1.0)})};
    const std::string md = render_markdown(diff_runs(runs, {"base", "cand"}, {.metric = "mean"}), {});
    EXPECT_EQ(md,
              "**mean**\n\n"
              "| id | base | cand | change |\n"
              "|:---|---:|---:|---:|\n"
              "| &lt;img src=x onerror=alert(1)&gt; | 1.00 s | 1.00 s | +0.0% |\n"
              "| \\[link\\](https://x.example) | 1.00 s | 1.00 s | +0.0% |\n"
              "| a\\|b\\\\nc \\`d\\` \\*e\\* \\_f\\_ | 1.00 s | 1.00 s | +0.0% |\n"
              "\n"
              "a side has no samples: the threshold alone decides  \n");
}

// On a terminal an id too long for what the figures leave loses its middle;
// in a file or a pipe (no width) it is whole.
TEST(Table, ElidesLongIdsOnlyWithAWidth) {
    const std::string id = "BM_a_very_long_benchmark_name_that_goes_on/and/on/and/on/with/many/parts/4096";
    std::vector<pace::Run> runs = {make_run({aggregate(id, 1.0)}), make_run({aggregate(id, 1.0)})};
    Diff diff = diff_runs(runs, {"base", "cand"}, {.metric = "mean"});
    const std::string full = render_table(diff, {});
    EXPECT_NE(full.find(id + "  1.00 s  1.00 s   +0.0%"), std::string::npos) << full;

    const std::string narrow = render_table(diff, {.color = false, .flagged = {}, .width = 60});
    // 60 columns less the figures' 3 × (2 + 6): 36 for the id.
    EXPECT_NE(narrow.find("BM_a_very_long_be\xe2\x80\xa6th/many/parts/4096  1.00 s  1.00 s   +0.0%"), std::string::npos)
        << narrow;
    EXPECT_EQ(narrow.find(id), std::string::npos);
    // Never narrower than 24 columns for the id, however narrow the terminal.
    const std::string tiny = render_table(diff, {.color = false, .flagged = {}, .width = 10});
    EXPECT_NE(tiny.find("BM_a_very_l\xe2\x80\xa6y/parts/4096  1.00 s"), std::string::npos) << tiny;
}

// Tabs, newlines and escape sequences are shown escaped; wide and combining
// characters take the columns a terminal gives them, so every row lines up.
TEST(Table, ControlAndWideCharactersKeepColumnsAligned) {
    const std::vector<std::string> ids = {"tab\there", "new\nline", "esc\x1b[31m", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
                                          "cafe\xcc\x81"};
    std::vector<Result> results;
    for (const std::string& id : ids) results.push_back(aggregate(id, 1.0));
    std::vector<pace::Run> runs = {make_run(results), make_run(results)};
    const std::string table = render_table(diff_runs(runs, {"base", "cand"}, {.metric = "mean"}), {});
    EXPECT_EQ(table.find('\t'), std::string::npos);
    EXPECT_EQ(table.find('\x1b'), std::string::npos);
    EXPECT_NE(table.find("tab\\there "), std::string::npos) << table;
    EXPECT_NE(table.find("new\\nline "), std::string::npos) << table;
    EXPECT_NE(table.find("esc\\x1b[31m "), std::string::npos) << table;
    // Header, rule and the five rows: all as wide as the header.
    std::vector<std::string> lines;
    for (std::size_t start = 0, end; (end = table.find('\n', start)) != std::string::npos; start = end + 1)
        lines.push_back(table.substr(start, end - start));
    ASSERT_GE(lines.size(), 8u);
    for (std::size_t i = 2; i < 8; ++i) EXPECT_EQ(display_width(lines[i]), display_width(lines[1])) << lines[i];
    EXPECT_NE(table.find("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e       1.00 s"), std::string::npos) << table;
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
              "mean\n"
              "id    base     cand  change\n"
              "───────────────────────────\n"
              "a   1.00 s   1.00 s   +0.0%\n"
              "b   1.00 s   FAILED       —\n"
              "c        —   1.00 s       —\n"
              "d   1.00 s  skipped       —\n"
              "e   1.00 s  missing       —\n"
              "4 of 5 ids lack mean in some run (missing: not in that run; FAILED: the benchmark failed in that run; "
              "skipped: skipped in that run; —: the result does not carry mean)\n"
              "a side has no samples: the threshold alone decides\n");
    EXPECT_NE(render_markdown(diff, {}).find("| e | 1.00 s | missing | — |\n"), std::string::npos);
    // CSV keeps raw numbers: no value is an empty field.
    EXPECT_NE(render_csv(diff).find("\nb,1,,,\n"), std::string::npos) << render_csv(diff);
}

TEST(Table, BytesAndMarkdown) {
    std::vector<pace::Run> runs = {make_run({with_memory("x|y", 3 << 20, 4)}), make_run({with_memory("x|y", 4 << 20, 4)})};
    Diff diff = diff_runs(runs, {"base", "cand"}, {.metric = "peak"});
    EXPECT_EQ(row_unit(diff, diff.rows[0]).name, "MiB");
    std::string md = render_markdown(diff, {});
    EXPECT_EQ(md,
              "**peak**\n\n"
              "| id | base | cand | change |\n"
              "|:---|---:|---:|---:|\n"
              "| x\\|y | 3.00 MiB | 4.00 MiB | +33.3% |\n");
    EXPECT_EQ(render_csv(diff), "id,base,cand,change_cand_percent,p_cand\nx|y,3145728,4194304,33.333333333333314,\n");
    Diff counts = diff_runs(runs, {"base", "cand"}, {.metric = "allocations"});
    EXPECT_EQ(row_unit(counts, counts.rows[0]).name, "");
    EXPECT_NE(render_table(counts, {}).find("x|y     4     4   +0.0%"), std::string::npos) << render_table(counts, {});
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
    EXPECT_NE(md.find("| a | 1.00 s | 2.00 s | 1.00 s | **+100.0%** | +0.0% |"), std::string::npos) << md;
    EXPECT_NE(md.find("| b | 1.00 s | 1.00 s | 2.00 s | +0.0% | **+100.0%** |"), std::string::npos) << md;

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
    EXPECT_EQ(lines[0], "mean");
    EXPECT_EQ(lines[1], "id         base    cand   change");
    for (int i = 0; i < 3000; ++i) {
        char expected[96];
        std::snprintf(expected, sizeof expected, "id%05d  %.2f s  %.2f s  +100.0%%", i, (1000 + i) / 1000.0,
                      2 * (1000 + i) / 1000.0);
        ASSERT_EQ(lines[3 + i], expected) << "row " << i;
    }
}

}  // namespace
}  // namespace pace
