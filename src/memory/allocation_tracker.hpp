// SPDX-License-Identifier: Apache-2.0
// The memory pass: exact allocation figures of one untimed call.
#pragma once

#include <cstdint>  // std::int64_t

namespace pace::memory {

/// What one tracked call allocated.
struct Figures {
    std::int64_t peak = 0;         ///< high-water mark of live heap bytes above the start
    std::int64_t allocated = 0;    ///< total bytes allocated
    std::int64_t allocations = 0;  ///< number of allocations
    std::int64_t leaked = 0;       ///< bytes allocated during the call and still live after it
};

/// True when the allocation hooks are linked into this binary.
bool available();

/// Starts tracking allocations on every thread. Not re-entrant.
void start();

/// Stops tracking and returns the figures since start().
Figures stop();

}  // namespace pace::memory
