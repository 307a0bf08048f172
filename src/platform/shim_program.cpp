// SPDX-License-Identifier: Apache-2.0
// A shim is this very program under another name. Its start-up code below
// recognises the name and plays the shim, so nothing needs compiling or
// interpreting when a shim is made or run. Every program linked with pace
// (benchmark binaries and the pace command) carries it.
#include "platform/shim_program.hpp"

#include <errno.h>   // program_invocation_name
#include <fcntl.h>   // open
#include <limits.h>  // PATH_MAX
#include <stdlib.h>  // mkdtemp, realpath, setenv
#include <time.h>    // clock_gettime, clock_nanosleep
#include <unistd.h>  // symlink, access, write, _exit

#include <cstdio>        // std::sscanf
#include <cstring>       // std::strerror
#include <filesystem>    // the count file's size
#include <fstream>       // the description file
#include <system_error>  // std::error_code

namespace pace::platform {

namespace {

constexpr const char* spec_suffix = ".pace-shim";
constexpr const char* calls_suffix = ".calls";

// The directory the running program was found in: argv[0]'s own when it has
// a slash, else the first PATH entry holding an executable of that name (as
// execvp looked it up).
std::string invoked_directory(const std::string& invoked, std::string& name) {
    std::size_t slash = invoked.rfind('/');
    if (slash != std::string::npos) {
        name = invoked.substr(slash + 1);
        return invoked.substr(0, slash);
    }
    name = invoked;
    const char* path = std::getenv("PATH");
    if (!path) return "";
    std::string entries = path;
    std::size_t start = 0;
    while (start <= entries.size()) {
        std::size_t end = entries.find(':', start);
        if (end == std::string::npos) end = entries.size();
        std::string dir = entries.substr(start, end - start);
        if (dir.empty()) dir = ".";
        if (::access((dir + "/" + name).c_str(), X_OK) == 0) return dir;
        start = end + 1;
    }
    return "";
}

// Runs before main() in every program linked with pace. When the program was
// started as a shim (a description beside the name it was started by), it
// does what that says and exits; otherwise it costs one failed open().
bool act_as_shim_if_asked() {
    timespec start{};
    ::clock_gettime(CLOCK_MONOTONIC, &start);
    if (!program_invocation_name) return false;
    std::string name;
    std::string dir = invoked_directory(program_invocation_name, name);
    if (dir.empty() || name.empty()) return false;
    const std::string base = dir + "/" + name;
    int fd = ::open((base + spec_suffix).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    std::string spec;
    char buffer[4096];
    for (ssize_t got; (got = ::read(fd, buffer, sizeof buffer)) > 0;) spec.append(buffer, static_cast<std::size_t>(got));
    ::close(fd);
    // The description: the delay in ns, a newline, the exit code, a newline, stdout.
    long long delay_ns = 0;
    int exit_code = 0;
    int consumed = 0;
    if (std::sscanf(spec.c_str(), "%lld\n%d\n%n", &delay_ns, &exit_code, &consumed) < 2) return false;
    const std::string out = spec.substr(static_cast<std::size_t>(consumed));
    for (std::size_t written = 0; written < out.size();) {
        ssize_t w = ::write(1, out.data() + written, out.size() - written);
        if (w <= 0) break;
        written += static_cast<std::size_t>(w);
    }
    int counter = ::open((base + calls_suffix).c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (counter >= 0) {
        ssize_t ignored = ::write(counter, "x", 1);
        (void)ignored;
        ::close(counter);
    }
    // An absolute deadline from the start: the reading and writing above
    // are inside the delay, not added to it.
    timespec deadline = start;
    deadline.tv_sec += static_cast<time_t>(delay_ns / 1'000'000'000);
    deadline.tv_nsec += static_cast<long>(delay_ns % 1'000'000'000);
    if (deadline.tv_nsec >= 1'000'000'000) {
        deadline.tv_nsec -= 1'000'000'000;
        ++deadline.tv_sec;
    }
    while (::clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, nullptr) == EINTR) {
    }
    ::_exit(exit_code);  // nothing of the program runs
}

[[maybe_unused]] const bool started_as_shim = act_as_shim_if_asked();

}  // namespace

std::optional<std::string> make_shim_directory(std::string& dir) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/pace-shim-XXXXXX";
    if (!::mkdtemp(pattern.data())) return "cannot make a directory in " + pattern + ": " + std::strerror(errno);
    dir = pattern;
    return std::nullopt;
}

std::optional<std::string> install_shim(const std::string& dir, const std::string& name,
                                        const ShimBehaviour& behaviour) {
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..")
        return "\"" + name + "\" is not a program name (no slash, not empty)";
    char self[PATH_MAX];
    if (!::realpath("/proc/self/exe", self)) return std::string("cannot find this program: ") + std::strerror(errno);
    const std::string base = dir + "/" + name;
    if (::symlink(self, base.c_str()) != 0) return "cannot make " + base + ": " + std::strerror(errno);
    std::ofstream spec(base + spec_suffix, std::ios::binary);
    spec << behaviour.delay_ns << "\n" << behaviour.exit_code << "\n" << behaviour.stdout_text;
    spec.close();
    if (!spec) return "cannot write " + base + spec_suffix;
    return std::nullopt;
}

std::int64_t shim_calls(const std::string& dir, const std::string& name) {
    std::error_code ec;
    auto size = std::filesystem::file_size(dir + "/" + name + calls_suffix, ec);
    return ec ? 0 : static_cast<std::int64_t>(size);
}

void prepend_to_path(const std::string& dir) {
    const char* path = std::getenv("PATH");
    std::string entries = dir + (path && *path ? ":" + std::string(path) : "");
    ::setenv("PATH", entries.c_str(), 1);
}

void remove_from_path(const std::string& dir) {
    const char* path = std::getenv("PATH");
    if (!path) return;
    std::string entries = path, kept;
    bool removed = false, first = true;
    for (std::size_t start = 0; start <= entries.size();) {
        std::size_t end = entries.find(':', start);
        if (end == std::string::npos) end = entries.size();
        std::string entry = entries.substr(start, end - start);
        start = end + 1;
        if (!removed && entry == dir) {
            removed = true;
            continue;
        }
        kept += (first ? "" : ":") + entry;
        first = false;
    }
    ::setenv("PATH", kept.c_str(), 1);
}

}  // namespace pace::platform
