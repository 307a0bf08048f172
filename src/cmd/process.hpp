// SPDX-License-Identifier: Apache-2.0
// One timed run of a whole command: its wall time, and what the kernel's
// rusage says it cost (CPU time, peak RSS, context switches).
#pragma once

#include <cstdint>  // std::int64_t
#include <string>   // std::string
#include <vector>   // std::vector

namespace pace::cmd {

/// What one run of a command cost. Times are seconds, memory bytes.
struct ProcessRun {
    double wall_s = 0;
    double user_s = 0;     ///< CPU time in user mode, the command and the children it waited for
    double system_s = 0;   ///< CPU time in the kernel, likewise
    std::int64_t max_rss_bytes = 0;  ///< the largest peak RSS of the command or one of its waited children
    std::int64_t voluntary_switches = 0;    ///< the process gave up the CPU (waited for I/O, slept)
    std::int64_t involuntary_switches = 0;  ///< the kernel took the CPU away (time slice over, preempted)
    int exit_code = 0;         ///< the exit status, or 128 + signal when a signal ended it
    int signal = 0;            ///< the signal that ended it, 0 when it exited
    bool timed_out = false;    ///< killed (with its process group) after the timeout
    bool not_started = false;  ///< the program could not be executed; `error` says why
    std::string error;
};

/// How a child is started.
enum class Start {
    /// posix_spawn: vfork semantics, the child runs at once on this CPU. For
    /// timing. Its ru_maxrss includes this process's RSS, since the kernel
    /// counts the memory a process had before exec.
    spawn,
    /// fork then exec: the child starts from a copy holding only this
    /// process's private pages, so its ru_maxrss is close to the command's own.
    /// For the memory pass.
    fork,
};

/// Runs `argv` (argv[0] looked up on PATH) with stdin, stdout and stderr on
/// /dev/null, in its own process group, and waits for it. With `timeout_s`
/// > 0, a run still going after that long is killed with its whole process
/// group. Never throws.
///
///     ProcessRun r = run_process({"sh", "-c", "sleep 0.05"}, 10);
///     // r.wall_s ≈ 0.05, r.exit_code == 0
ProcessRun run_process(const std::vector<std::string>& argv, double timeout_s, Start how = Start::spawn);

}  // namespace pace::cmd
