// SPDX-License-Identifier: Apache-2.0
// Subprocess accounting: the processes a benchmark's measured calls start
// (fork, vfork, clone, posix_spawn, system, popen), the wall time while any of them runs,
// and their CPU time. The counting comes from pace's own definitions of those
// libc functions (subprocess_hooks.cpp), which count and then call libc's.
#pragma once

#include <cstdint>  // std::int64_t

namespace pace::measure::subprocesses {

/// What the measured sections saw since the last take().
struct Figures {
    std::int64_t spawned = 0;     ///< processes started (fork, vfork, clone without CLONE_THREAD, posix_spawn[p], system, popen)
    std::int64_t waiting_ns = 0;  ///< wall time with at least one of them running
    std::int64_t cpu_ns = 0;      ///< user + system time of the children reaped (RUSAGE_CHILDREN)
    std::int64_t elapsed_ns = 0;  ///< wall time of the sections
};

/// Around each round's measured calls. Not reentrant; one thread measures.
void section_begin();
void section_end();

/// The figures since the last take(), and a fresh start.
Figures take();

// For the hooks: a process started (pid, or 0 when libc does not say which;
// true when a section counted it), a known pid reaped, and an anonymous one
// that was counted (system, pclose) finished.
/// `since_ns` is the clock (detail::now_ns) just before the process was asked
/// for, so the time to start it counts as the subprocess's.
bool started(int pid, std::int64_t since_ns);
void reaped(int pid);
void finished_anonymous();

}  // namespace pace::measure::subprocesses
