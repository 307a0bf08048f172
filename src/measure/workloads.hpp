// SPDX-License-Identifier: Apache-2.0
// The standard workloads: five kinds of code whose times characterise a
// machine (CPU-bound, mixed CPU and memory, memory-bound, very fast, variable
// time). `pace workloads` runs them as pace benchmarks; `pace doctor` runs
// three of them in fresh processes for its noise floor.
#pragma once

#include <cstdint>  // std::uint64_t
#include <vector>   // the workloads

namespace pace::measure {

/// One call of a workload: `seed` varies the input, the result keeps the
/// work from being optimised away.
using WorkloadCall = std::uint64_t (*)(std::uint64_t seed);

/// A standard workload and its spec.
struct Workload {
    const char* name;      ///< "cpu", "mixed", "memory", "tiny", "variable": the id is "workloads/<name>"
    const char* what;      ///< one line for tables and --help
    WorkloadCall call;
    void (*prepare)();     ///< builds the workload's data once, untimed; may be null
    double max_time_s;     ///< the spec's maximum time per call: a target on the median
    double min_speedup;    ///< the spec's minimum speedup on two threads (recorded, see docs/workloads.md)
    bool noise_floor;      ///< one of the three pace doctor runs
};

/// The five standard workloads, in the order above.
const std::vector<Workload>& standard_workloads();

/// Registers each standard workload as a pace benchmark "workloads/<name>",
/// tagged "workload" and its kind, with its maximum time as a target. Once.
void register_standard_workloads();

}  // namespace pace::measure
