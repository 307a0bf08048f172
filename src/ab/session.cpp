// SPDX-License-Identifier: Apache-2.0
#include "ab/session.hpp"

#include <algorithm>  // std::shuffle, std::min
#include <array>      // the two workers
#include <chrono>     // the budget
#include <cmath>      // std::log
#include <cstdio>     // std::fputs
#include <map>        // state by id
#include <memory>     // std::unique_ptr
#include <random>     // std::mt19937_64
#include <thread>     // std::thread::hardware_concurrency

#include <fmt/format.h>  // messages

#include "ab/worker.hpp"
#include "stats/descriptive.hpp"  // median_of_sorted
#include "stats/paired.hpp"

namespace pace::ab {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Reads `<word> <number>` from a worker; anything else is an error naming it.
Outcome<double> expect_number(Worker& w, const Outcome<std::string>& line, const std::string& word) {
    if (!line) return line.error();
    const std::string prefix = word + " ";
    if (line->compare(0, prefix.size(), prefix) == 0) {
        char* end = nullptr;
        double value = std::strtod(line->c_str() + prefix.size(), &end);
        if (end && *end == '\0' && value >= 0) return value;
    }
    return w.error(fmt::format("answered \"{}\" where \"{} <number>\" was expected", line->substr(0, 80), word));
}

struct Announced {
    std::vector<std::string> ids;
};

Outcome<Announced> read_hello(Worker& w, const AbOptions& options) {
    auto first = w.read_line(options.worker_timeout_s);
    if (!first) return first.error();
    if (first->rfind("pace-ab 1 ", 0) != 0)
        return w.error(fmt::format("did not start as a pace ab worker (its first line: \"{}\")", first->substr(0, 80)));
    Announced out;
    for (;;) {
        auto line = w.read_line(options.worker_timeout_s);
        if (!line) return line.error();
        if (*line == "ready") return out;
        if (line->rfind("id ", 0) != 0)
            return w.error(fmt::format("answered \"{}\" in its list of benchmarks", line->substr(0, 80)));
        out.ids.push_back(line->substr(3));
    }
}

// `done ok` → "", `done failed M` → M; anything else is a protocol error.
Outcome<std::string> expect_done(Worker& w, const Outcome<std::string>& line) {
    if (!line) return line.error();
    if (*line == "done ok") return std::string();
    if (line->rfind("done failed", 0) == 0) {
        std::string message = line->size() > 12 ? line->substr(12) : "failed";
        return message.empty() ? std::string("failed") : message;
    }
    return w.error(fmt::format("answered \"{}\" where the end of a benchmark was expected", line->substr(0, 80)));
}

struct Tally {
    std::vector<std::vector<double>> log_ratios;  ///< per process pair
    std::vector<double> base_s, cand_s;           ///< seconds per call, every sample
    std::string failure;
    bool decided = false;
};

// One benchmark in one process pair. Returns an error for a broken
// conversation; a benchmark that fails records it in the tally.
std::optional<InputError> measure_benchmark(const std::string& id, std::array<Worker*, 2> w, bool base_first,
                                            double slice_s, const AbOptions& options, Tally& tally) {
    // w[0] is the base, w[1] the candidate.
    std::array<bool, 2> measuring{};
    std::array<std::string, 2> failure;
    for (int s = 0; s < 2; ++s)
        if (auto e = w[s]->send("run " + id)) return e;
    for (int s = 0; s < 2; ++s) {
        auto line = w[s]->read_line(options.worker_timeout_s);
        if (!line) return line.error();
        if (*line == "measuring") {
            measuring[s] = true;
            continue;
        }
        auto done = expect_done(*w[s], line);
        if (!done) return done.error();
        failure[s] = done->empty() ? "finished without measuring" : *done;
    }
    auto finish = [&]() -> std::optional<InputError> {
        for (int s = 0; s < 2; ++s) {
            if (!measuring[s]) continue;
            auto done = expect_done(*w[s], w[s]->request("end", options.worker_timeout_s));
            if (!done) return done.error();
            if (!done->empty() && failure[s].empty()) failure[s] = *done;
        }
        for (int s = 0; s < 2; ++s)
            if (!failure[s].empty() && tally.failure.empty())
                tally.failure = fmt::format("{}: {}", s == 0 ? "base" : "candidate", failure[s]);
        return std::nullopt;
    };
    if (!measuring[0] || !measuring[1]) return finish();

    // The same calls per sample on both sides: the smaller of their calibrations.
    double iterations = 1e300;
    for (int s = 0; s < 2; ++s) {
        auto n = expect_number(
            *w[s],
            w[s]->request(fmt::format("calibrate {:.0f}", options.sample_target_s * 1e9), options.worker_timeout_s),
            "iterations");
        if (!n) return n.error();
        iterations = std::min(iterations, std::max(*n, 1.0));
    }
    const std::string sample = fmt::format("sample {:.0f}", iterations);
    auto take = [&](int s) -> Outcome<double> {
        return expect_number(*w[s], w[s]->request(sample, options.worker_timeout_s), "ns");
    };
    auto take_both = [&](bool first_is_base) -> Outcome<std::array<double, 2>> {
        std::array<double, 2> t{};
        if (options.schedule == Schedule::duet) {
            for (int s = 0; s < 2; ++s)
                if (auto e = w[s]->send(sample)) return *e;
            for (int s = 0; s < 2; ++s) {
                auto v = expect_number(*w[s], w[s]->read_line(options.worker_timeout_s), "ns");
                if (!v) return v.error();
                t[s] = *v;
            }
            return t;
        }
        for (int s : first_is_base ? std::array<int, 2>{0, 1} : std::array<int, 2>{1, 0}) {
            auto v = take(s);
            if (!v) return v.error();
            t[s] = *v;
        }
        return t;
    };
    // One warm-up sample a side, then sample pairs in the order A B, B A, A B, ...
    // so that neither side is always the one right after a switch.
    if (auto warm = take_both(base_first); !warm) return warm.error();
    std::vector<double> ratios;
    const auto start = Clock::now();
    bool first_is_base = base_first;
    while (ratios.size() < 8 || (seconds_since(start) < slice_s && ratios.size() < 10'000)) {
        auto t = take_both(first_is_base);
        if (!t) return t.error();
        first_is_base = !first_is_base;
        if (!((*t)[0] > 0 && (*t)[1] > 0)) continue;  // below the clock's resolution: no ratio
        ratios.push_back(std::log((*t)[1] / (*t)[0]));
        tally.base_s.push_back((*t)[0] / 1e9 / iterations);
        tally.cand_s.push_back((*t)[1] / 1e9 / iterations);
    }
    if (auto e = finish()) return e;
    if (tally.failure.empty() && !ratios.empty()) tally.log_ratios.push_back(std::move(ratios));
    return std::nullopt;
}

bool precise_enough(const std::vector<std::vector<double>>& log_ratios, const AbOptions& options) {
    if (log_ratios.size() < options.min_pairs) return false;
    auto c = stats::estimate_paired_change(log_ratios, options.alpha);
    if (!c) return false;
    if (options.threshold) return c->low > *options.threshold || c->high < *options.threshold;
    return (c->high - c->low) / 2 <= options.precision;
}

std::optional<double> median_of(std::vector<double> v) {
    if (v.empty()) return std::nullopt;
    std::sort(v.begin(), v.end());
    return stats::median_of_sorted(v);
}

}  // namespace

Outcome<PairedComparison> run_paired(const std::string& base, const std::string& cand, const AbOptions& options) {
    const auto start = Clock::now();
    std::mt19937_64 rng(options.seed);
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());

    PairedComparison out;
    out.base_label = base;
    out.cand_label = cand;
    out.schedule = options.schedule == Schedule::turns ? "turns" : "duet";
    out.seed = options.seed;
    out.confidence = 1 - options.alpha;
    out.threshold = options.threshold;

    std::vector<std::string> ids;  // in both builds, in the base's order
    std::map<std::string, Tally> tallies;
    double pair_seconds = 0;  // the last process pair's duration, to keep within the budget

    for (std::size_t pair = 0; pair < options.max_pairs; ++pair) {
        std::vector<std::string> pending;
        for (const std::string& id : ids)
            if (!tallies[id].decided && tallies[id].failure.empty()) pending.push_back(id);
        if (pair > 0 && pending.empty()) break;
        if (pair >= options.min_pairs && seconds_since(start) + pair_seconds > options.budget_s) break;
        const auto pair_start = Clock::now();

        const bool base_first = rng() & 1;
        Worker base_worker("base", base), cand_worker("candidate", cand);
        std::array<Worker*, 2> w{&base_worker, &cand_worker};
        // Turns: both on one core, so whatever slows that core slows both
        // sides; the core changes from pair to pair. Duet: a core each.
        const int core = static_cast<int>(pair % cores);
        std::array<int, 2> cpu{core, core};
        if (options.schedule == Schedule::duet) cpu = {core, static_cast<int>((pair + 1) % cores)};
        if (cores < 2 && options.schedule == Schedule::duet) cpu = {-1, -1};
        for (int s : base_first ? std::array<int, 2>{0, 1} : std::array<int, 2>{1, 0})
            if (auto e = w[s]->start(options.args, cpu[s])) return *e;
        std::array<Announced, 2> hello;
        for (int s = 0; s < 2; ++s) {
            auto h = read_hello(*w[s], options);
            if (!h) return h.error();
            hello[s] = std::move(*h);
        }
        if (pair == 0) {
            for (const std::string& id : hello[0].ids) {
                if (std::find(hello[1].ids.begin(), hello[1].ids.end(), id) != hello[1].ids.end())
                    ids.push_back(id);
                else
                    out.only_base.push_back(id);
            }
            for (const std::string& id : hello[1].ids)
                if (std::find(hello[0].ids.begin(), hello[0].ids.end(), id) == hello[0].ids.end())
                    out.only_cand.push_back(id);
            if (ids.empty()) {
                if (hello[0].ids.empty() && hello[1].ids.empty())
                    return InputError{"", "", "neither build selected any benchmark",
                                      "check the arguments after --, e.g. --filter"};
                return InputError{base + " and " + cand, "", "the two builds have no benchmark id in common",
                                  "compare two builds of the same benchmark binary"};
            }
            pending = ids;
        }
        std::shuffle(pending.begin(), pending.end(), rng);
        const double slice_s = std::max(
            options.slice_s, options.pair_sampling_s / static_cast<double>(std::max<std::size_t>(pending.size(), 1)));
        for (const std::string& id : pending) {
            if (options.progress)
                std::fputs(fmt::format("\r\033[Kpair {} ({:.0f} s of {:.0f} s) {}", pair + 1, seconds_since(start),
                                       options.budget_s, id)
                               .c_str(),
                           stderr);
            if (auto e = measure_benchmark(id, w, base_first, slice_s, options, tallies[id])) return *e;
        }
        base_worker.stop();
        cand_worker.stop();
        ++out.process_pairs;
        pair_seconds = seconds_since(pair_start);
        for (const std::string& id : pending) {
            Tally& t = tallies[id];
            t.decided = t.failure.empty() && precise_enough(t.log_ratios, options);
        }
    }
    if (options.progress) std::fputs("\r\033[K", stderr);

    for (const std::string& id : ids) {
        Tally& t = tallies[id];
        PairedResult r;
        r.id = id;
        r.failure = t.failure;
        r.decided = t.decided;
        r.base_median_s = median_of(t.base_s);
        r.cand_median_s = median_of(t.cand_s);
        r.base_samples_s = std::move(t.base_s);
        r.cand_samples_s = std::move(t.cand_s);
        for (const auto& ratios : t.log_ratios) r.pair_samples.push_back(static_cast<std::int64_t>(ratios.size()));
        stats::judge_paired(r, t.log_ratios, options.alpha);
        out.results.push_back(std::move(r));
    }
    out.elapsed_s = seconds_since(start);
    return out;
}

}  // namespace pace::ab
