// SPDX-License-Identifier: Apache-2.0
// Google Benchmark's JSON readers, fed whatever parses as JSON: the one of a
// whole document, and the one that streams the rows (when "context" comes first).
#include <cstdint>      // std::uint8_t
#include <string_view>  // std::string_view

#include "importers/google_benchmark.hpp"
#include "importers/json_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto doc = pace::parse_json_text(text, "fuzz");
    if (doc) (void)pace::google_benchmark_from_json(*doc, "fuzz");
    (void)pace::google_benchmark_from_json_text(text, "fuzz");
    return 0;
}
