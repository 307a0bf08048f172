// SPDX-License-Identifier: Apache-2.0
#include "compare/diff.hpp"

#include <algorithm>      // std::sort, std::is_sorted, std::min
#include <cctype>         // std::tolower: machine fields compared regardless of case
#include <cmath>          // std::isinf
#include <filesystem>     // std::filesystem::path
#include <limits>         // std::numeric_limits
#include <map>            // std::map

#include <fmt/format.h>  // fmt::format

#include "compare/parallel.hpp"  // parallel_ranges: the tests and rows of many ids on several threads
#include "compare/threshold.hpp"
#include "model/metrics.hpp"  // find_metric_info: metrics of the samples
#include "stats/descriptive.hpp"  // process_medians: the unit of the test
#include "stats/inference.hpp"
#include "model/edit_distance.hpp"  // "did you mean" for a metric name

namespace pace {

namespace {

const Result* usable(const IdIndex& index, std::size_t run, std::string_view id) {
    const Result* found = index.find(run, id);
    return found && found->status == Status::ok ? found : nullptr;
}

}  // namespace

Outcome<SortKey> parse_sort_key(std::string_view text) {
    if (text == "name") return SortKey::name;
    if (text == "value") return SortKey::value;
    if (text == "change") return SortKey::change;
    return InputError{"--sort", "", fmt::format("unknown sort key \"{}\"", text),
                      "use name, value (largest in the last run first) or change (largest increase first)"};
}

bool metric_has_samples(std::string_view metric) {
    // A time counter (cpu_time, subprocess_time) is one figure per result,
    // not a statistic of the wall-time samples.
    const MetricInfo* info = find_metric_info(metric);
    return info && info->of_samples;
}

Significance test_samples(const Result& base, const Result& cand, double alpha) {
    Significance s;
    if (!base.time || !cand.time || base.time->samples.empty() || cand.time->samples.empty()) return s;
    const TimeStats& a = *base.time;
    const TimeStats& b = *cand.time;
    s.base_processes = a.processes();
    s.cand_processes = b.processes();
    if (s.base_processes == 1 && s.cand_processes == 1) {
        s.basis = TestBasis::one_process;
        return s;
    }
    // With very few processes no arrangement of their medians reaches the
    // level; a test that can never say "significant" would silently disarm the gate.
    if (stats::mann_whitney_min_p(s.base_processes, s.cand_processes) >= alpha) {
        s.basis = TestBasis::too_few;
        return s;
    }
    s.basis = TestBasis::tested;
    s.p_value = stats::mann_whitney_u(stats::process_medians(a.samples, a.process_samples),
                                      stats::process_medians(b.samples, b.process_samples))
                    .p_value;
    return s;
}

SampleTests::SampleTests(std::span<const Run> runs, double alpha)
    : index_(runs), tested_(runs.size()), alpha_(alpha) {
    if (runs.size() < 2) return;
    const std::vector<Result>& base = runs[0].results;
    base_ = base.data();
    for (std::size_t r = 1; r < runs.size(); ++r) {
        std::vector<Significance>& tested = tested_[r];
        tested.resize(base.size());
        // Each test sorts two sets of samples: on ten thousand ids that is
        // most of the work, and the ids are independent.
        parallel_ranges(base.size(), 500, [&](std::size_t begin, std::size_t end) {
            for (std::size_t i = begin; i < end; ++i) {
                const Result* cand = usable(index_, r, base[i].id);
                if (cand && base[i].status == Status::ok) tested[i] = test_samples(base[i], *cand, alpha);
            }
        });
    }
}

Significance SampleTests::find(std::size_t run, std::string_view id, std::string_view metric) const {
    if (run == 0 || run >= tested_.size() || !metric_has_samples(metric)) return {};
    const Result* base = index_.find(0, id);
    return base ? tested_[run][static_cast<std::size_t>(base - base_)] : Significance{};
}

double percent_change(double base, double value) {
    if (base == 0) {
        if (value == 0) return 0;
        return value > 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    }
    return value / base * 100 - 100;
}

Diff diff_runs(std::span<const Run> runs, const std::vector<std::string>& labels, const DiffOptions& options) {
    Diff diff;
    diff.metric = options.metric;
    diff.labels = labels;
    std::optional<SampleTests> own_tests;
    if (!options.tests && metric_has_samples(options.metric)) own_tests.emplace(runs, options.alpha);
    const SampleTests* tests = options.tests ? options.tests : own_tests ? &*own_tests : nullptr;
    diff.alpha = tests ? tests->alpha() : options.alpha;

    std::optional<IdIndex> own_index;
    const IdIndex& index = tests ? tests->index() : own_index.emplace(runs);
    const std::vector<std::string_view>& ids = index.ids();

    auto make_row = [&](std::string_view id) {
        DiffRow row;
        row.id = std::string(id);
        row.values.resize(runs.size());
        row.presence.resize(runs.size(), Presence::missing);
        row.change_percent.resize(runs.size());
        row.significance.resize(runs.size());
        for (std::size_t r = 0; r < runs.size(); ++r) {
            if (const Result* found = index.find(r, id)) {
                switch (found->status) {
                    case Status::ok:
                        row.values[r] = metric(*found, options.metric);
                        row.presence[r] = row.values[r] ? Presence::value : Presence::no_metric;
                        break;
                    case Status::failed: row.presence[r] = Presence::failed; break;
                    case Status::skipped: row.presence[r] = Presence::skipped; break;
                }
            }
            if (!row.values[r]) row.in_all_runs = false;
        }
        for (std::size_t r = 1; r < runs.size(); ++r) {
            if (!row.values[0] || !row.values[r]) continue;
            row.change_percent[r] = percent_change(*row.values[0], *row.values[r]);
            if (tests) row.significance[r] = tests->find(r, id, options.metric);
        }
        return row;
    };
    // The rows are independent, and on ten thousand ids worth both cores.
    diff.rows.resize(ids.size());
    parallel_ranges(ids.size(), 1000, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) diff.rows[i] = make_row(ids[i]);
    });

    // Rows in name order are in the results table's order (model's id_order:
    // dims by value, so `BM_sort/4096` comes before `BM_sort/32768`), read off
    // each id's result in the first run that has it.
    std::vector<const Result*> result_of(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i)
        for (std::size_t r = 0; r < runs.size() && !result_of[i]; ++r) result_of[i] = index.find(r, ids[i]);
    auto by_name = [&](std::size_t a, std::size_t b) {
        if (result_of[a] && result_of[b]) return id_order(*result_of[a], *result_of[b]);
        return diff.rows[a].id < diff.rows[b].id;
    };
    const std::size_t last = runs.empty() ? 0 : runs.size() - 1;
    // Missing figures sort last whatever the key, so the rows that can be read come first.
    auto by_key = [&](auto key) {
        return [&, key](std::size_t a, std::size_t b) {
            std::optional<double> ka = key(diff.rows[a]), kb = key(diff.rows[b]);
            if (ka.has_value() != kb.has_value()) return ka.has_value();
            if (ka && kb && *ka != *kb) return *ka > *kb;
            return by_name(a, b);
        };
    };
    std::vector<std::size_t> order(diff.rows.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    // Runs are often written in name order already; checking is one pass.
    auto sort_by = [&order](auto before) {
        if (!std::is_sorted(order.begin(), order.end(), before)) std::sort(order.begin(), order.end(), before);
    };
    switch (options.sort) {
        case SortKey::name: sort_by(by_name); break;
        case SortKey::value:
            sort_by(by_key([last](const DiffRow& row) { return row.values[last]; }));
            break;
        case SortKey::change:
            sort_by(by_key([last](const DiffRow& row) { return row.change_percent[last]; }));
            break;
    }
    if (!std::is_sorted(order.begin(), order.end())) {
        std::vector<DiffRow> sorted;
        sorted.reserve(order.size());
        for (std::size_t i : order) sorted.push_back(std::move(diff.rows[i]));
        diff.rows = std::move(sorted);
    }
    for (const DiffRow& row : diff.rows)
        if (!row.in_all_runs) diff.partial_ids.push_back(row.id);
    return diff;
}

std::optional<InputError> check_metric_carried(std::span<const Run> runs, std::string_view name,
                                               const std::string& context) {
    std::map<std::string, bool> available;  // sorted, for a stable hint
    for (const Run& run : runs) {
        for (const Result& result : run.results) {
            if (metric(result, name)) return std::nullopt;
        }
    }
    if (!runs.empty()) {
        for (const Result& result : runs.front().results) {
            for (std::string_view m : builtin_metrics())
                if (metric(result, m)) available[std::string(m)] = true;
            for (const auto& [counter, value] : result.counters) available[std::string(counter)] = true;
        }
    }
    std::string files;
    for (const Run& run : runs) files += (files.empty() ? "" : ", ") + (run.source.empty() ? "a run" : run.source);
    std::string message = fmt::format("no benchmark in {} carries metric \"{}\"", files, name);
    if (!context.empty()) message = context + ": " + message;

    std::string hint;
    for (std::string_view m : builtin_metrics()) {
        if (name.size() >= 3 && edit_distance(name, m) == 1) hint = fmt::format("did you mean \"{}\"?", m);
    }
    if (hint.empty()) {
        for (const auto& [m, unused] : available) {
            (void)unused;
            if (name.size() >= 3 && edit_distance(name, m) == 1) hint = fmt::format("did you mean \"{}\"?", m);
        }
    }
    if (hint.empty() && !available.empty()) {
        // Built-ins first, in their own order, then the counters by name.
        std::string list;
        for (std::string_view m : builtin_metrics())
            if (available.count(std::string(m))) list += (list.empty() ? "" : ", ") + std::string(m);
        for (const auto& [m, unused] : available) {
            (void)unused;
            if (!is_builtin_metric(m)) list += (list.empty() ? "" : ", ") + m;
        }
        hint = "these runs carry: " + list;
    }
    return InputError{"", "", message, hint};
}

std::string machine_differences(const Run& base, const Run& other, const std::string& base_label,
                                const std::string& other_label) {
    std::vector<std::string> parts;
    // Producers spell the same thing differently ("GCC" and "gcc"): only a
    // difference past letter case is one.
    auto same = [](const std::string& a, const std::string& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](unsigned char x, unsigned char y) {
            return std::tolower(x) == std::tolower(y);
        });
    };
    auto compare = [&](const char* field, const std::string& a, const std::string& b) {
        if (!a.empty() && !b.empty() && !same(a, b)) parts.push_back(fmt::format("{} \"{}\" vs \"{}\"", field, a, b));
    };
    compare("cpu_model", base.machine.cpu_model, other.machine.cpu_model);
    if (base.machine.cores > 0 && other.machine.cores > 0 && base.machine.cores != other.machine.cores)
        parts.push_back(fmt::format("cores {} vs {}", base.machine.cores, other.machine.cores));
    // The compiler and build type are the benchmark's own only within one
    // producer: pytest-benchmark's is the Python interpreter's compiler,
    // Google Benchmark's build type is its library's.
    if (base.producer == other.producer) {
        compare("compiler", base.machine.compiler, other.machine.compiler);
        compare("build_type", base.machine.build_type, other.machine.build_type);
    }
    compare("system", base.machine.system, other.machine.system);
    if (parts.empty()) return {};
    std::string out = fmt::format("{} and {} ran on different machines: ", base_label, other_label);
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
    return out;
}

std::vector<std::string> run_labels(const std::vector<std::string>& paths) {
    std::vector<std::string> labels;
    for (const std::string& p : paths) labels.push_back(std::filesystem::path(p).stem().string());
    // Same stem in two directories: fall back to the file name, then to the path.
    auto unique = [&] {
        std::map<std::string, int> count;
        for (const auto& l : labels) ++count[l];
        for (const auto& [l, c] : count)
            if (c > 1) return false;
        return true;
    };
    if (!unique()) {
        for (std::size_t i = 0; i < paths.size(); ++i) labels[i] = std::filesystem::path(paths[i]).filename().string();
    }
    if (!unique()) labels = paths;
    if (!unique()) {
        for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = fmt::format("run{}", i + 1);
    }
    return labels;
}

}  // namespace pace
