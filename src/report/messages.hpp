// SPDX-License-Identifier: Apache-2.0
// The one-line messages of DESIGN.md section 9, shared by benchmark binaries
// and the pace command so both speak alike.
#pragma once

#include <string>  // std::string
#include <vector>  // std::vector

#include "model/outcome.hpp"

namespace pace::report {

/// Prints `pace: error: <file>: <where>: <message>` and, when there is one,
/// `hint: <hint>` to stderr.
void print_error(const InputError& error);

/// Prints `pace: warning: <message>` and, when there is one, `hint: <hint>` to stderr.
void print_warning(const std::string& message, const std::string& hint = "");

/// The long option among `names` (without dashes) one or two edits away from
/// `unknown` (`--filtr` → `--filter`), or "" when none is that close.
std::string closest_option(const std::string& unknown, const std::vector<std::string>& names);

/// Up to `count` of `names` closest to `text` by edit distance, closest first
/// (ties in the names' order): for "did you mean" hints on ids.
std::vector<std::string> closest_names(const std::string& text, const std::vector<std::string>& names,
                                       std::size_t count);

}  // namespace pace::report
