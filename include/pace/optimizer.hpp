// SPDX-License-Identifier: Apache-2.0
// Keeping the compiler from deleting the work under measurement.
#pragma once

#include <type_traits>  // std::is_trivially_copyable

namespace pace {

/// Makes `value` look used and possibly modified, so the computation that
/// produced it cannot be removed or hoisted out of the measured loop.
/// Costs no instructions beyond keeping `value` in a register or memory.
template <class T>
inline void do_not_optimize(T& value) {
#if defined(__clang__)
    asm volatile("" : "+r,m"(value) : : "memory");
#elif defined(__GNUC__)
    // GCC cannot take "+r,m" for every type; a value that fits a register is
    // passed in one, anything else by its address.
    if constexpr (std::is_trivially_copyable_v<T> && sizeof(T) <= sizeof(void*))
        asm volatile("" : "+r"(value) : : "memory");
    else
        asm volatile("" : : "r"(&value) : "memory");
#else
    static_cast<void>(value);
#endif
}

/// Overload for temporaries: `pace::do_not_optimize(f())`.
template <class T>
inline void do_not_optimize(const T& value) {
#if defined(__GNUC__) || defined(__clang__)
    asm volatile("" : : "r,m"(value) : "memory");
#else
    static_cast<void>(value);
#endif
}

/// Forces every pending write to memory to happen here: work whose only effect
/// is a store is not deleted as dead.
inline void clobber_memory() {
#if defined(__GNUC__) || defined(__clang__)
    asm volatile("" : : : "memory");
#endif
}

}  // namespace pace
