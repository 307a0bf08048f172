// SPDX-License-Identifier: Apache-2.0
// What makes a run's figures say less than they seem, gathered in one place
// with what to do about each: the benchmark binary warns about its own
// conditions here and nowhere else.
#pragma once

#include <string>  // std::string
#include <vector>  // std::vector

#include "measure/run_options.hpp"  // RunOptions: the mode
#include "measure/runner.hpp"       // Instance: the build flags of the selection

namespace pace::app {

/// One condition of the run that spoils or limits its figures.
struct RunWarning {
    std::string text;    ///< what was found, one line
    std::string advice;  ///< what to do about it, "" when nothing need be done
};

/// The warnings of a run of `selected` with `options`: code compiled without
/// optimization; the machine's checks that warn (CPU scaling, load, ... as
/// `pace doctor` reads them; not with PACE_NO_CHECKS=1, nor in a process a
/// parent started, which warned itself); no hardware counters. Only a time-
/// mode run has any: instruction counts do not mind any of these.
std::vector<RunWarning> run_warnings(const measure::RunOptions& options,
                                     const std::vector<const measure::Instance*>& selected, bool started_by_parent);

/// Prints each warning as `pace: warning: <text>`, then `hint: <advice>`, on stderr.
void print_run_warnings(const std::vector<RunWarning>& warnings);

}  // namespace pace::app
