// SPDX-License-Identifier: Apache-2.0
// The diff of runs: one row per benchmark id, the metric's value in every run
// and its change against the first run. Ids missing from some runs are kept.
#pragma once

#include <optional>     // std::optional
#include <span>         // std::span
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "compare/id_index.hpp"
#include "model/outcome.hpp"
#include "model/run.hpp"

namespace pace {

/// Row order of a comparison table.
enum class SortKey {
    name,    ///< by id
    value,   ///< largest value in the last run first
    change,  ///< largest change of the last run against the first first (increases on top)
};

/// Parses `name`, `value` or `change`; anything else is an InputError with a hint.
Outcome<SortKey> parse_sort_key(std::string_view text);

/// Why a change was or was not put to a significance test.
enum class TestBasis {
    tested,       ///< both sides came from several processes: p_value holds the Mann-Whitney p over their medians
    no_samples,   ///< a side has no samples (imported aggregates, memory, counters)
    one_process,  ///< each side's samples came from one process: a whole process's offset cannot be seen
    too_few,      ///< several processes, but too few to reach the level at all
};

/// The evidence for one change of a result against its base. The test is made
/// at the level where the noise is independent: the process. On a shared
/// machine every sample of a process carries that process's offset (its code
/// and heap layout, where it was placed), so rounds of one process are not
/// independent evidence of a change between two.
struct Significance {
    TestBasis basis = TestBasis::no_samples;
    std::optional<double> p_value;  ///< set when basis == tested
    std::size_t base_processes = 0, cand_processes = 0;  ///< the processes on each side, when they have samples
    /// True when the change is significant at the level, or could not be tested
    /// (then the threshold alone decides).
    bool counts(double alpha) const { return basis != TestBasis::tested || (p_value && *p_value < alpha); }
};

/// True when `metric` is computed from the time samples, so a rank test on the
/// samples speaks for it (time statistics and ops).
bool metric_has_samples(std::string_view metric);

/// Tests whether `cand`'s time samples differ from `base`'s at level `alpha`:
/// the Mann-Whitney U test over the per-process medians of each side (so one
/// process a side is never tested). The evidence for a change of any time
/// metric. Pure, thread-safe.
Significance test_samples(const Result& base, const Result& cand, double alpha);

/// The rank test of every id's time samples in each later run against the
/// first, made once and read by the diff and the gate: on a suite of thousands
/// of ids the tests are most of a comparison's arithmetic, and every time
/// metric (and ops) shares them. It views the runs: they must outlive it.
/// Read-only after construction, so threads may share it.
class SampleTests {
public:
    SampleTests(std::span<const Run> runs, double alpha);

    /// The evidence for `id` in run `run` (≥ 1) against run 0 on `metric`:
    /// no_samples when the metric is not a time statistic, a side lacks the
    /// id or its samples, or either result did not succeed.
    Significance find(std::size_t run, std::string_view id, std::string_view metric) const;
    double alpha() const { return alpha_; }
    /// The runs' results by id, made for the tests and shared with the table and the gate.
    const IdIndex& index() const { return index_; }

private:
    IdIndex index_;
    const Result* base_ = nullptr;                   ///< the first run's results, which tested_ follows
    std::vector<std::vector<Significance>> tested_;  ///< per run, one per result of the first run
    double alpha_;
};

/// Percent change from `base` to `value`: (value / base − 1) · 100, as
/// pytest-benchmark computes it. A zero base gives 0 for a zero value and ±inf otherwise.
double percent_change(double base, double value);

/// Why a run has, or has no, value in a row.
enum class Presence {
    value,      ///< the result ran and carries the metric
    missing,    ///< the run has no result with this id
    failed,     ///< the result is there with status failed
    skipped,    ///< the result is there with status skipped
    no_metric,  ///< the result ran but does not carry the metric
};

/// One benchmark id across the runs.
struct DiffRow {
    std::string id;
    std::vector<std::optional<double>> values;          ///< one per run; empty when missing there
    std::vector<Presence> presence;                     ///< one per run: why a value is there or not
    std::vector<std::optional<double>> change_percent;  ///< one per run against run 0; [0] always empty
    std::vector<Significance> significance;             ///< one per run against run 0; [0] unused
    bool in_all_runs = true;  ///< false when a run lacks the id or the metric for it
};

/// The comparison of N runs on one metric.
struct Diff {
    std::string metric;
    std::vector<std::string> labels;  ///< one per run
    std::vector<DiffRow> rows;
    std::vector<std::string> partial_ids;  ///< ids missing from some runs, in row order
    double alpha = 0.05;
};

/// Options of diff_runs().
struct DiffOptions {
    std::string metric = "time";
    SortKey sort = SortKey::name;
    double alpha = 0.05;
    /// Tests already made on these runs at this alpha; when null, diff_runs makes its own.
    const SampleTests* tests = nullptr;
};

/// Builds the per-id rows of `runs` (at least one) labelled `labels` (same
/// count). Row ids are the union over all runs, none dropped; results that
/// failed or were skipped count as missing. Thread-safe; does not print.
///
///     auto diff = pace::diff_runs(runs, {"base", "cand"}, {.metric = "mean"});
///     for (const auto& row : diff.rows) use(row.id, row.change_percent[1]);
Diff diff_runs(std::span<const Run> runs, const std::vector<std::string>& labels, const DiffOptions& options);

/// Checks that some result of some run carries `metric`, so a typo is an
/// error rather than an empty table. `context` prefixes the message (e.g. the
/// threshold spec); the hint suggests the close built-in name or lists what the
/// runs carry.
std::optional<InputError> check_metric_carried(std::span<const Run> runs, std::string_view metric,
                                               const std::string& context);

/// The machine fields that differ between two runs (cpu_model, cores,
/// compiler, build_type, system), as one warning sentence, or "" when they
/// match. A field either run left empty is not compared.
std::string machine_differences(const Run& base, const Run& other, const std::string& base_label,
                                const std::string& other_label);

/// Labels for runs read from `paths`: the file stems, made unique.
std::vector<std::string> run_labels(const std::vector<std::string>& paths);

}  // namespace pace
