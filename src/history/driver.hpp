// SPDX-License-Identifier: Apache-2.0
// Building and running one commit, and bisecting a range: the parts of
// pace history run and pace bisect that do not read or write result files
// (the command wires those in, so this part stays a consumer of the model).
#pragma once

#include <functional>  // std::function: the probe bisect calls
#include <optional>    // std::optional
#include <string>      // std::string
#include <vector>      // std::vector

#include "history/git.hpp"    // Worktree
#include "model/outcome.hpp"  // Outcome

namespace pace::history {

/// How a project builds and runs its benchmarks ([history] in pace.toml).
struct Recipe {
    std::string build;  ///< a sh command run in the checkout's top directory
    std::string bench;  ///< the benchmark binary (with arguments); `--json FILE` is added
};

/// How one commit went.
enum class CommitStatus { measured, checkout_failed, build_failed, bench_failed };

/// "measured", "checkout failed", "build failed", "benchmarks failed".
const char* to_string(CommitStatus status);

/// Checks `id` out in `worktree`, builds it and runs its benchmarks with
/// `--json json_path`, the output of every step appended to `log_path`.
/// The benchmarks count as run when they wrote the JSON file, whatever their
/// exit code (1 says a check or target failed, which the run records).
CommitStatus measure_commit(Worktree& worktree, const std::string& id, const Recipe& recipe,
                            const std::string& log_path, const std::string& json_path);

/// Every `every`-th commit of `commits`, counted back from the last, which is
/// always kept (so the newest state is measured); all of them for every ≤ 1.
std::vector<std::string> every_nth(const std::vector<std::string>& commits, int every);

/// What bisect found.
struct BisectResult {
    std::size_t first_bad = 0;           ///< index in the commits given
    std::vector<std::size_t> probed;     ///< the indices probed, in order
    std::vector<std::size_t> unusable;   ///< probed but could not be judged (build failed)
    bool exact = true;  ///< false when unusable commits next to it leave a range
};

/// Finds the first bad commit of `commits` (oldest first; [0] is known good,
/// the last known bad) by bisection. `is_bad(i)` judges commit i: true, false,
/// or empty when it cannot be judged (it failed to build or run), which makes
/// bisect try the nearest untested commit instead, as `git bisect skip` does.
BisectResult bisect(std::size_t count, const std::function<std::optional<bool>(std::size_t)>& is_bad);

}  // namespace pace::history
