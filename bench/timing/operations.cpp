// SPDX-License-Identifier: Apache-2.0
#include "operations.hpp"

#include <algorithm>  // std::sort
#include <random>     // std::mt19937

namespace pace_bench {

std::vector<int> shuffled(std::size_t n) {
    std::vector<int> v(n);
    std::mt19937 rng(1);
    for (int& x : v) x = static_cast<int>(rng());
    return v;
}

std::uint64_t hash(const std::string& s) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}

std::vector<int> sorted_copy(const std::vector<int>& input) {
    std::vector<int> v = input;
    std::sort(v.begin(), v.end());
    return v;
}

}  // namespace pace_bench
