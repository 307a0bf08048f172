// SPDX-License-Identifier: Apache-2.0
#include "ab/worker.hpp"

#include <fcntl.h>      // open, fcntl
#include <poll.h>       // poll
#include <sched.h>      // sched_setaffinity
#include <signal.h>     // kill, SIGKILL
#include <sys/prctl.h>  // PR_SET_PDEATHSIG
#include <sys/wait.h>   // waitpid
#include <unistd.h>     // fork, execv, pipe2, dup2

#include <cerrno>   // errno
#include <chrono>   // deadlines
#include <cstdlib>  // std::getenv, mkostemp
#include <cstring>  // std::strerror
#include <sstream>  // std::ostringstream
#include <thread>   // std::this_thread::sleep_for

#include <fmt/format.h>  // messages

namespace pace::ab {

namespace {

// The last `count` lines written to `fd` (the worker's output), for an error message.
std::string last_lines(int fd, std::size_t count) {
    const off_t size = ::lseek(fd, 0, SEEK_END);
    if (size <= 0) return "";
    const off_t from = size > 4096 ? size - 4096 : 0;
    std::string text(static_cast<std::size_t>(size - from), '\0');
    const ssize_t got = ::pread(fd, text.data(), text.size(), from);
    text.resize(got > 0 ? static_cast<std::size_t>(got) : 0);
    std::vector<std::string> lines;
    std::string line;
    std::istringstream stream(text);
    while (std::getline(stream, line))
        if (!line.empty()) lines.push_back(line);
    std::string out;
    for (std::size_t i = lines.size() > count ? lines.size() - count : 0; i < lines.size(); ++i)
        out += (out.empty() ? "" : " | ") + lines[i];
    return out;
}

std::string describe_status(int status) {
    if (WIFEXITED(status)) return fmt::format("exited with status {}", WEXITSTATUS(status));
    if (WIFSIGNALED(status))
        return fmt::format("was killed by signal {} ({})", WTERMSIG(status), strsignal(WTERMSIG(status)));
    return "ended";
}

}  // namespace

InputError Worker::error(const std::string& message) const {
    std::string output = output_fd_ < 0 ? "" : last_lines(output_fd_, 4);
    return InputError{
        side_ + " " + binary_, "", message,
        output.empty() ? "is it a pace benchmark binary (linked with pace::main)?" : "its last output: " + output};
}

std::optional<InputError> Worker::start(const std::vector<std::string>& args, int cpu) {
    if (::access(binary_.c_str(), X_OK) != 0)
        return InputError{side_ + " " + binary_, "", std::string("cannot run it: ") + std::strerror(errno),
                          "give the path of a benchmark binary built with pace"};
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/pace-ab-XXXXXX";
    int output = ::mkostemp(pattern.data(), O_CLOEXEC);
    if (output < 0) return InputError{"", "", std::string("cannot make a temporary file: ") + std::strerror(errno), ""};
    // Unlinked at once: the worker writes to it and the driver reads it through
    // their descriptors, and nothing is left in /tmp whatever ends pace.
    ::unlink(pattern.c_str());
    output_fd_ = output;
    int commands[2], replies[2];
    if (::pipe2(commands, O_CLOEXEC) != 0 || ::pipe2(replies, O_CLOEXEC) != 0) {
        return InputError{"", "", std::string("cannot make a pipe: ") + std::strerror(errno), ""};
    }
    const pid_t parent = ::getpid();
    pid_t pid = ::fork();
    if (pid < 0) {
        return InputError{"", "", std::string("cannot start a process: ") + std::strerror(errno), ""};
    }
    if (pid == 0) {
        // The worker dies with its driver, whatever ends the driver (Ctrl-C included).
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(126);
        // Move the pipe ends above 4 first, so the dup2 below never meets its own target.
        int in = ::fcntl(commands[0], F_DUPFD, 10), out = ::fcntl(replies[1], F_DUPFD, 10);
        int null = ::open("/dev/null", O_RDONLY);
        if (in < 0 || out < 0 || null < 0 || ::dup2(null, 0) < 0 || ::dup2(output, 1) < 0 || ::dup2(output, 2) < 0 ||
            ::dup2(in, 3) < 0 || ::dup2(out, 4) < 0)
            ::_exit(126);
        ::setenv("PACE_AB_WORKER", "3,4", 1);
        if (cpu >= 0) {
            cpu_set_t set;
            CPU_ZERO(&set);
            CPU_SET(cpu, &set);
            ::sched_setaffinity(0, sizeof set, &set);  // best effort: an unpinned worker still works
        }
        std::vector<char*> argv;
        argv.push_back(binary_.data());
        for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(binary_.c_str(), argv.data());
        std::string message = std::string("cannot execute: ") + std::strerror(errno) + "\n";
        (void)!::write(2, message.data(), message.size());
        ::_exit(127);
    }
    pid_ = pid;
    ::close(commands[0]);
    ::close(replies[1]);
    to_worker_ = commands[1];
    from_worker_ = replies[0];
    return std::nullopt;
}

std::optional<InputError> Worker::send(const std::string& line) {
    std::string text = line + "\n";
    std::size_t done = 0;
    while (done < text.size()) {
        ssize_t n = ::write(to_worker_, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            auto reaped = read_line(1.0);  // learns how it ended
            return error(reaped ? "stopped listening" : reaped.error().message);
        }
        done += static_cast<std::size_t>(n);
    }
    return std::nullopt;
}

Outcome<std::string> Worker::read_line(double timeout_s) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    for (;;) {
        if (auto end = buffer_.find('\n'); end != std::string::npos) {
            std::string line = buffer_.substr(0, end);
            buffer_.erase(0, end + 1);
            return line;
        }
        if (buffer_.size() > 65536) return error("wrote a line longer than 64 KiB: not a pace worker's answer");
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            InputError hung = error(fmt::format("did not answer within {:g} s (hung?); it was stopped", timeout_s));
            kill_now();
            return hung;
        }
        pollfd p{from_worker_, POLLIN, 0};
        int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count(), 1000)));
        if (ready < 0 && errno != EINTR) return error(std::string("poll: ") + std::strerror(errno));
        if (ready <= 0) continue;
        char chunk[4096];
        ssize_t n = ::read(from_worker_, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            int status = 0;
            if (pid_ > 0 && ::waitpid(pid_, &status, 0) == pid_) {
                exit_description_ = describe_status(status);
                pid_ = -1;
            }
            return error(exit_description_.empty() ? "closed its pipe"
                                                   : exit_description_ + " in the middle of the run");
        }
        buffer_.append(chunk, static_cast<std::size_t>(n));
    }
}

Outcome<std::string> Worker::request(const std::string& line, double timeout_s) {
    if (auto e = send(line)) return *e;
    return read_line(timeout_s);
}

void Worker::stop() {
    if (pid_ > 0) {
        (void)send("quit");
        for (int i = 0; i < 100 && pid_ > 0; ++i) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                pid_ = -1;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    kill_now();
}

void Worker::kill_now() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        exit_description_ = describe_status(status);
        pid_ = -1;
    }
    for (int* fd : {&to_worker_, &from_worker_, &output_fd_})
        if (*fd >= 0) {
            ::close(*fd);
            *fd = -1;
        }
}

}  // namespace pace::ab
