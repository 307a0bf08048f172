// SPDX-License-Identifier: Apache-2.0
#include "compare/gate.hpp"

#include <algorithm>      // std::any_of, std::clamp
#include <cmath>          // std::isinf, std::log10: the digits of a confidence level
#include <map>            // one interval per (base, candidate) pair
#include <optional>       // std::optional
#include <utility>        // std::pair
#include <unordered_map>  // std::unordered_map

#include <fmt/format.h>  // fmt::format

#include "compare/parallel.hpp"  // parallel_ranges: the intervals on several threads
#include "model/text.hpp"        // escape_control: ids and messages on one line
#include "stats/descriptive.hpp"  // process_medians: the interval's unit

namespace pace {

namespace {

// The confidence level 1 - alpha as a percentage with the digits alpha has:
// 95, 99.9, 99.9999999. A fixed precision rounds a small alpha's level up to
// "100", a certainty no interval has.
std::string confidence_percent(double alpha) {
    int decimals = std::clamp(static_cast<int>(std::ceil(-std::log10(alpha * 100))) + 2, 0, 15);
    std::string text = fmt::format("{:.{}f}", (1 - alpha) * 100, decimals);
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
    }
    return text;
}

std::vector<double> process_medians(const Result& r) {
    return stats::process_medians(r.time->samples, r.time->process_samples);
}

std::string signed_percent(double v) {
    if (std::isinf(v)) return v > 0 ? "+inf%" : "-inf%";
    return fmt::format("{:+.1f}%", v);
}

}  // namespace

std::string Regression::describe() const {
    const bool up = higher_is_worse(spec.metric);
    if (spec.kind == ThresholdSpec::Kind::relative)
        return fmt::format("{} {} {} {}{}", spec.metric, signed_percent(change), up ? ">" : "<", up ? "" : "-",
                           spec.limit_text());
    ThresholdSpec shown = spec;
    shown.limit = std::abs(change);
    return fmt::format("{} {}{} {} {}{}", spec.metric, change < 0 ? "-" : "+", shown.limit_text(), up ? ">" : "<",
                       up ? "" : "-", spec.limit_text());
}

std::string GateVerdict::summary() const {
    bool several_runs = false;
    for (const Regression& r : regressions)
        if (r.label != regressions.front().label) several_runs = true;
    for (const Breakage& b : broken)
        if (b.label != broken.front().label || (!regressions.empty() && b.label != regressions.front().label))
            several_runs = true;
    std::vector<std::string> parts;
    if (!regressions.empty()) {
        // One entry per id (and run), its exceeded specs together.
        std::vector<std::string> keys;
        std::unordered_map<std::string, std::vector<std::string>> reasons;
        for (const Regression& r : regressions) {
            std::string key = escape_control(several_runs ? fmt::format("{} in {}", r.id, r.label) : r.id);
            if (!reasons.count(key)) keys.push_back(key);
            reasons[key].push_back(r.describe());
        }
        std::string out = fmt::format("{} regression{}: ", keys.size(), keys.size() == 1 ? "" : "s");
        for (std::size_t i = 0; i < keys.size(); ++i) {
            out += (i ? ", " : "") + keys[i] + " (";
            const auto& list = reasons[keys[i]];
            for (std::size_t j = 0; j < list.size(); ++j) out += (j ? ", " : "") + list[j];
            out += ")";
        }
        parts.push_back(std::move(out));
    }
    for (Breakage::Kind kind : {Breakage::Kind::failed, Breakage::Kind::missing}) {
        std::vector<std::string> ids;
        for (const Breakage& b : broken)
            if (b.kind == kind) ids.push_back(escape_control(several_runs ? b.id + " in " + b.label : b.id));
        if (ids.empty()) continue;
        std::string out = fmt::format("{} {}: ", ids.size(), kind == Breakage::Kind::failed ? "failed" : "missing");
        for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + ids[i];
        parts.push_back(std::move(out));
    }
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "; " : "") + parts[i];
    if (out.empty()) out = "no regressions over thresholds";
    if (allowed_missing)
        out += fmt::format(" ({} missing id{} allowed)", allowed_missing, allowed_missing == 1 ? "" : "s");
    return out;
}

std::string GateVerdict::report(double alpha, bool name_runs) const {
    std::string out;
    for (Regression r : regressions) {
        if (!name_runs) r.label.clear();
        out += r.explain(alpha) + "\n";
    }
    for (Breakage b : broken) {
        // A missing id's line names the run it is missing from either way.
        if (!name_runs && b.kind == Breakage::Kind::failed) b.label.clear();
        out += b.explain() + "\n";
    }
    return out + summary() + "\n";
}

std::string Breakage::explain() const {
    if (kind == Kind::missing) {
        return fmt::format("missing: {}: in {}, not in {}", escape_control(id), base_label, label);
    }
    return fmt::format("failed: {}{}: {}", escape_control(id), label.empty() ? "" : " in " + label,
                       message.empty() ? "(no message)" : escape_control(message));
}

GateVerdict evaluate_gate(std::span<const Run> runs, const std::vector<std::string>& labels,
                          std::span<const ThresholdSpec> specs, const GateOptions& options) {
    GateVerdict verdict;
    if (runs.size() < 2) return verdict;
    const Run& base_run = runs.front();
    // Every time metric is tested on the same samples: one test per (run, id)
    // serves all the specs, which matters on suites of thousands of ids.
    std::optional<SampleTests> own_tests;
    const bool any_sampled = std::any_of(specs.begin(), specs.end(),
                                         [](const ThresholdSpec& spec) { return metric_has_samples(spec.metric); });
    if (!options.tests && any_sampled) own_tests.emplace(runs, options.alpha);
    const SampleTests* tests = options.tests ? options.tests : own_tests ? &*own_tests : nullptr;
    const double alpha = tests ? tests->alpha() : options.alpha;
    std::optional<IdIndex> own_index;
    const IdIndex& index = tests ? tests->index() : own_index.emplace(runs);
    // A benchmark that broke fails the gate before any threshold is read, and
    // a run sharing no id with the base leaves nothing to check at all.
    for (std::size_t r = 1; r < runs.size(); ++r) {
        std::size_t common = 0;
        std::vector<Breakage> missing;
        for (const Result& base : base_run.results) {
            const Result* found = index.find(r, base.id);
            if (found) ++common;
            if (base.status != Status::ok || (found && found->status != Status::failed)) continue;
            Breakage b;
            b.kind = found ? Breakage::Kind::failed : Breakage::Kind::missing;
            b.id = base.id;
            b.label = r < labels.size() ? labels[r] : fmt::format("run{}", r + 1);
            b.base_label = labels.empty() ? "run1" : labels[0];
            if (found) {
                b.message = found->message;
                verdict.broken.push_back(std::move(b));
            } else if (options.allow_missing) {
                ++verdict.allowed_missing;
            } else {
                missing.push_back(std::move(b));
            }
        }
        verdict.broken.insert(verdict.broken.end(), missing.begin(), missing.end());
        if (common == 0 && !verdict.nothing_checked) {
            auto name = [&](std::size_t i) {
                return !runs[i].source.empty() ? runs[i].source : i < labels.size() ? labels[i] : "a run";
            };
            verdict.nothing_checked = InputError{
                "", "",
                fmt::format("{} and {} have no benchmark id in common: the gate checked nothing", name(0), name(r)),
                "ids are matched by full name (with dims); compare two runs of the same suite"};
        }
    }
    struct Sampled {
        std::size_t regression;
        const Result *base, *cand;
    };
    std::vector<Sampled> sampled;  // the regressions a median-ratio interval is made for
    for (const ThresholdSpec& spec : specs) {
        const bool up = higher_is_worse(spec.metric);
        for (std::size_t r = 1; r < runs.size(); ++r) {
            for (const Result& base : base_run.results) {
                const Result* found = index.find(r, base.id);
                if (!found || base.status != Status::ok || found->status != Status::ok) continue;
                const Result& cand = *found;
                std::optional<double> a = metric(base, spec.metric), b = metric(cand, spec.metric);
                if (!a || !b) continue;
                ++verdict.compared;
                double change = spec.kind == ThresholdSpec::Kind::relative ? percent_change(*a, *b) : *b - *a;
                // pytest-benchmark fails on a change strictly past the limit; so does pace.
                const bool past = up ? change > spec.limit : -change > spec.limit;
                const Significance sig = tests ? tests->find(r, base.id, spec.metric) : Significance{};
                if (sig.basis != TestBasis::tested) ++verdict.untested;
                if (!past || !sig.counts(alpha)) continue;
                Regression reg;
                reg.id = base.id;
                reg.label = r < labels.size() ? labels[r] : fmt::format("run{}", r + 1);
                reg.spec = spec;
                reg.base = *a;
                reg.value = *b;
                reg.change = change;
                reg.significance = sig;
                if (sig.basis == TestBasis::tested) sampled.push_back({verdict.regressions.size(), &base, &cand});
                verdict.regressions.push_back(std::move(reg));
            }
        }
    }
    // The intervals only for what is reported, and split among the cores:
    // each costs thousands of resamples, and a gate over ten thousand ids
    // with a hundred regressions must stay fast.
    // An id past several specs (mean and median, say) has one interval.
    std::map<std::pair<const Result*, const Result*>, std::size_t> first;
    std::vector<Sampled> distinct;
    for (const Sampled& s : sampled)
        if (first.emplace(std::pair{s.base, s.cand}, s.regression).second) distinct.push_back(s);
    parallel_ranges(distinct.size(), 10, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i)
            verdict.regressions[distinct[i].regression].median_ratio = stats::bootstrap_median_ratio(
                process_medians(*distinct[i].base), process_medians(*distinct[i].cand), alpha, options.bootstrap_resamples);
    });
    for (const Sampled& s : sampled)
        verdict.regressions[s.regression].median_ratio =
            verdict.regressions[first.at({s.base, s.cand})].median_ratio;
    return verdict;
}

std::string Regression::explain(double alpha) const {
    const Regression& r = *this;
    std::string evidence;
    switch (r.significance.basis) {
        case TestBasis::tested:
            evidence = *r.significance.p_value < 0.001 ? "p < 0.001" : fmt::format("p = {:.3f}", *r.significance.p_value);
            evidence += fmt::format(" over {} v {} processes", r.significance.base_processes, r.significance.cand_processes);
            if (r.median_ratio)
                evidence += fmt::format("; median ratio {:.3f}, {}% CI {:.3f}..{:.3f}", r.median_ratio->ratio,
                                        confidence_percent(alpha), r.median_ratio->low, r.median_ratio->high);
            break;
        case TestBasis::no_samples: evidence = "no samples: threshold alone"; break;
        case TestBasis::one_process: evidence = "one process a side: threshold alone"; break;
        case TestBasis::too_few:
            evidence = fmt::format("{} v {} processes, too few to test: threshold alone", r.significance.base_processes,
                                   r.significance.cand_processes);
            break;
    }
    return fmt::format("regression: {}{}: {} ({})", escape_control(r.id), r.label.empty() ? "" : " in " + r.label, r.describe(),
                       evidence);
}

}  // namespace pace
