// SPDX-License-Identifier: Apache-2.0
// Expanding registered benchmarks into instances, and what registration refuses.
#include <gtest/gtest.h>

#include <cmath>  // std::log

#include "measure/runner.hpp"
#include "measure/scaling_sweep.hpp"

namespace pace::measure {
namespace {

detail::BenchmarkSpec spec_with_tags(std::vector<std::string> tags) {
    detail::BenchmarkSpec spec;
    spec.name = "copy";
    spec.file = "bench.cpp";
    spec.line = 12;
    spec.tags = std::move(tags);
    return spec;
}

TEST(Expand, TagsThatNoSelectionReachesAreRefused) {
    EXPECT_TRUE(expand({spec_with_tags({"cpu", "io/net"})}));
    for (std::string bad : {"and", "not", "two words", ""}) {
        auto e = expand({spec_with_tags({"cpu", bad})});
        ASSERT_FALSE(e) << bad;
        EXPECT_EQ(e.error().file, "bench.cpp");
        EXPECT_EQ(e.error().where, "line 12");
        EXPECT_NE(e.error().message.find("benchmark \"copy\": "), std::string::npos) << e.error().message;
        EXPECT_FALSE(e.error().hint.empty());
    }
}

TEST(Expand, AComplexityDimMustBeASizeDimOfTheBenchmark) {
    detail::BenchmarkSpec spec = spec_with_tags({});
    spec.dims = {pace::dim("n", {10, 100})};
    spec.complexity_dim = "n";
    EXPECT_TRUE(expand({spec}));
    spec.complexity_dim = "size";
    auto missing = expand({spec});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message, "pace::complexity(\"size\") of \"copy\" names no dim of it");
    EXPECT_EQ(missing.error().where, "line 12");
    spec.dims.push_back(pace::dim("kind", {"random"}));
    spec.complexity_dim = "kind";
    auto text = expand({spec});
    ASSERT_FALSE(text);
    EXPECT_NE(text.error().message.find("the dim's value random is not a size"), std::string::npos);
    spec.dims = {pace::dim("n", {10, 0})};
    spec.complexity_dim = "n";
    EXPECT_FALSE(expand({spec}));  // 0 has no logarithm
}

// Results of a sweep made by hand: value = intercept + slope · g(n).
Result swept(const std::string& name, std::vector<Dim> dims, double median) {
    Result r;
    r.name = name;
    r.dims = std::move(dims);
    r.id = make_id(name, r.dims);
    TimeStats t;
    t.median = median;
    t.median_ci_low = median * 0.99;
    t.median_ci_high = median * 1.01;
    t.rounds = 20;
    r.time = t;
    return r;
}

TEST(Complexity, FitsEachSweepApartAndChecksItsTargets) {
    detail::BenchmarkSpec spec = spec_with_tags({});
    spec.name = "lookup";
    spec.complexity_dim = "n";
    detail::BenchmarkSpec plain = spec_with_tags({});
    plain.name = "plain";
    std::vector<Result> results;
    std::vector<Instance> instances;
    for (std::string kind : {"list", "tree"})
        for (std::int64_t n : {100, 1'000, 10'000, 100'000}) {
            const double x = static_cast<double>(n);
            const double median = kind == "list" ? 1e-6 + 1e-9 * x : 1e-6 + 1e-8 * std::log(x);
            std::vector<Dim> dims = {{"kind", kind}, {"n", n}};
            results.push_back(swept("lookup", dims, median));
            instances.push_back({&spec, dims, results.back().id});
        }
    results.push_back(swept("plain", {}, 1e-6));
    instances.push_back({&plain, {}, "plain"});
    std::vector<const Instance*> selected;
    for (const Instance& i : instances) selected.push_back(&i);

    std::vector<ComplexityFit> fits = fit_complexities(results, selected, probe(Mode::time));
    ASSERT_EQ(fits.size(), 2u);
    EXPECT_EQ(fits[0].id, "lookup[kind=list]");
    EXPECT_EQ(fits[0].model, "O(N)");
    EXPECT_NEAR(fits[0].coefficient, 1e-9, 1e-15);
    EXPECT_NEAR(fits[0].intercept, 1e-6, 1e-12);
    EXPECT_EQ(fits[0].points, 4);
    EXPECT_EQ(fits[1].id, "lookup[kind=tree]");
    EXPECT_EQ(fits[1].model, "O(log N)");
    EXPECT_EQ(fits[1].metric, "median");

    std::vector<Result> two(results.begin(), results.begin() + 2);  // before the targets mark them
    // A bound of O(log N): the list misses it, the tree meets it, a benchmark
    // without a sweep fails with the fix.
    Target bound = pace::complexity <= pace::log_n;
    std::vector<std::pair<std::size_t, Target>> targets = {{0, bound}, {4, bound}, {8, bound}};
    check_complexity_targets(results, selected, fits, targets);
    EXPECT_EQ(results[0].status, Status::failed);
    EXPECT_EQ(results[0].message, "complexity <= O(log N) missed: the fit is O(N)");
    EXPECT_EQ(results[4].status, Status::ok);
    ASSERT_EQ(results[4].targets.size(), 1u);
    EXPECT_TRUE(results[4].targets[0].passed);
    EXPECT_EQ(results[8].status, Status::failed);
    EXPECT_NE(results[8].message.find("add pace::complexity"), std::string::npos);

    // Two sizes are no sweep: no fit, and the target is not checked.
    std::vector<const Instance*> two_selected(selected.begin(), selected.begin() + 2);
    EXPECT_TRUE(fit_complexities(two, two_selected, probe(Mode::time)).empty());
    std::vector<std::pair<std::size_t, Target>> one = {{0, bound}};
    check_complexity_targets(two, two_selected, {}, one);
    EXPECT_EQ(two[0].status, Status::ok);
    ASSERT_EQ(two[0].targets.size(), 1u);
    EXPECT_FALSE(two[0].targets[0].checked);
}


TEST(Scaling, AWorkerDimMustHoldWholeCountsAndOne) {
    detail::BenchmarkSpec spec = spec_with_tags({});
    detail::apply(spec, pace::threads({1, 2, 4}));
    ASSERT_EQ(spec.dims.size(), 1u);
    EXPECT_EQ(spec.dims[0].name, "threads");
    EXPECT_TRUE(expand({spec}));
    spec.dims[0] = pace::dim("threads", {2, 4});
    auto no_one = expand({spec});
    ASSERT_FALSE(no_one);
    EXPECT_EQ(no_one.error().message, "the worker dim \"threads\" of \"copy\" has no count of 1");
    spec.dims[0] = pace::dim("threads", {1.0, 2.5});
    EXPECT_FALSE(expand({spec}));
    spec.dims.clear();
    auto missing = expand({spec});
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("is not one of its dims"), std::string::npos);
}

TEST(Scaling, FitsTheSweepPredictsAndChecksTargets) {
    // σ = 0.2 by construction: median(n) = 10 ms · (0.2 + 0.8 / n).
    detail::BenchmarkSpec spec = spec_with_tags({});
    spec.name = "render";
    detail::apply(spec, pace::threads({1, 2, 4, 8}));
    std::vector<Result> results;
    std::vector<Instance> instances;
    for (std::int64_t n : {1, 2, 4, 8}) {
        std::vector<Dim> dims(1);
        dims[0].name = "threads";
        dims[0].value = n;
        results.push_back(swept("render", dims, 0.01 * (0.2 + 0.8 / static_cast<double>(n))));
        instances.push_back({&spec, dims, results.back().id});
    }
    results[3].time.reset();  // 8 workers on a 4-core machine: not measured
    results[3].status = Status::skipped;
    results[3].message = "8 workers on 4 cores: predicted, not measured";
    std::vector<const Instance*> selected;
    for (const Instance& i : instances) selected.push_back(&i);

    std::vector<ScalingFit> fits = fit_scalings(results, selected, 4);
    ASSERT_EQ(fits.size(), 1u);
    const ScalingFit& f = fits[0];
    EXPECT_EQ(f.id, "render");
    EXPECT_EQ(f.cores, 4);
    EXPECT_NEAR(f.serial_fraction, 0.2, 1e-9);
    EXPECT_EQ(f.model, "amdahl");
    ASSERT_TRUE(f.contention);  // three measured counts: the USL too
    EXPECT_NEAR(*f.contention, 0.2, 1e-9);
    ASSERT_TRUE(f.accuracy);  // 4 predicted from 1 and 2: exact here
    EXPECT_NEAR(*f.accuracy, 100, 1e-6);
    EXPECT_EQ(f.accuracy_workers, 4);
    ASSERT_EQ(f.points.size(), 4u);
    EXPECT_NEAR(*f.points[1].speedup, 2 / 1.2, 1e-9);
    EXPECT_FALSE(f.points[3].speedup);
    EXPECT_NEAR(f.points[3].predicted, 8 / 2.4, 1e-9);

    // 2 workers: speedup 1.67 meets 1.5, efficiency 83% misses 90%; the
    // one-worker reference gets none; the unmeasured count is not checked.
    std::vector<std::pair<std::size_t, Target>> targets = {
        {0, pace::speedup >= 1.5}, {1, pace::speedup >= 1.5}, {1, pace::efficiency >= 0.9}, {3, pace::speedup >= 1.5}};
    check_scaling_targets(results, selected, fits, targets);
    EXPECT_TRUE(results[0].targets.empty());
    ASSERT_EQ(results[1].targets.size(), 2u);
    EXPECT_EQ(results[1].targets[0].description, "speedup >= 1.50x");
    EXPECT_TRUE(results[1].targets[0].passed);
    EXPECT_EQ(results[1].targets[0].detail, "speedup was 1.67x");
    EXPECT_FALSE(results[1].targets[1].passed);
    EXPECT_EQ(results[1].targets[1].detail, "efficiency was 83%");
    EXPECT_EQ(results[1].status, Status::failed);
    EXPECT_EQ(results[1].message, "efficiency >= 90% missed: efficiency was 83%");
    ASSERT_EQ(results[3].targets.size(), 1u);
    EXPECT_FALSE(results[3].targets[0].checked);
}

}  // namespace
}  // namespace pace::measure
