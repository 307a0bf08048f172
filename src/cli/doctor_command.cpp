// SPDX-License-Identifier: Apache-2.0
#include "cli/doctor_command.hpp"

#include <algorithm>  // std::sort, std::max
#include <cmath>      // std::sqrt, std::ceil
#include <cstdint>    // std::uint64_t
#include <cstdio>     // popen: the workload processes and valgrind --version
#include <cstdlib>    // std::getenv
#include <filesystem> // the root's /proc
#include <numeric>    // std::accumulate: the mean of the process medians
#include <vector>     // std::vector

#include <fmt/format.h>  // the report

#include <time.h>    // clock_getres: the clock's resolution
#include <unistd.h>  // readlink: this executable, to start the workload processes

#include "cli/command.hpp"  // the command registers itself
#include "cli/console.hpp"
#include "counters/instruction_counter.hpp"  // hardware_counters_available
#include "measure/workloads.hpp"              // the standard workloads
#include "pace/optimizer.hpp"                // do_not_optimize
#include "platform/checks.hpp"
#include "platform/environment.hpp"  // the core count
#include "stats/descriptive.hpp"      // sample_stddev: the spread of process medians

namespace pace::cli {

namespace {

// ---- the standard workloads, one per process ----------------------------------

using measure::WorkloadCall;

// The standard workloads the noise floor runs (measure/workloads.hpp, the
// same code as `pace workloads`).
std::vector<measure::Workload> noise_floor_workloads() {
    std::vector<measure::Workload> out;
    for (const measure::Workload& w : measure::standard_workloads())
        if (w.noise_floor) out.push_back(w);
    return out;
}
const std::vector<measure::Workload> workloads = noise_floor_workloads();

// One process's figure: the median of 0.1 s of rounds of ~1 ms each, in
// nanoseconds per call.
double run_workload(WorkloadCall call) {
    using clock = std::chrono::steady_clock;
    std::uint64_t sink = 1;
    std::int64_t iterations = 1;
    for (;;) {  // calibrate: a round of about a millisecond
        auto start = clock::now();
        for (std::int64_t i = 0; i < iterations; ++i) sink += call(sink);
        if (clock::now() - start > std::chrono::microseconds(1000) || iterations > (1LL << 30)) break;
        iterations *= 2;
    }
    std::vector<double> samples;
    const auto end = clock::now() + std::chrono::milliseconds(100);
    while (clock::now() < end || samples.size() < 5) {
        auto start = clock::now();
        for (std::int64_t i = 0; i < iterations; ++i) sink += call(sink);
        samples.push_back(std::chrono::duration<double, std::nano>(clock::now() - start).count() /
                          static_cast<double>(iterations));
    }
    do_not_optimize(sink);
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}

std::string this_executable() {
    char path[4096];
    ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
    if (n <= 0) return {};
    return std::string(path, static_cast<std::size_t>(n));
}

// The first line a command prints, or empty when it cannot run.
std::string first_output_line(const std::string& command) {
    FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
    if (!pipe) return {};
    char line[512] = {0};
    std::string out = std::fgets(line, sizeof(line), pipe) ? std::string(line) : std::string();
    if (pclose(pipe) != 0) return {};
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

// ---- what cannot be read from files ----------------------------------------------

std::vector<platform::Check> live_checks() {
    std::vector<platform::Check> checks;
    timespec res{};
    clock_getres(CLOCK_MONOTONIC, &res);
    const double resolution_ns = static_cast<double>(res.tv_sec) * 1e9 + static_cast<double>(res.tv_nsec);
    constexpr int reads = 200'000;
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < reads; ++i) do_not_optimize(std::chrono::steady_clock::now());
    const double cost_ns =
        std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count() / reads;
    // A clock read costing more than ~100 ns is a clock the kernel does not
    // serve from user space (no vDSO TSC): rounds must be longer to hide it.
    const bool slow = cost_ns > 100 || resolution_ns > 1000;
    checks.push_back({"clock", slow ? platform::CheckLevel::warn : platform::CheckLevel::ok,
                      fmt::format("resolution {:.0f} ns, {:.1f} ns a read", resolution_ns, cost_ns),
                      slow ? "the clock is slow to read (no TSC in user space): keep rounds at 10 ms or more" : ""});
    std::string why;
    const bool counters = counters::hardware_counters_available(why);
    checks.push_back({"hardware_counters", counters ? platform::CheckLevel::ok : platform::CheckLevel::info,
                      counters ? "available" : "unavailable: " + why,
                      counters ? "" : "cycles and cache misses are not counted; instruction mode (valgrind) still works"});
    const char* valgrind_env = std::getenv("PACE_VALGRIND");
    std::string version = first_output_line(std::string(valgrind_env && *valgrind_env ? valgrind_env : "valgrind") +
                                            " --version");
    checks.push_back({"valgrind", version.empty() ? platform::CheckLevel::warn : platform::CheckLevel::ok,
                      version.empty() ? "not found" : version,
                      version.empty() ? "install valgrind (Debian: apt-get install valgrind) for --mode instructions, "
                                        "the gate that machine noise cannot move"
                                      : ""});
    return checks;
}

std::string level_mark(platform::CheckLevel level) {
    return level == platform::CheckLevel::ok ? "ok  " : level == platform::CheckLevel::warn ? "WARN" : "info";
}

}  // namespace

CLI::App* add_doctor_command(CLI::App& app, DoctorArgs& args) {
    CLI::App* cmd = app.add_subcommand(
        "doctor", "Check this machine for what spoils measurements, and measure its noise floor");
    cmd->add_option("--root", args.root, "Read /proc and /sys under DIR instead of / (for tests); implies --no-measure")
        ->option_text("DIR");
    cmd->add_flag("!--no-measure", args.measure, "Skip the noise-floor measurement (about 2 s)");
    cmd->add_option("--processes", args.processes, "Fresh processes per workload for the noise floor (default 5)")
        ->option_text("N")
        ->check(CLI::Range(3, 50));
    cmd->add_option("--json", args.json, "Write the findings as JSON to FILE")->option_text("FILE");
    cmd->add_option("--workload", args.workload)->group("");  // the worker side of the noise floor
    cmd->footer("Example:\n  pace doctor --json doctor.json\n\n"
                "Each check says ok, WARN (it spoils timings; the advice says what to do) or info.\n"
                "The noise floor runs three small workloads in fresh processes and reports how much\n"
                "their medians differ between processes: the smallest change a gate can trust here.");
    return cmd;
}

int run_doctor(const DoctorArgs& args) {
    if (!args.workload.empty()) {
        for (const measure::Workload& w : workloads)
            if (args.workload == w.name) {
                std::printf("%.6f\n", run_workload(w.call));
                return 0;
            }
        print_error({"", "--workload", "unknown workload '" + args.workload + "'", "the workloads are cpu, memory and tiny"});
        return exit_usage;
    }
    const bool live = args.root == "/";
    std::error_code ec;
    if (!std::filesystem::is_directory(args.root + "/proc", ec)) {
        print_error({"", "--root", "no proc directory under '" + args.root + "'",
                     "--root names a directory holding proc/ and sys/ as the kernel shows them"});
        return exit_usage;
    }
    const int cores = live ? platform::current_machine(true, false).cores : 0;
    std::vector<platform::Check> checks = platform::file_checks(args.root, cores);
    if (live) {
        std::vector<std::string> busy = platform::busy_processes(args.root, 300);
        std::string list;
        for (std::size_t i = 0; i < busy.size() && i < 5; ++i) list += (i ? ", " : "") + busy[i];
        checks.push_back({"busy_processes", busy.empty() ? platform::CheckLevel::ok : platform::CheckLevel::warn,
                          busy.empty() ? "none above 10% of a CPU" : list,
                          busy.empty() ? "" : "stop them, or compare builds with pace ab, which interleaves the two"});
        for (platform::Check& c : live_checks()) checks.push_back(std::move(c));
    }
    std::string out = "pace doctor: what on this machine spoils measurements\n\n";
    std::size_t width = 0;
    for (const platform::Check& c : checks) width = std::max(width, c.name.size());
    int warnings = 0;
    for (const platform::Check& c : checks) {
        out += fmt::format("  {}  {:<{}}  {}\n", level_mark(c.level), c.name, width, c.value);
        if (!c.advice.empty()) out += fmt::format("        {:<{}}  → {}\n", "", width, c.advice);
        warnings += c.level == platform::CheckLevel::warn;
    }
    Json doc = {{"checks", platform::checks_to_json(checks)}};

    if (live && args.measure) {
        const std::string self = this_executable();
        out += fmt::format("\nnoise floor: each workload's median in {} fresh processes, taking turns\n\n", args.processes);
        std::vector<std::vector<double>> medians(std::size(workloads));
        for (int p = 0; p < args.processes; ++p)
            for (std::size_t w = 0; w < std::size(workloads); ++w) {
                std::string line = first_output_line("'" + self + "' doctor --workload " + workloads[w].name);
                if (!line.empty()) medians[w].push_back(std::strtod(line.c_str(), nullptr));
            }
        double worst = 0;
        Json noise = Json::object();
        for (std::size_t w = 0; w < std::size(workloads); ++w) {
            const auto& m = medians[w];
            if (m.size() < 2) continue;
            const double mean = std::accumulate(m.begin(), m.end(), 0.0) / static_cast<double>(m.size());
            const double cv = stats::sample_stddev(m, mean) / mean;
            // A change between two builds measured over P processes a side is
            // seen at 95% confidence with 80% power once it exceeds
            // (1.96 + 0.84) · cv · sqrt(2 / P): the process, not the round, is the unit.
            const double trusted = 2.8 * cv * std::sqrt(2.0 / args.processes);
            worst = std::max(worst, trusted);
            const auto [lo, hi] = std::minmax_element(m.begin(), m.end());
            out += fmt::format("  {:<7} {:>9.1f} ns a call  spread {:>5.1f}%  (min {:.1f}, max {:.1f})  trusted change {:>5.1f}%  {}\n",
                               workloads[w].name, mean, cv * 100, *lo, *hi, trusted * 100, workloads[w].what);
            noise[workloads[w].name] = {{"mean_ns", mean}, {"process_cv", cv}, {"trusted_change", trusted},
                                        {"process_medians_ns", m}};
        }
        const double threshold = std::ceil(std::max(worst, 0.01) * 100);
        out += fmt::format("\n  smallest wall-time change a gate can trust here ({} processes a side), for the noisiest workload: {:.1f}%\n"
                           "  (code like a quieter workload can trust its own figure above)\n",
                           args.processes, worst * 100);
        if (threshold > 10) {
            out += "  → the noise is too high for wall-time gates: gate in instruction mode "
                   "(--mode instructions --compare-fail instructions:1%)\n";
        } else {
            out += fmt::format("  → gate with --processes {} --compare-fail median:{:.0f}%, or pace ab for smaller changes\n",
                               args.processes, threshold);
        }
        doc["noise"] = noise;
        doc["trusted_change"] = worst;
        doc["suggested_threshold"] = threshold / 100;
    }
    out += fmt::format("\n{} warning{}\n", warnings, warnings == 1 ? "" : "s");
    std::fputs(out.c_str(), stdout);
    if (!args.json.empty())
        if (auto error = write_file_atomically(args.json, doc.dump(2) + "\n", "--json")) {
            print_error(*error);
            return exit_usage;
        }
    return 0;
}

const RegisterCommand registered{make_command<DoctorArgs>("doctor", 70, add_doctor_command, run_doctor)};

}  // namespace pace::cli
