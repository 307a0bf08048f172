// SPDX-License-Identifier: Apache-2.0
// The probes a benchmark binary can measure with: one line each.
#include "measure/probe.hpp"

namespace pace::measure {

// Each defined in its own file.
const Probe& time_probe();
const Probe& instruction_probe();
const Probe& test_probe();

const std::vector<const Probe*>& probes() {
    static const std::vector<const Probe*> all{&time_probe(), &instruction_probe(), &test_probe()};
    return all;
}

const Probe* find_probe(std::string_view name) {
    for (const Probe* p : probes())
        if (p->name == name) return p;
    return nullptr;
}

const Probe& probe(Mode mode) {
    const Probe* p = find_probe(mode.name());
    return p ? *p : time_probe();
}

}  // namespace pace::measure
