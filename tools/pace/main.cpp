// SPDX-License-Identifier: Apache-2.0
// main() of the pace command: parse, hand over to one subcommand, return its
// exit code. Each subcommand lives in its own file under src/cli/.
#include <algorithm>  // std::find
#include <exception>  // std::exception
#include <new>        // std::bad_alloc
#include <string>     // std::string
#include <vector>     // std::vector: the command names, for the hint

#include <CLI/CLI.hpp>  // CLI::App

#include "cli/ab_command.hpp"
#include "cli/cmd_command.hpp"
#include "cli/compare_command.hpp"
#include "cli/console.hpp"
#include "cli/heap_tuning.hpp"
#include "cli/history_command.hpp"
#include "cli/plot_command.hpp"
#include "cli/list_command.hpp"
#include "pace/version.hpp"
#include "report/messages.hpp"  // closest_option: the command a typo meant

int main(int argc, char** argv) {
    // compare and plot read whole result files, on a thread each.
    if (argc > 1 && (std::string(argv[1]) == "compare" || std::string(argv[1]) == "plot")) {
        pace::cli::tune_heap_for_large_files();
        pace::cli::exit_cleanly_when_out_of_memory();
    }
    CLI::App app{"pace: saves, compares and gates benchmark results", "pace"};
    app.set_version_flag("--version", PACE_VERSION);
    app.require_subcommand(1);
    app.footer("Run 'pace <command> --help' for a command's options and an example.");

    pace::cli::CompareArgs compare_args;
    CLI::App* compare = pace::cli::add_compare_command(app, compare_args);
    pace::cli::PlotArgs plot_args;
    CLI::App* plot = pace::cli::add_plot_command(app, plot_args);
    pace::cli::AbArgs ab_args;
    CLI::App* ab = pace::cli::add_ab_command(app, ab_args);
    pace::cli::CmdArgs cmd_args;
    CLI::App* cmd = pace::cli::add_cmd_command(app, cmd_args);
    pace::cli::ListArgs list_args;
    CLI::App* list = pace::cli::add_list_command(app, list_args);
    pace::cli::HistoryArgs history_args;
    const pace::cli::HistoryCommands history = pace::cli::add_history_commands(app, history_args);

    // A first word that names no command is a mistake, even with --help after
    // it: printing the general help and exiting 0 would hide the typo from a script.
    std::vector<std::string> names;
    for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
    if (argc > 1 && argv[1][0] != '-' && std::find(names.begin(), names.end(), argv[1]) == names.end()) {
        std::string known;
        for (const std::string& name : names) known += (known.empty() ? "" : ", ") + name;
        std::string hint = "the commands are " + known + "; run 'pace --help' for what each does";
        if (std::string best = pace::report::closest_option(argv[1], names); !best.empty())
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
        if (compare->parsed()) return pace::cli::run_compare(compare_args);
        if (plot->parsed()) return pace::cli::run_plot(plot_args);
        if (list->parsed()) return pace::cli::run_list(list_args);
        if (ab->parsed()) return pace::cli::run_ab(ab_args);
        if (cmd->parsed()) return pace::cli::run_cmd(cmd_args);
        if (history.run->parsed()) return pace::cli::run_history_run(history_args);
        if (history.show->parsed()) return pace::cli::run_history_show(history_args);
        if (history.bisect->parsed()) return pace::cli::run_bisect(history_args);
    } catch (const std::bad_alloc&) {
        pace::cli::print_error({"", "", "out of memory", pace::cli::too_little_memory_hint});
    } catch (const std::exception& e) {
        pace::cli::print_error({"", "", std::string("cannot continue: ") + e.what(), ""});
    }
    return pace::cli::exit_usage;
}
