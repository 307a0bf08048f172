// SPDX-License-Identifier: Apache-2.0
#include "measure/ab_worker.hpp"

#include <unistd.h>  // read, write, _exit

#include <algorithm>  // std::min, std::max
#include <cerrno>     // EINTR
#include <cmath>      // std::ceil
#include <cstdio>     // std::sscanf
#include <cstdlib>    // std::getenv, unsetenv, std::strtoll

#include <fmt/format.h>  // replies

namespace pace::measure {

namespace {

struct Channel {
    int in = -1, out = -1;
    std::string buffer;
};

Channel& channel() {
    static Channel c = [] {
        Channel made;
        if (const char* spec = std::getenv("PACE_AB_WORKER"))
            if (std::sscanf(spec, "%d,%d", &made.in, &made.out) != 2) made.in = made.out = -1;
        // Read once and gone: a program the benchmark starts is not a worker.
        ::unsetenv("PACE_AB_WORKER");
        return made;
    }();
    return c;
}

// A worker whose driver is gone has no one to report to: it leaves at once,
// without running destructors of a benchmark caught in the middle.
[[noreturn]] void lost_driver() { ::_exit(3); }

void send(const std::string& line) {
    std::string text = line + "\n";
    const char* p = text.data();
    std::size_t left = text.size();
    while (left > 0) {
        ssize_t n = ::write(channel().out, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) lost_driver();
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

std::string receive() {
    Channel& c = channel();
    for (;;) {
        if (auto end = c.buffer.find('\n'); end != std::string::npos) {
            std::string line = c.buffer.substr(0, end);
            c.buffer.erase(0, end + 1);
            return line;
        }
        char chunk[512];
        ssize_t n = ::read(c.in, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) lost_driver();
        c.buffer.append(chunk, static_cast<std::size_t>(n));
    }
}

bool starts_with(const std::string& s, const char* prefix, std::string& rest) {
    const std::string p(prefix);
    if (s.compare(0, p.size(), p) != 0) return false;
    rest = s.substr(p.size());
    return true;
}

// Calls per sample for a sample of about target_ns. The first calls may be
// slow (cold caches, lazy initialisation): grow geometrically, then time the
// chosen count three times and size it on the fastest, so one slow call
// cannot leave every sample at one iteration.
std::int64_t calibrate(const Round& round, double target_ns) {
    std::int64_t n = 1;
    for (int step = 0; step < 64; ++step) {
        auto elapsed = static_cast<double>(round(n));
        if (elapsed >= target_ns) break;
        double factor = elapsed > 0 ? std::min(target_ns * 1.2 / elapsed, 10.0) : 10.0;
        n = std::max(n + 1, static_cast<std::int64_t>(std::ceil(static_cast<double>(n) * factor)));
    }
    double best = 1e300;
    for (int i = 0; i < 3; ++i) best = std::min(best, static_cast<double>(round(n)));
    if (best > 0) n = std::max<std::int64_t>(1, static_cast<std::int64_t>(std::ceil(static_cast<double>(n) * target_ns / best)));
    return n;
}

}  // namespace

bool ab_worker_active() { return channel().in >= 0; }

void serve_samples(const Round& round) {
    send("measuring");
    for (;;) {
        std::string line = receive(), rest;
        if (line == "end") return;
        if (starts_with(line, "calibrate ", rest)) {
            send(fmt::format("iterations {}", calibrate(round, std::strtod(rest.c_str(), nullptr))));
        } else if (starts_with(line, "sample ", rest)) {
            const std::int64_t n = std::max<std::int64_t>(1, std::strtoll(rest.c_str(), nullptr, 10));
            send(fmt::format("ns {}", round(n)));
        } else {
            send("error unknown request: " + line);
        }
    }
}

int serve_ab_worker(const std::vector<std::string>& ids, const std::function<Result(std::size_t)>& run) {
    send(fmt::format("pace-ab 1 {}", ids.size()));
    for (const std::string& id : ids) send("id " + id);
    send("ready");
    for (;;) {
        std::string line = receive(), rest;
        if (line == "quit") return 0;
        if (!starts_with(line, "run ", rest)) {
            send("error unknown request: " + line);
            continue;
        }
        auto it = std::find(ids.begin(), ids.end(), rest);
        if (it == ids.end()) {
            send("done failed no benchmark with this id in this build");
            continue;
        }
        Result r = run(static_cast<std::size_t>(it - ids.begin()));
        std::string message = r.message;
        for (char& ch : message)
            if (ch == '\n' || ch == '\r') ch = ' ';
        send(r.status == Status::failed ? "done failed " + message : "done ok");
    }
}

}  // namespace pace::measure
