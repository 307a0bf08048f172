// SPDX-License-Identifier: Apache-2.0
// The threshold grammar (DESIGN.md section 7): one spelling for
// `--compare-fail`, `pace compare --fail-on` and `[compare] fail` in pace.toml.
#pragma once

#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "model/outcome.hpp"

namespace pace {

/// How far a metric may move in its bad direction before the gate fails.
///
///     auto spec = pace::parse_threshold("mean:20%");   // relative: +20 % of the base
///     auto abs  = pace::parse_threshold("peak:5MiB");  // absolute: +5 MiB over the base
struct ThresholdSpec {
    enum class Kind { relative, absolute };

    std::string metric;  ///< "mean", "peak", "instructions", a user counter, ...
    Kind kind = Kind::relative;
    /// Relative: percent of the base value (20 means 20 %). Absolute: in the
    /// metric's base unit — seconds for times, bytes for memory, a plain number
    /// for counts and rates.
    double limit = 0;
    std::string text;  ///< the spec as the user wrote it, for messages

    /// The limit as people read it: "20%", "1 ms", "5 MiB", "100".
    std::string limit_text() const;
};

/// Parses `METRIC:N%` (relative) or `METRIC:N[UNIT]` (absolute).
///
/// Accepts every spec pytest-benchmark's `--benchmark-compare-fail` accepts
/// (`mean:20%`, `min:0.001` — a bare number is seconds for a time metric) and
/// pytest-benchmem's `--fail-on` (`peak:10%`, `peak:5MiB`, `allocations:5%`,
/// `allocations:100`). Units: `ns us µs ms s` for times, `B KiB MiB GiB` for
/// bytes; counts and rates take a bare number. A name that is not a built-in
/// metric is a user counter. Returns an InputError quoting the spec, with a
/// hint, for anything else (unknown unit, a unit of the wrong kind, no number,
/// a negative limit, a misspelt built-in metric).
Outcome<ThresholdSpec> parse_threshold(std::string_view spec);

/// The built-in metrics offered by name to a spec or `--metric` (the entries
/// of model/metrics.cpp marked `offered`), in display order.
const std::vector<std::string_view>& builtin_metrics();

/// True for the names in builtin_metrics().
bool is_builtin_metric(std::string_view name);

}  // namespace pace
