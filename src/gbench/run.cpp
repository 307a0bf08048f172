// SPDX-License-Identifier: Apache-2.0
// Running Google Benchmark functions as pace benchmarks: one run of the
// function (its `for (auto _ : state)` loop, in its threads) is one round of
// pace's engine, timed from the loop's start to its end without the paused
// parts; the memory pass is one more run of one iteration, tracked over the loop.
#include <algorithm>  // std::max
#include <barrier>    // std::barrier: the threads of a run start and stop together
#include <cmath>      // std::llround
#include <exception>  // std::exception_ptr: a thread's exception, rethrown after the join
#include <map>        // instances by name
#include <thread>     // std::thread: Threads(n)
#include <time.h>     // clock_gettime: thread and process CPU time

#include "gbench/gbench.hpp"
#include "measure/bench_state.hpp"  // BenchState: the runner's record, options per benchmark
#include "pace/bench.hpp"           // the measuring primitives Bench's own loops use

namespace benchmark {

namespace internal {

/// The threads of one run (Threads(n) with n > 1).
struct Barrier {
    explicit Barrier(int threads) : barrier(threads) {}
    std::barrier<> barrier;
};

namespace {

using pace::detail::BenchState;

// Google Benchmark's default figure is the CPU time of the benchmark's
// thread (of the whole process with MeasureProcessCPUTime): read beside the
// wall clock, it is what cpu_time reports.
std::int64_t cpu_now_ns(bool process) {
    timespec ts{};
    if (::clock_gettime(process ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_THREAD_CPUTIME_ID, &ts) != 0) return 0;
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Timing toggles (instruction counting, the subprocess accounting) and the
// memory pass are the first thread's: the others run at the same time.
bool leads(const RunContext& ctx, const State& s) { return s.thread_index() == 0 && ctx.instance; }

}  // namespace

void RunContext::start(State& s) {
    if (barrier) {
        ++s.barrier_waits_;
        barrier->barrier.arrive_and_wait();
    }
    if (purpose == Purpose::memory && leads(*this, s)) tracking = pace::detail::memory_pass_begin(*bench);
}

void RunContext::stop(State& s) {
    if (barrier) {
        ++s.barrier_waits_;
        barrier->barrier.arrive_and_wait();
    }
    if (tracking && leads(*this, s)) {
        pace::detail::memory_pass_end(*bench);
        tracking = false;
    }
}

Ending RunContext::ending(const State& s) {
    return s.skipped_ == State::Skipped::error     ? Ending::error
           : s.skipped_ == State::Skipped::message ? Ending::skip
                                                   : Ending::none;
}

const std::string& RunContext::message(const State& s) { return s.message_; }
const std::string& RunContext::label(const State& s) { return s.label_; }
double RunContext::seconds(const State& s, bool manual) {
    return manual ? s.manual_s_ : static_cast<double>(s.elapsed_ns_) / 1e9;
}
int& RunContext::barrier_waits(State& s) { return s.barrier_waits_; }
double RunContext::cpu_seconds(const State& s) { return static_cast<double>(s.cpu_elapsed_ns_) / 1e9; }
bool RunContext::finished(const State& s) { return s.finished_; }

namespace {

struct Collected {
    std::int64_t elapsed_ns = 0;
    double manual_s = 0;
};

}  // namespace

RunFigures run_function(const Instance& instance, BenchState& bench, Purpose purpose, IterationCount iterations) {
    RunContext ctx;
    ctx.bench = &bench;
    ctx.instance = &instance;
    ctx.purpose = purpose;
    Benchmark& family = *instance.family;
    ctx.process_cpu = Families::process_cpu_time(family);
    auto setup = Families::setup(family);
    auto teardown = Families::teardown(family);
    const int n = std::max(1, instance.threads);
    std::vector<std::unique_ptr<State>> states;
    std::unique_ptr<Barrier> barrier;
    if (n > 1) {
        barrier = std::make_unique<Barrier>(n);
        ctx.barrier = barrier.get();
    }
    for (int t = 0; t < n; ++t) states.push_back(std::make_unique<State>(iterations, &ctx, t, n));
    if (setup) setup(*states[0]);
    if (n == 1) {
        family.Run(*states[0]);
    } else {
        std::vector<std::exception_ptr> errors(static_cast<std::size_t>(n));
        auto body = [&](int t) {
            State& s = *states[static_cast<std::size_t>(t)];
            try {
                family.Run(s);
            } catch (...) {
                errors[static_cast<std::size_t>(t)] = std::current_exception();
            }
            // A thread that left before its start or stop barrier (an
            // exception, a skip before the loop) must not hold the others.
            if (RunContext::barrier_waits(s) < 2) barrier->barrier.arrive_and_drop();
        };
        std::vector<std::thread> threads;
        for (int t = 1; t < n; ++t) threads.emplace_back(body, t);
        body(0);
        for (std::thread& th : threads) th.join();
        for (const std::exception_ptr& e : errors)
            if (e) std::rethrow_exception(e);
    }
    if (teardown) teardown(*states[0]);
    if (ctx.tracking) pace::detail::memory_pass_end(bench);

    RunFigures f;
    f.iterations = iterations * n;
    const bool manual = Families::manual_time(family);
    double total_s = 0;
    std::map<std::string, std::size_t> counter_index;
    for (const auto& sp : states) {
        const State& s = *sp;
        total_s += RunContext::seconds(s, manual);
        f.cpu_s += RunContext::cpu_seconds(s);
        f.bytes += s.bytes_processed();
        f.items += s.items_processed();
        f.complexity_n = std::max(f.complexity_n, s.complexity_length_n());
        if (!RunContext::label(s).empty()) f.label = RunContext::label(s);
        for (const auto& [name, counter] : s.counters) {
            auto [it, inserted] = counter_index.emplace(name, f.counters.size());
            if (inserted)
                f.counters.emplace_back(name, counter);
            else
                f.counters[it->second].second.value += counter.value;
        }
        if (Ending e = RunContext::ending(s); e != Ending::none && f.ending == Ending::none) {
            f.ending = e;
            f.message = RunContext::message(s);
        }
    }
    // As Google Benchmark, a loop must run to its end unless the benchmark
    // skipped: a time of a loop left early or never entered means nothing.
    if (f.ending == Ending::none)
        for (const auto& sp : states)
            if (!RunContext::finished(*sp))
                pace::detail::misuse("the benchmark function of \"" + instance.name +
                                     "\" returned before its loop (for (auto _ : state) or KeepRunning()) ended");
    // Google Benchmark's time per iteration with n threads: each thread's
    // time averaged, over the iterations of all threads.
    const double per_run_s = total_s / n / n;
    f.elapsed_ns = std::llround(per_run_s * 1e9);
    // Each thread read the whole process's CPU time: counted once.
    if (ctx.process_cpu) f.cpu_s /= n;
    return f;
}

}  // namespace internal

using internal::RunContext;

State::State(IterationCount max_iters, internal::RunContext* run, int thread_i, int n_threads)
    : max_iterations(max_iters), run_(run), thread_index_(thread_i), threads_(n_threads) {}

void State::StartKeepRunning() {
    started_ = true;
    total_iterations_ = skipped_ != Skipped::no ? 0 : max_iterations;
    run_->start(*this);
    if (skipped_ == Skipped::no) ResumeTiming();
}

void State::FinishKeepRunning() {
    if (skipped_ == Skipped::no && timing_) PauseTiming();
    total_iterations_ = 0;
    finished_ = true;
    run_->stop(*this);
}

void State::ResumeTiming() {
    timing_ = true;
    if (run_->purpose == internal::Purpose::timed && thread_index_ == 0) pace::detail::section_begin(*run_->bench);
    cpu_start_ns_ = internal::cpu_now_ns(run_->process_cpu);
    start_ns_ = pace::detail::now_ns();
}

void State::PauseTiming() {
    elapsed_ns_ += pace::detail::now_ns() - start_ns_;
    cpu_elapsed_ns_ += internal::cpu_now_ns(run_->process_cpu) - cpu_start_ns_;
    timing_ = false;
    if (run_->purpose == internal::Purpose::timed && thread_index_ == 0) pace::detail::section_end(*run_->bench);
}

void State::SkipWithError(const std::string& msg) {
    skipped_ = Skipped::error;
    message_ = msg;
    total_iterations_ = 0;
    if (timing_) PauseTiming();
}

void State::SkipWithMessage(const std::string& msg) {
    skipped_ = Skipped::message;
    message_ = msg;
    total_iterations_ = 0;
    if (timing_) PauseTiming();
}

void State::SetIterationTime(double seconds) { manual_s_ += seconds; }

void State::SetLabel(const std::string& label) { label_ = label; }

std::int64_t State::range(std::size_t pos) const {
    const auto& args = run_->instance->args;
    if (pos >= args.size())
        pace::detail::misuse("state.range(" + std::to_string(pos) + ") of \"" + run_->instance->name +
                             "\", which has " + std::to_string(args.size()) + " argument" +
                             (args.size() == 1 ? "" : "s"));
    return args[pos];
}

std::string State::name() const { return run_->instance->name; }

}  // namespace benchmark
