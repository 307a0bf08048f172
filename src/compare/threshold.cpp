// SPDX-License-Identifier: Apache-2.0
#include "compare/threshold.hpp"

#include <charconv>      // std::from_chars
#include <cmath>         // std::isfinite
#include <system_error>  // std::errc

#include <fmt/format.h>  // fmt::format

#include "model/metrics.hpp"  // metrics declared by entry
#include "model/run.hpp"
#include "model/units.hpp"    // unit_for: the unit a limit is shown in

namespace pace {

namespace {

struct Unit {
    std::string_view name;
    MetricKind kind;
    double factor;  // to the base unit: seconds or bytes
};

// Both spellings of micro: U+00B5 (the micro sign a keyboard gives) and U+03BC
// (Greek mu, what some editors substitute).
constexpr Unit spec_units[] = {
    {"ns", MetricKind::time, 1e-9}, {"us", MetricKind::time, 1e-6},    {"\xc2\xb5s", MetricKind::time, 1e-6},
    {"\xce\xbcs", MetricKind::time, 1e-6}, {"ms", MetricKind::time, 1e-3}, {"s", MetricKind::time, 1.0},
    {"B", MetricKind::bytes, 1.0},  {"KiB", MetricKind::bytes, 1024.0}, {"MiB", MetricKind::bytes, 1048576.0},
    {"GiB", MetricKind::bytes, 1073741824.0},
};

std::string_view kind_name(MetricKind kind) {
    switch (kind) {
        case MetricKind::time: return "a time";
        case MetricKind::bytes: return "a size in bytes";
        case MetricKind::rate: return "a rate (per second)";
        case MetricKind::count: return "a count";
    }
    return "a count";
}

std::string_view units_for(MetricKind kind) {
    switch (kind) {
        case MetricKind::time: return "ns, us, µs, ms or s (a bare number is seconds)";
        case MetricKind::bytes: return "B, KiB, MiB or GiB (a bare number is bytes)";
        case MetricKind::rate:
        case MetricKind::count: return "a bare number, no unit";
    }
    return "a bare number";
}

std::string example_for(std::string_view metric, MetricKind kind) {
    switch (kind) {
        case MetricKind::time: return fmt::format("{0}:10% or {0}:2ms", metric);
        case MetricKind::bytes: return fmt::format("{0}:10% or {0}:5MiB", metric);
        case MetricKind::rate:
        case MetricKind::count: return fmt::format("{0}:5% or {0}:100", metric);
    }
    return std::string(metric) + ":10%";
}

bool is_name_char(char c, bool first) {
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (first) return alpha;
    return alpha || (c >= '0' && c <= '9') || c == '.' || c == '/' || c == '-';
}

InputError spec_error(std::string_view spec, std::string message, std::string hint) {
    return InputError{"", "", fmt::format("threshold \"{}\": {}", spec, message), std::move(hint)};
}

std::string format_number(double v) { return fmt::format("{:g}", v); }

}  // namespace

const std::vector<std::string_view>& builtin_metrics() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> n;
        for (const MetricInfo& m : metric_infos())
            if (m.offered) n.push_back(m.name);
        return n;
    }();
    return names;
}

bool is_builtin_metric(std::string_view name) {
    const MetricInfo* info = find_metric_info(name);
    return info && info->offered;
}

std::string ThresholdSpec::limit_text() const {
    if (kind == Kind::relative) return format_number(limit) + "%";
    // A limit reads as the user wrote it (`{:g}`: 2ms, not 2.00 ms), in the
    // unit of the ladder every table uses.
    const MetricKind kind_of_metric = metric_kind(metric);
    if (kind_of_metric == MetricKind::time || kind_of_metric == MetricKind::bytes) {
        const units::Unit unit = units::unit_for(kind_of_metric, limit);
        return format_number(limit / unit.scale) + " " + unit.name;
    }
    return format_number(limit);
}

Outcome<ThresholdSpec> parse_threshold(std::string_view spec) {
    std::string_view text = spec;
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);

    const std::string general_hint = "write METRIC:N% for a relative limit (mean:20%) or METRIC:N[UNIT] for an "
                                     "absolute one (min:0.001, p95:2ms, peak:5MiB, allocations:100)";
    auto colon = text.find(':');
    if (colon == std::string_view::npos)
        return spec_error(spec, "expected METRIC:LIMIT, found no ':'", general_hint);
    std::string_view metric = text.substr(0, colon);
    std::string_view rest = text.substr(colon + 1);
    if (metric.empty()) return spec_error(spec, "no metric before ':'", general_hint);
    for (std::size_t i = 0; i < metric.size(); ++i) {
        if (!is_name_char(metric[i], i == 0))
            return spec_error(spec, fmt::format("\"{}\" is not a metric name", metric),
                              "metric names are " + offered_metric_names() + ", or a user counter's name");
    }
    const MetricKind kind = metric_kind(metric);

    if (rest.empty()) return spec_error(spec, "no limit after ':'", "e.g. " + example_for(metric, kind));
    if (rest.front() == '-')
        return spec_error(spec, "a limit cannot be negative",
                          fmt::format("a limit is how far {} may move in its bad direction ({}); write {}", metric,
                                      higher_is_worse(metric) ? "up" : "down", example_for(metric, kind)));
    // from_chars would also take "inf" and "nan"; a limit is a plain decimal.
    if (!((rest.front() >= '0' && rest.front() <= '9') || rest.front() == '.'))
        return spec_error(spec, fmt::format("expected a number after ':', found \"{}\"", rest),
                          "e.g. " + example_for(metric, kind));
    double value = 0;
    auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
    if (ec != std::errc() || !std::isfinite(value))
        return spec_error(spec, fmt::format("expected a number after ':', found \"{}\"", rest),
                          "e.g. " + example_for(metric, kind));
    std::string_view unit = rest.substr(static_cast<std::size_t>(end - rest.data()));
    while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);

    ThresholdSpec out;
    out.metric = std::string(metric);
    out.text = std::string(text);
    if (unit == "%") {
        out.kind = ThresholdSpec::Kind::relative;
        out.limit = value;
        return out;
    }
    out.kind = ThresholdSpec::Kind::absolute;
    if (unit.empty()) {
        out.limit = value;  // base unit: seconds, bytes, or the count itself (pytest-benchmark's reading)
        return out;
    }
    // Decimal-looking byte units are refused rather than guessed: people write
    // MB for both 10^6 and 2^20, and a gate must not depend on which was meant.
    for (std::string_view ambiguous : {"K", "k", "KB", "kB", "M", "MB", "G", "GB"}) {
        if (unit == ambiguous)
            return spec_error(spec, fmt::format("\"{}\" is ambiguous (powers of 1000 or 1024?)", unit),
                              fmt::format("write KiB, MiB or GiB (powers of 1024), e.g. {}:{}{}", metric,
                                          format_number(value), unit.front() == 'G' ? "GiB"
                                                                : unit.front() == 'M' ? "MiB"
                                                                                      : "KiB"));
    }
    for (const Unit& u : spec_units) {
        if (u.name != unit) continue;
        if (u.kind != kind)
            return spec_error(spec,
                              fmt::format("\"{}\" is {} unit but {} is {}", unit,
                                          u.kind == MetricKind::time ? "a time" : "a byte", metric, kind_name(kind)),
                              fmt::format("{} takes {}, or a percentage; e.g. {}", metric, units_for(kind),
                                          example_for(metric, kind)));
        out.limit = value * u.factor;
        return out;
    }
    return spec_error(spec, fmt::format("unknown unit \"{}\"", unit),
                      fmt::format("{} takes {}, or a percentage; e.g. {}", metric, units_for(kind),
                                  example_for(metric, kind)));
}

}  // namespace pace
