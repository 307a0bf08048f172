// SPDX-License-Identifier: Apache-2.0
// `pace cmd --shim`: fake executables of fixed cost first on PATH for the
// measured commands, the same ones pace::shim makes for a benchmark.
#pragma once

#include <optional>  // an error or none
#include <string>  // std::string
#include <vector>  // std::vector

#include "model/outcome.hpp"
#include "platform/shim_program.hpp"  // ShimBehaviour

namespace pace::cmd {

/// One `--shim` argument: the tool's name and what its fake does.
struct ShimSpec {
    std::string name;
    platform::ShimBehaviour behaviour;
};

/// Parses `NAME[=DELAY][:delay=DELAY][:exit=N][:stdout=TEXT]`: `uv=10ms`,
/// `git:exit=1`, `uv=2ms:stdout=Resolved 3 packages\n`. DELAY is a number
/// with a unit (ns, us, µs, ms, s); `stdout` comes last and takes the rest of
/// the argument (colons included), with `\n`, `\t` and `\\` unescaped. An
/// error names the argument and what is wrong, with a hint.
Outcome<ShimSpec> parse_shim_spec(const std::string& text);

/// The shims of one `pace cmd`: a temporary directory holding them, first on
/// PATH (so the measured commands, their shell and its children find them)
/// until destroyed, when it is taken off PATH and deleted.
class ShimSet {
public:
    ShimSet() = default;
    ShimSet(const ShimSet&) = delete;
    ShimSet& operator=(const ShimSet&) = delete;
    ~ShimSet();

    /// Makes the shims; an error (the directory or a file cannot be made, a
    /// name given twice) leaves nothing behind.
    std::optional<InputError> install(const std::vector<ShimSpec>& shims);

    /// The directory on PATH; empty before install() or without shims.
    const std::string& directory() const { return dir_; }

private:
    void remove();
    std::string dir_;
};

}  // namespace pace::cmd
