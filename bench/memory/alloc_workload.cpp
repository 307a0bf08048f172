// SPDX-License-Identifier: Apache-2.0
// An allocation-heavy workload, built twice: with the memory pass's hooks
// linked in (and inactive, as in the timed rounds) and without them. Run the
// two executables alternately (compare_hooks.sh) to see what the inactive
// hooks cost.
//
//     ./memory_workload_hooked [reps]   |   ./memory_workload_plain [reps]
//
// Prints the median milliseconds of one workload run.
#include <algorithm>      // std::sort
#include <chrono>         // std::chrono::steady_clock
#include <cstdio>         // std::printf
#include <cstdlib>        // std::atoi
#include <map>            // std::map
#include <memory>         // std::make_unique
#include <string>         // std::string
#include <unordered_map>  // std::unordered_map
#include <vector>         // std::vector

#include "pace/optimizer.hpp"  // do_not_optimize

#ifdef PACE_BENCH_WITH_HOOKS
#include "memory/allocation_tracker.hpp"
#endif

namespace {

// Node containers, short-lived strings and growing vectors: mostly small
// allocations, the case where a hook's fixed cost would show most.
std::size_t workload() {
    std::map<int, std::string> tree;
    std::unordered_map<std::string, int> table;
    std::vector<std::unique_ptr<int>> boxes;
    for (int i = 0; i < 20'000; ++i) {
        std::string key = "key-number-" + std::to_string(i * 7919 % 20'000) + "-with-a-long-tail";
        tree.emplace(i, key);
        table[key] = i;
        boxes.push_back(std::make_unique<int>(i));
        if (i % 3 == 0) tree.erase(i / 2);
    }
    std::size_t total = tree.size() + table.size() + boxes.size();
    pace::do_not_optimize(total);
    return total;
}

}  // namespace

int main(int argc, char** argv) {
    const int reps = argc > 1 ? std::atoi(argv[1]) : 31;
    if (reps < 1) {
        std::printf("usage: %s [reps >= 1]\n", argv[0]);
        return 2;
    }
    // As in a real benchmark binary: a memory pass has run before (so free()
    // looks for headers) and left a tracked block alive. The plain build runs
    // the same code untracked, so both sides start from the same heap history.
#ifdef PACE_BENCH_WITH_HOOKS
    pace::memory::start();
#endif
    static auto* survivor = new std::string(100, 'x');
    pace::do_not_optimize(survivor);
    workload();
#ifdef PACE_BENCH_WITH_HOOKS
    pace::memory::stop();
#endif
    for (int i = 0; i < 3; ++i) workload();  // warm-up
    std::vector<double> ms;
    for (int i = 0; i < reps; ++i) {
        const auto begin = std::chrono::steady_clock::now();
        workload();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%.4f\n", ms[ms.size() / 2]);
    return 0;
}
