// SPDX-License-Identifier: Apache-2.0
// `pace ab`: two builds of one benchmark binary measured paired. Each process
// pair is a fresh base worker and a fresh candidate worker alive at once; for
// every benchmark they take turns sample by sample with the same calls per
// sample, so a drift of the machine hits both alike. Process pairs repeat in a
// random order of sides, because a process's own layout and placement offset
// it: the pair, not the sample, is the unit the verdict counts.
#pragma once

#include <cstdint>   // std::uint64_t
#include <optional>  // std::optional
#include <string>    // std::string
#include <vector>    // std::vector

#include "model/outcome.hpp"
#include "model/paired_comparison.hpp"

namespace pace::ab {

enum class Schedule {
    turns,  ///< one side at a time, both workers pinned to the same core
    duet,   ///< both sides at once, each on its own core
};

struct AbOptions {
    std::vector<std::string> args;    ///< passed to both binaries (e.g. --filter)
    double budget_s = 180;            ///< all process pairs together stop by then
    double precision = 0.01;          ///< without a threshold: stop a benchmark once its interval is ±this
    std::optional<double> threshold;  ///< relative: stop once the interval is wholly above or below it
    double alpha = 0.05;
    std::size_t min_pairs = 8;  ///< before any benchmark may stop
    std::size_t max_pairs = 1000;
    double sample_target_s = 0.001;  ///< a sample's duration, calibrated once per benchmark and process pair
    /// Sampling time of a process pair, shared by the benchmarks still undecided
    /// (each gets at least slice_s): once the quiet ones are decided, a noisy
    /// one gets longer turns instead of paying a process start per few samples.
    double pair_sampling_s = 0.4;
    double slice_s = 0.05;
    Schedule schedule = Schedule::turns;
    std::uint64_t seed = 0;
    bool progress = false;          ///< a status line on stderr
    double worker_timeout_s = 300;  ///< a worker silent this long is declared hung
};

/// Runs the session. Errors (a worker that cannot start, dies, hangs or
/// answers garbage; binaries that are not pace benchmark binaries) name the
/// side and leave no process behind.
Outcome<PairedComparison> run_paired(const std::string& base, const std::string& cand, const AbOptions& options);

}  // namespace pace::ab
