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
#include "model/outcome.hpp"
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
    /// Bootstrap interval of the ratio of the processes' medians, when the change was tested.
    std::optional<stats::RatioInterval> median_ratio;

    /// "mean +25.3% > 20%", "ops -30.0% < -20%", "peak +6 MiB > 5 MiB".
    std::string describe() const;

    /// The line a gate prints for it: `regression: <id>[ in <label>]: <describe()> (<evidence>)`,
    /// the evidence being the rank test's p over the processes and the median ratio's interval at `alpha`,
    /// or why the threshold alone decided.
    std::string explain(double alpha) const;
};

/// A benchmark that ran in the first run and did not in a later one: the
/// worst regression there is, so the gate fails on it whatever the thresholds.
struct Breakage {
    enum class Kind {
        failed,   ///< the later run has the id with status failed (GB `error_occurred`, pace `status: failed`)
        missing,  ///< the later run has no result with the id
    };
    Kind kind = Kind::failed;
    std::string id;
    std::string label;       ///< the later run
    std::string base_label;  ///< the first run
    std::string message;     ///< the failed result's own message, "" when it gave none

    /// The line a gate prints for it, its message escaped to one line:
    /// `failed: <id>[ in <label>]: <message>` or
    /// `missing: <id>: in <base_label>, not in <label>`.
    std::string explain() const;
};

/// What the gate decided.
struct GateVerdict {
    std::vector<Regression> regressions;  ///< in the order of the specs, then of the ids
    std::vector<Breakage> broken;         ///< failed, then missing ids, by run, in the first run's order
    std::size_t allowed_missing = 0;      ///< ids missing from a later run that GateOptions::allow_missing let pass
    std::size_t compared = 0;  ///< (id, spec, run) checks made: both sides had the metric
    std::size_t untested = 0;  ///< of those, decided by the threshold alone (no samples, one or too few processes)
    /// Set when a later run has no id in common with the first: nothing could
    /// be checked, which is an input error (exit 2), not a pass. Names both files.
    std::optional<InputError> nothing_checked;

    bool passed() const { return regressions.empty() && broken.empty() && !nothing_checked; }
    /// `no regressions over thresholds`, or what failed the gate:
    /// `N regressions: id1 (mean +25.3% > 20%), ...; 1 failed: id2; 1 missing: id3`.
    std::string summary() const;
    /// Every line a gate prints: each regression's explain(alpha), each
    /// breakage's explain(), then summary(). With `name_runs` false (one
    /// candidate, so naming it adds nothing) regressions and failures leave out the run's label.
    std::string report(double alpha, bool name_runs) const;
};

/// Options of evaluate_gate().
struct GateOptions {
    double alpha = 0.05;        ///< significance level of the rank test
    int bootstrap_resamples = 2000;  ///< for the median-ratio interval of each regression
    /// Tests already made on these runs (their alpha then wins); when null, the gate makes its own.
    const SampleTests* tests = nullptr;
    /// Ids of the first run that a later run lacks pass instead of failing
    /// (a benchmark renamed or removed on purpose). Failed ones still fail.
    bool allow_missing = false;
};

/// Applies every spec to every id of every later run against the first run.
/// A change fails when it is past its threshold in the metric's bad direction
/// (up for time, memory, counts; down for ops and rates) and, when both sides
/// carry samples of a time metric from enough processes, the Mann-Whitney test
/// over the processes' medians finds it significant at `alpha`. Without
/// samples, or with one process a side, the threshold alone decides. An id that
/// succeeded in the first run and failed in a later one, or is missing from it
/// (unless `allow_missing`), fails the gate as a Breakage; ids new in a later
/// run, or not successful in the first, are not compared. A later run sharing
/// no id with the first sets `nothing_checked`. Labels name the runs in messages.
///
///     auto verdict = pace::evaluate_gate(runs, labels, specs, {});
///     if (!verdict.passed()) std::puts(verdict.summary().c_str());
GateVerdict evaluate_gate(std::span<const Run> runs, const std::vector<std::string>& labels,
                          std::span<const ThresholdSpec> specs, const GateOptions& options);

}  // namespace pace
