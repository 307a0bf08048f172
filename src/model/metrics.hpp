// SPDX-License-Identifier: Apache-2.0
// Metrics declared once: name, unit family, bad direction, table column and
// help. metric_kind(), higher_is_worse(), the threshold grammar's list of
// metrics and the results table read these entries. Today it holds the
// subprocess accounting's metrics; the older ones are still spelled out in
// run.cpp, threshold.cpp and results_table.cpp (docs/architecture.md).
#pragma once

#include <map>          // the user's directions, by counter
#include <optional>     // a counter without one
#include <span>         // std::span
#include <string>       // counter names
#include <string_view>  // std::string_view

#include "model/run.hpp"  // MetricKind

namespace pace {

/// One metric's vocabulary.
struct MetricInfo {
    std::string_view name;     ///< in files (a key of Result::counters), --columns and thresholds
    MetricKind kind;           ///< unit family: time metrics are seconds per call
    bool higher_is_worse;      ///< the bad direction for a gate
    std::string_view column;   ///< the results table's column title
    bool percent;              ///< shown as a percentage (a share from 0 to 1)
    std::string_view help;     ///< one line for docs and error texts
};

/// Subprocess accounting, per measured call: processes started, wall time
/// with one running, their CPU time, and the share of the call's time spent
/// outside them. Carried in Result::counters under these names.
std::span<const MetricInfo> subprocess_metrics();

/// The entry for `name`, or nullptr for a metric declared elsewhere.
const MetricInfo* find_metric_info(std::string_view name);

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
