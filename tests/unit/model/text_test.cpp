// SPDX-License-Identifier: Apache-2.0
// Cell text per format: each character class a hostile id may carry, escaped
// the way its format needs, and widths as a terminal draws them.
#include "model/text.hpp"

#include <gtest/gtest.h>

namespace pace {
namespace {

TEST(EscapeControl, ShowsControlCharactersAsEscapes) {
    EXPECT_EQ(escape_control("a\tb\nc\rd"), "a\\tb\\nc\\rd");
    EXPECT_EQ(escape_control("\x1b[31mred"), "\\x1b[31mred");  // no colour, no cursor move
    EXPECT_EQ(escape_control("x\x7fy"), "x\\x7fy");
    EXPECT_EQ(escape_control("next\xc2\x85line"), "next\\u0085line");  // C1 control (NEL)
    EXPECT_EQ(escape_control("bad\xff"), "bad\\xff");                  // not UTF-8
    EXPECT_EQ(escape_control("\xe6\x97\xa5 \\ \xc2\xb5s"), "\xe6\x97\xa5 \\ \xc2\xb5s");  // printable text as it is
}

TEST(DisplayWidth, CountsColumnsPerCodePoint) {
    EXPECT_EQ(display_width(""), 0u);
    EXPECT_EQ(display_width("sort/std[n=1000]"), 16u);
    EXPECT_EQ(display_width("\xc2\xb5s"), 2u);                         // µs: two bytes, one column
    EXPECT_EQ(display_width("\xe2\x80\x94"), 1u);                      // — (U+2014)
    EXPECT_EQ(display_width("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"), 6u);  // 日本語: wide
    EXPECT_EQ(display_width("\xed\x95\x9c\xea\xb5\xad"), 4u);          // 한국: Hangul, wide
    EXPECT_EQ(display_width("\xef\xbc\xa1"), 2u);                      // Ａ: fullwidth
    EXPECT_EQ(display_width("\xf0\x9f\x9a\x80"), 2u);                  // 🚀: emoji
    EXPECT_EQ(display_width("e\xcc\x81"), 1u);                         // e + combining acute
    EXPECT_EQ(display_width("a\xe2\x80\x8b" "b"), 2u);                 // zero-width space
    EXPECT_EQ(display_width("\xff" "a"), 2u);  // a stray byte draws one replacement character
    // What escape_control makes of control characters is as wide as it is long.
    EXPECT_EQ(display_width(escape_control("a\tb")), 4u);
}

TEST(ElideMiddle, KeepsBothEndsAndWholeCharacters) {
    EXPECT_EQ(elide_middle("abcdefghij", 10), "abcdefghij");
    EXPECT_EQ(elide_middle("abcdefghij", 5), "ab\xe2\x80\xa6ij");
    EXPECT_EQ(elide_middle("abcdefghij", 6), "ab\xe2\x80\xa6hij");  // the end (the dims) gets the odd column
    // 日本語日本語 (12 columns) in 5: one wide character each side of the …
    EXPECT_EQ(elide_middle("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 5),
              "\xe6\x97\xa5\xe2\x80\xa6\xe8\xaa\x9e");
    EXPECT_EQ(display_width(elide_middle("BM_sort/very/long/name/with/many/parts/4096", 20)), 20u);
}

TEST(Pad, FillsToTheDisplayWidth) {
    EXPECT_EQ(pad("ab", 4, Align::right), "  ab");
    EXPECT_EQ(pad("ab", 4, Align::left), "ab  ");
    EXPECT_EQ(pad("\xe6\x97\xa5\xe6\x9c\xac", 5, Align::left), "\xe6\x97\xa5\xe6\x9c\xac ");  // 日本: 4 columns
    EXPECT_EQ(pad("e\xcc\x81", 2, Align::right), " e\xcc\x81");
    EXPECT_EQ(pad("toolong", 3, Align::left), "toolong");
}

TEST(MarkdownCell, EscapesHtmlAsEntities) {
    EXPECT_EQ(markdown_cell("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
    EXPECT_EQ(markdown_cell("a&b"), "a&amp;b");
    EXPECT_EQ(markdown_cell("&lt;"), "&amp;lt;");  // an entity in a name stays text
}

TEST(MarkdownCell, EscapesMarkdownWithBackslashes) {
    EXPECT_EQ(markdown_cell("[link](https://x.example)"), "\\[link\\](https://x.example)");
    EXPECT_EQ(markdown_cell("![img](x)"), "!\\[img\\](x)");
    EXPECT_EQ(markdown_cell("sort/std (failed)"), "sort/std (failed)");
    EXPECT_EQ(markdown_cell("a|b"), "a\\|b");
    EXPECT_EQ(markdown_cell("`code`"), "\\`code\\`");
    EXPECT_EQ(markdown_cell("*bold*"), "\\*bold\\*");
    EXPECT_EQ(markdown_cell("_em_"), "\\_em\\_");
    EXPECT_EQ(markdown_cell("~~gone~~"), "\\~\\~gone\\~\\~");
    EXPECT_EQ(markdown_cell("$x^2$"), "\\$x^2\\$");
    EXPECT_EQ(markdown_cell("@team #1"), "\\@team \\#1");
    EXPECT_EQ(markdown_cell("a\\b"), "a\\\\b");
    EXPECT_EQ(markdown_cell("sort/std[n=1000] 1.5 \xc2\xb5s -3.0%"), "sort/std\\[n=1000\\] 1.5 \xc2\xb5s -3.0%");
}

TEST(MarkdownCell, NeverSplitsARow) {
    const std::string cell = markdown_cell("one\ntwo\r\tthree\x1b[0m");
    EXPECT_EQ(cell.find_first_of("\n\r\t\x1b"), std::string::npos) << cell;
    // The escape's backslash is itself escaped, so the page shows `\n`.
    EXPECT_EQ(cell, "one\\\\ntwo\\\\r\\\\tthree\\\\x1b\\[0m");
}

TEST(CsvField, QuotesOnlyWhatNeedsIt) {
    EXPECT_EQ(csv_field("plain"), "plain");
    EXPECT_EQ(csv_field("<b>|*_"), "<b>|*_");  // CSV is data: markup stays as it is
    EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
    EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csv_field("line\nbreak"), "\"line\nbreak\"");
    EXPECT_EQ(csv_field("cr\r"), "\"cr\r\"");
    // Formulas stay text; numbers stay numbers.
    EXPECT_EQ(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    EXPECT_EQ(csv_field("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(csv_field("-2+3"), "'-2+3");
    EXPECT_EQ(csv_field("+cmd|x"), "'+cmd|x");
    EXPECT_EQ(csv_field("\tx"), "'\tx");
    EXPECT_EQ(csv_field("-1.5"), "-1.5");
    EXPECT_EQ(csv_field("+2e-3"), "+2e-3");
    EXPECT_EQ(csv_field("-"), "'-");
    EXPECT_EQ(csv_field(""), "");
}

}  // namespace
}  // namespace pace
