// SPDX-License-Identifier: Apache-2.0
// Text in the cells of a table, as each output format needs it: ids and
// messages come from files anyone wrote, so they may hold tabs, newlines,
// escape sequences, invalid UTF-8, wide (CJK) characters or markup, none of
// which may break a table's columns, split its rows or turn into a link. Every
// table pace prints (the results table, the compare table, pace ab's) goes
// through these, so each format is escaped one way everywhere.
#pragma once

#include <cstddef>      // std::size_t
#include <string>       // std::string
#include <string_view>  // std::string_view

namespace pace {

/// `text` with every control character shown as an escape (`\n`, `\t`, `\r`,
/// `\\x1b`, `\\u0085`) and every byte that is not UTF-8 as `\\xNN`, so what
/// is printed is one line of valid UTF-8 that draws nothing it should not.
/// Printable text, backslashes included, is left as it is.
std::string escape_control(std::string_view text);

/// Columns a terminal gives `text` (valid UTF-8 without control characters):
/// 2 for East Asian wide and fullwidth characters (CJK, Hangul, emoji), 0 for
/// combining marks and zero-width characters, 1 for the rest.
std::size_t display_width(std::string_view text);

/// `text` cut to at most `width` columns by dropping its middle for `…`, so
/// both the start (the benchmark's name) and the end (its dims) stay readable.
/// Text that fits is returned unchanged; never cuts a character in two.
std::string elide_middle(std::string_view text, std::size_t width);

/// Which side of its column a cell keeps to.
enum class Align { left, right };

/// `text` filled with spaces to `width` columns (by display_width), on the
/// right for Align::left, on the left for Align::right. Text as wide as
/// `width` or wider is returned unchanged.
std::string pad(std::string_view text, std::size_t width, Align align);

/// `text` as the content of a GitHub-flavoured Markdown table cell that shows
/// it literally: control characters escaped as escape_control does (a newline
/// never splits a row), `&`, `<` and `>` as HTML entities (no tag or entity
/// reaches the page), and a backslash before each character Markdown reads as
/// markup (the backslash, the backtick and * _ [ ] | ~ $ @ #), so `[x](y)` is
/// no link, `|` no new column and `@name` no mention.
std::string markdown_cell(std::string_view text);

/// `text` as one CSV field (RFC 4180): quoted, with its quotes doubled, when
/// it holds a comma, a quote or a line break; as it is otherwise. The text is
/// kept byte for byte (CSV is read by programs, not terminals), except that a
/// field a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return, and not a number) gets a leading `'`, as
/// spreadsheets themselves write text: a benchmark named `=HYPERLINK(...)`
/// stays a name.
std::string csv_field(std::string_view text);

}  // namespace pace
