// SPDX-License-Identifier: Apache-2.0
// Exact figures of the memory pass, with the hooks linked into this binary.
#include "memory/allocation_tracker.hpp"

#include <gtest/gtest.h>  // TEST, EXPECT_EQ

#include <malloc.h>  // memalign, malloc_usable_size

#include <atomic>   // std::atomic
#include <barrier>  // std::barrier
#include <cstdint>  // std::int64_t
#include <cstdlib>  // std::malloc, std::calloc, std::realloc, std::free, std::aligned_alloc
#include <cstring>  // std::memset, std::memcmp
#include <memory>   // std::unique_ptr
#include <new>      // std::nothrow
#include <thread>   // std::thread
#include <vector>   // std::vector

#include "pace/optimizer.hpp"  // do_not_optimize: keep new/delete pairs the compiler may elide

namespace {

using pace::memory::Figures;
namespace memory = pace::memory;

constexpr std::int64_t mib = 1 << 20;

// GoogleTest allocates too, so every test tracks only the code under test,
// and makes its EXPECTs after stop().

TEST(AllocationTracker, IsAvailable) { EXPECT_TRUE(memory::available()); }

TEST(AllocationTracker, NothingAllocatedGivesZeros) {
    memory::start();
    const Figures f = memory::stop();
    EXPECT_EQ(f.peak, 0);
    EXPECT_EQ(f.allocated, 0);
    EXPECT_EQ(f.allocations, 0);
    EXPECT_EQ(f.leaked, 0);
}

TEST(AllocationTracker, VectorReserveIsOneAllocationOfFourBytesPerInt) {
    constexpr std::size_t n = 12'345;
    memory::start();
    {
        std::vector<int> v;
        v.reserve(n);
        pace::do_not_optimize(v);
    }
    const Figures f = memory::stop();
    EXPECT_EQ(f.allocations, 1);
    EXPECT_EQ(f.allocated, 4 * static_cast<std::int64_t>(n));
    EXPECT_EQ(f.peak, 4 * static_cast<std::int64_t>(n));
    EXPECT_EQ(f.leaked, 0);
}

struct Object64 {
    char bytes[64];
};

TEST(AllocationTracker, ThousandNewDeleteOf64BytesPeaksAt64) {
    memory::start();
    for (int i = 0; i < 1000; ++i) {
        auto* object = new Object64;
        pace::do_not_optimize(object);
        delete object;
    }
    const Figures f = memory::stop();
    EXPECT_EQ(f.allocations, 1000);
    EXPECT_EQ(f.allocated, 64'000);
    EXPECT_EQ(f.peak, 64);
    EXPECT_EQ(f.leaked, 0);
}

TEST(AllocationTracker, PeakAcrossFourThreadsIsExact) {
    constexpr int threads = 4;
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::atomic<int> done{0};
    std::barrier all_allocated(threads);
    // The threads exist before start(): creating one allocates (its state,
    // its TLS), which is not what this test measures.
    std::vector<std::thread> workers;
    workers.reserve(threads);
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            // Warm-up: a thread's first allocation may make the runtime set up
            // per-thread state (a sanitizer's, or lazily allocated TLS).
            char* warm = new char[16];
            pace::do_not_optimize(warm);
            delete[] warm;
            ready.fetch_add(1, std::memory_order_release);
            while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
            char* block = new char[mib];
            pace::do_not_optimize(block);
            std::memset(block, 1, mib);
            all_allocated.arrive_and_wait();  // all four blocks are live at once here
            delete[] block;
            done.fetch_add(1, std::memory_order_release);
        });
    }
    // Started threads only: a runtime may allocate while a thread starts up.
    while (ready.load(std::memory_order_acquire) != threads) std::this_thread::yield();
    memory::start();
    go.store(true, std::memory_order_release);
    while (done.load(std::memory_order_acquire) != threads) std::this_thread::yield();
    const Figures f = memory::stop();
    for (auto& worker : workers) worker.join();
    EXPECT_EQ(f.peak, threads * mib);
    EXPECT_EQ(f.allocated, threads * mib);
    EXPECT_EQ(f.allocations, threads);
    EXPECT_EQ(f.leaked, 0);
}

// Live bytes are counted per thread: a block one thread allocates and
// another frees is still neither leaked nor counted twice.
TEST(AllocationTracker, BlockFreedOnAnotherThreadIsNotLeaked) {
    std::atomic<char*> handed{nullptr};
    std::atomic<bool> ready{false}, go{false}, freed{false};
    std::thread freer([&] {
        // Warm-up: a thread's first allocation may make the runtime set up
        // per-thread state (a sanitizer's), which is not the point here.
        void* warm = std::malloc(1);
        pace::do_not_optimize(warm);
        std::free(warm);
        ready.store(true, std::memory_order_release);
        while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
        char* block = nullptr;
        while ((block = handed.load(std::memory_order_acquire)) == nullptr) std::this_thread::yield();
        std::free(block);
        freed.store(true, std::memory_order_release);
    });
    while (!ready.load(std::memory_order_acquire)) std::this_thread::yield();
    memory::start();
    go.store(true, std::memory_order_release);
    auto* block = static_cast<char*>(std::malloc(3000));
    pace::do_not_optimize(block);
    handed.store(block, std::memory_order_release);
    while (!freed.load(std::memory_order_acquire)) std::this_thread::yield();
    auto* second = static_cast<char*>(std::malloc(1000));
    pace::do_not_optimize(second);
    std::free(second);
    const Figures f = memory::stop();
    freer.join();
    EXPECT_EQ(f.allocations, 2);
    EXPECT_EQ(f.allocated, 4000);
    EXPECT_EQ(f.leaked, 0);
    // The 1000 bytes are allocated after the 3000 are freed: the peak is the 3000.
    EXPECT_EQ(f.peak, 3000);
}

// The peak is read when a thread passes its own high-water mark. Threads
// taking turns can make a larger sum while neither passes its own: A holds
// 100, frees them, B takes 100 and holds them, A takes 100 again. The sum
// reaches 200 at a moment no thread sampled; the figure stays between the
// largest one thread held (100) and the true peak (200), as docs/memory.md says.
TEST(AllocationTracker, PeakOfThreadsTakingTurnsIsBetweenOneThreadsAndTheTruePeak) {
    std::atomic<int> step{0};
    auto wait_for = [&](int s) {
        while (step.load(std::memory_order_acquire) != s) std::this_thread::yield();
    };
    std::thread b([&] {
        void* warm = std::malloc(1);  // warm-up, as above
        pace::do_not_optimize(warm);
        std::free(warm);
        step.store(-1, std::memory_order_release);
        wait_for(1);
        auto* held = static_cast<char*>(std::malloc(100));
        pace::do_not_optimize(held);
        step.store(2, std::memory_order_release);
        wait_for(3);
        std::free(held);
        step.store(4, std::memory_order_release);
    });
    wait_for(-1);  // B's first allocation outside the session
    memory::start();
    auto* first = static_cast<char*>(std::malloc(100));
    pace::do_not_optimize(first);
    std::free(first);
    step.store(1, std::memory_order_release);
    wait_for(2);
    auto* again = static_cast<char*>(std::malloc(100));
    pace::do_not_optimize(again);
    std::free(again);
    step.store(3, std::memory_order_release);
    wait_for(4);
    const Figures f = memory::stop();
    b.join();
    EXPECT_EQ(f.allocations, 3);
    EXPECT_EQ(f.allocated, 300);
    EXPECT_EQ(f.leaked, 0);
    EXPECT_GE(f.peak, 100);
    EXPECT_LE(f.peak, 200);
}

TEST(AllocationTracker, ThreadsSpawnedInsideTheCallAreCounted) {
    memory::start();
    std::thread worker([] {
        auto block = std::make_unique<char[]>(1000);
        pace::do_not_optimize(block);
    });
    worker.join();
    const Figures f = memory::stop();
    // std::thread allocates its own state too: at least our 1000 bytes.
    EXPECT_GE(f.allocated, 1000);
    EXPECT_GE(f.allocations, 1);
    EXPECT_GE(f.peak, 1000);
}

// realloc counts as one allocation of the new size, counted before the old
// block is released: the peak includes both for that instant.
TEST(AllocationTracker, ReallocIsAnAllocationOfTheNewSizeThenAFreeOfTheOld) {
    memory::start();
    auto* block = static_cast<char*>(std::malloc(100));
    pace::do_not_optimize(block);
    std::memset(block, 7, 100);
    block = static_cast<char*>(std::realloc(block, 200));
    const bool kept_first = block[0] == 7 && block[99] == 7;
    std::memset(block, 8, 200);
    block = static_cast<char*>(std::realloc(block, 400));
    pace::do_not_optimize(block);
    const bool kept_second = block[0] == 8 && block[199] == 8;
    std::free(block);
    const Figures f = memory::stop();
    EXPECT_TRUE(kept_first);
    EXPECT_TRUE(kept_second);
    EXPECT_EQ(f.allocations, 3);
    EXPECT_EQ(f.allocated, 700);
    EXPECT_EQ(f.peak, 600);  // 200 + the 400 that replaced it
    EXPECT_EQ(f.leaked, 0);
}

TEST(AllocationTracker, ReallocToZeroFrees) {
    memory::start();
    void* block = std::malloc(100);
    pace::do_not_optimize(block);
    void* after = std::realloc(block, 0);
    const Figures f = memory::stop();
    std::free(after);  // null on glibc; harmless either way
    EXPECT_EQ(f.allocations, 1);
    EXPECT_EQ(f.leaked, 0);
}

TEST(AllocationTracker, ReallocOfABlockFromBeforeStartKeepsItsContents) {
    auto* block = static_cast<char*>(std::malloc(64));
    pace::do_not_optimize(block);
    std::memset(block, 5, 64);
    memory::start();
    block = static_cast<char*>(std::realloc(block, 128));
    pace::do_not_optimize(block);
    const bool kept = block[0] == 5 && block[63] == 5;
    const Figures during = memory::stop();
    block = static_cast<char*>(std::realloc(block, 256));  // after stop: untracked again
    const bool kept_after = block[0] == 5 && block[63] == 5;
    std::free(block);
    EXPECT_TRUE(kept);
    EXPECT_TRUE(kept_after);
    EXPECT_EQ(during.allocations, 1);
    EXPECT_EQ(during.allocated, 128);
    EXPECT_EQ(during.peak, 128);
    EXPECT_EQ(during.leaked, 128);
}

struct alignas(64) Aligned64 {
    char bytes[192];
};

TEST(AllocationTracker, AlignedNewIsCountedAndAligned) {
    memory::start();
    auto* object = new Aligned64;
    const bool aligned = reinterpret_cast<std::uintptr_t>(object) % 64 == 0;
    pace::do_not_optimize(object);
    delete object;
    auto* array = new Aligned64[3];
    const bool array_aligned = reinterpret_cast<std::uintptr_t>(array) % 64 == 0;
    pace::do_not_optimize(array);
    delete[] array;
    const Figures f = memory::stop();
    EXPECT_TRUE(aligned);
    EXPECT_TRUE(array_aligned);
    EXPECT_EQ(f.allocations, 2);
    EXPECT_EQ(f.allocated, 192 + 3 * 192);
    EXPECT_EQ(f.peak, 3 * 192);
    EXPECT_EQ(f.leaked, 0);
}

TEST(AllocationTracker, NothrowAndSizedFormsAreCounted) {
    memory::start();
    auto* one = new (std::nothrow) Object64;
    pace::do_not_optimize(one);
    ::operator delete(one, sizeof(Object64));
    auto* many = new (std::nothrow) Object64[2];
    pace::do_not_optimize(many);
    delete[] many;
    void* aligned = ::operator new(100, std::align_val_t{128}, std::nothrow);
    pace::do_not_optimize(aligned);
    const bool is_aligned = reinterpret_cast<std::uintptr_t>(aligned) % 128 == 0;
    ::operator delete(aligned, 100, std::align_val_t{128});
    const Figures f = memory::stop();
    EXPECT_TRUE(is_aligned);
    EXPECT_EQ(f.allocations, 3);
    EXPECT_EQ(f.allocated, 64 + 128 + 100);
    EXPECT_EQ(f.leaked, 0);
}

TEST(AllocationTracker, FreeingBlocksFromBeforeStartNeverMakesPeakNegative) {
    auto* old_block = new char[mib];
    pace::do_not_optimize(old_block);
    void* old_malloc = std::malloc(4096);
    pace::do_not_optimize(old_malloc);
    memory::start();
    delete[] old_block;
    std::free(old_malloc);
    auto* fresh = new char[1000];
    pace::do_not_optimize(fresh);
    delete[] fresh;
    const Figures f = memory::stop();
    EXPECT_EQ(f.peak, 1000);
    EXPECT_EQ(f.allocated, 1000);
    EXPECT_EQ(f.allocations, 1);
    EXPECT_EQ(f.leaked, 0);
}

TEST(AllocationTracker, LeakedBytesAreReportedAndFreeingThemLaterIsHarmless) {
    memory::start();
    auto* kept = new char[3000];
    pace::do_not_optimize(kept);
    auto* freed = new char[500];
    pace::do_not_optimize(freed);
    delete[] freed;
    const Figures f = memory::stop();
    EXPECT_EQ(f.leaked, 3000);
    EXPECT_EQ(f.peak, 3500);
    // Freed outside any session, or inside the next one: neither counts.
    memory::start();
    delete[] kept;
    const Figures next = memory::stop();
    EXPECT_EQ(next.peak, 0);
    EXPECT_EQ(next.leaked, 0);
    EXPECT_EQ(next.allocations, 0);
}

TEST(AllocationTracker, CallocPosixMemalignAlignedAllocAreCounted) {
    memory::start();
    auto* zeros = static_cast<unsigned char*>(std::calloc(10, 30));
    bool all_zero = true;
    for (int i = 0; i < 300; ++i) all_zero = all_zero && zeros[i] == 0;
    void* posix = nullptr;
    const int posix_result = posix_memalign(&posix, 256, 1000);
    void* aligned = std::aligned_alloc(64, 640);
    pace::do_not_optimize(zeros);  // the compiler may drop a malloc/free pair whose block is unused
    pace::do_not_optimize(posix);
    pace::do_not_optimize(aligned);
    const bool posix_aligned = reinterpret_cast<std::uintptr_t>(posix) % 256 == 0;
    const bool alloc_aligned = reinterpret_cast<std::uintptr_t>(aligned) % 64 == 0;
    std::free(zeros);
    std::free(posix);
    std::free(aligned);
    const Figures f = memory::stop();
    EXPECT_TRUE(all_zero);
    EXPECT_EQ(posix_result, 0);
    EXPECT_TRUE(posix_aligned);
    EXPECT_TRUE(alloc_aligned);
    EXPECT_EQ(f.allocations, 3);
    EXPECT_EQ(f.allocated, 300 + 1000 + 640);
    EXPECT_EQ(f.peak, 300 + 1000 + 640);
    EXPECT_EQ(f.leaked, 0);
}

TEST(AllocationTracker, MemalignAndUsableSizeOfTrackedBlocks) {
    memory::start();
    void* block = memalign(4096, 5000);
    pace::do_not_optimize(block);
    const bool aligned = reinterpret_cast<std::uintptr_t>(block) % 4096 == 0;
    const std::size_t usable = malloc_usable_size(block);
    void* small = std::malloc(10);
    pace::do_not_optimize(small);
    const std::size_t small_usable = malloc_usable_size(small);
    std::memset(small, 1, small_usable);  // all of the usable size is the caller's
    std::free(small);
    std::free(block);
    const Figures f = memory::stop();
    EXPECT_TRUE(aligned);
    EXPECT_GE(usable, 5000u);
    EXPECT_GE(small_usable, 10u);
    EXPECT_EQ(f.allocations, 2);
    EXPECT_EQ(f.allocated, 5010);
    EXPECT_EQ(f.leaked, 0);
}

TEST(AllocationTracker, AFreshSessionStartsFromZero) {
    memory::start();
    void* block = std::malloc(777);
    pace::do_not_optimize(block);
    std::free(block);
    const Figures first = memory::stop();
    memory::start();
    const Figures second = memory::stop();
    EXPECT_EQ(first.allocated, 777);
    EXPECT_EQ(second.allocated, 0);
    EXPECT_EQ(second.allocations, 0);
    EXPECT_EQ(second.peak, 0);
}

TEST(AllocationTracker, UntrackedAllocationsStillWorkAfterSessions) {
    // Blocks made outside a session carry no header and must free normally,
    // including ones realloc'ed across a session boundary.
    std::vector<std::unique_ptr<int[]>> blocks;
    for (int i = 0; i < 100; ++i) blocks.push_back(std::make_unique<int[]>(static_cast<std::size_t>(i + 1)));
    void* grown = std::malloc(16);
    for (std::size_t size = 32; size < 100'000; size *= 2) grown = std::realloc(grown, size);
    std::free(grown);
    blocks.clear();
    SUCCEED();
}

}  // namespace
