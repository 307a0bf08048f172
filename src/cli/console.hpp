// SPDX-License-Identifier: Apache-2.0
// What every subcommand of the pace command shares: the one-line error format
// of DESIGN.md section 9, colour detection, and atomic file output.
#pragma once

#include <cstddef>   // std::size_t
#include <optional>  // std::optional
#include <string>    // std::string
#include <type_traits>  // std::decay_t
#include <vector>    // std::vector

#include <CLI/CLI.hpp>  // CLI::App

#include "model/outcome.hpp"
#include "model/run.hpp"

namespace pace::cli {

/// Exit codes (DESIGN.md section 9).
inline constexpr int exit_ok = 0;
inline constexpr int exit_regression = 1;
inline constexpr int exit_usage = 2;

/// Prints `pace: error: <file>: <where>: <message>` and, when there is one,
/// `hint: <hint>` to stderr.
void print_error(const InputError& error);

/// The hint of the pace command's out-of-memory error when no one file is to blame.
inline constexpr const char* too_little_memory_hint =
    "the result files need more memory than this process may use; compare fewer or smaller files, or raise "
    "the limit (ulimit -v)";

/// Makes an exit through std::terminate on an allocation failure (an
/// exception thrown from a destructor while unwinding one, as nlohmann's json
/// can) print load_run's out-of-memory error for the file this thread was
/// reading, or a general one, and exit with exit_usage instead of aborting.
/// Other reasons to terminate abort as before.
void exit_cleanly_when_out_of_memory();

/// Prints `pace: warning: <message>` to stderr.
void print_warning(const std::string& message);

/// True when stdout is a terminal and NO_COLOR is unset or empty.
bool stdout_wants_color();

/// Columns of the terminal stdout is, or 0 when stdout is not a terminal (a
/// file or a pipe keeps whole lines). A terminal that does not say is 80 wide.
std::size_t stdout_terminal_width();

/// The hint for a command line CLI11 rejected: the close option name when an
/// unknown `--flag` is one or two edits from a real one, else where to find help.
std::string parse_error_hint(const std::string& message, const CLI::App& app);

/// Writes `content` to `path` through a temporary file in the same directory
/// and a rename, so a reader never sees half a file. The error names the path.
std::optional<InputError> write_file_atomically(const std::string& path, const std::string& content,
                                                const std::string& flag);

/// Reads the runs named on a command line (files or saved-run references),
/// each on its own thread and through the fast reader for pace and
/// pytest-benchmark files: on large files reading is most of a command's
/// time. The error is the first bad reference's in argument order.
/// Saved-run references are looked up in `store` (a directory or a PostgreSQL URL).
Outcome<std::vector<Run>> load_runs(const std::vector<std::string>& references, const std::string& store = ".pace");

/// Hands `value` over to the end of the process instead of destroying it: a
/// command about to exit need not free a large structure piece by piece when
/// the system takes all its memory back at once. Freeing the two runs of a
/// 10,000-benchmark comparison took 11 ms of its 150 (bench/compare). The
/// value stays reachable, so leak checkers do not report it.
template <typename T>
void keep_until_exit(T&& value) {
    static auto* const kept = new std::vector<std::decay_t<T>>();  // never destroyed, on purpose
    kept->push_back(std::forward<T>(value));
}

}  // namespace pace::cli
