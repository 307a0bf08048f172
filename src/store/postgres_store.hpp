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
/// makes pushing idempotent.
inline constexpr int database_schema_version = 2;

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
