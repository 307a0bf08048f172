// SPDX-License-Identifier: Apache-2.0
// Sessions of the memory pass and the per-thread tallies the hooks count into.
#include "memory/allocation_tracker.hpp"

#include <pthread.h>  // pthread_key_create: hand a thread's tally back when it exits

#include <array>    // std::array
#include <atomic>   // std::atomic
#include <cstdint>  // std::int64_t, std::uint32_t

#include "memory/accounting.hpp"

namespace pace::memory {
namespace detail {

constinit Switches switches;
constinit LiveBytes live_bytes;
constinit thread_local ThreadSlot thread_slot;

namespace {

// A fixed pool rather than tallies allocated on demand: the hooks must not
// allocate, and a thread returns its tally when it exits, so 256 covers any
// number of threads as long as fewer than 256 allocate at the same time.
// Threads beyond that count in the shared fallback, correct but contended.
constinit std::array<ThreadTally, 256> tallies;

struct alignas(64) SharedTally {
    std::atomic<std::int64_t> allocated{0};
    std::atomic<std::int64_t> allocations{0};
};
constinit SharedTally shared_tally;

// One past the highest tally ever claimed: sample_peak() reads no further.
std::atomic<std::size_t> tallies_in_use{0};

std::atomic<std::uint32_t> last_session{0};

pthread_key_t exit_key;
bool exit_key_ready = false;
pthread_once_t exit_key_once = PTHREAD_ONCE_INIT;

// Runs at thread exit: the tally goes back to the pool with its counts, which
// stay part of the session (stop() sums tallies by session, not by owner).
void return_tally(void* tally) {
    thread_slot.tally = nullptr;
    thread_slot.exiting = true;
    static_cast<ThreadTally*>(tally)->claimed.store(false, std::memory_order_release);
}

void create_exit_key() { exit_key_ready = pthread_key_create(&exit_key, &return_tally) == 0; }

}  // namespace

ThreadTally* claim_tally(std::uint32_t session) noexcept {
    if (thread_slot.exiting) return nullptr;
    ThreadTally* tally = thread_slot.tally;
    bool fresh = false;
    if (tally == nullptr) {
        for (std::size_t i = 0; i < tallies.size(); ++i) {
            ThreadTally& candidate = tallies[i];
            bool expected = false;
            if (!candidate.claimed.load(std::memory_order_relaxed) &&
                candidate.claimed.compare_exchange_strong(expected, true, std::memory_order_acquire)) {
                tally = &candidate;
                std::size_t used = tallies_in_use.load(std::memory_order_relaxed);
                while (used < i + 1 && !tallies_in_use.compare_exchange_weak(used, i + 1, std::memory_order_seq_cst)) {
                }
                break;
            }
        }
        if (tally == nullptr) return nullptr;
        thread_slot.tally = tally;
        fresh = true;
    }
    if (tally->session.load(std::memory_order_relaxed) != session) {
        tally->allocated.store(0, std::memory_order_relaxed);
        tally->allocations.store(0, std::memory_order_relaxed);
        tally->live.store(0, std::memory_order_relaxed);
        tally->high.store(0, std::memory_order_relaxed);
        // Release: a sampler that sees the session sees the reset counts.
        tally->session.store(session, std::memory_order_release);
    }
    // Last, because pthread_setspecific may itself allocate (keys past the
    // first 32); that allocation then finds the tally ready.
    if (fresh) {
        pthread_once(&exit_key_once, &create_exit_key);
        if (exit_key_ready) pthread_setspecific(exit_key, tally);
    }
    return tally;
}

void count_shared(std::int64_t bytes) noexcept {
    shared_tally.allocated.fetch_add(bytes, std::memory_order_relaxed);
    shared_tally.allocations.fetch_add(1, std::memory_order_relaxed);
}

namespace {

// The session's live bytes now: every tally of the session, and the fallback.
std::int64_t live_sum(std::uint32_t session) noexcept {
    std::int64_t sum = live_bytes.fallback_live.load(std::memory_order_seq_cst);
    const std::size_t used = tallies_in_use.load(std::memory_order_seq_cst);
    for (std::size_t i = 0; i < used; ++i) {
        const ThreadTally& tally = tallies[i];
        // `live` first: a tally reset for this session is seen with its session.
        const std::int64_t live = tally.live.load(std::memory_order_seq_cst);
        if (tally.session.load(std::memory_order_acquire) == session) sum += live;
    }
    return sum;
}

}  // namespace

void sample_peak(std::uint32_t session) noexcept {
    const std::int64_t now = live_sum(session);
    std::int64_t peak = live_bytes.peak.load(std::memory_order_relaxed);
    while (now > peak && !live_bytes.peak.compare_exchange_weak(peak, now, std::memory_order_relaxed)) {
    }
}

}  // namespace detail

bool available() { return true; }

void start() {
    using namespace detail;
    std::uint32_t session = last_session.load(std::memory_order_relaxed) + 1;
    if (session == 0) session = 1;  // 0 means "off"; a wrap after 2^32 sessions skips it
    last_session.store(session, std::memory_order_relaxed);
    forget_tracked_blocks();
    live_bytes.fallback_live.store(0, std::memory_order_relaxed);
    live_bytes.peak.store(0, std::memory_order_relaxed);
    shared_tally.allocated.store(0, std::memory_order_relaxed);
    shared_tally.allocations.store(0, std::memory_order_relaxed);
    // Release: a thread that sees the session also sees the counters reset.
    switches.session.store(session, std::memory_order_release);
}

Figures stop() {
    using namespace detail;
    const std::uint32_t session = switches.session.exchange(0, std::memory_order_acq_rel);
    Figures figures;
    if (session == 0) return figures;
    figures.peak = live_bytes.peak.load(std::memory_order_relaxed);
    // Every thread that allocated during the call is done with it: the sum
    // is exact, whatever thread freed what.
    figures.leaked = live_sum(session);
    figures.allocated = shared_tally.allocated.load(std::memory_order_relaxed);
    figures.allocations = shared_tally.allocations.load(std::memory_order_relaxed);
    for (const ThreadTally& tally : tallies) {
        if (tally.session.load(std::memory_order_acquire) != session) continue;
        figures.allocated += tally.allocated.load(std::memory_order_relaxed);
        figures.allocations += tally.allocations.load(std::memory_order_relaxed);
    }
    return figures;
}

}  // namespace pace::memory
