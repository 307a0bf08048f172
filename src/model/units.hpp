// SPDX-License-Identifier: Apache-2.0
// Choosing one unit per column so figures are short and comparable down it.
#pragma once

#include <string>       // std::string
#include <string_view>  // std::string_view

#include "model/run.hpp"

namespace pace::units {

/// True for counters that hold seconds rather than a plain number: Google
/// Benchmark's `cpu_time` (converted from its `time_unit` on import) and
/// hyperfine's `user_time`/`system_time`, and the coefficients of Google
/// Benchmark's complexity fit (seconds per unit of the fitted curve, N for
/// O(N)). They are times, but not the wall-time
/// samples, so no test over samples applies to them.
bool is_time_counter(std::string_view name);

struct Unit {
    std::string name;    ///< "µs", "MiB", "Mops/s", "" for plain counts
    double scale = 1.0;  ///< divide a raw value by this to show it in the unit
};

/// The unit that shows `smallest` (a raw value: seconds, bytes, per second,
/// count) as a number of at least 1, in the given kind's ladder.
Unit unit_for(MetricKind kind, double smallest);

/// "1.23 µs", "4.00 MiB", "1,234,567": a value with its own unit.
std::string format_with_unit(MetricKind kind, double value);

/// Digits after the point that show `shown` (a value already in its unit)
/// with 3 or 4 significant digits: 2 below 10, 1 below 1000, 0 above, and
/// enough for three below 1 (0.0123). More would be noise on a shared machine.
int significant_decimals(double shown);

/// `value` (raw: seconds, bytes, per second) in `unit` with 3 or 4 significant
/// digits and the unit after it: "19.99 ms", "512 B" (bytes in B are whole),
/// "1,234 ns". A unit without a name is a plain count: "1,234,567", or two
/// decimals when the count is not whole.
std::string format_in(double value, const Unit& unit);

/// A number with two decimals below 1000 and thousands separators above.
std::string format_number(double value, int decimals = 2);

}  // namespace pace::units
