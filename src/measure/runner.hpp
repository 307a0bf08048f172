// SPDX-License-Identifier: Apache-2.0
// Running registered benchmarks: the registry, expanding it into instances
// (one per combination of dims), running one instance, and running a selection
// of them into a Run. Printing, reports, comparing and saving are the
// application's (app/run_main.cpp); this part only produces the Run.
#pragma once

#include <cstddef>     // std::size_t
#include <functional>  // std::function
#include <string>      // std::string
#include <vector>      // std::vector

#include "measure/engine.hpp"       // measure::Clock
#include "measure/probe.hpp"        // measure::Probe: what the run's mode measures
#include "measure/run_options.hpp"  // measure::RunOptions
#include "model/outcome.hpp"
#include "model/run.hpp"
#include "pace/registry.hpp"  // detail::BenchmarkSpec

namespace pace::measure {

/// One benchmark with one combination of its dims' values.
struct Instance {
    const detail::BenchmarkSpec* spec;
    std::vector<Dim> dims;
    std::string id;  ///< "name[n=1000,mode=fast]"
};

/// Every benchmark registered by PACE_BENCH in this binary, in registration order.
const std::vector<detail::BenchmarkSpec>& registered();

/// The cartesian product of each benchmark's dims, in registration order with
/// the last dim varying fastest. An error for a dim without values or two
/// instances with the same id. The instances point into `specs`.
///
///     auto instances = measure::expand(measure::registered());
Outcome<std::vector<Instance>> expand(const std::vector<detail::BenchmarkSpec>& specs);

/// Runs one instance in `options.mode` and checks its targets, except speedup
/// targets, which need the reference's result: those are appended to
/// `speedups`, for check_speedups once the run is complete.
Result run_instance(const Instance& instance, const RunOptions& options, Clock& clock, std::vector<Target>& speedups);

/// Checks speedup targets, each a (result index, target) pair, against the
/// other results of a complete run, by the probe's metric (the median time,
/// instructions per call in instruction mode). A missed one fails its result.
void check_speedups(std::vector<Result>& results, const std::vector<std::pair<std::size_t, Target>>& speedups,
                    const Probe& probe);

/// The complexity fit of each sweep in a complete run: the ok results of the
/// instances of a benchmark with pace::complexity(dim) that differ only in
/// that dim, fitted on the probe's figure (the median time, instructions per
/// call in instruction mode) weighted by their intervals. A sweep with fewer
/// than three sizes measured has no fit. `instances[i]` made `results[i]`.
///     run.complexity = fit_complexities(run.results, selected, measure::probe(options.mode));
std::vector<ComplexityFit> fit_complexities(const std::vector<Result>& results,
                                            const std::vector<const Instance*>& instances, const Probe& probe);

/// Checks `pace::complexity <= ...` targets, each a (result index, target)
/// pair (others are skipped), against the fits: a fit worse than the bound
/// fails the result; a sweep without a fit leaves the target unchecked.
void check_complexity_targets(std::vector<Result>& results, const std::vector<const Instance*>& instances,
                              const std::vector<ComplexityFit>& fits,
                              const std::vector<std::pair<std::size_t, Target>>& targets);

/// How the benchmarks' own code was compiled: optimized only if every selected
/// one was, with assertions if any was.
struct BuildFlags {
    bool optimized = true;
    bool asserts = false;
};

/// The build flags of the selected instances.
BuildFlags build_flags(const std::vector<const Instance*>& selected);

/// Called around each instance of run_instances: `starting` with its 1-based
/// position and the number selected, `finished` with its result. Either may be empty.
struct RunObserver {
    std::function<void(std::size_t position, std::size_t count, const Instance&)> starting;
    std::function<void(const Result&)> finished;
};

/// Runs `selected` in order into one Run: mode, pace version, date, machine
/// and commit (of the working directory), one Result per instance, speedup
/// targets checked. Does not print; `observer` sees the progress.
Run run_instances(const std::vector<const Instance*>& selected, const RunOptions& options, Clock& clock,
                  const RunObserver& observer = {});

}  // namespace pace::measure
