// SPDX-License-Identifier: Apache-2.0
#include "importers/mapped_text.hpp"

#include <array>    // the ranges the handler knows
#include <atomic>   // shared with the signal handler without locks
#include <cstdint>  // std::uintptr_t
#include <mutex>    // std::call_once: the handler installed once

#if defined(__linux__)
#include <fcntl.h>     // open
#include <signal.h>    // sigaction, SIGBUS
#include <sys/mman.h>  // mmap, munmap, madvise
#include <unistd.h>    // close, sysconf
#endif

namespace pace {

#if defined(__linux__)

namespace {

// The mapped ranges, for the SIGBUS handler: plain atomics, so the handler
// reads them without a lock. A free slot has begin == 0.
struct Range {
    std::atomic<std::uintptr_t> begin{0}, end{0};
    std::atomic<unsigned> vanished_pages{0};
};
std::array<Range, 64> ranges;
static_assert(std::atomic<std::uintptr_t>::is_always_lock_free, "the SIGBUS handler needs lock-free atomics");

struct sigaction previous_action {};
std::once_flag handler_installed;
bool handler_ok = false;
std::size_t page_size = 4096;  // set before the handler is installed, read-only after

// Runs on the faulting thread. Only async-signal-safe calls: mmap, sigaction.
void on_bus_error(int signal, siginfo_t* info, void* context) {
    const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
    for (Range& range : ranges) {
        const std::uintptr_t begin = range.begin.load();
        if (begin <= 1 || address < begin || address >= range.end.load()) continue;  // free, or not this one
        const std::uintptr_t page = address & ~(static_cast<std::uintptr_t>(page_size) - 1);
        void* zeros = mmap(reinterpret_cast<void*>(page), page_size, PROT_READ,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (zeros == MAP_FAILED) break;
        range.vanished_pages.fetch_add(1);
        return;  // the read is retried, and finds zeros
    }
    // Not a page of ours: whoever handled SIGBUS before does, or the default
    // action (a core dump) once the read is retried.
    if (previous_action.sa_flags & SA_SIGINFO) {
        if (previous_action.sa_sigaction) return previous_action.sa_sigaction(signal, info, context);
    } else if (previous_action.sa_handler != SIG_DFL && previous_action.sa_handler != SIG_IGN) {
        return previous_action.sa_handler(signal);
    }
    struct sigaction fallback {};
    fallback.sa_handler = SIG_DFL;
    sigemptyset(&fallback.sa_mask);
    sigaction(SIGBUS, &fallback, nullptr);
}

void install_handler() {
    page_size = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    struct sigaction action {};
    action.sa_sigaction = on_bus_error;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    handler_ok = sigaction(SIGBUS, &action, &previous_action) == 0;
}

}  // namespace

std::optional<MappedText> MappedText::map(const std::string& path, std::size_t size, std::size_t padding) {
    std::call_once(handler_installed, install_handler);
    if (!handler_ok) return std::nullopt;
    const std::size_t page = page_size;
    const std::size_t span = (size + padding + page - 1) / page * page;
    // Anonymous zero pages for the whole span, then the file over its start:
    // what follows the file's last byte reads as zeros either way.
    void* start = mmap(nullptr, span, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (start == MAP_FAILED) return std::nullopt;
    std::size_t slot = ranges.size();
    for (std::size_t i = 0; i < ranges.size() && slot == ranges.size(); ++i) {
        std::uintptr_t free = 0;
        if (ranges[i].begin.compare_exchange_strong(free, 1)) slot = i;  // taken; 1 matches no address
    }
    auto give_up = [&] {
        munmap(start, span);
        if (slot < ranges.size()) ranges[slot].begin.store(0);
        return std::nullopt;
    };
    if (slot == ranges.size()) return give_up();
    Range& range = ranges[slot];
    range.vanished_pages.store(0);
    range.end.store(reinterpret_cast<std::uintptr_t>(start) + span);
    range.begin.store(reinterpret_cast<std::uintptr_t>(start));
    if (size > 0) {
        const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return give_up();
        // MAP_POPULATE: the pages come from the page cache in one call rather
        // than a fault each.
        void* file = mmap(start, (size + page - 1) / page * page, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE, fd, 0);
        close(fd);
        if (file == MAP_FAILED) return give_up();
    }
    return MappedText(static_cast<const char*>(start), size, span, slot);
}

MappedText::MappedText(MappedText&& other) noexcept
    : start_(other.start_), size_(other.size_), span_(other.span_), slot_(other.slot_) {
    other.start_ = nullptr;
}

MappedText::~MappedText() {
    if (!start_) return;
    ranges[slot_].begin.store(0);
    munmap(const_cast<char*>(start_), span_);
}

bool MappedText::file_changed() const { return ranges[slot_].vanished_pages.load() > 0; }

void MappedText::release_before(const char* position) const {
    if (!start_ || position <= start_ || position > start_ + size_) return;
    const auto bytes = static_cast<std::size_t>(position - start_) / page_size * page_size;
    // The mapping is private and never written: dropped pages are read again
    // from the file if touched, as when they were first mapped.
    if (bytes > 0) madvise(const_cast<char*>(start_), bytes, MADV_DONTNEED);
}

#else  // no mmap: callers read the file instead

std::optional<MappedText> MappedText::map(const std::string&, std::size_t, std::size_t) { return std::nullopt; }
MappedText::MappedText(MappedText&& other) noexcept = default;
MappedText::~MappedText() = default;
bool MappedText::file_changed() const { return false; }
void MappedText::release_before(const char*) const {}

#endif

}  // namespace pace
