// SPDX-License-Identifier: Apache-2.0
// The instruction probe (--mode instructions): instructions per call under
// valgrind's callgrind, counted around the measured calls only, and with
// --trace-children the instructions of the processes the calls start. The
// run makes no timed rounds and no memory pass.
#include "counters/instruction_counter.hpp"
#include "measure/bench_state.hpp"
#include "measure/probe.hpp"

namespace pace::measure {

namespace {

void count(detail::BenchState& state, const Round& round) {
    auto count = state.section_per_call ? counters::count_instructions_of_one_call(round)
                                        : counters::count_instructions_per_call(round);
    if (count) {
        state.result.counters["instructions"] = *count;
        if (auto children = counters::child_instructions_per_call())
            state.result.counters["child_instructions"] = *children;
    } else {
        // A result without its count would read as "not measured" in a gate.
        state.result.status = Status::failed;
        state.result.message = "no instruction count: " + counters::instruction_count_problem();
    }
}

void section_begin(detail::BenchState&) { counters::section_begin(); }
void section_end(detail::BenchState&) { counters::section_end(); }

// Instructions are exact: any equal relative width weights them alike.
std::optional<Figure> instructions(const Result& r) {
    auto it = r.counters.find("instructions");
    if (it == r.counters.end()) return std::nullopt;
    return Figure{it->second, it->second * 1e-3};
}

}  // namespace

const Probe& instruction_probe() {
    static const Probe probe{
        .name = "instructions",
        .help = "under valgrind",
        .why_untimed = "instruction mode times nothing",
        .why_no_memory_pass = "instruction mode makes no memory pass",
        .why_no_scaling = "instruction counts do not show a parallel speedup",
        .metric = "instructions",
        .figure = instructions,
        .measure = count,
        .section_begin = section_begin,
        .section_end = section_end,
    };
    return probe;
}

}  // namespace pace::measure
