// SPDX-License-Identifier: Apache-2.0
// Failing by design: shows what a failed check and an escaped exception look
// like. Kept out of the default run; built as its own binary.
#include <pace/pace.hpp>

#include <numeric>    // std::accumulate
#include <stdexcept>  // std::runtime_error
#include <vector>     // std::vector

PACE_BENCH("failing/wrong_sum") {
    std::vector<int> v(100, 1);
    auto sum = bench.measure([&] { return std::accumulate(v.begin(), v.end(), 0); });
    PACE_CHECK(sum == 101);  // wrong on purpose: the sum is 100
}

PACE_BENCH("failing/throws") {
    bench.measure([] { return 1; });
    throw std::runtime_error("the service did not answer");
}

PACE_BENCH("failing/neighbour_still_runs") {
    auto x = bench.measure([] { return 6 * 7; });
    PACE_CHECK(x == 42);
}
