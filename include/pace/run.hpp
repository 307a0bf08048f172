// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace pace {

/// Runs the registered benchmarks as the command line asks and returns the
/// exit code: 0 all passed, 1 a benchmark failed or a gate found a regression,
/// 2 bad usage or input. pace::main provides a main() that calls it; write your
/// own main() to set things up first:
///     int main(int argc, char** argv) { start_server(); return pace::run_main(argc, argv); }
int run_main(int argc, char** argv);

}  // namespace pace
