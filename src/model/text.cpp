// SPDX-License-Identifier: Apache-2.0
#include "model/text.hpp"

#include <algorithm>  // std::upper_bound
#include <charconv>   // std::from_chars: a CSV field that is a number
#include <cstdint>    // std::uint32_t
#include <iterator>   // std::size
#include <utility>    // std::pair

#include <fmt/format.h>  // fmt::format

namespace pace {

namespace {

// One code point of `text` at `i`: its value and its length in bytes, or a
// length of 0 when the bytes there are not well-formed UTF-8.
std::pair<std::uint32_t, std::size_t> decode(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) return {lead, 1};
    std::size_t length = 0;
    std::uint32_t cp = 0, min = 0;
    if ((lead & 0xE0) == 0xC0) length = 2, cp = lead & 0x1F, min = 0x80;
    else if ((lead & 0xF0) == 0xE0) length = 3, cp = lead & 0x0F, min = 0x800;
    else if ((lead & 0xF8) == 0xF0) length = 4, cp = lead & 0x07, min = 0x10000;
    else return {0, 0};
    if (i + length > text.size()) return {0, 0};
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return {0, 0};
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    // Overlong forms, surrogates and values past Unicode are not UTF-8.
    if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return {0, 0};
    return {cp, length};
}

bool is_control(std::uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

// Ranges East Asian Width gives W or F (Unicode 15, merged), and the emoji
// blocks terminals draw two columns wide.
constexpr std::pair<std::uint32_t, std::uint32_t> wide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},   {0x23F0, 0x23F0},
    {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},   {0x267F, 0x267F},
    {0x2693, 0x2693},   {0x26A1, 0x26A1},   {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},
    {0x26CE, 0x26CE},   {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F3},   {0x26F5, 0x26F5},
    {0x26FA, 0x26FA},   {0x26FD, 0x26FD},   {0x2705, 0x2705},   {0x270A, 0x270B},   {0x2728, 0x2728},
    {0x274C, 0x274C},   {0x274E, 0x274E},   {0x2753, 0x2755},   {0x2757, 0x2757},   {0x2795, 0x2797},
    {0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},   {0x2B50, 0x2B50},   {0x2B55, 0x2B55},
    {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},   {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},
    {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},
    {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x16FE0, 0x16FE4}, {0x17000, 0x18CFF}, {0x1B000, 0x1B2FF},
    {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251},
    {0x1F300, 0x1F320}, {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C}, {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA},
    {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0}, {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440},
    {0x1F442, 0x1F4FC}, {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A},
    {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5}, {0x1F6CC, 0x1F6CC},
    {0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6D7}, {0x1F6EB, 0x1F6EC}, {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB},
    {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD},
    {0x30000, 0x3FFFD},
};

// Combining marks and zero-width characters: drawn on the previous column.
constexpr std::pair<std::uint32_t, std::uint32_t> zero[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A}, {0x064B, 0x065F},
    {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x2028, 0x202E}, {0x2060, 0x2064},
    {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

template <std::size_t N>
bool in(const std::pair<std::uint32_t, std::uint32_t> (&ranges)[N], std::uint32_t cp) {
    auto it = std::upper_bound(std::begin(ranges), std::end(ranges), cp,
                               [](std::uint32_t v, const auto& range) { return v < range.first; });
    return it != std::begin(ranges) && cp <= std::prev(it)->second;
}

std::size_t width_of(std::uint32_t cp) {
    if (cp < 0x300) return 1;
    if (in(zero, cp)) return 0;
    return in(wide, cp) ? 2 : 1;
}

}  // namespace

std::string escape_control(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        auto [cp, length] = decode(text, i);
        if (length == 0) {
            out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[i]));
            ++i;
            continue;
        }
        if (!is_control(cp)) {
            out.append(text, i, length);
        } else if (cp == '\n') {
            out += "\\n";
        } else if (cp == '\t') {
            out += "\\t";
        } else if (cp == '\r') {
            out += "\\r";
        } else if (cp < 0x80) {
            out += fmt::format("\\x{:02x}", cp);
        } else {
            out += fmt::format("\\u{:04x}", cp);
        }
        i += length;
    }
    return out;
}

std::size_t display_width(std::string_view text) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < text.size();) {
        auto [cp, length] = decode(text, i);
        if (length == 0) {  // not UTF-8: a terminal shows one replacement character
            ++n;
            ++i;
            continue;
        }
        n += width_of(cp);
        i += length;
    }
    return n;
}

std::string elide_middle(std::string_view text, std::size_t width) {
    if (display_width(text) <= width) return std::string(text);
    constexpr std::string_view ellipsis = "\xe2\x80\xa6";  // … (U+2026), one column
    if (width == 0) return {};
    const std::size_t room = width - 1;
    // The end carries the dims that tell rows apart: it gets the odd column.
    const std::size_t head_room = room / 2, tail_room = room - head_room;
    std::size_t head = 0, used = 0;
    while (head < text.size()) {
        auto [cp, length] = decode(text, head);
        const std::size_t w = length ? width_of(cp) : 1;
        if (used + w > head_room) break;
        used += w;
        head += length ? length : 1;
    }
    // The tail: walk back over whole characters (continuation bytes belong to the one before).
    std::size_t tail = text.size();
    used = 0;
    while (tail > head) {
        std::size_t start = tail - 1;
        while (start > head && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80 && tail - start < 4) --start;
        auto [cp, length] = decode(text, start);
        if (length != tail - start) {  // not a whole character: one stray byte
            start = tail - 1;
            cp = 0;
            length = 0;
        }
        const std::size_t w = length ? width_of(cp) : 1;
        if (used + w > tail_room) break;
        used += w;
        tail = start;
    }
    return std::string(text.substr(0, head)) + std::string(ellipsis) + std::string(text.substr(tail));
}

std::string pad(std::string_view text, std::size_t width, Align align) {
    const std::size_t w = display_width(text);
    std::string fill(width > w ? width - w : 0, ' ');
    return align == Align::left ? std::string(text) + fill : fill + std::string(text);
}

std::string markdown_cell(std::string_view text) {
    const std::string line = escape_control(text);
    std::string out;
    out.reserve(line.size());
    for (char c : line) {
        switch (c) {
            // Entities rather than backslashes: a backslash does not stop every
            // renderer's HTML, an entity is text to all of them.
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            // CommonMark lets a backslash escape any ASCII punctuation; these
            // are the ones GitHub reads as markup inside a cell (`$` is its
            // maths, `@` a mention, `#` an issue, `|` the next column).
            // Parentheses and `!` are markup only beside a bracket, which is
            // escaped, so `alert(1)` and `(failed)` stay as they are.
            case '\\':
            case '`':
            case '*':
            case '_':
            case '[':
            case ']':
            case '|':
            case '~':
            case '$':
            case '@':
            case '#':
                out += '\\';
                out += c;
                break;
            default: out += c;
        }
    }
    return out;
}

namespace {

// Whether a spreadsheet opening the field would evaluate it: it starts as a
// formula does and is not simply a number ("-1.5", "+2e-3").
bool reads_as_formula(std::string_view text) {
    if (text.empty() || std::string_view("=+-@\t\r").find(text.front()) == std::string_view::npos) return false;
    std::string_view digits = text.front() == '+' ? text.substr(1) : text;
    double value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return ec != std::errc() || end != digits.data() + digits.size();
}

}  // namespace

std::string csv_field(std::string_view text) {
    const std::string guarded = reads_as_formula(text) ? "'" + std::string(text) : std::string(text);
    text = guarded;
    if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace pace
