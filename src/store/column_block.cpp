// SPDX-License-Identifier: Apache-2.0
#include "store/column_block.hpp"

#include <cstring>  // std::memcpy: a double's bits
#include <limits>   // std::numeric_limits: doubles are IEEE 754
#include <utility>  // std::move

#include <fmt/format.h>  // the reasons open() gives

namespace pace::store {

static_assert(std::numeric_limits<double>::is_iec559 && sizeof(double) == 8,
              "the packed columns hold IEEE 754 binary64 values");

namespace {

constexpr std::size_t header_size = 5;  // type byte, uint32 count

/// Bytes are written and read by shifting, never by copying a machine
/// word, so the order on disk is little-endian on every machine.
void put_le(char* at, std::uint64_t value, std::size_t bytes) {
    for (std::size_t i = 0; i < bytes; ++i) at[i] = static_cast<char>((value >> (8 * i)) & 0xFFU);
}

std::uint64_t get_le(const char* at, std::size_t bytes) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < bytes; ++i) value |= std::uint64_t{static_cast<unsigned char>(at[i])} << (8 * i);
    return value;
}

std::size_t bitmap_size(std::size_t count) { return (count + 7) / 8; }

}  // namespace

std::size_t column_block_size(std::size_t count) { return header_size + bitmap_size(count) + 8 * count; }

ColumnBlockWriter::ColumnBlockWriter(BlockType type, std::size_t count)
    : count_(count), bytes_(column_block_size(count), '\0') {
    bytes_[0] = static_cast<char>(type);
    put_le(bytes_.data() + 1, count, 4);
}

void ColumnBlockWriter::set_real(std::size_t i, double value) {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    set_integer(i, static_cast<std::int64_t>(bits));
}

void ColumnBlockWriter::set_integer(std::size_t i, std::int64_t value) {
    if (i >= count_) return;
    char* bitmap = bytes_.data() + header_size;
    bitmap[i / 8] = static_cast<char>(static_cast<unsigned char>(bitmap[i / 8]) | (1U << (i % 8)));
    put_le(bitmap + bitmap_size(count_) + 8 * i, static_cast<std::uint64_t>(value), 8);
    any_ = true;
}

std::optional<std::size_t> ColumnBlockView::count_of(std::string_view bytes) {
    if (bytes.size() < header_size) return std::nullopt;
    return static_cast<std::size_t>(get_le(bytes.data() + 1, 4));
}

std::optional<ColumnBlockView> ColumnBlockView::open(std::string_view bytes, BlockType type, std::size_t count,
                                                     std::string* why) {
    auto refuse = [&](std::string reason) -> std::optional<ColumnBlockView> {
        if (why) *why = std::move(reason);
        return std::nullopt;
    };
    if (bytes.size() < header_size) return refuse(fmt::format("{} bytes, shorter than a block's header", bytes.size()));
    if (bytes[0] != static_cast<char>(type))
        return refuse(fmt::format("type byte 0x{:02x}, expected '{}'", static_cast<unsigned char>(bytes[0]),
                                  static_cast<char>(type)));
    const std::size_t held = *count_of(bytes);
    if (held != count) return refuse(fmt::format("{} elements, expected {} (the run's results)", held, count));
    // In 64 bits: a count near 2^32 must not wrap where size_t has 32.
    const std::uint64_t need = header_size + (std::uint64_t{count} + 7) / 8 + 8 * std::uint64_t{count};
    if (bytes.size() != need)
        return refuse(fmt::format("{} bytes, expected {} for {} elements", bytes.size(), need, count));
    const char* bitmap = bytes.data() + header_size;
    return ColumnBlockView(bitmap, bitmap + bitmap_size(count));
}

double ColumnBlockView::real(std::size_t i) const {
    const std::uint64_t bits = get_le(elements_ + 8 * i, 8);
    double value = 0;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

std::int64_t ColumnBlockView::integer(std::size_t i) const {
    return static_cast<std::int64_t>(get_le(elements_ + 8 * i, 8));
}

}  // namespace pace::store
