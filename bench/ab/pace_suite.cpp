// SPDX-License-Identifier: Apache-2.0
// pace's side of the pace ab evaluation: the four operations, and the
// additions alone to measure what one costs (tagged calibration).
#include <pace/pace.hpp>

#include "suite_operations.hpp"

PACE_BENCH("chain") {
    // The candidate's extra additions lengthen the chain itself: the same loop, a known share longer.
    std::uint64_t seed = 1;
    const long steps = pace_ab::opaque(pace_ab::chain_steps + PACE_AB_EXTRA_CHAIN);
    bench.measure([&] { return pace_ab::dependent_adds(seed, steps); });
}

PACE_BENCH("sort/small") {
    const auto input = pace_ab::shuffled(pace_ab::small_sort_size);
    const long extra = pace_ab::opaque(PACE_AB_EXTRA_SMALL);
    bench.measure([&] { return pace_ab::sort_copy(input, extra); });
}

PACE_BENCH("sort/large") {
    const auto input = pace_ab::shuffled(pace_ab::large_sort_size);
    const long extra = pace_ab::opaque(PACE_AB_EXTRA_LARGE);
    bench.measure([&] { return pace_ab::sort_copy(input, extra); });
}

PACE_BENCH("stream") {
    const std::vector<std::uint32_t> data(pace_ab::stream_ints, 3);
    const long extra = pace_ab::opaque(PACE_AB_EXTRA_STREAM);
    bench.measure([&] { return pace_ab::stream_sum(data, extra); });
}

PACE_BENCH("adds", pace::dim("steps", {1'000, 11'000}), pace::tags("calibration")) {
    std::uint64_t seed = 1;
    const long steps = pace_ab::opaque(bench.dim<long>("steps"));
    bench.measure([&] { return pace_ab::dependent_adds(seed, steps); });
}
