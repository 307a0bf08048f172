// SPDX-License-Identifier: Apache-2.0
#include "report/messages.hpp"

#include <algorithm>  // std::min, std::stable_sort
#include <utility>    // std::pair
#include <cstdio>     // std::fputs

namespace pace::report {

void print_error(const InputError& error) {
    std::string text = "pace: error: " + error.describe() + "\n";
    if (!error.hint.empty()) text += "hint: " + error.hint + "\n";
    std::fputs(text.c_str(), stderr);
}

void print_warning(const std::string& message, const std::string& hint) {
    std::string text = "pace: warning: " + message + "\n";
    if (!hint.empty()) text += "hint: " + hint + "\n";
    std::fputs(text.c_str(), stderr);
}

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

}  // namespace

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

}  // namespace pace::report
