// SPDX-License-Identifier: Apache-2.0
// main() of the pace command: parse, hand over to one subcommand, return its
// exit code. Each subcommand lives in its own file under src/cli/ and
// registers itself (cli/command.hpp): nothing here names one.
#include <algorithm>  // std::find
#include <exception>  // std::exception
#include <functional> // std::function: each command's runner
#include <new>        // std::bad_alloc
#include <string>     // std::string
#include <vector>     // std::vector: the command names, for the hint

#include <CLI/CLI.hpp>  // CLI::App

#include "cli/command.hpp"  // the table of subcommands
#include "cli/console.hpp"
#include "cli/heap_tuning.hpp"
#include "pace/version.hpp"
#include "model/edit_distance.hpp"  // closest_option: the command a typo meant

int main(int argc, char** argv) {
    const std::vector<pace::cli::Command> commands = pace::cli::registered_commands();
    for (const pace::cli::Command& command : commands)
        if (command.reads_large_files && argc > 1 && command.name == argv[1]) {
            pace::cli::tune_heap_for_large_files();
            pace::cli::exit_cleanly_when_out_of_memory();
        }
    CLI::App app{"pace: saves, compares and gates benchmark results", "pace"};
    app.set_version_flag("--version", PACE_VERSION);
    app.require_subcommand(1);
    app.footer("Run 'pace <command> --help' for a command's options and an example.");

    std::vector<std::function<int()>> runners;
    for (const pace::cli::Command& command : commands) runners.push_back(command.add(app));

    // A first word that names no command is a mistake, even with --help after
    // it: printing the general help and exiting 0 would hide the typo from a script.
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
    if (argc > 1 && argv[1][0] != '-' && std::find(names.begin(), names.end(), argv[1]) == names.end()) {
        std::string known;
        for (const std::string& name : names) known += (known.empty() ? "" : ", ") + name;
        std::string hint = "the commands are " + known + "; run 'pace --help' for what each does";
        if (std::string best = pace::closest_option(argv[1], names); !best.empty())
            hint = "did you mean '" + best.substr(2) + "'? " + hint;
        pace::cli::print_error({"", "", "unknown command '" + std::string(argv[1]) + "'", hint});
        return pace::cli::exit_usage;
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version are "errors" with exit code 0 in CLI11.
        if (e.get_exit_code() == 0) return app.exit(e);
        pace::cli::print_error({"", "", e.what(), pace::cli::parse_error_hint(e.what(), app)});
        return pace::cli::exit_usage;
    }
    // Input errors are values all the way up; what is left to catch here is
    // the machine saying no (memory, threads), which still deserves a message
    // and an exit code rather than an abort.
    try {
        for (std::size_t i = 0; i < commands.size(); ++i)
            if (app.get_subcommand(commands[i].name)->parsed()) return runners[i]();
    } catch (const std::bad_alloc&) {
        pace::cli::print_error({"", "", "out of memory", pace::cli::too_little_memory_hint});
    } catch (const std::exception& e) {
        pace::cli::print_error({"", "", std::string("cannot continue: ") + e.what(), ""});
    }
    return pace::cli::exit_usage;
}
