// SPDX-License-Identifier: Apache-2.0
// What a run records about where it ran: the machine and the source revision.
#pragma once

#include <string>  // std::string

#include "model/run.hpp"

namespace pace::platform {

/// OS, kernel, CPU model, cores, the compiler of this binary, and the build
/// type of the benchmarks' own code (`optimized`, `asserts` from their TU).
MachineInfo current_machine(bool optimized, bool asserts);

/// git commit, branch and dirty flag of the checkout around `dir`; empty
/// fields outside a git checkout or without git.
CommitInfo current_commit(const std::string& dir);

/// Now, ISO 8601 UTC with microseconds: "2026-11-23T14:05:01.123456+00:00".
std::string utc_now_iso8601();

}  // namespace pace::platform
