// SPDX-License-Identifier: Apache-2.0
#include "cli/huge_page_heap.hpp"

#include <cstdlib>  // std::getenv, setenv
#include <string>   // std::string

#if defined(__linux__) && defined(__GLIBC__)
#include <unistd.h>  // execv
#endif

namespace pace::cli {

void use_huge_page_heap(char** argv) {
#if defined(__linux__) && defined(__GLIBC__)
    constexpr const char* tunable = "glibc.malloc.hugetlb";
    const char* current = std::getenv("GLIBC_TUNABLES");
    std::string tunables = current ? current : "";
    // Set by the user or by the restart: either way, nothing more to do.
    if (tunables.find(tunable) != std::string::npos) return;
    tunables += (tunables.empty() ? "" : ":") + std::string(tunable) + "=1";
    if (setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0) return;
    execv("/proc/self/exe", argv);
    // Still here: the exec failed, and the program runs on as it is.
    if (current) setenv("GLIBC_TUNABLES", current, 1);
    else unsetenv("GLIBC_TUNABLES");
#else
    (void)argv;
#endif
}

}  // namespace pace::cli
