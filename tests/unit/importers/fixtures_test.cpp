// SPDX-License-Identifier: Apache-2.0
// Every real file in tests/fixtures/real/ loads, with figures checked against
// values read from the files by hand.
#include <filesystem>  // directory_iterator over each producer's folder

#include <gtest/gtest.h>

#include "importers/load.hpp"

namespace {

std::string fixture(const std::string& relative) { return std::string(PACE_FIXTURES_DIR) + "/" + relative; }

pace::Run load_ok(const std::string& relative) {
    auto run = pace::load_run(fixture(relative));
    EXPECT_TRUE(run.ok()) << (run.ok() ? "" : run.error().describe());
    return run.ok() ? std::move(run).value() : pace::Run{};
}

const pace::Result& get(const pace::Run& run, const std::string& id) {
    const pace::Result* r = run.find(id);
    EXPECT_NE(r, nullptr) << "no result " << id;
    static const pace::Result none;
    return r ? *r : none;
}

TEST(ImportFixtures, EveryFileOfEveryProducerLoads) {
    for (const char* folder : {"pytest-benchmark", "google-benchmark", "hyperfine"}) {
        std::size_t files = 0;
        for (const auto& entry : std::filesystem::directory_iterator(fixture(folder))) {
            if (!entry.is_regular_file()) continue;
            auto run = pace::load_run(entry.path().string());
            EXPECT_TRUE(run.ok()) << (run.ok() ? "" : run.error().describe());
            if (run.ok()) {
                EXPECT_FALSE(run->results.empty()) << entry.path();
            }
            ++files;
        }
        EXPECT_GT(files, 0u) << folder;
    }
}

TEST(ImportFixtures, AsvIsRejectedWithAClearMessage) {
    for (const auto& entry : std::filesystem::directory_iterator(fixture("asv"))) {
        if (!entry.is_regular_file()) continue;
        auto run = pace::load_run(entry.path().string());
        ASSERT_FALSE(run.ok()) << entry.path();
        EXPECT_EQ(run.error().message, "asv results are not supported yet") << entry.path();
        EXPECT_EQ(run.error().file, entry.path().string());
    }
}

// ---- pytest-benchmark ------------------------------------------------------

TEST(ImportFixtures, PytestBenchmarkPdfminer) {
    pace::Run run = load_ok("pytest-benchmark/pdfminer-0001-baseline.json");
    EXPECT_EQ(run.producer, "pytest-benchmark");
    ASSERT_EQ(run.results.size(), 9u);
    const auto& r = get(run, "benchmarks/bench_psparser.py::TestPSBaseParserBenchmarks::test_nexttoken");
    ASSERT_TRUE(r.time && r.time->mean);
    EXPECT_DOUBLE_EQ(*r.time->mean, 0.00014047814526658986);
    EXPECT_EQ(r.time->rounds, 7502);
    EXPECT_EQ(run.commit.dirty, true);
}

TEST(ImportFixtures, PytestBenchmarkLegacyPython2Layout) {
    // pb 2.5.0: no fullname, ops or total, and ", " line ends.
    pace::Run run = load_ok("pytest-benchmark/pytest-benchmark-test-storage-v2.5.0-legacy.json");
    ASSERT_EQ(run.results.size(), 1u);
    const auto& r = run.results[0];
    EXPECT_EQ(r.id, "tests/test_normal.py::test_xfast_parametrized[0]");
    ASSERT_TRUE(r.time);
    EXPECT_DOUBLE_EQ(*r.time->mean, 2.61205074138546e-07);
    EXPECT_EQ(r.time->rounds, 9710);
    EXPECT_EQ(r.time->iterations, 431);
    ASSERT_TRUE(r.time->ops);  // derived from the mean when the file has none
    EXPECT_NEAR(*r.time->ops, 1 / 2.61205074138546e-07, 1e-3);
}

TEST(ImportFixtures, PytestBenchmarkDataShorterThanRounds) {
    pace::Run run = load_ok("pytest-benchmark/github-action-benchmark-several-units-v3.2.2-data.json");
    ASSERT_EQ(run.results.size(), 4u);
    const auto& fib1 = get(run, "bench.py::test_fib_1");
    ASSERT_TRUE(fib1.time);
    EXPECT_EQ(fib1.time->rounds, 68536);
    EXPECT_EQ(fib1.time->samples.size(), 4u);  // four numbers, then the note
    EXPECT_EQ(fib1.time->iterations, 100);
    // The file's authors ended each data list with a note instead of the rest.
    EXPECT_EQ(fib1.extra_info.at("data_notes").at(0), "... omitted to keep this file small");
    EXPECT_DOUBLE_EQ(*get(run, "bench.py::test_sleep_2").time->mean, 2.0038430469999997);
}

TEST(ImportFixtures, PytestBenchmemListsTakeTheMedianPass) {
    pace::Run run = load_ok("pytest-benchmark/lpspec-benchmem-run1-2026-07-31.json");
    ASSERT_EQ(run.results.size(), 192u);
    const auto& r = get(run, "bench/test_ladder.py::test_emit[dispatch-xs-lpspec-lp]");
    ASSERT_TRUE(r.memory);
    EXPECT_EQ(r.memory->peak, 246599695);       // median of [245141455, 246599695, 249008079]
    EXPECT_EQ(r.memory->allocations, 37831);    // median of [37831, 37818, 37838]
    EXPECT_EQ(r.memory->allocated, 364792454);  // median of [360925806, 366562062, 364792454]
    EXPECT_EQ(r.memory->rss, 184565760);
    EXPECT_DOUBLE_EQ(*r.time->mean, 0.010703462197516974);
    EXPECT_EQ(load_ok("pytest-benchmark/lpspec-benchmem-run2-2026-08-01.json").results.size(), 192u);
}

TEST(ImportFixtures, PytestBenchmarkUnserializableParams) {
    pace::Run run = load_ok("pytest-benchmark/cachew-0008-sqlite3-backend-params-extra-info.json");
    ASSERT_EQ(run.results.size(), 208u);
    const auto& r = get(run, "src/cachew/tests/benchmarks/pipeline.py::test_01_build[primitive-int-100k]");
    ASSERT_EQ(r.dims.size(), 2u);
    EXPECT_EQ(r.dims[1].name, "count");
    EXPECT_EQ(r.dims[1].value, pace::DimValue(std::int64_t{100000}));
    EXPECT_EQ(std::get<std::string>(r.dims[0].value).rfind("UNSERIALIZABLE[", 0), 0u);
    EXPECT_EQ(load_ok("pytest-benchmark/cachew-0009-sqlite-multivalue-params-extra-info.json").results.size(), 208u);
}

TEST(ImportFixtures, PytestBenchmarkOthers) {
    EXPECT_EQ(load_ok("pytest-benchmark/lagom-0001-baseline-v3.4.1.json").results.size(), 3u);
    EXPECT_EQ(load_ok("pytest-benchmark/pdfminer-0002-after-all-optimizations.json").results.size(), 7u);
    pace::Run run = load_ok("pytest-benchmark/asebytes-0001-baseline-darwin-params.json");
    ASSERT_EQ(run.results.size(), 52u);
    const auto& r = get(run, "tests/benchmarks/test_bench_read.py::test_read_trajectory_asebytes_lmdb[ethanol_100]");
    ASSERT_EQ(r.dims.size(), 1u);
    EXPECT_EQ(r.dims[0].value, pace::DimValue(std::string("ethanol_100")));
}

// ---- Google Benchmark ------------------------------------------------------

TEST(ImportFixtures, GoogleBenchmarkSmallRunNanoseconds) {
    pace::Run run = load_ok("google-benchmark/github-action-benchmark-googlecpp-v1.5-2019.json");
    EXPECT_EQ(run.producer, "google-benchmark");
    EXPECT_EQ(run.machine.node, "Corgi.local");
    EXPECT_EQ(run.machine.cores, 4);
    EXPECT_EQ(run.machine.build_type, "release");
    EXPECT_EQ(run.datetime, "2019-11-29T21:26:59");  // no zone in the file
    ASSERT_EQ(run.results.size(), 2u);
    const auto& r = get(run, "fib_10");
    ASSERT_TRUE(r.time);
    EXPECT_DOUBLE_EQ(*r.time->mean, 2.1498980114547953e+02 * 1e-9);
    EXPECT_EQ(r.time->samples.size(), 1u);
    EXPECT_EQ(r.time->iterations, 3070566);
    EXPECT_DOUBLE_EQ(r.counters.at("cpu_time"), 2.1365507206163295e+02 * 1e-9);
}

TEST(ImportFixtures, GoogleBenchmarkRepetitionsBecomeSamples) {
    pace::Run run = load_ok("google-benchmark/cxxgraph-base-reps20-aggregates-2022-03-25T0903.json");
    EXPECT_EQ(run.datetime, "2022-03-25T09:03:41Z");
    ASSERT_EQ(run.results.size(), 19u);  // 380 iteration + 57 aggregate rows over 19 benchmarks
    const auto& r = get(run, "BM_EdgeCreation");
    ASSERT_TRUE(r.time);
    ASSERT_EQ(r.time->samples.size(), 20u);
    EXPECT_DOUBLE_EQ(r.time->samples[0], 14.683628116053118e-9);
    EXPECT_EQ(r.time->iterations, 49156884);
    EXPECT_DOUBLE_EQ(*r.time->mean, 14.468042852349967e-9);  // the mean aggregate row
    EXPECT_DOUBLE_EQ(*r.time->median, 14.39959307632284e-9);
    EXPECT_DOUBLE_EQ(*r.time->stddev, 0.31859026962786724e-9);
    EXPECT_EQ(load_ok("google-benchmark/cxxgraph-result-reps20-aggregates-2022-03-25T0934.json").results.size(), 19u);
}

TEST(ImportFixtures, GoogleBenchmarkCvAndBytesPerSecond) {
    pace::Run run = load_ok("google-benchmark/bencode-fbdtemme-reps10-cv-aggregates-bytes-per-second.json");
    ASSERT_EQ(run.results.size(), 10u);
    const auto& r = get(run, "BM_decode_value/\"ubuntu\"");
    EXPECT_EQ(r.name, "BM_decode_value/\"ubuntu\"");
    EXPECT_EQ(r.time->samples.size(), 10u);
    EXPECT_DOUBLE_EQ(*r.time->mean, 2306.594799274445e-9);
    EXPECT_DOUBLE_EQ(r.counters.at("cv"), 0.0017549576738951354);  // a fraction, not a time
    EXPECT_DOUBLE_EQ(r.counters.at("bytes_per_second"), 31889647052.825527);
}

TEST(ImportFixtures, GoogleBenchmarkErrorOccurred) {
    pace::Run run = load_ok("google-benchmark/bencode-kriben-error-occurred-old-layout.json");
    ASSERT_EQ(run.results.size(), 5u);
    const auto& bad = get(run, "BM_decode_value/\"camelyon17\"");
    EXPECT_EQ(bad.status, pace::Status::failed);
    EXPECT_EQ(bad.message, "Incorrect integer: 2837938781");
    EXPECT_FALSE(bad.time);  // the errored rows' zero times are not timings
    const auto& good = get(run, "BM_decode_value/\"ubuntu\"");
    EXPECT_EQ(good.status, pace::Status::ok);
    EXPECT_EQ(good.time->samples.size(), 10u);
}

TEST(ImportFixtures, GoogleBenchmarkUserCountersAndMixedUnits) {
    pace::Run run = load_ok("google-benchmark/koniksedy-offset-list-user-counters-v1.9.5.json");
    EXPECT_EQ(run.producer_version, "v1.9.5");
    ASSERT_EQ(run.results.size(), 154u);
    const auto& us = get(run, "Increment/unbounded/0/100000");
    EXPECT_DOUBLE_EQ(*us.time->mean, 496.4109054835437e-6);
    EXPECT_DOUBLE_EQ(us.counters.at("items_per_second"), 2016464320.6068103);
    EXPECT_DOUBLE_EQ(us.counters.at("result_size"), 1000000.0);
    EXPECT_EQ(us.name, "Increment/unbounded");
    ASSERT_EQ(us.dims.size(), 2u);
    EXPECT_EQ(us.dims[1].value, pace::DimValue(std::int64_t{100000}));
    const auto& ms = get(run, "FilterPoly/Degree0/FullScan");
    EXPECT_DOUBLE_EQ(*ms.time->mean, 584.0788040000007e-3);
    EXPECT_DOUBLE_EQ(get(run, "Copy/1000").counters.at("bytes_per_second"), 10398285006.274858);
}

TEST(ImportFixtures, GoogleBenchmarkPreRunTypeLayout) {
    pace::Run run = load_ok("google-benchmark/tellenbach-user-counters-2018-pre-run_type.json");
    ASSERT_EQ(run.results.size(), 8u);
    const auto& r = get(run, "BM_VectorPush/100");
    EXPECT_DOUBLE_EQ(*r.time->mean, 2512.761418312988e-9);
    EXPECT_DOUBLE_EQ(r.counters.at("Size"), 100.0);
    EXPECT_EQ(run.datetime, "2018-06-03T01:05:23");
}

TEST(ImportFixtures, GoogleBenchmarkBigOIsAResultOfCoefficients) {
    pace::Run run = load_ok("google-benchmark/cxxgraph-bellmanford-bigo-rms-v1.9.4.json");
    ASSERT_EQ(run.results.size(), 20u);  // 19 timings + one complexity result
    const auto& fit = get(run, "BellmanFord_X_BigO");
    EXPECT_EQ(fit.status, pace::Status::ok);
    EXPECT_FALSE(fit.time);
    EXPECT_DOUBLE_EQ(fit.counters.at("real_coefficient"), 7.0854155926462886e+02 * 1e-9);
    EXPECT_DOUBLE_EQ(fit.counters.at("rms"), 5.5150389342804440e-01);
    EXPECT_EQ(fit.extra_info.at("big_o"), "N");
    EXPECT_EQ(get(run, "BellmanFord_X/1").dims.at(0).value, pace::DimValue(std::int64_t{1}));
    EXPECT_EQ(load_ok("google-benchmark/cxxgraph-bellmanford-optimized-bigo-rms-v1.9.4.json").results.size(), 20u);
}

TEST(ImportFixtures, GoogleBenchmarkCsvWithConsolePreamble) {
    pace::Run run = load_ok("google-benchmark/cxxgraph-all-benchmarks-with-console-preamble.csv");
    EXPECT_EQ(run.producer, "google-benchmark");
    EXPECT_EQ(run.datetime, "2026-01-11T17:12:08Z");
    EXPECT_EQ(run.machine.cores, 8);
    ASSERT_EQ(run.results.size(), 282u);  // 295 rows: 269 timings and 13 BigO/RMS pairs
    const auto& r = get(run, "BFS_X/1");
    EXPECT_EQ(r.time->iterations, 2323278);
    EXPECT_DOUBLE_EQ(*r.time->mean, 323.851e-9);
    EXPECT_DOUBLE_EQ(*get(run, "GraphSlicing_X/8192").time->mean, 5.6446e+10 * 1e-9);  // %g
    const auto& fit = get(run, "BFS_X_BigO");
    EXPECT_EQ(fit.status, pace::Status::ok);
    EXPECT_EQ(fit.extra_info.at("big_o"), "N^3");
    EXPECT_DOUBLE_EQ(fit.counters.at("real_coefficient"), 3.37942e-06 * 1e-9);
}

// ---- hyperfine -------------------------------------------------------------

TEST(ImportFixtures, HyperfineOneCommand) {
    pace::Run run = load_ok("hyperfine/bencher-one-command-214-runs.json");
    EXPECT_EQ(run.producer, "hyperfine");
    ASSERT_EQ(run.results.size(), 1u);
    const auto& r = get(run, "sleep 0.01");
    ASSERT_EQ(r.time->samples.size(), 214u);
    EXPECT_NEAR(*r.time->mean, 0.013317239025420563, 1e-15);
    EXPECT_DOUBLE_EQ(*r.time->max, 0.021347058460000002);
    EXPECT_DOUBLE_EQ(r.counters.at("user_time"), 0.0003436104672897197);
    EXPECT_FALSE(r.extra_info.contains("exit_codes"));  // all zero
}

TEST(ImportFixtures, HyperfineTwoCommands) {
    pace::Run run = load_ok("hyperfine/bencher-two-commands.json");
    ASSERT_EQ(run.results.size(), 2u);
    EXPECT_EQ(get(run, "sleep 0.1").time->samples.size(), 27u);
    EXPECT_EQ(get(run, "sleep 0.2").time->samples.size(), 13u);
}

TEST(ImportFixtures, HyperfineParameterScanWithMemory) {
    pace::Run run = load_ok("hyperfine/hyperfine-py-parameter-scan-memory.json");
    ASSERT_EQ(run.results.size(), 2u);
    const auto& r = get(run, "a {n}[n=1]");
    EXPECT_EQ(r.name, "a {n}");
    ASSERT_EQ(r.dims.size(), 1u);
    EXPECT_EQ(r.dims[0].value, pace::DimValue(std::int64_t{1}));
    EXPECT_EQ(r.extra_info.at("command"), "a 1");
    ASSERT_TRUE(r.memory && r.memory->rss);
    EXPECT_EQ(*r.memory->rss, 1081344);
    EXPECT_DOUBLE_EQ(*r.time->median, 0.004013);
}

TEST(ImportFixtures, HyperfineSingleRunNullStddev) {
    pace::Run run = load_ok("hyperfine/hyperfine-py-single-run-null-stddev.json");
    const auto& r = get(run, "true");
    EXPECT_EQ(r.time->samples.size(), 1u);
    EXPECT_DOUBLE_EQ(*r.time->mean, 0.0030123750000000003);
}

TEST(ImportFixtures, HyperfineIgnoredFailureKeepsExitCodes) {
    pace::Run run = load_ok("hyperfine/hyperfine-py-ignored-failure-exit-137.json");
    const auto& r = get(run, "kill -9 $$");
    EXPECT_EQ(r.status, pace::Status::ok);
    EXPECT_EQ(r.extra_info.at("nonzero_exit_codes"), 2);
    EXPECT_EQ(r.extra_info.at("exit_codes").at(0), 137);
    EXPECT_EQ(*r.memory->rss, 2392064);
}

TEST(ImportFixtures, HyperfineOldLayoutWithoutExitCodes) {
    pace::Run run = load_ok("hyperfine/hyperfiner-old-no-exit-codes-2020.json");
    const auto& r = get(run, "mdfind kMDItemFSName==\"~/*.Rmd\"");
    EXPECT_EQ(r.time->samples.size(), 3u);
    EXPECT_FALSE(r.memory);
}

}  // namespace
