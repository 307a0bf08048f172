// SPDX-License-Identifier: Apache-2.0
#include "app/run_warnings.hpp"

#include <cstdlib>  // std::getenv: PACE_NO_CHECKS

#include "counters/instruction_counter.hpp"  // hardware_counters_available
#include "platform/checks.hpp"               // file_checks: what pace doctor reads from /proc and /sys
#include "report/messages.hpp"               // print_warning

namespace pace::app {

std::vector<RunWarning> run_warnings(const measure::RunOptions& options,
                                     const std::vector<const measure::Instance*>& selected, bool started_by_parent) {
    std::vector<RunWarning> out;
    if (options.mode != measure::Mode::time) return out;
    if (!measure::build_flags(selected).optimized)
        out.push_back({"the benchmarks were compiled without optimization; their times say little about a release build",
                       "build with -O2 (CMAKE_BUILD_TYPE=Release)"});
    // One line for what spoils timings here, as Google Benchmark's "CPU
    // scaling is enabled": pace doctor says what to do about each.
    const char* quiet = std::getenv("PACE_NO_CHECKS");
    if (!started_by_parent && (!quiet || !*quiet)) {
        std::string found;
        for (const platform::Check& c : platform::file_checks("/", 0))
            if (c.level == platform::CheckLevel::warn) found += (found.empty() ? "" : ", ") + c.name + " " + c.value;
        if (!found.empty())
            out.push_back({"this machine may spoil timings: " + found,
                           "run 'pace doctor' for what to do (PACE_NO_CHECKS=1 silences this)"});
    }
    std::string why;
    if (!counters::hardware_counters_available(why))
        out.push_back({"no hardware counters (cycles, cache misses) in this run: " + why, ""});
    return out;
}

void print_run_warnings(const std::vector<RunWarning>& warnings) {
    for (const RunWarning& w : warnings) report::print_warning(w.text, w.advice);
}

}  // namespace pace::app
