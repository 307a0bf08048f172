// SPDX-License-Identifier: Apache-2.0
#include "report/results_table.hpp"

#include <algorithm>   // std::stable_sort
#include <cmath>       // std::isfinite
#include <functional>  // std::function

#include <fmt/color.h>   // colour on a terminal
#include <fmt/format.h>  // formatting

#include "model/metrics.hpp"  // the metrics' entries: the columns
#include "model/text.hpp"     // cell text per format: width, padding, escaping
#include "model/units.hpp"    // unit ladders, number formatting

namespace pace::report {

using units::format_in;
using units::format_number;
using units::Unit;
using units::unit_for;

namespace {

enum class Side { time, memory };

struct Column {
    std::string key;     ///< --columns name
    std::string title;   ///< header text before the unit
    MetricKind kind;     ///< for the unit
    Side side = Side::time;
    std::function<std::optional<double>(const Result&)> value;
    std::function<std::string(const Result&)> text;  ///< set for text columns
    bool lower_is_better = true;
    const MetricInfo* info = nullptr;  ///< the metric's entry: when it is shown
};

// A column per metric entry with a title, in the entries' order.
const std::vector<Column>& all_columns() {
    static const std::vector<Column> columns = [] {
        std::vector<Column> c;
        for (const MetricInfo& m : metric_infos()) {
            if (m.column.empty()) continue;
            c.push_back({std::string(m.name), std::string(m.column), m.kind, m.memory ? Side::memory : Side::time,
                         [name = std::string(m.name)](const Result& r) { return metric(r, name); }, m.cell,
                         !m.higher_is_worse, &m});
        }
        return c;
    }();
    return columns;
}

const Column* find_column(const std::string& key) {
    for (const Column& c : all_columns())
        if (c.key == key) return &c;
    return nullptr;
}

bool any_has(const Run& run, const Column& column) {
    for (const Result& r : run.results)
        if (column.value && column.value(r)) return true;
    return false;
}

std::vector<const Column*> chosen_columns(const Run& run, const TableOptions& options) {
    std::vector<const Column*> out;
    if (!options.columns.empty()) {
        for (const std::string& key : options.columns)
            if (const Column* c = find_column(key)) out.push_back(c);
        return out;
    }
    // Instruction mode measures no time: the time columns that would be
    // empty, and those of the timing's spread, are left out.
    const bool instructions_mode = run.mode == "instructions";
    for (const Column& c : all_columns()) {
        const MetricInfo& m = *c.info;
        if (instructions_mode && m.timing_only) continue;
        bool shown = false;
        switch (m.show) {
            case Show::never: break;
            case Show::always: shown = !instructions_mode || any_has(run, c); break;
            case Show::present: shown = any_has(run, c); break;
            case Show::nonzero:
                shown = std::any_of(run.results.begin(), run.results.end(), [&](const Result& r) {
                    const std::optional<double> v = c.value(r);
                    return v && *v != 0;
                });
                break;
        }
        if (shown) out.push_back(&c);
    }
    return out;
}

std::vector<const Result*> sorted_rows(const Run& run, const std::string& sort) {
    // Every result has a row, failed ones too (marked), so a missed target is
    // seen where the figures are.
    std::vector<const Result*> rows;
    for (const Result& r : run.results) rows.push_back(&r);
    if (sort == "name") {
        std::stable_sort(rows.begin(), rows.end(), [](const Result* a, const Result* b) { return id_order(*a, *b); });
    } else {
        bool descending = sort == "ops";
        std::stable_sort(rows.begin(), rows.end(), [&](const Result* a, const Result* b) {
            auto va = metric(*a, sort), vb = metric(*b, sort);
            if (!va || !vb) return va.has_value() && !vb.has_value();
            return descending ? *va > *vb : *va < *vb;
        });
    }
    return rows;
}

struct Cell {
    std::string text;
    bool best = false, worst = false;
};

struct Grid {
    std::vector<std::string> headers;
    std::vector<Side> sides;
    std::vector<std::vector<Cell>> rows;  // first cell: the id
    std::vector<const Result*> results;   // the result of each row
};

// How a row that did not pass is marked after its id.
std::string row_mark(const Result& r) {
    if (r.status == Status::skipped) return "  (skipped)";
    if (r.status != Status::failed) return "";
    bool missed = std::any_of(r.targets.begin(), r.targets.end(),
                              [](const TargetOutcome& t) { return t.checked && !t.passed; });
    return missed ? "  (missed target)" : "  (failed)";
}

Grid build_grid(const Run& run, const TableOptions& options, bool plain_numbers) {
    std::vector<const Column*> columns = chosen_columns(run, options);
    std::vector<const Result*> rows = sorted_rows(run, options.sort);
    Grid grid;
    grid.results = rows;
    bool instructions_mode = run.mode == "instructions";
    grid.headers.push_back(instructions_mode ? "Name (per call)" : "Name (time per call)");
    grid.sides.push_back(Side::time);
    grid.rows.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i)
        grid.rows[i].push_back({plain_numbers ? rows[i]->id : escape_control(rows[i]->id) + row_mark(*rows[i])});
    // One time unit per row, the one that shows the row's fastest round as at
    // least 1: the figures of a row read against each other without converting,
    // a row of nanoseconds and a row of milliseconds both stay short, and no
    // figure needs more than four digits before the point (a unit per column
    // wrote 15,292,148 ns beside 20,550 µs).
    std::vector<Unit> row_unit;
    for (const Result* r : rows) {
        std::optional<double> basis = metric(*r, "min");
        if (!basis) basis = metric(*r, "median");
        row_unit.push_back(unit_for(MetricKind::time, basis.value_or(0)));
    }
    for (const Column* column : columns) {
        grid.sides.push_back(column->side);
        grid.headers.push_back(column->title);
        if (column->text) {
            for (std::size_t i = 0; i < rows.size(); ++i) grid.rows[i].push_back({column->text(*rows[i])});
            continue;
        }
        std::vector<std::optional<double>> values;
        double smallest = 0, largest = 0;
        bool first = true;
        for (const Result* r : rows) {
            auto v = column->value(*r);
            if (v && !std::isfinite(*v)) v.reset();
            values.push_back(v);
            if (v) {
                smallest = first ? *v : std::min(smallest, *v);
                largest = first ? *v : std::max(largest, *v);
                first = false;
            }
        }
        bool mark = rows.size() > 1 && smallest != largest && column->kind != MetricKind::count;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            Cell cell;
            const auto& v = values[i];
            if (!v) cell.text = "—";
            else if (plain_numbers) cell.text = fmt::format("{}", *v);
            else if (column->kind == MetricKind::time) cell.text = format_in(*v, row_unit[i]);
            else cell.text = format_in(*v, unit_for(column->kind, *v));  // rates and sizes: each its own
            if (v && mark) {
                bool is_low = *v == smallest, is_high = *v == largest;
                cell.best = column->lower_is_better ? is_low : is_high;
                cell.worst = column->lower_is_better ? is_high : is_low;
            }
            grid.rows[i].push_back(cell);
        }
    }
    return grid;
}

std::string failures_text(const Run& run) {
    std::string out;
    for (const Result& r : run.results) {
        if (r.status == Status::failed) out += "FAILED  " + r.id + ": " + r.message + "\n";
        else if (r.status == Status::skipped) out += "SKIPPED " + r.id + (r.message.empty() ? "" : ": " + r.message) + "\n";
    }
    return out;
}

}  // namespace

std::string targets_text(const Run& run) {
    std::size_t met = 0, missed = 0, unchecked = 0;
    std::string lines;
    for (const Result& r : run.results)
        for (const TargetOutcome& t : r.targets) {
            // Unchecked is said as such, so a limit is never read as met.
            const char* mark = !t.checked ? "UNCHECKED" : t.passed ? "met      " : "MISSED   ";
            (!t.checked ? unchecked : t.passed ? met : missed) += 1;
            lines += fmt::format("  {} {}: {} ({})\n", mark, r.id, t.description, t.detail);
        }
    if (lines.empty()) return {};
    std::string head = fmt::format("targets: {} met, {} missed", met, missed);
    if (unchecked) head += fmt::format(", {} not checked", unchecked);
    return head + "\n" + lines;
}

std::string complexity_text(const Run& run) {
    std::string out;
    for (const ComplexityFit& f : run.complexity) {
        const bool times = f.metric != "instructions";
        auto figure = [&](double v) {
            return times ? units::format_with_unit(MetricKind::time, v) : units::format_number(v, 1);
        };
        // The growth term as the model names it: "N log N" from "O(N log N)".
        std::string term = f.model.size() > 3 ? f.model.substr(2, f.model.size() - 3) : f.model;
        // A chosen growth model's coefficient is positive; the intercept may not be.
        std::string shape = term == "1"            ? figure(f.intercept)
                            : f.intercept >= 0     ? fmt::format("{} + {}·{}", figure(f.intercept), figure(f.coefficient), term)
                                                   : fmt::format("{}·{} - {}", figure(f.coefficient), term, figure(-f.intercept));
        out += fmt::format("complexity {} over {}: {}  ({} ≈ {}, R² {:.3f}", f.id, f.dim, f.model,
                           times ? "median" : "instructions", shape, f.r_squared);
        if (!f.runner_up.empty())
            out += fmt::format("; runner-up {} fits {}× worse", f.runner_up,
                               std::isfinite(f.runner_up_ratio) ? units::format_number(f.runner_up_ratio, 1) : "∞");
        out += fmt::format(", {} sizes)\n", f.points);
    }
    return out;
}

std::string scaling_text(const Run& run) {
    std::string out;
    for (const ScalingFit& f : run.scaling) {
        out += fmt::format("scaling {} over {} ({} cores): Amdahl's serial fraction {:.3f} (R² {:.3f})", f.id, f.dim,
                           f.cores, f.serial_fraction, f.amdahl_r_squared);
        if (f.contention && f.coherency)
            out += fmt::format("; USL contention {:.3f}, coherency {:.4f} (R² {:.3f})", *f.contention, *f.coherency,
                               f.usl_r_squared.value_or(0));
        else
            out += "; the USL needs three measured counts";
        out += fmt::format("; predictions from {}\n", f.model == "usl" ? "the USL, which fits better" : "Amdahl's law");
        out += fmt::format("  {:>8}  {:>10}  {:>8}  {:>10}  {:>9}\n", f.dim, "median", "speedup", "efficiency", "predicted");
        for (const ScalingFit::Point& p : f.points) {
            const std::string workers = units::format_number(p.workers, 0);
            if (p.speedup && p.median)
                out += fmt::format("  {:>8}  {:>10}  {:>7.2f}x  {:>9.0f}%  {:>8.2f}x\n", workers,
                                   units::format_with_unit(MetricKind::time, *p.median), *p.speedup,
                                   100 * *p.speedup / p.workers, p.predicted);
            else
                out += fmt::format("  {:>8}  {:>10}  {:>8}  {:>10}  {:>8.2f}x  ({})\n", workers, "—", "—", "—", p.predicted,
                                   f.cores > 0 && p.workers > f.cores ? "not measured: more than the cores"
                                                                      : "not measured");
        }
        if (f.accuracy && f.accuracy_workers)
            out += fmt::format("  accuracy: {} workers predicted from the smaller counts within {:.0f}% ({:.0f}% accurate)\n",
                               units::format_number(*f.accuracy_workers, 0), 100 - *f.accuracy, *f.accuracy);
        else
            out += "  accuracy: not known (it needs three measured counts; this machine measures counts up to its cores)\n";
    }
    return out;
}

const std::vector<std::string>& known_columns() {
    static const std::vector<std::string> keys = [] {
        std::vector<std::string> k;
        for (const Column& c : all_columns()) k.push_back(c.key);
        return k;
    }();
    return keys;
}

std::optional<InputError> validate(const TableOptions& options) {
    std::string list;
    for (const std::string& k : known_columns()) list += (list.empty() ? "" : ", ") + k;
    for (const std::string& key : options.columns)
        if (!find_column(key)) return InputError{"--columns", "", "unknown column \"" + key + "\"", "known columns: " + list};
    return std::nullopt;
}

std::string result_line(const Result& r) {
    if (r.status == Status::failed) return "FAILED  " + r.id + ": " + r.message;
    if (r.status == Status::skipped) return "SKIPPED " + r.id + (r.message.empty() ? "" : ": " + r.message);
    std::string line = "done    " + r.id;
    if (r.time && r.time->median) {
        line += "  median " + format_in(*r.time->median, unit_for(MetricKind::time, *r.time->median));
        if (r.precision) line += fmt::format(" ±{:.1f}%", *r.precision * 100);
        line += fmt::format("  ({} rounds × {} calls)", format_number(static_cast<double>(r.time->rounds), 0),
                            format_number(static_cast<double>(r.time->iterations), 0));
    }
    if (auto it = r.counters.find("instructions"); it != r.counters.end())
        line += "  " + format_number(it->second, it->second == std::floor(it->second) ? 0 : 2) + " instructions";
    return line;
}

std::string console_table(const Run& run, const TableOptions& options) {
    Grid grid = build_grid(run, options, false);
    std::size_t n = grid.headers.size();
    std::vector<std::size_t> width(n);
    for (std::size_t c = 0; c < n; ++c) {
        width[c] = display_width(grid.headers[c]);
        for (const auto& row : grid.rows) width[c] = std::max(width[c], display_width(row[c].text));
    }
    auto pad_cell = [](const std::string& text, std::size_t w, bool left) {
        return pad(text, w, left ? Align::left : Align::right);
    };
    auto separator_before = [&](std::size_t c) { return c > 0 && grid.sides[c] == Side::memory && grid.sides[c - 1] != Side::memory; };
    bool has_memory = std::find(grid.sides.begin(), grid.sides.end(), Side::memory) != grid.sides.end();

    std::string header;
    std::size_t total = 0;
    for (std::size_t c = 0; c < n; ++c) {
        std::string gap = c == 0 ? "" : separator_before(c) ? " │ " : "  ";
        header += gap + pad_cell(grid.headers[c], width[c], c == 0);
        total += display_width(gap) + width[c];
    }
    std::string rule;
    for (std::size_t i = 0; i < total; ++i) rule += "─";

    std::string out;
    std::size_t count = grid.rows.size();
    std::string title = fmt::format(" benchmark: {} {} ", count, count == 1 ? "result" : "results");
    out += (options.color ? fmt::format(fmt::emphasis::bold, "{}", title) : title) + "\n";
    out += (options.color ? fmt::format(fmt::emphasis::bold, "{}", header) : header) + "\n" + rule + "\n";
    for (std::size_t i = 0; i < grid.rows.size(); ++i) {
        const auto& row = grid.rows[i];
        const bool passed = grid.results[i]->status == Status::ok;
        std::string line;
        for (std::size_t c = 0; c < n; ++c) {
            std::string gap = c == 0 ? "" : separator_before(c) ? " │ " : "  ";
            std::string cell = pad_cell(row[c].text, width[c], c == 0);
            if (options.color && c == 0 && !passed) cell = fmt::format(fmt::fg(fmt::terminal_color::red), "{}", cell);
            else if (options.color && row[c].best) cell = fmt::format(fmt::fg(fmt::terminal_color::green), "{}", cell);
            else if (options.color && row[c].worst) cell = fmt::format(fmt::fg(fmt::terminal_color::red), "{}", cell);
            line += gap + cell;
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    }
    out += rule + "\n";
    if (has_memory) out += "memory (right of │): a separate, untimed pass — one call, not the timed rounds\n";
    out += complexity_text(run);
    out += scaling_text(run);
    out += targets_text(run);
    std::string failures = failures_text(run);
    if (!failures.empty()) out += options.color ? fmt::format(fmt::fg(fmt::terminal_color::red), "{}", failures) : failures;
    return out;
}

std::string markdown_table(const Run& run, const TableOptions& options) {
    Grid grid = build_grid(run, options, false);
    std::string out = "|";
    for (const std::string& h : grid.headers) out += " " + markdown_cell(h) + " |";
    out += "\n|";
    for (std::size_t c = 0; c < grid.headers.size(); ++c) out += c == 0 ? " :--- |" : " ---: |";
    out += "\n";
    for (const auto& row : grid.rows) {
        out += "|";
        for (const Cell& cell : row) out += " " + markdown_cell(cell.text) + " |";
        out += "\n";
    }
    // Below the table, a line each with a hard break: in a code block, a
    // message holding a fence would end it and the rest would be markup.
    std::string failures = complexity_text(run) + scaling_text(run) + targets_text(run) + failures_text(run);
    if (!failures.empty()) out += "\n";
    for (std::size_t start = 0, end; (end = failures.find('\n', start)) != std::string::npos; start = end + 1)
        out += markdown_cell(failures.substr(start, end - start)) + "  \n";
    return out;
}

std::string csv_table(const Run& run, const TableOptions& options) {
    Grid grid = build_grid(run, options, true);
    // Raw units in CSV headers: seconds, bytes, per second.
    std::vector<const Column*> columns = chosen_columns(run, options);
    std::string out = "id";
    for (const Column* c : columns) {
        std::string unit = c->kind == MetricKind::time ? "_s" : c->kind == MetricKind::bytes ? "_bytes" : "";
        out += "," + c->key + unit;
    }
    out += ",status\n";
    for (std::size_t i = 0; i < grid.rows.size(); ++i) {
        const auto& row = grid.rows[i];
        for (std::size_t c = 0; c < row.size(); ++c) out += (c ? "," : "") + csv_field(row[c].text == "—" ? "" : row[c].text);
        out += "," + std::string(to_string(grid.results[i]->status)) + "\n";
    }
    return out;
}

}  // namespace pace::report
