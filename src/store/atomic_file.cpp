// SPDX-License-Identifier: Apache-2.0
#include "store/atomic_file.hpp"

#include <fcntl.h>     // open
#include <sys/stat.h>  // fchmod
#include <unistd.h>  // write, fsync, close

#include <cerrno>      // errno
#include <cstring>     // std::strerror
#include <filesystem>  // std::filesystem::path

namespace pace::store {

std::optional<InputError> write_file_atomic(const std::string& path, const std::string& content) {
    namespace fs = std::filesystem;
    auto failure = [&](const std::string& what) {
        return InputError{path, "", what + ": " + std::strerror(errno), ""};
    };
    fs::path target(path);
    std::string dir = target.has_parent_path() ? target.parent_path().string() : std::string(".");
    // mkstemp gives each writer its own temporary, so concurrent writers never share one.
    std::string temp = (fs::path(dir) / ("." + target.filename().string() + ".XXXXXX")).string();
    int fd = mkstemp(temp.data());
    if (fd < 0) return failure("cannot create a file in " + dir);
    const char* data = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        ssize_t n = ::write(fd, data, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            auto e = failure("cannot write");
            ::close(fd);
            ::unlink(temp.c_str());
            return e;
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fchmod(fd, 0644) != 0 || ::fsync(fd) != 0) {
        auto e = failure("cannot write");
        ::close(fd);
        ::unlink(temp.c_str());
        return e;
    }
    ::close(fd);
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        auto e = failure("cannot replace");
        ::unlink(temp.c_str());
        return e;
    }
    return std::nullopt;
}

}  // namespace pace::store
