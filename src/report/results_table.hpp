// SPDX-License-Identifier: Apache-2.0
// The results table of one run, for the console, Markdown and CSV: the same
// columns and rows, three renderings.
#pragma once

#include <optional>  // std::optional
#include <string>    // std::string
#include <vector>    // std::vector

#include "model/outcome.hpp"
#include "model/run.hpp"

namespace pace::report {

struct TableOptions {
    std::vector<std::string> columns;  ///< empty: the defaults for what the run carries
    std::string sort = "name";         ///< name, or a time statistic to sort ascending by
    bool color = false;
};

/// The column names the table knows, for --columns.
const std::vector<std::string>& known_columns();

/// Checks column names and the sort key; an error names the first unknown one.
std::optional<InputError> validate(const TableOptions& options);

/// pytest-benchmark's table: one row per result in id order (or by `sort`),
/// each figure with its unit (a row's times share one), failed and skipped
/// rows marked after the id, memory right of a │, failures listed below.
std::string console_table(const Run& run, const TableOptions& options);

/// One line for a result as soon as it is done, for output that is not a
/// terminal (a CI log): `done    sort/std[n=1000]  median 3.80 µs ±0.9%  (231 rounds × 337 calls)`,
/// or `FAILED  id: message`. No newline.
std::string result_line(const Result& r);

/// One line per complexity fit of the run, below the table:
/// `complexity sort/std over n: O(N log N)  (median ≈ 1.20 µs + 3.10 ns·N log N, R² 0.998; runner-up O(N) fits 4.2× worse, 3 sizes)`.
std::string complexity_text(const Run& run);

/// One block per parallel sweep (`pace::threads`), below the table: the
/// fits, then per worker count the median, speedup, efficiency and the
/// model's prediction (counts above the cores: predicted only), and how well
/// the model predicted the largest measured count from the others.
std::string scaling_text(const Run& run);

/// Every target the run checked, one line each, under a count:
///
///     targets: 2 met, 1 missed, 1 not checked
///       met       sort[n=1000]: median <= 1 ms (median was 312 µs)
///       MISSED    limits/allocations: allocations <= 1 (5 allocations)
///       UNCHECKED copy: peak <= 1024 B (not checked: --no-memory skips the memory pass)
///
/// "" when no benchmark has a target.
std::string targets_text(const Run& run);

/// The same table as GitHub-flavoured Markdown.
std::string markdown_table(const Run& run, const TableOptions& options);

/// The raw figures (seconds, bytes, counts) as CSV, one row per result.
std::string csv_table(const Run& run, const TableOptions& options);

}  // namespace pace::report
