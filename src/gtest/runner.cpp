// SPDX-License-Identifier: Apache-2.0
// GoogleTest tests as pace benchmarks. Linked into a GoogleTest binary, this
// adds an event listener; a run with --pace (or a process a pace run started
// again) hands the tests gtest selected to pace::run_main, one benchmark per
// test, and exits; any other run is GoogleTest's own.
//
// Each test of a benchmark runs inside GoogleTest's TestInfo::Run, so that
// UnitTest::current_test_info() names it as during a test run. The listener's
// OnTestStart does the measuring there: every call builds the fixture,
// calls SetUp(), times TestBody() alone, calls TearDown() and deletes the
// fixture. GoogleTest's own run of the test that follows is skipped.
#include <cstdio>       // std::fflush
#include <cstdlib>      // std::exit, std::getenv, setenv
#include <exception>    // std::exception_ptr: an error of the measuring, rethrown outside gtest's frames
#include <filesystem>   // read_symlink: which executable a child of --processes is
#include <string>       // messages
#include <vector>       // the tests registered, the arguments

#include <gtest/gtest-spi.h>  // ScopedFakeTestPartResultReporter: each call's failures and skips
#include <gtest/gtest.h>      // UnitTest, TestInfo, TestEventListener

#include "measure/bench_state.hpp"  // BenchState, BenchAccess: the runner's record behind a Bench
#include "pace/bench.hpp"           // the measuring primitives (run_rounds, memory pass)
#include "pace/registry.hpp"        // register_benchmark
#include "pace/run.hpp"             // run_main

/// Named by pace_gtest_benchmarks() (-Wl,--undefined), so that the linker
/// takes this file out of libpace_gtest.a though nothing else refers to it.
extern "C" const char pace_gtest_runner_linked[] = "pace-gtest-runner";

namespace {

// GoogleTest keeps private what a runner of single test bodies needs: the
// fixture's factory, SetUp/TestBody/TearDown, TestInfo::Run and a suite's
// SetUpTestSuite. Naming a private member in an explicit instantiation is
// allowed ([temp.spec.general]/6); the friend function hands the pointer out.
template <class Tag, typename Tag::type Member>
struct Expose {
    friend typename Tag::type exposed(Tag) { return Member; }
};

struct FactoryOf {
    using type = testing::internal::TestFactoryBase* const testing::TestInfo::*;
    friend type exposed(FactoryOf);
};
struct SetUpOf {
    using type = void (testing::Test::*)();
    friend type exposed(SetUpOf);
};
struct TestBodyOf {
    using type = void (testing::Test::*)();
    friend type exposed(TestBodyOf);
};
struct TearDownOf {
    using type = void (testing::Test::*)();
    friend type exposed(TearDownOf);
};
struct RunOf {
    using type = void (testing::TestInfo::*)();
    friend type exposed(RunOf);
};
struct SuiteSetUpOf {
    using type = void (testing::TestSuite::*)();
    friend type exposed(SuiteSetUpOf);
};
struct SuiteTearDownOf {
    using type = void (testing::TestSuite::*)();
    friend type exposed(SuiteTearDownOf);
};

template struct Expose<FactoryOf, &testing::TestInfo::factory_>;
template struct Expose<SetUpOf, &testing::Test::SetUp>;
template struct Expose<TestBodyOf, &testing::Test::TestBody>;
template struct Expose<TearDownOf, &testing::Test::TearDown>;
template struct Expose<RunOf, &testing::TestInfo::Run>;
template struct Expose<SuiteSetUpOf, &testing::TestSuite::RunSetUpTestSuite>;
template struct Expose<SuiteTearDownOf, &testing::TestSuite::RunTearDownTestSuite>;

using pace::detail::BenchState;

/// Names this executable to the processes a run starts again (--processes,
/// --mode instructions): they run in pace mode without --pace on their
/// command line. A GoogleTest binary a test starts is another executable.
constexpr const char* mode_variable = "PACE_GTEST_EXECUTABLE";

struct Test {
    testing::TestSuite* suite = nullptr;
    testing::TestInfo* info = nullptr;
};

/// Ends the rounds when a call failed or skipped.
struct Ended {};

/// What one call of a test reported.
struct Call {
    std::int64_t body_ns = 0;
    bool failed = false, skipped = false;
    std::string message;
};

/// The test being measured: OnTestStart finds it here.
struct Job {
    BenchState* state = nullptr;
    const Test* test = nullptr;
    std::exception_ptr error;
};

struct Runner {
    std::vector<Test> tests;  ///< by the index the benchmark's name maps to
    std::vector<std::string> names;
    Job* job = nullptr;
    testing::TestSuite* open_suite = nullptr;  ///< the suite whose SetUpTestSuite ran last
    std::string suite_failure;                 ///< what its SetUpTestSuite reported
    bool pace_mode = false;
    bool ran = false;
};

Runner& runner() {
    static Runner r;
    return r;
}

std::string self_executable() {
    std::error_code ec;
    auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::string() : path.string();
}

// The failures and skips of a call, as pace reports them: a failure is the
// file, line and GoogleTest's message of each failed assertion.
void judge(const testing::TestPartResultArray& parts, Call& call) {
    for (int i = 0; i < parts.size(); ++i) {
        const testing::TestPartResult& part = parts.GetTestPartResult(i);
        if (part.failed()) {
            if (!call.failed) call.message.clear();
            call.failed = true;
            if (!call.message.empty()) call.message += "\n";
            if (part.file_name()) call.message += std::string(part.file_name()) + ":" + std::to_string(part.line_number()) + ": ";
            call.message += part.summary();
        } else if (part.skipped() && !call.failed) {
            call.skipped = true;
            call.message = part.message();
        }
    }
}

bool stops(const testing::TestPartResultArray& parts) {
    for (int i = 0; i < parts.size(); ++i)
        if (parts.GetTestPartResult(i).fatally_failed() || parts.GetTestPartResult(i).skipped()) return true;
    return false;
}

// GoogleTest's words for an exception out of a test's function.
template <class F>
void guarded(const char* where, F&& f) {
    try {
        f();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "C++ exception with description \"" << e.what() << "\" thrown in " << where << ".";
    } catch (...) {
        ADD_FAILURE() << "Unknown C++ exception thrown in " << where << ".";
    }
}

enum class Use { timed, memory, test };

// One call of the test: fixture, SetUp, the body (timed, or tracked by the
// memory pass), TearDown, the fixture deleted. Only the body is measured.
Call call_test(const Test& test, BenchState& state, Use use) {
    Call call;
    testing::TestPartResultArray parts;
    {
        testing::ScopedFakeTestPartResultReporter reporter(
            testing::ScopedFakeTestPartResultReporter::INTERCEPT_ALL_THREADS, &parts);
        testing::Test* fixture = nullptr;
        testing::internal::TestFactoryBase* factory = test.info->*exposed(FactoryOf{});
        guarded("the test fixture's constructor", [&] { fixture = factory->CreateTest(); });
        if (fixture && !stops(parts)) {
            guarded("SetUp()", [&] { (fixture->*exposed(SetUpOf{}))(); });
            // As GoogleTest: the body runs unless SetUp failed fatally or skipped.
            if (!stops(parts)) {
                const bool tracking = use == Use::memory && pace::detail::memory_pass_begin(state);
                if (use == Use::timed) pace::detail::section_begin(state);
                const std::int64_t start = pace::detail::now_ns();
                guarded("the test body", [&] { (fixture->*exposed(TestBodyOf{}))(); });
                call.body_ns = pace::detail::now_ns() - start;
                if (use == Use::timed) pace::detail::section_end(state);
                if (tracking) pace::detail::memory_pass_end(state);
            }
            guarded("TearDown()", [&] { (fixture->*exposed(TearDownOf{}))(); });
        }
        guarded("the test fixture's destructor", [&] { delete fixture; });
    }
    judge(parts, call);
    return call;
}

void record(BenchState& state, const Call& call) {
    if (call.failed) {
        state.result.status = pace::Status::failed;
        state.result.message = call.message;
    } else if (call.skipped) {
        state.result.status = pace::Status::skipped;
        state.result.message = call.message;
        state.result.time.reset();
        state.result.memory.reset();
    }
}

// The measurement of one test, from inside GoogleTest's run of it.
void measure_test(Job& job) {
    BenchState& state = *job.state;
    const Test& test = *job.test;
    pace::detail::begin_measurement(state, "GoogleTest");
    state.section_per_call = true;
    if (pace::detail::test_mode(state)) {
        record(state, call_test(test, state, Use::test));
        return;
    }
    Call last;
    auto round = [&](std::int64_t iterations) -> std::int64_t {
        std::int64_t total = 0;
        // Instruction mode counts a round of no calls for the section's own
        // cost (an empty section, as each call's is around its body) and
        // subtracts it from a round of one.
        if (iterations == 0) {
            pace::detail::section_begin(state);
            [[maybe_unused]] const std::int64_t start = pace::detail::now_ns();
            [[maybe_unused]] const std::int64_t end = pace::detail::now_ns();
            pace::detail::section_end(state);
        }
        for (std::int64_t i = 0; i < iterations; ++i) {
            last = call_test(test, state, Use::timed);
            if (last.failed || last.skipped) throw Ended{};
            total += last.body_ns;
        }
        return total;
    };
    try {
        pace::detail::run_rounds(state, &round, &pace::detail::call_round<decltype(round)>);
    } catch (const Ended&) {
        record(state, last);
        return;
    }
    // The memory pass: one more call, tracked over the body only.
    record(state, call_test(test, state, Use::memory));
}

class Listener : public testing::EmptyTestEventListener {
public:
    void OnTestProgramStart(const testing::UnitTest& unit) override;
    void OnEnvironmentsSetUpEnd(const testing::UnitTest&) override { run_and_exit(); }
    // No test selected: GoogleTest sets up no environment; pace still runs
    // (and says that the selection is empty).
    void OnTestProgramEnd(const testing::UnitTest&) override { run_and_exit(); }
    void OnTestStart(const testing::TestInfo& info) override;

private:
    static void run_and_exit();
};

// SetUpTestSuite of the test's suite, once for a row of its tests (pace
// runs them in GoogleTest's order); the previous suite is torn down first.
void open_suite(testing::TestSuite* suite) {
    Runner& r = runner();
    if (r.open_suite == suite) return;
    {
        // What a TearDownTestSuite reports belongs to no benchmark.
        testing::TestPartResultArray ignored;
        testing::ScopedFakeTestPartResultReporter reporter(
            testing::ScopedFakeTestPartResultReporter::INTERCEPT_ALL_THREADS, &ignored);
        if (r.open_suite) guarded("TearDownTestSuite()", [&] { (r.open_suite->*exposed(SuiteTearDownOf{}))(); });
    }
    r.open_suite = suite;
    r.suite_failure.clear();
    if (!suite) return;
    testing::TestPartResultArray parts;
    {
        testing::ScopedFakeTestPartResultReporter reporter(
            testing::ScopedFakeTestPartResultReporter::INTERCEPT_ALL_THREADS, &parts);
        guarded("SetUpTestSuite()", [&] { (suite->*exposed(SuiteSetUpOf{}))(); });
    }
    Call call;
    judge(parts, call);
    if (call.failed) r.suite_failure = "SetUpTestSuite() of " + std::string(suite->name()) + ": " + call.message;
}

// The body of every pace benchmark made from a test.
void run_test(pace::Bench& bench) {
    BenchState& state = pace::detail::BenchAccess::state(bench);
    Runner& r = runner();
    std::size_t index = 0;
    while (index < r.names.size() && r.names[index] != state.spec->name) ++index;
    const Test& test = r.tests.at(index);
    open_suite(test.suite);
    if (!r.suite_failure.empty()) {
        state.result.status = pace::Status::failed;
        state.result.message = r.suite_failure;
        return;
    }
    Job job{&state, &test, nullptr};
    r.job = &job;
    (test.info->*exposed(RunOf{}))();
    r.job = nullptr;
    if (job.error) std::rethrow_exception(job.error);
}

void Listener::OnTestStart(const testing::TestInfo& info) {
    Runner& r = runner();
    if (!r.job || r.job->test->info != &info) return;
    try {
        measure_test(*r.job);
    } catch (...) {
        r.job->error = std::current_exception();
    }
    // GoogleTest's own run of the test, next in TestInfo::Run, is skipped:
    // the test ran above. (Its fixture is still built once more and deleted.)
    testing::internal::AssertHelper(testing::TestPartResult::kSkip, __FILE__, __LINE__, "measured by pace") =
        testing::Message();
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

void Listener::OnTestProgramStart(const testing::UnitTest& unit) {
    Runner& r = runner();
    const std::vector<std::string> args = testing::internal::GetArgvs();
    for (std::size_t i = 1; i < args.size(); ++i)
        if (args[i] == "--pace") r.pace_mode = true;
    if (const char* exe = std::getenv(mode_variable); exe && *exe && exe == self_executable()) r.pace_mode = true;
    if (!r.pace_mode) return;
    // pace prints the results; GoogleTest's printers stay silent.
    testing::TestEventListeners& listeners = testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
    delete listeners.Release(listeners.default_xml_generator());
    // The tests GoogleTest selected (--gtest_filter, DISABLED_, sharding),
    // each a benchmark named as GoogleTest names it, tagged and grouped by its suite.
    for (int s = 0; s < unit.total_test_suite_count(); ++s) {
        auto* suite = const_cast<testing::TestSuite*>(unit.GetTestSuite(s));
        for (int t = 0; t < suite->total_test_count(); ++t) {
            auto* info = const_cast<testing::TestInfo*>(suite->GetTestInfo(t));
            if (!info->should_run()) continue;
            r.tests.push_back({suite, info});
            pace::detail::BenchmarkSpec spec;
            spec.name = std::string(info->test_suite_name()) + "." + info->name();
            spec.body = &run_test;
            spec.file = info->file();
            spec.line = info->line();
            spec.group = info->test_suite_name();
            spec.tags.push_back(info->test_suite_name());
#if defined(__OPTIMIZE__)
            spec.optimized = true;
#endif
            r.names.push_back(spec.name);
            pace::detail::register_benchmark(std::move(spec));
        }
    }
}

void Listener::run_and_exit() {
    Runner& r = runner();
    if (!r.pace_mode || r.ran) return;
    r.ran = true;
    // pace's flags for run_main: GoogleTest's, and --pace, are not its.
    std::vector<std::string> args;
    for (const std::string& a : testing::internal::GetArgvs())
        if (a != "--pace" && !starts_with(a, "--gtest_") && !starts_with(a, "-gtest_")) args.push_back(a);
    if (args.empty()) args.emplace_back("gtest");
    // The processes a run starts again get the selection from the environment.
    const std::string self = self_executable();
    if (!self.empty()) ::setenv(mode_variable, self.c_str(), 1);
    ::setenv("GTEST_FILTER", GTEST_FLAG_GET(filter).c_str(), 1);
    if (GTEST_FLAG_GET(also_run_disabled_tests)) ::setenv("GTEST_ALSO_RUN_DISABLED_TESTS", "1", 1);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int code = pace::run_main(static_cast<int>(args.size()), argv.data());
    open_suite(nullptr);
    std::fflush(stdout);
    std::fflush(stderr);
    // Global environments are not torn down: GoogleTest's loop over the
    // suites, which would do it, is never reached.
    std::exit(code);
}

struct Install {
    Install() { testing::UnitTest::GetInstance()->listeners().Append(new Listener); }
} install;

}  // namespace
