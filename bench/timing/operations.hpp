// SPDX-License-Identifier: Apache-2.0
// The operations both harnesses measure, shared so they time the same code.
#pragma once

#include <algorithm>  // std::sort
#include <cstdint>    // std::uint64_t
#include <random>     // std::mt19937
#include <string>     // std::string
#include <vector>     // std::vector

namespace pace_bench {

inline std::vector<int> shuffled(std::size_t n) {
    std::vector<int> v(n);
    std::mt19937 rng(1);
    for (int& x : v) x = static_cast<int>(rng());
    return v;
}

// FNV-1a over a 48-byte string: about 50 ns, with a loop-carried dependency
// the compiler cannot vectorize away.
inline std::uint64_t hash(const std::string& s) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

inline std::vector<int> sorted_copy(const std::vector<int>& input) {
    std::vector<int> v = input;
    std::sort(v.begin(), v.end());
    return v;
}

}  // namespace pace_bench
