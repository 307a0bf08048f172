// SPDX-License-Identifier: Apache-2.0
#include "importers/validate.hpp"

#include <cmath>          // std::isfinite
#include <unordered_map>  // std::unordered_map
#include <utility>        // std::pair

namespace pace {

namespace {

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
        const std::pair<const char*, const std::optional<double>*> figures[] = {
            {"min", &t.min},       {"max", &t.max},     {"mean", &t.mean}, {"stddev", &t.stddev},
            {"median", &t.median}, {"q1", &t.q1},       {"q3", &t.q3},     {"iqr", &t.iqr},
            {"p95", &t.p95},       {"p99", &t.p99},     {"ops", &t.ops},   {"total", &t.total},
            {"ld15iqr", &t.ld15iqr}, {"hd15iqr", &t.hd15iqr}};
        for (const auto& [name, value] : figures) {
            if (!*value) continue;
            if (auto why = bad_time(**value))
                return InputError{file, origin(i), "\"" + r.id + "\": time " + name + " is " + *why,
                                  "times must be finite numbers of seconds >= 0"};
        }
        for (std::size_t k = 0; k < t.samples.size(); ++k)
            if (auto why = bad_time(t.samples[k]))
                return InputError{file, origin(i), "\"" + r.id + "\": sample " + std::to_string(k) + " is " + *why,
                                  "times must be finite numbers of seconds >= 0"};
    }
    return std::nullopt;
}

}  // namespace pace
