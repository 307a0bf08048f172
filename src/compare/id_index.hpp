// SPDX-License-Identifier: Apache-2.0
// The results of the runs in a comparison by id: made once, read by the rank
// tests, the table and the gate.
#pragma once

#include <cstddef>        // std::size_t
#include <span>           // std::span
#include <string_view>    // std::string_view
#include <unordered_map>  // std::unordered_map
#include <vector>         // std::vector

#include "model/run.hpp"

namespace pace {

/// Each run's results by id, and every id once in row order: the first run's
/// ids, then those only later runs carry. A run that repeats an id (a file
/// cannot: validate_run turns it away) is indexed by its first result. Views
/// the runs' ids: the runs must outlive it. Read-only after construction.
class IdIndex {
public:
    explicit IdIndex(std::span<const Run> runs);

    /// The result of run `run` with this id, or null.
    const Result* find(std::size_t run, std::string_view id) const;
    const std::vector<std::string_view>& ids() const { return ids_; }

private:
    std::vector<std::unordered_map<std::string_view, const Result*>> by_run_;
    std::vector<std::string_view> ids_;
};

}  // namespace pace
