// SPDX-License-Identifier: Apache-2.0
#include "counters/callgrind_dump.hpp"

#include <charconv>  // std::from_chars
#include <cstddef>   // std::size_t

namespace pace::counters {

namespace {

std::optional<std::int64_t> parse_count(std::string_view word) {
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
    if (ec != std::errc{} || end != word.data() + word.size() || value < 0) return std::nullopt;
    return value;
}

std::vector<std::string_view> split_words(std::string_view line) {
    std::vector<std::string_view> words;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
        std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
        if (i > start) words.push_back(line.substr(start, i - start));
    }
    return words;
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

}  // namespace

std::optional<std::int64_t> dump_instructions(std::string_view text) {
    // The header names the events in column order; Ir is first by default but
    // not with every option (--cache-sim adds columns after it), so look it up.
    std::optional<std::size_t> ir_column;
    std::optional<std::string_view> totals, summary;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        if (starts_with(line, "events:")) {
            auto words = split_words(line.substr(7));
            for (std::size_t i = 0; i < words.size(); ++i)
                if (words[i] == "Ir") ir_column = i;
        } else if (starts_with(line, "totals:")) {
            totals = line.substr(7);
        } else if (starts_with(line, "summary:")) {
            summary = line.substr(8);
        }
    }
    // callgrind 3.19 writes the sum of a part in `totals:` at its end; the
    // `summary:` of its header is 0, or, when instrumentation was on before
    // the stats were zeroed, a wrapped-around negative. Prefer totals.
    std::optional<std::string_view> line = totals ? totals : summary;
    if (!ir_column || !line) return std::nullopt;
    auto words = split_words(*line);
    // Trailing zero columns may be left out of a cost line.
    if (*ir_column >= words.size()) return words.empty() ? std::nullopt : std::optional<std::int64_t>(0);
    return parse_count(words[*ir_column]);
}

std::string expand_out_file(std::string_view pattern, long pid,
                            const std::function<std::optional<std::string>(const std::string&)>& getenv) {
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        char c = pattern[i];
        if (c != '%' || i + 1 == pattern.size()) {
            out += c;
            continue;
        }
        char next = pattern[i + 1];
        if (next == 'p') {
            out += std::to_string(pid);
            ++i;
        } else if (next == '%') {
            out += '%';
            ++i;
        } else if (next == 'q' && i + 2 < pattern.size() && pattern[i + 2] == '{') {
            std::size_t close = pattern.find('}', i + 3);
            if (close == std::string_view::npos) {
                out += c;
                continue;
            }
            std::string name(pattern.substr(i + 3, close - (i + 3)));
            if (auto value = getenv(name)) out += *value;
            i = close;
        } else {
            out += c;
        }
    }
    return out;
}

std::optional<std::string> out_file_option(const std::vector<std::string>& args) {
    constexpr std::string_view flag = "--callgrind-out-file=";
    std::optional<std::string> found;
    for (const std::string& a : args)
        if (starts_with(a, flag)) found = a.substr(flag.size());
    return found;
}

std::vector<std::string> valgrind_options(std::string_view nul_separated_cmdline) {
    std::vector<std::string> args;
    std::size_t pos = 0;
    while (pos < nul_separated_cmdline.size()) {
        std::size_t end = nul_separated_cmdline.find('\0', pos);
        if (end == std::string_view::npos) end = nul_separated_cmdline.size();
        args.emplace_back(nul_separated_cmdline.substr(pos, end - pos));
        pos = end + 1;
    }
    std::vector<std::string> options;
    for (std::size_t i = 1; i < args.size(); ++i) {
        if (!starts_with(args[i], "-")) break;
        options.push_back(args[i]);
    }
    return options;
}

std::optional<std::int64_t> dump_number(std::string_view file_name, std::string_view base_name) {
    if (file_name.size() <= base_name.size() + 1 || !starts_with(file_name, base_name) ||
        file_name[base_name.size()] != '.')
        return std::nullopt;
    std::string_view rest = file_name.substr(base_name.size() + 1);
    std::string_view number = rest.substr(0, rest.find('-'));
    if (number.size() < rest.size()) {
        std::string_view thread = rest.substr(number.size() + 1);
        if (!parse_count(thread)) return std::nullopt;
    }
    return parse_count(number);
}

}  // namespace pace::counters
