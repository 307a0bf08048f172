// SPDX-License-Identifier: Apache-2.0
#include "measure/workloads.hpp"

#include <chrono>   // the specs' times
#include <numeric>  // std::iota
#include <string>   // ids
#include <utility>  // std::swap

#include "measure/bench_state.hpp"  // BenchAccess: which workload a body runs
#include "pace/bench.hpp"           // Bench: measure, info, target
#include "pace/optimizer.hpp"       // do_not_optimize
#include "pace/registry.hpp"        // register_benchmark
#include "pace/target.hpp"          // pace::median <= limit

namespace pace::measure {

namespace {

constexpr std::uint64_t lcg_multiplier = 6364136223846793005ull;
constexpr std::uint64_t lcg_increment = 1442695040888963407ull;

// CPU-bound: dependent multiply-adds in registers, ~2 µs.
std::uint64_t cpu_work(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (int i = 0; i < 2000; ++i) {
        x = x * lcg_multiplier + lcg_increment;
        do_not_optimize(x);
    }
    return x;
}

// Memory-bound: a dependent chase through 32 MiB, far past the caches.
const std::vector<std::uint32_t>& chase_table() {
    static const std::vector<std::uint32_t> next = [] {
        const std::size_t n = (32u << 20) / sizeof(std::uint32_t);
        std::vector<std::uint32_t> order(n);
        std::iota(order.begin(), order.end(), 0u);
        std::uint64_t s = 42;
        for (std::size_t i = n - 1; i > 0; --i) {  // Sattolo: one cycle through every slot
            s = s * lcg_multiplier + lcg_increment;
            std::swap(order[i], order[(s >> 33) % i]);
        }
        std::vector<std::uint32_t> out(n);
        for (std::size_t i = 0; i < n; ++i) out[order[i]] = order[(i + 1) % n];
        return out;
    }();
    return next;
}
std::uint64_t memory_work(std::uint64_t seed) {
    const auto& next = chase_table();
    std::uint32_t at = static_cast<std::uint32_t>(seed % next.size());
    for (int i = 0; i < 1000; ++i) at = next[at];
    return at;
}

// Mixed: arithmetic between random reads of 4 MiB (past L2, about the size
// of a last-level cache share): neither the core nor memory alone sets its time.
const std::vector<std::uint64_t>& mixed_table() {
    static const std::vector<std::uint64_t> table = [] {
        std::vector<std::uint64_t> t((4u << 20) / sizeof(std::uint64_t));
        std::uint64_t s = 7;
        for (auto& v : t) v = s = s * lcg_multiplier + lcg_increment;
        return t;
    }();
    return table;
}
std::uint64_t mixed_work(std::uint64_t seed) {
    const auto& table = mixed_table();
    std::uint64_t x = seed;
    for (int i = 0; i < 256; ++i) {
        x ^= table[(x >> 17) % table.size()];
        for (int k = 0; k < 8; ++k) x = x * lcg_multiplier + lcg_increment;
    }
    return x;
}

// Very fast, ~10 ns: a few dependent multiply-xorshift steps, where the
// loop and the clock matter.
std::uint64_t tiny_work(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (int i = 0; i < 4; ++i) {
        x *= 0x9E3779B97F4A7C15ull;
        x ^= x >> 29;
    }
    do_not_optimize(x);
    return x;
}

// Variable time: 200 to 4,292 steps of cpu_work's loop, chosen by the seed,
// so consecutive calls differ by up to 20 times (0.2 to 4 µs).
std::uint64_t variable_work(std::uint64_t seed) {
    const int steps = 200 + static_cast<int>(((seed * 0x9E3779B97F4A7C15ull) >> 54) * 4);
    std::uint64_t x = seed;
    for (int i = 0; i < steps; ++i) {
        x = x * lcg_multiplier + lcg_increment;
        do_not_optimize(x);
    }
    return x;
}

void prepare_memory() { do_not_optimize(chase_table().data()); }
void prepare_mixed() { do_not_optimize(mixed_table().data()); }

const std::string id_prefix = "workloads/";

// The body of every workload's benchmark.
void run_workload(Bench& bench) {
    const std::string& id = detail::BenchAccess::state(bench).spec->name;
    for (const Workload& w : standard_workloads()) {
        if (id != id_prefix + w.name) continue;
        if (w.prepare) w.prepare();  // its data, built once and outside the timing
        bench.info("what", std::string(w.what));
        bench.info("min_speedup", w.min_speedup);
        bench.target(median <= std::chrono::duration<double>(w.max_time_s));
        std::uint64_t seed = 1;
        bench.measure([&seed, call = w.call] {
            seed = call(seed) | 1;
            return seed;
        });
        return;
    }
}

}  // namespace

const std::vector<Workload>& standard_workloads() {
    // The specs follow the seed's WorkloadSpec (a maximum time, a minimum
    // speedup): maximum times about ten times what a current x86-64 core
    // takes, so a miss says the machine is far off, not slightly slower.
    static const std::vector<Workload> workloads{
        {"cpu", "CPU-bound, ~2 µs of dependent arithmetic", &cpu_work, nullptr, 20e-6, 1.8, true},
        {"mixed", "mixed, arithmetic between random reads of 4 MiB", &mixed_work, &prepare_mixed, 200e-6, 1.5, false},
        {"memory", "memory-bound, a pointer chase through 32 MiB", &memory_work, &prepare_memory, 1e-3, 1.2, true},
        {"tiny", "very fast, ~10 ns", &tiny_work, nullptr, 100e-9, 0.5, true},
        {"variable", "variable time, 0.2 to 4 µs a call by its input", &variable_work, nullptr, 50e-6, 1.5, false},
    };
    return workloads;
}

void register_standard_workloads() {
    static bool registered = false;
    if (registered) return;
    registered = true;
    for (const Workload& w : standard_workloads()) {
        detail::BenchmarkSpec spec;
        spec.name = id_prefix + w.name;
        spec.body = &run_workload;
        spec.file = __FILE__;
        spec.line = __LINE__;
        spec.group = "workloads";
        spec.tags = {"workload", w.name};
#if defined(__OPTIMIZE__)
        spec.optimized = true;
#endif
        detail::register_benchmark(std::move(spec));
    }
}

}  // namespace pace::measure
