// SPDX-License-Identifier: Apache-2.0
// `pace cmd`'s measurement: whole commands run again and again as hyperfine
// runs them, each made into a pace Result.
#pragma once

#include <cstdint>   // std::int64_t
#include <optional>  // std::optional
#include <string>    // std::string
#include <vector>    // std::vector

#include "model/outcome.hpp"
#include "model/paired_comparison.hpp"  // what --ab finds
#include "model/run.hpp"

namespace pace::cmd {

/// A parameter scan: `-P n 1 8 -D 2` (numbers) or `-L cc gcc,clang` (words).
struct ParameterScan {
    std::string name;
    std::vector<DimValue> values;
};

/// The most values one `-P` scan may have: each is a whole measurement.
inline constexpr std::uint64_t max_scan_values = 10000;

/// The values of `-P NAME MIN MAX -D STEP`: MIN, MIN+STEP, ... up to MAX
/// included. An error when STEP is not positive, MAX < MIN, or there would be
/// more than max_scan_values.
Outcome<std::vector<DimValue>> integer_range(std::int64_t min, std::int64_t max, std::int64_t step);

/// The values of `-L NAME a,b,c`, numbers kept as numbers (so a scan of
/// `-L n 10,100,1000` plots on a numeric axis).
std::vector<DimValue> list_values(const std::string& text);

/// One command to measure: its text with parameters substituted, the result
/// name and the dims of this combination.
struct CommandCase {
    std::string command;
    std::string name;
    std::vector<Dim> dims;
};

/// Every combination of the scans for every command, `{NAME}` replaced by its
/// value; the first scan varies slowest. `names` (may be empty) name the
/// commands in order; otherwise a command is named by its text.
std::vector<CommandCase> expand(const std::vector<std::string>& commands, const std::vector<std::string>& names,
                                const std::vector<ParameterScan>& scans);

/// `text` split on spaces (runs of them), for `--shell none`. No quoting.
std::vector<std::string> split_words(const std::string& text);

/// How `pace cmd` runs and how long.
struct CmdOptions {
    std::int64_t warmup = 0;
    std::optional<std::int64_t> runs;  ///< exactly this many, when set
    std::int64_t min_runs = 10;
    double max_time_s = 3;       ///< more runs than min_runs only while the runs so far fit in this
    std::string prepare, cleanup;  ///< run through the shell before each run / after a command's runs
    bool shell = true;           ///< `sh -c CMD`, its spawn cost subtracted; false: CMD split on spaces
    bool ignore_failure = false;
    double timeout_s = 0;        ///< 0: none
    bool progress = false;       ///< a line on stderr per command
};

/// A run's time with the shell's own start-up cost taken out: never below 0,
/// since the correction is a mean and a fast run can beat it.
double corrected(double measured, double spawn_cost);

/// What the measurement made: a Run of one Result per command, and why it
/// stopped early, if it did.
struct CmdOutcome {
    Run run;
    bool any_failed = false;  ///< a command exited non-zero or timed out (under -i too)
};

/// Measures every case. An error (exit 2) when a command cannot be executed at
/// all (not found), or the prepare/cleanup command fails.
Outcome<CmdOutcome> measure(const std::vector<CommandCase>& cases, const CmdOptions& options);

/// How `pace cmd --ab` pairs its runs.
struct PairedOptions {
    std::uint64_t seed = 0;    ///< the random order of the two sides in each pair
    double alpha = 0.05;
    double precision = 0.01;   ///< without a threshold: stop once the interval is ±this (after min_runs pairs)
    std::optional<double> threshold;  ///< relative: stop once the interval is wholly above or below it
};

/// `pace cmd --ab BASE CAND`: pairs of runs, one of each command in a random
/// order, repeated as `options` says (--runs N pairs exactly, or at least
/// --min-runs while the pairs fit in --max-time, stopping early once the
/// interval is precise enough). Each pair is one unit: its log-ratio
/// log(cand/base) of wall times. The times are as measured, the processes'
/// start-up (and the shell's, through sh) included: it is the same on both
/// sides, so it dilutes a change and never makes one, and a ratio needs times
/// above 0, which the subtraction of a mean cannot promise. The result holds
/// one PairedResult named by the candidate. An error (exit 2) as for measure().
Outcome<PairedComparison> measure_paired(const CommandCase& base, const CommandCase& cand, const CmdOptions& options,
                                         const PairedOptions& paired);

}  // namespace pace::cmd
