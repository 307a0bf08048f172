// SPDX-License-Identifier: Apache-2.0
// The time probe (the default mode): wall time per call from the engine's
// timed rounds, the processes the calls start (subprocess accounting), and
// the hardware counters of one more, untimed round where the kernel has them.
#include <algorithm>  // std::max
#include <cmath>      // std::sqrt

#include "counters/instruction_counter.hpp"  // count_hardware_per_call, hardware_counters_available
#include "measure/bench_state.hpp"
#include "measure/probe.hpp"
#include "measure/subprocesses.hpp"  // the processes the measured calls start
#include "model/metrics.hpp"         // subprocess_metrics: the names recorded
#include "platform/checks.hpp"       // file_checks: the conditions of the run, in its machine info
#include "stats/descriptive.hpp"

namespace pace::measure {

namespace {

void record(detail::BenchState& state, EngineResult engine) {
    state.result.time = stats::describe(std::move(engine.samples_s), engine.iterations);
    state.result.precision = median_precision(state.result.time->samples);
    const EngineOptions& o = state.options->engine;
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
void record_subprocesses(detail::BenchState& state, std::int64_t calls) {
    const subprocesses::Figures f = subprocesses::take();
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

void measure_rounds(detail::BenchState& state, const Round& round) {
    subprocesses::take();  // whatever came before the rounds is not theirs
    std::int64_t calls = 0;
    const Round counted = [&](std::int64_t iterations) {
        calls += iterations;
        return round(iterations);
    };
    EngineOptions engine = state.options->engine;
    if (state.max_calls_per_round) engine.max_iterations = state.max_calls_per_round;
    record(state, run_engine(counted, engine, *state.clock));
    record_subprocesses(state, calls);
    // Where the kernel gives hardware counters, one more round of the same
    // calls is counted (never a timed one: reading counters is not free).
    // The accounting's own system call stays out of the counted round.
    if (state.section_per_call) return;
    state.count_subprocesses = false;
    auto hw = counters::count_hardware_per_call(round, state.result.time->iterations);
    state.count_subprocesses = true;
    if (hw) {
        state.result.counters["hw_instructions"] = hw->instructions;
        state.result.counters["cycles"] = hw->cycles;
        if (hw->cache_misses) state.result.counters["cache_misses"] = *hw->cache_misses;
    }
}

void measure_fixed_rounds(detail::BenchState& state, const Round& round, const FixedRounds& fixed) {
    subprocesses::take();
    for (std::int64_t i = 0; i < fixed.warmup_rounds; ++i) round(fixed.iterations);
    EngineResult engine;
    engine.iterations = fixed.iterations;
    engine.samples_s.reserve(static_cast<std::size_t>(fixed.rounds));
    for (std::int64_t i = 0; i < fixed.rounds; ++i)
        engine.samples_s.push_back(static_cast<double>(round(fixed.iterations)) / 1e9 /
                                   static_cast<double>(fixed.iterations));
    record(state, std::move(engine));
    state.result.options["rounds"] = fixed.rounds;
    state.result.options["iterations"] = fixed.iterations;
    state.result.options["warmup_rounds"] = fixed.warmup_rounds;
    state.result.options["warmup"] = fixed.warmup_rounds;
    state.result.options.erase("warmup_time");
    record_subprocesses(state, (fixed.warmup_rounds + fixed.rounds) * fixed.iterations);
}

void section_begin(detail::BenchState& state) {
    if (state.count_subprocesses) subprocesses::section_begin();
}

void section_end(detail::BenchState& state) {
    if (state.count_subprocesses) subprocesses::section_end();
}

void describe_machine(MachineInfo& machine) {
    // Whether hardware counts are in this run's results, and if not why.
    std::string why;
    machine.raw["hardware_counters"] = counters::hardware_counters_available(why) ? "available" : why;
    // What on this machine spoils timings (pace doctor's file checks), so a
    // saved run says under what conditions it was made.
    machine.raw["checks"] = platform::checks_to_json(platform::file_checks("/", machine.cores));
}

// The median and its confidence interval; without one (too few rounds), the
// standard error of the mean; 0.1% of the median at least, so that a point
// with no spread at all does not outweigh every other in a fit.
std::optional<Figure> median(const Result& r) {
    if (!r.time || !r.time->median) return std::nullopt;
    const double value = *r.time->median;
    double half = 0;
    if (r.time->median_ci_low && r.time->median_ci_high) half = (*r.time->median_ci_high - *r.time->median_ci_low) / 2;
    if (!(half > 0) && r.time->stddev && r.time->rounds > 1)
        half = 1.96 * *r.time->stddev / std::sqrt(static_cast<double>(r.time->rounds));
    return Figure{value, std::max(half, value * 1e-3)};
}

}  // namespace

const Probe& time_probe() {
    static const Probe probe{
        .name = "time",
        .help = "wall time per call",
        .timed_rounds = true,
        .why_untimed = "pace ab times these calls",  // a pace ab worker's results only
        .metric = "median",
        .figure = median,
        .measure = measure_rounds,
        .measure_fixed = measure_fixed_rounds,
        .section_begin = section_begin,
        .section_end = section_end,
        .describe_machine = describe_machine,
    };
    return probe;
}

}  // namespace pace::measure
