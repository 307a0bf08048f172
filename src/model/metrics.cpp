// SPDX-License-Identifier: Apache-2.0
#include "model/metrics.hpp"

#include <array>    // the entries
#include <utility>  // std::move

namespace pace {

namespace {

constexpr std::array<MetricInfo, 5> subprocess_entries{{
    {"subprocess_calls", MetricKind::count, true, "Spawns", false,
     "processes started per call (fork, posix_spawn, system, popen)"},
    {"subprocess_time", MetricKind::time, true, "In subproc", false,
     "wall time per call while a process it started was running"},
    {"subprocess_cpu", MetricKind::time, true, "Subproc CPU", false,
     "user + system CPU time per call of the processes it started and reaped"},
    // More time outside the subprocesses is the code's own getting slower
    // next to the tools it calls: the bad direction is up.
    {"overhead_ratio", MetricKind::count, true, "Own", true,
     "share of the call's wall time spent outside its subprocesses (0 to 1)"},
    // Instruction mode with --trace-children: the children's count, apart
    // from the benchmark's own `instructions`.
    {"child_instructions", MetricKind::count, true, "Child instr", false,
     "instructions per call of the processes it started (instruction mode, --trace-children)"},
}};

// Written once at start-up, read afterwards (see set_counter_directions).
std::map<std::string, bool, std::less<>>& user_directions() {
    static std::map<std::string, bool, std::less<>> directions;
    return directions;
}

}  // namespace

std::span<const MetricInfo> subprocess_metrics() { return subprocess_entries; }

const MetricInfo* find_metric_info(std::string_view name) {
    for (const MetricInfo& m : subprocess_entries)
        if (m.name == name) return &m;
    return nullptr;
}

bool has_fixed_direction(std::string_view name) {
    static constexpr std::array<std::string_view, 26> builtin{
        "time",  "min",   "max",         "mean",        "stddev",         "median", "q1",     "q3",     "iqr",
        "p95",   "p99",   "total",       "ops",         "rounds",         "peak",   "allocated", "allocations",
        "leaked", "rss",  "instructions", "hw_instructions", "cycles",   "cache_misses", "iterations",
        "outliers", "precision"};
    for (std::string_view b : builtin)
        if (b == name) return true;
    return find_metric_info(name) != nullptr;
}

void set_counter_directions(std::map<std::string, bool, std::less<>> higher_is_better) {
    user_directions() = std::move(higher_is_better);
}

std::optional<bool> counter_direction(std::string_view name) {
    const auto& directions = user_directions();
    if (auto it = directions.find(name); it != directions.end()) return it->second;
    return std::nullopt;
}

}  // namespace pace
