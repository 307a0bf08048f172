// SPDX-License-Identifier: Apache-2.0
#include "model/json_format.hpp"

#include <cmath>        // std::isfinite
#include <cstdint>      // std::int64_t, std::uint64_t
#include <stdexcept>    // std::runtime_error
#include <string_view>  // a schema field's key
#include <type_traits>  // std::is_same_v: how each member type is read and written
#include <vector>       // std::vector

#include "model/pace_schema.hpp"
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

// ---- writing by the schema (model/pace_schema.hpp) ----------------------------

template <class Fields, class T>
void write_fields(Json& object, const T& value, const Fields& fields);

// The Custom keys of the schema, each worked out from several members.
void write_custom(Json& s, const TimeStats& t, std::string_view key) {
    if (key == "outliers" && t.iqr_outliers && t.stddev_outliers)
        s["outliers"] = std::to_string(*t.stddev_outliers) + ";" + std::to_string(*t.iqr_outliers);
}

void write_custom(Json& b, const Result& r, std::string_view key) {
    if (key == "group") {
        b["group"] = r.group.empty() ? Json(nullptr) : Json(r.group);
    } else if (key == "name" || key == "fullname") {
        b[std::string(key)] = r.id;
    } else if (key == "params") {
        Json params = Json::object();
        for (const Dim& d : r.dims) params[d.name] = dim_to_json(d.value);
        b["params"] = r.dims.empty() ? Json(nullptr) : params;
    } else if (key == "param") {
        std::string param;
        for (const Dim& d : r.dims) param += (param.empty() ? "" : "-") + to_string(d.value);
        b["param"] = r.dims.empty() ? Json(nullptr) : Json(param);
    } else if (key == "extra_info") {
        Json extra = *r.extra_info;
        if (r.memory) {
            // pytest-benchmem's place: one list entry per memory pass.
            extra["benchmem"] = {{"peak_bytes", {r.memory->peak}},
                                 {"total_bytes", {r.memory->allocated}},
                                 {"allocations", {r.memory->allocations}}};
        }
        b["extra_info"] = extra;
    } else if (key == "options") {
        b["options"] = *r.options;
    } else if (key == "base_name") {
        b["base_name"] = r.name;
    } else if (key == "dims") {
        Json dims = Json::object();
        for (const Dim& d : r.dims) dims[d.name] = dim_to_json(d.value);
        b["dims"] = dims;
    } else if (key == "status") {
        b["status"] = std::string(to_string(r.status));
    } else if (key == "counters") {
        Json counters = Json::object();
        for (const auto& [k, v] : r.counters)
            if (std::isfinite(v)) counters[k] = v;
        b["counters"] = counters;
    } else if (key == "throughput") {
        if (r.items_per_call || r.bytes_per_call) {
            Json t = Json::object();
            write_fields(t, r, schema::throughput);
            b["throughput"] = t;
        }
    } else if (key == "median_ci") {
        if (r.time && r.time->median_ci_low && r.time->median_ci_high) {
            Json ci = {{"low", *r.time->median_ci_low}, {"high", *r.time->median_ci_high}};
            put(ci, "precision", r.precision);
            b["median_ci"] = ci;
        }
    }
}

template <class T>
Json records_to_json(const std::vector<T>& records) {
    Json list = Json::array();
    for (const T& record : records) {
        Json object = Json::object();
        write_fields(object, record, schema::Record<T>::fields);
        list.push_back(std::move(object));
    }
    return list;
}

template <class V>
void write_value(Json& object, const std::string& key, const V& value, unsigned flags) {
    if constexpr (schema::is_optional_record<V>) {
        if (!value) return;
        Json nested = Json::object();
        write_fields(nested, *value, schema::Record<typename V::value_type>::fields);
        object[key] = std::move(nested);
    } else if constexpr ((std::is_same_v<V, std::optional<double>> || std::is_same_v<V, OptionalDouble>)) {
        put(object, key.c_str(), value);
    } else if constexpr (std::is_same_v<V, double>) {
        if ((flags & schema::always) || std::isfinite(value)) object[key] = value;
    } else if constexpr (std::is_same_v<V, std::optional<std::int64_t>>) {
        if (value) object[key] = *value;
    } else if constexpr (schema::is_record_list<V>) {
        object[key] = records_to_json(value);
    } else {
        object[key] = value;
    }
}

template <class Fields, class T>
void write_fields(Json& object, const T& value, const Fields& fields) {
    schema::for_each(fields, [&](const auto& field) {
        using F = std::decay_t<decltype(field)>;
        if constexpr (schema::is_read<F>) {
            if (field.written && !field.written(value)) return;
            write_value(object, std::string(field.key), value.*F::member, field.flags);
        } else {
            write_custom(object, value, field.key);
        }
    });
}

Json result_to_json(const Result& r) {
    Json b = Json::object();
    write_fields(b, r, schema::result);
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

// Where a value of an object is: the path is worked out only for a message.
struct Where {
    const std::string& path;  ///< the object's
    std::string_view key;
    std::string text() const { return path + "." + std::string(key); }
};


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

// ---- reading by the schema (model/pace_schema.hpp) ----------------------------

double number_at(const Json& v, const Where& where, unsigned flags) {
    if (!v.is_number()) fail(where.text(), "a number", v);
    double d = v.get<double>();
    if (!std::isfinite(d)) throw ReadError(where.text(), "expected a finite number");
    if (!(flags & schema::signed_) && d < 0)
        throw ReadError(where.text(), "expected a number >= 0, found " + v.dump());
    return d;
}

std::int64_t count_at(const Json& v, const Where& where, unsigned flags) {
    double d = number_at(v, where, flags);
    // the path only when the count does not fit
    return d >= 0 && d < 9223372036854775808.0 ? static_cast<std::int64_t>(d) : to_int64(d, where.text());
}

template <class Fields, class T>
void read_fields(const Json& object, const std::string& path, T& out, const Fields& fields);

// What depends on more than one key of a record, checked once it is read.
template <class T>
void finish(T&, const Json&, const std::string&) {}

void finish(TimeStats& t, const Json& s, const std::string& path) {
    if (member(s, "process_samples")) {  // [] too: it says one sample count per process
        // unsigned: counts near 2^63 wrap rather than overflow
        std::uint64_t total = 0;
        for (std::int64_t count : t.process_samples) total += static_cast<std::uint64_t>(count);
        if (total != t.samples.size())
            throw ReadError(path + ".process_samples",
                            "the processes' sample counts add up to " + std::to_string(static_cast<std::int64_t>(total)) +
                                ", but \"data\" holds " + std::to_string(t.samples.size()) + " samples");
    }
    if (!t.ops && t.mean && *t.mean > 0) t.ops = 1.0 / *t.mean;
}

void finish(ScalingFit& f, const Json& j, const std::string& path) {
    if (f.model != "amdahl" && f.model != "usl") fail(path + ".model", "\"amdahl\" or \"usl\"", j.value("model", Json()));
}

template <class V>
void read_value(const Json& v, const Where& where, V& out, unsigned flags) {
    if constexpr (schema::is_optional_record<V>) {
        using Record = typename V::value_type;
        const std::string path = where.text();
        if (!v.is_object()) fail(path, "an object", v);
        Record record;
        read_fields(v, path, record, schema::Record<Record>::fields);
        finish(record, v, path);
        out = std::move(record);
    } else if constexpr ((std::is_same_v<V, std::optional<double>> || std::is_same_v<V, OptionalDouble>) || std::is_same_v<V, double>) {
        out = number_at(v, where, flags);
    } else if constexpr (std::is_same_v<V, std::optional<std::int64_t>> || std::is_same_v<V, std::int64_t>) {
        out = count_at(v, where, flags);
    } else if constexpr (std::is_same_v<V, int>) {
        out = static_cast<int>(count_at(v, where, flags));
    } else if constexpr (std::is_same_v<V, std::string>) {
        if (!v.is_string()) fail(where.text(), "a string", v);
        out = v.get<std::string>();
    } else if constexpr (std::is_same_v<V, bool>) {
        if (!v.is_boolean()) {
            if (flags & schema::required) throw ReadError(where.text(), "expected true or false");
            fail(where.text(), "true or false", v);
        }
        out = v.get<bool>();
    } else if constexpr (std::is_same_v<V, std::vector<double>>) {
        // times: one per round
        if (!v.is_array()) fail(where.text(), "an array", v);
        out.reserve(v.size());
        for (std::size_t i = 0; i < v.size(); ++i) {
            const Json& x = v[i];
            if (!x.is_number()) fail(where.text() + "[" + std::to_string(i) + "]", "a number", x);
            double d = x.get<double>();
            if (!std::isfinite(d) || d < 0)
                throw ReadError(where.text() + "[" + std::to_string(i) + "]", "expected a finite time >= 0, found " + x.dump());
            out.push_back(d);
        }
    } else if constexpr (std::is_same_v<V, std::vector<std::string>>) {
        if (!v.is_array()) fail(where.text(), "an array of strings", v);
        for (const Json& x : v) {
            if (!x.is_string()) fail(where.text() + "[]", "a string", x);
            out.push_back(x.get<std::string>());
        }
    } else if constexpr (std::is_same_v<V, std::vector<std::int64_t>>) {
        // sample counts
        if (!v.is_array()) fail(where.text(), "an array", v);
        for (std::size_t i = 0; i < v.size(); ++i) {
            const Json& x = v[i];
            if (!x.is_number_integer() || x.get<std::int64_t>() < 1)
                fail(where.text() + "[" + std::to_string(i) + "]", "a sample count >= 1", x);
            out.push_back(x.get<std::int64_t>());
        }
    } else {
        // a list of records
        using Record = typename V::value_type;
        if (!v.is_array()) fail(where.text(), "an array", v);
        for (std::size_t i = 0; i < v.size(); ++i) {
            const Json& x = v[i];
            const std::string path = where.text() + "[" + std::to_string(i) + "]";
            if (!x.is_object()) fail(path, "an object", x);
            Record record;
            read_fields(x, path, record, schema::Record<Record>::fields);
            finish(record, x, path);
            out.push_back(std::move(record));
        }
    }
}

// A required key that is absent or null: a message of its own for a flag or a list.
template <class V>
[[noreturn]] void missing(const Where& where) {
    if constexpr (std::is_same_v<V, bool>) {
        throw ReadError(where.text(), "expected true or false");
    } else if constexpr (schema::is_record_list<V>) {
        fail(where.text(), "an array", Json());
    } else {
        throw ReadError(where.path, "missing required key \"" + std::string(where.key) + "\"");
    }
}

template <class Fields, class T>
void read_fields(const Json& object, const std::string& path, T& out, const Fields& fields) {
    schema::for_each(fields, [&](const auto& field) {
        using F = std::decay_t<decltype(field)>;
        if constexpr (schema::is_read<F>) {
            using V = typename F::Type;
            const Where where{path, field.key};
            auto it = object.find(std::string(field.key));
            if (it == object.end() || it->is_null()) {
                if (field.flags & schema::required) missing<V>(where);
                if constexpr (std::is_same_v<V, std::string>) (out.*F::member).clear();  // read as ""
                return;
            }
            read_value(*it, where, out.*F::member, field.flags);
        }
    });
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
    std::string status = read_string(b, path, "status", false);
    if (status == "failed") r.status = Status::failed;
    else if (status == "skipped") r.status = Status::skipped;
    else if (!status.empty() && status != "ok")
        throw ReadError(path + ".status", "expected \"ok\", \"failed\" or \"skipped\", found \"" + status + "\"");

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

    // The schema's fields: stats, tags, message, memory (over pytest-benchmem's), targets.
    read_fields(b, path, r, schema::result);
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
        read_fields(*t, path + ".throughput", r, schema::throughput);
    }
    if (const Json* ci = member(b, "median_ci"); ci && r.time) {
        if (!ci->is_object()) fail(path + ".median_ci", "an object", *ci);
        r.time->median_ci_low = read_number(*ci, path + ".median_ci", "low", true);
        r.time->median_ci_high = read_number(*ci, path + ".median_ci", "high", true);
        r.precision = read_number(*ci, path + ".median_ci", "precision", true);
    }
    return r;
}

// "pace.complexity" and "pace.scaling": lists of records.
template <class T>
std::vector<T> read_fits(const Json& fits, const std::string& key) {
    const std::string pace = "$.pace";
    std::vector<T> out;
    read_value(fits, Where{pace, key}, out, 0);
    return out;
}

std::vector<ComplexityFit> read_complexity(const Json& fits) { return read_fits<ComplexityFit>(fits, "complexity"); }

std::vector<ScalingFit> read_scaling(const Json& fits) { return read_fits<ScalingFit>(fits, "scaling"); }

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
    if (!run.complexity.empty()) doc["pace"]["complexity"] = records_to_json(run.complexity);
    if (!run.scaling.empty()) doc["pace"]["scaling"] = records_to_json(run.scaling);
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
