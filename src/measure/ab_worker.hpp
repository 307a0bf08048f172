// SPDX-License-Identifier: Apache-2.0
// The benchmark binary as a worker of `pace ab`: instead of running its suite,
// it runs one benchmark at a time when told to, and inside its measure() call
// times exactly the samples the driver asks for, so that two builds can take
// turns sample by sample. The driver starts it with PACE_AB_WORKER=<in>,<out>
// naming the two pipe descriptors of the conversation.
//
// The conversation, one line each way (driver → worker, worker → driver):
//   (start)                  pace-ab 1 <count>, then `id <id>` per selected benchmark, then `ready`
//   run <id>                 the body runs; at its measure(): `measuring`
//     calibrate <ns>         `iterations <n>`: calls per sample so one lasts about <ns>
//     sample <n>             `ns <elapsed>`: n calls timed back to back
//     end                    measure() returns; the body ends: `done ok` or `done failed <message>`
//   quit                     the worker exits 0
// A body that fails before measuring answers `run` with `done failed ...` directly.
#pragma once

#include <functional>  // std::function
#include <string>      // std::string
#include <vector>      // std::vector

#include "measure/engine.hpp"  // Round
#include "model/run.hpp"       // Result

namespace pace::measure {

/// True when this process was started by `pace ab` as a worker.
bool ab_worker_active();

/// Inside a benchmark's measure() in a worker: answers calibrate and sample
/// requests with `round` until the driver says `end`. Throws nothing; a
/// broken conversation ends the process (the driver reports it).
void serve_samples(const Round& round);

/// The worker's main loop: announces `ids`, then runs `run(index)` for each
/// `run <id>` and reports its status. Returns the process's exit code.
int serve_ab_worker(const std::vector<std::string>& ids, const std::function<Result(std::size_t)>& run);

}  // namespace pace::measure
