// SPDX-License-Identifier: Apache-2.0
// pace::shim: the fake executable is this very binary under another name;
// platform/shim_program.cpp makes it and, before main(), plays it.
#include "pace/shim.hpp"

#include <filesystem>    // removing the directory
#include <stdexcept>     // std::runtime_error
#include <string>        // std::string
#include <system_error>  // std::error_code

#include "platform/shim_program.hpp"

namespace pace {

Shim shim(std::string name, ShimOptions options) {
    if (name.empty() || name.find('/') != std::string::npos)
        throw std::runtime_error("pace::shim: \"" + name + "\" is not a program name (no slash, not empty)");
    std::string dir;
    if (auto e = platform::make_shim_directory(dir)) throw std::runtime_error("pace::shim: " + *e);
    Shim made(dir, name);  // from here on, the destructor cleans up
    if (auto e = platform::install_shim(
            dir, name, {static_cast<std::int64_t>(options.delay.count()), options.exit_code, options.stdout_text}))
        throw std::runtime_error("pace::shim: " + *e);
    platform::prepend_to_path(dir);
    return made;
}

Shim::Shim(Shim&& other) noexcept : dir_(std::move(other.dir_)), name_(std::move(other.name_)) { other.dir_.clear(); }

Shim& Shim::operator=(Shim&& other) noexcept {
    if (this != &other) {
        remove();
        dir_ = std::move(other.dir_);
        name_ = std::move(other.name_);
        other.dir_.clear();
    }
    return *this;
}

Shim::~Shim() { remove(); }

std::string Shim::path() const { return dir_.empty() ? "" : dir_ + "/" + name_; }

std::int64_t Shim::calls() const { return dir_.empty() ? 0 : platform::shim_calls(dir_, name_); }

void Shim::remove() {
    if (dir_.empty()) return;
    platform::remove_from_path(dir_);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    dir_.clear();
}

}  // namespace pace
