// SPDX-License-Identifier: Apache-2.0
// `--mode instructions` outside valgrind: the binary runs itself again under
// callgrind, and that child does the whole run.
#include <signal.h>    // sigaction: the parent ignores Ctrl-C while the child handles it
#include <spawn.h>     // posix_spawn
#include <sys/personality.h>  // ADDR_NO_RANDOMIZE: a fixed address layout for the child
#include <sys/wait.h>  // waitpid
#include <unistd.h>    // access, readlink, mkdtemp

#include <cerrno>      // errno, EINTR
#include <cstdlib>     // std::getenv, mkdtemp
#include <cstring>     // std::strerror
#include <filesystem>  // std::filesystem: the dump directory
#include <string>      // std::string
#include <string_view>  // std::string_view: matching flags
#include <vector>      // std::vector

#include "counters/instruction_counter.hpp"
#include "platform/environment.hpp"  // self_arguments: the words after the executable

extern char** environ;  // NOLINT: POSIX declares it nowhere in a header

namespace pace::counters {

namespace {

namespace fs = std::filesystem;

const char* const install_hint =
    "install the Debian package `valgrind` (sudo apt-get install valgrind), or set PACE_VALGRIND to the "
    "valgrind executable";

bool executable_file(const std::string& path) {
    std::error_code ec;
    return fs::is_regular_file(path, ec) && ::access(path.c_str(), X_OK) == 0;
}

Outcome<std::string> find_valgrind() {
    if (const char* chosen = std::getenv("PACE_VALGRIND"); chosen && *chosen) {
        if (executable_file(chosen)) return std::string(chosen);
        return InputError{"PACE_VALGRIND", "", "\"" + std::string(chosen) + "\" is not an executable file",
                          install_hint};
    }
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        std::size_t end = dirs.find(':', start);
        if (end == std::string::npos) end = dirs.size();
        std::string dir = dirs.substr(start, end - start);
        std::string candidate = (dir.empty() ? std::string(".") : dir) + "/valgrind";
        if (executable_file(candidate)) return candidate;
        start = end + 1;
    }
    return InputError{"--mode instructions", "",
                      "valgrind is not installed (no `valgrind` on PATH); instruction mode counts instructions "
                      "under valgrind's callgrind",
                      install_hint};
}

// The binary itself, by the kernel's account: argv[0] may be a bare name
// found on PATH or relative to a directory the user has since left.
std::string own_executable(const char* argv0) {
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string(argv0) : exe.string();
}

// The child's exit status as a shell reports it.
int exit_code_of(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 1;
}

}  // namespace

Outcome<int> run_under_valgrind(int argc, char** argv) {
    auto valgrind = find_valgrind();
    if (!valgrind) return valgrind.error();

    std::string dir_template = (fs::temp_directory_path() / "pace-callgrind-XXXXXX").string();
    if (!::mkdtemp(dir_template.data()))
        return InputError{"--mode instructions", "",
                          "cannot make a directory for callgrind's dumps (" + dir_template + "): " + std::strerror(errno),
                          "set TMPDIR to a writable directory"};
    const std::string dump_dir = dir_template;
    const std::string out_file = dump_dir + "/callgrind.out.%p";

    // Options, and why each:
    //   -q                      valgrind's banner would mix with the table
    //   --instr-atstart=no      setup, calibration and pace's own work run
    //                           uninstrumented (several times faster); only
    //                           the measured sections switch instrumentation on
    //   --dump-instr=no         per-instruction costs make each dump larger
    //                           and are not needed for a total
    //   --callgrind-out-file    a private directory: dumps of concurrent runs
    //                           cannot mix, and all are removed afterwards
    std::vector<std::string> args = {*valgrind,
                                     "-q",
                                     "--tool=callgrind",
                                     "--instr-atstart=no",
                                     "--dump-instr=no",
                                     "--callgrind-out-file=" + out_file,
                                     own_executable(argv[0])};
    for (const std::string& word : platform::self_arguments()) args.push_back(word);  // `pace workloads`
    for (int i = 1; i < argc; ++i) args.emplace_back(argv[i]);
    //   --trace-children=yes    (asked for) valgrind follows every exec; each
    //   --instr-atstart=yes     child runs instrumented from its start, as it
    //                           has no client requests; the benchmark's own
    //                           sections still zero the counts they report
    bool trace_children = false;
    for (int i = 1; i < argc; ++i) trace_children = trace_children || std::string_view(argv[i]) == "--trace-children";
    if (trace_children) {
        args[3] = "--instr-atstart=yes";
        args.insert(args.begin() + 5, "--trace-children=yes");
    }

    // The child finds its dumps through this variable, not by parsing its command line.
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e)
        if (std::string_view(*e).rfind("PACE_CALLGRIND_OUT_FILE=", 0) != 0 &&
            std::string_view(*e).rfind("PACE_TRACE_CHILDREN=", 0) != 0)
            env.emplace_back(*e);
    env.push_back("PACE_CALLGRIND_OUT_FILE=" + out_file);
    if (trace_children) env.push_back("PACE_TRACE_CHILDREN=1");

    std::vector<char*> child_argv, child_env;
    for (auto& a : args) child_argv.push_back(a.data());
    child_argv.push_back(nullptr);
    for (auto& e : env) child_env.push_back(e.data());
    child_env.push_back(nullptr);

    // Like system(3): while the child runs, Ctrl-C is the child's to handle;
    // the parent waits, then cleans up and reports the child's status.
    struct sigaction ignore {}, old_int{}, old_quit{};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    ::sigaction(SIGINT, &ignore, &old_int);
    ::sigaction(SIGQUIT, &ignore, &old_quit);

    // An ignored signal stays ignored across exec: give the child the defaults back.
    posix_spawnattr_t attributes;
    ::posix_spawnattr_init(&attributes);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGQUIT);
    ::posix_spawnattr_setsigdefault(&attributes, &defaults);
    ::posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);

    // Address-space randomisation changes instruction counts by a few in a
    // million from run to run (memcpy and memmove take alignment-dependent
    // paths; hash tables keyed on pointers probe differently), so the child
    // runs with it off, as `setarch -R` would. The personality is inherited at
    // spawn; the parent's own layout is fixed already and is not affected. If
    // the kernel or a seccomp filter refuses, counts are still close to exact.
    int old_personality = ::personality(0xffffffff);
    bool fixed_layout = old_personality != -1 &&
                        ::personality(static_cast<unsigned long>(old_personality) | ADDR_NO_RANDOMIZE) != -1;

    pid_t pid = 0;
    int spawn_error =
        ::posix_spawn(&pid, args[0].c_str(), nullptr, &attributes, child_argv.data(), child_env.data());
    ::posix_spawnattr_destroy(&attributes);
    if (fixed_layout) ::personality(static_cast<unsigned long>(old_personality));
    int status = 0;
    if (spawn_error == 0)
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }

    ::sigaction(SIGINT, &old_int, nullptr);
    ::sigaction(SIGQUIT, &old_quit, nullptr);
    std::error_code ec;
    fs::remove_all(dump_dir, ec);

    if (spawn_error != 0)
        return InputError{"--mode instructions", "",
                          "cannot start " + args[0] + ": " + std::strerror(spawn_error), install_hint};
    return exit_code_of(status);
}

}  // namespace pace::counters
