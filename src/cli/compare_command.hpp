// SPDX-License-Identifier: Apache-2.0
// `pace compare BASE CAND [MORE...]`: the per-id table of a metric across
// runs, its change against the first run, and the regression gate.
#pragma once

#include <string>  // std::string
#include <vector>  // std::vector

#include <CLI/CLI.hpp>  // CLI::App

namespace pace::cli {

/// The parsed command line of `pace compare`.
struct CompareArgs {
    std::vector<std::string> runs;  ///< BASE, CAND, more
    std::string store;              ///< --store: where saved-run references are looked up ("" = the default)
    std::string storage = ".pace";  ///< --storage: a storage directory to look them up in
    bool storage_given = false;     ///< --storage was on the command line: it wins over PACE_STORE and pace.toml
    std::string metric = "time";
    std::string sort = "name";
    std::string csv;                 ///< "" = no CSV
    std::string junit;               ///< "" = no JUnit report
    bool markdown = false;
    std::vector<std::string> fail_on;
    double alpha = 0.05;
    bool strict_machine = false;
    bool allow_missing = false;  ///< ids missing from a later run pass the gate
    /// Columns the console table may take; -1: the terminal's width when
    /// stdout is one, no limit otherwise; 0: no limit.
    int width = -1;
};

/// Adds the `compare` subcommand to `app`, filling `args` when it parses.
CLI::App* add_compare_command(CLI::App& app, CompareArgs& args);

/// Runs `pace compare`: prints the table (or Markdown) to stdout, warnings and
/// errors to stderr, and returns the exit code (0 ok, 1 regression, 2 usage or input error).
int run_compare(const CompareArgs& args);

}  // namespace pace::cli
