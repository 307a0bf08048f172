// SPDX-License-Identifier: Apache-2.0
// The result model: every producer makes a Run, every consumer reads Runs.
// Times are seconds per call; memory is bytes; counts are plain numbers.
#pragma once

#include <cstdint>   // std::int64_t
#include <map>       // std::map
#include <optional>  // std::optional
#include <string>    // std::string
#include <variant>   // std::variant
#include <vector>    // std::vector

#include <nlohmann/json.hpp>  // free-form extra_info and raw machine/commit data

#include "model/counters.hpp"         // Counters
#include "model/optional_double.hpp"  // OptionalDouble
#include "model/shared_json.hpp"      // SharedJson

namespace pace {

using Json = nlohmann::ordered_json;

/// A dim's value keeps its type so a scaling plot knows `n=1000` is a number.
using DimValue = std::variant<std::int64_t, double, std::string, bool>;

/// Text of a dim value as it appears in an id: `1000`, `0.5`, `random`, `true`.
std::string to_string(const DimValue& value);

/// True when the value is an integer or floating-point number.
bool is_numeric(const DimValue& value);

/// A named parameter of a benchmark and the value of this instance.
struct Dim {
    std::string name;
    DimValue value;
    friend bool operator==(const Dim& a, const Dim& b) { return a.name == b.name && a.value == b.value; }
};

/// Summary statistics of the time samples, seconds per call. Fields an
/// imported file did not carry stay empty rather than being guessed.
struct TimeStats {
    OptionalDouble min, max, mean, stddev, median, q1, q3, iqr, p95, p99, ops, total;
    OptionalDouble ld15iqr, hd15iqr;  ///< lowest/highest sample within 1.5 IQR of the quartiles
    std::optional<std::int64_t> iqr_outliers, stddev_outliers;
    std::int64_t rounds = 0;      ///< rounds measured (may exceed samples.size() for imports)
    std::int64_t iterations = 1;  ///< calls per round
    std::vector<double> samples;  ///< seconds per call, one per round, in measurement order
    /// How many of `samples`, in order, each process made: {40, 40, 40} for a
    /// run of three processes, all 1 when every sample is a process of its own
    /// (hyperfine, pace cmd). Empty when one process made them all, or the
    /// producer did not say: the samples then share one process's offset.
    std::vector<std::int64_t> process_samples;
    /// The processes that made the samples: 1 when process_samples is empty.
    std::size_t processes() const { return process_samples.empty() ? 1 : process_samples.size(); }
    /// Bootstrap confidence interval of the median, when computed.
    OptionalDouble median_ci_low, median_ci_high;
};

/// Figures of the untimed memory pass (one call with allocation tracking on).
struct MemoryStats {
    std::int64_t peak = 0;         ///< high-water mark of live heap bytes above the start
    std::int64_t allocated = 0;    ///< total bytes allocated during the call
    std::int64_t allocations = 0;  ///< number of allocations during the call
    std::int64_t leaked = 0;       ///< bytes allocated during the call still live after it
    std::optional<std::int64_t> rss;  ///< peak resident set size, bytes, when the producer measured it
};

enum class Status { ok, failed, skipped };
std::string_view to_string(Status status);

/// A pass/fail check attached to a benchmark (`p95 <= 500ms`, `peak <= 24MiB`).
struct TargetOutcome {
    std::string description;  ///< e.g. "p95 <= 500 ms"
    bool passed = false;
    std::string detail;       ///< e.g. "p95 was 612 ms", or why it was not checked
    /// False when the run could not check it (a memory limit under --no-memory
    /// or in instruction mode): then `passed` is false too, and the result's
    /// status does not depend on it.
    bool checked = true;
};

/// One benchmark instance (one combination of dims) in a Run.
struct Result {
    std::string name;      ///< registered name: "sort/std"
    std::string id;        ///< the join key between runs: "sort/std[n=1000,kind=random]"
    std::string group;     ///< "" when none
    std::vector<Dim> dims;
    std::vector<std::string> tags;
    Status status = Status::ok;
    std::string message;   ///< why it failed or was skipped

    std::optional<TimeStats> time;
    std::optional<MemoryStats> memory;
    /// Deterministic or derived counters: "instructions", "items_per_second", user counters.
    Counters counters;
    OptionalDouble items_per_call, bytes_per_call;  ///< for throughput
    OptionalDouble precision;  ///< achieved half-width of the median CI, relative (0.01 = ±1%)
    std::vector<TargetOutcome> targets;
    SharedJson extra_info;  ///< user data (pytest-benchmark's extra_info); `{}` by default
    /// How it was measured (min_rounds, max_time, ...); `{}` by default. Readers
    /// share equal options of neighbouring results (SharedJson::share_if_equal).
    SharedJson options;
};

/// The order of results by id, shared by every table: by benchmark name (with
/// the file and class before it for pytest-benchmark's ids), then by dims with
/// numbers compared by value (`n=1000` before `n=10000`, and
/// Google Benchmark's `BM_sort/4096` before `BM_sort/32768`, which text order
/// reverses), text dims as text, numbers before text; ties by id.
bool id_order(const Result& a, const Result& b);

/// The machine a run was made on.
struct MachineInfo {
    std::string node, system, release, machine, cpu_model, compiler, build_type;
    int cores = 0;
    Json raw = Json::object();  ///< everything the producer wrote, kept for round-trips
    /// Stable id naming OS, architecture and CPU: runs with different ids are
    /// not silently compared.
    std::string id() const;
};

/// The source revision a run was made from.
struct CommitInfo {
    std::string id, branch, time;
    std::optional<bool> dirty;
    Json raw = Json::object();
};

/// How a figure grows with one numeric dim over a sweep of a benchmark's
/// instances (`pace::complexity("n")`): the model chosen among O(1) … O(N^3),
/// fitted as intercept + coefficient · g(N).
struct ComplexityFit {
    std::string id;      ///< the benchmark without the swept dim: "sort/std", "sort/std[kind=random]"
    std::string dim;     ///< the swept dim: "n"
    std::string metric;  ///< the fitted figure: "median" (seconds per call) or "instructions"
    std::string model;   ///< "O(1)", "O(log N)", "O(N)", "O(N log N)", "O(N^2)", "O(N^3)"
    double coefficient = 0;  ///< metric units per unit of g(N) (g = 1, ln N, N, N ln N, N², N³)
    double intercept = 0;    ///< metric units
    double r_squared = 0;    ///< weighted, of the chosen model
    std::string runner_up;   ///< the next best model, "" when none
    double runner_up_ratio = 0;  ///< the runner-up's weighted residual over the chosen model's
    std::int64_t points = 0;     ///< instances fitted
};

/// How a benchmark's speedup grows with its worker count over the instances
/// that differ only in that dim (`pace::threads({1, 2, 4, 8})`): measured
/// speedups over one worker, Amdahl's and the USL's fits, and the predictions.
struct ScalingFit {
    /// One worker count of the sweep. Counts above the machine's cores are not
    /// measured (their speedup would be the scheduler's), only predicted.
    struct Point {
        double workers = 1;
        std::optional<double> median;   ///< seconds per call, when measured
        std::optional<double> speedup;  ///< median at one worker / median here, when measured
        double predicted = 0;           ///< the better model's speedup here
    };
    std::string id;   ///< the benchmark without the worker dim: "work/locked"
    std::string dim;  ///< the worker dim: "threads"
    int cores = 0;    ///< the machine's cores: counts above are predicted only
    double serial_fraction = 0;      ///< Amdahl's σ
    double amdahl_r_squared = 0;
    std::optional<double> contention;  ///< the USL's α, when three counts were measured
    std::optional<double> coherency;   ///< the USL's β
    std::optional<double> usl_r_squared;
    std::string model = "amdahl";      ///< the better fit: "amdahl" or "usl"
    /// The prediction of the largest measured count from the others, as a
    /// percentage of its measured speedup (100 = exact), with that count;
    /// absent with fewer than three measured counts.
    std::optional<double> accuracy;
    std::optional<double> accuracy_workers;
    std::vector<Point> points;
};

/// One run of a suite: the unit every producer makes and every consumer reads.
struct Run {
    std::string producer = "pace";  ///< "pace", "pytest-benchmark", "google-benchmark", "hyperfine"
    std::string producer_version;
    std::string mode = "time";      ///< "time", "instructions", "test"
    std::string datetime;           ///< ISO 8601 UTC
    MachineInfo machine;
    CommitInfo commit;
    std::vector<Result> results;
    std::vector<ComplexityFit> complexity;  ///< one per benchmark (and other dims) swept over a complexity dim
    std::vector<ScalingFit> scaling;        ///< one per benchmark (and other dims) swept over a worker dim
    /// How the run was asked for, as a whole (`pace.options`): the benchmark
    /// binary's selection and measuring flags, and `shard` ("2/4") for a part
    /// of a sharded run. Empty when the producer did not say.
    Json options = Json::object();
    std::string source;             ///< the file it was read from, "" when made here

    const Result* find(std::string_view id) const;
};

/// A metric of a result by name: a built-in one, read as its entry of
/// model/metrics.cpp says (time statistics, memory, ...), or any counter.
/// Empty when the result does not carry it.
std::optional<double> metric(const Result& result, std::string_view name);

/// What a metric measures, to choose units and the bad direction.
enum class MetricKind { time, rate, bytes, count };
/// A built-in metric's entry says; a counter's name does (`cpu_time` is a time, `swaps/s` a rate).
MetricKind metric_kind(std::string_view name);
/// True when a larger value is worse (time, memory, instructions); false for ops and rates.
/// pace.toml's [counters] directions are read for user counters.
bool higher_is_worse(std::string_view name);

/// Builds the id `name[a=1,b=x]` from a name and dims (just `name` without dims).
std::string make_id(const std::string& name, const std::vector<Dim>& dims);

}  // namespace pace
