// SPDX-License-Identifier: Apache-2.0
#include "compare/id_index.hpp"

namespace pace {

IdIndex::IdIndex(std::span<const Run> runs) : by_run_(runs.size()) {
    for (std::size_t r = 0; r < runs.size(); ++r) {
        by_run_[r].reserve(runs[r].results.size());
        for (const Result& result : runs[r].results) {
            if (!by_run_[r].emplace(result.id, &result).second) continue;  // a repeat: the first one counts
            bool seen = false;
            for (std::size_t q = 0; q < r && !seen; ++q) seen = by_run_[q].count(result.id) > 0;
            if (!seen) ids_.push_back(result.id);
        }
    }
}

const Result* IdIndex::find(std::size_t run, std::string_view id) const {
    if (run >= by_run_.size()) return nullptr;
    auto it = by_run_[run].find(id);
    return it == by_run_[run].end() ? nullptr : it->second;
}

}  // namespace pace
