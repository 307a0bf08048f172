// SPDX-License-Identifier: Apache-2.0
// Benchmarks that use fixtures, for the end-to-end tests of their lifetimes:
// each fixture writes what happens to it into the file named by PACE_FIXTURE_LOG.
#include <pace/pace.hpp>

#include <cstdlib>    // std::getenv
#include <fstream>    // the log
#include <stdexcept>  // std::runtime_error
#include <string>     // std::string
#include <vector>     // std::vector

namespace {

void log(const std::string& line) {
    if (const char* path = std::getenv("PACE_FIXTURE_LOG")) std::ofstream(path, std::ios::app) << line << "\n";
}

pace::Fixture<std::vector<int>> numbers(
    "numbers", pace::Lifetime::run,
    [] {
        log("numbers setup");
        return std::vector<int>{1, 2, 3, 4};
    },
    [](std::vector<int>&) { log("numbers teardown"); });

pace::Fixture<int> database("database", pace::Lifetime::run, []() -> int {
    log("database setup");
    throw std::runtime_error("no database on this machine");
});

pace::Fixture<std::string> scratch(
    "scratch", pace::Lifetime::benchmark,
    [] {
        log("scratch setup");
        return std::string("scratch");
    },
    [](std::string&) { log("scratch teardown"); });

int sum(const std::vector<int>& v) {
    int total = 0;
    for (int x : v) total += x;
    return total;
}

}  // namespace

PACE_BENCH("fixture/sum") {
    const auto& v = bench.use(numbers);
    PACE_CHECK(bench.measure([&] { return sum(v); }) == 10);
}

PACE_BENCH("fixture/throws") {
    const auto& v = bench.use(numbers);
    bench.measure([&] { return sum(v); });
    throw std::runtime_error("the body threw");
}

PACE_BENCH("fixture/database") {
    int connection = bench.use(database);
    bench.measure([&] { return connection; });
}

PACE_BENCH("fixture/database_again") {
    int connection = bench.use(database);
    bench.measure([&] { return connection; });
}

PACE_BENCH("fixture/scratch") {
    const std::string& s = bench.use(scratch);
    bench.measure([&] { return s.size(); });
}

PACE_BENCH("fixture/unrelated") {
    bench.measure([] { return 1; });
}

// Runs until interrupted: says so in the log once the fixture is up.
PACE_BENCH("fixture/endless", pace::tags("manual")) {
    const auto& v = bench.use(numbers);
    log("endless measuring");
    pace::Pedantic plan;
    plan.rounds = 1'000'000'000;
    plan.iterations = 1000;
    bench.pedantic([&] { return sum(v); }, plan);
}

// ---- a local server ----

#include <spawn.h>       // posix_spawnp: calls of a shimmed tool
#include <sys/socket.h>  // a plain HTTP GET
#include <sys/wait.h>    // waitpid
#include <netinet/in.h>  // sockaddr_in
#include <arpa/inet.h>   // htons
#include <unistd.h>      // fork, execlp, close

#include <chrono>  // shim delays
#include <cstdio>  // popen

extern char** environ;

namespace {

pace::Service http("http", pace::Lifetime::run,
                   {.command = {"python3", "-m", "http.server", "{port}", "--bind", "{host}"},
                    .environment = {{"PACE_TEST_INDEX_URL", "{url}/simple"}}});

// Never accepts a connection: prints, then sleeps past the timeout.
pace::Service mute("mute", pace::Lifetime::run,
                   {.command = {"sh", "-c", "echo starting on port {port}; echo port is busy >&2; sleep 30"},
                    .startup_timeout = std::chrono::milliseconds(500)});

pace::Service quitter("quitter", pace::Lifetime::run,
                      {.command = {"sh", "-c", "echo cannot bind >&2; exit 3"}});

// The status line of GET / from 127.0.0.1:port.
std::string get_status(int port) {
    int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    std::string reply;
    if (::connect(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
        const std::string request = "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
        if (::write(s, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
            char buffer[512];
            ssize_t got = ::read(s, buffer, sizeof buffer);
            if (got > 0) reply.assign(buffer, static_cast<std::size_t>(got));
        }
    }
    ::close(s);
    return reply.substr(0, reply.find('\r'));
}

}  // namespace

PACE_BENCH("service/http") {
    const pace::Endpoint& e = bench.use(http);
    log("http pid " + std::to_string(e.pid) + " port " + std::to_string(e.port));
    const char* url = std::getenv("PACE_TEST_INDEX_URL");
    PACE_CHECK(url && std::string(url) == e.url + "/simple");
    const char* no_proxy = std::getenv("no_proxy");
    PACE_CHECK(no_proxy && std::string(no_proxy).find("127.0.0.1") != std::string::npos);
    auto status = bench.measure([&] { return get_status(e.port); });
    PACE_CHECK(status == "HTTP/1.0 200 OK");
}

PACE_BENCH("service/mute") {
    bench.use(mute);
    bench.measure([] { return 1; });
}

PACE_BENCH("service/quitter") {
    bench.use(quitter);
    bench.measure([] { return 1; });
}

// Runs until interrupted, with the server up.
PACE_BENCH("service/endless", pace::tags("manual")) {
    const pace::Endpoint& e = bench.use(http);
    log("http pid " + std::to_string(e.pid));
    log("endless measuring");
    pace::Pedantic plan;
    plan.rounds = 1'000'000'000;
    bench.pedantic([&] { return get_status(e.port); }, plan);
}

// ---- shims and subprocess accounting ----

namespace {

// One call of the shimmed tool, as code under test would make it.
int call_tool(const char* name) {
    char* argv[] = {const_cast<char*>(name), const_cast<char*>("--version"), nullptr};
    pid_t pid = 0;
    if (::posix_spawnp(&pid, name, nullptr, nullptr, argv, environ) != 0) return -1;
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

PACE_BENCH("shim/delay", pace::dim("delay_ms", {0, 10})) {
    const auto delay = std::chrono::milliseconds(bench.dim<int>("delay_ms"));
    auto tool = pace::shim("pace-test-tool", {.delay = delay, .exit_code = 7});
    PACE_CHECK(bench.measure([] { return call_tool("pace-test-tool"); }) == 7);
    PACE_CHECK(tool.calls() >= 1);
}

PACE_BENCH("shim/output") {
    const std::string path_before = std::getenv("PATH");
    {
        auto tool = pace::shim("pace-test-tool", {.stdout_text = "Resolved 3 packages\n", .exit_code = 0});
        PACE_CHECK(std::string(std::getenv("PATH")).rfind(tool.path().substr(0, tool.path().rfind('/')) + ":", 0) == 0);
        auto out = bench.measure([] {
            std::string text;
            FILE* p = ::popen("pace-test-tool resolve", "r");
            char buffer[128];
            while (p && std::fgets(buffer, sizeof buffer, p)) text += buffer;
            int status = p ? ::pclose(p) : -1;
            return std::pair{text, status};
        });
        PACE_CHECK(out.first == "Resolved 3 packages\n");
        PACE_CHECK(out.second == 0);
    }
    PACE_CHECK(std::getenv("PATH") == path_before);  // the shim is off PATH again
}

// Four processes a call, one of each kind pace counts.
PACE_BENCH("subprocess/known") {
    auto tool = pace::shim("pace-test-tool", {});
    bench.measure([] {
        int total = call_tool("pace-test-tool");              // posix_spawnp
        total += std::system("pace-test-tool");               // system
        FILE* p = ::popen("pace-test-tool", "r");              // popen
        total += p ? ::pclose(p) : 1;
        pid_t pid = ::fork();                                  // fork
        if (pid == 0) {
            ::execlp("pace-test-tool", "pace-test-tool", static_cast<char*>(nullptr));
            ::_exit(127);
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        return total + status;
    });
}

#include <linux/futex.h>  // FUTEX_WAIT: the end of a clone'd thread
#include <linux/sched.h>  // struct clone_args for clone3
#include <sched.h>        // clone and its flags
#include <signal.h>       // SIGCHLD
#include <sys/syscall.h>  // SYS_clone, SYS_clone3, SYS_futex

#include <string>  // the kind of spawn

namespace {

alignas(64) char process_stack[64 * 1024];
alignas(64) char thread_stack[64 * 1024];

int exit_at_once(void*) { ::_exit(0); }
int thread_body(void*) { return 0; }  // glibc's clone ends the thread with the exit system call

int reap(long pid) {
    int status = -1;
    if (pid > 0) ::waitpid(static_cast<pid_t>(pid), &status, 0);
    return status;
}

// One process of the given kind, or one thread ("clone_thread"); 0 when the
// child exited with 0.
int spawn_one(const std::string& kind) {
    char* top = process_stack + sizeof process_stack;
    if (kind == "vfork") {
        pid_t pid = ::vfork();
        if (pid == 0) ::_exit(0);
        return reap(pid);
    }
    if (kind == "clone") return reap(::clone(exit_at_once, top, SIGCHLD, nullptr));
    if (kind == "clone_vfork") return reap(::clone(exit_at_once, top, CLONE_VM | CLONE_VFORK | SIGCHLD, nullptr));
    if (kind == "syscall_clone") {
        long pid = ::syscall(SYS_clone, SIGCHLD, 0L, 0L, 0L, 0L);
        if (pid == 0) ::_exit(0);
        return reap(pid);
    }
    if (kind == "clone3") {
        clone_args args{};
        args.exit_signal = SIGCHLD;
        long pid = ::syscall(SYS_clone3, &args, sizeof args);
        if (pid == 0) ::_exit(0);
        return reap(pid);
    }
    // A thread: shares this process, so it is not a process started.
    pid_t tid = 0;
    const int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM |
                      CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID;
    if (::clone(thread_body, thread_stack + sizeof thread_stack, flags, nullptr, &tid, nullptr, &tid) < 0) return -1;
    // The kernel clears tid and wakes it when the thread has left its stack.
    for (pid_t t; (t = __atomic_load_n(&tid, __ATOMIC_ACQUIRE)) != 0;)
        ::syscall(SYS_futex, &tid, FUTEX_WAIT, t, nullptr, nullptr, 0);
    return 0;
}

}  // namespace

// One process a call of each kind beyond the four above (none for a thread).
PACE_BENCH("subprocess/kind",
           pace::dim("kind", {"vfork", "clone", "clone_vfork", "syscall_clone", "clone3", "clone_thread"})) {
    const std::string kind = bench.dim<std::string>("kind");
    PACE_CHECK(bench.measure([&] { return spawn_one(kind); }) == 0);
}

// A known child a known number of times a call: instruction mode with
// --trace-children counts /bin/true's instructions once or twice per call.
PACE_BENCH("subprocess/children", pace::dim("runs", {1, 2})) {
    const int runs = bench.dim<int>("runs");
    bench.measure([runs] {
        int failures = 0;
        for (int i = 0; i < runs; ++i) {
            char* argv[] = {const_cast<char*>("/bin/true"), nullptr};
            pid_t pid = 0;
            if (::posix_spawn(&pid, "/bin/true", nullptr, nullptr, argv, environ) != 0) return -1;
            failures += reap(pid) != 0;
        }
        return failures;
    });
}

#include <algorithm>  // std::nth_element

// The shim's delay as a caller sees it: calls of a 0 ms and a 10 ms shim,
// taking turns so a change in the machine's load hits both alike; the
// difference of their medians is the delay. Saved in extra_info.
PACE_BENCH("shim/delay_check") {
    auto fast = pace::shim("pace-tool-0ms", {});
    auto slow = pace::shim("pace-tool-10ms", {.delay = std::chrono::milliseconds(10)});
    std::vector<double> t0, t10;
    auto time_call = [](const char* name) {
        auto start = std::chrono::steady_clock::now();
        call_tool(name);
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    for (int i = 0; i < 41; ++i) {
        t0.push_back(time_call("pace-tool-0ms"));
        t10.push_back(time_call("pace-tool-10ms"));
    }
    auto median = [](std::vector<double> v) {
        std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
        return v[v.size() / 2];
    };
    bench.info("median_0ms", median(t0));
    bench.info("median_10ms", median(t10));
    bench.info("delay", median(t10) - median(t0));
    bench.measure([] { return 0; });
}

// ---- markers: left out of the default selection ----

PACE_BENCH("marker/slow", pace::tags("slow")) {
    bench.measure([] { return 1; });
}

PACE_BENCH("marker/integration", pace::tags("integration", "net")) {
    bench.measure([] { return 1; });
}

PACE_BENCH("marker/plain", pace::tags("net")) {
    bench.measure([] { return 1; });
}
