// SPDX-License-Identifier: Apache-2.0
#include "cmd/session.hpp"

#include <algorithm>  // std::max, std::sort
#include <array>      // the two sides of --ab
#include <chrono>     // the --ab budget
#include <cmath>      // std::log
#include <cstdio>     // std::fprintf: progress on stderr
#include <cstdlib>    // std::strtoll, std::strtod
#include <numeric>    // std::accumulate
#include <random>     // the order of the sides in each --ab pair

#include <fmt/format.h>  // messages

#include "cmd/process.hpp"
#include "platform/environment.hpp"  // the machine and the date of the run
#include "stats/descriptive.hpp"     // stats::describe, median_of_sorted
#include "stats/paired.hpp"          // the --ab verdict, shared with pace ab

namespace pace::cmd {

Outcome<std::vector<DimValue>> integer_range(std::int64_t min, std::int64_t max, std::int64_t step) {
    if (step <= 0)
        return InputError{"-D", "", fmt::format("the step must be a positive integer, found {}", step), "e.g. -D 2"};
    if (max < min)
        return InputError{"-P", "", fmt::format("the range {}..{} is empty: MAX is below MIN", min, max),
                          "give MIN first: -P threads 1 8"};
    // Unsigned: max - min overflows a signed integer for a range across most of it.
    const std::uint64_t span = static_cast<std::uint64_t>(max) - static_cast<std::uint64_t>(min);
    if (span / static_cast<std::uint64_t>(step) >= max_scan_values)
        return InputError{"-P", "",
                          fmt::format("{}..{} in steps of {} is more than {} values", min, max, step, max_scan_values),
                          "scan fewer values, or a larger step with -D"};
    std::vector<DimValue> out;
    for (std::uint64_t k = 0; k <= span / static_cast<std::uint64_t>(step); ++k)
        out.emplace_back(static_cast<std::int64_t>(static_cast<std::uint64_t>(min) + k * static_cast<std::uint64_t>(step)));
    return out;
}

std::vector<DimValue> list_values(const std::string& text) {
    std::vector<DimValue> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = text.find(',', start);
        const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        char* end = nullptr;
        const long long integer = std::strtoll(item.c_str(), &end, 10);
        if (!item.empty() && end && *end == '\0') {
            out.emplace_back(static_cast<std::int64_t>(integer));
        } else {
            const double number = std::strtod(item.c_str(), &end);
            if (!item.empty() && end && *end == '\0')
                out.emplace_back(number);
            else
                out.emplace_back(item);
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

std::vector<CommandCase> expand(const std::vector<std::string>& commands, const std::vector<std::string>& names,
                                const std::vector<ParameterScan>& scans) {
    std::vector<CommandCase> out;
    for (std::size_t c = 0; c < commands.size(); ++c) {
        const std::string name = c < names.size() ? names[c] : commands[c];
        // An odometer over the scans' values, the last scan turning fastest.
        std::vector<std::size_t> at(scans.size(), 0);
        bool empty = false;
        for (const ParameterScan& s : scans) empty = empty || s.values.empty();
        if (empty) continue;
        for (;;) {
            CommandCase k{commands[c], name, {}};
            for (std::size_t s = 0; s < scans.size(); ++s) {
                const DimValue& value = scans[s].values[at[s]];
                k.dims.push_back({scans[s].name, value});
                const std::string key = "{" + scans[s].name + "}";
                for (std::size_t p = k.command.find(key); p != std::string::npos; p = k.command.find(key, p)) {
                    const std::string text = to_string(value);
                    k.command.replace(p, key.size(), text);
                    p += text.size();
                }
            }
            out.push_back(std::move(k));
            std::size_t s = scans.size();
            while (s > 0 && ++at[s - 1] == scans[s - 1].values.size()) at[--s] = 0;
            if (s == 0) break;
        }
    }
    return out;
}

std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        std::size_t j = i;
        while (j < text.size() && text[j] != ' ') ++j;
        if (j > i) out.push_back(text.substr(i, j - i));
        i = j;
    }
    return out;
}

double corrected(double measured, double spawn_cost) { return std::max(0.0, measured - spawn_cost); }

namespace {

struct SpawnCost {
    double wall_s = 0, user_s = 0, system_s = 0;
};

std::vector<std::string> argv_of(const std::string& command, bool shell) {
    if (shell) return {"sh", "-c", command};
    return split_words(command);
}

// The shell's own cost, to take out of every run: hyperfine's correction. The
// mean of many runs of an empty command, after a few unmeasured ones load the
// shell into the page cache.
SpawnCost measure_spawn_cost(double timeout_s) {
    constexpr int warmup = 5, runs = 50;
    SpawnCost cost;
    for (int i = 0; i < warmup + runs; ++i) {
        const ProcessRun r = run_process({"sh", "-c", ""}, timeout_s);
        if (i < warmup) continue;
        cost.wall_s += r.wall_s / runs;
        cost.user_s += r.user_s / runs;
        cost.system_s += r.system_s / runs;
    }
    return cost;
}

// A command that cannot run at all stops pace cmd with exit 2: every later
// figure would be the cost of failing to start.
std::optional<InputError> not_runnable(const std::string& command, const ProcessRun& r, bool shell) {
    if (r.not_started)
        return InputError{"", "", fmt::format("command \"{}\" could not be executed: {}", command, r.error),
                          "check the program's name and that it is on PATH (--shell none looks it up there)"};
    if (shell && r.exit_code == 127)
        return InputError{"", "", fmt::format("command \"{}\": the shell found no such command (exit 127)", command),
                          "check the program's name and PATH; run it in sh -c to see the shell's message"};
    return std::nullopt;
}

std::optional<InputError> run_helper(const char* flag, const std::string& command, double timeout_s) {
    if (command.empty()) return std::nullopt;
    const ProcessRun r = run_process({"sh", "-c", command}, timeout_s);
    if (r.not_started || r.exit_code != 0 || r.timed_out)
        return InputError{flag, "",
                          r.timed_out ? fmt::format("\"{}\" timed out", command)
                                      : fmt::format("\"{}\" exited with status {}", command, r.exit_code),
                          "a prepare or cleanup command must succeed; run it by hand to see why"};
    return std::nullopt;
}

double mean_of(const std::vector<double>& v) {
    return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
}

}  // namespace

Outcome<CmdOutcome> measure(const std::vector<CommandCase>& cases, const CmdOptions& options) {
    CmdOutcome out;
    Run& run = out.run;
    run.mode = "time";
    run.datetime = platform::utc_now_iso8601();
    run.machine = platform::current_machine(true, false);
    // The build type describes a benchmark binary's code; commands have none pace knows.
    run.machine.build_type.clear();
    if (run.machine.raw.is_object()) run.machine.raw.erase("build_type");

    const SpawnCost spawn = options.shell ? measure_spawn_cost(options.timeout_s) : SpawnCost{};
    for (const CommandCase& k : cases) {
        const std::vector<std::string> argv = argv_of(k.command, options.shell);
        Result result;
        result.name = k.name;
        result.dims = k.dims;
        result.id = k.dims.empty() && k.name == k.command ? k.command : make_id(k.name, k.dims);
        if (options.progress) std::fprintf(stderr, "pace cmd: measuring %s\n", k.command.c_str());
        if (argv.empty())
            return InputError{"", "", "an empty command cannot be measured", "give a command: pace cmd 'sleep 0.1'"};

        std::vector<double> wall, user, system;
        std::vector<int> exit_codes;
        std::int64_t max_rss = 0, voluntary = 0, involuntary = 0;
        std::string failure;
        double total_s = 0;
        for (std::int64_t i = 0;; ++i) {
            const bool warming = i < options.warmup;
            const std::int64_t done = static_cast<std::int64_t>(wall.size());
            if (!warming) {
                if (options.runs ? done >= *options.runs
                                 : done >= options.min_runs &&
                                       total_s + total_s / static_cast<double>(std::max<std::int64_t>(done, 1)) >
                                           options.max_time_s)
                    break;
            }
            if (auto e = run_helper("--prepare", options.prepare, options.timeout_s)) return *e;
            const ProcessRun r = run_process(argv, options.timeout_s);
            if (auto e = not_runnable(k.command, r, options.shell); e && (i == 0 || r.not_started)) return *e;
            std::string problem;
            if (r.timed_out)
                problem = fmt::format("command \"{}\" timed out after {} s and was killed with its process group",
                                      k.command, options.timeout_s);
            else if (r.exit_code != 0)
                problem = r.signal ? fmt::format("command \"{}\" was killed by signal {}", k.command, r.signal)
                                   : fmt::format("command \"{}\" exited with status {}", k.command, r.exit_code);
            if (!problem.empty()) {
                out.any_failed = true;
                if (!options.ignore_failure || r.timed_out) {
                    failure = problem + (warming ? " (in a warm-up run)" : "");
                    exit_codes.push_back(r.exit_code);
                    break;
                }
            }
            if (warming) continue;
            total_s += r.wall_s;
            wall.push_back(corrected(r.wall_s, spawn.wall_s));
            user.push_back(corrected(r.user_s, spawn.user_s));
            system.push_back(corrected(r.system_s, spawn.system_s));
            exit_codes.push_back(r.exit_code);
            max_rss = std::max(max_rss, r.max_rss_bytes);  // replaced below by the env run's
            voluntary += r.voluntary_switches;
            involuntary += r.involuntary_switches;
        }
        // Peak RSS from one more run, untimed and started with fork: the
        // kernel counts the memory a process had before exec in its
        // ru_maxrss, and a child started by posix_spawn (vfork) had all of
        // pace's, a floor of a few MiB under every command.
        if (!wall.empty()) {
            if (auto e = run_helper("--prepare", options.prepare, options.timeout_s)) return *e;
            const ProcessRun r = run_process(argv, options.timeout_s, Start::fork);
            if (!r.timed_out) max_rss = r.max_rss_bytes;
        }
        if (auto e = run_helper("--cleanup", options.cleanup, options.timeout_s)) return *e;

        if (!failure.empty()) {
            result.status = Status::failed;
            result.message = failure;
        }
        if (!wall.empty()) {
            const double n = static_cast<double>(wall.size());
            result.time = stats::describe(wall, 1);
            // Each sample is a process of its own: a comparison tests over them.
            result.time->process_samples.assign(result.time->samples.size(), 1);
            MemoryStats memory;
            memory.rss = max_rss;
            result.memory = memory;
            result.counters["user_time"] = mean_of(user);
            result.counters["system_time"] = mean_of(system);
            result.counters["voluntary_switches"] = static_cast<double>(voluntary) / n;
            result.counters["involuntary_switches"] = static_cast<double>(involuntary) / n;
        }
        // hyperfine's field names where the two overlap.
        result.extra_info["command"] = k.command;
        result.extra_info["exit_codes"] = exit_codes;
        if (!k.dims.empty()) {
            Json parameters = Json::object();
            for (const Dim& d : k.dims) parameters[d.name] = to_string(d.value);
            result.extra_info["parameters"] = std::move(parameters);
        }
        result.options = {{"warmup", options.warmup},
                          {"shell", options.shell ? "sh" : "none"},
                          {"spawn_cost", spawn.wall_s},
                          {"timeout", options.timeout_s}};
        run.results.push_back(std::move(result));
    }
    return out;
}

namespace {

// What one run of a side says: "" when it may be used, else why not.
std::string run_problem(const std::string& command, const ProcessRun& r, const CmdOptions& options, double timeout_s) {
    if (r.timed_out)
        return fmt::format("command \"{}\" timed out after {} s and was killed with its process group", command,
                           timeout_s);
    if (r.exit_code != 0 && !options.ignore_failure)
        return r.signal ? fmt::format("command \"{}\" was killed by signal {}", command, r.signal)
                        : fmt::format("command \"{}\" exited with status {}", command, r.exit_code);
    return "";
}

std::optional<double> median_of(std::vector<double> v) {
    if (v.empty()) return std::nullopt;
    std::sort(v.begin(), v.end());
    return stats::median_of_sorted(v);
}

}  // namespace

Outcome<PairedComparison> measure_paired(const CommandCase& base, const CommandCase& cand, const CmdOptions& options,
                                         const PairedOptions& paired) {
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    PairedComparison out;
    out.base_label = base.command;
    out.cand_label = cand.command;
    out.schedule = "turns";
    out.seed = paired.seed;
    out.confidence = 1 - paired.alpha;
    out.threshold = paired.threshold;
    const std::array<const CommandCase*, 2> cases{&base, &cand};
    std::array<std::vector<std::string>, 2> argv;
    for (int s = 0; s < 2; ++s) {
        argv[s] = argv_of(cases[s]->command, options.shell);
        if (argv[s].empty())
            return InputError{"", "", "an empty command cannot be measured", "give a command: pace cmd 'sleep 0.1'"};
    }
    std::mt19937_64 rng(paired.seed);
    PairedResult r;
    r.id = cand.name;
    std::vector<std::vector<double>> log_ratios;  // one per pair of runs: the unit of the verdict
    double total_s = 0;
    const std::int64_t warmup_pairs = options.warmup;
    for (std::int64_t i = 0;; ++i) {
        const bool warming = i < warmup_pairs;
        const auto pairs = static_cast<std::int64_t>(log_ratios.size());
        if (!warming) {
            if (options.runs ? pairs >= *options.runs
                             : pairs >= options.min_runs &&
                                   (total_s + total_s / static_cast<double>(std::max<std::int64_t>(pairs, 1)) >
                                        options.max_time_s ||
                                    r.decided))
                break;
        }
        // Which side goes first is drawn anew each pair, so neither is always
        // the one that finds the caches cold or the CPU's clock just raised.
        const bool base_first = (rng() & 1) == 0;
        std::array<double, 2> wall{};
        for (int k = 0; k < 2; ++k) {
            const int s = base_first ? k : 1 - k;
            if (auto e = run_helper("--prepare", options.prepare, options.timeout_s)) return *e;
            const ProcessRun run = run_process(argv[s], options.timeout_s);
            if (auto e = not_runnable(cases[s]->command, run, options.shell); e && (i == 0 || run.not_started))
                return *e;
            if (std::string problem = run_problem(cases[s]->command, run, options, options.timeout_s);
                !problem.empty()) {
                r.failure = fmt::format("{}: {}{}", s == 0 ? "base" : "candidate", problem,
                                        warming ? " (in a warm-up run)" : "");
                break;
            }
            wall[static_cast<std::size_t>(s)] = run.wall_s;
        }
        if (!r.failure.empty()) break;
        if (warming) continue;
        total_s += wall[0] + wall[1];
        ++out.process_pairs;
        if (!(wall[0] > 0 && wall[1] > 0)) continue;  // below the clock's resolution: no ratio
        log_ratios.push_back({std::log(wall[1] / wall[0])});
        r.base_samples_s.push_back(wall[0]);
        r.cand_samples_s.push_back(wall[1]);
        if (static_cast<std::int64_t>(log_ratios.size()) >= options.min_runs) {
            auto c = stats::estimate_paired_change(log_ratios, paired.alpha);
            r.decided = c && (paired.threshold ? c->low > *paired.threshold || c->high < *paired.threshold
                                               : (c->high - c->low) / 2 <= paired.precision);
        }
    }
    if (auto e = run_helper("--cleanup", options.cleanup, options.timeout_s)) return *e;
    r.base_median_s = median_of(r.base_samples_s);
    r.cand_median_s = median_of(r.cand_samples_s);
    r.pair_samples.assign(r.cand_samples_s.size(), 1);
    stats::judge_paired(r, log_ratios, paired.alpha);
    out.results.push_back(std::move(r));
    out.elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
    return out;
}

}  // namespace pace::cmd
