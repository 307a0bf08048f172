// SPDX-License-Identifier: Apache-2.0
#include "platform/child_process.hpp"

#include <arpa/inet.h>   // htonl, htons
#include <fcntl.h>       // open, O_TMPFILE
#include <netinet/in.h>  // sockaddr_in
#include <signal.h>      // kill, SIGTERM, SIGKILL
#include <sys/prctl.h>   // PR_SET_PDEATHSIG
#include <sys/socket.h>  // socket, bind, connect
#include <sys/stat.h>    // fstat
#include <sys/wait.h>    // waitpid
#include <unistd.h>      // fork, execvp, pipe

#include <atomic>   // the registry of children, read by a signal handler
#include <cerrno>   // errno
#include <cstdlib>  // std::getenv
#include <cstring>  // std::strerror
#include <thread>   // std::this_thread::sleep_for

namespace pace::platform {

namespace {

// Children not yet stopped, by pid (0: a free slot). Atomics, so a signal
// handler may read them.
constexpr int max_children = 32;
std::atomic<int> registered[max_children];

void remember(int pid) {
    for (auto& slot : registered) {
        int expected = 0;
        if (slot.compare_exchange_strong(expected, pid)) return;
    }
}

void forget(int pid) {
    for (auto& slot : registered) {
        int expected = pid;
        if (slot.compare_exchange_strong(expected, 0)) return;
    }
}

int temporary_output_file() {
    const char* dir = std::getenv("TMPDIR");
    std::string where = dir && *dir ? dir : "/tmp";
    // Unlinked from the start: nothing is left behind, whatever happens.
    int fd = ::open(where.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0) return fd;
    std::string path = where + "/pace-child-XXXXXX";
    fd = ::mkostemp(path.data(), O_CLOEXEC);
    if (fd >= 0) ::unlink(path.c_str());
    return fd;
}

}  // namespace

Outcome<int> pick_free_port() {
    int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) return InputError{"", "", std::string("cannot open a socket: ") + std::strerror(errno), ""};
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (::bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(s, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        std::string why = std::strerror(errno);
        ::close(s);
        return InputError{"", "", "cannot find a free port on 127.0.0.1: " + why, ""};
    }
    ::close(s);
    return static_cast<int>(ntohs(address.sin_port));
}

Outcome<Child> start_child(const std::vector<std::string>& argv) {
    if (argv.empty()) return InputError{"", "", "no command to start", "give the program and its arguments"};
    int out = temporary_output_file();
    if (out < 0) return InputError{"", "", std::string("cannot make a file for the output: ") + std::strerror(errno), ""};
    // The child reports a failed exec through this pipe (closed on a good exec).
    int report[2];
    if (::pipe2(report, O_CLOEXEC) != 0) {
        ::close(out);
        return InputError{"", "", std::string("cannot make a pipe: ") + std::strerror(errno), ""};
    }
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0) {
        ::close(out);
        ::close(report[0]);
        ::close(report[1]);
        return InputError{"", "", std::string("cannot fork: ") + std::strerror(errno), ""};
    }
    if (pid == 0) {
        // Only async-signal-safe calls from here to exec.
        ::setpgid(0, 0);
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(127);  // pace died before prctl
        int null = ::open("/dev/null", O_RDONLY);
        if (null >= 0) ::dup2(null, 0);
        ::dup2(out, 1);
        ::dup2(out, 2);
        ::execvp(args[0], args.data());
        int error = errno;
        ssize_t ignored = ::write(report[1], &error, sizeof error);
        (void)ignored;
        ::_exit(127);
    }
    ::setpgid(pid, pid);  // also here: the parent may signal the group before the child ran
    ::close(report[1]);
    int error = 0;
    ssize_t got;
    do got = ::read(report[0], &error, sizeof error);
    while (got < 0 && errno == EINTR);
    ::close(report[0]);
    if (got == static_cast<ssize_t>(sizeof error)) {
        ::waitpid(pid, nullptr, 0);
        ::close(out);
        return InputError{"", "", "cannot start \"" + argv[0] + "\": " + std::strerror(error),
                          "check that the program is installed and on PATH"};
    }
    remember(pid);
    return Child{pid, out};
}

bool accepts_connections(int port) {
    int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) return false;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(s);
    return ok;
}

std::optional<int> exited(Child& child) {
    if (child.pid <= 0) return 0;
    int status = 0;
    pid_t r = ::waitpid(child.pid, &status, WNOHANG);
    if (r != child.pid) return std::nullopt;
    forget(child.pid);
    child.pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void stop_child(Child& child, std::chrono::milliseconds grace) {
    if (child.pid > 0) {
        ::kill(-child.pid, SIGTERM);
        const auto deadline = std::chrono::steady_clock::now() + grace;
        bool gone = false;
        while (!gone) {
            int status = 0;
            pid_t r = ::waitpid(child.pid, &status, WNOHANG);
            if (r == child.pid || (r < 0 && errno == ECHILD)) {
                gone = true;
                break;
            }
            if (std::chrono::steady_clock::now() >= deadline) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        // Anything left of the group (the server's own children too) goes now.
        ::kill(-child.pid, SIGKILL);
        if (!gone) ::waitpid(child.pid, nullptr, 0);
        forget(child.pid);
        child.pid = -1;
    }
    if (child.output_fd >= 0) {
        ::close(child.output_fd);
        child.output_fd = -1;
    }
}

std::string last_lines(const Child& child, int count) {
    if (child.output_fd < 0) return "";
    struct stat info {};
    if (::fstat(child.output_fd, &info) != 0) return "";
    constexpr off_t tail = 8192;
    off_t from = info.st_size > tail ? info.st_size - tail : 0;
    std::string text(static_cast<std::size_t>(info.st_size - from), '\0');
    ssize_t got = ::pread(child.output_fd, text.data(), text.size(), from);
    text.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    std::size_t start = text.size();
    for (int lines = 0; lines < count; ++lines) {
        std::size_t newline = start == 0 ? std::string::npos : text.rfind('\n', start - 1);
        if (newline == std::string::npos) return text;
        start = newline;
    }
    return text.substr(start + 1);
}

void kill_registered_children() {
    for (auto& slot : registered) {
        int pid = slot.load();
        if (pid > 0) ::kill(-pid, SIGKILL);
    }
}

}  // namespace pace::platform
