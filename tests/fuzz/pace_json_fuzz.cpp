// SPDX-License-Identifier: Apache-2.0
// pace's own format and pytest-benchmark's, as read from JSON text.
#include <cstdint>      // std::uint8_t
#include <string_view>  // std::string_view

#include "importers/json_text.hpp"
#include "model/json_format.hpp"  // run_from_json

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto doc = pace::parse_json_text(text, "fuzz");
    if (doc) (void)pace::run_from_json(*doc, "fuzz");
    return 0;
}
