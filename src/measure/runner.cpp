// SPDX-License-Identifier: Apache-2.0
// Runs the registered benchmarks: selection, the body of each, the Run they
// make, and handing that Run to the reports.
#include <unistd.h>  // access

#include <algorithm>   // std::find_if
#include <cstdio>      // std::fputs
#include <filesystem>  // std::filesystem
#include <iostream>    // std::cout
#include <map>         // std::map
#include <regex>       // --filter
#include <utility>     // std::pair

#include <fmt/format.h>  // messages

#include "compare/diff.hpp"
#include "compare/gate.hpp"
#include "compare/source.hpp"
#include "compare/table.hpp"
#include "compare/threshold.hpp"
#include "counters/instruction_counter.hpp"
#include "measure/bench_state.hpp"
#include "measure/environment.hpp"
#include "measure/run_options.hpp"
#include "measure/tag_expression.hpp"
#include "model/json_format.hpp"
#include "pace/run.hpp"
#include "pace/version.hpp"
#include "report/junit.hpp"
#include "report/messages.hpp"
#include "report/results_table.hpp"
#include "report/units.hpp"  // format_with_unit, for targets
#include "store/atomic_file.hpp"
#include "store/storage.hpp"

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

namespace {

using detail::BenchmarkSpec;

struct Instance {
    const BenchmarkSpec* spec;
    std::vector<Dim> dims;
    std::string id;
};

using report::print_error;

// The cartesian product of each benchmark's dims, in registration order with
// the last dim varying fastest.
Outcome<std::vector<Instance>> expand(const std::vector<BenchmarkSpec>& specs) {
    std::vector<Instance> out;
    std::map<std::string, const BenchmarkSpec*> seen;
    for (const BenchmarkSpec& spec : specs) {
        std::vector<std::vector<Dim>> combos{{}};
        for (const DimSpec& d : spec.dims) {
            if (d.values.empty())
                return InputError{spec.file, "line " + std::to_string(spec.line),
                                  "dim \"" + d.name + "\" of \"" + spec.name + "\" has no values", ""};
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

std::optional<InputError> check_writable(const std::string& path, const char* flag) {
    if (path.empty()) return std::nullopt;
    namespace fs = std::filesystem;
    fs::path p(path);
    std::error_code ec;
    if (fs::is_directory(p, ec)) return InputError{flag, "", "\"" + path + "\" is a directory", "give a file path"};
    std::string dir = p.has_parent_path() ? p.parent_path().string() : ".";
    if (!fs::is_directory(dir, ec))
        return InputError{flag, "", "cannot write \"" + path + "\": directory \"" + dir + "\" does not exist", ""};
    if (::access(dir.c_str(), W_OK) != 0)
        return InputError{flag, "", "cannot write \"" + path + "\": directory \"" + dir + "\" is not writable", ""};
    return std::nullopt;
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
    // Timing targets need timed rounds: --test and instruction mode have none.
    // Speedups need the reference's result: checked once the run is complete.
    if (r.time) {
        for (const Target& t : state.targets) {
            if (t.metric == "speedup") continue;
            const MetricKind kind = metric_kind(t.metric);
            std::string bound = fmt::format("{} {} {}", t.metric, t.at_most ? "<=" : ">=",
                                            report::format_with_unit(kind, t.limit));
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
            add(std::move(bound), passed, fmt::format("{} was {}", t.metric, report::format_with_unit(kind, *value)));
        }
    }
    bool limits = state.peak_limit || state.allocation_limit || state.leaks_forbidden;
    if (!limits || state.options->mode == measure::Mode::instructions) return;
    if (!r.memory) {
        if (state.options->memory) add("memory limits", false, "no memory figures: allocation tracking is not in this binary");
        return;
    }
    if (state.peak_limit)
        add(fmt::format("peak <= {} B", *state.peak_limit), r.memory->peak <= *state.peak_limit,
            fmt::format("peak was {} B", r.memory->peak));
    if (state.allocation_limit)
        add(fmt::format("allocations <= {}", *state.allocation_limit), r.memory->allocations <= *state.allocation_limit,
            fmt::format("{} allocations", r.memory->allocations));
    if (state.leaks_forbidden)
        add("no leaks", r.memory->leaked == 0, fmt::format("{} B still allocated after the call", r.memory->leaked));
}

// The speedup targets of a complete run: each benchmark against its reference,
// by median time (instructions per call in instruction mode).
void check_speedups(std::vector<Result>& results, const std::vector<std::pair<std::size_t, Target>>& speedups) {
    auto figure = [](const Result& r) -> std::optional<double> {
        if (r.status != Status::ok) return std::nullopt;
        if (r.time) return r.time->median;
        auto it = r.counters.find("instructions");
        return it == r.counters.end() ? std::nullopt : std::optional<double>(it->second);
    };
    for (const auto& [index, t] : speedups) {
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

// Runs one instance; its speedup targets are appended to `speedups`, to be
// checked once the whole run is there.
Result run_instance(const Instance& instance, const measure::RunOptions& options, measure::Clock& clock,
                    std::vector<Target>& speedups) {
    detail::BenchState state;
    state.spec = instance.spec;
    state.options = &options;
    state.clock = &clock;
    Result& r = state.result;
    r.name = instance.spec->name;
    r.id = instance.id;
    r.group = instance.spec->group;
    r.dims = instance.dims;
    r.tags = instance.spec->tags;
    Bench bench(state);
    auto fail = [&](std::string message) {
        r.status = Status::failed;
        r.message = std::move(message);
    };
    try {
        instance.spec->body(bench);
        if (!state.measured_with && options.mode != measure::Mode::test)
            fail("the body never called measure(), measure_each() or pedantic()");
    } catch (const detail::CheckFailure& e) {
        fail(e.message);
    } catch (const detail::Misuse& e) {
        fail("misuse: " + e.message);
    } catch (const std::exception& e) {
        fail(std::string("exception: ") + e.what());
    } catch (...) {
        fail("an exception that is not a std::exception");
    }
    if (state.tracking_memory) detail::memory_pass_end(state);  // the body threw during the memory pass
    if (r.status == Status::failed) {
        // Figures of a failed benchmark are not comparable: keep the message only.
        r.time.reset();
        r.memory.reset();
        r.precision.reset();
    } else {
        check_targets(state);
        for (const Target& t : state.targets)
            if (t.metric == "speedup") speedups.push_back(t);
    }
    return r;
}


// --compare [REF] and --compare-fail: this run against a saved one. Returns
// the exit code it calls for (0, 1 on a regression, 2 on bad input).
int compare_with_saved(const Run& run, const measure::RunOptions& options, const std::vector<ThresholdSpec>& specs) {
    bool explicit_reference = options.compare && !options.compare->empty();
    std::string reference = explicit_reference ? *options.compare : "latest";
    auto path = resolve_run_reference(reference, options.storage, run.machine.id());
    if (!path) {
        if (explicit_reference) {
            print_error(path.error());
            return 2;
        }
        // The first run of a machine has nothing to compare with: say so, pass.
        std::fputs(("pace: no saved run of this machine to compare with in " + options.storage +
                    " (save one with --save NAME or --autosave)\n")
                       .c_str(),
                   stderr);
        return 0;
    }
    auto base = load_for_compare(*path, options.storage, run.machine.id());
    if (!base) {
        print_error(base.error());
        return 2;
    }
    std::vector<Run> runs{std::move(*base), run};
    std::vector<std::string> labels{std::filesystem::path(*path).stem().string(), "this run"};
    if (std::string difference = machine_differences(runs[0], runs[1], labels[0], labels[1]); !difference.empty())
        report::print_warning(difference, "");
    std::vector<std::string> metrics;
    for (const ThresholdSpec& spec : specs)
        if (std::find(metrics.begin(), metrics.end(), spec.metric) == metrics.end()) metrics.push_back(spec.metric);
    if (metrics.empty()) metrics.push_back(run.mode == "instructions" ? "instructions" : "median");
    const SampleTests tests(runs, 0.05);
    GateVerdict verdict;
    if (!specs.empty()) verdict = evaluate_gate(runs, labels, specs, {.tests = &tests});
    std::string out = "\ncomparison with " + *path + "\n";
    for (const std::string& metric : metrics) {
        if (auto e = check_metric_carried(runs, metric, "")) {
            print_error(*e);
            return 2;
        }
        Diff diff = diff_runs(runs, labels, {.metric = metric, .sort = SortKey::name, .tests = &tests});
        out += render_table(diff, {.color = options.color, .flagged = verdict.regressions}) + "\n";
    }
    if (!specs.empty()) {
        for (Regression r : verdict.regressions) {
            r.label.clear();  // one candidate: this run
            out += r.explain(0.05) + "\n";
        }
        out += verdict.summary() + "\n";
    }
    std::fputs(out.c_str(), stdout);
    return verdict.passed() ? 0 : 1;
}

}  // namespace

int run_main(int argc, char** argv) {
    std::optional<int> early_exit;
    auto parsed = measure::parse_run_options(argc, argv, early_exit);
    if (!parsed) {
        print_error(parsed.error());
        return 2;
    }
    if (early_exit) return *early_exit;
    const measure::RunOptions& options = *parsed;

    report::TableOptions table{options.columns, options.sort, options.color};
    if (auto e = report::validate(table)) {
        print_error(*e);
        return 2;
    }
    std::optional<measure::TagExpression> tags;
    if (!options.tags.empty()) {
        auto t = measure::parse_tag_expression(options.tags);
        if (!t) {
            print_error(t.error());
            return 2;
        }
        tags = *t;
    }
    std::optional<std::regex> filter;
    if (!options.filter.empty()) {
        try {
            filter.emplace(options.filter, std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
            print_error({"--filter", "", "bad regular expression \"" + options.filter + "\": " + e.what(), ""});
            return 2;
        }
    }
    std::vector<ThresholdSpec> specs;
    for (const std::string& text : options.compare_fail) {
        auto spec = parse_threshold(text);
        if (!spec) {
            InputError e = spec.error();
            if (e.file.empty()) e.file = "--compare-fail";
            print_error(e);
            return 2;
        }
        specs.push_back(*spec);
    }
    if (!options.save_name.empty()) {
        if (auto name = store::sanitize_run_name(options.save_name); !name) {
            print_error(name.error());
            return 2;
        }
    }
    for (auto [path, flag] : {std::pair{&options.json_path, "--json"}, {&options.csv_path, "--csv"},
                              {&options.md_path, "--md"}, {&options.junit_path, "--junit"}})
        if (auto e = check_writable(*path, flag)) {
            print_error(*e);
            return 2;
        }

    auto instances = expand(detail::registry());
    if (!instances) {
        print_error(instances.error());
        return 2;
    }
    std::vector<const Instance*> selected;
    for (const Instance& i : *instances) {
        if (filter && !std::regex_search(i.id, *filter)) continue;
        if (tags && !tags->matches(i.spec->tags)) continue;
        selected.push_back(&i);
    }

    if (options.list) {
        for (const Instance* i : selected) {
            std::string line = i->id;
            if (!i->spec->tags.empty()) {
                line += "  [";
                for (std::size_t t = 0; t < i->spec->tags.size(); ++t) line += (t ? " " : "") + i->spec->tags[t];
                line += "]";
            }
            std::cout << line << "\n";
        }
        return 0;
    }
    // Instruction mode outside valgrind: this binary runs again under
    // callgrind, and that child does the whole run.
    if (options.mode == measure::Mode::instructions && !counters::under_valgrind()) {
        auto child = counters::run_under_valgrind(argc, argv);
        if (!child) {
            print_error(child.error());
            return 2;
        }
        return *child;
    }

    bool optimized = true, asserts = false;
    for (const Instance* i : selected) {
        optimized = optimized && i->spec->optimized;
        asserts = asserts || i->spec->asserts;
    }
    if (options.mode == measure::Mode::time && !optimized)
        report::print_warning("the benchmarks were compiled without optimization; their times say little about a release build",
             "build with -O2 (CMAKE_BUILD_TYPE=Release)");

    Run run;
    run.mode = options.mode == measure::Mode::test ? "test" : options.mode == measure::Mode::instructions ? "instructions" : "time";
    run.producer_version = PACE_VERSION;
    run.datetime = measure::utc_now_iso8601();
    run.machine = measure::current_machine(optimized, asserts);
    std::error_code ec;
    run.commit = measure::current_commit(std::filesystem::current_path(ec).string());

    measure::SteadyClock clock;
    std::vector<std::pair<std::size_t, Target>> speedups;  // (result index, target)
    std::size_t index = 0;
    for (const Instance* i : selected) {
        ++index;
        if (options.progress)
            std::fputs(fmt::format("\r\033[K[{}/{}] {}", index, selected.size(), i->id).c_str(), stderr);
        std::vector<Target> targets;
        run.results.push_back(run_instance(*i, options, clock, targets));
        for (Target& t : targets) speedups.emplace_back(run.results.size() - 1, std::move(t));
        if (options.mode == measure::Mode::test) {
            const Result& r = run.results.back();
            if (options.progress) std::fputs("\r\033[K", stderr);
            std::cout << (r.status == Status::ok ? "ok      " : "FAILED  ") << r.id
                      << (r.status == Status::ok ? "" : ": " + r.message) << "\n";
        }
    }
    if (options.progress) std::fputs("\r\033[K", stderr);
    check_speedups(run.results, speedups);

    std::size_t failed = 0;
    for (const Result& r : run.results) failed += r.status == Status::failed;

    if (options.mode == measure::Mode::test) {
        std::cout << fmt::format("{} passed, {} failed\n", run.results.size() - failed, failed);
    } else {
        std::cout << report::console_table(run, table) << std::flush;
    }

    int exit_code = failed ? 1 : 0;
    auto write = [&](const std::string& path, const std::string& content) {
        if (path.empty()) return;
        if (auto e = store::write_file_atomic(path, content)) {
            print_error(*e);
            exit_code = 2;
        }
    };
    write(options.json_path, to_json_text(run));
    write(options.csv_path, report::csv_table(run, table));
    write(options.md_path, report::markdown_table(run, table));
    if (!options.junit_path.empty()) {
        // The suite is named after the binary, so a CI job running several tells them apart.
        const std::string suite = std::filesystem::path(argc > 0 ? argv[0] : "pace").filename().string();
        write(options.junit_path, report::render_junit(suite, report::junit_cases(run)));
    }
    if (options.mode == measure::Mode::test) return exit_code;

    // Compare before saving, so that "latest" is the run before this one.
    if (options.compare || !specs.empty()) exit_code = std::max(exit_code, compare_with_saved(run, options, specs));
    if (!options.save_name.empty() || options.autosave) {
        auto saved = store::save_run(options.storage, run, options.save_name);
        if (!saved) {
            print_error(saved.error());
            return 2;
        }
        std::fputs(("pace: saved " + *saved + "\n").c_str(), stderr);
    }
    return exit_code;
}

}  // namespace pace
