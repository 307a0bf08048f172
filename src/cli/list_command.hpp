// SPDX-License-Identifier: Apache-2.0
// `pace list`: the runs saved in storage, one table per machine.
#pragma once

#include <string>  // std::string

#include <CLI/CLI.hpp>  // CLI::App

namespace pace::cli {

/// The parsed command line of `pace list`.
struct ListArgs {
    std::string storage = ".pace";
    bool storage_given = false;  ///< --storage was on the command line: it wins over PACE_STORE and pace.toml
    std::string store;    ///< --store: a PostgreSQL URL (or a directory) instead of --storage
    std::string machine;  ///< "" = this machine
    bool all = false;     ///< every machine's runs
};

/// Adds the `list` subcommand to `app`, filling `args` when it parses.
CLI::App* add_list_command(CLI::App& app, ListArgs& args);

/// Runs `pace list`: prints the saved runs to stdout, errors to stderr, and
/// returns the exit code (0 listed, 2 no storage directory or a bad machine id).
///
///     pace::cli::ListArgs args{.storage = ".pace", .all = true};
///     return pace::cli::run_list(args);
int run_list(const ListArgs& args);

}  // namespace pace::cli
