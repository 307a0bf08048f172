// SPDX-License-Identifier: Apache-2.0
// Must not compile under pace::gbench: pace's memory pass replaces a
// MemoryManager.
#include <benchmark/benchmark.h>

class Counting : public benchmark::MemoryManager {};

int main(int argc, char** argv) {
    static Counting manager;
    benchmark::RegisterMemoryManager(&manager);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
}
