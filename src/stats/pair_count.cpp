// SPDX-License-Identifier: Apache-2.0
#include "stats/pair_count.hpp"

#include <cstring>  // std::memcpy
#include <vector>   // std::vector

namespace pace::stats {

namespace {

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))

// Past these, sorting is as fast (bench/compare/rank_test_sort.cpp: 0.9x the
// time at 200 values a side, 0.52x at 100).
constexpr std::size_t max_pairs = 40000;
constexpr std::size_t max_values = 512;

// True when no value occurs twice in `a` and `b` together and none is NaN:
// an open-addressing set of the values' bits, which thread keeps and empties
// by moving a stamp on rather than by clearing it.
bool all_distinct(std::span<const double> a, std::span<const double> b) {
    constexpr int bits = 10;
    constexpr std::size_t slots = std::size_t{1} << bits;
    static_assert(max_values <= slots / 2, "the set stays at most half full");
    struct Slot {
        std::uint64_t key = 0;
        std::uint32_t stamp = 0;
    };
    thread_local std::vector<Slot> set(slots);
    thread_local std::uint32_t stamp = 0;
    if (++stamp == 0) {  // wrapped: every slot could look filled
        set.assign(slots, Slot{});
        stamp = 1;
    }
    auto insert = [](double value) {
        if (value != value) return false;  // NaN
        value += 0.0;                      // -0 becomes +0, the value it equals
        std::uint64_t key;
        std::memcpy(&key, &value, sizeof key);
        for (std::size_t at = (key * 0x9e3779b97f4a7c15ULL) >> (64 - bits);; at = (at + 1) % slots) {
            Slot& slot = set[at];
            if (slot.stamp != stamp) {
                slot = {key, stamp};
                return true;
            }
            if (slot.key == key) return false;
        }
    };
    for (double v : a)
        if (!insert(v)) return false;
    for (double v : b)
        if (!insert(v)) return false;
    return true;
}

using Doubles = double __attribute__((vector_size(32)));
using Masks = long long __attribute__((vector_size(32)));

// Four comparisons an instruction: a comparison's mask is -1 where true.
__attribute__((target("avx2"))) std::uint64_t count_with_avx2(std::span<const double> a, std::span<const double> b) {
    Masks counts = {0, 0, 0, 0};
    std::uint64_t rest = 0;
    const std::size_t whole = b.size() / 4 * 4;
    for (double x : a) {
        const Doubles xs = {x, x, x, x};
        for (std::size_t j = 0; j < whole; j += 4) {
            Doubles ys;
            std::memcpy(&ys, b.data() + j, sizeof ys);
            counts -= ys < xs;
        }
        for (std::size_t j = whole; j < b.size(); ++j) rest += b[j] < x;
    }
    return static_cast<std::uint64_t>(counts[0] + counts[1] + counts[2] + counts[3]) + rest;
}

bool has_avx2() {
    static const bool yes = __builtin_cpu_supports("avx2");
    return yes;
}

#endif

}  // namespace

std::optional<std::uint64_t> count_pairs_above(std::span<const double> a, std::span<const double> b) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    if (!has_avx2() || a.size() + b.size() > max_values || a.size() * b.size() > max_pairs || !all_distinct(a, b))
        return std::nullopt;
    return count_with_avx2(a, b);
#else
    (void)a;
    (void)b;
    return std::nullopt;
#endif
}

}  // namespace pace::stats
