// SPDX-License-Identifier: Apache-2.0
#include "store/storage.hpp"

#include <fcntl.h>     // open
#include <unistd.h>    // close, fsync

#include <algorithm>    // std::max, std::sort
#include <cerrno>       // errno
#include <chrono>       // std::chrono::system_clock
#include <cstdio>       // std::sscanf
#include <cstring>      // std::strerror
#include <ctime>        // timegm, gmtime_r
#include <filesystem>   // std::filesystem::directory_iterator
#include <map>          // std::map
#include <string_view>  // std::string_view

#include <fmt/format.h>  // fmt::format

#include "model/json_format.hpp"
#include "store/atomic_file.hpp"
#include "store/dir_lock.hpp"   // MachineDirLock
#include "store/run_index.hpp"  // append_to_index, refresh_index
#include "store/reference.hpp"  // pick_saved_run: the grammar every store shares

namespace pace::store {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t max_name_length = 64;
constexpr std::size_t commit_length = 12;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), is_digit);
}

/// `20261123T150102Z` for a time_t.
std::string compact_utc(std::time_t seconds) {
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y%m%dT%H%M%SZ", &tm);
    return buffer;
}

/// The file name's timestamp from a run's ISO 8601 datetime. Producers write
/// UTC ("Z", "+00:00" or no zone); an explicit offset is honoured anyway, so
/// file names always sort by the instant the run was made.
std::optional<std::string> stamp_from_iso(const std::string& iso) {
    std::tm tm{};
    int consumed = 0;
    if (std::sscanf(iso.c_str(), "%4d-%2d-%2d%*1[T ]%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                    &tm.tm_min, &tm.tm_sec, &consumed) != 6 ||
        consumed == 0)
        return std::nullopt;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    std::string_view rest = std::string_view(iso).substr(static_cast<std::size_t>(consumed));
    if (!rest.empty() && rest.front() == '.') {
        rest.remove_prefix(1);
        while (!rest.empty() && is_digit(rest.front())) rest.remove_prefix(1);
    }
    long offset_s = 0;
    if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
        int hours = 0, minutes = 0;
        if (std::sscanf(rest.data() + 1, "%2d:%2d", &hours, &minutes) != 2) return std::nullopt;
        offset_s = (rest[0] == '-' ? -1L : 1L) * (hours * 3600L + minutes * 60L);
    } else if (!(rest.empty() || rest == "Z")) {
        return std::nullopt;
    }
    std::time_t seconds = timegm(&tm);
    if (seconds == static_cast<std::time_t>(-1)) return std::nullopt;
    return compact_utc(seconds - offset_s);
}

/// The commit part of a file name: hex digits only, since it sits between `_` separators.
std::string commit_part(const std::string& id) {
    std::string out;
    for (char c : id) {
        if (out.size() == commit_length) break;
        if (is_alnum(c)) out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return out.empty() ? "nocommit" : out;
}

/// What a saved file's name says about it.
struct FileName {
    int number = 0;
    std::string commit, stamp, name;
};

/// Parses `NNNN_<commit>_<YYYYMMDDTHHMMSSZ>[_<name>].json`. The commit and
/// stamp hold no `_`, so everything after the third `_` is the name, which may.
/// Temporaries (`.` first) and stray files do not parse and are skipped.
std::optional<FileName> parse_file_name(std::string_view file) {
    constexpr std::string_view extension = ".json";
    if (file.size() <= extension.size() || file.substr(file.size() - extension.size()) != extension)
        return std::nullopt;
    file.remove_suffix(extension.size());
    FileName out;
    std::size_t first = file.find('_');
    if (first == std::string_view::npos || first < 4 || first > 9 || !all_digits(file.substr(0, first)))
        return std::nullopt;
    out.number = std::stoi(std::string(file.substr(0, first)));
    std::size_t second = file.find('_', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    std::string_view commit = file.substr(first + 1, second - first - 1);
    if (commit.empty() || !std::all_of(commit.begin(), commit.end(), is_alnum)) return std::nullopt;
    out.commit = commit == "nocommit" ? "" : std::string(commit);
    std::string_view stamp = file.substr(second + 1, 16);
    if (stamp.size() != 16 || !all_digits(stamp.substr(0, 8)) || stamp[8] != 'T' || !all_digits(stamp.substr(9, 6)) ||
        stamp[15] != 'Z')
        return std::nullopt;
    out.stamp = std::string(stamp);
    std::string_view rest = file.substr(second + 1 + 16);
    if (!rest.empty()) {
        if (rest.size() < 2 || rest.front() != '_') return std::nullopt;
        out.name = std::string(rest.substr(1));
    }
    return out;
}

/// `2026-11-23T15:01:02Z` from `20261123T150102Z`.
std::string iso_from_stamp(const std::string& stamp) {
    return fmt::format("{}-{}-{}T{}:{}:{}Z", stamp.substr(0, 4), stamp.substr(4, 2), stamp.substr(6, 2),
                       stamp.substr(9, 2), stamp.substr(11, 2), stamp.substr(13, 2));
}

bool valid_machine_id(const std::string& id) {
    return !id.empty() && id.front() != '.' && id.find('/') == std::string::npos;
}

/// The saved runs of one machine directory, or of all of them when `machine_id` is "".
Outcome<std::vector<SavedRun>> scan(const std::string& storage_dir, const std::string& machine_id,
                                    bool read_contents, const RunFileReader& reader = {}) {
    std::error_code ec;
    if (!fs::is_directory(storage_dir, ec))
        return InputError{storage_dir, "", "no such storage directory",
                          "runs are saved by a benchmark binary's --save NAME or --autosave; --storage DIR points "
                          "at another storage directory"};
    if (!machine_id.empty() && !valid_machine_id(machine_id))
        return InputError{"", "", fmt::format("\"{}\" is not a machine id", machine_id),
                          "machine ids are the directory names `pace list --all` shows"};
    std::vector<fs::path> machine_dirs;
    if (!machine_id.empty()) {
        if (fs::is_directory(fs::path(storage_dir) / machine_id, ec))
            machine_dirs.push_back(fs::path(storage_dir) / machine_id);
    } else {
        for (const fs::directory_entry& entry : fs::directory_iterator(storage_dir, ec)) {
            std::string dir_name = entry.path().filename().string();
            if (!dir_name.empty() && dir_name.front() != '.' && entry.is_directory(ec))
                machine_dirs.push_back(entry.path());
        }
        if (ec) return InputError{storage_dir, "", "cannot read the directory: " + ec.message(), ""};
    }
    std::vector<SavedRun> runs;
    for (const fs::path& dir : machine_dirs) {
        // Results per file from the index: one file read, not every run.
        std::map<std::string, std::optional<std::size_t>> counts;
        if (read_contents) {
            if (Outcome<IndexScan> index = refresh_index(dir.string(), reader, false)) {
                for (const IndexedRun& indexed : index->runs) {
                    // Every result counts, also those without time figures (instruction
                    // mode's, failed ones), which the file keeps beside `benchmarks`.
                    counts[indexed.file] = indexed.run ? std::optional<std::size_t>(indexed.results) : std::nullopt;
                }
            }
        }
        for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
            std::optional<FileName> parsed = parse_file_name(entry.path().filename().string());
            if (!parsed || !entry.is_regular_file(ec)) continue;
            SavedRun run;
            run.number = parsed->number;
            run.name = parsed->name;
            run.commit = parsed->commit;
            run.datetime = iso_from_stamp(parsed->stamp);
            run.path = entry.path().string();
            run.machine_id = dir.filename().string();
            if (auto it = counts.find(entry.path().filename().string()); it != counts.end()) run.benchmarks = it->second;
            runs.push_back(std::move(run));
        }
        if (ec) return InputError{dir.string(), "", "cannot read the directory: " + ec.message(), ""};
    }
    std::sort(runs.begin(), runs.end(), [](const SavedRun& a, const SavedRun& b) {
        if (a.machine_id != b.machine_id) return a.machine_id < b.machine_id;
        if (a.number != b.number) return a.number < b.number;
        return a.path < b.path;
    });
    return runs;
}

/// Makes a rename in `dir` survive a power cut; failure only costs durability.
void sync_directory(const fs::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

Outcome<std::string> sanitize_run_name(const std::string& name) {
    std::string out;
    for (char c : name) {
        if (is_alnum(c) || c == '.' || c == '-' || c == '_') out += c;
        else if (!out.empty() && out.back() != '-') out += '-';
    }
    // Leading/trailing separators would make names like `.x` (hidden files) or `x-` that only differ by punctuation.
    auto separator = [](char c) { return c == '-' || c == '.' || c == '_'; };
    while (!out.empty() && separator(out.back())) out.pop_back();
    std::size_t start = 0;
    while (start < out.size() && separator(out[start])) ++start;
    out = out.substr(start, max_name_length);
    while (!out.empty() && separator(out.back())) out.pop_back();
    if (out.empty())
        return InputError{"", "", fmt::format("the run name \"{}\" has no letters or digits", name),
                          "name a saved run with letters, digits, '.', '-' and '_', e.g. --save baseline"};
    if (out == "latest" || all_digits(out))
        return InputError{"", "", fmt::format("the run name \"{}\" would read as a reference to another run", name),
                          "`latest` and numbers already name saved runs; pick a name with a letter in it, e.g. "
                          "--save v" + out};
    return out;
}

Outcome<std::string> save_name(const std::string& name) {
    if (name.empty()) return std::string();
    Outcome<std::string> sanitized = sanitize_run_name(name);
    if (!sanitized) {
        InputError e = sanitized.error();
        e.file = "--save";
        return e;
    }
    return sanitized;
}

Outcome<std::string> save_run(const std::string& storage_dir, const Run& run, const std::string& name) {
    Outcome<std::string> sanitized = save_name(name);
    if (!sanitized) return sanitized.error();
    const std::string& safe_name = *sanitized;
    std::optional<std::string> stamp = stamp_from_iso(run.datetime);
    if (!stamp) stamp = compact_utc(std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()));
    const fs::path dir = fs::path(storage_dir) / run.machine.id();
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return InputError{dir.string(), "", "cannot create the storage directory: " + ec.message(), ""};

    // Serialise before taking the lock: a large run takes a while, and other savers wait only for the write.
    const std::string text = to_json_text(run);

    MachineDirLock lock(dir);
    if (!lock.error().empty()) return InputError{lock.path(), "", "cannot lock storage: " + lock.error(), ""};
    // A saver killed mid-write left its temporary; every live saver writes
    // under this lock, and its temporary is locked besides.
    remove_dead_temporaries(dir.string());
    Outcome<std::vector<SavedRun>> existing = scan(storage_dir, run.machine.id(), false);
    if (!existing) return existing.error();
    int number = 1;
    for (const SavedRun& saved : *existing) number = std::max(number, saved.number + 1);
    std::string file = fmt::format("{:04d}_{}_{}{}.json", number, commit_part(run.commit.id), *stamp,
                                   safe_name.empty() ? "" : "_" + safe_name);
    std::string path = (dir / file).string();
    if (auto error = write_file_atomic(path, text)) return *error;
    sync_directory(dir);
    append_to_index(dir.string(), file, run);
    return path;
}

Outcome<std::vector<SavedRun>> list_runs(const std::string& storage_dir, const std::string& machine_id,
                                         const std::function<Outcome<Run>(const std::string&)>& reader) {
    return scan(storage_dir, machine_id, true, reader);
}

std::optional<int> run_file_number(const std::string& file_name) {
    std::optional<FileName> parsed = parse_file_name(file_name);
    if (!parsed) return std::nullopt;
    return parsed->number;
}

Outcome<std::string> resolve_reference(const std::string& storage_dir, const std::string& reference,
                                       const std::string& machine_id) {
    std::error_code ec;
    if (fs::is_regular_file(reference, ec)) return reference;
    if (fs::exists(reference, ec)) return InputError{reference, "", "not a regular file", reference_grammar_hint()};
    // Something spelled like a path is a missing file, not a name to look up.
    bool looks_like_path = reference.find('/') != std::string::npos ||
                           (reference.size() > 5 && reference.substr(reference.size() - 5) == ".json");
    if (reference.empty() || looks_like_path) return InputError{reference, "", "no such file", reference_grammar_hint()};
    if (!fs::is_directory(storage_dir, ec))
        return InputError{reference, "",
                          fmt::format("no such file, and no storage directory {} to look it up in", storage_dir),
                          "save runs with a benchmark binary's --save NAME or --autosave, or point --storage at "
                          "the storage directory"};

    Outcome<std::vector<SavedRun>> found = scan(storage_dir, machine_id, false);
    if (!found) return found.error();
    const std::vector<SavedRun>& runs = *found;
    if (runs.empty()) {
        Outcome<std::vector<SavedRun>> everywhere = scan(storage_dir, "", false);
        if (machine_id.empty() || !everywhere || everywhere->empty())
            return InputError{reference, "", fmt::format("no such file, and no saved runs in {}", storage_dir),
                              "save runs with a benchmark binary's --save NAME or --autosave"};
        std::map<std::string, std::string> latest_by_machine;  // machine id -> its newest file
        for (const SavedRun& run : *everywhere) latest_by_machine[run.machine_id] = run.path;
        std::string others;
        for (const auto& [id, path] : latest_by_machine) others += (others.empty() ? "" : ", ") + id;
        return InputError{reference, "",
                          fmt::format("no saved runs for this machine ({}) in {}; runs there are from {}", machine_id,
                                      storage_dir, others),
                          fmt::format("runs from another machine are compared by path, e.g. {}; `pace list --all` "
                                      "shows them",
                                      latest_by_machine.begin()->second)};
    }

    Outcome<SavedRun> chosen = pick_saved_run(runs, reference, machine_id, storage_dir);
    if (!chosen) return chosen.error();
    return chosen->path;
}

}  // namespace pace::store
