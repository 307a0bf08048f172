// SPDX-License-Identifier: Apache-2.0
// pace's side of the pace ab evaluation: the four operations, and the
// additions alone to measure what one costs (tagged calibration).
#include <pace/pace.hpp>

#include "suite_operations.hpp"

PACE_BENCH("chain") {
    std::uint64_t seed = 1;
    bench.measure([&] {
        return pace_ab::dependent_adds(pace_ab::dependent_adds(seed, pace_ab::chain_steps), PACE_AB_EXTRA_CHAIN);
    });
}

PACE_BENCH("sort/small") {
    const auto input = pace_ab::shuffled(pace_ab::small_sort_size);
    bench.measure([&] { return pace_ab::sort_copy(input, PACE_AB_EXTRA_SMALL); });
}

PACE_BENCH("sort/large") {
    const auto input = pace_ab::shuffled(pace_ab::large_sort_size);
    bench.measure([&] { return pace_ab::sort_copy(input, PACE_AB_EXTRA_LARGE); });
}

PACE_BENCH("stream") {
    const std::vector<std::uint32_t> data(pace_ab::stream_ints, 3);
    bench.measure([&] { return pace_ab::stream_sum(data, PACE_AB_EXTRA_STREAM); });
}

PACE_BENCH("adds", pace::dim("steps", {1'000, 11'000}), pace::tags("calibration")) {
    std::uint64_t seed = 1;
    const long steps = bench.dim<long>("steps");
    bench.measure([&] { return pace_ab::dependent_adds(seed, steps); });
}
