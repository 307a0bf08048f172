// SPDX-License-Identifier: Apache-2.0
// Must not compile: a dim holds a number, a bool or a string, never a vector.
// The test expects the static_assert's one-line message, not a template trace.
#include <pace/pace.hpp>

#include <vector>  // the wrong type

PACE_BENCH("misuse/dim_of_a_vector", pace::dim("n", {1, 2})) {
    auto v = bench.dim<std::vector<int>>("n");
    bench.measure([&] { return v.size(); });
}
