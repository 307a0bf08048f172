// SPDX-License-Identifier: Apache-2.0
#include "history/series.hpp"

#include <algorithm>  // std::stable_sort, std::max
#include <cmath>      // std::sqrt, std::abs, std::lround
#include <functional>  // std::function: the recursive visit
#include <map>        // std::map: runs by commit id
#include <set>        // std::set: commits placed

#include <fmt/format.h>  // fmt::format

#include "model/text.hpp"   // display_width
#include "model/units.hpp"  // format_with_unit

namespace pace::history {
namespace {

std::string commit_field(const Run& run, const char* key) {
    if (auto it = run.commit.raw.find(key); it != run.commit.raw.end() && it->is_string()) return it->get<std::string>();
    return {};
}

}  // namespace

std::string short_commit(const Run& run) { return run.commit.id.empty() ? "-" : run.commit.id.substr(0, 10); }

std::vector<const Run*> order_by_commit(const std::vector<const Run*>& runs) {
    // The last run of each commit; runs without a commit stay as they are.
    std::map<std::string, const Run*> by_id;
    std::vector<const Run*> unique;
    for (const Run* run : runs) {
        if (run->commit.id.empty()) {
            unique.push_back(run);
            continue;
        }
        auto [it, added] = by_id.try_emplace(run->commit.id, run);
        if (!added) {
            std::replace(unique.begin(), unique.end(), it->second, run);
            it->second = run;
        } else {
            unique.push_back(run);
        }
    }
    std::stable_sort(unique.begin(), unique.end(), [](const Run* a, const Run* b) {
        if (a->commit.time != b->commit.time) return a->commit.time < b->commit.time;
        return a->datetime < b->datetime;
    });
    // Commit times can go backwards (rebases, clocks); a parent still comes first.
    std::vector<const Run*> out;
    std::set<const Run*> placed;
    std::function<void(const Run*)> place = [&](const Run* run) {
        if (!placed.insert(run).second) return;
        if (auto parent = by_id.find(commit_field(*run, "parent")); parent != by_id.end()) place(parent->second);
        out.push_back(run);
    };
    for (const Run* run : unique) place(run);
    return out;
}

double metric_error(const Result& result, std::string_view metric) {
    if (!result.time || metric_kind(metric) != MetricKind::time || result.counters.count(std::string(metric)))
        return 0;
    const TimeStats& t = *result.time;
    if (metric == "median" && t.median_ci_low && t.median_ci_high)
        return (*t.median_ci_high - *t.median_ci_low) / (2 * 1.96);  // a 95% interval's half-width in σ
    // Across several processes the process is the independent unit (their
    // offsets differ); inside one, the rounds are all there is.
    const double n = t.processes() > 1 ? static_cast<double>(t.processes())
                                       : static_cast<double>(std::max<std::int64_t>(t.rounds, 1));
    // The median's standard error is √(π/2) times the mean's for normal data.
    if (t.stddev) return (metric == "median" ? 1.2533 : 1.0) * *t.stddev / std::sqrt(n);
    return 0;
}

std::vector<HistorySeries> history_series(const std::vector<const Run*>& ordered, std::string_view metric,
                                          const stats::StepOptions& options) {
    std::vector<HistorySeries> out;
    std::map<std::string, std::size_t> index;
    for (std::size_t position = 0; position < ordered.size(); ++position) {
        for (const Result& result : ordered[position]->results) {
            if (result.status != Status::ok) continue;
            const auto value = pace::metric(result, metric);
            if (!value) continue;
            auto [it, added] = index.try_emplace(result.id, out.size());
            if (added) out.push_back({result.id, {}, {}});
            out[it->second].points.push_back({position, *value, metric_error(result, metric)});
        }
    }
    for (HistorySeries& s : out) {
        std::vector<stats::SeriesPoint> points;
        for (const HistoryPoint& p : s.points) points.push_back({p.value, p.error});
        s.fit = stats::detect_steps(points, options);
    }
    return out;
}

std::vector<HistorySeries> history_series(const std::vector<const std::vector<RunValue>*>& ordered_values,
                                          const std::vector<std::string>& ids, const stats::StepOptions& options) {
    std::vector<HistorySeries> out;
    std::vector<std::size_t> index(ids.size(), ids.size());  // id number -> its series, ids.size() when none yet
    for (std::size_t position = 0; position < ordered_values.size(); ++position) {
        for (const RunValue& v : *ordered_values[position]) {
            if (index[v.id] == ids.size()) {
                index[v.id] = out.size();
                out.push_back({ids[v.id], {}, {}});
            }
            out[index[v.id]].points.push_back({position, v.value, v.error});
        }
    }
    for (HistorySeries& s : out) {
        std::vector<stats::SeriesPoint> points;
        for (const HistoryPoint& p : s.points) points.push_back({p.value, p.error});
        s.fit = stats::detect_steps(points, options);
    }
    return out;
}

std::string render_history(const std::vector<const Run*>& ordered, const std::vector<HistorySeries>& series,
                           std::string_view metric) {
    static const char* const bars[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    const MetricKind kind = metric_kind(metric);
    std::string out = fmt::format("{} commit{}, {} benchmark{}, metric {} (trend oldest first; ' ' = not measured there)\n",
                                  ordered.size(), ordered.size() == 1 ? "" : "s", series.size(),
                                  series.size() == 1 ? "" : "s", metric);
    std::size_t id_width = 2;
    for (const HistorySeries& s : series) id_width = std::max(id_width, display_width(s.id));
    for (const HistorySeries& s : series) {
        double low = s.points.front().value, high = low;
        for (const HistoryPoint& p : s.points) {
            low = std::min(low, p.value);
            high = std::max(high, p.value);
        }
        std::vector<std::string> trend(ordered.size(), " ");
        for (const HistoryPoint& p : s.points) {
            const int level = high > low ? static_cast<int>(std::lround((p.value - low) / (high - low) * 7)) : 0;
            trend[p.position] = bars[level];
        }
        std::string line = s.id + std::string(id_width - display_width(s.id), ' ') + "  ";
        for (const std::string& bar : trend) line += bar;
        const HistoryPoint& last = s.points.back();
        line += fmt::format("  {} → {}", units::format_with_unit(kind, s.points.front().value), units::format_with_unit(kind, last.value));
        if (s.points.size() >= 2) {
            const double before = s.points[s.points.size() - 2].value;
            const double change = before != 0 ? (last.value - before) / std::abs(before) * 100 : 0;
            line += fmt::format("  latest {:+.1f}% at {}", change, short_commit(*ordered[last.position]));
        }
        out += line + "\n";
        for (const stats::Step& step : s.fit.steps) {
            const Run& run = *ordered[s.points[step.index].position];
            const std::string subject = commit_field(run, "subject");
            out += fmt::format("  step at {}{}: {} → {}, {:+.1f}%, confidence {:.1f}%\n", short_commit(run),
                               subject.empty() ? "" : " \"" + subject + "\"", units::format_with_unit(kind, step.before),
                               units::format_with_unit(kind, step.after), step.change * 100, step.confidence * 100);
        }
    }
    return out;
}

}  // namespace pace::history
