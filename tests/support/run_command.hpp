// SPDX-License-Identifier: Apache-2.0
// Running a built binary as a user would, for end-to-end tests.
#pragma once

#include <string>  // std::string
#include <vector>  // std::vector

namespace pace::testing {

struct CommandResult {
    int exit_code = -1;
    std::string out;  ///< stdout
    std::string err;  ///< stderr
};

/// Runs `command` (a shell command line) in `dir` with its output captured in
/// files, never through a terminal. `env` entries ("NAME=value") are added.
CommandResult run_command(const std::string& command, const std::string& dir = ".",
                          const std::vector<std::string>& env = {});

/// Why instruction mode (valgrind) cannot run from this test binary: "valgrind
/// cannot host an AddressSanitizer binary" or "valgrind is not installed";
/// empty when it can. For `GTEST_SKIP() << why`, so a skip says its reason.
std::string why_no_instruction_mode();

/// Quotes one argument for the shell.
std::string quote(const std::string& argument);

/// A fresh temporary directory, removed by the destructor.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }
    void write(const std::string& name, const std::string& content) const;
    std::string read(const std::string& name) const;

private:
    std::string path_;
};

}  // namespace pace::testing
