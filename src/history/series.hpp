// SPDX-License-Identifier: Apache-2.0
// pace history show: the runs of many commits in commit order, one series per
// benchmark, its steps, and the console view of them.
#pragma once

#include <cstdint>      // std::uint32_t
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "model/run.hpp"    // Run
#include "stats/steps.hpp"  // StepFit, StepOptions

namespace pace::history {

/// The runs in commit order: parents (commit_info.parent, written by pace
/// history run) before their children, otherwise by commit time, then by the
/// run's own datetime. Of several runs of one commit the last given is kept.
std::vector<const Run*> order_by_commit(const std::vector<const Run*>& runs);

/// One commit's value of one benchmark.
struct HistoryPoint {
    std::size_t position = 0;  ///< index of the commit in the ordered runs
    double value = 0;
    double error = 0;  ///< standard error of the value; 0 for exact counts
};

/// One benchmark's series over the commits and the steps found in it.
struct HistorySeries {
    std::string id;
    std::vector<HistoryPoint> points;  ///< only the commits where it was measured
    stats::StepFit fit;                ///< steps' indices are into `points`
};

/// The standard error of `metric` of `result`: from the median's interval
/// or the spread of the samples for time statistics, 0 for counters and
/// memory, which are exact.
double metric_error(const Result& result, std::string_view metric);

/// One series per benchmark id (in order of first appearance) of `metric`
/// over `ordered` (from order_by_commit), with its steps.
std::vector<HistorySeries> history_series(const std::vector<const Run*>& ordered, std::string_view metric,
                                          const stats::StepOptions& options = {});

/// One benchmark's value of a metric at one run, the benchmark given by its
/// number in a list of ids: what a long history keeps per point instead of
/// the whole Result.
struct RunValue {
    std::uint32_t id = 0;  ///< index into the ids given with the values
    double value = 0;
    double error = 0;  ///< as metric_error gives it
};

/// history_series over values already taken from the runs (only ok results
/// carrying the metric): `ordered_values[p]` holds the values of the run at
/// position p of order_by_commit's order. The same series, in the same
/// order of first appearance, as history_series over the runs themselves.
std::vector<HistorySeries> history_series(const std::vector<const std::vector<RunValue>*>& ordered_values,
                                          const std::vector<std::string>& ids,
                                          const stats::StepOptions& options = {});

/// The console view: a line per benchmark (a trend over every commit, blank
/// where it is absent, its first and latest values, the latest change), then
/// a line per step: `commit "subject": before → after, change, confidence`.
std::string render_history(const std::vector<const Run*>& ordered, const std::vector<HistorySeries>& series,
                           std::string_view metric);

/// The short commit id a run carries, "-" when none.
std::string short_commit(const Run& run);

}  // namespace pace::history
