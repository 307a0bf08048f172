// SPDX-License-Identifier: Apache-2.0
#include "compare/gate.hpp"

#include <gtest/gtest.h>

#include "run_builder.hpp"

namespace pace {
namespace {

using testing::aggregate;
using testing::around;
using testing::make_run;
using testing::timed;
using testing::with_memory;

std::vector<ThresholdSpec> specs(std::initializer_list<const char*> texts) {
    std::vector<ThresholdSpec> out;
    for (const char* t : texts) out.push_back(*parse_threshold(t));
    return out;
}

GateVerdict gate(const std::vector<pace::Run>& runs, std::initializer_list<const char*> texts) {
    auto s = specs(texts);
    return evaluate_gate(runs, {"base", "cand"}, s, {});
}

TEST(Gate, RelativeOnAggregatesThresholdAlone) {
    std::vector<pace::Run> runs = {make_run({aggregate("a", 1.0), aggregate("b", 1.0), aggregate("c", 1.0)}),
                             make_run({aggregate("a", 1.253), aggregate("b", 1.2), aggregate("c", 0.5)})};
    GateVerdict v = gate(runs, {"mean:20%"});
    ASSERT_EQ(v.regressions.size(), 1u);
    EXPECT_EQ(v.regressions[0].id, "a");
    EXPECT_EQ(v.regressions[0].significance.basis, TestBasis::no_samples);
    EXPECT_EQ(v.compared, 3u);
    EXPECT_EQ(v.untested, 3u);
    EXPECT_EQ(v.summary(), "1 regression: a (mean +25.3% > 20%)");
}

TEST(Gate, ExactlyAtTheLimitPasses) {
    // pytest-benchmark fails only past the limit (val > threshold).
    std::vector<pace::Run> runs = {make_run({aggregate("a", 1.0)}), make_run({aggregate("a", 1.5)})};
    EXPECT_TRUE(gate(runs, {"mean:50%"}).passed());
    EXPECT_TRUE(gate(runs, {"mean:0.5"}).passed());
    EXPECT_FALSE(gate(runs, {"mean:0.4"}).passed());
}

TEST(Gate, NoRegressionsSummary) {
    std::vector<pace::Run> runs = {make_run({aggregate("a", 1.0)}), make_run({aggregate("a", 1.0)})};
    GateVerdict v = gate(runs, {"mean:5%"});
    EXPECT_TRUE(v.passed());
    EXPECT_EQ(v.summary(), "no regressions over thresholds");
}

TEST(Gate, AbsoluteTime) {
    std::vector<pace::Run> runs = {make_run({aggregate("a", 0.010)}), make_run({aggregate("a", 0.0125)})};
    GateVerdict v = gate(runs, {"min:2ms"});
    ASSERT_EQ(v.regressions.size(), 1u);
    EXPECT_EQ(v.regressions[0].describe(), "min +2.5 ms > 2 ms");
    EXPECT_TRUE(gate(runs, {"min:3ms"}).passed());
}

TEST(Gate, OpsLowerIsWorse) {
    std::vector<pace::Run> runs = {make_run({aggregate("a", 1.0), aggregate("b", 1.0)}),
                             make_run({aggregate("a", 0.5), aggregate("b", 2.0)})};  // a faster, b slower
    GateVerdict v = gate(runs, {"ops:20%"});
    ASSERT_EQ(v.regressions.size(), 1u);
    EXPECT_EQ(v.regressions[0].id, "b");
    EXPECT_EQ(v.regressions[0].describe(), "ops -50.0% < -20%");
}

TEST(Gate, MemorySpecsCombine) {
    std::vector<pace::Run> runs = {make_run({with_memory("m", 1 << 20, 10), with_memory("n", 1 << 20, 10)}),
                             make_run({with_memory("m", 7 << 20, 10), with_memory("n", 1 << 20, 11)})};
    GateVerdict v = gate(runs, {"peak:5MiB", "allocations:5%"});
    ASSERT_EQ(v.regressions.size(), 2u);
    EXPECT_EQ(v.regressions[0].describe(), "peak +6 MiB > 5 MiB");
    EXPECT_EQ(v.regressions[1].describe(), "allocations +10.0% > 5%");
    EXPECT_EQ(v.summary(), "2 regressions: m (peak +6 MiB > 5 MiB), n (allocations +10.0% > 5%)");
}

TEST(Gate, SeveralSpecsOfOneIdAreGrouped) {
    std::vector<pace::Run> runs = {make_run({with_memory("m", 1000, 10)}), make_run({with_memory("m", 2000, 20)})};
    EXPECT_EQ(gate(runs, {"peak:10%", "allocations:10%"}).summary(),
              "1 regression: m (peak +100.0% > 10%, allocations +100.0% > 10%)");
}

TEST(Gate, SignificanceRequiredWhenSamplesExist) {
    // "noisy": the medians differ by 25% but the samples overlap so much that
    // the rank test cannot tell them apart; "real": a clean 25% shift.
    std::vector<double> noisy_base = around(1.0, 30, 0.6), noisy_cand = around(1.0, 30, 0.6);
    noisy_cand[0] = 1.6;  // nudge the location without separating the samples
    std::vector<pace::Run> runs = {make_run({timed("noisy", noisy_base), timed("real", around(1.0))}),
                             make_run({timed("noisy", noisy_cand), timed("real", around(1.25))})};
    GateVerdict v = gate(runs, {"mean:1%"});
    ASSERT_EQ(v.regressions.size(), 1u);
    EXPECT_EQ(v.regressions[0].id, "real");
    EXPECT_EQ(v.regressions[0].significance.basis, TestBasis::tested);
    ASSERT_TRUE(v.regressions[0].median_ratio);
    EXPECT_GT(v.regressions[0].median_ratio->low, 1.1);
    EXPECT_EQ(v.untested, 0u);
}

TEST(Gate, OneIntervalPerIdPastSeveralSpecs) {
    std::vector<pace::Run> runs = {make_run({timed("a", around(1.0)), timed("b", around(1.0))}),
                                   make_run({timed("a", around(1.25)), timed("b", around(1.5))})};
    GateVerdict v = gate(runs, {"mean:1%", "median:1%"});
    ASSERT_EQ(v.regressions.size(), 4u);  // a and b, each past both specs
    for (const auto& r : v.regressions) {
        ASSERT_TRUE(r.median_ratio) << r.id;
        // The interval of each id's samples, whichever spec found it.
        auto own = pace::stats::bootstrap_median_ratio(runs[0].find(r.id)->time->samples,
                                                       runs[1].find(r.id)->time->samples);
        ASSERT_TRUE(own);
        EXPECT_DOUBLE_EQ(r.median_ratio->low, own->low) << r.id << " " << r.spec.text;
        EXPECT_DOUBLE_EQ(r.median_ratio->high, own->high) << r.id << " " << r.spec.text;
    }
}

Result failed(const std::string& id, const std::string& message) {
    Result r;
    r.id = r.name = id;
    r.status = Status::failed;
    r.message = message;
    return r;
}

// A benchmark that broke is the worst regression: it fails the gate whatever
// the thresholds say, with its own message, and the table can tell it apart.
TEST(Gate, FailedInTheCandidateFails) {
    std::vector<pace::Run> runs = {make_run({aggregate("a", 1.0), aggregate("b", 1.0)}),
                                   make_run({aggregate("a", 1.0), failed("b", "check failed:\nx == 3")})};
    GateVerdict v = gate(runs, {"mean:50%"});
    EXPECT_FALSE(v.passed());
    EXPECT_TRUE(v.regressions.empty());
    ASSERT_EQ(v.broken.size(), 1u);
    EXPECT_EQ(v.broken[0].kind, Breakage::Kind::failed);
    EXPECT_EQ(v.broken[0].id, "b");
    EXPECT_EQ(v.broken[0].message, "check failed:\nx == 3");
    // The message is printed, on one line.
    EXPECT_EQ(v.broken[0].explain(), "failed: b in cand: check failed:\\nx == 3");
    EXPECT_EQ(v.summary(), "1 failed: b");
    EXPECT_EQ(v.report(0.05, false), "failed: b: check failed:\\nx == 3\n1 failed: b\n");
    EXPECT_EQ(v.compared, 1u);
}

TEST(Gate, MissingFromTheCandidateFailsUnlessAllowed) {
    std::vector<pace::Run> runs = {make_run({aggregate("a", 1.0), aggregate("gone", 1.0)}),
                                   make_run({aggregate("a", 1.0), aggregate("new", 1.0)})};
    GateVerdict v = gate(runs, {"mean:50%"});
    EXPECT_FALSE(v.passed());
    ASSERT_EQ(v.broken.size(), 1u);
    EXPECT_EQ(v.broken[0].kind, Breakage::Kind::missing);
    EXPECT_EQ(v.broken[0].id, "gone");  // an id new in the candidate is not a breakage
    EXPECT_EQ(v.report(0.05, false), "missing: gone: in base, not in cand\n1 missing: gone\n");

    auto s = specs({"mean:50%"});
    GateVerdict allowed = evaluate_gate(runs, {"base", "cand"}, s, {.allow_missing = true});
    EXPECT_TRUE(allowed.passed());
    EXPECT_EQ(allowed.allowed_missing, 1u);
    EXPECT_EQ(allowed.summary(), "no regressions over thresholds (1 missing id allowed)");
}

TEST(Gate, AllowMissingStillFailsOnFailures) {
    std::vector<pace::Run> runs = {make_run({aggregate("a", 1.0), aggregate("b", 1.0), aggregate("c", 1.0)}),
                                   make_run({aggregate("a", 2.0), failed("b", "")})};
    auto s = specs({"mean:50%"});
    GateVerdict v = evaluate_gate(runs, {"base", "cand"}, s, {.allow_missing = true});
    EXPECT_FALSE(v.passed());
    ASSERT_EQ(v.broken.size(), 1u);
    EXPECT_EQ(v.broken[0].explain(), "failed: b in cand: (no message)");
    EXPECT_EQ(v.summary(), "1 regression: a (mean +100.0% > 50%); 1 failed: b (1 missing id allowed)");
}

// Only what worked in the base can break: a benchmark already failing, or
// skipped on purpose in the candidate, is not news.
TEST(Gate, OnlyWhatRanInTheBaseCanBreak) {
    Result skipped = aggregate("c", 1.0);
    skipped.status = Status::skipped;
    std::vector<pace::Run> runs = {make_run({aggregate("a", 1.0), failed("b", "broken before"), aggregate("c", 1.0)}),
                                   make_run({aggregate("a", 1.0), failed("b", "still broken"), skipped})};
    GateVerdict v = gate(runs, {"mean:50%"});
    EXPECT_TRUE(v.passed()) << v.summary();
    EXPECT_TRUE(v.broken.empty());
}

TEST(Gate, NoIdInCommonChecksNothing) {
    std::vector<pace::Run> runs = {make_run({aggregate("a", 1.0)}, "main.json"),
                                   make_run({aggregate("b", 9.0)}, "pr.json")};
    GateVerdict v = gate(runs, {"mean:1%"});
    EXPECT_FALSE(v.passed());
    EXPECT_EQ(v.compared, 0u);
    ASSERT_TRUE(v.nothing_checked);
    EXPECT_EQ(v.nothing_checked->message, "main.json and pr.json have no benchmark id in common: the gate checked nothing");
    EXPECT_FALSE(v.nothing_checked->hint.empty());
    // One id in common is enough to check something.
    runs[1].results.push_back(aggregate("a", 1.0));
    EXPECT_FALSE(gate(runs, {"mean:1%"}).nothing_checked);
}

TEST(Gate, FailuresInSeveralCandidatesNamed) {
    std::vector<pace::Run> runs = {make_run({aggregate("a", 1.0), aggregate("b", 1.0)}),
                                   make_run({aggregate("a", 1.0), failed("b", "boom")}),
                                   make_run({aggregate("b", 1.0)})};
    auto s = specs({"mean:50%"});
    GateVerdict v = evaluate_gate(runs, {"v1", "v2", "v3"}, s, {});
    EXPECT_EQ(v.summary(), "1 failed: b in v2; 1 missing: a in v3");
    EXPECT_EQ(v.report(0.05, true), "failed: b in v2: boom\nmissing: a: in v1, not in v3\n1 failed: b in v2; 1 missing: a in v3\n");
}

TEST(Gate, SeveralCandidatesNamed) {
    std::vector<pace::Run> runs = {make_run({aggregate("a", 1.0)}), make_run({aggregate("a", 2.0)}),
                             make_run({aggregate("a", 3.0)})};
    auto s = specs({"mean:50%"});
    GateVerdict v = evaluate_gate(runs, {"v1", "v2", "v3"}, s, {});
    EXPECT_EQ(v.summary(), "2 regressions: a in v2 (mean +100.0% > 50%), a in v3 (mean +200.0% > 50%)");
}

}  // namespace
}  // namespace pace
