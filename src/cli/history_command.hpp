// SPDX-License-Identifier: Apache-2.0
// `pace history run|show` and `pace bisect`: results per commit, their trend
// and steps, and the commit that introduced a regression.
#pragma once

#include <cstdint>   // std::uint32_t
#include <map>       // std::map: id numbers
#include <optional>  // std::optional
#include <regex>     // std::regex: --filter
#include <string>    // std::string
#include <vector>    // std::vector

#include <CLI/CLI.hpp>  // CLI::App

#include "history/series.hpp"  // RunValue, HistorySeries
#include "model/outcome.hpp"    // Outcome
#include "model/run.hpp"        // Run

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
    bool storage_given = false;  ///< --storage was on the command line: it wins over PACE_STORE and pace.toml
    std::string store;         ///< history show: --store, a PostgreSQL URL (or a directory) instead of --storage
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

/// What `pace history show` and `pace plot --view history` draw: the runs
/// with their commits (their results dropped once read) and, per run, the
/// values of one metric. A long history's results are never all in memory.
struct HistoryData {
    std::vector<Run> runs;  ///< each run's commit, date and source; no results
    std::vector<std::vector<history::RunValue>> values;  ///< values[i]: runs[i]'s ok results carrying the metric
    std::vector<std::string> ids;  ///< the ids RunValue::id numbers
    std::string metric;            ///< what the values are: the one asked for, else instructions when any result counts them, else median
    bool carried = false;          ///< some result (whatever its status) carries the metric
    std::optional<Run> first;      ///< the first run whole, to name the metrics the runs carry
    std::size_t without_commit = 0;  ///< runs left out for want of a commit id (when a commit is required)

    /// The series of each id over `ordered` (order_by_commit of pointers into `runs`), with its steps.
    std::vector<history::HistorySeries> series(const std::vector<const Run*>& ordered) const;
};

/// Takes runs one at a time (in any order, each with its position) and keeps
/// what HistoryData holds.
class HistoryCollector {
public:
    /// `asked_metric` "" chooses instructions or median (see HistoryData::metric),
    /// "time" means the median; `filter` (may be null) keeps the ids it matches;
    /// `require_commit` leaves out runs without a commit id, counted.
    HistoryCollector(std::string asked_metric, const std::regex* filter, bool require_commit);
    /// Reads `run` (and empties its results) as the run at `position`.
    void add(std::size_t position, Run& run);

    // A store that holds the values apart from the runs (PostgreSQL's
    // results table) gives each run without its results, then the values.

    /// The metrics add_value takes the values of: the one asked (`time` read
    /// as the median), or, when choosing, instructions and the median.
    std::vector<std::string> value_metrics() const;
    /// The run at `position` (a head: commit, date, source; results, when
    /// it has them, are not read); false when it is left out for want of a commit.
    bool add_run(std::size_t position, Run run);
    /// The number of the result id `id` for add_value; none when --filter leaves it out.
    std::optional<std::uint32_t> id_number(const std::string& id);
    /// A result's value of value_metrics()[which] and its error, the result
    /// at `order` among its run's results (the values of a run may come in
    /// any order); only ok results' values enter the series.
    void add_value(std::size_t position, std::uint32_t order, std::uint32_t id, std::size_t which, double value,
                   double error, bool ok);
    /// The runs added, in position order, and their values.
    HistoryData finish();

private:
    struct Slot {
        bool used = false;
        Run run;
        std::vector<history::RunValue> values, medians;
        std::vector<std::uint32_t> value_orders, median_orders;  ///< add_value's orders of values and medians
    };
    std::string asked_;
    const std::regex* filter_;
    bool require_commit_;
    std::vector<Slot> slots_;
    std::map<std::string, std::uint32_t> id_numbers_;
    std::vector<std::string> ids_;
    bool any_instructions_ = false, carried_ = false;
    std::optional<Run> first_;
    std::size_t first_position_ = 0, without_commit_ = 0;
};

/// The history `pace history show` and `pace plot --view history` read: asv
/// results when `asv` names any (a results directory, or its files), else
/// the runs saved for `machine` ("" = this machine) in the store that
/// `store_flag` and `storage` (given on the command line or not) choose
/// (app/source.hpp's configured_store): a
/// directory, read through its index, or a PostgreSQL store, read a few runs
/// at a time. A file that cannot be read is reported on stderr as a warning
/// (one line) and skipped; no runs at all is an error with a hint.
Outcome<HistoryData> load_history(const std::string& storage, bool storage_given, const std::string& machine,
                                  const std::vector<std::string>& asv, HistoryCollector& collector,
                                  const std::string& store_flag = "");

/// `pace bisect`: the first commit between --good and --bad whose metric is
/// worse than good's by more than --threshold. Exit 0 found, 1 not found, 2 bad usage.
int run_bisect(const HistoryArgs& args);

}  // namespace pace::cli
