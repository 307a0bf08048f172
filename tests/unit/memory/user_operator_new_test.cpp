// SPDX-License-Identifier: Apache-2.0
// A program that replaces operator new itself, linked with the memory hooks:
// it links (pace's operator new is weak), its operator new wins, and the
// memory pass still counts its allocations through malloc.
#include "memory/allocation_tracker.hpp"

#include <gtest/gtest.h>  // TEST, EXPECT_EQ

#include <atomic>   // std::atomic
#include <cstdlib>  // std::malloc, std::free
#include <new>      // std::bad_alloc

#include "memory/accounting.hpp"  // PACE_MEMORY_SANITIZER_ALLOCATOR
#include "pace/optimizer.hpp"     // do_not_optimize

namespace {
std::atomic<int> user_news{0};
std::atomic<int> user_deletes{0};
}  // namespace

void* operator new(std::size_t size) {
    user_news.fetch_add(1, std::memory_order_relaxed);
    if (void* block = std::malloc(size == 0 ? 1 : size)) return block;
    throw std::bad_alloc();
}

void operator delete(void* block) noexcept {
    user_deletes.fetch_add(1, std::memory_order_relaxed);
    std::free(block);
}

void operator delete(void* block, std::size_t) noexcept { ::operator delete(block); }

namespace {

struct Payload {
    char bytes[48];
};

TEST(UserOperatorNew, TheProgramsOwnWinsAndIsStillCounted) {
    const int news_before = user_news.load();
    const int deletes_before = user_deletes.load();
    pace::memory::start();
    auto* payload = new Payload;
    pace::do_not_optimize(payload);
    delete payload;
    const pace::memory::Figures f = pace::memory::stop();
    EXPECT_EQ(user_news.load() - news_before, 1);
    EXPECT_EQ(user_deletes.load() - deletes_before, 1);
    EXPECT_EQ(f.allocations, 1);
    EXPECT_EQ(f.allocated, 48);
    EXPECT_EQ(f.peak, 48);
    EXPECT_EQ(f.leaked, 0);
}

#if !PACE_MEMORY_SANITIZER_ALLOCATOR
// pace's other forms go through the plain one, as the standard library's do,
// so replacing just the plain form covers arrays too. (A sanitizer runtime's
// operator new[] does not call the program's operator new.)
TEST(UserOperatorNew, ArrayFormsGoThroughTheReplacedPlainForm) {
    const int news_before = user_news.load();
    pace::memory::start();
    auto* payloads = new Payload[3];
    pace::do_not_optimize(payloads);
    delete[] payloads;
    const pace::memory::Figures f = pace::memory::stop();
    EXPECT_EQ(user_news.load() - news_before, 1);
    EXPECT_EQ(f.allocations, 1);
    EXPECT_EQ(f.allocated, 3 * 48);
}
#endif

}  // namespace
