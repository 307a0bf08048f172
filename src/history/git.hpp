// SPDX-License-Identifier: Apache-2.0
// The git queries and checkouts behind pace history and pace bisect: which
// commits a range holds, what each one is, and a worktree to build them in
// that never touches the user's own checkout.
#pragma once

#include <memory>    // std::unique_ptr
#include <optional>  // std::optional
#include <string>    // std::string
#include <vector>    // std::vector

#include "model/outcome.hpp"  // Outcome, InputError

namespace pace::history {

/// What a run saved by pace history says about its commit.
struct CommitMeta {
    std::string id;           ///< the full hash
    std::string parent;       ///< the first parent's full hash, "" for a root commit
    std::string subject;      ///< the first line of the message
    std::string author_time;  ///< ISO 8601, as git prints %aI
    std::string commit_time;  ///< ISO 8601, as git prints %cI
};

/// Runs `command` through sh; its stdout with the trailing newline cut, or
/// empty when it exits non-zero. stderr is discarded.
std::optional<std::string> shell_output(const std::string& command);

/// `text` quoted for sh.
std::string shell_quote(const std::string& text);

/// The top directory of the git checkout around `dir`; an error when there is none.
Outcome<std::string> repository_root(const std::string& dir);

/// The full hash `revision` names in `repo`; an error naming `flag` when none.
Outcome<std::string> resolve_commit(const std::string& repo, const std::string& revision, const std::string& flag);

/// The commits of `range` (git's `A..B`: reachable from B, not from A), oldest
/// first in topological order, first parents only so a merged branch's
/// commits do not interleave with the mainline's.
Outcome<std::vector<std::string>> commits_in_range(const std::string& repo, const std::string& range);

/// The last `count` commits of HEAD's first-parent line, oldest first.
Outcome<std::vector<std::string>> last_commits(const std::string& repo, int count);

/// The commit's parent, subject and dates.
Outcome<CommitMeta> commit_meta(const std::string& repo, const std::string& id);

/// A detached git worktree of `repo` in a fresh temporary directory, removed
/// (with `git worktree prune`) when the object goes. Reused from commit to
/// commit so a build can be incremental. Not thread-safe.
class Worktree {
public:
    /// Adds the worktree; an error when git cannot.
    static Outcome<std::unique_ptr<Worktree>> create(const std::string& repo);
    ~Worktree();
    Worktree(const Worktree&) = delete;
    Worktree& operator=(const Worktree&) = delete;

    /// Checks out `id` (detached, forced, untracked build files kept); false when git fails.
    bool checkout(const std::string& id);
    /// The worktree's directory.
    const std::string& path() const { return path_; }

private:
    Worktree(std::string repo, std::string path) : repo_(std::move(repo)), path_(std::move(path)) {}
    std::string repo_, path_;
};

}  // namespace pace::history
