// SPDX-License-Identifier: Apache-2.0
#include "measure/scaling_sweep.hpp"

#include <algorithm>  // std::find_if, std::sort
#include <cmath>      // std::floor, std::fabs

#include <fmt/format.h>  // messages and target details

#include "stats/scaling.hpp"  // fit_amdahl, fit_usl

namespace pace::measure {

namespace {

std::optional<double> number_of(const DimValue& v) {
    if (auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (auto* x = std::get_if<double>(&v)) return *x;
    return std::nullopt;
}

// The sweep an instance belongs to: the benchmark with its other dims.
std::string sweep_id(const detail::BenchmarkSpec& spec, const std::vector<Dim>& dims) {
    std::vector<Dim> others;
    for (const Dim& d : dims)
        if (d.name != spec.scaling_dim) others.push_back(d);
    return make_id(spec.name, others);
}

}  // namespace

std::string scaling_target_text(const Target& t) {
    return t.metric == "efficiency" ? fmt::format("efficiency >= {:.0f}%", t.limit * 100)
                                    : fmt::format("speedup >= {:.2f}x", t.limit);
}

std::optional<InputError> scaling_dim_problem(const detail::BenchmarkSpec& spec) {
    if (spec.scaling_dim.empty()) return std::nullopt;
    const std::string where = "line " + std::to_string(spec.line);
    const std::string what = "the worker dim \"" + spec.scaling_dim + "\" of \"" + spec.name + "\"";
    auto dim = std::find_if(spec.dims.begin(), spec.dims.end(), [&](const DimSpec& d) { return d.name == spec.scaling_dim; });
    if (dim == spec.dims.end())
        return InputError{spec.file, where, what + " is not one of its dims",
                          "declare it, e.g. pace::dim(\"" + spec.scaling_dim + "\", {1, 2, 4}), or use pace::threads({1, 2, 4})"};
    bool has_one = false;
    for (const DimValue& v : dim->values) {
        auto n = number_of(v);
        if (!n || !(*n >= 1) || std::floor(*n) != *n)
            return InputError{spec.file, where, what + " has the value " + to_string(v) + ", not a worker count",
                              "worker counts are whole numbers >= 1"};
        has_one = has_one || *n == 1;
    }
    if (!has_one)
        return InputError{spec.file, where, what + " has no count of 1",
                          "speedups are measured over one worker: add 1 to the counts"};
    return std::nullopt;
}

std::optional<double> worker_count(const Instance& instance) {
    if (instance.spec->scaling_dim.empty()) return std::nullopt;
    for (const Dim& d : instance.dims)
        if (d.name == instance.spec->scaling_dim) return number_of(d.value);
    return std::nullopt;
}

std::vector<ScalingFit> fit_scalings(const std::vector<Result>& results, const std::vector<const Instance*>& instances,
                                     int cores) {
    std::vector<ScalingFit> fits;
    for (std::size_t i = 0; i < results.size() && i < instances.size(); ++i) {
        auto workers = worker_count(*instances[i]);
        if (!workers) continue;
        const detail::BenchmarkSpec& spec = *instances[i]->spec;
        std::string id = sweep_id(spec, results[i].dims);
        auto fit = std::find_if(fits.begin(), fits.end(), [&](const ScalingFit& f) { return f.id == id; });
        if (fit == fits.end()) {
            fits.push_back({});
            fit = fits.end() - 1;
            fit->id = std::move(id);
            fit->dim = spec.scaling_dim;
            fit->cores = cores;
        }
        ScalingFit::Point point;
        point.workers = *workers;
        if (results[i].status == Status::ok && results[i].time && results[i].time->median > 0)
            point.median = results[i].time->median;
        fit->points.push_back(point);
    }
    std::vector<ScalingFit> out;
    for (ScalingFit& fit : fits) {
        std::sort(fit.points.begin(), fit.points.end(),
                  [](const ScalingFit::Point& a, const ScalingFit::Point& b) { return a.workers < b.workers; });
        auto one = std::find_if(fit.points.begin(), fit.points.end(),
                                [](const ScalingFit::Point& p) { return p.workers == 1 && p.median; });
        if (one == fit.points.end()) continue;
        const double base = *one->median;
        std::vector<stats::ScalingPoint> measured;
        for (ScalingFit::Point& p : fit.points)
            if (p.median) {
                p.speedup = base / *p.median;
                measured.push_back({p.workers, *p.speedup});
            }
        auto amdahl = stats::fit_amdahl(measured);
        if (!amdahl) continue;  // one worker alone: nothing to fit
        fit.serial_fraction = amdahl->serial_fraction;
        fit.amdahl_r_squared = amdahl->r_squared;
        std::size_t above_one = 0;
        for (const stats::ScalingPoint& p : measured) above_one += p.workers > 1;
        auto usl = stats::fit_usl(measured);
        const bool use_usl = usl && stats::usl_fits_better(*amdahl, *usl, above_one);
        if (usl) {
            fit.contention = usl->contention;
            fit.coherency = usl->coherency;
            fit.usl_r_squared = usl->r_squared;
        }
        fit.model = use_usl ? "usl" : "amdahl";
        for (ScalingFit::Point& p : fit.points) p.predicted = use_usl ? usl->speedup(p.workers) : amdahl->speedup(p.workers);
        // How well the model predicts: fitted without the largest measured
        // count, as it would be used to predict counts this machine lacks.
        if (above_one >= 2) {
            std::vector<stats::ScalingPoint> rest(measured.begin(), measured.end() - 1);
            const stats::ScalingPoint& held = measured.back();
            std::optional<double> predicted;
            if (auto u = use_usl ? stats::fit_usl(rest) : std::nullopt) predicted = u->speedup(held.workers);
            else if (auto a = stats::fit_amdahl(rest)) predicted = a->speedup(held.workers);
            if (predicted) {
                fit.accuracy = 100 * (1 - std::fabs(*predicted - held.speedup) / held.speedup);
                fit.accuracy_workers = held.workers;
            }
        }
        out.push_back(std::move(fit));
    }
    return out;
}

void leave_scaling_targets_unchecked(std::vector<Result>& results,
                                     const std::vector<std::pair<std::size_t, Target>>& targets, const std::string& why) {
    for (const auto& [index, t] : targets)
        if (t.metric == "scaling_speedup" || t.metric == "efficiency")
            results[index].targets.push_back({scaling_target_text(t), false, "not checked: " + why, false});
}

void check_scaling_targets(std::vector<Result>& results, const std::vector<const Instance*>& instances,
                           const std::vector<ScalingFit>& fits,
                           const std::vector<std::pair<std::size_t, Target>>& targets) {
    for (const auto& [index, t] : targets) {
        if (t.metric != "scaling_speedup" && t.metric != "efficiency") continue;
        Result& r = results[index];
        const bool is_speedup = t.metric == "scaling_speedup";
        std::string bound = scaling_target_text(t);
        auto not_checked = [&](std::string why) { r.targets.push_back({bound, false, "not checked: " + std::move(why), false}); };
        auto workers = worker_count(*instances[index]);
        if (!workers) {
            r.status = Status::failed;
            r.message = bound + ": the benchmark has no worker dim: add pace::threads({1, 2, 4}) to PACE_BENCH";
            r.targets.push_back({bound, false, "no worker dim"});
            continue;
        }
        if (*workers == 1) continue;  // the reference of every speedup: 1x by definition
        if (r.status == Status::failed && !r.time) continue;  // the body failed: its figures are gone
        const std::string id = sweep_id(*instances[index]->spec, r.dims);
        auto fit = std::find_if(fits.begin(), fits.end(), [&](const ScalingFit& f) { return f.id == id; });
        const ScalingFit::Point* point = nullptr;
        if (fit != fits.end())
            for (const ScalingFit::Point& p : fit->points)
                if (p.workers == *workers) point = &p;
        if (!point || !point->speedup) {
            not_checked(r.status == Status::skipped ? r.message : "no speedup: the one-worker instance measured nothing");
            continue;
        }
        const double figure = is_speedup ? *point->speedup : *point->speedup / *workers;
        const bool passed = figure >= t.limit;
        std::string detail = is_speedup ? fmt::format("speedup was {:.2f}x", figure) : fmt::format("efficiency was {:.0f}%", figure * 100);
        r.targets.push_back({bound, passed, detail});
        if (!passed && r.status == Status::ok) {
            r.status = Status::failed;
            r.message = bound + " missed: " + detail;
        }
    }
}

}  // namespace pace::measure
