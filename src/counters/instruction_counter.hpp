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
/// measured in this process under callgrind. Empty when not under valgrind.
std::optional<double> count_instructions_per_call(const std::function<std::int64_t(std::int64_t)>& round);

/// Re-runs this binary (argv) under `valgrind --tool=callgrind` with the
/// options instruction mode needs; the child does the whole run (table, files)
/// and this returns its exit code; or an error when valgrind is missing.
Outcome<int> run_under_valgrind(int argc, char** argv);

/// Hardware counters (perf_event_open) for time mode, when the kernel allows
/// them: adds "hw_instructions" and "hw_cycles" per call to `counters`. Returns
/// false (once per process, with the reason in `why`) when unavailable.
bool hardware_counters_available(std::string& why);

}  // namespace pace::counters
