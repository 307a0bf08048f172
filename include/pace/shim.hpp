// SPDX-License-Identifier: Apache-2.0
// Shims: a fake executable of a given name, first on PATH, with a fixed delay,
// output and exit code, so a call to an external tool costs a known time.
#pragma once

#include <chrono>   // std::chrono::nanoseconds
#include <cstdint>  // std::int64_t
#include <string>   // std::string

namespace pace {

/// What a shim does when it runs: waits `delay` (counted from its own
/// start), prints `stdout_text`, and exits with `exit_code`. Its arguments and
/// stdin are ignored.
struct ShimOptions {
    std::chrono::nanoseconds delay{0};
    std::string stdout_text;
    int exit_code = 0;
};

/// A fake executable, first on PATH while this object lives. The executable
/// is this benchmark binary under the shim's name (a symbolic link in a
/// temporary directory): started under that name, pace's start-up code acts
/// as the shim and exits before main(), so a shim costs one exec of this
/// binary plus its delay, without a shell or an interpreter. Moving keeps it;
/// destruction takes it off PATH and deletes it. Changes the process's
/// environment: not thread-safe.
class Shim {
public:
    Shim(Shim&& other) noexcept;
    Shim& operator=(Shim&& other) noexcept;
    Shim(const Shim&) = delete;
    Shim& operator=(const Shim&) = delete;
    ~Shim();

    /// The fake executable's path.
    std::string path() const;
    /// How many times it has run so far (each run appends to a count file).
    std::int64_t calls() const;
    /// Takes it off PATH and deletes it now (the destructor does it otherwise).
    void remove();

private:
    friend Shim shim(std::string name, ShimOptions options);
    Shim(std::string dir, std::string name) : dir_(std::move(dir)), name_(std::move(name)) {}
    std::string dir_;  ///< the temporary directory put first on PATH; empty once removed
    std::string name_;
};

/// Puts a fake `name` first on PATH until the returned Shim is destroyed.
/// Throws std::runtime_error when the directory or file cannot be made.
///     using namespace std::chrono_literals;
///     auto uv = pace::shim("uv", {.delay = 10ms, .stdout_text = "Resolved 3 packages\n"});
Shim shim(std::string name, ShimOptions options = {});

}  // namespace pace
