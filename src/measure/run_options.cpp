// SPDX-License-Identifier: Apache-2.0
#include "measure/run_options.hpp"

#include <unistd.h>  // isatty

#include <cmath>       // std::isfinite
#include <cstdlib>     // std::getenv
#include <filesystem>  // std::filesystem::path
#include <algorithm>   // std::find
#include <iostream>    // std::cout for --help
#include <regex>       // checking a filter from pace.toml

#include <CLI/CLI.hpp>         // the command line
#include <toml++/toml.h>       // pace.toml
#include "measure/probe.hpp"           // the modes --mode selects
#include "measure/tag_expression.hpp"  // checking tags from pace.toml
#include "model/metrics.hpp"           // [counters]: user counters' directions
#include "pace/version.hpp"
#include "model/edit_distance.hpp"  // closest_option: "did you mean" for a mistyped flag

namespace pace::measure {

namespace fs = std::filesystem;

std::string find_config(const std::string& start_dir) {
    std::error_code ec;
    fs::path dir = fs::absolute(start_dir, ec);
    if (ec) return {};
    for (;;) {
        fs::path candidate = dir / "pace.toml";
        if (fs::is_regular_file(candidate, ec)) return candidate.string();
        if (!dir.has_parent_path() || dir.parent_path() == dir) return {};
        dir = dir.parent_path();
    }
}

Outcome<double> parse_precision(const std::string& text, const std::string& source) {
    std::string number = text;
    bool percent = !number.empty() && number.back() == '%';
    if (percent) number.pop_back();
    try {
        std::size_t used = 0;
        double value = std::stod(number, &used);
        if (used != number.size() || !(value > 0)) throw std::invalid_argument("");
        value = percent ? value / 100 : value;
        if (value >= 1) throw std::invalid_argument("");
        return value;
    } catch (const std::exception&) {
        return InputError{source, "", "bad precision \"" + text + "\"",
                          "give the wanted half-width of the median's confidence interval, like 1% or 0.01"};
    }
}

namespace {

std::optional<InputError> config_error(const std::string& path, const toml::node& node, const std::string& key,
                                       const std::string& message) {
    const auto& src = node.source();
    return InputError{path, "line " + std::to_string(src.begin.line) + ": " + key, message,
                      "docs/configuration.md lists the keys of [run] and [compare] and their values"};
}

std::optional<InputError> apply_run_table(const std::string& path, const toml::table& run, RunOptions& options) {
    for (const auto& entry : run) {
        // Named, not bound: `want` captures the value (clang 14 cannot
        // capture a structured binding).
        std::string key(entry.first.str());
        const toml::node& value = entry.second;
        auto want = [&](const std::string& what) { return config_error(path, value, "run." + key, "expected " + what); };
        if (key == "min_rounds") {
            auto v = value.value<std::int64_t>();
            if (!v || *v < 1) return want("an integer >= 1");
            options.engine.min_rounds = *v;
        } else if (key == "processes") {
            auto v = value.value<std::int64_t>();
            if (!v || *v < 1) return want("an integer >= 1");
            options.processes = static_cast<std::size_t>(*v);
        } else if (key == "max_time") {
            auto v = value.value<double>();
            if (!v || !(*v > 0)) return want("a number of seconds > 0");
            options.engine.max_time_s = *v;
        } else if (key == "warmup") {
            if (auto b = value.value_exact<bool>()) {
                options.engine.warmup_rounds.reset();
                options.engine.warmup_time_s = *b ? 0.1 : 0;
            } else if (auto n = value.value_exact<std::int64_t>(); n && *n >= 0) {
                options.engine.warmup_rounds = *n;
            } else {
                return want("true, false or a number of rounds");
            }
        } else if (key == "precision") {
            std::optional<double> p;
            if (auto s = value.value_exact<std::string>()) {
                auto parsed = parse_precision(*s, path);
                if (!parsed) return want("a precision like \"1%\"");
                p = *parsed;
            } else if (auto d = value.value<double>(); d && *d > 0 && *d < 1) {
                p = *d;
            } else {
                return want("a precision like \"1%\"");
            }
            options.engine.precision = p;
        } else if (key == "columns") {
            const toml::array* list = value.as_array();
            if (!list) return want("a list of column names");
            options.columns.clear();
            // The names are the table's to check; an unknown one is reported at this line.
            options.columns_source = InputError{path, "line " + std::to_string(value.source().begin.line) + ": run.columns",
                                                "", "docs/configuration.md lists the keys of [run] and their values"};
            for (const auto& item : *list) {
                auto s = item.value_exact<std::string>();
                if (!s) return want("a list of column names");
                options.columns.push_back(*s);
            }
        } else if (key == "sort" || key == "storage" || key == "filter" || key == "tags") {
            auto s = value.value_exact<std::string>();
            if (!s) return want("a string");
            if (key == "sort") {
                static const std::vector<std::string> keys = {"name", "min", "max", "mean", "median", "stddev", "ops"};
                if (std::find(keys.begin(), keys.end(), *s) == keys.end())
                    return want("one of name, min, max, mean, median, stddev, ops; found \"" + *s + "\"");
                options.sort = *s;
            } else if (key == "storage") {
                options.storage = *s;
            } else if (key == "filter") {
                try {
                    std::regex check(*s, std::regex::ECMAScript);
                } catch (const std::regex_error& e) {
                    return want("a regular expression; \"" + *s + "\" is not one: " + e.what());
                }
                options.filter = *s;
            } else {
                if (!s->empty())
                    if (auto t = parse_tag_expression(*s); !t)
                        return config_error(path, value, "run.tags", t.error().message);
                options.tags = *s;
            }
        } else if (key == "memory" || key == "autosave") {
            auto b = value.value_exact<bool>();
            if (!b) return want("true or false");
            (key == "memory" ? options.memory : options.autosave) = *b;
        } else {
            return config_error(path, value, "run." + key, "unknown key");
        }
    }
    return std::nullopt;
}

std::optional<InputError> apply_compare_table(const std::string& path, const toml::table& compare,
                                              RunOptions& options) {
    for (const auto& [key_node, value] : compare) {
        std::string key(key_node.str());
        if (key == "fail") {
            const toml::array* list = value.as_array();
            if (!list) return config_error(path, value, "compare.fail", "expected a list of specs like \"mean:20%\"");
            for (const auto& item : *list) {
                auto s = item.value_exact<std::string>();
                if (!s) return config_error(path, item, "compare.fail", "expected a spec string like \"mean:20%\"");
                options.compare_fail.push_back(*s);
            }
        } else if (key == "against") {
            auto s = value.value_exact<std::string>();
            if (!s) return config_error(path, value, "compare.against", "expected a run reference");
            options.compare_default = *s;
        } else {
            return config_error(path, value, "compare." + key, "unknown key (known: against, fail)");
        }
    }
    return std::nullopt;
}

// [counters.NAME] better = "higher" | "lower", one table per user counter.
std::optional<InputError> apply_counters_table(const std::string& path, const toml::table& counters,
                                               std::map<std::string, bool, std::less<>>& directions) {
    auto error = [&](const toml::node& node, const std::string& key, const std::string& message,
                     const std::string& hint) {
        return InputError{path, "line " + std::to_string(node.source().begin.line) + ": " + key, message, hint};
    };
    for (const auto& [key_node, value] : counters) {
        std::string name(key_node.str());
        const std::string key = "counters." + name;
        // Quoted, as a name like "bytes/s" needs to be in TOML.
        const std::string example = "[counters.\"" + name + "\"] better = \"higher\"";
        if (has_fixed_direction(name))
            return error(value, key, "\"" + name + "\" is one of pace's own metrics; its better direction is fixed",
                         "[counters] sets the direction of user counters (a name a benchmark or Google Benchmark "
                         "file gives them), like [counters.hit_ratio] better = \"higher\"");
        const toml::table* table = value.as_table();
        if (!table)
            return error(value, key, "expected a table with better = \"higher\" or \"lower\"", "write " + example);
        bool seen = false;
        for (const auto& [inner_node, inner] : *table) {
            std::string inner_key(inner_node.str());
            if (inner_key != "better")
                return error(inner, key + "." + inner_key, "unknown key (known: better)", "write " + example);
            auto s = inner.value_exact<std::string>();
            if (!s || (*s != "higher" && *s != "lower"))
                return error(inner, key + ".better",
                             "expected \"higher\" or \"lower\"" + (s ? ", found \"" + *s + "\"" : std::string()),
                             "better = \"higher\" when a rising value is an improvement (a rate, a hit ratio), "
                             "\"lower\" when it is a regression");
            directions[name] = *s == "higher";
            seen = true;
        }
        if (!seen) return error(value, key, "no better = \"higher\" or \"lower\"", "write " + example);
    }
    return std::nullopt;
}

Outcome<toml::table> parse_config_file(const std::string& path) {
    try {
        return toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        return InputError{path, "line " + std::to_string(e.source().begin.line), std::string(e.description()),
                          "pace.toml is TOML: see docs/configuration.md"};
    }
}

}  // namespace

Outcome<std::map<std::string, bool, std::less<>>> read_counter_directions(const std::string& path) {
    Outcome<toml::table> root = parse_config_file(path);
    if (!root) return root.error();
    std::map<std::string, bool, std::less<>> directions;
    if (const toml::node* counters = root->get("counters")) {
        const toml::table* table = counters->as_table();
        if (!table) return *config_error(path, *counters, "counters", "expected a table [counters.NAME]");
        if (auto e = apply_counters_table(path, *table, directions)) return *e;
    }
    return directions;
}

std::optional<InputError> apply_config(const std::string& path, RunOptions& options) {
    Outcome<toml::table> parsed = parse_config_file(path);
    if (!parsed) return parsed.error();
    const toml::table& root = *parsed;
    for (const auto& [key_node, value] : root) {
        std::string key(key_node.str());
        if (key == "run") {
            const toml::table* run = value.as_table();
            if (!run) return config_error(path, value, "run", "expected a table [run]");
            if (auto e = apply_run_table(path, *run, options)) return e;
        } else if (key == "compare") {
            const toml::table* compare = value.as_table();
            if (!compare) return config_error(path, value, "compare", "expected a table [compare]");
            if (auto e = apply_compare_table(path, *compare, options)) return e;
        } else if (key == "counters") {
            const toml::table* counters = value.as_table();
            if (!counters) return config_error(path, value, "counters", "expected a table [counters.NAME]");
            if (auto e = apply_counters_table(path, *counters, options.counter_directions)) return e;
        } else if (key == "store") {
            const toml::table* store = value.as_table();
            if (!store) return config_error(path, value, "store", "expected a table [store]");
            for (const auto& [store_key, store_value] : *store) {
                auto url = store_value.value_exact<std::string>();
                if (std::string(store_key.str()) != "url")
                    return config_error(path, store_value, "store." + std::string(store_key.str()),
                                        "unknown key (known: url)");
                if (!url || url->empty())
                    return config_error(path, store_value, "store.url",
                                        "expected a string: postgresql://USER@HOST:PORT/DATABASE or a directory");
                options.store_config = *url;
            }
        } else if (key != "plot" && key != "history") {
            return config_error(path, value, key, "unknown table or key (known: [run], [compare], [counters], [store])");
        }
    }
    options.config_path = path;
    return std::nullopt;
}

namespace {

// CLI11's range checks print the bounds of a double (a 309-digit number), and
// its conversion errors do not say what was expected: the numeric flags are
// read as text and checked here instead.
Outcome<double> parse_seconds(const std::string& text, const char* flag) {
    try {
        std::size_t used = 0;
        double value = std::stod(text, &used);
        if (used == text.size() && std::isfinite(value) && value > 0) return value;
    } catch (const std::exception&) {
        // not a number: reported below
    }
    return InputError{flag, "", "expected a number of seconds > 0, found \"" + text + "\"",
                      std::string("like ") + flag + " 0.5"};
}

Outcome<std::int64_t> parse_count(const std::string& text, const char* flag, std::int64_t minimum,
                                  const std::string& hint) {
    try {
        std::size_t used = 0;
        long long value = std::stoll(text, &used);
        if (used == text.size() && value >= minimum) return static_cast<std::int64_t>(value);
    } catch (const std::exception&) {
        // not a whole number: reported below
    }
    return InputError{flag, "", "expected a whole number >= " + std::to_string(minimum) + ", found \"" + text + "\"",
                      hint};
}

std::string suggestion(const CLI::App& app, const std::string& unknown) {
    std::vector<std::string> names;
    for (const CLI::Option* option : app.get_options())
        for (const std::string& name : option->get_lnames()) names.push_back(name);
    std::string best = closest_option(unknown, names);
    return best.empty() ? "run with --help to see the flags" : "did you mean " + best + "?";
}

}  // namespace

Outcome<RunOptions> parse_run_options(int argc, const char* const* argv, std::optional<int>& exit_code) {
    RunOptions options;
    std::error_code ec;
    std::string config = find_config(fs::current_path(ec).string());
    if (!config.empty()) {
        if (auto e = apply_config(config, options)) return *e;
    }

    CLI::App app{"Runs the benchmarks in this binary, prints a table and saves, compares and gates results.",
                 fs::path(argc > 0 ? argv[0] : "bench").filename().string()};
    app.set_version_flag("--version", std::string("pace ") + PACE_VERSION);
    app.footer("Defaults come from the nearest pace.toml above the working directory ([run] table); flags win.\n"
               "Example: ./my_bench --filter 'sort' --tags 'not slow' --json out.json");
    std::string mode = "time", precision, columns, min_rounds, max_time, processes, shard;
    std::vector<std::string> warmup, compare;
    bool test = false, no_memory = false, trace_children = false;
    app.add_option("--filter", options.filter, "Run only benchmarks whose id matches this regular expression");
    app.add_option("--tags", options.tags,
                   "Run only benchmarks whose tags match: \"cpu and not (slow or io)\"; without it, benchmarks tagged "
                   "slow or integration are skipped; \"all\" runs everything");
    app.add_flag("--list", options.list, "List the selected benchmarks' ids and tags, run nothing");
    app.add_flag("--test", test, "Call each benchmark once, untimed, to check it (for CTest)");
    // The probes --mode selects (--test selects its own), each with what it measures.
    std::vector<std::string> modes;
    std::string mode_help;
    for (const Probe* p : probes()) {
        if (p->help.empty()) continue;
        modes.emplace_back(p->name);
        mode_help += (mode_help.empty() ? "" : " or ") + std::string(p->name) + " (" + std::string(p->help) + ")";
    }
    app.add_option("--mode", mode, mode_help)->check(CLI::IsMember(modes));
    app.add_flag("--no-memory", no_memory, "Skip the untimed memory pass");
    app.add_flag("--trace-children", trace_children,
                 "With --mode instructions: valgrind follows the processes the calls start; their instructions "
                 "per call are child_instructions, apart from the benchmark's own");
    app.add_option("--min-rounds", min_rounds, "Measure at least this many rounds (default 5)");
    app.add_option("--max-time", max_time, "Keep measuring until this many seconds have passed (default 1.0)");
    app.add_option("--processes", processes,
                   "Make the run of N fresh processes, one after another, each measuring every benchmark (default "
                   "1); a comparison tests a change over processes, the unit of noise on a shared machine");
    app.add_option("--shard", shard,
                   "Run part I of N of the selected benchmarks (I/N, like 2/4), balanced by the durations of the last "
                   "saved run, by count without one; pace merge joins the parts into one run")
        ->option_text("I/N");
    app.add_option("--warmup", warmup,
                   "Warm-up before timing: --warmup runs 0.1 s of rounds (the default), --warmup=N runs N rounds, "
                   "--warmup=0 none")
        ->expected(0, 1);
    app.add_option("--precision", precision,
                   "Stop once the median's 95% confidence interval is within ±P (like 1%), or at --max-time");
    app.add_option("--json", options.json_path, "Write the run as JSON (pace's format, read by pytest-benchmark)");
    app.add_option("--csv", options.csv_path, "Write the table's figures as CSV");
    app.add_option("--md", options.md_path, "Write the table as Markdown");
    app.add_option("--junit", options.junit_path,
                   "Write a JUnit XML report (one test case per benchmark) for a CI system's test view");
    app.add_option("--columns", columns,
                   "Comma-separated columns: min,max,mean,stddev,median,iqr,outliers,ops,rounds,iterations,"
                   "precision,peak,allocated,allocations,leaked,instructions,hw_instructions,cycles,cache_misses");
    app.add_option("--sort", options.sort, "Order rows by name, min, max, mean, median, stddev or ops")
        ->check(CLI::IsMember({"name", "min", "max", "mean", "median", "stddev", "ops"}));
    app.add_option("--save", options.save_name, "Save the run in storage under this name");
    app.add_flag("--autosave", options.autosave, "Save the run in storage");
    app.add_option("--storage", options.storage, "The storage directory (default .pace)");
    app.add_option("--store", options.store,
                   "Save and compare in this store instead: postgresql://USER@HOST:PORT/DATABASE (or a directory); "
                   "also PACE_STORE, pace.toml's [store] url")
        ->option_text("URL");
    app.add_option("--compare", compare, "Compare with a saved run (default: the latest of this machine)")
        ->expected(0, 1);
    app.add_option("--compare-fail", options.compare_fail,
                   "Fail (exit 1) on a regression past SPEC against the compared run, like mean:20% (repeatable)");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::cout << app.help();
        exit_code = 0;
        return options;
    } catch (const CLI::CallForVersion&) {
        std::cout << app.version() << "\n";
        exit_code = 0;
        return options;
    } catch (const CLI::ExtrasError& e) {
        std::string first = app.remaining().empty() ? std::string() : app.remaining().front();
        return InputError{"", "", "unknown argument \"" + first + "\"", suggestion(app, first)};
    } catch (const CLI::ParseError& e) {
        return InputError{"", "", e.what(), "run with --help to see the flags"};
    }

    options.mode = test ? Mode::test : Mode(find_probe(mode)->name);
    if (no_memory) options.memory = false;
    if (trace_children && options.mode != Mode::instructions)
        return InputError{"--trace-children", "", "works in instruction mode only",
                          "add --mode instructions (valgrind counts the children's instructions)"};
    if (app.count("--min-rounds")) {
        auto n = parse_count(min_rounds, "--min-rounds", 1, "like --min-rounds 10");
        if (!n) return n.error();
        options.engine.min_rounds = *n;
    }
    if (app.count("--max-time")) {
        auto s = parse_seconds(max_time, "--max-time");
        if (!s) return s.error();
        options.engine.max_time_s = *s;
    }
    if (app.count("--processes")) {
        auto n = parse_count(processes, "--processes", 1, "like --processes 5 (a comparison can test 5 against 5)");
        if (!n) return n.error();
        options.processes = static_cast<std::size_t>(*n);
    }
    if (app.count("--shard")) {
        auto s = parse_shard(shard, "--shard");
        if (!s) return s.error();
        options.shard = *s;
    }
    if (app.count("--warmup")) {
        // A bare --warmup reaches here as one empty value.
        if (warmup.empty() || warmup.front().empty()) {
            options.engine.warmup_rounds.reset();
            options.engine.warmup_time_s = 0.1;
        } else {
            auto n = parse_count(warmup.front(), "--warmup", 0,
                                 "--warmup alone warms up for 0.1 s, --warmup=N runs N rounds, --warmup=0 none");
            if (!n) return n.error();
            options.engine.warmup_rounds = *n;
        }
    }
    if (app.count("--save") && options.save_name.empty())
        return InputError{"--save", "", "empty run name", "give a name, like --save baseline, or use --autosave"};
    if (!precision.empty()) {
        auto p = parse_precision(precision, "--precision");
        if (!p) return p.error();
        options.engine.precision = *p;
    }
    if (!columns.empty()) {
        options.columns.clear();
        options.columns_source.reset();
        std::string item;
        for (char c : columns + ",") {
            if (c == ',') {
                if (!item.empty()) options.columns.push_back(item);
                item.clear();
            } else if (c != ' ') {
                item += c;
            }
        }
    }
    options.storage_flag = app.count("--storage") > 0;
    if (app.count("--store") && options.store.empty())
        return InputError{"--store", "", "empty store", "give postgresql://USER@HOST:PORT/DATABASE or a directory"};
    if (app.count("--compare")) options.compare = compare.empty() ? options.compare_default : compare.front();
    // pace.toml's [compare] fail gates a comparison asked for, as pytest-benchmark's
    // --benchmark-compare-fail does; it does not make every run compare.
    if (!app.count("--compare-fail") && !options.compare) options.compare_fail.clear();

    // The table, --compare and --compare-fail read a counter's direction
    // through higher_is_worse(): installed before any of them runs.
    set_counter_directions(options.counter_directions);

    bool tty = isatty(STDOUT_FILENO) != 0;
    options.stdout_terminal = tty;
    const char* no_color = std::getenv("NO_COLOR");
    options.color = tty && !(no_color && *no_color);
    options.progress = isatty(STDERR_FILENO) != 0;
    return options;
}

}  // namespace pace::measure
