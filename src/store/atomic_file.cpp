// SPDX-License-Identifier: Apache-2.0
#include "store/atomic_file.hpp"

#include <fcntl.h>     // open
#include <sys/file.h>  // flock: a temporary's lock, held by its writer while it lives
#include <sys/stat.h>  // fchmod
#include <unistd.h>    // write, fsync, close, unlink

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
    // Held until the close below, or released by the kernel when the writer
    // dies: a temporary nobody holds is a dead writer's. A failure only costs
    // that distinction, so it is not an error.
    (void)::flock(fd, LOCK_EX | LOCK_NB);
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

namespace {

// `.<name>.XXXXXX` as mkstemp fills it in above: a dot, a name, a dot, six
// characters from [A-Za-z0-9].
bool is_temporary_name(const std::string& name) {
    if (name.size() < 9 || name.front() != '.' || name[name.size() - 7] != '.') return false;
    for (std::size_t i = name.size() - 6; i < name.size(); ++i) {
        char c = name[i];
        bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum) return false;
    }
    return true;
}

}  // namespace

std::size_t remove_dead_temporaries(const std::string& dir) {
    namespace fs = std::filesystem;
    std::size_t removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (!is_temporary_name(name)) continue;
        const std::string path = it->path().string();
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) continue;
        // Taken only when no writer holds it: the writer is gone. Unlinked
        // while held, so no writer can be between its check and the unlink.
        if (::flock(fd, LOCK_EX | LOCK_NB) == 0 && ::unlink(path.c_str()) == 0) ++removed;
        ::close(fd);
    }
    return removed;
}

}  // namespace pace::store
