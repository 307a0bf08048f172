// SPDX-License-Identifier: Apache-2.0
// Google Benchmark's API on pace, the side the compatibility header does not
// show: the families registered, their instances (Google Benchmark's names),
// each run of a benchmark function, the --benchmark_* flags and the Google
// Benchmark files written from a pace Run.
#pragma once

#include <cstdint>   // std::int64_t
#include <memory>    // std::unique_ptr
#include <optional>  // std::optional
#include <string>    // names
#include <vector>    // instances

#include "benchmark/benchmark.h"    // the API this implements (include/pace/gbench/)
#include "measure/bench_state.hpp"  // BenchAccess: the runner's record behind a Bench
#include "model/outcome.hpp"        // Outcome, InputError: bad flags
#include "model/run.hpp"            // Run: what the files are written from
#include "pace/bench.hpp"           // Bench: the state behind it

namespace benchmark::internal {

/// One benchmark of a family: an argument list and a thread count, named as
/// Google Benchmark names it ("BM_x/8/threads:2").
struct Instance {
    Benchmark* family = nullptr;
    std::size_t family_index = 0;      ///< the family's position among all registered
    std::size_t per_family_index = 0;  ///< this instance's position in its family
    std::vector<std::int64_t> args;
    int threads = 1;
    std::string name;
    std::string complexity_name;  ///< the name without its arguments: "<it>_BigO" names the fit
};

/// The instance registered as pace benchmark `id`, or null.
const Instance* find_instance(const std::string& id);

/// Reads what the compatibility header's Benchmark keeps private.
class Families {
public:
    /// Every family registered so far, in registration order.
    static std::vector<std::unique_ptr<Benchmark>>& all();
    /// The instances of every family, in Google Benchmark's order (families in
    /// registration order, then argument lists, then thread counts).
    static std::vector<Instance> expand();
    static const std::string& name(const Benchmark& b) { return b.name_; }
    static int repetitions(const Benchmark& b) { return b.repetitions_; }
    static double min_time(const Benchmark& b) { return b.min_time_; }
    static double min_warmup_time(const Benchmark& b) { return b.min_warmup_time_; }
    static IterationCount iterations(const Benchmark& b) { return b.iterations_; }
    static bool manual_time(const Benchmark& b) { return b.use_manual_time_; }
    static bool process_cpu_time(const Benchmark& b) { return b.process_cpu_time_; }
    static bool explicit_time_unit(const Benchmark& b) { return !b.use_default_time_unit_; }
    static TimeUnit time_unit(const Benchmark& b) { return b.time_unit_; }
    static AggregationReportMode report_mode(const Benchmark& b) { return b.aggregation_report_mode_; }
    static BigO complexity(const Benchmark& b) { return b.complexity_; }
    static BigOFunc* complexity_lambda(const Benchmark& b) { return b.complexity_lambda_; }
    static const std::vector<Statistics>& statistics(const Benchmark& b) { return b.statistics_; }
    static void (*setup(const Benchmark& b))(const State&) { return b.setup_; }
    static void (*teardown(const Benchmark& b))(const State&) { return b.teardown_; }
};

/// Why a run of the function ended early.
enum class Ending { none, error, skip };

/// What a run of a benchmark function reported, over its threads.
struct RunFigures {
    std::int64_t elapsed_ns = 0;  ///< per pace "call" times the iterations: see run_function
    double cpu_s = 0;             ///< CPU time of the run, as Google Benchmark sums it over threads
    IterationCount iterations = 0;
    std::int64_t bytes = 0, items = 0, complexity_n = 0;
    std::vector<std::pair<std::string, Counter>> counters;  ///< summed over threads
    std::string label;
    Ending ending = Ending::none;
    std::string message;
};

/// How a run is used: timed rounds, the memory pass, or --test's one call.
enum class Purpose { timed, memory, test };

/// The pace side of one run of a benchmark function: what the State's timing
/// calls reach.
struct RunContext {
    pace::detail::BenchState* bench = nullptr;
    const Instance* instance = nullptr;
    Purpose purpose = Purpose::timed;
    bool tracking = false;              ///< the memory pass's tracking is on
    struct Barrier* barrier = nullptr;  ///< the threads' start and stop, when more than one

    void start(State& s);
    void stop(State& s);
    static Ending ending(const State& s);
    static const std::string& message(const State& s);
    static const std::string& label(const State& s);
    /// The loop's time: measured (pauses excluded), or SetIterationTime's sum.
    static double seconds(const State& s, bool manual);
    /// The loop's CPU time (its thread's, or the process's), pauses excluded.
    static double cpu_seconds(const State& s);
    bool process_cpu = false;  ///< MeasureProcessCPUTime()
    static int& barrier_waits(State& s);
    /// The loop ran to its end (false: never entered, or left by a break).
    static bool finished(const State& s);
};

/// Runs the instance's function once with `iterations` iterations (in its
/// threads) and returns what it reported; exceptions of the function propagate.
RunFigures run_function(const Instance& instance, pace::detail::BenchState& bench, Purpose purpose,
                        IterationCount iterations);

/// The Google Benchmark flags of a command line.
struct Flags {
    std::optional<std::string> filter;             ///< --benchmark_filter
    bool list = false;                             ///< --benchmark_list_tests
    std::optional<double> min_time;                ///< --benchmark_min_time=0.5 or 0.5s
    std::optional<IterationCount> min_iterations;  ///< --benchmark_min_time=100x
    std::optional<double> min_warmup_time;
    std::optional<int> repetitions;
    bool aggregates_only = false;  ///< --benchmark_report_aggregates_only
    bool display_aggregates_only = false;
    std::string format = "console";   ///< --benchmark_format
    std::string out;                  ///< --benchmark_out
    std::string out_format = "json";  ///< --benchmark_out_format
    std::optional<TimeUnit> time_unit;
    std::vector<std::pair<std::string, std::string>> context;  ///< --benchmark_context=k=v,...
};

/// Takes the --benchmark_* flags out of `args` into `flags`; an unknown or
/// malformed one is an error naming it.
std::optional<pace::InputError> take_flags(std::vector<std::string>& args, Flags& flags);

/// pace's --filter for a Google Benchmark filter ("-x" excludes, "all" is everything).
std::string pace_filter(const std::string& gb_filter);

/// The flags in effect for this process's run.
const Flags& current_flags();

/// Google Benchmark's JSON document (context + benchmarks) for a pace Run of
/// instances registered here: iteration rows (the samples split into the
/// repetitions), aggregates (_mean, _median, _stddev, _cv and custom
/// statistics) and BigO/RMS rows. `display`: for stdout, where
/// --benchmark_display_aggregates_only applies too.
std::string to_gb_json(const pace::Run& run, const Flags& flags, const std::string& executable, bool display);
/// Google Benchmark's CSV, the same rows.
std::string to_gb_csv(const pace::Run& run, const Flags& flags, bool display);

}  // namespace benchmark::internal
