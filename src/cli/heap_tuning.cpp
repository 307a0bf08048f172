// SPDX-License-Identifier: Apache-2.0
#include "cli/heap_tuning.hpp"

#include <cstdlib>  // std::getenv
#include <cstring>  // std::strstr

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>        // mallopt, M_TOP_PAD
#include <sys/resource.h>  // getrlimit
#endif

namespace pace::cli {

void tune_heap_for_large_files() {
#if defined(__linux__) && defined(__GLIBC__)
    // A user's own setting in GLIBC_TUNABLES wins.
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    if (tunables && std::strstr(tunables, "glibc.malloc.top_pad")) return;
    // Under a limit on the address space (ulimit -v), growing by 64 MiB would
    // fail allocations that smaller steps still fit: keep glibc's steps there.
    rlimit limit{};
    const bool unlimited = getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur == RLIM_INFINITY;
    if (unlimited) mallopt(M_TOP_PAD, 64 << 20);
#endif
}

}  // namespace pace::cli
