// SPDX-License-Identifier: Apache-2.0
// Cost of the memory pass's hooks per malloc+free pair: tracking on against
// tracking off, in interleaved rounds of the same binary.
//
//     ./memory_tracker_overhead [rounds]
//
// Prints the median nanoseconds per pair of each side and their difference,
// on one thread, then with two threads allocating at once (where the shared
// live-bytes counter is contended).
#include <algorithm>  // std::sort
#include <chrono>     // std::chrono::steady_clock
#include <cstdint>    // std::int64_t
#include <cstdio>     // std::printf
#include <cstdlib>    // std::malloc, std::free, std::atoi
#include <thread>     // std::thread
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

// One round: pairs of malloc(64) + free, the commonest size class, timed as
// a whole so the clock's own cost is spread over 20,000 pairs.
void pairs(int count) {
    for (int i = 0; i < count; ++i) {
        void* block = std::malloc(64);
        pace::do_not_optimize(block);
        std::free(block);
    }
}

double round_ns_per_pair(bool tracked, int threads) {
    // Two threads: longer rounds, so that starting them is small beside the pairs.
    const int count = threads == 1 ? pairs_per_round : 10 * pairs_per_round;
    std::vector<std::thread> workers;
    workers.reserve(static_cast<std::size_t>(threads));
    if (tracked) pace::memory::start();
    const auto begin = std::chrono::steady_clock::now();
    if (threads == 1) {
        pairs(count);
    } else {
        for (int t = 0; t < threads; ++t) workers.emplace_back(pairs, count);
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
    return std::chrono::duration<double, std::nano>(end - begin).count() / count;
}

void compare(int rounds, int threads) {
    std::vector<double> off, on, difference;
    for (int i = 0; i < 20; ++i) round_ns_per_pair(i % 2 == 0, threads);  // warm-up: caches, free lists
    for (int i = 0; i < rounds; ++i) {
        // Alternate which side goes first so a drift in the machine's speed
        // does not favour one of them.
        const bool on_first = i % 2 == 0;
        const double first = round_ns_per_pair(on_first, threads);
        const double second = round_ns_per_pair(!on_first, threads);
        const double tracked = on_first ? first : second;
        const double untracked = on_first ? second : first;
        on.push_back(tracked);
        off.push_back(untracked);
        difference.push_back(tracked - untracked);
    }
    std::printf("malloc(64)+free pairs on %d thread(s) at once, %d rounds, interleaved (ns per pair per thread)\n",
                threads, rounds);
    std::printf("  tracking off (hooks inactive): median %.2f ns/pair\n", median(off));
    std::printf("  tracking on:                   median %.2f ns/pair\n", median(on));
    std::printf("  overhead (median of paired differences): %.2f ns/pair\n", median(difference));
}

}  // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 400;
    if (rounds < 1) {
        std::printf("usage: %s [rounds >= 1]\n", argv[0]);
        return 2;
    }
    compare(rounds, 1);
    compare(rounds / 4 > 0 ? rounds / 4 : 1, 2);
    return 0;
}
