// SPDX-License-Identifier: Apache-2.0
#include "cli/history_command.hpp"

#include <algorithm>   // std::min, std::max
#include <atomic>      // std::atomic: history run -j hands out commits
#include <cstdio>      // std::fputs
#include <filesystem>  // paths of the storage and logs
#include <fstream>     // std::ifstream: --commits FILE
#include <map>         // std::map: stored runs by commit
#include <memory>      // std::unique_ptr
#include <mutex>       // std::mutex: history run -j's output
#include <optional>    // std::optional
#include <regex>       // --filter
#include <set>         // std::set
#include <thread>      // std::thread: history run -j
#include <unordered_map>  // id numbers by benchmark key

#include <fmt/format.h>  // fmt::format
#include <toml++/toml.h>  // [history] in pace.toml

#include "cli/command.hpp"               // the commands register themselves
#include "cli/console.hpp"               // print_error, exit codes
#include "history/driver.hpp"            // measure_commit, bisect
#include "history/git.hpp"               // commits, worktrees
#include "history/series.hpp"            // history_series, render_history
#include "importers/asv.hpp"             // load_asv: history show over asv results
#include "importers/load.hpp"            // load_run
#include "importers/pace_fast.hpp"       // read_pace_json_fast
#include "measure/shard.hpp"             // --shard I/N, checked before the binary sees it
#include "model/metrics.hpp"             // offered_metric_names: the hint for an absent metric
#include "model/units.hpp"               // format_with_unit
#include "platform/environment.hpp"      // this machine's id
#include "store/run_index.hpp"           // refresh_index: history show reads the index, not every run
#include "store/storage.hpp"             // save_run, list_runs
#include "app/source.hpp"                // configured_store, list_stored_runs: history show reads either store
#include "store/postgres_store.hpp"      // mask_password: a store URL in messages

namespace pace::cli {

namespace fs = std::filesystem;

namespace {

// The [history] table of the nearest pace.toml above the checkout's top
// directory, flags winning.
Outcome<history::Recipe> recipe_for(const std::string& repo, const HistoryArgs& args) {
    history::Recipe recipe;
    const fs::path config = fs::path(repo) / "pace.toml";
    std::error_code ec;
    if (fs::is_regular_file(config, ec)) {
        toml::table root;
        try {
            root = toml::parse_file(config.string());
        } catch (const toml::parse_error& e) {
            return InputError{config.string(), "line " + std::to_string(e.source().begin.line),
                              std::string(e.description()), "pace.toml is TOML: see docs/configuration.md"};
        }
        if (const toml::table* table = root["history"].as_table()) {
            for (const auto& [key, value] : *table) {
                const std::string name(key.str());
                const auto* text = value.as_string();
                const bool known = name == "build" || name == "bench" || name == "bench_sources";
                if (!known || !text) {
                    return InputError{config.string(), "history." + name, known ? "expected a string" : "unknown key",
                                      "[history] takes build = \"sh command\", bench = \"binary and arguments\" "
                                      "and bench_sources = \"folder/\""};
                }
                (name == "build" ? recipe.build : name == "bench" ? recipe.bench : recipe.bench_sources) = text->get();
            }
        }
    }
    if (!args.build.empty()) recipe.build = args.build;
    if (!args.bench.empty()) recipe.bench = args.bench;
    if (!args.bench_sources.empty()) recipe.bench_sources = args.bench_sources;
    if (!recipe.bench_sources.empty()) {
        // Today's benchmarks measure every commit's code (asv's model), so
        // the folder must be inside the checkout and exist in it now.
        const fs::path relative = fs::path(recipe.bench_sources).lexically_normal();
        const std::string where = args.bench_sources.empty() ? config.string() : "--bench-sources";
        if (relative.is_absolute() || relative.empty() || *relative.begin() == "..")
            return InputError{where, "history.bench_sources",
                              "'" + recipe.bench_sources + "' is not a folder inside the checkout",
                              "give a folder relative to the checkout's top, e.g. bench_sources = \"bench/\""};
        if (!fs::is_directory(fs::path(repo) / relative, ec))
            return InputError{where, "history.bench_sources",
                              "'" + recipe.bench_sources + "' is not a folder of the current tree " + repo,
                              "bench_sources names the folder of today's benchmark sources, e.g. \"bench/\""};
        recipe.bench_sources = relative.generic_string();
        if (!recipe.bench_sources.empty() && recipe.bench_sources.back() == '/') recipe.bench_sources.pop_back();
        recipe.sources_root = repo;
    }
    if (recipe.bench.empty()) {
        return InputError{config.string(), "", "no benchmark binary to run",
                          "add [history] bench = \"build/my_bench\" (and build = \"...\") to pace.toml, or pass --bench"};
    }
    return recipe;
}

std::string this_machine() { return platform::current_machine(true, false).id(); }

// The storage's run files read as the other commands read them (the fast pace reader, the importers).
Outcome<Run> read_stored_run(const std::string& path) { return load_run(path, read_pace_json_fast); }

std::string log_dir(const std::string& storage) { return (fs::path(storage) / ".history" / this_machine()).string(); }

// The name a part of a sharded history run is saved under ("shard-2-of-4"),
// "" for a whole run: the parts of one commit are told apart by it.
std::string shard_run_name(const std::optional<measure::Shard>& shard) {
    return shard ? "shard-" + std::to_string(shard->index) + "-of-" + std::to_string(shard->count) : "";
}

// The runs already saved on this machine, by the commit prefix their file
// names carry: with --shard, only that part's runs; without, the runs that
// are not parts.
std::map<std::string, std::string> stored_by_commit(const std::string& storage, const std::string& shard_name) {
    std::map<std::string, std::string> out;
    auto runs = store::list_runs(storage, this_machine(), read_stored_run);
    if (!runs) return out;
    for (const store::SavedRun& run : *runs) {
        const bool part = run.name.rfind("shard-", 0) == 0;
        if (shard_name.empty() ? part : run.name != shard_name) continue;
        if (!run.commit.empty()) out[run.commit] = run.path;  // the last run of a commit wins
    }
    return out;
}

std::optional<std::string> stored_run(const std::map<std::string, std::string>& stored, const std::string& id) {
    if (auto it = stored.find(id.substr(0, 12)); it != stored.end()) return it->second;
    return std::nullopt;
}

Outcome<std::vector<std::string>> commits_of(const std::string& repo, const HistoryArgs& args) {
    const int ways = (args.range.empty() ? 0 : 1) + (args.commits_file.empty() ? 0 : 1) + (args.last > 0 ? 1 : 0);
    if (ways != 1) {
        return InputError{"", "", "give exactly one of RANGE, --commits FILE or --last N",
                          "e.g. pace history run v1.0..HEAD, or pace history run --last 20"};
    }
    Outcome<std::vector<std::string>> commits = std::vector<std::string>{};
    if (!args.range.empty()) {
        commits = history::commits_in_range(repo, args.range);
    } else if (args.last > 0) {
        commits = history::last_commits(repo, args.last);
    } else {
        std::ifstream in(args.commits_file);
        if (!in) return InputError{args.commits_file, "", "cannot read the file", "--commits takes a file of one revision a line"};
        std::vector<std::string> ids;
        int line_number = 0;
        for (std::string line; std::getline(in, line);) {
            ++line_number;
            line.erase(0, line.find_first_not_of(" \t"));
            line.erase(line.find_last_not_of(" \t\r") + 1);
            if (line.empty() || line[0] == '#') continue;
            auto id = history::resolve_commit(repo, line, args.commits_file);
            if (!id) {
                InputError e = id.error();
                e.where = "line " + std::to_string(line_number);
                return e;
            }
            ids.push_back(*id);
        }
        commits = ids;
    }
    if (!commits) return commits;
    return history::every_nth(*commits, args.every);
}

// Builds, runs and saves one commit; the saved path, or empty when it failed
// (the log then says why and stays).
struct Measured {
    history::CommitStatus status = history::CommitStatus::measured;
    std::string path;  ///< the saved run
    std::string log;   ///< the failed commit's log, or the log of a measured commit with absent sources
    std::size_t benchmarks = 0;
    std::vector<std::string> absent_sources;  ///< bench_sources files that did not compile at the commit
};

// The log of a commit that failed: `<id>.log`, `<id>.shard-2-of-4.log` for a part.
std::string failure_log(const std::string& storage, const std::string& id, const std::string& shard_name) {
    return (fs::path(log_dir(storage)) / (id + (shard_name.empty() ? "" : "." + shard_name) + ".log")).string();
}

Measured measure_and_save(history::Worktree& worktree, const std::string& repo, const std::string& id,
                          const history::Recipe& recipe, const std::string& storage, const std::string& shard_name) {
    Measured out;
    const std::string dir = log_dir(storage);
    std::error_code ec;
    fs::create_directories(dir, ec);
    out.log = failure_log(storage, id, shard_name);
    const std::string json = (fs::path(dir) / (id + ".json.part")).string();
    const history::CommitResult result = history::measure_commit(worktree, id, recipe, out.log, json);
    out.status = result.status;
    out.absent_sources = result.absent_sources;
    if (out.status != history::CommitStatus::measured) return out;
    Outcome<Run> run = load_run(json, read_pace_json_fast);
    fs::remove(json, ec);
    if (!run) {
        std::ofstream(out.log, std::ios::app) << "pace history: " << run.error().describe() << '\n';
        out.status = history::CommitStatus::bench_failed;
        return out;
    }
    if (auto meta = history::commit_meta(repo, id)) {
        run->commit.raw = Json::object();
        run->commit.id = meta->id;
        run->commit.time = meta->commit_time;
        run->commit.branch.clear();
        run->commit.dirty = false;
        run->commit.raw["parent"] = meta->parent;
        run->commit.raw["subject"] = meta->subject;
        run->commit.raw["author_time"] = meta->author_time;
    }
    // A benchmark source that did not compile here: its benchmarks are
    // absent from the run, which says so, and the build's log is kept
    // beside the failed commits' logs (in a folder of its own, as the
    // commit is not a failed one).
    std::string sources_log;
    if (!out.absent_sources.empty()) {
        const fs::path kept = fs::path(dir) / "bench-sources" /
                              (id + (shard_name.empty() ? "" : "." + shard_name) + ".log");
        fs::create_directories(kept.parent_path(), ec);
        fs::rename(out.log, kept, ec);
        sources_log = ec ? out.log : kept.string();
        run->commit.raw["bench_sources_absent"] = out.absent_sources;
        run->commit.raw["bench_sources_log"] = sources_log;
    }
    auto saved = store::save_run(storage, *run, shard_name);
    if (!saved) {
        std::ofstream(out.log, std::ios::app) << "pace history: " << saved.error().describe() << '\n';
        out.status = history::CommitStatus::bench_failed;
        return out;
    }
    if (sources_log.empty()) fs::remove(out.log, ec);  // a measured commit needs no log
    out.log = sources_log;
    out.path = *saved;
    out.benchmarks = run->results.size();
    return out;
}

std::string subject_of(const std::string& repo, const std::string& id) {
    auto meta = history::commit_meta(repo, id);
    return meta ? meta->subject : std::string();
}

Outcome<std::string> absolute_storage(const std::string& storage) {
    std::error_code ec;
    fs::path path = fs::absolute(storage, ec);
    if (ec) return InputError{"--storage", "", "cannot resolve " + storage, ""};
    return path.lexically_normal().string();
}

// How each commit is built and run: the options `history run` and `bisect` share.
void add_build_options(CLI::App& command, HistoryArgs& args) {
    command.add_option("--build", args.build, "Build command (default: [history] build in pace.toml)")->option_text("CMD");
    command.add_option("--bench", args.bench, "Benchmark binary (default: [history] bench)")->option_text("CMD");
    command.add_option("--bench-sources", args.bench_sources,
                       "A folder taken from the current tree over each commit's (default: [history] bench_sources)")
        ->option_text("DIR");
}

}  // namespace

HistoryCommands add_history_command(CLI::App& app, HistoryArgs& args) {
    HistoryCommands out;
    out.history = app.add_subcommand("history", "Benchmark a range of commits, and show each benchmark's trend and steps");
    out.history->require_subcommand(1);

    out.run = out.history->add_subcommand("run", "Build and benchmark each commit of a range in a separate worktree");
    out.run->add_option("range", args.range, "Commits after A up to B (git's A..B)")->option_text("A..B");
    out.run->add_option("--commits", args.commits_file, "A file of revisions, one a line")->option_text("FILE");
    out.run->add_option("--last", args.last, "The last N commits of HEAD")->option_text("N")->check(CLI::PositiveNumber);
    out.run->add_option("--every", args.every, "Every N-th commit of those, the newest always")->option_text("N")
        ->check(CLI::PositiveNumber);
    out.run->add_flag("--force", args.force, "Measure commits already measured on this machine again");
    out.run->add_option("-j,--jobs", args.jobs,
                        "Measure N commits at a time, each in its own worktree (default 1: parallel jobs disturb "
                        "each other's timings; instruction counts do not mind)")
        ->option_text("N")
        ->check(CLI::PositiveNumber);
    add_build_options(*out.run, args);
    out.run->add_option("--shard", args.shard,
                        "Run part I of N of the benchmarks (--shard I/N to the binary); each part is saved as "
                        "shard-I-of-N")
        ->option_text("I/N");
    out.run->add_option("--storage", args.storage, "The storage directory (default .pace)")->option_text("DIR");
    out.run->footer("Example:\n"
                    "  pace history run v1.2..HEAD --every 5\n"
                    "\n"
                    "pace.toml at the checkout's top:  [history]  build = \"cmake -B build && cmake --build build\"\n"
                    "                                             bench = \"build/my_bench --mode instructions\"\n"
                    "Each commit is checked out in a temporary git worktree (your working tree is not touched), built,\n"
                    "run with --json, and saved with its commit, parent and dates. Commits already measured on this\n"
                    "machine are skipped; a commit that fails to build is reported, its log kept under DIR/.history/.\n"
                    "With bench_sources = \"bench/\" (or --bench-sources), today's bench/ is copied over each commit's:\n"
                    "today's benchmarks measure the commit's code; a file of it that does not compile at a commit is\n"
                    "left out there (its benchmarks absent, the log kept under DIR/.history/MACHINE/bench-sources/).\n"
                    "-j N measures N commits at a time in N worktrees: use it with instruction counts, as parallel\n"
                    "jobs disturb each other's timings.\n"
                    "Exit status: 0 done, 1 no commit could be measured, 2 bad usage.");

    out.show = out.history->add_subcommand("show", "Each benchmark's series over the saved commits, and its steps");
    out.show->add_option("--storage", args.storage, "The storage directory (default .pace)")
        ->option_text("DIR")
        ->each([&args](const std::string&) { args.storage_given = true; });
    out.show->add_option("--store", args.store,
                         "A PostgreSQL store instead: postgresql://USER@HOST:PORT/DATABASE (also PACE_STORE, "
                         "pace.toml's [store] url)")
        ->option_text("URL");
    out.show->add_option("--machine", args.machine, "This machine id's runs (default: this machine's)")->option_text("ID");
    out.show->add_option("--metric", args.metric, "median, mean, min, instructions, peak, ... (default: instructions when measured, else median)")
        ->option_text("M");
    out.show->add_option("--filter", args.filter, "Only benchmark ids matching this regex")->option_text("REGEX");
    out.show->add_option("--asv", args.asv, "Read asv results (a results directory, or its files and benchmarks.json) instead of the storage")
        ->option_text("PATH...");
    out.show->footer("Example:\n"
                     "  pace history show --metric instructions\n"
                     "\n"
                     "A step is a change of level found by a penalised piecewise-constant fit weighted by each point's\n"
                     "error, then tested (confidence ≥ 99.9%); see docs/history.md.\n"
                     "Exit status: 0 shown, 2 bad usage or no runs.");

    return out;
}

CLI::App* add_bisect_command(CLI::App& app, HistoryArgs& args) {
    HistoryCommands out;
    out.bisect = app.add_subcommand("bisect", "Find the first commit whose metric got worse past a threshold");
    out.bisect->add_option("--good", args.good, "A commit without the regression")->option_text("REV")->required();
    out.bisect->add_option("--bad", args.bad, "A commit with it")->option_text("REV")->required();
    out.bisect->add_option("--metric", args.metric, "The metric to judge (default instructions)")->option_text("M");
    out.bisect->add_option("--threshold", args.threshold, "Worse than good by more than this is bad (default 2%)")
        ->option_text("N%");
    out.bisect->add_option("--filter", args.filter, "Only benchmark ids matching this regex")->option_text("REGEX");
    add_build_options(*out.bisect, args);
    out.bisect->add_option("--storage", args.storage, "The storage directory (default .pace)")->option_text("DIR");
    out.bisect->footer("Example:\n"
                       "  pace bisect --good v1.2 --bad HEAD --metric instructions --threshold 2%\n"
                       "\n"
                       "Runs already saved for a commit on this machine are reused; other commits are built and run in\n"
                       "a separate worktree and saved. A commit that fails to build is skipped, as git bisect skip does.\n"
                       "Exit status: 0 found, 1 good and bad do not differ past the threshold, 2 bad usage.");
    return out.bisect;
}

int run_history_run(const HistoryArgs& args) {
    // --shard is the benchmark binary's own flag: checked first, passed to
    // it, and each part is saved under its own name.
    std::optional<measure::Shard> shard;
    if (!args.shard.empty()) {
        auto parsed = measure::parse_shard(args.shard, "--shard");
        if (!parsed) return print_error(parsed.error()), exit_usage;
        shard = *parsed;
    }
    auto repo = history::repository_root(".");
    if (!repo) return print_error(repo.error()), exit_usage;
    auto recipe = recipe_for(*repo, args);
    if (!recipe) return print_error(recipe.error()), exit_usage;
    auto commits = commits_of(*repo, args);
    if (!commits) return print_error(commits.error()), exit_usage;
    auto storage = absolute_storage(args.storage);
    if (!storage) return print_error(storage.error()), exit_usage;
    if (shard) recipe->bench += " --shard " + shard->text();
    const std::string shard_name = shard_run_name(shard);
    if (commits->empty()) {
        std::fputs("no commits to measure\n", stdout);
        return exit_ok;
    }
    const auto stored = stored_by_commit(*storage, shard_name);
    std::size_t measured = 0, skipped = 0, failed = 0;
    const std::size_t total = commits->size();
    auto head = [&](std::size_t i) { return fmt::format("[{}/{}] {}", i + 1, total, (*commits)[i].substr(0, 10)); };
    std::vector<std::size_t> todo;
    for (std::size_t i = 0; i < total; ++i) {
        const std::string& id = (*commits)[i];
        const std::string old_log = failure_log(*storage, id, shard_name);
        std::error_code ec;
        if (!args.force && (stored_run(stored, id) || fs::exists(old_log, ec))) {
            std::fputs(fmt::format("{}  {}\n", head(i), stored_run(stored, id) ? "already measured" : "failed before, log " + old_log).c_str(), stdout);
            ++skipped;
            continue;
        }
        todo.push_back(i);
    }
    std::fflush(stdout);
    // One worktree per job, made here before any job starts: concurrent
    // `git worktree add`s of one repository race for its lock.
    const std::size_t jobs = std::min<std::size_t>(static_cast<std::size_t>(std::max(args.jobs, 1)), todo.size());
    std::vector<std::unique_ptr<history::Worktree>> worktrees;
    for (std::size_t k = 0; k < jobs; ++k) {
        auto made = history::Worktree::create(*repo);
        if (!made) return print_error(made.error()), exit_usage;
        worktrees.push_back(std::move(*made));
    }
    std::mutex output;  // the counters and stdout
    std::atomic<std::size_t> next{0};
    auto job = [&](history::Worktree& worktree) {
        for (std::size_t n = next++; n < todo.size(); n = next++) {
            const std::size_t i = todo[n];
            const std::string& id = (*commits)[i];
            const Measured m = measure_and_save(worktree, *repo, id, *recipe, *storage, shard_name);
            const std::string subject = subject_of(*repo, id);
            const std::lock_guard<std::mutex> lock(output);
            if (m.status == history::CommitStatus::measured) {
                ++measured;
                std::string absent;
                for (const std::string& file : m.absent_sources) absent += (absent.empty() ? "" : ", ") + file;
                if (!absent.empty())
                    absent = fmt::format(" ({} {} not compile here: absent, log {})", absent,
                                         m.absent_sources.size() == 1 ? "does" : "do", m.log);
                std::fputs(fmt::format("{}  measured, {} benchmark{}{}  {}\n", head(i), m.benchmarks,
                                       m.benchmarks == 1 ? "" : "s", absent, subject).c_str(), stdout);
            } else {
                ++failed;
                std::fputs(fmt::format("{}  {}, log {}  {}\n", head(i), history::to_string(m.status), m.log, subject).c_str(),
                           stdout);
            }
            std::fflush(stdout);
        }
    };
    if (jobs <= 1) {
        if (!worktrees.empty()) job(*worktrees.front());
    } else {
        // Each job builds and runs in its own worktree; the storage takes
        // concurrent saves (numbered files, written by rename).
        std::vector<std::thread> threads;
        for (auto& worktree : worktrees) threads.emplace_back(job, std::ref(*worktree));
        for (std::thread& t : threads) t.join();
    }
    std::fputs(fmt::format("{} commit{}: {} measured, {} skipped, {} failed\n", total, total == 1 ? "" : "s", measured,
                           skipped, failed).c_str(), stdout);
    return measured == 0 && skipped == 0 ? exit_regression : exit_ok;
}

namespace {

Outcome<std::optional<std::regex>> filter_of(const std::string& filter) {
    if (filter.empty()) return std::optional<std::regex>{};
    try {
        return std::optional<std::regex>(std::regex(filter));
    } catch (const std::regex_error& e) {
        return InputError{"--filter", "", "'" + filter + "' is not a regular expression: " + e.what(), ""};
    }
}

}  // namespace

HistoryCollector::HistoryCollector(std::string asked_metric, const std::regex* filter, bool require_commit)
    : asked_(std::move(asked_metric)), filter_(filter), require_commit_(require_commit) {}

void HistoryCollector::add(std::size_t position, Run& run) {
    if (!add_run(position, std::move(run))) return;
    Slot& slot = slots_[position];
    // "time" is the median; its interval comes from the median's.
    const std::string asked = asked_ == "time" ? "median" : asked_;
    for (const Result& r : slot.run.results) {
        const std::optional<std::uint32_t> id = id_number(r.id);
        if (!id) continue;
        auto take = [&](const std::string& metric, std::vector<history::RunValue>& into, bool& carried) {
            const auto value = pace::metric(r, metric);
            if (!value) return;
            carried = true;
            if (r.status == Status::ok) into.push_back({*id, *value, history::metric_error(r, metric)});
        };
        if (!asked.empty()) {
            take(asked, slot.values, carried_);
        } else {
            // Instructions when any result counts them (exact, so their steps are), else the median.
            if (r.counters.count("instructions")) any_instructions_ = true;
            take("instructions", slot.values, carried_);
            bool unused = false;
            take("median", slot.medians, unused);
        }
    }
    slot.run.results.clear();  // the views need the commit, not the results: a long history stays small
    slot.run.results.shrink_to_fit();
}

std::vector<std::string> HistoryCollector::value_metrics() const {
    if (asked_.empty()) return {"instructions", "median"};
    return {asked_ == "time" ? "median" : asked_};
}

bool HistoryCollector::add_run(std::size_t position, Run run) {
    if (require_commit_ && (run.commit.id.empty() || run.commit.id == "unknown")) {
        ++without_commit_;
        return false;
    }
    if (position >= slots_.size()) slots_.resize(position + 1);
    Slot& slot = slots_[position];
    slot.used = true;
    if (!first_ || position < first_position_) {
        first_ = run;
        first_position_ = position;
    }
    slot.run = std::move(run);
    return true;
}

std::optional<std::uint32_t> HistoryCollector::id_number(const std::string& id) {
    if (filter_ && !std::regex_search(id, *filter_)) return std::nullopt;
    auto [it, added] = id_numbers_.try_emplace(id, static_cast<std::uint32_t>(ids_.size()));
    if (added) ids_.push_back(id);
    return it->second;
}

void HistoryCollector::add_value(std::size_t position, std::uint32_t order, std::uint32_t id, std::size_t which,
                                 double value, double error, bool ok) {
    if (position >= slots_.size() || !slots_[position].used) return;
    Slot& slot = slots_[position];
    // As add's take: the asked metric, or instructions (which also choose
    // the metric) and medians.
    const bool median = asked_.empty() && which == 1;
    if (!median) carried_ = true;
    if (asked_.empty() && which == 0) any_instructions_ = true;
    if (!ok) return;
    (median ? slot.medians : slot.values).push_back({id, value, error});
    (median ? slot.median_orders : slot.value_orders).push_back(order);
}

namespace {

/// `values` in the order of `orders` (one each), when they came in another.
void sort_by_order(std::vector<history::RunValue>& values, std::vector<std::uint32_t>& orders) {
    if (orders.size() != values.size() || std::is_sorted(orders.begin(), orders.end())) return;
    std::vector<std::size_t> index(values.size());
    for (std::size_t i = 0; i < index.size(); ++i) index[i] = i;
    std::stable_sort(index.begin(), index.end(), [&](std::size_t a, std::size_t b) { return orders[a] < orders[b]; });
    std::vector<history::RunValue> sorted;
    sorted.reserve(values.size());
    for (std::size_t i : index) sorted.push_back(values[i]);
    values = std::move(sorted);
}

}  // namespace

HistoryData HistoryCollector::finish() {
    HistoryData out;
    out.metric = !asked_.empty() ? asked_ : any_instructions_ ? "instructions" : "median";
    out.carried = asked_.empty() || carried_;
    const bool medians = asked_.empty() && !any_instructions_;
    for (Slot& slot : slots_) {
        if (!slot.used) continue;
        sort_by_order(slot.values, slot.value_orders);
        sort_by_order(slot.medians, slot.median_orders);
        out.runs.push_back(std::move(slot.run));
        out.values.push_back(std::move(medians ? slot.medians : slot.values));
    }
    out.ids = std::move(ids_);
    out.first = std::move(first_);
    out.without_commit = without_commit_;
    return out;
}

std::vector<history::HistorySeries> HistoryData::series(const std::vector<const Run*>& ordered) const {
    std::vector<const std::vector<history::RunValue>*> ordered_values;
    for (const Run* run : ordered) ordered_values.push_back(&values[static_cast<std::size_t>(run - runs.data())]);
    return history::history_series(ordered_values, ids);
}

namespace {

/// The history of `machine` in a PostgreSQL store: each run without its
/// results, then the values of the metric (or of instructions and the
/// median) from the runs' packed columns, never the runs' files.
Outcome<HistoryData> load_database_history(const std::string& url, const std::string& machine,
                                           HistoryCollector& collector) {
    const std::vector<std::string> metrics = collector.value_metrics();
    std::unordered_map<std::int64_t, std::optional<std::uint32_t>> numbers;  // benchmark key -> id number
    bool heads = false;
    auto add_heads = [&](const store::DatabaseHistory& history) {
        heads = true;
        for (std::size_t i = 0; i < history.runs.size(); ++i) {
            Outcome<Run> run = load_run_from_text(history.heads[i], history.runs[i].path, read_pace_json_fast);
            if (run) collector.add_run(i, std::move(*run));
            else print_warning(run.error().describe() + " (skipped)");
        }
    };
    // history::metric_error's inputs, set per value: the error is the
    // file store's, computed by the same function.
    Result scratch;
    auto error_of = [&](const store::StoredValue& v, std::size_t which) {
        if (!v.has_time) return 0.0;
        scratch.time.emplace();
        TimeStats& t = *scratch.time;
        t.stddev = v.stddev;
        t.rounds = v.rounds;
        t.median_ci_low = v.median_ci_low;
        t.median_ci_high = v.median_ci_high;
        t.process_samples.assign(v.processes > 1 ? static_cast<std::size_t>(v.processes) : 0, 1);
        scratch.counters.clear();
        if (v.counter[which]) scratch.counters[metrics[which]] = 0;
        return history::metric_error(scratch, metrics[which]);
    };
    auto read = store::read_database_history(
        url, machine, metrics, [&](const store::DatabaseHistory& history, const store::StoredValue& v) {
            if (!heads) add_heads(history);
            auto [it, added] = numbers.try_emplace(v.benchmark);
            if (added) {
                auto name = history.names.find(v.benchmark);
                if (name != history.names.end()) it->second = collector.id_number(name->second);
            }
            if (!it->second) return;
            for (std::size_t which = 0; which < metrics.size(); ++which) {
                if (!v.present[which]) continue;
                collector.add_value(v.run, static_cast<std::uint32_t>(v.position), *it->second, which,
                                    v.values[which], error_of(v, which), v.ok);
            }
        });
    if (!read) return read.error();
    if (read->runs.empty())
        return InputError{store::mask_password(url), "", "no saved runs for machine " + machine,
                          "save runs there with --store, or pick a machine with --machine (pace list --all)"};
    if (!heads) add_heads(*read);
    HistoryData data = collector.finish();
    if (!data.carried && !data.runs.empty()) {
        // Only to name, in the error, the metrics the runs do carry: the first run whole.
        std::vector<InputError> skipped;
        auto first = load_stored_runs(url, {read->runs.front()}, read_pace_json_fast, skipped);
        if (first && !first->empty()) data.first = std::move(first->front());
    }
    return data;
}

}  // namespace

Outcome<HistoryData> load_history(const std::string& storage_flag, bool storage_given, const std::string& machine,
                                  const std::vector<std::string>& asv, HistoryCollector& collector,
                                  const std::string& store_flag) {
    if (!asv.empty()) {
        std::vector<InputError> skipped;
        std::vector<Run> runs = load_asv(asv, skipped);
        for (const InputError& e : skipped) print_warning(e.describe() + " (skipped)");
        if (runs.empty())
            return InputError{"--asv", "", "no asv results read", "give an asv results directory, or its result files"};
        for (std::size_t i = 0; i < runs.size(); ++i) collector.add(i, runs[i]);
        return collector.finish();
    }
    const std::string id = machine.empty() ? this_machine() : machine;
    auto where = configured_store(store_flag, storage_flag, storage_given);
    if (!where) return where.error();
    if (store::is_database_url(*where)) return load_database_history(*where, id, collector);
    const std::string& storage = *where;
    std::error_code ec;
    if (!fs::is_directory(storage, ec) || id.front() == '.' || id.find('/') != std::string::npos) {
        auto listed = store::list_runs(storage, id);  // its error names what is wrong
        if (!listed) return listed.error();
    }
    // The index holds each run's commit and per result its summary figures:
    // one file read instead of every run, and one run in memory at a time
    // (docs/storage.md).
    const std::string dir = (fs::path(storage) / id).string();
    std::size_t read = 0;
    if (fs::is_directory(dir, ec)) {
        auto index = store::refresh_index(dir, read_stored_run, false);
        if (!index) return index.error();
        for (const store::IndexedRun& entry : index->runs) {
            // One bad file in a long history must not hide the rest.
            if (!entry.run) print_warning(entry.error + " (skipped)");
        }
        store::visit_runs(dir, *index, read_stored_run, [&](std::size_t position, Run& run) {
            ++read;
            collector.add(position, run);
        });
    }
    if (read == 0)
        return InputError{storage, "", "no saved runs for machine " + id,
                          "measure commits with pace history run, or pick a machine with --machine (pace list --all)"};
    return collector.finish();
}

int run_history_show(const HistoryArgs& args) {
    const std::string machine = args.machine.empty() ? this_machine() : args.machine;
    auto filter = filter_of(args.filter);
    if (!filter) return print_error(filter.error()), exit_usage;
    HistoryCollector collector(args.metric, *filter ? &**filter : nullptr, false);
    auto loaded = load_history(args.storage, args.storage_given, machine, args.asv, collector, args.store);
    if (!loaded) return print_error(loaded.error()), exit_usage;
    const HistoryData& data = *loaded;
    const std::string& metric = data.metric;
    std::vector<const Run*> pointers;
    for (const Run& run : data.runs) pointers.push_back(&run);
    const auto ordered = history::order_by_commit(pointers);
    const auto series = data.series(ordered);
    if (series.empty()) {
        print_error({"--metric", "", "no result carries the metric '" + metric + "'",
                     "metrics: " + offered_metric_names() + ", or a counter"});
        return exit_usage;
    }
    std::string out = history::render_history(ordered, series, metric);
    // Commits recorded as failing, from their kept logs.
    std::error_code ec;
    const fs::path logs = fs::path(args.storage) / ".history" / machine;
    if (args.asv.empty() && args.store.empty() && fs::is_directory(logs, ec)) {
        std::vector<std::string> failed;
        for (const auto& entry : fs::directory_iterator(logs, ec)) {
            if (entry.path().extension() == ".log") failed.push_back(entry.path().stem().string());
        }
        std::sort(failed.begin(), failed.end());
        for (const std::string& id : failed) out += fmt::format("failed: {} (log {}/{}.log)\n", id.substr(0, 10), logs.string(), id);
    }
    std::fputs(out.c_str(), stdout);
    return exit_ok;
}

int run_bisect(const HistoryArgs& args) {
    const std::string metric = args.metric.empty() ? "instructions" : args.metric;
    double threshold = 0;
    {
        std::string text = args.threshold;
        const bool percent = !text.empty() && text.back() == '%';
        if (percent) text.pop_back();
        try {
            std::size_t used = 0;
            threshold = std::stod(text, &used) / 100;
            if (!percent || used != text.size() || !(threshold >= 0)) throw std::invalid_argument("");
        } catch (const std::exception&) {
            print_error({"--threshold", "", "'" + args.threshold + "' is not a percentage", "write it like 2% or 0.5%"});
            return exit_usage;
        }
    }
    auto filter = filter_of(args.filter);
    if (!filter) return print_error(filter.error()), exit_usage;
    auto repo = history::repository_root(".");
    if (!repo) return print_error(repo.error()), exit_usage;
    auto recipe = recipe_for(*repo, args);
    if (!recipe) return print_error(recipe.error()), exit_usage;
    auto good = history::resolve_commit(*repo, args.good, "--good");
    if (!good) return print_error(good.error()), exit_usage;
    auto bad = history::resolve_commit(*repo, args.bad, "--bad");
    if (!bad) return print_error(bad.error()), exit_usage;
    auto between = history::commits_in_range(*repo, *good + ".." + *bad);
    if (!between) return print_error(between.error()), exit_usage;
    if (between->empty()) {
        print_error({"--bad", "", "--bad is not a descendant of --good", "give an older --good or a newer --bad"});
        return exit_usage;
    }
    auto storage = absolute_storage(args.storage);
    if (!storage) return print_error(storage.error()), exit_usage;

    std::vector<std::string> commits{*good};
    commits.insert(commits.end(), between->begin(), between->end());
    const auto stored = stored_by_commit(*storage, "");
    std::unique_ptr<history::Worktree> worktree;
    std::size_t builds = 0, reused = 0;
    std::map<std::size_t, std::optional<Run>> runs;
    auto run_of = [&](std::size_t i) -> const std::optional<Run>& {
        if (auto it = runs.find(i); it != runs.end()) return it->second;
        std::optional<Run> out;
        std::string path;
        std::error_code ec;
        const std::string old_log = (fs::path(log_dir(*storage)) / (commits[i] + ".log")).string();
        if (auto saved = stored_run(stored, commits[i])) {
            path = *saved;
            ++reused;
        } else if (fs::exists(old_log, ec)) {
            // Recorded as failing by an earlier run: building it again would fail again.
            std::fputs(fmt::format("  {}  failed before, log {}\n", commits[i].substr(0, 10), old_log).c_str(), stdout);
        } else {
            if (!worktree) {
                if (auto made = history::Worktree::create(*repo)) worktree = std::move(*made);
            }
            if (worktree) {
                ++builds;
                const Measured m = measure_and_save(*worktree, *repo, commits[i], *recipe, *storage, "");
                if (m.status == history::CommitStatus::measured) path = m.path;
                else std::fputs(fmt::format("  {}  {}, log {}\n", commits[i].substr(0, 10), history::to_string(m.status), m.log).c_str(), stdout);
            }
        }
        if (!path.empty()) {
            if (Outcome<Run> run = load_run(path, read_pace_json_fast)) out = std::move(*run);
        }
        return runs[i] = std::move(out);
    };
    // The worst change of any benchmark from good, in the bad direction.
    struct Worst {
        std::string id;
        double before = 0, after = 0, change = 0;
    };
    const bool up_is_bad = higher_is_worse(metric);
    auto worst_change = [&](const Run& base, const Run& probe) -> std::optional<Worst> {
        std::optional<Worst> worst;
        for (const Result& r : probe.results) {
            if (*filter && !std::regex_search(r.id, **filter)) continue;
            const Result* b = base.find(r.id);
            if (!b) continue;
            const auto before = pace::metric(*b, metric), after = pace::metric(r, metric);
            if (!before || !after || *before == 0) continue;
            const double change = (*after - *before) / std::abs(*before) * (up_is_bad ? 1 : -1);
            if (!worst || change > worst->change) worst = Worst{r.id, *before, *after, change};
        }
        return worst;
    };

    const auto& base = run_of(0);
    if (!base) {
        print_error({"--good", "", "commit " + good->substr(0, 10) + " could not be measured", "see its log under " + log_dir(*storage)});
        return exit_usage;
    }
    const auto& last = run_of(commits.size() - 1);
    std::optional<Worst> bad_change = last ? worst_change(*base, *last) : std::nullopt;
    if (!last || !bad_change) {
        print_error({"--bad", "", "commit " + bad->substr(0, 10) + " could not be measured or shares no benchmark with --good carrying " + metric,
                     "see its log under " + log_dir(*storage)});
        return exit_usage;
    }
    std::fputs(fmt::format("bisect: {} commits from good {} to bad {}, {} worse by more than {}\n", commits.size(),
                           good->substr(0, 10), bad->substr(0, 10), metric, args.threshold).c_str(), stdout);
    if (bad_change->change <= threshold) {
        std::fputs(fmt::format("no regression: the worst change from good to bad is {} {:+.1f}%\n", bad_change->id,
                               bad_change->change * 100 * (up_is_bad ? 1 : -1)).c_str(), stdout);
        return exit_regression;
    }
    const std::size_t builds_at_ends = builds;
    const auto found = history::bisect(commits.size(), [&](std::size_t i) -> std::optional<bool> {
        const auto& probe = run_of(i);
        if (!probe) return std::nullopt;
        const auto w = worst_change(*base, *probe);
        if (!w) return std::nullopt;
        const bool is_bad = w->change > threshold;
        std::fputs(fmt::format("  {}  {}  ({} {:+.1f}%)  {}\n", commits[i].substr(0, 10), is_bad ? "bad " : "good", w->id,
                               w->change * 100 * (up_is_bad ? 1 : -1), subject_of(*repo, commits[i])).c_str(), stdout);
        return is_bad;
    });
    const auto& first = run_of(found.first_bad);
    const auto w = first ? worst_change(*base, *first) : std::nullopt;
    const MetricKind kind = metric_kind(metric);
    std::string out = fmt::format("{} commit: {} {}\n", found.exact ? "first bad" : "first bad (or a commit just before it that could not be built)",
                                  commits[found.first_bad], subject_of(*repo, commits[found.first_bad]));
    if (w) out += fmt::format("  {}: {} → {} ({:+.1f}%)\n", w->id, units::format_with_unit(kind, w->before), units::format_with_unit(kind, w->after),
                              w->change * 100 * (up_is_bad ? 1 : -1));
    out += fmt::format("{} probe{}, {} build{} ({} for the probes), {} stored run{} reused\n", found.probed.size(),
                       found.probed.size() == 1 ? "" : "s", builds, builds == 1 ? "" : "s", builds - builds_at_ends, reused,
                       reused == 1 ? "" : "s");
    std::fputs(out.c_str(), stdout);
    return exit_ok;
}

namespace {
// `history` runs one of its subcommands; `bisect` is a command of its own.
const RegisterCommand history_registered{{"history", 60, false, [](CLI::App& app) {
                                              auto args = std::make_shared<HistoryArgs>();
                                              const HistoryCommands added = add_history_command(app, *args);
                                              return std::function<int()>([args, added] {
                                                  return added.run->parsed() ? run_history_run(*args)
                                                                             : run_history_show(*args);
                                              });
                                          }}};
const RegisterCommand bisect_registered{make_command<HistoryArgs>("bisect", 70, add_bisect_command, run_bisect)};
}  // namespace

}  // namespace pace::cli
