// SPDX-License-Identifier: Apache-2.0
// `pace doctor`: what on this machine makes timings untrustworthy, what to do
// about it, and the smallest wall-time change a gate can trust here.
#pragma once

#include <string>  // std::string

#include <CLI/CLI.hpp>  // CLI::App

namespace pace::cli {

/// The parsed command line of `pace doctor`.
struct DoctorArgs {
    std::string root = "/";  ///< where /proc and /sys are read from (a fixed tree in tests)
    bool measure = true;     ///< measure the noise floor (--no-measure skips it)
    int processes = 5;       ///< fresh processes per workload for the noise floor
    std::string json;        ///< write the findings as JSON here, "" for none
    std::string workload;    ///< hidden: run one workload in this process and print its median
};

/// Adds the `doctor` subcommand to `app`, filling `args` when it parses.
CLI::App* add_doctor_command(CLI::App& app, DoctorArgs& args);

/// Runs `pace doctor`: prints each check with its advice, then (unless
/// --no-measure) the noise floor of this machine's standard workloads across
/// fresh processes, and the threshold a gate should use. Returns 0, or 2 for
/// bad input (an unwritable --json file, a --root without /proc).
///
///     pace::cli::DoctorArgs args;
///     return pace::cli::run_doctor(args);
int run_doctor(const DoctorArgs& args);

}  // namespace pace::cli
