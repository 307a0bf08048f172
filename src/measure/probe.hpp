// SPDX-License-Identifier: Apache-2.0
// A probe: what one measurement mode measures and how. The runner and the
// Bench's measuring loops ask the run's probe (time, instructions, --test's
// one call) rather than testing the mode; a new mode is a new probe, in its
// own file, listed once in probe.cpp.
#pragma once

#include <cstdint>      // std::int64_t
#include <optional>     // std::optional
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "measure/engine.hpp"       // Round
#include "measure/run_options.hpp"  // Mode
#include "model/run.hpp"            // Result, MachineInfo

namespace pace::detail {
struct BenchState;
}

namespace pace::measure {

/// A result's figure under a probe and the half-width of its interval.
struct Figure {
    double value = 0;
    double half_width = 0;
};

/// pedantic(): `rounds` rounds of `iterations` calls each after `warmup_rounds` more.
struct FixedRounds {
    std::int64_t rounds = 0, iterations = 0, warmup_rounds = 0;
};

struct Probe {
    /// The mode's name: --mode's value and the run's `mode`.
    std::string_view name = {};
    /// What --mode's help says of it; "" for a mode another flag selects (--test).
    std::string_view help = {};
    /// Each measuring call runs the body once, unmeasured (--test).
    bool calls_once = false;
    /// Its rounds are timed: a sweep's worker count above the machine's cores
    /// is predicted rather than measured (it would time the scheduler).
    bool timed_rounds = false;
    /// Why a result of it has no times: timing targets are left unchecked, saying this.
    std::string_view why_untimed = {};
    /// Why it makes no memory pass; "" when it makes one (unless --no-memory).
    std::string_view why_no_memory_pass = {};
    /// Why its results show no parallel speedup; "" when scaling sweeps are fitted.
    std::string_view why_no_scaling = {};
    /// The metric complexity fits and speedup targets use ("median",
    /// "instructions"); "" when it has none (complexity targets stay unchecked).
    std::string_view metric = {};
    /// That metric of a result with the half-width of its interval; empty when
    /// the result has none. nullptr when `metric` is "".
    std::optional<Figure> (*figure)(const Result& result) = nullptr;
    /// Measures a benchmark's calls into state.result: `round(n)` runs n calls
    /// and returns the nanoseconds they took (engine.hpp).
    void (*measure)(detail::BenchState& state, const Round& round) = nullptr;
    /// pedantic()'s fixed rounds; nullptr: `measure` as for any other round.
    void (*measure_fixed)(detail::BenchState& state, const Round& round, const FixedRounds& fixed) = nullptr;
    /// Around the measured calls of each section (outside its clock reads); either may be nullptr.
    void (*section_begin)(detail::BenchState& state) = nullptr;
    void (*section_end)(detail::BenchState& state) = nullptr;
    /// What the run says of the machine in this mode (entries of `raw`); nullptr: nothing.
    void (*describe_machine)(MachineInfo& machine) = nullptr;
};

/// The registered probes, in the order --mode's help names them.
const std::vector<const Probe*>& probes();

/// The probe named `name`, or nullptr.
const Probe* find_probe(std::string_view name);

/// The probe of `mode`; the time probe for a mode no probe has.
///     const Probe& p = measure::probe(options.mode);
const Probe& probe(Mode mode);

}  // namespace pace::measure
