// SPDX-License-Identifier: Apache-2.0
#include "compare/diff.hpp"

#include <cmath>
#include <cstdio>

#include <gtest/gtest.h>

#include "run_builder.hpp"

namespace pace {
namespace {

using testing::aggregate;
using testing::around;
using testing::make_run;
using testing::one_process;
using testing::processes;
using testing::timed;
using testing::with_memory;

std::vector<std::string> ids(const Diff& diff) {
    std::vector<std::string> out;
    for (const auto& row : diff.rows) out.push_back(row.id);
    return out;
}

TEST(Diff, ChangeAgainstFirstRun) {
    std::vector<pace::Run> runs = {make_run({aggregate("a", 1.0), aggregate("b", 2.0)}),
                             make_run({aggregate("a", 1.25), aggregate("b", 1.0)})};
    Diff diff = diff_runs(runs, {"base", "cand"}, {.metric = "mean"});
    ASSERT_EQ(diff.rows.size(), 2u);
    EXPECT_EQ(diff.rows[0].id, "a");
    EXPECT_DOUBLE_EQ(*diff.rows[0].values[1], 1.25);
    EXPECT_FALSE(diff.rows[0].change_percent[0]);
    EXPECT_NEAR(*diff.rows[0].change_percent[1], 25, 1e-12);
    EXPECT_NEAR(*diff.rows[1].change_percent[1], -50, 1e-12);
    EXPECT_EQ(diff.rows[0].significance[1].basis, TestBasis::no_samples);
    EXPECT_TRUE(diff.partial_ids.empty());
}

TEST(Diff, IdsInSomeRunsAreKeptAndListed) {
    std::vector<pace::Run> runs = {make_run({aggregate("both", 1.0), aggregate("gone", 1.0)}),
                             make_run({aggregate("both", 1.0), aggregate("new", 1.0)}),
                             make_run({aggregate("new", 2.0)})};
    Diff diff = diff_runs(runs, {"r1", "r2", "r3"}, {.metric = "mean"});
    EXPECT_EQ(ids(diff), (std::vector<std::string>{"both", "gone", "new"}));
    EXPECT_EQ(diff.partial_ids, (std::vector<std::string>{"both", "gone", "new"}));
    const DiffRow& gone = diff.rows[1];
    EXPECT_TRUE(gone.values[0]);
    EXPECT_FALSE(gone.values[1]);
    EXPECT_FALSE(gone.change_percent[1]);
    const DiffRow& fresh = diff.rows[2];
    EXPECT_FALSE(fresh.values[0]);
    EXPECT_DOUBLE_EQ(*fresh.values[2], 2.0);
    EXPECT_FALSE(fresh.change_percent[2]);  // no base, no change
}

TEST(Diff, FailedResultsCountAsMissing) {
    Result failed = aggregate("x", 9.0);
    failed.status = Status::failed;
    std::vector<pace::Run> runs = {make_run({aggregate("x", 1.0)}), make_run({failed})};
    Diff diff = diff_runs(runs, {"a", "b"}, {.metric = "mean"});
    EXPECT_FALSE(diff.rows[0].values[1]);
    EXPECT_EQ(diff.partial_ids.size(), 1u);
}

TEST(Diff, SortKeys) {
    std::vector<pace::Run> runs = {
        make_run({aggregate("a", 1.0), aggregate("b", 1.0), aggregate("c", 1.0), aggregate("d", 1.0)}),
        make_run({aggregate("a", 3.0), aggregate("b", 1.1), aggregate("c", 0.5)})};
    EXPECT_EQ(ids(diff_runs(runs, {"x", "y"}, {.metric = "mean", .sort = SortKey::name})),
              (std::vector<std::string>{"a", "b", "c", "d"}));
    EXPECT_EQ(ids(diff_runs(runs, {"x", "y"}, {.metric = "mean", .sort = SortKey::value})),
              (std::vector<std::string>{"a", "b", "c", "d"}));
    EXPECT_EQ(ids(diff_runs(runs, {"x", "y"}, {.metric = "mean", .sort = SortKey::change})),
              (std::vector<std::string>{"a", "b", "c", "d"}));
    runs[1].results[2] = aggregate("c", 5.0);
    EXPECT_EQ(ids(diff_runs(runs, {"x", "y"}, {.metric = "mean", .sort = SortKey::value})),
              (std::vector<std::string>{"c", "a", "b", "d"}));  // missing last
    EXPECT_TRUE(parse_sort_key("change").ok());
    EXPECT_FALSE(parse_sort_key("fullname").ok());
}

// Rows are made on several threads once a comparison is long enough: each
// row must still carry its own id's figures, in name order whatever order
// the runs list them in.
TEST(Diff, LongComparisonsKeepEachRowsFigures) {
    std::vector<Result> base, cand;
    for (int i = 2999; i >= 0; --i) {  // written in reverse name order
        char id[16];
        std::snprintf(id, sizeof id, "id%05d", i);
        base.push_back(aggregate(id, i + 1.0));
        cand.push_back(aggregate(id, 2 * (i + 1.0)));
    }
    std::vector<pace::Run> runs = {make_run(base), make_run(cand)};
    Diff diff = diff_runs(runs, {"base", "cand"}, {.metric = "mean"});
    ASSERT_EQ(diff.rows.size(), 3000u);
    for (int i = 0; i < 3000; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "id%05d", i);
        ASSERT_EQ(diff.rows[i].id, id);
        EXPECT_EQ(*diff.rows[i].values[0], i + 1.0);
        EXPECT_EQ(*diff.rows[i].values[1], 2 * (i + 1.0));
        EXPECT_NEAR(*diff.rows[i].change_percent[1], 100, 1e-9);
    }
}

// validate_run turns away a file that repeats an id; a Run made in process
// may still carry one, and its first result is the one compared.
TEST(Diff, RepeatedIdIsOneRow) {
    std::vector<pace::Run> runs = {make_run({aggregate("a", 1.0), aggregate("a", 5.0)}),
                                   make_run({aggregate("a", 2.0)})};
    Diff diff = diff_runs(runs, {"x", "y"}, {.metric = "mean"});
    ASSERT_EQ(diff.rows.size(), 1u);
    EXPECT_EQ(*diff.rows[0].values[0], 1.0);
}

// One index serves the tests, the table and the gate: rows in the first
// run's order, then the ids only later runs carry, each once.
TEST(IdIndex, OrdersIdsAndFindsResults) {
    std::vector<pace::Run> runs = {make_run({aggregate("b", 1.0), aggregate("a", 2.0), aggregate("b", 9.0)}),
                                   make_run({aggregate("c", 3.0), aggregate("a", 4.0)}),
                                   make_run({aggregate("d", 5.0), aggregate("c", 6.0)})};
    const IdIndex index(runs);
    EXPECT_EQ(index.ids(), (std::vector<std::string_view>{"b", "a", "c", "d"}));
    ASSERT_NE(index.find(0, "b"), nullptr);
    EXPECT_EQ(index.find(0, "b"), &runs[0].results[0]);  // a repeated id: its first result
    EXPECT_EQ(index.find(1, "a"), &runs[1].results[1]);
    EXPECT_EQ(index.find(2, "c"), &runs[2].results[1]);
    EXPECT_EQ(index.find(1, "b"), nullptr);
    EXPECT_EQ(index.find(3, "a"), nullptr);  // no such run
}

TEST(Diff, ZeroBase) {
    EXPECT_EQ(percent_change(0, 0), 0);
    EXPECT_TRUE(std::isinf(percent_change(0, 5)));
    EXPECT_NEAR(percent_change(4, 5), 25, 1e-12);
}

TEST(Diff, SamplesAreTested) {
    std::vector<pace::Run> runs = {make_run({timed("slow", around(1.0)), timed("same", around(1.0)),
                                       timed("few", {1.0, 1.01, 0.99})}),
                             make_run({timed("slow", around(1.3)), timed("same", around(1.0)),
                                       timed("few", {1.3, 1.31, 1.29})})};
    Diff diff = diff_runs(runs, {"a", "b"}, {.metric = "median"});
    const auto& few = diff.rows[0];
    const auto& same = diff.rows[1];
    const auto& slow = diff.rows[2];
    EXPECT_EQ(slow.significance[1].basis, TestBasis::tested);
    EXPECT_LT(*slow.significance[1].p_value, 0.001);
    EXPECT_GT(*same.significance[1].p_value, 0.5);
    EXPECT_EQ(few.significance[1].basis, TestBasis::too_few);  // 3 + 3 samples never reach p < 0.05
    EXPECT_TRUE(few.significance[1].counts(0.05));
    EXPECT_FALSE(same.significance[1].counts(0.05));
}

TEST(Diff, OneProcessASideIsNeverTested) {
    // Rounds of one process each: 30 against 30 well separated samples would
    // give p < 0.001 over rounds, but a whole process may be offset by this
    // much on a shared machine, so there is no test to make.
    std::vector<pace::Run> runs = {make_run({one_process("x", around(1.0))}), make_run({one_process("x", around(1.07))})};
    Diff diff = diff_runs(runs, {"a", "b"}, {.metric = "median"});
    const Significance& s = diff.rows[0].significance[1];
    EXPECT_EQ(s.basis, TestBasis::one_process);
    EXPECT_FALSE(s.p_value);
    EXPECT_EQ(s.base_processes, 1u);
    EXPECT_EQ(s.cand_processes, 1u);
    EXPECT_TRUE(s.counts(0.05));  // the threshold alone decides
}

TEST(Diff, TheTestIsOverTheProcessesMedians) {
    // Five processes a side, each with its own offset; every sample of a
    // process is within 0.1% of its offset. The candidate's processes are
    // all slower than the base's: U = 0, and the exact two-sided p is
    // 2 / C(10, 5) = 2/252 whatever the number of samples in each.
    auto process = [](double offset, int n) { return around(offset, n, 0.001); };
    Result base = processes("x", {process(1.00, 40), process(1.03, 10), process(0.98, 25), process(1.01, 40),
                                  process(0.99, 40)});
    Result cand = processes("x", {process(1.05, 40), process(1.08, 40), process(1.04, 12), process(1.06, 40),
                                  process(1.10, 40)});
    std::vector<pace::Run> runs = {make_run({base}), make_run({cand})};
    const Significance s = test_samples(runs[0].results[0], runs[1].results[0], 0.05);
    EXPECT_EQ(s.basis, TestBasis::tested);
    EXPECT_EQ(s.base_processes, 5u);
    ASSERT_TRUE(s.p_value);
    EXPECT_NEAR(*s.p_value, 2.0 / 252, 1e-12);

    // Processes that overlap: medians a = {1.00, 1.03, 0.98, 1.01, 0.99} and
    // b = {1.02, 0.97, 1.005, 0.995, 1.04} rank 26 against 29, U = 11 of 25:
    // far from significant.
    Result cand_overlap = processes("x", {process(1.02, 40), process(0.97, 40), process(1.005, 40),
                                          process(0.995, 40), process(1.04, 40)});
    const Significance o = test_samples(base, cand_overlap, 0.05);
    EXPECT_EQ(o.basis, TestBasis::tested);
    EXPECT_GT(*o.p_value, 0.5);

    // Three processes a side cannot reach p < 0.05 (the smallest p is 2/20).
    Result three_a = processes("x", {process(1.0, 20), process(1.0, 20), process(1.0, 20)});
    Result three_b = processes("x", {process(1.5, 20), process(1.5, 20), process(1.5, 20)});
    const Significance few = test_samples(three_a, three_b, 0.05);
    EXPECT_EQ(few.basis, TestBasis::too_few);
    EXPECT_TRUE(few.counts(0.05));
}

TEST(Diff, SharedTestsGiveTheSameEvidenceAsTheDiffsOwn) {
    Result failed = timed("failed", around(1.3));
    failed.status = Status::failed;
    std::vector<pace::Run> runs = {
        make_run({timed("slow", around(1.0)), timed("same", around(1.0)), timed("failed", around(1.0)),
                  aggregate("aggregate", 1.0)}),
        make_run({timed("slow", around(1.3)), timed("same", around(1.0)), failed, aggregate("aggregate", 2.0)})};
    const SampleTests tests(runs, 0.01);
    EXPECT_EQ(tests.find(1, "slow", "median").basis, TestBasis::tested);
    EXPECT_EQ(tests.find(1, "slow", "peak").basis, TestBasis::no_samples);  // memory: samples say nothing
    EXPECT_EQ(tests.find(1, "failed", "median").basis, TestBasis::no_samples);
    EXPECT_EQ(tests.find(1, "aggregate", "mean").basis, TestBasis::no_samples);
    EXPECT_EQ(tests.find(1, "absent", "mean").basis, TestBasis::no_samples);
    EXPECT_EQ(tests.find(0, "slow", "mean").basis, TestBasis::no_samples);  // run 0 is the base
    EXPECT_EQ(tests.find(7, "slow", "mean").basis, TestBasis::no_samples);

    Diff own = diff_runs(runs, {"a", "b"}, {.metric = "mean", .alpha = 0.01});
    Diff shared = diff_runs(runs, {"a", "b"}, {.metric = "mean", .tests = &tests});
    EXPECT_EQ(shared.alpha, 0.01);  // the tests' level wins
    ASSERT_EQ(own.rows.size(), shared.rows.size());
    for (std::size_t i = 0; i < own.rows.size(); ++i) {
        EXPECT_EQ(own.rows[i].significance[1].basis, shared.rows[i].significance[1].basis) << own.rows[i].id;
        EXPECT_EQ(own.rows[i].significance[1].p_value, shared.rows[i].significance[1].p_value) << own.rows[i].id;
    }
}

TEST(Diff, MemoryMetric) {
    std::vector<pace::Run> runs = {make_run({with_memory("m", 1000, 10)}), make_run({with_memory("m", 1100, 10)})};
    Diff diff = diff_runs(runs, {"a", "b"}, {.metric = "peak"});
    EXPECT_NEAR(*diff.rows[0].change_percent[1], 10, 1e-12);
    EXPECT_EQ(diff.rows[0].significance[1].basis, TestBasis::no_samples);
}

TEST(Diff, MetricMustBeCarried) {
    std::vector<pace::Run> runs = {make_run({aggregate("a", 1.0)}, "base.json"), make_run({aggregate("a", 1.0)}, "cand.json")};
    EXPECT_FALSE(check_metric_carried(runs, "mean", ""));
    auto typo = check_metric_carried(runs, "maen", "threshold \"maen:5%\"");
    ASSERT_TRUE(typo);
    EXPECT_NE(typo->message.find("threshold \"maen:5%\": no benchmark in base.json, cand.json"), std::string::npos);
    EXPECT_EQ(typo->hint, "did you mean \"mean\"?");
    auto absent = check_metric_carried(runs, "peak", "");
    ASSERT_TRUE(absent);
    EXPECT_NE(absent->hint.find("these runs carry: time, min, mean, median, ops"), std::string::npos) << absent->hint;
}

TEST(Diff, MachineDifferences) {
    pace::Run a, b;
    a.machine.cpu_model = "Xeon";
    b.machine.cpu_model = "EPYC";
    a.machine.cores = 8;
    b.machine.cores = 8;
    a.machine.compiler = "gcc 12";  // b leaves it empty: not compared
    a.machine.build_type = "Release";
    b.machine.build_type = "Debug";
    std::string w = machine_differences(a, b, "base", "cand");
    EXPECT_EQ(w, "base and cand ran on different machines: cpu_model \"Xeon\" vs \"EPYC\"; build_type \"Release\" "
                 "vs \"Debug\"");
    EXPECT_EQ(machine_differences(a, a, "x", "y"), "");
}

// Like with like: letter case is no difference, and the compiler and build
// type count only between runs of one producer.
TEST(Diff, MachineDifferencesLikeWithLike) {
    pace::Run pace_run, pytest_run;
    pace_run.machine.cpu_model = "Example CPU 3000";
    pytest_run.machine.cpu_model = "EXAMPLE cpu 3000";
    pace_run.machine.compiler = "gcc 12.2.0";
    pytest_run.producer = "pytest-benchmark";
    pytest_run.machine.compiler = "GCC 13.3.0";  // the Python interpreter's compiler
    EXPECT_EQ(machine_differences(pace_run, pytest_run, "a", "b"), "");
    pace::Run other = pace_run;
    other.machine.compiler = "GCC 12.2.0";
    EXPECT_EQ(machine_differences(pace_run, other, "a", "b"), "");
    other.machine.compiler = "clang 16";
    EXPECT_EQ(machine_differences(pace_run, other, "a", "b"),
              "a and b ran on different machines: compiler \"gcc 12.2.0\" vs \"clang 16\"");
}

TEST(Diff, Labels) {
    EXPECT_EQ(run_labels({"x/base.json", "y/cand.json"}), (std::vector<std::string>{"base", "cand"}));
    EXPECT_EQ(run_labels({"x/run.json", "y/run.json"}), (std::vector<std::string>{"x/run.json", "y/run.json"}));
    EXPECT_EQ(run_labels({"x/run.json", "x/run.csv"}), (std::vector<std::string>{"run.json", "run.csv"}));
}

}  // namespace
}  // namespace pace
