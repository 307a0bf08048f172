// SPDX-License-Identifier: Apache-2.0
#include "importers/validate.hpp"

#include <algorithm>      // std::find_if_not
#include <cmath>          // std::isfinite
#include <limits>         // std::numeric_limits
#include <unordered_map>  // std::unordered_map
#include <utility>        // std::pair

namespace pace {

namespace {

// Finite and >= 0; NaN fails both comparisons. The common case, kept
// cheap: a run carries a time for every sample of every result.
bool good_time(double value) { return value >= 0 && value <= std::numeric_limits<double>::max(); }

std::optional<std::string> bad_time(double value) {
    if (std::isnan(value)) return "NaN";
    if (!std::isfinite(value)) return "infinite";
    if (value < 0) return "negative (" + Json(value).dump() + ")";
    return std::nullopt;
}

}  // namespace

std::optional<InputError> validate_run(const Run& run, const std::string& file, std::span<const std::string> origins) {
    auto origin = [&](std::size_t i) { return i < origins.size() ? origins[i] : std::string(); };
    std::unordered_map<std::string_view, std::size_t> seen;
    seen.reserve(run.results.size());
    for (std::size_t i = 0; i < run.results.size(); ++i) {
        const Result& r = run.results[i];
        if (r.id.empty()) return InputError{file, origin(i), "a result with an empty id", ""};
        auto [it, inserted] = seen.emplace(r.id, i);
        if (!inserted) {
            std::string first = origin(it->second);
            return InputError{file, origin(i),
                              "duplicate id \"" + r.id + "\"" + (first.empty() ? "" : " (first at " + first + ")"),
                              "ids join results between runs, so each must appear once in a file"};
        }
        if (!r.time) continue;
        const TimeStats& t = *r.time;
        const std::pair<const char*, const OptionalDouble*> figures[] = {
            {"min", &t.min},       {"max", &t.max},     {"mean", &t.mean}, {"stddev", &t.stddev},
            {"median", &t.median}, {"q1", &t.q1},       {"q3", &t.q3},     {"iqr", &t.iqr},
            {"p95", &t.p95},       {"p99", &t.p99},     {"ops", &t.ops},   {"total", &t.total},
            {"ld15iqr", &t.ld15iqr}, {"hd15iqr", &t.hd15iqr}};
        for (const auto& [name, value] : figures) {
            if (!*value || good_time(**value)) continue;
            return InputError{file, origin(i), "\"" + r.id + "\": time " + name + " is " + *bad_time(**value),
                              "times must be finite numbers of seconds >= 0"};
        }
        const auto bad = std::find_if_not(t.samples.begin(), t.samples.end(), good_time);
        if (bad != t.samples.end())
            return InputError{file, origin(i),
                              "\"" + r.id + "\": sample " + std::to_string(bad - t.samples.begin()) + " is " +
                                  *bad_time(*bad),
                              "times must be finite numbers of seconds >= 0"};
    }
    return std::nullopt;
}

}  // namespace pace
