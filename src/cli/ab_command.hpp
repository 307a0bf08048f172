// SPDX-License-Identifier: Apache-2.0
// `pace ab BASE CAND`: two builds of one benchmark binary, measured paired in
// fresh process pairs, judged with the process pair as the unit.
#pragma once

#include <cstdint>   // std::uint64_t, std::int64_t
#include <optional>  // a gate threshold or none
#include <string>  // std::string
#include <string_view>  // std::string_view
#include <utility>  // std::pair
#include <vector>  // std::vector

#include <CLI/CLI.hpp>  // CLI::App

#include "model/outcome.hpp"
#include "model/paired_comparison.hpp"
#include "model/run.hpp"

namespace pace::cli {

/// The parsed command line of `pace ab`.
struct AbArgs {
    std::string base, cand;
    std::vector<std::string> worker_args;  ///< after `--`, passed to both binaries
    std::vector<std::string> fail_on;
    std::string max_time = "3m";
    std::string precision = "1%";
    std::string schedule = "turns";
    std::string mode = "time";
    std::string json, junit;
    bool markdown = false;
    double worker_timeout = 300;  ///< seconds a worker may stay silent
    std::int64_t seed = -1;  ///< -1: from the clock (printed, so a run can be repeated)
    std::string shard;       ///< --shard I/N, passed to both binaries; "" for all the selection
};

/// Adds the `ab` subcommand to `app`, filling `args` when it parses.
CLI::App* add_ab_command(CLI::App& app, AbArgs& args);

/// Runs `pace ab`: the table on stdout, errors on stderr. Exit 0 (no
/// regression), 1 (the gate failed), 2 (usage, or a worker that broke).
///
///     pace::cli::AbArgs args{.base = "old/bench", .cand = "new/bench", .fail_on = {"median:2%"}};
///     return pace::cli::run_ab(args);
int run_ab(const AbArgs& args);

/// The one threshold a paired comparison gates on, from --fail-on specs: a
/// relative change of time (median, mean, min or time; they are the same
/// paired ratio) or, with `instructions`, of instructions; the smallest of
/// those given, with its text. Empty when none was given; an error (exit 2)
/// for any other kind of spec, naming `command` ("pace ab", "pace cmd --ab").
Outcome<std::optional<std::pair<double, std::string>>> paired_gate_threshold(const std::vector<std::string>& specs,
                                                                              bool instructions, std::string_view command);

/// The seed of the random order of sides: `given` when set (>= 0), else one
/// from the clock (printed by the caller, so a run can be repeated).
std::uint64_t paired_seed(std::int64_t given);

/// Applies the gate and writes the --json file (when `json_path` is not
/// empty), for `pace ab` and `pace cmd --ab` alike. With a threshold, a
/// result fails the gate when it failed or its whole interval lies above the
/// threshold. False, with the error printed, when the file cannot be written.
bool gate_and_save_paired(PairedComparison& comparison,
                          const std::optional<std::pair<double, std::string>>& threshold, const std::string& json_path);

/// The --json file of a paired comparison: the candidate's samples as a Run,
/// each result carrying its paired change in `extra_info.ab`, so pace compare
/// and pace plot read what the comparison saw.
Run paired_result_run(const PairedComparison& comparison);

}  // namespace pace::cli
