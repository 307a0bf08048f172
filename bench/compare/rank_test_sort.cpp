// SPDX-License-Identifier: Apache-2.0
// The sort inside the rank test of `pace compare`: timing samples (positive
// doubles in measurement order) sorted by std::sort and by Boost's
// branch-free pdqsort, on pace itself. Each call gets samples of its own,
// drawn outside the clock: sorting the same array again and again would let
// the branch predictor learn it, and flatter std::sort.
//
//     ./bench_rank_test_sort --md sort.md
#include <algorithm>  // std::sort, std::is_sorted
#include <random>     // std::mt19937_64, std::lognormal_distribution
#include <string>     // std::string
#include <vector>     // std::vector

#include <boost/sort/pdqsort/pdqsort.hpp>

#include <pace/pace.hpp>

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
