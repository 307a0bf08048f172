// SPDX-License-Identifier: Apache-2.0
// The memory pass: exact allocation figures of one untimed call.
#pragma once

#include <cstdint>  // std::int64_t

namespace pace::memory {

/// What one tracked call allocated. Sizes are the bytes the program asked
/// for (the argument of malloc or operator new), not what the allocator
/// rounded them up to, so the figures are the same on every allocator.
/// Only blocks allocated between start() and stop() count: freeing a block
/// allocated earlier changes nothing, so no figure is ever negative.
struct Figures {
    std::int64_t peak = 0;         ///< high-water mark of bytes allocated since start() and still live, all threads
    std::int64_t allocated = 0;    ///< total bytes allocated
    std::int64_t allocations = 0;  ///< number of allocations
    std::int64_t leaked = 0;       ///< bytes allocated during the call and still live after it
};

/// True when the allocation hooks are linked into this binary.
bool available();

/// Starts tracking allocations on every thread. Not re-entrant: call stop()
/// before the next start(). Allocations racing with start() or stop() on
/// other threads may fall on either side.
///     pace::memory::start();
///     auto v = make_data();  // counted
///     pace::memory::Figures f = pace::memory::stop();
void start();

/// Stops tracking and returns the figures since start(). A realloc counts as
/// one allocation of the new size followed by the free of the old block.
Figures stop();

}  // namespace pace::memory
