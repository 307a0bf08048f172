// SPDX-License-Identifier: Apache-2.0
// CPUInfo and SystemInfo: the machine as Google Benchmark describes it, read
// from Linux's sysfs and procfs (what is missing stays unknown or zero).
#include <cstdlib>     // getloadavg
#include <filesystem>  // the cache directories
#include <fstream>     // sysfs files
#include <string>      // their text
#include <thread>      // std::thread::hardware_concurrency
#include <unistd.h>    // gethostname

#include "gbench/gbench.hpp"

namespace benchmark {

namespace {

std::string read_line(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

// "32K" or "1024K" or "8M" in sysfs; bytes.
int parse_size(const std::string& text) {
    if (text.empty()) return 0;
    long value = std::strtol(text.c_str(), nullptr, 10);
    switch (text.back()) {
        case 'K': value *= 1024; break;
        case 'M': value *= 1024 * 1024; break;
        default: break;
    }
    return static_cast<int>(value);
}

// The CPUs a cache is shared by: the bits of its shared_cpu_map.
int count_sharing(const std::string& map) {
    int n = 0;
    for (char c : map) {
        if (c == ',') continue;
        int v = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : 0;
        for (; v; v &= v - 1) ++n;
    }
    return n;
}

}  // namespace

CPUInfo::CPUInfo()
    : num_cpus(static_cast<int>(std::thread::hardware_concurrency())), scaling(UNKNOWN), cycles_per_second(1) {
    const std::string cpu0 = "/sys/devices/system/cpu/cpu0/";
    // Google Benchmark's own test: a governor other than "performance" scales.
    const std::string governor = read_line(cpu0 + "cpufreq/scaling_governor");
    if (!governor.empty()) scaling = governor == "performance" ? DISABLED : ENABLED;
    if (const std::string khz = read_line(cpu0 + "cpufreq/cpuinfo_max_freq"); !khz.empty()) {
        cycles_per_second = std::strtod(khz.c_str(), nullptr) * 1e3;
    } else {
        std::ifstream cpuinfo("/proc/cpuinfo");
        for (std::string line; std::getline(cpuinfo, line);)
            if (line.rfind("cpu MHz", 0) == 0) {
                if (auto colon = line.find(':'); colon != std::string::npos)
                    cycles_per_second = std::strtod(line.c_str() + colon + 1, nullptr) * 1e6;
                break;
            }
    }
    std::error_code ec;
    for (int index = 0;; ++index) {
        const std::string dir = cpu0 + "cache/index" + std::to_string(index) + "/";
        if (!std::filesystem::exists(dir, ec)) break;
        CacheInfo cache;
        cache.type = read_line(dir + "type");
        cache.level = std::atoi(read_line(dir + "level").c_str());
        cache.size = parse_size(read_line(dir + "size"));
        cache.num_sharing = count_sharing(read_line(dir + "shared_cpu_map"));
        caches.push_back(cache);
    }
    double loads[3];
    const int n = ::getloadavg(loads, 3);
    for (int i = 0; i < n; ++i) load_avg.push_back(loads[i]);
}

const CPUInfo& CPUInfo::Get() {
    static const CPUInfo info;
    return info;
}

SystemInfo::SystemInfo() {
    char host[256] = {};
    if (::gethostname(host, sizeof host - 1) == 0) name = host;
}

const SystemInfo& SystemInfo::Get() {
    static const SystemInfo info;
    return info;
}

}  // namespace benchmark
