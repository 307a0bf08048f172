// SPDX-License-Identifier: Apache-2.0
// asv's results reader, fed whatever parses as JSON, with and without a
// benchmarks.json (the same document stands in for it).
#include <cstdint>      // std::uint8_t
#include <string_view>  // std::string_view

#include "importers/asv.hpp"
#include "importers/json_text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto doc = pace::parse_json_text(text, "fuzz");
    if (doc) {
        (void)pace::asv_from_json(*doc, pace::Json(), "fuzz");
        (void)pace::asv_from_json(*doc, *doc, "fuzz");
    }
    return 0;
}
