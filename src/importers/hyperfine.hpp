// SPDX-License-Identifier: Apache-2.0
// hyperfine's --export-json files: one result per benchmarked command.
#pragma once

#include <string>  // std::string
#include <vector>  // std::vector

#include "model/outcome.hpp"
#include "model/run.hpp"

namespace pace {

/// Reads a hyperfine `--export-json` document (`results[]` with `command`,
/// `times`, `mean`, ...). `file` labels errors. When `origins` is given it
/// receives each result's JSON path (`$.results[2]`), for validate_run.
/// Example: `auto run = hyperfine_from_json(doc, "cmd.json");`
Outcome<Run> hyperfine_from_json(const Json& document, const std::string& file,
                                 std::vector<std::string>* origins = nullptr);

}  // namespace pace
