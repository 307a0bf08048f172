// SPDX-License-Identifier: Apache-2.0
// Everything a benchmark author needs: #include <pace/pace.hpp>.
#pragma once

#include "pace/bench.hpp"      // Bench: measure, measure_each, pedantic, info, items, bytes
#include "pace/fixture.hpp"    // Fixture, Lifetime: values shared across benchmarks
#include "pace/optimizer.hpp"  // do_not_optimize, clobber_memory
#include "pace/registry.hpp"   // PACE_BENCH, PACE_CHECK, dim, tags, group
#include "pace/run.hpp"        // run_main, for a main() of your own
#include "pace/service.hpp"    // Service: a local server for the benchmarks
#include "pace/shim.hpp"       // shim: a fake executable first on PATH
#include "pace/target.hpp"     // p95 <= 500ms, ops >= 1e6: targets for bench.target()
#include "pace/value.hpp"      // DimValue
#include "pace/version.hpp"    // PACE_VERSION
