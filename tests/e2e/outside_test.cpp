// SPDX-License-Identifier: Apache-2.0
// Benchmarks that reach outside their process, run as a user would: fixture
// lifetimes (after a throwing benchmark, after Ctrl-C), a local server,
// shims and subprocess accounting.
#include <gtest/gtest.h>

#include <signal.h>    // kill, SIGINT
#include <sys/wait.h>  // waitpid
#include <unistd.h>    // fork, execl

#include <chrono>   // deadlines
#include <cmath>    // std::abs
#include <fstream>  // the fixture log
#include <sstream>  // reading files
#include <thread>   // polling

#include <nlohmann/json.hpp>  // reading result files

#include "run_command.hpp"

namespace pace::testing {
namespace {

const std::string fixtures_suite = PACE_FIXTURES_SUITE;
const std::string outside_example = PACE_OUTSIDE_EXAMPLE;

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::size_t count_of(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

TEST(Fixtures, RunFixtureIsMadeOnceAndStoppedAfterAThrowingBenchmark) {
    TempDir dir;
    const std::string log = dir.file("log");
    auto r = run_command(quote(fixtures_suite) + " --test --filter 'sum|throws|database|scratch|unrelated'",
                         dir.path(), {"PACE_FIXTURE_LOG=" + log});
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    const std::string events = read_file(log);
    // Shared by sum and throws: one setup, one teardown, the teardown last
    // (after the benchmark that threw and the ones after it).
    EXPECT_EQ(count_of(events, "numbers setup"), 1u) << events;
    EXPECT_EQ(count_of(events, "numbers teardown"), 1u) << events;
    EXPECT_GT(events.find("numbers teardown"), events.find("scratch teardown")) << events;
    // A run fixture that fails to start is tried once, and fails only its users.
    EXPECT_EQ(count_of(events, "database setup"), 1u) << events;
    EXPECT_NE(r.out.find("FAILED  fixture/database: fixture \"database\" failed to start: no database on this machine"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("FAILED  fixture/database_again: fixture \"database\" failed to start: no database"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("FAILED  fixture/throws: exception: the body threw"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("ok      fixture/sum"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("ok      fixture/unrelated"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("ok      fixture/scratch"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("3 passed, 3 failed"), std::string::npos) << r.out;
}

TEST(Fixtures, BenchmarkFixtureLivesForOneBenchmark) {
    TempDir dir;
    const std::string log = dir.file("log");
    auto r = run_command(quote(fixtures_suite) + " --max-time 0.01 --min-rounds 3 --warmup=0 --filter 'scratch|sum'",
                         dir.path(), {"PACE_FIXTURE_LOG=" + log});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    const std::string events = read_file(log);
    EXPECT_EQ(events, "numbers setup\nscratch setup\nscratch teardown\nnumbers teardown\n");
}

TEST(Fixtures, TeardownRunsAfterSigint) {
    TempDir dir;
    const std::string log = dir.file("log");
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::setenv("PACE_FIXTURE_LOG", log.c_str(), 1);
        ::execl(fixtures_suite.c_str(), fixtures_suite.c_str(), "--filter", "endless", "--no-memory",
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (read_file(log).find("endless measuring") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_NE(read_file(log).find("endless measuring"), std::string::npos) << "the benchmark never started";
    ASSERT_EQ(::kill(pid, SIGINT), 0);
    int status = 0;
    pid_t done = 0;
    while ((done = ::waitpid(pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (done == 0) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        FAIL() << "the benchmark binary did not stop on SIGINT";
    }
    // It dies of the signal, as a shell expects, after the teardown.
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) << status;
    EXPECT_EQ(read_file(log), "numbers setup\nendless measuring\nnumbers teardown\n");
}

nlohmann::json read_json(const std::string& path) { return nlohmann::json::parse(read_file(path)); }

// Timed results are in benchmarks, --test's in pace.unmeasured.
const nlohmann::json* find_result(const nlohmann::json& run, const std::string& id) {
    for (const auto& b : run["benchmarks"])
        if (b["fullname"] == id) return &b;
    if (run.contains("pace") && run["pace"].contains("unmeasured"))
        for (const auto& b : run["pace"]["unmeasured"])
            if (b["fullname"] == id) return &b;
    return nullptr;
}

bool alive(int pid) { return pid > 0 && ::kill(pid, 0) == 0; }

// The number after `key` in `text`, or -1.
int number_after(const std::string& text, const std::string& key) {
    auto at = text.find(key);
    return at == std::string::npos ? -1 : std::atoi(text.c_str() + at + key.size());
}

TEST(Service, RealServerAnswersAndIsStoppedAtTheEnd) {
    TempDir dir;
    const std::string log = dir.file("log");
    auto r = run_command(quote(fixtures_suite) + " --test --filter service/http", dir.path(), {"PACE_FIXTURE_LOG=" + log});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    const int pid = number_after(read_file(log), "http pid ");
    ASSERT_GT(pid, 0) << read_file(log);
    EXPECT_FALSE(alive(pid)) << "the server outlived the run";
}

TEST(Service, TwoBinariesAtOnceGetTwoPorts) {
    TempDir dir;
    // Both start their server at about the same time; neither may take the other's port.
    const std::string script = "PACE_FIXTURE_LOG=a.log " + quote(fixtures_suite) +
                               " --test --filter service/http > a.out & PACE_FIXTURE_LOG=b.log " + quote(fixtures_suite) +
                               " --test --filter service/http > b.out; b=$?; wait $!; a=$?; exit $((a + b))";
    auto r = run_command("sh -c " + quote(script), dir.path());
    EXPECT_EQ(r.exit_code, 0) << dir.read("a.out") << dir.read("b.out");
    const int a = number_after(dir.read("a.log"), " port "), b = number_after(dir.read("b.log"), " port ");
    EXPECT_GT(a, 0);
    EXPECT_GT(b, 0);
    EXPECT_NE(a, b);
}

TEST(Service, ServerThatNeverListensFailsWithinItsTimeoutShowingItsOutput) {
    TempDir dir;
    const auto start = std::chrono::steady_clock::now();
    auto r = run_command(quote(fixtures_suite) + " --test --filter 'service/(mute|quitter)|fixture/unrelated'", dir.path());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    // 500 ms of timeout and up to 2 s of grace for `sleep` to go (it goes at once on SIGTERM).
    EXPECT_LT(seconds, 5.0);
    EXPECT_NE(r.out.find("FAILED  service/mute: fixture \"mute\" failed to start: \"sh\" did not accept connections on "
                         "127.0.0.1:"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("within 500 ms; its last output:\n  starting on port "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\n  port is busy\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("FAILED  service/quitter: fixture \"quitter\" failed to start: \"sh\" exited with status 3 "
                         "before accepting connections"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("\n  cannot bind\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("ok      fixture/unrelated"), std::string::npos) << r.out;
    // The port in the message was picked, not written in the test.
    EXPECT_GT(number_after(r.out, "within 500 ms; its last output:\n  starting on port "), 0) << r.out;
}

TEST(Service, ServerIsStoppedAfterSigint) {
    TempDir dir;
    const std::string log = dir.file("log");
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::setenv("PACE_FIXTURE_LOG", log.c_str(), 1);
        ::execl(fixtures_suite.c_str(), fixtures_suite.c_str(), "--filter", "service/endless", "--no-memory",
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (read_file(log).find("endless measuring") == std::string::npos && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const int server = number_after(read_file(log), "http pid ");
    ASSERT_GT(server, 0) << read_file(log);
    EXPECT_TRUE(alive(server));
    ASSERT_EQ(::kill(pid, SIGINT), 0);
    int status = 0;
    pid_t done = 0;
    while ((done = ::waitpid(pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (done == 0) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        FAIL() << "the benchmark binary did not stop on SIGINT";
    }
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT) << status;
    EXPECT_FALSE(alive(server)) << "the server was orphaned";
}

TEST(Shim, DelayIsWithinOneMillisecondOfWhatWasAsked) {
    TempDir dir;
    // Each attempt is 41 calls of each shim, taking turns; on a loaded machine
    // one attempt's medians can be thrown off by a neighbour's burst, so five
    // attempts are allowed. A shim that adds its own cost to the delay (a
    // shell and a sleep program: 1-2 ms) fails all five.
    std::string seen;
    bool within = false;
    for (int attempt = 0; attempt < 5 && !within; ++attempt) {
        auto r = run_command(quote(fixtures_suite) + " --test --filter shim/delay_check --json out.json", dir.path());
        ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
        const auto run = read_json(dir.file("out.json"));
        const auto* result = find_result(run, "shim/delay_check");
        ASSERT_NE(result, nullptr);
        const double delay = (*result)["extra_info"]["delay"];
        seen += (*result)["extra_info"].dump() + "\n";
        within = std::abs(delay - 0.010) <= 0.001;
    }
    EXPECT_TRUE(within) << seen;
}

TEST(Shim, PrintsItsTextExitsWithItsCodeAndLeavesPath) {
    TempDir dir;
    auto r = run_command(quote(fixtures_suite) + " --test --filter 'shim/(output|delay\\[)'", dir.path());
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("3 passed, 0 failed"), std::string::npos) << r.out;
}

TEST(Subprocesses, CountsAreExactForKnownSpawns) {
    TempDir dir;
    auto r = run_command(quote(fixtures_suite) +
                             " --filter 'subprocess/known|shim/delay\\[delay_ms=0' --max-time 0.05 --min-rounds 3 "
                             "--warmup=0 --no-memory --json out.json",
                         dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    const auto run = read_json(dir.file("out.json"));
    const auto* known = find_result(run, "subprocess/known");
    ASSERT_NE(known, nullptr);
    const auto& counters = (*known)["counters"];
    // posix_spawnp, system, popen and fork: four a call, in every round.
    EXPECT_EQ(counters["subprocess_calls"], 4.0) << counters.dump();
    const double median = (*known)["stats"]["median"];
    EXPECT_GT(counters["subprocess_time"].get<double>(), 0.0);
    EXPECT_LT(counters["subprocess_time"].get<double>(), 3 * median);
    EXPECT_GT(counters["subprocess_cpu"].get<double>(), 0.0);
    EXPECT_GE(counters["overhead_ratio"].get<double>(), 0.0);
    EXPECT_LE(counters["overhead_ratio"].get<double>(), 1.0);
    const auto* one = find_result(run, "shim/delay[delay_ms=0]");
    ASSERT_NE(one, nullptr);
    EXPECT_EQ((*one)["counters"]["subprocess_calls"], 1.0);
    // The table shows them.
    EXPECT_NE(r.out.find("Spawns"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("In subproc"), std::string::npos) << r.out;
}

TEST(Subprocesses, CountsVforkAndCloneButNotThreads) {
    TempDir dir;
    auto r = run_command(quote(fixtures_suite) +
                             " --filter 'subprocess/kind' --max-time 0.05 --min-rounds 3 --warmup=0 --no-memory "
                             "--json out.json",
                         dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    const auto run = read_json(dir.file("out.json"));
    for (const char* kind : {"vfork", "clone", "clone_vfork", "syscall_clone", "clone3"}) {
        const auto* result = find_result(run, std::string("subprocess/kind[kind=") + kind + "]");
        ASSERT_NE(result, nullptr) << kind;
        EXPECT_EQ((*result)["counters"].value("subprocess_calls", 0.0), 1.0) << kind << ": " << (*result)["counters"].dump();
        EXPECT_GT((*result)["counters"].value("subprocess_time", 0.0), 0.0) << kind;
    }
    // A thread made by clone(CLONE_THREAD) is not a process: nothing is recorded.
    const auto* thread = find_result(run, "subprocess/kind[kind=clone_thread]");
    ASSERT_NE(thread, nullptr);
    EXPECT_EQ((*thread)["status"], "ok");
    EXPECT_EQ((*thread)["counters"].value("subprocess_calls", 0.0), 0.0) << (*thread)["counters"].dump();
}

// Instruction mode follows the children: a call that runs /bin/true twice
// counts twice the child instructions of one that runs it once, apart from
// the benchmark's own, and about what callgrind counts for /bin/true alone.
TEST(Subprocesses, TraceChildrenCountsTheChildrensInstructionsApart) {
    if (auto why = why_no_instruction_mode(); !why.empty()) GTEST_SKIP() << why;
    TempDir dir;
    auto r = run_command(quote(fixtures_suite) +
                             " --filter 'subprocess/children' --mode instructions --trace-children --no-memory "
                             "--json out.json",
                         dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    const auto run = read_json(dir.file("out.json"));
    const auto* once = find_result(run, "subprocess/children[runs=1]");
    const auto* twice = find_result(run, "subprocess/children[runs=2]");
    ASSERT_NE(once, nullptr);
    ASSERT_NE(twice, nullptr);
    const double child_once = (*once)["counters"].value("child_instructions", 0.0);
    const double child_twice = (*twice)["counters"].value("child_instructions", 0.0);
    ASSERT_GT(child_once, 10'000.0) << (*once)["counters"].dump();
    EXPECT_NEAR(child_twice / child_once, 2.0, 0.02) << child_once << " " << child_twice;
    // The benchmark's own count holds the spawning, not the child's work.
    EXPECT_LT((*once)["counters"]["instructions"].get<double>(), child_once) << (*once)["counters"].dump();
    EXPECT_NE(r.out.find("Child instr"), std::string::npos) << r.out;
    // /bin/true alone under callgrind, as the children ran.
    auto alone = run_command("valgrind -q --tool=callgrind --callgrind-out-file=" + dir.file("true.out") +
                                 " /bin/true && grep '^totals:' " + dir.file("true.out"),
                             dir.path());
    ASSERT_EQ(alone.exit_code, 0) << alone.err;
    const double true_alone = std::stod(alone.out.substr(alone.out.find(':') + 1));
    EXPECT_NEAR(child_once / true_alone, 1.0, 0.05) << child_once << " against " << true_alone;
    // Without instruction mode the flag is a usage error.
    auto bad = run_command(quote(fixtures_suite) + " --trace-children --filter 'subprocess/children'", dir.path());
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("--trace-children: works in instruction mode only"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("hint: add --mode instructions"), std::string::npos) << bad.err;
}

TEST(Subprocesses, GateOnSubprocessTime) {
    TempDir dir;
    const std::string args = " --filter 'subprocess/known' --max-time 0.05 --min-rounds 3 --warmup=0 --no-memory";
    auto saved = run_command(quote(fixtures_suite) + args + " --save base", dir.path());
    ASSERT_EQ(saved.exit_code, 0) << saved.err;
    // A limit no run can meet (time cannot shrink below zero) proves the metric is read and gated.
    auto gated = run_command(quote(fixtures_suite) + args + " --compare base --compare-fail subprocess_time:0ns",
                             dir.path());
    EXPECT_NE(gated.out.find("subprocess_time"), std::string::npos) << gated.out << gated.err;
    auto bad = run_command(quote(fixtures_suite) + args + " --compare base --compare-fail subprocess_time:5MiB",
                           dir.path());
    EXPECT_EQ(bad.exit_code, 2) << bad.err;
    EXPECT_NE(bad.err.find("subprocess_time is a time"), std::string::npos) << bad.err;
}

TEST(Markers, SlowAndIntegrationRunOnlyWhenAsked) {
    TempDir dir;
    auto by_default = run_command(quote(fixtures_suite) + " --list --filter marker/", dir.path());
    EXPECT_EQ(by_default.exit_code, 0) << by_default.err;
    EXPECT_EQ(by_default.out, "marker/plain  [net]\n");
    EXPECT_NE(by_default.err.find("pace: 2 benchmarks tagged slow or integration skipped (--tags all runs them)"),
              std::string::npos)
        << by_default.err;

    auto all = run_command(quote(fixtures_suite) + " --list --filter marker/ --tags all", dir.path());
    EXPECT_EQ(all.out, "marker/slow  [slow]\nmarker/integration  [integration net]\nmarker/plain  [net]\n");
    EXPECT_EQ(all.err, "");

    // Any expression replaces the default: "net" selects the integration one too.
    auto net = run_command(quote(fixtures_suite) + " --list --tags net", dir.path());
    EXPECT_EQ(net.out, "marker/integration  [integration net]\nmarker/plain  [net]\n");

    // An exact id asks for that benchmark.
    auto exact = run_command(quote(fixtures_suite) + " --list --filter marker/slow", dir.path());
    EXPECT_EQ(exact.out, "marker/slow  [slow]\n");

    // Only slow ones selected: an error that says why, with the way out.
    auto none = run_command(quote(fixtures_suite) + " --list --filter 'marker/(slow|integration)$'", dir.path());
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_NE(none.err.find("2 benchmarks tagged slow or integration skipped"), std::string::npos) << none.err;

    // pace.toml can ask for everything.
    dir.write("pace.toml", "[run]\ntags = \"all\"\n");
    auto configured = run_command(quote(fixtures_suite) + " --list --filter marker/", dir.path());
    EXPECT_EQ(configured.out, all.out);
}

TEST(Example, ShimmedToolAndLocalServerWithSubprocessAccounting) {
    TempDir dir;
    auto r = run_command(quote(outside_example) + " --tags all --max-time 0.2 --min-rounds 5 --warmup=0 --json out.json",
                         dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    for (const char* column : {"Spawns", "In subproc", "Subproc CPU", "Own"})
        EXPECT_NE(r.out.find(column), std::string::npos) << column << "\n" << r.out;
    const auto run = read_json(dir.file("out.json"));
    const auto* resolve = find_result(run, "resolve/uv_shim");
    ASSERT_NE(resolve, nullptr);
    // One popen of the shim a call, which waits at least its 2 ms.
    EXPECT_EQ((*resolve)["counters"]["subprocess_calls"], 1.0);
    EXPECT_GE((*resolve)["counters"]["subprocess_time"].get<double>(), 0.002);
    const auto* get = find_result(run, "index/get");
    ASSERT_NE(get, nullptr);
    EXPECT_FALSE(get->contains("counters") && (*get)["counters"].contains("subprocess_calls")) << get->dump();
    // Without --tags, the integration benchmarks are left out.
    auto quick = run_command(quote(outside_example) + " --list", dir.path());
    EXPECT_EQ(quick.out, "resolve/parse_only\n");
}

}  // namespace
}  // namespace pace::testing
