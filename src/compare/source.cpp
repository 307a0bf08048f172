// SPDX-License-Identifier: Apache-2.0
#include "compare/source.hpp"

#include <filesystem>  // std::filesystem::is_regular_file

#include "importers/load.hpp"

namespace pace {

Outcome<std::string> resolve_run_reference(const std::string& reference) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(reference, ec)) return reference;
    if (std::filesystem::exists(reference, ec))
        return InputError{reference, "", "not a regular file", "BASE and CAND are result files"};
    return InputError{reference, "", "no such file",
                      "BASE and CAND are result files (pace --json, pytest-benchmark --benchmark-json, Google "
                      "Benchmark --benchmark_out, hyperfine --export-json)"};
}

Outcome<Run> load_for_compare(const std::string& reference) {
    Outcome<std::string> path = resolve_run_reference(reference);
    if (!path) return path.error();
    // The importers tell the format from the content: pace, pytest-benchmark,
    // Google Benchmark (JSON, CSV) and hyperfine files all compare alike.
    return load_run(*path);
}

}  // namespace pace
