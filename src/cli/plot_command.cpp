// SPDX-License-Identifier: Apache-2.0
#include "cli/plot_command.hpp"

#include <cstdio>  // std::printf

#include <fmt/format.h>  // fmt::format

#include "cli/command.hpp"  // the command registers itself
#include "cli/console.hpp"
#include "compare/diff.hpp"
#include "report/html_report.hpp"
#include "store/atomic_file.hpp"

namespace pace::cli {

CLI::App* add_plot_command(CLI::App& app, PlotArgs& args) {
    CLI::App* cmd = app.add_subcommand("plot", "Write an interactive, offline HTML report of one or more runs");
    cmd->add_option("runs", args.runs, "Result files (pace, pytest-benchmark, Google Benchmark, hyperfine)");
    cmd->add_option("-o,--output", args.output, "The HTML file to write")->option_text("FILE");
    cmd->add_option("--view", args.view,
                    "scaling (cost vs a numeric dim), scatter (2 runs), compare (2 runs, ranked bars), "
                    "sweep (3+ runs, heatmap), distribution (samples as box plots); "
                    "default by run count: 1 scaling, 2 scatter, 3+ sweep");
    cmd->add_option("--metric", args.metric,
                    "time (median), min, median, mean, p95, p99, max, ops, peak, allocated, allocations, "
                    "instructions, or a numeric user counter")
        ->capture_default_str();
    cmd->add_option("--facet", args.facet, "Draw one small chart per value of this dim")->option_text("DIM");
    cmd->add_option("--label", args.labels, "Name the runs, one per file in order (default: the file stems)")
        ->option_text("NAME")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    cmd->add_option("--clip", args.clip,
                    "Saturate the colour scale at this percentile of |change| (scatter and --sort relative: "
                    "of |log2 ratio|), e.g. 95")
        ->option_text("PERCENT");
    cmd->add_option("--x", args.x, "scaling: the numeric dim on the x axis (default: inferred)")->option_text("DIM");
    CLI::Option* log = cmd->add_flag("--log", args.log, "Force logarithmic axes");
    CLI::Option* linear = cmd->add_flag("--linear", args.linear, "Force linear axes");
    log->excludes(linear);
    cmd->add_option("--sort", args.sort,
                    "compare: rank and draw the bars by absolute change (units) or relative change (percent)")
        ->capture_default_str();
    cmd->footer("Examples:\n"
                "  pace plot run.json -o scaling.html\n"
                "  pace plot main.json pr.json -o report.html --view compare --metric peak\n"
                "  pace plot v1.json v2.json v3.json -o sweep.html --label v1 --label v2 --label v3\n"
                "\n"
                "The page embeds its chart library and data; it fetches nothing and works offline.\n"
                "Exit status: 0 written, 2 bad usage or input.");
    return cmd;
}

int run_plot(const PlotArgs& args) {
    // Usage first: a bad flag is reported before any file is read.
    if (args.runs.empty()) {
        print_error({"", "", "plot needs at least one result file", "pace plot FILES... -o report.html"});
        return exit_usage;
    }
    if (args.output.empty()) {
        print_error({"", "", "no output file", "name the HTML file to write: -o report.html"});
        return exit_usage;
    }
    report::PlotOptions options;
    if (!args.view.empty()) {
        Outcome<report::PlotView> view = report::parse_plot_view(args.view);
        if (!view) {
            print_error(view.error());
            return exit_usage;
        }
        options.view = *view;
    }
    if (!args.labels.empty() && args.labels.size() != args.runs.size()) {
        print_error({"--label", "",
                     fmt::format("{} --label values for {} file{}", args.labels.size(), args.runs.size(),
                                 args.runs.size() == 1 ? "" : "s"),
                     "give one --label per file, in order, or none to use the file stems"});
        return exit_usage;
    }
    options.metric = args.metric;
    options.facet = args.facet;
    options.clip_percent = args.clip;
    options.x = args.x;
    options.sort = args.sort;
    if (args.log) options.log = true;
    if (args.linear) options.log = false;
    options.labels = args.labels.empty() ? run_labels(args.runs) : args.labels;

    Outcome<std::vector<Run>> loaded = load_runs(args.runs);
    if (!loaded) {
        print_error(loaded.error());
        return exit_usage;
    }
    std::vector<Run> runs = std::move(*loaded);
    if (auto error = check_metric_carried(runs, args.metric, "")) {
        error->file = "--metric";
        print_error(*error);
        return exit_usage;
    }

    Outcome<report::PlotReport> page = report::render_html_report(runs, options);
    if (!page) {
        print_error(page.error());
        return exit_usage;
    }
    if (auto error = store::write_file_atomic(args.output, page->html)) {
        InputError e = *error;
        if (e.hint.empty()) e.hint = "check that the directory exists and is writable, or pick another path with -o";
        print_error(e);
        return exit_usage;
    }
    std::printf("%s (%s): %zu ids, %zu run(s) -> %s\n", std::string(report::to_string(page->view)).c_str(),
                args.metric.c_str(), page->ids, runs.size(), args.output.c_str());
    keep_until_exit(std::move(runs));
    return exit_ok;
}

namespace {
const RegisterCommand registered{make_command<PlotArgs>("plot", 20, add_plot_command, run_plot, /*reads_large_files=*/true)};
}  // namespace

}  // namespace pace::cli
