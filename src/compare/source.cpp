// SPDX-License-Identifier: Apache-2.0
#include "compare/source.hpp"

#include <cerrno>      // errno
#include <cstring>     // std::strerror
#include <filesystem>  // std::filesystem::is_regular_file
#include <fstream>     // std::ifstream
#include <sstream>     // std::ostringstream

#include "model/json_format.hpp"

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
    std::ifstream in(*path, std::ios::binary);
    if (!in) return InputError{*path, "", std::string("cannot read: ") + std::strerror(errno), ""};
    std::ostringstream text;
    text << in.rdbuf();
    Json document = Json::parse(text.str(), nullptr, false);
    if (document.is_discarded()) {
        // Parse again with exceptions only on the error path, for the position.
        try {
            Json again = Json::parse(text.str());
            (void)again;
        } catch (const Json::parse_error& e) {
            std::string what = e.what();
            auto colon = what.find("parse error");
            return InputError{*path, "", "not valid JSON: " + (colon == std::string::npos ? what : what.substr(colon)),
                              ""};
        }
        return InputError{*path, "", "not valid JSON", ""};
    }
    return run_from_json(document, *path);
}

}  // namespace pace
