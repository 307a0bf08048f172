// SPDX-License-Identifier: Apache-2.0
// The non-template half of pace::Bench: what the inline measuring loops call.
#include "measure/bench_state.hpp"

#include <algorithm>  // std::find_if, std::max

#include "counters/instruction_counter.hpp"
#include "measure/ab_worker.hpp"  // pace ab: samples on request
#include "measure/fixtures.hpp"   // Interrupted: a signal ends the rounds
#include "measure/subprocesses.hpp"  // the processes the measured calls start
#include "memory/allocation_tracker.hpp"
#include "model/metrics.hpp"  // subprocess_metrics: the names recorded
#include "stats/descriptive.hpp"

namespace pace::detail {

bool test_mode(const BenchState& state) { return state.options->mode == measure::Mode::test; }

void begin_measurement(BenchState& state, const char* api) {
    if (state.measured_with)
        throw Misuse{std::string(api) + "() called after " + state.measured_with +
                     "(): a benchmark measures once; register another benchmark for another measurement"};
    state.measured_with = api;
}

namespace {

void record(BenchState& state, measure::EngineResult engine) {
    state.result.time = stats::describe(std::move(engine.samples_s), engine.iterations);
    state.result.precision = measure::median_precision(state.result.time->samples);
    const measure::EngineOptions& o = state.options->engine;
    state.result.options = {{"min_rounds", o.min_rounds},
                            {"max_time", o.max_time_s},
                            {"timer", "steady_clock"},
                            {"round_target", o.round_target_s}};
    // pytest-benchmark writes its warm-up as the count it was given, or false.
    // pace's time-based warm-up keeps true and says how long in warmup_time.
    if (o.warmup_rounds) {
        state.result.options["warmup"] = *o.warmup_rounds;
    } else {
        state.result.options["warmup"] = o.warmup_time_s > 0;
        if (o.warmup_time_s > 0) state.result.options["warmup_time"] = o.warmup_time_s;
    }
    if (o.precision) state.result.options["precision"] = *o.precision;
}

// Per call, over every round the measured calls ran in (calibration and
// warm-up too: a call starts the same processes in each). Nothing is
// recorded for a benchmark that started none.
void record_subprocesses(BenchState& state, std::int64_t calls) {
    const measure::subprocesses::Figures f = measure::subprocesses::take();
    if ((f.spawned == 0 && f.cpu_ns == 0) || calls <= 0) return;
    const double n = static_cast<double>(calls);
    for (const MetricInfo& m : subprocess_metrics()) {
        double value = 0;
        if (m.name == "subprocess_calls") value = static_cast<double>(f.spawned) / n;
        else if (m.name == "subprocess_time") value = static_cast<double>(f.waiting_ns) / 1e9 / n;
        else if (m.name == "subprocess_cpu") value = static_cast<double>(f.cpu_ns) / 1e9 / n;
        else if (m.name == "overhead_ratio")
            value = f.elapsed_ns > 0 ? 1.0 - static_cast<double>(f.waiting_ns) / static_cast<double>(f.elapsed_ns) : 1.0;
        else
            continue;  // child_instructions: instruction mode's, not time mode's
        state.result.counters[std::string(m.name)] = value;
    }
}

}  // namespace

bool input_size_begin(BenchState& state) {
    if (state.options->mode == measure::Mode::instructions || !memory::available()) return false;
    memory::start();
    return true;
}

void input_size_end(BenchState& state) {
    // The input is still alive here: its peak is what each held input costs.
    constexpr std::int64_t held_bytes = 64LL << 20;
    memory::Figures f = memory::stop();
    state.max_calls_per_round = std::max<std::int64_t>(1, held_bytes / std::max<std::int64_t>(f.peak, 1));
}

void run_rounds(BenchState& state, void* context, RoundFn round) {
    measure::subprocesses::take();  // whatever came before the rounds is not theirs
    std::int64_t calls = 0;
    measure::Round r = [&](std::int64_t iterations) {
        // Between rounds, never inside one: a Ctrl-C ends the body here.
        if (measure::interrupt_signal()) throw Interrupted{};
        calls += iterations;
        return round(context, iterations);
    };
    if (measure::ab_worker_active()) {
        measure::serve_samples(r);
        return;
    }
    if (state.options->mode == measure::Mode::instructions) {
        auto count = state.section_per_call ? counters::count_instructions_of_one_call(r)
                                            : counters::count_instructions_per_call(r);
        if (count) {
            state.result.counters["instructions"] = *count;
            if (auto children = counters::child_instructions_per_call())
                state.result.counters["child_instructions"] = *children;
        } else {
            // A result without its count would read as "not measured" in a gate.
            state.result.status = Status::failed;
            state.result.message = "no instruction count: " + counters::instruction_count_problem();
        }
        return;
    }
    measure::EngineOptions engine = state.options->engine;
    if (state.max_calls_per_round) engine.max_iterations = state.max_calls_per_round;
    record(state, measure::run_engine(r, engine, *state.clock));
    record_subprocesses(state, calls);
    // Where the kernel gives hardware counters, one more round of the same
    // calls is counted (never a timed one: reading counters is not free).
    // The accounting's own system call stays out of the counted round.
    if (state.section_per_call) return;
    state.count_subprocesses = false;
    auto hw = counters::count_hardware_per_call(r, state.result.time->iterations);
    state.count_subprocesses = true;
    if (hw) {
        state.result.counters["hw_instructions"] = hw->instructions;
        state.result.counters["cycles"] = hw->cycles;
        if (hw->cache_misses) state.result.counters["cache_misses"] = *hw->cache_misses;
    }
}

void run_fixed_rounds(BenchState& state, void* context, RoundFn round, std::int64_t rounds, std::int64_t iterations,
                      std::int64_t warmup_rounds) {
    if (state.options->mode == measure::Mode::instructions || measure::ab_worker_active()) {
        run_rounds(state, context, round);
        return;
    }
    auto interrupted = [] {
        if (measure::interrupt_signal()) throw Interrupted{};
    };
    measure::subprocesses::take();
    for (std::int64_t i = 0; i < warmup_rounds; ++i) {
        interrupted();
        round(context, iterations);
    }
    measure::EngineResult engine;
    engine.iterations = iterations;
    engine.samples_s.reserve(static_cast<std::size_t>(rounds));
    for (std::int64_t i = 0; i < rounds; ++i) {
        interrupted();
        engine.samples_s.push_back(static_cast<double>(round(context, iterations)) / 1e9 /
                                   static_cast<double>(iterations));
    }
    record(state, std::move(engine));
    state.result.options["rounds"] = rounds;
    state.result.options["iterations"] = iterations;
    state.result.options["warmup_rounds"] = warmup_rounds;
    state.result.options["warmup"] = warmup_rounds;
    state.result.options.erase("warmup_time");
    record_subprocesses(state, (warmup_rounds + rounds) * iterations);
}

void section_begin(BenchState& state) {
    if (state.options->mode == measure::Mode::instructions)
        counters::section_begin();
    else if (state.count_subprocesses)
        measure::subprocesses::section_begin();
}
void section_end(BenchState& state) {
    if (state.options->mode == measure::Mode::instructions)
        counters::section_end();
    else if (state.count_subprocesses)
        measure::subprocesses::section_end();
}

bool memory_pass_begin(BenchState& state) {
    if (!state.options->memory || state.options->mode == measure::Mode::instructions || !memory::available() ||
        measure::ab_worker_active())
        return false;
    state.tracking_memory = true;
    memory::start();
    return true;
}

void memory_pass_end(BenchState& state) {
    if (!state.tracking_memory) return;
    memory::Figures f = memory::stop();
    state.tracking_memory = false;
    state.result.memory = MemoryStats{f.peak, f.allocated, f.allocations, f.leaked, std::nullopt};
}

void memory_pass_end_keeping_result(BenchState& state) {
    memory_pass_end(state);
    state.leaks_unchecked = true;
}

const DimValue* find_dim(const BenchState& state, std::string_view name) {
    const auto& dims = state.result.dims;
    auto it = std::find_if(dims.begin(), dims.end(), [&](const Dim& d) { return d.name == name; });
    return it == dims.end() ? nullptr : &it->value;
}

void add_info(BenchState& state, std::string key, DimValue value) {
    state.result.extra_info[key] = std::visit([](const auto& v) { return Json(v); }, value);
}

void set_items(BenchState& state, double items_per_call) { state.result.items_per_call = items_per_call; }
void set_bytes(BenchState& state, double bytes_per_call) { state.result.bytes_per_call = bytes_per_call; }
void limit_memory(BenchState& state, std::int64_t peak_bytes) { state.peak_limit = peak_bytes; }
void limit_allocations(BenchState& state, std::int64_t allocations) { state.allocation_limit = allocations; }
void forbid_leaks(BenchState& state) { state.leaks_forbidden = true; }
void add_target(BenchState& state, Target target) { state.targets.push_back(std::move(target)); }

void check_failed(const char* file, int line, const char* expression) {
    throw CheckFailure{"check failed at " + std::string(file) + ":" + std::to_string(line) + ": " + expression};
}

void misuse(std::string message) { throw Misuse{std::move(message)}; }

}  // namespace pace::detail
