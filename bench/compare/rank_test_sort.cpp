// SPDX-License-Identifier: Apache-2.0
// The work inside the rank test of `pace compare`, on pace itself:
//   - rank_test/sort: timing samples (positive doubles in measurement order)
//     sorted by std::sort and by Boost's branch-free pdqsort;
//   - rank_test/u: U of two samples of timings, by sorting both and merging
//     them, and by counting the pairs on the vector units
//     (stats::count_pairs_above, AVX2; the check says whether this CPU has it).
// Each call gets samples of its own, drawn outside the clock: sorting the
// same array again and again would let the branch predictor learn it, and
// flatter std::sort.
//
//     ./bench_rank_test_sort --md sort.md
#include <algorithm>  // std::sort, std::is_sorted
#include <cstdint>    // std::uint64_t
#include <random>     // std::mt19937_64, std::lognormal_distribution
#include <string>     // std::string
#include <utility>    // std::pair
#include <vector>     // std::vector

#include <boost/sort/pdqsort/pdqsort.hpp>

#include <pace/pace.hpp>

#include "stats/pair_count.hpp"  // stats::count_pairs_above

namespace {

// Timings look like this: a mode and a right tail, no two values alike.
std::vector<double> timing_samples(std::mt19937_64& random, std::size_t n) {
    std::lognormal_distribution<double> spread(0, 0.1);
    std::vector<double> samples(n);
    for (double& s : samples) s = 1e-6 * spread(random);
    return samples;
}

}  // namespace

PACE_BENCH("rank_test/sort", pace::dim("n", {100, 1000}),
           pace::dim("sort", {std::string("std"), std::string("pdqsort_branchless")})) {
    const auto n = bench.dim<std::size_t>("n");
    const bool branchless = bench.dim<std::string>("sort") == "pdqsort_branchless";
    std::mt19937_64 random(42);
    const bool sorted = bench.measure_each([&] { return timing_samples(random, n); },
                                           [branchless](std::vector<double>& v) {
                                               if (branchless) boost::sort::pdqsort_branchless(v.begin(), v.end());
                                               else std::sort(v.begin(), v.end());
                                               return std::is_sorted(v.begin(), v.end());
                                           });
    PACE_CHECK(sorted);
}

namespace {

// Pairs (x, y) with x > y, from both samples sorted: each x adds the
// y-values merged before it.
std::uint64_t pairs_by_sorting(std::vector<double>& a, std::vector<double>& b) {
    boost::sort::pdqsort_branchless(a.begin(), a.end());
    boost::sort::pdqsort_branchless(b.begin(), b.end());
    std::uint64_t pairs = 0;
    std::size_t j = 0;
    for (double x : a) {
        while (j < b.size() && b[j] < x) ++j;
        pairs += j;
    }
    return pairs;
}

}  // namespace

PACE_BENCH("rank_test/u", pace::dim("n", {100, 200}), pace::dim("method", {std::string("sort"), std::string("count")})) {
    const auto n = bench.dim<std::size_t>("n");
    const bool count = bench.dim<std::string>("method") == "count";
    std::mt19937_64 random(42);
    const bool counted = bench.measure_each(
        [&] { return std::pair{timing_samples(random, n), timing_samples(random, n)}; },
        [count](std::pair<std::vector<double>, std::vector<double>>& samples) {
            if (!count) return pairs_by_sorting(samples.first, samples.second) > 0;
            return pace::stats::count_pairs_above(samples.first, samples.second).has_value();
        });
    PACE_CHECK(counted);
}
