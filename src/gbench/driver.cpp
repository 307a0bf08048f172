// SPDX-License-Identifier: Apache-2.0
// Initialize() and RunSpecifiedBenchmarks(): the --benchmark_* flags become
// pace's, each instance of each family becomes a pace benchmark named as
// Google Benchmark names it, and pace::run_main does the run. Google
// Benchmark's JSON and CSV are written from the Run pace saved.
#include <cstdio>      // std::fflush, std::fputs
#include <cstdlib>     // std::strtod, std::strtoll
#include <filesystem>  // the temporary Run file
#include <fstream>     // reading the Run, writing --benchmark_out
#include <iostream>    // std::cout: the Google Benchmark output
#include <map>         // instances by name
#include <sstream>     // std::ostringstream
#include <unistd.h>    // dup, dup2, getpid: stdout kept for Google Benchmark's output; setenv

#include "counters/instruction_counter.hpp"  // under_valgrind: the child of --mode instructions writes nothing
#include "gbench/gbench.hpp"
#include "measure/ab_worker.hpp"    // ab_worker_active: a worker of pace ab writes nothing
#include "measure/bench_state.hpp"  // BenchState: options per benchmark
#include "measure/processes.hpp"    // process_result_path: a process of --processes writes nothing
#include "model/json_format.hpp"    // run_from_json: the Run pace wrote
#include "pace/registry.hpp"        // register_benchmark
#include "pace/run.hpp"             // run_main
#include "model/edit_distance.hpp"  // closest_option: a mistyped --benchmark_ flag
#include "report/messages.hpp"      // print_error

namespace benchmark {

namespace internal {

namespace {

struct Driver {
    std::vector<std::string> args;  ///< argv[0] and what Initialize left: pace's flags
    bool initialized = false;
    Flags flags;
    std::optional<pace::InputError> flag_error;
    std::vector<Instance> instances;
    std::map<std::string, std::size_t> by_name;
    int exit_code = 0;
    TimeUnit default_unit = kNanosecond;
};

Driver& driver() {
    static Driver d;
    return d;
}

}  // namespace

/// Carries the timing flags to the processes a run starts again.
constexpr const char* inherited_flags_variable = "PACE_GBENCH_FLAGS";

namespace {

// Ends the rounds when a run of the function skipped or failed.
struct Ended {};

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

// The Google Benchmark flags pace reads, each with an example of its value.
const std::vector<std::pair<std::string, std::string>>& flag_examples() {
    static const std::vector<std::pair<std::string, std::string>> flags{
        {"benchmark_filter", "--benchmark_filter=BM_sort"},
        {"benchmark_list_tests", "--benchmark_list_tests"},
        {"benchmark_min_time", "--benchmark_min_time=0.5s or --benchmark_min_time=100x"},
        {"benchmark_min_warmup_time", "--benchmark_min_warmup_time=0.1"},
        {"benchmark_repetitions", "--benchmark_repetitions=5"},
        {"benchmark_report_aggregates_only", "--benchmark_report_aggregates_only=true"},
        {"benchmark_display_aggregates_only", "--benchmark_display_aggregates_only=true"},
        {"benchmark_format", "--benchmark_format=json"},
        {"benchmark_out", "--benchmark_out=results.json"},
        {"benchmark_out_format", "--benchmark_out_format=json"},
        {"benchmark_time_unit", "--benchmark_time_unit=us"},
        {"benchmark_context", "--benchmark_context=compiler=gcc,build=release"},
        {"benchmark_color", "--benchmark_color=false"},
        {"benchmark_counters_tabular", "--benchmark_counters_tabular=true"},
        {"v", "--v=1"}};
    return flags;
}

std::string example_of(const std::string& name) {
    for (const auto& [flag, example] : flag_examples())
        if (flag == name) return example;
    return "--" + name + "=VALUE";
}

std::optional<double> parse_seconds(std::string text) {
    if (!text.empty() && text.back() == 's') text.pop_back();
    if (text.empty()) return std::nullopt;
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    if (*end != '\0' || !(v >= 0)) return std::nullopt;
    return v;
}

std::optional<std::int64_t> parse_int(const std::string& text) {
    if (text.empty()) return std::nullopt;
    char* end = nullptr;
    long long v = std::strtoll(text.c_str(), &end, 10);
    if (*end != '\0') return std::nullopt;
    return v;
}

std::optional<bool> parse_bool(const std::string& text) {
    if (text.empty() || text == "true" || text == "1" || text == "yes") return true;
    if (text == "false" || text == "0" || text == "no") return false;
    return std::nullopt;
}

// Applies a Google Benchmark instance's own timing to pace's options for its run.
void apply_instance_options(const Instance& instance, const Flags& flags, pace::measure::RunOptions& options) {
    const Benchmark& b = *instance.family;
    double min_time = Families::min_time(b);
    if (min_time <= 0 && flags.min_time) min_time = *flags.min_time;
    if (min_time > 0) {
        options.engine.max_time_s = min_time;
        // Google Benchmark has no warm-up unless asked: a short min time keeps pace's short too.
        options.engine.warmup_time_s = std::min(options.engine.warmup_time_s, min_time);
    }
    double warmup = Families::min_warmup_time(b);
    if (warmup <= 0 && flags.min_warmup_time) warmup = *flags.min_warmup_time;
    if (warmup > 0) options.engine.warmup_time_s = warmup;
}

void record(pace::detail::BenchState& state, const Instance& instance, const RunFigures& f) {
    pace::Result& r = state.result;
    if (f.ending == Ending::error) {
        r.status = pace::Status::failed;
        r.message = "SkipWithError: " + f.message;
        return;
    }
    if (f.ending == Ending::skip) {
        r.status = pace::Status::skipped;
        r.message = f.message;
        return;
    }
    const double calls = static_cast<double>(std::max<IterationCount>(f.iterations / std::max(1, instance.threads), 1));
    if (f.items) pace::detail::set_items(state, static_cast<double>(f.items) / calls);
    if (f.bytes) pace::detail::set_bytes(state, static_cast<double>(f.bytes) / calls);
    if (!f.label.empty()) r.extra_info["label"] = f.label;
    if (f.complexity_n) r.extra_info["complexity_n"] = f.complexity_n;
    // Counters as Google Benchmark reports them (its Finish()): rates over
    // the run's time, then averages over threads or iterations, then inverted.
    const double seconds = static_cast<double>(f.elapsed_ns) / 1e9 * instance.threads;
    for (const auto& [name, c] : f.counters) {
        double v = c.value;
        if (c.flags & Counter::kIsIterationInvariant) v *= static_cast<double>(f.iterations);
        if (c.flags & Counter::kAvgThreads) v /= instance.threads;
        if (c.flags & Counter::kIsRate) v = seconds > 0 ? v / seconds : 0;
        if (c.flags & Counter::kAvgIterations) v /= static_cast<double>(std::max<IterationCount>(f.iterations, 1));
        if (c.flags & Counter::kInvert) v = v != 0 ? 1 / v : 0;
        r.counters[name] = v;
    }
}

// The body of every pace benchmark made from a Google Benchmark instance.
void run_instance(pace::Bench& bench) {
    pace::detail::BenchState& state = pace::detail::BenchAccess::state(bench);
    Driver& d = driver();
    const Instance& instance = d.instances.at(d.by_name.at(state.spec->name));
    pace::detail::begin_measurement(state, "benchmark::State");
    if (pace::detail::test_mode(state)) {
        record(state, instance, run_function(instance, state, Purpose::test, 1));
        return;
    }
    // The instance's MinTime and the --benchmark_ flags, for this benchmark only.
    const pace::measure::RunOptions* shared = state.options;
    pace::measure::RunOptions own = *shared;
    apply_instance_options(instance, d.flags, own);
    state.options = &own;
    struct Restore {
        pace::detail::BenchState& state;
        const pace::measure::RunOptions* options;
        ~Restore() { state.options = options; }
    } restore{state, shared};

    RunFigures last;
    double cpu_s = 0, cpu_iterations = 0;  // over every round: cpu_time per iteration
    auto round = [&](std::int64_t iterations) -> std::int64_t {
        last = run_function(instance, state, Purpose::timed, iterations);
        if (last.ending != Ending::none) throw Ended{};
        cpu_s += last.cpu_s;
        cpu_iterations += static_cast<double>(last.iterations);
        return last.elapsed_ns;
    };
    const Benchmark& b = *instance.family;
    try {
        IterationCount fixed = Families::iterations(b);
        if (fixed <= 0 && d.flags.min_iterations) fixed = *d.flags.min_iterations;
        if (fixed > 0) {
            int repetitions = Families::repetitions(b);
            if (repetitions <= 0 && d.flags.repetitions) repetitions = *d.flags.repetitions;
            pace::detail::run_fixed_rounds(state, &round, &pace::detail::call_round<decltype(round)>,
                                           std::max(1, repetitions), fixed, 0);
        } else {
            pace::detail::run_rounds(state, &round, &pace::detail::call_round<decltype(round)>);
        }
    } catch (const Ended&) {
        record(state, instance, last);
        return;
    }
    // The memory pass: one iteration, tracked from the loop's start to its end.
    if (state.result.status == pace::Status::ok) run_function(instance, state, Purpose::memory, 1);
    record(state, instance, last);
    // Google Benchmark's cpu_time, seconds per iteration (as its importer
    // keeps it); under callgrind a CPU time means nothing.
    if (state.result.status == pace::Status::ok && state.result.time && cpu_iterations > 0)
        state.result.counters["cpu_time"] = cpu_s / cpu_iterations;
}

// Registers each instance as a pace benchmark, once.
void register_instances() {
    Driver& d = driver();
    if (!d.instances.empty()) return;
    d.instances = Families::expand();
    for (std::size_t i = 0; i < d.instances.size(); ++i) {
        d.by_name.emplace(d.instances[i].name, i);
        pace::detail::BenchmarkSpec spec;
        spec.name = d.instances[i].name;
        spec.body = &run_instance;
        spec.file = "<benchmark/benchmark.h>";
        spec.line = 0;
#if defined(__OPTIMIZE__)
        spec.optimized = true;
#endif
        pace::detail::register_benchmark(std::move(spec));
    }
}

std::string temp_run_path() {
    std::error_code ec;
    auto dir = std::filesystem::temp_directory_path(ec);
    if (ec) dir = ".";
    return (dir / ("pace-gbench-" + std::to_string(::getpid()) + ".json")).string();
}

bool write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    return static_cast<bool>(out);
}

}  // namespace

std::optional<pace::InputError> take_flags(std::vector<std::string>& args, Flags& flags) {
    std::vector<std::string> kept;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (i == 0 ||
            !(starts_with(arg, "--benchmark_") || starts_with(arg, "-benchmark_") || starts_with(arg, "--v="))) {
            kept.push_back(arg);
            continue;
        }
        std::string body = arg.substr(arg[1] == '-' ? 2 : 1);
        std::string name = body, value;
        bool has_value = false;
        if (auto eq = body.find('='); eq != std::string::npos) {
            name = body.substr(0, eq);
            value = body.substr(eq + 1);
            has_value = true;
        }
        auto bad = [&](const std::string& expected) {
            return pace::InputError{"--" + name, "", "bad value \"" + value + "\": expected " + expected,
                                    "e.g. " + example_of(name)};
        };
        auto need_value = [&]() -> std::optional<pace::InputError> {
            if (!has_value) return pace::InputError{"--" + name, "", "needs a value", "write --" + name + "=VALUE"};
            return std::nullopt;
        };
        if (name == "benchmark_filter") {
            if (auto e = need_value()) return e;
            flags.filter = value;
        } else if (name == "benchmark_list_tests") {
            auto b = parse_bool(value);
            if (!b) return bad("true or false");
            flags.list = *b;
        } else if (name == "benchmark_min_time") {
            if (auto e = need_value()) return e;
            if (!value.empty() && value.back() == 'x') {
                auto n = parse_int(value.substr(0, value.size() - 1));
                if (!n || *n < 1) return bad("seconds (0.5 or 0.5s) or iterations (100x)");
                flags.min_iterations = *n;
            } else {
                auto s = parse_seconds(value);
                if (!s) return bad("seconds (0.5 or 0.5s) or iterations (100x)");
                flags.min_time = *s;
            }
        } else if (name == "benchmark_min_warmup_time") {
            if (auto e = need_value()) return e;
            auto s = parse_seconds(value);
            if (!s) return bad("seconds");
            flags.min_warmup_time = *s;
        } else if (name == "benchmark_repetitions") {
            if (auto e = need_value()) return e;
            auto n = parse_int(value);
            if (!n || *n < 1) return bad("a count >= 1");
            flags.repetitions = static_cast<int>(*n);
        } else if (name == "benchmark_report_aggregates_only" || name == "benchmark_display_aggregates_only") {
            auto b = parse_bool(value);
            if (!b) return bad("true or false");
            (name == "benchmark_report_aggregates_only" ? flags.aggregates_only : flags.display_aggregates_only) = *b;
        } else if (name == "benchmark_format" || name == "benchmark_out_format") {
            if (auto e = need_value()) return e;
            if (value != "console" && value != "json" && value != "csv") return bad("console, json or csv");
            if (name == "benchmark_out_format" && value == "console")
                return pace::InputError{"--" + name, "", "console is not supported for --benchmark_out",
                                        "write json or csv, or pace's own --md FILE for a table"};
            (name == "benchmark_format" ? flags.format : flags.out_format) = value;
        } else if (name == "benchmark_out") {
            if (auto e = need_value()) return e;
            flags.out = value;
        } else if (name == "benchmark_time_unit") {
            if (auto e = need_value()) return e;
            if (value == "ns")
                flags.time_unit = kNanosecond;
            else if (value == "us")
                flags.time_unit = kMicrosecond;
            else if (value == "ms")
                flags.time_unit = kMillisecond;
            else if (value == "s")
                flags.time_unit = kSecond;
            else
                return bad("ns, us, ms or s");
        } else if (name == "benchmark_context") {
            if (auto e = need_value()) return e;
            std::stringstream list(value);
            std::string pair;
            while (std::getline(list, pair, ',')) {
                auto eq = pair.find('=');
                if (eq == std::string::npos) return bad("key=value pairs separated by commas");
                flags.context.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
            }
        } else if (name == "benchmark_color" || name == "benchmark_counters_tabular" || name == "v") {
            // Display choices of Google Benchmark's console: pace's table decides its own.
        } else if (name == "benchmark_enable_random_interleaving" || name == "benchmark_perf_counters") {
            return pace::InputError{
                "--" + name, "", "is not supported by pace",
                "remove it; pace ab interleaves two builds, and pace counts hardware events itself"};
        } else {
            std::vector<std::string> known;
            for (const auto& [flag, example] : flag_examples()) known.push_back(flag);
            std::string close = pace::closest_option(name, known);
            return pace::InputError{"--" + name, "", "unknown Google Benchmark flag",
                                    close.empty()
                                        ? "the --benchmark_ flags pace reads are in docs/google-benchmark.md; "
                                          "pace's own flags are listed by --help"
                                        : "did you mean " + close + "?"};
        }
    }
    args = std::move(kept);
    return std::nullopt;
}

std::string pace_filter(const std::string& gb_filter) {
    if (gb_filter.empty() || gb_filter == "all" || gb_filter == ".") return "";
    if (gb_filter[0] == '-') return "^(?!.*(?:" + gb_filter.substr(1) + "))";
    return gb_filter;
}

const Flags& current_flags() { return driver().flags; }

const Instance* find_instance(const std::string& id) {
    const Driver& d = driver();
    auto it = d.by_name.find(id);
    return it == d.by_name.end() ? nullptr : &d.instances[it->second];
}

}  // namespace internal

void Initialize(int* argc, char** argv, void (*)()) {
    internal::Driver& d = internal::driver();
    d.initialized = true;
    std::vector<std::string> args;
    for (int i = 0; i < *argc; ++i) args.emplace_back(argv[i] ? argv[i] : "");
    if (args.empty()) args.emplace_back("benchmark");
    // The timing flags a parent run read (--processes and --mode
    // instructions start this binary again with pace's flags only).
    if (const char* inherited = std::getenv(internal::inherited_flags_variable)) {
        std::vector<std::string> parent{"parent"};
        std::stringstream lines(inherited);
        for (std::string line; std::getline(lines, line);)
            if (!line.empty()) parent.push_back(line);
        d.flag_error = internal::take_flags(parent, d.flags);
        if (d.flag_error) return;
    }
    d.flag_error = internal::take_flags(args, d.flags);
    if (d.flag_error) return;
    d.args = args;
    // Google Benchmark leaves argv holding what it did not read.
    int out = 0;
    std::size_t k = 0;
    for (int i = 0; i < *argc; ++i)
        if (k < args.size() && argv[i] && args[k] == argv[i]) {
            argv[out++] = argv[i];
            ++k;
        }
    *argc = out;
}

void Shutdown() {}

bool ReportUnrecognizedArguments(int, char**) { return false; }

int exit_code() { return internal::driver().exit_code; }

void AddCustomContext(const std::string& key, const std::string& value) {
    internal::driver().flags.context.emplace_back(key, value);
}

void SetBenchmarkFilter(std::string value) { internal::driver().flags.filter = std::move(value); }
std::string GetBenchmarkFilter() { return internal::driver().flags.filter.value_or(""); }

TimeUnit GetDefaultTimeUnit() { return internal::driver().default_unit; }
void SetDefaultTimeUnit(TimeUnit unit) { internal::driver().default_unit = unit; }

std::size_t RunSpecifiedBenchmarks() {
    using namespace internal;
    Driver& d = driver();
    if (d.flag_error) {
        pace::report::print_error(*d.flag_error);
        d.exit_code = 2;
        return 0;
    }
    if (d.args.empty()) d.args.emplace_back("benchmark");
    if (d.flags.time_unit) d.default_unit = *d.flags.time_unit;
    register_instances();

    std::vector<std::string> args = d.args;
    if (d.flags.filter) {
        std::string f = pace_filter(*d.flags.filter);
        if (!f.empty()) args.insert(args.begin() + 1, {"--filter", f});
    }
    if (d.flags.list) args.insert(args.begin() + 1, "--list");
    const bool child =
        pace::measure::process_result_path() || pace::measure::ab_worker_active() || pace::counters::under_valgrind();
    const bool gb_stdout = !d.flags.list && (d.flags.format == "json" || d.flags.format == "csv");
    const bool gb_file = !d.flags.list && !d.flags.out.empty();
    std::string run_path;
    bool remove_run = false;
    if ((gb_stdout || gb_file) && !child) {
        for (std::size_t i = 1; i < args.size(); ++i) {
            if (args[i] == "--json" && i + 1 < args.size())
                run_path = args[i + 1];
            else if (starts_with(args[i], "--json="))
                run_path = args[i].substr(7);
        }
        if (run_path.empty()) {
            run_path = temp_run_path();
            remove_run = true;
            args.insert(args.begin() + 1, {"--json", run_path});
        }
    }
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    // Google Benchmark's JSON or CSV alone on stdout: pace's table goes to stderr.
    int saved_stdout = -1;
    if (gb_stdout && !child) {
        std::cout.flush();
        std::fflush(stdout);
        saved_stdout = ::dup(1);
        ::dup2(2, 1);
    }
    if (!child) {
        std::string inherited;
        auto add = [&](const std::string& flag) { inherited += flag + "\n"; };
        if (d.flags.min_time) add("--benchmark_min_time=" + std::to_string(*d.flags.min_time));
        if (d.flags.min_iterations) add("--benchmark_min_time=" + std::to_string(*d.flags.min_iterations) + "x");
        if (d.flags.min_warmup_time) add("--benchmark_min_warmup_time=" + std::to_string(*d.flags.min_warmup_time));
        if (d.flags.repetitions) add("--benchmark_repetitions=" + std::to_string(*d.flags.repetitions));
        ::setenv(inherited_flags_variable, inherited.c_str(), 1);
    }
    d.exit_code = pace::run_main(static_cast<int>(args.size()), argv.data());
    if (saved_stdout >= 0) {
        std::cout.flush();
        std::fflush(stdout);
        ::dup2(saved_stdout, 1);
        ::close(saved_stdout);
    }
    std::size_t ran = 0;
    if (!run_path.empty() && (d.exit_code == 0 || d.exit_code == 1)) {
        std::ifstream in(run_path, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        pace::Json document = pace::Json::parse(text.str(), nullptr, false);
        auto run = document.is_discarded() ? pace::Outcome<pace::Run>(pace::InputError{run_path, "", "not JSON", ""})
                                           : pace::run_from_json(document, run_path);
        if (!run) {
            pace::report::print_error(run.error());
            d.exit_code = 2;
        } else {
            ran = run->results.size();
            if (gb_stdout) {
                std::cout << (d.flags.format == "json" ? to_gb_json(*run, d.flags, d.args[0], true)
                                                       : to_gb_csv(*run, d.flags, true));
                std::cout.flush();
            }
            if (gb_file) {
                std::string text_out = d.flags.out_format == "csv" ? to_gb_csv(*run, d.flags, false)
                                                                   : to_gb_json(*run, d.flags, d.args[0], false);
                if (!write_file(d.flags.out, text_out)) {
                    pace::report::print_error({"--benchmark_out", "", "cannot write " + d.flags.out, ""});
                    d.exit_code = 2;
                }
            }
        }
    }
    if (remove_run) {
        std::error_code ec;
        std::filesystem::remove(run_path, ec);
    }
    return ran;
}

std::size_t RunSpecifiedBenchmarks(std::string spec) {
    internal::driver().flags.filter = std::move(spec);
    return RunSpecifiedBenchmarks();
}

}  // namespace benchmark
