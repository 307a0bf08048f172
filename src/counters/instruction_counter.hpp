// SPDX-License-Identifier: Apache-2.0
// Instruction mode: exact instruction counts of the measured calls, under
// valgrind's callgrind, with instrumentation on only around those calls.
#pragma once

#include <cstdint>     // std::int64_t
#include <functional>  // std::function
#include <optional>    // std::optional
#include <string>      // std::string
#include <vector>      // std::vector

#include "model/outcome.hpp"
#include "model/run.hpp"

namespace pace::counters {

/// True when this process runs under valgrind.
bool under_valgrind();

/// Around the measured calls of a round (called by every measuring API, outside
/// its clock reads). In instruction mode under callgrind they switch counting on
/// and off; otherwise they do nothing.
void section_begin();
void section_end();

/// Instructions per call of `round` (runs `iterations` calls; see measure/engine.hpp),
/// measured in this process under callgrind: one uncounted warm-up call, then
/// (I(n + 1) - I(1)) / n where I(k) is the instructions of a round of k calls
/// and n is chosen so the longest round stays near 5 million instructions
/// (I(1) - I(0) when one call alone exceeds that).
/// Empty when not under valgrind or when the count cannot be read.
std::optional<double> count_instructions_per_call(const std::function<std::int64_t(std::int64_t)>& round);

/// Instructions of one call of `round`, for rounds that open a section per
/// call (a call's setup between them): one uncounted warm-up call, then
/// I(1) - I(0). Empty as count_instructions_per_call().
std::optional<double> count_instructions_of_one_call(const std::function<std::int64_t(std::int64_t)>& round);

/// With --trace-children (valgrind following the processes the calls start):
/// the instructions per call of those processes, from the last
/// count_instructions_per_call() or count_instructions_of_one_call(); apart
/// from its own count. Empty without --trace-children.
std::optional<double> child_instructions_per_call();

/// Why count_instructions_per_call() gave nothing under valgrind (not the
/// callgrind tool, dumps not found, collection switched off), or "".
const std::string& instruction_count_problem();

/// Re-runs this binary (argv) under `valgrind --tool=callgrind` with the
/// options instruction mode needs (with `--trace-children` among argv,
/// valgrind follows the processes it starts, each instrumented throughout); the child does the whole run (table, files)
/// and this returns its exit code; or an error when valgrind is missing.
/// PACE_VALGRIND, when set, is the valgrind executable to use instead of
/// the one on PATH.
Outcome<int> run_under_valgrind(int argc, char** argv);

/// True when the kernel lets this process count its own user-space hardware
/// instructions and cycles with perf_event_open. Probed once per process;
/// when false, `why` says what refused them (no PMU in this machine or
/// virtual machine, perf_event_paranoid, seccomp). Thread-safe.
///     std::string why;
///     if (!counters::hardware_counters_available(why)) warn("no hardware counters: " + why);
bool hardware_counters_available(std::string& why);

/// Hardware counts per call, user space only, over one round of calls.
struct HardwareCounts {
    double instructions = 0;
    double cycles = 0;
    std::optional<double> cache_misses;  ///< empty where the CPU has no such event
};

/// Counts one round of `iterations` calls of `round` with perf_event_open and
/// divides by the calls. Empty when hardware_counters_available() is false or
/// a counter cannot be read.
std::optional<HardwareCounts> count_hardware_per_call(const std::function<std::int64_t(std::int64_t)>& round,
                                                      std::int64_t iterations);

}  // namespace pace::counters
