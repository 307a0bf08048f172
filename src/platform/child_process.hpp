// SPDX-License-Identifier: Apache-2.0
// Long-lived child processes (a local server for a benchmark): started in a
// process group of their own, their output kept in an unlinked file, stopped
// with SIGTERM then SIGKILL, and never outliving pace.
#pragma once

#include <chrono>    // std::chrono::milliseconds
#include <optional>  // std::optional
#include <string>    // std::string
#include <vector>    // std::vector

#include "model/outcome.hpp"

namespace pace::platform {

/// A started child: its pid (also its process group) and the descriptor of
/// the file holding its stdout and stderr.
struct Child {
    int pid = -1;
    int output_fd = -1;
};

/// A TCP port on 127.0.0.1 that was free a moment ago: the kernel picks it
/// (bind to port 0), so two programs asking at once get different ports.
Outcome<int> pick_free_port();

/// Starts `argv` (looked up on PATH) in a process group of its own, stdin on
/// /dev/null, stdout and stderr in an unlinked temporary file. The child gets
/// SIGKILL if pace dies, and is registered for kill_registered_children().
/// An error names the program when it cannot be started.
Outcome<Child> start_child(const std::vector<std::string>& argv);

/// True when something accepts TCP connections on 127.0.0.1:port.
bool accepts_connections(int port);

/// The child's exit status if it has exited (reaped), else empty.
std::optional<int> exited(Child& child);

/// Stops the child's process group: SIGTERM, then SIGKILL after `grace`;
/// reaps it, closes its output and forgets it. Does nothing for a child
/// already stopped.
void stop_child(Child& child, std::chrono::milliseconds grace);

/// The last `count` lines the child printed (stdout and stderr together).
std::string last_lines(const Child& child, int count);

/// SIGKILLs the process group of every child started and not yet stopped.
/// Async-signal-safe: for a signal handler.
void kill_registered_children();

}  // namespace pace::platform
