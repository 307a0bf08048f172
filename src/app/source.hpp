// SPDX-License-Identifier: Apache-2.0
// Where the runs of a comparison come from: a BASE/CAND argument (a result
// file of any format the importers read, or a storage reference) turned into a
// Run, for `pace compare` and the benchmark binary's --compare alike.
#pragma once

#include <string>  // std::string

#include "importers/load.hpp"  // PaceJsonReader
#include "model/outcome.hpp"
#include "model/run.hpp"

namespace pace {

/// Turns a BASE/CAND argument into the path of a result file: an existing
/// file, or a storage reference (`latest`, `0003`, a saved name) looked up in
/// `storage_dir` among `machine_id`'s runs ("" = every machine's; see
/// store::resolve_reference).
Outcome<std::string> resolve_run_reference(const std::string& reference, const std::string& storage_dir = ".pace",
                                           const std::string& machine_id = "");

/// Resolves `reference` and reads the Run in it (pace's format, or any format
/// the importers recognise). Errors name the file and, for bad content, the
/// JSON path. `fast` and `map_file` are passed on to load_run.
///
///     auto run = pace::load_for_compare("base.json");
///     if (!run) report(run.error());
Outcome<Run> load_for_compare(const std::string& reference, const std::string& storage_dir = ".pace",
                              const std::string& machine_id = "", PaceJsonReader fast = nullptr,
                              bool map_file = false);

}  // namespace pace
