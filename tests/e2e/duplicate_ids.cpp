// SPDX-License-Identifier: Apache-2.0
// Two benchmarks with one id: the binary must refuse to run (exit 2).
#include <pace/pace.hpp>

PACE_BENCH("same/name") { bench.measure([] { return 1; }); }
PACE_BENCH("same/name") { bench.measure([] { return 2; }); }
