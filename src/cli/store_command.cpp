// SPDX-License-Identifier: Apache-2.0
// `pace store init|migrate|push`: sets up the PostgreSQL store (its schema,
// versioned by pace) and uploads a file storage into it. Saving, listing and
// comparing go through --store on the other commands (app/source.hpp).
#include <cstdio>      // std::fputs
#include <functional>  // std::function
#include <memory>      // std::make_shared
#include <string>      // std::string

#include <fmt/format.h>  // messages

#include "cli/command.hpp"  // the command registers itself
#include "cli/console.hpp"
#include "store/postgres_store.hpp"

namespace pace::cli {

namespace {

struct StoreArgs {
    std::string url;
    std::string storage;  ///< push: the file storage to upload
};

struct StoreCommands {
    CLI::App* init = nullptr;
    CLI::App* migrate = nullptr;
    CLI::App* push = nullptr;
};

StoreCommands add_store_command(CLI::App& app, StoreArgs& args) {
    StoreCommands out;
    CLI::App* store = app.add_subcommand("store", "Set up a PostgreSQL store of results and upload runs into it");
    store->require_subcommand(1);
    store->footer("Example:\n"
                  "  createdb pace_results\n"
                  "  pace store init postgresql://ci@db.example.org/pace_results\n"
                  "  pace store push .pace postgresql://ci@db.example.org/pace_results\n"
                  "  ./my_bench --autosave --store postgresql://ci@db.example.org/pace_results\n"
                  "\n"
                  "The password comes from the URL, PGPASSWORD or ~/.pgpass, as for psql; pace never prints it.\n"
                  "Exit status: 0 done, 2 bad usage, a database that cannot be reached or is not pace's.");
    out.init = store->add_subcommand("init", "Create pace's schema in a database (nothing when it is there already)");
    out.init->add_option("url", args.url, "The database: postgresql://USER@HOST:PORT/DATABASE")->required();
    out.migrate = store->add_subcommand("migrate", "Bring the schema of an older pace up to this pace's version");
    out.migrate->add_option("url", args.url, "The database: postgresql://USER@HOST:PORT/DATABASE")->required();
    out.push = store->add_subcommand(
        "push", "Upload the runs of a storage directory (idempotent: runs already there are not added again)");
    out.push->add_option("dir", args.storage, "The storage directory, e.g. .pace")->required();
    out.push->add_option("url", args.url, "The database: postgresql://USER@HOST:PORT/DATABASE")->required();
    return out;
}

std::optional<InputError> check_url(const std::string& url) {
    if (store::is_database_url(url)) return std::nullopt;
    return InputError{store::mask_password(url), "", "not a PostgreSQL URL",
                      "give postgresql://USER@HOST:PORT/DATABASE (or postgres://…)"};
}

int run_schema_change(const StoreArgs& args, bool init) {
    if (auto e = check_url(args.url)) return print_error(*e), exit_usage;
    auto change = init ? store::init_database(args.url) : store::migrate_database(args.url);
    if (!change) return print_error(change.error()), exit_usage;
    const std::string shown = store::mask_password(args.url);
    std::string line;
    if (change->from == change->to)
        line = fmt::format("{}: the pace store is at schema version {}; nothing to do\n", shown, change->to);
    else if (change->from == 0)
        line = fmt::format("{}: created the pace store, schema version {}\n", shown, change->to);
    else
        line = fmt::format("{}: migrated the pace store from schema version {} to {}\n", shown, change->from,
                           change->to);
    std::fputs(line.c_str(), stdout);
    return exit_ok;
}

int run_push(const StoreArgs& args) {
    if (auto e = check_url(args.url)) return print_error(*e), exit_usage;
    auto pushed = store::push_storage(args.storage, args.url);
    if (!pushed) return print_error(pushed.error()), exit_usage;
    for (const InputError& e : pushed->skipped) print_warning(e.describe() + " (skipped)");
    std::fputs(fmt::format("{}: {} run{} added, {} already there{}\n", store::mask_password(args.url), pushed->added,
                           pushed->added == 1 ? "" : "s", pushed->present,
                           pushed->skipped.empty() ? "" : fmt::format(", {} skipped", pushed->skipped.size()))
                   .c_str(),
               stdout);
    return exit_ok;
}

const RegisterCommand registered{{"store", 55, false, [](CLI::App& app) {
                                      auto args = std::make_shared<StoreArgs>();
                                      const StoreCommands added = add_store_command(app, *args);
                                      return std::function<int()>([args, added] {
                                          if (added.push->parsed()) return run_push(*args);
                                          return run_schema_change(*args, added.init->parsed());
                                      });
                                  }}};

}  // namespace

}  // namespace pace::cli
