// SPDX-License-Identifier: Apache-2.0
#include "store/run_index.hpp"

#include <fcntl.h>     // open, O_APPEND
#include <sys/stat.h>  // stat: a run file's size and modification time
#include <unistd.h>    // write, pread, close

#include <algorithm>    // std::sort
#include <charconv>     // std::from_chars: the index's numbers
#include <cstdlib>      // std::getenv: PACE_STORAGE_INDEX
#include <filesystem>   // std::filesystem::directory_iterator
#include <fstream>      // std::ifstream
#include <functional>   // std::function: an index's entries handed on one at a time
#include <istream>      // std::istream, std::getline: the index line by line
#include <iterator>     // std::istreambuf_iterator
#include <map>          // std::map: entries by file name
#include <string_view>  // std::string_view

#include <fmt/format.h>  // fmt::format: shortest round-trip numbers

#include "model/json_format.hpp"  // run_from_json, commit_from_json: the storage's own reader
#include "store/atomic_file.hpp"  // write_file_atomic
#include "store/dir_lock.hpp"     // MachineDirLock
#include "store/storage.hpp"      // run_file_number

namespace pace::store {

namespace fs = std::filesystem;

namespace {

// The format, one record a line, fields separated by tabs (a tab, newline,
// carriage return or backslash inside a field is escaped as \t \n \r \\):
//   pace-index <TAB> 1                       the first line
//   F  file  size  mtime_ns                  a run file's entry starts
//   X  error                                 the file could not be read
//   H  producer  mode  datetime              the run
//   C  commit_info as JSON                   its commit (with history's keys)
//   R  id  status  T|-  14 time figures  rounds  processes  M|-  4 memory figures  counter=value...
//   E                                        the entry is whole
// An entry without its E line (a writer killed mid-append) is ignored, and
// an F line starts a new entry whatever came before it, so a torn append
// costs that one entry, which the next refresh reads from its file again.
constexpr std::string_view header = "pace-index\t1";

std::optional<std::string> read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void escape_into(std::string& out, std::string_view text) {
    for (char c : text) {
        switch (c) {
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\\': out += "\\\\"; break;
            default: out += c;
        }
    }
}

std::string unescape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            out += text[i];
            continue;
        }
        const char next = text[++i];
        out += next == 't' ? '\t' : next == 'n' ? '\n' : next == 'r' ? '\r' : next;
    }
    return out;
}

void number_into(std::string& out, const std::optional<double>& value) {
    out += '\t';
    if (value) out += fmt::format("{}", *value);  // shortest text that reads back as the same double
}

// The time figures of an R line, in order.
constexpr std::size_t time_fields = 14;
OptionalDouble TimeStats::*const time_members[time_fields] = {
    &TimeStats::min,  &TimeStats::max, &TimeStats::mean, &TimeStats::stddev, &TimeStats::median,
    &TimeStats::q1,   &TimeStats::q3,  &TimeStats::iqr,  &TimeStats::p95,    &TimeStats::p99,
    &TimeStats::ops,  &TimeStats::total, &TimeStats::median_ci_low, &TimeStats::median_ci_high};

struct FileStat {
    std::int64_t size = 0, mtime_ns = 0;
};

std::optional<FileStat> stat_file(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
    return FileStat{static_cast<std::int64_t>(st.st_size),
                    static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec};
}

std::string entry_text(const IndexedRun& entry) {
    std::string out = "F\t";
    escape_into(out, entry.file);
    out += fmt::format("\t{}\t{}\n", entry.size, entry.mtime_ns);
    if (!entry.run) {
        out += "X\t";
        escape_into(out, entry.error);
        out += "\nE\n";
        return out;
    }
    const Run& run = *entry.run;
    out += "H\t";
    escape_into(out, run.producer);
    out += '\t';
    escape_into(out, run.mode);
    out += '\t';
    escape_into(out, run.datetime);
    out += "\nC\t";
    Json commit = run.commit.raw.is_object() ? run.commit.raw : Json::object();
    if (!run.commit.id.empty()) commit["id"] = run.commit.id;
    if (!run.commit.branch.empty()) commit["branch"] = run.commit.branch;
    if (!run.commit.time.empty()) commit["time"] = run.commit.time;
    if (run.commit.dirty) commit["dirty"] = *run.commit.dirty;
    escape_into(out, commit.dump());
    out += '\n';
    for (const Result& r : run.results) {
        out += "R\t";
        escape_into(out, r.id);
        out += '\t';
        out += to_string(r.status);
        if (r.time) {
            out += "\tT";
            for (auto member : time_members) number_into(out, (*r.time).*member);
            out += fmt::format("\t{}\t{}", r.time->rounds, r.time->processes());
        } else {
            out += "\t-";
            out.append(time_fields + 2, '\t');
        }
        if (r.memory) {
            out += fmt::format("\tM\t{}\t{}\t{}\t{}", r.memory->peak, r.memory->allocated, r.memory->allocations,
                               r.memory->leaked);
        } else {
            out += "\t-\t\t\t\t";
        }
        for (const auto& [name, value] : r.counters) {
            out += '\t';
            escape_into(out, name);
            out += fmt::format("={}", value);
        }
        out += '\n';
    }
    out += "E\n";
    return out;
}

// The fields of `line` into `out` (reused from line to line: no allocation per line).
void split_tabs(std::string_view line, std::vector<std::string_view>& out) {
    out.clear();
    for (std::size_t start = 0;;) {
        const std::size_t tab = line.find('\t', start);
        out.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
        if (tab == std::string_view::npos) return;
        start = tab + 1;
    }
}

template <typename T>
bool parse_number(std::string_view text, T& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

bool parse_optional(std::string_view text, OptionalDouble& out) {
    if (text.empty()) return true;
    double value = 0;
    if (!parse_number(text, value)) return false;
    out = value;
    return true;
}

bool parse_result(const std::vector<std::string_view>& f, Result& r) {
    constexpr std::size_t fixed = 1 + 2 + 1 + time_fields + 2 + 5;  // R id status T figures rounds processes M ×4
    if (f.size() < fixed) return false;
    r.id = unescape(f[1]);
    r.name = r.id;
    if (f[2] == "ok") r.status = Status::ok;
    else if (f[2] == "failed") r.status = Status::failed;
    else if (f[2] == "skipped") r.status = Status::skipped;
    else return false;
    std::size_t at = 3;
    if (f[at] == "T") {
        TimeStats t;
        for (std::size_t k = 0; k < time_fields; ++k)
            if (!parse_optional(f[at + 1 + k], t.*time_members[k])) return false;
        std::int64_t processes = 1;
        if (!parse_number(f[at + 1 + time_fields], t.rounds) || !parse_number(f[at + 2 + time_fields], processes))
            return false;
        // Only the number of processes is kept (metric_error's unit), not their sizes.
        if (processes > 1) t.process_samples.assign(static_cast<std::size_t>(processes), 0);
        r.time = std::move(t);
    } else if (f[at] != "-") {
        return false;
    }
    at += 1 + time_fields + 2;
    if (f[at] == "M") {
        MemoryStats m;
        if (!parse_number(f[at + 1], m.peak) || !parse_number(f[at + 2], m.allocated) ||
            !parse_number(f[at + 3], m.allocations) || !parse_number(f[at + 4], m.leaked))
            return false;
        r.memory = m;
    } else if (f[at] != "-") {
        return false;
    }
    for (std::size_t k = fixed; k < f.size(); ++k) {
        const std::size_t equals = f[k].rfind('=');
        double value = 0;
        if (equals == std::string_view::npos || !parse_number(f[k].substr(equals + 1), value)) return false;
        r.counters[unescape(f[k].substr(0, equals))] = value;
    }
    return true;
}

// Hands each whole entry of an index to `on_entry`, read line by line (the index of a long
// history is a hundred megabytes: it is never held whole), by file name;
// `whole` is false when some of it was not (a torn append, a corrupt line,
// another format).
void parse_index(std::istream& in, bool& whole, bool with_results,
                 const std::function<void(IndexedRun&&)>& on_entry) {
    std::string line;
    whole = true;
    if (!std::getline(in, line)) return;  // empty: whole, and nothing in it
    if (line != header || in.eof()) {
        whole = false;
        return;
    }
    std::optional<IndexedRun> current;
    bool broken = false;  // the current entry has a bad line: dropped at its E
    std::vector<std::string_view> f;
    while (std::getline(in, line)) {
        if (in.eof()) {  // a last line without its newline: cut short
            whole = false;
            break;
        }
        if (!with_results && line.rfind("R\t", 0) == 0 && current && current->run) {
            ++current->results;  // counted, not read
            continue;
        }
        split_tabs(line, f);
        const std::string_view kind = f[0];
        if (kind == "F") {
            if (current) whole = false;  // the previous entry has no E
            current.reset();
            broken = false;
            IndexedRun entry;
            if (f.size() != 4 || !parse_number(f[2], entry.size) || !parse_number(f[3], entry.mtime_ns)) {
                whole = false;
                continue;
            }
            entry.file = unescape(f[1]);
            current = std::move(entry);
        } else if (!current) {
            whole = false;  // a line outside an entry
        } else if (kind == "E") {
            if (!broken) on_entry(std::move(*current));
            else whole = false;
            current.reset();
        } else if (kind == "X" && f.size() == 2) {
            current->error = unescape(f[1]);
        } else if (kind == "H" && f.size() == 4) {
            current->run.emplace();
            current->run->producer = unescape(f[1]);
            current->run->mode = unescape(f[2]);
            current->run->datetime = unescape(f[3]);
        } else if (kind == "C" && f.size() == 2 && current->run) {
            Json commit = Json::parse(unescape(f[1]), nullptr, false);
            if (commit.is_object()) current->run->commit = detail::commit_from_json(commit);
            else broken = true;
        } else if (kind == "R" && current->run) {
            ++current->results;
            Result r;
            if (parse_result(f, r)) current->run->results.push_back(std::move(r));
            else broken = true;
        } else {
            broken = true;
        }
    }
    if (current) whole = false;
}

std::map<std::string, IndexedRun> parse_index(std::istream& in, bool& whole, bool with_results) {
    std::map<std::string, IndexedRun> out;
    parse_index(in, whole, with_results, [&](IndexedRun&& entry) {
        std::string file = entry.file;
        out[std::move(file)] = std::move(entry);
    });
    return out;
}

// The storage's own reader: the pace JSON format through model/.
Outcome<Run> read_run_file(const std::string& path) {
    std::optional<std::string> text = read_text(path);
    if (!text) return InputError{path, "", "cannot read the file", ""};
    Json document = Json::parse(*text, nullptr, false);
    if (document.is_discarded()) return InputError{path, "", "not JSON", "a saved run is a pace result file"};
    return run_from_json(document, path);
}

// One line: an error shown once per read must not spread over the screen.
std::string one_line(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\r') c = ' ';
    return text;
}

struct RunFile {
    std::string name;
    int number = 0;
    FileStat stat;
};

std::vector<RunFile> run_files(const std::string& dir, std::error_code& ec) {
    std::vector<RunFile> out;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
        std::string name = entry.path().filename().string();
        const std::optional<int> number = run_file_number(name);
        if (!number) continue;
        const std::optional<FileStat> stat = stat_file(entry.path().string());
        if (!stat) continue;
        out.push_back({std::move(name), *number, *stat});
    }
    std::sort(out.begin(), out.end(), [](const RunFile& a, const RunFile& b) {
        return a.number != b.number ? a.number < b.number : a.name < b.name;
    });
    return out;
}

// One pass over the directory: the index's entries that still match their
// files, the other files read (or taken from `read_before`, a first pass's).
struct Pass {
    IndexScan scan;
    bool stale = false;
};

Pass index_pass(const std::string& dir, const RunFileReader& reader, std::map<std::string, IndexedRun>& read_before,
                std::error_code& ec, bool use_index, bool with_results, bool keep_read = true) {
    Pass pass;
    const std::string index_path = (fs::path(dir) / index_file_name).string();
    std::ifstream text;
    if (use_index) text.open(index_path, std::ios::binary);
    bool whole = true;
    std::map<std::string, IndexedRun> entries = text ? parse_index(text, whole, with_results) : std::map<std::string, IndexedRun>{};
    pass.stale = !text.is_open() || !whole;
    const std::vector<RunFile> files = run_files(dir, ec);
    std::size_t used = 0;
    for (const RunFile& file : files) {
        auto matches = [&](const IndexedRun& e) { return e.size == file.stat.size && e.mtime_ns == file.stat.mtime_ns; };
        if (auto it = entries.find(file.name); it != entries.end() && matches(it->second)) {
            ++used;
            pass.scan.runs.push_back(std::move(it->second));
            continue;
        }
        pass.stale = true;
        if (auto it = read_before.find(file.name); it != read_before.end() && matches(it->second)) {
            pass.scan.runs.push_back(std::move(it->second));  // its last use: one copy of a long history at a time
            read_before.erase(it);
            continue;
        }
        IndexedRun entry;
        entry.file = file.name;
        entry.size = file.stat.size;
        entry.mtime_ns = file.stat.mtime_ns;
        const std::string path = (fs::path(dir) / file.name).string();
        Outcome<Run> run = reader ? reader(path) : read_run_file(path);
        if (run) {
            entry.run = summarize_run(*run);
            entry.results = entry.run->results.size();
        }
        else entry.error = one_line(run.error().describe());
        ++pass.scan.files_read;
        if (keep_read) pass.scan.runs.push_back(std::move(entry));
        else read_before[file.name] = std::move(entry);
    }
    if (used != entries.size()) pass.stale = true;  // entries of files that are gone
    for (IndexedRun& entry : pass.scan.runs) {
        if (entry.run) entry.run->source = (fs::path(dir) / entry.file).string();
    }
    return pass;
}

}  // namespace

Run summarize_run(const Run& run) {
    Run out;
    out.producer = run.producer;
    out.mode = run.mode;
    out.datetime = run.datetime;
    out.commit = run.commit;
    out.source = run.source;
    out.results.reserve(run.results.size());
    for (const Result& r : run.results) {
        Result kept;
        kept.id = r.id;
        kept.name = r.id;
        kept.status = r.status;
        if (r.time) {
            kept.time = *r.time;
            kept.time->samples.clear();
            kept.time->samples.shrink_to_fit();
            const std::size_t processes = r.time->processes();
            kept.time->process_samples.assign(processes > 1 ? processes : 0, 0);
            kept.time->ld15iqr.reset();
            kept.time->hd15iqr.reset();
            kept.time->iqr_outliers.reset();
            kept.time->stddev_outliers.reset();
            kept.time->iterations = 1;
        }
        if (r.memory) {
            kept.memory = *r.memory;
            kept.memory->rss.reset();
        }
        kept.counters = r.counters;
        out.results.push_back(std::move(kept));
    }
    return out;
}

Outcome<IndexScan> refresh_index(const std::string& dir, const RunFileReader& reader, bool with_results) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return InputError{dir, "", "no such storage directory", ""};
    std::map<std::string, IndexedRun> read_before;
    // PACE_STORAGE_INDEX=off reads every run file and leaves the index alone:
    // what reading cost before the index, for bench/history/'s comparison.
    const char* setting = std::getenv("PACE_STORAGE_INDEX");
    const bool use_index = !(setting && std::string_view(setting) == "off");
    // The files the index lacks are read outside the lock (savers do not
    // wait for them) and kept aside, only once in memory, for the pass below.
    Pass pass = index_pass(dir, reader, read_before, ec, use_index, with_results, !use_index);
    if (ec) return InputError{dir, "", "cannot read the directory: " + ec.message(), ""};
    // std::move: a member of a local is copied on return otherwise, and a
    // long history's summaries are hundreds of megabytes.
    if (!pass.stale || !use_index) return std::move(pass.scan);
    const std::size_t files_read = pass.scan.files_read;
    pass.scan.runs.clear();
    pass.scan.runs.shrink_to_fit();
    // Rewrite under the lock, after a second pass that sees what savers
    // appended meanwhile (the files read in the first pass are not read again).
    MachineDirLock lock{fs::path(dir)};
    Pass locked = index_pass(dir, reader, read_before, ec, true, true);
    locked.scan.files_read += files_read;
    if (!lock.error().empty() || ec) return std::move(locked.scan);  // a read-only storage: read, not repaired
    if (locked.stale) {
        std::string text(header);
        text += '\n';
        for (const IndexedRun& entry : locked.scan.runs) text += entry_text(entry);
        remove_dead_temporaries(dir);
        locked.scan.rewritten = !write_file_atomic((fs::path(dir) / index_file_name).string(), text).has_value();
    }
    return std::move(locked.scan);
}

void visit_runs(const std::string& dir, const IndexScan& scan, const RunFileReader& reader,
                const std::function<void(std::size_t, Run&)>& visit) {
    std::map<std::string, std::size_t> wanted;  // file -> its position, for the runs to take from the index
    std::vector<bool> done(scan.runs.size(), false);
    for (std::size_t position = 0; position < scan.runs.size(); ++position) {
        const IndexedRun& entry = scan.runs[position];
        if (!entry.run) {
            done[position] = true;
        } else if (entry.run->results.size() == entry.results) {  // read whole already (from its file)
            Run run = *entry.run;
            visit(position, run);
            done[position] = true;
        } else {
            wanted[entry.file] = position;
        }
    }
    if (!wanted.empty()) {
        std::ifstream in((fs::path(dir) / index_file_name).string(), std::ios::binary);
        bool whole = true;
        if (in) {
            parse_index(in, whole, true, [&](IndexedRun&& entry) {
                auto it = wanted.find(entry.file);
                if (it == wanted.end() || done[it->second] || !entry.run) return;
                const IndexedRun& scanned = scan.runs[it->second];
                if (entry.size != scanned.size || entry.mtime_ns != scanned.mtime_ns) return;
                entry.run->source = (fs::path(dir) / entry.file).string();
                visit(it->second, *entry.run);
                done[it->second] = true;
            });
        }
    }
    // What the index no longer holds as scanned (rewritten meanwhile): from the files.
    for (std::size_t position = 0; position < scan.runs.size(); ++position) {
        if (done[position]) continue;
        const std::string path = (fs::path(dir) / scan.runs[position].file).string();
        Outcome<Run> run = reader ? reader(path) : read_run_file(path);
        if (!run) continue;
        Run summary = summarize_run(*run);
        summary.source = path;
        visit(position, summary);
    }
}

void append_to_index(const std::string& dir, const std::string& file, const Run& run) {
    const std::string path = (fs::path(dir) / file).string();
    const std::optional<FileStat> stat = stat_file(path);
    if (!stat) return;
    IndexedRun entry;
    entry.file = file;
    entry.size = stat->size;
    entry.mtime_ns = stat->mtime_ns;
    entry.run = summarize_run(run);
    std::string text = entry_text(entry);
    const std::string index_path = (fs::path(dir) / index_file_name).string();
    const int fd = ::open(index_path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) == 0) {
        char last = '\n';
        if (st.st_size == 0) text = std::string(header) + "\n" + text;
        // A torn line of a killed writer must not swallow this entry's first line.
        else if (::pread(fd, &last, 1, st.st_size - 1) == 1 && last != '\n') text = "\n" + text;
    }
    std::string_view rest = text;
    while (!rest.empty()) {
        const ssize_t written = ::write(fd, rest.data(), rest.size());
        if (written <= 0) break;
        rest.remove_prefix(static_cast<std::size_t>(written));
    }
    ::close(fd);
}

}  // namespace pace::store
