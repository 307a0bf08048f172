// SPDX-License-Identifier: Apache-2.0
// Putting the pace command's heap on huge pages. Platform code, apart.
#pragma once

namespace pace::cli {

/// Restarts this program with glibc's heap on transparent huge pages, unless
/// it already is, so the call returns only when there is nothing to do or the
/// restart is not possible (not Linux with glibc, no /proc, exec refused).
///
/// Why: reading two result files of 30 MB builds some 50 MB of results in
/// small blocks, each 4 KiB page of them a page fault, and page faults are
/// dear on a virtual machine. On that pair, huge pages halve the faults
/// (19,000 to 9,000) and take `pace compare` to 0.86 of its time
/// (bench/compare). glibc takes the setting (the `glibc.malloc.hugetlb`
/// tunable) from the environment only when a program starts, hence the
/// restart. A GLIBC_TUNABLES the user set is kept and extended.
void use_huge_page_heap(char** argv);

}  // namespace pace::cli
