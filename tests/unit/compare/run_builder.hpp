// SPDX-License-Identifier: Apache-2.0
// Small Runs for the compare tests, built in code so each test shows its data.
#pragma once

#include <string>
#include <vector>

#include "model/run.hpp"
#include "stats/descriptive.hpp"

namespace pace::testing {

/// A result whose time statistics come from `samples` (seconds), each made
/// by a process of its own (as hyperfine's runs are), so a comparison tests them.
inline Result timed(const std::string& id, std::vector<double> samples) {
    Result r;
    r.id = r.name = id;
    r.time = stats::describe(std::move(samples), 1);
    r.time->process_samples.assign(r.time->samples.size(), 1);
    return r;
}

/// A result whose samples all come from one process.
inline Result one_process(const std::string& id, std::vector<double> samples) {
    Result r = timed(id, std::move(samples));
    r.time->process_samples.clear();
    return r;
}

/// A result made of processes, each a list of samples.
inline Result processes(const std::string& id, const std::vector<std::vector<double>>& each) {
    std::vector<double> all;
    std::vector<std::int64_t> counts;
    for (const auto& p : each) {
        all.insert(all.end(), p.begin(), p.end());
        counts.push_back(static_cast<std::int64_t>(p.size()));
    }
    Result r = timed(id, all);
    r.time->process_samples = counts;
    return r;
}

/// A result with only a mean, as an imported aggregate carries.
inline Result aggregate(const std::string& id, double mean) {
    Result r;
    r.id = r.name = id;
    TimeStats t;
    t.mean = t.median = t.min = mean;
    t.ops = 1 / mean;
    t.rounds = 1;
    r.time = t;
    return r;
}

/// A result with memory figures only.
inline Result with_memory(const std::string& id, std::int64_t peak, std::int64_t allocations) {
    Result r;
    r.id = r.name = id;
    r.memory = MemoryStats{peak, peak, allocations, 0, std::nullopt};
    return r;
}

/// `n` samples spread evenly over [centre·(1−spread), centre·(1+spread)], in a shuffled order.
inline std::vector<double> around(double centre, int n = 30, double spread = 0.02) {
    std::vector<double> out;
    for (int i = 0; i < n; ++i) {
        int k = (i * 7) % n;
        out.push_back(centre * (1 - spread + 2 * spread * k / (n - 1)));
    }
    return out;
}

inline Run make_run(std::vector<Result> results, const std::string& source = "") {
    Run run;
    run.results = std::move(results);
    run.source = source;
    return run;
}

}  // namespace pace::testing
