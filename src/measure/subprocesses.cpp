// SPDX-License-Identifier: Apache-2.0
#include "measure/subprocesses.hpp"

#include <sys/resource.h>  // getrusage(RUSAGE_CHILDREN)

#include <algorithm>  // std::find, std::max
#include <array>      // the pids being followed
#include <atomic>     // whether a section is open
#include <mutex>      // the hooks may run on any thread

#include "pace/bench.hpp"  // detail::now_ns: the clock of every measurement

namespace pace::measure::subprocesses {

namespace {

struct State {
    std::mutex mutex;
    std::atomic<bool> open{false};
    int running = 0;             // started in a section and not yet finished
    std::int64_t running_since = 0;
    std::array<int, 256> pids{};  // of the running ones libc told us
    Figures totals;
    std::int64_t section_start = 0;
    std::int64_t cpu_at_start = 0;
};

State& state() {
    static State s;
    return s;
}

std::int64_t children_cpu_ns() {
    rusage usage{};
    ::getrusage(RUSAGE_CHILDREN, &usage);
    auto ns = [](const timeval& t) { return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_usec * 1000; };
    return ns(usage.ru_utime) + ns(usage.ru_stime);
}

void one_fewer(State& s) {
    if (s.running == 0) return;
    if (--s.running == 0 && s.open) s.totals.waiting_ns += detail::now_ns() - s.running_since;
}

}  // namespace

void section_begin() {
    State& s = state();
    std::lock_guard lock(s.mutex);
    s.cpu_at_start = children_cpu_ns();
    s.section_start = detail::now_ns();
    // Children still running from an earlier round count from here on.
    if (s.running) s.running_since = s.section_start;
    s.open = true;
}

void section_end() {
    State& s = state();
    std::lock_guard lock(s.mutex);
    const std::int64_t now = detail::now_ns();
    s.open = false;
    if (s.running) s.totals.waiting_ns += now - s.running_since;
    s.totals.elapsed_ns += now - s.section_start;
    s.totals.cpu_ns += children_cpu_ns() - s.cpu_at_start;
}

Figures take() {
    State& s = state();
    std::lock_guard lock(s.mutex);
    Figures out = s.totals;
    s.totals = {};
    return out;
}

bool started(int pid, std::int64_t since_ns) {
    State& s = state();
    if (!s.open) return false;
    std::lock_guard lock(s.mutex);
    if (!s.open) return false;
    ++s.totals.spawned;
    // A start requested before the section opened counts from its opening.
    if (s.running++ == 0) s.running_since = std::max(since_ns, s.section_start);
    if (pid > 0) {
        auto free = std::find(s.pids.begin(), s.pids.end(), 0);
        if (free != s.pids.end()) *free = pid;
    }
    return true;
}

void reaped(int pid) {
    if (pid <= 0) return;
    State& s = state();
    std::lock_guard lock(s.mutex);
    auto it = std::find(s.pids.begin(), s.pids.end(), pid);
    if (it == s.pids.end()) return;  // not one a section started
    *it = 0;
    one_fewer(s);
}

void finished_anonymous() {
    State& s = state();
    std::lock_guard lock(s.mutex);
    one_fewer(s);
}

}  // namespace pace::measure::subprocesses
