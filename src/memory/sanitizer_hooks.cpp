// SPDX-License-Identifier: Apache-2.0
// The allocation hooks of a sanitizer build: the sanitizer runtime owns malloc
// and operator new, and reports each allocation and free to callbacks.
#include "memory/accounting.hpp"

#if PACE_MEMORY_SANITIZER_ALLOCATOR

#include <sys/mman.h>  // mmap, munmap: the block table must not come from the heap it watches

#include <atomic>   // std::memory_order_relaxed
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uintptr_t, std::uint64_t
#include <cstring>  // std::memset
#include <mutex>    // std::mutex, std::lock_guard

// The sanitizer runtimes' public allocation callbacks (sanitizer/allocator_interface.h,
// which not every compiler ships). The runtime calls the malloc callback after
// every allocation, of any kind, with the requested size, and the free
// callback before the block is released; a realloc is an allocation of the
// new block followed by the free of the old one.
extern "C" int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void*, std::size_t),
                                                         void (*free_hook)(const volatile void*));

namespace pace::memory::detail {
namespace {

// Which blocks the current session allocated, and their sizes. Here a size
// record cannot live in a header (the sanitizer's own header sits before each
// block), so the blocks go in a table: an open-addressing hash map under one
// mutex. Speed matters little in a sanitizer build; exact figures do.
class BlockTable {
public:
    void insert(std::uintptr_t key, std::size_t size) {
        std::lock_guard lock(mutex_);
        if (capacity_ == 0 || (used_ + 1) * 2 > capacity_) grow();
        if (used_ + 1 >= capacity_) return;  // out of address space for the table: the block goes uncounted at free
        Slot* slot = probe(key, slots_, capacity_, true);
        if (slot->key != key) ++used_;
        slot->key = key;
        slot->size = size;
    }

    /// The size of `key` if this session allocated it, and forgets it.
    bool erase(std::uintptr_t key, std::size_t& size) {
        std::lock_guard lock(mutex_);
        if (capacity_ == 0) return false;
        Slot* slot = probe(key, slots_, capacity_, false);
        if (slot == nullptr || slot->key != key) return false;
        size = slot->size;
        slot->key = tombstone;  // stays counted in used_ until the table is cleared or grown
        return true;
    }

    void clear() {
        std::lock_guard lock(mutex_);
        if (used_ == 0) return;
        std::memset(static_cast<void*>(slots_), 0, capacity_ * sizeof(Slot));
        used_ = 0;
    }

private:
    struct Slot {
        std::uintptr_t key;  // 0: empty, 1: removed
        std::size_t size;
    };
    static constexpr std::uintptr_t empty = 0;
    static constexpr std::uintptr_t tombstone = 1;

    static std::size_t home(std::uintptr_t key, std::size_t capacity) {
        // Fibonacci hashing: blocks are 16-byte aligned, so drop those bits first.
        return static_cast<std::size_t>((static_cast<std::uint64_t>(key >> 4) * 0x9E3779B97F4A7C15u) >> 32) &
               (capacity - 1);
    }

    // For insertion, the slot holding `key` or the first empty one (removed
    // slots are not reused, so a later lookup never stops short). For lookup,
    // the slot holding `key`, or nullptr.
    static Slot* probe(std::uintptr_t key, Slot* slots, std::size_t capacity, bool for_insert) {
        for (std::size_t i = home(key, capacity);; i = (i + 1) & (capacity - 1)) {
            if (slots[i].key == key) return &slots[i];
            if (slots[i].key == empty) return for_insert ? &slots[i] : nullptr;
        }
    }

    void grow() {
        std::size_t capacity = capacity_ == 0 ? std::size_t{1} << 16 : capacity_ * 2;
        std::size_t live = 0;
        for (std::size_t i = 0; i < capacity_; ++i)
            if (slots_[i].key > tombstone) ++live;
        // Mostly removed slots: rehash at the same size instead of doubling.
        if (capacity_ != 0 && (live + 1) * 4 <= capacity_) capacity = capacity_;
        void* memory = mmap(nullptr, capacity * sizeof(Slot), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (memory == MAP_FAILED) return;  // insert() sees no room and gives up
        Slot* slots = static_cast<Slot*>(memory);
        for (std::size_t i = 0; i < capacity_; ++i) {
            if (slots_[i].key <= tombstone) continue;
            *probe(slots_[i].key, slots, capacity, true) = slots_[i];
        }
        if (slots_ != nullptr) munmap(slots_, capacity_ * sizeof(Slot));
        slots_ = slots;
        capacity_ = capacity;
        used_ = live;
    }

    std::mutex mutex_;
    Slot* slots_ = nullptr;
    std::size_t capacity_ = 0;
    std::size_t used_ = 0;  // live and removed slots
};

constinit BlockTable blocks;

void on_allocate(const volatile void* block, std::size_t size) {
    const std::uint32_t session = switches.session.load(std::memory_order_relaxed);
    if (session == 0 || block == nullptr) return;
    blocks.insert(reinterpret_cast<std::uintptr_t>(block), size);
    count_allocation(session, static_cast<std::int64_t>(size));
}

void on_free(const volatile void* block) {
    const std::uint32_t session = switches.session.load(std::memory_order_relaxed);
    if (session == 0 || block == nullptr) return;
    std::size_t size = 0;
    if (blocks.erase(reinterpret_cast<std::uintptr_t>(block), size)) count_release(session, static_cast<std::int64_t>(size));
}

// The runtime allows installing callbacks only before other threads exist,
// hence a static constructor: it runs before main().
[[gnu::constructor]] void install_callbacks() { __sanitizer_install_malloc_and_free_hooks(&on_allocate, &on_free); }

}  // namespace

void forget_tracked_blocks() noexcept { blocks.clear(); }

}  // namespace pace::memory::detail

#endif  // PACE_MEMORY_SANITIZER_ALLOCATOR
