// SPDX-License-Identifier: Apache-2.0
// The packed columns of the PostgreSQL store's `run_columns` table
// (docs/postgres.md, "Schema"): one block holds one figure of every result of
// a run, so that a history reads a block per run and figure instead of a row
// per result. The layout is fixed byte by byte (little-endian whatever the
// machine), so any pace reads what any other wrote.
#pragma once

#include <cstddef>      // std::size_t
#include <cstdint>      // std::int64_t
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

namespace pace::store {

/// What a block's elements are: the first byte of the block.
enum class BlockType : char {
    float64 = 'd',  ///< IEEE 754 binary64
    int64 = 'q',    ///< two's complement
};

/// Builds one block of `count` elements, all absent until set.
///
///     ColumnBlockWriter medians(BlockType::float64, results.size());
///     medians.set_real(0, 1.5e-6);  std::string bytes = medians.bytes();
class ColumnBlockWriter {
public:
    ColumnBlockWriter(BlockType type, std::size_t count);
    /// Element `i` present with `value` (a float64 block); nothing when `i` is past the end.
    void set_real(std::size_t i, double value);
    /// Element `i` present with `value` (an int64 block); nothing when `i` is past the end.
    void set_integer(std::size_t i, std::int64_t value);
    /// True when some element is present.
    bool any() const { return any_; }
    /// The block: type byte, count (uint32 LE), presence bitmap, elements (8 bytes LE each).
    const std::string& bytes() const { return bytes_; }

private:
    std::size_t count_;
    std::string bytes_;
    bool any_ = false;
};

/// A block read in place: its layout checked once by open(), then element by element.
class ColumnBlockView {
public:
    /// The block `bytes` if it is a block of `type` with `count` elements
    /// whose length is exactly what that needs; otherwise nullopt, and `why`
    /// (if given) says what is wrong.
    static std::optional<ColumnBlockView> open(std::string_view bytes, BlockType type, std::size_t count,
                                               std::string* why = nullptr);
    /// The number of elements a block holds, read from its header (nullopt when it has none).
    static std::optional<std::size_t> count_of(std::string_view bytes);

    bool present(std::size_t i) const { return (static_cast<unsigned char>(bitmap_[i / 8]) >> (i % 8)) & 1U; }
    /// Element `i` of a float64 block (0 when absent).
    double real(std::size_t i) const;
    /// Element `i` of an int64 block (0 when absent).
    std::int64_t integer(std::size_t i) const;

private:
    ColumnBlockView(const char* bitmap, const char* elements) : bitmap_(bitmap), elements_(elements) {}
    const char* bitmap_;
    const char* elements_;
};

/// The bytes a block of `count` elements takes.
std::size_t column_block_size(std::size_t count);

}  // namespace pace::store
