// SPDX-License-Identifier: Apache-2.0
// The fake executables behind pace::shim and `pace cmd --shim`: the running
// program itself, linked under the tool's name into a temporary directory put
// first on PATH, beside a file saying what to do. Started under that name,
// the program's start-up code (in shim_program.cpp, before main) acts as the
// shim and exits, so a shim needs no compiler, shell or interpreter.
#pragma once

#include <cstdint>   // std::int64_t
#include <optional>  // an error message or none
#include <string>    // std::string

namespace pace::platform {

/// What a shim does when it runs: waits until `delay_ns` after its own start,
/// having written `stdout_text` to its stdout, then exits with `exit_code`.
/// Its arguments and stdin are ignored.
struct ShimBehaviour {
    std::int64_t delay_ns = 0;
    int exit_code = 0;
    std::string stdout_text;
};

/// Makes a fresh directory `$TMPDIR/pace-shim-XXXXXX` (/tmp without TMPDIR)
/// and stores its path in `dir`. Returns an error message when it cannot.
std::optional<std::string> make_shim_directory(std::string& dir);

/// Puts an executable `name` into `dir` that behaves as `behaviour` says: a
/// symbolic link to this program and a description beside it. `name` must be
/// a program name (not empty, no slash). Returns an error message on failure.
///
///     std::string dir;
///     if (auto e = pace::platform::make_shim_directory(dir)) { /* report *e */ }
///     pace::platform::install_shim(dir, "uv", {.delay_ns = 10'000'000});
std::optional<std::string> install_shim(const std::string& dir, const std::string& name, const ShimBehaviour& behaviour);

/// How many times the shim `name` in `dir` has run (each run appends a byte
/// to a count file beside it).
std::int64_t shim_calls(const std::string& dir, const std::string& name);

/// Puts `dir` first on this process's PATH (the children it starts inherit
/// it). Changes the environment: not thread-safe.
void prepend_to_path(const std::string& dir);

/// Takes the first PATH entry equal to `dir` out of PATH. Not thread-safe.
void remove_from_path(const std::string& dir);

}  // namespace pace::platform
