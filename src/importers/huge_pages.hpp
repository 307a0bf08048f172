// SPDX-License-Identifier: Apache-2.0
// Asking the kernel for huge pages behind the large buffers a file is read
// into. Platform code, apart so the readers stay portable.
#pragma once

#include <cstddef>  // std::size_t

namespace pace {

/// Advises that the pages of [start, start + bytes) be backed by huge pages
/// where the system offers them (Linux transparent huge pages in `madvise`
/// mode); elsewhere it does nothing. Reading a 30 MB result file touches
/// about 100 MB of fresh memory: with 4 KiB pages that is some 25,000 page
/// faults, which cost more than the parse on a virtual machine. Only whole
/// pages inside the range are advised. Thread-safe.
void prefer_huge_pages(void* start, std::size_t bytes) noexcept;

}  // namespace pace
