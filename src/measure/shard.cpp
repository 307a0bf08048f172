// SPDX-License-Identifier: Apache-2.0
#include "measure/shard.hpp"

#include <algorithm>  // std::sort, std::min_element
#include <cmath>      // std::isfinite
#include <numeric>    // std::iota

namespace pace::measure {

namespace {

// A whole number of digits only: std::stoul would take "+2", " 2" or "2x".
std::optional<std::size_t> whole_number(const std::string& text) {
    if (text.empty() || text.size() > 9) return std::nullopt;
    std::size_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + static_cast<std::size_t>(c - '0');
    }
    return value;
}

}  // namespace

Outcome<Shard> parse_shard(const std::string& text, const std::string& source) {
    const std::size_t slash = text.find('/');
    auto bad = [&](const std::string& why) {
        return InputError{source, "", "bad shard \"" + text + "\": " + why,
                          "give I/N, this run's part I of N parts (1 <= I <= N), like --shard 2/4"};
    };
    if (slash == std::string::npos) return bad("expected I/N");
    auto index = whole_number(text.substr(0, slash));
    auto count = whole_number(text.substr(slash + 1));
    if (!index || !count) return bad("expected two whole numbers, I/N");
    if (*count < 1) return bad("N must be at least 1");
    if (*index < 1 || *index > *count) return bad("I must be between 1 and N");
    return Shard{*index, *count};
}

std::vector<std::size_t> partition(const std::vector<std::string>& ids,
                                   const std::vector<std::optional<double>>& durations, std::size_t count) {
    if (count < 1) count = 1;
    const std::size_t n = ids.size();
    std::vector<double> weight(n, 1.0);
    double known_sum = 0;
    std::size_t known = 0;
    auto duration = [&](std::size_t i) -> std::optional<double> {
        if (i >= durations.size() || !durations[i] || !std::isfinite(*durations[i]) || *durations[i] < 0)
            return std::nullopt;
        return *durations[i];
    };
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ids[a] < ids[b]; });
    // Summed in id order: a sum of doubles depends on its order, and the mean
    // must be the same whatever order the ids came in.
    for (std::size_t i : order)
        if (auto d = duration(i)) {
            known_sum += *d;
            ++known;
        }
    if (known > 0) {
        const double mean = known_sum / static_cast<double>(known);
        for (std::size_t i = 0; i < n; ++i) weight[i] = duration(i).value_or(mean);
    }
    // By id on equal durations, so the parts do not depend on the order the
    // ids came in (registration order may differ between two builds).
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (weight[a] != weight[b]) return weight[a] > weight[b];
        return ids[a] < ids[b];
    });
    std::vector<double> load(count, 0.0);
    std::vector<std::size_t> parts(n, 0);
    for (std::size_t i : order) {
        // min_element returns the first of equal loads: the lowest part.
        const auto part = static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
        parts[i] = part;
        load[part] += weight[i];
    }
    return parts;
}

}  // namespace pace::measure
