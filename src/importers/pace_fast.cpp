// SPDX-License-Identifier: Apache-2.0
#include "importers/pace_fast.hpp"

#include <algorithm>  // std::sort, std::find
#include <array>      // the key names each object is read for
#include <charconv>   // std::from_chars: numbers simdjson 3.0.1 misreads
#include <cmath>      // std::isfinite, std::floor
#include <cstdint>    // std::int64_t
#include <new>        // std::bad_alloc
#include <numeric>    // std::accumulate: the processes' sample counts
#include <vector>     // std::vector

#include <simdjson.h>  // the On-Demand parser: no parse tree, values read straight into the Run

#include "importers/json_text.hpp"  // JsonLimits: the same limits as the general reader
#include "importers/load.hpp"       // text_padding_bytes
#include "model/json_format.hpp"    // format_version, and the detail:: pieces shared with run_from_json

namespace pace {

namespace {

namespace od = simdjson::ondemand;

// Declining is rare (a broken or unusual file) and unwinds from deep inside
// the reader; an exception keeps every step free of error plumbing. The
// general reader then runs on the same text and says what is wrong.
struct Declined {};

[[noreturn]] void decline() { throw Declined{}; }

const JsonLimits limits{};

// The value of a simdjson result, or decline. On-Demand reports a malformed
// document where the reader meets the fault, so every access goes through here.
template <typename T>
T take(simdjson::simdjson_result<T>&& result) {
    T value;
    if (std::move(result).get(value) != simdjson::SUCCESS) decline();
    return value;
}

od::json_type type_of(od::value& v) { return take(v.type()); }

// Nesting as the general reader counts it: the same limit keeps deep
// documents on its path, which turns them away with a message.
thread_local std::size_t depth = 0;

struct Nested {
    Nested() {
        if (++depth > limits.max_depth) {
            --depth;
            decline();
        }
    }
    ~Nested() { --depth; }
    Nested(const Nested&) = delete;
    Nested& operator=(const Nested&) = delete;
};

// A key as written when it holds no escape, as nearly every key does: no
// copy into the parser's string buffer, memory this process would otherwise
// touch for the first time. simdjson's first pass has checked that every
// string is closed, so the scan stops inside the text.
std::string_view key_of(od::field& field) {
    const char* start = field.key().raw();
    const char* end = start;
    while (*end != '"' && *end != '\\') ++end;
    if (*end == '"') return {start, static_cast<std::size_t>(end - start)};
    return take(field.unescaped_key());
}

// Every member of an object, with its key's text. The general reader turns
// away an object of more than 20,000 members wherever it is (json_text.cpp),
// so this one counts them in every object it reads.
template <typename F>
void for_each_member(od::value& v, F&& on) {
    Nested nested;
    std::size_t members = 0;
    for (auto member : take(v.get_object())) {
        od::field field = take(std::move(member));
        std::string_view key = key_of(field);
        if (++members > limits.max_object_members) decline();
        on(key, field.value());
    }
}

template <typename F>
void for_each_element(od::value& v, F&& on) {
    Nested nested;
    for (auto element : take(v.get_array())) {
        od::value value = take(std::move(element));
        on(value);
    }
}

// True for a number simdjson 3.0.1 reads wrongly: integer part 0 and more
// than 19 significant digits, which overflow its 64-bit accumulator unnoticed
// (its overflow check counts from the wrong place; simdjson issue #2093, fixed
// in 3.6.3): "0.32749283597999998035" came out as 0.143. 17 digits round-trip
// any double, so writers rarely go past them.
bool misread_by_simdjson(std::string_view token) {
    // "0." and twenty digits at least: most numbers are shorter, and need no scan.
    if (token.size() < 22) return false;
    std::size_t i = token.substr(0, 1) == "-" ? 1 : 0;
    if (token.substr(i, 2) != "0.") return false;
    i += 2;
    while (i < token.size() && token[i] == '0') ++i;
    const std::size_t first = i;
    while (i < token.size() && token[i] >= '0' && token[i] <= '9') ++i;
    return i - first > 19;
}

double number_of(od::value& v) {
    const std::string_view token = v.raw_json_token();
    // get_double also takes integers, as nlohmann's get<double> does; it
    // checks the number's syntax, from_chars then reads the rare misread one.
    double d = take(v.get_double());
    if (misread_by_simdjson(token) &&
        std::from_chars(token.data(), token.data() + token.size(), d).ec != std::errc())
        decline();
    return d;
}

// Reads a value nobody looks at, so that what the general reader would turn
// away (a bad literal, a bad escape, a too-wide object) is turned away here:
// On-Demand itself checks only what is read.
void check(od::value& v) {
    switch (type_of(v)) {
        case od::json_type::object: for_each_member(v, [](std::string_view, od::value value) { check(value); }); break;
        case od::json_type::array: for_each_element(v, [](od::value& value) { check(value); }); break;
        case od::json_type::number: (void)number_of(v); break;
        case od::json_type::string: (void)take(v.get_string()); break;
        case od::json_type::boolean: (void)take(v.get_bool()); break;
        case od::json_type::null:
            if (!take(v.is_null())) decline();
            break;
    }
}

// How a key a reader looks at appeared in an object.
enum class Member : unsigned char { absent, null, given };

// The members of one object that a reader looks at, each handed to `on` with
// its index in `names` as it comes; a null value is not handed over, as
// run_from_json's member() finds none. A repeated key declines: nlohmann
// keeps the last value, and such files are too rare to be worth matching.
// Unknown keys are allowed, as in run_from_json, and checked.
template <std::size_t N, typename F>
std::array<Member, N> read_members(od::value& v, const std::array<std::string_view, N>& names, F&& on) {
    std::array<Member, N> seen{};
    for_each_member(v, [&](std::string_view key, od::value value) {
        const auto i = static_cast<std::size_t>(std::find(names.begin(), names.end(), key) - names.begin());
        if (i == N) return check(value);
        if (seen[i] != Member::absent) decline();
        if (type_of(value) == od::json_type::null) {
            seen[i] = Member::null;
            return check(value);
        }
        seen[i] = Member::given;
        on(i, value);
    });
    return seen;
}

double time_of(od::value& v) {
    double d = number_of(v);
    if (!std::isfinite(d) || d < 0) decline();
    return d;
}

std::string string_of(od::value& v) { return std::string(take(v.get_string())); }

// As run_from_json's to_int64: a double outside int64's range has no cast.
std::int64_t to_int64(double value) {
    if (!(value >= -9223372036854775808.0 && value < 9223372036854775808.0)) decline();
    return static_cast<std::int64_t>(value);
}

// The document nlohmann would build for `v`, for the parts a Run keeps as
// JSON (extra_info, options, machine and commit info) and for dims.
Json to_json(od::value& v) {
    switch (type_of(v)) {
        case od::json_type::object: {
            Json out = Json::object();
            for_each_member(v, [&](std::string_view key, od::value value) {
                std::size_t before = out.size();
                out[std::string(key)] = to_json(value);
                if (out.size() == before) decline();  // a repeated key, see read_members
            });
            return out;
        }
        case od::json_type::array: {
            Json out = Json::array();
            for_each_element(v, [&](od::value& value) { out.push_back(to_json(value)); });
            return out;
        }
        case od::json_type::number:
            // nlohmann stores a non-negative integer as unsigned: keep its types
            // so the Run prints and compares exactly as the general reader's.
            switch (take(v.get_number_type())) {
                case od::number_type::signed_integer: {
                    std::int64_t i = take(v.get_int64());
                    return i >= 0 ? Json(static_cast<std::uint64_t>(i)) : Json(i);
                }
                case od::number_type::unsigned_integer: return Json(take(v.get_uint64()));
                case od::number_type::floating_point_number: return Json(number_of(v));
                default: decline();  // an integer beyond 64 bits: the general reader's to judge
            }
        case od::json_type::string: return Json(string_of(v));
        case od::json_type::boolean: return Json(take(v.get_bool()));
        case od::json_type::null:
            if (!take(v.is_null())) decline();
            return Json(nullptr);
    }
    decline();
}

constexpr std::array<std::string_view, 20> stats_keys = {
    "min",    "max", "mean", "median", "q1",     "q3",         "ld15iqr",      "hd15iqr",         "p95",  "p99",
    "stddev", "iqr", "ops",  "total",  "rounds", "iterations", "iqr_outliers", "stddev_outliers", "data", "process_samples"};

TimeStats read_stats(od::value& v) {
    TimeStats t;
    std::optional<double>* const figures[] = {&t.min,     &t.max,     &t.mean, &t.median, &t.q1,
                                              &t.q3,      &t.ld15iqr, &t.hd15iqr, &t.p95, &t.p99,
                                              &t.stddev,  &t.iqr,     &t.ops,  &t.total};
    read_members(v, stats_keys, [&](std::size_t i, od::value& value) {
        if (i < std::size(figures)) {
            *figures[i] = time_of(value);
            return;
        }
        switch (i) {
            case 14: t.rounds = to_int64(time_of(value)); break;
            case 15: t.iterations = to_int64(time_of(value)); break;
            case 16: t.iqr_outliers = to_int64(time_of(value)); break;
            case 17: t.stddev_outliers = to_int64(time_of(value)); break;
            case 18: {
                // A string among the samples (NaN, or a note pytest-benchmark
                // files trimmed by hand carry) is the general reader's to handle.
                // Gathered first, then kept at their exact size: growing each
                // result's vector would leave a trail of freed smaller blocks.
                thread_local std::vector<double> samples;
                samples.clear();
                for_each_element(value, [&](od::value& x) { samples.push_back(time_of(x)); });
                t.samples.assign(samples.begin(), samples.end());
                break;
            }
            case 19:
                for_each_element(value, [&](od::value& x) {
                    const double count = time_of(x);
                    if (count < 1 || count != std::floor(count)) decline();
                    t.process_samples.push_back(to_int64(count));
                });
                break;
        }
    });
    if (!t.mean) decline();
    // Counts that do not add up to the samples: the general reader names the place.
    if (!t.process_samples.empty() &&
        std::accumulate(t.process_samples.begin(), t.process_samples.end(), std::int64_t{0}) !=
            static_cast<std::int64_t>(t.samples.size()))
        decline();
    if (!t.ops && *t.mean > 0) t.ops = 1.0 / *t.mean;
    return t;
}

// As run_from_json: pytest-benchmem's figure is a list (one entry per pass,
// the median taken) or, in older files, a number; null or absent is none.
std::optional<std::int64_t> benchmem_figure(const Json& benchmem, const char* key) {
    auto it = benchmem.find(key);
    if (it == benchmem.end() || it->is_null()) return std::nullopt;
    if (it->is_number()) return to_int64(it->get<double>());
    if (!it->is_array()) decline();
    std::vector<double> values;
    for (const Json& x : *it) {
        if (x.is_null()) continue;
        if (!x.is_number()) decline();
        values.push_back(x.get<double>());
    }
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    return to_int64(values[(values.size() - 1) / 2]);
}

// pytest-benchmem's figures, kept in extra_info's "benchmem", become the
// result's memory (when `keep_memory`); extra_info keeps the rest.
void take_benchmem(Result& r, bool keep_memory) {
    auto it = r.extra_info.find("benchmem");
    if (it == r.extra_info.end()) return;
    if (!it->is_null()) {
        if (!it->is_object()) decline();
        auto peak = benchmem_figure(*it, "peak_bytes");
        auto total = benchmem_figure(*it, "total_bytes");
        auto count = benchmem_figure(*it, "allocations");
        auto rss = benchmem_figure(*it, "rss_bytes");
        if (keep_memory && (peak || total || count)) {
            MemoryStats m;
            m.peak = peak.value_or(0);
            m.allocated = total.value_or(0);
            m.allocations = count.value_or(0);
            m.rss = rss;
            r.memory = m;
        }
    }
    r.extra_info.erase(it);
}

std::vector<Dim> dims_of(od::value& v) {
    std::vector<Dim> dims;
    const Json object = to_json(v);
    for (const auto& [k, value] : object.items()) dims.push_back({k, detail::dim_from_json(value)});
    return dims;
}

constexpr std::array<std::string_view, 17> benchmark_keys = {
    "fullname", "name",   "base_name", "group",    "dims",       "params",    "tags",      "status",  "message",
    "extra_info", "options", "stats",  "memory", "counters", "throughput", "median_ci", "targets"};
constexpr std::array<std::string_view, 5> memory_keys = {"peak", "allocated", "allocations", "leaked", "rss"};
constexpr std::array<std::string_view, 2> throughput_keys = {"items_per_call", "bytes_per_call"};
constexpr std::array<std::string_view, 3> median_ci_keys = {"low", "high", "precision"};
constexpr std::array<std::string_view, 4> target_keys = {"target", "passed", "detail", "checked"};

TargetOutcome read_target(od::value& v) {
    TargetOutcome target;
    auto seen = read_members(v, target_keys, [&](std::size_t i, od::value& value) {
        switch (i) {
            case 0: target.description = string_of(value); break;
            case 1: target.passed = take(value.get_bool()); break;
            case 2: target.detail = string_of(value); break;
            case 3: target.checked = take(value.get_bool()); break;
        }
    });
    if (seen[0] != Member::given || seen[1] != Member::given) decline();  // both required
    return target;
}

// Members arrive in the file's order; what depends on another member (the id
// on the name, dims on params, the interval on the stats) is settled once the
// object is read, in the order of run_from_json's result_from_json.
Result read_result(od::value& v, bool unmeasured = false) {
    Result r;
    std::string fullname, name, base_name, status;
    std::optional<std::vector<Dim>> dims, params;
    std::optional<double> ci_low, ci_high, precision;
    auto seen = read_members(v, benchmark_keys, [&](std::size_t i, od::value& value) {
        switch (i) {
            case 0: fullname = string_of(value); break;
            case 1: name = string_of(value); break;
            case 2: base_name = string_of(value); break;
            case 3: r.group = string_of(value); break;
            case 4:
            case 5:
                if (type_of(value) != od::json_type::object) return check(value);
                (i == 4 ? dims : params) = dims_of(value);
                break;
            case 6:
                for_each_element(value, [&](od::value& t) { r.tags.emplace_back(take(t.get_string())); });
                break;
            case 7: status = string_of(value); break;
            case 8: r.message = string_of(value); break;
            case 9:
                r.extra_info = to_json(value);
                if (!r.extra_info.is_object()) decline();
                break;
            case 10:
                if (type_of(value) != od::json_type::object) return check(value);
                r.options = to_json(value);
                break;
            case 11: r.time = read_stats(value); break;
            case 12: {
                std::array<std::optional<double>, 5> m;
                read_members(value, memory_keys, [&](std::size_t k, od::value& x) { m[k] = time_of(x); });
                MemoryStats memory;
                memory.peak = to_int64(m[0].value_or(0));
                memory.allocated = to_int64(m[1].value_or(0));
                memory.allocations = to_int64(m[2].value_or(0));
                memory.leaked = to_int64(m[3].value_or(0));
                if (m[4]) memory.rss = to_int64(*m[4]);
                r.memory = memory;
                break;
            }
            case 13:
                // A repeated counter keeps its last value, as the general reader's does.
                for_each_member(value, [&](std::string_view key, od::value x) { r.counters[std::string(key)] = number_of(x); });
                break;
            case 14:
                read_members(value, throughput_keys, [&](std::size_t k, od::value& x) {
                    (k == 0 ? r.items_per_call : r.bytes_per_call) = time_of(x);
                });
                break;
            case 15:
                read_members(value, median_ci_keys, [&](std::size_t k, od::value& x) {
                    (k == 0 ? ci_low : k == 1 ? ci_high : precision) = time_of(x);
                });
                break;
            case 16: for_each_element(value, [&](od::value& t) { r.targets.push_back(read_target(t)); }); break;
        }
    });
    if (seen[1] != Member::given) decline();  // "name" is required
    r.id = fullname.empty() ? name : fullname;
    r.name = base_name.empty() ? name.substr(0, name.find('[')) : base_name;
    if (dims) r.dims = std::move(*dims);
    else if (params) r.dims = std::move(*params);
    if (status == "failed") r.status = Status::failed;
    else if (status == "skipped") r.status = Status::skipped;
    else if (!status.empty() && status != "ok") decline();
    // pace's own "memory" wins over pytest-benchmem's figures, as in run_from_json.
    take_benchmem(r, seen[12] != Member::given);
    // the general reader names the error
    if (!r.time && r.status == Status::ok && r.counters.empty() && !unmeasured) decline();
    if (r.time) {
        r.time->median_ci_low = ci_low;
        r.time->median_ci_high = ci_high;
        r.precision = precision;
    }
    return r;
}

// The benchmarks of a run, into `results` reserved ahead from the text the
// first one takes: a vector of ten thousand results grown step by step
// touches about twice its memory, each step in fresh pages (blocks that size
// are mapped, not taken from the heap), and fresh memory is much of reading's
// time. The estimate allows a quarter more than the first one's size says:
// one result too few would double the vector for its last few entries. Too
// small an estimate only means growing as before; too large costs address
// space, never touched.
void read_benchmarks(od::value& array, std::vector<Result>& results, const char* text_end) {
    const char* first = nullptr;
    for_each_element(array, [&](od::value& b) {
        const char* start = b.raw_json_token().data();
        if (results.empty()) first = start;
        if (results.size() == 1 && start > first && text_end > start) {
            const auto each = static_cast<std::size_t>(start - first);
            const auto left = static_cast<std::size_t>(text_end - first);
            try {
                results.reserve(left / each + left / each / 4 + 1);
            } catch (const std::bad_alloc&) {
                // No room for the estimate (ulimit -v): grow step by step.
            }
        }
        results.push_back(read_result(b));
    });
}

constexpr std::array<std::string_view, 7> document_keys = {"version",      "pace",       "datetime", "machine_info",
                                                           "commit_info", "benchmarks", "context"};
constexpr std::array<std::string_view, 9> pace_keys = {"format_version", "producer",   "version",    "producer_version",
                                                       "mode",           "unmeasured", "complexity", "scaling",
                                                       "options"};

Run read_run(od::value& document, const char* text_end) {
    Run run;
    std::vector<Result> unmeasured;
    std::string version;
    bool has_pace = false;
    std::optional<double> format;
    std::string producer, mode;
    // Which of "version" and "producer_version" names the producer's version
    // depends on the producer: both are kept until it is known, a non-string
    // one as an empty optional.
    std::array<std::optional<std::string>, 2> versions;
    std::array<bool, 2> version_present{};
    auto seen = read_members(document, document_keys, [&](std::size_t i, od::value& value) {
        switch (i) {
            case 0: version = string_of(value); break;
            case 1:
                has_pace = true;
                read_members(value, pace_keys, [&](std::size_t k, od::value& x) {
                    switch (k) {
                        case 0: format = time_of(x); break;
                        case 1: producer = string_of(x); break;
                        case 2:
                        case 3: {
                            version_present[k - 2] = true;
                            std::string_view text;
                            if (x.get_string().get(text) == simdjson::SUCCESS) versions[k - 2] = std::string(text);
                            else check(x);
                            break;
                        }
                        case 4: mode = string_of(x); break;
                        case 5: for_each_element(x, [&](od::value& b) { unmeasured.push_back(read_result(b, true)); }); break;
                        case 6: {
                            // Few and small: read as the general reader does, by the same function.
                            auto fits = detail::complexity_from_json(to_json(x));
                            if (!fits) decline();
                            run.complexity = std::move(*fits);
                            break;
                        }
                        case 7: {
                            auto fits = detail::scaling_from_json(to_json(x));
                            if (!fits) decline();
                            run.scaling = std::move(*fits);
                            break;
                        }
                        case 8: {
                            Json options = to_json(x);
                            if (!options.is_object()) decline();  // the general reader names the error
                            run.options = std::move(options);
                            break;
                        }
                    }
                });
                break;
            case 2: run.datetime = string_of(value); break;
            case 3: run.machine = detail::machine_from_json(to_json(value)); break;
            case 4: run.commit = detail::commit_from_json(to_json(value)); break;
            case 5: read_benchmarks(value, run.results, text_end); break;
            case 6: check(value); break;
        }
    });
    // "benchmarks" beside "context" is Google Benchmark's layout, not this one.
    if (seen[6] != Member::absent || seen[5] != Member::given) decline();
    run.producer = "pytest-benchmark";
    run.producer_version = version;
    if (has_pace) {
        if (!format || *format > format_version) decline();
        run.producer = producer.empty() ? "pace" : producer;
        const std::size_t which = run.producer == "pace" ? 0 : 1;
        if (version_present[which] && !versions[which]) decline();
        run.producer_version = versions[which].value_or("");
        run.mode = mode.empty() ? "time" : mode;
    }
    for (Result& r : unmeasured) run.results.push_back(std::move(r));
    return run;
}

}  // namespace

static_assert(text_padding_bytes >= simdjson::SIMDJSON_PADDING, "load_run pads too little for simdjson");

std::optional<Run> read_pace_json_fast(std::string_view text, bool padded) {
    od::parser parser;
    // Out of memory is not a reason to decline: the general reader would need
    // more, and nlohmann's json cannot always unwind out of an exhausted heap
    // (its destructor allocates). load_run reports it as an input error.
    // The same depth limit as the general reader keeps deep documents on its
    // path, which turns them away with a message before recursing into them.
    if (auto e = parser.allocate(text.size(), limits.max_depth); e != simdjson::SUCCESS) {
        if (e == simdjson::MEMALLOC) throw std::bad_alloc();
        return std::nullopt;
    }
    // simdjson reads in 64-byte blocks, past the end of the text: unless the
    // caller padded it (load_run does), the parser works on a padded copy.
    simdjson::padded_string copy;
    simdjson::padded_string_view view(text.data(), text.size(), text.size() + simdjson::SIMDJSON_PADDING);
    if (!padded) {
        copy = simdjson::padded_string(text);
        view = copy;
    }
    od::document document;
    if (auto e = parser.iterate(view).get(document); e != simdjson::SUCCESS) {
        if (e == simdjson::MEMALLOC) throw std::bad_alloc();
        return std::nullopt;
    }
    try {
        od::value root = take(document.get_value());
        Run run = read_run(root, view.data() + view.size());
        // Text after the document: the general reader turns it away.
        if (document.current_location().error() != simdjson::OUT_OF_BOUNDS) return std::nullopt;
        return run;
    } catch (const Declined&) {
        return std::nullopt;
    }
}

}  // namespace pace
