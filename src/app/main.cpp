// SPDX-License-Identifier: Apache-2.0
// main() of a benchmark binary (the pace::main target).
#include "pace/run.hpp"

int main(int argc, char** argv) { return pace::run_main(argc, argv); }
