// SPDX-License-Identifier: Apache-2.0
// What on this machine makes timings untrustworthy: frequency scaling, turbo,
// SMT siblings, load and busy processes, virtualisation, address-space
// randomisation, memory. Each check reads /proc and /sys text under a root
// directory ("/" on a live machine, a fixed tree in tests) through parsers
// that take the text, so each parser is tested on fixed input.
#pragma once

#include <cstdint>      // std::int64_t
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include "model/run.hpp"  // Json

namespace pace::platform {

/// How a check came out.
enum class CheckLevel { ok, warn, info };

/// "ok", "warn", "info".
std::string_view to_string(CheckLevel level);

/// One finding about the machine: `governor: powersave` with what to do.
struct Check {
    std::string name;    ///< "governor", "turbo", "smt", "load", "virtualization", "aslr", "memory", ...
    CheckLevel level = CheckLevel::ok;
    std::string value;   ///< what was found: "performance", "on", "2.10 on 2 cores"
    std::string advice;  ///< what to do when it is not ok, "" when nothing
};

// ---- parsers of /proc and /sys text (pure) ---------------------------------

/// The first line of a sysfs file, trimmed: "performance\n" → "performance".
std::string first_line(std::string_view text);

/// /proc/loadavg: the 1-minute load average ("0.52 0.58 0.59 1/123 4567" → 0.52).
std::optional<double> parse_loadavg(std::string_view text);

/// /proc/meminfo's value of `key` in bytes ("MemAvailable:  123 kB" → 125952).
std::optional<std::int64_t> parse_meminfo(std::string_view text, std::string_view key);

/// /proc/cpuinfo: true when any "flags" line holds the `hypervisor` flag.
bool cpuinfo_has_hypervisor(std::string_view text);

/// /proc/cpuinfo: how many "processor" entries it lists.
int count_processors(std::string_view text);

/// The selected value of a sysfs choice list: "always [madvise] never" → "madvise".
std::string selected_choice(std::string_view text);

/// A process's name and CPU time from /proc/<pid>/stat, in clock ticks
/// (utime + stime); empty when the text is not a stat line. The name may
/// hold spaces and parentheses: it runs to the last ')'.
struct ProcessTime {
    std::string name;
    std::int64_t ticks = 0;
};
std::optional<ProcessTime> parse_proc_stat(std::string_view text);

// ---- the checks --------------------------------------------------------------

/// The checks that only read files under `root`: governor, turbo, smt,
/// load (against `cores`; 0 counts the processors of the root's cpuinfo), virtualization, aslr, memory, transparent huge pages.
/// Quick (no sampling): benchmark binaries run them on every run.
std::vector<Check> file_checks(const std::string& root, int cores);

/// The processes other than this one that used more than 10% of a CPU over
/// `window_ms`, busiest first, as `name (pid) 95%`, from /proc under `root`.
std::vector<std::string> busy_processes(const std::string& root, int window_ms);

/// The checks as machine info keeps them: {"governor": {"level": "warn",
/// "value": "powersave", "advice": "..."}, ...}.
Json checks_to_json(const std::vector<Check>& checks);

}  // namespace pace::platform
