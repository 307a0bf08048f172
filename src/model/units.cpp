// SPDX-License-Identifier: Apache-2.0
#include "model/units.hpp"

#include <algorithm>  // std::min
#include <cmath>      // std::abs, std::isfinite, std::floor, std::log10

#include <fmt/format.h>  // formatting numbers

namespace pace::units {

bool is_time_counter(std::string_view name) {
    return name == "cpu_time" || name == "user_time" || name == "system_time" || name == "real_coefficient" ||
           name == "cpu_coefficient";
}

Unit unit_for(MetricKind kind, double smallest) {
    double v = std::abs(smallest);
    switch (kind) {
        case MetricKind::time:
            if (v == 0 || v < 1e-6) return {"ns", 1e-9};
            if (v < 1e-3) return {"µs", 1e-6};
            if (v < 1) return {"ms", 1e-3};
            return {"s", 1};
        case MetricKind::bytes:
            if (v < 1024) return {"B", 1};
            if (v < 1024.0 * 1024) return {"KiB", 1024};
            if (v < 1024.0 * 1024 * 1024) return {"MiB", 1024.0 * 1024};
            return {"GiB", 1024.0 * 1024 * 1024};
        case MetricKind::rate:
            if (v < 1e3) return {"/s", 1};
            if (v < 1e6) return {"K/s", 1e3};
            if (v < 1e9) return {"M/s", 1e6};
            return {"G/s", 1e9};
        case MetricKind::count: return {"", 1};
    }
    return {"", 1};
}

std::string format_number(double value, int decimals) {
    if (!std::isfinite(value)) return "—";
    std::string text = fmt::format("{:.{}f}", value, decimals);
    // Thousands separators on the integer part.
    std::size_t start = text[0] == '-' ? 1 : 0;
    std::size_t dot = std::min(text.find('.'), text.size());
    std::string out = text.substr(0, start);
    for (std::size_t i = start; i < dot; ++i) {
        if (i > start && (dot - i) % 3 == 0) out += ',';
        out += text[i];
    }
    out += text.substr(dot);
    text = out;
    return text;
}

int significant_decimals(double shown) {
    const double a = std::abs(shown);
    if (a == 0 || !std::isfinite(a)) return 0;
    if (a < 1) return std::min(6, 2 - static_cast<int>(std::floor(std::log10(a))));
    return a < 10 ? 2 : a < 1000 ? 1 : 0;
}

std::string format_in(double value, const Unit& unit) {
    if (unit.name.empty()) return format_number(value, value == std::floor(value) ? 0 : 2);
    const double shown = value / unit.scale;
    return format_number(shown, unit.name == "B" ? 0 : significant_decimals(shown)) + " " + unit.name;
}

std::string format_with_unit(MetricKind kind, double value) {
    Unit unit = unit_for(kind, value);
    if (kind == MetricKind::count) return format_number(value, value == std::floor(value) ? 0 : 2);
    return format_number(value / unit.scale) + " " + unit.name;
}

}  // namespace pace::units
