// SPDX-License-Identifier: Apache-2.0
// `pace history run|show` and `pace bisect`: results per commit, their trend
// and steps, and the commit that introduced a regression.
#pragma once

#include <string>  // std::string
#include <vector>  // std::vector

#include <CLI/CLI.hpp>  // CLI::App

#include "model/outcome.hpp"  // Outcome
#include "model/run.hpp"      // Run

namespace pace::cli {

/// The parsed command line of `pace history` and `pace bisect`.
struct HistoryArgs {
    std::string range;         ///< `A..B` (history run)
    std::string commits_file;  ///< --commits FILE: one revision a line
    int last = 0;              ///< --last N
    int every = 1;             ///< --every N
    bool force = false;        ///< measure commits already measured
    int jobs = 1;              ///< -j N: commits measured at a time, each in its own worktree
    std::string storage = ".pace";
    std::string build, bench;  ///< override [history] build / bench
    std::string bench_sources;  ///< override [history] bench_sources: a folder taken from the current tree
    std::string shard;         ///< history run: --shard I/N, passed to the benchmark binary ("" = all)
    std::string machine;       ///< history show: this machine id's runs ("" = this machine)
    std::string metric;        ///< "" = instructions when the runs have them, else median
    std::string filter;        ///< history show / bisect: benchmark ids matching this regex
    std::vector<std::string> asv;  ///< history show: asv results directories or files instead of the storage
    std::string good, bad, threshold = "2%";  ///< bisect
};

/// The subcommands `history` adds.
struct HistoryCommands {
    CLI::App* history = nullptr;
    CLI::App* run = nullptr;
    CLI::App* show = nullptr;
    CLI::App* bisect = nullptr;
};

/// Adds `history` (with `run` and `show`) to `app`.
HistoryCommands add_history_command(CLI::App& app, HistoryArgs& args);

/// Adds `bisect` to `app`.
CLI::App* add_bisect_command(CLI::App& app, HistoryArgs& args);

/// `pace history run`: builds and measures each commit of the range in a
/// separate git worktree and saves each run with its commit. Exit 0 when
/// every commit was measured, skipped or recorded as failing to build; 1 when
/// none could be measured; 2 on bad usage.
int run_history_run(const HistoryArgs& args);

/// `pace history show`: the series of each benchmark over the saved commits,
/// with its steps. Exit 0, or 2 on bad usage or no runs.
int run_history_show(const HistoryArgs& args);

/// The runs `pace history show` and `pace plot --view history` read: asv
/// results when `asv` names any (a results directory, or its files), else
/// the runs saved in `storage` for `machine` ("" = this machine). A file that
/// cannot be read is reported on stderr as a warning and skipped; no runs at
/// all is an error with a hint.
Outcome<std::vector<Run>> load_history_runs(const std::string& storage, const std::string& machine,
                                            const std::vector<std::string>& asv);

/// The metric a history shows: `asked` when given, else instructions when
/// any result carries them (exact, so steps are exact), else median.
std::string history_metric(const std::string& asked, const std::vector<Run>& runs);

/// `pace bisect`: the first commit between --good and --bad whose metric is
/// worse than good's by more than --threshold. Exit 0 found, 1 not found, 2 bad usage.
int run_bisect(const HistoryArgs& args);

}  // namespace pace::cli
