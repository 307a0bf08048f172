// SPDX-License-Identifier: Apache-2.0
#include "model/json_format.hpp"

#include <cmath>      // std::isfinite
#include <stdexcept>  // std::runtime_error

#include "pace/version.hpp"

namespace pace {

namespace {

Json dim_to_json(const DimValue& value) {
    return std::visit([](const auto& v) { return Json(v); }, value);
}

// JSON has no NaN or infinity; a missing figure is left out rather than written as null.
void put(Json& object, const char* key, const std::optional<double>& value) {
    if (value && std::isfinite(*value)) object[key] = *value;
}

Json stats_to_json(const TimeStats& t) {
    Json s = Json::object();
    put(s, "min", t.min);
    put(s, "max", t.max);
    put(s, "mean", t.mean);
    put(s, "stddev", t.stddev);
    s["rounds"] = t.rounds;
    put(s, "median", t.median);
    put(s, "iqr", t.iqr);
    put(s, "q1", t.q1);
    put(s, "q3", t.q3);
    if (t.iqr_outliers) s["iqr_outliers"] = *t.iqr_outliers;
    if (t.stddev_outliers) s["stddev_outliers"] = *t.stddev_outliers;
    if (t.iqr_outliers && t.stddev_outliers)
        s["outliers"] = std::to_string(*t.stddev_outliers) + ";" + std::to_string(*t.iqr_outliers);
    put(s, "ld15iqr", t.ld15iqr);
    put(s, "hd15iqr", t.hd15iqr);
    put(s, "ops", t.ops);
    put(s, "total", t.total);
    put(s, "p95", t.p95);
    put(s, "p99", t.p99);
    s["data"] = t.samples;
    if (!t.process_samples.empty()) s["process_samples"] = t.process_samples;
    s["iterations"] = t.iterations;
    return s;
}

Json result_to_json(const Result& r) {
    Json b = Json::object();
    b["group"] = r.group.empty() ? Json(nullptr) : Json(r.group);
    b["name"] = r.id;
    b["fullname"] = r.id;
    if (r.dims.empty()) {
        b["params"] = nullptr;
        b["param"] = nullptr;
    } else {
        Json params = Json::object();
        std::string param;
        for (const Dim& d : r.dims) {
            params[d.name] = dim_to_json(d.value);
            param += (param.empty() ? "" : "-") + to_string(d.value);
        }
        b["params"] = params;
        b["param"] = param;
    }
    Json extra = r.extra_info;
    if (r.memory) {
        // pytest-benchmem's place: one list entry per memory pass.
        extra["benchmem"] = {{"peak_bytes", {r.memory->peak}},
                             {"total_bytes", {r.memory->allocated}},
                             {"allocations", {r.memory->allocations}}};
    }
    b["extra_info"] = extra;
    b["options"] = r.options;
    if (r.time) b["stats"] = stats_to_json(*r.time);

    b["base_name"] = r.name;
    Json dims = Json::object();
    for (const Dim& d : r.dims) dims[d.name] = dim_to_json(d.value);
    b["dims"] = dims;
    b["tags"] = r.tags;
    b["status"] = std::string(to_string(r.status));
    if (!r.message.empty()) b["message"] = r.message;
    if (r.memory) {
        Json m = {{"peak", r.memory->peak},
                  {"allocated", r.memory->allocated},
                  {"allocations", r.memory->allocations},
                  {"leaked", r.memory->leaked}};
        if (r.memory->rss) m["rss"] = *r.memory->rss;
        b["memory"] = m;
    }
    Json counters = Json::object();
    for (const auto& [k, v] : r.counters)
        if (std::isfinite(v)) counters[k] = v;
    b["counters"] = counters;
    if (r.items_per_call || r.bytes_per_call) {
        Json t = Json::object();
        put(t, "items_per_call", r.items_per_call);
        put(t, "bytes_per_call", r.bytes_per_call);
        b["throughput"] = t;
    }
    if (r.time && r.time->median_ci_low && r.time->median_ci_high) {
        Json ci = {{"low", *r.time->median_ci_low}, {"high", *r.time->median_ci_high}};
        put(ci, "precision", r.precision);
        b["median_ci"] = ci;
    }
    Json targets = Json::array();
    for (const TargetOutcome& t : r.targets) {
        Json entry = {{"target", t.description}, {"passed", t.passed}, {"detail", t.detail}};
        if (!t.checked) entry["checked"] = false;
        targets.push_back(std::move(entry));
    }
    b["targets"] = targets;
    return b;
}

Json machine_to_json(const MachineInfo& m) {
    Json j = m.raw.is_object() ? m.raw : Json::object();
    j["node"] = m.node;
    j["system"] = m.system;
    j["release"] = m.release;
    j["machine"] = m.machine;
    j["processor"] = m.machine;
    j["cpu"] = {{"brand_raw", m.cpu_model}, {"count", m.cores}};
    j["compiler"] = m.compiler;
    j["build_type"] = m.build_type;
    // pytest-benchmark's compare reads these; a C++ run has no Python.
    if (!j.contains("python_implementation")) j["python_implementation"] = "C++";
    if (!j.contains("python_version")) j["python_version"] = m.compiler;
    j["machine_id"] = m.id();
    return j;
}

Json commit_to_json(const CommitInfo& c) {
    Json j = c.raw.is_object() ? c.raw : Json::object();
    if (!c.id.empty()) j["id"] = c.id;
    if (!c.branch.empty()) j["branch"] = c.branch;
    if (!c.time.empty()) j["time"] = c.time;
    if (c.dirty) j["dirty"] = *c.dirty;
    return j;
}

// ---- reading ---------------------------------------------------------------

struct ReadError : std::runtime_error {
    std::string where;
    std::string hint;
    ReadError(std::string path, const std::string& what, std::string hint_text = "")
        : std::runtime_error(what), where(std::move(path)), hint(std::move(hint_text)) {}
};

// A whole count from a JSON number. The cast of a double outside int64's
// range is undefined, so such a value is an input error instead.
std::int64_t to_int64(double value, const std::string& path) {
    if (!(value >= -9223372036854775808.0 && value < 9223372036854775808.0))
        throw ReadError(path, "expected a count that fits in 64 bits, found " + Json(value).dump());
    return static_cast<std::int64_t>(value);
}

[[noreturn]] void fail(const std::string& path, const std::string& expected, const Json& found) {
    throw ReadError(path, "expected " + expected + ", found " + detail::describe_value(found));
}

const Json* member(const Json& object, const char* key) {
    auto it = object.find(key);
    return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::optional<double> read_number(const Json& object, const std::string& path, const char* key,
                                  bool non_negative) {
    const Json* v = member(object, key);
    if (!v) return std::nullopt;
    if (!v->is_number()) fail(path + "." + key, "a number", *v);
    double d = v->get<double>();
    if (!std::isfinite(d)) throw ReadError(path + "." + key, "expected a finite number");
    if (non_negative && d < 0) throw ReadError(path + "." + key, "expected a number >= 0, found " + v->dump());
    return d;
}

std::string read_string(const Json& object, const std::string& path, const char* key, bool required) {
    const Json* v = member(object, key);
    if (!v) {
        if (required) throw ReadError(path, std::string("missing required key \"") + key + "\"");
        return {};
    }
    if (!v->is_string()) fail(path + "." + key, "a string", *v);
    return v->get<std::string>();
}

}  // namespace

DimValue detail::dim_from_json(const Json& v) {
    if (v.is_boolean()) return DimValue(v.get<bool>());
    if (v.is_number_integer()) return DimValue(v.get<std::int64_t>());
    if (v.is_number()) return DimValue(v.get<double>());
    if (v.is_string()) return DimValue(v.get<std::string>());
    if (v.is_null()) return DimValue(std::string("None"));
    return DimValue(v.dump());  // pytest-benchmark params may hold lists; keep their text
}

namespace {

TimeStats stats_from_json(const Json& s, const std::string& path) {
    if (!s.is_object()) fail(path, "an object", s);
    TimeStats t;
    for (const char* key : {"min", "max", "mean", "median", "q1", "q3", "ld15iqr", "hd15iqr", "p95", "p99"}) {
        std::optional<double> v = read_number(s, path, key, true);
        std::string k = key;
        if (k == "min") t.min = v;
        else if (k == "max") t.max = v;
        else if (k == "mean") t.mean = v;
        else if (k == "median") t.median = v;
        else if (k == "q1") t.q1 = v;
        else if (k == "q3") t.q3 = v;
        else if (k == "ld15iqr") t.ld15iqr = v;
        else if (k == "hd15iqr") t.hd15iqr = v;
        else if (k == "p95") t.p95 = v;
        else t.p99 = v;
    }
    t.stddev = read_number(s, path, "stddev", true);
    t.iqr = read_number(s, path, "iqr", true);
    t.ops = read_number(s, path, "ops", true);
    t.total = read_number(s, path, "total", true);
    if (!t.mean) throw ReadError(path, "missing required key \"mean\"");
    if (auto v = read_number(s, path, "rounds", true)) t.rounds = to_int64(*v, path + ".rounds");
    if (auto v = read_number(s, path, "iterations", true)) t.iterations = to_int64(*v, path + ".iterations");
    if (auto v = read_number(s, path, "iqr_outliers", true)) t.iqr_outliers = to_int64(*v, path + ".iqr_outliers");
    if (auto v = read_number(s, path, "stddev_outliers", true)) t.stddev_outliers = to_int64(*v, path + ".stddev_outliers");
    if (const Json* data = member(s, "data")) {
        if (!data->is_array()) fail(path + ".data", "an array", *data);
        t.samples.reserve(data->size());
        for (std::size_t i = 0; i < data->size(); ++i) {
            const Json& x = (*data)[i];
            std::string p = path + ".data[" + std::to_string(i) + "]";
            if (!x.is_number()) fail(p, "a number", x);
            double d = x.get<double>();
            if (!std::isfinite(d) || d < 0) throw ReadError(p, "expected a finite time >= 0, found " + x.dump());
            t.samples.push_back(d);
        }
    }
    if (const Json* groups = member(s, "process_samples")) {
        const std::string p = path + ".process_samples";
        if (!groups->is_array()) fail(p, "an array", *groups);
        std::int64_t total = 0;
        for (std::size_t i = 0; i < groups->size(); ++i) {
            const Json& x = (*groups)[i];
            if (!x.is_number_integer() || x.get<std::int64_t>() < 1)
                fail(p + "[" + std::to_string(i) + "]", "a sample count >= 1", x);
            t.process_samples.push_back(x.get<std::int64_t>());
            total += t.process_samples.back();
        }
        if (total != static_cast<std::int64_t>(t.samples.size()))
            throw ReadError(p, "the processes' sample counts add up to " + std::to_string(total) + ", but \"data\" holds " +
                                   std::to_string(t.samples.size()) + " samples");
    }
    if (!t.ops && t.mean && *t.mean > 0) t.ops = 1.0 / *t.mean;
    return t;
}

// pytest-benchmem keeps memory as lists (one entry per pass) or, in old
// versions, scalars; pace takes the median pass so one noisy pass does not decide.
std::optional<std::int64_t> benchmem_figure(const Json& benchmem, const char* key, const std::string& path) {
    const Json* v = member(benchmem, key);
    if (!v) return std::nullopt;
    if (v->is_number()) return to_int64(v->get<double>(), path + "." + key);
    if (!v->is_array()) fail(path + "." + key, "a number or a list of numbers", *v);
    std::vector<double> values;
    for (std::size_t i = 0; i < v->size(); ++i) {
        const Json& x = (*v)[i];
        if (x.is_null()) continue;
        if (!x.is_number()) fail(path + "." + key + "[" + std::to_string(i) + "]", "a number", x);
        values.push_back(x.get<double>());
    }
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    return to_int64(values[(values.size() - 1) / 2], path + "." + key);
}

// `unmeasured`: an entry of pace.unmeasured, where an ok result may have no
// figures at all (--test's).
Result result_from_json(const Json& b, const std::string& path, bool unmeasured = false) {
    if (!b.is_object()) fail(path, "an object", b);
    Result r;
    r.id = read_string(b, path, "fullname", false);
    std::string name = read_string(b, path, "name", true);
    if (r.id.empty()) r.id = name;
    r.name = read_string(b, path, "base_name", false);
    if (r.name.empty()) r.name = name.substr(0, name.find('['));
    r.group = read_string(b, path, "group", false);

    if (const Json* dims = member(b, "dims"); dims && dims->is_object()) {
        for (const auto& [k, v] : dims->items()) r.dims.push_back({k, detail::dim_from_json(v)});
    } else if (const Json* params = member(b, "params"); params && params->is_object()) {
        for (const auto& [k, v] : params->items()) r.dims.push_back({k, detail::dim_from_json(v)});
    }
    if (const Json* tags = member(b, "tags")) {
        if (!tags->is_array()) fail(path + ".tags", "an array of strings", *tags);
        for (const Json& t : *tags) {
            if (!t.is_string()) fail(path + ".tags[]", "a string", t);
            r.tags.push_back(t.get<std::string>());
        }
    }
    std::string status = read_string(b, path, "status", false);
    if (status == "failed") r.status = Status::failed;
    else if (status == "skipped") r.status = Status::skipped;
    else if (!status.empty() && status != "ok")
        throw ReadError(path + ".status", "expected \"ok\", \"failed\" or \"skipped\", found \"" + status + "\"");
    r.message = read_string(b, path, "message", false);

    if (const Json* extra = member(b, "extra_info")) {
        if (!extra->is_object()) fail(path + ".extra_info", "an object", *extra);
        r.extra_info = *extra;
        if (const Json* benchmem = member(*extra, "benchmem")) {
            std::string p = path + ".extra_info.benchmem";
            if (!benchmem->is_object()) fail(p, "an object", *benchmem);
            auto peak = benchmem_figure(*benchmem, "peak_bytes", p);
            auto total = benchmem_figure(*benchmem, "total_bytes", p);
            auto count = benchmem_figure(*benchmem, "allocations", p);
            if (peak || total || count) {
                MemoryStats m;
                m.peak = peak.value_or(0);
                m.allocated = total.value_or(0);
                m.allocations = count.value_or(0);
                m.rss = benchmem_figure(*benchmem, "rss_bytes", p);
                r.memory = m;
            }
        }
        r.extra_info.erase("benchmem");
    }
    if (const Json* options = member(b, "options"); options && options->is_object()) r.options = *options;

    if (const Json* stats = member(b, "stats")) r.time = stats_from_json(*stats, path + ".stats");

    if (const Json* memory = member(b, "memory")) {
        std::string p = path + ".memory";
        if (!memory->is_object()) fail(p, "an object", *memory);
        MemoryStats m;
        m.peak = to_int64(read_number(*memory, p, "peak", true).value_or(0), p + ".peak");
        m.allocated = to_int64(read_number(*memory, p, "allocated", true).value_or(0), p + ".allocated");
        m.allocations = to_int64(read_number(*memory, p, "allocations", true).value_or(0), p + ".allocations");
        m.leaked = to_int64(read_number(*memory, p, "leaked", true).value_or(0), p + ".leaked");
        if (auto rss = read_number(*memory, p, "rss", true)) m.rss = to_int64(*rss, p + ".rss");
        r.memory = m;
    }
    if (const Json* counters = member(b, "counters")) {
        if (!counters->is_object()) fail(path + ".counters", "an object", *counters);
        for (const auto& [k, v] : counters->items()) {
            if (!v.is_number()) fail(path + ".counters." + k, "a number", v);
            r.counters[k] = v.get<double>();
        }
    }
    // A result in benchmarks that ran needs figures: time stats, or counts
    // (instruction mode has no times).
    if (!r.time && r.status == Status::ok && r.counters.empty() && !unmeasured)
        throw ReadError(path, "missing required key \"stats\"");
    if (const Json* t = member(b, "throughput")) {
        if (!t->is_object()) fail(path + ".throughput", "an object", *t);
        r.items_per_call = read_number(*t, path + ".throughput", "items_per_call", true);
        r.bytes_per_call = read_number(*t, path + ".throughput", "bytes_per_call", true);
    }
    if (const Json* ci = member(b, "median_ci"); ci && r.time) {
        if (!ci->is_object()) fail(path + ".median_ci", "an object", *ci);
        r.time->median_ci_low = read_number(*ci, path + ".median_ci", "low", true);
        r.time->median_ci_high = read_number(*ci, path + ".median_ci", "high", true);
        r.precision = read_number(*ci, path + ".median_ci", "precision", true);
    }
    if (const Json* targets = member(b, "targets")) {
        if (!targets->is_array()) fail(path + ".targets", "an array", *targets);
        for (std::size_t i = 0; i < targets->size(); ++i) {
            const Json& t = (*targets)[i];
            std::string p = path + ".targets[" + std::to_string(i) + "]";
            if (!t.is_object()) fail(p, "an object", t);
            const Json* passed = member(t, "passed");
            if (!passed || !passed->is_boolean()) throw ReadError(p + ".passed", "expected true or false");
            TargetOutcome outcome{read_string(t, p, "target", true), passed->get<bool>(), read_string(t, p, "detail", false)};
            if (const Json* checked = member(t, "checked")) {
                if (!checked->is_boolean()) fail(p + ".checked", "true or false", *checked);
                outcome.checked = checked->get<bool>();
            }
            r.targets.push_back(std::move(outcome));
        }
    }
    return r;
}

std::vector<ComplexityFit> read_complexity(const Json& fits) {
    const std::string path = "$.pace.complexity";
    if (!fits.is_array()) fail(path, "an array", fits);
    std::vector<ComplexityFit> out;
    for (std::size_t i = 0; i < fits.size(); ++i) {
        const Json& j = fits[i];
        const std::string p = path + "[" + std::to_string(i) + "]";
        if (!j.is_object()) fail(p, "an object", j);
        ComplexityFit f;
        f.id = read_string(j, p, "id", true);
        f.dim = read_string(j, p, "dim", true);
        f.metric = read_string(j, p, "metric", false);
        f.model = read_string(j, p, "model", true);
        f.coefficient = read_number(j, p, "coefficient", false).value_or(0);
        f.intercept = read_number(j, p, "intercept", false).value_or(0);
        f.r_squared = read_number(j, p, "r2", false).value_or(0);
        f.runner_up = read_string(j, p, "runner_up", false);
        f.runner_up_ratio = read_number(j, p, "runner_up_ratio", true).value_or(0);
        if (auto n = read_number(j, p, "points", true)) f.points = to_int64(*n, p + ".points");
        out.push_back(std::move(f));
    }
    return out;
}

std::vector<ScalingFit> read_scaling(const Json& fits) {
    const std::string path = "$.pace.scaling";
    if (!fits.is_array()) fail(path, "an array", fits);
    std::vector<ScalingFit> out;
    for (std::size_t i = 0; i < fits.size(); ++i) {
        const Json& j = fits[i];
        const std::string p = path + "[" + std::to_string(i) + "]";
        if (!j.is_object()) fail(p, "an object", j);
        ScalingFit f;
        f.id = read_string(j, p, "id", true);
        f.dim = read_string(j, p, "dim", true);
        if (auto c = read_number(j, p, "cores", true)) f.cores = static_cast<int>(to_int64(*c, p + ".cores"));
        f.serial_fraction = read_number(j, p, "serial_fraction", false).value_or(0);
        f.amdahl_r_squared = read_number(j, p, "amdahl_r2", false).value_or(0);
        f.contention = read_number(j, p, "contention", false);
        f.coherency = read_number(j, p, "coherency", false);
        f.usl_r_squared = read_number(j, p, "usl_r2", false);
        f.model = read_string(j, p, "model", false);
        if (f.model != "amdahl" && f.model != "usl") fail(p + ".model", "\"amdahl\" or \"usl\"", j.value("model", Json()));
        f.accuracy = read_number(j, p, "accuracy", false);
        f.accuracy_workers = read_number(j, p, "accuracy_workers", true);
        const Json* points = member(j, "points");
        if (!points || !points->is_array()) fail(p + ".points", "an array", points ? *points : Json());
        for (std::size_t k = 0; k < points->size(); ++k) {
            const Json& q = (*points)[k];
            const std::string pp = p + ".points[" + std::to_string(k) + "]";
            if (!q.is_object()) fail(pp, "an object", q);
            ScalingFit::Point point;
            point.workers = read_number(q, pp, "workers", true).value_or(1);
            point.median = read_number(q, pp, "median", true);
            point.speedup = read_number(q, pp, "speedup", true);
            point.predicted = read_number(q, pp, "predicted", true).value_or(0);
            f.points.push_back(point);
        }
        out.push_back(std::move(f));
    }
    return out;
}

std::string text_of(const Json& j) {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_null()) return {};
    return j.dump();
}

}  // namespace

std::string detail::describe_value(const Json& value) {
    switch (value.type()) {
        case Json::value_t::null: return "null";
        case Json::value_t::boolean: return value.get<bool>() ? "true" : "false";
        case Json::value_t::string: {
            std::string s = value.get<std::string>();
            if (s.size() > 40) s = s.substr(0, 37) + "...";
            return "\"" + s + "\"";
        }
        case Json::value_t::array: return "an array";
        case Json::value_t::object: return "an object";
        default: return "a number";
    }
}

MachineInfo detail::machine_from_json(const Json& j) {
    MachineInfo m;
    if (!j.is_object()) return m;
    m.raw = j;
    m.node = text_of(j.value("node", Json()));
    m.system = text_of(j.value("system", Json()));
    m.release = text_of(j.value("release", Json()));
    m.machine = text_of(j.value("machine", Json()));
    m.compiler = text_of(j.value("compiler", j.value("python_compiler", Json())));
    m.build_type = text_of(j.value("build_type", Json()));
    if (auto cpu = j.find("cpu"); cpu != j.end() && cpu->is_object()) {
        m.cpu_model = text_of(cpu->value("brand_raw", cpu->value("brand", Json())));
        if (auto count = cpu->find("count"); count != cpu->end() && count->is_number_integer())
            m.cores = count->get<int>();
    }
    return m;
}

Outcome<std::vector<ComplexityFit>> detail::complexity_from_json(const Json& fits) {
    try {
        return read_complexity(fits);
    } catch (const ReadError& e) {
        return InputError{"", e.where, e.what(), e.hint};
    }
}

Outcome<std::vector<ScalingFit>> detail::scaling_from_json(const Json& fits) {
    try {
        return read_scaling(fits);
    } catch (const ReadError& e) {
        return InputError{"", e.where, e.what(), ""};
    }
}

CommitInfo detail::commit_from_json(const Json& j) {
    CommitInfo c;
    if (!j.is_object()) return c;
    c.raw = j;
    c.id = text_of(j.value("id", Json()));
    c.branch = text_of(j.value("branch", Json()));
    c.time = text_of(j.value("time", Json()));
    if (auto d = j.find("dirty"); d != j.end() && d->is_boolean()) c.dirty = d->get<bool>();
    return c;
}

Json to_json(const Run& run) {
    Json doc = Json::object();
    doc["machine_info"] = machine_to_json(run.machine);
    doc["commit_info"] = commit_to_json(run.commit);
    // pytest-benchmark's tools skip a whole file when one benchmark has no
    // stats, so every result without time figures goes to pace.unmeasured:
    // failed and skipped ones, and all of --test's and instruction mode's
    // (counts are not times). pace's readers read both lists.
    Json benchmarks = Json::array(), unmeasured = Json::array();
    for (const Result& r : run.results) (r.time ? benchmarks : unmeasured).push_back(result_to_json(r));
    doc["benchmarks"] = std::move(benchmarks);
    doc["datetime"] = run.datetime;
    // pytest-benchmark's tools read "version" as the writer's version.
    doc["version"] = run.producer == "pace" ? std::string(PACE_VERSION) : run.producer_version;
    doc["pace"] = {{"format_version", format_version},
                   {"version", PACE_VERSION},
                   {"producer", run.producer},
                   {"producer_version", run.producer_version},
                   {"mode", run.mode},
                   {"unmeasured", std::move(unmeasured)}};
    if (!run.options.empty()) doc["pace"]["options"] = run.options;
    if (!run.complexity.empty()) {
        Json fits = Json::array();
        for (const ComplexityFit& f : run.complexity) {
            Json j = {{"id", f.id}, {"dim", f.dim}, {"metric", f.metric}, {"model", f.model}};
            put(j, "coefficient", f.coefficient);
            put(j, "intercept", f.intercept);
            put(j, "r2", f.r_squared);
            if (!f.runner_up.empty()) {
                j["runner_up"] = f.runner_up;
                put(j, "runner_up_ratio", f.runner_up_ratio);
            }
            j["points"] = f.points;
            fits.push_back(std::move(j));
        }
        doc["pace"]["complexity"] = std::move(fits);
    }
    if (!run.scaling.empty()) {
        Json fits = Json::array();
        for (const ScalingFit& f : run.scaling) {
            Json j = {{"id", f.id}, {"dim", f.dim}, {"cores", f.cores}, {"model", f.model}};
            put(j, "serial_fraction", f.serial_fraction);
            put(j, "amdahl_r2", f.amdahl_r_squared);
            put(j, "contention", f.contention);
            put(j, "coherency", f.coherency);
            put(j, "usl_r2", f.usl_r_squared);
            put(j, "accuracy", f.accuracy);
            put(j, "accuracy_workers", f.accuracy_workers);
            Json points = Json::array();
            for (const ScalingFit::Point& q : f.points) {
                Json point = {{"workers", q.workers}};
                put(point, "median", q.median);
                put(point, "speedup", q.speedup);
                put(point, "predicted", q.predicted);
                points.push_back(std::move(point));
            }
            j["points"] = std::move(points);
            fits.push_back(std::move(j));
        }
        doc["pace"]["scaling"] = std::move(fits);
    }
    return doc;
}

std::string to_json_text(const Run& run) {
    return to_json(run).dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Outcome<Run> run_from_json(const Json& document, const std::string& file) {
    try {
        if (!document.is_object()) fail("$", "an object with a \"benchmarks\" list", document);
        Run run;
        run.source = file;
        run.producer = "pytest-benchmark";
        run.producer_version = read_string(document, "$", "version", false);
        if (const Json* pace = member(document, "pace")) {
            if (!pace->is_object()) fail("$.pace", "an object", *pace);
            auto v = read_number(*pace, "$.pace", "format_version", true);
            if (!v) throw ReadError("$.pace", "missing required key \"format_version\"");
            if (*v > format_version)
                throw ReadError("$.pace.format_version",
                                "format version " +
                                    // 2, not 2.0: the version as it is written
                                    (*v == std::floor(*v) && std::abs(*v) < 1e15
                                         ? std::to_string(static_cast<long long>(*v))
                                         : Json(*v).dump()) +
                                    " is newer than this pace reads (" + std::to_string(format_version) + ")",
                                "the file was written by a newer pace; upgrade pace to read it");
            run.producer = read_string(*pace, "$.pace", "producer", false);
            if (run.producer.empty()) run.producer = "pace";
            run.producer_version = read_string(*pace, "$.pace", run.producer == "pace" ? "version" : "producer_version", false);
            run.mode = read_string(*pace, "$.pace", "mode", false);
            if (run.mode.empty()) run.mode = "time";
        }
        run.datetime = read_string(document, "$", "datetime", false);
        if (const Json* m = member(document, "machine_info")) run.machine = detail::machine_from_json(*m);
        if (const Json* c = member(document, "commit_info")) run.commit = detail::commit_from_json(*c);
        const Json* benchmarks = member(document, "benchmarks");
        if (!benchmarks) throw ReadError("$", "missing required key \"benchmarks\"");
        if (!benchmarks->is_array()) fail("$.benchmarks", "an array", *benchmarks);
        run.results.reserve(benchmarks->size());
        for (std::size_t i = 0; i < benchmarks->size(); ++i)
            run.results.push_back(result_from_json((*benchmarks)[i], "$.benchmarks[" + std::to_string(i) + "]"));
        if (const Json* pace = member(document, "pace")) {
            if (const Json* fits = member(*pace, "complexity")) run.complexity = read_complexity(*fits);
            if (const Json* fits = member(*pace, "scaling")) run.scaling = read_scaling(*fits);
            if (const Json* options = member(*pace, "options")) {
                if (!options->is_object()) fail("$.pace.options", "an object", *options);
                run.options = *options;
            }
            if (const Json* unmeasured = member(*pace, "unmeasured")) {
                if (!unmeasured->is_array()) fail("$.pace.unmeasured", "an array", *unmeasured);
                for (std::size_t i = 0; i < unmeasured->size(); ++i)
                    run.results.push_back(
                        result_from_json((*unmeasured)[i], "$.pace.unmeasured[" + std::to_string(i) + "]", true));
            }
        }
        return run;
    } catch (const ReadError& e) {
        return InputError{file, e.where, e.what(), e.hint};
    }
}

}  // namespace pace
