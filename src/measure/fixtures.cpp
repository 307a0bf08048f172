// SPDX-License-Identifier: Apache-2.0
#include "measure/fixtures.hpp"

#include <signal.h>  // sigaction, raise
#include <unistd.h>  // _exit

#include <algorithm>  // std::find
#include <atomic>     // the interrupt flag
#include <cstdio>     // std::fputs
#include <exception>  // std::exception

#include "measure/bench_state.hpp"
#include "platform/child_process.hpp"  // kill_registered_children on a second signal

namespace pace {

namespace {

// The run-lifetime fixtures started so far, in the order they started.
std::vector<detail::FixtureBase*>& run_fixtures() {
    static std::vector<detail::FixtureBase*> fixtures;
    return fixtures;
}

// Lock-free, so the handler may touch it (async-signal-safe).
std::atomic<int> caught_signal{0};
static_assert(std::atomic<int>::is_always_lock_free);

struct sigaction previous_int, previous_term;

extern "C" void on_interrupt(int signal) {
    if (caught_signal.exchange(signal) != 0) {
        // A second Ctrl-C: the user will not wait for the benchmark to reach
        // a round's end. No orphaned server survives this either.
        platform::kill_registered_children();
        _exit(128 + signal);
    }
}

std::string describe(const std::exception_ptr& error) {
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return e.what();
    } catch (const detail::CheckFailure& e) {
        return e.message;
    } catch (...) {
        return "an exception that is not a std::exception";
    }
}

}  // namespace

namespace detail {

void* use_fixture(BenchState& state, FixtureBase& fixture) {
    if (fixture.running_) return fixture.started_value_;
    if (fixture.start_failure_)
        throw FixtureFailure{"fixture \"" + fixture.name() + "\" failed to start: " + *fixture.start_failure_};
    try {
        fixture.started_value_ = fixture.start();
    } catch (...) {
        std::string message = describe(std::current_exception());
        // A run fixture fails once for the run: later users get the same
        // message without a second attempt (a server that cannot start would
        // cost each of them its whole timeout).
        if (fixture.lifetime() == Lifetime::run) fixture.start_failure_ = message;
        throw FixtureFailure{"fixture \"" + fixture.name() + "\" failed to start: " + message};
    }
    fixture.running_ = true;
    if (fixture.lifetime() == Lifetime::run)
        run_fixtures().push_back(&fixture);
    else
        state.fixtures.push_back(&fixture);
    return fixture.started_value_;
}

}  // namespace detail

namespace measure {

std::vector<std::string> stop_fixtures(std::vector<detail::FixtureBase*>& fixtures) {
    std::vector<std::string> problems;
    while (!fixtures.empty()) {
        detail::FixtureBase* f = fixtures.back();
        fixtures.pop_back();
        f->running_ = false;
        f->started_value_ = nullptr;
        try {
            f->stop();
        } catch (...) {
            problems.push_back("fixture \"" + f->name() + "\" failed to stop: " + describe(std::current_exception()));
        }
    }
    return problems;
}

void stop_run_fixtures() {
    for (detail::FixtureBase* f : run_fixtures()) f->start_failure_.reset();
    for (const std::string& problem : stop_fixtures(run_fixtures()))
        std::fputs(("pace: warning: " + problem + "\n").c_str(), stderr);
}

InterruptGuard::InterruptGuard() {
    caught_signal = 0;
    struct sigaction action {};
    action.sa_handler = on_interrupt;
    sigemptyset(&action.sa_mask);
    // No SA_RESTART: a body blocked in read() or connect() gets EINTR and
    // reaches its end sooner.
    action.sa_flags = 0;
    sigaction(SIGINT, &action, &previous_int);
    sigaction(SIGTERM, &action, &previous_term);
}

InterruptGuard::~InterruptGuard() {
    sigaction(SIGINT, &previous_int, nullptr);
    sigaction(SIGTERM, &previous_term, nullptr);
}

int interrupt_signal() { return caught_signal.load(); }

void die_of_interrupt() {
    const int signal = caught_signal.load();
    struct sigaction action {};
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(signal, &action, nullptr);
    raise(signal);
    _exit(128 + signal);  // the signal was blocked or ignored by the caller's mask
}

}  // namespace measure

}  // namespace pace
