// SPDX-License-Identifier: Apache-2.0
#include "cli/ab_command.hpp"

#include <signal.h>  // SIGPIPE: a worker that dies must not take pace with it
#include <unistd.h>  // getpid, unlink

#include <chrono>   // a seed from the clock
#include <cmath>    // std::isfinite
#include <cstdio>   // std::fputs
#include <cstdlib>  // std::getenv
#include <filesystem>  // temporary files of instruction mode
#include <numeric>     // std::accumulate: the samples of each process pair

#include <fmt/format.h>  // messages

#include "cli/command.hpp"  // the command registers itself
#include "ab/session.hpp"
#include "cli/console.hpp"
#include "compare/threshold.hpp"
#include "measure/shard.hpp"  // --shard I/N, checked before the binaries see it
#include "platform/environment.hpp"  // the date of the --json run
#include "model/json_format.hpp"
#include "report/ab_report.hpp"
#include "stats/descriptive.hpp"

namespace pace::cli {

CLI::App* add_ab_command(CLI::App& app, AbArgs& args) {
    CLI::App* cmd = app.add_subcommand(
        "ab", "Compare two builds of a benchmark binary, paired sample by sample in fresh process pairs");
    cmd->add_option("base", args.base, "The base build's benchmark binary")->required();
    cmd->add_option("cand", args.cand, "The candidate build's benchmark binary")->required();
    cmd->add_option("args", args.worker_args, "After --: arguments for both binaries (e.g. --filter sort)");
    cmd->add_option("--fail-on", args.fail_on,
                    "Exit 1 when a benchmark's whole interval is past this relative threshold: median:2% "
                    "(repeatable; the smallest applies)")
        ->option_text("SPEC")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false);
    cmd->add_option("--max-time", args.max_time,
                    "Budget for the whole comparison (90s, 3m): each benchmark stops earlier once decided")
        ->capture_default_str();
    cmd->add_option("--precision", args.precision,
                    "Without --fail-on: stop a benchmark once its 95% interval is this narrow either side")
        ->capture_default_str();
    cmd->add_option("--schedule", args.schedule,
                    "turns: the two sides take turns on one core; duet: both at once, a core each")
        ->capture_default_str();
    cmd->add_option("--mode", args.mode, "time, or instructions (each side once under callgrind, compared exactly)")
        ->capture_default_str();
    cmd->add_option("--worker-timeout", args.worker_timeout,
                    "Seconds a worker may stay silent (a body's setup included) before it is declared hung")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--seed", args.seed, "Seed of the random order of sides (default: from the clock, printed)");
    cmd->add_option("--shard", args.shard,
                    "Compare part I of N of the selected benchmarks (passed to both binaries as --shard I/N)")
        ->option_text("I/N");
    cmd->add_flag("--md", args.markdown, "Print a Markdown table (for a pull-request comment)");
    cmd->add_option("--junit", args.junit, "Also write a JUnit XML report")->option_text("FILE");
    cmd->add_option("--json", args.json,
                    "Also write a result file of the candidate's samples, with each benchmark's paired change "
                    "in extra_info.ab (pace compare and pace plot read it)")
        ->option_text("FILE");
    cmd->footer("Example:\n"
                "  pace ab build-main/my_bench build-pr/my_bench --fail-on median:2% --max-time 3m -- --filter sort\n"
                "\n"
                "Exit status: 0 no regression, 1 the gate failed or a benchmark failed, 2 bad usage, or a worker\n"
                "that could not start, died, hung or answered garbage.");
    return cmd;
}

namespace {

// "90", "90s", "3m", "1.5h" → seconds.
Outcome<double> parse_budget(const std::string& text) {
    char* end = nullptr;
    double value = std::strtod(text.c_str(), &end);
    std::string unit = end ? std::string(end) : "";
    double scale = unit.empty() || unit == "s" ? 1 : unit == "m" || unit == "min" ? 60 : unit == "h" ? 3600 : 0;
    if (end == text.c_str() || scale == 0 || !std::isfinite(value) || value <= 0)
        return InputError{"--max-time", "", fmt::format("expected a duration like 90s or 3m, found \"{}\"", text),
                          "e.g. --max-time 3m"};
    return value * scale;
}

Outcome<double> parse_percent(const std::string& text, const char* flag) {
    char* end = nullptr;
    double value = std::strtod(text.c_str(), &end);
    bool percent = end && std::string(end) == "%";
    if (end == text.c_str() || (!percent && end && *end) || !(value > 0))
        return InputError{flag, "", fmt::format("expected a positive percentage like 1%, found \"{}\"", text), ""};
    return percent ? value / 100 : value;
}

// Instruction mode: each side once under callgrind, then an exact comparison.
Outcome<PairedComparison> compare_instructions(const AbArgs& args) {
    PairedComparison out;
    out.metric = "instructions";
    out.base_label = args.base;
    out.cand_label = args.cand;
    std::vector<std::string> files;
    const std::string dir = std::filesystem::temp_directory_path().string();
    for (const std::string* binary : {&args.base, &args.cand}) {
        const std::string file = fmt::format("{}/pace-ab-{}-{}.json", dir, ::getpid(), files.size());
        std::string command = "'" + *binary + "' --mode instructions --no-memory --json '" + file + "'";
        for (const std::string& a : args.worker_args) command += " '" + a + "'";
        command += " > /dev/null";
        const int status = std::system(command.c_str());
        files.push_back(file);
        if (status != 0 && !std::filesystem::exists(file))
            return InputError{(files.size() == 1 ? "base " : "candidate ") + *binary, "",
                              "its run under callgrind failed",
                              "run it by hand with --mode instructions to see why (is valgrind installed?)"};
    }
    auto runs = load_runs(files);
    for (const std::string& f : files) std::filesystem::remove(f);
    if (!runs) return runs.error();
    const Run& base = (*runs)[0];
    const Run& cand = (*runs)[1];
    for (const Result& b : base.results) {
        const Result* c = cand.find(b.id);
        if (!c) {
            out.only_base.push_back(b.id);
            continue;
        }
        PairedResult r;
        r.id = b.id;
        auto bi = metric(b, "instructions"), ci = metric(*c, "instructions");
        if (b.status == Status::failed || c->status == Status::failed || !bi || !ci) {
            r.verdict = PairedVerdict::failed;
            r.failure = b.status == Status::failed ? "base: " + b.message
                        : c->status == Status::failed ? "candidate: " + c->message
                                                       : "no instruction count";
        } else {
            r.base_median_s = *bi;
            r.cand_median_s = *ci;
            r.change = *bi > 0 ? *ci / *bi - 1 : 0;
            r.low = r.high = r.change;
            r.verdict = *r.change > 0 ? PairedVerdict::slower : *r.change < 0 ? PairedVerdict::faster
                                                                                : PairedVerdict::no_change;
            r.decided = true;
        }
        out.results.push_back(std::move(r));
    }
    for (const Result& c : cand.results)
        if (!base.find(c.id)) out.only_cand.push_back(c.id);
    return out;
}

}  // namespace

// The one threshold pace ab applies: relative, on a time metric (every time
// metric is the same paired ratio here), the smallest of those given.
Outcome<std::optional<std::pair<double, std::string>>> paired_gate_threshold(const std::vector<std::string>& specs,
                                                                              bool instructions, std::string_view command) {
    std::optional<std::pair<double, std::string>> best;
    for (const std::string& text : specs) {
        auto spec = parse_threshold(text);
        if (!spec) {
            InputError e = spec.error();
            e.file = "--fail-on";
            return e;
        }
        const bool time_metric = spec->metric == "median" || spec->metric == "mean" || spec->metric == "min" ||
                                 spec->metric == "time";
        if (spec->kind != ThresholdSpec::Kind::relative || !(instructions ? spec->metric == "instructions" : time_metric))
            return InputError{"--fail-on", "",
                              fmt::format("{} gates on a relative change of {}: \"{}\" is not one", command,
                                          instructions ? "instructions" : "time", text),
                              instructions ? "e.g. --fail-on instructions:0.5%" : "e.g. --fail-on median:2%"};
        double limit = spec->limit / 100;
        if (!best || limit < best->first) best = std::pair{limit, text};
    }
    return best;
}

// The --json file: the candidate's samples as a run, each result carrying its
// paired change, so pace compare and pace plot can read what pace ab saw.
Run paired_result_run(const PairedComparison& c) {
    Run run;
    run.mode = c.metric;
    run.datetime = platform::utc_now_iso8601();
    for (const PairedResult& p : c.results) {
        Result r;
        r.name = r.id = p.id;
        if (p.verdict == PairedVerdict::failed) {
            r.status = Status::failed;
            r.message = p.failure;
        }
        if (c.metric == "instructions" && p.cand_median_s) r.counters["instructions"] = *p.cand_median_s;
        if (!p.cand_samples_s.empty()) {
            r.time = stats::describe(p.cand_samples_s, 1);
            // Grouped by process pair, so pace compare tests over them.
            if (p.pair_samples.size() > 1 &&
                std::accumulate(p.pair_samples.begin(), p.pair_samples.end(), std::int64_t{0}) ==
                    static_cast<std::int64_t>(p.cand_samples_s.size()))
                r.time->process_samples = p.pair_samples;
        }
        Json ab = {{"base", c.base_label}, {"verdict", std::string(to_string(p.verdict))},
                   {"pairs", p.pairs}, {"samples", p.samples}};
        if (p.change) ab["change"] = *p.change;
        if (p.low) ab["low"] = *p.low;
        if (p.high) ab["high"] = *p.high;
        if (p.base_median_s) ab["base_median"] = *p.base_median_s;
        ab["within_pair"] = p.within_pair;
        ab["between_pairs"] = p.between_pairs;
        r.extra_info["ab"] = std::move(ab);
        run.results.push_back(std::move(r));
    }
    return run;
}

std::uint64_t paired_seed(std::int64_t given) {
    if (given >= 0) return static_cast<std::uint64_t>(given);
    return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count() % 1'000'000);
}

bool gate_and_save_paired(PairedComparison& c, const std::optional<std::pair<double, std::string>>& threshold,
                          const std::string& json_path) {
    if (threshold) {
        // A benchmark that broke is the worst regression; otherwise the whole
        // interval must be past the threshold.
        c.threshold = threshold->first;
        c.threshold_text = threshold->second;
        for (PairedResult& r : c.results)
            r.regression = r.verdict == PairedVerdict::failed || (r.low && *r.low > *c.threshold);
    }
    if (json_path.empty()) return true;
    if (auto e = write_file_atomically(json_path, to_json_text(paired_result_run(c)), "--json")) {
        print_error(*e);
        return false;
    }
    return true;
}

int run_ab(const AbArgs& given) {
    // --shard is the binaries' own flag: checked here, then passed to both.
    AbArgs args = given;
    if (!args.shard.empty()) {
        auto shard = measure::parse_shard(args.shard, "--shard");
        if (!shard) {
            print_error(shard.error());
            return exit_usage;
        }
        args.worker_args.push_back("--shard");
        args.worker_args.push_back(shard->text());
    }
    const bool instructions = args.mode == "instructions";
    if (!instructions && args.mode != "time") {
        print_error({"--mode", "", fmt::format("expected time or instructions, found \"{}\"", args.mode), ""});
        return exit_usage;
    }
    auto threshold = paired_gate_threshold(args.fail_on, instructions, "pace ab");
    auto budget = parse_budget(args.max_time);
    auto precision = parse_percent(args.precision, "--precision");
    for (const InputError* e : {threshold ? nullptr : &threshold.error(), budget ? nullptr : &budget.error(),
                                precision ? nullptr : &precision.error()})
        if (e) {
            print_error(*e);
            return exit_usage;
        }
    if (args.schedule != "turns" && args.schedule != "duet") {
        print_error({"--schedule", "", fmt::format("expected turns or duet, found \"{}\"", args.schedule), ""});
        return exit_usage;
    }
    // A worker that dies while pace writes to it must be an error, not a signal.
    ::signal(SIGPIPE, SIG_IGN);

    Outcome<PairedComparison> comparison = InputError{};
    if (instructions) {
        comparison = compare_instructions(args);
    } else {
        ab::AbOptions options;
        options.args = args.worker_args;
        options.budget_s = *budget;
        options.precision = *precision;
        if (*threshold) options.threshold = (*threshold)->first;
        options.schedule = args.schedule == "duet" ? ab::Schedule::duet : ab::Schedule::turns;
        options.seed = paired_seed(args.seed);
        options.progress = ::isatty(2) != 0;
        options.worker_timeout_s = args.worker_timeout;
        comparison = ab::run_paired(args.base, args.cand, options);
    }
    if (!comparison) {
        print_error(comparison.error());
        return exit_usage;
    }
    PairedComparison& c = *comparison;
    // The gate, decided here once for both modes.
    if (!gate_and_save_paired(c, *threshold, args.json)) return exit_usage;
    if (!args.junit.empty())
        if (auto e = write_file_atomically(
                args.junit, report::render_junit("pace ab " + args.base + " vs " + args.cand, report::paired_junit_cases(c)),
                "--junit")) {
            print_error(*e);
            return exit_usage;
        }
    std::fputs(report::render_paired(c, args.markdown).c_str(), stdout);
    bool failed = !c.passed();
    for (const PairedResult& r : c.results) failed = failed || r.verdict == PairedVerdict::failed;
    return failed ? exit_regression : exit_ok;
}

namespace {
const RegisterCommand registered{make_command<AbArgs>("ab", 30, add_ab_command, run_ab)};
}  // namespace

}  // namespace pace::cli
