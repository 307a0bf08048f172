// SPDX-License-Identifier: Apache-2.0
// Benchmark ids and messages as a terminal shows them: ids come from files
// anyone wrote, so they may hold tabs, newlines, escape sequences, invalid
// UTF-8 or wide (CJK) characters, none of which may break a table's columns.
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

}  // namespace pace
