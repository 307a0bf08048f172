// SPDX-License-Identifier: Apache-2.0
#include "platform/environment.hpp"

#include <sys/utsname.h>  // uname
#include <sys/wait.h>     // WEXITSTATUS
#include <unistd.h>       // gethostname

#include <array>    // std::array
#include <chrono>   // std::chrono::system_clock
#include <cstdio>   // popen
#include <ctime>    // gmtime_r
#include <fstream>  // /proc/cpuinfo
#include <thread>   // std::thread::hardware_concurrency

namespace pace::platform {

namespace {

std::string cpu_model_name() {
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line)) {
        if (line.rfind("model name", 0) == 0) {
            auto colon = line.find(':');
            if (colon != std::string::npos) {
                std::string name = line.substr(colon + 1);
                name.erase(0, name.find_first_not_of(" \t"));
                return name;
            }
        }
    }
    return {};
}

// Runs a command with its stderr discarded; the output with the trailing newline cut.
std::optional<std::string> command_output(const std::string& command) {
    FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
    if (!pipe) return std::nullopt;
    std::string out;
    std::array<char, 256> buffer{};
    while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
    int status = pclose(pipe);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return std::nullopt;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

}  // namespace

MachineInfo current_machine(bool optimized, bool asserts) {
    MachineInfo m;
    utsname u{};
    if (uname(&u) == 0) {
        m.node = u.nodename;
        m.system = u.sysname;
        m.release = u.release;
        m.machine = u.machine;
    }
    m.cpu_model = cpu_model_name();
    m.cores = static_cast<int>(std::thread::hardware_concurrency());
#if defined(__clang__)
    m.compiler = std::string("clang ") + __clang_version__;
#elif defined(__GNUC__)
    m.compiler = std::string("gcc ") + __VERSION__;
#else
    m.compiler = "unknown";
#endif
    m.build_type = optimized ? (asserts ? "optimized, asserts on" : "release") : "debug (not optimized)";
    return m;
}

CommitInfo current_commit(const std::string& dir) {
    CommitInfo c;
    std::string git = "git -C " + shell_quote(dir) + " ";
    auto id = command_output(git + "rev-parse HEAD");
    if (!id) return c;
    c.id = *id;
    if (auto branch = command_output(git + "rev-parse --abbrev-ref HEAD")) c.branch = *branch;
    if (auto time = command_output(git + "log -1 --format=%cI")) c.time = *time;
    if (auto status = command_output(git + "status --porcelain --untracked-files=no")) c.dirty = !status->empty();
    return c;
}

std::string utc_now_iso8601() {
    auto now = std::chrono::system_clock::now();
    std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1'000'000;
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%06lld+00:00", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<long long>(micros));
    return buffer;
}

namespace {
std::vector<std::string>& self_words() {
    static std::vector<std::string> words;
    return words;
}
}  // namespace

void set_self_arguments(std::vector<std::string> words) { self_words() = std::move(words); }
const std::vector<std::string>& self_arguments() { return self_words(); }

}  // namespace pace::platform
