// SPDX-License-Identifier: Apache-2.0
// Standard normal draws that are the same on every standard library, for
// the statistics tests' synthetic noise.
#pragma once

#include <cmath>    // std::log, std::sqrt, std::cos
#include <cstdint>  // std::uint64_t
#include <random>   // std::mt19937_64: its raw output is fixed by the standard

namespace pace::stats::draws {

/// std::normal_distribution differs between standard libraries; Box-Muller
/// on the raw 64-bit engine does not.
class Normal {
public:
    explicit Normal(std::uint64_t seed) : engine_(seed) {}

    /// The next draw of N(0, 1).
    double operator()() {
        const double u1 = uniform(), u2 = uniform();
        return std::sqrt(-2 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }

    /// The next draw of U(0, 1), never 0 or 1.
    double uniform() { return (static_cast<double>(engine_() >> 11) + 0.5) * 0x1p-53; }

private:
    std::mt19937_64 engine_;
};

}  // namespace pace::stats::draws
