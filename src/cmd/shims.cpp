// SPDX-License-Identifier: Apache-2.0
#include "cmd/shims.hpp"

#include <cmath>         // std::isfinite, std::llround
#include <cstdlib>       // std::strtod, std::strtol
#include <filesystem>    // removing the directory
#include <set>           // names given twice
#include <system_error>  // std::error_code

#include <fmt/format.h>  // messages

namespace pace::cmd {

namespace {

constexpr const char* shim_hint = "e.g. --shim 'uv=10ms' or --shim 'git=2ms:exit=1:stdout=text\\n' (stdout last)";

InputError bad(const std::string& text, const std::string& why) {
    return InputError{"--shim", "", fmt::format("\"{}\": {}", text, why), shim_hint};
}

// "10ms" → 10'000'000 ns. A unit is required: a bare 10 could mean seconds
// (pytest-benchmark) or milliseconds (a shim's usual size).
std::optional<std::int64_t> parse_delay_ns(const std::string& text) {
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || !std::isfinite(value) || value < 0) return std::nullopt;
    const std::string unit = end;
    const double scale = unit == "ns" ? 1 : unit == "us" || unit == "µs" ? 1e3 : unit == "ms" ? 1e6 : unit == "s" ? 1e9 : 0;
    // An hour is far beyond any shim's purpose and keeps the nanoseconds in range.
    if (scale == 0 || value * scale > 3600e9) return std::nullopt;
    return static_cast<std::int64_t>(std::llround(value * scale));
}

std::string unescape(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
            const char next = text[i + 1];
            if (next == 'n' || next == 't' || next == '\\') {
                out += next == 'n' ? '\n' : next == 't' ? '\t' : '\\';
                ++i;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

}  // namespace

Outcome<ShimSpec> parse_shim_spec(const std::string& text) {
    ShimSpec spec;
    std::size_t colon = text.find(':');
    std::string head = text.substr(0, colon);
    const std::size_t equals = head.find('=');
    spec.name = head.substr(0, equals);
    if (spec.name.empty()) return bad(text, "no program name before = or :");
    if (spec.name.find('/') != std::string::npos || spec.name == "." || spec.name == "..")
        return bad(text, fmt::format("\"{}\" is not a program name (no slash)", spec.name));
    if (equals != std::string::npos) {
        auto delay = parse_delay_ns(head.substr(equals + 1));
        if (!delay) return bad(text, fmt::format("\"{}\" is not a delay with a unit (ns, us, ms, s)", head.substr(equals + 1)));
        spec.behaviour.delay_ns = *delay;
    }
    while (colon != std::string::npos) {
        const std::size_t start = colon + 1;
        const std::size_t key_end = text.find('=', start);
        const std::string key = text.substr(start, key_end == std::string::npos ? std::string::npos : key_end - start);
        if (key_end == std::string::npos || key.find(':') != std::string::npos)
            return bad(text, fmt::format("\"{}\" is not KEY=VALUE", text.substr(start, text.find(':', start) - start)));
        if (key == "stdout") {  // the rest, colons and all
            spec.behaviour.stdout_text = unescape(text.substr(key_end + 1));
            break;
        }
        colon = text.find(':', key_end);
        const std::string value =
            text.substr(key_end + 1, colon == std::string::npos ? std::string::npos : colon - key_end - 1);
        if (key == "delay") {
            auto delay = parse_delay_ns(value);
            if (!delay) return bad(text, fmt::format("\"{}\" is not a delay with a unit (ns, us, ms, s)", value));
            spec.behaviour.delay_ns = *delay;
        } else if (key == "exit") {
            char* end = nullptr;
            const long code = std::strtol(value.c_str(), &end, 10);
            if (value.empty() || *end || code < 0 || code > 255)
                return bad(text, fmt::format("exit=\"{}\" is not an exit status from 0 to 255", value));
            spec.behaviour.exit_code = static_cast<int>(code);
        } else {
            return bad(text, fmt::format("unknown key \"{}\" (delay, exit, stdout)", key));
        }
    }
    return spec;
}

ShimSet::~ShimSet() { remove(); }

void ShimSet::remove() {
    if (dir_.empty()) return;
    platform::remove_from_path(dir_);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    dir_.clear();
}

std::optional<InputError> ShimSet::install(const std::vector<ShimSpec>& shims) {
    if (shims.empty()) return std::nullopt;
    std::set<std::string> names;
    for (const ShimSpec& s : shims)
        if (!names.insert(s.name).second)
            return InputError{"--shim", "", fmt::format("\"{}\" is shimmed twice", s.name),
                              "give each program one --shim"};
    if (auto e = platform::make_shim_directory(dir_)) return InputError{"--shim", "", *e, "check TMPDIR"};
    for (const ShimSpec& s : shims)
        if (auto e = platform::install_shim(dir_, s.name, s.behaviour)) {
            remove();
            return InputError{"--shim", "", *e, "check TMPDIR"};
        }
    platform::prepend_to_path(dir_);
    return std::nullopt;
}

}  // namespace pace::cmd
