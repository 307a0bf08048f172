// SPDX-License-Identifier: Apache-2.0
#include "importers/pace_fast.hpp"

#include <algorithm>  // std::sort, std::find
#include <array>      // the key names each object is read for
#include <cmath>      // std::isfinite
#include <cstdint>    // std::int64_t
#include <new>        // std::bad_alloc
#include <vector>     // std::vector

#include <simdjson.h>  // the DOM parser: several times faster than building an ordered_json

#include "importers/huge_pages.hpp"  // prefer_huge_pages
#include "importers/json_text.hpp"  // JsonLimits: the same limits as the general reader
#include "importers/load.hpp"       // text_padding_bytes
#include "model/json_format.hpp"    // format_version, and the detail:: pieces shared with run_from_json

namespace pace {

namespace {

namespace dom = simdjson::dom;

// Declining is rare (a broken or unusual file) and unwinds from deep inside
// the reader; an exception keeps every step free of error plumbing. The
// general reader then runs on the same text and says what is wrong.
struct Declined {};

[[noreturn]] void decline() { throw Declined{}; }

const JsonLimits limits{};

dom::object object_of(dom::element e) {
    dom::object o;
    if (e.get_object().get(o) != simdjson::SUCCESS) decline();
    return o;
}

// The general reader turns away an object of more than 20,000 members wherever
// it is, even under a key no reader looks at (json_text.cpp); so must this one.
// One walk over the parsed tape costs a few milliseconds on a 20 MB file.
bool within_limits(dom::element e) {
    if (dom::object o; e.get_object().get(o) == simdjson::SUCCESS) {
        if (o.size() > limits.max_object_members) return false;
        for (auto [key, value] : o)
            if (!within_limits(value)) return false;
    } else if (dom::array a; e.get_array().get(a) == simdjson::SUCCESS) {
        for (dom::element value : a)
            if ((value.is_object() || value.is_array()) && !within_limits(value)) return false;
    }
    return true;
}

dom::array array_of(dom::element e) {
    dom::array a;
    if (e.get_array().get(a) != simdjson::SUCCESS) decline();
    return a;
}

// The members of one object that a reader looks at, found in one pass. A
// repeated key declines: nlohmann keeps the last value, simdjson's lookups the
// first, and such files are too rare to be worth matching either.
template <std::size_t N>
class Fields {
public:
    Fields(dom::element e, const std::array<std::string_view, N>& names) : names_(names) {
        for (auto [key, value] : object_of(e)) {
            std::size_t i = index(key);
            if (i == N) continue;  // unknown keys are allowed, as in run_from_json
            if (present_[i]) decline();
            present_[i] = true;
            values_[i] = value;
        }
    }
    /// True when the key is there, even with a null value (nlohmann's contains()).
    bool has(std::string_view name) const {
        std::size_t i = index(name);
        return i < N && present_[i];
    }
    /// The value of `name`; empty when absent or null, as run_from_json's member().
    std::optional<dom::element> get(std::string_view name) const {
        std::size_t i = index(name);
        if (i == N || !present_[i] || values_[i].is_null()) return std::nullopt;
        return values_[i];
    }

private:
    std::size_t index(std::string_view key) const {
        return static_cast<std::size_t>(std::find(names_.begin(), names_.end(), key) - names_.begin());
    }
    const std::array<std::string_view, N>& names_;
    std::array<dom::element, N> values_{};
    std::array<bool, N> present_{};
};

double number_of(dom::element e) {
    double d = 0;
    // get_double also takes integers, as nlohmann's get<double> does.
    if (e.get_double().get(d) != simdjson::SUCCESS) decline();
    return d;
}

template <std::size_t N>
std::optional<double> read_number(const Fields<N>& f, std::string_view key, bool non_negative) {
    auto e = f.get(key);
    if (!e) return std::nullopt;
    double d = number_of(*e);
    if (!std::isfinite(d) || (non_negative && d < 0)) decline();
    return d;
}

template <std::size_t N>
std::string read_string(const Fields<N>& f, std::string_view key, bool required) {
    auto e = f.get(key);
    if (!e) {
        if (required) decline();
        return {};
    }
    std::string_view s;
    if (e->get_string().get(s) != simdjson::SUCCESS) decline();
    return std::string(s);
}

// As run_from_json's to_int64: a double outside int64's range has no cast.
std::int64_t to_int64(double value) {
    if (!(value >= -9223372036854775808.0 && value < 9223372036854775808.0)) decline();
    return static_cast<std::int64_t>(value);
}

// The document nlohmann would build for `e`, for the parts a Run keeps as
// JSON (extra_info, options, machine and commit info) and for dims.
Json to_json(dom::element e) {
    switch (e.type()) {
        case dom::element_type::OBJECT: {
            Json out = Json::object();
            for (auto [key, value] : object_of(e)) {
                std::size_t before = out.size();
                out[std::string(key)] = to_json(value);
                if (out.size() == before) decline();  // a repeated key, see Fields
            }
            return out;
        }
        case dom::element_type::ARRAY: {
            Json out = Json::array();
            for (dom::element value : array_of(e)) out.push_back(to_json(value));
            return out;
        }
        // nlohmann stores a non-negative integer as unsigned: keep its types so
        // the Run prints and compares exactly as the general reader's.
        case dom::element_type::INT64: {
            std::int64_t v = e.get_int64().value_unsafe();
            return v >= 0 ? Json(static_cast<std::uint64_t>(v)) : Json(v);
        }
        case dom::element_type::UINT64: return Json(e.get_uint64().value_unsafe());
        case dom::element_type::DOUBLE: return Json(e.get_double().value_unsafe());
        case dom::element_type::STRING: return Json(std::string(e.get_string().value_unsafe()));
        case dom::element_type::BOOL: return Json(e.get_bool().value_unsafe());
        case dom::element_type::NULL_VALUE: return Json(nullptr);
    }
    decline();
}

constexpr std::array<std::string_view, 19> stats_keys = {
    "min",  "max", "mean", "median", "q1",  "q3",    "ld15iqr", "hd15iqr",      "p95",             "p99",
    "stddev", "iqr", "ops", "total", "rounds", "iterations", "iqr_outliers", "stddev_outliers", "data"};

TimeStats read_stats(dom::element e) {
    Fields<19> s(e, stats_keys);
    TimeStats t;
    t.min = read_number(s, "min", true);
    t.max = read_number(s, "max", true);
    t.mean = read_number(s, "mean", true);
    t.median = read_number(s, "median", true);
    t.q1 = read_number(s, "q1", true);
    t.q3 = read_number(s, "q3", true);
    t.ld15iqr = read_number(s, "ld15iqr", true);
    t.hd15iqr = read_number(s, "hd15iqr", true);
    t.p95 = read_number(s, "p95", true);
    t.p99 = read_number(s, "p99", true);
    t.stddev = read_number(s, "stddev", true);
    t.iqr = read_number(s, "iqr", true);
    t.ops = read_number(s, "ops", true);
    t.total = read_number(s, "total", true);
    if (!t.mean) decline();
    if (auto v = read_number(s, "rounds", true)) t.rounds = to_int64(*v);
    if (auto v = read_number(s, "iterations", true)) t.iterations = to_int64(*v);
    if (auto v = read_number(s, "iqr_outliers", true)) t.iqr_outliers = to_int64(*v);
    if (auto v = read_number(s, "stddev_outliers", true)) t.stddev_outliers = to_int64(*v);
    if (auto data = s.get("data")) {
        dom::array samples = array_of(*data);
        t.samples.reserve(samples.size());
        // A string among the samples (NaN, or a note pytest-benchmark files
        // trimmed by hand carry) is the general reader's to handle.
        for (dom::element x : samples) {
            double d = number_of(x);
            if (!std::isfinite(d) || d < 0) decline();
            t.samples.push_back(d);
        }
    }
    if (!t.ops && *t.mean > 0) t.ops = 1.0 / *t.mean;
    return t;
}

constexpr std::array<std::string_view, 4> benchmem_keys = {"peak_bytes", "total_bytes", "allocations", "rss_bytes"};

// As run_from_json: pytest-benchmem's list (one entry per pass, the median
// taken) or its older scalar.
std::optional<std::int64_t> benchmem_figure(const Fields<4>& benchmem, std::string_view key) {
    auto v = benchmem.get(key);
    if (!v) return std::nullopt;
    if (v->is_number()) return to_int64(number_of(*v));
    std::vector<double> values;
    for (dom::element x : array_of(*v))
        if (!x.is_null()) values.push_back(number_of(x));
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    return to_int64(values[(values.size() - 1) / 2]);
}

void read_dims(dom::element object, Result& r) {
    Json dims = to_json(object);
    for (const auto& [k, v] : dims.items()) r.dims.push_back({k, detail::dim_from_json(v)});
}

constexpr std::array<std::string_view, 17> benchmark_keys = {
    "fullname", "name",   "base_name", "group",    "dims",       "params",    "tags",      "status",  "message",
    "extra_info", "options", "stats",  "memory", "counters", "throughput", "median_ci", "targets"};
constexpr std::array<std::string_view, 5> memory_keys = {"peak", "allocated", "allocations", "leaked", "rss"};
constexpr std::array<std::string_view, 2> throughput_keys = {"items_per_call", "bytes_per_call"};
constexpr std::array<std::string_view, 3> median_ci_keys = {"low", "high", "precision"};
constexpr std::array<std::string_view, 3> target_keys = {"target", "passed", "detail"};

// The steps and their order follow run_from_json's result_from_json, so the
// two are easy to hold side by side.
Result read_result(dom::element e) {
    Fields<17> b(e, benchmark_keys);
    Result r;
    r.id = read_string(b, "fullname", false);
    std::string name = read_string(b, "name", true);
    if (r.id.empty()) r.id = name;
    r.name = read_string(b, "base_name", false);
    if (r.name.empty()) r.name = name.substr(0, name.find('['));
    r.group = read_string(b, "group", false);

    if (auto dims = b.get("dims"); dims && dims->is_object()) read_dims(*dims, r);
    else if (auto params = b.get("params"); params && params->is_object()) read_dims(*params, r);
    if (auto tags = b.get("tags")) {
        for (dom::element t : array_of(*tags)) {
            std::string_view s;
            if (t.get_string().get(s) != simdjson::SUCCESS) decline();
            r.tags.emplace_back(s);
        }
    }
    std::string status = read_string(b, "status", false);
    if (status == "failed") r.status = Status::failed;
    else if (status == "skipped") r.status = Status::skipped;
    else if (!status.empty() && status != "ok") decline();
    r.message = read_string(b, "message", false);

    if (auto extra = b.get("extra_info")) {
        r.extra_info = to_json(*extra);  // also checks that it is an object
        if (!r.extra_info.is_object()) decline();
        if (auto benchmem_value = object_of(*extra)["benchmem"]; !benchmem_value.error()) {
            dom::element bm = benchmem_value.value_unsafe();
            if (!bm.is_null()) {
                Fields<4> benchmem(bm, benchmem_keys);
                auto peak = benchmem_figure(benchmem, "peak_bytes");
                auto total = benchmem_figure(benchmem, "total_bytes");
                auto count = benchmem_figure(benchmem, "allocations");
                if (peak || total || count) {
                    MemoryStats m;
                    m.peak = peak.value_or(0);
                    m.allocated = total.value_or(0);
                    m.allocations = count.value_or(0);
                    m.rss = benchmem_figure(benchmem, "rss_bytes");
                    r.memory = m;
                }
            }
        }
        r.extra_info.erase("benchmem");
    }
    if (auto options = b.get("options"); options && options->is_object()) r.options = to_json(*options);

    if (auto stats = b.get("stats")) r.time = read_stats(*stats);

    if (auto memory = b.get("memory")) {
        Fields<5> f(*memory, memory_keys);
        MemoryStats m;
        m.peak = to_int64(read_number(f, "peak", true).value_or(0));
        m.allocated = to_int64(read_number(f, "allocated", true).value_or(0));
        m.allocations = to_int64(read_number(f, "allocations", true).value_or(0));
        m.leaked = to_int64(read_number(f, "leaked", true).value_or(0));
        if (auto rss = read_number(f, "rss", true)) m.rss = to_int64(*rss);
        r.memory = m;
    }
    if (auto counters = b.get("counters")) {
        // A repeated counter keeps its last value, as the general reader's does.
        for (auto [key, value] : object_of(*counters)) r.counters[std::string(key)] = number_of(value);
    }
    if (!r.time && r.status == Status::ok && r.counters.empty()) decline();  // the general reader names the error
    if (auto throughput = b.get("throughput")) {
        Fields<2> f(*throughput, throughput_keys);
        r.items_per_call = read_number(f, "items_per_call", true);
        r.bytes_per_call = read_number(f, "bytes_per_call", true);
    }
    if (auto ci = b.get("median_ci"); ci && r.time) {
        Fields<3> f(*ci, median_ci_keys);
        r.time->median_ci_low = read_number(f, "low", true);
        r.time->median_ci_high = read_number(f, "high", true);
        r.precision = read_number(f, "precision", true);
    }
    if (auto targets = b.get("targets")) {
        for (dom::element t : array_of(*targets)) {
            Fields<3> f(t, target_keys);
            auto passed = f.get("passed");
            bool ok = false;
            if (!passed || passed->get_bool().get(ok) != simdjson::SUCCESS) decline();
            std::string description = read_string(f, "target", true);
            r.targets.push_back({std::move(description), ok, read_string(f, "detail", false)});
        }
    }
    return r;
}

constexpr std::array<std::string_view, 7> document_keys = {"version",      "pace",       "datetime", "machine_info",
                                                           "commit_info", "benchmarks", "context"};
constexpr std::array<std::string_view, 6> pace_keys = {"format_version", "producer",   "version",
                                                       "producer_version", "mode", "unmeasured"};

Run read_run(dom::element document) {
    Fields<7> doc(document, document_keys);
    // "benchmarks" beside "context" is Google Benchmark's layout, not this one.
    if (doc.has("context") || !doc.get("benchmarks")) decline();
    Run run;
    run.producer = "pytest-benchmark";
    run.producer_version = read_string(doc, "version", false);
    std::optional<dom::element> unmeasured;
    if (auto pace = doc.get("pace")) {
        Fields<6> p(*pace, pace_keys);
        unmeasured = p.get("unmeasured");
        auto v = read_number(p, "format_version", true);
        if (!v || *v > format_version) decline();
        run.producer = read_string(p, "producer", false);
        if (run.producer.empty()) run.producer = "pace";
        run.producer_version = read_string(p, run.producer == "pace" ? "version" : "producer_version", false);
        run.mode = read_string(p, "mode", false);
        if (run.mode.empty()) run.mode = "time";
    }
    run.datetime = read_string(doc, "datetime", false);
    if (auto m = doc.get("machine_info")) run.machine = detail::machine_from_json(to_json(*m));
    if (auto c = doc.get("commit_info")) run.commit = detail::commit_from_json(to_json(*c));
    dom::array benchmarks = array_of(*doc.get("benchmarks"));
    run.results.reserve(benchmarks.size());
    for (dom::element b : benchmarks) run.results.push_back(read_result(b));
    if (unmeasured)
        for (dom::element b : array_of(*unmeasured)) run.results.push_back(read_result(b));
    return run;
}

}  // namespace

static_assert(text_padding_bytes >= simdjson::SIMDJSON_PADDING, "load_run pads too little for simdjson");

std::optional<Run> read_pace_json_fast(std::string_view text, bool padded) {
    dom::parser parser;
    // simdjson stops at its own depth limit (1024 by default); the same limit
    // as the general reader keeps deep documents on its path, which turns
    // them away with a message before recursing into them.
    // Out of memory is not a reason to decline: the general reader would need
    // more, and nlohmann's json cannot always unwind out of an exhausted heap
    // (its destructor allocates). load_run reports it as an input error.
    auto allocated = [](simdjson::error_code e) {
        if (e == simdjson::MEMALLOC) throw std::bad_alloc();
        return e == simdjson::SUCCESS;
    };
    if (!allocated(parser.allocate(text.size(), limits.max_depth))) return std::nullopt;
    // The document's buffers are allocated here rather than inside parse(),
    // so huge pages can be asked for before the parse first touches them
    // (huge_pages.hpp says why). Each buffer holds at least text.size() bytes.
    if (!allocated(parser.doc.allocate(text.size()))) return std::nullopt;
    prefer_huge_pages(parser.doc.tape.get(), text.size());
    prefer_huge_pages(parser.implementation->structural_indexes.get(), text.size());
    dom::element document;
    // simdjson reads in 64-byte blocks, past the end of the text: unless the
    // caller padded it (load_run does), parse() works on a padded copy.
    const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
    if (!allocated(parser.parse(bytes, text.size(), !padded).get(document))) return std::nullopt;
    if (!within_limits(document)) return std::nullopt;
    try {
        return read_run(document);
    } catch (const Declined&) {
        return std::nullopt;
    }
}

}  // namespace pace
