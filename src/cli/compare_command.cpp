// SPDX-License-Identifier: Apache-2.0
#include "cli/compare_command.hpp"

#include <cstdio>      // std::fputs
#include <filesystem>  // the working directory, where pace.toml is looked for
#include <future>      // std::async: the table and the gate side by side
#include <map>     // regressions by id, for --junit

#include <fmt/format.h>  // fmt::format

#include "app/source.hpp"   // configured_store: where saved-run references are looked up
#include "cli/command.hpp"  // the command registers itself
#include "cli/console.hpp"
#include "compare/diff.hpp"
#include "compare/gate.hpp"
#include "compare/table.hpp"
#include "compare/threshold.hpp"
#include "measure/run_options.hpp"  // pace.toml: find_config, read_counter_directions
#include "model/metrics.hpp"        // set_counter_directions, offered_metric_names
#include "model/text.hpp"  // markdown_cell: the gate's lines in Markdown
#include "report/junit.hpp"

namespace pace::cli {

CLI::App* add_compare_command(CLI::App& app, CompareArgs& args) {
    CLI::App* cmd = app.add_subcommand("compare", "Compare runs: a per-id table of a metric and its change");
    cmd->add_option("runs", args.runs, "Result files: BASE, CAND and more; changes are against BASE")->required();
    cmd->add_option("--metric", args.metric,
                    fmt::format("{}, or a numeric user counter (time is the median)", offered_metric_names()))
        ->capture_default_str();
    cmd->add_option("--sort", args.sort, "name, value (largest in the last run first) or change")
        ->capture_default_str();
    cmd->add_option("--csv", args.csv, "Also write the raw numbers (seconds, bytes, counts) to FILE")
        ->option_text("FILE");
    cmd->add_flag("--md", args.markdown, "Print a Markdown table (for a PR comment or a CI job summary)");
    cmd->add_option("--junit", args.junit,
                    "Also write a JUnit XML report: a test case per id, the regressions as failures")
        ->option_text("FILE");
    cmd->add_option("--fail-on", args.fail_on,
                    "Exit 1 when a threshold is exceeded: mean:20%, min:0.001, p95:2ms, peak:5MiB, "
                    "allocations:5%, instructions:0.5% (repeatable). With any threshold, a benchmark of BASE "
                    "that failed or is missing in a later run also fails")
        ->option_text("SPEC")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd->add_option("--alpha", args.alpha, "Significance level of the Mann-Whitney test when samples exist")
        ->capture_default_str();
    cmd->add_flag("--allow-missing", args.allow_missing,
                  "With --fail-on: benchmarks of BASE missing from a later run pass (renamed or removed on "
                  "purpose); benchmarks that failed still fail");
    cmd->add_option("--width", args.width,
                    "Columns the table may take: longer ids lose their middle (default: the terminal's width on "
                    "a terminal, ids in full in a file or a pipe; 0: ids in full)")
        ->option_text("N")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--store", args.store,
                    "Look saved-run references (latest, 0003, a name, a commit) up in this store: "
                    "postgresql://USER@HOST:PORT/DATABASE or a directory (default: PACE_STORE, pace.toml's [store] "
                    "url, .pace)")
        ->option_text("URL");
    cmd->add_option("--storage", args.storage,
                    "Look them up in this storage directory (wins over PACE_STORE and pace.toml's [store] url)")
        ->option_text("DIR")
        ->each([&args](const std::string&) { args.storage_given = true; });
    cmd->add_flag("--strict-machine", args.strict_machine,
                  "Runs from different machines are an error (exit 2) instead of a warning");
    cmd->footer("Example:\n"
                "  pace compare main.json pr.json --metric mean --fail-on mean:10% --fail-on peak:5MiB\n"
                "\n"
                "Exit status: 0 no regression, 1 a threshold was exceeded, 2 bad usage or input.");
    return cmd;
}

namespace {

// Why a row has no change to judge: the first run that lacks a value, and how.
std::string why_not_compared(const DiffRow& row, const std::vector<std::string>& labels) {
    for (std::size_t r = 0; r < row.presence.size() && r < labels.size(); ++r) {
        switch (row.presence[r]) {
            case Presence::value: continue;
            case Presence::missing: return "missing from " + labels[r];
            case Presence::failed: return "failed in " + labels[r];
            case Presence::skipped: return "skipped in " + labels[r];
            case Presence::no_metric: return "no value in " + labels[r];
        }
    }
    return "not in every run compared";
}

// The comparison as JUnit: an id per test case, named by the runs compared;
// its regressions (any spec, any later run) and its failing or vanishing in a
// later run are its failure, and an id some run lacks otherwise is skipped,
// so a CI test view lists every id and why.
std::string render_junit_report(const Diff& diff, const GateVerdict& verdict, const std::vector<std::string>& labels) {
    std::map<std::string, std::string> failures;
    const std::string in_run = labels.size() > 2 ? " in " : "";
    for (const Regression& r : verdict.regressions) {
        std::string& text = failures[r.id];
        text += (text.empty() ? "" : "; ") + r.describe() + (in_run.empty() ? "" : in_run + r.label);
    }
    for (const Breakage& b : verdict.broken) {
        std::string& text = failures[b.id];
        if (b.kind == Breakage::Kind::failed)
            text += (text.empty() ? "" : "; ") + std::string("failed") + (in_run.empty() ? "" : in_run + b.label) +
                    (b.message.empty() ? "" : ": " + b.message);
        else
            text += (text.empty() ? "" : "; ") + fmt::format("missing from {}", b.label);
    }
    std::vector<report::JunitCase> cases;
    cases.reserve(diff.rows.size());
    for (const DiffRow& row : diff.rows) {
        report::JunitCase c;
        c.classname = "pace compare " + diff.metric;
        c.name = row.id;
        if (auto it = failures.find(row.id); it != failures.end()) c.failure = it->second;
        else if (!row.in_all_runs) c.skipped = why_not_compared(row, labels);
        cases.push_back(std::move(c));
    }
    std::string suite;
    for (const std::string& label : labels) suite += (suite.empty() ? "" : " vs ") + label;
    return report::render_junit(suite, cases);
}

}  // namespace

int run_compare(const CompareArgs& args) {
    // Usage first: a bad flag is reported before any file is read.
    if (args.runs.size() < 2) {
        print_error({"", "", fmt::format("compare needs at least two runs, got {}", args.runs.size()),
                     "pace compare BASE CAND [MORE...]"});
        return exit_usage;
    }
    Outcome<SortKey> sort = parse_sort_key(args.sort);
    if (!sort) {
        print_error(sort.error());
        return exit_usage;
    }
    if (!(args.alpha > 0 && args.alpha < 1)) {
        print_error({"--alpha", "", fmt::format("expected a level between 0 and 1, found {:g}", args.alpha),
                     "e.g. --alpha 0.05 (5% false alarms per comparison) or --alpha 0.01"});
        return exit_usage;
    }
    // pace.toml's [counters] say which way user counters are better: read
    // before the thresholds, whose messages and gate use the direction.
    std::error_code cwd_error;
    if (std::string config = measure::find_config(std::filesystem::current_path(cwd_error).string());
        !config.empty()) {
        auto directions = measure::read_counter_directions(config);
        if (!directions) {
            print_error(directions.error());
            return exit_usage;
        }
        set_counter_directions(std::move(*directions));
    }
    std::vector<ThresholdSpec> specs;
    for (const std::string& text : args.fail_on) {
        Outcome<ThresholdSpec> spec = parse_threshold(text);
        if (!spec) {
            InputError e = spec.error();
            e.file = "--fail-on";
            print_error(e);
            return exit_usage;
        }
        specs.push_back(*spec);
    }

    Outcome<std::string> store = configured_store(args.store, args.storage, args.storage_given);
    if (!store) {
        print_error(store.error());
        return exit_usage;
    }
    Outcome<std::vector<Run>> loaded = load_runs(args.runs, *store);
    if (!loaded) {
        print_error(loaded.error());
        return exit_usage;
    }
    std::vector<Run> runs = std::move(*loaded);
    const std::vector<std::string> labels = run_labels(args.runs);

    for (std::size_t r = 1; r < runs.size(); ++r) {
        std::string difference = machine_differences(runs[0], runs[r], labels[0], labels[r]);
        if (difference.empty()) continue;
        if (args.strict_machine) {
            print_error({"", "", difference,
                         "compare runs made on one machine, or drop --strict-machine to compare anyway"});
            return exit_usage;
        }
        print_warning(difference + " (--strict-machine makes this an error)");
    }

    if (auto error = check_metric_carried(runs, args.metric, "")) {
        error->file = "--metric";
        print_error(*error);
        return exit_usage;
    }
    for (const ThresholdSpec& spec : specs) {
        if (auto error = check_metric_carried(runs, spec.metric, fmt::format("threshold \"{}\"", spec.text))) {
            error->file = "--fail-on";
            print_error(*error);
            return exit_usage;
        }
    }

    // One rank test per id serves the table and the gate; then the gate's
    // bootstrap intervals and the table's rows are made side by side. The
    // tests are freed before the table is drawn.
    Diff diff;
    GateVerdict verdict;
    {
        const SampleTests tests(runs, args.alpha);
        std::future<GateVerdict> gate = std::async(std::launch::async, [&] {
            return specs.empty() ? GateVerdict{}
                                 : evaluate_gate(runs, labels, specs,
                                                 {.tests = &tests, .allow_missing = args.allow_missing});
        });
        diff = diff_runs(runs, labels, {.metric = args.metric, .sort = *sort, .tests = &tests});
        verdict = gate.get();
    }
    if (verdict.nothing_checked) {
        print_error(*verdict.nothing_checked);
        return exit_usage;
    }

    if (!args.csv.empty()) {
        if (auto error = write_file_atomically(args.csv, render_csv(diff), "--csv")) {
            print_error(*error);
            return exit_usage;
        }
    }

    if (!args.junit.empty()) {
        if (auto error = write_file_atomically(args.junit, render_junit_report(diff, verdict, labels), "--junit")) {
            print_error(*error);
            return exit_usage;
        }
    }

    TableOptions table{.color = !args.markdown && stdout_wants_color(),
                       .flagged = verdict.regressions,
                       .width = args.width >= 0 ? static_cast<std::size_t>(args.width) : stdout_terminal_width()};
    std::string out = args.markdown ? render_markdown(diff, table) : render_table(diff, table);
    if (!specs.empty()) {
        // One candidate: naming it on every line adds nothing.
        std::string report = verdict.report(args.alpha, runs.size() > 2);
        if (args.markdown) {
            // A hard line break per line.
            out += "\n";
            std::size_t start = 0;
            // Each line names ids from the files: escaped like the table's cells.
            for (std::size_t end; (end = report.find('\n', start)) != std::string::npos; start = end + 1)
                out += markdown_cell(report.substr(start, end - start)) + "  \n";
        } else {
            out += report;
        }
        bool any_missing = false;
        for (const Breakage& b : verdict.broken) any_missing = any_missing || b.kind == Breakage::Kind::missing;
        if (any_missing) std::fputs("hint: --allow-missing lets benchmarks missing from a later run pass\n", stderr);
    }
    std::fputs(out.c_str(), stdout);
    keep_until_exit(std::move(runs));
    keep_until_exit(std::move(diff));
    return verdict.passed() ? exit_ok : exit_regression;
}

namespace {
const RegisterCommand registered{make_command<CompareArgs>("compare", 10, add_compare_command, run_compare, /*reads_large_files=*/true)};
}  // namespace

}  // namespace pace::cli
