// SPDX-License-Identifier: Apache-2.0
// A realistic suite: each benchmark prepares its data, measures one call and
// checks the answer, like a test.
#include <pace/pace.hpp>

#include <algorithm>      // std::sort, std::is_sorted
#include <cstdint>        // std::uint64_t
#include <map>            // std::map
#include <random>         // std::mt19937_64
#include <string>         // std::string
#include <unordered_map>  // std::unordered_map
#include <vector>         // std::vector

namespace {

std::vector<int> random_ints(std::size_t n, std::uint64_t seed = 42) {
    std::mt19937_64 rng(seed);
    std::vector<int> v(n);
    for (int& x : v) x = static_cast<int>(rng() % 1'000'000);
    return v;
}

std::vector<std::string> random_words(std::size_t n, std::size_t length) {
    std::mt19937_64 rng(7);
    std::vector<std::string> words(n);
    for (auto& w : words) {
        w.resize(length);
        for (char& c : w) c = static_cast<char>('a' + rng() % 26);
    }
    return words;
}

// FNV-1a: simple, and its answer for a known input is checkable.
std::uint64_t fnv1a(const std::string& text) {
    std::uint64_t hash = 14695981039346656037ull;
    for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
    return hash;
}

}  // namespace

// Sorting a copy: the copy is part of each call, as it would be in real code.
// The sweep over n is fitted (O(N log N), the copy's O(N) under it) and the
// fit is a target: a quadratic sort would fail it.
PACE_BENCH("sort/std", pace::dim("n", {1'000, 10'000, 100'000}), pace::tags("cpu", "sort"), pace::complexity("n")) {
    bench.target(pace::complexity <= pace::n_log_n);
    auto n = bench.dim<std::size_t>("n");
    const auto input = random_ints(n);
    auto out = bench.measure([&] {
        auto v = input;
        std::sort(v.begin(), v.end());
        return v;
    });
    PACE_CHECK(out.size() == n);
    PACE_CHECK(std::is_sorted(out.begin(), out.end()));
    bench.items(static_cast<double>(n));
}

// Sorting in place, with a fresh shuffled input per call prepared outside the timing.
PACE_BENCH("sort/in_place", pace::dim("n", {1'000, 10'000}), pace::tags("cpu", "sort")) {
    auto n = bench.dim<std::size_t>("n");
    const auto input = random_ints(n);
    auto sorted = bench.measure_each([&] { return input; },
                                     [](std::vector<int>& v) {
                                         std::sort(v.begin(), v.end());
                                         return v.front();
                                     });
    PACE_CHECK(sorted == *std::min_element(input.begin(), input.end()));
}

PACE_BENCH("hash/fnv1a", pace::dim("length", {16, 1024}), pace::tags("cpu")) {
    auto length = bench.dim<std::size_t>("length");
    const std::string text(length, 'x');
    auto hash = bench.measure([&] { return fnv1a(text); });
    PACE_CHECK(hash == fnv1a(std::string(length, 'x')));
    PACE_CHECK(fnv1a("a") == 0xaf63dc4c8601ec8cull);  // the published FNV-1a test vector
    bench.bytes(static_cast<double>(length));
}

PACE_BENCH("string/build", pace::dim("method", {"append", "reserve_append"}), pace::tags("cpu", "alloc")) {
    auto method = bench.dim<std::string>("method");
    const auto words = random_words(1'000, 8);
    auto text = bench.measure([&] {
        std::string out;
        if (method == "reserve_append") out.reserve(words.size() * 9);
        for (const auto& w : words) {
            out += w;
            out += ' ';
        }
        return out;
    });
    PACE_CHECK(text.size() == words.size() * 9);
    bench.info("words", words.size());
}

// A lookup table rebuilt before each round (pedantic setup), so every round
// starts from the same cold-ish table.
PACE_BENCH("map/lookup", pace::dim("container", {"map", "unordered_map"}), pace::tags("cpu", "alloc")) {
    auto container = bench.dim<std::string>("container");
    const auto keys = random_ints(10'000, 3);
    std::map<int, int> ordered;
    std::unordered_map<int, int> hashed;
    pace::Pedantic plan;
    plan.setup = [&] {
        ordered.clear();
        hashed.clear();
        for (int k : keys) {
            ordered[k] = k;
            hashed[k] = k;
        }
    };
    plan.rounds = 30;
    plan.iterations = 10;
    plan.warmup_rounds = 2;
    auto found = bench.pedantic(
        [&] {
            long sum = 0;
            if (container == "map")
                for (int k : keys) sum += ordered.find(k)->second;
            else
                for (int k : keys) sum += hashed.find(k)->second;
            return sum;
        },
        plan);
    long expected = 0;
    for (int k : keys) expected += k;
    PACE_CHECK(found == expected);
    bench.info("keys", keys.size());
}
