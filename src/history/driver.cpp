// SPDX-License-Identifier: Apache-2.0
#include "history/driver.hpp"

#include <algorithm>   // std::sort, std::find
#include <cstdlib>     // std::system
#include <filesystem>  // file_size, remove, recursive_directory_iterator
#include <fstream>     // std::ofstream: the log's headers
#include <iterator>    // std::istreambuf_iterator
#include <sstream>     // std::istringstream: the build log's lines

namespace pace::history {

const char* to_string(CommitStatus status) {
    switch (status) {
        case CommitStatus::measured: return "measured";
        case CommitStatus::checkout_failed: return "checkout failed";
        case CommitStatus::build_failed: return "build failed";
        case CommitStatus::bench_failed: return "benchmarks failed";
    }
    return "?";
}

namespace {

void append_line(const std::string& log_path, const std::string& line) {
    std::ofstream(log_path, std::ios::app) << line << '\n';
}

// The command's output goes to the log; true when it exits 0.
bool run_logged(const std::string& dir, const std::string& command, const std::string& log_path) {
    append_line(log_path, "$ " + command);
    const std::string line = "cd " + shell_quote(dir) + " && { " + command + "\n} </dev/null >>" +
                             shell_quote(log_path) + " 2>&1";
    return std::system(line.c_str()) == 0;
}

}  // namespace

namespace {

std::optional<std::string> read_text(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), {});
}

bool is_compilation_unit(const std::string& path) {
    static const char* const extensions[] = {".c", ".cc", ".cpp", ".cxx", ".c++", ".C", ".cu"};
    const std::string ext = std::filesystem::path(path).extension().string();
    return std::find_if(std::begin(extensions), std::end(extensions), [&](const char* e) { return ext == e; }) !=
           std::end(extensions);
}

// `path` occurs in `line` as a whole path (at the start, or after a separator),
// so that bench/a.cpp is not found in mybench/a.cpp.
bool names_path(const std::string& line, const std::string& path) {
    for (std::size_t at = line.find(path); at != std::string::npos; at = line.find(path, at + 1)) {
        const char before = at == 0 ? ' ' : line[at - 1];
        const std::size_t end = at + path.size();
        const char after = end < line.size() ? line[end] : ' ';
        const bool starts = before == '/' || before == ' ' || before == '"' || before == '\'' || before == '\t';
        const bool ends = after == ':' || after == '.' || after == ' ' || after == '"' || after == '\'' ||
                          after == '(' || after == ',';
        if (starts && ends) return true;
    }
    return false;
}

}  // namespace

Outcome<std::vector<std::string>> overlay_folder(const std::string& from, const std::string& to) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(from, ec))
        return InputError{from, "", "bench_sources is not a folder of the current tree",
                          "[history] bench_sources names a folder relative to the checkout's top, e.g. \"bench/\""};
    std::vector<std::string> copied;
    for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        const fs::path relative = fs::relative(it->path(), from, ec);
        const fs::path target = fs::path(to) / relative;
        fs::create_directories(target.parent_path(), ec);
        // Copy only what differs: an unchanged file keeps its time, so an
        // incremental build does not compile it again.
        const auto mine = read_text(it->path()), theirs = read_text(target);
        if (!mine) return InputError{it->path().string(), "", "cannot read the file", ""};
        if (!theirs || *theirs != *mine) {
            std::ofstream out(target, std::ios::binary | std::ios::trunc);
            out << *mine;
            if (!out.flush()) return InputError{target.string(), "", "cannot write the file", ""};
        }
        copied.push_back(relative.generic_string());
    }
    if (ec) return InputError{from, "", "cannot read the folder: " + ec.message(), ""};
    std::sort(copied.begin(), copied.end());
    return copied;
}

std::vector<std::string> sources_blamed(const std::string& log, const std::vector<std::string>& candidates) {
    std::vector<std::string> out;
    std::istringstream lines(log);
    for (std::string line; std::getline(lines, line);) {
        // Progress lines ("[2/4] Building CXX object .../bench/a.cpp.o") name
        // every file; only the lines of a failure count.
        const bool failure = line.find("error") != std::string::npos || line.find("Error") != std::string::npos ||
                             line.rfind("FAILED:", 0) == 0 || line.find("In file included from") != std::string::npos;
        if (!failure) continue;
        for (const std::string& path : candidates) {
            if (is_compilation_unit(path) && names_path(line, path) &&
                std::find(out.begin(), out.end(), path) == out.end())
                out.push_back(path);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

CommitResult measure_commit(Worktree& worktree, const std::string& id, const Recipe& recipe,
                            const std::string& log_path, const std::string& json_path) {
    namespace fs = std::filesystem;
    CommitResult result;
    std::ofstream(log_path, std::ios::trunc) << "pace history: commit " << id << '\n';
    if (!worktree.checkout(id)) {
        append_line(log_path, "git checkout failed");
        result.status = CommitStatus::checkout_failed;
        return result;
    }
    std::vector<std::string> overlaid;
    if (!recipe.bench_sources.empty()) {
        auto copied = overlay_folder((fs::path(recipe.sources_root) / recipe.bench_sources).string(),
                                     (fs::path(worktree.path()) / recipe.bench_sources).string());
        if (!copied) {
            append_line(log_path, "pace history: " + copied.error().describe());
            result.status = CommitStatus::build_failed;
            return result;
        }
        for (const std::string& file : *copied)
            overlaid.push_back((fs::path(recipe.bench_sources) / file).lexically_normal().generic_string());
        append_line(log_path, "pace history: " + std::to_string(overlaid.size()) + " files of " + recipe.bench_sources +
                                  " from the current tree");
    }
    if (!recipe.build.empty()) {
        // Each round leaves out the benchmark sources the failed build blamed;
        // a round that blames none of them is the commit's own failure.
        for (;;) {
            std::error_code ec;
            const auto before = fs::file_size(log_path, ec);
            if (run_logged(worktree.path(), recipe.build, log_path)) break;
            const std::string log = read_text(log_path).value_or("");
            std::vector<std::string> blamed;
            for (const std::string& path : sources_blamed(ec ? log : log.substr(std::min<std::size_t>(before, log.size())),
                                                          overlaid)) {
                if (std::find(result.absent_sources.begin(), result.absent_sources.end(), path) ==
                    result.absent_sources.end())
                    blamed.push_back(path);
            }
            if (blamed.empty()) {
                append_line(log_path, "pace history: build failed");
                result.status = CommitStatus::build_failed;
                return result;
            }
            for (const std::string& path : blamed) {
                append_line(log_path, "pace history: " + path +
                                          " does not compile at this commit: left out, its benchmarks are absent");
                std::ofstream(fs::path(worktree.path()) / path, std::ios::trunc)
                    << "// pace history: left out, this file does not compile at commit " << id << "\n";
                result.absent_sources.push_back(path);
            }
        }
    }
    std::error_code ec;
    fs::remove(json_path, ec);
    const bool exited_zero = run_logged(worktree.path(), recipe.bench + " --json " + shell_quote(json_path), log_path);
    if (!fs::exists(json_path, ec) || fs::file_size(json_path, ec) == 0) {
        append_line(log_path, "pace history: the benchmarks wrote no results");
        result.status = CommitStatus::bench_failed;
        return result;
    }
    if (!exited_zero) append_line(log_path, "pace history: the benchmarks exited non-zero (a check or target failed)");
    std::sort(result.absent_sources.begin(), result.absent_sources.end());
    return result;
}

std::vector<std::string> every_nth(const std::vector<std::string>& commits, int every) {
    if (every <= 1) return commits;
    std::vector<std::string> out;
    const auto step = static_cast<std::size_t>(every);
    for (std::size_t back = 0; back < commits.size(); back += step) out.insert(out.begin(), commits[commits.size() - 1 - back]);
    return out;
}

BisectResult bisect(std::size_t count, const std::function<std::optional<bool>(std::size_t)>& is_bad) {
    BisectResult result;
    if (count < 2) return result;
    std::size_t good = 0, bad = count - 1;
    std::vector<bool> skipped(count, false);
    while (bad - good > 1) {
        // The untested commit nearest the middle; none left means the
        // unusable commits between good and bad hide where it changed.
        const std::size_t mid = good + (bad - good) / 2;
        std::optional<std::size_t> pick;
        for (std::size_t d = 0; d < bad - good && !pick; ++d) {
            if (mid + d < bad && !skipped[mid + d]) pick = mid + d;
            else if (mid >= good + 1 + d && !skipped[mid - d]) pick = mid - d;
        }
        if (!pick) {
            result.exact = false;
            break;
        }
        result.probed.push_back(*pick);
        const auto verdict = is_bad(*pick);
        if (!verdict) {
            skipped[*pick] = true;
            result.unusable.push_back(*pick);
        } else if (*verdict) {
            bad = *pick;
        } else {
            good = *pick;
        }
    }
    result.first_bad = bad;
    return result;
}

}  // namespace pace::history
