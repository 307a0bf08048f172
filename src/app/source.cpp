// SPDX-License-Identifier: Apache-2.0
#include "app/source.hpp"

#include <filesystem>  // std::filesystem::is_regular_file

#include "importers/load.hpp"
#include "store/storage.hpp"  // storage references: latest, 0003, a saved name

namespace pace {

Outcome<std::string> resolve_run_reference(const std::string& reference, const std::string& storage_dir,
                                           const std::string& machine_id) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(reference, ec)) return reference;
    if (std::filesystem::exists(reference, ec))
        return InputError{reference, "", "not a regular file", "BASE and CAND are result files"};
    Outcome<std::string> saved = store::resolve_reference(storage_dir, reference, machine_id);
    if (saved) return saved;
    InputError error = saved.error();
    if (error.message == "no such file")
        error.hint = "BASE and CAND are result files (pace --json, pytest-benchmark --benchmark-json, Google "
                     "Benchmark --benchmark_out, hyperfine --export-json) or saved runs (latest, 0003, a name)";
    return error;
}

Outcome<Run> load_for_compare(const std::string& reference, const std::string& storage_dir,
                              const std::string& machine_id, PaceJsonReader fast, bool map_file) {
    Outcome<std::string> path = resolve_run_reference(reference, storage_dir, machine_id);
    if (!path) return path.error();
    // The importers tell the format from the content: pace, pytest-benchmark,
    // Google Benchmark (JSON, CSV) and hyperfine files all compare alike.
    return load_run(*path, fast, map_file);
}

}  // namespace pace
