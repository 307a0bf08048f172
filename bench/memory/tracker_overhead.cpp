// SPDX-License-Identifier: Apache-2.0
// Cost of the memory pass's hooks per malloc+free pair: tracking on against
// tracking off, in interleaved rounds of the same binary.
//
//     ./memory_tracker_overhead [rounds] [threads...]     (default: 400 1 2)
//
// Prints, for each thread count, the median nanoseconds per pair of each
// side and their difference, in wall time and in the CPU time of the
// allocating threads. On a loaded machine the wall time of several threads
// includes the time they waited for a core; their CPU time does not, and
// still includes the stalls of a cache line moving between cores.
#include <algorithm>  // std::sort
#include <chrono>     // std::chrono::steady_clock
#include <cstdint>    // std::int64_t
#include <cstdio>     // std::printf
#include <cstdlib>    // std::malloc, std::free, std::atoi
#include <thread>     // std::thread
#include <time.h>     // clock_gettime(CLOCK_THREAD_CPUTIME_ID): a thread's CPU time
#include <vector>     // std::vector

#include "memory/allocation_tracker.hpp"
#include "pace/optimizer.hpp"  // do_not_optimize: keep malloc/free pairs the compiler may drop

namespace {

constexpr int pairs_per_round = 20'000;

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double thread_cpu_ns() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_nsec);
}

// One round: pairs of malloc(64) + free, the commonest size class, timed as
// a whole so the clock's own cost is spread over 20,000 pairs. Returns the
// CPU time the thread spent on them.
double pairs(int count) {
    const double begin = thread_cpu_ns();
    for (int i = 0; i < count; ++i) {
        void* block = std::malloc(64);
        pace::do_not_optimize(block);
        std::free(block);
    }
    return thread_cpu_ns() - begin;
}

struct PerPair {
    double wall_ns = 0;
    double cpu_ns = 0;  ///< CPU time of the allocating threads, per pair per thread
};

PerPair round_ns_per_pair(bool tracked, int threads) {
    // Several threads: longer rounds, so that starting them is small beside the pairs.
    const int count = threads == 1 ? pairs_per_round : 10 * pairs_per_round;
    std::vector<std::thread> workers;
    std::vector<double> cpu(static_cast<std::size_t>(threads), 0.0);
    workers.reserve(static_cast<std::size_t>(threads));
    if (tracked) pace::memory::start();
    const auto begin = std::chrono::steady_clock::now();
    if (threads == 1) {
        cpu[0] = pairs(count);
    } else {
        for (int t = 0; t < threads; ++t) workers.emplace_back([&cpu, t, count] { cpu[static_cast<std::size_t>(t)] = pairs(count); });
        for (auto& worker : workers) worker.join();
    }
    const auto end = std::chrono::steady_clock::now();
    if (tracked) {
        const pace::memory::Figures figures = pace::memory::stop();
        if (figures.allocations < static_cast<std::int64_t>(count) * threads) {
            std::printf("error: counted %lld allocations, expected at least %d\n",
                        static_cast<long long>(figures.allocations), count * threads);
            std::exit(1);
        }
    }
    double cpu_total = 0;
    for (double c : cpu) cpu_total += c;
    return {std::chrono::duration<double, std::nano>(end - begin).count() / count, cpu_total / count / threads};
}

void compare(int rounds, int threads) {
    std::vector<double> off, on, difference, cpu_off, cpu_on, cpu_difference;
    for (int i = 0; i < 20; ++i) round_ns_per_pair(i % 2 == 0, threads);  // warm-up: caches, free lists
    for (int i = 0; i < rounds; ++i) {
        // Alternate which side goes first so a drift in the machine's speed
        // does not favour one of them.
        const bool on_first = i % 2 == 0;
        const PerPair first = round_ns_per_pair(on_first, threads);
        const PerPair second = round_ns_per_pair(!on_first, threads);
        const PerPair& tracked = on_first ? first : second;
        const PerPair& untracked = on_first ? second : first;
        on.push_back(tracked.wall_ns);
        off.push_back(untracked.wall_ns);
        difference.push_back(tracked.wall_ns - untracked.wall_ns);
        cpu_on.push_back(tracked.cpu_ns);
        cpu_off.push_back(untracked.cpu_ns);
        cpu_difference.push_back(tracked.cpu_ns - untracked.cpu_ns);
    }
    std::printf("malloc(64)+free pairs on %d thread(s) at once, %d rounds, interleaved (ns per pair per thread)\n",
                threads, rounds);
    std::printf("  tracking off (hooks inactive): median %.2f ns/pair wall, %.2f CPU\n", median(off), median(cpu_off));
    std::printf("  tracking on:                   median %.2f ns/pair wall, %.2f CPU\n", median(on), median(cpu_on));
    std::printf("  overhead (median of paired differences): %.2f ns/pair wall, %.2f CPU\n", median(difference),
                median(cpu_difference));
}

}  // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 400;
    std::vector<int> thread_counts;
    for (int i = 2; i < argc; ++i) thread_counts.push_back(std::atoi(argv[i]));
    if (thread_counts.empty()) thread_counts = {1, 2};
    bool usage = rounds < 1;
    for (int t : thread_counts) usage = usage || t < 1 || t > 64;
    if (usage) {
        std::printf("usage: %s [rounds >= 1] [threads (1 to 64)...]\n", argv[0]);
        return 2;
    }
    // Several threads make longer rounds: fewer of them.
    for (int t : thread_counts) compare(t == 1 ? rounds : (rounds / 4 > 0 ? rounds / 4 : 1), t);
    return 0;
}
