// SPDX-License-Identifier: Apache-2.0
// `pace merge PART... -o RUN.json`: one run of the parts of a sharded run
// (`--shard I/N` on a benchmark binary). The parts must come from one binary,
// commit, machine and set of flags, each part at most once, each benchmark in
// one part only; otherwise the merged run would compare as something that
// never ran.
#include <algorithm>  // std::sort, std::min
#include <cstdio>     // std::fputs
#include <map>        // results by id, parts by index
#include <set>        // option keys
#include <string>     // std::string
#include <utility>    // std::pair
#include <vector>     // std::vector

#include <fmt/format.h>  // messages

#include "cli/command.hpp"  // the command registers itself
#include "cli/console.hpp"
#include "measure/shard.hpp"  // parse_shard: the part's "I/N"
#include "model/json_format.hpp"
#include "app/source.hpp"     // configured_store, save_to_store: --save into a directory or a database
#include "store/storage.hpp"  // save_name

namespace pace::cli {

namespace {

struct MergeArgs {
    std::vector<std::string> parts;
    std::string output;
    bool allow_partial = false;
    std::string save;  ///< --save NAME: also saved in storage, as a binary's --save does
    std::string storage = ".pace";
    bool storage_given = false;  ///< --storage was on the command line: it wins over PACE_STORE and pace.toml
    std::string store;           ///< --store URL: --save into a PostgreSQL store (or a directory)
};

CLI::App* add_merge_command(CLI::App& app, MergeArgs& args) {
    CLI::App* cmd = app.add_subcommand("merge", "Make one run of the parts of a sharded run (--shard I/N)");
    cmd->add_option("parts", args.parts, "The parts: result files written by a benchmark binary run with --shard I/N")
        ->required();
    cmd->add_option("-o,--output", args.output, "The merged run's file (pace's JSON format)")
        ->option_text("RUN.json")
        ->required();
    cmd->add_flag("--allow-partial", args.allow_partial,
                  "Merge even when some shards are missing (a warning names them)");
    cmd->add_option("--save", args.save,
                    "Also save the merged run in storage under this name (what --shard balances the next parts by)")
        ->option_text("NAME");
    cmd->add_option("--storage", args.storage, "The storage directory of --save (default .pace)")
        ->option_text("DIR")
        ->each([&args](const std::string&) { args.storage_given = true; });
    cmd->add_option("--store", args.store,
                    "Save into this store instead: postgresql://USER@HOST:PORT/DATABASE (also PACE_STORE, "
                    "pace.toml's [store] url)")
        ->option_text("URL");
    cmd->footer("Example:\n"
                "  ./my_bench --shard 1/2 --json part1.json   # on one runner\n"
                "  ./my_bench --shard 2/2 --json part2.json   # on another\n"
                "  pace merge part1.json part2.json -o run.json && pace compare main.json run.json\n"
                "\n"
                "The parts must be of one binary, commit, machine and set of flags; only --shard differs.\n"
                "Exit status: 0 merged, 2 bad usage, parts that do not fit together, a missing shard or a\n"
                "benchmark in two parts.");
    return cmd;
}

const char* const fit_hint =
    "merge the parts of one sharded run: the same binary, commit, machine and flags, only --shard I/N differing";

// A value as a message shows it: strings without their quotes, "(none)" for nothing.
std::string shown(const Json& value) {
    if (value.is_null()) return "(none)";
    if (value.is_string()) {
        const std::string text = value.get<std::string>();
        return text.empty() ? "\"\"" : text;
    }
    return value.dump();
}

// The fields every part must share, as (name, value) pairs; the options other
// than the shard itself are compared key by key.
std::vector<std::pair<std::string, Json>> identity(const Run& run) {
    std::vector<std::pair<std::string, Json>> out = {
        {"commit", run.commit.id.empty() ? Json() : Json(run.commit.id)},
        {"commit dirty", run.commit.dirty ? Json(*run.commit.dirty) : Json()},
        {"machine", run.machine.id()},
        {"producer", run.producer + " " + run.producer_version},
        {"mode", run.mode},
    };
    const Json binary = run.options.contains("binary") ? run.options["binary"] : Json();
    out.emplace_back("binary", binary);
    return out;
}

// A fit over a sweep made inside one part (pace::complexity's, a scaling
// sweep's) covers only the sizes that part ran:
// it is kept when the part ran every size of its sweep that the merged run
// holds, and dropped (its id added to `dropped`) when the sweep was split
// over parts. `fits` holds each fit with the argument position of its part,
// `owner` each id's.
template <class Fit>
std::vector<Fit> whole_sweeps(const Run& merged, const std::vector<std::pair<Fit, std::size_t>>& fits,
                              const std::map<std::string, std::size_t>& owner, std::vector<std::string>& dropped) {
    std::vector<Fit> kept;
    for (const auto& [fit, part] : fits) {
        bool whole = true;
        for (const Result& r : merged.results) {
            std::vector<Dim> others;
            bool swept = false;
            for (const Dim& d : r.dims) {
                if (d.name == fit.dim) swept = true;
                else others.push_back(d);
            }
            if (swept && make_id(r.name, others) == fit.id && owner.at(r.id) != part) whole = false;
        }
        if (whole) kept.push_back(fit);
        else dropped.push_back(fit.id);
    }
    return kept;
}

int run_merge(const MergeArgs& args) {
    // The name and the store are checked before the parts are read.
    std::string where;
    if (!args.save.empty()) {
        if (auto name = store::save_name(args.save); !name) return print_error(name.error()), exit_usage;
        auto chosen = configured_store(args.store, args.storage, args.storage_given);
        if (!chosen) return print_error(chosen.error()), exit_usage;
        where = *chosen;
    } else if (!args.store.empty()) {
        print_error({"--store", "", "--store names where --save saves, and no --save is given",
                     "add --save NAME to save the merged run there"});
        return exit_usage;
    }
    Outcome<std::vector<Run>> loaded = load_runs(args.parts);
    if (!loaded) {
        print_error(loaded.error());
        return exit_usage;
    }
    std::vector<Run>& runs = *loaded;

    // Each part's shard, and the parts by index.
    std::vector<measure::Shard> shards;
    std::map<std::size_t, std::size_t> by_index;  // shard index -> argument position
    for (std::size_t p = 0; p < runs.size(); ++p) {
        const Json& options = runs[p].options;
        if (!options.contains("shard") || !options["shard"].is_string()) {
            print_error({args.parts[p], "$.pace.options.shard", "not a part of a sharded run",
                         "pace merge joins the files of a benchmark binary run with --shard I/N --json FILE"});
            return exit_usage;
        }
        auto shard = measure::parse_shard(options["shard"].get<std::string>(), args.parts[p]);
        if (!shard) {
            InputError e = shard.error();
            e.where = "$.pace.options.shard";
            print_error(e);
            return exit_usage;
        }
        shards.push_back(*shard);
        if (p > 0 && shard->count != shards[0].count) {
            print_error({"", "",
                         fmt::format("the parts differ in shard count: {} is one of {} parts, {} one of {}", args.parts[0],
                                     shards[0].count, args.parts[p], shard->count),
                         fit_hint});
            return exit_usage;
        }
        if (auto [it, inserted] = by_index.emplace(shard->index, p); !inserted) {
            print_error({"", "",
                         fmt::format("shard {} is given twice: {} and {}", shard->text(),
                                     args.parts[it->second], args.parts[p]),
                         "give each part once"});
            return exit_usage;
        }
    }

    // Everything but the shard must be the same in every part.
    const auto first = identity(runs[0]);
    for (std::size_t p = 1; p < runs.size(); ++p) {
        const auto other = identity(runs[p]);
        for (std::size_t f = 0; f < first.size(); ++f)
            if (first[f].second != other[f].second) {
                print_error({"", "",
                             fmt::format("the parts differ in {}: {} has {}, {} has {}", first[f].first, args.parts[0],
                                         shown(first[f].second), args.parts[p], shown(other[f].second)),
                             fit_hint});
                return exit_usage;
            }
        std::set<std::string> keys;
        for (const Run* run : {&runs[0], &runs[p]})
            for (const auto& [key, value] : run->options.items()) keys.insert(key);
        for (const std::string& key : keys) {
            if (key == "shard") continue;
            const Json a = runs[0].options.contains(key) ? runs[0].options[key] : Json();
            const Json b = runs[p].options.contains(key) ? runs[p].options[key] : Json();
            if (a != b) {
                print_error({"", "",
                             fmt::format("the parts differ in option {}: {} has {}, {} has {}", key, args.parts[0],
                                         shown(a), args.parts[p], shown(b)),
                             key == "shard_balance"
                                 ? "the parts were split by different saved runs (or one by count): give every "
                                   "runner the same storage, or none, so that they split the benchmarks alike"
                                 : fit_hint});
                return exit_usage;
            }
        }
    }

    const std::size_t count = shards[0].count;
    std::vector<std::string> missing;
    for (std::size_t i = 1; i <= count; ++i)
        if (!by_index.count(i)) missing.push_back(measure::Shard{i, count}.text());
    if (!missing.empty()) {
        std::string list;
        for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + m;
        const std::string message = fmt::format("missing shard{} {}", missing.size() == 1 ? "" : "s", list);
        if (!args.allow_partial) {
            print_error({"", "", message, "give every part, or --allow-partial to merge the ones there are"});
            return exit_usage;
        }
        print_warning(message + " (merged without: --allow-partial)");
    }

    // The results, in shard order; an id in two parts is refused, because the
    // two parts could not both be right about it.
    Run merged;
    merged.producer = runs[0].producer;
    merged.producer_version = runs[0].producer_version;
    merged.mode = runs[0].mode;
    merged.machine = runs[0].machine;
    merged.commit = runs[0].commit;
    merged.datetime = runs[0].datetime;
    std::map<std::string, std::size_t> owner;  // id -> argument position
    std::vector<std::pair<ComplexityFit, std::size_t>> fits;  // with the part's argument position
    std::vector<std::pair<ScalingFit, std::size_t>> scaling;
    Json merged_shards = Json::array();
    for (const auto& [index, p] : by_index) {
        Run& run = runs[p];
        // The merged run began when its first part did (ISO 8601 UTC sorts as text).
        if (!run.datetime.empty() && (merged.datetime.empty() || run.datetime < merged.datetime))
            merged.datetime = run.datetime;
        merged_shards.push_back(shards[p].text());
        for (Result& r : run.results) {
            if (auto [it, inserted] = owner.emplace(r.id, p); !inserted) {
                print_error({"", "",
                             fmt::format("benchmark \"{}\" is in two parts: {} (shard {}) and {} (shard {})", r.id,
                                         args.parts[it->second], shards[it->second].text(),
                                         args.parts[p], shards[p].text()),
                             "each benchmark must run in one part only: were the parts split alike "
                             "(the same binary, flags and storage)?"});
                return exit_usage;
            }
            merged.results.push_back(std::move(r));
        }
        for (ComplexityFit& f : run.complexity) fits.emplace_back(std::move(f), p);
        for (ScalingFit& f : run.scaling) scaling.emplace_back(std::move(f), p);
    }
    // A complete merge holds the whole selection, as many as every part says it had.
    if (missing.empty() && runs[0].options.contains("selected") && runs[0].options["selected"].is_number_unsigned()) {
        const auto selected = runs[0].options["selected"].get<std::size_t>();
        if (selected != merged.results.size()) {
            print_error({"", "",
                         fmt::format("the parts hold {} benchmarks, but the selection they were split from had {}",
                                     merged.results.size(), selected),
                         "were the parts split alike (the same binary, flags and storage)?"});
            return exit_usage;
        }
    }
    std::vector<std::string> dropped;
    merged.complexity = whole_sweeps(merged, fits, owner, dropped);
    for (const std::string& id : dropped)
        print_warning(fmt::format("the complexity fit of {} is left out: its sizes ran in different parts", id));
    dropped.clear();
    merged.scaling = whole_sweeps(merged, scaling, owner, dropped);
    for (const std::string& id : dropped)
        print_warning(fmt::format("the scaling fit of {} is left out: its worker counts ran in different parts", id));

    merged.options = runs[0].options;
    merged.options.erase("shard");
    merged.options["merged_shards"] = std::move(merged_shards);

    if (auto e = write_file_atomically(args.output, to_json_text(merged), "-o")) {
        print_error(*e);
        return exit_usage;
    }
    if (!args.save.empty()) {
        auto saved = save_to_store(where, merged, args.save);
        if (!saved) {
            print_error(saved.error());
            return exit_usage;
        }
        std::fputs(("pace: saved " + *saved + "\n").c_str(), stderr);
    }
    std::fputs(fmt::format("merged {} part{} of {} ({} benchmark{}) into {}\n", runs.size(), runs.size() == 1 ? "" : "s",
                           count, merged.results.size(), merged.results.size() == 1 ? "" : "s", args.output)
                   .c_str(),
               stdout);
    return exit_ok;
}

const RegisterCommand registered{make_command<MergeArgs>("merge", 45, add_merge_command, run_merge, /*reads_large_files=*/true)};

}  // namespace

}  // namespace pace::cli
