// SPDX-License-Identifier: Apache-2.0
#include "history/git.hpp"

#include <array>       // std::array: the read buffer
#include <cstdio>      // popen
#include <cstdlib>     // std::system, mkdtemp
#include <filesystem>  // temp_directory_path, remove_all
#include <sstream>     // std::istringstream: lines of git's output

namespace pace::history {

std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::optional<std::string> shell_output(const std::string& command) {
    FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
    if (!pipe) return std::nullopt;
    std::string out;
    std::array<char, 4096> buffer{};
    while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) out.append(buffer.data(), n);
    if (pclose(pipe) != 0) return std::nullopt;
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

namespace {

std::string git(const std::string& repo) { return "git -C " + shell_quote(repo) + " "; }

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) out.push_back(line);
    }
    return out;
}

}  // namespace

Outcome<std::string> repository_root(const std::string& dir) {
    if (auto root = shell_output(git(dir) + "rev-parse --show-toplevel"); root && !root->empty()) return *root;
    return InputError{dir, "", "not inside a git checkout", "run pace history from the project's git checkout"};
}

Outcome<std::string> resolve_commit(const std::string& repo, const std::string& revision, const std::string& flag) {
    if (auto id = shell_output(git(repo) + "rev-parse --verify --quiet " + shell_quote(revision + "^{commit}"));
        id && !id->empty())
        return *id;
    return InputError{flag, "", "'" + revision + "' names no commit of " + repo,
                      "give a hash, a tag or a branch: git rev-parse must know it"};
}

Outcome<std::vector<std::string>> commits_in_range(const std::string& repo, const std::string& range) {
    const auto dots = range.find("..");
    if (dots == std::string::npos || range.find("...") != std::string::npos) {
        return InputError{"", "", "'" + range + "' is not a range", "write it A..B: the commits after A up to B"};
    }
    auto from = resolve_commit(repo, range.substr(0, dots), "RANGE");
    if (!from) return from.error();
    auto to = resolve_commit(repo, range.substr(dots + 2).empty() ? "HEAD" : range.substr(dots + 2), "RANGE");
    if (!to) return to.error();
    auto out = shell_output(git(repo) + "rev-list --reverse --topo-order --first-parent " + *from + ".." + *to);
    if (!out) return InputError{"RANGE", "", "git rev-list failed on '" + range + "'", ""};
    return lines_of(*out);
}

Outcome<std::vector<std::string>> last_commits(const std::string& repo, int count) {
    auto out = shell_output(git(repo) + "rev-list --reverse --topo-order --first-parent -n " +
                            std::to_string(count) + " HEAD");
    if (!out) return InputError{"--last", "", "git rev-list failed in " + repo, "does the checkout have a commit?"};
    return lines_of(*out);
}

Outcome<CommitMeta> commit_meta(const std::string& repo, const std::string& id) {
    // Fields apart by a unit separator, which no subject holds.
    auto out = shell_output(git(repo) + "show -s --format=%H%x1f%P%x1f%aI%x1f%cI%x1f%s " + shell_quote(id));
    if (!out) return InputError{"", "", "git cannot show commit " + id, ""};
    std::vector<std::string> fields;
    std::size_t at = 0;
    for (std::size_t next; (next = out->find('\x1f', at)) != std::string::npos; at = next + 1)
        fields.push_back(out->substr(at, next - at));
    fields.push_back(out->substr(at));
    if (fields.size() < 5) return InputError{"", "", "unexpected git output for commit " + id, ""};
    CommitMeta meta;
    meta.id = fields[0];
    meta.parent = fields[1].substr(0, fields[1].find(' '));
    meta.author_time = fields[2];
    meta.commit_time = fields[3];
    meta.subject = fields[4];
    return meta;
}

Outcome<std::unique_ptr<Worktree>> Worktree::create(const std::string& repo) {
    std::string pattern = (std::filesystem::temp_directory_path() / "pace-history-XXXXXX").string();
    if (!mkdtemp(pattern.data())) return InputError{"", "", "cannot make a temporary directory", ""};
    // git worktree add wants a directory that does not exist yet.
    const std::string path = pattern + "/src";
    if (!shell_output(git(repo) + "worktree add --detach --quiet " + shell_quote(path) + " HEAD")) {
        std::error_code ignored;
        std::filesystem::remove_all(pattern, ignored);
        return InputError{repo, "", "git worktree add failed", "is the repository's git new enough (2.5+)?"};
    }
    return std::unique_ptr<Worktree>(new Worktree(repo, path));
}

Worktree::~Worktree() {
    shell_output(git(repo_) + "worktree remove --force " + shell_quote(path_));
    std::error_code ignored;
    std::filesystem::remove_all(std::filesystem::path(path_).parent_path(), ignored);
    shell_output(git(repo_) + "worktree prune");
}

bool Worktree::checkout(const std::string& id) {
    return shell_output(git(path_) + "checkout --quiet --force --detach " + shell_quote(id)).has_value();
}

}  // namespace pace::history
