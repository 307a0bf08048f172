// SPDX-License-Identifier: Apache-2.0
#include "compare/table.hpp"

#include <algorithm>      // std::max
#include <cmath>          // std::isinf, std::isfinite
#include <string_view>    // std::string_view
#include <unordered_set>  // FlaggedChanges: the flagged ids of each run

#include <fmt/color.h>   // fmt::fg, fmt::color
#include <fmt/format.h>  // fmt::format

#include "compare/parallel.hpp"  // parallel_ranges: the rows of a long table on several threads
#include "model/metrics.hpp"      // counter_direction: a direction pace.toml set
#include "model/text.hpp"         // cell text per format: width, padding, escaping

namespace pace {

namespace {

constexpr std::string_view dash = "\xe2\x80\x94";  // — (U+2014)

std::string format_value(const std::optional<double>& v, const units::Unit& unit) {
    if (!v) return std::string(dash);
    if (std::isinf(*v)) return *v > 0 ? "inf" : "-inf";
    return units::format_in(*v, unit);
}

// A run's cell of a row: its value, or why there is none. A benchmark that
// vanished and one that broke are different news, and neither is a `—`.
std::string format_cell(const DiffRow& row, std::size_t run, const units::Unit& unit) {
    switch (row.presence.empty() ? Presence::value : row.presence[run]) {
        case Presence::missing: return "missing";
        case Presence::failed: return "FAILED";
        case Presence::skipped: return "skipped";
        case Presence::value:
        case Presence::no_metric: break;
    }
    return format_value(row.values[run], unit);
}

std::string format_change(const std::optional<double>& v) {
    if (!v) return std::string(dash);
    if (std::isinf(*v)) return *v > 0 ? "+inf%" : "-inf%";
    return fmt::format("{:+.1f}%", *v);
}

std::string format_p(const Significance& s) {
    if (s.basis != TestBasis::tested || !s.p_value) return std::string(dash);
    if (*s.p_value < 0.001) return "<0.001";
    return fmt::format("{:.3f}", *s.p_value);
}

// Whether any change of the table was put to the rank test.
bool any_tested(const Diff& diff) {
    for (const DiffRow& row : diff.rows)
        for (std::size_t r = 1; r < row.significance.size(); ++r)
            if (row.change_percent[r] && row.significance[r].basis == TestBasis::tested) return true;
    return false;
}

// A p column where a p can be: a column (and a legend) of nothing but dashes
// tells the reader nothing. Scans the rows: call once per table.
bool show_p(const Diff& diff) { return metric_has_samples(diff.metric) && diff.labels.size() > 1 && any_tested(diff); }

// The metric the table shows; each row carries its own unit.
std::string heading(const Diff& diff) {
    std::string what = diff.metric == "time" ? "time (median)" : diff.metric;
    // More is worse for most figures; a rate says it is the other way round,
    // since a rising "+5%" must not read as a regression.
    if (!higher_is_worse(diff.metric)) return what + " (higher is better)";
    // A counter pace.toml says is better lower may be named like a rate: say
    // so rather than leave the reader to guess from "/s".
    if (counter_direction(diff.metric)) return what + " (lower is better)";
    return what;
}

// The (run, id) pairs whose change a regression on the table's metric
// flags, gathered once: a table of ten thousand rows with a hundred
// regressions would otherwise compare a million ids.
class FlaggedChanges {
public:
    FlaggedChanges(const Diff& diff, std::span<const Regression> flagged) : ids_(diff.labels.size()) {
        for (const Regression& r : flagged) {
            if (r.spec.metric != diff.metric) continue;
            for (std::size_t run = 1; run < diff.labels.size(); ++run)
                if (diff.labels[run] == r.label) ids_[run].insert(r.id);
        }
    }
    bool contains(std::size_t run, std::string_view id) const { return ids_[run].count(id) > 0; }

private:
    std::vector<std::unordered_set<std::string_view>> ids_;  // by run; views of the regressions' ids
};

enum class Tone { none, bad, good, flagged };

Tone tone_of(const Diff& diff, const DiffRow& row, std::size_t r, const FlaggedChanges& flagged) {
    if (!row.change_percent[r]) return Tone::none;
    if (flagged.contains(r, row.id)) return Tone::flagged;
    const Significance& s = row.significance[r];
    if (s.basis != TestBasis::tested || !s.p_value || *s.p_value >= diff.alpha) return Tone::none;
    double c = *row.change_percent[r];
    if (c == 0) return Tone::none;
    return (c > 0) == higher_is_worse(diff.metric) ? Tone::bad : Tone::good;
}

std::vector<std::string> notes(const Diff& diff, bool p_column) {
    std::vector<std::string> out;
    if (!diff.rows.empty() && diff.partial_ids.size() == diff.rows.size() && diff.labels.size() > 1) {
        out.push_back(fmt::format("no id is in every run: nothing to compare (ids are matched by fullname)"));
    } else if (!diff.partial_ids.empty()) {
        // Say what each mark in the table means, only for the marks it shows.
        bool seen[5] = {};
        for (const DiffRow& row : diff.rows)
            for (Presence p : row.presence) seen[static_cast<int>(p)] = true;
        std::string legend;
        auto add = [&](Presence p, std::string text) {
            if (seen[static_cast<int>(p)]) legend += (legend.empty() ? "" : "; ") + text;
        };
        add(Presence::missing, "missing: not in that run");
        add(Presence::failed, "FAILED: the benchmark failed in that run");
        add(Presence::skipped, "skipped: skipped in that run");
        add(Presence::no_metric, fmt::format("{}: the result does not carry {}", dash, diff.metric));
        out.push_back(fmt::format("{} of {} ids lack {} in some run ({})", diff.partial_ids.size(), diff.rows.size(),
                                  diff.metric, legend));
    }
    if (!metric_has_samples(diff.metric) || diff.labels.size() < 2) return out;
    // Why the changes that were not tested were not: a reader must not take a
    // missing p for "no change".
    bool one_process = false, too_few = false, no_samples = false;
    for (const DiffRow& row : diff.rows)
        for (std::size_t r = 1; r < row.significance.size(); ++r) {
            if (!row.change_percent[r]) continue;
            const Significance& s = row.significance[r];
            one_process = one_process || s.basis == TestBasis::one_process;
            too_few = too_few || s.basis == TestBasis::too_few;
            no_samples = no_samples || s.basis == TestBasis::no_samples;
        }
    if (p_column)
        out.push_back(fmt::format("p: Mann-Whitney U test over the processes' medians against {}, two-sided; a change "
                                  "counts at p < {:g}",
                                  diff.labels.front(), diff.alpha));
    const std::string untested = p_column ? fmt::format("p {} = ", dash) : "";
    if (one_process)
        out.push_back(untested + "one process a side: not tested, since a whole process's offset (its layout, its "
                                 "placement) cannot be told from a change; the threshold alone decides (measure each "
                                 "side with --processes 5, or compare builds with pace ab)");
    if (too_few)
        out.push_back(untested + fmt::format("too few processes a side to ever reach p < {:g}: the threshold alone decides",
                                             diff.alpha));
    if (no_samples) out.push_back(untested + "a side has no samples: the threshold alone decides");
    return out;
}

std::string csv_number(const std::optional<double>& v) {
    if (!v) return "";
    if (std::isinf(*v)) return *v > 0 ? "inf" : "-inf";
    return fmt::format("{}", *v);
}

}  // namespace

units::Unit row_unit(const Diff& diff, const DiffRow& row) {
    double smallest = 0;
    for (const auto& v : row.values)
        if (v && *v > 0 && std::isfinite(*v) && (smallest == 0 || *v < smallest)) smallest = *v;
    return units::unit_for(metric_kind(diff.metric), smallest);
}

std::string render_table(const Diff& diff, const TableOptions& options) {
    const std::size_t runs = diff.labels.size();
    const bool p_column = show_p(diff);

    std::vector<std::string> header = {"id"};
    for (const auto& l : diff.labels) header.push_back(escape_control(l));
    for (std::size_t r = 1; r < runs; ++r) {
        header.push_back(runs == 2 ? "change" : "change " + escape_control(diff.labels[r]));
        if (p_column) header.push_back(runs == 2 ? "p" : "p " + escape_control(diff.labels[r]));
    }
    // Formatting ten thousand rows is worth both cores: the cells first, then,
    // once the column widths are known, the lines.
    const std::size_t count = diff.rows.size();
    std::vector<std::vector<std::string>> cells(count);
    // Tones only colour the cells: without colour there is nothing to work out.
    std::vector<std::vector<Tone>> tones(options.color ? count : 0);
    const FlaggedChanges flagged(diff, options.color ? options.flagged : std::span<const Regression>{});
    parallel_ranges(count, 1000, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            const DiffRow& row = diff.rows[i];
            std::vector<std::string>& line = cells[i];
            line.reserve(header.size());
            line.push_back(escape_control(row.id));
            if (options.color) tones[i].assign(header.size(), Tone::none);
            const units::Unit unit = row_unit(diff, row);
            for (std::size_t r = 0; r < runs; ++r) line.push_back(format_cell(row, r, unit));
            for (std::size_t r = 1; r < runs; ++r) {
                if (options.color) tones[i][line.size()] = tone_of(diff, row, r, flagged);
                line.push_back(format_change(row.change_percent[r]));
                if (p_column) line.push_back(format_p(row.significance[r]));
            }
        }
    });
    std::vector<std::size_t> width(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) width[c] = display_width(header[c]);
    for (const auto& line : cells)
        for (std::size_t c = 0; c < line.size(); ++c) width[c] = std::max(width[c], display_width(line[c]));
    // On a terminal, ids get what the figures leave of its width: a long id
    // loses its middle, keeping the name and the dims that tell rows apart.
    if (options.width > 0) {
        constexpr std::size_t narrowest_id = 24;
        std::size_t others = 0;
        for (std::size_t c = 1; c < width.size(); ++c) others += 2 + width[c];
        const std::size_t room = std::max(narrowest_id, options.width > others ? options.width - others : 0);
        if (width[0] > room) {
            width[0] = std::max(room, display_width(header[0]));
            for (auto& line : cells) line[0] = elide_middle(line[0], width[0]);
        }
    }

    std::vector<std::string> lines(count);
    parallel_ranges(count, 1000, [&](std::size_t begin, std::size_t end) {
        for (std::size_t i = begin; i < end; ++i) {
            std::string& line = lines[i];
            for (std::size_t c = 0; c < cells[i].size(); ++c) {
                std::string cell = pad(cells[i][c], width[c], c > 0 ? Align::right : Align::left);
                // Colour after padding, so escape codes never shift a column.
                if (options.color) {
                    switch (tones[i][c]) {
                        case Tone::flagged:
                            cell = fmt::format(fmt::fg(fmt::terminal_color::red) | fmt::emphasis::bold, "{}", cell);
                            break;
                        case Tone::bad: cell = fmt::format(fmt::fg(fmt::terminal_color::yellow), "{}", cell); break;
                        case Tone::good: cell = fmt::format(fmt::fg(fmt::terminal_color::green), "{}", cell); break;
                        case Tone::none: break;
                    }
                }
                if (c) line += "  ";
                line += cell;
            }
            while (!line.empty() && line.back() == ' ') line.pop_back();
            line += '\n';
        }
    });
    // The cells are in the lines now: a table of 100,000 rows need not hold both and the text.
    std::vector<std::vector<std::string>>().swap(cells);

    std::string out = heading(diff) + "\n";
    std::size_t total = 0;
    for (std::size_t c = 0; c < header.size(); ++c) {
        out += (c ? "  " : "") + pad(header[c], width[c], c > 0 ? Align::right : Align::left);
        total += width[c] + (c ? 2 : 0);
    }
    out += "\n";
    for (std::size_t i = 0; i < total; ++i) out += "\xe2\x94\x80";  // ─ (U+2500)
    out += "\n";
    std::size_t size = out.size();
    for (const std::string& line : lines) size += line.size();
    out.reserve(size);
    for (const std::string& line : lines) out += line;
    for (const std::string& note : notes(diff, p_column)) out += note + "\n";
    return out;
}

std::string render_markdown(const Diff& diff, const TableOptions& options) {
    const std::size_t runs = diff.labels.size();
    const bool p_column = show_p(diff);
    const FlaggedChanges flagged(diff, options.flagged);
    std::string out = fmt::format("**{}**\n\n| id |", markdown_cell(heading(diff)));
    std::string rule = "|:---|";
    for (const auto& l : diff.labels) {
        out += " " + markdown_cell(l) + " |";
        rule += "---:|";
    }
    for (std::size_t r = 1; r < runs; ++r) {
        out += runs == 2 ? " change |" : " change " + markdown_cell(diff.labels[r]) + " |";
        rule += "---:|";
        if (p_column) {
            out += runs == 2 ? " p |" : " p " + markdown_cell(diff.labels[r]) + " |";
            rule += "---:|";
        }
    }
    out += "\n" + rule + "\n";
    for (const DiffRow& row : diff.rows) {
        out += "| " + markdown_cell(row.id) + " |";
        const units::Unit unit = row_unit(diff, row);
        for (std::size_t r = 0; r < runs; ++r) out += " " + markdown_cell(format_cell(row, r, unit)) + " |";
        for (std::size_t r = 1; r < runs; ++r) {
            std::string change = format_change(row.change_percent[r]);
            // Bold marks a regression where colour is not available.
            if (flagged.contains(r, row.id)) change = "**" + change + "**";
            out += " " + change + " |";
            if (p_column) out += " " + format_p(row.significance[r]) + " |";
        }
        out += "\n";
    }
    std::vector<std::string> extra = notes(diff, p_column);
    if (!extra.empty()) {
        out += "\n";
        for (const std::string& note : extra) out += markdown_cell(note) + "  \n";
    }
    return out;
}

std::string render_csv(const Diff& diff) {
    const std::size_t runs = diff.labels.size();
    std::string out = "id";
    for (const auto& l : diff.labels) out += "," + csv_field(l);
    for (std::size_t r = 1; r < runs; ++r)
        out += "," + csv_field("change_" + diff.labels[r] + "_percent") + "," + csv_field("p_" + diff.labels[r]);
    out += "\n";
    for (const DiffRow& row : diff.rows) {
        out += csv_field(row.id);
        for (const auto& v : row.values) out += "," + csv_number(v);
        for (std::size_t r = 1; r < runs; ++r) {
            out += "," + csv_number(row.change_percent[r]);
            out += "," + csv_number(row.significance[r].p_value);
        }
        out += "\n";
    }
    return out;
}

}  // namespace pace
