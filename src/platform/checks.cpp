// SPDX-License-Identifier: Apache-2.0
#include "platform/checks.hpp"

#include <algorithm>   // std::sort
#include <charconv>    // std::from_chars: numbers in /proc text
#include <chrono>      // the busy-process window
#include <filesystem>  // /proc/<pid> directories
#include <fstream>     // reading /proc and /sys files
#include <map>         // CPU ticks by pid
#include <sstream>     // whole files
#include <thread>      // std::this_thread::sleep_for

#include <fmt/format.h>  // values and advice

#include <unistd.h>  // getpid, sysconf(_SC_CLK_TCK)

namespace pace::platform {

std::string_view to_string(CheckLevel level) {
    switch (level) {
        case CheckLevel::ok: return "ok";
        case CheckLevel::warn: return "warn";
        case CheckLevel::info: return "info";
    }
    return "info";
}

namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::optional<double> leading_number(std::string_view s) {
    s = trim(s);
    double value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end == s.data()) return std::nullopt;
    return value;
}

// The whole file, or empty when it cannot be read (absent on this kernel,
// or not readable): a missing file is a finding, not an error.
std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Calls `visit(line)` for each line of `text` (without its '\n') until it
// returns true; returns whether one did.
template <typename Visit>
bool any_line(std::string_view text, Visit visit) {
    std::size_t at = 0;
    while (at < text.size()) {
        std::size_t end = text.find('\n', at);
        std::string_view line = text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
        at = end == std::string_view::npos ? text.size() : end + 1;
        if (visit(line)) return true;
    }
    return false;
}

}  // namespace

std::string first_line(std::string_view text) {
    return std::string(trim(text.substr(0, text.find('\n'))));
}

std::optional<double> parse_loadavg(std::string_view text) { return leading_number(text); }

std::optional<std::int64_t> parse_meminfo(std::string_view text, std::string_view key) {
    std::optional<std::int64_t> found;
    any_line(text, [&](std::string_view line) {
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || line.substr(0, colon) != key) return false;
        std::string_view rest = trim(line.substr(colon + 1));
        std::int64_t value = 0;
        auto [p, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
        if (ec != std::errc()) return true;
        // The kernel's "kB" is KiB.
        bool kib = trim(std::string_view(p, static_cast<std::size_t>(rest.data() + rest.size() - p))) == "kB";
        found = kib ? value * 1024 : value;
        return true;
    });
    return found;
}

bool cpuinfo_has_hypervisor(std::string_view text) {
    return any_line(text, [](std::string_view line) {
        if (line.substr(0, 5) != "flags") return false;
        std::size_t colon = line.find(':');
        std::string padded = " " + std::string(line.substr(colon == std::string_view::npos ? 0 : colon + 1)) + " ";
        return padded.find(" hypervisor ") != std::string::npos;
    });
}

int count_processors(std::string_view text) {
    int count = 0;
    any_line(text, [&](std::string_view line) {
        std::size_t colon = line.find(':');
        if (colon != std::string_view::npos && trim(line.substr(0, colon)) == "processor") ++count;
        return false;
    });
    return count;
}

std::string selected_choice(std::string_view text) {
    std::size_t open = text.find('['), close = text.find(']');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) return first_line(text);
    return std::string(text.substr(open + 1, close - open - 1));
}

std::optional<ProcessTime> parse_proc_stat(std::string_view text) {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    std::size_t open = text.find('('), close = text.rfind(')');
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) return std::nullopt;
    ProcessTime out;
    out.name = std::string(text.substr(open + 1, close - open - 1));
    std::string_view rest = text.substr(close + 1);
    std::vector<std::string_view> fields;
    std::size_t at = 0;
    while (at < rest.size()) {
        while (at < rest.size() && rest[at] == ' ') ++at;
        std::size_t end = rest.find(' ', at);
        if (end == std::string_view::npos) end = rest.size();
        if (end > at) fields.push_back(rest.substr(at, end - at));
        at = end;
    }
    // After the name: state is field 0, utime field 11, stime field 12.
    if (fields.size() < 13) return std::nullopt;
    std::int64_t utime = 0, stime = 0;
    if (std::from_chars(fields[11].data(), fields[11].data() + fields[11].size(), utime).ec != std::errc() ||
        std::from_chars(fields[12].data(), fields[12].data() + fields[12].size(), stime).ec != std::errc())
        return std::nullopt;
    out.ticks = utime + stime;
    return out;
}

std::vector<Check> file_checks(const std::string& root, int cores) {
    std::vector<Check> checks;
    auto file = [&](const std::string& path) { return read_file(root + path); };

    // Frequency scaling: a governor other than performance changes the clock
    // under a benchmark as its load changes.
    if (auto g = file("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor")) {
        std::string governor = first_line(*g);
        checks.push_back({"governor", governor == "performance" ? CheckLevel::ok : CheckLevel::warn, governor,
                          governor == "performance" ? ""
                                                    : "set the performance governor: sudo cpupower frequency-set -g performance"});
    } else {
        checks.push_back({"governor", CheckLevel::info, "not exposed",
                          "no cpufreq in /sys (a virtual machine or a container): the host decides the frequency"});
    }

    // Turbo: the frequency then depends on temperature and on what the other
    // cores do, so the same code runs at different speeds minutes apart.
    std::optional<bool> turbo;
    if (auto t = file("/sys/devices/system/cpu/intel_pstate/no_turbo")) turbo = first_line(*t) == "0";
    else if (auto b = file("/sys/devices/system/cpu/cpufreq/boost")) turbo = first_line(*b) == "1";
    if (turbo)
        checks.push_back({"turbo", *turbo ? CheckLevel::warn : CheckLevel::ok, *turbo ? "on" : "off",
                          *turbo ? "turn turbo off for stable clocks: echo 1 | sudo tee /sys/devices/system/cpu/intel_pstate/no_turbo"
                                 : ""});
    else
        checks.push_back({"turbo", CheckLevel::info, "not exposed", ""});

    // SMT: a sibling thread shares the core's execution units and caches.
    if (auto s = file("/sys/devices/system/cpu/smt/active")) {
        const bool on = first_line(*s) == "1";
        checks.push_back({"smt", on ? CheckLevel::warn : CheckLevel::ok, on ? "on" : "off",
                          on ? "pin the benchmark to one thread of a core (taskset), or turn SMT off" : ""});
    } else {
        checks.push_back({"smt", CheckLevel::info, "not exposed", ""});
    }

    // Load: other runnable work takes turns with the benchmark on the cores.
    if (cores <= 0)
        if (auto c = file("/proc/cpuinfo")) cores = count_processors(*c);
    if (auto l = file("/proc/loadavg"); l && parse_loadavg(*l)) {
        const double load = *parse_loadavg(*l);
        const bool busy = cores > 0 && load > 0.5 * cores;
        checks.push_back({"load", busy ? CheckLevel::warn : CheckLevel::ok, fmt::format("{:.2f} on {} core{}", load, cores, cores == 1 ? "" : "s"),
                          busy ? "other work shares the cores: compare builds with pace ab (paired, interleaved) or in instruction mode"
                               : ""});
    }

    // Virtualisation: steal time and a host's neighbours are invisible from inside.
    if (auto c = file("/proc/cpuinfo")) {
        const bool virtual_machine = cpuinfo_has_hypervisor(*c);
        std::string vendor = first_line(file("/sys/class/dmi/id/sys_vendor").value_or(""));
        checks.push_back({"virtualization", virtual_machine ? CheckLevel::warn : CheckLevel::ok,
                          virtual_machine ? (vendor.empty() ? "virtual machine" : "virtual machine (" + vendor + ")") : "none",
                          virtual_machine ? "a host's other guests take turns on its cores unseen: prefer instruction mode for gates"
                                          : ""});
    }

    // ASLR: each process gets another layout, so processes differ by a few
    // percent; a verdict must then be over several processes.
    if (auto a = file("/proc/sys/kernel/randomize_va_space")) {
        std::string v = first_line(*a);
        const bool on = v != "0";
        checks.push_back({"aslr", on ? CheckLevel::info : CheckLevel::ok, on ? "on (" + v + ")" : "off",
                          on ? "layouts differ per process: compare over several processes (--processes N, pace ab)" : ""});
    }

    // Memory: too little free memory means paging or reclaim during a run.
    if (auto m = file("/proc/meminfo")) {
        auto total = parse_meminfo(*m, "MemTotal");
        auto available = parse_meminfo(*m, "MemAvailable");
        if (total && available) {
            const bool low = *available < *total / 10 || *available < (512LL << 20);
            checks.push_back({"memory", low ? CheckLevel::warn : CheckLevel::ok,
                              fmt::format("{:.1f} GiB available of {:.1f} GiB", static_cast<double>(*available) / (1LL << 30),
                                          static_cast<double>(*total) / (1LL << 30)),
                              low ? "free memory before measuring: reclaim and paging show up as slow rounds" : ""});
        }
    }
    if (auto h = file("/sys/kernel/mm/transparent_hugepage/enabled")) {
        std::string mode = selected_choice(*h);
        checks.push_back({"huge_pages", mode == "always" ? CheckLevel::info : CheckLevel::ok, mode,
                          mode == "always" ? "transparent huge pages come and go with memory pressure: large buffers may time differently run to run"
                                           : ""});
    }
    return checks;
}

std::vector<std::string> busy_processes(const std::string& root, int window_ms) {
    namespace fs = std::filesystem;
    auto sample = [&] {
        std::map<long, ProcessTime> ticks;
        std::error_code ec;
        for (const auto& entry : fs::directory_iterator(root + "/proc", ec)) {
            const std::string name = entry.path().filename().string();
            if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
            if (auto text = read_file(entry.path().string() + "/stat"))
                if (auto t = parse_proc_stat(*text)) ticks[std::stol(name)] = *t;
        }
        return ticks;
    };
    const auto before = sample();
    std::this_thread::sleep_for(std::chrono::milliseconds(window_ms));
    const auto after = sample();
    const double ticks_per_s = static_cast<double>(sysconf(_SC_CLK_TCK));
    const long self = static_cast<long>(getpid());
    std::vector<std::pair<double, std::string>> busy;
    for (const auto& [pid, t] : after) {
        auto it = before.find(pid);
        if (pid == self || it == before.end()) continue;
        const double share = static_cast<double>(t.ticks - it->second.ticks) / ticks_per_s / (window_ms / 1000.0);
        if (share > 0.10) busy.emplace_back(share, fmt::format("{} ({}) {:.0f}%", t.name, pid, share * 100));
    }
    std::sort(busy.begin(), busy.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::string> out;
    for (auto& [share, text] : busy) out.push_back(std::move(text));
    return out;
}

Json checks_to_json(const std::vector<Check>& checks) {
    Json out = Json::object();
    for (const Check& c : checks) {
        Json j = {{"level", std::string(to_string(c.level))}, {"value", c.value}};
        if (!c.advice.empty()) j["advice"] = c.advice;
        out[c.name] = std::move(j);
    }
    return out;
}

}  // namespace pace::platform
