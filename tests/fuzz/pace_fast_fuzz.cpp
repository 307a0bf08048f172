// SPDX-License-Identifier: Apache-2.0
// The pace command's fast reader against the general one: on any bytes, the
// same Run or the same error, so the fast path can never change a verdict.
#include <cstdint>      // std::uint8_t
#include <cstdlib>      // std::abort
#include <string_view>  // std::string_view

#include "importers/load.hpp"
#include "importers/pace_fast.hpp"
#include "model/json_format.hpp"  // to_json_text to compare the Runs

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto general = pace::load_run_from_text(text, "fuzz");
    auto fast = pace::load_run_from_text(text, "fuzz", pace::read_pace_json_fast);
    if (general.ok() != fast.ok()) std::abort();
    if (!general.ok()) {
        if (general.error().describe() != fast.error().describe()) std::abort();
        return 0;
    }
    if (pace::to_json_text(*general) != pace::to_json_text(*fast)) std::abort();
    return 0;
}
