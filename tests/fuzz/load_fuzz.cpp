// SPDX-License-Identifier: Apache-2.0
// The whole path from bytes to a Run: detection, every reader, validation.
// A Run that loads must also survive pace's own file format unchanged in size.
#include <cstdint>      // std::uint8_t
#include <cstdlib>      // std::abort
#include <string_view>  // std::string_view

#include "importers/load.hpp"
#include "model/json_format.hpp"  // to_json, run_from_json for the round trip

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto run = pace::load_run_from_text(text, "fuzz");
    if (!run) {
        // Every error names its input.
        if (run.error().file != "fuzz" || run.error().message.empty()) std::abort();
        return 0;
    }
    auto again = pace::run_from_json(pace::to_json(*run), "again");
    if (!again || again->results.size() != run->results.size()) std::abort();
    return 0;
}
