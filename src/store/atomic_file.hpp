// SPDX-License-Identifier: Apache-2.0
// Writing a user's file so that it is never seen half-written.
#pragma once

#include <cstddef>   // std::size_t
#include <optional>  // std::optional
#include <string>    // std::string

#include "model/outcome.hpp"

namespace pace::store {

/// Writes `content` to a temporary file beside `path`, flushes it to disk and
/// renames it over `path`: readers see the old file or the whole new one.
/// Returns an error naming the path when any step fails (and removes the temporary).
/// The temporary (`.<name>.XXXXXX`) is flock-ed for as long as it is written,
/// so remove_dead_temporaries can tell a live writer's from a dead one's.
std::optional<InputError> write_file_atomic(const std::string& path, const std::string& content);

/// Removes from `dir` the temporaries of write_file_atomic whose writer died
/// (killed mid-write: nothing holds their lock any more), and returns how many.
/// A live writer's temporary is locked and left alone. Errors are ignored: a
/// temporary left behind is untidy, not wrong. Not thread-safe against a
/// writer between its mkstemp and its flock: call it where writers of `dir`
/// are excluded (storage's directory lock).
std::size_t remove_dead_temporaries(const std::string& dir);

}  // namespace pace::store
