// SPDX-License-Identifier: Apache-2.0
// Google Benchmark's CSV reader, fed raw text (it finds the header itself).
#include <cstdint>      // std::uint8_t
#include <string_view>  // std::string_view

#include "importers/google_benchmark.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)pace::google_benchmark_from_csv(text, "fuzz");
    return 0;
}
