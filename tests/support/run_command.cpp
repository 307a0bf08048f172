// SPDX-License-Identifier: Apache-2.0
#include "run_command.hpp"

#include <sys/wait.h>  // WEXITSTATUS

#include <cstdlib>     // std::system, mkdtemp
#include <filesystem>  // std::filesystem
#include <fstream>     // std::ifstream
#include <sstream>     // std::stringstream
#include <stdexcept>   // std::runtime_error

namespace pace::testing {

namespace fs = std::filesystem;

std::string quote(const std::string& argument) {
    std::string out = "'";
    for (char c : argument) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

TempDir::TempDir() {
    std::string pattern = (fs::temp_directory_path() / "pace-test-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

void TempDir::write(const std::string& name, const std::string& content) const {
    std::ofstream(file(name), std::ios::binary) << content;
}

std::string TempDir::read(const std::string& name) const {
    std::ifstream in(file(name), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

CommandResult run_command(const std::string& command, const std::string& dir, const std::vector<std::string>& env) {
    TempDir capture;
    std::string line = "cd " + quote(dir) + " && env";
    for (const std::string& e : env) line += " " + quote(e);
    line += " " + command + " >" + quote(capture.file("out")) + " 2>" + quote(capture.file("err")) + " </dev/null";
    int status = std::system(line.c_str());
    CommandResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = capture.read("out");
    r.err = capture.read("err");
    return r;
}

std::string why_no_instruction_mode() {
#if defined(__SANITIZE_ADDRESS__)
    return "valgrind cannot host an AddressSanitizer binary";
#else
    return run_command("valgrind --version").exit_code == 0 ? "" : "valgrind is not installed";
#endif
}

}  // namespace pace::testing
