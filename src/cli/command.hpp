// SPDX-License-Identifier: Apache-2.0
// The table of `pace` subcommands. Each command's file registers itself, so a
// new command is its own file plus a line in src/cli/CMakeLists.txt: main()
// knows no command by name.
#pragma once

#include <functional>  // std::function
#include <memory>      // std::make_shared: the parsed arguments, owned by the runner
#include <string>      // std::string
#include <vector>      // std::vector

#include <CLI/CLI.hpp>  // CLI::App

namespace pace::cli {

/// One subcommand of `pace`.
struct Command {
    std::string name;  ///< the word after `pace`
    int order = 0;     ///< its place among the commands in `pace --help`, smallest first
    /// It reads whole result files, maybe of hundreds of megabytes: the heap
    /// is tuned for that before anything is parsed (cli/heap_tuning.hpp).
    bool reads_large_files = false;
    /// Adds the subcommand and its options to `app`, and returns what runs it
    /// once the command line is parsed (it owns the parsed arguments).
    std::function<std::function<int()>(CLI::App& app)> add;
};

/// Registers a command at start-up; one per command file, at namespace scope:
///
///     const RegisterCommand registered{make_command<ListArgs>("list", 50, add_list_command, run_list)};
struct RegisterCommand {
    explicit RegisterCommand(Command command);
};

/// The Command of a file that has an `Args` struct, `CLI::App* add(CLI::App&, Args&)`
/// and `int run(const Args&)`.
template <class Args, class Add, class Run>
Command make_command(std::string name, int order, Add add, Run run, bool reads_large_files = false) {
    return {std::move(name), order, reads_large_files, [add, run](CLI::App& app) {
                auto args = std::make_shared<Args>();
                add(app, *args);
                return std::function<int()>([args, run] { return run(*args); });
            }};
}

/// The registered commands, by `order` then name.
std::vector<Command> registered_commands();

}  // namespace pace::cli
