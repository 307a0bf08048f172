// SPDX-License-Identifier: Apache-2.0
// `pace workloads [benchmark binary options]`: the standard workloads
// (measure/workloads.hpp) run as a benchmark binary would run them, to
// characterise a machine and compare machines. The run is an ordinary pace run.
#include <functional>  // std::function: the command's runner
#include <string>  // std::string
#include <vector>  // std::vector

#include <CLI/CLI.hpp>  // CLI::App

#include "cli/command.hpp"          // the command registers itself
#include "measure/workloads.hpp"    // the five workloads
#include "pace/run.hpp"             // run_main: the benchmark binary's run
#include "platform/environment.hpp"  // set_self_arguments: --processes starts `pace workloads` again

namespace pace::cli {

namespace {

Command workloads_command() {
    return {"workloads", 75, false, [](CLI::App& app) {
                CLI::App* cmd = app.add_subcommand(
                    "workloads", "Run the five standard workloads (cpu, mixed, memory, tiny, variable) as a pace run");
                // Every option is the benchmark binary's (--help included): run_main reads them.
                cmd->set_help_flag();
                cmd->allow_extras();
                cmd->prefix_command();
                cmd->footer("Example:\n  pace workloads --max-time 0.5 --processes 3 --save this-machine\n");
                return std::function<int()>([cmd] {
                    std::vector<std::string> words{"pace workloads"};
                    for (const std::string& option : cmd->remaining()) words.push_back(option);
                    measure::register_standard_workloads();
                    platform::set_self_arguments({"workloads"});
                    std::vector<char*> argv;
                    for (std::string& w : words) argv.push_back(w.data());
                    argv.push_back(nullptr);
                    return run_main(static_cast<int>(words.size()), argv.data());
                });
            }};
}

const RegisterCommand registered{workloads_command()};

}  // namespace

}  // namespace pace::cli
