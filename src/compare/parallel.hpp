// SPDX-License-Identifier: Apache-2.0
// Splitting independent work on many ids among the cores.
#pragma once

#include <algorithm>  // std::clamp, std::min
#include <cstddef>    // std::size_t
#include <future>     // std::async
#include <thread>     // std::thread::hardware_concurrency
#include <vector>     // std::vector

namespace pace {

/// Calls body(begin, end) on consecutive ranges covering [0, count), one per
/// thread, this thread taking the first; returns when all are done. Fewer
/// than `min_per_thread` items per thread are not worth a thread. `body` must
/// be safe to run on disjoint ranges at once; an exception it throws reaches
/// the caller once every range is done.
template <typename Body>
void parallel_ranges(std::size_t count, std::size_t min_per_thread, const Body& body) {
    const std::size_t cores = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 8);
    const std::size_t threads = std::clamp<std::size_t>(count / std::max<std::size_t>(min_per_thread, 1), 1, cores);
    const std::size_t chunk = (count + threads - 1) / threads;
    std::vector<std::future<void>> others;
    for (std::size_t t = 1; t < threads; ++t)
        others.push_back(std::async(std::launch::async, [&body, t, chunk, count] {
            body(std::min(count, t * chunk), std::min(count, (t + 1) * chunk));
        }));
    body(0, std::min(count, chunk));
    for (std::future<void>& other : others) other.get();
}

}  // namespace pace
