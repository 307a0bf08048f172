// SPDX-License-Identifier: Apache-2.0
// Sharding a suite over several runners (`--shard I/N`): which part of the
// selected benchmarks one run takes. The partition is a pure function of the
// ids, their expected durations and N, so every runner that sees the same
// inputs computes the same parts, and each id lands in exactly one of them.
#pragma once

#include <cstddef>   // std::size_t
#include <optional>  // std::optional
#include <string>    // std::string
#include <vector>    // std::vector

#include "model/outcome.hpp"

namespace pace::measure {

/// One part of a sharded run: part `index` of `count`, 1 <= index <= count.
struct Shard {
    std::size_t index = 1;
    std::size_t count = 1;
    friend bool operator==(const Shard& a, const Shard& b) { return a.index == b.index && a.count == b.count; }
    /// "2/4", as --shard takes it.
    std::string text() const { return std::to_string(index) + "/" + std::to_string(count); }
};

/// Reads "I/N" (whole numbers, 1 <= I <= N). An error names `source` (the
/// flag or file the text came from), quotes the text and says what is expected.
///
///     auto shard = measure::parse_shard("2/4", "--shard");  // {2, 4}
Outcome<Shard> parse_shard(const std::string& text, const std::string& source);

/// Assigns each of `ids` to one of `count` parts and returns the part of each
/// (0-based, `parts[i]` is ids[i]'s). `durations[i]`, when given, is how long
/// ids[i] took last time (seconds; missing, negative or not finite means
/// unknown, and an unknown one counts as the mean of the known ones). Without
/// any known duration every id weighs the same, so parts differ by at most one
/// id. Greedy, longest first: ids are taken by duration (longest first, then
/// by id) and each goes to the part with the least total so far (the lowest
/// part on a tie). The result depends on the ids and durations, not on their
/// order. `durations` may be empty (all unknown); otherwise it has one entry
/// per id. `count` must be at least 1.
///
///     auto parts = measure::partition({"a", "b", "c"}, {}, 2);  // {0, 1, 0}
std::vector<std::size_t> partition(const std::vector<std::string>& ids,
                                   const std::vector<std::optional<double>>& durations, std::size_t count);

}  // namespace pace::measure
