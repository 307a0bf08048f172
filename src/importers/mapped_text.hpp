// SPDX-License-Identifier: Apache-2.0
// A result file's text mapped into memory instead of read into a buffer.
// Platform code, apart so the readers stay portable.
#pragma once

#include <cstddef>      // std::size_t
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view

namespace pace {

/// The first `size` bytes of a file, mapped read-only, followed by at least
/// `padding` zero bytes. Mapping spares the copy a read makes into fresh
/// memory, and fresh memory is slow on a virtual machine just after another
/// process freed it: on two 30 MB runs read right after pytest-benchmark ran,
/// `pace compare` took about 0.85 of the time it takes reading them; run
/// after itself, the same (bench/compare).
///
/// A file truncated while mapped would make reading the vanished pages a
/// SIGBUS. A handler, installed with the first mapping and passing any other
/// SIGBUS on to whatever handled it before, puts zero pages in their place
/// and notes it: the reader then meets zeros, and the caller asks
/// file_changed() and reports the file as changed while being read.
/// Move-only; unmaps on destruction. Thread-safe across instances.
class MappedText {
public:
    /// Maps `path`; empty when it cannot (no mmap on this platform or file
    /// system, too many files mapped at once): the caller reads it instead.
    static std::optional<MappedText> map(const std::string& path, std::size_t size, std::size_t padding);

    MappedText(MappedText&& other) noexcept;
    MappedText& operator=(MappedText&&) = delete;
    MappedText(const MappedText&) = delete;
    MappedText& operator=(const MappedText&) = delete;
    ~MappedText();

    std::string_view text() const { return {start_, size_}; }
    /// Gives the whole pages of the text before `position` back to the
    /// system: a reader that is past them (one streaming a large file) keeps
    /// the process's memory smaller. Reading them again is still correct —
    /// the pages come back from the file — only slower. No-op where not
    /// supported, or for a position outside the text.
    void release_before(const char* position) const;
    /// True when pages of the file vanished while mapped (it was truncated):
    /// the text then holds zeros where they were, and is not the file's.
    bool file_changed() const;

private:
    MappedText(const char* start, std::size_t size, std::size_t span, std::size_t slot)
        : start_(start), size_(size), span_(span), slot_(slot) {}
    const char* start_ = nullptr;
    std::size_t size_ = 0;
    std::size_t span_ = 0;  ///< bytes mapped, padding included
    std::size_t slot_ = 0;  ///< its entry among the ranges the SIGBUS handler knows
};

}  // namespace pace
