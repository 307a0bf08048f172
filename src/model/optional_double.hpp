// SPDX-License-Identifier: Apache-2.0
// An optional double in the eight bytes of a double: a result's time
// statistics are sixteen optional figures, and std::optional<double> takes
// sixteen bytes for each (the flag pads to the double's alignment). A run of
// 100,000 results saves 20 MB.
#pragma once

#include <bit>       // std::bit_cast
#include <compare>   // std::partial_ordering
#include <cstdint>   // std::uint64_t
#include <optional>  // std::optional, std::nullopt_t, std::bad_optional_access

namespace pace {

/// A double or nothing, with std::optional<double>'s interface and
/// conversions both ways. Nothing is one NaN bit pattern no arithmetic
/// makes (a quiet NaN with a payload); every other double, NaN included,
/// is a value.
class OptionalDouble {
public:
    using value_type = double;

    constexpr OptionalDouble() noexcept = default;
    constexpr OptionalDouble(std::nullopt_t) noexcept {}
    constexpr OptionalDouble(double value) noexcept : value_(value) {}
    constexpr OptionalDouble(const std::optional<double>& value) noexcept : value_(value ? *value : empty()) {}

    constexpr bool has_value() const noexcept { return std::bit_cast<std::uint64_t>(value_) != empty_bits; }
    constexpr explicit operator bool() const noexcept { return has_value(); }
    constexpr double& operator*() noexcept { return value_; }
    constexpr const double& operator*() const noexcept { return value_; }
    constexpr double value() const {
        if (!has_value()) throw std::bad_optional_access();
        return value_;
    }
    constexpr double value_or(double fallback) const noexcept { return has_value() ? value_ : fallback; }
    constexpr double& emplace(double value) noexcept { return value_ = value; }
    constexpr void reset() noexcept { value_ = empty(); }

    constexpr operator std::optional<double>() const noexcept {
        return has_value() ? std::optional<double>(value_) : std::nullopt;
    }

    friend constexpr bool operator==(const OptionalDouble& a, const OptionalDouble& b) noexcept {
        return a.has_value() == b.has_value() && (!a.has_value() || a.value_ == b.value_);
    }
    friend constexpr bool operator==(const OptionalDouble& a, std::nullopt_t) noexcept { return !a.has_value(); }
    friend constexpr bool operator==(const OptionalDouble& a, double b) noexcept { return a.has_value() && a.value_ == b; }
    /// As std::optional orders: nothing before any value.
    friend constexpr std::partial_ordering operator<=>(const OptionalDouble& a, double b) noexcept {
        return a.has_value() ? a.value_ <=> b : std::partial_ordering::less;
    }

private:
    static constexpr std::uint64_t empty_bits = 0x7ff8'5ace'0000'0001;
    static constexpr double empty() noexcept { return std::bit_cast<double>(empty_bits); }
    double value_ = empty();
};

}  // namespace pace
