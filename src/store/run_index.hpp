// SPDX-License-Identifier: Apache-2.0
// The index of a machine directory of the storage: one file,
// `<storage>/<machine-id>/.index`, holding per saved run what `pace list`,
// `pace history show` and `pace plot --view history` need (the file's name,
// size and time, its commit, date and each result's summary figures), so they
// read one file instead of every run. docs/storage.md describes the format.
//
// The index is a cache: the run files stay the truth. save_run appends the
// run it saves; a reader checks the index against the directory (file names,
// sizes and modification times) and reads only the files it lacks or that
// changed, then rewrites it, so files added or removed by hand, a missing
// index and one cut short by a crash are all repaired on the next read.
#pragma once

#include <cstdint>     // std::int64_t
#include <functional>  // std::function: the reader of run files
#include <optional>    // std::optional
#include <string>      // std::string
#include <vector>      // std::vector

#include "model/outcome.hpp"  // Outcome, InputError
#include "model/run.hpp"      // Run

namespace pace::store {

/// Reads one run file. The storage's own reader (the pace JSON format, via
/// model/) is used when none is given; the `pace` command passes its faster one.
using RunFileReader = std::function<Outcome<Run>(const std::string& path)>;

/// The index's name inside a machine directory.
inline constexpr const char* index_file_name = ".index";

/// One run file as the index knows it.
struct IndexedRun {
    std::string file;            ///< the file name inside the machine directory
    std::int64_t size = 0;       ///< bytes, when indexed
    std::int64_t mtime_ns = 0;   ///< modification time when indexed, ns since the epoch
    /// The run's summary: producer, mode, datetime, commit (id, time and the
    /// history keys parent, subject, author_time, bench_sources_absent), the
    /// machine's id fields, and per result its id, status, time statistics
    /// (no samples), memory figures and counters. Empty when the file could not be read.
    std::optional<Run> run;
    std::size_t results = 0;  ///< the results of the run (also when they were not read: see refresh_index)
    std::string error;  ///< why the file could not be read ("" when it could): one line, naming the file
};

/// What refresh_index found in a machine directory.
struct IndexScan {
    std::vector<IndexedRun> runs;  ///< every run file of the directory, in file-name order
    std::size_t files_read = 0;    ///< run files read because the index lacked them or they changed
    bool rewritten = false;        ///< the index was (re)written
};

/// The summary of `run` as the index keeps it: what IndexedRun::run holds.
Run summarize_run(const Run& run);

/// The index of the machine directory `dir`, brought up to date: the run files
/// it lacks, or whose size or time changed, are read with `reader`; entries of
/// files that are gone are dropped; and, when anything changed, the index is
/// rewritten atomically under the directory's lock (a read-only storage just
/// is not rewritten). A corrupt or foreign file is kept as an entry with its
/// error, so it is reported on every read without being read again. An index
/// that is corrupt is read as far as it is whole. Safe against concurrent
/// saves and readers (threads and processes). With `with_results` false the
/// runs come without their results (only their count), which is what
/// `pace list` needs and far cheaper over a long history. A summary's results
/// carry null `extra_info` and `options`.
///
///     auto scan = pace::store::refresh_index(".pace/Linux-x86_64-...");
///     for (const auto& entry : scan->runs) if (!entry.run) warn(entry.error);
Outcome<IndexScan> refresh_index(const std::string& dir, const RunFileReader& reader = {},
                                 bool with_results = true);

/// Hands the runs of `scan` (refresh_index's of `dir`, made with or without
/// results) to `visit` one at a time with their results, each with its
/// position in scan.runs: so a long history's summaries need not all be in
/// memory at once. A run comes from the index, or from its file when the
/// index no longer holds it as scanned (rewritten by a concurrent reader).
/// Entries without a run (unreadable files) are not visited; the order of
/// the visits is not the positions' order.
///
///     auto scan = pace::store::refresh_index(dir, {}, false);
///     pace::store::visit_runs(dir, *scan, {}, [&](std::size_t i, pace::Run& run) { keep(i, run); });
void visit_runs(const std::string& dir, const IndexScan& scan, const RunFileReader& reader,
                const std::function<void(std::size_t position, Run& run)>& visit);

/// Appends `run`, just saved as `file` in `dir`, to the directory's index.
/// The caller holds the directory's lock (save_run does). Failures are
/// ignored: a missing entry is found and added by the next refresh_index.
void append_to_index(const std::string& dir, const std::string& file, const Run& run);

}  // namespace pace::store
