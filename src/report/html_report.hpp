// SPDX-License-Identifier: Apache-2.0
// `pace plot`'s page: one self-contained HTML file with the chart library, the
// data and the drawing code inline, so it opens offline and fetches nothing.
#pragma once

#include <optional>     // std::optional
#include <span>         // std::span
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "model/outcome.hpp"
#include "model/run.hpp"
#include "stats/steps.hpp"  // Step: the history view marks them

namespace pace::report {

/// The questions a report answers, one view each.
enum class PlotView {
    scaling,       ///< cost against a numeric dim: how does it grow with size?
    scatter,       ///< two runs: baseline cost against candidate/baseline ratio
    compare,       ///< two runs: one bar per id, ranked by change
    sweep,         ///< three or more runs: log2 fold-change against the first, as a heatmap
    distribution,  ///< the time samples of each benchmark as box plots
    history,       ///< runs of many commits: each benchmark's series over the commits, its steps marked
};

/// "scaling", "scatter", ...
std::string_view to_string(PlotView view);

/// Parses a view name; the error lists the names.
Outcome<PlotView> parse_plot_view(std::string_view text);

/// The view a report of `run_count` runs shows when none is asked for:
/// 1 → scaling, 2 → scatter, 3 or more → sweep.
PlotView default_view(std::size_t run_count);

/// What to draw and how. Every field has the meaning of the `pace plot` flag of
/// the same name.
struct PlotOptions {
    std::optional<PlotView> view{};        ///< empty: default_view(runs)
    std::string metric = "time";           ///< any name pace::metric() knows
    std::string facet{};                   ///< a dim: one small chart per value; "" = none
    std::optional<double> clip_percent{};  ///< colour scale saturates at this percentile of |change|
    std::string x{};                       ///< scaling's x dim; "" = inferred per benchmark
    std::optional<bool> log{};             ///< force log (true) or linear (false) axes; empty = from the data
    std::string sort = "absolute";         ///< compare's ranking: absolute or relative change
    std::vector<std::string> labels{};     ///< one per run
};

/// A written report and what it holds, for the command's one-line summary.
struct PlotReport {
    std::string html;
    PlotView view = PlotView::scaling;
    std::size_t ids = 0;  ///< benchmark ids that carry the metric in some run
};

/// Renders `runs` (at least one) as a standalone HTML page. Bad requests come
/// back as an InputError with a hint: a view that needs another number of runs,
/// a metric no run carries, no numeric dim for scaling, an unknown facet or x
/// dim, no samples for a distribution. Thread-safe; does no I/O.
///
///     auto page = pace::report::render_html_report(runs, {.labels = {"main", "pr"}});
///     if (page) pace::store::write_file_atomic("report.html", page->html);
Outcome<PlotReport> render_html_report(std::span<const Run> runs, const PlotOptions& options);

/// One commit of a history plot, oldest first.
struct HistoryCommit {
    std::string id;           ///< the full hash
    std::string subject;      ///< the first line of its message; "" when unknown (asv)
    std::string author_time;  ///< ISO 8601; the commit time when the author's is unknown
    std::string source;       ///< the file its run came from
};

/// One benchmark's value at one commit.
struct HistoryPlotPoint {
    std::size_t commit = 0;  ///< index into HistoryPlot::commits
    double value = 0;        ///< in the metric's raw unit (seconds, bytes, counts)
    double error = 0;        ///< standard error of the value; 0 for exact counts
};

/// One benchmark's series and the steps found in it.
struct HistoryPlotSeries {
    std::string id;
    std::vector<HistoryPlotPoint> points;  ///< in commit order, only where it was measured
    std::vector<stats::Step> steps;        ///< Step::index is into `points`
};

/// What the history view draws: the commits in topological order and a
/// series per benchmark.
struct HistoryPlot {
    std::vector<HistoryCommit> commits;
    std::vector<HistoryPlotSeries> series;
    std::string source;  ///< where the runs came from (a storage, asv results), for the page header
};

/// Renders the history view: per benchmark its value over the commits with
/// each point's 95% interval (±1.96 errors) and its steps marked; past 24
/// benchmarks, the 12 whose latest step moved most as small multiples and a
/// selector for any other. `options.metric` names the metric (for units and
/// labels); the other options do not apply. Thread-safe; does no I/O.
///
///     auto page = pace::report::render_history_report(plot, {.view = pace::report::PlotView::history});
PlotReport render_history_report(const HistoryPlot& plot, const PlotOptions& options);

/// JSON text made safe inside `<script type="application/json">`: `<`, `>`,
/// `&`, U+2028 and U+2029 become `\u003c`-style escapes, which JSON.parse reads
/// back unchanged, so no data can close the element or start markup.
std::string escape_json_for_html(std::string_view json);

/// The box of a box plot: quartiles, whiskers at the furthest samples within
/// 1.5 IQR of the quartiles, and the samples beyond them.
struct BoxSummary {
    double low_whisker = 0, q1 = 0, median = 0, q3 = 0, high_whisker = 0;
    std::vector<double> outliers;  ///< ascending
    std::size_t count = 0;
};

/// The box summary of `samples` (at least one), in their unit.
BoxSummary box_summary(std::vector<double> samples);

}  // namespace pace::report
