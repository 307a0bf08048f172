// SPDX-License-Identifier: Apache-2.0
// The object a benchmark body receives: its dims, and the ways to measure.
#pragma once

#include <chrono>       // std::chrono::steady_clock
#include <cstdint>      // std::int64_t
#include <functional>   // std::function
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <type_traits>  // std::invoke_result_t
#include <utility>      // std::forward
#include <vector>       // std::vector

#include "pace/fixture.hpp"  // Fixture, Lifetime: bench.use()
#include "pace/optimizer.hpp"
#include "pace/target.hpp"
#include "pace/value.hpp"

namespace pace {

namespace detail {

struct BenchState;  // the runner's record of the benchmark being run
struct BenchAccess;  // the layers that drive a Bench (src/gbench, src/gtest) reach the state through it

/// A measured round: runs the body `iterations` times, returns the elapsed
/// nanoseconds of those calls only.
using RoundFn = std::int64_t (*)(void* context, std::int64_t iterations);

template <class Lambda>
std::int64_t call_round(void* context, std::int64_t iterations) {
    return (*static_cast<Lambda*>(context))(iterations);
}

/// The clock of every measurement: monotonic, never adjusted.
inline std::int64_t now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

bool test_mode(const BenchState& state);
void begin_measurement(BenchState& state, const char* api);
void run_rounds(BenchState& state, void* context, RoundFn round);
void run_fixed_rounds(BenchState& state, void* context, RoundFn round, std::int64_t rounds,
                      std::int64_t iterations, std::int64_t warmup_rounds);
/// Around the measured calls of each round (outside the clock reads): starts and
/// stops instruction counting in instruction mode; nothing in time mode.
void section_begin(BenchState& state);
void section_end(BenchState& state);
/// Around one untimed make_input() of measure_each: its heap bytes bound the
/// inputs a round holds (64 MiB of them). Begin returns false when allocations
/// cannot be tracked; then only the time bound applies.
bool input_size_begin(BenchState& state);
void input_size_end(BenchState& state);
/// Around one untimed call: the memory pass. Returns false when the pass is off.
bool memory_pass_begin(BenchState& state);
void memory_pass_end(BenchState& state);
/// Ends a memory pass whose call's result outlives it: what the call left
/// behind cannot be told apart from the result, so leaks go unchecked.
void memory_pass_end_keeping_result(BenchState& state);
const DimValue* find_dim(const BenchState& state, std::string_view name);
void add_info(BenchState& state, std::string key, DimValue value);
void set_items(BenchState& state, double items_per_call);
void set_bytes(BenchState& state, double bytes_per_call);
void limit_memory(BenchState& state, std::int64_t peak_bytes);
void limit_allocations(BenchState& state, std::int64_t allocations);
void forbid_leaks(BenchState& state);
void add_target(BenchState& state, Target target);
/// The value of `fixture`, started on first use (for the run or this
/// benchmark, as its lifetime says); throws when it failed to start.
void* use_fixture(BenchState& state, FixtureBase& fixture);
[[noreturn]] void check_failed(const char* file, int line, const char* expression);
[[noreturn]] void misuse(std::string message);

// Calls f and discards its result so the optimizer cannot.
template <class F>
inline void call_kept(F& f) {
    if constexpr (std::is_void_v<std::invoke_result_t<F&>>)
        f();
    else
        do_not_optimize(f());
}

// A callable the timed loop may copy into its own frame: it only holds
// references or plain values (trivially copyable, small) and its call changes
// nothing in it (callable as const), so a copy behaves exactly as the original.
// A plain function (`bench.measure(work)`) is not an object: it is called as it is.
template <class F>
inline constexpr bool copy_into_loop = [] {
    if constexpr (!std::is_object_v<F>)
        return false;
    else
        return std::is_trivially_copyable_v<F> && std::is_invocable_v<const F&> && sizeof(F) <= 64;
}();

// One timed batch: `iterations` calls of f between two clock reads. The
// barrier in do_not_optimize makes the compiler reload whatever f holds in
// memory on every call; a copy of f in this frame, whose address never
// escapes, stays in registers instead. Without it a lambda capturing by
// reference costs a chain of dependent loads per call that a hand-written
// loop over locals does not pay (about 5% on a 50 ns hash).
template <class F>
inline std::int64_t timed_calls(BenchState& state, F& f, std::int64_t iterations) {
    section_begin(state);
    std::int64_t start = now_ns();
    if constexpr (copy_into_loop<F>) {
        const F local = f;
        for (std::int64_t i = 0; i < iterations; ++i) call_kept(local);
    } else {
        for (std::int64_t i = 0; i < iterations; ++i) call_kept(f);
    }
    std::int64_t elapsed = now_ns() - start;
    section_end(state);
    return elapsed;
}

// The memory pass: one untimed call with allocation tracking on. A result is
// destroyed inside the tracked call, so `leaked` counts only what the call
// itself left behind. Returns false when the pass is off.
template <class F>
inline bool memory_pass(BenchState& state, F& f) {
    if (!memory_pass_begin(state)) return false;
    if constexpr (std::is_void_v<std::invoke_result_t<F&>>) {
        f();
    } else {
        auto discarded = f();
        do_not_optimize(discarded);
    }
    memory_pass_end(state);
    return true;
}

// --test's one call, with allocation tracking on when the memory pass is (so
// memory limits are checked), its result kept for the body's checks.
template <class F>
inline decltype(auto) test_call(BenchState& state, F& f) {
    const bool tracked = memory_pass_begin(state);
    using R = std::invoke_result_t<F&>;
    if constexpr (std::is_void_v<R>) {
        f();
        if (tracked) memory_pass_end_keeping_result(state);
    } else {
        R result = f();
        if (tracked) memory_pass_end_keeping_result(state);
        if constexpr (std::is_reference_v<R>)
            return static_cast<R>(result);
        else
            return result;
    }
}

}  // namespace detail

/// Full control over rounds, for pedantic(): setup and teardown run before and
/// after every round, outside the timing.
struct Pedantic {
    std::function<void()> setup;     ///< before each round, untimed
    std::function<void()> teardown;  ///< after each round, untimed
    std::int64_t rounds = 1;         ///< timed rounds
    std::int64_t iterations = 1;     ///< calls per round
    std::int64_t warmup_rounds = 0;  ///< rounds run first and discarded
};

/// The handle a benchmark body gets as `bench`. Not thread-safe: use it from the
/// thread that runs the body.
class Bench {
public:
    explicit Bench(detail::BenchState& state) : state_(&state) {}

    /// The value of dim `name` for this instance, converted to T (an arithmetic
    /// type, std::string or bool). Fails the benchmark if there is no such dim.
    ///     auto n = bench.dim<std::size_t>("n");
    template <class T>
    T dim(std::string_view name) const {
        static_assert(std::is_arithmetic_v<T> || std::is_convertible_v<std::string, T>,
                      "bench.dim<T>: a dim holds a number, a bool or a string; T must be one of those");
        const DimValue* value = detail::find_dim(*state_, name);
        if (!value) detail::misuse("no dim named \"" + std::string(name) + "\"");
        if constexpr (std::is_same_v<T, bool>) {
            if (auto* b = std::get_if<bool>(value)) return *b;
        } else if constexpr (std::is_arithmetic_v<T>) {
            if (auto* i = std::get_if<std::int64_t>(value)) return static_cast<T>(*i);
            if (auto* d = std::get_if<double>(value)) return static_cast<T>(*d);
        } else if constexpr (std::is_convertible_v<std::string, T>) {
            if (auto* s = std::get_if<std::string>(value)) return *s;
        }
        detail::misuse("dim \"" + std::string(name) + "\" does not hold a value of the type asked for");
    }

    /// Times `f()`: calibrates the calls per round, warms up, runs the rounds,
    /// then makes the memory pass (one untimed call with allocation tracking) and
    /// returns the result of one more untimed call so the body can check it.
    ///     auto out = bench.measure([&] { return std::accumulate(v.begin(), v.end(), 0L); });
    template <class F>
    decltype(auto) measure(F&& f) {
        detail::begin_measurement(*state_, "measure");
        if (detail::test_mode(*state_)) return detail::test_call(*state_, f);  // --test: one call
        {
            auto round = [this, &f](std::int64_t iterations) { return detail::timed_calls(*state_, f, iterations); };
            detail::run_rounds(*state_, &round, &detail::call_round<decltype(round)>);
        }
        // The returned value comes from one more untimed call after the memory pass.
        bool tracked = detail::memory_pass(*state_, f);
        if constexpr (std::is_void_v<std::invoke_result_t<F&>>) {
            if (!tracked) f();
        } else {
            return f();
        }
    }

    /// Times `f()` with a fresh input per call, without pausing the clock:
    /// each round first builds one input per call with `make_input()`, untimed,
    /// then times the calls `f(input)` back to back. For work that consumes or
    /// mutates its input (sorting in place, popping a queue), even at nanoseconds a call.
    ///     bench.measure_each([&] { return shuffled; }, [](auto& v) { std::sort(v.begin(), v.end()); });
    template <class MakeInput, class F>
    auto measure_each(MakeInput&& make_input, F&& f) {
        detail::begin_measurement(*state_, "measure_each");
        using Input = std::decay_t<std::invoke_result_t<MakeInput&>>;
        using R = std::invoke_result_t<F&, Input&>;
        if (detail::test_mode(*state_)) {  // --test: one input, one call
            Input input = make_input();
            auto call = [&f, &input]() -> decltype(auto) { return f(input); };
            if constexpr (std::is_void_v<R>) {
                detail::test_call(*state_, call);
                return;
            } else {
                return std::decay_t<R>(detail::test_call(*state_, call));
            }
        }
        {
            if (detail::input_size_begin(*state_)) {
                try {
                    Input sized = make_input();
                    detail::input_size_end(*state_);  // while `sized` is alive
                } catch (...) {
                    detail::input_size_end(*state_);  // tracking never outlives the sizing
                    throw;
                }
            }
            std::vector<Input> inputs;
            auto round = [this, &f, &make_input, &inputs](std::int64_t iterations) {
                inputs.clear();
                inputs.reserve(static_cast<std::size_t>(iterations));
                for (std::int64_t i = 0; i < iterations; ++i) inputs.push_back(make_input());
                detail::section_begin(*state_);
                std::int64_t start = detail::now_ns();
                for (auto& input : inputs) {
                    auto call = [&f, &input]() -> decltype(auto) { return f(input); };
                    detail::call_kept(call);
                }
                std::int64_t elapsed = detail::now_ns() - start;
                detail::section_end(*state_);
                inputs.clear();
                return elapsed;
            };
            detail::run_rounds(*state_, &round, &detail::call_round<decltype(round)>);
        }
        {
            // The memory pass, on a fresh input made outside the tracking.
            Input input = make_input();
            auto call = [&f, &input] { return std::decay_t<R>(f(input)); };
            auto call_void = [&f, &input] { f(input); };
            if constexpr (std::is_void_v<R>)
                detail::memory_pass(*state_, call_void);
            else
                detail::memory_pass(*state_, call);
        }
        Input input = make_input();
        if constexpr (std::is_void_v<R>)
            f(input);
        else
            return std::decay_t<R>(f(input));
    }

    /// Times `f()` exactly as told: `options.rounds` rounds of
    /// `options.iterations` calls, with setup and teardown around each round,
    /// outside the timing. Returns the result of one more untimed call.
    ///     pace::Pedantic plan;
    ///     plan.setup = [&] { db.reset(); };
    ///     plan.rounds = 20;
    ///     bench.pedantic([&] { return db.query(q); }, plan);
    template <class F>
    decltype(auto) pedantic(F&& f, const Pedantic& options) {
        detail::begin_measurement(*state_, "pedantic");
        if (options.rounds < 1 || options.iterations < 1 || options.warmup_rounds < 0)
            detail::misuse("pedantic() needs rounds >= 1, iterations >= 1 and warmup_rounds >= 0");
        if (detail::test_mode(*state_)) {  // --test: one call, between setup and teardown
            if (options.setup) options.setup();
            if constexpr (std::is_void_v<std::invoke_result_t<F&>>) {
                detail::test_call(*state_, f);
                if (options.teardown) options.teardown();
                return;
            } else {
                auto result = detail::test_call(*state_, f);
                if (options.teardown) options.teardown();
                return result;
            }
        }
        {
            auto round = [this, &f, &options](std::int64_t iterations) {
                if (options.setup) options.setup();
                std::int64_t elapsed = detail::timed_calls(*state_, f, iterations);
                if (options.teardown) options.teardown();
                return elapsed;
            };
            detail::run_fixed_rounds(*state_, &round, &detail::call_round<decltype(round)>, options.rounds,
                                     options.iterations, options.warmup_rounds);
        }
        if (options.setup) options.setup();
        bool tracked = detail::memory_pass(*state_, f);
        if (options.teardown) options.teardown();
        if constexpr (std::is_void_v<std::invoke_result_t<F&>>) {
            if (!tracked) {
                if (options.setup) options.setup();
                f();
                if (options.teardown) options.teardown();
            }
        } else {
            if (options.setup) options.setup();
            auto result = f();
            if (options.teardown) options.teardown();
            return result;
        }
    }

    /// Saves `key = value` with the result (pytest-benchmark's extra_info).
    template <class T>
    void info(std::string key, const T& value) {
        if constexpr (std::is_same_v<T, bool>)
            detail::add_info(*state_, std::move(key), DimValue(value));
        else if constexpr (std::is_integral_v<T>)
            detail::add_info(*state_, std::move(key), DimValue(static_cast<std::int64_t>(value)));
        else if constexpr (std::is_floating_point_v<T>)
            detail::add_info(*state_, std::move(key), DimValue(static_cast<double>(value)));
        else
            detail::add_info(*state_, std::move(key), DimValue(std::string(value)));
    }

    /// Items processed per call: the table and file add items/s.
    void items(double per_call) { detail::set_items(*state_, per_call); }
    /// Bytes processed per call: the table and file add bytes/s.
    void bytes(double per_call) { detail::set_bytes(*state_, per_call); }

    /// Fails the benchmark when the memory pass's peak exceeds `peak_bytes`.
    void limit_memory(std::int64_t peak_bytes) { detail::limit_memory(*state_, peak_bytes); }
    /// Fails the benchmark when the memory pass makes more than `count` allocations.
    void limit_allocations(std::int64_t count) { detail::limit_allocations(*state_, count); }
    /// Fails the benchmark when the memory pass leaves bytes allocated.
    void forbid_leaks() { detail::forbid_leaks(*state_); }

    /// Fails the benchmark when its timing misses `target`, checked after the
    /// rounds (not in --test or instruction mode, which time nothing):
    ///     using namespace std::chrono_literals;
    ///     bench.target(pace::p95 <= 500ms);
    ///     bench.target(pace::ops >= 1e6);
    void target(Target target) { detail::add_target(*state_, std::move(target)); }

    /// The value of a fixture (a pace::Fixture<T>, a pace::Service), started
    /// the first time a benchmark asks for it. When it failed to start, the
    /// benchmark fails here with the fixture's message. Call it outside the
    /// measured function: a run-lifetime fixture's first use pays its setup.
    ///     const auto& numbers = bench.use(numbers_fixture);
    template <class F>
    typename F::value_type& use(F& fixture) {
        return *static_cast<typename F::value_type*>(detail::use_fixture(*state_, fixture));
    }

    /// True in `--test` mode: each measuring call runs the body once, untimed.
    bool test_mode() const { return detail::test_mode(*state_); }

private:
    friend struct detail::BenchAccess;
    detail::BenchState* state_;
};

}  // namespace pace
