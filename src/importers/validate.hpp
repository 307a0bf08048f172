// SPDX-License-Identifier: Apache-2.0
// Checks every imported Run passes, whatever format it came from.
#pragma once

#include <optional>  // std::optional
#include <span>      // std::span
#include <string>    // std::string

#include "model/outcome.hpp"
#include "model/run.hpp"

namespace pace {

/// Checks what every consumer relies on: ids are unique within the run (they
/// are the join key between runs), and every time figure and sample is a
/// finite number >= 0. `origins[i]` says where result i came from in the file
/// (`$.benchmarks[3]`, `line 12`) and is used as the error's position; it may
/// be shorter than the results, then positions are left empty.
/// Returns the first problem, or nothing when the run is sound.
/// Example: `if (auto e = validate_run(run, "base.json", origins)) return *e;`
std::optional<InputError> validate_run(const Run& run, const std::string& file, std::span<const std::string> origins);

}  // namespace pace
