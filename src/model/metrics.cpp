// SPDX-License-Identifier: Apache-2.0
#include "model/metrics.hpp"

#include <array>  // the entries

namespace pace {

namespace {

constexpr std::array<MetricInfo, 4> subprocess_entries{{
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
}};

}  // namespace

std::span<const MetricInfo> subprocess_metrics() { return subprocess_entries; }

const MetricInfo* find_metric_info(std::string_view name) {
    for (const MetricInfo& m : subprocess_entries)
        if (m.name == name) return &m;
    return nullptr;
}

}  // namespace pace
