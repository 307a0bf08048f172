// SPDX-License-Identifier: Apache-2.0
#include "counters/callgrind_dump.hpp"

#include <gtest/gtest.h>

#include "counters/instruction_counter.hpp"

namespace pace::counters {
namespace {

// The shape callgrind 3.19 writes for one DUMP_STATS_AT part.
constexpr std::string_view dump_3_19 = R"(# callgrind format
version: 1
creator: callgrind-3.19.0
pid: 21376
cmd:  ./t a b
part: 1

desc: Trigger: Client Request: pace:1

positions: line
events: Ir
summary: 0


ob=(1) /tmp/t
fl=(1) ???
fn=(0) main
0 6004

totals: 6004)";

TEST(DumpInstructions, ReadsTotalsNotTheHeaderSummary) { EXPECT_EQ(dump_instructions(dump_3_19), 6004); }

TEST(DumpInstructions, FindsIrAmongSeveralEvents) {
    EXPECT_EQ(dump_instructions("events: Dr Ir Dw\nfn=(1) f\n0 1 2 3\ntotals: 10 250 30\n"), 250);
    // A cost line may leave trailing zero columns out.
    EXPECT_EQ(dump_instructions("events: Dr Ir\ntotals: 10\n"), 0);
}

// What 3.19 writes when instrumentation was already on before ZERO_STATS.
TEST(DumpInstructions, IgnoresAWrappedSummaryWhenThereAreTotals) {
    EXPECT_EQ(dump_instructions("events: Ir\nsummary: 18446744073707060014\nfn=(1) f\n0 102\ntotals: 102\n"), 102);
}

TEST(DumpInstructions, FallsBackToSummary) { EXPECT_EQ(dump_instructions("events: Ir\nsummary: 77\n"), 77); }

TEST(DumpInstructions, RejectsWhatIsNotADumpOfIr) {
    EXPECT_FALSE(dump_instructions(""));
    EXPECT_FALSE(dump_instructions("totals: 5\n"));
    EXPECT_FALSE(dump_instructions("events: Dr\ntotals: 5\n"));
    EXPECT_FALSE(dump_instructions("events: Ir\ntotals: five\n"));
    EXPECT_FALSE(dump_instructions("events: Ir\ntotals: -5\n"));
}

TEST(ExpandOutFile, ExpandsPidEnvironmentAndPercent) {
    auto env = [](const std::string& name) -> std::optional<std::string> {
        if (name == "JOB") return std::string("42");
        return std::nullopt;
    };
    EXPECT_EQ(expand_out_file("/tmp/callgrind.out.%p", 123, env), "/tmp/callgrind.out.123");
    EXPECT_EQ(expand_out_file("out.%q{JOB}.%p", 7, env), "out.42.7");
    EXPECT_EQ(expand_out_file("out.%q{NONE}x", 7, env), "out.x");
    EXPECT_EQ(expand_out_file("100%%.%p%", 7, env), "100%.7%");
    EXPECT_EQ(expand_out_file("a%q{OPEN", 7, env), "a%q{OPEN");
}

TEST(ValgrindOptions, StopsAtTheProgram) {
    using namespace std::string_literals;
    std::string cmdline = "/usr/bin/valgrind.bin\0-q\0--tool=callgrind\0--callgrind-out-file=/x/o.%p\0./bench\0"
                          "--callgrind-out-file=not-valgrinds\0"s;
    auto options = valgrind_options(cmdline);
    ASSERT_EQ(options.size(), 3u);
    EXPECT_EQ(options[1], "--tool=callgrind");
    EXPECT_EQ(out_file_option(options), "/x/o.%p");
    EXPECT_FALSE(out_file_option({"-q", "--tool=callgrind"}));
    EXPECT_EQ(out_file_option({"--callgrind-out-file=a", "--callgrind-out-file=b"}), "b");
}

TEST(DumpNumber, AcceptsNumberedAndPerThreadDumpsOfTheBaseOnly) {
    EXPECT_EQ(dump_number("callgrind.out.12.3", "callgrind.out.12"), 3);
    EXPECT_EQ(dump_number("callgrind.out.12.3-02", "callgrind.out.12"), 3);
    EXPECT_FALSE(dump_number("callgrind.out.12", "callgrind.out.12"));
    EXPECT_FALSE(dump_number("callgrind.out.123.3", "callgrind.out.12"));
    EXPECT_FALSE(dump_number("callgrind.out.12.x", "callgrind.out.12"));
    EXPECT_FALSE(dump_number("callgrind.out.12.3-", "callgrind.out.12"));
}

TEST(HardwareCounters, GivesAReasonWhenUnavailable) {
    std::string why;
    bool available = hardware_counters_available(why);
    if (available)
        EXPECT_TRUE(why.empty());
    else
        EXPECT_NE(why.find("perf_event_open("), std::string::npos) << why;
    std::string again;
    EXPECT_EQ(hardware_counters_available(again), available);  // probed once, same answer
    EXPECT_EQ(again, why);
}

TEST(InstructionCounter, OutsideValgrindCountsNothing) {
    if (under_valgrind()) GTEST_SKIP() << "running under valgrind";
    int calls = 0;
    auto count = count_instructions_per_call([&](std::int64_t) {
        ++calls;
        return std::int64_t{0};
    });
    EXPECT_FALSE(count);
    EXPECT_EQ(calls, 0);
}

}  // namespace
}  // namespace pace::counters
