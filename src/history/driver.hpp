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
    /// A folder, relative to the checkout's top, whose files come from
    /// `sources_root` (today's tree) instead of the commit: "" for none.
    std::string bench_sources;
    std::string sources_root;  ///< the tree bench_sources is copied from (the user's checkout)
};

/// How one commit went.
enum class CommitStatus { measured, checkout_failed, build_failed, bench_failed };

/// "measured", "checkout failed", "build failed", "benchmarks failed".
const char* to_string(CommitStatus status);

/// How one commit went, and which of today's benchmark sources it could not build.
struct CommitResult {
    CommitStatus status = CommitStatus::measured;
    /// Files of bench_sources (relative to the checkout's top) that did not
    /// compile at this commit and were left out: their benchmarks are absent.
    std::vector<std::string> absent_sources;
};

/// Checks `id` out in `worktree`, builds it and runs its benchmarks with
/// `--json json_path`, the output of every step appended to `log_path`.
/// The benchmarks count as run when they wrote the JSON file, whatever their
/// exit code (1 says a check or target failed, which the run records).
///
/// With `recipe.bench_sources`, today's files of that folder are copied over
/// the commit's before the build (asv's model: today's benchmarks, the
/// commit's code). When the build fails and its errors name some of those
/// source files, each named one is emptied (its benchmarks register nothing,
/// so they are absent) and the build is tried again; the commit fails only
/// when its own code does not build.
CommitResult measure_commit(Worktree& worktree, const std::string& id, const Recipe& recipe,
                            const std::string& log_path, const std::string& json_path);

/// Copies every file under `from` to the same relative place under `to`
/// (folders made, files that differ overwritten, files only in `to` kept) and
/// returns the copied files' paths relative to `from`, sorted; an error
/// naming the file that could not be copied.
Outcome<std::vector<std::string>> overlay_folder(const std::string& from, const std::string& to);

/// The compilation units of `candidates` (paths relative to a checkout's top)
/// that the build output `log` blames: named on an error line, a
/// `FAILED:` line of ninja, or an `In file included from` line.
std::vector<std::string> sources_blamed(const std::string& log, const std::vector<std::string>& candidates);

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
