// SPDX-License-Identifier: Apache-2.0
// The benchmark binary's run: options, selection, running (measure/), the
// table and report files, --compare/--compare-fail against a saved run, and
// saving. The one place that wires the producer to the consumers.
#include <unistd.h>  // access

#include <algorithm>   // std::find
#include <cstdio>      // std::fputs
#include <filesystem>  // std::filesystem
#include <iostream>    // std::cout
#include <map>         // durations of the last saved run, by id
#include <optional>    // std::optional
#include <regex>       // --filter
#include <utility>     // std::pair

#include <fmt/format.h>  // messages

#include "app/source.hpp"  // choose_store, resolve_run_reference, load_for_compare, save_to_store
#include "compare/diff.hpp"
#include "compare/gate.hpp"
#include "compare/table.hpp"
#include "compare/threshold.hpp"
#include "app/run_warnings.hpp"  // the run's conditions, warned about in one place
#include "counters/instruction_counter.hpp"  // instruction mode re-runs under valgrind
#include "measure/ab_worker.hpp"            // started by pace ab: benchmarks one at a time, on request
#include "measure/fixtures.hpp"             // stop_run_fixtures after pace ab's requests
#include "measure/processes.hpp"            // --processes N: the run made of N fresh processes
#include "measure/run_options.hpp"
#include "measure/runner.hpp"         // run_instances, fit_complexities
#include "measure/scaling_sweep.hpp"  // fit_scalings: refitted over the merged processes
#include "measure/shard.hpp"  // --shard I/N: this run's part of the selection
#include "measure/tag_expression.hpp"
#include "model/json_format.hpp"
#include "platform/environment.hpp"  // the machine id, to resolve --compare before running
#include "pace/run.hpp"
#include "report/junit.hpp"
#include "model/edit_distance.hpp"  // closest_names: ids near a filter that matched none
#include "report/messages.hpp"
#include "report/results_table.hpp"
#include "store/atomic_file.hpp"
#include "store/postgres_store.hpp"  // mask_password: a store URL in messages
#include "store/storage.hpp"

namespace pace {

namespace {

using report::print_error;

// A report file that cannot be written is found before the run, not after it.
std::optional<InputError> check_writable(const std::string& path, const char* flag) {
    if (path.empty()) return std::nullopt;
    namespace fs = std::filesystem;
    fs::path p(path);
    std::error_code ec;
    if (fs::is_directory(p, ec)) return InputError{flag, "", "\"" + path + "\" is a directory", "give a file path"};
    std::string dir = p.has_parent_path() ? p.parent_path().string() : ".";
    if (!fs::is_directory(dir, ec))
        return InputError{flag, "", "cannot write \"" + path + "\": directory \"" + dir + "\" does not exist",
                          "create the directory first, or give a path in an existing one"};
    if (::access(dir.c_str(), W_OK) != 0)
        return InputError{flag, "", "cannot write \"" + path + "\": directory \"" + dir + "\" is not writable",
                          "give a path in a directory you can write to"};
    return std::nullopt;
}

// --compare [REF] and --compare-fail: this run against a saved one. Returns
// the exit code it calls for (0, 1 on a regression, 2 on bad input).
int compare_with_saved(const Run& run, const measure::RunOptions& options, const std::vector<ThresholdSpec>& specs) {
    bool explicit_reference = options.compare && !options.compare->empty();
    std::string reference = explicit_reference ? *options.compare : "latest";
    auto path = resolve_run_reference(reference, options.storage, run.machine.id());
    if (!path) {
        // A database that cannot be read is an error even for the implicit
        // `latest`: its errors name the store, "no such run" ones the reference.
        const bool store_failed = store::is_database_url(options.storage) &&
                                  path.error().file == store::mask_password(options.storage);
        if (explicit_reference || store_failed) {
            print_error(path.error());
            return 2;
        }
        // The first run of a machine has nothing to compare with: say so, pass.
        std::fputs(("pace: no saved run of this machine to compare with in " + store::mask_password(options.storage) +
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
    if (verdict.nothing_checked) {
        print_error(*verdict.nothing_checked);
        return 2;
    }
    std::string out = "\ncomparison with " + *path + "\n";
    for (const std::string& metric : metrics) {
        if (auto e = check_metric_carried(runs, metric, "")) {
            print_error(*e);
            return 2;
        }
        Diff diff = diff_runs(runs, labels, {.metric = metric, .sort = SortKey::name, .tests = &tests});
        out += render_table(diff, {.color = options.color, .flagged = verdict.regressions}) + "\n";
    }
    if (!specs.empty()) out += verdict.report(0.05, false);  // one candidate: this run
    std::fputs(out.c_str(), stdout);
    return verdict.passed() ? 0 : 1;
}

// An empty selection is a usage error, not a run of nothing that passes: it
// names the selection, and the ids closest to the filter as a hint.
InputError empty_selection(const measure::RunOptions& options, const std::vector<measure::Instance>& instances) {
    std::string selection;
    if (!options.filter.empty()) selection = "--filter \"" + options.filter + "\"";
    if (!options.tags.empty()) selection += (selection.empty() ? "" : " and ") + ("--tags \"" + options.tags + "\"");
    std::vector<std::string> ids, tags;
    for (const measure::Instance& i : instances) {
        ids.push_back(i.id);
        for (const std::string& t : i.spec->tags)
            if (std::find(tags.begin(), tags.end(), t) == tags.end()) tags.push_back(t);
    }
    std::string hint;
    if (options.tags.empty() && !instances.empty() &&
        std::all_of(instances.begin(), instances.end(), [](const measure::Instance& i) {
            return measure::outside_default_selection(i.spec->tags);
        })) {
        selection += (selection.empty() ? "" : " and ") + std::string("the default tags (not slow, not integration)");
        hint = "every benchmark is tagged slow or integration: --tags all runs them";
    } else if (instances.empty()) {
        hint = "this binary registers no benchmark";
    } else if (!options.filter.empty()) {
        std::string list;
        for (const std::string& id : closest_names(options.filter, ids, 3))
            list += (list.empty() ? "" : ", ") + id;
        hint = "the closest ids are " + list + " (--list shows them all)";
    } else {
        std::sort(tags.begin(), tags.end());
        std::string list;
        for (const std::string& t : tags) list += (list.empty() ? "" : ", ") + t;
        hint = tags.empty() ? "no benchmark has tags" : "the tags in this binary are " + list + " (tags are case-sensitive)";
    }
    return InputError{"", "", selection + " selects no benchmark", hint};
}

// What a part of a sharded run is balanced by: the durations of the last
// saved run of this machine (`basis` names it), or the count of benchmarks
// when there is none (`basis` is "count"). Every part must be given the same
// basis, or the parts do not fit together: pace merge checks it.
struct ShardBasis {
    std::string basis = "count";
    std::vector<std::optional<double>> durations;  ///< one per selected id, empty for by count
};

// How long a result took last time, in seconds: its rounds (the sum of the
// samples times the calls per round); calibration and warm-up are left out,
// being roughly in proportion.
std::optional<double> recorded_duration(const Result& r) {
    if (r.status != Status::ok || !r.time) return std::nullopt;
    const auto iterations = static_cast<double>(std::max<std::int64_t>(r.time->iterations, 1));
    if (r.time->total) return *r.time->total * iterations;
    if (r.time->mean && r.time->rounds > 0) return *r.time->mean * static_cast<double>(r.time->rounds) * iterations;
    return std::nullopt;
}

ShardBasis shard_basis(const std::vector<const measure::Instance*>& selected, const measure::RunOptions& options) {
    ShardBasis out;
    const std::string machine_id = platform::current_machine(true, false).id();
    auto path = resolve_run_reference("latest", options.storage, machine_id);
    if (!path) return out;  // nothing saved yet: by count
    auto last = load_for_compare(*path, options.storage, machine_id);
    if (!last) {
        report::print_warning("--shard: the last saved run cannot be read (" + last.error().describe() +
                                  "); the parts are balanced by count",
                              "");
        return out;
    }
    std::map<std::string, double> by_id;
    for (const Result& r : last->results)
        if (auto d = recorded_duration(r)) by_id[r.id] = *d;
    if (by_id.empty()) return out;  // a --test or instruction-mode run: no durations
    for (const measure::Instance* i : selected) {
        auto it = by_id.find(i->id);
        out.durations.push_back(it == by_id.end() ? std::nullopt : std::optional<double>(it->second));
    }
    out.basis = std::filesystem::path(*path).filename().string();
    return out;
}

// The run as a whole was asked for with these flags: recorded in the result
// file (`pace.options`) so that pace merge can tell parts of one sharded run
// from parts of different ones.
Json recorded_options(const measure::RunOptions& options, const std::string& binary) {
    Json out = Json::object();
    out["binary"] = binary;
    out["filter"] = options.filter;
    out["tags"] = options.tags;
    out["memory"] = options.memory;
    out["min_rounds"] = options.engine.min_rounds;
    out["max_time"] = options.engine.max_time_s;
    if (options.engine.warmup_rounds) out["warmup_rounds"] = *options.engine.warmup_rounds;
    else out["warmup_time"] = options.engine.warmup_time_s;
    if (options.engine.precision) out["precision"] = *options.engine.precision;
    out["processes"] = options.processes;
    return out;
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
    measure::RunOptions& options = *parsed;
    // From here on `storage` is the store runs are saved in and compared
    // with: a directory or a PostgreSQL URL (app/source.hpp tells them apart).
    options.storage = choose_store(options.store, options.storage_flag, options.storage, options.store_config);
    // One process of a --processes run: it measures, writes its Run where
    // the parent said, and leaves the table, reports, comparing and saving
    // to the parent, which merges the processes.
    if (auto result_path = measure::process_result_path()) {
        options.processes = 1;
        options.json_path = *result_path;
        options.csv_path.clear();
        options.md_path.clear();
        options.junit_path.clear();
        options.compare.reset();
        options.compare_fail.clear();
        options.save_name.clear();
        options.autosave = false;
        options.progress = false;
    }

    report::TableOptions table{options.columns, options.sort, options.color};
    if (auto e = report::validate(table)) {
        if (options.columns_source) {
            e->file = options.columns_source->file;
            e->where = options.columns_source->where;
        }
        print_error(*e);
        return 2;
    }
    std::optional<measure::TagExpression> tags;
    // No --tags: the default selection, which leaves out slow and integration.
    const bool default_tags = options.tags.empty();
    if (!options.tags.empty() && options.tags != measure::all_tags) {
        auto t = measure::parse_tag_expression(options.tags);
        if (!t) {
            print_error(t.error());
            return 2;
        }
        tags = *t;
    }
    auto instances = measure::expand(measure::registered());
    if (!instances) {
        print_error(instances.error());
        return 2;
    }
    // A filter that is exactly an id selects that id: ids hold brackets, which
    // a regular expression reads as a character class.
    const bool literal_id =
        std::any_of(instances->begin(), instances->end(), [&](const measure::Instance& i) { return i.id == options.filter; });
    std::optional<std::regex> filter;
    if (!options.filter.empty() && !literal_id) {
        try {
            filter.emplace(options.filter, std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
            print_error({"--filter", "", "bad regular expression \"" + options.filter + "\": " + e.what(),
                         "--filter takes an ECMAScript regular expression (escape ( ) [ ] with \\) or an exact id"});
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

    std::vector<const measure::Instance*> selected;
    std::size_t opted_out = 0;  // left out by the default selection
    for (const measure::Instance& i : *instances) {
        if (literal_id && i.id != options.filter) continue;
        if (filter && !std::regex_search(i.id, *filter)) continue;
        if (tags && !tags->matches(i.spec->tags)) continue;
        // An exact id asks for that benchmark, whatever its tags.
        if (default_tags && !literal_id && measure::outside_default_selection(i.spec->tags)) {
            ++opted_out;
            continue;
        }
        selected.push_back(&i);
    }
    // --shard I/N: the selection is split the same way by every part, and
    // this run keeps its own. An empty selection is still an error below; an
    // empty part of a non-empty one is not (more parts than benchmarks).
    std::string shard_basis_name;
    std::size_t whole_selection = selected.size();
    if (options.shard && !selected.empty()) {
        ShardBasis basis = shard_basis(selected, options);
        std::vector<std::string> ids;
        for (const measure::Instance* i : selected) ids.push_back(i->id);
        const auto parts = measure::partition(ids, basis.durations, options.shard->count);
        std::vector<const measure::Instance*> mine;
        for (std::size_t k = 0; k < selected.size(); ++k)
            if (parts[k] + 1 == options.shard->index) mine.push_back(selected[k]);
        selected = std::move(mine);
        shard_basis_name = basis.basis;
    }
    if (opted_out && !measure::ab_worker_active() && !measure::process_result_path())
        std::fputs(fmt::format("pace: {} benchmark{} tagged slow or integration skipped (--tags all runs them)\n",
                               opted_out, opted_out == 1 ? "" : "s")
                       .c_str(),
                   stderr);
    // (pace ab's driver reports an empty selection of its workers itself.)
    if (whole_selection == 0 && !measure::ab_worker_active()) {
        print_error(empty_selection(options, *instances));
        return 2;
    }
    if (selected.empty() && options.shard && !options.list && !measure::ab_worker_active() &&
        !measure::process_result_path())
        std::fputs(fmt::format("pace: shard {} has no benchmark ({} selected, split in {} parts)\n",
                               options.shard->text(), whole_selection, options.shard->count)
                       .c_str(),
                   stderr);
    // A database that cannot be saved in or compared with is found before
    // the suite runs, not after it.
    const bool uses_store = !options.save_name.empty() || options.autosave || options.compare || !specs.empty();
    if (uses_store && options.mode != measure::Mode::test && !options.list && store::is_database_url(options.storage) &&
        !measure::ab_worker_active() && !measure::process_result_path()) {
        if (auto e = store::check_database(options.storage)) {
            print_error(*e);
            return 2;
        }
    }
    // An explicit --compare reference that does not resolve is found before
    // the suite runs, not after it.
    if (options.compare && !options.compare->empty() && options.mode != measure::Mode::test) {
        const std::string machine_id = platform::current_machine(true, false).id();
        if (auto path = resolve_run_reference(*options.compare, options.storage, machine_id); !path) {
            print_error(path.error());
            return 2;
        }
    }

    if (options.list) {
        for (const measure::Instance* i : selected) {
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
    // Started by pace ab: run benchmarks one at a time, as the driver asks.
    if (measure::ab_worker_active()) {
        std::vector<std::string> ids;
        for (const measure::Instance* i : selected) ids.push_back(i->id);
        measure::SteadyClock clock;
        int code = measure::serve_ab_worker(ids, [&](std::size_t index) {
            std::vector<Target> ignored;  // speedups need the whole run: not checked here
            return measure::run_instance(*selected[index], options, clock, ignored);
        });
        measure::stop_run_fixtures();  // the worker's run ends with its last request
        return code;
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

    app::print_run_warnings(app::run_warnings(options, selected,
                                              measure::process_result_path() || measure::ab_worker_active()));
    measure::SteadyClock clock;
    measure::RunObserver observer;
    if (options.progress)
        observer.starting = [](std::size_t position, std::size_t count, const measure::Instance& i) {
            std::fputs(fmt::format("\r\033[K[{}/{}] {}", position, count, i.id).c_str(), stderr);
        };
    if (options.mode == measure::Mode::test)
        observer.finished = [&options](const Result& r) {
            if (options.progress) std::fputs("\r\033[K", stderr);
            std::cout << (r.status == Status::ok ? "ok      " : "FAILED  ") << r.id
                      << (r.status == Status::ok ? "" : ": " + r.message) << "\n";
        };
    else if (!options.stdout_terminal)
        // A CI log shows each result when it is done, as Google Benchmark's
        // rows do, instead of nothing until the table at the end.
        observer.finished = [&options](const Result& r) {
            if (options.progress) std::fputs("\r\033[K", stderr);
            std::cout << report::result_line(r) << std::endl;
        };
    Run run;
    if (options.mode == measure::Mode::time && options.processes > 1) {
        auto merged = measure::run_processes(argc, argv, options.processes, [&](std::size_t process) {
            std::fputs(fmt::format("{}pace: process {} of {}{}", options.progress ? "\r\033[K" : "", process,
                                   options.processes, options.progress ? "" : "\n")
                           .c_str(),
                       stderr);
        });
        if (options.progress) std::fputs("\r\033[K", stderr);
        if (!merged) {
            print_error(merged.error());
            return 2;
        }
        run = std::move(*merged);
        // Complexity and scaling fits over every process's medians, not the
        // first process's alone (their targets were checked in each process).
        if (run.results.size() == selected.size()) {
            run.complexity = measure::fit_complexities(run.results, selected, measure::probe(options.mode));
            run.scaling = measure::fit_scalings(run.results, selected, run.machine.cores);
        }
        if (observer.finished)
            for (const Result& r : run.results) observer.finished(r);
    } else {
        run = measure::run_instances(selected, options, clock, observer);
    }
    if (options.progress) std::fputs("\r\033[K", stderr);
    run.options = recorded_options(options, std::filesystem::path(argc > 0 ? argv[0] : "pace").filename().string());
    if (options.shard) {
        run.options["shard"] = options.shard->text();
        run.options["shard_balance"] = shard_basis_name;
        run.options["selected"] = whole_selection;
    }

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
        auto saved = save_to_store(options.storage, run, options.save_name);
        if (!saved) {
            print_error(saved.error());
            return 2;
        }
        std::fputs(("pace: saved " + *saved + "\n").c_str(), stderr);
    }
    return exit_code;
}

}  // namespace pace
