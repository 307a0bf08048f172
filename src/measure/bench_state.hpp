// SPDX-License-Identifier: Apache-2.0
// The runner's record of the benchmark being run, behind pace::Bench.
#pragma once

#include <optional>  // std::optional
#include <string>    // std::string
#include <vector>    // std::vector

#include "measure/engine.hpp"
#include "measure/probe.hpp"
#include "measure/run_options.hpp"
#include "model/run.hpp"
#include "pace/registry.hpp"

namespace pace::detail {

struct BenchState {
    const BenchmarkSpec* spec = nullptr;
    const measure::RunOptions* options = nullptr;
    const measure::Probe* probe = nullptr;  ///< the mode's: what is measured, and how
    measure::Clock* clock = nullptr;
    Result result;
    const char* measured_with = nullptr;  ///< the API that measured, once one has
    bool tracking_memory = false;
    std::optional<std::int64_t> peak_limit, allocation_limit;
    bool leaks_forbidden = false;
    bool leaks_unchecked = false;  ///< the memory pass kept the call's result (--test)
    std::optional<std::int64_t> max_calls_per_round;  ///< measure_each: inputs a round may hold
    std::vector<Target> targets;  ///< bench.target(), checked after the rounds
    /// Each call of a round opens its own section (a GoogleTest test: its
    /// fixture's SetUp runs between them): instructions are counted for one
    /// call, and the hardware counters, which count one section, are not read.
    bool section_per_call = false;
    bool count_subprocesses = true;  ///< off for rounds that are not measured calls (hardware counts)
    std::vector<FixtureBase*> fixtures;  ///< benchmark-lifetime fixtures started, stopped when it ends
};

/// The way of the layers that drive a Bench themselves (Google Benchmark's
/// API, GoogleTest tests) to the runner's record behind it.
struct BenchAccess {
    static BenchState& state(Bench& bench) { return *bench.state_; }
};

/// Thrown by PACE_CHECK: ends the body, fails the benchmark. Not a
/// std::exception, so a body's `catch (const std::exception&)` does not swallow it.
struct CheckFailure {
    std::string message;
};

/// Thrown when the API is used wrongly (an unknown dim, measure() twice).
struct Misuse {
    std::string message;
};

}  // namespace pace::detail
