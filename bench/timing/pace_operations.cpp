// SPDX-License-Identifier: Apache-2.0
// pace's side of the timing comparison with Google Benchmark.
#include <pace/pace.hpp>

#include "operations.hpp"

PACE_BENCH("empty") {
    bench.measure([] {});
}

PACE_BENCH("increment") {
    std::uint64_t x = 0;
    bench.measure([&] {
        ++x;
        pace::do_not_optimize(x);
    });
}

PACE_BENCH("hash48") {
    const std::string text(48, 'q');
    bench.measure([&] { return pace_bench::hash(text); });
}

PACE_BENCH("sort256") {
    const auto input = pace_bench::shuffled(256);
    bench.measure([&] { return pace_bench::sorted_copy(input); });
}

PACE_BENCH("sort6k") {
    const auto input = pace_bench::shuffled(6000);
    bench.measure([&] { return pace_bench::sorted_copy(input); });
}
