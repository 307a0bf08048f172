// SPDX-License-Identifier: Apache-2.0
// The counters of the memory pass, shared by start()/stop() and the allocation hooks.
#pragma once

#include <atomic>   // std::atomic
#include <cstdint>  // std::int64_t, std::uint32_t

// A sanitizer runtime (ASan, TSan, MSan, HWASan) brings its own malloc and
// operator new; defining ours beside it would clash. Such builds count
// through the runtime's allocation callbacks instead (sanitizer_hooks.cpp).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define PACE_MEMORY_SANITIZER_ALLOCATOR 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer) || \
    __has_feature(hwaddress_sanitizer)
#define PACE_MEMORY_SANITIZER_ALLOCATOR 1
#endif
#endif
#ifndef PACE_MEMORY_SANITIZER_ALLOCATOR
#define PACE_MEMORY_SANITIZER_ALLOCATOR 0
#endif

namespace pace::memory::detail {

/// Read-mostly switches, alone on their cache line so that the counters
/// written by tracked allocations never evict them from other cores.
struct alignas(64) Switches {
    /// 0 while tracking is off, else the id of the current session. Every
    /// hook loads it (relaxed) first; while it is 0 a hook just forwards.
    std::atomic<std::uint32_t> session{0};
};
extern Switches switches;

/// Live bytes of the current session and their high-water mark. One global
/// counter rather than per-thread ones: the peak across threads is the
/// maximum over the counter's single modification order, which no sum of
/// per-thread figures can give exactly.
struct alignas(64) LiveBytes {
    std::atomic<std::int64_t> live{0};
    std::atomic<std::int64_t> peak{0};
};
extern LiveBytes live_bytes;

/// Allocation counts of one thread. Only the owning thread writes them (a
/// load and a store, no locked instruction); stop() reads them.
struct alignas(64) ThreadTally {
    std::atomic<std::uint32_t> session{0};    ///< the session the counts belong to
    std::atomic<bool> claimed{false};         ///< owned by a live thread
    std::atomic<std::int64_t> allocated{0};   ///< bytes
    std::atomic<std::int64_t> allocations{0};  ///< count
};

/// This thread's tally, or nullptr before its first tracked allocation.
/// Initial-exec TLS: reaching it never calls __tls_get_addr, which may
/// allocate and so re-enter the hooks.
struct ThreadSlot {
    ThreadTally* tally = nullptr;
    bool exiting = false;  ///< its tally was returned; count in the shared fallback
};
extern constinit thread_local ThreadSlot thread_slot __attribute__((tls_model("initial-exec")));

/// Slow path of count_allocation(): claims or resets this thread's tally.
/// Returns nullptr when none is free; the caller then counts in the shared
/// fallback counters.
ThreadTally* claim_tally(std::uint32_t session) noexcept;

/// Counts in the shared fallback, for threads without a tally.
void count_shared(std::int64_t bytes) noexcept;

/// Counts one allocation of `bytes` in session `session` (nonzero).
inline void count_allocation(std::uint32_t session, std::int64_t bytes) noexcept {
    ThreadTally* tally = thread_slot.tally;
    if (tally == nullptr || tally->session.load(std::memory_order_relaxed) != session) [[unlikely]]
        tally = claim_tally(session);
    if (tally != nullptr) [[likely]] {
        tally->allocated.store(tally->allocated.load(std::memory_order_relaxed) + bytes, std::memory_order_relaxed);
        tally->allocations.store(tally->allocations.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    } else {
        count_shared(bytes);
    }
    const std::int64_t now = live_bytes.live.fetch_add(bytes, std::memory_order_relaxed) + bytes;
    std::int64_t peak = live_bytes.peak.load(std::memory_order_relaxed);
    while (now > peak && !live_bytes.peak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
    }
}

/// Counts the release of `bytes` allocated in the current session.
inline void count_release(std::int64_t bytes) noexcept {
    live_bytes.live.fetch_sub(bytes, std::memory_order_relaxed);
}

/// Forgets the blocks a previous session left behind (sanitizer builds keep
/// a table of them; ordinary builds tag each block with its session and
/// need nothing). Called by start() before tracking is switched on.
void forget_tracked_blocks() noexcept;

}  // namespace pace::memory::detail
