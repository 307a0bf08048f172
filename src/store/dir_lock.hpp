// SPDX-License-Identifier: Apache-2.0
// The lock of a machine directory of the storage, shared by the savers of
// run files and the writers of its index.
#pragma once

#include <fcntl.h>     // open, O_CREAT
#include <sys/file.h>  // flock
#include <unistd.h>    // close

#include <cerrno>      // errno
#include <cstring>     // std::strerror
#include <filesystem>  // std::filesystem::path
#include <string>      // std::string

namespace pace::store {

/// An exclusive flock on `<machine dir>/.lock`, held while a number is chosen
/// and its file renamed into place, and while the directory's index is
/// appended to or rewritten.
///
/// Why flock: the kernel drops the lock when its holder dies (a killed save
/// cannot wedge storage, unlike a lock file that must be removed), and flock
/// locks belong to the open file, not the process, so two threads of one
/// process exclude each other too (POSIX fcntl locks would not). Choosing
/// the number and renaming under one lock is what makes numbers unique and
/// in order: the next saver's scan already sees the renamed file. A
/// lock-free claim (O_EXCL on a per-number file) would need the claims kept
/// forever or a second scan; the lock is simpler and its critical section is
/// one directory scan and one write. flock is advisory and unreliable over
/// some network file systems; storage is meant to be local.
class MachineDirLock {
public:
    explicit MachineDirLock(const std::filesystem::path& dir) : path_((dir / ".lock").string()) {
        fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0) {
            error_ = std::strerror(errno);
            return;
        }
        while (::flock(fd_, LOCK_EX) != 0) {
            if (errno == EINTR) continue;
            error_ = std::strerror(errno);
            ::close(fd_);
            fd_ = -1;
            return;
        }
    }
    ~MachineDirLock() {
        if (fd_ >= 0) ::close(fd_);  // closing the last descriptor releases the lock
    }
    MachineDirLock(const MachineDirLock&) = delete;
    MachineDirLock& operator=(const MachineDirLock&) = delete;

    /// Why the lock could not be taken, or "" when it is held.
    const std::string& error() const { return error_; }
    const std::string& path() const { return path_; }

private:
    std::string path_;
    std::string error_;
    int fd_ = -1;
};

}  // namespace pace::store
