// SPDX-License-Identifier: Apache-2.0
// The comparison table in three forms: a console table, a Markdown table for a
// pull-request comment or a CI job summary, and CSV with the raw numbers.
#pragma once

#include <span>    // std::span
#include <string>  // std::string

#include "compare/diff.hpp"
#include "compare/gate.hpp"

namespace pace {

/// The unit a table shows its values in, chosen once per table.
struct DisplayUnit {
    std::string name;   ///< "ms", "MiB", "Kops/s", "" for plain counts
    double scale = 1;   ///< base value / scale = shown value
    int decimals = 4;   ///< digits after the point
};

/// Picks the unit for `diff`'s values: ns/µs/ms/s for times by the smallest
/// non-zero value (as pytest-benchmark does, so the smallest figure keeps its
/// digits), ops/s alike; B/KiB/MiB/GiB for bytes by the median value (sizes
/// span decades); counts as they are.
DisplayUnit choose_unit(const Diff& diff);

/// How a table is drawn.
struct TableOptions {
    bool color = false;                    ///< ANSI colour (the caller checks the terminal and NO_COLOR)
    std::span<const Regression> flagged;  ///< regressions to mark in the change column
};

/// The console table: a heading naming the metric and unit, one row per id,
/// `—` for missing values, then notes (ids not in every run, what p means).
std::string render_table(const Diff& diff, const TableOptions& options);

/// The same as a GitHub-flavoured Markdown table with its notes.
std::string render_markdown(const Diff& diff, const TableOptions& options);

/// CSV with raw numbers in base units (seconds, bytes, counts): `id`, one
/// column per run, then `change_<label>_percent` and `p_<label>` per later run.
/// Missing values are empty fields.
std::string render_csv(const Diff& diff);

}  // namespace pace
