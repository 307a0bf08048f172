// SPDX-License-Identifier: Apache-2.0
// `pace cmd CMD...`: whole commands timed as hyperfine times them, with the
// kernel's rusage of every run, into a pace result file.
#pragma once

#include <cstdint>  // std::int64_t
#include <string>   // std::string
#include <vector>   // std::vector

#include <CLI/CLI.hpp>  // CLI::App

namespace pace::cli {

/// The parsed command line of `pace cmd`.
struct CmdArgs {
    std::vector<std::string> commands;
    std::vector<std::string> names;           ///< --name, one per command, in order
    std::int64_t warmup = 0;
    std::int64_t runs = 0;                    ///< 0: not given
    std::int64_t min_runs = 10;
    double max_time = 3;                      ///< seconds
    std::string prepare, cleanup;
    std::string shell = "sh";
    bool ignore_failure = false;
    double timeout = 0;                       ///< seconds, 0: none
    std::vector<std::string> parameter_scans;  ///< -P NAME MIN MAX, flattened
    std::int64_t step = 1;                    ///< -D STEP, for every -P
    std::vector<std::string> parameter_lists;  ///< -L NAME a,b,c, flattened
    std::string json;
    bool markdown = false;
    bool ab = false;                          ///< --ab: two commands, paired runs, pace ab's verdict
    std::vector<std::string> fail_on;         ///< --fail-on, with --ab
    std::int64_t seed = -1;                   ///< --seed, with --ab; -1: from the clock
    std::vector<std::string> shims;           ///< --shim NAME[=DELAY][:exit=N][:stdout=TEXT]
};

/// Adds the `cmd` subcommand to `app`, filling `args` when it parses.
CLI::App* add_cmd_command(CLI::App& app, CmdArgs& args);

/// Runs `pace cmd`: the table on stdout, errors on stderr. Exit 0 (every run
/// succeeded), 1 (a command exited non-zero or timed out), 2 (usage, or a
/// command that cannot be executed). With --ab, `pace ab`'s table and exit
/// codes: 1 when the gate fails or a side fails.
///
///     pace::cli::CmdArgs args{.commands = {"sleep 0.05"}, .runs = 10};
///     return pace::cli::run_cmd(args);
int run_cmd(const CmdArgs& args);

}  // namespace pace::cli
