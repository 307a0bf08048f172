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

/// The session's peak, and the live bytes of threads without a tally. Live
/// bytes are counted per thread (ThreadTally::live), where no other core
/// writes: a counter shared by every thread moves its cache line between
/// cores on each malloc and free (70 ns a pair with two threads, against 8
/// on one). The peak is the largest sum of the threads' live bytes, read
/// whenever a thread passes its own high-water mark (sample_peak()).
struct alignas(64) LiveBytes {
    std::atomic<std::int64_t> fallback_live{0};  ///< threads counting in the shared fallback
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
    /// Bytes this thread allocated minus those it freed, in this session:
    /// negative when it frees blocks another thread allocated. The sum over
    /// tallies (and the fallback) is the session's live bytes.
    std::atomic<std::int64_t> live{0};
    std::atomic<std::int64_t> high{0};  ///< the largest `live` so far: passing it samples the sum
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

/// Sums the live bytes of every thread in `session` and raises the peak to
/// the sum. Called when a thread passes its own high-water mark, after it
/// stored its new `live` (sequentially consistent, as the reads here are:
/// of threads passing theirs at once, the last to store sees every other's).
void sample_peak(std::uint32_t session) noexcept;

/// Counts one allocation of `bytes` in session `session` (nonzero).
inline void count_allocation(std::uint32_t session, std::int64_t bytes) noexcept {
    ThreadTally* tally = thread_slot.tally;
    if (tally == nullptr || tally->session.load(std::memory_order_relaxed) != session) [[unlikely]]
        tally = claim_tally(session);
    if (tally == nullptr) [[unlikely]] {
        count_shared(bytes);
        live_bytes.fallback_live.fetch_add(bytes, std::memory_order_seq_cst);
        sample_peak(session);
        return;
    }
    // Plain loads and stores: only this thread writes its tally.
    tally->allocated.store(tally->allocated.load(std::memory_order_relaxed) + bytes, std::memory_order_relaxed);
    tally->allocations.store(tally->allocations.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    const std::int64_t live = tally->live.load(std::memory_order_relaxed) + bytes;
    if (live > tally->high.load(std::memory_order_relaxed)) [[unlikely]] {
        tally->high.store(live, std::memory_order_relaxed);
        tally->live.store(live, std::memory_order_seq_cst);
        sample_peak(session);
    } else {
        tally->live.store(live, std::memory_order_relaxed);
    }
}

/// Counts the release of `bytes` allocated in session `session`, the current one.
inline void count_release(std::uint32_t session, std::int64_t bytes) noexcept {
    ThreadTally* tally = thread_slot.tally;
    if (tally == nullptr || tally->session.load(std::memory_order_relaxed) != session) [[unlikely]]
        tally = claim_tally(session);
    if (tally == nullptr) [[unlikely]] {
        live_bytes.fallback_live.fetch_sub(bytes, std::memory_order_relaxed);
        return;
    }
    tally->live.store(tally->live.load(std::memory_order_relaxed) - bytes, std::memory_order_relaxed);
}

/// Forgets the blocks a previous session left behind (sanitizer builds keep
/// a table of them; ordinary builds tag each block with its session and
/// need nothing). Called by start() before tracking is switched on.
void forget_tracked_blocks() noexcept;

}  // namespace pace::memory::detail
