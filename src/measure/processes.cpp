// SPDX-License-Identifier: Apache-2.0
#include "measure/processes.hpp"

#include <fcntl.h>     // open
#include <spawn.h>     // posix_spawn
#include <sys/wait.h>  // waitpid
#include <unistd.h>    // close

#include <algorithm>   // std::sort, std::find_if
#include <cerrno>      // errno, EINTR
#include <cstdlib>     // std::getenv, unsetenv, mkdtemp
#include <cstring>     // std::strerror
#include <filesystem>  // std::filesystem: the children's result files
#include <fstream>     // std::ifstream
#include <iterator>    // std::istreambuf_iterator
#include <map>         // std::map: results by id

#include <fmt/format.h>  // messages

#include "measure/engine.hpp"  // median_precision
#include "model/json_format.hpp"
#include "platform/environment.hpp"  // self_arguments: the words after the executable
#include "stats/descriptive.hpp"  // describe, median_of_sorted

extern char** environ;  // NOLINT: POSIX declares it nowhere in a header

namespace pace::measure {

namespace {

namespace fs = std::filesystem;

std::string read_all(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The last lines a child printed, to end an error with.
std::string tail(const std::string& text, std::size_t lines = 8) {
    std::size_t end = text.size();
    while (end > 0 && text[end - 1] == '\n') --end;
    std::size_t start = end;
    for (std::size_t n = 0; start > 0 && n < lines; --start)
        if (text[start - 1] == '\n' && ++n == lines) break;
    return text.substr(start, end - start);
}

struct Child {
    int status = 0;
    std::string error;  ///< why it could not be started
};

// Starts `exe` with `argv`, stdout on /dev/null and stderr into `stderr_path`,
// the result path in the environment, and waits for it.
Child run_child(const std::string& exe, int argc, char** argv, const fs::path& result_path,
                const fs::path& stderr_path) {
    Child out;
    // A subcommand starting itself again (`pace workloads`) names itself first.
    std::vector<std::string> words(platform::self_arguments());
    std::vector<char*> args(argv, argv + std::min(argc, 1));
    for (std::string& word : words) args.push_back(word.data());
    for (int i = 1; i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    std::vector<std::string> env_text;
    for (char** e = environ; *e; ++e)
        if (std::string_view(*e).rfind(std::string(process_result_variable) + "=", 0) != 0) env_text.emplace_back(*e);
    env_text.push_back(std::string(process_result_variable) + "=" + result_path.string());
    std::vector<char*> env;
    for (std::string& e : env_text) env.push_back(e.data());
    env.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    ::posix_spawn_file_actions_init(&actions);
    ::posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    ::posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                       0600);
    pid_t pid = 0;
    const int rc = ::posix_spawn(&pid, exe.c_str(), &actions, nullptr, args.data(), env.data());
    ::posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        out.error = std::strerror(rc);
        return out;
    }
    while (::waitpid(pid, &out.status, 0) < 0 && errno == EINTR) {
    }
    return out;
}

double median_of(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return stats::median_of_sorted(values);
}

}  // namespace

std::optional<std::string> process_result_path() {
    // Read once and gone: a program the benchmark starts (another pace
    // binary among them) is not this run's child process.
    static const std::optional<std::string> path = [] {
        const char* value = std::getenv(process_result_variable);
        std::optional<std::string> read;
        if (value && *value) read = value;
        ::unsetenv(process_result_variable);
        return read;
    }();
    return path;
}

Run merge_process_runs(std::vector<Run> runs) {
    if (runs.empty()) return {};
    Run merged = std::move(runs.front());
    const std::size_t count = runs.size();
    // The later processes' results by id: a process may have failed before
    // writing some (it then has none of them).
    std::vector<std::map<std::string, Result*>> later(count);
    for (std::size_t p = 1; p < count; ++p)
        for (Result& r : runs[p].results) later[p][r.id] = &r;

    for (Result& result : merged.results) {
        std::vector<const Result*> parts{&result};
        for (std::size_t p = 1; p < count; ++p) {
            auto it = later[p].find(result.id);
            parts.push_back(it == later[p].end() ? nullptr : it->second);
        }
        // The first process that did not succeed decides the status.
        for (std::size_t p = 0; p < count; ++p) {
            const Result* part = parts[p];
            if (!part) {
                result.status = Status::failed;
                result.message = fmt::format("process {} of {} has no result for it", p + 1, count);
                break;
            }
            if (part->status != Status::ok) {
                result.status = part->status;
                result.message = fmt::format("in process {} of {}: {}", p + 1, count, part->message);
                if (p > 0) result.targets = part->targets;
                break;
            }
        }
        result.options["processes"] = count;
        if (result.status != Status::ok) continue;

        if (result.time) {
            std::vector<double> samples;
            std::vector<std::int64_t> groups;
            for (const Result* part : parts) {
                if (!part->time) continue;
                samples.insert(samples.end(), part->time->samples.begin(), part->time->samples.end());
                groups.push_back(static_cast<std::int64_t>(part->time->samples.size()));
            }
            TimeStats t = stats::describe(samples, result.time->iterations);
            t.process_samples = groups.size() > 1 ? std::move(groups) : std::vector<std::int64_t>{};
            result.precision = median_precision(t.samples);
            result.time = std::move(t);
        }
        for (auto& [name, value] : result.counters) {
            std::vector<double> values;
            for (const Result* part : parts)
                if (auto it = part->counters.find(name); it != part->counters.end()) values.push_back(it->second);
            value = median_of(values);
        }
    }
    return merged;
}

Outcome<Run> run_processes(int argc, char** argv, std::size_t count,
                           const std::function<void(std::size_t process)>& started) {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    const std::string exe = ec ? std::string(argc > 0 ? argv[0] : "") : self.string();
    std::string dir_template = (fs::temp_directory_path(ec) / "pace-processes-XXXXXX").string();
    if (!::mkdtemp(dir_template.data()))
        return InputError{"--processes", "", fmt::format("cannot make a temporary directory: {}", std::strerror(errno)),
                          "set TMPDIR to a writable directory"};
    const fs::path dir = dir_template;
    struct Cleanup {
        fs::path dir;
        ~Cleanup() {
            std::error_code ignored;
            fs::remove_all(dir, ignored);
        }
    } cleanup{dir};

    std::vector<Run> runs;
    for (std::size_t p = 1; p <= count; ++p) {
        if (started) started(p);
        const fs::path result_path = dir / fmt::format("process-{}.json", p);
        const fs::path stderr_path = dir / fmt::format("process-{}.stderr", p);
        const Child child = run_child(exe, argc, argv, result_path, stderr_path);
        const std::string printed = read_all(stderr_path);
        auto failure = [&](const std::string& what) {
            std::string last = tail(printed);
            return InputError{"--processes", "", fmt::format("process {} of {} {}", p, count, what),
                              last.empty() ? "it printed nothing" : "its last lines:\n" + last};
        };
        if (!child.error.empty()) return failure("could not be started: " + child.error);
        if (WIFSIGNALED(child.status))
            return failure(fmt::format("was killed by signal {} ({})", WTERMSIG(child.status),
                                       ::strsignal(WTERMSIG(child.status))));
        const int code = WIFEXITED(child.status) ? WEXITSTATUS(child.status) : 1;
        // 1 is a benchmark that failed, which its result says; anything else is not a run.
        if (code != 0 && code != 1) return failure(fmt::format("exited with status {}", code));
        Json document;
        try {
            document = Json::parse(read_all(result_path));
        } catch (const Json::exception&) {
            return failure("wrote no readable result file");
        }
        auto run = run_from_json(document, result_path.string());
        if (!run) return failure("wrote a result file pace cannot read: " + run.error().message);
        run->source.clear();
        runs.push_back(std::move(*run));
    }
    return merge_process_runs(std::move(runs));
}

}  // namespace pace::measure
