// SPDX-License-Identifier: Apache-2.0
// Tuning the pace command's heap for reading large result files. Platform
// code, apart.
#pragma once

namespace pace::cli {

/// Sets glibc's heap to grow in 64 MiB steps (M_TOP_PAD) instead of a few
/// pages at a time; elsewhere it does nothing. Call it first thing in main(),
/// before any thread starts. Left alone when the user set
/// `glibc.malloc.top_pad` in GLIBC_TUNABLES, or under a limit on the address
/// space (ulimit -v), where large steps would fail allocations early.
///
/// Why: `pace compare` reads its runs on one thread each, and two files of
/// 30 MB become some 50 MB of results in small blocks. Each growth of the
/// heap is a system call that stalls the other thread's page faults. On two
/// 30 MB runs, side by side, glibc's own steps took 1.03 times as long on a
/// first run and 1.06 times right after another run
/// (bench/compare/compare_ab.sh).
///
/// Transparent huge pages behind the heap (glibc's `glibc.malloc.hugetlb`)
/// are not asked for: on a virtual machine that hands freed memory back to
/// its host, a huge page is a block the host must supply afresh. A first run
/// took 1.6 times as long with them (docs/compare.md, "Speed").
void tune_heap_for_large_files();

}  // namespace pace::cli
