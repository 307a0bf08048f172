// SPDX-License-Identifier: Apache-2.0
#include "report/html_report.hpp"

#include <algorithm>  // std::sort, std::find_if
#include <cmath>      // std::isfinite, std::floor
#include <cstdint>    // std::uint64_t
#include <map>        // std::map
#include <random>     // std::random_device
#include <set>        // std::set

#include <fmt/format.h>  // fmt::format

#include "pace/version.hpp"
#include "model/metrics.hpp"  // offered_metric_names: the hint for an absent metric
#include "report/html_assets.hpp"

namespace pace::report {

namespace {

constexpr std::string_view view_names[] = {"scaling", "scatter", "compare", "sweep", "distribution", "history"};

// Outliers past this many per box are counted but not drawn: a box with
// thousands of stray samples would dominate the page's size, not its message.
constexpr std::size_t max_outliers_drawn = 200;

std::optional<double> finite_metric(const Result& result, std::string_view name) {
    if (result.status != Status::ok) return std::nullopt;
    std::optional<double> value = metric(result, name);
    if (!value || !std::isfinite(*value)) return std::nullopt;
    return value;
}

std::string_view kind_name(MetricKind kind) {
    switch (kind) {
        case MetricKind::time: return "time";
        case MetricKind::rate: return "rate";
        case MetricKind::bytes: return "bytes";
        case MetricKind::count: return "count";
    }
    return "count";
}

Json dim_value_json(const DimValue& value) {
    return std::visit([](const auto& v) { return Json(v); }, value);
}

double dim_number(const DimValue& value) {
    if (const auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
    return std::get<double>(value);
}

const Dim* find_dim(const Result& result, std::string_view name) {
    auto it = std::find_if(result.dims.begin(), result.dims.end(), [&](const Dim& d) { return d.name == name; });
    return it == result.dims.end() ? nullptr : &*it;
}

/// Every result of every run, once per id, in first-seen order.
struct IdRow {
    const Result* first = nullptr;  // the description: name, dims
    std::vector<const Result*> per_run;
};

std::vector<IdRow> rows_by_id(std::span<const Run> runs) {
    std::vector<IdRow> rows;
    std::map<std::string, std::size_t, std::less<>> index;
    for (std::size_t r = 0; r < runs.size(); ++r) {
        for (const Result& result : runs[r].results) {
            auto [it, inserted] = index.try_emplace(result.id, rows.size());
            if (inserted) rows.push_back({&result, std::vector<const Result*>(runs.size(), nullptr)});
            rows[it->second].per_run[r] = &result;
        }
    }
    return rows;
}

std::string list_names(const std::set<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

// The x dim of each row for the scaling view, "" when the row has none. With
// --x it is that dim wherever numeric. Otherwise a benchmark with one numeric
// dim uses it; one with several uses the dim taking the most distinct values
// across the benchmark's instances (the size being swept), the others
// becoming part of the series name.
std::vector<std::string> scaling_axes(const std::vector<IdRow>& rows, const std::string& forced) {
    std::vector<std::string> axes(rows.size());
    std::map<std::string, std::map<std::string, std::set<double>>> distinct;  // name -> dim -> values
    for (const IdRow& row : rows)
        for (const Dim& d : row.first->dims)
            if (is_numeric(d.value)) distinct[row.first->name][d.name].insert(dim_number(d.value));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Result& r = *rows[i].first;
        if (!forced.empty()) {
            const Dim* d = find_dim(r, forced);
            if (d && is_numeric(d->value)) axes[i] = forced;
            continue;
        }
        std::size_t best = 0;
        for (const Dim& d : r.dims) {
            if (!is_numeric(d.value)) continue;
            std::size_t n = distinct[r.name][d.name].size();
            if (axes[i].empty() || n > best) {
                axes[i] = d.name;
                best = n;
            }
        }
    }
    return axes;
}

Json machine_json(const MachineInfo& m) {
    return Json{{"node", m.node},         {"system", m.system},   {"release", m.release},
                {"machine", m.machine},   {"cpu", m.cpu_model},   {"cores", m.cores},
                {"compiler", m.compiler}, {"build_type", m.build_type}};
}

Json commit_json(const CommitInfo& c) {
    // pytest-benchmark writes these placeholders outside a git checkout; shown,
    // they read "unknown ((unknown))". An empty field shows as —.
    Json j{{"id", c.id == "unknown" ? "" : c.id}, {"branch", c.branch == "(unknown)" ? "" : c.branch}, {"time", c.time}};
    j["dirty"] = c.dirty ? Json(*c.dirty) : Json(nullptr);
    return j;
}

std::string random_nonce() {
    std::random_device device;
    std::uint64_t bits = (std::uint64_t{device()} << 32) ^ device();
    return fmt::format("{:016x}", bits);
}

// One pass over the skeleton: a slot's replacement is never searched again,
// so data that happens to contain "{{DATA}}" stays text.
std::string fill_slots(std::string_view skeleton, const std::map<std::string, std::string_view, std::less<>>& slots) {
    std::string out;
    out.reserve(skeleton.size() + 64);
    for (const auto& [name, text] : slots) out.reserve(out.capacity() + text.size());
    std::size_t pos = 0;
    while (true) {
        std::size_t open = skeleton.find("{{", pos);
        if (open == std::string_view::npos) break;
        std::size_t close = skeleton.find("}}", open + 2);
        if (close == std::string_view::npos) break;
        auto it = slots.find(skeleton.substr(open + 2, close - open - 2));
        out.append(skeleton.substr(pos, open - pos));
        if (it == slots.end())
            out.append(skeleton.substr(open, close + 2 - open));
        else
            out.append(it->second);
        pos = close + 2;
    }
    out.append(skeleton.substr(pos));
    return out;
}

// The page: the skeleton with the data, styles and scripts in its slots.
std::string page_of(const Json& data) {
    // Names and dims are arbitrary text, and an importer may pass invalid
    // UTF-8 through: replace it rather than fail the report.
    std::string json_text = data.dump(-1, ' ', false, Json::error_handler_t::replace);
    std::string escaped = escape_json_for_html(json_text);
    std::string nonce = random_nonce();
    return fill_slots(assets::report_html(), {{"NONCE", nonce},
                                              {"STYLE", assets::report_css()},
                                              {"CHART_JS", assets::chart_js()},
                                              {"DATA", escaped},
                                              {"REPORT_JS", assets::report_js()}});
}

}  // namespace

std::string_view to_string(PlotView view) { return view_names[static_cast<int>(view)]; }

Outcome<PlotView> parse_plot_view(std::string_view text) {
    for (std::size_t i = 0; i < std::size(view_names); ++i)
        if (text == view_names[i]) return static_cast<PlotView>(i);
    return InputError{"--view", "", fmt::format("unknown view \"{}\"", text),
                      "choose scaling, scatter, compare, sweep, distribution or history"};
}

PlotView default_view(std::size_t run_count) {
    if (run_count <= 1) return PlotView::scaling;
    if (run_count == 2) return PlotView::scatter;
    return PlotView::sweep;
}

std::string escape_json_for_html(std::string_view json) {
    std::string out;
    out.reserve(json.size() + json.size() / 16);
    for (std::size_t i = 0; i < json.size(); ++i) {
        char c = json[i];
        if (c == '<')
            out += "\\u003c";
        else if (c == '>')
            out += "\\u003e";
        else if (c == '&')
            out += "\\u0026";
        else if (c == '\xE2' && i + 2 < json.size() && json[i + 1] == '\x80' &&
                 (json[i + 2] == '\xA8' || json[i + 2] == '\xA9')) {
            // U+2028/U+2029 end a line in older JavaScript parsers.
            out += json[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

BoxSummary box_summary(std::vector<double> samples) {
    BoxSummary box;
    std::sort(samples.begin(), samples.end());
    box.count = samples.size();
    if (samples.empty()) return box;
    // Linear interpolation between order statistics (R's type 7, numpy's
    // default), the quartiles pytest-benchmark reports.
    auto quantile = [&](double p) {
        double h = p * static_cast<double>(samples.size() - 1);
        auto lo = static_cast<std::size_t>(std::floor(h));
        std::size_t hi = std::min(lo + 1, samples.size() - 1);
        return samples[lo] + (h - static_cast<double>(lo)) * (samples[hi] - samples[lo]);
    };
    box.q1 = quantile(0.25);
    box.median = quantile(0.5);
    box.q3 = quantile(0.75);
    double fence = 1.5 * (box.q3 - box.q1);
    box.low_whisker = box.q1;
    box.high_whisker = box.q3;
    for (double s : samples) {
        if (s < box.q1 - fence || s > box.q3 + fence) {
            box.outliers.push_back(s);
            continue;
        }
        box.low_whisker = std::min(box.low_whisker, s);
        box.high_whisker = std::max(box.high_whisker, s);
    }
    return box;
}

Outcome<PlotReport> render_html_report(std::span<const Run> runs, const PlotOptions& options) {
    if (runs.empty())
        return InputError{"", "", "no runs to plot", "pace plot FILES... -o report.html (at least one result file)"};
    if (options.labels.size() != runs.size())
        return InputError{"--label", "",
                          fmt::format("{} labels for {} runs: one each", options.labels.size(), runs.size()),
                          "give one --label per run, in the order of the files, or none for the file stems"};
    const PlotView view = options.view.value_or(default_view(runs.size()));
    const std::string view_name(to_string(view));
    switch (view) {
        case PlotView::scatter:
        case PlotView::compare:
            if (runs.size() != 2)
                return InputError{"--view", "",
                                  fmt::format("the {} view compares exactly two runs, got {}", view_name, runs.size()),
                                  runs.size() > 2 ? "use --view sweep for three or more runs"
                                                  : "give a baseline and a candidate run"};
            break;
        case PlotView::sweep:
            if (runs.size() < 3)
                return InputError{"--view", "",
                                  fmt::format("the sweep view needs at least three runs, got {}", runs.size()),
                                  "use --view scatter or --view compare for two runs"};
            break;
        case PlotView::history:
            return InputError{"--view", "", "the history view reads runs of many commits, not a list of runs",
                              "render it with render_history_report (pace plot --view history does)"};
        case PlotView::scaling:
        case PlotView::distribution: break;
    }
    if (options.clip_percent && !(*options.clip_percent > 0 && *options.clip_percent <= 100))
        return InputError{"--clip", "",
                          fmt::format("expected a percentile in (0, 100], found {:g}", *options.clip_percent),
                          "e.g. --clip 95: the colour scale saturates at the 95th percentile of the changes"};
    if (options.sort != "absolute" && options.sort != "relative")
        return InputError{"--sort", "", fmt::format("unknown order \"{}\"", options.sort),
                          "choose absolute (change in the metric's units) or relative (percent)"};

    const std::string metric_name = options.metric;
    const MetricKind kind = metric_kind(metric_name);
    if (view == PlotView::distribution && kind != MetricKind::time)
        return InputError{"--metric", "",
                          fmt::format("the distribution view draws time samples; \"{}\" is not a time", metric_name),
                          "drop --metric, or use --view compare or scaling for memory and counters"};

    std::vector<IdRow> rows = rows_by_id(runs);
    std::set<std::string> all_dims;
    for (const IdRow& row : rows)
        for (const Dim& d : row.first->dims) all_dims.insert(d.name);
    auto dims_hint = [&] {
        return all_dims.empty() ? std::string("these runs have no dims")
                                : "these runs have dims: " + list_names(all_dims);
    };
    if (!options.facet.empty() && !all_dims.count(options.facet))
        return InputError{"--facet", "", fmt::format("no benchmark has a dim \"{}\"", options.facet), dims_hint()};

    // Rows carrying the metric in some run; the rest cannot be drawn.
    std::erase_if(rows, [&](const IdRow& row) {
        return std::none_of(row.per_run.begin(), row.per_run.end(),
                            [&](const Result* r) { return r && finite_metric(*r, metric_name); });
    });
    if (rows.empty()) {
        std::string files;
        for (const Run& run : runs) files += (files.empty() ? "" : ", ") + (run.source.empty() ? "a run" : run.source);
        return InputError{"--metric", "", fmt::format("no benchmark in {} carries metric \"{}\"", files, metric_name),
                          "--metric takes " + offered_metric_names() + ", or a user counter"};
    }

    std::vector<std::string> axes;
    if (view == PlotView::scaling) {
        axes = scaling_axes(rows, options.x);
        if (std::all_of(axes.begin(), axes.end(), [](const std::string& a) { return a.empty(); })) {
            if (!options.x.empty())
                return InputError{"--x", "", fmt::format("no benchmark has a numeric dim \"{}\"", options.x),
                                  dims_hint()};
            return InputError{"--view", "", "the scaling view needs a numeric dim (such as n=1000) for its x axis, "
                                            "and no benchmark has one",
                              "use --view compare or --view distribution, or give the benchmarks a size dim"};
        }
    }
    if (view == PlotView::scatter || view == PlotView::compare) {
        bool shared = std::any_of(rows.begin(), rows.end(), [&](const IdRow& row) {
            return row.per_run[0] && row.per_run[1] && finite_metric(*row.per_run[0], metric_name) &&
                   finite_metric(*row.per_run[1], metric_name);
        });
        if (!shared)
            return InputError{"", "", fmt::format("no benchmark id carries \"{}\" in both runs", metric_name),
                              "the runs are joined on the benchmark id (fullname); check they come from one suite"};
    }

    Json data;
    data["format"] = 1;
    data["generator"] = std::string("pace ") + PACE_VERSION;
    data["view"] = view_name;
    data["metric"] = metric_name;
    data["kind"] = kind_name(kind);
    data["higher_is_worse"] = higher_is_worse(metric_name);
    data["log"] = options.log ? Json(*options.log) : Json(nullptr);
    data["clip"] = options.clip_percent ? Json(*options.clip_percent) : Json(nullptr);
    data["sort"] = options.sort;
    data["facet"] = options.facet;
    Json& runs_json = data["runs"] = Json::array();
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const Run& run = runs[r];
        runs_json.push_back({{"label", options.labels[r]},
                             {"source", run.source},
                             {"producer", run.producer},
                             {"datetime", run.datetime},
                             {"mode", run.mode},
                             {"machine", machine_json(run.machine)},
                             {"commit", commit_json(run.commit)}});
    }
    Json& results_json = data["results"] = Json::array();
    Json& boxes_json = data["boxes"] = Json::array();
    std::size_t samples_seen = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const Result& first = *rows[i].first;
        Json dims = Json::array();
        for (const Dim& d : first.dims) dims.push_back({{"name", d.name}, {"value", dim_value_json(d.value)}});
        Json values = Json::array();
        for (const Result* r : rows[i].per_run) {
            std::optional<double> v = r ? finite_metric(*r, metric_name) : std::nullopt;
            values.push_back(v ? Json(*v) : Json(nullptr));
        }
        Json row{{"id", first.id}, {"name", first.name}, {"group", first.group}, {"dims", std::move(dims)},
                 {"values", std::move(values)}};
        if (view == PlotView::scaling) row["x"] = axes[i];
        results_json.push_back(std::move(row));

        if (view != PlotView::distribution) continue;
        for (std::size_t r = 0; r < runs.size(); ++r) {
            const Result* result = rows[i].per_run[r];
            if (!result || result->status != Status::ok || !result->time) continue;
            std::vector<double> samples;
            for (double s : result->time->samples)
                if (std::isfinite(s)) samples.push_back(s);
            if (samples.empty()) continue;
            samples_seen += samples.size();
            BoxSummary box = box_summary(std::move(samples));
            Json outliers = Json::array();
            // Keep the extremes when there are too many to draw: they set the axis.
            std::size_t step = box.outliers.size() > max_outliers_drawn
                                   ? (box.outliers.size() + max_outliers_drawn - 1) / max_outliers_drawn
                                   : 1;
            for (std::size_t k = 0; k < box.outliers.size(); k += step) outliers.push_back(box.outliers[k]);
            if (!box.outliers.empty() && (box.outliers.size() - 1) % step != 0) outliers.push_back(box.outliers.back());
            boxes_json.push_back({{"row", i},
                                  {"run", r},
                                  {"low", box.low_whisker},
                                  {"q1", box.q1},
                                  {"median", box.median},
                                  {"q3", box.q3},
                                  {"high", box.high_whisker},
                                  {"outliers", std::move(outliers)},
                                  {"outlier_count", box.outliers.size()},
                                  {"n", box.count}});
        }
    }
    if (view == PlotView::distribution && samples_seen == 0)
        return InputError{"", "", "the distribution view needs time samples, and no benchmark in these runs has any",
                          "pace writes samples to stats.data; imports of aggregates (Google Benchmark's mean/median "
                          "rows) carry none: use --view compare or scaling"};

    return PlotReport{page_of(data), view, rows.size()};
}

PlotReport render_history_report(const HistoryPlot& plot, const PlotOptions& options) {
    const std::string& metric_name = options.metric;
    Json data;
    data["format"] = 1;
    data["generator"] = std::string("pace ") + PACE_VERSION;
    data["view"] = "history";
    data["metric"] = metric_name;
    data["kind"] = kind_name(metric_kind(metric_name));
    data["higher_is_worse"] = higher_is_worse(metric_name);
    data["log"] = options.log ? Json(*options.log) : Json(nullptr);
    data["clip"] = nullptr;
    data["facet"] = "";
    data["runs"] = Json::array();
    data["results"] = Json::array();
    data["source"] = plot.source;
    Json& commits = data["commits"] = Json::array();
    for (const HistoryCommit& c : plot.commits)
        commits.push_back({{"id", c.id}, {"subject", c.subject}, {"date", c.author_time}, {"source", c.source}});
    // Points as [commit, value, error] triples: 10,000 benchmarks over a few
    // dozen commits are hundreds of thousands of points, and keys would
    // double the page.
    Json& series = data["series"] = Json::array();
    for (const HistoryPlotSeries& s : plot.series) {
        Json points = Json::array();
        for (const HistoryPlotPoint& p : s.points) {
            if (!std::isfinite(p.value)) continue;
            points.push_back(Json::array({p.commit, p.value, std::isfinite(p.error) ? p.error : 0.0}));
        }
        Json steps = Json::array();
        for (const stats::Step& step : s.steps) {
            if (step.index >= s.points.size()) continue;
            steps.push_back({{"commit", s.points[step.index].commit},
                             {"before", step.before},
                             {"after", step.after},
                             {"change", step.change},
                             {"confidence", step.confidence}});
        }
        series.push_back({{"id", s.id}, {"points", std::move(points)}, {"steps", std::move(steps)}});
    }
    return PlotReport{page_of(data), PlotView::history, plot.series.size()};
}

}  // namespace pace::report
