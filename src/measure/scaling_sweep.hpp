// SPDX-License-Identifier: Apache-2.0
// Parallel sweeps (`pace::threads({1, 2, 4, 8})`): which instances this
// machine can measure, the speedups and fits of a run's sweeps, and their
// targets (`pace::speedup >= 1.5`, `pace::efficiency >= 0.8`).
#pragma once

#include <cstddef>   // std::size_t
#include <optional>  // std::optional
#include <string>    // std::string
#include <utility>   // std::pair
#include <vector>    // std::vector

#include "measure/runner.hpp"  // Instance
#include "model/outcome.hpp"   // InputError
#include "model/run.hpp"       // ScalingFit, Result
#include "pace/target.hpp"     // Target

namespace pace::measure {

/// What is wrong with a benchmark's worker dim (missing, a count that is not
/// a whole number ≥ 1, or no count of 1 to measure speedups over), or nothing.
std::optional<InputError> scaling_dim_problem(const detail::BenchmarkSpec& spec);

/// The worker count of an instance of a parallel sweep; empty for other instances.
std::optional<double> worker_count(const Instance& instance);

/// One fit per sweep of a run (the benchmark and its other dims name one):
/// speedups of the medians over the one-worker instance, Amdahl's and (with
/// three measured counts) the USL's fit, predictions at every count, and the
/// accuracy of predicting the largest measured count from the others.
/// `cores`: counts above it were not measured. Sweeps whose one-worker
/// instance failed or measured nothing are left out.
std::vector<ScalingFit> fit_scalings(const std::vector<Result>& results, const std::vector<const Instance*>& instances,
                                     int cores);

/// "speedup >= 1.50x", "efficiency >= 80%": how a scaling target is shown.
std::string scaling_target_text(const Target& t);

/// Checks `pace::speedup` and `pace::efficiency` targets against the fits, on
/// every instance but the one-worker one (the reference, 1x by definition);
/// counts that were not measured get them as not checked.
void check_scaling_targets(std::vector<Result>& results, const std::vector<const Instance*>& instances,
                           const std::vector<ScalingFit>& fits,
                           const std::vector<std::pair<std::size_t, Target>>& targets);

/// Records every `pace::speedup` and `pace::efficiency` target as not
/// checked, with `why`: for a run that timed no rounds (--test, instruction
/// mode), where no speedup can be known.
void leave_scaling_targets_unchecked(std::vector<Result>& results,
                                     const std::vector<std::pair<std::size_t, Target>>& targets, const std::string& why);

}  // namespace pace::measure
