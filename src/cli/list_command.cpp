// SPDX-License-Identifier: Apache-2.0
#include "cli/list_command.hpp"

#include <algorithm>  // std::max
#include <cstdio>     // std::fputs
#include <map>        // std::map
#include <vector>     // std::vector

#include <fmt/format.h>  // fmt::format

#include "cli/command.hpp"  // the command registers itself
#include "cli/console.hpp"
#include "importers/load.hpp"        // load_run: the index reads new run files as every command does
#include "importers/pace_fast.hpp"   // read_pace_json_fast
#include "platform/environment.hpp"  // this machine's id
#include "app/source.hpp"            // configured_store, list_stored_runs: a directory or a database
#include "store/postgres_store.hpp"  // mask_password: a store URL in the output
#include "store/storage.hpp"

namespace pace::cli {

namespace {

/// `2026-11-23 15:01:02` from `2026-11-23T15:01:02Z`: the header already says UTC.
std::string shown_datetime(const std::string& iso) {
    std::string out = iso;
    if (out.size() > 10 && out[10] == 'T') out[10] = ' ';
    if (!out.empty() && out.back() == 'Z') out.pop_back();
    return out;
}

/// One machine's runs as an aligned table.
std::string render_machine(const std::string& storage, const std::string& machine_id,
                           const std::vector<const store::SavedRun*>& runs) {
    std::size_t name_width = 4;
    for (const store::SavedRun* run : runs) name_width = std::max(name_width, run->name.size());
    // A database's machines read as its locators do: URL#machine/NNNN.
    const char* separator = store::is_database_url(storage) ? "#" : "/";
    std::string out = fmt::format("{}{}{} ({} run{})\n", storage, separator, machine_id, runs.size(), runs.size() == 1 ? "" : "s");
    out += fmt::format("  {:<4}  {:<{}}  {:<12}  {:<19}  {}\n", "#", "name", name_width, "commit", "date (UTC)",
                       "benchmarks");
    for (const store::SavedRun* run : runs) {
        out += fmt::format("  {:04d}  {:<{}}  {:<12}  {:<19}  {}\n", run->number, run->name.empty() ? "-" : run->name,
                           name_width, run->commit.empty() ? "-" : run->commit, shown_datetime(run->datetime),
                           run->benchmarks ? std::to_string(*run->benchmarks) : "unreadable");
    }
    return out;
}

}  // namespace

CLI::App* add_list_command(CLI::App& app, ListArgs& args) {
    CLI::App* cmd = app.add_subcommand("list", "List the runs saved in storage (by --save and --autosave)");
    cmd->add_option("--storage", args.storage, "The storage directory (default .pace)")
        ->option_text("DIR")
        ->each([&args](const std::string&) { args.storage_given = true; });
    cmd->add_option("--store", args.store,
                    "A PostgreSQL store instead: postgresql://USER@HOST:PORT/DATABASE (also PACE_STORE, pace.toml's "
                    "[store] url)")
        ->option_text("URL");
    CLI::Option* machine =
        cmd->add_option("--machine", args.machine, "Show this machine id's runs (default: this machine's)")
            ->option_text("ID");
    cmd->add_flag("--all", args.all, "Show the runs of every machine")->excludes(machine);
    cmd->footer("Example:\n"
                "  pace list --all\n"
                "\n"
                "A run's number or name is a reference: pace compare 0003 latest, pace compare baseline latest.\n"
                "Exit status: 0 listed, 2 bad usage or no storage directory.");
    return cmd;
}

int run_list(const ListArgs& args) {
    // The id only needs the OS, architecture and CPU; the build flags do not enter it.
    std::string this_machine = platform::current_machine(true, false).id();
    std::string machine = args.all ? "" : (args.machine.empty() ? this_machine : args.machine);
    // The counts come from each machine directory's index; files it lacks are
    // read the way history show reads them, so both agree on what is unreadable.
    auto reader = [](const std::string& path) { return load_run(path, read_pace_json_fast); };
    Outcome<std::string> where = configured_store(args.store, args.storage, args.storage_given);
    if (!where) {
        print_error(where.error());
        return exit_usage;
    }
    const std::string shown = store::mask_password(*where);
    Outcome<std::vector<store::SavedRun>> runs = list_stored_runs(*where, machine, reader);
    if (!runs) {
        InputError e = runs.error();
        if (e.file.empty() && !args.machine.empty()) e.file = "--machine";
        print_error(e);
        return exit_usage;
    }
    std::map<std::string, std::vector<const store::SavedRun*>> by_machine;
    for (const store::SavedRun& run : *runs) by_machine[run.machine_id].push_back(&run);

    std::string out;
    for (const auto& [id, machine_runs] : by_machine) {
        if (!out.empty()) out += "\n";
        out += render_machine(shown, id, machine_runs);
    }
    if (by_machine.empty()) {
        // Say why nothing shows: an empty list must not look like a healthy one.
        if (machine.empty()) {
            out = fmt::format("no saved runs in {}\n", shown);
        } else {
            out = fmt::format("no saved runs for {} ({}) in {}\n", args.machine.empty() ? "this machine" : "machine",
                              machine, shown);
            Outcome<std::vector<store::SavedRun>> everywhere = list_stored_runs(*where, "", reader);
            std::size_t others = everywhere ? everywhere->size() : 0;
            if (others > 0)
                out += fmt::format("{} run{} from other machines: pace list --all\n", others, others == 1 ? "" : "s");
        }
    }
    std::fputs(out.c_str(), stdout);
    return exit_ok;
}

namespace {
const RegisterCommand registered{make_command<ListArgs>("list", 50, add_list_command, run_list)};
}  // namespace

}  // namespace pace::cli
