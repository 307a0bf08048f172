// SPDX-License-Identifier: Apache-2.0
// `--processes N`: a run made of N fresh processes of the benchmark binary,
// one after another, merged into one Run whose samples stay grouped by
// process. On a shared machine a process is a unit of noise (its code and
// heap layout, where it was placed): only several of them let a comparison
// tell a change from a process's offset.
#pragma once

#include <cstddef>     // std::size_t
#include <functional>  // std::function
#include <optional>    // std::optional
#include <string>      // std::string
#include <vector>      // std::vector

#include "model/outcome.hpp"
#include "model/run.hpp"

namespace pace::measure {

/// The environment variable that makes a benchmark binary one process of a
/// --processes run: it holds the path its Run is written to, as JSON.
inline constexpr const char* process_result_variable = "PACE_PROCESS_RESULT";

/// The path of this process's Run when it is one process of a --processes
/// run, empty otherwise. The variable is read at the first call and removed
/// from the environment, so programs the benchmarks start do not see it.
std::optional<std::string> process_result_path();

/// Merges the Runs of the processes of one run, in order: results by id in
/// the first process's order; each result's samples concatenated with their
/// counts per process in TimeStats::process_samples and every statistic
/// recomputed over all of them; the first process's memory figures (the
/// memory pass is deterministic); counters as the median over the processes.
/// A result that failed or was skipped in any process is so in the merge, its
/// message naming the process; a target missed in any process is missed.
/// Pure: the caller reads the files.
Run merge_process_runs(std::vector<Run> runs);

/// Runs this binary (`argv` again, via /proc/self/exe) `count` times one after
/// another, each child writing its Run to a temporary file (its stdout
/// discarded, its stderr kept for errors), and merges them. `started` is
/// called before each process with its 1-based number. An error names the
/// process that failed and ends with the last lines it printed.
Outcome<Run> run_processes(int argc, char** argv, std::size_t count,
                           const std::function<void(std::size_t process)>& started = {});

}  // namespace pace::measure
