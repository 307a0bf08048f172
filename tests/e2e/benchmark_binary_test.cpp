// SPDX-License-Identifier: Apache-2.0
// Runs built benchmark binaries as a user would and checks exit codes, the
// table (a golden file, timing figures masked) and the JSON file.
#include <gtest/gtest.h>

#include <algorithm>  // std::sort
#include <chrono>   // wall time of a run, against the JUnit report's
#include <fstream>  // golden files
#include <map>      // results by id
#include <regex>    // masking figures
#include <sstream>  // reading files
#include <vector>   // the JSON keys whose strings are kept

#include <nlohmann/json.hpp>  // reading the result file

#include "run_command.hpp"

namespace pace::testing {
namespace {

const std::string small_suite = PACE_SMALL_SUITE;
const std::string failing_suite = PACE_FAILING_SUITE;
const std::string duplicate_suite = PACE_DUPLICATE_SUITE;
const std::string targets_suite = PACE_TARGETS_SUITE;
const std::string example_suite = PACE_EXAMPLE_SUITE;
const std::string calibration_suite = PACE_CALIBRATION_SUITE;

// Quick settings: the tests check behaviour, not speed.
const std::string quick = " --max-time 0.01 --min-rounds 3 --warmup=0";

// Figures, units and rule widths vary from run to run; names, columns and
// structure must not.
std::string mask(const std::string& table) {
    std::string out = std::regex_replace(table, std::regex("(±)?[0-9][0-9,.]*%?(;[0-9]+)?"), "#");
    out = std::regex_replace(out, std::regex("# (ns|µs|ms|s|B|KiB|MiB|GiB|/s|K/s|M/s|G/s)(?= |$|\n)"), "# u");
    out = std::regex_replace(out, std::regex("(─)+"), "───");
    out = std::regex_replace(out, std::regex(" +"), " ");
    return out;
}

void expect_golden(const std::string& name, const std::string& actual) {
    std::string path = std::string(PACE_GOLDEN_DIR) + "/" + name;
    if (std::getenv("PACE_UPDATE_GOLDEN")) {
        std::ofstream(path, std::ios::binary) << actual;
        return;
    }
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in.good()) << "missing golden file " << path << " (run with PACE_UPDATE_GOLDEN=1 to create it)";
    std::stringstream expected;
    expected << in.rdbuf();
    EXPECT_EQ(expected.str(), actual) << "golden file " << path << " differs (PACE_UPDATE_GOLDEN=1 rewrites it)";
}

TEST(BenchmarkBinary, TableMatchesGolden) {
    TempDir dir;
    // Ten rounds or more give every timed benchmark a median interval, so the
    // ±Median column has a figure in each row but pedantic/setup's (4 rounds).
    auto r = run_command(quote(small_suite) + " --max-time 0.01 --min-rounds 10 --warmup=0", dir.path());
    ASSERT_EQ(r.exit_code, 1) << r.err;  // limits/allocations misses its limit by design
    EXPECT_EQ(r.out.find("\x1b["), std::string::npos) << "colour codes in output that is not a terminal";
    expect_golden("small_suite_table.txt", mask(r.out));
    // Not a terminal (a CI log): each result has its line when it is done, before the table.
    EXPECT_EQ(r.out.rfind("done    sum/vector[n=64]  median ", 0), 0u) << r.out;
    EXPECT_LT(r.out.find("FAILED  limits/allocations"), r.out.find(" benchmark: 5 results")) << r.out;
    // Dims in numeric order (text order puts n=512 first).
    EXPECT_LT(r.out.find("sum/vector[n=64]"), r.out.find("sum/vector[n=512]")) << r.out;
}

// The shape of a JSON document, for a golden file: every key, and every value
// replaced by its type, but strings that name no figure of this machine or
// run. Arrays of figures (the samples) become one element; the keys that
// depend on the machine are one placeholder.
nlohmann::json json_shape(const nlohmann::json& value, const std::string& key = "") {
    // What this machine offers decides these keys: the checks /sys allows,
    // the hardware counters the kernel gives.
    if (key == "checks" || key == "counters") return "<by machine>";
    static const std::vector<std::string> stable_strings = {"status", "message", "name", "fullname", "group",
                                                            "mode", "metric", "unit", "description", "detail",
                                                            "producer", "kind", "better"};
    if (value.is_object()) {
        nlohmann::json out = nlohmann::json::object();
        for (const auto& [k, v] : value.items()) out[k] = json_shape(v, k);
        return out;
    }
    if (value.is_array()) {
        nlohmann::json out = nlohmann::json::array();
        const bool figures = !value.empty() && value.front().is_number();
        for (const auto& v : value) {
            out.push_back(json_shape(v, key));
            if (figures) break;
        }
        return out;
    }
    if (value.is_number()) return "<number>";
    if (value.is_boolean() || value.is_null()) return value;
    if (std::find(stable_strings.begin(), stable_strings.end(), key) != stable_strings.end()) {
        // Figures inside messages ("allocations <= 1 missed: 3 allocations") stay; times would not.
        return std::regex_replace(value.get<std::string>(), std::regex("[0-9]+(\\.[0-9]+)? ?(ns|µs|ms|s)\\b"), "# u");
    }
    return "<string>";
}

// Every file format the benchmark binary writes, against a golden file each:
// a change of columns, keys or structure shows as a diff of the golden file.
TEST(BenchmarkBinary, EveryOutputFormatMatchesItsGolden) {
    TempDir dir;
    auto r = run_command(quote(small_suite) + " --max-time 0.01 --min-rounds 10 --warmup=0" +
                             " --md out.md --csv out.csv --junit out.xml --json out.json",
                         dir.path());
    ASSERT_EQ(r.exit_code, 1) << r.err;  // limits/allocations misses its limit by design
    expect_golden("small_suite.md", mask(dir.read("out.md")));
    expect_golden("small_suite.csv", std::regex_replace(dir.read("out.csv"), std::regex("[0-9][0-9.e+-]*"), "#"));
    std::string junit = dir.read("out.xml");
    junit = std::regex_replace(junit, std::regex("(time|timestamp|hostname)=\"[^\"]*\""), "$1=\"#\"");
    expect_golden("small_suite.junit.xml", mask(junit));
    expect_golden("small_suite.json", json_shape(nlohmann::json::parse(dir.read("out.json"))).dump(2) + "\n");
}

TEST(BenchmarkBinary, JsonHoldsEveryResult) {
    TempDir dir;
    auto r = run_command(quote(small_suite) + quick + " --json out.json", dir.path());
    ASSERT_EQ(r.exit_code, 1) << r.err;
    auto doc = nlohmann::json::parse(dir.read("out.json"));
    EXPECT_EQ(doc["pace"]["format_version"], 1);
    EXPECT_EQ(doc["pace"]["mode"], "time");
    EXPECT_FALSE(doc["machine_info"]["cpu"]["brand_raw"].get<std::string>().empty());
    EXPECT_GE(doc["machine_info"]["cpu"]["count"].get<int>(), 1);
    EXPECT_EQ(doc["machine_info"]["build_type"], "release");
    // A missed target keeps its figures, so it stays among the benchmarks (failed).
    ASSERT_EQ(doc["benchmarks"].size(), 5u);
    ASSERT_EQ(doc["pace"]["unmeasured"].size(), 0u);
    std::map<std::string, nlohmann::json> by_id;
    for (const auto& b : doc["benchmarks"]) by_id[b["fullname"].get<std::string>()] = b;
    for (const auto& b : doc["pace"]["unmeasured"]) by_id[b["fullname"].get<std::string>()] = b;
    const auto& sum = by_id.at("sum/vector[n=64]");
    EXPECT_EQ(sum["status"], "ok");
    EXPECT_EQ(sum["params"]["n"], 64);
    EXPECT_EQ(sum["dims"]["n"], 64);
    EXPECT_EQ(sum["extra_info"]["elements"], 64);
    EXPECT_EQ(sum["tags"], nlohmann::json::array({"cpu"}));
    EXPECT_GE(sum["stats"]["rounds"].get<int>(), 3);
    EXPECT_EQ(sum["stats"]["data"].size(), sum["stats"]["rounds"].get<std::size_t>());
    EXPECT_GT(sum["stats"]["min"].get<double>(), 0);
    EXPECT_LE(sum["stats"]["min"].get<double>(), sum["stats"]["median"].get<double>());
    EXPECT_DOUBLE_EQ(sum["throughput"]["items_per_call"].get<double>(), 64);
    const auto& pedantic = by_id.at("pedantic/setup");
    EXPECT_EQ(pedantic["stats"]["rounds"], 4);
    EXPECT_EQ(pedantic["stats"]["iterations"], 3);
    const auto& limited = by_id.at("limits/allocations");
    EXPECT_EQ(limited["status"], "failed");
    EXPECT_NE(limited["message"].get<std::string>().find("allocations <= 1"), std::string::npos);
}

TEST(BenchmarkBinary, ASlowFirstCallDoesNotSpoilCalibration) {
    TempDir dir;
    auto r = run_command(quote(calibration_suite) + " --filter calibration --max-time 0.03 --json out.json --no-memory",
                         dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto doc = nlohmann::json::parse(dir.read("out.json"));
    std::map<std::string, nlohmann::json> stats;
    for (const auto& b : doc["benchmarks"]) stats[b["fullname"].get<std::string>()] = b["stats"];
    // Ratios of two medians of the same call measured one after the other, so
    // the machine's speed cancels out; the middle of eight such pairs, so a
    // burst of a neighbour's load on a shared machine does not decide. Pinned
    // at one call a round, the slow-first-call median would read several times
    // the other.
    std::vector<double> ratios;
    for (int repeat = 1; repeat <= 8; ++repeat) {
        const std::string id = "calibration[repeat=" + std::to_string(repeat) + ",first_call=";
        const auto& slow = stats.at(id + "slow]");
        const auto& undisturbed = stats.at(id + "undisturbed]");
        // A call of a few ns needs many calls a round; a 5 ms first call must not pin it at one.
        EXPECT_GT(slow["iterations"].get<double>(), 100);
        ratios.push_back(slow["median"].get<double>() / undisturbed["median"].get<double>());
    }
    std::sort(ratios.begin(), ratios.end());
    const double middle = (ratios[3] + ratios[4]) / 2;
    EXPECT_GT(middle, 0.8) << ratios.front() << " .. " << ratios.back();
    EXPECT_LT(middle, 1.2) << ratios.front() << " .. " << ratios.back();
}

// pytest-benchmark's reader loads a file; skipped when it is not installed.
void expect_pytest_benchmark_loads(const std::string& file) {
    auto pytest = run_command("/usr/bin/python3 -c 'from pytest_benchmark.cli import main; main()' compare " +
                              quote(file));
    if (pytest.exit_code != 0 && pytest.err.find("No module named") != std::string::npos) return;
    EXPECT_EQ(pytest.exit_code, 0) << pytest.err;
    EXPECT_EQ(pytest.err.find("Failed to load"), std::string::npos) << pytest.err;
    EXPECT_EQ(pytest.out.find("Failed to load"), std::string::npos) << pytest.out;
}

TEST(BenchmarkBinary, MeasureEachHoldsBoundedInputs) {
    TempDir dir;
    const auto start = std::chrono::steady_clock::now();
    auto r = run_command(quote(calibration_suite) + " --filter measure_each/ --max-time 0.2 --json out.json", dir.path());
    const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    auto doc = nlohmann::json::parse(dir.read("out.json"));
    // 1 MiB inputs: at most 64 of them a round, and the run ends near max_time.
    EXPECT_LE(doc["benchmarks"][0]["stats"]["iterations"].get<int>(), 64);
    EXPECT_LT(wall_s, 5) << "--max-time 0.2";
}

TEST(BenchmarkBinary, HardwareCountersOrWhyNot) {
    TempDir dir;
    auto r = run_command(quote(small_suite) + quick + " --filter sum --json out.json", dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto doc = nlohmann::json::parse(dir.read("out.json"));
    const std::string state = doc["machine_info"]["hardware_counters"].get<std::string>();
    if (state == "available") {
        for (const auto& b : doc["benchmarks"]) EXPECT_GT(b["counters"]["cycles"].get<double>(), 0) << b.dump();
    } else {
        // One line, with the kernel's reason.
        EXPECT_NE(state.find("perf_event_open"), std::string::npos) << state;
        EXPECT_NE(r.err.find("pace: warning: no hardware counters (cycles, cache misses) in this run: " + state + "\n"),
                  std::string::npos)
            << r.err;
        for (const auto& b : doc["benchmarks"]) EXPECT_FALSE(b["counters"].contains("cycles")) << b.dump();
    }
}

TEST(BenchmarkBinary, TestModeCallsOnceAndNeedsAMeasurement) {
    TempDir dir;
    auto t = run_command(quote(calibration_suite) + " --test --filter test_mode/", dir.path());
    EXPECT_EQ(t.exit_code, 1) << t.out << t.err;
    EXPECT_NE(t.out.find("ok      test_mode/calls_counted\n"), std::string::npos) << t.out;
    EXPECT_NE(t.out.find("ok      test_mode/each_calls_counted\n"), std::string::npos) << t.out;
    EXPECT_NE(t.out.find("ok      test_mode/plain_function\n"), std::string::npos) << t.out;
    EXPECT_NE(t.out.find("ok      test_mode/plain_void_function\n"), std::string::npos) << t.out;
    EXPECT_NE(t.out.find("FAILED  test_mode/never_measures: the body never called measure()"), std::string::npos)
        << t.out;
    auto timed = run_command(quote(calibration_suite) + quick + " --filter test_mode/ --json out.json", dir.path());
    EXPECT_EQ(timed.exit_code, 1);
    EXPECT_NE(timed.out.find("FAILED  test_mode/never_measures: the body never called measure()"), std::string::npos)
        << timed.out;
}

TEST(BenchmarkBinary, MemoryLimitsNotCheckedAreNotPassed) {
    TempDir dir;
    // limits/allocations misses its limit when the memory pass runs...
    auto checked = run_command(quote(small_suite) + quick + " --filter limits/", dir.path());
    EXPECT_EQ(checked.exit_code, 1) << checked.out;
    // ...and without it the limit is reported as not checked: neither met nor missed.
    auto r = run_command(quote(small_suite) + quick + " --filter limits/ --no-memory --json out.json", dir.path());
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("UNCHECKED limits/allocations: allocations <= 1 (not checked: --no-memory skips the memory pass)"),
              std::string::npos)
        << r.out;
    auto doc = nlohmann::json::parse(dir.read("out.json"));
    const auto& target = doc["benchmarks"][0]["targets"][0];
    EXPECT_EQ(target["passed"], false);
    EXPECT_EQ(target["checked"], false);

    if (auto why = why_no_instruction_mode(); !why.empty()) GTEST_SKIP() << "the instruction-mode half: " << why;
    auto i = run_command(quote(small_suite) + " --filter limits/ --mode instructions --json ins.json", dir.path());
    EXPECT_EQ(i.exit_code, 0) << i.out << i.err;
    EXPECT_NE(i.out.find("UNCHECKED limits/allocations: allocations <= 1 (not checked: instruction mode makes no memory pass)"),
              std::string::npos)
        << i.out;
}

TEST(BenchmarkBinary, StatsAndOptionsMeanWhatPytestBenchmarkMeans) {
    TempDir dir;
    auto r = run_command(quote(small_suite) + " --max-time 0.01 --min-rounds 3 --warmup=3 --json out.json", dir.path());
    ASSERT_EQ(r.exit_code, 1) << r.err;
    auto doc = nlohmann::json::parse(dir.read("out.json"));
    for (const auto& b : doc["benchmarks"]) {
        const auto& s = b["stats"];
        // total: the sum of the samples (seconds per call), as pytest-benchmark's Stats.total.
        double sum = 0;
        for (const auto& x : s["data"]) sum += x.get<double>();
        EXPECT_NEAR(s["total"].get<double>(), sum, sum * 1e-9) << b["fullname"];
        // The warm-up count given, not just "there was one".
        const int warmup = b["fullname"] == "pedantic/setup" ? 1 : 3;
        EXPECT_EQ(b["options"]["warmup"], warmup) << b["fullname"];
    }
    auto timed = run_command(quote(small_suite) + " --max-time 0.01 --min-rounds 3 --json timed.json", dir.path());
    auto sum = nlohmann::json::parse(dir.read("timed.json"))["benchmarks"][0];
    EXPECT_EQ(sum["options"]["warmup"], true);
    EXPECT_DOUBLE_EQ(sum["options"]["warmup_time"].get<double>(), 0.1);
}

TEST(BenchmarkBinary, UntimedRunsWritePytestBenchmarkFiles) {
    // --test and instruction mode time nothing: their results go to
    // pace.unmeasured, so pytest-benchmark still loads the file.
    TempDir dir;
    auto t = run_command(quote(small_suite) + " --test --json test.json", dir.path());
    ASSERT_EQ(t.exit_code, 1) << t.out << t.err;  // limits/allocations misses its limit by design
    auto doc = nlohmann::json::parse(dir.read("test.json"));
    for (const auto& b : doc["benchmarks"]) EXPECT_TRUE(b.contains("stats")) << b.dump();
    EXPECT_EQ(doc["benchmarks"].size() + doc["pace"]["unmeasured"].size(), 5u);
    expect_pytest_benchmark_loads(dir.file("test.json"));

    if (auto why = why_no_instruction_mode(); !why.empty()) GTEST_SKIP() << "the instruction-mode half: " << why;
    auto i = run_command(quote(small_suite) + " --mode instructions --filter sum --json ins.json", dir.path());
    ASSERT_EQ(i.exit_code, 0) << i.out << i.err;
    auto ins = nlohmann::json::parse(dir.read("ins.json"));
    for (const auto& b : ins["benchmarks"]) EXPECT_TRUE(b.contains("stats")) << b.dump();
    ASSERT_EQ(ins["benchmarks"].size() + ins["pace"]["unmeasured"].size(), 2u);
    for (const auto& b : ins["pace"]["unmeasured"]) EXPECT_GT(b["counters"]["instructions"].get<double>(), 0);
    expect_pytest_benchmark_loads(dir.file("ins.json"));
}

TEST(BenchmarkBinary, FailuresDoNotLoseTheOthers) {
    TempDir dir;
    auto r = run_command(quote(failing_suite) + quick + " --json out.json", dir.path());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("FAILED  failing/wrong_sum: check failed at"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("failing_example.cpp:"), std::string::npos);
    EXPECT_NE(r.out.find("sum == 101"), std::string::npos);
    EXPECT_NE(r.out.find("FAILED  failing/throws: exception: the service did not answer"), std::string::npos);
    auto doc = nlohmann::json::parse(dir.read("out.json"));
    ASSERT_EQ(doc["benchmarks"].size(), 1u);
    EXPECT_EQ(doc["benchmarks"][0]["status"], "ok");
    ASSERT_EQ(doc["pace"]["unmeasured"].size(), 2u);
    for (const auto& b : doc["pace"]["unmeasured"]) {
        EXPECT_EQ(b["status"], "failed");
        EXPECT_FALSE(b["message"].get<std::string>().empty());
    }
    // pytest-benchmark still reads the file (it would skip it whole if a benchmark lacked stats).
    auto pytest = run_command("/usr/bin/python3 -c 'from pytest_benchmark.cli import main; main()' compare " +
                              quote(dir.file("out.json")));
    if (pytest.exit_code == 0 || pytest.err.find("No module named") == std::string::npos) {
        EXPECT_EQ(pytest.exit_code, 0) << pytest.err;
        EXPECT_EQ(pytest.err.find("Failed to load"), std::string::npos) << pytest.err;
        EXPECT_NE(pytest.out.find("failing/neighbour_still_runs"), std::string::npos) << pytest.out;
    }
}

TEST(BenchmarkBinary, ProcessesGroupTheSamplesByProcess) {
    TempDir dir;
    auto r = run_command(quote(small_suite) + quick + " --filter sum --processes 3 --json out.json", dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("pace: process 3 of 3"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("sum/vector[n=64]"), std::string::npos) << r.out;  // the table, once
    auto doc = nlohmann::json::parse(dir.read("out.json"));
    ASSERT_EQ(doc["benchmarks"].size(), 2u);
    for (const auto& b : doc["benchmarks"]) {
        const auto& groups = b["stats"]["process_samples"];
        ASSERT_EQ(groups.size(), 3u) << b.dump();
        std::size_t total = 0;
        for (const auto& g : groups) {
            EXPECT_GE(g.get<std::size_t>(), 3u);  // --min-rounds 3 in each process
            total += g.get<std::size_t>();
        }
        EXPECT_EQ(total, b["stats"]["data"].size());
        EXPECT_EQ(b["stats"]["rounds"].get<std::size_t>(), total);
        EXPECT_EQ(b["options"]["processes"], 3);
        EXPECT_EQ(b["status"], "ok");
    }
}

TEST(BenchmarkBinary, AComparisonOfProcessesIsTestedOverThem) {
    TempDir dir;
    const std::string run = quote(small_suite) + quick + " --filter sum --no-memory";
    auto base = run_command(run + " --processes 5 --save base", dir.path());
    ASSERT_EQ(base.exit_code, 0) << base.err;
    auto cand = run_command(run + " --processes 5 --compare base --compare-fail median:1000%", dir.path());
    ASSERT_EQ(cand.exit_code, 0) << cand.err;
    EXPECT_NE(cand.out.find("p: Mann-Whitney U test over the processes' medians"), std::string::npos) << cand.out;
    // One process against five cannot be tested; one against one is not either, and says why.
    auto single = run_command(run + " --compare base --compare-fail median:1000%", dir.path());
    ASSERT_EQ(single.exit_code, 0) << single.err;
    EXPECT_NE(single.out.find("too few processes a side to ever reach p < 0.05"), std::string::npos) << single.out;
    auto save_one = run_command(run + " --save one", dir.path());
    ASSERT_EQ(save_one.exit_code, 0) << save_one.err;
    auto one_one = run_command(run + " --compare one", dir.path());
    ASSERT_EQ(one_one.exit_code, 0) << one_one.err;
    EXPECT_NE(one_one.out.find("one process a side"), std::string::npos) << one_one.out;
    EXPECT_EQ(one_one.out.find("Mann-Whitney"), std::string::npos) << one_one.out;
}

TEST(BenchmarkBinary, AFailureInOneProcessFailsTheBenchmark) {
    TempDir dir;
    auto r = run_command(quote(failing_suite) + quick + " --processes 2 --json out.json", dir.path());
    EXPECT_EQ(r.exit_code, 1) << r.err;
    auto doc = nlohmann::json::parse(dir.read("out.json"));
    ASSERT_EQ(doc["pace"]["unmeasured"].size(), 2u);
    for (const auto& b : doc["pace"]["unmeasured"])
        EXPECT_EQ(b["message"].get<std::string>().rfind("in process 1 of 2: ", 0), 0u) << b.dump();
    EXPECT_EQ(doc["benchmarks"][0]["stats"]["process_samples"].size(), 2u);
}

TEST(BenchmarkBinary, ProcessesMustBeACount) {
    TempDir dir;
    auto r = run_command(quote(small_suite) + " --processes 0", dir.path());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--processes"), std::string::npos) << r.err;
}

TEST(BenchmarkBinary, TimingTargetsFailOnlyTheBenchmarksThatMissThem) {
    TempDir dir;
    auto r = run_command(quote(targets_suite) + quick + " --json out.json", dir.path());
    EXPECT_EQ(r.exit_code, 1) << r.err;
    auto doc = nlohmann::json::parse(dir.read("out.json"));
    std::map<std::string, nlohmann::json> by_id;
    for (const auto& b : doc["benchmarks"]) by_id[b["fullname"]] = b;
    for (const auto& b : doc["pace"]["unmeasured"]) by_id[b["fullname"]] = b;
    ASSERT_EQ(by_id.size(), 18u) << doc.dump(1);

    const auto& met = by_id["targets/met"];
    EXPECT_EQ(met["status"], "ok");
    ASSERT_EQ(met["targets"].size(), 4u);
    EXPECT_EQ(met["targets"][0]["target"], "p95 <= 10.00 s");
    for (const auto& t : met["targets"]) EXPECT_TRUE(t["passed"].get<bool>()) << t.dump();

    const auto& missed = by_id["targets/missed"];
    EXPECT_EQ(missed["status"], "failed");
    EXPECT_EQ(missed["message"].get<std::string>().rfind("mean <= 1.00 ns missed: mean was ", 0), 0u) << missed.dump();
    EXPECT_NE(r.out.find("mean <= 1.00 ns missed"), std::string::npos) << r.out;

    const auto& rate = by_id["targets/rate_missed"];
    EXPECT_EQ(rate["status"], "failed");
    EXPECT_NE(rate["message"].get<std::string>().find("ops >= "), std::string::npos) << rate.dump();

    const auto& no_items = by_id["targets/no_items"];
    EXPECT_EQ(no_items["status"], "failed");
    EXPECT_NE(no_items["message"].get<std::string>().find("call bench.items() for it"), std::string::npos)
        << no_items.dump();

    EXPECT_EQ(by_id["targets/slow"]["status"], "ok");
    const auto& fast = by_id["targets/fast"];
    EXPECT_EQ(fast["status"], "ok") << fast.dump();
    ASSERT_EQ(fast["targets"].size(), 1u);
    EXPECT_EQ(fast["targets"][0]["target"], "speedup over targets/slow >= 2.00x");
    EXPECT_TRUE(fast["targets"][0]["passed"].get<bool>());
    const auto& not_fast = by_id["targets/not_fast_enough"];
    EXPECT_EQ(not_fast["status"], "failed");
    EXPECT_EQ(not_fast["message"].get<std::string>().rfind("speedup over targets/slow >= 1000.00x missed: speedup was ", 0),
              0u)
        << not_fast.dump();
    const auto& unknown = by_id["targets/unknown_reference"];
    EXPECT_EQ(unknown["status"], "failed");
    EXPECT_NE(unknown["message"].get<std::string>().find("the reference did not run"), std::string::npos)
        << unknown.dump();

    // --test times nothing, so it checks no timing target.
    auto t = run_command(quote(targets_suite) + " --test");
    EXPECT_EQ(t.exit_code, 0) << t.out << t.err;

    // Filtering the reference out fails the speedup target with the reason.
    auto filtered = run_command(quote(targets_suite) + quick + " --filter 'targets/fast$' --json fast.json", dir.path());
    EXPECT_EQ(filtered.exit_code, 1);
    EXPECT_NE(filtered.out.find("--filter/--tags left it out"), std::string::npos) << filtered.out;
}

TEST(BenchmarkBinary, ComplexityFitsAndTargets) {
    if (auto why = why_no_instruction_mode(); !why.empty()) GTEST_SKIP() << why;
    // Instruction counts are exact, so the fits are the same on every run.
    TempDir dir;
    auto r = run_command(quote(targets_suite) + " --filter complexity/ --mode instructions --json out.json", dir.path());
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;  // the quadratic sweep misses its bound
    auto doc = nlohmann::json::parse(dir.read("out.json"));
    std::map<std::string, nlohmann::json> fits;
    for (const auto& f : doc["pace"]["complexity"]) fits[f["id"]] = f;
    ASSERT_EQ(fits.size(), 2u) << doc["pace"].dump(1);
    EXPECT_EQ(fits["complexity/quadratic"]["model"], "O(N^2)");
    EXPECT_EQ(fits["complexity/quadratic"]["dim"], "n");
    EXPECT_EQ(fits["complexity/quadratic"]["metric"], "instructions");
    EXPECT_EQ(fits["complexity/quadratic"]["points"], 5);
    EXPECT_GT(fits["complexity/quadratic"]["r2"].get<double>(), 0.999);
    EXPECT_EQ(fits["complexity/linear"]["model"], "O(N)");
    for (const auto& b : doc["pace"]["unmeasured"]) {
        const std::string id = b["fullname"];
        ASSERT_EQ(b["targets"].size(), 1u) << id;
        EXPECT_EQ(b["targets"][0]["target"], "complexity <= O(N log N)");
        EXPECT_EQ(b["status"], id.rfind("complexity/quadratic", 0) == 0 ? "failed" : "ok") << b.dump();
    }
    EXPECT_NE(r.out.find("complexity complexity/quadratic over n: O(N^2)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("complexity <= O(N log N) missed: the fit is O(N^2)"), std::string::npos) << r.out;

    // The example suite's sort fits N log N.
    auto sort = run_command(quote(example_suite) + " --filter sort/std --mode instructions --json sort.json", dir.path());
    EXPECT_EQ(sort.exit_code, 0) << sort.out << sort.err;
    auto sorted = nlohmann::json::parse(dir.read("sort.json"));
    ASSERT_EQ(sorted["pace"]["complexity"].size(), 1u) << sorted["pace"].dump(1);
    EXPECT_EQ(sorted["pace"]["complexity"][0]["model"], "O(N log N)");

    // --test fits nothing and leaves the target unchecked.
    auto t = run_command(quote(targets_suite) + " --filter complexity/ --test --json test.json", dir.path());
    EXPECT_EQ(t.exit_code, 0) << t.out << t.err;
    auto tested = nlohmann::json::parse(dir.read("test.json"));
    EXPECT_FALSE(tested["pace"].contains("complexity"));
    for (const auto& b : tested["pace"]["unmeasured"]) {
        ASSERT_EQ(b["targets"].size(), 1u) << b.dump();
        EXPECT_EQ(b["targets"][0]["checked"], false) << b.dump();
        EXPECT_EQ(b["targets"][0]["detail"], "not checked: --test times nothing") << b.dump();
    }
}

TEST(BenchmarkBinary, JunitReportForCiTestViews) {
    TempDir dir;
    const auto start = std::chrono::steady_clock::now();
    auto r = run_command(quote(failing_suite) + quick + " --junit report.xml", dir.path());
    const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(r.exit_code, 1);
    std::string xml = dir.read("report.xml");
    // Every time="…" is seconds actually spent: none exceeds the whole run's wall time.
    const std::regex time_attribute("time=\"([0-9.]+)\"");
    int times = 0;
    for (std::sregex_iterator m(xml.begin(), xml.end(), time_attribute), end; m != end; ++m, ++times)
        EXPECT_LE(std::stod((*m)[1].str()), wall_s) << xml;
    EXPECT_EQ(times, 2 + 3);  // <testsuites>, <testsuite>, three cases
    EXPECT_NE(xml.find("<testsuite name=\"failing_example\" tests=\"3\" failures=\"2\""), std::string::npos) << xml;
    EXPECT_NE(xml.find("<failure message=\"exception: the service did not answer\"/>"), std::string::npos) << xml;
    // A real XML parser reads it (Python's, from the standard library).
    auto parsed = run_command("/usr/bin/python3 -c 'import sys, xml.dom.minidom; "
                              "d = xml.dom.minidom.parse(sys.argv[1]); "
                              "print(len(d.getElementsByTagName(\"testcase\")))' " + quote(dir.file("report.xml")));
    EXPECT_EQ(parsed.exit_code, 0) << parsed.err;
    EXPECT_EQ(parsed.out, "3\n");
}

TEST(BenchmarkBinary, TestModeForCTest) {
    auto r = run_command(quote(example_suite) + " --test");
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("11 passed, 0 failed"), std::string::npos) << r.out;
    auto f = run_command(quote(failing_suite) + " --test");
    EXPECT_EQ(f.exit_code, 1);
    EXPECT_NE(f.out.find("1 passed, 2 failed"), std::string::npos) << f.out;
}

TEST(BenchmarkBinary, SelectionAndList) {
    auto r = run_command(quote(small_suite) + " --list");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out,
              "sum/vector[n=64]  [cpu]\nsum/vector[n=512]  [cpu]\nalloc/vector  [alloc big]\npedantic/setup  [cpu]\n"
              "limits/allocations  [alloc]\n");
    r = run_command(quote(small_suite) + " --list --tags 'alloc and not big'");
    EXPECT_EQ(r.out, "limits/allocations  [alloc]\n");
    r = run_command(quote(small_suite) + " --list --filter 'n=5'");
    EXPECT_EQ(r.out, "sum/vector[n=512]  [cpu]\n");
    // A filter that is exactly an id selects that id, brackets and all.
    r = run_command(quote(small_suite) + " --list --filter 'sum/vector[n=64]'");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, "sum/vector[n=64]  [cpu]\n");
}

TEST(BenchmarkBinary, ConfigCompareFailGatesOnlyRunsThatCompare) {
    TempDir dir;
    // The README's pace.toml: without --compare a run does not compare.
    dir.write("pace.toml", "[run]\nmin_rounds = 3\n\n[compare]\nfail = [\"median:10%\", \"peak:10%\"]\n");
    auto r = run_command(quote(small_suite) + quick + " --filter sum", dir.path());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.err.find("no saved run"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("comparison with"), std::string::npos) << r.out;
    r = run_command(quote(small_suite) + quick + " --filter sum --compare", dir.path());
    EXPECT_NE(r.err.find("no saved run"), std::string::npos) << r.err;
}

TEST(BenchmarkBinary, AnEmptySelectionIsAnError) {
    auto r = run_command(quote(small_suite) + " --filter nomatch");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("pace: error: --filter \"nomatch\" selects no benchmark\nhint: the closest ids are "),
              std::string::npos)
        << r.err;
    r = run_command(quote(small_suite) + " --tags CPU --test");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");  // not "0 passed, 0 failed"
    EXPECT_NE(r.err.find("pace: error: --tags \"CPU\" selects no benchmark\nhint: the tags in this binary are alloc, big, cpu"),
              std::string::npos)
        << r.err;
    r = run_command(quote(small_suite) + " --list --tags 'not (cpu or alloc)'");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    // sum/vector[n=6] is not an id, and as a regular expression it matches none.
    r = run_command(quote(small_suite) + " --filter 'sum/vector[n=6]'");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("hint: the closest ids are sum/vector[n=64]"), std::string::npos) << r.err;
}

TEST(BenchmarkBinary, CsvAndMarkdown) {
    TempDir dir;
    auto r = run_command(quote(small_suite) + quick + " --filter sum --csv out.csv --md out.md", dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::string csv = dir.read("out.csv");
    EXPECT_EQ(csv.rfind("id,min_s,max_s,mean_s,stddev_s,median_s,iqr_s,", 0), 0u) << csv;
    EXPECT_NE(csv.find("sum/vector[n=64],"), std::string::npos);
    std::string md = dir.read("out.md");
    EXPECT_EQ(md.rfind("| Name (time per call) |", 0), 0u) << md;
    EXPECT_NE(md.find("sum/vector\\[n=64\\]"), std::string::npos);
}

TEST(BenchmarkBinary, ConfigDefaultsAndFlagsWin) {
    TempDir dir;
    dir.write("pace.toml", "[run]\nmin_rounds = 9\nmax_time = 0.001\nwarmup = 0\n");
    auto r = run_command(quote(small_suite) + " --filter 'n=64' --json a.json", dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto a = nlohmann::json::parse(dir.read("a.json"));
    EXPECT_EQ(a["benchmarks"][0]["stats"]["rounds"], 9);
    r = run_command(quote(small_suite) + " --filter 'n=64' --min-rounds 4 --json b.json", dir.path());
    auto b = nlohmann::json::parse(dir.read("b.json"));
    EXPECT_EQ(b["benchmarks"][0]["stats"]["rounds"], 4);
}

TEST(BenchmarkBinary, PrecisionIsReported) {
    TempDir dir;
    auto r = run_command(quote(small_suite) + " --filter 'n=64' --precision 50% --max-time 2 --json p.json", dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto doc = nlohmann::json::parse(dir.read("p.json"));
    const auto& b = doc["benchmarks"][0];
    EXPECT_LE(b["median_ci"]["precision"].get<double>(), 0.5);
    EXPECT_DOUBLE_EQ(b["options"]["precision"].get<double>(), 0.5);
    EXPECT_NE(r.out.find("±Median"), std::string::npos);
}

TEST(BenchmarkBinary, SaveCompareAndGate) {
    TempDir dir;
    std::string bin = quote(small_suite) + quick + " --filter sum";
    // Nothing saved yet: --compare says so and passes.
    auto first = run_command(bin + " --compare", dir.path());
    EXPECT_EQ(first.exit_code, 0) << first.err;
    EXPECT_NE(first.err.find("no saved run of this machine"), std::string::npos) << first.err;

    auto saved = run_command(bin + " --save base", dir.path());
    ASSERT_EQ(saved.exit_code, 0) << saved.err;
    EXPECT_NE(saved.err.find("pace: saved .pace/"), std::string::npos) << saved.err;
    EXPECT_NE(saved.err.find("_base.json"), std::string::npos);

    auto compared = run_command(bin + " --compare base --compare-fail median:100000% --autosave", dir.path());
    EXPECT_EQ(compared.exit_code, 0) << compared.out << compared.err;
    EXPECT_NE(compared.out.find("comparison with .pace/"), std::string::npos) << compared.out;
    EXPECT_NE(compared.out.find("no regressions over thresholds"), std::string::npos) << compared.out;

    // A threshold nothing can meet: every id that got slower at all would fail it,
    // so check the gate runs and reports in the same grammar either way.
    auto latest = run_command(bin + " --compare latest --compare-fail ops:0.0001%", dir.path());
    EXPECT_TRUE(latest.exit_code == 0 || latest.exit_code == 1) << latest.err;
    EXPECT_TRUE(latest.out.find("regression") != std::string::npos) << latest.out;

    // A benchmark of the saved run that this run lacks fails the gate, as in `pace compare`.
    auto fewer = run_command(quote(small_suite) + quick + " --filter 'n=64' --compare base --compare-fail median:100000%",
                             dir.path());
    EXPECT_EQ(fewer.exit_code, 1) << fewer.out << fewer.err;
    EXPECT_NE(fewer.out.find("missing: sum/vector[n=512]: in "), std::string::npos) << fewer.out;
    EXPECT_NE(fewer.out.find("1 missing: sum/vector[n=512]"), std::string::npos) << fewer.out;

    auto missing = run_command(bin + " --compare nosuchname", dir.path());
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("pace: error:"), std::string::npos) << missing.err;

    auto bad_spec = run_command(bin + " --compare-fail mean:twenty", dir.path());
    EXPECT_EQ(bad_spec.exit_code, 2);
    EXPECT_NE(bad_spec.err.find("mean:twenty"), std::string::npos) << bad_spec.err;
}

struct BadInput {
    std::string args;
    std::string config;  // pace.toml content, "" for none
    std::string expected_message;
};

TEST(BenchmarkBinary, BadInputIsExitTwoWithOneClearMessage) {
    std::vector<BadInput> cases = {
        {"--no-such-flag", "", "pace: error: unknown argument \"--no-such-flag\""},
        {"--filtr sum", "", "hint: did you mean --filter?"},
        {"--tags 'cpu and'", "", "pace: error: --tags: bad tag expression \"cpu and\""},
        {"--json /nonexistent-dir/out.json", "", "pace: error: --json: cannot write \"/nonexistent-dir/out.json\""},
        {"--json .", "", "is a directory"},
        {"--filter '('", "", "pace: error: --filter: bad regular expression"},
        {"--columns min,bogus", "", "pace: error: --columns: unknown column \"bogus\""},
        {"--precision abc", "", "pace: error: --precision: bad precision \"abc\""},
        {"--min-rounds -3", "", "pace: error: --min-rounds: expected a whole number >= 1, found \"-3\""},
        {"--min-rounds 0", "", "pace: error: --min-rounds: expected a whole number >= 1, found \"0\""},
        {"--max-time -1", "", "pace: error: --max-time: expected a number of seconds > 0, found \"-1\""},
        {"--max-time 0", "", "pace: error: --max-time: expected a number of seconds > 0, found \"0\""},
        {"--max-time abc", "", "pace: error: --max-time: expected a number of seconds > 0, found \"abc\""},
        {"--save ''", "", "pace: error: --save: empty run name"},
        {"--compare nosuch-run", "", "pace: error: nosuch-run: "},  // before running anything: no output
        {"", "[run]\nmax_time = \"long\"\n", "pace.toml: line 2: run.max_time: expected a number of seconds > 0"},
        {"", "[run\n", "pace.toml: line 1:"},
        {"", "[run]\ncolumns = [\"min\", \"bogus\"]\n", "pace.toml: line 2: run.columns: unknown column \"bogus\""},
        {"", "[run]\nsort = \"nonsense\"\n", "pace.toml: line 2: run.sort: expected one of name"},
    };
    for (const BadInput& c : cases) {
        TempDir dir;
        if (!c.config.empty()) dir.write("pace.toml", c.config);
        auto r = run_command(quote(small_suite) + " " + c.args, dir.path());
        EXPECT_EQ(r.exit_code, 2) << c.args << "\n" << r.err;
        EXPECT_NE(r.err.find(c.expected_message), std::string::npos) << c.args << "\n" << r.err;
        EXPECT_NE(r.err.find("\nhint: "), std::string::npos) << c.args << "\n" << r.err;  // every usage error has one
        EXPECT_EQ(r.out, "") << c.args;
    }
    auto d = run_command(quote(duplicate_suite) + " --list");
    EXPECT_EQ(d.exit_code, 2);
    EXPECT_NE(d.err.find("duplicate benchmark id \"same/name\""), std::string::npos) << d.err;
}

TEST(BenchmarkBinary, HelpExplainsEachFlag) {
    auto r = run_command(quote(small_suite) + " --help");
    EXPECT_EQ(r.exit_code, 0);
    for (const char* flag : {"--filter", "--tags", "--list", "--test", "--min-rounds", "--max-time", "--warmup",
                             "--precision", "--json", "--csv", "--md", "--junit", "--columns", "--sort", "--no-memory", "--mode"})
        EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
}

}  // namespace
}  // namespace pace::testing
