// SPDX-License-Identifier: Apache-2.0
// The unit ladders and figures every table shows, on hand-computed values.
#include "model/units.hpp"

#include <gtest/gtest.h>

namespace pace::units {
namespace {

TEST(Units, TimeLadderByTheSmallestValue) {
    EXPECT_EQ(unit_for(MetricKind::time, 5.4559e-9).name, "ns");
    EXPECT_EQ(unit_for(MetricKind::time, 999e-9).name, "ns");
    EXPECT_EQ(unit_for(MetricKind::time, 1e-6).name, "\xc2\xb5s");
    EXPECT_EQ(unit_for(MetricKind::time, 0.019987788).name, "ms");
    EXPECT_DOUBLE_EQ(unit_for(MetricKind::time, 0.019987788).scale, 1e-3);
    EXPECT_EQ(unit_for(MetricKind::time, 1.5).name, "s");
    EXPECT_EQ(unit_for(MetricKind::time, 0).name, "ns");
}

TEST(Units, OtherLadders) {
    EXPECT_EQ(unit_for(MetricKind::bytes, 512).name, "B");
    EXPECT_EQ(unit_for(MetricKind::bytes, 1536).name, "KiB");
    EXPECT_EQ(unit_for(MetricKind::bytes, 3 << 20).name, "MiB");
    EXPECT_EQ(unit_for(MetricKind::bytes, 5.0 * (1 << 30)).name, "GiB");
    EXPECT_EQ(unit_for(MetricKind::rate, 999).name, "/s");
    EXPECT_EQ(unit_for(MetricKind::rate, 2.5e6).name, "M/s");
    EXPECT_EQ(unit_for(MetricKind::count, 1e9).name, "");
}

// 3 or 4 significant digits: 0.0123 keeps 3, 5.46 and 54.6 keep 3, 545.6 and 5,456 keep 4.
TEST(Units, SignificantDecimals) {
    EXPECT_EQ(significant_decimals(0.0123), 4);
    EXPECT_EQ(significant_decimals(0.5), 3);
    EXPECT_EQ(significant_decimals(5.46), 2);
    EXPECT_EQ(significant_decimals(54.6), 1);
    EXPECT_EQ(significant_decimals(545.6), 1);
    EXPECT_EQ(significant_decimals(5456), 0);
    EXPECT_EQ(significant_decimals(-5.46), 2);
    EXPECT_EQ(significant_decimals(0), 0);
}

TEST(Units, FiguresInTheirUnit) {
    // A 20 ms command and a 5 ns benchmark: never 19987788.0000 ns.
    EXPECT_EQ(format_in(0.019987788, unit_for(MetricKind::time, 0.019987788)), "20.0 ms");
    EXPECT_EQ(format_in(5.4559e-9, unit_for(MetricKind::time, 5.4559e-9)), "5.46 ns");
    EXPECT_EQ(format_in(0.00061, {"\xc2\xb5s", 1e-6}), "610.0 \xc2\xb5s");
    EXPECT_EQ(format_in(0.0201, {"ms", 1e-3}), "20.1 ms");  // a row's second value in the row's unit
    EXPECT_EQ(format_in(1.5, {"s", 1}), "1.50 s");
    EXPECT_EQ(format_in(12345.0, {"s", 1}), "12,345 s");
    EXPECT_EQ(format_in(512, {"B", 1}), "512 B");  // whole bytes
    EXPECT_EQ(format_in(3 << 20, {"MiB", 1 << 20}), "3.00 MiB");
    EXPECT_EQ(format_in(1536, {"KiB", 1024}), "1.50 KiB");
    EXPECT_EQ(format_in(2.5e6, {"M/s", 1e6}), "2.50 M/s");
    EXPECT_EQ(format_in(1234567, {"", 1}), "1,234,567");  // counts
    EXPECT_EQ(format_in(2.5, {"", 1}), "2.50");
}

TEST(Units, NumbersWithSeparators) {
    EXPECT_EQ(format_number(1234567.891, 2), "1,234,567.89");
    EXPECT_EQ(format_number(-1234.5, 1), "-1,234.5");
    EXPECT_EQ(format_number(999, 0), "999");
}

}  // namespace
}  // namespace pace::units
