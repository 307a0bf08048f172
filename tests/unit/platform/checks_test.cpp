// SPDX-License-Identifier: Apache-2.0
// The parsers of /proc and /sys text on fixed text, and the checks on a
// fixed tree (tests/cli/data/doctor/).
#include <gtest/gtest.h>

#include <string>  // std::string

#include "platform/checks.hpp"

namespace pace::platform {
namespace {

TEST(Checks, FirstLineAndChoices) {
    EXPECT_EQ(first_line("performance\n"), "performance");
    EXPECT_EQ(first_line("  0 \nrest"), "0");
    EXPECT_EQ(first_line(""), "");
    EXPECT_EQ(selected_choice("always [madvise] never\n"), "madvise");
    EXPECT_EQ(selected_choice("[always] madvise never"), "always");
    EXPECT_EQ(selected_choice("never\n"), "never");  // no brackets: the value itself
}

TEST(Checks, LoadAverage) {
    EXPECT_DOUBLE_EQ(*parse_loadavg("0.52 0.58 0.59 1/123 4567\n"), 0.52);
    EXPECT_DOUBLE_EQ(*parse_loadavg("10.33 11.83 10.87 13/216 30546\n"), 10.33);
    EXPECT_FALSE(parse_loadavg(""));
    EXPECT_FALSE(parse_loadavg("load"));
}

TEST(Checks, Meminfo) {
    const std::string text =
        "MemTotal:        8029532 kB\n"
        "MemFree:          512000 kB\n"
        "MemAvailable:    4014766 kB\n"
        "HugePages_Total:       0\n";
    EXPECT_EQ(parse_meminfo(text, "MemTotal"), 8029532LL * 1024);
    EXPECT_EQ(parse_meminfo(text, "MemAvailable"), 4014766LL * 1024);
    EXPECT_EQ(parse_meminfo(text, "HugePages_Total"), 0);  // a count, no unit
    EXPECT_FALSE(parse_meminfo(text, "MemTot"));           // whole keys only
    EXPECT_FALSE(parse_meminfo(text, "SwapTotal"));
    EXPECT_FALSE(parse_meminfo("MemTotal: lots\n", "MemTotal"));
}

TEST(Checks, Processors) {
    EXPECT_EQ(count_processors("processor\t: 0\nflags\t: fpu\n\nprocessor\t: 1\nflags\t: fpu\n"), 2);
    EXPECT_EQ(count_processors(""), 0);
}

TEST(Checks, Hypervisor) {
    EXPECT_TRUE(cpuinfo_has_hypervisor("processor\t: 0\nflags\t\t: fpu vme hypervisor lahf_lm\n"));
    EXPECT_TRUE(cpuinfo_has_hypervisor("flags\t\t: fpu hypervisor\n"));  // last word
    EXPECT_FALSE(cpuinfo_has_hypervisor("flags\t\t: fpu vme de pse\n"));
    EXPECT_FALSE(cpuinfo_has_hypervisor("model name\t: hypervisor-branded cpu\nflags\t: fpu\n"));  // only flags count
}

TEST(Checks, ProcStat) {
    // utime 14th and stime 15th fields (1-based), counting the pid and the name.
    auto t = parse_proc_stat("1234 (cc1plus) R 1 2 3 4 5 6 7 8 9 10 300 45 0 0 20 0 1 0 100 0 0\n");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->name, "cc1plus");
    EXPECT_EQ(t->ticks, 345);
    // A name with spaces and parentheses runs to the last ')'.
    auto odd = parse_proc_stat("99 (my (odd) name) S 1 2 3 4 5 6 7 8 9 10 7 3 0 0\n");
    ASSERT_TRUE(odd);
    EXPECT_EQ(odd->name, "my (odd) name");
    EXPECT_EQ(odd->ticks, 10);
    EXPECT_FALSE(parse_proc_stat("99 (short) S 1 2\n"));
    EXPECT_FALSE(parse_proc_stat("no parentheses"));
    EXPECT_FALSE(parse_proc_stat("1 (x) S 1 2 3 4 5 6 7 8 9 10 a b 0 0\n"));
}

TEST(Checks, OnAFixedTree) {
    auto checks = file_checks(std::string(PACE_SOURCE_DIR) + "/tests/cli/data/doctor/noisy", 2);
    auto find = [&](const std::string& name) -> const Check* {
        for (const Check& c : checks)
            if (c.name == name) return &c;
        return nullptr;
    };
    ASSERT_TRUE(find("governor"));
    EXPECT_EQ(find("governor")->value, "powersave");
    EXPECT_EQ(find("governor")->level, CheckLevel::warn);
    EXPECT_EQ(find("turbo")->value, "on");
    EXPECT_EQ(find("smt")->value, "on");
    EXPECT_EQ(find("load")->value, "3.50 on 2 cores");
    EXPECT_EQ(find("load")->level, CheckLevel::warn);
    EXPECT_EQ(find("virtualization")->value, "virtual machine (QEMU)");
    EXPECT_EQ(find("aslr")->level, CheckLevel::info);
    EXPECT_EQ(find("memory")->level, CheckLevel::warn);  // 0.3 GiB of 8
    EXPECT_EQ(find("huge_pages")->value, "always");

    Json j = checks_to_json(checks);
    EXPECT_EQ(j["governor"]["level"], "warn");
    EXPECT_EQ(j["governor"]["value"], "powersave");
    EXPECT_TRUE(j["governor"].contains("advice"));

    // A tree without cpufreq or smt files: said, not guessed.
    auto quiet = file_checks(std::string(PACE_SOURCE_DIR) + "/tests/cli/data/doctor/quiet", 4);
    for (const Check& c : quiet) {
        if (c.name == "governor" || c.name == "turbo" || c.name == "smt") {
            EXPECT_EQ(c.value, "not exposed") << c.name;
        } else {
            EXPECT_NE(c.level, CheckLevel::warn) << c.name << ": " << c.value;
        }
    }
}

}  // namespace
}  // namespace pace::platform
