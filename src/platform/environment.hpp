// SPDX-License-Identifier: Apache-2.0
// What a run records about where it ran: the machine and the source revision.
#pragma once

#include <string>  // std::string
#include <vector>  // std::vector: the words of a command starting itself again

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

/// The words that follow the executable when this process starts itself
/// again (--processes, --mode instructions): {"workloads"} in `pace
/// workloads`, none in a benchmark binary. Set once, before the run.
void set_self_arguments(std::vector<std::string> words);
const std::vector<std::string>& self_arguments();

}  // namespace pace::platform
