// SPDX-License-Identifier: Apache-2.0
// Google Benchmark's JSON and CSV written from a pace Run, so dashboards and
// scripts reading them keep working: iteration rows (pace's rounds split into
// the repetitions, each the median of its rounds), the _mean/_median/_stddev/_cv aggregates and custom
// statistics of repeated benchmarks, and the BigO/RMS rows of Complexity().
#include <algorithm>  // std::sort, std::min_element
#include <cmath>      // std::sqrt, std::log2
#include <map>        // the complexity sweeps of a run
#include <optional>   // the CPU time, when measured
#include <sstream>    // std::ostringstream: CSV

#include <fmt/format.h>  // CSV numbers

#include "gbench/gbench.hpp"
#include "pace/version.hpp"  // PACE_VERSION in the context

namespace benchmark::internal {

namespace {

double unit_multiplier(TimeUnit unit) {
    switch (unit) {
        case kSecond: return 1;
        case kMillisecond: return 1e3;
        case kMicrosecond: return 1e6;
        case kNanosecond: break;
    }
    return 1e9;
}

const char* unit_name(TimeUnit unit) {
    switch (unit) {
        case kSecond: return "s";
        case kMillisecond: return "ms";
        case kMicrosecond: return "us";
        case kNanosecond: break;
    }
    return "ns";
}

double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? 0 : s / static_cast<double>(v.size());
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double stddev(const std::vector<double>& v) {
    if (v.size() < 2) return 0;
    const double m = mean(v);
    double s = 0;
    for (double x : v) s += (x - m) * (x - m);
    return std::sqrt(s / static_cast<double>(v.size() - 1));
}

double cv(const std::vector<double>& v) {
    const double m = mean(v);
    return m != 0 ? stddev(v) / m : 0;
}

// One row of Google Benchmark's output.
struct Row {
    pace::Json json;
};

struct ComplexityPoint {
    double n, time_s;
};

// Google Benchmark's complexity curves and names.
double curve(BigO model, double n, BigOFunc* lambda) {
    switch (model) {
        case oN: return n;
        case oNSquared: return n * n;
        case oNCubed: return n * n * n;
        case oLogN: return std::log2(n);
        case oNLogN: return n * std::log2(n);
        case oLambda: return lambda ? lambda(static_cast<IterationCount>(n)) : 1;
        default: return 1;
    }
}

const char* big_o_name(BigO model) {
    switch (model) {
        case oN: return "N";
        case oNSquared: return "N^2";
        case oNCubed: return "N^3";
        case oLogN: return "lgN";
        case oNLogN: return "NlgN";
        case o1: return "(1)";
        case oLambda: return "f(N)";
        default: return "";
    }
}

// Google Benchmark's MinimalLeastSq: time = coefficient * curve(n), and
// the RMS of the residuals relative to the mean time; oAuto picks the
// curve with the least RMS.
struct Fit {
    BigO model;
    double coefficient, rms;
};

Fit fit_complexity(const std::vector<ComplexityPoint>& points, BigO model, BigOFunc* lambda) {
    auto fit_one = [&](BigO m) {
        double num = 0, den = 0, mean_t = 0;
        for (const auto& p : points) {
            double g = curve(m, p.n, lambda);
            num += p.time_s * g;
            den += g * g;
            mean_t += p.time_s;
        }
        mean_t /= static_cast<double>(points.size());
        const double coef = den > 0 ? num / den : 0;
        double rms = 0;
        for (const auto& p : points) {
            double r = coef * curve(m, p.n, lambda) - p.time_s;
            rms += r * r;
        }
        rms = std::sqrt(rms / static_cast<double>(points.size()));
        return Fit{m, coef, mean_t > 0 ? rms / mean_t : 0};
    };
    if (model != oAuto) return fit_one(model);
    Fit best = fit_one(o1);
    for (BigO m : {oLogN, oN, oNLogN, oNSquared, oNCubed}) {
        Fit f = fit_one(m);
        if (f.rms < best.rms) best = f;
    }
    return best;
}

struct Output {
    std::vector<pace::Json> rows;
};

// The rows of a Run, in its order; `aggregates_only` leaves out the
// iteration rows of repeated benchmarks, as Google Benchmark does.
std::vector<pace::Json> make_rows(const pace::Run& run, const Flags& flags, bool display) {
    std::vector<pace::Json> rows;
    // Families with Complexity(): their instances' points, written after the family's last.
    struct Sweep {
        std::vector<ComplexityPoint> points;
        std::size_t remaining = 0;
    };
    std::map<const Benchmark*, Sweep> sweeps;
    for (const pace::Result& r : run.results)
        if (const Instance* i = find_instance(r.id); i && Families::complexity(*i->family) != oNone)
            ++sweeps[i->family].remaining;
    for (const pace::Result& r : run.results) {
        const Instance* instance = find_instance(r.id);
        if (!instance) continue;
        const Benchmark& b = *instance->family;
        const TimeUnit unit = Families::explicit_time_unit(b) ? Families::time_unit(b) : GetDefaultTimeUnit();
        const double mult = unit_multiplier(unit);
        int repetitions = Families::repetitions(b);
        if (repetitions <= 0) repetitions = flags.repetitions.value_or(1);
        const AggregationReportMode mode = Families::report_mode(b);
        bool aggregates_only = flags.aggregates_only || (mode & ARM_FileReportAggregatesOnly);
        if (display)
            aggregates_only =
                aggregates_only || flags.display_aggregates_only || (mode & ARM_DisplayReportAggregatesOnly);
        pace::Json base = pace::Json::object();
        base["name"] = r.id;
        base["family_index"] = instance->family_index;
        base["per_family_instance_index"] = instance->per_family_index;
        base["run_name"] = r.id;
        base["run_type"] = "iteration";
        base["repetitions"] = repetitions;
        base["repetition_index"] = 0;
        base["threads"] = instance->threads;
        if (r.status == pace::Status::failed || r.status == pace::Status::skipped) {
            pace::Json row = base;
            row["iterations"] = 0;
            row["real_time"] = 0.0;
            row["cpu_time"] = 0.0;
            row["time_unit"] = unit_name(unit);
            row["error_occurred"] = r.status == pace::Status::failed;
            row["error_message"] = r.message;
            rows.push_back(std::move(row));
            continue;
        }
        // The repetitions: pace's rounds, in order, split into that many runs.
        std::vector<double> times;  // seconds per iteration, one per repetition
        std::vector<std::int64_t> iterations;
        const std::int64_t per_round = r.time ? r.time->iterations : 1;
        if (r.time && !r.time->samples.empty()) {
            const auto& s = r.time->samples;
            for (int k = 0; k < repetitions; ++k) {
                std::size_t from = s.size() * static_cast<std::size_t>(k) / static_cast<std::size_t>(repetitions);
                std::size_t to = s.size() * static_cast<std::size_t>(k + 1) / static_cast<std::size_t>(repetitions);
                if (to <= from) {
                    from = 0;
                    to = s.size();
                }
                // A repetition's time is the median of its rounds: a round
                // preempted on a loaded machine would weigh on a mean tenfold.
                times.push_back(median(std::vector<double>(s.begin() + static_cast<std::ptrdiff_t>(from),
                                                           s.begin() + static_cast<std::ptrdiff_t>(to))));
                iterations.push_back(static_cast<std::int64_t>(to - from) * per_round * instance->threads);
            }
        } else {
            // Instruction mode times nothing: the rows carry the counts.
            times.assign(static_cast<std::size_t>(repetitions), 0.0);
            iterations.assign(static_cast<std::size_t>(repetitions), 0);
        }
        // The CPU time per iteration measured beside the rounds (one figure
        // for the whole benchmark); the wall time without one.
        auto cpu_it = r.counters.find("cpu_time");
        const std::optional<double> cpu =
            cpu_it != r.counters.end() ? std::optional<double>(cpu_it->second) : std::nullopt;
        auto fill = [&](pace::Json& row, double time_s, std::optional<double> cpu_s) {
            row["real_time"] = time_s * mult;
            row["cpu_time"] = cpu_s.value_or(time_s) * mult;
            row["time_unit"] = unit_name(unit);
            if (r.bytes_per_call && time_s > 0) row["bytes_per_second"] = *r.bytes_per_call / time_s;
            if (r.items_per_call && time_s > 0) row["items_per_second"] = *r.items_per_call / time_s;
            for (const auto& [name, value] : r.counters)
                if (name != "cpu_time") row[name] = value;
            if (r.extra_info.contains("label")) row["label"] = r.extra_info["label"];
        };
        if (!aggregates_only || repetitions < 2) {
            for (int k = 0; k < repetitions; ++k) {
                pace::Json row = base;
                row["repetition_index"] = k;
                row["iterations"] = iterations[static_cast<std::size_t>(k)];
                fill(row, times[static_cast<std::size_t>(k)], cpu);
                rows.push_back(std::move(row));
            }
        }
        if (repetitions >= 2) {
            struct Stat {
                std::string name;
                double value;
                bool percentage;
                double cpu_value;
            };
            const std::vector<double> cpus(times.size(), cpu.value_or(0));
            std::vector<Stat> stats{{"mean", mean(times), false, mean(cpus)},
                                    {"median", median(times), false, median(cpus)},
                                    {"stddev", stddev(times), false, stddev(cpus)},
                                    {"cv", cv(times), true, cv(cpus)}};
            for (const Statistics& st : Families::statistics(b))
                stats.push_back({st.name_, st.compute_(times), st.unit_ == kPercentage, st.compute_(cpus)});
            for (const Stat& st : stats) {
                pace::Json row = base;
                row.erase("repetition_index");
                row["name"] = r.id + "_" + st.name;
                row["run_type"] = "aggregate";
                row["aggregate_name"] = st.name;
                row["aggregate_unit"] = st.percentage ? "percentage" : "time";
                row["iterations"] = repetitions;
                if (st.percentage) {
                    row["real_time"] = st.value;
                    row["cpu_time"] = cpu ? st.cpu_value : st.value;
                    row["time_unit"] = unit_name(unit);
                } else {
                    fill(row, st.value, cpu ? std::optional<double>(st.cpu_value) : std::nullopt);
                }
                rows.push_back(std::move(row));
            }
        }
        auto sweep = sweeps.find(instance->family);
        if (sweep != sweeps.end()) {
            double n = 0;
            if (r.extra_info.contains("complexity_n") && r.extra_info["complexity_n"].is_number())
                n = r.extra_info["complexity_n"].get<double>();
            sweep->second.points.push_back({n, mean(times)});
            if (--sweep->second.remaining == 0 && sweep->second.points.size() >= 2) {
                Fit fit = fit_complexity(sweep->second.points, Families::complexity(b), Families::complexity_lambda(b));
                // Google Benchmark's two rows of a fit: its name with a
                // suffix, as an aggregate of the whole sweep.
                auto fit_row = [&](const char* aggregate, const char* unit_kind) {
                    pace::Json row = base;
                    row.erase("repetition_index");
                    row["name"] = instance->complexity_name + "_" + aggregate;
                    row["run_name"] = instance->complexity_name;
                    row["run_type"] = "aggregate";
                    row["aggregate_name"] = aggregate;
                    row["aggregate_unit"] = unit_kind;
                    return row;
                };
                pace::Json big_o = fit_row("BigO", "time");
                big_o["cpu_coefficient"] = fit.coefficient * mult;
                big_o["real_coefficient"] = fit.coefficient * mult;
                big_o["big_o"] = big_o_name(fit.model);
                big_o["time_unit"] = unit_name(unit);
                rows.push_back(std::move(big_o));
                pace::Json rms = fit_row("RMS", "percentage");
                rms["rms"] = fit.rms;
                rows.push_back(std::move(rms));
            }
        }
    }
    return rows;
}

}  // namespace

std::string to_gb_json(const pace::Run& run, const Flags& flags, const std::string& executable, bool display) {
    pace::Json context = pace::Json::object();
    context["date"] = run.datetime;
    context["host_name"] = run.machine.node;
    context["executable"] = executable;
    const CPUInfo& cpu = CPUInfo::Get();
    context["num_cpus"] = cpu.num_cpus;
    context["mhz_per_cpu"] = static_cast<int>(cpu.cycles_per_second / 1e6);
    context["cpu_scaling_enabled"] = cpu.scaling == CPUInfo::ENABLED;
    context["caches"] = pace::Json::array();
    for (const CPUInfo::CacheInfo& c : cpu.caches)
        context["caches"].push_back(
            {{"type", c.type}, {"level", c.level}, {"size", c.size}, {"num_sharing", c.num_sharing}});
    context["load_avg"] = cpu.load_avg;
    context["library_build_type"] = "release";
    context["pace_version"] = PACE_VERSION;
    context["pace_mode"] = run.mode;
    for (const auto& [key, value] : flags.context) context[key] = value;
    pace::Json document = pace::Json::object();
    document["context"] = context;
    document["benchmarks"] = make_rows(run, flags, display);
    return document.dump(2) + "\n";
}

std::string to_gb_csv(const pace::Run& run, const Flags& flags, bool display) {
    std::vector<pace::Json> rows = make_rows(run, flags, display);
    // Google Benchmark's CSV columns, then the user counters in name order.
    std::vector<std::string> counters;
    static const std::vector<std::string> fixed{"name",
                                                "family_index",
                                                "per_family_instance_index",
                                                "run_name",
                                                "run_type",
                                                "repetitions",
                                                "repetition_index",
                                                "threads",
                                                "iterations",
                                                "real_time",
                                                "cpu_time",
                                                "time_unit",
                                                "bytes_per_second",
                                                "items_per_second",
                                                "label",
                                                "error_occurred",
                                                "error_message",
                                                "aggregate_name",
                                                "aggregate_unit",
                                                "cpu_coefficient",
                                                "real_coefficient",
                                                "big_o",
                                                "rms"};
    for (const auto& row : rows)
        for (const auto& [key, value] : row.items())
            if (std::find(fixed.begin(), fixed.end(), key) == fixed.end() &&
                std::find(counters.begin(), counters.end(), key) == counters.end())
                counters.push_back(key);
    std::sort(counters.begin(), counters.end());
    std::ostringstream out;
    out << "name,iterations,real_time,cpu_time,time_unit,bytes_per_second,items_per_second,label,error_occurred,"
           "error_message";
    for (const auto& c : counters) out << ",\"" << c << "\"";
    out << "\n";
    auto quoted = [](const std::string& s) {
        std::string q = "\"";
        for (char ch : s) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        return q + "\"";
    };
    auto number = [](const pace::Json& v) {
        return v.is_number() ? fmt::format("{}", v.get<double>()) : std::string();
    };
    for (const auto& row : rows) {
        out << quoted(row.value("name", std::string()));
        if (row.value("aggregate_name", std::string()) == "RMS") {
            out << ",,," << number(row["rms"]) << ",,,,,,";
        } else if (row.value("aggregate_name", std::string()) == "BigO") {
            out << ",," << number(row["cpu_coefficient"]) << "," << number(row["real_coefficient"]) << ","
                << row.value("big_o", std::string()) << ",,,,,";
        } else {
            out << "," << (row.contains("iterations") ? number(row["iterations"]) : "") << ","
                << number(row["real_time"]) << "," << number(row["cpu_time"]) << ","
                << row.value("time_unit", std::string()) << ","
                << (row.contains("bytes_per_second") ? number(row["bytes_per_second"]) : "") << ","
                << (row.contains("items_per_second") ? number(row["items_per_second"]) : "") << ","
                << (row.contains("label") ? quoted(row["label"].get<std::string>()) : "") << ","
                << (row.value("error_occurred", false) ? "true" : "") << ","
                << (row.contains("error_message") ? quoted(row["error_message"].get<std::string>()) : "");
        }
        for (const auto& c : counters) out << "," << (row.contains(c) ? number(row[c]) : "");
        out << "\n";
    }
    return out.str();
}

}  // namespace benchmark::internal
