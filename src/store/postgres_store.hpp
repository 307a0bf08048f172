// SPDX-License-Identifier: Apache-2.0
// Saved runs in a PostgreSQL database shared by many machines (DESIGN.md
// section 8): the same runs, numbers and references as the file store, kept
// in tables (machines, runs, benchmarks, results, samples) of a schema named
// `pace` that pace versions and migrates, beside the whole result file of each
// run. docs/postgres.md describes the schema, the URL forms and what
// concurrent writers may rely on.
//
// libpq is loaded when a database is first used (dlopen of libpq.so.5), so a
// benchmark binary that never names a database needs no libpq at all.
#pragma once

#include <cstddef>  // std::size_t
#include <cstdint>  // std::int64_t
#include <functional>  // std::function: the visitor of read_database_history
#include <unordered_map>  // benchmark names by key
#include <optional>  // std::optional
#include <string>   // std::string
#include <vector>   // std::vector

#include "model/outcome.hpp"
#include "model/run.hpp"
#include "store/storage.hpp"  // SavedRun

namespace pace::store {

/// The version of the schema this pace writes and reads. Version 1 kept
/// runs, machines, benchmarks and results with three time statistics; 2 adds
/// samples, memory and instruction columns, branches and the digest that
/// makes pushing idempotent. 3 adds what history reads without the result
/// files: each run's file without its results (`head`), and per result its
/// place in the file, the other statistics, the median's interval, the
/// processes and the counters. 4 adds `run_columns`: per run, each figure of
/// all its results packed in one block (store/column_block.hpp), what
/// history reads instead of a row per result.
inline constexpr int database_schema_version = 4;

/// True when `location` names a PostgreSQL database (`postgresql://` or
/// `postgres://`) rather than a storage directory.
bool is_database_url(const std::string& location);

/// `url` with its password (the `user:password@` part, and a `password=`
/// parameter) replaced by `***`: what every message shows of a URL.
std::string mask_password(const std::string& url);

/// Connects to `url` and checks it holds a pace store of this version: what
/// a benchmark binary does before it runs, so that a store it cannot save in
/// is reported before the suite, not after it.
std::optional<InputError> check_database(const std::string& url);

/// What `pace store init` and `migrate` did.
struct SchemaChange {
    int from = 0;  ///< the version found (0: no pace schema)
    int to = 0;    ///< the version left
};

/// Creates the pace schema in the database `url` names; a database that
/// already holds it at this version is left alone (from == to). Errors (no
/// connection, a foreign `pace` schema, an older or newer version) are
/// InputErrors naming the URL without its password.
Outcome<SchemaChange> init_database(const std::string& url);

/// Brings the schema of `url` to database_schema_version, one version at a
/// time, in one transaction (all or nothing). An error when there is no pace
/// schema, or when it is newer than this pace.
Outcome<SchemaChange> migrate_database(const std::string& url);

/// Saves `run` under the next number of its machine in the database and
/// returns where: `<url without password>#<machine id>/<NNNN>[_<name>]`
/// (a locator resolve and load understand). The whole run is written in one
/// transaction; numbers are taken under an advisory lock of the machine, so
/// writers saving at once get distinct numbers in order, and a writer killed
/// mid-way leaves nothing. `name` goes through sanitize_run_name.
Outcome<std::string> save_run_to_database(const std::string& url, const Run& run, const std::string& name);

/// The runs in the database, as list_runs gives a directory's: ordered by
/// machine id, then number; `machine_id` "" keeps every machine's. `path` is
/// each run's locator.
Outcome<std::vector<SavedRun>> list_database_runs(const std::string& url, const std::string& machine_id = "");

/// The locator of the run `reference` names (store/reference.hpp's grammar),
/// or a locator given back as it is.
Outcome<std::string> resolve_database_reference(const std::string& url, const std::string& reference,
                                                const std::string& machine_id);

/// True when `text` is a locator (`postgres…#<machine>/<NNNN>…`).
bool is_database_locator(const std::string& text);

/// The result file (pace's JSON) of the run a locator names, as it was saved.
Outcome<std::string> load_database_run(const std::string& url, const std::string& locator);

/// The result files of several runs (locators), in the order given, read in one query.
Outcome<std::vector<std::string>> load_database_runs(const std::string& url, const std::vector<std::string>& locators);

/// What read_database_history gives before the values: the runs and the
/// names of the benchmarks the values refer to.
struct DatabaseHistory {
    std::vector<SavedRun> runs;        ///< the machine's runs, by number (as list_database_runs gives them)
    std::vector<std::string> heads;    ///< heads[i]: runs[i]'s result file without its results (pace's JSON)
    std::unordered_map<std::int64_t, std::string> names;  ///< benchmark key -> result id
};

/// One result's values of the metrics asked, and what the standard error of
/// a value needs (history::metric_error's inputs), as its run's packed columns hold them.
struct StoredValue {
    std::size_t run = 0;        ///< index into DatabaseHistory::runs
    int position = 0;           ///< the result's place among its run's results, as a reader of the file orders them
    std::int64_t benchmark = 0;  ///< key into DatabaseHistory::names
    bool ok = false;            ///< status "ok"
    bool has_time = false;      ///< the result has time statistics
    double values[2] = {0, 0};  ///< the metrics' values, in the order asked
    bool present[2] = {false, false};  ///< the result carries the metric
    bool counter[2] = {false, false};  ///< the metric is one of the result's counters
    std::optional<double> stddev, median_ci_low, median_ci_high;
    std::int64_t rounds = 0;
    std::int64_t processes = 1;
};

/// The values of one or two `metrics` (a metric name as pace::metric takes
/// it) of every result of `machine_id`'s runs that carries at least one of
/// them, read from the runs' packed columns (not from the results table nor
/// the runs' files) and passed to `visit` as they come, a run at a time,
/// after the runs and names are known. A long history is never in memory at
/// once. Columns that are not what pace writes are an InputError.
Outcome<DatabaseHistory> read_database_history(
    const std::string& url, const std::string& machine_id, const std::vector<std::string>& metrics,
    const std::function<void(const DatabaseHistory&, const StoredValue&)>& visit);

/// What `pace store push` did.
struct PushCounts {
    std::size_t added = 0;    ///< runs saved
    std::size_t present = 0;  ///< runs the database already held (the same file)
    std::vector<InputError> skipped;  ///< files that are not readable pace results
};

/// Saves every run of the file storage `storage_dir` that the database does
/// not hold yet (the same result file, byte for byte, of the same machine),
/// in number order per machine: pushing twice adds nothing. Each run is one
/// transaction, so an interrupted push is resumed by pushing again.
Outcome<PushCounts> push_storage(const std::string& storage_dir, const std::string& url);

}  // namespace pace::store
