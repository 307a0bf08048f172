// SPDX-License-Identifier: Apache-2.0
// The allocation hooks of an ordinary build: the malloc family and every
// global operator new/delete, defined in the benchmark binary and forwarding
// to glibc's own implementations (__libc_malloc and friends).
#include "memory/accounting.hpp"

#if !PACE_MEMORY_SANITIZER_ALLOCATOR

#include <dlfcn.h>   // dlsym(RTLD_NEXT): glibc's malloc_usable_size, which has no __libc_ alias
#include <unistd.h>  // sysconf(_SC_PAGESIZE) for valloc and pvalloc

#include <atomic>   // std::atomic
#include <cerrno>   // errno, ENOMEM, EINVAL
#include <cstddef>  // std::size_t
#include <cstdint>  // std::uint64_t, std::uintptr_t
#include <cstring>  // std::memcpy, std::memmove
#include <new>      // std::align_val_t, std::nothrow_t, std::bad_alloc, std::get_new_handler

// glibc exports its allocator under these names so that a replacement malloc
// can call it: no dlsym at start-up, so nothing to bootstrap.
extern "C" {
void* __libc_malloc(std::size_t size) noexcept;
void* __libc_calloc(std::size_t count, std::size_t size) noexcept;
void* __libc_realloc(void* block, std::size_t size) noexcept;
void __libc_free(void* block) noexcept;
void* __libc_memalign(std::size_t alignment, std::size_t size) noexcept;
}

namespace pace::memory::detail {

void forget_tracked_blocks() noexcept {}

namespace {

// How free() learns the size of a block: blocks allocated while tracking is
// on carry a 16-byte header just before the pointer returned:
//
//     [ size | log2(offset) << 56 ][ magic << 32 | session ][ user bytes ...
//     ^ glibc's block             ^ pointer - 8             ^ pointer = glibc's block + offset
//
// Why a header and not malloc_usable_size(): the figures count requested
// bytes, and the usable size is the request rounded up (64 -> 72, 1 MiB ->
// 1 MiB + 4080), so a free could not take back exactly what the allocation
// added. Why not a side table of live blocks: every tracked malloc and free
// would take a lock or probe a shared hash table, several times the 25 ns
// budget. Blocks allocated while tracking is off get no header at all, so
// the timed rounds see glibc's allocator unchanged.
//
// free() tells the two kinds apart by the word at pointer - 8. For a block
// glibc handed out directly, that word is glibc's chunk-size field, which is
// always below 2^63; the magic sets bit 63, so no untracked block can be
// mistaken for a tracked one. Reading it is safe: it lies inside glibc's own
// chunk header, which free() is about to read anyway. The session id in the
// tag makes a block allocated in an earlier session count for nothing when
// it is freed in a later one. So free() needs no flag at all: one load of a
// word glibc reads next, a compare, and the jump to __libc_free.
constexpr std::uint64_t header_magic = 0xA110CA7Eu;
constexpr std::size_t header_bytes = 16;
constexpr int shift_bits = 56;
constexpr std::uint64_t size_mask = (std::uint64_t{1} << shift_bits) - 1;

std::uintptr_t address(const void* block) { return reinterpret_cast<std::uintptr_t>(block); }

std::uint64_t word_before(const void* block, std::size_t offset) {
    std::uint64_t word;
    std::memcpy(&word, reinterpret_cast<const void*>(address(block) - offset), sizeof word);
    return word;
}

void write_word_before(void* block, std::size_t offset, std::uint64_t word) {
    std::memcpy(reinterpret_cast<void*>(address(block) - offset), &word, sizeof word);
}

/// What free() needs to know about a block.
struct Block {
    bool tracked = false;       ///< carries a header
    std::uint32_t session = 0;  ///< session that allocated it
    std::size_t size = 0;       ///< requested bytes
    std::size_t offset = 0;     ///< from glibc's block to the user's pointer
    void* base = nullptr;       ///< glibc's block
};

Block inspect(void* user) {
    Block block;
    block.base = user;
    const std::uint64_t tag = word_before(user, 8);
    if ((tag >> 32) != header_magic) return block;
    const std::uint64_t size_and_shift = word_before(user, 16);
    block.tracked = true;
    block.session = static_cast<std::uint32_t>(tag);
    block.size = static_cast<std::size_t>(size_and_shift & size_mask);
    block.offset = std::size_t{1} << (size_and_shift >> shift_bits);
    block.base = reinterpret_cast<void*>(address(user) - block.offset);
    return block;
}

int log2_of(std::size_t power_of_two) { return __builtin_ctzll(power_of_two); }

void* write_header(void* base, std::size_t offset, std::size_t size, std::uint32_t session) {
    void* user = reinterpret_cast<void*>(address(base) + offset);
    write_word_before(user, 16, static_cast<std::uint64_t>(size) | (std::uint64_t(log2_of(offset)) << shift_bits));
    write_word_before(user, 8, (header_magic << 32) | session);
    return user;
}

std::size_t round_up_to_power_of_two(std::size_t n) {
    std::size_t p = 1;
    while (p < n) p <<= 1;
    return p;
}

/// Allocates a tracked block. `alignment` 0 means malloc's own (16 bytes).
void* allocate_tracked(std::uint32_t session, std::size_t size, std::size_t alignment, bool zeroed) noexcept {
    const std::size_t offset = alignment <= header_bytes ? header_bytes : round_up_to_power_of_two(alignment);
    if (size > size_mask - offset) {
        errno = ENOMEM;
        return nullptr;
    }
    void* base;
    if (offset == header_bytes)
        base = zeroed ? __libc_calloc(1, size + offset) : __libc_malloc(size + offset);
    else
        base = __libc_memalign(offset, size + offset);
    if (base == nullptr) return nullptr;  // glibc has set errno
    void* user = write_header(base, offset, size, session);
    if (zeroed && offset != header_bytes) std::memset(user, 0, size);
    count_allocation(session, static_cast<std::int64_t>(size));
    return user;
}

/// Allocates `size` bytes, tracked when a session is on.
inline void* acquire(std::size_t size, std::size_t alignment) noexcept {
    const std::uint32_t session = switches.session.load(std::memory_order_relaxed);
    if (session == 0) [[likely]]
        return alignment <= header_bytes ? __libc_malloc(size) : __libc_memalign(alignment, size);
    return allocate_tracked(session, size, alignment, false);
}

inline void release(void* user) noexcept {
    if (user == nullptr) return;
    const Block block = inspect(user);
    if (block.tracked && block.session == switches.session.load(std::memory_order_relaxed))
        count_release(block.session, static_cast<std::int64_t>(block.size));
    __libc_free(block.base);
}

using usable_size_fn = std::size_t (*)(void*);
std::atomic<usable_size_fn> glibc_usable_size{nullptr};

std::size_t glibc_malloc_usable_size(void* base) {
    usable_size_fn fn = glibc_usable_size.load(std::memory_order_acquire);
    if (fn == nullptr) {
        fn = reinterpret_cast<usable_size_fn>(dlsym(RTLD_NEXT, "malloc_usable_size"));
        if (fn == nullptr) return 0;
        glibc_usable_size.store(fn, std::memory_order_release);
    }
    return fn(base);
}

std::size_t page_size() {
    static const std::size_t size = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    return size;
}

/// realloc(). Tracked: one allocation of the new size, counted before the
/// old block's release, so the peak sees both for that instant (as when the
/// block moves). The copy still goes through glibc's realloc where it can,
/// so a loop growing a buffer a byte at a time stays linear.
void* reallocate(void* user, std::size_t size) noexcept {
    if (user == nullptr) return acquire(size, 0);
    const std::uint32_t session = switches.session.load(std::memory_order_relaxed);
    const Block old = inspect(user);
    if (!old.tracked && session == 0) return __libc_realloc(user, size);
    if (size == 0) {  // glibc's realloc(p, 0) frees p and returns null; keep that
        release(user);
        return nullptr;
    }
    if (size > size_mask - header_bytes) {
        errno = ENOMEM;
        return nullptr;
    }
    if (old.tracked && old.offset != header_bytes) {
        // An over-aligned block: realloc need not keep the alignment, so move
        // it into an ordinary block.
        void* moved = session == 0 ? __libc_malloc(size) : allocate_tracked(session, size, 0, false);
        if (moved == nullptr) return nullptr;
        std::memcpy(moved, user, old.size < size ? old.size : size);
        release(user);
        return moved;
    }
    if (old.tracked) {
        void* base = __libc_realloc(old.base, size + header_bytes);
        if (base == nullptr) return nullptr;
        // Tracking off: the block keeps its old session, so it counts for
        // nothing later. Tracking on: it now belongs to this session.
        const std::uint32_t owner = session == 0 ? old.session : session;
        void* moved = write_header(base, header_bytes, size, owner);
        if (session != 0) {
            count_allocation(session, static_cast<std::int64_t>(size));
            if (old.session == session) count_release(session, static_cast<std::int64_t>(old.size));
        }
        return moved;
    }
    // An untracked block while tracking is on: grow it by the header and
    // slide the contents up. Bytes past the old size are indeterminate but
    // inside the new block, so moving `size` bytes is safe.
    void* base = __libc_realloc(user, size + header_bytes);
    if (base == nullptr) return nullptr;
    std::memmove(reinterpret_cast<void*>(address(base) + header_bytes), base, size);
    void* moved = write_header(base, header_bytes, size, session);
    count_allocation(session, static_cast<std::int64_t>(size));
    return moved;
}

void* new_or_throw(std::size_t size, std::size_t alignment) {
    for (;;) {
        if (void* block = acquire(size, alignment)) return block;
        std::new_handler handler = std::get_new_handler();
        if (handler == nullptr) throw std::bad_alloc();
        handler();
    }
}

bool is_power_of_two(std::size_t n) { return n != 0 && (n & (n - 1)) == 0; }

}  // namespace
}  // namespace pace::memory::detail

namespace hooks = pace::memory::detail;

// Weak definitions: a program (or a library it links statically) that
// defines its own replaces ours without a duplicate-symbol error; see
// docs/memory.md.
extern "C" {

[[gnu::weak]] void* malloc(std::size_t size) noexcept { return hooks::acquire(size, 0); }

[[gnu::weak]] void free(void* block) noexcept { hooks::release(block); }

[[gnu::weak]] void* calloc(std::size_t count, std::size_t size) noexcept {
    const std::uint32_t session = hooks::switches.session.load(std::memory_order_relaxed);
    if (session == 0) [[likely]]
        return __libc_calloc(count, size);
    std::size_t bytes;
    if (__builtin_mul_overflow(count, size, &bytes)) {
        errno = ENOMEM;
        return nullptr;
    }
    return hooks::allocate_tracked(session, bytes, 0, true);
}

[[gnu::weak]] void* realloc(void* block, std::size_t size) noexcept { return hooks::reallocate(block, size); }

[[gnu::weak]] void* memalign(std::size_t alignment, std::size_t size) noexcept {
    return hooks::acquire(size, alignment);
}

[[gnu::weak]] void* aligned_alloc(std::size_t alignment, std::size_t size) noexcept {
    return hooks::acquire(size, alignment);
}

[[gnu::weak]] int posix_memalign(void** out, std::size_t alignment, std::size_t size) noexcept {
    if (!hooks::is_power_of_two(alignment) || alignment % sizeof(void*) != 0) return EINVAL;
    const int saved = errno;  // posix_memalign reports through its result, not errno
    void* block = hooks::acquire(size, alignment);
    errno = saved;
    if (block == nullptr) return ENOMEM;
    *out = block;
    return 0;
}

[[gnu::weak]] void* valloc(std::size_t size) noexcept { return hooks::acquire(size, hooks::page_size()); }

// pvalloc's contract is whole pages, so the rounded size is what was asked for.
[[gnu::weak]] void* pvalloc(std::size_t size) noexcept {
    const std::size_t page = hooks::page_size();
    const std::size_t pages = size == 0 ? 1 : (size + page - 1) / page;
    return hooks::acquire(pages * page, page);
}

// Must be ours too: glibc's would read a tracked block's header as its own.
[[gnu::weak]] std::size_t malloc_usable_size(void* block) noexcept {
    if (block == nullptr) return 0;
    const hooks::Block info = hooks::inspect(block);
    if (!info.tracked) return hooks::glibc_malloc_usable_size(block);
    const std::size_t usable = hooks::glibc_malloc_usable_size(info.base);
    return usable >= info.size + info.offset ? usable - info.offset : info.size;
}

}  // extern "C"

// The global operator new/delete forms. As in the standard library, every
// form goes through the plain (or plain aligned) one, so a program that
// replaces just that one still sees all of them use it.

[[gnu::weak]] void* operator new(std::size_t size) { return hooks::new_or_throw(size, 0); }
[[gnu::weak]] void* operator new[](std::size_t size) { return ::operator new(size); }
[[gnu::weak]] void* operator new(std::size_t size, std::align_val_t alignment) {
    return hooks::new_or_throw(size, static_cast<std::size_t>(alignment));
}
[[gnu::weak]] void* operator new[](std::size_t size, std::align_val_t alignment) {
    return ::operator new(size, alignment);
}

[[gnu::weak]] void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    try {
        return ::operator new(size);
    } catch (...) {
        return nullptr;
    }
}
[[gnu::weak]] void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    try {
        return ::operator new[](size);
    } catch (...) {
        return nullptr;
    }
}
[[gnu::weak]] void* operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
    try {
        return ::operator new(size, alignment);
    } catch (...) {
        return nullptr;
    }
}
[[gnu::weak]] void* operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
    try {
        return ::operator new[](size, alignment);
    } catch (...) {
        return nullptr;
    }
}

[[gnu::weak]] void operator delete(void* block) noexcept { hooks::release(block); }
[[gnu::weak]] void operator delete[](void* block) noexcept { ::operator delete(block); }
[[gnu::weak]] void operator delete(void* block, std::size_t) noexcept { ::operator delete(block); }
[[gnu::weak]] void operator delete[](void* block, std::size_t) noexcept { ::operator delete[](block); }
[[gnu::weak]] void operator delete(void* block, std::align_val_t) noexcept { hooks::release(block); }
[[gnu::weak]] void operator delete[](void* block, std::align_val_t alignment) noexcept {
    ::operator delete(block, alignment);
}
[[gnu::weak]] void operator delete(void* block, std::size_t, std::align_val_t alignment) noexcept {
    ::operator delete(block, alignment);
}
[[gnu::weak]] void operator delete[](void* block, std::size_t, std::align_val_t alignment) noexcept {
    ::operator delete[](block, alignment);
}
[[gnu::weak]] void operator delete(void* block, const std::nothrow_t&) noexcept { ::operator delete(block); }
[[gnu::weak]] void operator delete[](void* block, const std::nothrow_t&) noexcept { ::operator delete[](block); }
[[gnu::weak]] void operator delete(void* block, std::align_val_t alignment, const std::nothrow_t&) noexcept {
    ::operator delete(block, alignment);
}
[[gnu::weak]] void operator delete[](void* block, std::align_val_t alignment, const std::nothrow_t&) noexcept {
    ::operator delete[](block, alignment);
}

#endif  // !PACE_MEMORY_SANITIZER_ALLOCATOR
