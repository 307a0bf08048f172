// SPDX-License-Identifier: Apache-2.0
// The runner's side of fixtures: starting them on first use, tearing them
// down at the end of a benchmark or of the run, and stopping a run on
// SIGINT/SIGTERM so that teardown still happens.
#pragma once

#include <string>  // std::string
#include <vector>  // std::vector

#include "pace/fixture.hpp"  // detail::FixtureBase

namespace pace::detail {

/// Thrown by bench.use() when a fixture failed to start: fails the benchmark
/// with the fixture's message.
struct FixtureFailure {
    std::string message;
};

/// Thrown between rounds once the run was interrupted: ends the body.
struct Interrupted {};

}  // namespace pace::detail

namespace pace::measure {

/// Stops every fixture in `fixtures`, last started first. A teardown that
/// throws does not stop the others; returns its messages (empty: all went well).
std::vector<std::string> stop_fixtures(std::vector<detail::FixtureBase*>& fixtures);

/// Stops the run-lifetime fixtures started so far, last started first, and
/// forgets their failures; a teardown that throws is reported on stderr.
void stop_run_fixtures();

/// While alive, SIGINT and SIGTERM do not kill the process: they set a flag
/// that the runner checks between rounds and between benchmarks, so the run
/// ends early and its fixtures are torn down. A second signal stops the
/// service processes pace started (SIGKILL) and exits at once.
class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;
};

/// The signal that interrupted the run, or 0.
int interrupt_signal();

/// After an interrupted run has been cleaned up: dies of the same signal, as
/// a shell expects of a program stopped with Ctrl-C.
[[noreturn]] void die_of_interrupt();

}  // namespace pace::measure
