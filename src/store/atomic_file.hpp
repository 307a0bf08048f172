// SPDX-License-Identifier: Apache-2.0
// Writing a user's file so that it is never seen half-written.
#pragma once

#include <optional>  // std::optional
#include <string>    // std::string

#include "model/outcome.hpp"

namespace pace::store {

/// Writes `content` to a temporary file beside `path`, flushes it to disk and
/// renames it over `path`: readers see the old file or the whole new one.
/// Returns an error naming the path when any step fails (and removes the temporary).
std::optional<InputError> write_file_atomic(const std::string& path, const std::string& content);

}  // namespace pace::store
