// SPDX-License-Identifier: Apache-2.0
#include "measure/engine.hpp"

#include <algorithm>  // std::sort, std::max
#include <chrono>     // std::chrono::steady_clock
#include <cmath>      // std::ceil

#include "pace/bench.hpp"
#include "stats/descriptive.hpp"

namespace pace::measure {

std::int64_t SteadyClock::now_ns() { return detail::now_ns(); }

double clock_read_cost_ns() {
    static const double cost = [] {
        // The cheapest of several batches: the cost when nothing interrupts.
        constexpr int reads = 1000;
        double best = 1e9;
        for (int batch = 0; batch < 20; ++batch) {
            std::int64_t start = detail::now_ns();
            std::int64_t sink = 0;
            for (int i = 0; i < reads; ++i) sink += detail::now_ns();
            do_not_optimize(sink);
            best = std::min(best, static_cast<double>(detail::now_ns() - start) / reads);
        }
        return best;
    }();
    return cost;
}

std::optional<double> median_precision(const std::vector<double>& samples) {
    std::vector<double> sorted = samples;
    std::sort(sorted.begin(), sorted.end());
    double median = stats::median_of_sorted(sorted);
    auto ci = stats::median_ci_of_sorted(sorted);
    if (!ci || !(median > 0)) return std::nullopt;
    return (ci->high - ci->low) / 2 / median;
}

namespace {

std::int64_t calibrate(const Round& round, const EngineOptions& options, Clock& clock) {
    // A round must last long enough that the two clock reads around it and the
    // clock's granularity are negligible: at least round_target_s, and at least
    // 10,000 clock reads' worth (0.01% of the round).
    double target_ns = std::max(options.round_target_s * 1e9, 10'000 * clock_read_cost_ns());
    // Calibration never stops on one round's word: a first call that pays for a
    // lazy initialisation, a cold cache or a preemption looks as long as the
    // target and would pin every round at one call (a 0.4 ns operation then
    // reads as 30 ns, over a million rounds). A round that reaches the target
    // is timed again and the shorter of the two decides. Only when calibration
    // has already used up max_time is a long round taken as it is: the call
    // itself is that slow, and a second one would only cost time.
    const double budget_ns = options.max_time_s * 1e9;
    // A round may cost far more than its timed part: measure_each builds an
    // input per call outside the clock. Its rounds grow only until they take a
    // twentieth of max_time in all, so a cheap call with a costly input (10 ns
    // and 20 µs) does not make each round build 100,000 inputs for 2 s. Its
    // timed part is then shorter than the target, still thousands of clock
    // reads long.
    const double round_wall_budget_ns = std::max(target_ns, budget_ns / 20);
    const std::int64_t start = clock.now_ns();
    std::int64_t iterations = 1;
    for (;;) {
        const std::int64_t before = clock.now_ns();
        auto elapsed = static_cast<double>(round(iterations));
        const auto wall = static_cast<double>(clock.now_ns() - before);
        const bool out_of_time = static_cast<double>(clock.now_ns() - start) > budget_ns;
        const bool at_cap = options.max_iterations && iterations >= *options.max_iterations;
        if (at_cap || (wall >= round_wall_budget_ns && elapsed < target_ns)) return iterations;
        if (elapsed >= target_ns) {
            if (out_of_time) return iterations;
            elapsed = std::min(elapsed, static_cast<double>(round(iterations)));
            if (elapsed >= target_ns) return iterations;
        } else if (out_of_time) {
            return iterations;
        }
        // Grow geometrically towards the target with 20% headroom, at most 100x
        // per step so one unusually fast round does not over-shoot.
        double factor = elapsed > 0 ? target_ns * 1.2 / elapsed : 100.0;
        if (wall > 0) factor = std::min(factor, round_wall_budget_ns * 1.2 / wall);
        auto next = static_cast<std::int64_t>(std::ceil(static_cast<double>(iterations) * std::min(factor, 100.0)));
        iterations = std::max(next, iterations + 1);
        if (options.max_iterations) iterations = std::min(iterations, *options.max_iterations);
    }
}

}  // namespace

EngineResult run_engine(const Round& round, const EngineOptions& options, Clock& clock) {
    EngineResult result;
    result.iterations = calibrate(round, options, clock);

    if (options.warmup_rounds) {
        for (std::int64_t i = 0; i < *options.warmup_rounds; ++i) round(result.iterations);
    } else if (options.warmup_time_s > 0) {
        std::int64_t end = clock.now_ns() + static_cast<std::int64_t>(options.warmup_time_s * 1e9);
        do round(result.iterations);
        while (clock.now_ns() < end);
    }

    const auto per_call = [&](std::int64_t ns) {
        return static_cast<double>(ns) / 1e9 / static_cast<double>(result.iterations);
    };
    const std::int64_t deadline = clock.now_ns() + static_cast<std::int64_t>(options.max_time_s * 1e9);
    const std::int64_t min_rounds = std::max<std::int64_t>(options.min_rounds, 1);
    // max_rounds bounds the samples a result keeps; an explicit --min-rounds above it wins.
    const std::int64_t max_rounds = std::max(options.max_rounds, min_rounds);
    // Checking the precision sorts the samples; doing it on a geometric schedule
    // keeps that cost a small fraction of the rounds.
    std::int64_t next_check = std::max<std::int64_t>(min_rounds, 10);
    for (;;) {
        result.samples_s.push_back(per_call(round(result.iterations)));
        auto rounds = static_cast<std::int64_t>(result.samples_s.size());
        bool out_of_time = clock.now_ns() >= deadline;
        if (rounds >= max_rounds) break;
        if (rounds < min_rounds) continue;
        if (options.precision && rounds >= next_check) {
            next_check = rounds + std::max<std::int64_t>(rounds / 8, 5);
            auto p = median_precision(result.samples_s);
            if (p && *p <= *options.precision) {
                result.precision_reached = true;
                break;
            }
        }
        if (out_of_time) break;
    }
    if (options.precision && !result.precision_reached) {
        auto p = median_precision(result.samples_s);
        result.precision_reached = p && *p <= *options.precision;
    }
    return result;
}

}  // namespace pace::measure
