// SPDX-License-Identifier: Apache-2.0
#include "model/edit_distance.hpp"

#include <utility>  // std::pair

namespace pace {

std::string closest_option(const std::string& unknown, const std::vector<std::string>& names) {
    std::string flag = unknown.substr(0, unknown.find('='));
    if (flag.rfind("--", 0) == 0) flag = flag.substr(2);
    std::string best;
    std::size_t best_distance = 3;  // one or two edits: a typo, not another word
    for (const std::string& name : names) {
        std::size_t d = edit_distance(flag, name);
        if (d < best_distance) {
            best_distance = d;
            best = "--" + name;
        }
    }
    return best;
}

std::vector<std::string> closest_names(const std::string& text, const std::vector<std::string>& names,
                                       std::size_t count) {
    std::vector<std::pair<std::size_t, std::size_t>> scored;  // (distance, index)
    for (std::size_t i = 0; i < names.size(); ++i) scored.emplace_back(edit_distance(text, names[i]), i);
    std::stable_sort(scored.begin(), scored.end());
    std::vector<std::string> out;
    for (std::size_t i = 0; i < std::min(count, scored.size()); ++i) out.push_back(names[scored[i].second]);
    return out;
}

}  // namespace pace
