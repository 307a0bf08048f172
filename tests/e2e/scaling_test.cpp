// SPDX-License-Identifier: Apache-2.0
// A parallel sweep run as a user would: speedups, the fitted serial fraction
// of a workload whose fraction is known, counts above the cores predicted and
// not run, scaling targets, and the fit in the JSON file.
#include <gtest/gtest.h>

#include <fstream>  // the result file

#include <nlohmann/json.hpp>  // reading the result file

#include "run_command.hpp"

namespace pace::testing {
namespace {

TEST(Scaling, KnownSerialFractionIsFound) {
    TempDir dir;
    CommandResult r = run_command(quote(PACE_SCALING_SUITE) + " --max-time 0.3 --min-rounds 5 --warmup=1 --no-memory --json " +
                                  quote(dir.file("run.json")));
    nlohmann::json doc;
    std::ifstream(dir.file("run.json")) >> doc;
    if (doc["machine_info"]["cpu"]["count"].get<int>() < 2) GTEST_SKIP() << "one core: no parallel speedup to measure";

    ASSERT_EQ(r.exit_code, 1) << r.out << r.err;  // the efficiency target is missed by design
    EXPECT_NE(r.out.find("scaling parallel/serial_fifth over threads ("), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("(not measured: more than the cores)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("MISSED    parallel/serial_fifth[threads=2]: efficiency >= 99% (efficiency was"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("parallel/serial_fifth[threads=2]: speedup >= 1.30x (speedup was"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("SKIPPED parallel/serial_fifth[threads=64]: 64 workers on"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("parallel/serial_fifth[threads=1]: speedup"), std::string::npos) << r.out;  // the reference

    const auto& fits = doc["pace"]["scaling"];
    ASSERT_EQ(fits.size(), 1u) << doc["pace"].dump(2);
    const auto& fit = fits[0];
    EXPECT_EQ(fit["id"], "parallel/serial_fifth");
    EXPECT_EQ(fit["dim"], "threads");
    const auto& points = fit["points"];
    ASSERT_EQ(points.size(), 4u);
    EXPECT_DOUBLE_EQ(points[0]["speedup"].get<double>(), 1.0);
    EXPECT_FALSE(points[3].contains("speedup"));  // 64 workers: predicted only
    const double sigma = fit["serial_fraction"].get<double>();
    EXPECT_NEAR(points[3]["predicted"].get<double>(), 64 / (1 + 63 * sigma), 1e-6);
    EXPECT_NEAR(points[1]["predicted"].get<double>(), points[1]["speedup"].get<double>(), 1e-9);  // two points: exact
    for (const auto& b : doc["benchmarks"]) {
        if (b["name"] == "parallel/serial_fifth[threads=64]") {
            EXPECT_EQ(b["pace"]["status"], "skipped");
        }
    }

    // The one-worker call is 10 ms of work by the clock, the two-worker call
    // 2 + 8/2 = 6 ms: when either took much longer, other processes had the
    // cores, and no speedup measured now can say what the code does.
    const double one_worker = points[0]["median"].get<double>();
    const double two_workers = points[1]["median"].get<double>();
    if (one_worker > 0.0105 || two_workers > 0.0063)
        GTEST_SKIP() << "the machine is busy (10 ms of work took " << one_worker * 1e3 << " ms on one worker, 6 ms "
                     << two_workers * 1e3 << " ms on two): the serial fraction (" << sigma
                     << ") is not checked against 0.2";
    // 2 ms serial of 10: σ = 0.2, give or take the threads' start-up.
    EXPECT_NEAR(sigma, 0.2, 0.05) << fit.dump(2);
}

TEST(Scaling, TestModeChecksNoScalingTarget) {
    TempDir dir;
    CommandResult r = run_command(quote(PACE_SCALING_SUITE) + " --test --filter 'threads=2\\]' --json " + quote(dir.file("t.json")));
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    nlohmann::json doc;
    std::ifstream(dir.file("t.json")) >> doc;
    const auto& targets = doc["pace"]["unmeasured"][0]["targets"];
    ASSERT_EQ(targets.size(), 2u) << doc.dump(2);
    EXPECT_EQ(targets[0]["target"], "speedup >= 1.30x");
    EXPECT_EQ(targets[0]["detail"], "not checked: --test times nothing");
    EXPECT_EQ(targets[0]["checked"], false);
    EXPECT_EQ(targets[1]["target"], "efficiency >= 99%");
}

}  // namespace
}  // namespace pace::testing
