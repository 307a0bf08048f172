// SPDX-License-Identifier: Apache-2.0
#include "importers/asv.hpp"

#include <algorithm>   // std::sort
#include <cmath>       // std::isfinite
#include <ctime>       // gmtime_r: asv's dates are milliseconds since 1970
#include <filesystem>  // recursive_directory_iterator
#include <fstream>     // std::ifstream
#include <sstream>     // std::stringstream

#include "importers/json_text.hpp"  // parse_json_text: asv writes bare NaN and Infinity

namespace pace {
namespace {

std::string iso_from_ms(double ms) {
    const auto seconds = static_cast<std::time_t>(ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

std::optional<double> number_at(const Json& array, std::size_t i) {
    if (!array.is_array() || i >= array.size() || !array[i].is_number()) return std::nullopt;
    const double v = array[i].get<double>();
    return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

std::string text_of(const Json& value) {
    if (value.is_string()) return value.get<std::string>();
    return value.dump();
}

// One benchmark's values: its flattened results, parameter lists and stats.
struct Entry {
    Json results = Json::array();
    Json params = Json::array();
    Json ci_low = Json::array(), ci_high = Json::array(), q25 = Json::array(), q75 = Json::array();
    Json number = Json::array(), repeat = Json::array();
};

void add_results(Run& run, const std::string& name, const Entry& e, const Json& meta) {
    const Json type_value = meta.is_object() ? meta.value("type", Json()) : Json();
    const std::string type = type_value.is_string() ? type_value.get<std::string>() : std::string();
    const bool is_time = type == "time" || (type.empty() && name.find("time_") != std::string::npos);
    const bool is_peak = type == "peakmemory" || (type.empty() && name.find("peakmem_") != std::string::npos);
    std::vector<std::string> names;
    if (meta.is_object() && meta.contains("param_names") && meta["param_names"].is_array())
        for (const Json& n : meta["param_names"]) names.push_back(text_of(n));
    // The combinations in asv's order: the last parameter varies fastest.
    // asv stores one result per combination; a file whose parameters multiply
    // past its results is malformed, and its product could exhaust memory:
    // only the combinations that can have a result are made.
    const std::size_t limit = e.results.is_array() ? std::max<std::size_t>(e.results.size(), 1) : 1;
    std::vector<std::vector<std::string>> combos{{}};
    if (e.params.is_array()) {
        for (const Json& values : e.params) {
            if (!values.is_array()) continue;
            std::vector<std::vector<std::string>> next;
            for (const auto& combo : combos)
                for (const Json& v : values) {
                    if (next.size() == limit) break;
                    auto c = combo;
                    c.push_back(text_of(v));
                    next.push_back(std::move(c));
                }
            combos = std::move(next);
        }
    }
    for (std::size_t i = 0; i < combos.size(); ++i) {
        Result r;
        r.name = name;
        r.id = name;
        if (!combos[i].empty()) {
            r.id += "[";
            for (std::size_t k = 0; k < combos[i].size(); ++k) {
                const std::string key = k < names.size() ? names[k] : "param" + std::to_string(k + 1);
                r.id += (k ? "," : "") + key + "=" + combos[i][k];
                r.dims.push_back(Dim{key, combos[i][k]});
            }
            r.id += "]";
        }
        const auto value = number_at(e.results, i);
        if (!value) {
            r.status = Status::failed;
            r.message = "asv recorded no result (failed or skipped)";
        } else if (is_time) {
            TimeStats t;
            t.median = value;
            t.median_ci_low = number_at(e.ci_low, i);
            t.median_ci_high = number_at(e.ci_high, i);
            t.q1 = number_at(e.q25, i);
            t.q3 = number_at(e.q75, i);
            if (auto n = number_at(e.number, i)) t.iterations = static_cast<std::int64_t>(*n);
            if (auto n = number_at(e.repeat, i)) t.rounds = static_cast<std::int64_t>(*n);
            r.time = t;
        } else if (is_peak) {
            MemoryStats m;
            m.peak = static_cast<std::int64_t>(*value);
            r.memory = m;
        } else {
            r.counters["value"] = *value;
        }
        run.results.push_back(std::move(r));
    }
}

Json column(const Json& row, const std::vector<std::string>& columns, const std::string& name) {
    for (std::size_t i = 0; i < columns.size() && i < row.size(); ++i)
        if (columns[i] == name) return row[i];
    return Json();
}

}  // namespace

Outcome<Run> asv_from_json(const Json& doc, const Json& benchmarks, const std::string& file) {
    if (!doc.is_object() || !doc.contains("results") || !doc["results"].is_object() || !doc.contains("commit_hash") ||
        !doc["commit_hash"].is_string())
        return InputError{file, "$", "not an asv results file (expected commit_hash and results)",
                          "give results/<machine>/<commit>-<env>.json files and benchmarks.json"};
    Run run;
    run.producer = "asv";
    run.source = file;
    run.commit.id = doc["commit_hash"].get<std::string>();
    if (doc.contains("date") && doc["date"].is_number()) run.commit.time = iso_from_ms(doc["date"].get<double>());
    run.datetime = run.commit.time;
    if (const auto p = doc.find("params"); p != doc.end() && p->is_object()) {
        run.machine.node = text_of(p->value("machine", Json("")));
        run.machine.cpu_model = text_of(p->value("cpu", Json("")));
        run.machine.machine = text_of(p->value("arch", Json("")));
        const std::string os = text_of(p->value("os", Json("")));
        run.machine.system = os.substr(0, os.find(' '));
        run.machine.raw = *p;
    }
    std::vector<std::string> columns;
    const Json version_value = doc.value("version", Json(1));
    const double version = version_value.is_number() ? version_value.get<double>() : 1;
    if (version >= 2) {
        if (!doc.contains("result_columns") || !doc["result_columns"].is_array())
            return InputError{file, "$.result_columns", "expected an array in an asv version 2 file", ""};
        for (const Json& c : doc["result_columns"]) columns.push_back(text_of(c));
    }
    for (const auto& [name, value] : doc["results"].items()) {
        Entry e;
        if (version >= 2 && value.is_array()) {
            e.results = column(value, columns, "result");
            e.params = column(value, columns, "params");
            e.ci_low = column(value, columns, "stats_ci_99_a");
            e.ci_high = column(value, columns, "stats_ci_99_b");
            e.q25 = column(value, columns, "stats_q_25");
            e.q75 = column(value, columns, "stats_q_75");
            e.number = column(value, columns, "stats_number");
            e.repeat = column(value, columns, "stats_repeat");
        } else if (value.is_object()) {
            e.results = value.value("result", Json::array());
            e.params = value.value("params", Json::array());
            if (const auto s = value.find("stats"); s != value.end() && s->is_array()) {
                for (const Json& st : *s) {
                    const Json ci = st.is_object() ? st.value("ci_99", Json()) : Json();
                    e.ci_low.push_back(ci.is_array() && ci.size() == 2 ? ci[0] : Json());
                    e.ci_high.push_back(ci.is_array() && ci.size() == 2 ? ci[1] : Json());
                    e.q25.push_back(st.is_object() ? st.value("q_25", Json()) : Json());
                    e.q75.push_back(st.is_object() ? st.value("q_75", Json()) : Json());
                    e.number.push_back(st.is_object() ? st.value("number", Json()) : Json());
                    e.repeat.push_back(st.is_object() ? st.value("repeat", Json()) : Json());
                }
            }
        } else {
            e.results = Json::array({value});
        }
        if (!e.results.is_array()) e.results = Json::array({e.results});
        add_results(run, name, e, benchmarks.is_object() ? benchmarks.value(name, Json()) : Json());
    }
    return run;
}

std::vector<Run> load_asv(const std::vector<std::string>& paths, std::vector<InputError>& skipped) {
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    for (const std::string& path : paths) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            for (const auto& entry : fs::recursive_directory_iterator(path, ec))
                if (entry.path().extension() == ".json") files.push_back(entry.path().string());
        } else {
            files.push_back(path);
        }
    }
    std::sort(files.begin(), files.end());
    auto read = [&](const std::string& file) -> Outcome<Json> {
        std::ifstream in(file, std::ios::binary);
        if (!in) return InputError{file, "", "cannot read the file", ""};
        std::stringstream text;
        text << in.rdbuf();
        return parse_json_text(text.str(), file);
    };
    Json benchmarks;
    for (const std::string& file : files) {
        if (fs::path(file).filename() != "benchmarks.json" &&
            fs::path(file).filename().string().find("benchmarks.json") == std::string::npos)
            continue;
        if (auto doc = read(file)) benchmarks = std::move(*doc);
        else skipped.push_back(doc.error());
    }
    std::vector<Run> runs;
    for (const std::string& file : files) {
        const std::string base = fs::path(file).filename().string();
        if (base.find("benchmarks.json") != std::string::npos || base.find("machine.json") != std::string::npos) continue;
        auto doc = read(file);
        if (!doc) {
            skipped.push_back(doc.error());
            continue;
        }
        auto run = asv_from_json(*doc, benchmarks, file);
        if (run) runs.push_back(std::move(*run));
        else skipped.push_back(run.error());
    }
    return runs;
}

}  // namespace pace
