// SPDX-License-Identifier: Apache-2.0
#include "cmd/process.hpp"

#include <fcntl.h>         // O_RDWR
#include <poll.h>          // poll on the child's pidfd
#include <signal.h>        // kill, SIGKILL
#include <spawn.h>         // posix_spawnp
#include <sys/resource.h>  // struct rusage
#include <sys/syscall.h>   // SYS_pidfd_open
#include <sys/wait.h>      // wait4
#include <unistd.h>        // environ, close

#include <cerrno>   // errno
#include <chrono>   // the wall clock of a run
#include <cstring>  // std::strerror
#include <thread>   // the polling fallback without pidfd

namespace pace::cmd {

namespace {

double seconds(const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; }

// Waits for the child until the deadline. A pidfd lets poll() wake the moment
// it ends, so the timeout costs nothing to a run that finishes; where the
// kernel has no pidfd (before 5.3), a 1 ms polling loop would add up to 1 ms
// to the wall time, so it is used only when a timeout was asked for.
bool wait_until(pid_t pid, double timeout_s) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
    const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) break;
        if (pidfd >= 0) {
            pollfd p{pidfd, POLLIN, 0};
            const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count() + 1, 1 << 30)));
            if (n > 0) {
                ::close(pidfd);
                return true;
            }
            if (n < 0 && errno != EINTR) break;
        } else {
            siginfo_t info{};
            if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid)
                return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    if (pidfd >= 0) ::close(pidfd);
    return false;
}

}  // namespace

ProcessRun run_process(const std::vector<std::string>& argv, double timeout_s, Start how) {
    ProcessRun out;
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    // posix_spawn rather than fork: glibc starts the child with CLONE_VFORK,
    // so it runs at once on the parent's CPU while the parent waits. After a
    // fork() the child may queue behind other work for a CPU of its own, which
    // on a busy machine added milliseconds to a 1 ms command. glibc also
    // reports a failed exec as the return value, so a missing program is told
    // apart from one that exits 127.
    posix_spawn_file_actions_t files;
    posix_spawnattr_t attributes;
    ::posix_spawn_file_actions_init(&files);
    ::posix_spawnattr_init(&attributes);
    for (int fd : {0, 1, 2}) ::posix_spawn_file_actions_addopen(&files, fd, "/dev/null", O_RDWR, 0);
    // Its own process group, so a timeout kills what it started too.
    ::posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    ::posix_spawnattr_setpgroup(&attributes, 0);
    pid_t pid = 0;
    const auto start = std::chrono::steady_clock::now();
    int spawned = 0;
    if (how == Start::fork) {
        // Failing to exec shows as exit 127 here; the timed runs, started with
        // posix_spawn, are the ones that tell a missing program apart.
        pid = ::fork();
        if (pid == 0) {
            ::setpgid(0, 0);
            const int null = ::open("/dev/null", O_RDWR);
            if (null >= 0) {
                ::dup2(null, 0);
                ::dup2(null, 1);
                ::dup2(null, 2);
            }
            ::execvp(args[0], args.data());
            ::_exit(127);
        }
        if (pid < 0) spawned = errno;
    } else {
        spawned = ::posix_spawnp(&pid, args[0], &files, &attributes, args.data(), environ);
    }
    ::posix_spawn_file_actions_destroy(&files);
    ::posix_spawnattr_destroy(&attributes);
    if (spawned != 0) {
        out.not_started = true;
        out.exit_code = 127;
        out.error = std::strerror(spawned);
        return out;
    }
    if (timeout_s > 0 && !wait_until(pid, timeout_s)) {
        ::kill(-pid, SIGKILL);
        ::kill(pid, SIGKILL);
        out.timed_out = true;
    }
    int status = 0;
    rusage usage{};
    while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    const auto end = std::chrono::steady_clock::now();
    out.wall_s = std::chrono::duration<double>(end - start).count();
    out.user_s = seconds(usage.ru_utime);
    out.system_s = seconds(usage.ru_stime);
    out.max_rss_bytes = static_cast<std::int64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
    out.voluntary_switches = usage.ru_nvcsw;
    out.involuntary_switches = usage.ru_nivcsw;
    if (WIFEXITED(status)) out.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) {
        out.signal = WTERMSIG(status);
        out.exit_code = 128 + out.signal;
    }
    return out;
}

}  // namespace pace::cmd
