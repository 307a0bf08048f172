// SPDX-License-Identifier: Apache-2.0
// The four operations of pace ab's evaluation, of four kinds: a dependency
// chain (~50 ns, pure latency: 100 dependent additions), a small sort (~2 µs, branchy, in cache), a
// large sort (~250 µs, L2-sized), and a stream over 128 MiB (four times this
// machine's L3: memory-bound). A candidate build adds `extra` dependent
// additions after each call, a known amount of work: the evaluation measures
// what one addition costs and sets `extra` to make each call 1, 2, 5 or 10%
// slower (run_evaluation.sh).
#pragma once

#include <algorithm>  // std::sort
#include <cstdint>    // std::uint64_t
#include <numeric>    // std::iota
#include <random>     // std::mt19937
#include <vector>     // std::vector

namespace pace_ab {

/// `steps` additions, each waiting for the one before (the empty asm hides
/// the value, so nothing folds). Never inlined and never given a constant
/// count: every build, and the calibration, runs this same loop, so one step
/// costs the same everywhere and the added work is known exactly.
[[gnu::noinline]] inline std::uint64_t dependent_adds(std::uint64_t x, long steps) {
    for (long i = 0; i < steps; ++i) {
        x += 1;
        asm volatile("" : "+r"(x));
    }
    return x;
}

/// A count the compiler cannot see: the loop above stays a loop.
inline long opaque(long count) {
    volatile long hidden = count;
    return hidden;
}

inline constexpr long chain_steps = 100;
inline constexpr std::size_t small_sort_size = 300;
inline constexpr std::size_t large_sort_size = 20'000;
inline constexpr std::size_t stream_ints = 32u << 20;  // 128 MiB of 32-bit ints

inline std::vector<int> shuffled(std::size_t n) {
    std::vector<int> v(n);
    std::iota(v.begin(), v.end(), 0);
    std::shuffle(v.begin(), v.end(), std::mt19937(42));
    return v;
}

inline std::uint64_t sort_copy(const std::vector<int>& input, long extra) {
    std::vector<int> v = input;
    std::sort(v.begin(), v.end());
    return dependent_adds(static_cast<std::uint64_t>(v[v.size() / 2]), extra);
}

inline std::uint64_t stream_sum(const std::vector<std::uint32_t>& data, long extra) {
    std::uint64_t sum = 0;
    for (std::uint32_t x : data) sum += x;
    return dependent_adds(sum, extra);
}

}  // namespace pace_ab

// The extra additions of this build, one count per operation (0 in the base).
#ifndef PACE_AB_EXTRA_CHAIN
#define PACE_AB_EXTRA_CHAIN 0
#define PACE_AB_EXTRA_SMALL 0
#define PACE_AB_EXTRA_LARGE 0
#define PACE_AB_EXTRA_STREAM 0
#endif
