// SPDX-License-Identifier: Apache-2.0
#include "history/driver.hpp"

#include <cstdlib>     // std::system
#include <filesystem>  // file_size, remove
#include <fstream>     // std::ofstream: the log's headers

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

CommitStatus measure_commit(Worktree& worktree, const std::string& id, const Recipe& recipe,
                            const std::string& log_path, const std::string& json_path) {
    std::ofstream(log_path, std::ios::trunc) << "pace history: commit " << id << '\n';
    if (!worktree.checkout(id)) {
        append_line(log_path, "git checkout failed");
        return CommitStatus::checkout_failed;
    }
    if (!recipe.build.empty() && !run_logged(worktree.path(), recipe.build, log_path)) {
        append_line(log_path, "pace history: build failed");
        return CommitStatus::build_failed;
    }
    std::error_code ec;
    std::filesystem::remove(json_path, ec);
    const bool exited_zero = run_logged(worktree.path(), recipe.bench + " --json " + shell_quote(json_path), log_path);
    if (!std::filesystem::exists(json_path, ec) || std::filesystem::file_size(json_path, ec) == 0) {
        append_line(log_path, "pace history: the benchmarks wrote no results");
        return CommitStatus::bench_failed;
    }
    if (!exited_zero) append_line(log_path, "pace history: the benchmarks exited non-zero (a check or target failed)");
    return CommitStatus::measured;
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
