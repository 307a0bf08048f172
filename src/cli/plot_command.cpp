// SPDX-License-Identifier: Apache-2.0
#include "cli/plot_command.hpp"

#include <cstdio>  // std::printf
#include <span>    // std::span: the first run, for check_metric_carried

#include <fmt/format.h>  // fmt::format

#include "cli/command.hpp"  // the command registers itself
#include "cli/console.hpp"
#include "cli/history_command.hpp"  // load_history: the runs history show reads
#include "store/postgres_store.hpp"  // mask_password: a store URL on the page
#include "compare/diff.hpp"
#include "model/metrics.hpp"  // offered_metric_names: --metric's help
#include "history/series.hpp"       // order_by_commit, history_series
#include "report/html_report.hpp"
#include "store/atomic_file.hpp"

namespace pace::cli {

CLI::App* add_plot_command(CLI::App& app, PlotArgs& args) {
    CLI::App* cmd = app.add_subcommand("plot", "Write an interactive, offline HTML report of one or more runs");
    cmd->add_option("runs", args.runs,
                    "Result files (pace, pytest-benchmark, Google Benchmark, hyperfine); for --view history "
                    "optional: without them the storage's runs");
    cmd->add_option("-o,--output", args.output, "The HTML file to write")->option_text("FILE");
    cmd->add_option("--view", args.view,
                    "scaling (cost vs a numeric dim), scatter (2 runs), compare (2 runs, ranked bars), "
                    "sweep (3+ runs, heatmap), distribution (samples as box plots), "
                    "history (each benchmark over the commits of the storage, --asv results or the files); "
                    "default by run count: 1 scaling, 2 scatter, 3+ sweep");
    cmd->add_option("--metric", args.metric,
                    fmt::format("{}, or a numeric user counter (time is the median; history: default "
                                "instructions when measured)",
                                offered_metric_names()))
        ->capture_default_str()
        ->each([&args](const std::string&) { args.metric_given = true; });
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
    cmd->add_option("--storage", args.storage, "history: the storage directory read when no files are given")
        ->each([&args](const std::string&) { args.storage_given = true; })
        ->option_text("DIR")
        ->capture_default_str();
    cmd->add_option("--store", args.store,
                    "history: a PostgreSQL store instead: postgresql://USER@HOST:PORT/DATABASE (also PACE_STORE, "
                    "pace.toml's [store] url)")
        ->option_text("URL");
    cmd->add_option("--machine", args.machine, "history: this machine id's runs (default: this machine's)")
        ->option_text("ID");
    cmd->add_option("--asv", args.asv, "history: read asv results (a results directory, or its files) instead")
        ->option_text("PATH...");
    cmd->footer("Examples:\n"
                "  pace plot run.json -o scaling.html\n"
                "  pace plot main.json pr.json -o report.html --view compare --metric peak\n"
                "  pace plot v1.json v2.json v3.json -o sweep.html --label v1 --label v2 --label v3\n"
                "  pace plot --view history -o history.html            (the runs pace history run saved)\n"
                "\n"
                "The page embeds its chart library and data; it fetches nothing and works offline.\n"
                "Exit status: 0 written, 2 bad usage or input.");
    return cmd;
}

namespace {

// Where the runs of a history came from, for the page and the summary line.
std::string history_source(const PlotArgs& args) {
    if (!args.runs.empty()) return args.runs.size() == 1 ? args.runs.front() : std::to_string(args.runs.size()) + " files";
    if (!args.asv.empty()) return "asv results " + args.asv.front() + (args.asv.size() > 1 ? " (and more)" : "");
    const std::string where = store::mask_password(args.store.empty() ? args.storage : args.store);
    return where + (args.machine.empty() ? "" : " (machine " + args.machine + ")");
}

std::string commit_text(const Run& run, const char* key) {
    if (auto it = run.commit.raw.find(key); it != run.commit.raw.end() && it->is_string()) return it->get<std::string>();
    return {};
}

// `pace plot --view history`: the series of `pace history show`, drawn.
int run_history_plot(const PlotArgs& args) {
    if (!args.runs.empty() && !args.asv.empty()) {
        print_error({"--asv", "", "both result files and --asv given",
                     "plot either the result files (each with its commit) or the asv results"});
        return exit_usage;
    }
    if (!args.facet.empty() || !args.x.empty() || !args.labels.empty()) {
        print_error({!args.facet.empty() ? "--facet" : !args.x.empty() ? "--x" : "--label", "",
                     "the history view draws one chart per benchmark over the commits and takes no such option",
                     "drop it; --metric picks what is drawn"});
        return exit_usage;
    }
    // A run without a commit has no place on the x axis.
    HistoryCollector collector(args.metric_given ? args.metric : "", nullptr, true);
    Outcome<HistoryData> loaded = InputError{};
    if (args.runs.empty()) {
        loaded = load_history(args.storage, args.storage_given, args.machine, args.asv, collector, args.store);
    } else {
        Outcome<std::vector<Run>> files = load_runs(args.runs);
        if (files) {
            for (std::size_t i = 0; i < files->size(); ++i) collector.add(i, (*files)[i]);
            loaded = collector.finish();
        } else {
            loaded = files.error();
        }
    }
    if (!loaded) {
        print_error(loaded.error());
        return exit_usage;
    }
    HistoryData data = std::move(*loaded);
    const std::size_t before = data.runs.size() + data.without_commit;
    const std::string source = history_source(args);
    if (data.runs.empty()) {
        print_error({source, "",
                     fmt::format("none of the {} run{} carries a commit id, and the history view places each run at its "
                                 "commit",
                                 before, before == 1 ? "" : "s"),
                     "measure commits with pace history run (or save runs inside a git checkout), or plot asv "
                     "results with --asv DIR"});
        return exit_usage;
    }
    if (data.without_commit > 0)
        print_warning(fmt::format("{} of {} runs carry no commit id and are left out", data.without_commit, before));
    const std::string metric = data.metric;
    if (!data.carried) {
        // check_metric_carried names the metrics the first run carries; its
        // message lists every file, which a long history would fill the screen with.
        std::optional<InputError> error;
        if (data.first) error = check_metric_carried(std::span<const Run>(&*data.first, 1), metric, "");
        if (!error) error = InputError{};
        error->file = "--metric";
        error->message = fmt::format("no benchmark in the {} run{} of {} carries metric \"{}\"", data.runs.size(),
                                     data.runs.size() == 1 ? "" : "s", source, metric);
        print_error(*error);
        return exit_usage;
    }
    std::vector<const Run*> pointers;
    for (const Run& run : data.runs) pointers.push_back(&run);
    const auto ordered = history::order_by_commit(pointers);
    const auto series = data.series(ordered);

    report::HistoryPlot plot;
    plot.source = source;
    for (const Run* run : ordered) {
        std::string date = commit_text(*run, "author_time");
        if (date.empty()) date = run->commit.time;
        plot.commits.push_back({run->commit.id, commit_text(*run, "subject"), date, run->source});
    }
    for (const history::HistorySeries& s : series) {
        report::HistoryPlotSeries out{s.id, {}, s.fit.steps};
        for (const history::HistoryPoint& p : s.points) out.points.push_back({p.position, p.value, p.error});
        plot.series.push_back(std::move(out));
    }
    report::PlotOptions options;
    options.view = report::PlotView::history;
    options.metric = metric;
    if (args.log) options.log = true;
    if (args.linear) options.log = false;
    const report::PlotReport page = report::render_history_report(plot, options);
    if (auto error = store::write_file_atomic(args.output, page.html)) {
        InputError e = *error;
        if (e.hint.empty()) e.hint = "check that the directory exists and is writable, or pick another path with -o";
        print_error(e);
        return exit_usage;
    }
    std::size_t steps = 0;
    for (const report::HistoryPlotSeries& s : plot.series) steps += s.steps.size();
    std::printf("history (%s): %zu ids, %zu commits, %zu step%s -> %s\n", metric.c_str(), page.ids,
                plot.commits.size(), steps, steps == 1 ? "" : "s", args.output.c_str());
    keep_until_exit(std::move(data));
    return exit_ok;
}

}  // namespace

int run_plot(const PlotArgs& args) {
    const bool history_view = args.view == "history";
    // Usage first: a bad flag is reported before any file is read.
    if (args.runs.empty() && !history_view) {
        print_error({"", "", "plot needs at least one result file", "pace plot FILES... -o report.html"});
        return exit_usage;
    }
    if (args.output.empty()) {
        print_error({"", "", "no output file", "name the HTML file to write: -o report.html"});
        return exit_usage;
    }
    if (history_view) return run_history_plot(args);
    if (!args.asv.empty() || !args.machine.empty() || args.storage_given || !args.store.empty()) {
        print_error({!args.asv.empty()       ? "--asv"
                     : !args.machine.empty() ? "--machine"
                     : !args.store.empty()   ? "--store"
                                             : "--storage",
                     "",
                     "this option chooses the runs of the history view", "add --view history"});
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
