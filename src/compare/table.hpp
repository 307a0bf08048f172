// SPDX-License-Identifier: Apache-2.0
// The comparison table in three forms: a console table, a Markdown table for a
// pull-request comment or a CI job summary, and CSV with the raw numbers.
#pragma once

#include <cstddef>  // std::size_t
#include <span>    // std::span
#include <string>  // std::string

#include "compare/diff.hpp"
#include "compare/gate.hpp"
#include "model/units.hpp"  // units::Unit: the unit of a row

namespace pace {

/// The unit a row shows its values in, chosen from the row's own values: the
/// one that shows the smallest non-zero value of the row as at least 1 (ns,
/// µs, ms, s for times; B, KiB, MiB, GiB for sizes; /s, K/s, M/s, G/s for
/// rates; no unit for counts). One unit per row keeps a 20 ms command and a
/// 5 ns benchmark short in one table, and a row's figures comparable at a glance.
units::Unit row_unit(const Diff& diff, const DiffRow& row);

/// How a table is drawn.
struct TableOptions {
    bool color = false;                    ///< ANSI colour (the caller checks the terminal and NO_COLOR)
    std::span<const Regression> flagged;  ///< regressions to mark in the change column
    /// Columns the console table may take (a terminal's width): ids too long
    /// for what the other columns leave are elided in the middle (never below
    /// 24 columns). 0 (a file or a pipe): ids in full.
    std::size_t width = 0;
};

/// The console table: a heading naming the metric, one row per id (control
/// characters escaped, columns aligned by display width), each value with its
/// row's unit, `—` for missing values, then notes (ids not in every run, what
/// p means).
std::string render_table(const Diff& diff, const TableOptions& options);

/// The same as a GitHub-flavoured Markdown table with its notes; every cell
/// escaped (markdown_cell), so no name becomes markup, a link or a new row.
std::string render_markdown(const Diff& diff, const TableOptions& options);

/// CSV with raw numbers in base units (seconds, bytes, counts): `id`, one
/// column per run, then `change_<label>_percent` and `p_<label>` per later run.
/// Missing values are empty fields.
std::string render_csv(const Diff& diff);

}  // namespace pace
