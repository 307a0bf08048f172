// SPDX-License-Identifier: Apache-2.0
// The regression gate: thresholds applied to the changes of later runs against
// the first. A library function returning a value, so `pace compare` and a
// benchmark binary's `--compare-fail` share it and decide the same way.
#pragma once

#include <optional>  // std::optional
#include <span>      // std::span
#include <string>    // std::string
#include <vector>    // std::vector

#include "compare/diff.hpp"
#include "compare/threshold.hpp"
#include "model/run.hpp"
#include "stats/inference.hpp"

namespace pace {

/// One threshold exceeded by one benchmark.
struct Regression {
    std::string id;
    std::string label;  ///< the run that regressed (a later run)
    ThresholdSpec spec;
    double base = 0;   ///< the metric in the first run (seconds, bytes, count)
    double value = 0;  ///< the metric in `label`'s run
    /// Percent for a relative spec, the difference in the base unit for an absolute one.
    double change = 0;
    Significance significance;
    std::optional<stats::RatioInterval> median_ratio;  ///< bootstrap interval, when both sides have samples

    /// "mean +25.3% > 20%", "ops -30.0% < -20%", "peak +6 MiB > 5 MiB".
    std::string describe() const;

    /// The line a gate prints for it: `regression: <id>[ in <label>]: <describe()> (<evidence>)`,
    /// the evidence being the rank test's p and the median ratio's interval at `alpha`,
    /// or why the threshold alone decided.
    std::string explain(double alpha) const;
};

/// What the gate decided.
struct GateVerdict {
    std::vector<Regression> regressions;  ///< in the order of the specs, then of the ids
    std::size_t compared = 0;  ///< (id, spec, run) checks made: both sides had the metric
    std::size_t untested = 0;  ///< of those, decided by the threshold alone (no or too few samples)

    bool passed() const { return regressions.empty(); }
    /// `no regressions over thresholds` or `N regressions: id1 (mean +25.3% > 20%), ...`.
    std::string summary() const;
};

/// Options of evaluate_gate().
struct GateOptions {
    double alpha = 0.05;        ///< significance level of the rank test
    int bootstrap_resamples = 2000;  ///< for the median-ratio interval of each regression
    /// Tests already made on these runs (their alpha then wins); when null, the gate makes its own.
    const SampleTests* tests = nullptr;
};

/// Applies every spec to every id of every later run against the first run.
/// A change fails when it is past its threshold in the metric's bad direction
/// (up for time, memory, counts; down for ops and rates) and, when both sides
/// carry samples of a time metric, the Mann-Whitney test finds it significant
/// at `alpha`. Without samples the threshold alone decides. Ids missing from
/// either side are not compared. Labels name the runs in messages.
///
///     auto verdict = pace::evaluate_gate(runs, labels, specs, {});
///     if (!verdict.passed()) std::puts(verdict.summary().c_str());
GateVerdict evaluate_gate(std::span<const Run> runs, const std::vector<std::string>& labels,
                          std::span<const ThresholdSpec> specs, const GateOptions& options);

}  // namespace pace
