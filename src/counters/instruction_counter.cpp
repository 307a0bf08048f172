// SPDX-License-Identifier: Apache-2.0
// Placeholder until instruction mode lands: nothing is counted.
#include "counters/instruction_counter.hpp"

namespace pace::counters {
bool under_valgrind() { return false; }
void section_begin() {}
void section_end() {}
std::optional<double> count_instructions_per_call(const std::function<std::int64_t(std::int64_t)>&) { return std::nullopt; }
Outcome<int> run_under_valgrind(int, char**) {
    return InputError{"--mode", "", "instruction mode is not available in this build", ""};
}
bool hardware_counters_available(std::string& why) {
    why = "not implemented";
    return false;
}
}  // namespace pace::counters
