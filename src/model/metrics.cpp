// SPDX-License-Identifier: Apache-2.0
#include "model/metrics.hpp"

#include <algorithm>  // std::find_if
#include <array>      // the entries
#include <utility>    // std::move

#include <fmt/format.h>  // cells shown as text

namespace pace {

namespace {

using Value = std::optional<double>;

// Readers shared by the entries: a field of the time statistics or of the
// memory pass, empty when the result has no such pass.
template <OptionalDouble TimeStats::* field>
Value time_stat(const Result& r) {
    return r.time ? Value((*r.time).*field) : std::nullopt;
}

template <std::int64_t MemoryStats::* field>
Value memory_figure(const Result& r) {
    if (!r.memory) return std::nullopt;
    return static_cast<double>((*r.memory).*field);
}

template <std::int64_t TimeStats::* field>
Value time_count(const Result& r) {
    if (!r.time) return std::nullopt;
    return static_cast<double>((*r.time).*field);
}

// Items or bytes per second from what a call handles and the mean time, unless
// the producer wrote the rate itself (Google Benchmark's counter of that name).
template <OptionalDouble Result::* per_call>
Value throughput(const Result& r, const char* name) {
    if (auto it = r.counters.find(std::string(name)); it != r.counters.end()) return it->second;
    if (!(r.*per_call) || !r.time || !r.time->mean || !(*r.time->mean > 0)) return std::nullopt;
    return *(r.*per_call) / *r.time->mean;
}

std::string percent_cell(const Result& r, std::string_view name, const char* format) {
    const Value v = metric(r, name);
    return v ? fmt::format(fmt::runtime(format), *v * 100) : std::string("—");
}

using K = MetricKind;

// The order is the results table's (pytest-benchmark's: Min Max Mean StdDev
// Median IQR ...) and that of every list of names shown to users.
constexpr std::array metric_table{
    MetricInfo{.name = "time", .kind = K::time, .higher_is_worse = true, .read = time_stat<&TimeStats::median>,
               .help = "the median time per call", .offered = true, .of_samples = true},
    MetricInfo{.name = "min", .kind = K::time, .higher_is_worse = true, .read = time_stat<&TimeStats::min>,
               .column = "Min", .show = Show::always, .help = "fastest round, seconds per call", .offered = true,
               .of_samples = true},
    MetricInfo{.name = "max", .kind = K::time, .higher_is_worse = true, .read = time_stat<&TimeStats::max>,
               .column = "Max", .show = Show::always, .help = "slowest round, seconds per call", .offered = true,
               .of_samples = true},
    MetricInfo{.name = "mean", .kind = K::time, .higher_is_worse = true, .read = time_stat<&TimeStats::mean>,
               .column = "Mean", .show = Show::always, .help = "mean of the rounds, seconds per call",
               .offered = true, .of_samples = true},
    MetricInfo{.name = "stddev", .kind = K::time, .higher_is_worse = true, .read = time_stat<&TimeStats::stddev>,
               .column = "StdDev", .show = Show::always, .help = "standard deviation of the rounds",
               .offered = true, .of_samples = true},
    // Relative spread, comparable between benchmarks of any speed. Google
    // Benchmark writes its own (the `_cv` aggregate over repetitions, a
    // counter of this name): that one is read as it is, and its direction
    // stays settable in pace.toml as before.
    MetricInfo{.name = "cv", .kind = K::count, .higher_is_worse = true,
               .read = [](const Result& r) -> Value {
                   if (auto it = r.counters.find("cv"); it != r.counters.end()) return it->second;
                   if (!r.time || r.time->rounds < 2 || !r.time->stddev || !r.time->mean || !(*r.time->mean > 0))
                       return std::nullopt;
                   return *r.time->stddev / *r.time->mean;
               },
               .column = "CV", .help = "coefficient of variation of the rounds: stddev / mean (0.05 = 5%)",
               .offered = true, .fixed = false,
               .cell = [](const Result& r) { return percent_cell(r, "cv", "{:.1f}%"); }},
    MetricInfo{.name = "median", .kind = K::time, .higher_is_worse = true, .read = time_stat<&TimeStats::median>,
               .column = "Median", .show = Show::always, .help = "median of the rounds, seconds per call",
               .offered = true, .of_samples = true},
    MetricInfo{.name = "iqr", .kind = K::time, .higher_is_worse = true, .read = time_stat<&TimeStats::iqr>,
               .column = "IQR", .show = Show::always, .help = "interquartile range of the rounds (q3 - q1)",
               .offered = true, .of_samples = true},
    MetricInfo{.name = "q1", .kind = K::time, .higher_is_worse = true, .read = time_stat<&TimeStats::q1>,
               .help = "first quartile of the rounds", .of_samples = true},
    MetricInfo{.name = "q3", .kind = K::time, .higher_is_worse = true, .read = time_stat<&TimeStats::q3>,
               .help = "third quartile of the rounds", .of_samples = true},
    MetricInfo{.name = "p95", .kind = K::time, .higher_is_worse = true, .read = time_stat<&TimeStats::p95>,
               .help = "95th percentile of the rounds", .offered = true, .of_samples = true},
    MetricInfo{.name = "p99", .kind = K::time, .higher_is_worse = true, .read = time_stat<&TimeStats::p99>,
               .help = "99th percentile of the rounds", .offered = true, .of_samples = true},
    MetricInfo{.name = "total", .kind = K::time, .higher_is_worse = true, .read = time_stat<&TimeStats::total>,
               .help = "time of all rounds together, seconds", .of_samples = true},
    MetricInfo{.name = "outliers", .kind = K::count, .higher_is_worse = true, .column = "Outliers",
               .show = Show::always,
               .help = "rounds beyond 1 standard deviation ; beyond 1.5 IQR of the quartiles",
               .timing_only = true, .cell = [](const Result& r) {
                   if (!r.time || !r.time->stddev_outliers || !r.time->iqr_outliers) return std::string("—");
                   return fmt::format("{};{}", *r.time->stddev_outliers, *r.time->iqr_outliers);
               }},
    MetricInfo{.name = "ops", .kind = K::rate, .higher_is_worse = false, .read = time_stat<&TimeStats::ops>,
               .column = "OPS", .show = Show::always, .help = "calls per second (1 / mean)", .offered = true,
               .of_samples = true},
    MetricInfo{.name = "rounds", .kind = K::count, .higher_is_worse = true, .read = time_count<&TimeStats::rounds>,
               .column = "Rounds", .show = Show::always, .help = "rounds measured"},
    MetricInfo{.name = "iterations", .kind = K::count, .higher_is_worse = true,
               .read = time_count<&TimeStats::iterations>, .column = "Iterations", .show = Show::always,
               .help = "calls per round"},
    MetricInfo{.name = "precision", .kind = K::count, .higher_is_worse = true,
               .read = [](const Result& r) { return Value(r.precision); }, .column = "±Median", .show = Show::present,
               .help = "half-width of the median's confidence interval, relative (0.01 = ±1%)",
               .timing_only = true, .cell = [](const Result& r) { return percent_cell(r, "precision", "±{:.1f}%"); }},
    MetricInfo{.name = "items_per_second", .kind = K::rate, .higher_is_worse = false,
               .read = [](const Result& r) { return throughput<&Result::items_per_call>(r, "items_per_second"); },
               .column = "Items", .show = Show::present, .help = "items handled per second (items per call / mean)",
               .fixed = false},
    MetricInfo{.name = "bytes_per_second", .kind = K::rate, .higher_is_worse = false,
               .read = [](const Result& r) { return throughput<&Result::bytes_per_call>(r, "bytes_per_second"); },
               .column = "Bytes", .show = Show::present, .help = "bytes handled per second (bytes per call / mean)",
               .fixed = false},
    MetricInfo{.name = "instructions", .kind = K::count, .higher_is_worse = true, .column = "Instructions",
               .show = Show::present, .help = "instructions per call (instruction mode)", .offered = true},
    // Hardware counts of time mode, where the kernel gives them.
    MetricInfo{.name = "hw_instructions", .kind = K::count, .higher_is_worse = true, .column = "HW instr",
               .show = Show::present, .help = "instructions per call counted by the CPU (time mode)",
               .offered = true},
    MetricInfo{.name = "cycles", .kind = K::count, .higher_is_worse = true, .column = "Cycles",
               .show = Show::present, .help = "CPU cycles per call (time mode)", .offered = true},
    MetricInfo{.name = "cache_misses", .kind = K::count, .higher_is_worse = true, .column = "Cache misses",
               .show = Show::present, .help = "cache misses per call (time mode)", .offered = true},
    // Subprocess accounting (subprocess_metrics() is this run of entries).
    MetricInfo{.name = "subprocess_calls", .kind = K::count, .higher_is_worse = true, .column = "Spawns",
               .show = Show::present, .help = "processes started per call (fork, posix_spawn, system, popen)",
               .offered = true},
    MetricInfo{.name = "subprocess_time", .kind = K::time, .higher_is_worse = true, .column = "In subproc",
               .show = Show::present, .help = "wall time per call while a process it started was running",
               .offered = true},
    MetricInfo{.name = "subprocess_cpu", .kind = K::time, .higher_is_worse = true, .column = "Subproc CPU",
               .show = Show::present,
               .help = "user + system CPU time per call of the processes it started and reaped", .offered = true},
    // More time outside the subprocesses is the code's own getting slower
    // next to the tools it calls: the bad direction is up.
    MetricInfo{.name = "overhead_ratio", .kind = K::count, .higher_is_worse = true, .column = "Own",
               .show = Show::present,
               .help = "share of the call's wall time spent outside its subprocesses (0 to 1)", .offered = true,
               .cell = [](const Result& r) { return percent_cell(r, "overhead_ratio", "{:.0f}%"); }},
    // Instruction mode with --trace-children: the children's count, apart
    // from the benchmark's own `instructions`.
    MetricInfo{.name = "child_instructions", .kind = K::count, .higher_is_worse = true, .column = "Child instr",
               .show = Show::present,
               .help = "instructions per call of the processes it started (instruction mode, --trace-children)",
               .offered = true},
    MetricInfo{.name = "peak", .kind = K::bytes, .higher_is_worse = true, .read = memory_figure<&MemoryStats::peak>,
               .column = "Peak", .show = Show::present, .help = "high-water mark of live heap bytes during a call",
               .offered = true, .memory = true},
    MetricInfo{.name = "allocated", .kind = K::bytes, .higher_is_worse = true,
               .read = memory_figure<&MemoryStats::allocated>, .column = "Allocated", .show = Show::present,
               .help = "heap bytes allocated during a call", .offered = true, .memory = true},
    MetricInfo{.name = "allocations", .kind = K::count, .higher_is_worse = true,
               .read = memory_figure<&MemoryStats::allocations>, .column = "Allocs", .show = Show::present,
               .help = "heap allocations during a call", .offered = true, .memory = true},
    MetricInfo{.name = "leaked", .kind = K::bytes, .higher_is_worse = true,
               .read = memory_figure<&MemoryStats::leaked>, .column = "Leaked", .show = Show::nonzero,
               .help = "heap bytes allocated during a call and still live after it", .offered = true,
               .memory = true},
    MetricInfo{.name = "rss", .kind = K::bytes, .higher_is_worse = true,
               .read = [](const Result& r) -> Value {
                   if (!r.memory || !r.memory->rss) return std::nullopt;
                   return static_cast<double>(*r.memory->rss);
               },
               .help = "peak resident set size of the process, bytes", .offered = true, .memory = true},
};

constexpr std::size_t first_subprocess = 24, subprocess_count = 5;
static_assert(metric_table[first_subprocess].name == "subprocess_calls" &&
              metric_table[first_subprocess + subprocess_count - 1].name == "child_instructions");

// Written once at start-up, read afterwards (see set_counter_directions).
std::map<std::string, bool, std::less<>>& user_directions() {
    static std::map<std::string, bool, std::less<>> directions;
    return directions;
}

}  // namespace

std::span<const MetricInfo> metric_infos() { return metric_table; }

std::span<const MetricInfo> subprocess_metrics() {
    return std::span<const MetricInfo>(metric_table).subspan(first_subprocess, subprocess_count);
}

const MetricInfo* find_metric_info(std::string_view name) {
    auto it = std::find_if(metric_table.begin(), metric_table.end(), [&](const MetricInfo& m) { return m.name == name; });
    return it == metric_table.end() ? nullptr : &*it;
}

std::string offered_metric_names() {
    std::string out;
    for (const MetricInfo& m : metric_table)
        if (m.offered) out += (out.empty() ? "" : ", ") + std::string(m.name);
    return out;
}

bool has_fixed_direction(std::string_view name) {
    const MetricInfo* info = find_metric_info(name);
    return info && info->fixed;
}

void set_counter_directions(std::map<std::string, bool, std::less<>> higher_is_better) {
    user_directions() = std::move(higher_is_better);
}

std::optional<bool> counter_direction(std::string_view name) {
    const auto& directions = user_directions();
    if (auto it = directions.find(name); it != directions.end()) return it->second;
    return std::nullopt;
}

}  // namespace pace
