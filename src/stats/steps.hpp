// SPDX-License-Identifier: Apache-2.0
// Step detection: where a series of measurements over commits changed level.
#pragma once

#include <cstddef>  // std::size_t
#include <span>     // std::span
#include <vector>   // std::vector

namespace pace::stats {

/// One point of a series: its value (seconds, instructions, bytes, ...) and
/// the standard error of that value (≥ 0; 0 for an exact count).
struct SeriesPoint {
    double value = 0;
    double error = 0;
};

/// Tuning of detect_steps. The defaults keep the false positives on a flat
/// noisy series rare (tests/unit/stats/steps_test.cpp measures them).
struct StepOptions {
    /// Penalty per step, in units of ln(n): a step is kept when it lowers the
    /// weighted squared error by more than penalty · ln(n).
    double penalty = 3.0;
    /// A step's least confidence (1 − the p-value of the test between the
    /// two levels it separates) to be reported.
    double min_confidence = 0.999;
    /// A step's least relative change |after − before| / |before| to be
    /// reported (0: any significant change).
    double min_change = 0.0;
    /// The least error a point is given, relative to its value: an exact
    /// count (error 0) would otherwise make any difference infinitely sure.
    double relative_floor = 1e-6;
};

/// A change of level between index - 1 and index.
struct Step {
    std::size_t index = 0;  ///< the first point at the new level
    double before = 0;      ///< the weighted mean level of the segment before
    double after = 0;       ///< the weighted mean level of the segment after
    double change = 0;      ///< (after − before) / |before|; 0 when before is 0
    double confidence = 0;  ///< 1 − two-sided p of the difference of the two levels
};

/// The steps of a series and the noise scale they were judged against.
struct StepFit {
    std::vector<Step> steps;
    /// How much noisier the series is than its points' errors say (≥ 1): the
    /// spread of successive differences (their largest tenth, where the steps
    /// are, left out) over their expected spread.
    /// Each point's error is multiplied by it before fitting.
    double noise_scale = 1;
};

/// Finds the steps of a series with a penalised piecewise-constant fit (the
/// method behind asv's step detection, here with a weighted squared error so
/// each point counts by its own noise, 1 / error²): the optimal partition by
/// dynamic programming, then each step tested between the weighted means of
/// its two neighbouring segments (a z-test on the errors; a t-test, with as
/// many degrees of freedom as differences estimated it, when the series' own
/// noise scale raised them); the least
/// confident step below min_confidence is merged away and the test repeated.
/// Points' errors are first raised to the median error (an error from a few
/// rounds is itself uncertain) and scaled by the series' own extra noise (see
/// StepFit::noise_scale), which makes intervals that miss process-level noise
/// safe to use. Fewer than three points give no steps. Deterministic; O(n²).
///
///     auto fit = stats::detect_steps(points);
///     for (auto& s : fit.steps) std::cout << s.index << ' ' << s.change << '\n';
StepFit detect_steps(std::span<const SeriesPoint> points, const StepOptions& options = {});

}  // namespace pace::stats
