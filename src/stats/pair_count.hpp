// SPDX-License-Identifier: Apache-2.0
// U of the rank test counted pair by pair, on the vector units of the CPU:
// for samples of a few hundred values, faster than sorting them. Platform
// code, apart.
#pragma once

#include <cstdint>   // std::uint64_t
#include <optional>  // std::optional
#include <span>      // std::span

namespace pace::stats {

/// The pairs (x, y), x from `a` and y from `b`, with x > y, counted with
/// AVX2 when the CPU has it. Empty, and the caller sorts instead:
///   - where there is no AVX2 (another architecture, an older x86-64);
///   - when the samples are too large for counting to pay (more than 512
///     values, or more than 40,000 pairs);
///   - when a value occurs twice in `a` and `b` together (+0 and −0 are one
///     value), or a value is NaN: ties need ranks.
/// Thread-safe.
std::optional<std::uint64_t> count_pairs_above(std::span<const double> a, std::span<const double> b);

}  // namespace pace::stats
