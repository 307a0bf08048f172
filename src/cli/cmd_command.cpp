// SPDX-License-Identifier: Apache-2.0
#include "cli/cmd_command.hpp"

#include <unistd.h>  // isatty

#include <algorithm>  // std::max
#include <cstdio>     // std::fputs
#include <cstdlib>    // std::strtoll

#include <fmt/format.h>  // messages and the resource table

#include "cli/ab_command.hpp"  // --ab: pace ab's gate and result file
#include "cli/command.hpp"  // the command registers itself
#include "cli/console.hpp"
#include "cmd/session.hpp"
#include "cmd/shims.hpp"  // --shim
#include "model/json_format.hpp"     // the --json file
#include "model/text.hpp"            // display_width: ids padded by their columns
#include "report/ab_report.hpp"      // --ab: pace ab's table
#include "model/units.hpp"           // figures with their units
#include "report/results_table.hpp"  // the time table

namespace pace::cli {

CLI::App* add_cmd_command(CLI::App& app, CmdArgs& args) {
    CLI::App* cmd = app.add_subcommand(
        "cmd", "Time whole commands as hyperfine does, with each run's CPU time, peak RSS and context switches");
    cmd->add_option("commands", args.commands, "The commands to measure, each one argument ('sleep 0.1')")
        ->required();
    cmd->add_option("-w,--warmup", args.warmup, "Unmeasured runs of each command first")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("-r,--runs", args.runs, "Exactly this many measured runs of each command")
        ->check(CLI::PositiveNumber);
    cmd->add_option("-m,--min-runs", args.min_runs, "At least this many measured runs of each command")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--max-time", args.max_time,
                    "Seconds of runs per command: more runs than --min-runs only while they fit in it")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_option("-p,--prepare", args.prepare, "A shell command run before every run (warm-up ones too), not timed");
    cmd->add_option("-c,--cleanup", args.cleanup, "A shell command run after the last run of each command");
    cmd->add_option("-S,--shell", args.shell,
                    "sh: run through sh -c, the shell's start-up cost measured and subtracted; none: split the "
                    "command on spaces and execute it directly (no quoting, no expansion)")
        ->capture_default_str();
    cmd->add_flag("-i,--ignore-failure", args.ignore_failure,
                  "Keep measuring a command that exits non-zero (its exit codes are recorded; a timeout still fails)");
    cmd->add_option("--timeout", args.timeout, "Seconds a run may take before it is killed with its process group")
        ->check(CLI::PositiveNumber);
    // allow_extra_args(false) on the repeatable options below: a vector option
    // would otherwise take the commands after it as more values of its own.
    cmd->add_option("-P,--parameter-scan", args.parameter_scans,
                    "NAME MIN MAX: run once per integer from MIN to MAX, {NAME} replaced in the commands")
        ->expected(3)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false);
    cmd->add_option("-D,--parameter-step-size", args.step, "The step of every -P scan")->capture_default_str();
    cmd->add_option("-L,--parameter-list", args.parameter_lists,
                    "NAME a,b,c: run once per value, {NAME} replaced in the commands")
        ->expected(2)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false);
    cmd->add_option("-n,--name", args.names, "A name for each command, in order (default: the command's text)")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false);
    cmd->add_flag("--md", args.markdown, "Print a Markdown table (for a pull-request comment)");
    cmd->add_option("--json", args.json, "Also write a pace result file (pace compare and pace plot read it)")
        ->option_text("FILE");
    cmd->add_option("--shim", args.shims,
                    "A fake program first on PATH for the commands: NAME[=DELAY][:exit=N][:stdout=TEXT] "
                    "(uv=10ms, git:exit=1:stdout=text\\n; stdout last; repeatable)")
        ->option_text("SPEC")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false);
    cmd->add_flag("--ab", args.ab,
                  "Compare two commands (base, then candidate) in pairs of runs taking turns in a random order, "
                  "judged as pace ab judges two builds");
    cmd->add_option("--fail-on", args.fail_on,
                    "With --ab: exit 1 when the candidate's whole interval is past this relative threshold: "
                    "median:5% (repeatable; the smallest applies)")
        ->option_text("SPEC")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false);
    cmd->add_option("--seed", args.seed, "With --ab: seed of the random order of sides (default: from the clock, printed)");
    cmd->footer("Example:\n"
                "  pace cmd --warmup 2 --min-runs 10 'gzip -k -f big.txt' 'zstd -f big.txt' --json out.json\n"
                "  pace cmd -P threads 1 8 'make -j{threads}' --prepare 'make clean'\n"
                "  pace cmd --ab 'old/tool x' 'new/tool x' --fail-on median:5%\n"
                "  pace cmd --shim 'uv=10ms' --shim 'git:exit=1:stdout=fatal: no\\n' './resolve.sh'\n"
                "\n"
                "Exit status: 0 every run succeeded, 1 a command exited non-zero or timed out (with --ab: the gate\n"
                "failed or a side failed), 2 bad usage or a command that could not be executed (not found).");
    return cmd;
}

namespace {

Outcome<std::vector<cmd::ParameterScan>> parameter_scans(const CmdArgs& args) {
    std::vector<cmd::ParameterScan> scans;
    for (std::size_t i = 0; i + 2 < args.parameter_scans.size(); i += 3) {
        std::int64_t bounds[2];
        for (int b = 0; b < 2; ++b) {
            const std::string& text = args.parameter_scans[i + 1 + static_cast<std::size_t>(b)];
            char* end = nullptr;
            bounds[b] = std::strtoll(text.c_str(), &end, 10);
            if (text.empty() || !end || *end)
                return InputError{"-P", "", fmt::format("expected an integer, found \"{}\"", text),
                                  "-P NAME MIN MAX takes integers; use -L NAME a,b,c for other values"};
        }
        auto values = cmd::integer_range(bounds[0], bounds[1], args.step);
        if (!values) return values.error();
        scans.push_back({args.parameter_scans[i], std::move(*values)});
    }
    for (std::size_t i = 0; i + 1 < args.parameter_lists.size(); i += 2)
        scans.push_back({args.parameter_lists[i], cmd::list_values(args.parameter_lists[i + 1])});
    for (const cmd::ParameterScan& s : scans) {
        bool used = false;
        for (const std::string& c : args.commands) used = used || c.find("{" + s.name + "}") != std::string::npos;
        if (!used)
            return InputError{"", "", fmt::format("parameter \"{}\" appears in no command", s.name),
                              fmt::format("write {{{}}} where its value goes", s.name)};
    }
    return scans;
}

// What the time table does not show: the kernel's account of each command.
std::string resource_table(const Run& run, bool markdown) {
    std::string out = markdown ? "\n| Command | User | System | Peak RSS | Voluntary switches | Involuntary switches |\n"
                                 "|---|---:|---:|---:|---:|---:|\n"
                               : "\n";
    std::size_t width = 7;
    for (const Result& r : run.results) width = std::max(width, display_width(r.id));
    if (!markdown)
        out += fmt::format("{:<{}}  {:>10}  {:>10}  {:>10}  {:>9}  {:>9}\n", "Command", width, "User", "System",
                           "Peak RSS", "Vol. cs", "Invol. cs");
    for (const Result& r : run.results) {
        auto counter = [&](const char* name, MetricKind kind) {
            auto it = r.counters.find(name);
            return it == r.counters.end() ? std::string("—") : units::format_with_unit(kind, it->second);
        };
        const std::string rss =
            r.memory && r.memory->rss ? units::format_with_unit(MetricKind::bytes, static_cast<double>(*r.memory->rss)) : "—";
        if (markdown)
            out += fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", r.id, counter("user_time", MetricKind::time),
                               counter("system_time", MetricKind::time), rss,
                               counter("voluntary_switches", MetricKind::count),
                               counter("involuntary_switches", MetricKind::count));
        else
            out += fmt::format("{}{}  {:>10}  {:>10}  {:>10}  {:>9}  {:>9}\n", r.id,
                               std::string(width - display_width(r.id), ' '),
                               counter("user_time", MetricKind::time), counter("system_time", MetricKind::time), rss,
                               counter("voluntary_switches", MetricKind::count),
                               counter("involuntary_switches", MetricKind::count));
    }
    out += "user and system: CPU time per run, the shell's own subtracted; switches: per run (rusage)\n";
    return out;
}

// --ab: two commands measured in pairs, then pace ab's verdict, table and exit.
int run_cmd_ab(const CmdArgs& args, const cmd::CmdOptions& options) {
    if (args.commands.size() != 2) {
        print_error({"--ab", "", fmt::format("compares two commands, found {}", args.commands.size()),
                     "give the base command, then the candidate: pace cmd --ab 'old/tool x' 'new/tool x'"});
        return exit_usage;
    }
    if (!args.parameter_scans.empty() || !args.parameter_lists.empty()) {
        print_error({"--ab", "", "does not take parameter scans (-P, -L)",
                     "compare one value at a time: write it into both commands"});
        return exit_usage;
    }
    auto threshold = paired_gate_threshold(args.fail_on, false, "pace cmd --ab");
    if (!threshold) {
        print_error(threshold.error());
        return exit_usage;
    }
    cmd::PairedOptions paired;
    paired.seed = paired_seed(args.seed);
    if (*threshold) paired.threshold = (*threshold)->first;
    const std::vector<cmd::CommandCase> cases = cmd::expand(args.commands, args.names, {});
    auto comparison = cmd::measure_paired(cases[0], cases[1], options, paired);
    if (!comparison) {
        print_error(comparison.error());
        return exit_usage;
    }
    PairedComparison& c = *comparison;
    if (!gate_and_save_paired(c, *threshold, args.json)) return exit_usage;
    // pace ab's table names the result only: say which command is which.
    const std::string br = args.markdown ? "  \n" : "\n";
    auto shown = [&](const std::string& text) { return args.markdown ? markdown_cell(text) : text; };
    std::string out = "base:      " + shown(c.base_label) + br + "candidate: " + shown(c.cand_label) + br + "\n";
    out += report::render_paired(c, args.markdown);
    std::fputs(out.c_str(), stdout);
    bool failed = !c.passed();
    for (const PairedResult& r : c.results) failed = failed || r.verdict == PairedVerdict::failed;
    return failed ? exit_regression : exit_ok;
}

}  // namespace

int run_cmd(const CmdArgs& args) {
    if (args.shell != "sh" && args.shell != "none") {
        print_error({"--shell", "", fmt::format("expected sh or none, found \"{}\"", args.shell), "e.g. --shell none"});
        return exit_usage;
    }
    if (args.names.size() > args.commands.size()) {
        print_error({"--name", "", fmt::format("{} names for {} commands", args.names.size(), args.commands.size()),
                     "give at most one --name per command, in order"});
        return exit_usage;
    }
    if (!args.ab && (!args.fail_on.empty() || args.seed >= 0)) {
        print_error({args.fail_on.empty() ? "--seed" : "--fail-on", "", "works with --ab only",
                     "compare two commands with --ab, or gate a saved result with pace compare --fail-on"});
        return exit_usage;
    }
    auto scans = parameter_scans(args);
    if (!scans) {
        print_error(scans.error());
        return exit_usage;
    }
    std::vector<cmd::ShimSpec> shim_specs;
    for (const std::string& text : args.shims) {
        auto spec = cmd::parse_shim_spec(text);
        if (!spec) {
            print_error(spec.error());
            return exit_usage;
        }
        shim_specs.push_back(std::move(*spec));
    }
    // Before the measurement: the shell-cost runs then see the same PATH.
    cmd::ShimSet shims;
    if (auto e = shims.install(shim_specs)) {
        print_error(*e);
        return exit_usage;
    }
    cmd::CmdOptions options;
    options.warmup = args.warmup;
    if (args.runs > 0) options.runs = args.runs;
    options.min_runs = args.min_runs;
    options.max_time_s = args.max_time;
    options.prepare = args.prepare;
    options.cleanup = args.cleanup;
    options.shell = args.shell == "sh";
    options.ignore_failure = args.ignore_failure;
    options.timeout_s = args.timeout;
    options.progress = ::isatty(2) != 0;
    if (args.ab) return run_cmd_ab(args, options);
    auto outcome = cmd::measure(cmd::expand(args.commands, args.names, *scans), options);
    if (!outcome) {
        print_error(outcome.error());
        return exit_usage;
    }
    const Run& run = outcome->run;
    if (!args.json.empty())
        if (auto e = write_file_atomically(args.json, to_json_text(run), "--json")) {
            print_error(*e);
            return exit_usage;
        }
    report::TableOptions table;
    table.columns = {"mean", "stddev", "median", "min", "max", "rounds"};
    table.color = !args.markdown && stdout_wants_color();
    std::fputs((args.markdown ? report::markdown_table(run, table) : report::console_table(run, table)).c_str(), stdout);
    std::fputs(resource_table(run, args.markdown).c_str(), stdout);
    // A timeout fails its command even under -i: its run has no end to measure.
    bool failed = false;
    for (const Result& r : run.results)
        if (r.status == Status::failed) {
            failed = true;
            print_error({"", "", r.message,
                         r.message.find("timed out") != std::string::npos
                             ? "raise --timeout if the command needs longer"
                             : "-i keeps measuring a command that fails"});
        }
    return failed ? exit_regression : exit_ok;
}

namespace {
const RegisterCommand registered{make_command<CmdArgs>("cmd", 40, add_cmd_command, run_cmd)};
}  // namespace

}  // namespace pace::cli
