// SPDX-License-Identifier: Apache-2.0
// Runs the registered benchmarks: the registry, instances, the body of each,
// its targets, and the Run a selection makes.
#include "measure/runner.hpp"

#include <algorithm>   // std::find_if
#include <cstdio>      // std::fputs
#include <filesystem>  // std::filesystem::current_path
#include <map>         // std::map
#include <utility>     // std::pair

#include <fmt/format.h>  // messages

#include "measure/bench_state.hpp"
#include "measure/fixtures.hpp"  // fixtures stopped after a benchmark and after the run
#include "measure/probe.hpp"     // what the run's mode measures: targets it cannot check, the fitted metric
#include "measure/tag_expression.hpp"  // tag_name_problem: tags checked at registration
#include "model/units.hpp"            // format_with_unit, for targets
#include "pace/version.hpp"           // PACE_VERSION
#include "platform/environment.hpp"  // machine, commit, date of the run
#include "measure/scaling_sweep.hpp"  // pace::threads sweeps: counts this machine can measure, fits, targets
#include "stats/complexity.hpp"       // fit_complexity: pace::complexity sweeps

namespace pace {

namespace detail {

namespace {
std::vector<BenchmarkSpec>& registry() {
    static std::vector<BenchmarkSpec> specs;
    return specs;
}
}  // namespace

void register_benchmark(BenchmarkSpec spec) { registry().push_back(std::move(spec)); }

}  // namespace detail

namespace measure {

const std::vector<detail::BenchmarkSpec>& registered() { return detail::registry(); }

Outcome<std::vector<Instance>> expand(const std::vector<detail::BenchmarkSpec>& specs) {
    std::vector<Instance> out;
    std::map<std::string, const detail::BenchmarkSpec*> seen;
    for (const detail::BenchmarkSpec& spec : specs) {
        // A tag --tags could never select is refused where it is registered,
        // rather than leaving a benchmark no selection reaches.
        for (const std::string& tag : spec.tags)
            if (auto problem = tag_name_problem(tag))
                return InputError{spec.file, "line " + std::to_string(spec.line),
                                  "benchmark \"" + spec.name + "\": " + *problem,
                                  "a tag is letters, digits and _ - . : /, and not one of and, or, not"};
        if (!spec.complexity_dim.empty()) {
            auto swept = std::find_if(spec.dims.begin(), spec.dims.end(),
                                      [&](const DimSpec& d) { return d.name == spec.complexity_dim; });
            if (swept == spec.dims.end())
                return InputError{spec.file, "line " + std::to_string(spec.line),
                                  "pace::complexity(\"" + spec.complexity_dim + "\") of \"" + spec.name +
                                      "\" names no dim of it",
                                  "fit over one of its dims, e.g. pace::dim(\"n\", {1'000, 10'000, 100'000}) and pace::complexity(\"n\")"};
            for (const DimValue& v : swept->values)
                if (!is_numeric(v) || std::visit([](const auto& x) -> bool {
                        if constexpr (std::is_arithmetic_v<std::decay_t<decltype(x)>>) return !(static_cast<double>(x) >= 1);
                        else return true;
                    }, v))
                    return InputError{spec.file, "line " + std::to_string(spec.line),
                                      "pace::complexity(\"" + spec.complexity_dim + "\") of \"" + spec.name +
                                          "\": the dim's value " + to_string(v) + " is not a size (a number >= 1)",
                                      "a complexity is fitted over sizes: give the dim numbers >= 1"};
        }
        if (auto problem = scaling_dim_problem(spec)) return *problem;
        std::vector<std::vector<Dim>> combos{{}};
        for (const DimSpec& d : spec.dims) {
            if (d.values.empty())
                return InputError{spec.file, "line " + std::to_string(spec.line),
                                  "dim \"" + d.name + "\" of \"" + spec.name + "\" has no values",
                                  "give the dim at least one value, or remove it"};
            std::vector<std::vector<Dim>> next;
            for (const auto& combo : combos)
                for (const DimValue& v : d.values) {
                    auto extended = combo;
                    extended.push_back({d.name, v});
                    next.push_back(std::move(extended));
                }
            combos = std::move(next);
        }
        for (auto& dims : combos) {
            std::string id = make_id(spec.name, dims);
            if (auto [it, inserted] = seen.emplace(id, &spec); !inserted)
                return InputError{spec.file, "line " + std::to_string(spec.line), "duplicate benchmark id \"" + id + "\"",
                                  fmt::format("it is also registered at {}:{}; give each benchmark a unique name",
                                              it->second->file, it->second->line)};
            out.push_back({&spec, std::move(dims), std::move(id)});
        }
    }
    return out;
}

namespace {

// Targets that need other instances' results: a speedup's reference, a
// sweep's fit.
bool is_checked_after_the_run(const Target& t) {
    return t.metric == "speedup" || t.metric == "complexity" || t.metric == "scaling_speedup" || t.metric == "efficiency";
}

// Records a checked target; the first one missed fails the result.
void record_target(Result& r, std::string description, bool passed, std::string detail) {
    r.targets.push_back({std::move(description), passed, std::move(detail)});
    if (!passed && r.status == Status::ok) {
        r.status = Status::failed;
        r.message = r.targets.back().description + " missed: " + r.targets.back().detail;
    }
}

void check_targets(detail::BenchState& state) {
    Result& r = state.result;
    auto add = [&](std::string description, bool passed, std::string detail) {
        record_target(r, std::move(description), passed, std::move(detail));
    };
    // A target the run cannot check is recorded as not checked, with why:
    // never as met, and never failing the benchmark either.
    auto unchecked = [&](std::string description, const std::string& why) {
        r.targets.push_back({std::move(description), false, "not checked: " + why, false});
    };
    const Probe& probe = *state.probe;
    // Timing targets need timed rounds: --test and instruction mode have none.
    // Speedups need the reference's result: checked once the run is complete.
    for (const Target& t : state.targets) {
        if (is_checked_after_the_run(t)) continue;
        const MetricKind kind = metric_kind(t.metric);
        std::string bound = fmt::format("{} {} {}", t.metric, t.at_most ? "<=" : ">=",
                                        units::format_with_unit(kind, t.limit));
        if (!r.time) {
            unchecked(std::move(bound), std::string(probe.why_untimed));
            continue;
        }
        std::optional<double> value = metric(r, t.metric);
        if (!value) {
            add(std::move(bound), false,
                fmt::format("no {} figure{}", t.metric,
                            t.metric == "items_per_second"   ? ": call bench.items() for it"
                            : t.metric == "bytes_per_second" ? ": call bench.bytes() for it"
                                                             : ""));
            continue;
        }
        const bool passed = t.at_most ? *value <= t.limit : *value >= t.limit;
        add(std::move(bound), passed, fmt::format("{} was {}", t.metric, units::format_with_unit(kind, *value)));
    }
    bool limits = state.peak_limit || state.allocation_limit || state.leaks_forbidden;
    if (!limits) return;
    const std::string peak_bound = state.peak_limit ? fmt::format("peak <= {} B", *state.peak_limit) : "";
    const std::string allocation_bound =
        state.allocation_limit ? fmt::format("allocations <= {}", *state.allocation_limit) : "";
    if (!r.memory) {
        std::string why = !probe.why_no_memory_pass.empty() ? std::string(probe.why_no_memory_pass)
                          : !state.options->memory            ? "--no-memory skips the memory pass"
                                                              : "";
        if (why.empty()) {
            add("memory limits", false, "no memory figures: allocation tracking is not in this binary");
            return;
        }
        if (state.peak_limit) unchecked(peak_bound, why);
        if (state.allocation_limit) unchecked(allocation_bound, why);
        if (state.leaks_forbidden) unchecked("no leaks", why);
        return;
    }
    if (state.peak_limit)
        add(peak_bound, r.memory->peak <= *state.peak_limit, fmt::format("peak was {} B", r.memory->peak));
    if (state.allocation_limit)
        add(allocation_bound, r.memory->allocations <= *state.allocation_limit,
            fmt::format("{} allocations", r.memory->allocations));
    if (state.leaks_forbidden && state.leaks_unchecked)
        unchecked("no leaks", "--test keeps the call's result for the body, so a leak cannot be told from it");
    else if (state.leaks_forbidden)
        add("no leaks", r.memory->leaked == 0, fmt::format("{} B still allocated after the call", r.memory->leaked));
}

}  // namespace

void check_speedups(std::vector<Result>& results, const std::vector<std::pair<std::size_t, Target>>& speedups,
                    const Probe& probe) {
    auto figure = [&](const Result& r) -> std::optional<double> {
        if (r.status != Status::ok || !probe.figure) return std::nullopt;
        auto f = probe.figure(r);
        return f ? std::optional<double>(f->value) : std::nullopt;
    };
    for (const auto& entry : speedups) {
        // Named, not bound: a lambda below captures the target (clang 14
        // cannot capture a structured binding).
        const std::size_t index = entry.first;
        const Target& t = entry.second;
        if (t.metric != "speedup") continue;
        Result& r = results[index];
        std::optional<double> own = figure(r);
        if (!own) continue;  // failed, or nothing timed (--test)
        std::string bound = fmt::format("speedup over {} >= {:.2f}x", t.reference, t.limit);
        auto ref = std::find_if(results.begin(), results.end(), [&](const Result& x) { return x.id == t.reference; });
        std::optional<double> theirs = ref == results.end() ? std::nullopt : figure(*ref);
        if (!theirs) {
            record_target(r, std::move(bound), false,
                          ref == results.end() ? "the reference did not run: no benchmark has that id, or --filter/--tags left it out"
                                               : "the reference failed");
            continue;
        }
        const double speedup = *own > 0 ? *theirs / *own : 0;
        record_target(r, std::move(bound), speedup >= t.limit, fmt::format("speedup was {:.2f}x", speedup));
    }
}

namespace {

// A result of `instance`, named as it and with nothing measured yet.
Result result_for(const Instance& instance) {
    Result r;
    r.name = instance.spec->name;
    r.id = instance.id;
    r.group = instance.spec->group;
    r.dims = instance.dims;
    r.tags = instance.spec->tags;
    return r;
}

}  // namespace

Result run_instance(const Instance& instance, const RunOptions& options, Clock& clock, std::vector<Target>& speedups) {
    detail::BenchState state;
    state.spec = instance.spec;
    state.options = &options;
    state.clock = &clock;
    state.probe = &probe(options.mode);
    state.result = result_for(instance);
    Result& r = state.result;
    Bench bench(state);
    auto fail = [&](std::string message) {
        r.status = Status::failed;
        r.message = std::move(message);
    };
    try {
        instance.spec->body(bench);
        // In --test too: a body that measures nothing would pass CTest and fail every timed run.
        if (!state.measured_with) fail("the body never called measure(), measure_each() or pedantic()");
    } catch (const detail::CheckFailure& e) {
        fail(e.message);
    } catch (const detail::FixtureFailure& e) {
        fail(e.message);
    } catch (const detail::Interrupted&) {
        fail("interrupted");
    } catch (const detail::Misuse& e) {
        fail("misuse: " + e.message);
    } catch (const std::exception& e) {
        fail(std::string("exception: ") + e.what());
    } catch (...) {
        fail("an exception that is not a std::exception");
    }
    if (state.tracking_memory) detail::memory_pass_end(state);  // the body threw during the memory pass
    for (const std::string& problem : stop_fixtures(state.fixtures))
        if (r.status == Status::ok) fail(problem);
    if (r.status == Status::failed) {
        // Figures of a failed benchmark are not comparable: keep the message only.
        r.time.reset();
        r.memory.reset();
        r.precision.reset();
    } else {
        check_targets(state);
        for (const Target& t : state.targets)
            if (is_checked_after_the_run(t)) speedups.push_back(t);
    }
    return r;
}

namespace {

// The figure a sweep is fitted on, the probe's (the median time, or
// instructions per call), and the half-width of its interval.
std::optional<stats::ComplexityPoint> sweep_point(const Result& r, double n, const Probe& probe) {
    if (r.status != Status::ok || !probe.figure) return std::nullopt;
    auto f = probe.figure(r);
    if (!f || !(f->value > 0)) return std::nullopt;
    return stats::ComplexityPoint{n, f->value, f->half_width};
}

}  // namespace

std::vector<ComplexityFit> fit_complexities(const std::vector<Result>& results,
                                            const std::vector<const Instance*>& instances, const Probe& probe) {
    // The sweeps in order of their first instance: the benchmark and its
    // other dims name one, the complexity dim varies inside it.
    std::vector<std::pair<ComplexityFit, std::vector<stats::ComplexityPoint>>> sweeps;
    for (std::size_t i = 0; i < results.size() && i < instances.size(); ++i) {
        const detail::BenchmarkSpec& spec = *instances[i]->spec;
        if (spec.complexity_dim.empty()) continue;
        std::vector<Dim> others;
        double n = 0;
        for (const Dim& d : results[i].dims) {
            if (d.name != spec.complexity_dim) others.push_back(d);
            else if (auto* v = std::get_if<std::int64_t>(&d.value)) n = static_cast<double>(*v);
            else if (auto* x = std::get_if<double>(&d.value)) n = *x;
        }
        std::string id = make_id(spec.name, others);
        auto it = std::find_if(sweeps.begin(), sweeps.end(), [&](const auto& s) { return s.first.id == id; });
        if (it == sweeps.end()) {
            ComplexityFit fit;
            fit.id = id;
            fit.dim = spec.complexity_dim;
            fit.metric = probe.metric;
            sweeps.emplace_back(std::move(fit), std::vector<stats::ComplexityPoint>{});
            it = sweeps.end() - 1;
        }
        if (auto point = sweep_point(results[i], n, probe)) it->second.push_back(*point);
    }
    std::vector<ComplexityFit> out;
    for (auto& [fit, points] : sweeps) {
        auto fitted = stats::fit_complexity(points);
        if (!fitted) continue;
        fit.model = std::string(stats::to_string(fitted->best.model));
        fit.coefficient = fitted->best.coefficient;
        fit.intercept = fitted->best.intercept;
        fit.r_squared = fitted->best.r_squared;
        if (fitted->runner_up) {
            fit.runner_up = std::string(stats::to_string(fitted->runner_up->model));
            fit.runner_up_ratio = fitted->runner_up_ratio;
        }
        fit.points = static_cast<std::int64_t>(points.size());
        out.push_back(std::move(fit));
    }
    return out;
}

void check_complexity_targets(std::vector<Result>& results, const std::vector<const Instance*>& instances,
                              const std::vector<ComplexityFit>& fits,
                              const std::vector<std::pair<std::size_t, Target>>& targets) {
    for (const auto& [index, t] : targets) {
        if (t.metric != "complexity") continue;
        Result& r = results[index];
        if (r.status != Status::ok) continue;
        const auto bound_model = stats::complexity_models.at(static_cast<std::size_t>(t.limit));
        std::string bound = fmt::format("complexity <= {}", stats::to_string(bound_model));
        const detail::BenchmarkSpec& spec = *instances[index]->spec;
        if (spec.complexity_dim.empty()) {
            record_target(r, std::move(bound), false, "no sweep to fit: add pace::complexity(\"<dim>\") to PACE_BENCH");
            continue;
        }
        std::vector<Dim> others;
        for (const Dim& d : r.dims)
            if (d.name != spec.complexity_dim) others.push_back(d);
        const std::string id = make_id(spec.name, others);
        auto fit = std::find_if(fits.begin(), fits.end(), [&](const ComplexityFit& f) { return f.id == id; });
        if (fit == fits.end()) {
            r.targets.push_back({std::move(bound), false,
                                 "not checked: fewer than 3 sizes of " + spec.complexity_dim + " measured", false});
            continue;
        }
        auto fitted = stats::complexity_model_from_string(fit->model);
        const bool passed = fitted && *fitted <= bound_model;
        record_target(r, std::move(bound), passed, "the fit is " + fit->model);
    }
}

BuildFlags build_flags(const std::vector<const Instance*>& selected) {
    BuildFlags flags;
    for (const Instance* i : selected) {
        flags.optimized = flags.optimized && i->spec->optimized;
        flags.asserts = flags.asserts || i->spec->asserts;
    }
    return flags;
}

Run run_instances(const std::vector<const Instance*>& selected, const RunOptions& options, Clock& clock,
                  const RunObserver& observer) {
    const BuildFlags build = build_flags(selected);
    Run run;
    const Probe& probe = measure::probe(options.mode);
    run.mode = probe.name;
    run.producer_version = PACE_VERSION;
    run.datetime = platform::utc_now_iso8601();
    run.machine = platform::current_machine(build.optimized, build.asserts);
    if (probe.describe_machine) probe.describe_machine(run.machine);
    std::error_code ec;
    run.commit = platform::current_commit(std::filesystem::current_path(ec).string());

    std::vector<std::pair<std::size_t, Target>> speedups;  // (result index, target)
    std::size_t position = 0;
    // Run fixtures are stopped however the loop ends: normally, by an
    // exception, or by Ctrl-C (the guard turns the signal into a flag).
    InterruptGuard interrupts;
    struct StopFixtures {
        ~StopFixtures() { stop_run_fixtures(); }
    } stop_fixtures_at_end;
    for (const Instance* i : selected) {
        if (interrupt_signal()) break;
        ++position;
        if (observer.starting) observer.starting(position, selected.size(), *i);
        std::vector<Target> targets;
        auto workers = worker_count(*i);
        if (probe.timed_rounds && workers && run.machine.cores > 0 && *workers > run.machine.cores) {
            // More workers than cores would time the scheduler, not the code:
            // the sweep's fit predicts this count instead.
            Result r = result_for(*i);
            r.status = Status::skipped;
            r.message = fmt::format("{:g} workers on {} cores: predicted, not measured", *workers, run.machine.cores);
            run.results.push_back(std::move(r));
            if (observer.finished) observer.finished(run.results.back());
            continue;
        }
        run.results.push_back(run_instance(*i, options, clock, targets));
        for (Target& t : targets) speedups.emplace_back(run.results.size() - 1, std::move(t));
        if (observer.finished) observer.finished(run.results.back());
    }
    if (interrupt_signal()) {
        stop_run_fixtures();
        std::fputs("pace: interrupted; fixtures stopped\n", stderr);
        die_of_interrupt();
    }
    check_speedups(run.results, speedups, probe);
    if (probe.figure) {
        run.complexity = fit_complexities(run.results, selected, probe);
        check_complexity_targets(run.results, selected, run.complexity, speedups);
    }
    if (probe.why_no_scaling.empty()) {
        run.scaling = fit_scalings(run.results, selected, run.machine.cores);
        check_scaling_targets(run.results, selected, run.scaling, speedups);
    } else {
        leave_scaling_targets_unchecked(run.results, speedups, std::string(probe.why_no_scaling));
    }
    if (!probe.figure) {
        for (const auto& [index, t] : speedups)
            if (t.metric == "complexity")
                run.results[index].targets.push_back(
                    {"complexity <= " + std::string(stats::to_string(stats::complexity_models.at(
                                            static_cast<std::size_t>(t.limit)))),
                     false, "not checked: " + std::string(probe.why_untimed), false});
    }
    return run;
}

}  // namespace measure

}  // namespace pace
