// SPDX-License-Identifier: Apache-2.0
// Registering benchmarks: PACE_BENCH, dims, tags and groups.
#pragma once

#include <initializer_list>  // std::initializer_list
#include <string>            // std::string
#include <type_traits>       // std::is_integral_v
#include <vector>            // std::vector

#include "pace/bench.hpp"
#include "pace/value.hpp"

namespace pace {

/// A dim: a named parameter and the values to run it with. Several dims give
/// the cartesian product of their values.
struct DimSpec {
    std::string name;
    std::vector<DimValue> values;
};

/// The tags of a benchmark, for `--tags "cpu and not slow"`.
struct TagSpec {
    std::vector<std::string> names;
};

/// The group a benchmark belongs to in tables and thresholds.
struct GroupSpec {
    std::string name;
};

namespace detail {
template <class T>
DimValue to_dim_value(const T& value) {
    if constexpr (std::is_same_v<T, bool>)
        return DimValue(value);
    else if constexpr (std::is_integral_v<T>)
        return DimValue(static_cast<std::int64_t>(value));
    else if constexpr (std::is_floating_point_v<T>)
        return DimValue(static_cast<double>(value));
    else
        return DimValue(std::string(value));
}
}  // namespace detail

/// `pace::dim("n", {1'000, 100'000})` or `pace::dim("kind", {"random", "sorted"})`.
template <class T>
DimSpec dim(std::string name, std::initializer_list<T> values) {
    DimSpec spec{std::move(name), {}};
    for (const T& v : values) spec.values.push_back(detail::to_dim_value(v));
    return spec;
}

/// The worker dim of a parallel sweep, a PACE_BENCH option: `pace::threads({1, 2, 4, 8})`
/// declares the dim `threads` with those counts; `pace::scaling("workers")`
/// names a dim declared with pace::dim.
struct ScalingSpec {
    std::string dim;
    std::vector<DimSpec> declared;  ///< the dim pace::threads declares; empty for pace::scaling
};

/// `pace::threads({1, 2, 4, 8})` in PACE_BENCH: the body runs its measured
/// call on `bench.dim<int>("threads")` workers; after the run, pace fits
/// Amdahl's law and the Universal Scalability Law to the speedups over one
/// worker (`pace::speedup >= 1.5` and `pace::efficiency >= 0.8` are targets on
/// them) and predicts the counts it did not measure. Counts above the
/// machine's cores are predicted, not run.
///
///     PACE_BENCH("render", pace::threads({1, 2, 4, 8})) {
///         bench.target(pace::speedup >= 1.5);
///         auto workers = bench.dim<int>("threads");
///         bench.measure([&] { return render(scene, workers); });
///     }
inline ScalingSpec threads(std::initializer_list<int> counts) { return ScalingSpec{"threads", {dim("threads", counts)}}; }
inline ScalingSpec scaling(std::string dim_name) { return ScalingSpec{std::move(dim_name), {}}; }

/// `pace::tags("cpu", "slow")`.
template <class... Names>
TagSpec tags(Names... names) {
    return TagSpec{{std::string(names)...}};
}

/// `pace::group("sorting")`.
inline GroupSpec group(std::string name) { return GroupSpec{std::move(name)}; }

namespace detail {

using Body = void (*)(Bench&);

struct BenchmarkSpec {
    std::string name;
    Body body = nullptr;
    const char* file = "";
    int line = 0;
    std::vector<DimSpec> dims;
    std::vector<std::string> tags;
    std::string group;
    std::string complexity_dim;  ///< pace::complexity("n"): the dim fitted over, "" for none
    std::string scaling_dim;     ///< pace::threads / pace::scaling: the worker dim, "" for none
    bool optimized = false;  ///< was the benchmark's own code compiled with optimization
    bool asserts = false;    ///< were assert()s compiled in (NDEBUG unset)
};

void register_benchmark(BenchmarkSpec spec);

inline void apply(BenchmarkSpec& spec, DimSpec d) { spec.dims.push_back(std::move(d)); }
inline void apply(BenchmarkSpec& spec, TagSpec t) {
    for (auto& name : t.names) spec.tags.push_back(std::move(name));
}
inline void apply(BenchmarkSpec& spec, GroupSpec g) { spec.group = std::move(g.name); }
inline void apply(BenchmarkSpec& spec, ComplexitySpec c) { spec.complexity_dim = std::move(c.dim); }
inline void apply(BenchmarkSpec& spec, ScalingSpec s) {
    for (DimSpec& d : s.declared) spec.dims.push_back(std::move(d));
    spec.scaling_dim = std::move(s.dim);
}

/// Made by PACE_BENCH at static-initialization time.
struct Registration {
    template <class... Options>
    Registration(Body body, const char* file, int line, bool optimized, bool asserts, const char* name,
                 Options... options) {
        BenchmarkSpec spec;
        spec.name = name;
        spec.body = body;
        spec.file = file;
        spec.line = line;
        spec.optimized = optimized;
        spec.asserts = asserts;
        (apply(spec, std::move(options)), ...);
        register_benchmark(std::move(spec));
    }
};

}  // namespace detail
}  // namespace pace

#define PACE_DETAIL_CAT2(a, b) a##b
#define PACE_DETAIL_CAT(a, b) PACE_DETAIL_CAT2(a, b)

#if defined(__OPTIMIZE__)
#define PACE_DETAIL_OPTIMIZED true
#else
#define PACE_DETAIL_OPTIMIZED false
#endif
#if defined(NDEBUG)
#define PACE_DETAIL_ASSERTS false
#else
#define PACE_DETAIL_ASSERTS true
#endif

// The name travels inside __VA_ARGS__ so that PACE_BENCH("x") is valid C++17.
#define PACE_DETAIL_BENCH(id, ...)                                                                   \
    static void PACE_DETAIL_CAT(pace_body_, id)(::pace::Bench & bench);                              \
    static const ::pace::detail::Registration PACE_DETAIL_CAT(pace_registration_, id)(                \
        &PACE_DETAIL_CAT(pace_body_, id), __FILE__, __LINE__, PACE_DETAIL_OPTIMIZED, PACE_DETAIL_ASSERTS, \
        __VA_ARGS__);                                                                                \
    static void PACE_DETAIL_CAT(pace_body_, id)([[maybe_unused]] ::pace::Bench & bench)

/// Defines and registers a benchmark; the body that follows gets `bench`.
///     PACE_BENCH("sort/std", pace::dim("n", {1'000, 100'000}), pace::tags("cpu")) {
///         auto v = random_ints(bench.dim<int>("n"));
///         auto out = bench.measure([&] { auto w = v; std::sort(w.begin(), w.end()); return w; });
///         PACE_CHECK(std::is_sorted(out.begin(), out.end()));
///     }
#define PACE_BENCH(...) PACE_DETAIL_BENCH(__COUNTER__, __VA_ARGS__)

/// Checks a condition in a benchmark body; when false the benchmark fails with
/// the file, line and expression, and the other benchmarks still run.
#define PACE_CHECK(...)                                                                  \
    do {                                                                                 \
        if (!static_cast<bool>(__VA_ARGS__)) ::pace::detail::check_failed(__FILE__, __LINE__, #__VA_ARGS__); \
    } while (false)
