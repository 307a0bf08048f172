// SPDX-License-Identifier: Apache-2.0
#include "report/ab_report.hpp"

#include <algorithm>  // std::max, std::any_of

#include <fmt/format.h>  // cells

#include "model/text.hpp"   // markdown_cell, escape_control, display_width, pad
#include "model/units.hpp"  // format_with_unit

namespace pace::report {

namespace {

std::string percent(double relative) { return fmt::format("{:+.1f}%", relative * 100); }

std::string time_cell(const std::optional<double>& seconds) {
    return seconds ? units::format_with_unit(MetricKind::time, *seconds) : "—";
}

// With one sample pair per process pair (pace cmd --ab: a pair is one run of
// each command), nothing is measured within a pair: only the noise between.
std::string noise_cell(const PairedResult& r, bool within_measured) {
    if (!r.change) return "—";
    if (!within_measured) return fmt::format("±{:.1f}%", r.between_pairs * 100);
    return fmt::format("±{:.1f}% / ±{:.1f}%", r.within_pair * 100, r.between_pairs * 100);
}

std::string verdict_cell(const PairedResult& r, bool has_threshold) {
    std::string v(to_string(r.verdict));
    if (r.regression) v += has_threshold ? " REGRESSION" : "";
    return v;
}

}  // namespace

std::string render_paired(const PairedComparison& c, bool markdown) {
    const bool instructions = c.metric == "instructions";
    const bool within_measured = std::any_of(c.results.begin(), c.results.end(),
                                             [](const PairedResult& r) { return r.samples > r.pairs; });
    std::vector<std::vector<std::string>> rows;
    rows.push_back({"Benchmark", instructions ? "Base (instr.)" : "Base (median)",
                    instructions ? "Cand (instr.)" : "Cand (median)", "Change",
                    fmt::format("{:.0f}% interval", c.confidence * 100), "Verdict", "Pairs",
                    within_measured ? "Noise within / between pairs" : "Noise between pairs"});
    for (const PairedResult& r : c.results) {
        std::string interval = r.low && r.high ? fmt::format("[{}, {}]", percent(*r.low), percent(*r.high)) : "—";
        if (instructions) interval = r.change ? "exact" : "—";
        rows.push_back({r.id,
                        instructions ? (r.base_median_s ? units::format_number(*r.base_median_s, 0) : "—")
                                     : time_cell(r.base_median_s),
                        instructions ? (r.cand_median_s ? units::format_number(*r.cand_median_s, 0) : "—")
                                     : time_cell(r.cand_median_s),
                        r.change ? percent(*r.change) : "—", interval, verdict_cell(r, c.threshold.has_value()),
                        instructions ? "—" : std::to_string(r.pairs), instructions ? "—" : noise_cell(r, within_measured)});
    }
    std::string out;
    if (markdown) {
        for (std::size_t i = 0; i < rows.size(); ++i) {
            out += "|";
            for (const std::string& cell : rows[i]) out += " " + markdown_cell(cell) + " |";
            out += "\n";
            if (i == 0) {
                out += "|";
                for (std::size_t k = 0; k < rows[i].size(); ++k) out += k == 0 ? ":---|" : "---:|";
                out += "\n";
            }
        }
    } else {
        // A tab or a newline in an id would break the columns: shown escaped.
        for (auto& row : rows)
            for (std::string& cell : row) cell = escape_control(cell);
        std::vector<std::size_t> width(rows[0].size(), 0);
        for (const auto& row : rows)
            for (std::size_t k = 0; k < row.size(); ++k) width[k] = std::max(width[k], display_width(row[k]));
        for (const auto& row : rows) {
            std::string line;
            for (std::size_t k = 0; k < row.size(); ++k) {
                line += (k ? "  " : "") + pad(row[k], width[k], k == 0 ? Align::left : Align::right);
            }
            while (!line.empty() && line.back() == ' ') line.pop_back();
            out += line + "\n";
        }
    }
    const std::string br = markdown ? "  \n" : "\n";
    out += markdown ? "\n" : "";
    auto text = [&](std::string_view t) { return markdown ? markdown_cell(t) : escape_control(t); };
    for (const std::string& id : c.only_base) out += "only in the base build, not compared: " + text(id) + br;
    for (const std::string& id : c.only_cand) out += "only in the candidate build, not compared: " + text(id) + br;
    for (const PairedResult& r : c.results)
        if (r.verdict == PairedVerdict::failed) out += "failed: " + text(r.id + ": " + r.failure) + br;
    if (!instructions) {
        std::size_t undecided = 0;
        for (const PairedResult& r : c.results) undecided += !r.decided && r.verdict != PairedVerdict::failed;
        out += fmt::format("{} process pairs in {:.0f} s ({}, seed {}); ", c.process_pairs, c.elapsed_s, c.schedule,
                           c.seed);
        out += undecided ? fmt::format("{} benchmark{} reached the budget before the precision asked for: "
                                       "the interval shows the precision reached",
                                       undecided, undecided == 1 ? "" : "s")
                         : std::string("every benchmark reached the precision asked for");
        out += br;
    }
    if (c.threshold) {
        std::vector<std::string> failed;
        for (const PairedResult& r : c.results)
            if (r.regression)
                failed.push_back(r.verdict == PairedVerdict::failed
                                     ? r.id + " (failed)"
                                     : fmt::format("{} ({} [{}, {}] > {})", r.id, percent(*r.change), percent(*r.low),
                                                   percent(*r.high), c.threshold_text));
        if (failed.empty()) {
            out += fmt::format("gate {}: no regressions", c.threshold_text) + br;
        } else {
            out += fmt::format("gate {}: {} regression{}: ", c.threshold_text, failed.size(),
                               failed.size() == 1 ? "" : "s");
            for (std::size_t i = 0; i < failed.size(); ++i)
                out += (i ? ", " : "") + text(failed[i]);
            out += br;
        }
    }
    return out;
}

std::vector<JunitCase> paired_junit_cases(const PairedComparison& c) {
    std::vector<JunitCase> cases;
    for (const PairedResult& r : c.results) {
        JunitCase jc;
        jc.classname = "pace ab";
        jc.name = r.id;
        if (r.verdict == PairedVerdict::failed)
            jc.failure = "failed: " + r.failure;
        else if (r.regression)
            jc.failure = fmt::format("{} [{}, {}] is past {}", percent(*r.change), percent(*r.low), percent(*r.high),
                                     c.threshold_text);
        cases.push_back(std::move(jc));
    }
    for (const std::string& id : c.only_base) cases.push_back({"pace ab", id, 0, std::nullopt, "only in the base build"});
    for (const std::string& id : c.only_cand)
        cases.push_back({"pace ab", id, 0, std::nullopt, "only in the candidate build"});
    return cases;
}

}  // namespace pace::report
