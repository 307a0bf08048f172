// SPDX-License-Identifier: Apache-2.0
// Tuning the pace command's heap for reading large result files. Platform
// code, apart.
#pragma once

namespace pace::cli {

/// Sets glibc's heap up for building large results quickly; elsewhere it does
/// nothing. Call it first thing in main(), before any thread starts: it may
/// restart the program (see below), and returns when the heap is set up or
/// the setting is not possible.
///
/// Why: `pace compare` reads its runs on one thread each, and two files of
/// 30 MB become some 50 MB of results in small blocks. glibc grows a heap a
/// few pages at a time, each growth a system call that stops the other
/// thread's page faults, and backs it with 4 KiB pages, each a page fault,
/// which are dear on a virtual machine. Two settings answer both:
///   - heap growth in 64 MiB steps (M_TOP_PAD), set here with mallopt
///     unless the address space is limited (ulimit -v);
///   - transparent huge pages behind the heap (the `glibc.malloc.hugetlb`
///     tunable), which glibc reads from GLIBC_TUNABLES only when a program
///     starts: the program restarts itself once with it set, keeping what
///     the user set there. A user's own top_pad or hugetlb is left alone.
/// On two 30 MB runs, side by side with neither: huge pages alone took
/// `pace compare` to 0.86 of its time, both to about 0.7 (bench/compare).
void tune_heap_for_large_files(char** argv);

}  // namespace pace::cli
