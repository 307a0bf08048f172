// SPDX-License-Identifier: Apache-2.0
// Fixtures: values made once and shared by the benchmarks that ask for them
// (a loaded data set, a started server), with an explicit lifetime.
#pragma once

#include <functional>  // std::function
#include <optional>    // std::optional
#include <string>      // std::string
#include <utility>     // std::move

namespace pace {

/// How long a fixture's value lives once a benchmark has asked for it.
enum class Lifetime {
    /// Made by the first benchmark of the run that asks for it, shared by every
    /// later one, torn down when the run ends: after the last benchmark, after
    /// one that failed or threw, in --test mode, and on Ctrl-C (SIGINT/SIGTERM).
    run,
    /// Made for each benchmark instance that asks for it, torn down when that
    /// instance ends (however it ends).
    benchmark,
};

namespace detail {

/// What the runner knows of a fixture: its name, its lifetime, and how to
/// start and stop it. Fixtures are objects of static storage duration,
/// defined beside the benchmarks; the runner starts them on first use.
class FixtureBase {
public:
    FixtureBase(std::string name, Lifetime lifetime) : name_(std::move(name)), lifetime_(lifetime) {}
    virtual ~FixtureBase() = default;
    FixtureBase(const FixtureBase&) = delete;
    FixtureBase& operator=(const FixtureBase&) = delete;

    const std::string& name() const { return name_; }
    Lifetime lifetime() const { return lifetime_; }

    /// Makes the value and returns its address; throws when it cannot.
    virtual void* start() = 0;
    /// Tears the value down. Called once for each successful start().
    virtual void stop() = 0;

    // The runner's bookkeeping, for this run.
    bool running_ = false;
    std::optional<std::string> start_failure_;  ///< why start() failed, for every later user
    void* started_value_ = nullptr;

private:
    std::string name_;
    Lifetime lifetime_;
};

}  // namespace detail

/// A fixture holding a T made by `setup` and torn down by `teardown`. Define
/// it at namespace scope and ask for it with `bench.use(...)`; a fixture that
/// no selected benchmark uses is never made. If `setup` throws, every
/// benchmark that uses the fixture fails with its message; the others run.
///     pace::Fixture<std::vector<int>> numbers("numbers", pace::Lifetime::run, [] { return load(); });
///     PACE_BENCH("sum") { const auto& v = bench.use(numbers); ... }
template <class T>
class Fixture final : public detail::FixtureBase {
public:
    using value_type = T;

    Fixture(std::string name, Lifetime lifetime, std::function<T()> setup, std::function<void(T&)> teardown = {})
        : FixtureBase(std::move(name), lifetime), setup_(std::move(setup)), teardown_(std::move(teardown)) {}

    void* start() override {
        value_.emplace(setup_());
        return &*value_;
    }
    void stop() override {
        if (!value_) return;
        // The value goes even when teardown throws: a second stop finds nothing.
        struct Reset {
            std::optional<T>& v;
            ~Reset() { v.reset(); }
        } reset{value_};
        if (teardown_) teardown_(*value_);
    }

private:
    std::function<T()> setup_;
    std::function<void(T&)> teardown_;
    std::optional<T> value_;
};

}  // namespace pace
