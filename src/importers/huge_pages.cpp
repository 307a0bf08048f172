// SPDX-License-Identifier: Apache-2.0
#include "importers/huge_pages.hpp"

#include <cstdint>  // std::uintptr_t

#if defined(__linux__)
#include <sys/mman.h>  // madvise, MADV_HUGEPAGE
#include <unistd.h>    // sysconf(_SC_PAGESIZE)
#endif

namespace pace {

void prefer_huge_pages(void* start, std::size_t bytes) noexcept {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    // Below 2 MiB no huge page fits; the advice would be a wasted system call.
    constexpr std::size_t worth_it = std::size_t{4} << 20;
    if (!start || bytes < worth_it) return;
    const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    const auto first = (reinterpret_cast<std::uintptr_t>(start) + page - 1) / page * page;
    const auto end = (reinterpret_cast<std::uintptr_t>(start) + bytes) / page * page;
    if (end <= first) return;
    // Advice only: a kernel without transparent huge pages refuses it, and
    // the memory works the same either way.
    (void)madvise(reinterpret_cast<void*>(first), end - first, MADV_HUGEPAGE);
#else
    (void)start;
    (void)bytes;
#endif
}

}  // namespace pace
