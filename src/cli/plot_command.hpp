// SPDX-License-Identifier: Apache-2.0
// `pace plot FILES... -o report.html`: an offline, interactive HTML page of
// one or many runs (scaling, scatter, compare, sweep or distribution), or of
// the runs of many commits (history).
#pragma once

#include <optional>  // std::optional
#include <string>    // std::string
#include <vector>    // std::vector

#include <CLI/CLI.hpp>  // CLI::App

namespace pace::cli {

/// The parsed command line of `pace plot`.
struct PlotArgs {
    std::vector<std::string> runs;
    std::string output;
    std::string view;  ///< "" = by the number of runs
    std::string metric = "time";
    std::string facet;
    std::vector<std::string> labels;
    std::optional<double> clip;
    std::string x;
    bool log = false;
    bool linear = false;
    std::string sort = "absolute";
    bool metric_given = false;        ///< --metric was on the command line (history's default differs)
    std::string storage = ".pace";    ///< history: the storage read when no files are given
    bool storage_given = false;       ///< --storage was on the command line: it wins over PACE_STORE and pace.toml
    std::string store;                ///< history: --store, a PostgreSQL URL (or a directory) instead of --storage
    std::string machine;              ///< history: that machine id's runs ("" = this machine)
    std::vector<std::string> asv;     ///< history: asv results instead of the storage
};

/// Adds the `plot` subcommand to `app`, filling `args` when it parses.
CLI::App* add_plot_command(CLI::App& app, PlotArgs& args);

/// Runs `pace plot`: writes the page atomically and prints one line saying
/// what it holds. Returns 0, or 2 for bad usage or input.
int run_plot(const PlotArgs& args);

}  // namespace pace::cli
