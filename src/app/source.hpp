// SPDX-License-Identifier: Apache-2.0
// Where the runs of a comparison come from: a BASE/CAND argument (a result
// file of any format the importers read, or a storage reference) turned into a
// Run, for `pace compare` and the benchmark binary's --compare alike; and the
// one place that tells a storage directory from a PostgreSQL store, so every
// command that saves, lists or reads saved runs works with either.
#pragma once

#include <functional>  // std::function: the reader of a storage index
#include <string>  // std::string
#include <vector>  // std::vector

#include "importers/load.hpp"  // PaceJsonReader
#include "model/outcome.hpp"
#include "model/run.hpp"
#include "store/storage.hpp"  // SavedRun

namespace pace {

/// The store saved runs are kept in: a storage directory, or a PostgreSQL URL
/// (`postgresql://…`). The first given of: --store (`store_flag`), --storage
/// (when `storage_flag`), the PACE_STORE environment variable, pace.toml's
/// [store] url (`config_url`), and `storage` (pace.toml's [run] storage, or .pace).
///
///     auto store = pace::choose_store(options.store, options.storage_flag, options.storage, options.store_config);
std::string choose_store(const std::string& store_flag, bool storage_flag, const std::string& storage,
                         const std::string& config_url);

/// choose_store for the `pace` command's subcommands: `storage_given` says
/// --storage was on the command line (then it wins over PACE_STORE and
/// pace.toml, whatever directory it names, `.pace` included), and pace.toml
/// (the nearest above the working directory) is read for its [store] url. An
/// error when that pace.toml is malformed.
Outcome<std::string> configured_store(const std::string& store_flag, const std::string& storage, bool storage_given);

/// Turns a BASE/CAND argument into the path of a result file, or into the
/// locator of a run in a database: an existing file, or a storage reference
/// (`latest`, `0003`, a saved name, a commit) looked up in `store` (a
/// directory or a PostgreSQL URL) among `machine_id`'s runs ("" = every
/// machine's; see store::pick_saved_run).
Outcome<std::string> resolve_run_reference(const std::string& reference, const std::string& store = ".pace",
                                           const std::string& machine_id = "");

/// Resolves `reference` and reads the Run in it (pace's format, or any format
/// the importers recognise). Errors name the file and, for bad content, the
/// JSON path. `fast` and `map_file` are passed on to load_run.
///
///     auto run = pace::load_for_compare("base.json");
///     if (!run) report(run.error());
Outcome<Run> load_for_compare(const std::string& reference, const std::string& store = ".pace",
                              const std::string& machine_id = "", PaceJsonReader fast = nullptr,
                              bool map_file = false);

/// Saves `run` in `store` under the next number of its machine, named `name`
/// ("" for none), and returns where (a path, or a locator without password).
Outcome<std::string> save_to_store(const std::string& store, const Run& run, const std::string& name);

/// The runs saved in `store`, of `machine_id` ("" = every machine's), ordered
/// by machine id, then number. `path` is a file or a database locator.
/// `reader` brings a storage directory's index up to date (store::list_runs).
Outcome<std::vector<store::SavedRun>> list_stored_runs(
    const std::string& store, const std::string& machine_id,
    const std::function<Outcome<Run>(const std::string&)>& reader = {});

/// The runs `saved` lists (from list_stored_runs of the same `store`), read
/// in order; a run that cannot be read is left out and its error added to
/// `skipped`. A database reads them all in one query.
Outcome<std::vector<Run>> load_stored_runs(const std::string& store, const std::vector<store::SavedRun>& saved,
                                           PaceJsonReader fast, std::vector<InputError>& skipped);

}  // namespace pace
