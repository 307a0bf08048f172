// SPDX-License-Identifier: Apache-2.0
#include "cli/console.hpp"

#include <cerrno>      // errno
#include <cstdio>      // std::fputs, std::fopen
#include <cstdlib>     // std::getenv
#include <cstring>     // std::strerror
#include <filesystem>  // std::filesystem::rename

#include <unistd.h>  // isatty, getpid

#include <fmt/format.h>  // fmt::format

namespace pace::cli {

void print_error(const InputError& error) {
    std::string line = "pace: error: " + error.describe() + "\n";
    if (!error.hint.empty()) line += "hint: " + error.hint + "\n";
    std::fputs(line.c_str(), stderr);
}

void print_warning(const std::string& message) { std::fputs(("pace: warning: " + message + "\n").c_str(), stderr); }

bool stdout_wants_color() {
    // https://no-color.org: any non-empty NO_COLOR turns colour off.
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    return isatty(fileno(stdout)) == 1;
}

std::optional<InputError> write_file_atomically(const std::string& path, const std::string& content,
                                                const std::string& flag) {
    namespace fs = std::filesystem;
    fs::path target(path);
    // The temporary sits beside the target: a rename is atomic only within one file system.
    fs::path temp = target;
    temp += fmt::format(".tmp.{}", static_cast<long>(getpid()));
    std::FILE* f = std::fopen(temp.c_str(), "wb");
    if (!f) return InputError{flag, "", fmt::format("cannot write {}: {}", path, std::strerror(errno)), ""};
    bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
    ok = std::fflush(f) == 0 && ok;
    ok = std::fclose(f) == 0 && ok;
    if (!ok) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        return InputError{flag, "", fmt::format("cannot write {}: {}", path, std::strerror(errno)), ""};
    }
    std::error_code ec;
    fs::rename(temp, target, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        return InputError{flag, "", fmt::format("cannot write {}: {}", path, ec.message()), ""};
    }
    return std::nullopt;
}

}  // namespace pace::cli
