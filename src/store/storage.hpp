// SPDX-License-Identifier: Apache-2.0
// Saved runs (DESIGN.md section 8): one directory per machine under the
// storage directory, one numbered file per run,
// `<storage>/<machine-id>/NNNN_<commit12|nocommit>_<YYYYMMDDTHHMMSSZ>[_<name>].json`.
// docs/storage.md describes the layout, the reference grammar and what
// concurrent writers may rely on.
#pragma once

#include <cstddef>   // std::size_t
#include <functional>  // std::function: list_runs' reader of run files
#include <optional>  // std::optional
#include <string>    // std::string
#include <vector>    // std::vector

#include "model/outcome.hpp"
#include "model/run.hpp"

namespace pace::store {

/// One saved run, as `list_runs` finds it.
struct SavedRun {
    int number = 0;          ///< NNNN, counted per machine directory from 1
    std::string name;        ///< the saved name, "" for an unnamed (autosaved) run
    std::string commit;      ///< first 12 characters of the commit id, "" when the run had none
    std::string datetime;    ///< when the run was made, ISO 8601 UTC to the second ("2026-11-23T15:01:02Z")
    std::optional<std::size_t> benchmarks;  ///< results in the file; empty when it is not readable JSON
    std::string path;        ///< the file, `<storage>/<machine-id>/<file name>`
    std::string machine_id;  ///< the directory it is in: MachineInfo::id() of the run
};

/// The name a run is saved under: every run of characters other than ASCII
/// letters, digits, `.`, `-` and `_` becomes one `-`, leading and trailing
/// `-`, `.` and `_` are dropped, and the result is cut to 64 characters
/// ("nightly build #3" -> "nightly-build-3"). An error when nothing is left,
/// or when the name would read as a reference of another kind (`latest`, or
/// only digits, which read as a number).
Outcome<std::string> sanitize_run_name(const std::string& name);

/// The name every store saves a run under for `--save NAME`: "" for "" (an
/// unnamed run), else sanitize_run_name's, its error naming `--save`.
Outcome<std::string> save_name(const std::string& name);

/// Saves `run` as the next numbered file of its machine's directory under
/// `storage_dir` (both made when missing) and returns the path written. The
/// file is written to a dot-prefixed temporary and renamed into place, so a
/// reader never sees half a file, and numbers are taken under a lock of the
/// machine directory, so processes saving at once get distinct numbers in
/// order. `name` may be "" (no name); otherwise it goes through
/// sanitize_run_name. The timestamp is the run's `datetime` (now, when the
/// run has none). Safe to call from several threads and processes at once.
///
///     auto path = pace::store::save_run(".pace", run, "baseline");
///     if (!path) report(path.error());  // else *path == ".pace/Linux-x86_64-.../0001_..._baseline.json"
Outcome<std::string> save_run(const std::string& storage_dir, const Run& run, const std::string& name);

/// The saved runs under `storage_dir`, ordered by machine id, then number.
/// `machine_id` keeps one machine's runs; "" keeps every machine's. Files
/// whose names do not follow the layout (temporaries start with `.`) are
/// skipped. The benchmark counts come from each machine directory's index
/// (run_index.hpp), brought up to date first with `reader`. An error when
/// `storage_dir` is not a directory.
///
///     auto runs = pace::store::list_runs(".pace", machine.id());
Outcome<std::vector<SavedRun>> list_runs(const std::string& storage_dir, const std::string& machine_id = "",
                                         const std::function<Outcome<Run>(const std::string&)>& reader = {});

/// The number in a run file's name (`0012_<commit>_<stamp>[_<name>].json` -> 12),
/// or empty when the name does not follow the layout (temporaries, the index, stray files).
std::optional<int> run_file_number(const std::string& file_name);

/// The file a run reference names. A reference is, in this order: the path of
/// an existing file; `latest` (the highest number); a number (`3`, `0003`);
/// or a saved name (the highest-numbered run saved under it). Storage
/// references look in `machine_id`'s directory; with "" they look in every
/// machine's and are ambiguous when they match in more than one. Errors (no
/// storage directory, no such run, no runs for this machine, ambiguous) are
/// InputErrors with a hint.
///
///     auto path = pace::store::resolve_reference(".pace", "baseline", machine.id());
Outcome<std::string> resolve_reference(const std::string& storage_dir, const std::string& reference,
                                       const std::string& machine_id);

}  // namespace pace::store
