// SPDX-License-Identifier: Apache-2.0
// Any result file into a Run: the format is told from the content, never from
// the file name, and bad input of any kind comes back as an InputError.
#pragma once

#include <cstddef>      // std::size_t
#include <cstdint>      // std::uintmax_t
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view

#include "model/outcome.hpp"
#include "model/run.hpp"

namespace pace {

/// A result format pace reads, by its name: "pace/pytest-benchmark JSON",
/// "Google Benchmark JSON", "Google Benchmark CSV", "hyperfine JSON". The
/// names come from the table of importers in load.cpp.
using ResultFormat = std::string_view;

/// The largest file load_run reads, in bytes. Result files are megabytes; a
/// file past this is almost surely not one, and reading it whole would be slow.
inline constexpr std::uintmax_t max_result_file_bytes = std::uintmax_t{1} << 30;

/// Zero bytes load_run leaves readable past the end of a file's text, so a
/// parser that reads in blocks (simdjson) needs no padded copy of it.
inline constexpr std::size_t text_padding_bytes = 64;

/// A faster reader of pace/pytest-benchmark JSON text that may decline (return
/// empty) any text; the general reader then reads it and reports its errors.
/// `padded` is true when text_padding_bytes follow the text in memory.
/// The `pace` command passes read_pace_json_fast (importers/pace_fast.hpp);
/// libpace itself does not carry it, so benchmark binaries need no simdjson.
using PaceJsonReader = std::optional<Run> (*)(std::string_view text, bool padded);

/// Reads the result file at `path` in any format pace knows and checks it
/// (validate_run). Errors name the file and, where there is one, the JSON path
/// or line. `fast`, when given, is tried first on JSON text. `map_file` maps
/// the file instead of reading it where the platform allows (MappedText:
/// faster on large files, and it installs a SIGBUS handler, so the pace
/// command asks for it and libpace's users do not). Thread-safe.
/// Example: `auto run = load_run("base.json");`
///          `if (!run) { std::cerr << run.error().describe(); return 2; }`
Outcome<Run> load_run(const std::string& path, PaceJsonReader fast = nullptr, bool map_file = false);

/// What load_run says when memory runs out while it reads a file.
inline constexpr const char* out_of_memory_message = "out of memory while reading it";
inline constexpr const char* out_of_memory_hint =
    "the file needs more memory than this process may use (see ulimit -v)";

/// The path load_run is reading on this thread, or null. For a last-resort
/// message when memory runs out where no error can be returned: nlohmann's
/// json allocates in its destructor, so unwinding a half-read Run after an
/// allocation failed can end in std::terminate.
const std::string* file_being_read() noexcept;

/// load_run on text already in memory; `label` stands for the file name in
/// errors and in Run::source.
Outcome<Run> load_run_from_text(std::string_view text, const std::string& label, PaceJsonReader fast = nullptr);

/// The format `text` is in, or an error saying why none fits (binary data,
/// asv results, an unknown JSON layout).
Outcome<ResultFormat> detect_format(std::string_view text, const std::string& label);

}  // namespace pace
