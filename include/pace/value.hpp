// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>  // std::int64_t
#include <string>   // std::string
#include <variant>  // std::variant

namespace pace {

/// A dim's value, or an `info()` value: it keeps its type, so `n=1000` stays a
/// number that a scaling plot can put on an axis.
using DimValue = std::variant<std::int64_t, double, std::string, bool>;

}  // namespace pace
