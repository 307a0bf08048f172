// SPDX-License-Identifier: Apache-2.0
// What the readers of other tools' files share: typed access to JSON members
// that names the JSON path of whatever is wrong. Internal to the importers.
#pragma once

#include <cstdint>      // std::int64_t
#include <optional>     // std::optional
#include <stdexcept>    // std::runtime_error
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "model/outcome.hpp"
#include "model/run.hpp"

namespace pace::detail {

/// Thrown inside a reader and turned into an InputError at its boundary, so
/// the reading code stays a straight line of checks.
struct ImportError : std::runtime_error {
    std::string where;
    std::string hint;
    ImportError(std::string where_, const std::string& message, std::string hint_ = {})
        : std::runtime_error(message), where(std::move(where_)), hint(std::move(hint_)) {}
    InputError to_input_error(const std::string& file) const { return {file, where, what(), hint}; }
};

/// Throws `where: expected <expected>, found <value>`.
[[noreturn]] void fail_expected(const std::string& where, const std::string& expected, const Json& found);

/// The member `key` of `object`, or nullptr when absent or null.
const Json* find_member(const Json& object, std::string_view key);

/// `object.key` as a number. Absent or null → empty; a non-finite token
/// (see parse_json_text) → empty when `non_finite_is_missing`, else an error;
/// any other type → an error naming `path.key`.
std::optional<double> optional_number(const Json& object, const std::string& path, std::string_view key,
                                      bool non_finite_is_missing);

/// Like optional_number, and also rejects values below zero (times, counts).
std::optional<double> optional_non_negative(const Json& object, const std::string& path, std::string_view key,
                                            bool non_finite_is_missing);

/// `object.key` as a string; absent or null → empty; another type → an error.
std::optional<std::string> optional_string(const Json& object, const std::string& path, std::string_view key);

/// A count that must fit in 64 bits (iterations, repetitions); out of range → an error.
std::int64_t to_count(double value, const std::string& where);

/// A dim value from text: an integer or a number when the whole text is one,
/// else the text. `"1024"` → 1024, `"0.5"` → 0.5, `"random"` → "random".
DimValue dim_from_text(const std::string& text);

/// A producer's date as ISO 8601 UTC (`2022-03-25T09:03:41Z`) when it has a
/// zone offset; without one, the same date in ISO layout with no zone (the
/// producer wrote local time of an unknown zone); unrecognised text as is.
std::string to_iso_utc(const std::string& date);

}  // namespace pace::detail
