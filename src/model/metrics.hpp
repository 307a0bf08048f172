// SPDX-License-Identifier: Apache-2.0
// Every built-in metric declared once: name, unit family, bad direction, how
// its value is read from a Result, the results table's column, and help.
// metric(), metric_kind(), higher_is_worse(), has_fixed_direction(), the
// threshold grammar, the results table, the HTML report and the --metric
// help texts all read these entries (docs/architecture.md, "Add a metric").
#pragma once

#include <cstdint>      // std::uint8_t
#include <map>          // the user's directions, by counter
#include <optional>     // a counter without one
#include <span>         // std::span
#include <string>       // counter names
#include <string_view>  // std::string_view

#include "model/run.hpp"  // MetricKind, Result

namespace pace {

/// When the results table shows a metric's column without --columns.
enum class Show : std::uint8_t {
    never,    ///< only when --columns names it
    always,   ///< in every table (in instruction mode only when some result has a value)
    present,  ///< when some result has a value
    nonzero,  ///< when some result has a value other than 0
};

/// One metric's vocabulary.
struct MetricInfo {
    std::string_view name;  ///< in files, --metric, --columns and thresholds
    MetricKind kind;        ///< unit family: time metrics are seconds per call
    bool higher_is_worse;   ///< the bad direction for a gate
    /// The value from a result, empty when the result does not carry it;
    /// nullptr for a metric carried as a counter of Result::counters under
    /// `name`. metric() falls back to that counter when this is empty.
    std::optional<double> (*read)(const Result&) = nullptr;
    std::string_view column = "";  ///< the results table's column title, "" for none
    Show show = Show::never;       ///< when that column is shown by default
    std::string_view help = "";    ///< one line for docs, help and error texts
    /// Named by --metric's help, the threshold grammar's list of metrics and
    /// the "these runs carry" hint: the figures worth comparing between runs.
    bool offered = false;
    /// A statistic of the wall-time samples: tests over the samples apply.
    bool of_samples = false;
    /// In the memory part of the results table.
    bool memory = false;
    /// A figure of the timing's spread: no column in instruction mode.
    bool timing_only = false;
    /// False for a figure pace derives but users may direct in pace.toml's
    /// [counters] as they do Google Benchmark's counters of the same name.
    bool fixed = true;
    /// The column's cell when it is not the value in its unit ("±1.2%", "3;5").
    std::string (*cell)(const Result&) = nullptr;
};

/// Every built-in metric, in display order (the results table's columns, the
/// lists of names in help and hints).
std::span<const MetricInfo> metric_infos();

/// Subprocess accounting, per measured call: processes started, wall time
/// with one running, their CPU time, the share of the call's time spent
/// outside them, and the children's instructions. Carried in
/// Result::counters under these names.
std::span<const MetricInfo> subprocess_metrics();

/// The entry for `name`, or nullptr for a user counter.
const MetricInfo* find_metric_info(std::string_view name);

/// The offered metrics' names, joined by ", ": for help texts and hints.
std::string offered_metric_names();

/// True for a metric pace itself defines (time statistics, ops, memory,
/// instruction and hardware counts, subprocess accounting): its better
/// direction is fixed. Any other name is a user counter.
bool has_fixed_direction(std::string_view name);

/// The better direction of user counters, as pace.toml's `[counters]` table
/// sets it: true when a higher value is better. Replaces the directions set
/// before; higher_is_worse() reads them for every counter named here, over
/// the guess from its name. Call at start-up, before any comparison: it is
/// not safe while another thread reads directions.
///     set_counter_directions({{"frames", true}, {"bytes_per_second", false}});
void set_counter_directions(std::map<std::string, bool, std::less<>> higher_is_better);

/// The direction set for `name` by set_counter_directions(), if any.
std::optional<bool> counter_direction(std::string_view name);

}  // namespace pace
