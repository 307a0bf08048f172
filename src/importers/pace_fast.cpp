// SPDX-License-Identifier: Apache-2.0
#include "importers/pace_fast.hpp"

#include <algorithm>  // std::sort, std::find
#include <array>      // the key names each object is read for
#include <charconv>   // std::from_chars: numbers simdjson 3.0.1 misreads
#include <cmath>      // std::isfinite, std::floor
#include <cstdint>    // std::int64_t
#include <new>        // std::bad_alloc
#include <numeric>    // std::accumulate: the processes' sample counts
#include <type_traits>  // std::is_same_v: how each member type is read
#include <vector>     // std::vector

#include <simdjson.h>  // the On-Demand parser: no parse tree, values read straight into the Run

#include "importers/json_text.hpp"  // JsonLimits: the same limits as the general reader
#include "importers/load.hpp"       // text_padding_bytes
#include "model/json_format.hpp"    // format_version, and the detail:: pieces shared with run_from_json
#include "model/pace_schema.hpp"    // the keys of each object and how each is read

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
T take(simdjson::simdjson_result<T> result) {
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
        od::value value = take(element);
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

// ---- reading by the schema (model/pace_schema.hpp) ----------------------------

template <const auto& Fields, class T>
void read_fields(od::value& v, T& out);

// What depends on more than one key of a record, once it is read.
template <class T>
void finish(T&) {}

void finish(TimeStats& t) {
    if (!t.mean) decline();  // read as required, so only a guard
    // Counts that do not add up to the samples: the general reader names the place.
    if (!t.process_samples.empty() &&
        std::accumulate(t.process_samples.begin(), t.process_samples.end(), std::uint64_t{0},
                        [](std::uint64_t sum, std::int64_t count) { return sum + static_cast<std::uint64_t>(count); }) !=
            t.samples.size())
        decline();
    if (!t.ops && *t.mean > 0) t.ops = 1.0 / *t.mean;
}

// One value into a member of the model, as schema.hpp says each type is read
// (the general reader's read_value, declining where it reports an error).
template <class V>
void read_value(od::value& v, V& out, unsigned flags) {
    if constexpr (schema::is_optional_record<V>) {
        using Record = typename V::value_type;
        read_fields<schema::Record<Record>::fields>(v, out.emplace());
        finish(*out);
    } else if constexpr ((std::is_same_v<V, std::optional<double>> || std::is_same_v<V, OptionalDouble>) || std::is_same_v<V, double>) {
        if (flags & schema::signed_) {
            const double d = number_of(v);
            if (!std::isfinite(d)) decline();
            out = d;
        } else {
            out = time_of(v);
        }
    } else if constexpr (std::is_same_v<V, std::optional<std::int64_t>> || std::is_same_v<V, std::int64_t> ||
                         std::is_same_v<V, int>) {
        double d = number_of(v);
        if (!std::isfinite(d) || (!(flags & schema::signed_) && d < 0)) decline();
        out = static_cast<V>(to_int64(d));
    } else if constexpr (std::is_same_v<V, std::string>) {
        out = string_of(v);
    } else if constexpr (std::is_same_v<V, bool>) {
        out = take(v.get_bool());
    } else if constexpr (std::is_same_v<V, std::vector<double>>) {
        // A string among the samples (NaN, or a note pytest-benchmark
        // files trimmed by hand carry) is the general reader's to handle.
        // Gathered first, then kept at their exact size: growing each
        // result's vector would leave a trail of freed smaller blocks.
        thread_local std::vector<double> samples;
        samples.clear();
        for_each_element(v, [&](od::value& x) { samples.push_back(time_of(x)); });
        out.assign(samples.begin(), samples.end());
    } else if constexpr (std::is_same_v<V, std::vector<std::string>>) {
        for_each_element(v, [&](od::value& x) { out.emplace_back(take(x.get_string())); });
    } else if constexpr (std::is_same_v<V, std::vector<std::int64_t>>) {
        // Sample counts: whole numbers as written (2.0 is not one), >= 1.
        // An empty list adds up to the samples only when there are none:
        // the general reader's to judge.
        for_each_element(v, [&](od::value& x) {
            const std::int64_t count = take(x.get_int64());
            if (count < 1) decline();
            out.push_back(count);
        });
        if (out.empty()) decline();
    } else {
        using Record = typename V::value_type;
        for_each_element(v, [&](od::value& x) {
            Record record;
            read_fields<schema::Record<Record>::fields>(x, record);
            finish(record);
            out.push_back(std::move(record));
        });
    }
}

// The members of `v` that `Fields` names, into `out`, and how each appeared;
// a required one absent or null declines, an absent string is "". A Custom
// key's value goes to `custom` with its place in `Fields`.
template <const auto& Fields, class T, class C>
auto read_fields(od::value& v, T& out, C&& custom) {
    static constexpr auto names = schema::keys(Fields);
    const auto seen = read_members(v, names, [&](std::size_t i, od::value& value) {
        schema::at(Fields, i, [&](const auto& field) {
            using F = std::decay_t<decltype(field)>;
            if constexpr (schema::is_read<F>) read_value(value, out.*F::member, field.flags);
            else custom(i, value);
        });
    });
    std::size_t i = 0;
    schema::for_each(Fields, [&](const auto& field) {
        using F = std::decay_t<decltype(field)>;
        if constexpr (schema::is_read<F>) {
            if (seen[i] != Member::given) {
                if (field.flags & schema::required) decline();
                if constexpr (std::is_same_v<typename F::Type, std::string>) (out.*F::member).clear();
            }
        }
        ++i;
    });
    return seen;
}

// The Custom keys of records read only by the writer ("outliers") are read as unknown keys.
template <const auto& Fields, class T>
void read_fields(od::value& v, T& out) {
    read_fields<Fields>(v, out, [](std::size_t, od::value& value) { check(value); });
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
    auto it = r.extra_info->find("benchmem");
    if (it == r.extra_info->end()) return;
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
    r.extra_info.erase("benchmem");
}

std::vector<Dim> dims_of(od::value& v) {
    std::vector<Dim> dims;
    const Json object = to_json(v);
    for (const auto& [k, value] : object.items()) dims.push_back({k, detail::dim_from_json(value)});
    return dims;
}

constexpr std::array<std::string_view, 3> median_ci_keys = {"low", "high", "precision"};

// The place of a result's key in the schema, for a switch over them.
consteval std::size_t result_key(std::string_view key) { return schema::index_of(schema::result, key); }

// Members arrive in the file's order; what depends on another member (the id
// on the name, dims on params, the interval on the stats) is settled once the
// object is read, in the order of run_from_json's result_from_json.
Result read_result(od::value& v, bool unmeasured = false) {
    Result r;
    std::string fullname, name, base_name, status;
    std::optional<std::vector<Dim>> dims, params;
    std::optional<double> ci_low, ci_high, precision;
    const auto seen = read_fields<schema::result>(v, r, [&](std::size_t i, od::value& value) {
        switch (i) {
            case result_key("fullname"): fullname = string_of(value); break;
            case result_key("name"): name = string_of(value); break;
            case result_key("base_name"): base_name = string_of(value); break;
            case result_key("group"): r.group = string_of(value); break;
            case result_key("dims"):
            case result_key("params"):
                if (type_of(value) != od::json_type::object) return check(value);
                (i == result_key("dims") ? dims : params) = dims_of(value);
                break;
            case result_key("status"): status = string_of(value); break;
            case result_key("extra_info"):
                r.extra_info = to_json(value);
                if (!r.extra_info.is_object()) decline();
                break;
            case result_key("options"):
                if (type_of(value) != od::json_type::object) return check(value);
                r.options = to_json(value);
                break;
            case result_key("counters"):
                // A repeated counter keeps its last value, as the general reader's does.
                for_each_member(value, [&](std::string_view key, od::value x) { r.counters[std::string(key)] = number_of(x); });
                break;
            case result_key("throughput"): read_fields<schema::throughput>(value, r); break;
            case result_key("median_ci"):
                read_members(value, median_ci_keys, [&](std::size_t k, od::value& x) {
                    (k == 0 ? ci_low : k == 1 ? ci_high : precision) = time_of(x);
                });
                break;
            default: check(value);  // "param": the dims' text, read from "params"
        }
    });
    if (seen[result_key("name")] != Member::given) decline();  // "name" is required
    r.id = fullname.empty() ? name : fullname;
    r.name = base_name.empty() ? name.substr(0, name.find('[')) : base_name;
    if (dims) r.dims = std::move(*dims);
    else if (params) r.dims = std::move(*params);
    if (status == "failed") r.status = Status::failed;
    else if (status == "skipped") r.status = Status::skipped;
    else if (!status.empty() && status != "ok") decline();
    // pace's own "memory" wins over pytest-benchmem's figures, as in run_from_json.
    take_benchmem(r, seen[result_key("memory")] != Member::given);
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
