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

}  // namespace pace::report
