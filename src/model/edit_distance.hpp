// SPDX-License-Identifier: Apache-2.0
// How far a mistyped name is from a real one, for "did you mean" hints: the
// flags of the binary, metric names, anything a user spells.
#pragma once

#include <algorithm>    // std::min
#include <cstddef>      // std::size_t
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

namespace pace {

/// Edit distance with adjacent transpositions counted once (optimal string
/// alignment), so "maen" is one edit from "mean" and "p59" one from "p95".
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.size()][b.size()];
}

/// The long option among `names` (without dashes) one or two edits away from
/// `unknown` (`--filtr` → `--filter`), or "" when none is that close.
std::string closest_option(const std::string& unknown, const std::vector<std::string>& names);

/// Up to `count` of `names` closest to `text` by edit distance, closest first
/// (ties in the names' order): for "did you mean" hints on ids.
std::vector<std::string> closest_names(const std::string& text, const std::vector<std::string>& names,
                                       std::size_t count);

}  // namespace pace
