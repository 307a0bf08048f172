// SPDX-License-Identifier: Apache-2.0
#include "cli/heap_tuning.hpp"

#include <cstdlib>  // std::getenv, setenv
#include <string>   // std::string

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>        // mallopt, M_TOP_PAD
#include <sys/resource.h>  // getrlimit
#include <unistd.h>        // execv
#endif

namespace pace::cli {

void tune_heap_for_large_files(char** argv) {
#if defined(__linux__) && defined(__GLIBC__)
    constexpr const char* huge_pages = "glibc.malloc.hugetlb";
    constexpr const char* growth = "glibc.malloc.top_pad";
    const char* current = std::getenv("GLIBC_TUNABLES");
    const std::string tunables = current ? current : "";
    auto has = [&tunables](const char* name) { return tunables.find(name) != std::string::npos; };
    if (!has(huge_pages)) {
        const std::string wanted = tunables + (tunables.empty() ? "" : ":") + huge_pages + "=1";
        if (setenv("GLIBC_TUNABLES", wanted.c_str(), 1) == 0) {
            execv("/proc/self/exe", argv);
            // Still here: the exec failed, and the program runs on as it is.
            if (current) setenv("GLIBC_TUNABLES", tunables.c_str(), 1);
            else unsetenv("GLIBC_TUNABLES");
        }
    }
    // Under a limit on the address space (ulimit -v), growing by 64 MiB would
    // fail allocations that smaller steps still fit: keep glibc's steps there.
    // Set here rather than in the restart's tunables, where it would apply to
    // the first allocation already and fail static initialisation under a
    // small limit, before any error can be reported.
    rlimit limit{};
    const bool unlimited = getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur == RLIM_INFINITY;
    if (unlimited && !has(growth)) mallopt(M_TOP_PAD, 64 << 20);
#else
    (void)argv;
#endif
}

}  // namespace pace::cli
