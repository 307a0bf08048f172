// SPDX-License-Identifier: Apache-2.0
// asv (airspeed velocity) results: one file per commit and environment,
// results/<machine>/<commit>-<env>.json, with benchmarks.json beside them.
#pragma once

#include <string>  // std::string
#include <vector>  // std::vector

#include "model/outcome.hpp"  // Outcome
#include "model/run.hpp"      // Run, Json

namespace pace {

/// Reads one asv results document (layout version 1: `results` maps a name to
/// a number or `{result, params, stats}`; version 2: rows under
/// `result_columns`) into a Run of producer "asv": the commit is
/// `commit_hash` at `date`, the machine comes from `params`. `benchmarks` is
/// benchmarks.json (or null) for each benchmark's type and parameter names.
/// A parametrized benchmark gives one result per combination (the cartesian
/// product asv flattens), `name[param=value,...]`. time_* results are the
/// median in seconds (its 99% interval and quartiles when asv kept them),
/// peakmem_* the peak in bytes, others a counter "value". A result asv
/// recorded as failed (null) is a failed result.
Outcome<Run> asv_from_json(const Json& document, const Json& benchmarks, const std::string& file);

/// Reads the asv files among `paths`: directories are searched for *.json;
/// a file named benchmarks.json is the metadata, machine.json files are
/// skipped, every other file is a results file. Files that cannot be read
/// are left out and described in `skipped`.
std::vector<Run> load_asv(const std::vector<std::string>& paths, std::vector<InputError>& skipped);

}  // namespace pace
