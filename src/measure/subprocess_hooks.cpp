// SPDX-License-Identifier: Apache-2.0
// pace's definitions of the libc functions that start and reap processes.
// A benchmark binary links them before libc, so the code under test (and the
// libraries it uses) call these; each counts, then calls libc's own, found
// with dlsym(RTLD_NEXT). glibc's system() and popen() start their process
// through an internal posix_spawn that does not come here, so each is counted
// once, as itself; pthread_create and posix_spawn reach the kernel's clone
// through glibc's internal __clone, not through clone(), so threads and
// spawns are not counted twice. clone(), and clone, clone3, fork and vfork
// through syscall(), count a process unless CLONE_THREAD makes it a thread.
// vfork is written in assembly (at the end), because its child returns into
// the caller's frame.
#include <dlfcn.h>        // dlsym(RTLD_NEXT)
#include <errno.h>        // errno, for vfork's failure
#include <linux/sched.h>  // struct clone_args: clone3's flags
#include <sched.h>        // clone, CLONE_THREAD
#include <spawn.h>        // posix_spawn
#include <stdarg.h>       // clone's and syscall's variable arguments
#include <stdio.h>        // popen, pclose
#include <stdlib.h>       // system
#include <sys/syscall.h>  // SYS_clone, SYS_clone3, SYS_fork, SYS_vfork
#include <sys/wait.h>     // waitpid, wait4
#include <unistd.h>       // fork, vfork, syscall

#include <array>   // the streams popen counted
#include <atomic>  // those streams, without a lock

#include "measure/subprocesses.hpp"
#include "pace/bench.hpp"  // detail::now_ns

#define PACE_STRINGIFY_(x) #x
#define PACE_STRINGIFY(x) PACE_STRINGIFY_(x)

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

// A process made by clone unless it is a thread of this one.
int clone(int (*fn)(void*), void* stack, int flags, void* arg, ...) noexcept {
    using Fn = int (*)(int (*)(void*), void*, int, void*, pid_t*, void*, pid_t*);
    static const auto real = next<Fn>("clone");
    // The optional arguments, read whether or not they were passed, as
    // glibc's own clone does: it looks at them only when the flags ask.
    va_list more;
    va_start(more, arg);
    pid_t* parent_tid = va_arg(more, pid_t*);
    void* tls = va_arg(more, void*);
    pid_t* child_tid = va_arg(more, pid_t*);
    va_end(more);
    const std::int64_t since = pace::detail::now_ns();
    const int pid = real(fn, stack, flags, arg, parent_tid, tls, child_tid);
    if (pid > 0 && !(flags & CLONE_THREAD)) sp::started(pid, since);
    return pid;
}

// syscall() reaches the kernel's process calls without libc's wrappers:
// clone, clone3, fork and vfork are counted here, the rest passed through.
// Six arguments are read whatever the call, as glibc's syscall does: past
// the ones passed that reads the caller's frame, harmless and never used,
// which AddressSanitizer would report, so it does not check this function.
__attribute__((no_sanitize("address"))) long syscall(long number, ...) noexcept {
    // Not a function-local static: its guard waits with syscall(SYS_futex)
    // when two threads meet it, which would come back here.
    using Fn = long (*)(long, ...);
    static std::atomic<Fn> resolved{nullptr};
    Fn real = resolved.load(std::memory_order_acquire);
    if (!real) {
        real = next<Fn>("syscall");
        resolved.store(real, std::memory_order_release);
    }
    va_list args;
    va_start(args, number);
    long a[6];
    for (long& v : a) v = va_arg(args, long);
    va_end(args);
    bool process = false;
    if (number == SYS_clone)
        process = !(static_cast<unsigned long>(a[0]) & CLONE_THREAD);
    else if (number == SYS_clone3)
        process = a[0] && !(reinterpret_cast<const clone_args*>(a[0])->flags & CLONE_THREAD);
#ifdef SYS_fork
    else if (number == SYS_fork)
        process = true;
#endif
#ifdef SYS_vfork
    else if (number == SYS_vfork)
        process = true;
#endif
    if (!process) return real(number, a[0], a[1], a[2], a[3], a[4], a[5]);
    const std::int64_t since = pace::detail::now_ns();
    const long pid = real(number, a[0], a[1], a[2], a[3], a[4], a[5]);
    if (pid > 0) sp::started(static_cast<int>(pid), since);
    return pid;
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

// ---- vfork ----
// The child of vfork runs on the parent's stack until it execs or exits, and
// returns from vfork into the caller's frame: a wrapper that keeps anything
// on the stack across the system call finds it overwritten by the child. So
// vfork is a few instructions, as glibc's is: the clock is read before the
// call, the return address and the clock are kept in registers the kernel
// preserves, and only the parent, once the child has left its stack, calls
// into C to count.
extern "C" {

std::int64_t pace_vfork_clock() noexcept { return pace::detail::now_ns(); }

pid_t pace_vfork_started(pid_t pid, std::int64_t since) noexcept {
    sp::started(pid, since);
    return pid;
}

pid_t pace_vfork_failed(int error) noexcept {
    errno = error;
    return -1;
}

}  // extern "C"

#if defined(__x86_64__) && !defined(__SANITIZE_ADDRESS__)
// rdi keeps the return address and rsi the clock across the syscall (which
// clobbers rcx and r11 only); the child returns 0 straight to the caller.
asm(R"(
    .text
    .globl vfork
    .type vfork, @function
vfork:
    .cfi_startproc
    subq $8, %rsp
    .cfi_adjust_cfa_offset 8
    call pace_vfork_clock@PLT
    addq $8, %rsp
    .cfi_adjust_cfa_offset -8
    movq %rax, %rsi
    popq %rdi
    .cfi_adjust_cfa_offset -8
    .cfi_register %rip, %rdi
    movl $)" PACE_STRINGIFY(SYS_vfork) R"(, %eax
    syscall
    pushq %rdi
    .cfi_adjust_cfa_offset 8
    .cfi_rel_offset %rip, 0
    cmpq $-4095, %rax
    jae 2f
    testq %rax, %rax
    jz 1f
    movl %eax, %edi
    subq $8, %rsp
    .cfi_adjust_cfa_offset 8
    call pace_vfork_started@PLT
    addq $8, %rsp
    .cfi_adjust_cfa_offset -8
1:
    ret
2:
    negl %eax
    movl %eax, %edi
    jmp pace_vfork_failed@PLT
    .cfi_endproc
    .size vfork, .-vfork
)");
#else
// AddressSanitizer keeps its own vfork, which this definition would hide,
// and other architectures are not written out: there vfork is counted and
// made a fork, which a correct vfork caller (the child only execs or exits)
// cannot tell apart, at the cost of copying the page tables.
extern "C" pid_t vfork() noexcept { return fork(); }
#endif
