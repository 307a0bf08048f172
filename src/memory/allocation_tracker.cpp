// SPDX-License-Identifier: Apache-2.0
// Placeholder until the allocation hooks land: reports that tracking is unavailable.
#include "memory/allocation_tracker.hpp"

namespace pace::memory {
bool available() { return false; }
void start() {}
Figures stop() { return {}; }
}  // namespace pace::memory
