// SPDX-License-Identifier: Apache-2.0
// Google Benchmark's families: the chained calls of BENCHMARK(fn)->..., and
// their instances named exactly as Google Benchmark names them, so result
// files of both compare by id.
#include <algorithm>  // std::max, std::min
#include <cstdio>     // std::snprintf: Google Benchmark's number formats
#include <limits>     // std::numeric_limits: the powers of a range stop before overflow
#include <thread>     // std::thread::hardware_concurrency: ThreadPerCpu

#include "gbench/gbench.hpp"

namespace benchmark {

namespace internal {

namespace {

// Google Benchmark's AddPowers: the powers of mult in [lo, hi].
void add_powers(std::vector<std::int64_t>& dst, std::int64_t lo, std::int64_t hi, int mult) {
    const std::int64_t kmax = std::numeric_limits<std::int64_t>::max();
    for (std::int64_t i = 1; i <= hi; i *= mult) {
        if (i >= lo) dst.push_back(i);
        if (i > kmax / mult) break;
    }
}

void add_negated_powers(std::vector<std::int64_t>& dst, std::int64_t lo, std::int64_t hi, int mult) {
    const std::size_t start = dst.size();
    add_powers(dst, -hi, -lo, mult);
    for (std::size_t i = start; i < dst.size(); ++i) dst[i] = -dst[i];
    std::reverse(dst.begin() + static_cast<std::ptrdiff_t>(start), dst.end());
}

// Google Benchmark's AddRange: lo, the powers of mult strictly inside, hi.
void add_range(std::vector<std::int64_t>& dst, std::int64_t lo, std::int64_t hi, int mult) {
    dst.push_back(lo);
    if (lo == hi) return;
    if (lo + 1 == hi) {
        dst.push_back(hi);
        return;
    }
    const std::int64_t lo_inner = lo + 1, hi_inner = hi - 1;
    if (lo_inner < 0) add_negated_powers(dst, lo_inner, std::min<std::int64_t>(hi_inner, -1), mult);
    if (lo < 0 && hi >= 0) dst.push_back(0);
    if (hi_inner > 0) add_powers(dst, std::max<std::int64_t>(lo_inner, 1), hi_inner, mult);
    if (hi != dst.back()) dst.push_back(hi);
}

std::string format(const char* fmt, double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, fmt, value);
    return buffer;
}

}  // namespace

std::vector<std::unique_ptr<Benchmark>>& Families::all() {
    static std::vector<std::unique_ptr<Benchmark>> families;
    return families;
}

std::vector<Instance> Families::expand() {
    std::vector<Instance> out;
    std::size_t family_index = 0;
    for (const auto& family : all()) {
        const Benchmark& b = *family;
        std::vector<std::vector<std::int64_t>> arg_lists = b.args_;
        if (arg_lists.empty()) arg_lists.emplace_back();
        std::vector<int> thread_counts = b.thread_counts_;
        if (thread_counts.empty()) thread_counts.push_back(1);
        std::size_t per_family = 0;
        for (const auto& args : arg_lists)
            for (int threads : thread_counts) {
                Instance i;
                i.family = family.get();
                i.family_index = family_index;
                i.per_family_index = per_family++;
                i.args = args;
                i.threads = threads;
                // BenchmarkName::str(): the parts joined by '/', empty ones left out.
                std::vector<std::string> parts{b.name_};
                std::string arg_part;
                for (std::size_t a = 0; a < args.size(); ++a) {
                    if (!arg_part.empty()) arg_part += '/';
                    if (a < b.arg_names_.size() && !b.arg_names_[a].empty()) arg_part += b.arg_names_[a] + ":";
                    arg_part += std::to_string(args[a]);
                }
                parts.push_back(arg_part);
                if (b.min_time_ != 0) parts.push_back(format("min_time:%0.3f", b.min_time_));
                if (b.min_warmup_time_ != 0) parts.push_back(format("min_warmup_time:%0.3f", b.min_warmup_time_));
                if (b.iterations_ != 0) parts.push_back("iterations:" + std::to_string(b.iterations_));
                if (b.repetitions_ != 0) parts.push_back("repeats:" + std::to_string(b.repetitions_));
                if (b.process_cpu_time_) parts.push_back("process_time");
                if (b.use_manual_time_)
                    parts.push_back("manual_time");
                else if (b.use_real_time_)
                    parts.push_back("real_time");
                if (!b.thread_counts_.empty()) parts.push_back("threads:" + std::to_string(threads));
                for (std::size_t k = 0; k < parts.size(); ++k) {
                    if (parts[k].empty()) continue;
                    if (!i.name.empty()) i.name += '/';
                    i.name += parts[k];
                    if (k == 1) continue;  // a complexity fit is over the arguments
                    if (!i.complexity_name.empty()) i.complexity_name += '/';
                    i.complexity_name += parts[k];
                }
                out.push_back(std::move(i));
            }
        ++family_index;
    }
    return out;
}

Benchmark::Benchmark(const char* name) : name_(name) {}
Benchmark::~Benchmark() = default;

void Benchmark::SetName(const char* name) { name_ = name; }

int Benchmark::ArgsCnt() const {
    if (args_.empty()) return arg_names_.empty() ? -1 : static_cast<int>(arg_names_.size());
    return static_cast<int>(args_.front().size());
}

TimeUnit Benchmark::GetTimeUnit() const { return use_default_time_unit_ ? GetDefaultTimeUnit() : time_unit_; }

Benchmark* Benchmark::Name(const std::string& name) {
    SetName(name.c_str());
    return this;
}

Benchmark* Benchmark::Arg(std::int64_t x) {
    args_.push_back({x});
    return this;
}

Benchmark* Benchmark::Unit(TimeUnit unit) {
    time_unit_ = unit;
    use_default_time_unit_ = false;
    return this;
}

Benchmark* Benchmark::Range(std::int64_t start, std::int64_t limit) { return Ranges({{start, limit}}); }

Benchmark* Benchmark::Ranges(const std::vector<std::pair<std::int64_t, std::int64_t>>& ranges) {
    std::vector<std::vector<std::int64_t>> arglists(ranges.size());
    for (std::size_t i = 0; i < ranges.size(); ++i)
        add_range(arglists[i], ranges[i].first, ranges[i].second, range_multiplier_);
    return ArgsProduct(arglists);
}

Benchmark* Benchmark::ArgsProduct(const std::vector<std::vector<std::int64_t>>& arglists) {
    std::vector<std::size_t> indices(arglists.size(), 0);
    std::size_t total = 1;
    for (const auto& list : arglists) total *= list.size();
    for (std::size_t i = 0; i < total; ++i) {
        std::vector<std::int64_t> args;
        for (std::size_t a = 0; a < arglists.size(); ++a) args.push_back(arglists[a][indices[a]]);
        args_.push_back(std::move(args));
        // The first list varies fastest, as in Google Benchmark.
        std::size_t a = 0;
        do {
            indices[a] = (indices[a] + 1) % arglists[a].size();
        } while (indices[a++] == 0 && a < arglists.size());
    }
    return this;
}

Benchmark* Benchmark::DenseRange(std::int64_t start, std::int64_t limit, int step) {
    for (std::int64_t arg = start; arg <= limit; arg += step) args_.push_back({arg});
    return this;
}

Benchmark* Benchmark::Args(const std::vector<std::int64_t>& args) {
    args_.push_back(args);
    return this;
}

Benchmark* Benchmark::ArgName(const std::string& name) {
    arg_names_ = {name};
    return this;
}

Benchmark* Benchmark::ArgNames(const std::vector<std::string>& names) {
    arg_names_ = names;
    return this;
}

Benchmark* Benchmark::Setup(void (*setup)(const State&)) {
    setup_ = setup;
    return this;
}

Benchmark* Benchmark::Teardown(void (*teardown)(const State&)) {
    teardown_ = teardown;
    return this;
}

Benchmark* Benchmark::Apply(void (*func)(Benchmark*)) {
    func(this);
    return this;
}

Benchmark* Benchmark::RangeMultiplier(int multiplier) {
    range_multiplier_ = multiplier;
    return this;
}

Benchmark* Benchmark::MinTime(double t) {
    min_time_ = t;
    return this;
}

Benchmark* Benchmark::MinWarmUpTime(double t) {
    min_warmup_time_ = t;
    return this;
}

Benchmark* Benchmark::Iterations(IterationCount n) {
    iterations_ = n;
    return this;
}

Benchmark* Benchmark::Repetitions(int n) {
    repetitions_ = n;
    return this;
}

Benchmark* Benchmark::ReportAggregatesOnly(bool value) {
    aggregation_report_mode_ = value ? ARM_ReportAggregatesOnly : ARM_Default;
    return this;
}

Benchmark* Benchmark::DisplayAggregatesOnly(bool value) {
    if (aggregation_report_mode_ == ARM_Unspecified) aggregation_report_mode_ = ARM_Default;
    aggregation_report_mode_ =
        static_cast<AggregationReportMode>(value ? (aggregation_report_mode_ | ARM_DisplayReportAggregatesOnly)
                                                 : (aggregation_report_mode_ & ~ARM_DisplayReportAggregatesOnly));
    return this;
}

Benchmark* Benchmark::UseRealTime() {
    use_real_time_ = true;
    return this;
}

Benchmark* Benchmark::MeasureProcessCPUTime() {
    process_cpu_time_ = true;
    return this;
}

Benchmark* Benchmark::UseManualTime() {
    use_manual_time_ = true;
    return this;
}

Benchmark* Benchmark::Complexity(BigO complexity) {
    complexity_ = complexity;
    return this;
}

Benchmark* Benchmark::Complexity(BigOFunc* complexity) {
    complexity_lambda_ = complexity;
    complexity_ = oLambda;
    return this;
}

Benchmark* Benchmark::ComputeStatistics(const std::string& name, StatisticsFunc* statistics, StatisticUnit unit) {
    statistics_.emplace_back(name, statistics, unit);
    return this;
}

Benchmark* Benchmark::Threads(int t) {
    thread_counts_.push_back(t);
    return this;
}

Benchmark* Benchmark::ThreadRange(int min_threads, int max_threads) {
    std::vector<std::int64_t> counts;
    add_range(counts, min_threads, max_threads, 2);
    for (std::int64_t c : counts) thread_counts_.push_back(static_cast<int>(c));
    return this;
}

Benchmark* Benchmark::DenseThreadRange(int min_threads, int max_threads, int stride) {
    for (int t = min_threads; t < max_threads; t += stride) thread_counts_.push_back(t);
    thread_counts_.push_back(max_threads);
    return this;
}

Benchmark* Benchmark::ThreadPerCpu() {
    thread_counts_.push_back(static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    return this;
}

Benchmark* RegisterBenchmarkInternal(Benchmark* benchmark) {
    Families::all().emplace_back(benchmark);
    return benchmark;
}

}  // namespace internal

void ClearRegisteredBenchmarks() { internal::Families::all().clear(); }

std::vector<std::int64_t> CreateRange(std::int64_t lo, std::int64_t hi, int multi) {
    std::vector<std::int64_t> args;
    internal::add_range(args, lo, hi, multi);
    return args;
}

std::vector<std::int64_t> CreateDenseRange(std::int64_t start, std::int64_t limit, int step) {
    std::vector<std::int64_t> args;
    for (std::int64_t arg = start; arg <= limit; arg += step) args.push_back(arg);
    return args;
}

}  // namespace benchmark
