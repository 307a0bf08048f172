// SPDX-License-Identifier: Apache-2.0
#include "cli/console.hpp"

#include <cerrno>      // errno
#include <cstdio>      // std::fputs, std::fopen
#include <cstdlib>     // std::getenv
#include <cstring>     // std::strerror
#include <algorithm>   // std::min
#include <filesystem>  // std::filesystem::rename
#include <vector>      // std::vector

#include <unistd.h>  // isatty, getpid

#include <fmt/format.h>  // fmt::format

namespace pace::cli {

void print_error(const InputError& error) {
    std::string line = "pace: error: " + error.describe() + "\n";
    if (!error.hint.empty()) line += "hint: " + error.hint + "\n";
    std::fputs(line.c_str(), stderr);
}

void print_warning(const std::string& message) { std::fputs(("pace: warning: " + message + "\n").c_str(), stderr); }

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

}  // namespace

std::string parse_error_hint(const std::string& message, const CLI::App& app) {
    const CLI::App* command = &app;
    for (const CLI::App* sub : app.get_subcommands()) command = sub;
    std::string help = command == &app ? "run 'pace --help' for the commands"
                                       : "run 'pace " + command->get_name() + " --help' for its options";
    // CLI11 names the unexpected arguments after the last colon.
    auto colon = message.rfind(": ");
    if (colon == std::string::npos) return help;
    std::string unknown = message.substr(colon + 2);
    if (unknown.rfind("--", 0) != 0) return help;
    unknown = unknown.substr(0, unknown.find_first_of(" =,"));
    std::string best;
    std::size_t best_distance = 3;
    for (const CLI::Option* option : command->get_options()) {
        for (const std::string& name : option->get_lnames()) {
            std::size_t d = edit_distance(unknown.substr(2), name);
            if (d < best_distance) {
                best_distance = d;
                best = "--" + name;
            }
        }
    }
    return best.empty() ? help : "did you mean " + best + "? " + help;
}

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
