// SPDX-License-Identifier: Apache-2.0
// The pace result file (DESIGN.md section 5): a superset of pytest-benchmark's
// --benchmark-json layout. Reading accepts pytest-benchmark's files of every
// version too, since pace's format is theirs plus keys of its own.
#pragma once

#include <string>  // std::string

#include "model/outcome.hpp"
#include "model/run.hpp"

namespace pace {

/// The version of the `pace` object in files this build writes.
inline constexpr int format_version = 1;

/// The document for a Run, in pace's format.
Json to_json(const Run& run);

/// `to_json(run)` as text, indented for people and diffs.
std::string to_json_text(const Run& run);

/// Reads a pace or pytest-benchmark document. `file` only labels errors.
Outcome<Run> run_from_json(const Json& document, const std::string& file);

namespace detail {
// Pieces of run_from_json shared with the fast reader of the `pace` command
// (src/importers/pace_fast.cpp), so both read these parts alike.

/// A dim's value from a `dims`/`params` entry: numbers and booleans keep their
/// type, null becomes "None", lists and objects keep their JSON text.
DimValue dim_from_json(const Json& value);
/// The machine a `machine_info` object describes; `raw` keeps all of it.
MachineInfo machine_from_json(const Json& machine_info);
/// The complexity fits of a `pace.complexity` list, or what is wrong with it.
Outcome<std::vector<ComplexityFit>> complexity_from_json(const Json& fits);

/// The `pace.scaling` array (worker-count sweeps), as the general reader reads
/// it; the fast reader hands its few fits here rather than read them twice.
Outcome<std::vector<ScalingFit>> scaling_from_json(const Json& fits);
/// The revision a `commit_info` object describes; `raw` keeps all of it.
CommitInfo commit_from_json(const Json& commit_info);
/// A JSON value as an error message names it: `null`, `true`, a string in
/// quotes (cut at 40 characters), `a number`, `an array`, `an object`.
std::string describe_value(const Json& value);
}  // namespace detail

}  // namespace pace
