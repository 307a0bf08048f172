// SPDX-License-Identifier: Apache-2.0
// A fast reader of pace/pytest-benchmark JSON for the `pace` command, built on
// simdjson. It only reads files it fully understands and declines everything
// else, so the general reader (run_from_json over nlohmann) stays the one that
// reports errors, with their JSON paths.
#pragma once

#include <optional>     // std::optional: empty when the reader declines
#include <string_view>  // std::string_view

#include "model/run.hpp"

namespace pace {

/// The Run in `text` when it is a well-formed pace or pytest-benchmark file
/// that run_from_json would read without error, the same Run it would give
/// (before validate_run; `source` is left empty). Empty otherwise: invalid
/// JSON, bare NaN tokens, nesting past 256 levels, objects past 20,000
/// members, duplicate keys, another format, or any value run_from_json would
/// reject or that needs the notes moved out of `stats.data`. `padded`: the
/// text is followed by text_padding_bytes readable bytes (load.hpp), so it is
/// parsed in place. Throws std::bad_alloc when memory runs out rather than
/// declining (load_run turns that into an error). Thread-safe: each call has
/// its own parser.
/// Example: `load_run(path, read_pace_json_fast)` in the `pace` command.
std::optional<Run> read_pace_json_fast(std::string_view text, bool padded = false);

}  // namespace pace
