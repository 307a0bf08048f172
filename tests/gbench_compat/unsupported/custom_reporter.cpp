// SPDX-License-Identifier: Apache-2.0
// Must not compile under pace::gbench: custom reporters; pace writes its own
// table and files.
#include <benchmark/benchmark.h>

class Quiet : public benchmark::ConsoleReporter {};

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    Quiet reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
}
