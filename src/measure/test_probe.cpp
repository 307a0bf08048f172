// SPDX-License-Identifier: Apache-2.0
// The probe of --test: each measuring call runs the body once, untimed (the
// Bench's loops make that call themselves), with the memory pass's tracking
// so memory limits are checked. Nothing is fitted or timed.
#include "measure/probe.hpp"

namespace pace::measure {

namespace {

// Rounds asked of --test (none of pace's own loops does): one call, unmeasured.
void call_once(detail::BenchState&, const Round& round) { round(1); }

}  // namespace

const Probe& test_probe() {
    static const Probe probe{
        .name = "test",
        .calls_once = true,
        .why_untimed = "--test times nothing",
        .why_no_scaling = "--test times nothing",
        .measure = call_once,
    };
    return probe;
}

}  // namespace pace::measure
