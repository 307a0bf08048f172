// SPDX-License-Identifier: Apache-2.0
// Whether the kernel counts hardware instructions for this process.
#include <linux/perf_event.h>  // perf_event_attr, PERF_COUNT_HW_*
#include <sys/syscall.h>       // SYS_perf_event_open: glibc has no wrapper
#include <sys/ioctl.h>         // PERF_EVENT_IOC_* on the counters
#include <unistd.h>            // syscall, close, read

#include <cerrno>   // errno values the kernel gives for each refusal
#include <cstring>  // std::strerror
#include <fstream>  // /proc/sys/kernel/perf_event_paranoid
#include <optional>  // a counter that cannot be read

#include "counters/instruction_counter.hpp"

namespace pace::counters {

namespace {

struct Probe {
    bool available = false;
    std::string why;
};

std::string paranoid_level() {
    std::ifstream in("/proc/sys/kernel/perf_event_paranoid");
    std::string level;
    in >> level;
    return level.empty() ? "unknown" : level;
}

// Opens a user-space-only counter of `config` for this process, disabled. User
// space only because perf_event_paranoid 2 (a common default) refuses kernel
// counting to unprivileged users, and the measured calls are user code.
int open_counter(std::uint64_t config, int group = -1) {
    perf_event_attr attr{};
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_HARDWARE;
    attr.config = config;
    if (group < 0) attr.disabled = 1;  // the others start and stop with their group's leader
    attr.exclude_kernel = 1;
    attr.exclude_hv = 1;
    return static_cast<int>(::syscall(SYS_perf_event_open, &attr, 0, -1, group, 0));
}

std::optional<std::uint64_t> read_counter(int fd) {
    std::uint64_t value = 0;
    if (fd < 0 || ::read(fd, &value, sizeof value) != static_cast<ssize_t>(sizeof value)) return std::nullopt;
    return value;
}

std::string reason(int error) {
    std::string text = std::string(std::strerror(error)) + ": ";
    switch (error) {
        case ENOENT:
        case EOPNOTSUPP:
            return text + "this CPU or virtual machine exposes no hardware instruction counter to the kernel";
        case EACCES:
        case EPERM:
            return text + "the kernel refuses perf events here (kernel.perf_event_paranoid = " + paranoid_level() +
                   "; a container's seccomp profile can refuse them too)";
        case ENOSYS:
            return text + "the kernel has no perf events (or a seccomp filter hides the system call)";
        default:
            return text + "perf_event_open failed";
    }
}

Probe probe() {
    Probe p;
    for (std::uint64_t config : {std::uint64_t{PERF_COUNT_HW_INSTRUCTIONS}, std::uint64_t{PERF_COUNT_HW_CPU_CYCLES}}) {
        int fd = open_counter(config);
        if (fd < 0) {
            p.why = "perf_event_open(" +
                    std::string(config == PERF_COUNT_HW_INSTRUCTIONS ? "instructions" : "cycles") +
                    "): " + reason(errno);
            return p;
        }
        ::close(fd);
    }
    p.available = true;
    return p;
}

}  // namespace

bool hardware_counters_available(std::string& why) {
    static const Probe result = probe();  // thread-safe once: a static's initialisation
    why = result.why;
    return result.available;
}

std::optional<HardwareCounts> count_hardware_per_call(const std::function<std::int64_t(std::int64_t)>& round,
                                                      std::int64_t iterations) {
    std::string why;
    if (!hardware_counters_available(why) || iterations < 1) return std::nullopt;
    // One group, so the three counts cover exactly the same calls.
    const int leader = open_counter(PERF_COUNT_HW_INSTRUCTIONS);
    if (leader < 0) return std::nullopt;
    const int cycles = open_counter(PERF_COUNT_HW_CPU_CYCLES, leader);
    const int misses = open_counter(PERF_COUNT_HW_CACHE_MISSES, leader);
    ::ioctl(leader, PERF_EVENT_IOC_RESET, PERF_IOC_FLAG_GROUP);
    ::ioctl(leader, PERF_EVENT_IOC_ENABLE, PERF_IOC_FLAG_GROUP);
    round(iterations);
    ::ioctl(leader, PERF_EVENT_IOC_DISABLE, PERF_IOC_FLAG_GROUP);
    const auto instructions = read_counter(leader), cycle_count = read_counter(cycles), miss_count = read_counter(misses);
    for (int fd : {leader, cycles, misses})
        if (fd >= 0) ::close(fd);
    if (!instructions || !cycle_count) return std::nullopt;
    const auto calls = static_cast<double>(iterations);
    HardwareCounts counts;
    counts.instructions = static_cast<double>(*instructions) / calls;
    counts.cycles = static_cast<double>(*cycle_count) / calls;
    if (miss_count) counts.cache_misses = static_cast<double>(*miss_count) / calls;
    return counts;
}

}  // namespace pace::counters
