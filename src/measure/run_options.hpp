// SPDX-License-Identifier: Apache-2.0
// What a benchmark binary was asked to do: flags over pace.toml over defaults.
#pragma once

#include <functional>  // std::less: counter names looked up by view
#include <map>         // [counters] directions, by name
#include <optional>  // std::optional
#include <string>    // std::string
#include <string_view>  // std::string_view: a mode's name
#include <vector>    // std::vector

#include "measure/engine.hpp"
#include "measure/shard.hpp"  // --shard I/N
#include "model/outcome.hpp"

namespace pace::measure {

/// A measurement mode: the name of the probe that measures in it
/// (measure/probe.hpp). The built-in ones are named here for the code that
/// tests for them; a new probe brings its own name.
class Mode {
public:
    constexpr Mode() = default;
    constexpr explicit Mode(std::string_view name) : name_(name) {}
    static const Mode time, instructions, test;
    constexpr std::string_view name() const { return name_; }
    friend constexpr bool operator==(Mode a, Mode b) { return a.name_ == b.name_; }

private:
    std::string_view name_ = "time";
};
inline constexpr Mode Mode::time{"time"};
inline constexpr Mode Mode::instructions{"instructions"};
inline constexpr Mode Mode::test{"test"};

struct RunOptions {
    std::string filter;  ///< ECMAScript regex searched in the id; "" selects all
    std::string tags;    ///< tag expression; "" selects all
    bool list = false;
    Mode mode = Mode::time;
    bool memory = true;
    /// Fresh processes the run is made of, their samples grouped by process
    /// (--processes N); time mode only: instruction counts and --test do not
    /// vary between processes.
    std::size_t processes = 1;
    EngineOptions engine;
    std::string json_path, csv_path, md_path, junit_path;
    std::vector<std::string> columns;  ///< empty: the default columns
    /// Where the columns came from when pace.toml set them (file, line, key), for
    /// an error about an unknown column; empty when a flag or nothing did.
    std::optional<InputError> columns_source;
    std::string sort = "name";
    std::string save_name;  ///< --save NAME
    bool autosave = false;
    std::string storage = ".pace";
    /// Where runs are saved and looked up instead of `storage`: --store, a
    /// PostgreSQL URL or a directory ("" when not given). app/source.hpp's
    /// choose_store ranks it with --storage, PACE_STORE and pace.toml.
    std::string store;
    std::string store_config;   ///< pace.toml's [store] url, "" when none
    bool storage_flag = false;  ///< --storage was given on the command line (it wins over PACE_STORE)
    std::optional<std::string> compare;  ///< --compare [REF]; "" means the latest saved run
    std::string compare_default;         ///< pace.toml's [compare] against: REF when --compare has none
    std::vector<std::string> compare_fail;
    bool color = false;
    bool progress = false;          ///< stderr is a terminal: a progress line that rewrites itself
    bool stdout_terminal = false;   ///< otherwise each result is printed as a line when it is done
    std::string config_path;  ///< the pace.toml used, or ""
    /// pace.toml's [counters]: user counters whose better direction is set,
    /// true when higher is better (installed by parse_run_options).
    std::map<std::string, bool, std::less<>> counter_directions;
    /// --shard I/N: run only part I of the selection split in N parts.
    std::optional<Shard> shard;
};

/// The pace.toml nearest above `start_dir`, or "" when there is none.
std::string find_config(const std::string& start_dir);

/// Applies a pace.toml's `[run]` and `[compare]` tables to `options`.
/// Unknown keys and mistyped values are errors naming the file and the key.
std::optional<InputError> apply_config(const std::string& path, RunOptions& options);

/// Reads only a pace.toml's `[counters]` table (for the pace command, which
/// leaves [run] to benchmark binaries): user counters and their better
/// direction, true when higher is better.
///     [counters.frames]
///     better = "higher"
/// A TOML syntax error, a counter pace defines itself, a key other than
/// `better` or a value other than "higher" and "lower" is an error naming the
/// file, the line and the key, with a hint.
Outcome<std::map<std::string, bool, std::less<>>> read_counter_directions(const std::string& path);

/// Parses a precision: "1%" or "0.01" → 0.01.
Outcome<double> parse_precision(const std::string& text, const std::string& source);

/// Reads flags over defaults (and pace.toml, found from the working directory).
/// Returns the options, or an error; `--help` and `--version` print and set `exit_code`.
Outcome<RunOptions> parse_run_options(int argc, const char* const* argv, std::optional<int>& exit_code);

}  // namespace pace::measure
