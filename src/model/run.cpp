// SPDX-License-Identifier: Apache-2.0
#include "model/run.hpp"

#include "model/metrics.hpp"  // metrics declared by entry

#include <algorithm>  // std::find_if, std::min
#include <cmath>      // std::isfinite
#include <sstream>    // std::ostringstream

#include "model/units.hpp"  // units::is_time_counter

namespace pace {

std::string to_string(const DimValue& value) {
    struct Visitor {
        std::string operator()(std::int64_t v) const { return std::to_string(v); }
        std::string operator()(double v) const {
            std::ostringstream out;
            out.precision(15);
            out << v;
            return out.str();
        }
        std::string operator()(const std::string& v) const { return v; }
        std::string operator()(bool v) const { return v ? "true" : "false"; }
    };
    return std::visit(Visitor{}, value);
}

bool is_numeric(const DimValue& value) {
    return std::holds_alternative<std::int64_t>(value) || std::holds_alternative<double>(value);
}

namespace {

// Dim values in their own order: numbers by value (n=1000 before n=10000, which
// text order reverses), anything else as text, numbers before text.
bool dims_before(const std::vector<Dim>& a, const std::vector<Dim>& b) {
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        if (a[i].name != b[i].name) return a[i].name < b[i].name;
        const bool na = is_numeric(a[i].value), nb = is_numeric(b[i].value);
        if (na != nb) return na;
        if (na) {
            auto number = [](const DimValue& v) {
                if (auto* whole = std::get_if<std::int64_t>(&v)) return static_cast<double>(*whole);
                return std::get<double>(v);
            };
            const double x = number(a[i].value), y = number(b[i].value);
            if (x != y) return x < y;
        } else if (std::string x = to_string(a[i].value), y = to_string(b[i].value); x != y) {
            return x < y;
        }
    }
    return a.size() < b.size();
}

// The id up to where its dims begin: the name for pace's and Google
// Benchmark's ids, which start with it (`sort/std[n=1000]`, `BM_sort/4096`),
// and the path before the bracketed params for pytest-benchmark's, whose name
// is only their last part (`bench.py::TestX::test_sort[n=1000]`), so a file's
// and a class's benchmarks stay together.
std::string_view stem(const Result& r) {
    const std::string_view id = r.id;
    if (id.substr(0, r.name.size()) == r.name) return r.name;
    return id.substr(0, id.find('['));
}

}  // namespace

bool id_order(const Result& a, const Result& b) {
    if (const std::string_view x = stem(a), y = stem(b); x != y) return x < y;
    // Dims that differ only in type (1 and 1.0) are neither before the other:
    // the id decides, so the order stays strict and weak.
    if (dims_before(a.dims, b.dims)) return true;
    if (dims_before(b.dims, a.dims)) return false;
    return a.id < b.id;
}

std::string_view to_string(Status status) {
    switch (status) {
        case Status::ok: return "ok";
        case Status::failed: return "failed";
        case Status::skipped: return "skipped";
    }
    return "ok";
}

std::string MachineInfo::id() const {
    // Only what changes the meaning of a time: the OS, the architecture, the CPU.
    // The host name is left out so identical CI runners share a baseline.
    std::string out = (system.empty() ? "unknown" : system) + "-" + (machine.empty() ? "unknown" : machine);
    if (!cpu_model.empty()) out += "-" + cpu_model;
    std::string safe;
    for (char c : out) {
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
        if (keep) safe += c;
        else if (!safe.empty() && safe.back() != '_') safe += '_';
    }
    while (!safe.empty() && safe.back() == '_') safe.pop_back();
    return safe;
}

const Result* Run::find(std::string_view id) const {
    auto it = std::find_if(results.begin(), results.end(), [&](const Result& r) { return r.id == id; });
    return it == results.end() ? nullptr : &*it;
}

std::optional<double> metric(const Result& result, std::string_view name) {
    const MetricInfo* info = find_metric_info(name);
    if (info && info->read) {
        if (std::optional<double> v = info->read(result)) return v;
    }
    // A metric carried as a counter, a user counter, or a counter standing in
    // for a figure this result does not have.
    auto it = result.counters.find(std::string(name));
    if (it != result.counters.end()) return it->second;
    return std::nullopt;
}

MetricKind metric_kind(std::string_view name) {
    if (const MetricInfo* info = find_metric_info(name)) return info->kind;
    if (units::is_time_counter(name)) return MetricKind::time;
    // Google Benchmark writes a rate counter (kIsRate) as a plain number: its
    // name is all that is left to say that more is better, and users name
    // them "swaps/s" or "frames_per_second" as GB's own counters are.
    if (name.ends_with("_per_second") || name.ends_with("/s")) return MetricKind::rate;
    return MetricKind::count;
}

bool higher_is_worse(std::string_view name) {
    const MetricInfo* info = find_metric_info(name);
    if (info && info->fixed) return info->higher_is_worse;
    // pace.toml's [counters] names only user counters (the reader refuses
    // pace's own metrics), so its word is final here.
    if (std::optional<bool> higher_is_better = counter_direction(name)) return !*higher_is_better;
    if (info) return info->higher_is_worse;
    return metric_kind(name) != MetricKind::rate;
}

std::string make_id(const std::string& name, const std::vector<Dim>& dims) {
    if (dims.empty()) return name;
    std::string id = name + "[";
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (i) id += ",";
        id += dims[i].name + "=" + to_string(dims[i].value);
    }
    return id + "]";
}

}  // namespace pace
