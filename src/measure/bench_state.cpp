// SPDX-License-Identifier: Apache-2.0
// The non-template half of pace::Bench: what the inline measuring loops call.
// What is measured, and how, is the run's probe's (measure/probe.hpp).
#include "measure/bench_state.hpp"

#include <algorithm>  // std::find_if, std::max

#include "measure/ab_worker.hpp"  // pace ab: samples on request
#include "measure/fixtures.hpp"   // Interrupted: a signal ends the rounds
#include "measure/probe.hpp"      // what the run's mode measures, and how
#include "memory/allocation_tracker.hpp"

namespace pace::detail {

namespace {

const measure::Probe& probe(const BenchState& state) { return *state.probe; }

// The rounds a probe runs: between rounds, never inside one, a Ctrl-C ends the body.
measure::Round interruptible(void* context, RoundFn round) {
    return [context, round](std::int64_t iterations) {
        if (measure::interrupt_signal()) throw Interrupted{};
        return round(context, iterations);
    };
}

}  // namespace

bool test_mode(const BenchState& state) { return probe(state).calls_once; }

void begin_measurement(BenchState& state, const char* api) {
    if (state.measured_with)
        throw Misuse{std::string(api) + "() called after " + state.measured_with +
                     "(): a benchmark measures once; register another benchmark for another measurement"};
    state.measured_with = api;
}

bool input_size_begin(BenchState& state) {
    if (!probe(state).why_no_memory_pass.empty() || !memory::available()) return false;
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
    const measure::Round r = interruptible(context, round);
    if (measure::ab_worker_active()) {
        measure::serve_samples(r);
        return;
    }
    probe(state).measure(state, r);
}

void run_fixed_rounds(BenchState& state, void* context, RoundFn round, std::int64_t rounds, std::int64_t iterations,
                      std::int64_t warmup_rounds) {
    const measure::Probe& p = probe(state);
    if (!p.measure_fixed || measure::ab_worker_active()) {
        run_rounds(state, context, round);
        return;
    }
    p.measure_fixed(state, interruptible(context, round), {rounds, iterations, warmup_rounds});
}

void section_begin(BenchState& state) {
    if (auto begin = probe(state).section_begin) begin(state);
}
void section_end(BenchState& state) {
    if (auto end = probe(state).section_end) end(state);
}

bool memory_pass_begin(BenchState& state) {
    if (!state.options->memory || !probe(state).why_no_memory_pass.empty() || !memory::available() ||
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
