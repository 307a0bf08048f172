// SPDX-License-Identifier: Apache-2.0
// The probes: which mode --mode and --test select, and the metric each gives
// the complexity fit and speedup targets.
#include <gtest/gtest.h>

#include <set>  // std::set

#include "parse_options.hpp"  // parse
#include "measure/probe.hpp"
#include "measure/runner.hpp"

namespace pace::measure {
namespace {

TEST(Probe, EachModeIsOneRegisteredProbe) {
    std::set<std::string_view> names;
    for (const Probe* p : probes()) {
        EXPECT_TRUE(names.insert(p->name).second) << p->name;
        EXPECT_NE(p->measure, nullptr) << p->name;
        EXPECT_EQ(p->figure == nullptr, p->metric.empty()) << p->name;
        EXPECT_EQ(&probe(Mode(p->name)), p);
    }
    EXPECT_EQ(names, (std::set<std::string_view>{"time", "instructions", "test"}));
    EXPECT_EQ(find_probe("cycles"), nullptr);
    EXPECT_EQ(probe(Mode{}).name, "time");
    EXPECT_EQ(probe(Mode::instructions).metric, "instructions");
    EXPECT_TRUE(probe(Mode::test).calls_once);
    EXPECT_FALSE(probe(Mode::time).calls_once);
    EXPECT_TRUE(probe(Mode::time).why_no_memory_pass.empty());
    EXPECT_FALSE(probe(Mode::instructions).why_no_memory_pass.empty());
}

TEST(Probe, ModeAndTestFlagsChooseTheProbe) {
    EXPECT_EQ(parse({})->mode, Mode::time);
    EXPECT_EQ(parse({"--mode", "instructions"})->mode, Mode::instructions);
    EXPECT_EQ(parse({"--mode", "time"})->mode, Mode::time);
    EXPECT_EQ(parse({"--test"})->mode, Mode::test);
    // --test is its own flag, not a --mode value.
    EXPECT_FALSE(parse({"--mode", "test"}));
    EXPECT_FALSE(parse({"--mode", "cycles"}));
}

// A result with `instructions` per call and no times, as instruction mode makes.
Result counted(const std::string& name, std::vector<Dim> dims, double instructions) {
    Result r;
    r.name = name;
    r.dims = std::move(dims);
    r.id = make_id(name, r.dims);
    r.counters["instructions"] = instructions;
    return r;
}

TEST(Probe, InstructionModeFitsAndComparesInstructions) {
    detail::BenchmarkSpec spec;
    spec.name = "scan";
    spec.complexity_dim = "n";
    std::vector<Result> results;
    std::vector<Instance> instances;
    for (std::int64_t n : {100, 1'000, 10'000, 100'000}) {
        std::vector<Dim> dims = {{"n", n}};
        results.push_back(counted("scan", dims, 40 + 3.0 * static_cast<double>(n)));
        instances.push_back({&spec, dims, results.back().id});
    }
    std::vector<const Instance*> selected;
    for (const Instance& i : instances) selected.push_back(&i);

    auto fits = fit_complexities(results, selected, probe(Mode::instructions));
    ASSERT_EQ(fits.size(), 1u);
    EXPECT_EQ(fits[0].metric, "instructions");
    EXPECT_EQ(fits[0].model, "O(N)");
    EXPECT_NEAR(fits[0].coefficient, 3, 1e-7);
    EXPECT_NEAR(fits[0].intercept, 40, 1e-3);
    // The time probe fits medians, which these results do not have.
    EXPECT_TRUE(fit_complexities(results, selected, probe(Mode::time)).empty());
    EXPECT_TRUE(fit_complexities(results, selected, probe(Mode::test)).empty());

    // 300,040 instructions over 30,040: 9.99 times fewer.
    std::vector<std::pair<std::size_t, Target>> speedups = {{2, pace::speedup_over("scan[n=100000]") >= 9.5}};
    std::vector<Result> timed_out = results;
    check_speedups(results, speedups, probe(Mode::instructions));
    ASSERT_EQ(results[2].targets.size(), 1u);
    EXPECT_TRUE(results[2].targets[0].passed);
    EXPECT_EQ(results[2].targets[0].detail, "speedup was 9.99x");
    // Under the time probe there is no median to compare: not checked at all.
    check_speedups(timed_out, speedups, probe(Mode::time));
    EXPECT_TRUE(timed_out[2].targets.empty());
}

}  // namespace
}  // namespace pace::measure
