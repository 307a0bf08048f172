// SPDX-License-Identifier: Apache-2.0
// pace's definitions of the libc functions that start and reap processes.
// A benchmark binary links them before libc, so the code under test (and the
// libraries it uses) call these; each counts, then calls libc's own, found
// with dlsym(RTLD_NEXT). glibc's system() and popen() start their process
// through an internal posix_spawn that does not come here, so each is counted
// once, as itself. vfork is left alone: a wrapper's frame cannot be shared
// with the child it returns into.
#include <dlfcn.h>     // dlsym(RTLD_NEXT)
#include <spawn.h>     // posix_spawn
#include <stdio.h>     // popen, pclose
#include <stdlib.h>    // system
#include <sys/wait.h>  // waitpid, wait4
#include <unistd.h>    // fork

#include <array>   // the streams popen counted
#include <atomic>  // those streams, without a lock

#include "measure/subprocesses.hpp"
#include "pace/bench.hpp"  // detail::now_ns

namespace {

namespace sp = pace::measure::subprocesses;

template <class F>
F next(const char* name) {
    return reinterpret_cast<F>(::dlsym(RTLD_NEXT, name));
}

// popen's streams that a section counted, to finish them at pclose.
std::array<std::atomic<FILE*>, 64> counted_streams{};

}  // namespace

extern "C" {

pid_t fork() noexcept {
    static const auto real = next<pid_t (*)()>("fork");
    const std::int64_t since = pace::detail::now_ns();
    pid_t pid = real();
    if (pid > 0) sp::started(pid, since);
    return pid;
}

int posix_spawn(pid_t* pid, const char* path, const posix_spawn_file_actions_t* actions,
                const posix_spawnattr_t* attributes, char* const argv[], char* const envp[]) {
    using Fn = int (*)(pid_t*, const char*, const posix_spawn_file_actions_t*, const posix_spawnattr_t*,
                       char* const[], char* const[]);
    static const auto real = next<Fn>("posix_spawn");
    pid_t child = 0;
    const std::int64_t since = pace::detail::now_ns();
    int error = real(&child, path, actions, attributes, argv, envp);
    if (error == 0) sp::started(child, since);
    if (pid) *pid = child;
    return error;
}

int posix_spawnp(pid_t* pid, const char* file, const posix_spawn_file_actions_t* actions,
                 const posix_spawnattr_t* attributes, char* const argv[], char* const envp[]) {
    using Fn = int (*)(pid_t*, const char*, const posix_spawn_file_actions_t*, const posix_spawnattr_t*,
                       char* const[], char* const[]);
    static const auto real = next<Fn>("posix_spawnp");
    pid_t child = 0;
    const std::int64_t since = pace::detail::now_ns();
    int error = real(&child, file, actions, attributes, argv, envp);
    if (error == 0) sp::started(child, since);
    if (pid) *pid = child;
    return error;
}

int system(const char* command) {
    static const auto real = next<int (*)(const char*)>("system");
    // system(NULL) only asks whether a shell exists: it starts nothing.
    const bool counted = command && sp::started(0, pace::detail::now_ns());
    int status = real(command);
    if (counted) sp::finished_anonymous();
    return status;
}

FILE* popen(const char* command, const char* mode) {
    static const auto real = next<FILE* (*)(const char*, const char*)>("popen");
    const std::int64_t since = pace::detail::now_ns();
    FILE* stream = real(command, mode);
    if (stream && sp::started(0, since)) {
        for (auto& slot : counted_streams) {
            FILE* expected = nullptr;
            if (slot.compare_exchange_strong(expected, stream)) break;
        }
    }
    return stream;
}

int pclose(FILE* stream) {
    static const auto real = next<int (*)(FILE*)>("pclose");
    int status = real(stream);
    for (auto& slot : counted_streams) {
        FILE* expected = stream;
        if (slot.compare_exchange_strong(expected, nullptr)) {
            sp::finished_anonymous();
            break;
        }
    }
    return status;
}

pid_t waitpid(pid_t pid, int* status, int options) {
    static const auto real = next<pid_t (*)(pid_t, int*, int)>("waitpid");
    int local = 0;
    pid_t done = real(pid, status ? status : &local, options);
    const int s = status ? *status : local;
    if (done > 0 && (WIFEXITED(s) || WIFSIGNALED(s))) sp::reaped(done);
    return done;
}

pid_t wait(int* status) { return waitpid(-1, status, 0); }

pid_t wait4(pid_t pid, int* status, int options, struct rusage* usage) noexcept {
    static const auto real = next<pid_t (*)(pid_t, int*, int, struct rusage*)>("wait4");
    int local = 0;
    pid_t done = real(pid, status ? status : &local, options, usage);
    const int s = status ? *status : local;
    if (done > 0 && (WIFEXITED(s) || WIFSIGNALED(s))) sp::reaped(done);
    return done;
}

}  // extern "C"
