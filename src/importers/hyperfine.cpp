// SPDX-License-Identifier: Apache-2.0
#include "importers/hyperfine.hpp"

#include <cmath>  // std::isfinite

#include "importers/reading.hpp"
#include "stats/descriptive.hpp"  // stats::describe

namespace pace {

namespace {

using detail::ImportError;

// hyperfine substitutes `{name}` in the command it is given; the export keeps
// only the substituted command. Putting the placeholder back gives the same
// name to every command of one scan, so a scaling plot can line them up.
// A value is put back only where it is a whole word found exactly once;
// otherwise the command is kept as it is.
std::string command_template(const std::string& command, const std::vector<Dim>& dims,
                             const std::vector<std::string>& texts) {
    std::string out = command;
    for (std::size_t d = 0; d < dims.size(); ++d) {
        const std::string& value = texts[d];
        if (value.empty()) return command;
        auto is_word_edge = [&](std::size_t pos) {
            return pos >= out.size() || out[pos] == ' ' || out[pos] == '\t' || out[pos] == '"' || out[pos] == '\'' ||
                   out[pos] == '=' || out[pos] == '/' || out[pos] == ',';
        };
        std::size_t found = std::string::npos, count = 0;
        for (std::size_t p = out.find(value); p != std::string::npos; p = out.find(value, p + 1)) {
            if ((p == 0 || is_word_edge(p - 1)) && is_word_edge(p + value.size())) {
                found = p;
                ++count;
            }
        }
        if (count != 1) return command;
        out.replace(found, value.size(), "{" + dims[d].name + "}");
    }
    return out;
}

Result read_result(const Json& entry, const std::string& path) {
    if (!entry.is_object()) detail::fail_expected(path, "an object", entry);
    Result r;
    std::optional<std::string> command = detail::optional_string(entry, path, "command");
    if (!command) throw ImportError(path, "missing required key \"command\"");

    std::vector<std::string> texts;
    if (const Json* params = detail::find_member(entry, "parameters")) {
        if (!params->is_object()) detail::fail_expected(path + ".parameters", "an object", *params);
        for (const auto& [name, value] : params->items()) {
            std::string text = value.is_string() ? value.get<std::string>() : value.dump();
            r.dims.push_back({name, detail::dim_from_text(text)});
            texts.push_back(text);
        }
    }
    r.name = r.dims.empty() ? *command : command_template(*command, r.dims, texts);
    r.id = make_id(r.name, r.dims);
    if (r.name != *command) r.extra_info["command"] = *command;

    std::vector<double> samples;
    if (const Json* times = detail::find_member(entry, "times")) {
        if (!times->is_array()) detail::fail_expected(path + ".times", "an array of seconds", *times);
        samples.reserve(times->size());
        for (std::size_t i = 0; i < times->size(); ++i) {
            std::string p = path + ".times[" + std::to_string(i) + "]";
            const Json& x = (*times)[i];
            if (!x.is_number()) detail::fail_expected(p, "a number of seconds", x);
            double d = x.get<double>();
            if (!std::isfinite(d) || d < 0) throw ImportError(p, "expected a finite time >= 0, found " + x.dump());
            samples.push_back(d);
        }
    }
    std::optional<double> mean = detail::optional_non_negative(entry, path, "mean", false);
    if (!samples.empty()) {
        // From the samples, so every statistic (p95, outliers, the median's
        // interval) is there and means what it means for pace's own runs.
        r.time = stats::describe(std::move(samples), 1);
        // Each of hyperfine's runs is a process of its own: a comparison tests over them.
        r.time->process_samples.assign(r.time->samples.size(), 1);
    } else if (mean) {
        // No per-run times: keep hyperfine's own figures; stddev is null after one run.
        TimeStats t;
        t.mean = mean;
        t.stddev = detail::optional_non_negative(entry, path, "stddev", false);
        t.median = detail::optional_non_negative(entry, path, "median", false);
        t.min = detail::optional_non_negative(entry, path, "min", false);
        t.max = detail::optional_non_negative(entry, path, "max", false);
        if (*mean > 0) t.ops = 1 / *mean;
        t.rounds = 1;
        r.time = t;
    } else {
        throw ImportError(path, "missing both \"times\" and \"mean\"");
    }
    // hyperfine's own figures must still be numbers where present.
    for (const char* key : {"stddev", "median", "min", "max"}) detail::optional_non_negative(entry, path, key, false);

    if (auto user = detail::optional_non_negative(entry, path, "user", false)) r.counters["user_time"] = *user;
    if (auto system = detail::optional_non_negative(entry, path, "system", false)) r.counters["system_time"] = *system;

    if (const Json* memory = detail::find_member(entry, "memory_usage_byte")) {
        std::string p = path + ".memory_usage_byte";
        if (!memory->is_array()) detail::fail_expected(p, "an array of byte counts", *memory);
        std::optional<std::int64_t> peak;
        for (std::size_t i = 0; i < memory->size(); ++i) {
            std::string pi = p + "[" + std::to_string(i) + "]";
            const Json& x = (*memory)[i];
            if (!x.is_number()) detail::fail_expected(pi, "a byte count", x);
            std::int64_t bytes = detail::to_count(x.get<double>(), pi);
            if (!peak || bytes > *peak) peak = bytes;
        }
        if (peak) {
            // hyperfine measures the whole process's peak resident set, not
            // heap allocations: it goes to rss, and the heap figures stay 0.
            MemoryStats m;
            m.rss = peak;
            r.memory = m;
        }
    }

    if (const Json* codes = detail::find_member(entry, "exit_codes")) {
        std::string p = path + ".exit_codes";
        if (!codes->is_array()) detail::fail_expected(p, "an array of exit codes", *codes);
        std::int64_t failures = 0;
        for (std::size_t i = 0; i < codes->size(); ++i) {
            const Json& x = (*codes)[i];
            // A run killed by a signal has a null exit code.
            if (x.is_null()) {
                ++failures;
                continue;
            }
            if (!x.is_number_integer()) detail::fail_expected(p + "[" + std::to_string(i) + "]", "an integer", x);
            if (x.get<std::int64_t>() != 0) ++failures;
        }
        if (failures > 0) {
            // hyperfine only exports such runs under --ignore-failure, so the
            // times are what the user asked for; the codes are kept to be seen.
            r.extra_info["exit_codes"] = *codes;
            r.extra_info["nonzero_exit_codes"] = failures;
        }
    }
    return r;
}

}  // namespace

Outcome<Run> hyperfine_from_json(const Json& document, const std::string& file, std::vector<std::string>* origins) {
    try {
        if (!document.is_object()) detail::fail_expected("$", "an object with a \"results\" list", document);
        const Json* results = detail::find_member(document, "results");
        if (!results) throw ImportError("$", "missing required key \"results\"");
        if (!results->is_array()) detail::fail_expected("$.results", "an array", *results);
        Run run;
        run.producer = "hyperfine";
        run.source = file;
        run.results.reserve(results->size());
        for (std::size_t i = 0; i < results->size(); ++i) {
            std::string path = "$.results[" + std::to_string(i) + "]";
            run.results.push_back(read_result((*results)[i], path));
            if (origins) origins->push_back(path);
        }
        return run;
    } catch (const ImportError& e) {
        return e.to_input_error(file);
    }
}

}  // namespace pace
