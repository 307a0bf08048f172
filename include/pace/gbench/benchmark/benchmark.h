// SPDX-License-Identifier: Apache-2.0
// Google Benchmark's API on pace. A target that links pace::gbench (instead of
// benchmark::benchmark) finds this file as <benchmark/benchmark.h>: its
// BENCHMARK()s become pace benchmarks with Google Benchmark's names
// ("BM_sort/1024", "BM_x/threads:2"), and the run is a pace run (memory pass,
// --mode instructions, --json, --save/--compare, pace ab). What pace does not
// support fails to compile with a message naming it. docs/google-benchmark.md
// lists what maps to what.
#pragma once

#include <cstddef>      // std::size_t, std::ptrdiff_t
#include <cstdint>      // std::int64_t
#include <iterator>     // std::forward_iterator_tag
#include <map>          // UserCounters
#include <memory>       // std::unique_ptr: a lambda benchmark's copy of its lambda
#include <string>       // names, labels, messages
#include <type_traits>  // std::decay_t, the static_asserts of what is not supported
#include <utility>      // std::pair, std::forward
#include <vector>       // arguments

#include "pace/optimizer.hpp"  // pace::do_not_optimize, pace::clobber_memory

/// Google Benchmark's version this header follows (its API of 1.7/1.8).
#define PACE_GBENCH 1

#define BENCHMARK_HAS_CXX11
#define BENCHMARK_HAS_CXX17
#if defined(__GNUC__) || defined(__clang__)
#define BENCHMARK_UNUSED __attribute__((unused))
#define BENCHMARK_ALWAYS_INLINE __attribute__((always_inline))
#define BENCHMARK_BUILTIN_EXPECT(x, y) __builtin_expect(x, y)
#else
#define BENCHMARK_UNUSED
#define BENCHMARK_ALWAYS_INLINE
#define BENCHMARK_BUILTIN_EXPECT(x, y) x
#endif
#define BENCHMARK_EXPORT
#define BENCHMARK_OVERRIDE override
#define BENCHMARK_DISALLOW_COPY_AND_ASSIGN(TypeName) \
    TypeName(const TypeName&) = delete;              \
    TypeName& operator=(const TypeName&) = delete

namespace benchmark {

namespace internal {
/// The false of a static_assert that must only fire when its template is used.
template <class T>
inline constexpr bool unsupported = false;
class Benchmark;
struct RunContext;  // the pace side of one run of a benchmark function (src/gbench)
}  // namespace internal

/// Reads the Google Benchmark flags out of argv (removing them, as Google
/// Benchmark does), for RunSpecifiedBenchmarks to translate into pace's. Other
/// arguments (pace's own flags: --mode instructions, --save, --compare ...) stay.
void Initialize(int* argc, char** argv, void (*help_printer)() = nullptr);
/// Nothing to release; kept for sources that call it.
void Shutdown();
/// Google Benchmark reports arguments it does not know; here they are pace's
/// flags, which pace checks itself, so this returns false.
bool ReportUnrecognizedArguments(int argc, char** argv);
/// Runs the registered benchmarks as a pace run and returns how many ran; the
/// run's exit code (0, 1 a benchmark failed, 2 bad usage) is exit_code().
std::size_t RunSpecifiedBenchmarks();
/// As RunSpecifiedBenchmarks(), selecting with `spec` (a --benchmark_filter).
std::size_t RunSpecifiedBenchmarks(std::string spec);
/// The exit code of the last RunSpecifiedBenchmarks(): what BENCHMARK_MAIN returns.
int exit_code();
/// Sets the --benchmark_filter (Google Benchmark 1.8).
void SetBenchmarkFilter(std::string value);
/// The --benchmark_filter in effect ("" when none).
std::string GetBenchmarkFilter();

/// Custom reporters: pace writes its own table and files.
template <class Reporter, class... More>
std::size_t RunSpecifiedBenchmarks(Reporter*, More&&...) {
    static_assert(internal::unsupported<Reporter>,
                  "pace::gbench: custom reporters (RunSpecifiedBenchmarks(reporter)) are not supported; "
                  "use --benchmark_format, --benchmark_out or pace's --json/--csv/--md");
    return 0;
}

/// Google Benchmark's reporters: pace writes its own table and files
/// (--benchmark_format, --benchmark_out, pace's --json/--csv/--md).
class BenchmarkReporter {
public:
    template <class T = void>
    BenchmarkReporter() {
        static_assert(internal::unsupported<T>,
                      "pace::gbench: BenchmarkReporter (custom reporters) is not supported; use --benchmark_format, "
                      "--benchmark_out or pace's --json/--csv/--md");
    }
    virtual ~BenchmarkReporter() = default;
};
class ConsoleReporter : public BenchmarkReporter {
public:
    template <class T = void>
    ConsoleReporter() {
        static_assert(internal::unsupported<T>, "pace::gbench: ConsoleReporter (custom reporters) is not supported");
    }
};
class JSONReporter : public BenchmarkReporter {
public:
    template <class T = void>
    JSONReporter() {
        static_assert(internal::unsupported<T>, "pace::gbench: JSONReporter (custom reporters) is not supported");
    }
};
class CSVReporter : public BenchmarkReporter {
public:
    template <class T = void>
    CSVReporter() {
        static_assert(internal::unsupported<T>, "pace::gbench: CSVReporter (custom reporters) is not supported");
    }
};

/// Google Benchmark's MemoryManager: pace measures memory itself (the memory pass).
class MemoryManager {
public:
    template <class T = void>
    MemoryManager() {
        static_assert(internal::unsupported<T>,
                      "pace::gbench: MemoryManager is not supported; pace's memory pass measures every "
                      "benchmark's peak, bytes and allocations");
    }
    virtual ~MemoryManager() = default;
};

template <class Manager>
void RegisterMemoryManager(Manager*) {
    static_assert(internal::unsupported<Manager>,
                  "pace::gbench: RegisterMemoryManager is not supported; pace's memory pass measures "
                  "every benchmark's peak, bytes and allocations");
}

/// Google Benchmark's ProfilerManager is not supported.
template <class Manager>
void RegisterProfilerManager(Manager*) {
    static_assert(internal::unsupported<Manager>, "pace::gbench: RegisterProfilerManager is not supported");
}

/// A key and value added to the run's context (Google Benchmark's JSON
/// `context`) and to each result's extra_info.
void AddCustomContext(const std::string& key, const std::string& value);

/// The machine, as Google Benchmark describes it (read once from the
/// kernel): for ThreadRange(1, CPUInfo::Get().num_cpus), cache-sized inputs.
struct CPUInfo {
    struct CacheInfo {
        std::string type;
        int level;
        int size;  ///< bytes
        int num_sharing;
    };
    enum Scaling { UNKNOWN, ENABLED, DISABLED };

    int num_cpus;
    Scaling scaling;
    double cycles_per_second;
    std::vector<CacheInfo> caches;
    std::vector<double> load_avg;

    static const CPUInfo& Get();

private:
    CPUInfo();
};

/// The host's name.
struct SystemInfo {
    std::string name;
    static const SystemInfo& Get();

private:
    SystemInfo();
};

enum TimeUnit { kNanosecond, kMicrosecond, kMillisecond, kSecond };
/// The time unit of --benchmark_format output for benchmarks without Unit().
TimeUnit GetDefaultTimeUnit();
void SetDefaultTimeUnit(TimeUnit unit);

/// Keeps `value` (and the work that made it) from being optimized away.
template <class Tp>
inline BENCHMARK_ALWAYS_INLINE void DoNotOptimize(Tp const& value) {
    pace::do_not_optimize(value);
}
template <class Tp>
inline BENCHMARK_ALWAYS_INLINE void DoNotOptimize(Tp& value) {
    pace::do_not_optimize(value);
}
template <class Tp>
inline BENCHMARK_ALWAYS_INLINE void DoNotOptimize(Tp&& value) {
    pace::do_not_optimize(value);
}
/// Forces pending writes to memory here.
inline BENCHMARK_ALWAYS_INLINE void ClobberMemory() { pace::clobber_memory(); }

/// A user counter: `state.counters["hits"] = benchmark::Counter(n, benchmark::Counter::kIsRate)`.
/// Saved in pace's `counters` under its name, after its flags are applied.
class Counter {
public:
    enum Flags {
        kDefaults = 0,
        kIsRate = 1 << 0,      ///< divided by the run's time
        kAvgThreads = 1 << 1,  ///< divided by the threads
        kAvgThreadsRate = kIsRate | kAvgThreads,
        kIsIterationInvariant = 1 << 2,  ///< multiplied by the iterations
        kIsIterationInvariantRate = kIsRate | kIsIterationInvariant,
        kAvgIterations = 1 << 3,  ///< divided by the iterations
        kAvgIterationsRate = kIsRate | kAvgIterations,
        kInvert = 1 << 31  ///< inverted, last
    };
    enum OneK { kIs1000 = 1000, kIs1024 = 1024 };

    double value;
    Flags flags;
    OneK oneK;

    Counter(double v = 0., Flags f = kDefaults, OneK k = kIs1000) : value(v), flags(f), oneK(k) {}
    operator double const&() const { return value; }
    operator double&() { return value; }
};

inline Counter::Flags operator|(const Counter::Flags& lhs, const Counter::Flags& rhs) {
    return static_cast<Counter::Flags>(static_cast<int>(lhs) | static_cast<int>(rhs));
}

typedef std::map<std::string, Counter> UserCounters;

/// Complexity(): pace fits the sizes given by SetComplexityN().
enum BigO { oNone, o1, oN, oNSquared, oNCubed, oLogN, oNLogN, oAuto, oLambda };
typedef std::int64_t IterationCount;
enum StatisticUnit { kTime, kPercentage };
typedef double(BigOFunc)(IterationCount);
typedef double(StatisticsFunc)(const std::vector<double>&);

namespace internal {
enum AggregationReportMode : unsigned {
    ARM_Unspecified = 0,
    ARM_Default = 1U << 0U,
    ARM_FileReportAggregatesOnly = 1U << 1U,
    ARM_DisplayReportAggregatesOnly = 1U << 2U,
    ARM_ReportAggregatesOnly = ARM_FileReportAggregatesOnly | ARM_DisplayReportAggregatesOnly
};
struct Statistics {
    std::string name_;
    StatisticsFunc* compute_;
    StatisticUnit unit_;
    Statistics(const std::string& name, StatisticsFunc* compute, StatisticUnit unit = kTime)
        : name_(name), compute_(compute), unit_(unit) {}
};
}  // namespace internal

/// What a benchmark function gets: its arguments, the iterations to run
/// (`for (auto _ : state)`), and the figures it reports. One State per thread
/// per run; pace times the loop (minus paused parts) as one round of its engine.
class State {
public:
    struct StateIterator;
    friend struct StateIterator;

    /// `for (auto _ : state)`: runs max_iterations iterations, timed.
    BENCHMARK_ALWAYS_INLINE StateIterator begin();
    BENCHMARK_ALWAYS_INLINE StateIterator end();

    /// `while (state.KeepRunning())`: the same loop, one iteration per call.
    bool KeepRunning() { return KeepRunningInternal(1, false); }
    /// `while (state.KeepRunningBatch(n))`: n iterations per call.
    bool KeepRunningBatch(IterationCount n) { return KeepRunningInternal(n, true); }

    /// Stops and restarts the clock inside the loop (costly: two clock reads).
    void PauseTiming();
    void ResumeTiming();

    /// Ends the benchmark as failed with `msg` (pace: status failed, exit code 1).
    void SkipWithError(const std::string& msg);
    /// Ends the benchmark as skipped with `msg` (pace: status skipped).
    void SkipWithMessage(const std::string& msg);
    bool error_occurred() const { return skipped_ == Skipped::error; }
    bool skipped() const { return skipped_ != Skipped::no; }

    /// UseManualTime(): the time of this iteration, measured by the benchmark.
    void SetIterationTime(double seconds);

    /// Bytes processed over the run: pace's bytes per call (bytes/s).
    void SetBytesProcessed(std::int64_t bytes) { bytes_processed_ = bytes; }
    std::int64_t bytes_processed() const { return bytes_processed_; }
    /// Items processed over the run: pace's items per call (items/s).
    void SetItemsProcessed(std::int64_t items) { items_processed_ = items; }
    std::int64_t items_processed() const { return items_processed_; }
    /// The size Complexity() fits over.
    void SetComplexityN(std::int64_t n) { complexity_n_ = n; }
    std::int64_t complexity_length_n() const { return complexity_n_; }
    /// Saved in extra_info.label (Google Benchmark's `label`).
    void SetLabel(const std::string& label);
    void SetLabel(const char* label) { SetLabel(std::string(label)); }

    /// The i-th argument of this instance (Arg, Range, Args ...).
    std::int64_t range(std::size_t pos = 0) const;
    std::int64_t range_x() const { return range(0); }
    std::int64_t range_y() const { return range(1); }

    int threads() const { return threads_; }
    int thread_index() const { return thread_index_; }
    /// Iterations done so far (all of them after the loop).
    IterationCount iterations() const { return started_ ? max_iterations - total_iterations_ + batch_leftover_ : 0; }
    /// The benchmark's name, as in the results.
    std::string name() const;

    /// The iterations this run makes (chosen by pace's calibration).
    const IterationCount max_iterations;
    /// User counters, reported after their flags are applied.
    UserCounters counters;

    /// Made by pace for each run; not for benchmark code.
    State(IterationCount max_iters, internal::RunContext* run, int thread_i, int n_threads);
    State(const State&) = delete;
    State& operator=(const State&) = delete;

private:
    enum class Skipped { no, error, message };
    void StartKeepRunning();
    void FinishKeepRunning();
    bool KeepRunningInternal(IterationCount n, bool is_batch);
    friend struct internal::RunContext;

    IterationCount total_iterations_ = 0;
    IterationCount batch_leftover_ = 0;
    bool started_ = false;
    bool finished_ = false;
    bool timing_ = false;
    Skipped skipped_ = Skipped::no;
    internal::RunContext* run_;
    const int thread_index_;
    const int threads_;
    std::int64_t bytes_processed_ = 0;
    std::int64_t items_processed_ = 0;
    std::int64_t complexity_n_ = 0;
    std::int64_t start_ns_ = 0;        // the clock when timing last resumed
    std::int64_t elapsed_ns_ = 0;      // the loop's time so far, pauses excluded
    std::int64_t cpu_start_ns_ = 0;    // the CPU clock (thread, or process) when timing last resumed
    std::int64_t cpu_elapsed_ns_ = 0;  // the loop's CPU time so far
    double manual_s_ = 0;              // SetIterationTime's sum
    int barrier_waits_ = 0;            // the threads' start and stop barriers passed
    std::string message_;              // SkipWithError, SkipWithMessage
    std::string label_;                // SetLabel
};

inline bool State::KeepRunningInternal(IterationCount n, bool is_batch) {
    if (BENCHMARK_BUILTIN_EXPECT(total_iterations_ >= n, true)) {
        total_iterations_ -= n;
        return true;
    }
    if (!started_) {
        StartKeepRunning();
        if (skipped_ == Skipped::no && total_iterations_ >= n) {
            total_iterations_ -= n;
            return true;
        }
    }
    if (is_batch && total_iterations_ != 0) {
        batch_leftover_ = n - total_iterations_;
        total_iterations_ = 0;
        return true;
    }
    FinishKeepRunning();
    return false;
}

struct State::StateIterator {
    struct BENCHMARK_UNUSED Value {};
    typedef std::forward_iterator_tag iterator_category;
    typedef Value value_type;
    typedef Value reference;
    typedef Value pointer;
    typedef std::ptrdiff_t difference_type;

private:
    friend class State;
    BENCHMARK_ALWAYS_INLINE StateIterator() : cached_(0), parent_() {}
    BENCHMARK_ALWAYS_INLINE explicit StateIterator(State* st)
        : cached_(st->skipped_ != Skipped::no ? 0 : st->max_iterations), parent_(st) {}

public:
    BENCHMARK_ALWAYS_INLINE Value operator*() const { return Value(); }
    BENCHMARK_ALWAYS_INLINE StateIterator& operator++() {
        --cached_;
        return *this;
    }
    // The loop's only work: a decrement and a compare, as in Google Benchmark,
    // so per-iteration times of the two agree.
    BENCHMARK_ALWAYS_INLINE bool operator!=(StateIterator const&) const {
        if (BENCHMARK_BUILTIN_EXPECT(cached_ != 0, true)) return true;
        parent_->FinishKeepRunning();
        return false;
    }

private:
    IterationCount cached_;
    State* const parent_;
};

inline BENCHMARK_ALWAYS_INLINE State::StateIterator State::begin() { return StateIterator(this); }
inline BENCHMARK_ALWAYS_INLINE State::StateIterator State::end() {
    StartKeepRunning();
    return StateIterator();
}

namespace internal {

typedef void(Function)(State&);

/// A family of benchmarks: BENCHMARK(fn) and the calls chained on it. Its
/// instances (one per argument list and thread count) are pace benchmarks,
/// registered when the run starts.
class Benchmark {
public:
    virtual ~Benchmark();

    Benchmark* Name(const std::string& name);
    Benchmark* Arg(std::int64_t x);
    Benchmark* Unit(TimeUnit unit);
    Benchmark* Range(std::int64_t start, std::int64_t limit);
    Benchmark* DenseRange(std::int64_t start, std::int64_t limit, int step = 1);
    Benchmark* Args(const std::vector<std::int64_t>& args);
    Benchmark* ArgPair(std::int64_t x, std::int64_t y) { return Args({x, y}); }
    Benchmark* Ranges(const std::vector<std::pair<std::int64_t, std::int64_t>>& ranges);
    Benchmark* ArgsProduct(const std::vector<std::vector<std::int64_t>>& arglists);
    Benchmark* ArgName(const std::string& name);
    Benchmark* ArgNames(const std::vector<std::string>& names);
    Benchmark* RangePair(std::int64_t lo1, std::int64_t hi1, std::int64_t lo2, std::int64_t hi2) {
        return Ranges({{lo1, hi1}, {lo2, hi2}});
    }
    /// Called before and after each run of the function (each pace round), untimed.
    Benchmark* Setup(void (*setup)(const State&));
    Benchmark* Teardown(void (*teardown)(const State&));
    Benchmark* Apply(void (*func)(Benchmark* benchmark));
    Benchmark* RangeMultiplier(int multiplier);
    /// pace's --max-time for this benchmark.
    Benchmark* MinTime(double t);
    /// pace's warm-up time for this benchmark.
    Benchmark* MinWarmUpTime(double t);
    /// Exactly n iterations per run, one run per repetition.
    Benchmark* Iterations(IterationCount n);
    /// Repetitions: the samples are reported as n repetitions and their aggregates.
    Benchmark* Repetitions(int n);
    Benchmark* ReportAggregatesOnly(bool value = true);
    Benchmark* DisplayAggregatesOnly(bool value = true);
    /// pace leads with wall time anyway: this changes the name, as in Google Benchmark.
    Benchmark* UseRealTime();
    Benchmark* UseManualTime();
    Benchmark* Complexity(BigO complexity = benchmark::oAuto);
    Benchmark* Complexity(BigOFunc* complexity);
    Benchmark* ComputeStatistics(const std::string& name, StatisticsFunc* statistics, StatisticUnit unit = kTime);
    Benchmark* Threads(int t);
    Benchmark* ThreadRange(int min_threads, int max_threads);
    Benchmark* DenseThreadRange(int min_threads, int max_threads, int stride = 1);
    Benchmark* ThreadPerCpu();

    /// The CPU time reported beside the wall time is the whole process's, not
    /// the benchmark thread's (`cpu_time` in pace's counters and the JSON).
    Benchmark* MeasureProcessCPUTime();

    virtual void Run(State& state) = 0;
    TimeUnit GetTimeUnit() const;

protected:
    explicit Benchmark(const char* name);
    void SetName(const char* name);
    void SetName(const std::string& name) { SetName(name.c_str()); }
    int ArgsCnt() const;

private:
    friend struct internal::RunContext;
    friend class Families;
    std::string name_;
    AggregationReportMode aggregation_report_mode_ = ARM_Unspecified;
    std::vector<std::string> arg_names_;
    std::vector<std::vector<std::int64_t>> args_;
    TimeUnit time_unit_ = kNanosecond;
    bool use_default_time_unit_ = true;
    int range_multiplier_ = 8;
    double min_time_ = 0;
    double min_warmup_time_ = 0;
    IterationCount iterations_ = 0;
    int repetitions_ = 0;
    bool use_real_time_ = false;
    bool use_manual_time_ = false;
    bool process_cpu_time_ = false;
    BigO complexity_ = oNone;
    BigOFunc* complexity_lambda_ = nullptr;
    std::vector<Statistics> statistics_;
    std::vector<int> thread_counts_;
    void (*setup_)(const State&) = nullptr;
    void (*teardown_)(const State&) = nullptr;
};

/// Adds a family to the run (what the BENCHMARK macros call).
Benchmark* RegisterBenchmarkInternal(Benchmark* benchmark);

/// BENCHMARK(fn): a family calling a function.
class FunctionBenchmark : public Benchmark {
public:
    FunctionBenchmark(const char* name, Function* func) : Benchmark(name), func_(func) {}
    void Run(State& st) override { func_(st); }

private:
    Function* func_;
};

/// RegisterBenchmark(name, lambda): a family calling a callable.
template <class Lambda>
class LambdaBenchmark : public Benchmark {
public:
    template <class OLambda>
    LambdaBenchmark(const char* name, OLambda&& lam) : Benchmark(name), lambda_(std::forward<OLambda>(lam)) {}
    void Run(State& st) override { lambda_(st); }

private:
    Lambda lambda_;
};

}  // namespace internal

/// Registers a benchmark at run time (before RunSpecifiedBenchmarks):
///     benchmark::RegisterBenchmark("BM_copy/big", [](benchmark::State& s) { for (auto _ : s) copy(); });
inline internal::Benchmark* RegisterBenchmark(const char* name, internal::Function* fn) {
    return internal::RegisterBenchmarkInternal(new internal::FunctionBenchmark(name, fn));
}
inline internal::Benchmark* RegisterBenchmark(const std::string& name, internal::Function* fn) {
    return RegisterBenchmark(name.c_str(), fn);
}
template <class Lambda>
internal::Benchmark* RegisterBenchmark(const char* name, Lambda&& fn) {
    using BenchType = internal::LambdaBenchmark<std::decay_t<Lambda>>;
    return internal::RegisterBenchmarkInternal(new BenchType(name, std::forward<Lambda>(fn)));
}
template <class Lambda, class... Args>
internal::Benchmark* RegisterBenchmark(const char* name, Lambda&& fn, Args&&... args) {
    return benchmark::RegisterBenchmark(name, [=](State& st) { fn(st, args...); });
}
template <class Lambda, class... Args>
internal::Benchmark* RegisterBenchmark(const std::string& name, Lambda&& fn, Args&&... args) {
    return benchmark::RegisterBenchmark(name.c_str(), std::forward<Lambda>(fn), std::forward<Args>(args)...);
}
/// Forgets every registered benchmark.
void ClearRegisteredBenchmarks();

/// Range helpers of Google Benchmark 1.6+.
std::vector<std::int64_t> CreateRange(std::int64_t lo, std::int64_t hi, int multi);
std::vector<std::int64_t> CreateDenseRange(std::int64_t start, std::int64_t limit, int step);

/// BENCHMARK_F and friends: SetUp and TearDown run around each run of the
/// function (each pace round), untimed.
class Fixture : public internal::Benchmark {
public:
    Fixture() : internal::Benchmark("") {}
    void Run(State& st) override {
        this->SetUp(st);
        this->BenchmarkCase(st);
        this->TearDown(st);
    }
    virtual void SetUp(const State&) {}
    virtual void TearDown(const State&) {}
    virtual void SetUp(State& st) { SetUp(const_cast<const State&>(st)); }
    virtual void TearDown(State& st) { TearDown(const_cast<const State&>(st)); }

protected:
    virtual void BenchmarkCase(State&) = 0;
};

}  // namespace benchmark

#define BENCHMARK_PRIVATE_UNIQUE_ID __COUNTER__
#define BENCHMARK_PRIVATE_NAME(...) BENCHMARK_PRIVATE_CONCAT(benchmark_uniq_, BENCHMARK_PRIVATE_UNIQUE_ID, __VA_ARGS__)
#define BENCHMARK_PRIVATE_CONCAT(a, b, c) BENCHMARK_PRIVATE_CONCAT2(a, b, c)
#define BENCHMARK_PRIVATE_CONCAT2(a, b, c) a##b##c
#define BENCHMARK_PRIVATE_CONCAT_NAME(BaseClass, Method) BaseClass##_##Method##_Benchmark
#define BENCHMARK_PRIVATE_DECLARE(n) static ::benchmark::internal::Benchmark* BENCHMARK_PRIVATE_NAME(n) BENCHMARK_UNUSED

/// Registers `fn(benchmark::State&)` as a family named "fn"; chain ->Arg() ... on it.
#define BENCHMARK(...)                                                                          \
    BENCHMARK_PRIVATE_DECLARE(_benchmark_) = (::benchmark::internal::RegisterBenchmarkInternal( \
        new ::benchmark::internal::FunctionBenchmark(#__VA_ARGS__, &__VA_ARGS__)))

#define BENCHMARK_WITH_ARG(n, a) BENCHMARK(n)->Arg((a))
#define BENCHMARK_WITH_ARG2(n, a1, a2) BENCHMARK(n)->Args({(a1), (a2)})
#define BENCHMARK_WITH_UNIT(n, t) BENCHMARK(n)->Unit((t))
#define BENCHMARK_RANGE(n, lo, hi) BENCHMARK(n)->Range((lo), (hi))
#define BENCHMARK_RANGE2(n, l1, h1, l2, h2) BENCHMARK(n)->RangePair((l1), (h1), (l2), (h2))

/// "func/test_case_name", calling func(state, args...).
#define BENCHMARK_CAPTURE(func, test_case_name, ...)                                                    \
    BENCHMARK_PRIVATE_DECLARE(func) =                                                                   \
        (::benchmark::internal::RegisterBenchmarkInternal(new ::benchmark::internal::FunctionBenchmark( \
            #func "/" #test_case_name, [](::benchmark::State& st) { func(st, __VA_ARGS__); })))

/// "func<a>/test_case_name" and "func<a,b>/test_case_name" (Google Benchmark 1.8).
#define BENCHMARK_TEMPLATE1_CAPTURE(func, a, test_case_name, ...)                        \
    BENCHMARK_PRIVATE_DECLARE(func) = (::benchmark::internal::RegisterBenchmarkInternal( \
        new ::benchmark::internal::FunctionBenchmark(#func "<" #a ">"                    \
                                                           "/" #test_case_name,          \
                                                     [](::benchmark::State& st) { func<a>(st, __VA_ARGS__); })))
#define BENCHMARK_TEMPLATE2_CAPTURE(func, a, b, test_case_name, ...)                     \
    BENCHMARK_PRIVATE_DECLARE(func) = (::benchmark::internal::RegisterBenchmarkInternal( \
        new ::benchmark::internal::FunctionBenchmark(#func "<" #a "," #b ">"             \
                                                           "/" #test_case_name,          \
                                                     [](::benchmark::State& st) { func<a, b>(st, __VA_ARGS__); })))

#define BENCHMARK_TEMPLATE1(n, a)                                                     \
    BENCHMARK_PRIVATE_DECLARE(n) = (::benchmark::internal::RegisterBenchmarkInternal( \
        new ::benchmark::internal::FunctionBenchmark(#n "<" #a ">", n<a>)))
#define BENCHMARK_TEMPLATE2(n, a, b)                                                  \
    BENCHMARK_PRIVATE_DECLARE(n) = (::benchmark::internal::RegisterBenchmarkInternal( \
        new ::benchmark::internal::FunctionBenchmark(#n "<" #a "," #b ">", n<a, b>)))
#define BENCHMARK_TEMPLATE(n, ...)                                                    \
    BENCHMARK_PRIVATE_DECLARE(n) = (::benchmark::internal::RegisterBenchmarkInternal( \
        new ::benchmark::internal::FunctionBenchmark(#n "<" #__VA_ARGS__ ">", n<__VA_ARGS__>)))

#define BENCHMARK_PRIVATE_DECLARE_F(BaseClass, Method)                                \
    class BaseClass##_##Method##_Benchmark : public BaseClass {                       \
    public:                                                                           \
        BaseClass##_##Method##_Benchmark() { this->SetName(#BaseClass "/" #Method); } \
                                                                                      \
    protected:                                                                        \
        void BenchmarkCase(::benchmark::State&) override;                             \
    };
#define BENCHMARK_TEMPLATE1_PRIVATE_DECLARE_F(BaseClass, Method, a)                           \
    class BaseClass##_##Method##_Benchmark : public BaseClass<a> {                            \
    public:                                                                                   \
        BaseClass##_##Method##_Benchmark() { this->SetName(#BaseClass "<" #a ">/" #Method); } \
                                                                                              \
    protected:                                                                                \
        void BenchmarkCase(::benchmark::State&) override;                                     \
    };
#define BENCHMARK_TEMPLATE2_PRIVATE_DECLARE_F(BaseClass, Method, a, b)                               \
    class BaseClass##_##Method##_Benchmark : public BaseClass<a, b> {                                \
    public:                                                                                          \
        BaseClass##_##Method##_Benchmark() { this->SetName(#BaseClass "<" #a "," #b ">/" #Method); } \
                                                                                                     \
    protected:                                                                                       \
        void BenchmarkCase(::benchmark::State&) override;                                            \
    };
#define BENCHMARK_TEMPLATE_PRIVATE_DECLARE_F(BaseClass, Method, ...)                                    \
    class BaseClass##_##Method##_Benchmark : public BaseClass<__VA_ARGS__> {                            \
    public:                                                                                             \
        BaseClass##_##Method##_Benchmark() { this->SetName(#BaseClass "<" #__VA_ARGS__ ">/" #Method); } \
                                                                                                        \
    protected:                                                                                          \
        void BenchmarkCase(::benchmark::State&) override;                                               \
    };

#define BENCHMARK_DEFINE_F(BaseClass, Method)      \
    BENCHMARK_PRIVATE_DECLARE_F(BaseClass, Method) \
    void BENCHMARK_PRIVATE_CONCAT_NAME(BaseClass, Method)::BenchmarkCase
#define BENCHMARK_TEMPLATE1_DEFINE_F(BaseClass, Method, a)      \
    BENCHMARK_TEMPLATE1_PRIVATE_DECLARE_F(BaseClass, Method, a) \
    void BENCHMARK_PRIVATE_CONCAT_NAME(BaseClass, Method)::BenchmarkCase
#define BENCHMARK_TEMPLATE2_DEFINE_F(BaseClass, Method, a, b)      \
    BENCHMARK_TEMPLATE2_PRIVATE_DECLARE_F(BaseClass, Method, a, b) \
    void BENCHMARK_PRIVATE_CONCAT_NAME(BaseClass, Method)::BenchmarkCase
#define BENCHMARK_TEMPLATE_DEFINE_F(BaseClass, Method, ...)              \
    BENCHMARK_TEMPLATE_PRIVATE_DECLARE_F(BaseClass, Method, __VA_ARGS__) \
    void BENCHMARK_PRIVATE_CONCAT_NAME(BaseClass, Method)::BenchmarkCase

/// A benchmark method of a fixture template, instantiated for chosen
/// arguments by BENCHMARK_TEMPLATE_INSTANTIATE_F, named "BaseClass<args>/Method"
/// (Google Benchmark 1.9).
#define BENCHMARK_TEMPLATE_METHOD_F(BaseClass, Method)                           \
    template <class... Args>                                                     \
    class BaseClass##_##Method##_BenchmarkTemplate : public BaseClass<Args...> { \
    protected:                                                                   \
        using Base = BaseClass<Args...>;                                         \
        void BenchmarkCase(::benchmark::State&) override;                        \
    };                                                                           \
    template <class... Args>                                                     \
    void BaseClass##_##Method##_BenchmarkTemplate<Args...>::BenchmarkCase
#define BENCHMARK_TEMPLATE_INSTANTIATE_F(BaseClass, Method, ...) \
    PACE_GBENCH_INSTANTIATE_F(BaseClass, Method, BENCHMARK_PRIVATE_NAME(BaseClass##Method), __VA_ARGS__)
#define PACE_GBENCH_INSTANTIATE_F(BaseClass, Method, UniqueName, ...)                 \
    class UniqueName : public BaseClass##_##Method##_BenchmarkTemplate<__VA_ARGS__> { \
    public:                                                                           \
        UniqueName() { this->SetName(#BaseClass "<" #__VA_ARGS__ ">/" #Method); }     \
    };                                                                                \
    BENCHMARK_PRIVATE_DECLARE(BaseClass##_##Method##_Benchmark) =                     \
        (::benchmark::internal::RegisterBenchmarkInternal(new UniqueName()))

#define BENCHMARK_REGISTER_F(BaseClass, Method) \
    BENCHMARK_PRIVATE_REGISTER_F(BENCHMARK_PRIVATE_CONCAT_NAME(BaseClass, Method))
#define BENCHMARK_PRIVATE_REGISTER_F(TestName) \
    BENCHMARK_PRIVATE_DECLARE(TestName) = (::benchmark::internal::RegisterBenchmarkInternal(new TestName()))

#define BENCHMARK_F(BaseClass, Method)             \
    BENCHMARK_PRIVATE_DECLARE_F(BaseClass, Method) \
    BENCHMARK_REGISTER_F(BaseClass, Method);       \
    void BENCHMARK_PRIVATE_CONCAT_NAME(BaseClass, Method)::BenchmarkCase
#define BENCHMARK_TEMPLATE1_F(BaseClass, Method, a)             \
    BENCHMARK_TEMPLATE1_PRIVATE_DECLARE_F(BaseClass, Method, a) \
    BENCHMARK_REGISTER_F(BaseClass, Method);                    \
    void BENCHMARK_PRIVATE_CONCAT_NAME(BaseClass, Method)::BenchmarkCase
#define BENCHMARK_TEMPLATE2_F(BaseClass, Method, a, b)             \
    BENCHMARK_TEMPLATE2_PRIVATE_DECLARE_F(BaseClass, Method, a, b) \
    BENCHMARK_REGISTER_F(BaseClass, Method);                       \
    void BENCHMARK_PRIVATE_CONCAT_NAME(BaseClass, Method)::BenchmarkCase
#define BENCHMARK_TEMPLATE_F(BaseClass, Method, ...)                     \
    BENCHMARK_TEMPLATE_PRIVATE_DECLARE_F(BaseClass, Method, __VA_ARGS__) \
    BENCHMARK_REGISTER_F(BaseClass, Method);                             \
    void BENCHMARK_PRIVATE_CONCAT_NAME(BaseClass, Method)::BenchmarkCase

/// main(): reads the --benchmark_* flags and pace's, runs, returns pace's exit
/// code (0 passed, 1 a benchmark failed, 2 bad usage).
#define BENCHMARK_MAIN()                                                    \
    int main(int argc, char** argv) {                                       \
        ::benchmark::Initialize(&argc, argv);                               \
        if (::benchmark::ReportUnrecognizedArguments(argc, argv)) return 1; \
        ::benchmark::RunSpecifiedBenchmarks();                              \
        ::benchmark::Shutdown();                                            \
        return ::benchmark::exit_code();                                    \
    }                                                                       \
    int main(int, char**)
