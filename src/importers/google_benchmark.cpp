// SPDX-License-Identifier: Apache-2.0
#include "importers/google_benchmark.hpp"

#include <algorithm>      // std::max
#include <charconv>       // std::from_chars
#include <cmath>          // std::isfinite
#include <deque>          // std::deque: the rows
#include <map>            // std::map
#include <optional>       // std::optional
#include <functional>     // std::hash: the run names already assembled
#include <set>            // std::set
#include <unordered_map>  // std::unordered_map
#include <unordered_set>  // the run names already assembled

#include "importers/json_text.hpp"  // is_non_finite_token, parse_json_text_streaming
#include "importers/reading.hpp"
#include "stats/descriptive.hpp"  // stats::describe

namespace pace {

namespace {

using detail::ImportError;

// Seconds in one of Google Benchmark's time units; 0 for anything else.
double unit_seconds(std::string_view unit) {
    if (unit == "ns") return 1e-9;
    if (unit == "us") return 1e-6;
    if (unit == "ms") return 1e-3;
    if (unit == "s") return 1.0;
    return 0;
}

// "$.benchmarks[3]" or "line 12".
std::string where(std::size_t position, bool csv) {
    return csv ? "line " + std::to_string(position) : "$.benchmarks[" + std::to_string(position) + "]";
}

// One row of either format, before rows are grouped into results.
struct Row {
    // Where the row is: its index in `benchmarks` (JSON) or its line (CSV).
    // A number, not the text: a large run has hundreds of thousands of rows.
    std::size_t position = 0;
    std::string name, run_name;
    bool run_type_known = false;
    bool aggregate = false;
    std::string aggregate_name, aggregate_unit;
    std::optional<double> real_time, cpu_time;  // as written, in time_unit
    std::string time_unit;
    double unit = 0;  // seconds per time_unit, 0 when the row has none
    std::optional<std::int64_t> iterations, repetitions, threads;
    bool failed = false, skipped = false;
    std::string message, label;
    std::map<std::string, double> counters;
    Json extra;  // null until the row has a key no field takes: most rows have none
    std::optional<double> real_coefficient, cpu_coefficient, rms;
    std::string big_o;

    bool complexity() const { return aggregate && (aggregate_name == "BigO" || aggregate_name == "RMS"); }
};

// A deque, not a vector: it grows without copying, so a large run's rows
// never exist twice, and without a vector's spare half.
using Rows = std::deque<Row>;

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Files from before run_type (and all CSV files) mark aggregates only by a
// name suffix. A suffix alone could be a benchmark's real name, so mean,
// median, stddev and cv count as aggregates only when the plain name or a
// sibling statistic is also in the file; BigO and RMS are never real names.
void classify(Rows& rows) {
    static constexpr std::string_view statistics[] = {"_mean", "_median", "_stddev", "_cv"};
    std::set<std::string, std::less<>> names;
    for (const Row& r : rows) names.insert(r.name);
    auto strip = [](const std::string& name, std::string_view suffix) {
        return name.substr(0, name.size() - suffix.size());
    };
    for (Row& r : rows) {
        if (r.run_type_known) {
            if (r.aggregate && r.aggregate_name.empty() && r.name.size() > r.run_name.size() + 1 &&
                r.name.compare(0, r.run_name.size(), r.run_name) == 0)
                r.aggregate_name = r.name.substr(r.run_name.size() + 1);
            continue;
        }
        if (ends_with(r.name, "_BigO") || ends_with(r.name, "_RMS")) {
            bool big_o = ends_with(r.name, "_BigO");
            r.aggregate = true;
            r.aggregate_name = big_o ? "BigO" : "RMS";
            r.run_name = strip(r.name, big_o ? "_BigO" : "_RMS");
            continue;
        }
        for (std::string_view suffix : statistics) {
            if (!ends_with(r.name, suffix)) continue;
            std::string base = strip(r.name, suffix);
            bool sibling = names.count(base) > 0;
            for (std::string_view other : statistics)
                if (other != suffix && names.count(base + std::string(other))) sibling = true;
            if (sibling) {
                r.aggregate = true;
                r.aggregate_name = std::string(suffix.substr(1));
                r.run_name = base;
            }
            break;
        }
    }
}

// Google Benchmark's name grammar (benchmark_name.cc): the function name,
// then the arguments (`/512`, or `/size:512` with ArgNames), then the run's
// options in a fixed order: `min_time:`, `min_warmup_time:`, `iterations:`,
// `repeats:`, the time kind (`real_time`, `manual_time`, `process_time`), and
// `threads:`. Options are how it was measured, not dims: they go to `options`.
bool take_name_option(const std::string& segment, Json& options) {
    for (std::string_view kind : {"real_time", "manual_time", "process_time"}) {
        if (segment != kind) continue;
        // process_time and real_time can both be set ("process_time/real_time"):
        // segments are taken from the end, so each goes in front.
        std::string before = options.contains("time_type") ? "/" + options["time_type"].get<std::string>() : "";
        options["time_type"] = std::string(kind) + before;
        return true;
    }
    std::size_t colon = segment.find(':');
    if (colon == std::string::npos) return false;
    std::string key = segment.substr(0, colon);
    if (key != "min_time" && key != "min_warmup_time" && key != "iterations" && key != "repeats" && key != "threads")
        return false;
    DimValue value = detail::dim_from_text(segment.substr(colon + 1));
    if (std::holds_alternative<std::int64_t>(value)) options[key] = std::get<std::int64_t>(value);
    else if (std::holds_alternative<double>(value)) options[key] = std::get<double>(value);
    else return false;
    return true;
}

// "BM_sort/1024", "BM_find/size:64/threads:2" → name, typed dims and options.
// Positional arguments become arg0, arg1, ...; a name whose arguments do not
// all parse keeps its full text as the name and no dims.
void split_name(const std::string& run_name, Result& r) {
    r.name = run_name;
    std::vector<std::string> segments;
    for (std::size_t start = 0;;) {
        std::size_t slash = run_name.find('/', start);
        segments.push_back(run_name.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
        if (slash == std::string::npos) break;
        start = slash + 1;
    }
    Json options = Json::object();
    std::size_t end = segments.size();
    while (end > 1 && take_name_option(segments[end - 1], options)) --end;
    for (auto& [key, value] : options.items()) r.options[key] = value;

    std::string name = segments[0];
    std::vector<Dim> dims;
    std::set<std::string> used;
    int positional = 0;
    for (std::size_t k = 1; k < end; ++k) {
        const std::string& seg = segments[k];
        DimValue value = detail::dim_from_text(seg);
        std::size_t colon = seg.find(':');
        if (is_numeric(value)) {
            dims.push_back({"arg" + std::to_string(positional++), value});
        } else if (colon != std::string::npos && colon > 0 && colon + 1 < seg.size()) {
            dims.push_back({seg.substr(0, colon), detail::dim_from_text(seg.substr(colon + 1))});
        } else if (dims.empty()) {
            name += "/" + seg;
            continue;
        } else {
            return;  // text after the arguments that is no option: keep the name whole
        }
        if (!used.insert(dims.back().name).second) return;
    }
    r.name = name;  // without the options, which are not part of what was measured
    r.dims = std::move(dims);
}

std::map<std::string, double> mean_counters(const std::vector<const Row*>& rows) {
    std::map<std::string, double> sum;
    std::map<std::string, std::size_t> count;
    for (const Row* r : rows)
        for (const auto& [k, v] : r->counters) {
            sum[k] += v;
            ++count[k];
        }
    for (auto& [k, v] : sum) v /= static_cast<double>(count[k]);
    return sum;
}

Result timing_result(const std::string& run_name, const std::vector<const Row*>& iterations,
                     const std::vector<const Row*>& aggregates, bool csv) {
    Result r;
    r.id = run_name;
    split_name(run_name, r);
    const Row* failed = nullptr;
    const Row* skipped = nullptr;
    std::vector<const Row*> good;
    for (const Row* row : iterations) {
        if (row->failed) failed = failed ? failed : row;
        else if (row->skipped) skipped = skipped ? skipped : row;
        else if (row->real_time) good.push_back(row);
    }
    if (failed) {
        // Google Benchmark writes 0 for the time of an errored run: no time is kept.
        r.status = Status::failed;
        r.message = failed->message.empty() ? "the benchmark reported an error" : failed->message;
    } else if (skipped && good.empty()) {
        r.status = Status::skipped;
        r.message = skipped->message;
    }

    std::optional<TimeStats> t;
    std::optional<double> cpu_mean;
    if (!good.empty()) {
        std::vector<double> samples;
        double cpu_sum = 0;
        std::size_t cpu_count = 0;
        for (const Row* row : good) {
            samples.push_back(*row->real_time * row->unit);
            if (row->cpu_time) {
                cpu_sum += *row->cpu_time * row->unit;
                ++cpu_count;
            }
        }
        t = stats::describe(std::move(samples), good.front()->iterations.value_or(1));
        if (cpu_count) cpu_mean = cpu_sum / static_cast<double>(cpu_count);
    }

    const Row* mean_row = nullptr;
    Json other_aggregates = Json::object();
    for (const Row* a : aggregates) {
        const std::string& stat = a->aggregate_name;
        bool fraction = stat == "cv" || a->aggregate_unit == "percentage";
        if (!a->real_time) continue;
        if (!fraction && (stat == "mean" || stat == "median" || stat == "stddev")) {
            // Google Benchmark's own figures over the repetitions; with
            // samples present they agree with ours, without them they are all there is.
            if (!t) {
                t = TimeStats{};
                t->rounds = a->repetitions.value_or(0) > 0 ? *a->repetitions : a->iterations.value_or(0);
            }
            double seconds = *a->real_time * a->unit;
            if (stat == "mean") {
                t->mean = seconds;
                t->ops = seconds > 0 ? std::optional<double>(1 / seconds) : std::nullopt;
                mean_row = a;
                if (a->cpu_time) cpu_mean = *a->cpu_time * a->unit;
            } else if (stat == "median") {
                t->median = seconds;
            } else {
                t->stddev = seconds;
            }
        } else if (stat == "cv") {
            // The JSON writes the fraction itself. The CSV writer treats every
            // aggregate as a time: the fraction times the unit's multiplier,
            // divided by the row's iterations (the repetitions), so undo both.
            r.counters["cv"] = csv ? *a->real_time * a->unit * static_cast<double>(a->iterations.value_or(1))
                                   : *a->real_time;
        } else {
            other_aggregates[stat] = fraction ? *a->real_time : *a->real_time * a->unit;
        }
    }
    const std::int64_t rounds = t ? t->rounds : 0;  // read before t moves into the result
    if (r.status == Status::ok && t && t->mean) {
        r.time = std::move(t);
    } else if (r.status == Status::ok) {
        // Every time was missing (NaN in the file) or there was no mean: an
        // "ok" result without a time would be compared as if it had one.
        r.status = Status::skipped;
        r.message = "no usable time in the file (missing, NaN or infinite)";
    }

    // Counters of the mean row are Google Benchmark's averages; otherwise average the repetitions.
    std::map<std::string, double> counters = mean_row ? mean_row->counters : mean_counters(good);
    r.counters.reserve(counters.size() + (cpu_mean ? 1 : 0));
    for (const auto& [k, v] : counters) r.counters[k] = v;
    if (cpu_mean) r.counters["cpu_time"] = *cpu_mean;
    if (!other_aggregates.empty()) r.extra_info["aggregates"] = other_aggregates;

    const Row* first = !iterations.empty() ? iterations.front() : aggregates.front();
    for (const auto& [k, v] : first->extra.items()) r.extra_info[k] = v;
    if (!first->label.empty()) r.extra_info["label"] = first->label;
    if (first->iterations && !first->aggregate) r.options["iterations"] = *first->iterations;
    r.options["repetitions"] = iterations.empty() ? rounds : static_cast<std::int64_t>(iterations.size());
    if (first->threads) r.options["threads"] = *first->threads;
    if (!first->time_unit.empty()) r.options["time_unit"] = first->time_unit;
    return r;
}

// BigO/RMS rows fit time against the benchmark's argument: coefficients, not
// timings. They make a result of their own with no time, whose counters
// (real_coefficient and cpu_coefficient in seconds per unit of the fitted
// curve, rms a fraction) compare and gate like any counter; what compares
// times shows it without one.
Result complexity_result(const std::string& run_name, const Row* big_o, const Row* rms, bool csv) {
    Result r;
    r.id = run_name + (big_o ? "_BigO" : "_RMS");
    r.name = r.id;
    r.extra_info["google_benchmark"] = "complexity";
    if (big_o) {
        double unit = big_o->unit > 0 ? big_o->unit : 1.0;
        if (big_o->real_coefficient) r.counters["real_coefficient"] = *big_o->real_coefficient * unit;
        if (big_o->cpu_coefficient) r.counters["cpu_coefficient"] = *big_o->cpu_coefficient * unit;
        if (!big_o->big_o.empty()) r.extra_info["big_o"] = big_o->big_o;
    }
    if (rms) {
        // The CSV writer scales RMS by the time unit, so its figure does not
        // mean what the JSON's fraction means: kept for reading, not as a counter.
        if (csv && rms->real_time) r.extra_info["rms_as_printed"] = *rms->real_time;
        else if (rms->rms) r.counters["rms"] = *rms->rms;
    }
    r.extra_info["complexity"] =
        "complexity fit" + (big_o && !big_o->big_o.empty() ? " O(" + big_o->big_o + ")" : std::string()) + ", not a timing";
    if (r.counters.empty()) {
        // Nothing to compare (a CSV's RMS row alone): kept, but not as a result that has figures.
        r.status = Status::skipped;
        r.message = r.extra_info["complexity"].get<std::string>();
    }
    return r;
}

// Groups rows by run name in the order they first appear.
std::vector<Result> assemble(Rows& rows, bool csv, std::vector<std::string>* origins) {
    classify(rows);
    struct Group {
        std::vector<const Row*> iterations, aggregates;
        const Row* big_o = nullptr;
        const Row* rms = nullptr;
    };
    std::vector<std::pair<std::string, bool>> order;  // run name, is complexity
    std::map<std::string, Group> timing, complexity;
    for (const Row& row : rows) {
        bool is_complexity = row.complexity();
        auto& groups = is_complexity ? complexity : timing;
        auto [it, inserted] = groups.try_emplace(row.run_name);
        if (inserted) order.emplace_back(row.run_name, is_complexity);
        Group& g = it->second;
        if (is_complexity) (row.aggregate_name == "BigO" ? g.big_o : g.rms) = &row;
        else (row.aggregate ? g.aggregates : g.iterations).push_back(&row);
    }
    std::vector<Result> results;
    results.reserve(order.size());
    for (const auto& [run_name, is_complexity] : order) {
        const Group& g = (is_complexity ? complexity : timing).at(run_name);
        if (is_complexity) {
            results.push_back(complexity_result(run_name, g.big_o, g.rms, csv));
            if (origins) origins->push_back(where((g.big_o ? g.big_o : g.rms)->position, csv));
        } else {
            results.push_back(timing_result(run_name, g.iterations, g.aggregates, csv));
            if (origins)
                origins->push_back(where((g.iterations.empty() ? g.aggregates : g.iterations).front()->position, csv));
        }
        if (results.size() > 1) results.back().options.share_if_equal(results[results.size() - 2].options);
    }
    return results;
}

// ---- JSON ------------------------------------------------------------------

std::optional<bool> optional_bool(const Json& object, const std::string& path, const char* key) {
    const Json* v = detail::find_member(object, key);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) detail::fail_expected(path + "." + key, "true or false", *v);
    return v->get<bool>();
}

std::optional<std::int64_t> optional_count(const Json& object, const std::string& path, const char* key) {
    auto v = detail::optional_non_negative(object, path, key, true);
    if (!v) return std::nullopt;
    return detail::to_count(*v, path + "." + key);
}

Row read_json_row(const Json& b, std::size_t index) {
    const std::string path = where(index, false);
    static const std::set<std::string, std::less<>> known = {
        "name", "run_name", "run_type", "aggregate_name", "aggregate_unit", "time_unit", "real_time", "cpu_time",
        "iterations", "repetitions", "repetition_index", "threads", "family_index", "per_family_instance_index",
        "error_occurred", "error_message", "skipped", "skip_message", "label", "big_o", "real_coefficient",
        "cpu_coefficient", "rms"};
    if (!b.is_object()) detail::fail_expected(path, "an object", b);
    Row r;
    r.position = index;
    auto name = detail::optional_string(b, path, "name");
    if (!name || name->empty()) throw ImportError(path, "missing required key \"name\"");
    r.name = *name;
    r.run_name = detail::optional_string(b, path, "run_name").value_or(r.name);
    if (auto run_type = detail::optional_string(b, path, "run_type")) {
        if (*run_type != "iteration" && *run_type != "aggregate")
            throw ImportError(path + ".run_type", "expected \"iteration\" or \"aggregate\", found \"" + *run_type + "\"");
        r.run_type_known = true;
        r.aggregate = *run_type == "aggregate";
    }
    r.aggregate_name = detail::optional_string(b, path, "aggregate_name").value_or("");
    r.aggregate_unit = detail::optional_string(b, path, "aggregate_unit").value_or("");
    r.real_time = detail::optional_non_negative(b, path, "real_time", true);
    r.cpu_time = detail::optional_non_negative(b, path, "cpu_time", true);
    if (auto unit = detail::optional_string(b, path, "time_unit")) {
        r.time_unit = *unit;
        r.unit = unit_seconds(*unit);
        if (r.unit == 0)
            throw ImportError(path + ".time_unit", "expected \"ns\", \"us\", \"ms\" or \"s\", found \"" + *unit + "\"");
    } else if (r.real_time || r.cpu_time) {
        r.time_unit = "ns";  // Google Benchmark's default, written by every version that has units at all
        r.unit = 1e-9;
    }
    r.iterations = optional_count(b, path, "iterations");
    r.repetitions = optional_count(b, path, "repetitions");
    r.threads = optional_count(b, path, "threads");
    optional_count(b, path, "repetition_index");
    optional_count(b, path, "family_index");
    optional_count(b, path, "per_family_instance_index");
    if (optional_bool(b, path, "error_occurred").value_or(false)) {
        r.failed = true;
        r.message = detail::optional_string(b, path, "error_message").value_or("");
    } else if (optional_bool(b, path, "skipped").value_or(false)) {
        r.skipped = true;
        r.message = detail::optional_string(b, path, "skip_message").value_or("");
    }
    r.label = detail::optional_string(b, path, "label").value_or("");
    r.big_o = detail::optional_string(b, path, "big_o").value_or("");
    r.real_coefficient = detail::optional_number(b, path, "real_coefficient", true);
    r.cpu_coefficient = detail::optional_number(b, path, "cpu_coefficient", true);
    r.rms = detail::optional_number(b, path, "rms", true);
    for (const auto& [key, value] : b.items()) {
        if (known.count(key)) continue;
        // Flat numeric keys are user counters (and items/bytes_per_second);
        // a non-finite counter is a missing one.
        if (value.is_number()) {
            double d = value.get<double>();
            if (std::isfinite(d)) r.counters[key] = d;
        } else if (!value.is_null() && !is_non_finite_token(value)) {
            r.extra[key] = value;
        }
    }
    return r;
}

MachineInfo machine_from_context(const Json& context, Run& run) {
    MachineInfo m;
    m.raw = context;
    const std::string path = "$.context";
    m.node = detail::optional_string(context, path, "host_name").value_or("");
    m.build_type = detail::optional_string(context, path, "library_build_type").value_or("");
    if (auto cpus = detail::optional_non_negative(context, path, "num_cpus", true))
        m.cores = *cpus < 1e6 ? static_cast<int>(*cpus) : 0;
    if (auto date = detail::optional_string(context, path, "date")) run.datetime = detail::to_iso_utc(*date);
    run.producer_version = detail::optional_string(context, path, "library_version").value_or("");
    return m;
}

// ---- CSV -------------------------------------------------------------------

// Splits one CSV line: commas separate, double quotes enclose, "" inside
// quotes is a quote. Empty when a quote is left open.
std::optional<std::vector<std::string>> split_csv(std::string_view line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (quoted) {
            if (c != '"') fields.back() += c;
            else if (i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else quoted = false;
        } else if (c == '"') quoted = true;
        else if (c == ',') fields.emplace_back();
        else fields.back() += c;
    }
    if (quoted) return std::nullopt;
    return fields;
}

constexpr std::string_view csv_header_start = "name,iterations,real_time,cpu_time";

// Lines without their end, '\r' included, each with its number.
std::vector<std::pair<std::size_t, std::string_view>> split_lines(std::string_view text) {
    std::vector<std::pair<std::size_t, std::string_view>> lines;
    std::size_t number = 1;
    for (std::size_t start = 0; start <= text.size(); ++number) {
        std::size_t end = text.find('\n', start);
        std::string_view line = text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.emplace_back(number, line);
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return lines;
}

// Google Benchmark's CSV writer quotes every name and writes every column
// of the header, empty or not. A line that does neither is not one of its
// rows, though a row's text may run on (an unterminated quote is still an error).
bool is_csv_row(std::string_view line, const std::unordered_map<std::string, std::size_t>& column) {
    if (line.front() == '"') return true;
    std::size_t needed = 0;
    for (const char* standard : {"name", "iterations", "real_time", "cpu_time", "time_unit"}) {
        auto it = column.find(standard);
        if (it != column.end()) needed = std::max(needed, it->second + 1);
    }
    auto fields = split_csv(line);
    return !fields || fields->size() >= needed;
}

std::optional<double> csv_number(const std::string& text, const std::string& where, const std::string& column,
                                 bool non_negative) {
    if (text.empty()) return std::nullopt;
    double d = 0;
    const char* first = text.data();
    const char* last = first + text.size();
    if (*first == '+') ++first;
    auto [p, ec] = std::from_chars(first, last, d);
    if (ec == std::errc::result_out_of_range && p == last)
        throw ImportError(where, "column " + column + ": " + text + " does not fit in a double",
                          "numbers must fit in a double");
    if (ec != std::errc() || p != last)
        throw ImportError(where, "column " + column + ": expected a number, found \"" + text + "\"");
    if (!std::isfinite(d)) return std::nullopt;  // printf's nan/inf: a missing figure
    if (non_negative && d < 0) throw ImportError(where, "column " + column + ": expected a number >= 0, found " + text);
    return d;
}

}  // namespace

Outcome<Run> google_benchmark_from_json(const Json& document, const std::string& file,
                                        std::vector<std::string>* origins) {
    try {
        if (!document.is_object()) detail::fail_expected("$", "an object with \"context\" and \"benchmarks\"", document);
        Run run;
        run.producer = "google-benchmark";
        run.source = file;
        if (const Json* context = detail::find_member(document, "context")) {
            if (!context->is_object()) detail::fail_expected("$.context", "an object", *context);
            run.machine = machine_from_context(*context, run);
        }
        const Json* benchmarks = detail::find_member(document, "benchmarks");
        if (!benchmarks) throw ImportError("$", "missing required key \"benchmarks\"");
        if (!benchmarks->is_array()) detail::fail_expected("$.benchmarks", "an array", *benchmarks);
        Rows rows;
        for (std::size_t i = 0; i < benchmarks->size(); ++i)
            rows.push_back(read_json_row((*benchmarks)[i], i));
        run.results = assemble(rows, false, origins);
        return run;
    } catch (const ImportError& e) {
        return e.to_input_error(file);
    }
}

namespace {

// At least the number of rows (every row has a "name" key), and no more
// than one per 128 bytes: a row Google Benchmark writes with run_type takes
// over 200, and a hostile file of names must not reserve gigabytes.
std::size_t count_rows(std::string_view text) {
    std::size_t rows = 0;
    for (std::size_t at = text.find("\"name\""); at != std::string_view::npos; at = text.find("\"name\"", at + 6))
        ++rows;
    return std::min(rows, text.size() / 128);
}

// Thrown by GroupedRows when the rows cannot be made into results group by
// group: the caller reads the file again, keeping every row first.
struct NotGrouped {};

// Rows of one run name come together in what Google Benchmark writes (its
// iterations, then its aggregates; a family's BigO and RMS rows together
// after them), so each group becomes its result as soon as the next one
// starts, and a large run's rows never all exist at once beside its results:
// two 44 MB files of one row per benchmark took 540 MB to compare with every
// row kept. A group whose name comes back
// (--benchmark_enable_random_interleaving), or a row without run_type (whose
// aggregates classify() recognises only from every name in the file), makes
// this give up with NotGrouped.
class GroupedRows {
public:
    // `rows`: at most this many results. Room for them from the start: a
    // vector grown as results come would hold the old and the new copy of
    // them at once, and the part of the room that stays unused is address
    // space, never touched.
    GroupedRows(std::vector<std::string>* origins, std::size_t rows) : origins_(origins) { results_.reserve(rows); }

    void add(Row row) {
        if (!row.run_type_known) throw NotGrouped{};
        const bool complexity = row.complexity();
        if (!group_.empty() && (row.run_name != group_.front().run_name || complexity != group_complexity_)) finish();
        if (group_.empty()) {
            // A hash, not the name: a collision only costs a second reading.
            const std::size_t key = std::hash<std::string>{}(row.run_name) ^ (complexity ? 0x9e3779b97f4a7c15u : 0);
            if (!done_.insert(key).second) throw NotGrouped{};
            group_complexity_ = complexity;
        }
        group_.push_back(std::move(row));
    }

    std::vector<Result> results() {
        finish();
        return std::move(results_);
    }

private:
    void finish() {
        if (group_.empty()) return;
        for (Result& r : assemble(group_, false, origins_)) {
            // Neighbouring results mostly carry the same options: held once.
            if (!results_.empty()) r.options.share_if_equal(results_.back().options);
            results_.push_back(std::move(r));
        }
        group_.clear();
    }

    std::vector<std::string>* origins_;
    Rows group_;
    bool group_complexity_ = false;
    std::unordered_set<std::size_t> done_;
    std::vector<Result> results_;
};

}  // namespace

std::optional<Outcome<Run>> google_benchmark_from_json_text(std::string_view text, const std::string& file,
                                                            std::vector<std::string>* origins,
                                                            const std::function<void(std::size_t)>& read_past) {
    // Google Benchmark writes "context" first; anything else takes the general path.
    std::size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || text[first] != '{') return std::nullopt;
    std::size_t key = text.find_first_not_of(" \t\r\n", first + 1);
    if (key == std::string_view::npos || text.substr(key, 9) != "\"context\"") return std::nullopt;
    try {
        Rows rows;
        std::optional<GroupedRows> grouped(std::in_place, origins, count_rows(text));
        bool streamed = false;
        ElementSink sink = [&](Json&& b, std::size_t i) {
            streamed = true;
            if (grouped) grouped->add(read_json_row(b, i));
            else rows.push_back(read_json_row(b, i));
        };
        std::optional<Outcome<Json>> parsed;
        try {
            parsed = parse_json_text_streaming(text, file, "benchmarks", "context", sink, {}, read_past);
        } catch (const NotGrouped&) {
            // Read again, every row kept until the last (as assemble() needs them).
            grouped.reset();
            if (origins) origins->clear();
            streamed = false;
            parsed = parse_json_text_streaming(text, file, "benchmarks", "context", sink);
        }
        Outcome<Json>& document = *parsed;
        if (!document) return Outcome<Run>(document.error());
        const Json* benchmarks = document->is_object() ? detail::find_member(*document, "benchmarks") : nullptr;
        // Not streamed: no benchmarks array after the context, or an empty one.
        if (!streamed && (!benchmarks || !benchmarks->is_array() || !benchmarks->empty())) return std::nullopt;
        const Json* context = detail::find_member(*document, "context");
        if (!context) return std::nullopt;
        Run run;
        run.producer = "google-benchmark";
        run.source = file;
        if (!context->is_object()) detail::fail_expected("$.context", "an object", *context);
        run.machine = machine_from_context(*context, run);
        run.results = grouped ? grouped->results() : assemble(rows, false, origins);
        return Outcome<Run>(std::move(run));
    } catch (const ImportError& e) {
        return Outcome<Run>(e.to_input_error(file));
    }
}

bool looks_like_google_benchmark_csv(std::string_view text) {
    // The console preamble is a date, a few lines about the CPU and its
    // caches, the load and warnings: far fewer than 200 lines.
    std::size_t start = 0;
    for (int line = 0; line < 200 && start < text.size(); ++line) {
        if (text.substr(start, csv_header_start.size()) == csv_header_start) return true;
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return false;
}

Outcome<Run> google_benchmark_from_csv(std::string_view text, const std::string& file,
                                       std::vector<std::string>* origins) {
    try {
        Run run;
        run.producer = "google-benchmark";
        run.source = file;
        auto lines = split_lines(text);
        std::size_t header = 0;
        while (header < lines.size() && lines[header].second.substr(0, csv_header_start.size()) != csv_header_start)
            ++header;
        if (header == lines.size())
            throw ImportError("", "no Google Benchmark CSV header (a line starting \"name,iterations,real_time,\")");

        // The preamble is the console reporter's context: keep it whole, and
        // take the date and the CPU count from it.
        Json preamble = Json::array();
        for (std::size_t i = 0; i < header; ++i) {
            std::string line(lines[i].second);
            preamble.push_back(line);
            if (i == 0) {
                std::string iso = detail::to_iso_utc(line);
                if (iso != line) run.datetime = iso;
            }
            int cpus = 0;
            if (std::sscanf(line.c_str(), "Run on (%d X", &cpus) == 1 && cpus > 0) run.machine.cores = cpus;
        }
        run.machine.raw = Json{{"console_preamble", preamble}};

        auto header_fields = split_csv(lines[header].second);
        std::string header_where = "line " + std::to_string(lines[header].first);
        if (!header_fields) throw ImportError(header_where, "unterminated quote in the CSV header");
        std::unordered_map<std::string, std::size_t> column;
        for (std::size_t i = 0; i < header_fields->size(); ++i) column.emplace((*header_fields)[i], i);
        static const std::set<std::string, std::less<>> standard = {
            "name", "iterations", "real_time", "cpu_time", "time_unit", "bytes_per_second", "items_per_second",
            "label", "error_occurred", "error_message"};

        Rows rows;
        Json messages = Json::array();
        std::string last_unit;
        double last_unit_seconds = 0;
        for (std::size_t li = header + 1; li < lines.size(); ++li) {
            auto [number, line] = lines[li];
            if (line.empty()) continue;
            std::string where = "line " + std::to_string(number);
            if (!is_csv_row(line, column)) {
                // Text the run printed to stderr, merged into the file: the
                // message of a run that died ("terminate called after throwing
                // ..."), a warning. It is not a benchmark: the benchmark that
                // was running is simply absent, as in a run that stopped there.
                messages.push_back(where + ": " + std::string(line));
                continue;
            }
            auto fields = split_csv(line);
            if (!fields) throw ImportError(where, "unterminated quote");
            if (fields->size() > header_fields->size())
                throw ImportError(where, "expected at most " + std::to_string(header_fields->size()) +
                                             " fields, as in the header, found " + std::to_string(fields->size()));
            auto field = [&](const std::string& col) -> std::string {
                auto it = column.find(col);
                return it == column.end() || it->second >= fields->size() ? std::string() : (*fields)[it->second];
            };
            Row r;
            r.position = number;
            r.name = field("name");
            if (r.name.empty()) throw ImportError(where, "column name: a row with no name");
            r.run_name = r.name;
            if (auto it = csv_number(field("iterations"), where, "iterations", true))
                r.iterations = detail::to_count(*it, where + ": column iterations");
            r.time_unit = field("time_unit");
            r.unit = unit_seconds(r.time_unit);
            bool complexity = ends_with(r.name, "_BigO") || ends_with(r.name, "_RMS");
            if (complexity) {
                // BigO rows carry the fitted curve in time_unit and the
                // coefficients in the family's own unit (the rows just before).
                if (ends_with(r.name, "_BigO")) r.big_o = r.time_unit;
                r.time_unit = last_unit;
                r.unit = last_unit_seconds;
                r.real_coefficient = csv_number(field("real_time"), where, "real_time", false);
                r.cpu_coefficient = csv_number(field("cpu_time"), where, "cpu_time", false);
                r.real_time = r.real_coefficient;
            } else {
                r.real_time = csv_number(field("real_time"), where, "real_time", true);
                r.cpu_time = csv_number(field("cpu_time"), where, "cpu_time", true);
                if (r.unit == 0 && (!r.time_unit.empty() || r.real_time || r.cpu_time))
                    throw ImportError(where, "column time_unit: expected ns, us, ms or s, found \"" + r.time_unit + "\"");
                last_unit = r.time_unit;
                last_unit_seconds = r.unit;
            }
            std::string error = field("error_occurred");
            if (error == "true") {
                r.failed = true;
                r.message = field("error_message");
            } else if (!field("error_message").empty()) {
                // Newer versions mark SkipWithMessage as error_occurred=false with a message.
                r.skipped = true;
                r.message = field("error_message");
            } else if (!error.empty() && error != "false") {
                throw ImportError(where, "column error_occurred: expected true or false, found \"" + error + "\"");
            }
            r.label = field("label");
            for (const auto& [col, index] : column) {
                if (standard.count(col) || index >= fields->size()) continue;
                if (auto v = csv_number((*fields)[index], where, col, false)) r.counters[col] = *v;
            }
            for (const char* rate : {"bytes_per_second", "items_per_second"})
                if (auto v = csv_number(field(rate), where, rate, true)) r.counters[rate] = *v;
            rows.push_back(std::move(r));
        }
        if (!messages.empty()) run.machine.raw["console_messages"] = std::move(messages);
        run.results = assemble(rows, true, origins);
        return run;
    } catch (const ImportError& e) {
        return e.to_input_error(file);
    }
}

}  // namespace pace
