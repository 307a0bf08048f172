// SPDX-License-Identifier: Apache-2.0
// A parallel call whose serial fraction is known: 2 ms on one thread, then
// 8 ms of work split over the workers. Each part runs until its deadline on
// the clock, so a worker that loses its core for a moment still ends on
// time, and Amdahl's σ = 2 / (2 + 8) = 0.2 is what the fit must find.
#include <pace/pace.hpp>

#include <chrono>  // the parts' durations
#include <thread>  // the workers
#include <vector>  // std::vector

namespace {

// Busy until `length` has passed: work whose duration the clock fixes.
void spin_for(std::chrono::microseconds length) {
    const auto end = std::chrono::steady_clock::now() + length;
    while (std::chrono::steady_clock::now() < end) {
    }
}

void work(int workers) {
    using std::chrono::microseconds;
    spin_for(microseconds(2000));  // the serial part
    std::vector<std::thread> pool;
    for (int w = 0; w < workers; ++w) pool.emplace_back([workers] { spin_for(microseconds(8000 / workers)); });
    for (std::thread& t : pool) t.join();
}

}  // namespace

// 64 workers exceeds any test machine's cores: predicted, never run.
PACE_BENCH("parallel/serial_fifth", pace::threads({1, 2, 4, 64})) {
    bench.target(pace::speedup >= 1.3);
    bench.target(pace::efficiency >= 0.99);  // missed at 2 workers: 1.67 / 2 = 83%
    const int workers = bench.dim<int>("threads");
    bench.measure([&] { work(workers); });
}

