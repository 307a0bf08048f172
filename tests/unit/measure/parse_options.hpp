// SPDX-License-Identifier: Apache-2.0
// parse_run_options over an argument list, for the measure tests.
#pragma once

#include <optional>  // the exit code parse_run_options may set
#include <string>    // arguments
#include <vector>    // std::vector

#include "measure/run_options.hpp"
#include "model/outcome.hpp"

namespace pace::measure {

/// The options of `bench ARGS...`, read from the working directory (the
/// tests run where no pace.toml is).
inline Outcome<RunOptions> parse(std::vector<std::string> args) {
    args.insert(args.begin(), "bench");
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());
    std::optional<int> exit_code;
    return parse_run_options(static_cast<int>(argv.size()), argv.data(), exit_code);
}

}  // namespace pace::measure
