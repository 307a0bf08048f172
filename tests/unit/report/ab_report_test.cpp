// SPDX-License-Identifier: Apache-2.0
// pace ab's report: ids holding control characters or markup keep the table's
// columns and the comment's rows intact; the noise column says what was measured.
#include <gtest/gtest.h>

#include <string>  // std::string

#include "report/ab_report.hpp"

namespace pace {
namespace {

PairedComparison with_hostile_ids() {
    PairedComparison c;
    c.metric = "instructions";
    PairedResult moved;
    moved.id = "parse\tjson\nrow";
    moved.verdict = PairedVerdict::slower;
    moved.base_median_s = 1000;
    moved.cand_median_s = 1100;
    moved.change = 0.1;
    PairedResult broke;
    broke.id = "<b>broke</b>";
    broke.verdict = PairedVerdict::failed;
    broke.failure = "candidate: exit 3\nsecond line";
    c.results = {moved, broke};
    c.only_base = {"gone\x1b[31m"};
    return c;
}

TEST(PairedReport, ConsoleShowsControlCharactersEscaped) {
    const std::string text = report::render_paired(with_hostile_ids(), false);
    EXPECT_NE(text.find("parse\\tjson\\nrow"), std::string::npos) << text;
    EXPECT_EQ(text.find('\t'), std::string::npos) << text;
    EXPECT_EQ(text.find('\x1b'), std::string::npos) << text;
    EXPECT_NE(text.find("failed: <b>broke</b>: candidate: exit 3\\nsecond line"), std::string::npos) << text;
    // Every table line is as wide as the header: one line per row.
    const std::string header = text.substr(0, text.find('\n'));
    const std::string first_row = text.substr(header.size() + 1, text.find('\n', header.size() + 1) - header.size() - 1);
    EXPECT_EQ(first_row.rfind("parse", 0), 0u) << text;
}

TEST(PairedReport, MarkdownEscapesMarkupAndKeepsRowsWhole) {
    const std::string text = report::render_paired(with_hostile_ids(), true);
    EXPECT_EQ(text.find("<b>"), std::string::npos) << text;
    EXPECT_NE(text.find("&lt;b&gt;broke&lt;/b&gt;"), std::string::npos) << text;
    // The row of the moved benchmark is one line of the table.
    std::size_t row = text.find("| parse");
    ASSERT_NE(row, std::string::npos) << text;
    const std::string line = text.substr(row, text.find('\n', row) - row);
    EXPECT_NE(line.find("+10"), std::string::npos) << text;
}

// A time comparison whose process pairs made `samples_per_pair` sample pairs each.
PairedComparison timed(std::size_t samples_per_pair) {
    PairedComparison c;
    PairedResult r;
    r.id = "sort";
    r.verdict = PairedVerdict::slower;
    r.base_median_s = 0.010;
    r.cand_median_s = 0.011;
    r.change = 0.1;
    r.low = 0.05;
    r.high = 0.15;
    r.pairs = 30;
    r.samples = 30 * samples_per_pair;
    r.within_pair = samples_per_pair > 1 ? 0.012 : 0;
    r.between_pairs = 0.034;
    c.results = {r};
    return c;
}

TEST(PairedReport, NoiseWithinPairsShownWhenPairsHoldSeveralSamples) {
    const std::string text = report::render_paired(timed(5), false);
    EXPECT_NE(text.find("Noise within / between pairs"), std::string::npos) << text;
    EXPECT_NE(text.find("±1.2% / ±3.4%"), std::string::npos) << text;
}

// pace cmd --ab: a pair is one run of each command, so nothing is measured
// within it; the column would read ±0.0% for every row.
TEST(PairedReport, OneSamplePerPairShowsTheNoiseBetweenPairsOnly) {
    const std::string text = report::render_paired(timed(1), false);
    EXPECT_EQ(text.find("within"), std::string::npos) << text;
    EXPECT_NE(text.find("Noise between pairs"), std::string::npos) << text;
    EXPECT_NE(text.find("±3.4%"), std::string::npos) << text;
    EXPECT_EQ(text.find("±0.0%"), std::string::npos) << text;
}

}  // namespace
}  // namespace pace
